"""Pace math: times, paces, race-equivalence models and rep targets.

Pure Python (standard library only). Inside, a time is float seconds, a distance
is float metres and a pace is float seconds per metre; strings such as "2:54.0",
"4:00/mile" or "68/400" exist only at the edges (the parse_* and format_*
functions). Every unreadable or impossible input raises `PaceError` (an
`athletes.errors.DomainError`, so a `ValueError`) with a message a coach can act on.

Times
    parse_time reads "75.1", "66", "2:54.0", "14:30", "1:02:03" (seconds, m:ss,
    h:mm:ss; any number of decimals on the seconds). Once a larger unit is
    written, the smaller ones take exactly two digits below 60 ("2:5" is refused,
    not guessed). A time must be more than zero.
    format_time shows what a coach writes: under a minute "42.4"; under ten
    minutes "2:54.0" (tenths, as splits are timed); from ten minutes "14:30"; from
    an hour "1:02:03" (whole seconds). Rounding is half up at the shown precision,
    so 74.56 s shows as "1:14.6" and 599.96 s as "10:00".

Paces
    parse_pace reads "3:10/km" (also "/k"), "4:40/mile" (also "/mi") and a time
    per a number of metres: "68/400", "32/200m", "3:05/1000".
    format_pace(pace, per=) writes "2:54/km" and "4:00/mile" to the second and
    "69.6/400" to the tenth (laps are spoken in seconds up to 99.9: "88.0/400";
    from 100 s the lap shows as a time, "1:52.0/400").

Distances and zones
    PACE_ZONES is the one table of named pace zones; every other zone list derives
    from it: STANDARD_ZONES (the zones every athlete has, with their display labels:
    400, 800, 1500, Mile, 3K, 5K, 10K), ZONE_DISTANCES (the race-pace zones named
    here: those and HM, M) and workouts.notation.ZONES (the zones a target names after
    '@', 200 to marathon). zone_key(metres) is the one rounding of a zone distance
    used as a key (Decimal, to the millimetre).
    zone_distance/zone_name accept case and spacing variants ("5k", "Mile", "1 mile",
    "half marathon") and the zone's distance written as a number ("10000", "5km",
    "1500m"). parse_distance also accepts any other distance ("2000", "1,000m",
    "1.5 mile", "600 meters", "3 miles"). A bare "M" (any case) is the marathon zone,
    not metres.
    parse_zone_value reads a zone's value typed as its time ("14:30") or as a pace
    ("2:54/km", "68/400", scaled to the zone's distance) and refuses what no human
    runs (check_race_plausible).

Limits
    Typed text is at most 40 characters (MAX_TEXT_CHARS); digits are ASCII 0-9 only
    (a superscript or another script's digit is not a number here). A time is under
    MAX_TIME_S (1e9 s, what format_time can show); a distance, and the distance a pace
    is per, is at most 1,000 km (MAX_DISTANCE_M). Outside these a PaceError says so.

VDOT (Jack Daniels)
    Daniels and Gilbert, *Oxygen Power* (1979), v in metres per minute, t in minutes:
        oxygen cost     VO2(v)  = -4.60 + 0.182258 v + 0.000104 v^2
        fraction of max F(t)    = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)
        VDOT = VO2(d / t) / F(t)
    predict_time solves VDOT(d, t) = vdot for t by bisection (VDOT(d, t) falls as t
    grows wherever it is positive, so the root is unique). Daniels tabulates races
    from 1500 m up; shorter predictions (800, 400) extrapolate the same equations.

Training paces (Daniels' E, M, T, I, R)
    A zone's speed is the speed whose oxygen cost is a fraction of VDOT (the cost
    equation inverted). Fractions: E 62-70 %, T 88 %, I 97.5 % -- the fractions that
    reproduce the training-pace table in *Daniels' Running Formula* (Daniels' text
    describes E as 59-74 % and I as 95-100 % of VO2max). M is the predicted marathon
    pace. R is I pace less 6 s per 400 m (Daniels' rule of thumb).

Riegel
    T2 = T1 (D2 / D1)^k. Riegel's published k = 1.06 is too slow for short races,
    so predict_riegel refuses targets under 1500 m when it would use 1.06
    (exponent=None). An exponent fitted to the athlete's own two results
    (riegel_exponent) is trusted at any distance.

Filling zones (predict_zone, fill_zones)
    A zone nobody set (no race at its distance, no coach's value) is filled by a model
    from the athlete's results of 1500 m and longer (SHORTEST_MODEL_RACE_M; the caller
    passes the last year's, voided races left out). Two rules, so that model zones move
    only with the evidence:
    1. Evidence only speeds a zone up. The raw value at a distance is the fastest of
       every candidate the results support: VDOT from each result, and Riegel from each
       pair of results at two distances whose fitted exponent is believable
       (RIEGEL_FIT_RANGE), from the nearer of the two. Every result and pair keeps its
       candidate when another race is added, so adding a race (faster or not) never
       makes a model-filled zone slower; a faster mile can no longer slow the 10K by
       changing the fitted exponent.
    2. Zones are monotonic. For distances d1 < d2 the pace per metre at d2 is never
       faster than at d1, across trusted and model-filled zones together: going from
       the shortest zone up, a model zone is no slower per metre than the fastest
       longer trusted zone, and no faster than any shorter zone. Where the coach's own
       trusted zones disagree (a 5K trusted faster per km than the 3K), the model
       cannot satisfy both and follows the shorter: never faster than a shorter zone.
    Both rules only take minima and maxima of values that fall when a race is faster,
    so together they still never slow a zone when a faster race is added.

Zone adjustments ("@mile-2%", "@400+1s")
    "+" is always slower and "-" always faster. Percent applies to speed:
    -2 % gives speed x 1.02, +2 % gives speed x 0.98. Seconds apply per 400 m lap of
    the zone pace: 56/400 +1 s -> 57/400. Given both, the seconds are applied first.
    A rep's target time is the adjusted pace times the rep's distance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType

from athletes.errors import DomainError

MILE_M = 1609.344
LAP_M = 400.0
RIEGEL_EXPONENT = 1.06
RIEGEL_SHORTEST_TARGET_M = 1500.0
MAX_TIME_S = 1e9  # about 31 years: beyond any race, and within exact decimal rounding
MAX_DISTANCE_M = 1_000_000.0
MAX_TEXT_CHARS = 40
THOUSANDTH = Decimal("0.001")


@dataclass(frozen=True)
class PaceZone:
    """A distance whose race pace a coach names: "1K @5K", "500m @mile"."""

    name: str  # as a target names it after '@' in the notation: "5K", "mile", "marathon"
    distance_m: float
    race_name: str = ""  # its name in ZONE_DISTANCES ("M"); "" when it is not a race zone
    label: str = ""  # its label when every athlete has it by default ("Mile"); "" otherwise


PACE_ZONES: tuple[PaceZone, ...] = (
    PaceZone("200", 200.0),
    PaceZone("400", 400.0, race_name="400", label="400"),
    PaceZone("600", 600.0),
    PaceZone("800", 800.0, race_name="800", label="800"),
    PaceZone("1K", 1000.0),
    PaceZone("1500", 1500.0, race_name="1500", label="1500"),
    PaceZone("mile", MILE_M, race_name="mile", label="Mile"),
    PaceZone("2K", 2000.0),
    PaceZone("3K", 3000.0, race_name="3K", label="3K"),
    PaceZone("2 mile", 2 * MILE_M),
    PaceZone("5K", 5000.0, race_name="5K", label="5K"),
    PaceZone("8K", 8000.0),
    PaceZone("10K", 10000.0, race_name="10K", label="10K"),
    PaceZone("15K", 15000.0),
    PaceZone("HM", 21097.5, race_name="HM"),
    PaceZone("marathon", 42195.0, race_name="M"),
)
STANDARD_ZONES: tuple[tuple[str, float], ...] = tuple(
    (zone.label, zone.distance_m) for zone in PACE_ZONES if zone.label
)
ZONE_DISTANCES: MappingProxyType[str, float] = MappingProxyType(
    {zone.race_name: zone.distance_m for zone in PACE_ZONES if zone.race_name}
)

_ZONE_ALIASES = {
    **{name.lower(): name for name in ZONE_DISTANCES},
    "1mile": "mile",
    "mi": "mile",
    "1mi": "mile",
    "half": "HM",
    "halfmarathon": "HM",
    "marathon": "M",
}

_UNIT_METRES = {
    **dict.fromkeys(["", "m", "meters", "metres"], 1.0),
    **dict.fromkeys(["k", "km"], 1000.0),
    **dict.fromkeys(["mi", "mile", "miles"], MILE_M),
}
_DISTANCE_RE = re.compile(
    r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)(meters|metres|miles|mile|mi|km|k|m)?"
)
_TIME_RE = re.compile(
    r"(?:(?:(?P<h>[0-9]+):(?P<hm>[0-9]{2})|(?P<m>[0-9]+)):(?P<ms>[0-9]{2}(?:\.[0-9]+)?)"
    r"|(?P<s>[0-9]+(?:\.[0-9]+)?))"
)
_FORMAT_PER = {"km": 1000.0, "mile": MILE_M, "400": LAP_M}

# Daniels-Gilbert oxygen cost, ml/kg/min, of running at v metres per minute.
_COST_CONSTANT, _COST_LINEAR, _COST_QUADRATIC = -4.60, 0.182258, 0.000104

# Fractions of VDOT for the training zones (see the module docstring).
EASY_FRACTIONS = (0.62, 0.70)
THRESHOLD_FRACTION = 0.88
INTERVAL_FRACTION = 0.975
REPETITION_SECONDS_PER_400_FASTER = 6.0


class PaceError(DomainError):
    """A time, pace, distance or model input that cannot be read or used."""


@dataclass(frozen=True)
class RaceTime:
    """A distance run in a time: one race result, or one prediction."""

    distance_m: float
    time_s: float

    def __post_init__(self) -> None:
        _require_positive(self.distance_m, "race distance")
        _require_positive(self.time_s, "race time")

    @property
    def pace(self) -> float:
        """Seconds per metre."""
        return self.time_s / self.distance_m


@dataclass(frozen=True)
class TrainingPaces:
    """Daniels' training paces in seconds per metre (smaller is faster)."""

    easy_slow: float
    easy_fast: float
    marathon: float
    threshold: float
    interval: float
    repetition: float


