"""The API's docs page (/api/docs/, Swagger UI from drf-spectacular's sidecar) in Chromium:
it draws every operation from /api/schema/ under the Content Security Policy, loads nothing
from another origin, and its Authorize button takes a token from the tokens page, with which
"Try it out" answers as that user."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from coaching import tokens
from tests.api_matrix import build_world


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_the_docs_draw_every_operation_and_a_token_authorizes_them(
    desktop, live_server, world, tmp_path
):
    page = desktop
    errors, requests = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    raw = tokens.token_create(user=world.users["coach"], name="docs")[1]

    page.goto(f"{live_server.url}/api/docs/")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    paths = page.locator(".opblock-summary-path")
    expect(paths.filter(has_text="/api/v1/squads/").first).to_be_visible()
    expect(paths.filter(has_text="/api/v1/exports/season/")).to_have_count(1)
    expect(page.get_by_text("Squads you coach or belong to")).to_be_visible()

    # Authorize with the token: the bearer scheme from coaching.api.TokenAuthenticationScheme.
    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".dialog-ux")
    expect(dialog.get_by_text("tokenAuth")).to_be_visible()
    bearer = dialog.locator(".auth-container", has_text="tokenAuth")
    bearer.locator("input").fill(raw)
    bearer.locator("button.authorize").click()
    expect(bearer).to_contain_text("Authorized")
    bearer.locator("button.btn-done").click()

    # Try it out: the list of squads, as the coach.
    squads = page.locator(
        ".opblock", has=page.locator(".opblock-summary-path", has_text="/api/v1/squads/")
    ).first
    squads.locator(".opblock-summary").click()
    squads.get_by_role("button", name="Try it out").click()
    squads.get_by_role("button", name="Execute").click()
    answer = squads.locator(".live-responses-table tbody .response-col_status").first
    expect(answer).to_have_text("200")
    expect(squads.locator(".live-responses-table .highlight-code").first).to_contain_text('"Home"')

    # For a person to look at: the page with the coach's answer in it.
    page.screenshot(path=str(tmp_path / "api-docs.png"), full_page=True)

    assert not errors, errors  # no CSP violation, no script error
    own = urlsplit(live_server.url).netloc
    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own
    ]
    assert not elsewhere, elsewhere
    data = [
        url for url in requests if urlsplit(url).scheme not in ("http", "https", "data", "blob")
    ]
    assert not data, data
