"""A session as a FIT workout file for one athlete's watch (Garmin, Coros, Polar, Wahoo, …).

Pure Python, no Django: `workout_steps` maps a parsed session (workouts.notation) and the
athlete's targets to a list of steps; `fit_bytes` writes them with Garmin's FIT SDK
(garmin-fit-sdk), the one call to it, at the edge.

The steps:

- one work step per rep: its distance (`duration_type` distance) or, for a time rep, its
  duration; intensity active. The athlete's target time becomes a speed range (`target_type`
  speed, custom low/high in m/s): the target pace per 400 m, slower and faster by the squad's
  window (`Squad.fit_window_s_per_400`, ± 2 s per 400 m unless the coach sets another). A rep
  with no target time (none worked out, or a time rep) has an open target. Names read like the
  notation: `1K @5K 2:54`.
- the recovery after a rep as its own step, intensity rest: a distance (`400m`), a time (`90"`;
  for a range `2'-3'` the longest, so the watch never starts the rep early: press lap to go
  sooner), or open ("press lap") where the recovery is full, not stated, or a cycle
  (`on the 2:00`: what is left of it depends on the rep just run). No step follows the
  session's last rep.
- a warm-up or cool-down (`WU 15'`, `CD 2 mi`) as a step of intensity warmup or cooldown,
  ended by its time or distance (open when none is written); drills, strides and notes have
  no step.
- a repeated group (`2 x 1K`, `2 x (500m, 300m, 200m)`) as the group's steps followed by a
  FIT repeat step (`repeat_until_steps_cmplt`, `duration_value` the index of the group's first
  step, `target_value` the count), so the watch counts "set 1 of 2" the way the coach wrote it.

Where a watch cannot say exactly what the notation says:

- A repeat runs the same steps every time, but the expansion may differ in the last time
  round: what follows the group's last rep is the recovery before the next block (often "not
  stated") or the end of the session, not the recovery between sets. When that recovery is
  open (not stated, full) or there is none, the repeat is kept and its last time round ends
  with the between-sets recovery: press lap to end it, as an open step asks anyway. When it is
  a stated recovery of its own (`3'` between blocks), the repeat covers the identical rounds
  and the last round is written out after it. Rounds that differ in a rep (a coach's
  override of one rep's target) are written out one after another.
- Repeats nest at most MAX_REPEAT_DEPTH deep (the outer group and one inside it: what Garmin
  Connect builds and watches run); a deeper group is written out (its inner level flattened).
- A `1 x` group is just its steps: there is nothing to count.
- Step names are cut to STEP_NAME_MAX characters, the workout's name to WORKOUT_NAME_MAX:
  FIT strings may be longer, but watches show about this much.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from garmin_fit_sdk import Encoder

from . import notation

MAX_REPEAT_DEPTH = 2
STEP_NAME_MAX = 24
WORKOUT_NAME_MAX = 40
DEFAULT_WINDOW_S_PER_400 = 2.0
MAX_SPEED_M_S = 15.0  # faster than any runner: a target beyond it is a slip, left open

_FILE_ID, _WORKOUT, _WORKOUT_STEP = 0, 26, 27  # FIT global message numbers (profile mesg_num)
_SPEED_SCALE = 1000  # custom_target_speed_low/high: m/s × 1000
_DISTANCE_SCALE = 100  # duration_distance: m × 100
_TIME_SCALE = 1000  # duration_time: s × 1000


@dataclass(frozen=True)
class RepPlan:
    """What one athlete's watch shows for rep n: the target as written (`5K`) and their time
    for it in milliseconds (None: no target time)."""

    target: str = ""
    time_ms: int | None = None


@dataclass(frozen=True)
class Step:
    """One FIT workout step. kind: work, recovery, repeat, warmup or cooldown.

    distance_m / duration_s: what ends the step (neither: open, press lap). speed_low/high:
    the target range in m/s (None: open target). For a repeat, `span` is how many steps back
    its group starts and `count` how many times it runs."""

    kind: str
    name: str = ""
    distance_m: float | None = None
    duration_s: float | None = None
    speed_low: float | None = None
    speed_high: float | None = None
    span: int = 0
    count: int = 0


WORK, RECOVERY, REPEAT = "work", "recovery", "repeat"
WARMUP, COOLDOWN = "warmup", "cooldown"  # FIT's own intensities for these steps


def _clock(ms: int) -> str:
    """`2:54`, `1:23.5`, `41.3`: a target time as the athlete reads it (tenths when there)."""
    tenths = round(ms / 100)
    seconds, tenth = divmod(tenths, 10)
    minutes, secs = divmod(seconds, 60)
    text = f"{minutes}:{secs:02d}" if minutes else f"{secs}"
    return f"{text}.{tenth}" if tenth else text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "~"


def speed_range(
    distance_m: float, time_ms: int, window_s_per_400: float
) -> tuple[float, float] | None:
    """(slowest, fastest) m/s around a target time: its pace per 400 m ± the window."""
    if distance_m <= 0 or time_ms <= 0:
        return None
    per_400 = time_ms / 1000 / distance_m * 400
    slow = per_400 + window_s_per_400
    fast = max(per_400 - window_s_per_400, per_400 / 10)  # a window wider than the pace
    if 400 / fast > MAX_SPEED_M_S:
        return None
    return 400 / slow, 400 / fast


def _work_step(rep: notation.ExpandedRep, plan: RepPlan, window: float) -> Step:
    amount = (
        notation.format_distance(rep.distance_m)
        if rep.distance_m is not None
        else notation.format_duration(rep.duration_s or 0.0)
    )
    parts = [amount]
    if plan.target:
        parts.append("@" + plan.target)
    speeds = None
    if plan.time_ms and rep.distance_m is not None:
        speeds = speed_range(rep.distance_m, plan.time_ms, window)
        parts.append(_clock(plan.time_ms))
    return Step(
        WORK,
        name=_cut(" ".join(parts), STEP_NAME_MAX),
        distance_m=rep.distance_m,
        duration_s=rep.duration_s if rep.distance_m is None else None,
        speed_low=speeds[0] if speeds else None,
        speed_high=speeds[1] if speeds else None,
    )


def _recovery_step(recovery: notation.Recovery | None) -> Step:
    if recovery is None:
        return Step(RECOVERY, name="press lap")
    name = _cut("r " + notation.render_recovery(recovery), STEP_NAME_MAX)
    if recovery.kind == notation.DISTANCE:
        return Step(RECOVERY, name=name, distance_m=recovery.distance_m)
    if recovery.kind == notation.TIME:
        seconds = recovery.duration_s
        if seconds is None and recovery.window_s is not None:
            seconds = recovery.window_s[1]
        return Step(RECOVERY, name=name, duration_s=seconds)
    return Step(RECOVERY, name=name)  # full recovery: open, press lap when ready


def _is_open(step: Step) -> bool:
    return step.kind == RECOVERY and step.distance_m is None and step.duration_s is None


class _Builder:
    def __init__(self, reps: list[notation.ExpandedRep], plans: Sequence[RepPlan], window: float):
        self.reps = reps
        self.plans = plans
        self.window = window
        self.at = 0  # the next expanded rep

    def steps(self, node: notation.Node, depth: int) -> list[Step]:
        if isinstance(node, notation.Rep):
            rep = self.reps[self.at]
            plan = self.plans[self.at] if self.at < len(self.plans) else RepPlan()
            self.at += 1
            found = [_work_step(rep, plan, self.window)]
            if self.at < len(self.reps):
                found.append(_recovery_step(rep.recovery))
            return found
        if isinstance(node, notation.Sequence):
            return [step for item in node.items for step in self.steps(item, depth)]
        if isinstance(node, notation.Segment):
            return _segment_steps(node)
        rounds = [self.steps(node.body, depth + 1) for _ in range(node.count)]
        if node.count == 1 or not rounds[0]:  # nothing to count, or no step (`3 x drills`)
            return rounds[0]
        if depth >= MAX_REPEAT_DEPTH:
            return [step for body in rounds for step in body]
        return _repeated(rounds)


def _segment_steps(segment: notation.Segment) -> list[Step]:
    """A warm-up or cool-down as the watch's own step (its time or distance, else open); the
    rest that is not a rep (drills, strides, notes) has no step: the watch runs reps."""
    kind = {"warm-up": WARMUP, "cool-down": COOLDOWN}.get(segment.kind)
    if kind is None:
        return []
    name = _cut(notation.render_segment(segment), STEP_NAME_MAX)
    return [Step(kind, name=name, distance_m=segment.distance_m, duration_s=segment.duration_s)]


def _repeat(body: list[Step], count: int) -> list[Step]:
    return [*body, Step(REPEAT, name=f"{count} x", span=len(body), count=count)]


def _repeated(rounds: list[list[Step]]) -> list[Step]:
    first, last = rounds[0], rounds[-1]
    middle_same = all(body == first for body in rounds[:-1])
    if middle_same and last == first:
        return _repeat(first, len(rounds))
    # The last round may differ only in what follows it: nothing (the session's end) or an
    # open step. Keep the repeat; its between-sets recovery ends with a lap press.
    if (
        middle_same
        and first
        and first[-1].kind == RECOVERY
        and (last == first[:-1] or (last[:-1] == first[:-1] and _is_open(last[-1])))
    ):
        return _repeat(first, len(rounds))
    same = 1
    while same < len(rounds) and rounds[same] == first:
        same += 1
    head = _repeat(first, same) if same > 1 else list(first)
    return head + [step for body in rounds[same:] for step in body]


def workout_steps(
    session: notation.Session,
    plans: Sequence[RepPlan],
    window_s_per_400: float = DEFAULT_WINDOW_S_PER_400,
) -> list[Step]:
    """The FIT steps of `session` for one athlete: plans[i] is their target for rep i + 1."""
    builder = _Builder(notation.expand(session), plans, float(window_s_per_400))
    return [step for block in session.blocks for step in builder.steps(block, 0)]


def _step_message(index: int, step: Step) -> dict:
    message: dict = {"mesg_num": _WORKOUT_STEP, "message_index": index}
    if step.kind == REPEAT:
        message |= {
            "duration_type": "repeat_until_steps_cmplt",
            "duration_value": index - step.span,
            "target_value": step.count,
        }
        if step.name:
            message["wkt_step_name"] = step.name
        return message
    message["wkt_step_name"] = step.name
    message["intensity"] = {WORK: "active", WARMUP: WARMUP, COOLDOWN: COOLDOWN}.get(
        step.kind, "rest"
    )
    if step.distance_m is not None:
        message["duration_type"] = "distance"
        message["duration_value"] = round(step.distance_m * _DISTANCE_SCALE)
    elif step.duration_s is not None:
        message["duration_type"] = "time"
        message["duration_value"] = round(step.duration_s * _TIME_SCALE)
    else:
        message["duration_type"] = "open"
    if step.speed_low is not None and step.speed_high is not None:
        message |= {
            "target_type": "speed",
            "target_value": 0,  # 0: a custom range, not a speed zone
            # Rounded outwards, so the range read back still holds the target time.
            "custom_target_value_low": math.floor(step.speed_low * _SPEED_SCALE),
            "custom_target_value_high": math.ceil(step.speed_high * _SPEED_SCALE),
        }
    else:
        message["target_type"] = "open"
    return message


def fit_bytes(
    name: str, steps: list[Step], *, created: datetime.datetime, serial_number: int = 1
) -> bytes:
    """The FIT workout file: file_id, workout (running, `name`), then each step."""
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": _FILE_ID,
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": max(1, serial_number % 2**32),
            "time_created": created,
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": _WORKOUT,
            "wkt_name": _cut(name, WORKOUT_NAME_MAX) or "Session",
            "sport": "running",
            "sub_sport": "generic",
            "num_valid_steps": len(steps),
        }
    )
    for index, step in enumerate(steps):
        encoder.write_mesg(_step_message(index, step))
    return encoder.close()