# ---------------------------------------------------------------- times


def parse_time(text: str) -> float:
    """Read "75.1", "2:54.0", "14:30" or "1:02:03" as seconds."""
    match = _TIME_RE.fullmatch(_typed_time_as_colons(_typed(text, "time").strip()))
    if match is None:
        raise PaceError(
            f"couldn't read the time {text!r}: expected seconds (75.1), m:ss (2:54.0) "
            "or h:mm:ss (1:02:03)"
        )
    if match["s"] is not None:
        seconds = float(match["s"])
    else:
        hours = int(match["h"] or 0)
        minutes = int(match["hm"] if match["h"] is not None else match["m"])
        seconds_part = float(match["ms"])
        if seconds_part >= 60 or (match["h"] is not None and minutes >= 60):
            raise PaceError(f"couldn't read the time {text!r}: minutes and seconds go up to 59")
        seconds = hours * 3600 + minutes * 60 + seconds_part
    if seconds <= 0:
        raise PaceError(f"the time {text!r} is zero; a time must be more than zero")
    if seconds >= MAX_TIME_S:
        raise PaceError(f"the time {text!r} is longer than any race: check it")
    return seconds


def _typed(text: str, what: str) -> str:
    """`text`, when it is text short enough to be a time, pace or distance."""
    if not isinstance(text, str):
        raise PaceError(f"expected a {what} as text, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise PaceError(
            f"'{text[:MAX_TEXT_CHARS]}…' is too long to be a {what} "
            f"(at most {MAX_TEXT_CHARS} characters)"
        )
    return text


