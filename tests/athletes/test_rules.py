"""The bounds every writer meets (athletes/rules.py), at their edges."""

from datetime import date, timedelta

import pytest

from athletes import rules
from athletes.errors import RuleError

TODAY = date(2026, 11, 29)


def refused(check, *args, **kwargs) -> RuleError:
    with pytest.raises(RuleError) as refusal:
        check(*args, **kwargs)
    return refusal.value


def test_a_race_is_run_from_1900_to_today():
    assert rules.race_date_check(date(1900, 1, 1), today=TODAY) == date(1900, 1, 1)
    assert rules.race_date_check(TODAY, today=TODAY) == TODAY
    early = refused(rules.race_date_check, date(1899, 12, 31), today=TODAY)
    late = refused(rules.race_date_check, TODAY + timedelta(days=1), today=TODAY)
    assert "before 1 Jan 1900" in early.message and early.field == "date"
    assert "after 29 Nov 2026" in late.message


def test_a_zone_may_be_set_up_to_a_year_ahead():
    ahead = TODAY + rules.ZONE_SET_AHEAD
    assert rules.zone_date_check(ahead, today=TODAY) == ahead
    assert (
        refused(rules.zone_date_check, ahead + timedelta(days=1), today=TODAY).field
        == "effective_date"
    )


def test_a_session_is_five_years_back_to_two_ahead():
    for day in (TODAY - rules.PRESCRIBE_BEHIND, TODAY + rules.PRESCRIBE_AHEAD):
        assert rules.session_date_check(day, today=TODAY) == day
    for day in (date(1, 1, 1), date(9999, 12, 31)):
        assert refused(rules.session_date_check, day, today=TODAY).field == "date"


@pytest.mark.parametrize("metres", [100, 1609.344, 500_000])
def test_a_race_distance_within_bounds_passes(metres):
    rules.race_distance_check(metres)


@pytest.mark.parametrize("metres", [99.999, 0, -5, 500_000.001, 1e300])
def test_a_race_distance_out_of_bounds_is_refused(metres):
    assert refused(rules.race_distance_check, metres).field == "distance"
