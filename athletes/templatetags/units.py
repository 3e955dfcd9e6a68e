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