def _typed_time_as_colons(text: str) -> str:
    """The other ways people type a time (docs/design.md §6), as colons: 4'05 and 4'05" -> 4:05,
    75" -> 75, 1.15.1 -> 1:15.1."""
    text = re.sub(r"^([0-9]+)'([0-9]{2}(?:\.[0-9]+)?)\"?$", r"\1:\2", text)
    text = re.sub(r'^([0-9]+(?:\.[0-9]+)?)"$', r"\1", text)
    return re.sub(r"^([0-9]+)\.([0-9]{2})\.([0-9]+)$", r"\1:\2.\3", text)


def format_time(seconds: float) -> str:
    """Write seconds as a coach does: "42.4", "2:54.0", "14:30", "1:02:03"."""
    _require_finite(seconds, "time")
    if not 0 <= seconds < MAX_TIME_S:
        raise PaceError(f"can't show a time of {seconds} s: expected 0 to {MAX_TIME_S:g} s")
    tenths = _round_half_up(seconds, "0.1")
    if tenths < 60:
        return f"{tenths:.1f}"
    if tenths < 600:
        minutes, rest = divmod(tenths, 60)
        return f"{int(minutes)}:{rest:04.1f}"
    return _format_whole_seconds(int(_round_half_up(seconds, "1")))


def _format_whole_seconds(total: int) -> str:
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _round_half_up(value: float, quantum: str) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- paces


