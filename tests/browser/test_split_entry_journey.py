"""An athlete at the track with a phone: each split typed and saved with the keypad's Enter,
the page moving on to the next rep by itself; a log pasted in one go; splits typed with no
signal kept on the phone through a reload and sent once when the signal returns; and the
coach's grid, open on a laptop, showing them as they arrive."""

import re
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from athletes import services as athlete_services
from tests.browser.pages import Signal, log_in, wait_until
from tests.factories import PASSWORD, AthleteFactory, SquadFactory, UserFactory
from workouts import services
from workouts.models import Split

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
DEFAULT_TARGETS = "1K @5K, 500m @mile, 300m @800, 200m @400"
# The write-up's splits (the last 200 as run: 26.4), typed the ways athletes type them:
# m:ss, m.ss.t, bare seconds for a 1K and for a 500.
TYPED = [
    "2:52",
    "2:54",
    "1.15.1",
    "42.4",
    "28.9",
    "175",
    "75.8",
    "44.4",
    "29.1",
    "1:14.8",
    "43.8",
    "29.2",
    "2:55",
    "1:16.7",
    "43.9",
    "26.4",
]
REFERENCE_MS = [
    172_000,
    174_000,
    75_100,
    42_400,
    28_900,
    175_000,
    75_800,
    44_400,
    29_100,
    74_800,
    43_800,
    29_200,
    175_000,
    76_700,
    43_900,
    26_400,
]
# The split lines of docs/reference/workout-of-the-day-1000m-breakdowns.txt, as
# written: the last two splits run together.
LOG = """\
  • 2 x 1K — 2:52, 2:54
  • 500/300/200 — 1:15.1 / 42.4 / 28.9
  • 1K — 2:55
  • 2 x 500/300/200 — 1:15.8 / 44.4 / 29.1 / 1:14.8 / 43.8 / 29.2
  • 1K — 2:55
  • 500/300/200 — 1:16.7 / 43.926.4
"""
WAITING = "Saved on this phone — sends when you're back online"
QUEUED = "Object.keys(localStorage).filter((k) => k.startsWith('breakdown.split.')).length"


@pytest.fixture
def track(transactional_db):
    """A coach, an athlete who ran 14:30 and 4:00 two weeks ago (so every rep has a target),
    and the reference session as a template, ready to prescribe."""
    coach = UserFactory(username="trackcoach")
    athlete = AthleteFactory(
        squad=SquadFactory(coaches=[coach]),
        name="Mateo Lindqvist",
        user=UserFactory(username="mateo"),
    )
    raced = timezone.localdate() - timedelta(days=14)
    for distance, seconds in [(Decimal(5000), 870), (Decimal("1609.344"), 240)]:
        athlete_services.race_result_record(
            athlete=athlete,
            distance_m=distance,
            time_ms=seconds * 1000,
            on=raced,
            recorded_by=coach,
        )
    template = services.template_create(
        squad=athlete.squad,
        name="1,000m Breakdowns",
        content=services.TemplateContent(REFERENCE, default_targets=DEFAULT_TARGETS),
        tags=[],
        created_by=coach,
    )

    def prescribe(days_from_today=0):
        return services.session_prescribe(
            version=template.versions.get(),
            on=timezone.localdate() + timedelta(days=days_from_today),
            athletes=[athlete],
            by=coach,
        )

    return SimpleNamespace(coach=coach, athlete=athlete, prescribe=prescribe)


def open_session(page, base_url, session):
    log_in(page, base_url, "mateo", PASSWORD, next_path=f"/sessions/{session.pk}/")
    expect(page.locator("#split-entry")).to_be_visible()
    wait_until(page, "typeof window.htmx === 'object'")


def splits_of(session) -> tuple[int, dict[int, int]]:
    """Every split written for the session's one athlete, and each rep's current time."""
    written = Split.objects.filter(assignment__session=session)
    current = written.filter(replaced_by__isnull=True).select_related("rep")
    return written.count(), {split.rep.n: split.time_ms for split in current}


