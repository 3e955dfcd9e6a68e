"""Issue 12, "never silently wrong": a coach types text that reads two ways, sees how the
builder read it, picks the other reading with one click, and a reload keeps the choice.

Set BREAKDOWN_SCREENSHOTS to a folder to keep the screenshots at phone and desktop width
(docs/screenshots/builder-readings.png was taken so); else they go to the test's tmp_path."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in
from tests.factories import PASSWORD, AthleteFactory, SquadFactory, UserFactory

SHOTS = os.environ.get("BREAKDOWN_SCREENSHOTS")
TWO_WAYS = "3 x 600m, 400m, 200m"
OTHER_WAY = "3 x 600m / 400m, 200m"


@pytest.fixture
def squad(transactional_db):
    squad = SquadFactory(name="Harriers", coaches=[UserFactory(username="coach")])
    AthleteFactory(squad=squad, name="Jonas Ferreira")
    return squad


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_coach_picks_the_other_reading_and_a_reload_keeps_it(
    device, request, live_server, squad, tmp_path
):
    page = request.getfixturevalue(device)
    log_in(page, live_server.url, "coach", PASSWORD, next_path=f"/squads/{squad.pk}/templates/new/")
    notation = page.get_by_label("Notation")
    notation.fill(f"WU 15', drills / {TWO_WAYS} / CD 10'")
    page.get_by_label("Name").fill("Threes")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("repeats the list")
    expect(preview).to_contain_text("9 reps")
    expect(preview.locator("mark")).to_have_text("3 x 600m")
    expect(preview).to_contain_text("Saved as: warm-up 15' / drills / 3 x (600m, 400m, 200m)")
    expect(preview.locator(".segment-row").first).to_contain_text(
        "Warm-up 15' — not a rep, no target"
    )
    shots = Path(SHOTS) if SHOTS else tmp_path
    page.screenshot(path=str(shots / f"builder-readings-{device}-page.png"), full_page=True)
    # By id at the moment of the call: a late preview may still replace the element.
    page.evaluate("() => document.getElementById('preview').scrollIntoView()")
    page.screenshot(path=str(shots / f"builder-readings-{device}.png"))  # what the coach sees

    page.get_by_role("button", name="Read it as: '3 x' repeats '3 x 600m' only").click()
    other = f"warm-up 15' / drills / {OTHER_WAY} / cool-down 10'"
    expect(notation).to_have_value(other)
    expect(notation).to_be_focused()
    expect(preview).to_contain_text("5 reps")
    expect(preview).not_to_contain_text("Read as")
    expect(preview.locator(".rep-row")).to_have_count(5)
    expect(preview.locator(".segment-row")).to_have_count(3)
    page.screenshot(path=str(shots / f"builder-readings-chosen-{device}.png"), full_page=True)

    page.reload()
    expect(notation).to_have_value(other)
    expect(page.get_by_label("Name")).to_have_value("Threes")
    expect(preview).to_contain_text("5 reps")
