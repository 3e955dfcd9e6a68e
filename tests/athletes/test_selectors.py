"""Zones as of a date, for one athlete and a whole squad, and their history over a season."""

from datetime import date
from decimal import Decimal

import pytest

from athletes import selectors, services
from tests.factories import (
    AthleteFactory,
    SquadFactory,
    UserFactory,
    ZoneDistanceFactory,
    ZoneGroupFactory,
)

FIVE_K = Decimal("5000.000")


def squad_with_history(size: int):
    coach = UserFactory()
    squad = SquadFactory(coaches=[coach])
    for n in range(size):
        athlete = AthleteFactory(squad=squad)
        for month, seconds in [(9, 900 + n), (10, 880 + n), (11, 870 + n)]:
            services.race_result_record(
                athlete=athlete,
                distance_m=FIVE_K,
                time_ms=seconds * 1000,
                on=date(2026, month, 1),
                recorded_by=coach,
            )
        typo = services.zone_set(
            athlete=athlete,
            distance_m=Decimal(800),
            time_ms=130_000,
            on=date(2026, 10, 2),
            recorded_by=coach,
        )
        services.zone_correct(entry=typo, time_ms=120_000, note="typo", recorded_by=coach)
    return squad


@pytest.mark.parametrize("size", [3, 30])
def test_squad_zones_as_of_take_one_query_whatever_the_squad_size(
    db, size, django_assert_num_queries
):
    squad = squad_with_history(size)
    with django_assert_num_queries(1):
        zones = selectors.squad_zones_as_of(squad=squad, on=date(2026, 10, 15))
    assert len(zones) == size
    for athlete_zones in zones.values():
        assert athlete_zones[FIVE_K].source == "race"
        assert athlete_zones[Decimal("800.000")].time_ms == 120_000  # the correction holds
    first = min(zones)
    assert zones[first][FIVE_K].time_ms == 880_000  # October's race, not November's


def test_zone_series_steps_through_the_season(db):
    squad = squad_with_history(1)
    athlete = squad.athletes.get()
    series = selectors.zone_series(athlete=athlete, start=date(2026, 9, 15), end=date(2026, 11, 30))
    five_k = [(p.on, p.time_ms) for p in series[FIVE_K]]
    assert five_k == [
        (date(2026, 9, 15), 900_000),  # in force when the season starts
        (date(2026, 10, 1), 880_000),
        (date(2026, 11, 1), 870_000),
    ]
    eight_hundred = series[Decimal("800.000")]
    assert eight_hundred[-1].time_ms == 120_000 and eight_hundred[-1].source == "coach"


def test_squad_zones_and_groups_default_to_the_coachs_words(db):
    squad = SquadFactory()
    zones = selectors.zones_of(squad=squad)
    assert [z.label for z in zones] == ["400", "800", "1500", "Mile", "3K", "5K", "10K"]
    groups = selectors.zone_groups_of(squad=squad, zones=zones)
    assert [(g.name, [z.label for z in g.zones]) for g in groups] == [
        ("Specific Speed", ["400", "800", "1500", "Mile"]),
        ("Specific Stamina", ["3K", "5K"]),
        ("Other zones", ["10K"]),
    ]


def test_a_coach_adds_zones_and_names_groups(db):
    squad = SquadFactory()
    ZoneDistanceFactory(squad=squad, distance_m=Decimal(600), label="600")
    ZoneGroupFactory(squad=squad, name="Speed", shortest_m=400, longest_m=800)
    zones = selectors.zones_of(squad=squad)
    assert [z.label for z in zones][:3] == ["400", "600", "800"]
    groups = selectors.zone_groups_of(squad=squad, zones=zones)
    assert groups[0].name == "Speed" and [z.label for z in groups[0].zones] == ["400", "600", "800"]
    assert groups[-1].name == "Other zones"