def script_errors(page, console=True) -> list[str]:
    """Uncaught errors in the page's scripts and, with `console`, errors it logs (a CSP
    refusal among them), collected as the page runs."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if console:
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def test_enter_saves_each_rep_and_moves_on_to_the_next(phone, live_server, track):
    session = track.prescribe()
    errors = script_errors(phone)
    open_session(phone, live_server.url, session)

    phone.locator("#rep-1-time").click()
    for n, typed in enumerate(TYPED, start=1):
        expect(phone.locator(f"#rep-{n}-time")).to_be_focused()
        phone.keyboard.type(typed)
        phone.keyboard.press("Enter")
    expect(phone.locator("#report select[name='rpe']")).to_be_focused()  # the last rep's Enter

    for n in range(1, 17):
        expect(phone.locator(f"#rep-{n} .saved-result .diff")).to_have_text(re.compile(r"^[+−±]"))
    expect(phone.locator("#rep-1 .saved-result")).to_have_text("2:52.0 −2.0")  # target 2:54.0
    expect(phone.locator("#rep-1")).to_have_class(re.compile(r"\bfast\b"))
    expect(phone.locator("#splits-in")).to_have_text("16 of 16")
    written, current = splits_of(session)
    assert written == 16
    assert [current[n] for n in range(1, 17)] == REFERENCE_MS
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not errors, errors


def test_a_pasted_log_is_checked_then_saved_in_one_go(phone, live_server, track):
    session = track.prescribe(days_from_today=-1)  # typed up the morning after
    open_session(phone, live_server.url, session)

    phone.get_by_text("Paste your splits from a log instead").click()
    phone.get_by_label("Splits", exact=True).fill(LOG)
    phone.get_by_role("button", name="Preview").click()

    flagged = phone.locator(".paste-row.flagged")
    expect(flagged).to_have_count(2)  # reps 15 and 16, read from the one token
    expect(flagged.first).to_contain_text("43.926.4")
    expect(flagged.first).to_contain_text("43.9 and 26.4")
    expect(phone.get_by_label("Rep 15 time")).to_have_value("43.9")
    expect(phone.get_by_label("Rep 16 time")).to_have_value("26.4")
    phone.get_by_label("Use 43.9").check()
    phone.get_by_label("Use 26.4").check()
    phone.get_by_role("button", name="Save these splits").click()

    expect(phone.locator("#messages")).to_contain_text("Saved 16 splits")
    expect(phone.locator("#splits-in")).to_have_text("16 of 16")
    written, current = splits_of(session)
    assert written == 16
    assert (current[15], current[16]) == (43_900, 26_400)
    assert [current[n] for n in range(1, 17)] == REFERENCE_MS


def test_splits_typed_without_signal_survive_a_reload_and_are_sent_once(phone, live_server, track):
    session = track.prescribe()
    errors = script_errors(phone, console=False)  # htmx logs each failed send
    open_session(phone, live_server.url, session)
    wait_until(phone, "document.body.dataset.offlineReady === 'true'")  # the worker kept it
    signal = Signal(phone.context)

    signal.lose()
    phone.locator("#rep-1-time").click()
    phone.keyboard.type("2:52")
    phone.keyboard.press("Enter")
    expect(phone.locator("#rep-2-time")).to_be_focused()  # no answer needed to move on
    phone.keyboard.type("2:54")
    phone.keyboard.press("Enter")
    for n in (1, 2):
        expect(phone.locator(f"#rep-{n} .pending-note")).to_have_text(WAITING)
    expect(phone.locator("#rep-1 .early-result")).to_have_text("2:52.0 −2.0")
    expect(phone.locator("#splits-in")).to_have_text("2 of 16")
    assert splits_of(session)[0] == 0

    phone.reload()  # answered by the service worker from its copy
    expect(phone.locator("#offline-copy")).to_have_text(
        "Offline: showing this session as last loaded."
    )
    for n, typed in [(1, "2:52"), (2, "2:54")]:
        expect(phone.locator(f"#rep-{n}-time")).to_have_value(typed)
        expect(phone.locator(f"#rep-{n} .pending-note")).to_have_text(WAITING)

    signal.regain()
    for n, shown in [(1, "2:52.0 −2.0"), (2, "2:54.0 ±0.0")]:
        expect(phone.locator(f"#rep-{n} .saved-result")).to_have_text(shown)
        expect(phone.locator(f"#rep-{n} .pending-note")).to_be_hidden()
    wait_until(phone, f"{QUEUED} === 0")
    assert splits_of(session) == (2, {1: 172_000, 2: 174_000})
    assert not errors, errors


def test_the_coachs_grid_shows_the_splits_as_the_athlete_saves_them(
    phone, desktop, live_server, track
):
    session = track.prescribe()  # today: the grid polls
    log_in(desktop, live_server.url, track.coach.username, PASSWORD, f"/sessions/{session.pk}/")
    grid = desktop.locator("#grid")
    expect(grid).to_contain_text("Mateo Lindqvist")
    grid_page = desktop.url

    open_session(phone, live_server.url, session)
    phone.locator("#rep-1-time").click()
    for typed in TYPED[:3]:
        phone.keyboard.type(typed)
        phone.keyboard.press("Enter")
    expect(phone.locator("#rep-3 .saved-result")).to_have_text("1:15.1 +0.5")

    row = grid.locator("tbody tr", has_text="Mateo Lindqvist")
    expect(row).to_contain_text("2:52.0")  # within a poll or two, no reload
    expect(row).to_contain_text("2:54.0")
    expect(row).to_contain_text("1:15.1")
    expect(row).to_contain_text("3 of 16")
    assert desktop.url == grid_page


def test_a_split_sent_after_the_login_ended_is_kept_until_the_athlete_logs_in_again(
    phone, live_server, track
):
    session = track.prescribe()
    open_session(phone, live_server.url, session)
    phone.context.clear_cookies(name="sessionid")  # the login ran out at the track

    phone.locator("#rep-1-time").click()
    phone.keyboard.type("2:52")
    phone.keyboard.press("Enter")
    note = phone.locator("#rep-1 .pending-note")
    expect(note).to_contain_text("log in again; your splits are kept on this phone")
    expect(phone.get_by_label("Password")).to_have_count(0)  # the login page was not swapped in
    assert phone.evaluate(QUEUED) == 1

    note.get_by_role("link", name="Log in").click()
    phone.get_by_label("Username").fill("mateo")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    expect(phone.locator("#rep-1 .saved-result")).to_have_text("2:52.0 −2.0")  # sent on arrival
    wait_until(phone, f"{QUEUED} === 0")
    assert splits_of(session) == (1, {1: 172_000})


def test_a_split_for_a_session_the_coach_removed_is_refused_with_the_time_kept(
    phone, live_server, track
):
    session = track.prescribe()
    open_session(phone, live_server.url, session)
    session.delete()

    phone.locator("#rep-1-time").click()
    phone.keyboard.type("2:52")
    phone.keyboard.press("Enter")
    expect(phone.locator("#rep-1 .pending-note")).to_contain_text(
        "Not saved: this session is no longer there (404)"
    )
    expect(phone.locator("#rep-1-time")).to_have_value("2:52")  # there to copy
    wait_until(phone, f"{QUEUED} === 0")  # and not sent again and again


def test_a_time_read_two_ways_is_not_counted_until_the_athlete_picks_one(phone, live_server, track):
    session = track.prescribe()
    open_session(phone, live_server.url, session)

    phone.locator("#rep-1-time").fill("2.52")  # 2.52 s or 2:52?
    phone.locator("#rep-1-time").press("Enter")

    expect(phone.locator("#rep-1 .split-error")).to_contain_text("could be seconds or minutes")
    expect(phone.locator("#splits-in")).to_have_text("0 of 16")  # refused: not counted
    phone.get_by_role("button", name="Use 2:52.0").click()
    expect(phone.locator("#rep-1 .saved-result")).to_have_text("2:52.0 −2.0")
    expect(phone.locator("#splits-in")).to_have_text("1 of 16")
    assert splits_of(session) == (1, {1: 172_000})
