"""Laps from a watch's FIT activity file, matched to a session's reps. Pure Python: no Django.

Two halves. `read_activity` is the edge: it decodes the file's bytes with Garmin's SDK
(`garmin_fit_sdk`) into laps, or refuses with a `FitError` saying why (not a FIT file, damaged
or cut short, not an activity, another sport, no laps). `match_laps` is a pure function of
the laps and the reps:

- A lap the watch marked warm-up or cool-down is left out; one marked rest or recovery is a
  recovery. Neither is ever matched to a rep.
- The other laps are lined up with the reps in order (an alignment that may skip laps and
  leave reps unmatched, choosing the cheapest): a lap is matched to a rep when its distance
  (for a time rep, its duration) is within 12 % of the rep's. A lap run well below the pace of
  the work laps (under 75 % of the typical speed of the fastest laps, as many as there are
  reps) is taken for a recovery, so a 300 m jog is not mistaken for the 300 m rep after it.
- Laps before the first matched lap are the warm-up, after the last the cool-down.
- A lap that falls where reps are unmatched is listed, never guessed: when its distance could
  hold those reps and the recoveries between them it says so (a missed lap press). A lap at
  work pace between two matched reps is an extra lap (a press by mistake), listed too.
- Each matched rep is `sure` (within 3 % or 10 m; a time rep within 3 % or 2 s, and at work
  pace) or `check` (within 12 %, or slow), with the reason: "lap 7: 1,003 m for 1K, 2:52.4".
"""

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from athletes.errors import DomainError

from .notation import format_distance, format_duration
from .splits import format_split

MAX_LAPS = 500  # more than any session has reps and recoveries; a day's laps stay a page
TOLERANCE = 0.12  # the furthest a matched lap's distance (or duration) is from the rep's
SURE = 0.03  # within this (or SURE_M / SURE_S), a match needs no second look
SURE_M, SURE_S = 10.0, 2.0
SLOW = 0.75  # a lap slower than this share of the work laps' speed is a recovery
WARMUP, COOLDOWN, RECOVERY, UNMATCHED = "warm-up", "cool-down", "recovery", "unmatched"
RUNNING = {"running", "generic"}  # generic: a watch that does not say


class FitError(DomainError):
    """A file refused, with what to do about it."""


@dataclass(frozen=True)
class Lap:
    n: int  # 1-based, in the file's order
    elapsed_s: float
    distance_m: float | None
    intensity: str = "active"
    trigger: str = "manual"

    @property
    def speed(self) -> float | None:
        if not self.distance_m or self.elapsed_s <= 0:
            return None
        return self.distance_m / self.elapsed_s

    def describe(self) -> str:
        """ "lap 7: 1,003 m in 2:52.4"."""
        distance = f"{round(self.distance_m):,} m" if self.distance_m is not None else "no distance"
        return f"lap {self.n}: {distance} in {format_split(self.elapsed_s)}"


@dataclass(frozen=True)
class Activity:
    sha256: str
    sport: str
    laps: tuple[Lap, ...]


@dataclass(frozen=True)
class RepShape:
    n: int
    distance_m: float | None
    duration_s: float | None
    recovery_m: float | None = None  # the stated recovery after it, when it is a distance

    def describe(self) -> str:
        if self.distance_m is not None:
            return format_distance(self.distance_m)
        if self.duration_s is not None:
            return format_duration(self.duration_s)
        return f"rep {self.n}"


class Confidence(StrEnum):
    SURE = "sure"
    CHECK = "check"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class RepMatch:
    rep: RepShape
    lap: Lap | None
    confidence: Confidence
    reason: str


@dataclass(frozen=True)
class LeftLap:
    """A lap matched to no rep: left out (warm-up, cool-down, recovery) or unmatched."""

    lap: Lap
    kind: str
    reason: str


@dataclass(frozen=True)
class LapMatching:
    reps: tuple[RepMatch, ...]
    left: tuple[LeftLap, ...]

    @property
    def unmatched(self) -> tuple[LeftLap, ...]:
        return tuple(left for left in self.left if left.kind == UNMATCHED)


# ---------------------------------------------------------------- reading the file


