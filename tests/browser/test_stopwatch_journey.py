"""The coach times a rep of eight athletes with the group stopwatch on a phone: one start,
a tap per finisher, one runner the coach could not see timed as an unknown finisher and
named afterwards, a wrong tap undone and made again, a reload in the middle that keeps the
running clock and the taps; saved, the times are the athletes' splits in finishing order.
The phone's clock is Playwright's (page.clock): time passes when the test says, no sleeps."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import Signal, log_in, wait_until
from tests.factories import PASSWORD, AthleteFactory, SquadFactory, UserFactory
from workouts import services
from workouts.models import Split, SplitMethod

NAMES = ["Ada", "Bea", "Cleo", "Dina", "Esme", "Fay", "Gwen", "Hana"]


@pytest.fixture
def group(transactional_db):
    coach = UserFactory(username="trackcoach")
    squad = SquadFactory(coaches=[coach])
    athletes = [AthleteFactory(squad=squad, name=name) for name in NAMES]
    template = services.template_create(
        squad=squad,
        name="400s",
        content=services.TemplateContent("8 x 400m"),
        tags=[],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=timezone.localdate(), athletes=athletes, by=coach
    )
    return coach, session


def ready(page):
    expect(page.locator("#stopwatch[data-ready='true']")).to_be_attached()


def tap(page, name):
    page.clock.run_for(1_000)  # a second between finishers
    page.locator(f'.sw-name[data-name="{name}"]').click()


def test_the_coach_times_a_rep_of_eight_and_names_the_unseen_finisher_after(
    phone, live_server, group
):
    coach, session = group
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.clock.install()
    log_in(phone, live_server.url, coach.username, PASSWORD, f"/sessions/{session.pk}/")
    phone.get_by_role("link", name="Stopwatch").click()
    ready(phone)
    expect(phone.locator("#sw-typed")).to_be_hidden()  # the typed-times form is for no JS
    phone.clock.pause_at(datetime.now() + timedelta(minutes=5))  # from here, only run_for

    phone.get_by_role("button", name="Start rep 1").click()
    expect(phone.locator("#sw-start")).to_be_hidden()  # no second start to lose the taps
    phone.clock.run_for(60_000)
    expect(phone.locator("#sw-clock")).to_have_text("1:00.0")
    for name in ["Cleo", "Ada", "Hana"]:
        tap(phone, name)

    phone.reload()  # the tab is reloaded mid-rep: the clock and the taps are still there
    ready(phone)
    expect(phone.locator(".sw-finisher")).to_have_count(3)
    expect(phone.locator('.sw-name[data-name="Ada"]')).to_be_disabled()

    phone.clock.run_for(1_000)
    phone.get_by_role("button", name="Unknown finisher").click()  # someone: not seen who
    for name in ["Bea", "Esme", "Fay", "Gwen"]:
        tap(phone, name)
    expect(phone.locator(".sw-finisher")).to_have_count(8)

    # Gwen was tapped too soon: undo, then tap her as she crosses.
    phone.get_by_role("button", name="Undo last tap").click()
    expect(phone.locator(".sw-finisher")).to_have_count(7)
    expect(phone.locator('.sw-name[data-name="Gwen"]')).to_be_enabled()
    tap(phone, "Gwen")

    save = phone.get_by_role("button", name="Save rep 1")
    save.click()
    expect(phone.locator("#sw-status")).to_contain_text("Name every unknown finisher first")
    assert not Split.objects.exists()

    # Only Dina is left to be the unknown finisher.
    who = phone.locator(".sw-finisher.is-unknown select")
    expect(who.locator("option")).to_have_count(2)
    who.select_option(label="Dina")
    expect(phone.locator(".sw-finisher.is-unknown")).to_have_count(0)
    save.click()

    expect(phone.locator("#sw-status")).to_have_text("Rep 1: saved 8 times.")
    expect(phone.get_by_role("button", name="Start rep 2")).to_be_visible()
    wait_until(
        phone, "Object.keys(localStorage).every((k) => !k.startsWith('breakdown.stopwatch-out.'))"
    )

    splits = list(
        Split.objects.filter(assignment__session=session)
        .select_related("assignment__athlete", "rep")
        .order_by("time_ms")
    )
    assert len(splits) == 8
    assert {(split.rep.n, split.method) for split in splits} == {(1, SplitMethod.STOPWATCH)}
    finishing_order = ["Cleo", "Ada", "Hana", "Dina", "Bea", "Esme", "Fay", "Gwen"]
    assert [split.assignment.athlete.name for split in splits] == finishing_order
    assert [split.time_ms for split in splits] == [
        61_000,
        62_000,
        63_000,
        64_000,
        65_000,
        66_000,
        67_000,
        69_000,  # Gwen's second tap: a second after the undone one
    ]
    assert not errors


def test_with_no_signal_the_clock_the_taps_and_the_saved_rep_wait_on_the_phone(
    phone, live_server, group
):
    coach, session = group
    phone.clock.install()
    log_in(phone, live_server.url, coach.username, PASSWORD, f"/sessions/{session.pk}/stopwatch/")
    ready(phone)
    wait_until(phone, "document.body.dataset.offlineReady === 'true'")  # the worker kept it
    phone.clock.pause_at(datetime.now() + timedelta(minutes=5))
    phone.get_by_role("button", name="Start rep 1").click()
    phone.clock.run_for(60_000)
    tap(phone, "Ada")

    signal = Signal(phone.context)
    signal.lose()
    phone.reload()  # no signal: the worker's copy, with the running clock and the tap
    ready(phone)
    expect(phone.locator("body[data-offline-copy]")).to_be_attached()
    expect(phone.locator(".sw-finisher")).to_have_count(1)
    tap(phone, "Bea")
    phone.get_by_role("button", name="Save rep 1").click()
    expect(phone.locator("#sw-status")).to_contain_text("kept on this phone")
    assert not Split.objects.exists()

    signal.regain()
    expect(phone.locator("#sw-status")).to_have_text("Rep 1: saved 2 times.")
    splits = Split.objects.order_by("time_ms").select_related("assignment__athlete")
    assert [(s.assignment.athlete.name, s.time_ms, s.method) for s in splits] == [
        ("Ada", 61_000, SplitMethod.STOPWATCH),
        ("Bea", 62_000, SplitMethod.STOPWATCH),
    ]


def test_a_time_no_runner_runs_is_saved_only_when_the_coach_says_so(phone, live_server, group):
    coach, session = group
    phone.clock.install()
    log_in(phone, live_server.url, coach.username, PASSWORD, f"/sessions/{session.pk}/stopwatch/")
    ready(phone)
    phone.clock.pause_at(datetime.now() + timedelta(minutes=5))
    phone.get_by_role("button", name="Start rep 1").click()
    phone.clock.run_for(19_000)
    tap(phone, "Ada")  # 20.00 for 400 m: the coach started late
    phone.get_by_role("button", name="Save rep 1").click()

    expect(phone.locator("#sw-status")).to_contain_text("Rep 1 not saved: Ada:")
    assert not Split.objects.exists()
    phone.reload()  # the refusal waits on the phone for an answer
    ready(phone)
    phone.get_by_role("button", name="Save anyway").click()

    expect(phone.locator("#sw-status")).to_have_text("Rep 1: saved 1 time.")
    split = Split.objects.get()
    assert (split.time_ms, split.confirmed_implausible) == (20_000, True)
