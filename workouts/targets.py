"""A rep's target time from the athlete's zones: pure Python, no Django.

A rep's target is its inline one (`1K @5K`) or, failing that, the template's default for its
distance (`500m` means `500m @mile` when the defaults say `500m @mile`). A zone target needs
the athlete's pace for that zone; without it the rep has no target (never an error). An
explicit time (`@2:54`) is the rep's time; an explicit pace (`@68/400`) is scaled to the rep; a
range (`@68-70`) asks for its middle, shown with the range. Daniels' paces are run at the zone
`notation.race_zone` names (`T` at 15K pace); his `E` is easy running, with no target time.

A target time no human runs for the rep is no target time either, with the reason in a coach's
words: faster than world-record pace or slower than a brisk walk (the rule splits.py applies to
typed splits, `splits.rep_time_problem`), or longer than a day (notation.MAX_DURATION_S). So
every time given is a real one, and fits the database's milliseconds.

Zone paces and defaults are keyed by `paces.zone_key` of their distance.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from athletes import paces
from workouts import notation, splits


@dataclass(frozen=True)
class TargetTime:
    """What an athlete is asked to run for one rep."""

    target: str  # canonical target text ("5K", "mile-2%", "2:54"), "" when none applies
    time_s: float | None  # None: no target time (no zone, a time rep, or no human runs it)
    reason: str = ""  # why there is no time, in a coach's words


def parse_default_targets(text: str) -> dict[Decimal, notation.Target]:
    """Read "1K @5K, 500m @mile, 300m @800, 200m @400" into {distance: target}.

    Each comma-separated default is one rep in the session notation, a distance with a
    target. Raises notation.NotationError with the position in `text`.
    """
    defaults: dict[Decimal, notation.Target] = {}
    offset = 0
    for piece in text.split(","):
        start = offset + len(piece) - len(piece.lstrip())
        offset += len(piece) + 1
        if not piece.strip():
            if text.strip():
                raise notation.NotationError("empty default", start, "a default like 500m @mile")
            continue
        try:
            reps = notation.expand(notation.parse(piece.strip()))
        except notation.NotationError as error:
            raise notation.NotationError(
                error.message, start + error.position, error.expected
            ) from error
        if len(reps) != 1 or reps[0].distance_m is None or reps[0].target is None:
            raise notation.NotationError(
                f"'{piece.strip()}' is not one distance with a target",
                start,
                "a default like 500m @mile",
            )
        key = paces.zone_key(reps[0].distance_m)
        if key in defaults:
            raise notation.NotationError(
                f"a second default for {notation.format_distance(reps[0].distance_m)}",
                start,
                "one default per distance",
            )
        defaults[key] = reps[0].target
    return defaults


def target_for(
    rep: notation.ExpandedRep, defaults: Mapping[Decimal, notation.Target]
) -> notation.Target | None:
    if rep.target is not None:
        return rep.target
    if rep.distance_m is None:
        return None
    return defaults.get(paces.zone_key(rep.distance_m))


def target_time(
    target: notation.Target | None,
    distance_m: float | None,
    zone_paces: Mapping[Decimal, float],
    who: str = "",
) -> TargetTime:
    """The time for a rep of `distance_m` at `target`, with the athlete's zone paces
    (seconds per metre, keyed by zone distance). `who`, the athlete's name, makes a missing
    zone's reason name them ("no HM zone for Priya Okafor")."""
    if target is None:
        return TargetTime("", None, "no target set")
    text = notation.render_target(target)
    if distance_m is None:
        return TargetTime(text, None, "a time rep: run it at the pace")
    if target.zone:
        zone = notation.race_zone(target.zone)
        if zone is None:
            return TargetTime(text, None, f"{target.zone} is easy running: no target time")
        pace = zone_paces.get(paces.zone_key(notation.ZONES[zone]))
        if pace is None:
            missing = f"no {zone} zone"
            if zone != target.zone:
                missing = f"{target.zone} is {zone} pace, and there is no {zone} zone"
            return TargetTime(text, None, f"{missing} for {who}" if who else f"{missing} yet")
        try:
            seconds = paces.rep_target_time(
                pace, distance_m, seconds_per_400=target.adjust_s, percent=target.adjust_pct
            )
        except paces.PaceError as error:  # an adjustment no pace survives, e.g. @400-60s
            return TargetTime(text, None, str(error))
    elif target.per_m is not None:
        seconds = target.time_s / target.per_m * distance_m
    elif target.kind == "range":
        seconds = (target.time_s + target.until_s) / 2  # the middle of what the coach allows
    else:
        seconds = target.time_s
    return _believable(text, distance_m, seconds)


def _believable(text: str, distance_m: float, seconds: float) -> TargetTime:
    """The target time, or no time and why when no human runs it."""
    said = f"{splits.format_split(round(seconds, 1))} for {notation.format_distance(distance_m)}"
    if seconds > notation.MAX_DURATION_S:
        return TargetTime(text, None, f"{said} is longer than a day: check the target")
    problem = splits.rep_time_problem(distance_m, seconds)
    if problem is not None:
        return TargetTime(text, None, f"{said} is {problem}: check the target")
    return TargetTime(text, seconds)