def parse_pace(text: str) -> float:
    """Read "3:10/km", "4:40/mile" or "68/400" as seconds per metre."""
    if _typed(text, "pace").count("/") != 1:
        raise PaceError(
            f"couldn't read the pace {text!r}: expected a time per distance, "
            "like 3:10/km, 4:40/mile or 68/400"
        )
    time_text, per_text = text.split("/")
    per_m = _pace_unit_metres(per_text, text)
    return parse_time(time_text) / per_m


def _pace_unit_metres(per_text: str, text: str) -> float:
    unit = _squash(per_text)
    metres = _metres_or_none("1" + unit if unit.isalpha() else unit)  # "km" is "1km"
    if metres is None:
        raise PaceError(
            f"couldn't read the pace {text!r}: after '/' expected km, mile or metres (400)"
        )
    if not 0 < metres <= MAX_DISTANCE_M:
        raise PaceError(
            f"couldn't read the pace {text!r}: a pace is per more than 0 m and at most "
            f"{MAX_DISTANCE_M / 1000:,.0f} km"
        )
    return metres


def format_pace(seconds_per_metre: float, per: str = "km") -> str:
    """Write a pace per "km" ("2:54/km"), "mile" ("4:00/mile") or "400" ("69.6/400")."""
    if per not in _FORMAT_PER:
        raise PaceError(f"can't show a pace per {per!r}: expected km, mile or 400")
    _require_positive(seconds_per_metre, "pace")
    seconds = seconds_per_metre * _FORMAT_PER[per]
    if per == "400":
        lap = _round_half_up(seconds, "0.1")
        return f"{lap:.1f}/400" if lap < 100 else f"{format_time(seconds)}/400"
    return f"{_format_whole_seconds(int(_round_half_up(seconds, '1')))}/{per}"


# ---------------------------------------------------------------- distances


def parse_distance(text: str) -> float:
    """Read a zone name ("5K", "mile", "HM") or a distance ("2000", "600m", "1.5 mile")."""
    key = _squash(text)
    if key in _ZONE_ALIASES:
        return ZONE_DISTANCES[_ZONE_ALIASES[key]]
    metres = _metres_or_none(key)
    if metres is None:
        raise PaceError(
            f"couldn't read the distance {text!r}: expected metres (2000), a distance "
            f"with a unit (600m, 5km, 1.5 mile) or a zone ({', '.join(ZONE_DISTANCES)})"
        )
    if metres <= 0:
        raise PaceError(f"the distance {text!r} is zero; a distance must be more than zero")
    if metres > MAX_DISTANCE_M:
        raise PaceError(f"the distance {text!r} is over {MAX_DISTANCE_M / 1000:,.0f} km: check it")
    return metres


