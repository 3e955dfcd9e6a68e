"""Race results and zone history: the rules a coach relies on."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athletes import paces, selectors, services
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


# ---------------------------------------------------------------- slower races and voids

TEN_K, K1500 = Decimal("10000.000"), Decimal("1500.000")


def zone(athlete, distance, on=NOV):
    return selectors.zones_as_of(athlete=athlete, on=on)[distance]


def test_a_slower_race_keeps_the_zone_unless_the_coach_confirms(athlete, coach):
    race(athlete, coach, FIVE_K, 870, on=OCT)
    bad_day = race(athlete, coach, FIVE_K, 905, on=NOV)
    held = zone(athlete, FIVE_K)
    assert (held.time_ms, held.effective_date) == (870_000, OCT)
    assert RaceResult.objects.filter(pk=bad_day.pk).exists()  # the race is kept all the same
    race(athlete, coach, FIVE_K, 900, on=NOV, slower_becomes_zone=True)
    assert zone(athlete, FIVE_K).time_ms == 900_000


def test_a_faster_race_becomes_the_zone_without_asking(athlete, coach):
    race(athlete, coach, FIVE_K, 870, on=OCT)
    race(athlete, coach, FIVE_K, 860, on=NOV)
    assert zone(athlete, FIVE_K).time_ms == 860_000


def test_a_race_slower_than_a_model_zone_leaves_the_model_value(athlete, coach):
    race(athlete, coach, FIVE_K, 870, on=OCT)
    modelled = zone(athlete, TEN_K)
    race(athlete, coach, TEN_K, modelled.time_ms / 1000 + 60, on=NOV)
    assert zone(athlete, TEN_K).model_filled


def test_a_voided_race_stays_in_the_history_but_sets_no_zone(athlete, coach):
    race(athlete, coach, FIVE_K, 870, on=OCT)
    mistake = race(athlete, coach, FIVE_K, 840, on=NOV, venue="typo")
    model_mile_with_mistake = zone(athlete, MILE).time_ms
    voided = services.race_result_void(result=mistake, voided_by=coach)
    assert voided.voided and voided.voided_by == coach and voided.voided_at is not None
    assert zone(athlete, FIVE_K).time_ms == 870_000  # back to the race before
    mile = zone(athlete, MILE)
    assert mile.model_filled and mile.time_ms > model_mile_with_mistake
    assert mile.note == "VDOT 72.4 from 5,000m in 14:30"
    assert list(selectors.race_results(athlete=athlete)) == [
        mistake,
        RaceResult.objects.get(date=OCT),
    ]
    assert ZoneEntry.objects.filter(race_result=mistake).exists()  # history, never deleted


def test_voiding_twice_changes_nothing_more(athlete, coach):
    mistake = race(athlete, coach, FIVE_K, 870)
    first = services.race_result_void(result=mistake, voided_by=coach)
    entries = ZoneEntry.objects.count()
    again = services.race_result_void(result=mistake, voided_by=UserFactory(username="other"))
    assert (again.voided_at, again.voided_by) == (first.voided_at, coach)
    assert ZoneEntry.objects.count() == entries


def test_voiding_the_only_race_leaves_no_zone(athlete, coach):
    mistake = race(athlete, coach, FIVE_K, 870)
    services.race_result_void(result=mistake, voided_by=coach)
    assert selectors.zones_as_of(athlete=athlete, on=NOV) == {}
    assert selectors.squad_zones_as_of(squad=athlete.squad, on=NOV) == {}


def test_a_voided_race_no_longer_fills_later_model_zones(athlete, coach):
    mistake = race(athlete, coach, MILE, 230, on=OCT)  # 3:50 should have been 4:10
    race(athlete, coach, FIVE_K, 870, on=NOV)
    services.race_result_void(result=mistake, voided_by=coach)
    for zone_value in selectors.zones_as_of(athlete=athlete, on=NOV).values():
        assert "Mile" not in zone_value.note
    assert MILE in selectors.zones_as_of(athlete=athlete, on=NOV)  # filled from the 5K


# ---------------------------------------------------------------- model zones, over histories

ZONE_KEYS = [zone.distance_m for zone in selectors.STANDARD_ZONES]
RACE_KEYS = [K1500, MILE, Decimal("2000.000"), K3, FIVE_K, TEN_K]


def monotonic_breaks(zones) -> list[tuple]:
    """Pairs d1 < d2 where d2 is faster per metre, that the model could have avoided: a
    model zone against any shorter zone, or against a longer trusted zone that no shorter
    zone is slower than (where the coach's own zones disagree, the shorter wins)."""
    keys = sorted(zones)
    breaks = []
    for i, short in enumerate(keys):
        for long in keys[i + 1 :]:
            a, b = zones[short], zones[long]
            if not (a.model_filled or b.model_filled):
                continue
            if b.pace_s_per_m >= a.pace_s_per_m - 1e-6:
                continue
            slowest_below = max(zones[k].pace_s_per_m for k in keys if k < long)
            if b.model_filled or slowest_below <= b.pace_s_per_m + 1e-6:
                breaks.append((short, long))
    return breaks


@st.composite
def histories(draw):
    """Two to five races at several distances and dates within a year, fitness VDOT 45-70
    with each race up to 4 % off it."""
    found = []
    for _ in range(draw(st.integers(2, 5))):
        metres = draw(st.sampled_from(RACE_KEYS))
        seconds = paces.predict_time(draw(st.floats(45, 70)), float(metres))
        found.append(
            (
                metres,
                seconds * draw(st.floats(0.96, 1.04)),
                NOV - timedelta(draw(st.integers(0, 300))),
            )
        )
    return found


DB_PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@DB_PROPERTY
@given(histories(), st.data())
def test_over_any_history_a_faster_race_never_slows_a_model_zone_and_zones_stay_monotonic(
    history, data
):
    coach = UserFactory(username="coach")
    athlete = AthleteFactory()
    for metres, seconds, on in history:
        race(athlete, coach, metres, seconds, on=on)
    before = selectors.zones_as_of(athlete=athlete, on=NOV)
    assert monotonic_breaks(before) == []
    metres, seconds, _ = data.draw(st.sampled_from(history))
    race(athlete, coach, metres, seconds * data.draw(st.floats(0.90, 0.999)), on=NOV)
    after = selectors.zones_as_of(athlete=athlete, on=NOV)
    assert monotonic_breaks(after) == []
    for key, value in after.items():
        if value.model_filled and key in before:
            assert value.time_ms <= before[key].time_ms, key


def test_regression_a_faster_mile_no_longer_slows_the_model_10k(athlete, coach):
    race(athlete, coach, MILE, 260, on=OCT)
    race(athlete, coach, FIVE_K, 930, on=OCT)
    ten_k = zone(athlete, TEN_K)
    race(athlete, coach, MILE, 250, on=NOV)  # the exponent fitted to it is larger
    assert zone(athlete, TEN_K).model_filled
    assert zone(athlete, TEN_K).time_ms <= ten_k.time_ms


def test_regression_a_model_10k_is_never_faster_per_km_than_a_raced_3k(athlete, coach):
    race(athlete, coach, K1500, 225, on=OCT)  # a sharp 1500: VDOT alone says 29:06 for 10K
    race(athlete, coach, K3, 580, on=OCT, slower_becomes_zone=True)  # he raced 3:13.3/km
    ten_k = zone(athlete, TEN_K)
    assert ten_k.model_filled
    assert ten_k.pace_s_per_m >= 580 / 3000 - 1e-6
    assert ten_k.time_ms == pytest.approx(1_933_333, abs=2)


def test_a_coachs_value_refills_the_model_zones_around_it(athlete, coach):
    race(athlete, coach, K1500, 225, on=OCT)
    services.zone_set(athlete=athlete, distance_m=K3, time_ms=580_000, on=NOV, recorded_by=coach)
    assert zone(athlete, FIVE_K).pace_s_per_m >= 580 / 3000 - 1e-6
