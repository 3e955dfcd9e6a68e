"""Suggested zone updates from an athlete's splits: pure Python, no Django.

When an athlete's recent reps at one zone run consistently faster (or slower) than their
targets, the zone is probably out of date. The rule, for one athlete and one zone:

1. **The evidence.** Reps of sessions dated in the last `WINDOW_DAYS` (28) days up to today
   whose target is the plain zone (`@5K`, not `@5K-2%` nor `@2:54`), whose standing split is
   a time, whose target time was worked out from the zone, not overridden by the coach, and
   whose target time matches the zone's value in force today within `SAME_ZONE_TOLERANCE`
   (0.5 %). That last condition keeps reps prescribed from an older value of the zone out:
   they measure the athlete against a number the coach has already changed, so once a zone
   is updated (by this suggestion or otherwise) the evidence against the old value is spent.
2. **Enough of it.** At least `MIN_REPS` (6) such reps in at least `MIN_SESSIONS` (2)
   sessions. One session is one day: wind, heat, a bad night's sleep or a race the week
   after all move a whole session; two sessions a week or more apart do not share them.
   Six reps is a 6 x 1K, or the 1Ks of two breakdown sessions.
3. **Far enough.** The median of split ÷ target over the reps is beyond `MIN_CHANGE` (2 %)
   either side of 1. Hand timing on a 60–70 s rep is good to about 0.3 s (0.5 %), and
   athletes drift a percent either way inside a session; 2 % of a 14:30 5K is 17 s, a
   change a coach would make by hand. The median, not the mean, so one rep jogged or one
   mistyped split does not make the case.
4. **Consistent.** At least `MIN_SAME_SIDE` (80 %) of the reps are on the median's side of
   the target (a rep exactly on target is on neither side). A median 2 % fast made of half
   the reps very fast and half slow is an athlete pacing badly, not a zone out of date.

The suggested zone is the zone's value in force today scaled by the median ratio, rounded
to the tenth of a second. The evidence is named by a fingerprint of the zone and the reps
(assignment and rep, not the times): a dismissed suggestion comes back only when other
reps join the evidence (a new session, a rep that now counts), never for a corrected split
of a rep it already had.
"""

import hashlib
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

WINDOW_DAYS = 28
MIN_REPS = 6
MIN_SESSIONS = 2
MIN_CHANGE = 0.02
MIN_SAME_SIDE = 0.8
SAME_ZONE_TOLERANCE = 0.005

FASTER, SLOWER = "faster", "slower"


@dataclass(frozen=True)
class RepEvidence:
    """One rep run at a zone's pace: its target and the split that stands."""

    session_id: int
    session_date: date
    session_name: str
    assignment_id: int
    rep_id: int
    rep_n: int
    distance_m: float
    target_ms: int
    split_ms: int
    split_id: int = 0
    overridden: bool = False

    @property
    def ratio(self) -> float:
        return self.split_ms / self.target_ms

    @property
    def diff_ms(self) -> int:
        return self.split_ms - self.target_ms


@dataclass(frozen=True)
class Suggestion:
    """A zone to move, by how much, and the reps that say so (oldest first)."""

    zone_distance_m: Decimal
    current_ms: int
    suggested_ms: int
    median_ratio: float
    same_side: float
    evidence: tuple[RepEvidence, ...]
    fingerprint: str

    @property
    def direction(self) -> str:
        return FASTER if self.median_ratio < 1 else SLOWER

    @property
    def percent(self) -> float:
        """How far off the median rep ran, in percent of the target (always positive)."""
        return abs(self.median_ratio - 1) * 100

    @property
    def session_count(self) -> int:
        return len({rep.session_id for rep in self.evidence})

    @property
    def first_date(self) -> date:
        return self.evidence[0].session_date

    @property
    def last_date(self) -> date:
        return self.evidence[-1].session_date


def window_start(today: date) -> date:
    """The first session date the evidence may come from."""
    return today - timedelta(days=WINDOW_DAYS - 1)


def counts(rep: RepEvidence, *, zone_ms: int, zone_distance_m: float, today: date) -> bool:
    """Whether a rep is evidence about the zone's value in force today (rule 1)."""
    if rep.overridden or rep.target_ms <= 0 or rep.split_ms <= 0 or rep.distance_m <= 0:
        return False
    if not window_start(today) <= rep.session_date <= today:
        return False
    implied_zone_ms = rep.target_ms * zone_distance_m / rep.distance_m
    return abs(implied_zone_ms / zone_ms - 1) <= SAME_ZONE_TOLERANCE


def fingerprint(zone_distance_m: Decimal, reps: Iterable[RepEvidence]) -> str:
    """Names the evidence: the zone and which reps, not their times."""
    keys = sorted({(rep.assignment_id, rep.rep_id) for rep in reps})
    text = f"{zone_distance_m}|" + ",".join(f"{a}:{r}" for a, r in keys)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def suggest(
    *,
    zone_distance_m: Decimal,
    zone_ms: int,
    reps: Iterable[RepEvidence],
    today: date,
) -> Suggestion | None:
    """The suggestion the reps make for one zone of one athlete, or None (module docstring)."""
    evidence = sorted(
        (
            rep
            for rep in reps
            if counts(rep, zone_ms=zone_ms, zone_distance_m=float(zone_distance_m), today=today)
        ),
        key=lambda rep: (rep.session_date, rep.session_id, rep.rep_n),
    )
    if len(evidence) < MIN_REPS or len({rep.session_id for rep in evidence}) < MIN_SESSIONS:
        return None
    median = statistics.median(rep.ratio for rep in evidence)
    if abs(median - 1) <= MIN_CHANGE:
        return None
    faster = median < 1
    same = sum(1 for rep in evidence if (rep.ratio < 1 if faster else rep.ratio > 1))
    share = same / len(evidence)
    if share < MIN_SAME_SIDE:
        return None
    return Suggestion(
        zone_distance_m=zone_distance_m,
        current_ms=zone_ms,
        suggested_ms=round(zone_ms * median / 100) * 100,
        median_ratio=median,
        same_side=share,
        evidence=tuple(evidence),
        fingerprint=fingerprint(zone_distance_m, evidence),
    )


def summary(suggestion: Suggestion, zone_label: str) -> str:
    """One line for the zone entry's note, under 200 characters."""
    return (
        f"Estimate from {len(suggestion.evidence)} reps @{zone_label} in "
        f"{suggestion.session_count} sessions ({suggestion.first_date:%-d %b}–"
        f"{suggestion.last_date:%-d %b}): median {suggestion.percent:.1f}% "
        f"{suggestion.direction} than target."
    )