def zone_name(text: str) -> str:
    """The canonical zone name for "5k", "Mile", "1 mile", "10000", "half marathon"."""
    key = _squash(text)
    if key in _ZONE_ALIASES:
        return _ZONE_ALIASES[key]
    metres = _metres_or_none(key)
    for name, distance in ZONE_DISTANCES.items():
        if metres is not None and math.isclose(metres, distance, abs_tol=1e-6):
            return name
    raise PaceError(f"unknown pace zone {text!r}: expected one of {', '.join(ZONE_DISTANCES)}")


def zone_distance(text: str) -> float:
    """Metres of a named zone ("5k" -> 5000.0, "Mile" -> 1609.344)."""
    return ZONE_DISTANCES[zone_name(text)]


def zone_key(metres: float | int | str | Decimal) -> Decimal:
    """A zone distance as a key: Decimal metres to the millimetre (1609.344 -> 1609.344)."""
    try:
        key = Decimal(str(metres)).quantize(THOUSANDTH)
        if 0 < key <= Decimal(MAX_DISTANCE_M):
            return key
    except InvalidOperation:  # not a number, or not a finite one
        pass
    raise PaceError(
        f"a zone distance is more than 0 m and at most {MAX_DISTANCE_M / 1000:,.0f} km, "
        f"not {str(metres)[:MAX_TEXT_CHARS]!r}"
    )


def format_distance(metres: float) -> str:
    """What a track coach writes: 1609.344 -> "Mile", 3218.688 -> "2 Mile",
    5000 -> "5,000m", 21097.5 -> "21,097.5m"."""
    miles = metres / MILE_M
    if miles >= 1 and math.isclose(miles, round(miles), abs_tol=1e-6):
        return "Mile" if round(miles) == 1 else f"{round(miles)} Mile"
    if math.isclose(metres, round(metres), abs_tol=1e-6):
        return f"{round(metres):,}m"
    return f"{metres:,.1f}m"


def _squash(text: str) -> str:
    """Lower case without whitespace: "1 Mile" -> "1mile"."""
    return "".join(_typed(text, "distance").split()).lower()


def _metres_or_none(key: str) -> float | None:
    """Metres of a squashed "2000", "1,000m", "5km", "1.5mile"; None if it is not one."""
    match = _DISTANCE_RE.fullmatch(key)
    if match is None:
        return None
    return float(match[1].replace(",", "")) * _UNIT_METRES[match[2] or ""]


# ---------------------------------------------------------------- VDOT


def oxygen_cost(metres_per_minute: float) -> float:
    """Daniels-Gilbert oxygen cost of running at a speed, ml/kg/min."""
    v = metres_per_minute
    return _COST_CONSTANT + _COST_LINEAR * v + _COST_QUADRATIC * v * v


def fraction_of_max(minutes: float) -> float:
    """Daniels-Gilbert fraction of VO2max sustainable for a race lasting `minutes`."""
    return (
        0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)
    )


def vdot(distance_m: float, time_s: float) -> float:
    """Daniels' VDOT of a race: vdot(5000, 870) is about 72.4."""
    race = RaceTime(distance_m, time_s)
    value = _vdot_unchecked(race.distance_m, race.time_s)
    if value <= 0:
        raise PaceError(
            f"{_shown_time(time_s)} for {distance_m:g} m is too slow for the VDOT equations"
        )
    return value


def _vdot_unchecked(distance_m: float, time_s: float) -> float:
    minutes = time_s / 60.0
    return oxygen_cost(distance_m / minutes) / fraction_of_max(minutes)


def predict_time(vdot_value: float, distance_m: float) -> float:
    """Seconds to race `distance_m` at `vdot_value` (VDOT equations solved for t)."""
    _require_positive(vdot_value, "VDOT")
    _require_positive(distance_m, "distance")
    return _bisect_decreasing(lambda t: _vdot_unchecked(distance_m, t), vdot_value, distance_m)


