"""The demo data, loaded once for the module: `manage.py demo` takes seconds, and these tests
only read what it made. The load runs in a transaction rolled back when the module ends, and
each test in a savepoint of its own, so nothing reaches other modules. Tests that need a
database without the demo are in test_demo_command.py."""

import re
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete, RaceResult, Season, Squad, ZoneEntry
from athletes.selectors import zone_series
from coaching.demo import current_season_dates
from workouts.models import Session, SessionTemplate, Split


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--allow-production", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """`manage.py demo` run once; what it printed. Rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = run_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    """The demo data, for one test; whatever the test changes is rolled back after it."""
    return demo_output


def test_demo_builds_a_squad_of_eight_with_logins_that_work(demo):
    output = demo
    squad = Squad.objects.get()
    assert squad.athletes.count() == 8
    assert squad.coaches.filter(username="coach").exists()
    assert "coach / breakdown-coach" in output
    for athlete in squad.athletes.select_related("user"):
        assert athlete.user is not None
        assert f"{athlete.user.username} / breakdown-athlete" in output
        assert authenticate(username=athlete.user.username, password="breakdown-athlete")
    assert authenticate(username="coach", password="breakdown-coach")


def test_demo_has_the_reference_athlete_and_a_realistic_spread(demo):
    fives = sorted(r.time_ms / 1000 for r in RaceResult.objects.filter(distance_m=5000))
    assert fives[0] == 14 * 60 + 30  # the write-up's athlete: 14:30 5K ...
    assert RaceResult.objects.filter(distance_m="1609.344", time_ms=240_000).exists()  # 4:00 mile
    assert fives[-1] - fives[0] >= 4 * 60  # from sub-elite to club runner


def test_demo_has_this_season_and_the_last(demo):
    today = timezone.localdate()
    current, previous = Season.objects.order_by("-start")
    assert current.start <= today <= current.end
    assert previous.end == current.start - timedelta(days=1)


def test_demo_gives_every_athlete_a_season_of_zone_history(demo):
    today = timezone.localdate()
    for athlete in Athlete.objects.all():
        races = athlete.race_results.filter(date__gte=today - timedelta(days=183))
        assert races.count() >= 6  # a race every few weeks
        sources = set(athlete.zone_entries.values_list("source", flat=True))
        assert sources == {"race", "model", "coach", "estimate"}
        assert athlete.zone_entries.filter(corrects__isnull=False).count() == 1
        assert (
            len(
                zone_series(athlete=athlete, start=today - timedelta(days=183), end=today)[
                    Decimal("5000.000")
                ]
            )
            >= 3
        )  # the 5K zone moves over the season


def test_reference_athlete_shows_the_write_up_targets(client, demo):
    mateo = Athlete.objects.get(name="Mateo Lindqvist")
    client.login(username="coach", password="breakdown-coach")
    page = client.get(reverse("athletes:athlete_detail", args=[mateo.pk])).content.decode()
    five_k_row = re.search(r'<th scope="row">5K</th>(.*?)</tr>', page, re.S).group(1)
    mile_row = re.search(r'<th scope="row">Mile</th>(.*?)</tr>', page, re.S).group(1)
    assert "14:30" in five_k_row and "2:54.0" in five_k_row  # 1K at 5K pace
    assert "4:00" in mile_row and "1:14.6" in mile_row  # 500m at mile pace


def test_demo_twice_changes_nothing(demo):
    def counts():
        models = (Squad, Season, Athlete, RaceResult, ZoneEntry, SessionTemplate, Session, Split)
        return [m.objects.count() for m in models]

    before = counts()
    run_demo()
    assert counts() == before


@pytest.mark.parametrize(
    ("today", "name", "start", "end"),
    [
        (date(2026, 11, 28), "2026–27 Indoor", date(2026, 11, 1), date(2027, 3, 15)),
        (date(2027, 2, 1), "2026–27 Indoor", date(2026, 11, 1), date(2027, 3, 15)),
        (date(2027, 6, 1), "2027 Outdoor", date(2027, 3, 16), date(2027, 10, 31)),
    ],
)
def test_season_follows_the_calendar(today, name, start, end):
    assert current_season_dates(today) == (name, start, end)


def test_demo_has_the_reference_template_and_weeks_of_sessions(demo):
    template = SessionTemplate.objects.get(name="1,000m Breakdowns")
    version = template.versions.get()
    assert version.default_targets == "1K @5K, 500m @mile, 300m @800, 200m @400"
    today = timezone.localdate()
    dates = sorted(Session.objects.values_list("date", flat=True))
    assert dates[0] <= today - timedelta(days=14) and dates[-1] >= today  # weeks, past and next
    assert all(s.assignments.count() == 8 for s in Session.objects.all())
    past = Session.objects.filter(date__lt=today)
    assert Split.objects.filter(assignment__session__in=past).exists()
    assert not Split.objects.filter(assignment__session__date__gte=today).exists()


def test_demo_reference_session_carries_the_write_ups_splits(demo):
    session = Session.objects.filter(name="1,000m Breakdowns").order_by("date").first()
    mateo = session.assignments.get(athlete__name="Mateo Lindqvist")
    splits = [s.time_ms / 1000 for s in mateo.splits.order_by("rep__n")]
    assert splits[:3] == [172.0, 174.0, 75.1] and splits[-2:] == [43.9, 26.4]
    first = mateo.targets.get(rep__n=1)
    assert first.time_ms == 174_000  # 2:54.0 from his 14:30 5K
