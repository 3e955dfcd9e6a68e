"""The dashboards in a browser, on the demo's data: the coach reads the squad's on a laptop
(charts drawn from the API, the template picker fetching and drawing again), an athlete reads
their own on a phone. No console error, no CSP violation.

Set BREAKDOWN_SCREENSHOTS to a folder to keep a screenshot of each (docs/screenshots/ holds
the README's)."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from athletes.models import Athlete, Squad
from tests.browser.pages import log_in, wait_until
from workouts.models import SessionTemplate

SHOTS = os.environ.get("BREAKDOWN_SCREENSHOTS")


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--allow-production", stdout=StringIO())


def chart(name: str) -> str:
    return f"window.Chart?.getChart(document.querySelector('canvas[data-chart=\"{name}\"]'))"


def watch(page) -> list[str]:
    """Console errors and CSP violations, as they happen."""
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_the_coach_reads_the_squad_dashboard_and_picks_a_template(desktop, live_server, demo):
    page = desktop
    problems = watch(page)
    squad = Squad.objects.get()
    log_in(page, live_server.url, "coach", "breakdown-coach", next_path=f"/squads/{squad.pk}/")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Riverside Track Club dashboard")).to_be_visible()
    wait_until(page, "document.querySelector('[data-dashboard]').dataset.loaded === 'true'")
    expect(page.locator("[data-status]")).to_be_hidden()

    # Every athlete in the ahead/behind chart and its table, each with a label and its reps.
    wait_until(page, f"{chart('form')}?.data.labels.length === 8")
    labels = page.locator('[data-table="form"] tbody tr td:last-child').all_inner_texts()
    assert len(labels) == 8 and set(labels) <= {"ahead", "on", "behind", "too few reps"}
    expect(page.locator('[data-table="zones"] tbody tr')).to_have_count(8)
    wait_until(page, f"{chart('recent')}?.data.datasets.length === 5")
    expect(page.locator('[data-table="recent"] thead th')).to_have_count(6)

    # The most-run template is compared by default; picking another fetches and redraws.
    breakdowns = SessionTemplate.objects.get(name="1,000m Breakdowns")
    wait_until(
        page, f"document.querySelector('[data-dashboard]').dataset.compared === '{breakdowns.pk}'"
    )
    wait_until(page, f"{chart('compare')}?.data.datasets.length === 2")  # two run so far
    expect(page.locator('[data-table="compare"] thead')).to_contain_text("1,000m Breakdowns")
    shoot(page, "dashboard-squad.png")

    sixes = SessionTemplate.objects.get(name="600s and cut-downs")
    with page.expect_response(lambda r: f"template={sixes.pk}" in r.url and r.status == 200):
        page.get_by_label("Template", exact=True).select_option(str(sixes.pk))
    wait_until(
        page, f"document.querySelector('[data-dashboard]').dataset.compared === '{sixes.pk}'"
    )
    expect(page.locator('[data-table="compare"] thead')).to_contain_text("600s and cut-downs")
    assert f"template={sixes.pk}" in page.url  # a reload keeps the choice
    assert not problems, problems


def test_a_failed_fetch_says_so(desktop, live_server, demo):
    page = desktop
    squad = Squad.objects.get()
    page.route("**/api/v1/dashboards/**", lambda route: route.fulfill(status=503, body="down"))
    log_in(
        page,
        live_server.url,
        "coach",
        "breakdown-coach",
        next_path=f"/squads/{squad.pk}/dashboard/",
    )
    expect(page.locator("[data-status]")).to_contain_text("could not be loaded")


def test_an_athlete_reads_their_dashboard_on_a_phone(phone, live_server, demo):
    page = phone
    problems = watch(page)
    mateo = Athlete.objects.get(name="Mateo Lindqvist")
    log_in(page, live_server.url, "mateo", "breakdown-athlete", next_path=f"/athletes/{mateo.pk}/")
    # The athlete page's own chart reads the API too.
    zone_chart = "window.Chart?.getChart(document.querySelector('canvas[data-zone-chart]'))"
    wait_until(page, f"{zone_chart}?.data.datasets.length >= 7")
    page.get_by_role("link", name="Mateo Lindqvist's dashboard").click()
    wait_until(page, "document.querySelector('[data-dashboard]').dataset.loaded === 'true'")
    wait_until(page, f"{chart('zones')}?.data.datasets.length >= 7")
    wait_until(page, f"{chart('sessions')}?.data.labels.length >= 4")
    wait_until(page, f"{chart('reps')}?.data.labels.length > 0")
    expect(page.locator('[data-table="race-bests"]')).to_contain_text("5K")
    # The last 1,000m Breakdowns as he ran it: his first 1K, 2:52 against 2:54.0 is −2.0 s.
    breakdowns = page.get_by_label("Session", exact=True)
    label = breakdowns.locator("option", has_text="1,000m Breakdowns").first.inner_text()
    breakdowns.select_option(label=label)
    first_rep = page.locator('[data-table="reps"] tbody tr').first
    expect(first_rep).to_contain_text("2:52.0")
    expect(first_rep).to_contain_text("−2.0 s")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width}px"
    shoot(page, "dashboard-athlete.png")
    assert not problems, problems
