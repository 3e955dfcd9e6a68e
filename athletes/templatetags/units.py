"""Template filters that turn stored units (metres, milliseconds) into what runners read."""

from decimal import Decimal

from django import template

from athletes import paces

register = template.Library()


@register.filter
def race_time(time_ms: int | None) -> str:
    """1234567 → "20:34.6"."""
    if time_ms is None:
        return "—"
    return paces.format_time(time_ms / 1000)


@register.filter
def distance(metres: Decimal | float | None) -> str:
    """1609.344 → "Mile", 5000 → "5,000m"."""
    if metres is None:
        return "—"
    return paces.format_distance(float(metres))


@register.filter
def pace_per(seconds_per_metre: float | None, per: str) -> str:
    """A pace as "2:54/km", "4:40/mile" or "69.6/400"."""
    if seconds_per_metre is None:
        return "—"
    return paces.format_pace(seconds_per_metre, per=per)


@register.filter
def time_over(seconds_per_metre: float | None, metres) -> str:
    """The time for `metres` at this pace: the targets a coach reads off the zone."""
    if seconds_per_metre is None:
        return "—"
    return paces.format_time(paces.rep_target_time(seconds_per_metre, float(metres)))
