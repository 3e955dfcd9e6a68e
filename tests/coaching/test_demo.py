from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from athletes.models import Athlete, RaceResult, Season, Squad
from coaching.demo import current_season_dates


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--allow-production", stdout=out)
    return out.getvalue()


def test_demo_builds_a_squad_of_eight_with_logins_that_work(db):
    output = run_demo()
    squad = Squad.objects.get()
    assert squad.athletes.count() == 8
    assert squad.coaches.filter(username="coach").exists()
    assert "coach / breakdown-coach" in output
    for athlete in squad.athletes.select_related("user"):
        assert athlete.user is not None
        assert f"{athlete.user.username} / breakdown-athlete" in output
        assert authenticate(username=athlete.user.username, password="breakdown-athlete")
    assert authenticate(username="coach", password="breakdown-coach")


def test_demo_has_the_reference_athlete_and_a_realistic_spread(db):
    run_demo()
    fives = sorted(r.time_ms / 1000 for r in RaceResult.objects.filter(distance_m=5000))
    assert fives[0] == 14 * 60 + 30  # the write-up's athlete: 14:30 5K ...
    assert RaceResult.objects.filter(distance_m="1609.344", time_ms=240_000).exists()  # 4:00 mile
    assert fives[-1] - fives[0] >= 4 * 60  # from sub-elite to club runner


def test_demo_season_contains_today(db):
    run_demo()
    season = Season.objects.get()
    assert season.start <= timezone.localdate() <= season.end


def test_demo_twice_changes_nothing(db):
    run_demo()
    counts = (Squad.objects.count(), Athlete.objects.count(), RaceResult.objects.count())
    run_demo()
    assert (Squad.objects.count(), Athlete.objects.count(), RaceResult.objects.count()) == counts


def test_demo_refuses_to_run_with_debug_off_unless_told(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("demo", stdout=StringIO())
    assert not Squad.objects.exists()


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
