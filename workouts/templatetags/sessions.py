"""Filters for session pages: a split against its target, as a coach reads it."""

from django import template

from athletes import paces
from workouts import notation

register = template.Library()

ON_TARGET_MS = 500  # within half a second is on target


@register.filter
def diff(diff_ms: int | None) -> str:
    """+1.2 (slower than target), −0.8 (faster), ±0.0."""
    if diff_ms is None:
        return ""
    shown = paces.format_time(abs(diff_ms) / 1000)
    if shown == "0.0":
        return "±0.0"
    return f"{'+' if diff_ms > 0 else '−'}{shown}"


@register.filter
def diff_class(diff_ms: int | None) -> str:
    """on / slow / fast, for colouring a grid cell."""
    if diff_ms is None:
        return ""
    if abs(diff_ms) <= ON_TARGET_MS:
        return "on"
    return "slow" if diff_ms > 0 else "fast"


@register.simple_tag
def on_target_ms() -> int:
    """The margin diff_class calls on target, for the page's script to colour a split the
    same way before the server has answered."""
    return ON_TARGET_MS


@register.filter
def rep_distance(rep) -> str:
    """A rep as the notation writes it: 1K, 500m, 1 Mile, 3'."""
    if rep.distance_m is not None:
        return notation.format_distance(float(rep.distance_m))
    return notation.format_duration(float(rep.duration_s))


@register.filter
def seconds(value: float | None) -> str:
    """174.0 → 2:54.0."""
    return "" if value is None else paces.format_time(value)


@register.filter
def recovery_text(recovery) -> str:
    return notation.render_recovery(recovery)
