"""Bounds every writer must respect, whichever door the write comes through (a form, a
command, the API). Pure Python, no Django: services call these with today's date.
"""

from datetime import date, timedelta

from .errors import RuleError

EARLIEST_DATE = date(1900, 1, 1)
SHORTEST_RACE_M, LONGEST_RACE_M = 100, 500_000
ZONE_SET_AHEAD = timedelta(days=366)  # a coach may plan a zone change up to a year ahead
PRESCRIBE_BEHIND = timedelta(days=5 * 366)  # back-filling past seasons
PRESCRIBE_AHEAD = timedelta(days=2 * 366)  # planning the next season


def date_within(day: date, *, latest: date, earliest: date = EARLIEST_DATE, field: str) -> date:
    """`day` when a coach could mean it, else a RuleError naming the bound."""
    if day < earliest:
        raise RuleError(f"That is before {earliest:%-d %b %Y}: check the year.", field=field)
    if day > latest:
        raise RuleError(f"That is after {latest:%-d %b %Y}: check the date.", field=field)
    return day


def race_date_check(day: date, *, today: date) -> date:
    """A race is run between 1900 and today, never in the future."""
    return date_within(day, latest=today, field="date")


def zone_date_check(day: date, *, today: date) -> date:
    return date_within(day, latest=today + ZONE_SET_AHEAD, field="effective_date")


def session_date_check(day: date, *, today: date) -> date:
    return date_within(
        day, earliest=today - PRESCRIBE_BEHIND, latest=today + PRESCRIBE_AHEAD, field="date"
    )


def race_distance_check(distance_m: float) -> None:
    if not SHORTEST_RACE_M <= distance_m <= LONGEST_RACE_M:
        raise RuleError(
            f"A race is {SHORTEST_RACE_M}m to {LONGEST_RACE_M // 1000}km.", field="distance"
        )