def read_activity(data: bytes) -> Activity:
    """The laps of a FIT activity file, or a FitError saying why there are none to read."""
    from garmin_fit_sdk import Decoder, Stream  # the edge: only this function needs the SDK

    if not data or not Decoder(Stream.from_byte_array(bytearray(data))).is_fit():
        raise FitError(
            "This is not a FIT file. Upload the .fit file your watch saved for the run "
            "(in Garmin Connect: ⚙ › Export Original; Coros and Polar: export as FIT)."
        )
    damaged = FitError(
        "This FIT file is damaged or cut short (its checksum does not match): download it "
        "again from your watch's app and upload that."
    )
    if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
        raise damaged
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        merge_heart_rates=False
    )
    if errors:
        raise damaged
    kinds = {str(mesg.get("type")) for mesg in messages.get("file_id_mesgs", ())}
    if "activity" not in kinds:
        shown = ", ".join(sorted(kinds)) or "of no kind"
        raise FitError(
            f"This FIT file is not an activity (it is {shown}): upload the file of the run."
        )
    sports = [
        str(mesg.get("sport"))
        for mesg in [*messages.get("session_mesgs", ()), *messages.get("sport_mesgs", ())]
        if mesg.get("sport") is not None
    ]
    other = next((sport for sport in sports if sport not in RUNNING), None)
    if other is not None and not any(sport in RUNNING for sport in sports):
        named = other.replace("_", " ") if not other.isdigit() else f"sport number {other}"
        raise FitError(f"This is a {named} activity, not a run: upload the file of the run.")
    laps = messages.get("lap_mesgs", [])
    if not laps:
        raise FitError(
            "This activity has no laps: press the lap button at the end of each rep and "
            "recovery (or run the session as a workout on the watch), then upload it."
        )
    if len(laps) > MAX_LAPS:
        raise FitError(f"This activity has {len(laps):,} laps, more than {MAX_LAPS}.")
    return Activity(
        sha256=hashlib.sha256(data).hexdigest(),
        sport=sports[0] if sports else "running",
        laps=tuple(_lap(n, mesg) for n, mesg in enumerate(laps, start=1)),
    )


def _lap(n: int, mesg: dict) -> Lap:
    elapsed = _number(mesg.get("total_elapsed_time"))
    if elapsed is None:
        elapsed = _number(mesg.get("total_timer_time")) or 0.0
    return Lap(
        n=n,
        elapsed_s=round(elapsed, 3),
        distance_m=_number(mesg.get("total_distance")),
        intensity=str(mesg.get("intensity") or "active"),
        trigger=str(mesg.get("lap_trigger") or "manual"),
    )


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if 0 <= value < 10**7 else None


# ---------------------------------------------------------------- matching laps to reps

_UNMATCHED_REP = 1.0  # leaving a rep without a lap
_EXTRA_LAP = 0.6  # skipping a lap at work pace between reps
_EDGE_LAP = 0.05  # skipping one before the first rep or after the last
_SLOW_MATCH = 0.8  # matching a lap run at recovery pace


def match_laps(laps: list[Lap] | tuple[Lap, ...], reps: list[RepShape]) -> LapMatching:
    """Each rep with the lap matched to it (or none) and why; every other lap, and why."""
    laps, reps = list(laps), list(reps)
    work_speed = _work_speed(laps, len(reps))

    def slow(lap: Lap) -> bool:
        return work_speed is not None and lap.speed is not None and lap.speed < SLOW * work_speed

    pairs = _align(laps, reps, slow)
    lap_of = {j: laps[i] for i, j in pairs}
    matched_at = {i: j for i, j in pairs}
    rows = []
    for j, rep in enumerate(reps):
        lap = lap_of.get(j)
        if lap is None:
            rows.append(RepMatch(rep, None, Confidence.UNMATCHED, "No lap matches it."))
        else:
            rows.append(_row(rep, lap, slow(lap)))
    left = [_left(i, laps, reps, matched_at, slow) for i in range(len(laps)) if i not in matched_at]
    return LapMatching(tuple(rows), tuple(left))