def _bisect_decreasing(f: Callable[[float], float], target: float, distance_m: float) -> float:
    """The t where decreasing f(t) == target; brackets from a walking pace downwards."""
    slow = distance_m / 20.0 * 60.0  # 20 m/min: oxygen cost is negative, f < 0 < target
    fast = slow
    for _ in range(200):
        if f(fast) > target:
            break
        fast /= 2.0
    else:
        raise PaceError(f"no time over {distance_m:g} m matches a VDOT of {target:g}")
    for _ in range(200):
        middle = (fast + slow) / 2.0
        if f(middle) > target:
            fast = middle
        else:
            slow = middle
        if slow - fast <= 1e-9 * slow:
            break
    return (fast + slow) / 2.0


def predict_vdot(race: RaceTime, distance_m: float) -> float:
    """Equivalent time over `distance_m` for a race, by VDOT."""
    return predict_time(vdot(race.distance_m, race.time_s), distance_m)


def training_paces(vdot_value: float) -> TrainingPaces:
    """Daniels' E, M, T, I, R paces (seconds per metre) for a VDOT."""
    _require_positive(vdot_value, "VDOT")
    interval = _pace_at_fraction(vdot_value, INTERVAL_FRACTION)
    return TrainingPaces(
        easy_slow=_pace_at_fraction(vdot_value, EASY_FRACTIONS[0]),
        easy_fast=_pace_at_fraction(vdot_value, EASY_FRACTIONS[1]),
        marathon=predict_time(vdot_value, ZONE_DISTANCES["M"]) / ZONE_DISTANCES["M"],
        threshold=_pace_at_fraction(vdot_value, THRESHOLD_FRACTION),
        interval=interval,
        repetition=interval - REPETITION_SECONDS_PER_400_FASTER / LAP_M,
    )


def _pace_at_fraction(vdot_value: float, fraction: float) -> float:
    """Seconds per metre at the speed whose oxygen cost is fraction x VDOT."""
    a, b, c = _COST_QUADRATIC, _COST_LINEAR, _COST_CONSTANT - fraction * vdot_value
    metres_per_minute = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return 60.0 / metres_per_minute


# ---------------------------------------------------------------- Riegel


def riegel_exponent(result_a: RaceTime, result_b: RaceTime) -> float:
    """The exponent k that joins two of an athlete's results: ln(T2/T1) / ln(D2/D1)."""
    if math.isclose(result_a.distance_m, result_b.distance_m, rel_tol=1e-9):
        raise PaceError("fitting a Riegel exponent needs two results at different distances")
    exponent = math.log(result_b.time_s / result_a.time_s) / math.log(
        result_b.distance_m / result_a.distance_m
    )
    if exponent <= 1.0:
        raise PaceError(
            "these two results have the longer race at an equal or faster pace; "
            "they can't give a Riegel exponent"
        )
    return exponent


def predict_riegel(race: RaceTime, distance_m: float, exponent: float | None = None) -> float:
    """Riegel's T2 = T1 (D2/D1)^k.

    With exponent=None, Riegel's 1.06 is used and targets under 1500 m are refused
    (1.06 is too slow there). A given exponent, fitted to the athlete's own results,
    is used at any distance.
    """
    _require_positive(distance_m, "distance")
    if exponent is None:
        if distance_m < RIEGEL_SHORTEST_TARGET_M:
            raise PaceError(
                f"Riegel's {RIEGEL_EXPONENT} exponent is too slow below "
                f"{RIEGEL_SHORTEST_TARGET_M:g} m (asked for {distance_m:g} m); fit an "
                "exponent from two results or use VDOT"
            )
        exponent = RIEGEL_EXPONENT
    _require_positive(exponent, "Riegel exponent")
    try:
        time_s = race.time_s * (distance_m / race.distance_m) ** exponent
    except OverflowError:
        time_s = math.inf
    if not 0 < time_s < MAX_TIME_S:
        raise PaceError(
            f"Riegel's k={exponent:g} gives no believable time over "
            f"{format_distance(distance_m)} from {_describe(race)}"
        )
    return time_s


