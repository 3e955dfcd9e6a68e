"""Race results and zone history: the rules a coach relies on."""

import uuid
from datetime import date
from decimal import Decimal

import pytest

from athletes import selectors, services
from athletes.models import RaceResult, ZoneEntry, ZoneSource
from tests.factories import AthleteFactory, UserFactory

FIVE_K, MILE, K3 = Decimal("5000.000"), Decimal("1609.344"), Decimal("3000.000")
OCT, NOV = date(2026, 10, 4), date(2026, 11, 1)


@pytest.fixture
def coach(db):
    return UserFactory(username="coach")


@pytest.fixture
def athlete(db):
    return AthleteFactory(name="Mateo")


def race(athlete, coach, distance, seconds, on=OCT, **extra):
    return services.race_result_record(
        athlete=athlete,
        distance_m=distance,
        time_ms=round(seconds * 1000),
        on=on,
        recorded_by=coach,
        **extra,
    )


def test_a_race_at_a_zone_distance_becomes_that_zone(athlete, coach):
    result = race(athlete, coach, FIVE_K, 870, venue="Parkside")
    zone = selectors.zones_as_of(athlete=athlete, on=OCT)[FIVE_K]
    assert (zone.time_ms, zone.source, zone.effective_date) == (870_000, "race", OCT)
    assert ZoneEntry.objects.get(source="race").race_result == result


def test_only_a_5k_fills_the_mile_by_vdot_and_says_so(athlete, coach):
    race(athlete, coach, FIVE_K, 870)
    mile = selectors.zones_as_of(athlete=athlete, on=OCT)[MILE]
    assert mile.model_filled
    assert mile.time_ms == pytest.approx(252_000, abs=100)  # VDOT 72.4 → 4:12.0
    assert mile.note == "VDOT 72.4 from 5,000m in 14:30"


def test_two_distances_fill_the_rest_with_a_fitted_riegel(athlete, coach):
    race(athlete, coach, FIVE_K, 870)
    race(athlete, coach, MILE, 240)
    zones = selectors.zones_as_of(athlete=athlete, on=OCT)
    assert zones[Decimal("800.000")].note.startswith("Riegel k=1.136 from Mile in 4:00.0")
    assert not zones[MILE].model_filled and not zones[FIVE_K].model_filled


def test_a_trusted_value_replaces_the_model_at_once(athlete, coach):
    race(athlete, coach, FIVE_K, 870)
    assert selectors.zones_as_of(athlete=athlete, on=NOV)[MILE].model_filled
    services.zone_set(
        athlete=athlete,
        distance_m=MILE,
        time_ms=245_000,
        on=NOV,
        recorded_by=coach,
        note="From his 1200s",
    )
    mile = selectors.zones_as_of(athlete=athlete, on=NOV)[MILE]
    assert (mile.source, mile.time_ms) == ("coach", 245_000)
    race(athlete, coach, FIVE_K, 860, on=date(2026, 11, 20))  # a later model never overrides
    assert selectors.zones_as_of(athlete=athlete, on=date(2026, 11, 21))[MILE].time_ms == 245_000


def test_zones_as_of_a_date_ignore_what_came_later(athlete, coach):
    race(athlete, coach, FIVE_K, 900, on=OCT)
    race(athlete, coach, FIVE_K, 870, on=NOV)
    assert selectors.zones_as_of(athlete=athlete, on=date(2026, 10, 31))[FIVE_K].time_ms == 900_000
    assert selectors.zones_as_of(athlete=athlete, on=NOV)[FIVE_K].time_ms == 870_000
    assert selectors.zones_as_of(athlete=athlete, on=date(2026, 10, 3)) == {}


def test_a_correction_keeps_the_entry_it_corrects(athlete, coach):
    typo = services.zone_set(
        athlete=athlete, distance_m=K3, time_ms=529_000, on=OCT, recorded_by=coach
    )
    fixed = services.zone_correct(
        entry=typo, time_ms=519_000, note="typed 10 s slow", recorded_by=coach
    )
    assert selectors.zones_as_of(athlete=athlete, on=OCT)[K3].time_ms == 519_000
    typo.refresh_from_db()
    assert typo.time_ms == 529_000 and typo.correction == fixed
    assert list(selectors.zone_history(athlete=athlete)) == [fixed, typo]


def test_an_entry_is_corrected_once_and_with_a_reason(athlete, coach):
    entry = services.zone_set(
        athlete=athlete, distance_m=K3, time_ms=529_000, on=OCT, recorded_by=coach
    )
    with pytest.raises(services.ZoneRuleError, match="why"):
        services.zone_correct(entry=entry, time_ms=519_000, note=" ", recorded_by=coach)
    services.zone_correct(entry=entry, time_ms=519_000, note="typo", recorded_by=coach)
    with pytest.raises(services.ZoneRuleError, match="already been corrected"):
        services.zone_correct(entry=entry, time_ms=518_000, note="again", recorded_by=coach)


def test_entries_are_never_changed_in_place(athlete, coach):
    entry = services.zone_set(
        athlete=athlete, distance_m=K3, time_ms=529_000, on=OCT, recorded_by=coach
    )
    entry.time_ms = 1
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    assert ZoneEntry.objects.get().time_ms == 529_000


def test_replaying_a_race_or_a_zone_with_its_key_records_once(athlete, coach):
    key = uuid.uuid4()
    first = race(athlete, coach, FIVE_K, 870, client_key=key)
    again = race(athlete, coach, FIVE_K, 870, client_key=key)
    assert first == again and RaceResult.objects.count() == 1
    entries = ZoneEntry.objects.count()
    zone_key = uuid.uuid4()
    for _ in range(2):
        services.zone_set(
            athlete=athlete,
            distance_m=K3,
            time_ms=529_000,
            on=OCT,
            recorded_by=coach,
            client_key=zone_key,
        )
    assert ZoneEntry.objects.count() == entries + 1


def test_refill_writes_only_what_changed(athlete, coach):
    race(athlete, coach, FIVE_K, 870, on=OCT)
    modelled = ZoneEntry.objects.filter(source=ZoneSource.MODEL).count()
    assert services.zones_refill(athlete=athlete, on=NOV) == []
    assert ZoneEntry.objects.filter(source=ZoneSource.MODEL).count() == modelled


def test_a_race_off_the_zone_distances_still_fills_the_zones(athlete, coach):
    race(athlete, coach, Decimal("2000.000"), 5 * 60 + 40)
    zones = selectors.zones_as_of(athlete=athlete, on=OCT)
    assert Decimal("2000.000") not in zones
    assert all(zone.model_filled for zone in zones.values())
    assert len(zones) == len(selectors.STANDARD_ZONES)


def test_results_older_than_a_year_fill_nothing(athlete, coach):
    race(athlete, coach, FIVE_K, 870, on=date(2025, 9, 1))
    assert services.zones_refill(athlete=athlete, on=NOV) == []


def test_a_coach_sets_zones_by_hand_or_as_an_estimate_only(athlete, coach):
    with pytest.raises(services.ZoneRuleError):
        services.zone_set(
            athlete=athlete, distance_m=K3, time_ms=1, on=OCT, recorded_by=coach, source="race"
        )
