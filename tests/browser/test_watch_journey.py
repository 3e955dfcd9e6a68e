"""An athlete home from the track uploads the run's FIT file from the phone: the preview shows
each rep's lap and how sure the match is, a missed lap press leaves two reps to type, and
"Save these splits" saves them in one go."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import log_in
from tests.factories import (
    PASSWORD,
    AthleteFactory,
    SquadFactory,
    UserFactory,
    prescribed,
    reference_zones,
)
from tests.workouts.fit_activities import activity, reference_laps
from workouts.models import Split


@pytest.fixture
def run(transactional_db):
    coach = UserFactory(username="watchcoach")
    athlete = AthleteFactory(
        squad=SquadFactory(coaches=[coach]), name="Mateo", user=UserFactory(username="mateo")
    )
    reference_zones(athlete, coach)
    yesterday = timezone.localdate() - timedelta(days=1)
    return prescribed(athletes=[athlete], coach=coach, on=yesterday, name="Breakdowns")


def test_the_watchs_laps_are_checked_fixed_and_saved_from_the_phone(
    phone, live_server, run, tmp_path
):
    laps = reference_laps()
    laps = [laps[0], (1003 + 400 + 998, 546, "active"), *laps[4:]]  # a missed lap press
    fit_file = tmp_path / "run.fit"
    fit_file.write_bytes(activity(laps))
    log_in(phone, live_server.url, "mateo", PASSWORD, next_path=f"/sessions/{run.pk}/")

    phone.get_by_text("Upload laps from your watch (.fit)").click()
    phone.get_by_label("Activity file (.fit)").set_input_files(str(fit_file))
    phone.get_by_role("button", name="Read the laps").click()

    expect(phone.locator(".watch-row-sure")).to_have_count(14)
    expect(phone.locator(".watch-unmatched-laps")).to_contain_text("could be reps 1–2")
    expect(phone.get_by_label("Rep 3 time")).to_have_value("1:15.1")
    expect(phone.get_by_label("Rep 1 time")).to_have_value("")
    assert Split.objects.count() == 0
    phone.get_by_label("Rep 1 time").fill("2:52")
    phone.get_by_label("Rep 2 time").fill("2:54")
    phone.get_by_role("button", name="Save these splits").click()

    expect(phone.locator("#messages")).to_contain_text("Saved 16 splits from your watch")
    expect(phone.locator("#splits-in")).to_have_text("16 of 16")
    assert Split.objects.filter(method="watch").count() == 16
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert re.search(r"/sessions/\d+/", phone.url)