# ---------------------------------------------------------------- plausibility

# World records sit near VDOT 85-88 from 800 m up (the equations run higher below 800 m);
# VDOT 15 is a brisk walk. Outside these a typed time is a typo, not a race.
FASTEST_VDOT, FASTEST_VDOT_SHORT, SLOWEST_VDOT = 90.0, 105.0, 15.0


def check_race_plausible(distance_m: float, time_s: float) -> None:
    """Refuse a race time no human runs: faster than the world record, slower than walking."""
    RaceTime(distance_m, time_s)  # refuses what is no distance or time at all
    try:
        value = vdot(distance_m, time_s)
    except PaceError:  # too slow for the equations to say anything at all
        value = 0.0
    fastest = FASTEST_VDOT if distance_m >= 800 else FASTEST_VDOT_SHORT
    said = f"{_shown_time(time_s)} for {format_distance(distance_m)}"
    if value > fastest:
        raise PaceError(f"{said} is faster than the world record: check the time")
    if value < SLOWEST_VDOT:
        raise PaceError(f"{said} is slower than a brisk walk: check the time")


def parse_zone_value(text: str, zone_distance_m: float) -> float:
    """A zone's value typed as its time ("14:30") or as a pace ("2:54/km", "68/400"), as
    seconds for the zone's distance; refused when no human runs it."""
    _require_positive(zone_distance_m, "zone distance")
    if "/" in _typed(text, "time or pace"):
        time_s = parse_pace(text) * zone_distance_m
    else:
        time_s = parse_time(text)
    check_race_plausible(zone_distance_m, time_s)
    return time_s


# ---------------------------------------------------------------- filling zones

RIEGEL_FIT_RANGE = (1.01, 1.20)  # fitted exponents outside it are noise, not physiology
# Daniels' tables start at 1500 m; below it VDOT runs high (a 200m in 24.0 would "predict" a
# 12:08 5K), so shorter races never fill a zone.
SHORTEST_MODEL_RACE_M = 1500.0


@dataclass(frozen=True)
class ZonePrediction:
    """A zone's time filled by a model, and what it was worked out from, in words."""

    time_s: float
    model: str  # "vdot" or "riegel"
    basis: str


def predict_zone(results: Sequence[RaceTime], distance_m: float) -> ZonePrediction:
    """The fastest time over `distance_m` that the athlete's results of 1500 m and longer
    support (see "Filling zones" in the module docstring), before the zones are made
    monotonic by fill_zones."""
    usable = [r for r in results if r.distance_m >= SHORTEST_MODEL_RACE_M]
    if not usable:
        raise PaceError(
            f"filling a zone needs a race result of {SHORTEST_MODEL_RACE_M:g} m or longer"
        )
    _require_positive(distance_m, "zone distance")
    candidates = [_vdot_candidate(race, distance_m) for race in usable]
    for i, first in enumerate(usable):
        for second in usable[i + 1 :]:
            fitted = _riegel_fit(first, second, distance_m)
            if fitted is not None:
                candidates.append(fitted)
    return min(candidates, key=lambda candidate: (candidate.time_s, candidate.model))


def fill_zones(
    results: Sequence[RaceTime],
    zone_distances: Sequence[float],
    trusted: Mapping[float, float],
) -> dict[float, ZonePrediction]:
    """Fill every zone in `zone_distances` that has no trusted time (`trusted`: distance ->
    seconds), shortest first, so that no zone is faster per metre than a shorter one and
    none slower per metre than a longer trusted one (module docstring, "Filling zones")."""
    distances = sorted(set(zone_distances) | set(trusted))
    paces_so_far: list[float] = []  # seconds per metre of every shorter zone, filled or not
    filled: dict[float, ZonePrediction] = {}
    for distance in distances:
        if distance in trusted:
            paces_so_far.append(trusted[distance] / distance)
            continue
        raw = predict_zone(results, distance)
        pace = raw.time_s / distance
        longer = [(time / d, d) for d, time in trusted.items() if d > distance]
        fastest_longer = min(longer, default=None)
        basis = raw.basis
        if fastest_longer is not None and pace > fastest_longer[0]:
            pace = fastest_longer[0]
            basis = f"{raw.basis}; as fast as the {format_distance(fastest_longer[1])} zone"
        slowest_shorter = max(paces_so_far, default=0.0)
        if pace < slowest_shorter:
            pace = slowest_shorter
            basis = f"{raw.basis}; no faster per km than a shorter zone"
        paces_so_far.append(pace)
        filled[distance] = ZonePrediction(time_s=pace * distance, model=raw.model, basis=basis)
    return {distance: filled[distance] for distance in zone_distances if distance in filled}


