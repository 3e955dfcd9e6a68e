"""Older history in, at the desk: the coach uploads a season file (htmx, with the progress
bar), reads the dry run with the rows it cannot read, uploads the fixed file and imports it.
Set BREAKDOWN_SCREENSHOTS to a folder to keep the dry run's and the result's screenshots
(docs/screenshots/history-import-*.png were taken so); else they go to the test's tmp_path."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import log_in
from tests.factories import PASSWORD, AthleteFactory, SquadFactory, UserFactory
from workouts.models import Split

SHOTS = os.environ.get("BREAKDOWN_SCREENSHOTS")


def season_file(names: list[str]) -> bytes:
    lines = ["date,athlete,template,rep,distance_m,duration_s,target_zone,target_ms,split_ms,rpe"]
    today = timezone.localdate()
    for days in (10, 3):
        day = (today - timedelta(days=days)).isoformat()
        for name in names:
            for n, (metres, zone, target, split) in enumerate(
                [
                    (1000, "5K", 174000, 172000),
                    (500, "mile", 74500, 75100),
                    (300, "800", 43000, 42400),
                ],
                start=1,
            ):
                lines.append(
                    f'{day},{name},"1,000m Breakdowns",{n},{metres},,{zone},{target},{split},8'
                )
    return ("\n".join(lines) + "\n").encode()


def test_the_coach_imports_a_season_after_its_dry_run(
    desktop, live_server, transactional_db, tmp_path
):
    coach = UserFactory(username="historian")
    squad = SquadFactory(name="Past seasons", coaches=[coach])
    for name in ("Mateo", "Priya Okafor"):
        AthleteFactory(squad=squad, name=name)
    bad = tmp_path / "season-bad.csv"
    bad.write_bytes(season_file(["Mateo", "Priya Okafor", "Nobody"]))
    good = tmp_path / "season.csv"
    good.write_bytes(season_file(["Mateo", "Priya Okafor"]))

    log_in(desktop, live_server.url, coach.username, PASSWORD, f"/squads/{squad.pk}/calendar/")
    desktop.get_by_role("link", name="Import history").click()
    expect(desktop.get_by_role("heading", name="Import history")).to_be_visible()

    desktop.get_by_label("Season file (CSV)").set_input_files(str(bad))
    desktop.get_by_role("button", name="Check the file").click()
    expect(desktop.get_by_role("heading", name="6 rows cannot be read")).to_be_visible()
    expect(desktop.locator(".bad-rows")).to_contain_text("No athlete called “Nobody” in the squad")
    expect(desktop.get_by_role("button", name="Import")).to_have_count(0)

    # The bar follows htmx's upload progress events (static/js/upload-progress.js).
    desktop.evaluate(
        "document.addEventListener('htmx:xhr:progress', () => {"
        " window.seenProgress = document.getElementById('upload-progress').value; })"
    )
    desktop.get_by_label("Season file (CSV)").set_input_files(str(good))
    desktop.get_by_role("button", name="Check the file").click()
    expect(desktop.get_by_role("heading", name="Dry run: “season.csv”")).to_be_visible()
    assert desktop.evaluate("window.seenProgress") == 100
    expect(desktop.locator(".bad-rows")).to_have_count(0)
    counts = desktop.locator(".dry-run-counts")
    expect(counts).to_contain_text("Splits")
    expect(counts.get_by_role("row", name="Splits")).to_contain_text("12")
    expect(desktop.locator(".dry-run-sessions tbody tr")).to_have_count(2)
    assert Split.objects.count() == 0
    shots = Path(SHOTS) if SHOTS else tmp_path
    desktop.screenshot(path=str(shots / "history-import-dry-run.png"), full_page=True)

    desktop.get_by_role("button", name="Import").click()
    expect(desktop.get_by_role("heading", name="History imported")).to_be_visible()
    expect(desktop.get_by_role("row", name="Splits")).to_contain_text("12")
    desktop.screenshot(path=str(shots / "history-import-done.png"), full_page=True)
    assert Split.objects.filter(assignment__session__squad=squad).count() == 12
