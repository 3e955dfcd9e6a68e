"""Journey 1: a coach writes the reference session in the builder, checks the preview,
saves it as a template and prescribes it to the squad for a date."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from athletes.models import Squad
from tests.browser.pages import log_in
from workouts.models import Session, SessionTemplate

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--allow-production", stdout=StringIO())
    SessionTemplate.objects.filter(name="1,000m Breakdowns").update(name="Breakdowns (demo)")


def test_coach_builds_the_reference_session_and_prescribes_it(desktop, live_server, demo):
    page = desktop
    squad = Squad.objects.get()
    log_in(
        page,
        live_server.url,
        "coach",
        "breakdown-coach",
        next_path=f"/squads/{squad.pk}/templates/new/",
    )

    page.get_by_label("Notation").fill("2 x 1K / 500m, 300m, 2OOm")
    expect(page.locator("#preview")).to_contain_text("At character 23")  # the letter O
    expect(page.locator("#preview mark")).to_have_text("O")
    expect(page.get_by_label("Notation")).to_have_value("2 x 1K / 500m, 300m, 2OOm")

    page.get_by_label("Notation").fill(REFERENCE)
    page.get_by_label("Recovery rules").fill(
        "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
    )
    page.get_by_label("Default targets").fill("1K @5K, 500m @mile, 300m @800, 200m @400")
    page.get_by_label("Athlete").select_option(label="Mateo Lindqvist")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("16 reps")
    expect(preview).to_contain_text("8,000 m")
    first = preview.locator("tbody tr").first
    expect(first).to_contain_text("@5K")
    expect(first.locator(".target-time")).to_have_text("2:54.0")
    expect(first).to_contain_text("400m in 3'-4'")

    page.get_by_label("Name").fill("1,000m Breakdowns")
    page.get_by_label("Tags").fill("early season, miler")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Prescribe “1,000m Breakdowns”")).to_be_visible()

    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_role("button", name="Prescribe").click()
    expect(page.get_by_text("“1,000m Breakdowns” prescribed for")).to_be_visible()
    grid = page.locator("table.grid")
    expect(grid.locator("tbody tr")).to_have_count(8)
    mateo = grid.locator("tr", has=page.locator("th", has_text="Mateo Lindqvist"))
    expect(mateo.locator("td").first).to_contain_text("2:54.0")

    session = Session.objects.get(name="1,000m Breakdowns", date=day)
    assert session.reps.count() == 16 and session.assignments.count() == 8
    page.go_back()
    page.get_by_role("button", name="Prescribe").click()  # the accidental second time
    assert Session.objects.filter(name="1,000m Breakdowns", date=day).count() == 1


def test_the_builder_keeps_what_was_typed_through_a_reload(desktop, live_server, demo):
    page = desktop
    squad = Squad.objects.get()
    log_in(
        page,
        live_server.url,
        "coach",
        "breakdown-coach",
        next_path=f"/squads/{squad.pk}/templates/new/",
    )

    # The squad's default targets are already there: typing the notation is enough.
    expect(page.get_by_label("Default targets")).to_have_value(
        "1K @5K, 500m @mile, 300m @800, 200m @400"
    )
    page.get_by_label("Notation").fill(REFERENCE)
    page.get_by_label("Name").fill("Breakdowns, not saved yet")
    page.get_by_label("Athlete").select_option(label="Mateo Lindqvist")
    expect(page.locator("#preview tbody tr").first.locator(".target-time")).to_have_text("2:54.0")

    page.reload()
    expect(page.get_by_text("Restored what you typed")).to_be_visible()
    expect(page.get_by_label("Notation")).to_have_value(REFERENCE)
    expect(page.get_by_label("Name")).to_have_value("Breakdowns, not saved yet")
    expect(page.locator("#preview")).to_contain_text("16 reps")

    page.get_by_role("button", name="discard").click()
    expect(page.get_by_label("Notation")).to_have_value("")
    expect(page.get_by_text("Restored what you typed")).to_be_hidden()
    page.reload()
    expect(page.get_by_label("Notation")).to_have_value("")
    expect(page.get_by_text("Restored what you typed")).to_be_hidden()

    # A refused save (no name) comes back as typed, and opening the page again still has it.
    page.get_by_label("Notation").fill("8 x 400m @mile")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".has-error")).to_contain_text("required")
    expect(page.get_by_label("Notation")).to_have_value("8 x 400m @mile")
    page.goto(f"{live_server.url}/squads/{squad.pk}/templates/new/")
    expect(page.get_by_text("Restored what you typed")).to_be_visible()
    expect(page.get_by_label("Notation")).to_have_value("8 x 400m @mile")

    # A saved template leaves no draft behind for the next new one.
    page.get_by_label("Name").fill("Saved 400s")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Prescribe “Saved 400s”")).to_be_visible()
    page.goto(f"{live_server.url}/squads/{squad.pk}/templates/new/")
    expect(page.get_by_label("Notation")).to_have_value("")
    expect(page.get_by_text("Restored what you typed")).to_be_hidden()


def test_library_filters_replace_the_query_instead_of_adding_to_it(desktop, live_server, demo):
    page = desktop
    squad = Squad.objects.get()
    log_in(
        page,
        live_server.url,
        "coach",
        "breakdown-coach",
        next_path=f"/squads/{squad.pk}/templates/",
    )
    for text in ("break", "breakdowns", "400"):
        page.get_by_label("Search").fill(text)
        expect(page).to_have_url(re.compile(rf"\?q={text}&tag=&archived=$"))
    page.get_by_label("Show").select_option(label="Archived")
    expect(page).to_have_url(re.compile(r"\?q=400&tag=&archived=1$"))
    assert page.url.count("q=") == 1
