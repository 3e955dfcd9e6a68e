"""The coach's day at the desk: a target set by clicking its cell in a real squad's grid
(whose names and header stay in view while it scrolls), and a session moved to another day."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import log_in
from tests.factories import PASSWORD, AthleteFactory, SquadFactory, UserFactory
from workouts import services

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)


def squad_session(on):
    coach = UserFactory(username="deskcoach")
    squad = SquadFactory(coaches=[coach])
    athletes = [AthleteFactory(squad=squad, name=f"Runner {i:02}") for i in range(1, 25)]
    template = services.template_create(
        squad=squad,
        name="1,000m Breakdowns",
        content=services.TemplateContent(REFERENCE, default_targets="1K @2:54"),
        tags=[],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=on, athletes=athletes, by=coach
    )
    return coach, session


def test_the_coach_sets_a_target_by_clicking_its_cell(desktop, live_server, transactional_db):
    coach, session = squad_session(timezone.localdate() + timedelta(days=3))
    log_in(desktop, live_server.url, coach.username, PASSWORD, f"/sessions/{session.pk}/")
    grid_page = desktop.url
    row = desktop.locator("tr", has=desktop.get_by_role("link", name="Runner 01"))
    cell = row.locator("td.cell").first

    cell.locator("summary").click()
    cell.get_by_label("Target").fill("0:28")
    cell.get_by_role("button", name="Set").click()
    cell = row.locator("td.cell").first  # swapped in place
    expect(cell.get_by_role("alert")).to_be_visible()
    expect(cell.get_by_label("Target")).to_have_value("0:28")

    cell.get_by_label("Target").fill("2:50")
    cell.get_by_label("Note").fill("hold back")
    cell.get_by_role("button", name="Set").click()
    expect(row.locator("td.cell").first.locator(".target.overridden")).to_have_text("2:50.0")
    assert desktop.url == grid_page

    # A 16-rep session for 24 athletes scrolls both ways; the names and the header stay.
    scroller = desktop.locator(".grid-scroll")
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = el.scrollHeight; }")
    box = scroller.bounding_box()
    name = desktop.get_by_role("rowheader").filter(has_text="Runner 24").bounding_box()
    header = desktop.get_by_role("columnheader", name="Athlete").bounding_box()
    assert abs(name["x"] - box["x"]) < 3 and abs(header["y"] - box["y"]) < 3


def test_the_coach_moves_a_session_to_another_day(desktop, live_server, transactional_db):
    today = timezone.localdate()
    coach, session = squad_session(today + timedelta(days=3))
    later = today + timedelta(days=5)
    log_in(desktop, live_server.url, coach.username, PASSWORD, f"/sessions/{session.pk}/")

    desktop.get_by_label("Move to").fill(later.isoformat())
    desktop.get_by_role("button", name="Move session").click()

    expect(desktop.get_by_role("heading", level=1)).to_contain_text(f"{later:%A %-d %B %Y}")
    expect(desktop.get_by_text(f"moved to {later:%A %-d %B %Y}")).to_be_visible()
    session.refresh_from_db()
    assert session.date == later