def _vdot_candidate(race: RaceTime, distance_m: float) -> ZonePrediction:
    value = _race_vdot(race)
    return ZonePrediction(
        time_s=predict_time(value, distance_m),
        model="vdot",
        basis=f"VDOT {value:.1f} from {_describe(race)}",
    )


def _race_vdot(race: RaceTime) -> float:
    return vdot(race.distance_m, race.time_s)


def _riegel_fit(first: RaceTime, second: RaceTime, distance_m: float) -> ZonePrediction | None:
    shorter, longer = sorted((first, second), key=lambda race: race.distance_m)
    try:
        exponent = riegel_exponent(shorter, longer)
    except PaceError:
        return None
    low, high = RIEGEL_FIT_RANGE
    if not low <= exponent <= high:
        return None
    nearer = min((shorter, longer), key=lambda race: abs(math.log(distance_m / race.distance_m)))
    return ZonePrediction(
        time_s=predict_riegel(nearer, distance_m, exponent),
        model="riegel",
        basis=f"Riegel k={exponent:.3f} from {_describe(shorter)} and {_describe(longer)}",
    )


def _describe(race: RaceTime) -> str:
    return f"{format_distance(race.distance_m)} in {_shown_time(race.time_s)}"


def _shown_time(seconds: float) -> str:
    """format_time, or what a time too long for it is."""
    return format_time(seconds) if seconds < MAX_TIME_S else f"over {MAX_TIME_S:g} s"


# ---------------------------------------------------------------- adjustments and reps


def adjust_pace(
    seconds_per_metre: float, *, seconds_per_400: float = 0.0, percent: float = 0.0
) -> float:
    """A zone pace adjusted as "@400+1s" or "@mile-2%"; "+" is slower, "-" is faster.

    seconds_per_400 is added to the time of a 400 m lap at the pace; percent
    changes speed (+2 -> speed x 0.98, -2 -> speed x 1.02). Seconds apply first.
    """
    _require_positive(seconds_per_metre, "pace")
    _require_finite(seconds_per_400, "seconds per 400 m")
    _require_finite(percent, "percent")
    lap_s = seconds_per_metre * LAP_M + seconds_per_400
    if lap_s <= 0:
        raise PaceError(
            f"{seconds_per_400:+g} s per 400 m leaves no time for a lap at "
            f"{format_pace(seconds_per_metre, '400')}"
        )
    speed_factor = 1.0 - percent / 100.0
    if speed_factor <= 0:
        raise PaceError(f"{percent:+g}% would stop the runner; a slowdown must be under 100%")
    return lap_s / LAP_M / speed_factor


def rep_target_time(
    pace_s_per_m: float,
    distance_m: float,
    *,
    seconds_per_400: float = 0.0,
    percent: float = 0.0,
) -> float:
    """Seconds for a rep of `distance_m` at a zone pace, adjusted (see adjust_pace)."""
    _require_positive(distance_m, "rep distance")
    pace = adjust_pace(pace_s_per_m, seconds_per_400=seconds_per_400, percent=percent)
    return pace * distance_m


# ---------------------------------------------------------------- checks


def _require_finite(value: float, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PaceError(f"the {what} must be a finite number, got {value!r}")


def _require_positive(value: float, what: str) -> None:
    _require_finite(value, what)
    if value <= 0:
        raise PaceError(f"the {what} must be more than zero, got {value!r}")