def _work_speed(laps: list[Lap], reps: int) -> float | None:
    speeds = sorted(
        (lap.speed for lap in laps if _matchable(lap) and lap.speed is not None), reverse=True
    )
    fastest = speeds[: max(1, min(reps, len(speeds)))]
    return fastest[len(fastest) // 2] if fastest else None


def _matchable(lap: Lap) -> bool:
    return lap.intensity not in {"warmup", "cooldown", "rest", "recovery"}


def _error(lap: Lap, rep: RepShape) -> float | None:
    """How far the lap is from the rep, as a share of the rep; None when it cannot be it."""
    if rep.distance_m:
        if lap.distance_m is None:
            return None
        return abs(lap.distance_m - rep.distance_m) / rep.distance_m
    if rep.duration_s:
        return abs(lap.elapsed_s - rep.duration_s) / rep.duration_s
    return None


def _align(laps: list[Lap], reps: list[RepShape], slow) -> list[tuple[int, int]]:
    """The cheapest in-order pairing of laps with reps: (lap index, rep index) pairs."""
    big = float("inf")
    n_laps, n_reps = len(laps), len(reps)
    cost = [[big] * (n_reps + 1) for _ in range(n_laps + 1)]
    step: list[list[str]] = [[""] * (n_reps + 1) for _ in range(n_laps + 1)]
    cost[0][0] = 0.0
    for i in range(n_laps + 1):
        for j in range(n_reps + 1):
            here = cost[i][j]
            if here == big:
                continue
            if j < n_reps and here + _UNMATCHED_REP < cost[i][j + 1]:
                cost[i][j + 1], step[i][j + 1] = here + _UNMATCHED_REP, "rep"
            if i == n_laps:
                continue
            lap = laps[i]
            if not _matchable(lap) or slow(lap):
                skip = 0.0
            elif j in (0, n_reps):
                skip = _EDGE_LAP
            else:
                skip = _EXTRA_LAP
            if here + skip < cost[i + 1][j]:
                cost[i + 1][j], step[i + 1][j] = here + skip, "lap"
            if j < n_reps and _matchable(lap):
                error = _error(lap, reps[j])
                if error is not None and error <= TOLERANCE:
                    total = here + 3 * error + (_SLOW_MATCH if slow(lap) else 0.0)
                    if total < cost[i + 1][j + 1]:
                        cost[i + 1][j + 1], step[i + 1][j + 1] = total, "match"
    pairs = []
    i, j = n_laps, n_reps
    while i or j:
        taken = step[i][j]
        if taken == "match":
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif taken == "lap":
            i -= 1
        else:
            j -= 1
    return sorted(pairs)


def _row(rep: RepShape, lap: Lap, slow: bool) -> RepMatch:
    if rep.distance_m:
        off = abs(lap.distance_m - rep.distance_m)
        sure = off <= max(SURE * rep.distance_m, SURE_M)
        said = f"lap {lap.n}: {round(lap.distance_m):,} m for {rep.describe()}, "
        said += format_split(lap.elapsed_s)
        longer = "long" if lap.distance_m > rep.distance_m else "short"
        share = off / rep.distance_m
    else:
        off = abs(lap.elapsed_s - rep.duration_s)
        sure = off <= max(SURE * rep.duration_s, SURE_S)
        distance = f", {round(lap.distance_m):,} m" if lap.distance_m is not None else ""
        said = f"lap {lap.n}: {format_split(lap.elapsed_s)} for {rep.describe()}{distance}"
        longer = "long" if lap.elapsed_s > rep.duration_s else "short"
        share = off / rep.duration_s
    if sure and not slow:
        return RepMatch(rep, lap, Confidence.SURE, said)
    why = f"{share:.0%} {longer}" if not sure else "slower than your other work laps"
    if not sure and slow:
        why += ", and slower than your other work laps"
    return RepMatch(rep, lap, Confidence.CHECK, f"{said} ({why}): check it")


def _left(i: int, laps: list[Lap], reps: list[RepShape], matched_at: dict, slow) -> LeftLap:
    lap = laps[i]
    labelled = {"warmup": WARMUP, "cooldown": COOLDOWN, "rest": RECOVERY, "recovery": RECOVERY}
    if lap.intensity in labelled:
        kind = labelled[lap.intensity]
        return LeftLap(lap, kind, f"{lap.describe()}: marked {kind} by the watch.")
    before = [j for k, j in matched_at.items() if k < i]
    after = [j for k, j in matched_at.items() if k > i]
    low = max(before) + 1 if before else 0
    high = min(after) if after else len(reps)
    missing = [reps[j] for j in range(low, high)]  # reps unmatched where this lap falls
    if missing and _could_hold(lap, missing):
        first, last = missing[0].n, missing[-1].n
        which = f"rep {first}" if first == last else f"reps {first}–{last}"
        between = " with the recoveries between" if first != last else ""
        pressed = " (a missed lap press?)" if first != last else ""
        return LeftLap(
            lap,
            UNMATCHED,
            f"{lap.describe()} could be {which}{between}{pressed}: not guessed, type "
            f"{'its time' if first == last else 'their times'}.",
        )
    if missing and not slow(lap):
        return LeftLap(lap, UNMATCHED, f"{lap.describe()}: matches no rep, not guessed.")
    if not before:
        return LeftLap(lap, WARMUP, f"{lap.describe()}: before the first rep.")
    if not after:
        return LeftLap(lap, COOLDOWN, f"{lap.describe()}: after the last rep.")
    if slow(lap):
        return LeftLap(lap, RECOVERY, f"{lap.describe()}: at recovery pace.")
    return LeftLap(lap, UNMATCHED, f"{lap.describe()}: an extra lap, matched to no rep.")


def _could_hold(lap: Lap, missing: list[RepShape]) -> bool:
    """Whether the lap could be these reps run as one (and the recoveries between)."""
    if lap.distance_m is None or any(not rep.distance_m for rep in missing):
        if all(rep.duration_s for rep in missing) and len(missing) >= 1:
            total = sum(rep.duration_s for rep in missing)
            return total * (1 - TOLERANCE) <= lap.elapsed_s <= total * 3
        return False
    total = sum(rep.distance_m for rep in missing)
    recoveries = sum(rep.recovery_m or 600.0 for rep in missing[:-1])
    return total * (1 - TOLERANCE) <= lap.distance_m <= (total + recoveries) * (1 + TOLERANCE)
