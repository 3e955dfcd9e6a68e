"""A coach keeps an athlete's zones current on the athlete's page, through htmx."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from athletes.models import Athlete, RaceResult
from tests.browser.pages import log_in, wait_until

CHART = "window.Chart?.getChart(document.querySelector('canvas[data-zone-chart]'))"


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--allow-production", stdout=StringIO())


def test_coach_records_a_race_and_the_zones_update_in_place(desktop, live_server, demo):
    page = desktop
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sofia = Athlete.objects.get(name="Sofia Brennan")
    log_in(page, live_server.url, "coach", "breakdown-coach", next_path=f"/athletes/{sofia.pk}/")
    expect(page.get_by_role("heading", name="Sofia Brennan")).to_be_visible()
    # The chart library loads deferred: wait for the chart (a busy machine runs it late).
    wait_until(page, f"{CHART}?.data.datasets.length >= 7")

    form = page.locator("form", has=page.get_by_role("heading", name="Add a race result"))
    form.get_by_label("Distance").fill("5000")
    form.get_by_label("Time").fill("18:5O")  # a letter O for a zero
    form.get_by_role("button", name="Add race").click()
    expect(page.get_by_text("couldn't read the time '18:5O'")).to_be_visible()
    expect(form.get_by_label("Time")).to_have_value("18:5O")  # nothing typed is lost
    assert RaceResult.objects.filter(athlete=sofia, time_ms=1_130_000).count() == 0

    url_before = page.url
    page.locator("form", has=page.get_by_role("heading", name="Add a race result")).get_by_label(
        "Time"
    ).fill("18:50")
    page.get_by_role("button", name="Add race").click()
    expect(page.get_by_text("Recorded 5,000m in 18:50")).to_be_visible()
    five_k = page.locator("table.zones tr", has=page.locator("th", has_text="5K"))
    expect(five_k).to_contain_text("18:50")
    assert page.url == url_before  # swapped in place, no navigation
    wait_until(page, f"{CHART} !== undefined")  # redrawn after swap
    assert RaceResult.objects.filter(athlete=sofia, time_ms=1_130_000).count() == 1
    assert not [e for e in errors if "422" not in e], errors  # the 422 is the refused form
