"""The coach watches the session grid at the track: it asks every 5 seconds, gets an empty
answer while nothing changes, and shows a split the moment one arrives, with no reload."""

import uuid

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import log_in
from tests.factories import PASSWORD, AthleteFactory, SquadFactory, UserFactory
from workouts import services

POLL_DEADLINE_MS = 30_000  # a poll every 5 s, on a machine that may be busy


def is_poll(status: int):
    return lambda response: "part=grid" in response.url and response.status == status


def test_a_split_appears_in_the_coachs_grid_without_a_reload(
    desktop, live_server, transactional_db
):
    coach = UserFactory(username="trackcoach")
    athlete = AthleteFactory(squad=SquadFactory(coaches=[coach]), name="Mateo Lindqvist")
    template = services.template_create(
        squad=athlete.squad,
        name="1Ks",
        content=services.TemplateContent("4 x 1K"),
        tags=[],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=timezone.localdate(), athletes=[athlete], by=coach
    )
    log_in(desktop, live_server.url, coach.username, PASSWORD, next_path=f"/sessions/{session.pk}/")
    expect(desktop.locator("#grid")).to_contain_text("Mateo Lindqvist")
    grid_page = desktop.url

    desktop.wait_for_event("response", is_poll(204), timeout=POLL_DEADLINE_MS)  # nothing new
    services.split_record(
        assignment=session.assignments.get(),
        rep=session.reps.get(n=2),
        time_ms=171_400,
        client_key=uuid.uuid4(),
        entered_by=coach,
    )
    desktop.wait_for_event("response", is_poll(200), timeout=POLL_DEADLINE_MS)
    expect(desktop.locator("#grid")).to_contain_text("2:51.4")
    assert desktop.url == grid_page  # swapped in place
    desktop.wait_for_event("response", is_poll(204), timeout=POLL_DEADLINE_MS)  # and on it goes


def test_the_coach_sets_a_target_from_its_cell(desktop, live_server, transactional_db):
    """The cell's form is fetched when the cell opens; Enter sets the target in place."""
    coach = UserFactory(username="cellcoach")
    athlete = AthleteFactory(squad=SquadFactory(coaches=[coach]), name="Ana Ruiz")
    template = services.template_create(
        squad=athlete.squad,
        name="Time reps",
        content=services.TemplateContent("3 x 3min"),
        tags=[],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=timezone.localdate(), athletes=[athlete], by=coach
    )
    log_in(desktop, live_server.url, coach.username, PASSWORD, next_path=f"/sessions/{session.pk}/")
    first_cell = desktop.locator("#grid td.cell").first
    expect(first_cell.locator(".override-cell")).to_have_count(0)

    first_cell.locator("summary").click()
    time_box = first_cell.get_by_label("Target")
    time_box.fill("3:05")
    time_box.press("Enter")

    expect(desktop.locator("#grid td.cell").first.locator(".target.overridden")).to_have_text(
        "3:05.0"
    )
    assert session.assignments.get().targets.get(rep__n=1).override_ms == 185_000
