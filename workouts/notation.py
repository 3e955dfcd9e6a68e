"""The session notation: read, expand and write back a coach's interval session.

Pure Python, no Django. Metres and seconds (floats) inside; text only at the edges.

Grammar (informal; positions in errors are 0-based character indexes)::

    session   := block (BLOCK_SEP block)*       BLOCK_SEP: ' / ' (spaced slash), '+', ';', new line
    block     := item (ITEM_SEP item)*          ITEM_SEP:  ',', unspaced '/', '-' (spaced or not),
                                                or nothing after a ')' or ']' (`800 (3' rest) 400`)
    item      := [words] COUNT* unit [x COUNT] | recovery-item | words | segment
                 (words first are the rep's: `Tempo 20 min @ HM`, `Hills 8 x 60s`)
    COUNT     := N 'x' | N× | N 'by' | N 'reps of' | N 'sets of'   (N: 1-999; `4 x 3 x 400` nests)
    unit      := rep | '(' group ')' [group-recovery]
    group     := items separated by ITEM_SEP or BLOCK_SEP (inside '(' ')' every '/' is a sequence)
    rep       := quantity tail*    tail, in any order: words, target, recovery, `x 6` (a count)
    quantity  := distance | duration | N T|I|R|E (Daniels: N miles at his pace; E is a segment)
    distance  := NUMBER [m | meter(s) | metre(s) | K | km | Mile | mile(s) | mi | lap(s) (400m)]
                 (none: metres, at least 50; `300's` is 300m; `.25 mile`; yards are refused)
    duration  := 3' | 3'30" | 90" | 90s | 90 sec(s) | 3 min(s) | 3 minutes | 1:30 | 1:00:00
                 | N m with N under 50 (`5 x 3m`: minutes, a reading: the other is metres)
    target    := ('@' | 'at' | 'in') (zone [adjustment] ['pace'] | time-target) | zone 'pace'
               | T | I | R | M  | IAAF '(' time ')' right after the rep (`(62")`)
    zone      := 200 400 600 800 1K 1500 mile 2K 3K '2 mile' 5K 8K 10K 15K HM marathon
                 (ZONES, from athletes.paces.PACE_ZONES) or Daniels' T I R M E (DANIELS_PACES)
    time-target := time | time '/' per | time 'per' per | time '-' time | time 'to' time
                 | time ',' time ',' …    a pace (`@3:25/km`), a range (`@68-70`), a cut-down
                                         (`@64 to 62`, and `@64-62`, a reading), one per rep
    recovery  := 'w/' | 'w.' | 'with' | 'off' | 'r' | 'rec' … phrase [scope] | '(' phrase ')'
               | '[' phrase ['&' phrase] ']'  (IAAF: the rep's, then the set's)
               | 'on the' duration             (a cycle: the recovery is what is left of it)
    phrase    := distance [mode] ['in' duration ['-' duration]] | duration ['-' duration] [mode]
               | 'distance of (the) next|upcoming rep' | 'full recovery'
    mode      := jog | walk | rest | float | standing  ('r', 'rec', 'recovery' are dropped)
    scope     := 'between' ['reps' | 'sets'] | 'after each rep|set'
    recovery-item := a recovery standing as an item (`, 400m r`, `/ 90s jog`, `3' between sets`)
    segment   := (warm-up | WU | w/u | cool-down | CD | drills | strides | note:) [amount] [words]
               | amount segment-word | N strides         (shown, never a rep, never a target)

What a coach writes around the reps is never a rep:

- a recovery item belongs to what precedes it: the last rep written before it, in every
  time through (`8 x 200m @400 / 90s jog`, `3 x 1K @5K pace, 400m r`); with `between sets`,
  to the set (the repeat before it), after each time through;
- words alone are a note: the session's (a segment) when they make a block, else the words
  of the rep before them; words after a rep are its words (`label`), `@ words` its `note`;
- a word where a rep must start, that is neither, is an error with its position;
- words that would read back as something else after a rep (`M`, `mile pace`, `at mile`, `x`)
  are never a rep's words: the text is refused instead.

Readings (`read`): where a coach's text reads two ways the parser reads it the way a coach
most likely meant and records the other reading (`Reading`), with the whole notation written
canonically the other way, so a preview can offer it with one click. Canonical text never
reads two ways. The places:

- how far a count reaches in a comma list (the breakdown-set rule, below): the list, or
  the first item only;
- `m` after a number under 50: minutes, or metres;
- a falling `@64-62`: a cut-down across the reps, or a range;
- Daniels' `1T`: a mile, or a kilometre;
- IAAF `(62")` after a rep: the target, or a recovery;
- `400m R` as an item: Daniels' R pace, or a recovery;
- a target or recovery written once after a list of bare reps (`400, 800, 400 @5K`): every
  rep's, or the last rep's (canonically, the last rep alone is then in parentheses).

Readings that give the same reps either way are not reported.

Limits (beyond them the text is refused, with the position of the number):

- a number has at most 20 digits before its decimal point (MAX_NUMBER_DIGITS);
- a repeat count is 1 to 999 (MAX_COUNT), a session at most 5,000 reps (MAX_REPS), and
  parentheses nest at most 20 deep (MAX_DEPTH);
- a distance (a rep, a recovery, the distance a pace is per, a rule's distance) is 1 m to
  1,000,000 m;
- a duration or a time (a rep, a recovery, a time window, a target) is 0.1 s to 86,400 s,
  a day (MAX_DURATION_S);
- a target's adjustment is under 100 seconds per 400 m, or under 100 % (ADJUSTMENT_LIMIT);
- a list of times has one time for each time through its repeat.

Within them every session the parser accepts renders to canonical text that it reads back
to the same session: parse(render(session), render_rules(session.rules)) == session.

The breakdown-set rule: in a comma list an item with a count takes every following item that has
no count of its own, so `3 x 600m, 400m, 200m` is three sets of 600/400/200 while
`5 x 1000m, 3 x 300m` is two blocks. At the top level those runs are separate blocks; inside
parentheses they make one sequence. Segments never join a run.

Decisions where docs/design.md §5 is silent or ambiguous:

- A comma is a thousands separator only after one or two digits and before exactly three digits
  that are not followed by another digit or ',digit': `1,000m`, `10,000`, `1,609.344m` are one
  number; `500,300,200` and `500m, 300m` are lists.
- A number with no unit is metres and must be at least 50 (`3 Tempo` is an error, not 3 m).
  A word glued to a number that is not a unit (`400yds`) and unit-like words we do not take
  (ft, hours…) are errors; yards have their own message.
- A `/` with a space on one side only is an error (neither a block break nor a sequence).
- `@` followed by a word that is not a zone keeps the rest of the item as the rep's note
  (`400m @ easy effort`); `at` followed by one keeps it with the word (`at the track`).
  `@` followed by a number must be a valid target: a bare number below 100 is seconds (`@68`),
  a distance must be a pace zone (`@600m` is 600 pace; `@1234` is an error, never a note).
  `@80% effort` is a note. The word `pace` after a zone is dropped.
- Adjustment signs are kept as written (`@400+1s` → +1 s, `@mile-2%` → -2 %); what they mean for
  the target time is the pace model's business.
- Daniels' paces map onto race zones for target times: R mile, I 5K, T 15K, M marathon (his
  VDOT tables); E is easy running with no target time. Uppercase only: `1m` is not `1M`.
- A recovery after a group needs a count before the group (`3 x (…) (r 3')`): alone, it follows
  each set; with a rep recovery beside it (`[1' & 3']`, `w/ 200 jog & 5' between sets`),
  the first follows each rep.
- A cut-down gives the reps of its innermost repeat times from the first to the last, evenly,
  to 0.1 s; outside a repeat it is the first time.
- Canonical text: blocks joined by ` / `, items by `, `, `N x` with a space, a repeated sequence
  always in parentheses, distances as `400m`, `1K` (whole kilometres), `1.5 Mile` (mile
  multiples), `30 metres` (under 50 m), durations as `45"`, `90"`, `3'`, `2:30`, `1:00:00`,
  targets glued to '@' (`@5K`, `@mile-2%`, `@T`, `@2:54`, `@68/400`, `@68-70`, `@64 to 62`,
  `@33, 32, 31`; a pace per under 50 m keeps its unit, `@4/20m`), notes as `@ easy`,
  recoveries inline as `(r 400m in 3'-4')` or `(r on the 2')`, a set's as `N x (…) (r 5')`,
  segments as `warm-up 15'`, `strides 6 x 100m`, `2 Mile E`, `note: on grass`.

Recovery rules (the session-level text, e.g. the reference's
`400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets`):
rules are separated by ' / ', ';' or new lines; each is a recovery and a scope in either order:

    after [each|every|the] <distance> [rep(s)]   AFTER_DISTANCE: after every rep of that distance
    in|within [the] [<d>, <d>, …] [breakdown] sets  WITHIN_SETS: both this rep and the next are in
                                                  a set (a sequence) whose distances match the list
                                                  (same set, or a set that follows directly)
    between sets | after each set                 BETWEEN_SETS: last rep of one iteration of a
                                                  repeated group of several reps, before the next
    between blocks | after each block             BETWEEN_BLOCKS
    between reps | after each rep | (no scope)    EVERY_REP

When several apply, a set's own recovery (written in the notation) wins at the end of each
time through, then the rep's own inline recovery, then BETWEEN_BLOCKS, BETWEEN_SETS,
AFTER_DISTANCE, WITHIN_SETS, EVERY_REP (the first written wins a tie). No recovery follows the
last rep of the session. Where no rule applies the recovery is None ("not stated"): in the
reference, the last 200 of a breakdown set followed by a 1K has no recovery. "distance of next
rep" is resolved on expansion to the upcoming rep's distance (or its duration for a time rep).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import NoReturn

from athletes.errors import DomainError
from athletes.paces import MILE_M, PACE_ZONES

_MILE = Decimal(str(MILE_M))
MAX_COUNT = 999
MAX_REPS = 5000
MAX_DEPTH = 20
MAX_DURATION_S = 86_400.0  # a day: no rep, recovery or target time lasts longer
MAX_NUMBER_DIGITS = 20
MAX_READINGS = 12  # places read both ways (each costs a parse); no coach's line has more
ADJUSTMENT_LIMIT = 100  # an adjustment is under it: seconds per 400 m, or percent
_DISTANCE_LIMITS = (Decimal(1), Decimal(1_000_000), "m")
_DURATION_LIMITS = (Decimal("0.1"), Decimal(MAX_DURATION_S), "s")
_MIN_UNITLESS_M = 50

DISTANCE = "distance"
TIME = "time"
NEXT_REP = "next_rep"
FULL = "full"
CYCLE = "cycle"  # `on the 2:00`: the rep and its recovery take the duration together

EVERY_REP = "every_rep"
AFTER_DISTANCE = "after_distance"
WITHIN_SETS = "within_sets"
BETWEEN_SETS = "between_sets"
BETWEEN_BLOCKS = "between_blocks"
_SCOPE_RANK = {BETWEEN_BLOCKS: 0, BETWEEN_SETS: 1, AFTER_DISTANCE: 2, WITHIN_SETS: 3, EVERY_REP: 4}

ZONES: MappingProxyType[str, float] = MappingProxyType(
    {zone.name: zone.distance_m for zone in PACE_ZONES}
)
_ZONE_WORDS = {"mile": "mile", "miles": "mile", "mi": "mile", "hm": "HM", "marathon": "marathon"}
_DISTANCE_UNITS = {
    "m": Decimal(1),
    "meter": Decimal(1),
    "meters": Decimal(1),
    "metre": Decimal(1),
    "metres": Decimal(1),
    "k": Decimal(1000),
    "km": Decimal(1000),
    "kms": Decimal(1000),
    "ks": Decimal(1000),
    "mile": _MILE,
    "miles": _MILE,
    "mi": _MILE,
}
_TIME_UNITS = {
    "s": Decimal(1),
    "sec": Decimal(1),
    "secs": Decimal(1),
    "second": Decimal(1),
    "seconds": Decimal(1),
    "min": Decimal(60),
    "mins": Decimal(60),
    "minute": Decimal(60),
    "minutes": Decimal(60),
}
_FOREIGN_UNITS = {
    "yd",
    "yds",
    "yard",
    "yards",
    "ft",
    "feet",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
}
_YARDS = {"yd", "yds", "yard", "yards"}
_LAP_M = Decimal(400)
_MODES = {
    "jog": "jog",
    "jogging": "jog",
    "walk": "walk",
    "walking": "walk",
    "rest": "rest",
    "float": "float",
    "standing": "standing",
    "easy": "easy",
}
_RECOVERY_FILLERS = {"recovery", "rec", "r", "off"}
_INLINE_RECOVERY_WORDS = {"r", "rec", "recovery"}
_DETERMINERS = {"each", "every", "the", "a", "all", "any"}
_REP_WORDS = {"rep", "reps", "repeat", "repeats", "repetition", "repetitions"}
_SET_WORDS = {"set", "sets"}
_BLOCK_WORDS = {"block", "blocks"}
_RECOVERY_LEADS = {"r", "rec", "recovery", "off", "with", "full", *_MODES}
_LIST_ENDS = {",", "/", "+", ";", "nl", "end", ")", "]", "-"}
_SEGMENT_WORDS = {
    **dict.fromkeys(["wu", "w/u", "warmup", "warm-up", "w-up"], "warm-up"),
    **dict.fromkeys(
        ["cd", "c/d", "cooldown", "cool-down", "c-down", "warmdown", "warm-down"], "cool-down"
    ),
    **dict.fromkeys(["drills", "drill"], "drills"),
    **dict.fromkeys(["strides", "stride", "striders"], "strides"),
    "note": "note",
}
_TWO_WORD_SEGMENTS = {"warm": {"up": "warm-up", "down": "cool-down"}, "cool": {"down": "cool-down"}}
SEGMENT_KINDS = ("warm-up", "cool-down", "drills", "strides", "easy", "note")
# Jack Daniels' training paces, each run at the pace of the race zone it is closest to
# (his VDOT tables: R about mile pace, I about 5K, T about 15K, M the marathon); E is easy
# running, with no target time.
DANIELS_PACES: MappingProxyType[str, str | None] = MappingProxyType(
    {"E": None, "M": "marathon", "T": "15K", "I": "5K", "R": "mile"}
)
_NOTE_STOPS = {",", "/", "+", ";", "nl", "-", "(", ")", "@", "with", "end"}

_EXPECT_REP = "a rep like 400m, 1K, 1 Mile, 3' or 1:30"
_EXPECT_TARGET = "a target like 5K, mile, 400+1s, mile-2%, 2:54 or 68/400"
_EXPECT_RECOVERY = (
    "a recovery like 200m, 90\", 400m in 3'-4', full recovery or distance of next rep"
)
_EXPECT_UNIT = "a unit: m, metres, K, km, Mile, mi, laps, min or s"


class NotationError(DomainError):
    """Unreadable notation or recovery rules: what was expected, at which character."""

    position: int

    def __init__(self, message: str, position: int, expected: str = "", source: str = "notation"):
        super().__init__(message, position)
        self.expected = expected
        self.source = source

    def __str__(self) -> str:
        return f"at {self.position}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "message": self.message,
            "position": self.position,
            "expected": self.expected,
            "source": self.source,
        }


# --- the tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A zone (`5K`, or Daniels' `T`, optionally adjusted by seconds or percent), an explicit
    time, a pace, a range of times, a cut-down, or one time per rep.

    Exactly one of `zone`, `time_s` and `times` is set; `per_m` makes `time_s` a pace (time
    per distance). `until_s` is the other end: above `time_s` a range (`@68-70`), below it
    a cut-down from `time_s` to `until_s` across the reps of the repeat (`@64 to 62`).
    `times` is one time per rep of the repeat (`@33, 32, 31`).
    """

    zone: str = ""
    adjust_s: float = 0.0
    adjust_pct: float = 0.0
    time_s: float | None = None
    per_m: float | None = None
    until_s: float | None = None
    times: tuple[float, ...] = ()

    @property
    def kind(self) -> str:
        if self.zone:
            return "zone"
        if self.times:
            return "per-rep"
        if self.until_s is not None:
            return "range" if self.until_s > (self.time_s or 0.0) else "cut-down"
        return "pace" if self.per_m is not None else "time"

    def for_rep(self, k: int, count: int) -> Target:
        """The target of rep k (0-based) of `count` in the repeat the rep is in."""
        if self.times:
            return Target(time_s=self.times[k])
        if self.kind != "cut-down":
            return self
        if count < 2:
            return Target(time_s=self.time_s)
        start, end = self.time_s or 0.0, self.until_s or 0.0
        return Target(time_s=round(start + (end - start) * k / (count - 1), 1))


@dataclass(frozen=True)
class Recovery:
    """What follows a rep. kind: distance, time, next_rep (distance of the next rep) or full.

    `window_s` is a (shortest, longest) time: the time allowed for a distance recovery
    (`400m in 3'-4'`) or a time range (`2'-3'`, then `duration_s` is None).
    """

    kind: str
    distance_m: float | None = None
    duration_s: float | None = None
    window_s: tuple[float, float] | None = None
    mode: str = ""


@dataclass(frozen=True)
class Rep:
    """One rep: a distance or a duration (exactly one), an optional target or note."""

    distance_m: float | None
    duration_s: float | None
    target: Target | None = None
    label: str = ""
    note: str = ""
    recovery: Recovery | None = None


@dataclass(frozen=True)
class Repeat:
    """`count` times `body`; `recovery` follows each time through (`[3' & 5']`'s 5')."""

    count: int
    body: Node
    recovery: Recovery | None = None


@dataclass(frozen=True)
class Segment:
    """A part of the session that is not a rep: shown, never counted, never given a target.

    kind: warm-up, cool-down, drills, strides, easy (Daniels' E) or note (words alone).
    """

    kind: str
    count: int | None = None
    distance_m: float | None = None
    duration_s: float | None = None
    text: str = ""


@dataclass(frozen=True)
class Sequence:
    """Two or more nodes run one after the other (a breakdown set, a group in parentheses)."""

    items: tuple[Node, ...]


Node = Rep | Repeat | Sequence | Segment


@dataclass(frozen=True)
class RecoveryRule:
    recovery: Recovery
    scope: str = EVERY_REP
    distances: tuple[float, ...] = ()


@dataclass(frozen=True)
class RecoveryRules:
    rules: tuple[RecoveryRule, ...] = ()


@dataclass(frozen=True)
class Session:
    blocks: tuple[Node, ...]
    rules: RecoveryRules = RecoveryRules()


@dataclass(frozen=True)
class ExpandedRep:
    """A rep in running order. `block` and `set_index` (iteration of the block's repeat) are
    1-based; `recovery` is what follows this rep, resolved (never NEXT_REP)."""

    n: int
    distance_m: float | None
    duration_s: float | None
    target: Target | None
    label: str
    note: str
    recovery: Recovery | None
    block: int
    set_index: int


# --- lexing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int
    end: int
    value: Decimal | None = None
    spaced_before: bool = False
    spaced_after: bool = False


_SINGLE_CHARS = {
    "/": "/",
    ",": ",",
    "+": "+",
    ";": ";",
    "-": "-",
    "–": "-",
    "—": "-",
    "−": "-",
    "(": "(",
    ")": ")",
    "[": "[",
    "]": "]",
    "&": "&",
    "@": "@",
    "%": "%",
    "'": "'",
    "’": "'",
    "′": "'",
    '"': '"',
    "”": '"',
    "“": '"',
    "″": '"',
    "\n": "nl",
}
_DIGITS = "0123456789"


def _digits_end(text: str, i: int) -> int:
    while i < len(text) and text[i] in _DIGITS:
        i += 1
    return i


def _fraction(text: str, i: int) -> tuple[str, int]:
    if i + 1 < len(text) and text[i] == "." and text[i + 1] in _DIGITS:
        end = _digits_end(text, i + 1)
        return text[i:end], end
    return "", i


def _is_thousands_group(text: str, i: int) -> bool:
    """',ddd' at i, not followed by a digit nor by ',digit'."""
    group = text[i + 1 : i + 4]
    if text[i : i + 1] != "," or len(group) != 3 or any(c not in _DIGITS for c in group):
        return False
    after = text[i + 4 : i + 6]
    return not (after[:1] and after[0] in _DIGITS) and not (
        len(after) == 2 and after[0] == "," and after[1] in _DIGITS
    )


def _lex_time(text: str, start: int, first_end: int, source: str) -> tuple[Decimal, int]:
    parts = [text[start:first_end]]
    i = first_end
    while i < len(text) and text[i] == ":":
        end = _digits_end(text, i + 1)
        if end - (i + 1) != 2:
            raise NotationError(
                f"expected two digits after '{text[start : i + 1]}'", i + 1, "two digits", source
            )
        parts.append(text[i + 1 : end])
        i = end
    if len(parts) > 3:
        raise NotationError("expected a time like 1:30 or 1:00:00", start, "a time", source)
    if any(int(part) >= 60 for part in parts[1:]):
        raise NotationError(
            f"minutes and seconds must be under 60 in '{text[start:i]}'", start, "a time", source
        )
    fraction, i = _fraction(text, i)
    value = Decimal(0)
    for part in parts:
        value = value * 60 + Decimal(part)
    return value + (Decimal(fraction) if fraction else 0), i


def _lex_number(text: str, start: int, source: str) -> tuple[str, Decimal, int]:
    i = _digits_end(text, start)
    if i - start > MAX_NUMBER_DIGITS:
        raise NotationError(
            f"'{text[start : start + MAX_NUMBER_DIGITS]}…' is a number of more than "
            f"{MAX_NUMBER_DIGITS} digits",
            start,
            "a number like 400, 1.5 or 1:30",
            source,
        )
    if i < len(text) and text[i] == ":":
        value, end = _lex_time(text, start, i, source)
        return "time", value, end
    digits = text[start:i]
    if i - start <= 2 and _is_thousands_group(text, i):
        digits += text[i + 1 : i + 4]
        i += 4
    fraction, i = _fraction(text, i)
    return "num", Decimal((digits or "0") + fraction), _plural_end(text, i)


def _plural_end(text: str, i: int) -> int:
    """Past the `'s` of `300's` (three hundreds, not 300 minutes)."""
    if text[i : i + 2] in ("'s", "’s") and not text[i + 2 : i + 3].isalnum():
        return i + 2
    return i


_JOINED_WORDS = {"warm-up", "warm-down", "cool-down", "w-up", "c-down", "w/u", "c/d"}


def _lex_word(text: str, start: int) -> tuple[str, str, int]:
    i = start
    while i < len(text) and text[i].isalpha():
        i += 1
    joiner, after = text[i : i + 1], i + 1
    while after < len(text) and text[after].isalpha():
        after += 1
    if joiner in ("-", "/") and text[start:after].lower() in _JOINED_WORDS:
        return "word", text[start:after], after
    if text[start:i] in ("w", "W") and joiner in ("/", "."):
        return "with", text[start : i + 1], i + 1
    return "word", text[start:i], i


def _lex(text: str, source: str) -> list[_Token]:
    raw: list[tuple[str, str, int, int, Decimal | None]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace() and ch != "\n":
            i += 1
            continue
        value = None
        if ch in _DIGITS or (ch == "." and text[i + 1 : i + 2] in tuple(_DIGITS)):
            kind, value, end = _lex_number(text, i, source)
            word = text[i:end]
        elif ch.isalpha():
            kind, word, end = _lex_word(text, i)
        elif ch == "×":
            kind, word, end = "word", "x", i + 1
        else:
            kind, word, end = _SINGLE_CHARS.get(ch, "other"), ch, i + 1
        raw.append((kind, word, i, end, value))
        i = end
    tokens = [
        _Token(
            kind,
            word,
            pos,
            end,
            value,
            spaced_before=pos > 0 and text[pos - 1].isspace(),
            spaced_after=end < len(text) and text[end].isspace(),
        )
        for kind, word, pos, end, value in raw
    ]
    tokens.append(_Token("end", "", len(text), len(text)))
    return tokens


# --- parsing --------------------------------------------------------------------------------


@dataclass
class _Item:
    """One list item as read: a node with its counts, or a recovery or words (node None) that
    belong to what precedes."""

    start: int
    node: Node | None = None
    counts: tuple[int, ...] = ()
    recovery: Recovery | None = None
    words: str = ""
    set_recovery: Recovery | None = None  # follows each set of this item's repeat
    grouped: bool = False  # written in parentheses: what it carries is its own


@dataclass
class _Run:
    """Items joined by the breakdown-set rule: the first item's counts repeat them all."""

    start: int
    counts: tuple[int, ...]
    nodes: list[Node]
    set_recovery: Recovery | None = None
    items: list[_Item] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, source: str, flips: frozenset[tuple] = frozenset()) -> None:
        self.text = text
        self.source = source
        self.tokens = _lex(text, source)
        self.size = len(self.tokens)
        self.i = 0
        self.item_start = 0
        self.depth = 0
        self.flips = flips
        self.ambiguities: dict[tuple[str, int], tuple[int, int, str, str]] = {}
        self.list_positions: dict[int, int] = {}  # id of a per-rep Target -> where it is
        self.pending_set: Recovery | None = None
        self.postfix_count: int | None = None

    # token helpers

    def peek(self, ahead: int = 0) -> _Token:
        at = self.i + ahead
        return self.tokens[at] if at < self.size else self.tokens[-1]

    def advance(self) -> _Token:
        token = self.tokens[self.i]
        if self.i + 1 < self.size:
            self.i += 1
        return token

    def at_word(self, *words: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "word" and token.text.lower() in words

    def fail(self, message: str, expected: str, position: int | None = None) -> NoReturn:
        where = self.peek().pos if position is None else position
        raise NotationError(message, where, expected, self.source)

    def context(self, position: int | None = None) -> str:
        end = self.peek().pos if position is None else position
        written = " ".join(self.text[self.item_start : end].split())
        if not written and self.i > 0:
            written = self.tokens[self.i - 1].text
        return written if len(written) <= 24 else "…" + written[-24:]

    def expect_after(self, expected: str) -> NoReturn:
        found = self.peek()
        what = "the end" if found.kind == "end" else f"'{found.text}'"
        context = self.context()
        after = f" after '{context}'" if context else ""
        self.fail(f"expected {expected}{after}, found {what}", expected)

    def skip_newlines(self) -> None:
        while self.peek().kind == "nl":
            self.advance()

    def ambiguous(self, what: str, start: int, end: int, read_as: str, other_as: str) -> bool:
        """Note a reading with another one; True when asked to read it the other way."""
        self.ambiguities.setdefault((what, start), (start, end, read_as, other_as))
        return (what, start) in self.flips

    def attempt(self, read):
        """`read()`, or None with nothing consumed when it raises."""
        start = self.i
        try:
            return read()
        except NotationError:
            self.i = start
            return None

    # separators

    def is_slash(self, spaced: bool) -> bool:
        token = self.peek()
        if token.kind != "/":
            return False
        if token.spaced_before != token.spaced_after:
            self.fail(
                "ambiguous '/': write ' / ' between blocks or '/' with no spaces in a sequence",
                "' / ' or '/'",
            )
        return token.spaced_before == spaced

    def at_block_separator(self) -> bool:
        return self.peek().kind in ("+", ";", "nl") or self.is_slash(spaced=True)

    def block_separator(self, closing: str, expected: str = _EXPECT_REP) -> bool:
        """Consume one separator (new lines around it allowed); False at `closing`."""
        self.skip_newlines()
        token = self.peek()
        if token.kind == closing:
            return False
        if not self.at_block_separator():
            return True  # newlines alone separated the blocks
        self.advance()
        self.skip_newlines()
        following = self.peek()
        if following.kind == closing:
            self.fail(f"expected {expected} after '{token.text}'", expected)
        if self.at_block_separator():
            self.fail(
                f"empty block between '{token.text}' at {token.pos} and '{following.text}'",
                expected,
            )
        return True

    def item_separator(self) -> bool:
        if self.peek().kind in (",", "-") or self.is_slash(spaced=False):
            self.advance()
            self.skip_newlines()
            return True
        # `400/600/800 (3' rest) 800/600/400`: a bracket ends an item, the next may follow
        closed = self.i > 0 and self.tokens[self.i - 1].kind in (")", "]")
        return closed and self.peek().kind in ("num", "time")

    # structure

    def session(self) -> tuple[Node, ...]:
        self.skip_newlines()
        blocks: list[Node] = []
        while True:
            self.add_block(blocks, self.items(), top=True)
            if self.peek().kind == ")":
                self.fail("unmatched ')'", "',', ' / ', '+' or the end")
            if self.peek().kind not in ("nl", "end", "+", ";", "/"):
                self.expect_after("',', ' / ', '+', ';' or a new line")
            if not self.block_separator("end"):
                for block in blocks:
                    self.check_per_rep_targets(block)
                return tuple(blocks)

    def add_block(self, nodes: list[Node], items: list[_Item], top: bool) -> Recovery | None:
        """Settle a list's items into `nodes`; a list that is only a recovery belongs to the
        node before it (`8 x 200m / 90s jog`). Returns a set recovery no count took."""
        if len(items) == 1 and items[0].node is None:
            only = items[0]
            if only.words and (top or not nodes):
                nodes.append(Segment("note", text=only.words))
                return None
            if not nodes:
                self.fail("a recovery follows a rep: write the rep first", _EXPECT_REP, only.start)
            nodes[-1] = self.attached(nodes[-1], only)
            return None
        runs = self.runs(self.merged(items))
        leftover = None
        for run in runs:
            if run.counts:
                nodes.append(_repeated(run.counts, _joined(run.nodes), run.set_recovery))
            elif top and run.set_recovery is not None:
                self.fail(
                    "a recovery 'between sets' needs sets: put a count before them, as in "
                    "3 x (400m, 200m) w/ 3' between sets",
                    "a count",
                    run.start,
                )
            elif top:
                nodes.append(_joined(run.nodes))
            else:
                nodes.extend(run.nodes)
                leftover = leftover or run.set_recovery
        return leftover

    def merged(self, items: list[_Item]) -> list[_Item]:
        """Recoveries and words in a list joined to the item before them."""
        merged: list[_Item] = []
        for item in items:
            if item.node is not None:
                merged.append(item)
            elif not merged:
                if not item.words:
                    self.fail(
                        "a recovery follows a rep: write the rep first", _EXPECT_REP, item.start
                    )
                merged.append(_Item(item.start, Segment("note", text=item.words)))
            elif item.set_recovery is not None:
                merged[-1].set_recovery = item.set_recovery
            else:
                merged[-1].node = self.attached(merged[-1].node, item)
        return merged

    def attached(self, node: Node, item: _Item) -> Node:
        if item.set_recovery is not None:
            if isinstance(node, Repeat):
                return Repeat(node.count, node.body, item.set_recovery)
            item = _Item(item.start, recovery=item.set_recovery)
        if isinstance(node, Segment):
            if item.words:
                return Segment(
                    node.kind,
                    node.count,
                    node.distance_m,
                    node.duration_s,
                    " ".join(filter(None, [node.text, item.words])),
                )
            self.fail("a recovery follows a rep, not a warm-up or a note", _EXPECT_REP, item.start)
        if isinstance(node, Repeat):
            return Repeat(node.count, self.attached(node.body, item), node.recovery)
        if isinstance(node, Sequence):
            return Sequence((*node.items[:-1], self.attached(node.items[-1], item)))
        if item.words:
            label = " ".join(filter(None, [node.label, item.words]))
            return Rep(
                node.distance_m, node.duration_s, node.target, label, node.note, node.recovery
            )
        if node.recovery is not None:
            self.fail(
                "a second recovery after the same rep, which already has "
                f"'{render_recovery(node.recovery)}'",
                "one recovery per rep",
                item.start,
            )
        return Rep(
            node.distance_m, node.duration_s, node.target, node.label, node.note, item.recovery
        )

    def runs(self, items: list[_Item]) -> list[_Run]:
        """The breakdown-set rule: an item with no count joins the run before it; a coach may
        have meant the count for the first item only, so that is a reading with another."""
        runs: list[_Run] = []
        for item in items:
            joins = runs and not item.counts and not _is_segment(item.node)
            joins = joins and not _is_segment(runs[-1].nodes[-1])
            if joins and math.prod(runs[-1].counts) > 1:
                counted = runs[-1]
                first = self.text[counted.start : item.start].split(",")[0].strip()
                said = _spoken_counts(counted.counts)
                joins = not self.ambiguous(
                    "count",
                    counted.start,
                    item.start,
                    f"'{said}' repeats the list from '{first}' on",
                    f"'{said}' repeats '{first}' only",
                )
            if joins:
                runs[-1].nodes.append(item.node)
                runs[-1].items.append(item)
                runs[-1].set_recovery = runs[-1].set_recovery or item.set_recovery
            else:
                runs.append(_Run(item.start, item.counts, [item.node], item.set_recovery, [item]))
        for run in runs:
            run.nodes = self.shared_tail(run)
        return runs

    def shared_tail(self, run: _Run) -> list[Node]:
        """`400, 800, 1200 @5K w/ 200 jog`: a target or recovery written once after a list of
        bare reps is every rep's (a reading: the coach may have meant the last rep only;
        written canonically, the last rep alone is in parentheses)."""
        reps, last = run.nodes, run.items[-1]
        bare = all(isinstance(rep, Rep) for rep in reps) and len(reps) > 1 and not last.grouped
        if not bare or any(rep.target or rep.note or rep.recovery for rep in reps[:-1]):
            return reps
        tail = reps[-1]
        targets = [tail.target] * len(reps)
        if tail.target is not None and len(tail.target.times) == len(reps):
            targets = [Target(time_s=seconds) for seconds in tail.target.times]
        elif (tail.target is None and tail.recovery is None) or self.ambiguous(
            "shared",
            last.start,
            self.tokens[self.i - 1].end,
            "the target or recovery after the list's last rep, for every rep in the list",
            "for the last rep only",
        ):
            return reps
        return [
            Rep(rep.distance_m, rep.duration_s, target, rep.label, rep.note, tail.recovery)
            for rep, target in zip(reps, targets, strict=True)
        ]

    def check_per_rep_targets(self, node: Node, count: int = 1) -> None:
        """A per-rep list has one time for each time through its innermost repeat."""
        if isinstance(node, Repeat):
            self.check_per_rep_targets(node.body, node.count)
        elif isinstance(node, Sequence):
            for item in node.items:
                self.check_per_rep_targets(item, count)
        elif isinstance(node, Rep) and node.target is not None and node.target.times:
            given = len(node.target.times)
            if given != count:
                self.fail(
                    f"{given} target times for {count} rep{'s' if count != 1 else ''}: "
                    "give one time per rep",
                    "one target time per rep",
                    self.list_positions.get(id(node.target), 0),
                )

    def items(self) -> list[_Item]:
        found = [self.item()]
        while self.item_separator():
            found.append(self.item())
        return found

    def item(self) -> _Item:
        if self.at_word("then") and self.peek(1).kind != "end":
            self.advance()  # `…, then 4 x 200`
        start = self.peek()
        self.item_start = start.pos
        recovery = self.recovery_item()
        if recovery is not None:
            return recovery
        words = self.words_only()
        if words:
            return _Item(start.pos, words=words)
        leading = self.leading_words()  # `Tempo 20 min @ HM`: the rep's words, written first
        counts = self.counts()
        saved = self.pending_set, self.postfix_count
        self.pending_set, self.postfix_count = None, None
        node = self.unit(bool(counts))
        if self.postfix_count is not None:
            if counts:
                self.fail("a count before and after one rep", "one count", start.pos)
            counts = [self.postfix_count]
        item = _Item(start.pos, node, tuple(counts), set_recovery=self.pending_set)
        item.grouped = self.tokens[self.i - 1].kind == ")" and isinstance(node, Segment)
        item.grouped = item.grouped or start.kind == "("
        self.pending_set, self.postfix_count = saved
        if isinstance(node, Segment) and counts and not item.grouped:
            if len(counts) > 1 or node.count is not None:
                self.fail("a warm-up, drills or strides take one count", "one count", start.pos)
            item.node, item.counts = _counted_segment(node, counts[0]), ()
        if leading:
            item.node = _with_words_first(item.node, leading)
        return item

    def leading_words(self) -> str:
        """Words before the rep they name (`Tempo 20'`, `Hills 8 x 60s`), else ""."""
        j = self.i
        while self.tokens[j].kind == "word" and self.tokens[j].text.lower() not in ("x", "by"):
            j += 1
        first = self.peek()
        if j == self.i or self.tokens[j].kind not in ("num", "time"):
            return ""
        if not _may_start_words(first.text):
            return ""
        return self.take_words(j)

    def words_only(self) -> str:
        """The words of an item that is only words (a coach's note), else ""."""
        j = self.i
        if self.peek().kind != "word" or not _may_start_words(self.peek().text):
            return ""
        while self.tokens[j].kind == "word":
            j += 1
        if j == self.i or self.tokens[j].kind not in _LIST_ENDS:
            return ""
        return self.take_words(j)

    def take_words(self, end: int) -> str:
        """The words up to token `end`, consumed, if after a rep they would still read as its
        words (not `M` or `at mile`, which are targets); else "" with nothing consumed."""
        texts = [token.text for token in self.tokens[self.i : end]]
        if not _plain_words(texts):
            return ""
        self.i = end
        return " ".join(texts)

    def recovery_item(self) -> _Item | None:
        """A list item that is a recovery (`400m r`, `w/ 90s jog`, `3' between sets`)."""
        start = self.peek()
        leads = self.recovery_follows() or self.at_word("full")
        leads = leads or (start.kind == "(" and self.at_word(*_RECOVERY_LEADS, ahead=1))
        if not leads and not self.quantity_then_recovery_word():
            return None
        if start.kind == "(":
            recovery, scope = self.bracketed_recovery()
        else:
            recovery, scope = self.recovery_phrase()
        if scope == "sets":
            return _Item(start.pos, set_recovery=recovery)
        return _Item(start.pos, recovery=recovery)

    def quantity_then_recovery_word(self) -> bool:
        start = self.i
        try:
            if self.peek().kind not in ("num", "time") or (
                self.peek(1).kind == "'" and (self.at_word("s", ahead=2))
            ):
                return False
            self.quantity()
            word = self.peek()
            if word.text == "R" and self.peek(1).kind != "word":  # `400m R`
                return self.ambiguous(
                    "r", word.pos, word.end, "'R' as Daniels' R pace", "'R' as a recovery"
                )
            if not self.at_word(*_MODES, *_RECOVERY_FILLERS, "between"):
                return False
            self.i = start
            self.recovery_phrase()
            return self.peek().kind in _LIST_ENDS  # `400m jog @5K` is a rep's word, not this
        except NotationError:
            return False
        finally:
            self.i = start

    def counts(self) -> list[int]:
        """`6 x`, `6x`, `6 by`, `10 reps of`, `4 sets of`, and `4 x 3 x` (sets of reps)."""
        counts = []
        while self.peek().kind == "num":
            if self.at_word("x", ahead=1) or (
                self.at_word("by", ahead=1) and self.peek(2).kind in ("num", "time", "(")
            ):
                counts.append(self.count(2))
            elif self.at_word(*_REP_WORDS, *_SET_WORDS, ahead=1) and self.at_word("of", ahead=2):
                counts.append(self.count(3))
            else:
                break
        return counts

    def count(self, words: int) -> int:
        token = self.advance()
        for _ in range(words - 1):
            self.advance()
        return self.checked_count(token)

    def checked_count(self, token: _Token) -> int:
        readable = token.text.isdigit() and len(token.text) <= len(str(MAX_COUNT))
        if not (readable and 1 <= int(token.text) <= MAX_COUNT):
            self.fail(
                f"a repeat count is a whole number from 1 to {MAX_COUNT}, not '{token.text}'",
                "a repeat count",
                token.pos,
            )
        return int(token.text)

    def unit(self, counted: bool) -> Node:
        kind = self.peek().kind
        if kind == "(":
            node = self.group()
            after = self.peek().pos
            to_reps, to_sets = self.group_tail()
            if (to_reps or to_sets) and not counted:
                self.fail(
                    "a recovery after a group needs a count before the group, as in "
                    "'3 x (400m, 200m) (r 3')'; or write it after the group's last rep",
                    "a count",
                    after,
                )
            if to_reps is not None:
                node = self.attached(node, _Item(after, recovery=to_reps))
            self.pending_set = to_sets or self.pending_set
            return node
        segment = self.segment()
        if segment is not None:
            return segment
        if kind in ("num", "time"):
            return self.rep()
        if counted and self.at_word("mile"):  # `4 x mile`
            self.advance()
            return self.rep_tail(MILE_M, None, None)
        self.expect_after(_EXPECT_REP)

    def group_tail(self) -> tuple[Recovery | None, Recovery | None]:
        """Recoveries after a repeated group: (after each rep, after each set). One recovery
        alone follows each set; `[1' & 3']` and `w/ 200 jog & 5' between sets` give both."""
        token = self.peek()
        if token.kind == "[":
            found = self.brackets()
            return (found[0], found[1]) if len(found) == 2 else (None, found[0])
        if token.kind == "(" and self.at_word(*_RECOVERY_LEADS, ahead=1):
            return None, self.bracketed_recovery()[0]
        if not self.recovery_follows():
            return None, None
        phrases = self.recovery_phrases()
        if len(phrases) == 1:
            return None, phrases[0][0]
        to_sets = [found for found, scope in phrases if scope == "sets"]
        to_reps = [found for found, scope in phrases if scope != "sets"]
        if len(to_sets) != 1:
            self.fail(
                "of two recoveries after a group, one is 'between sets'",
                "'… between sets'",
                token.pos,
            )
        return to_reps[0], to_sets[0]

    def recovery_phrases(self) -> list[tuple[Recovery, str]]:
        """`w/ 90s rest between reps & 3' between sets`: one recovery, or two joined."""
        found = [self.recovery_phrase()]
        if self.peek().kind == "&" or self.at_word("and"):
            self.advance()
            found.append(self.recovery_phrase())
        return found

    def group(self) -> Node:
        opening = self.advance()
        if self.depth >= MAX_DEPTH:
            self.fail(f"parentheses nest deeper than {MAX_DEPTH}", "fewer '('", opening.pos)
        self.depth += 1
        self.skip_newlines()
        if self.peek().kind == ")":
            self.fail("empty '()'", _EXPECT_REP)
        nodes: list[Node] = []
        while True:
            leftover = self.add_block(nodes, self.items(), top=False)
            self.pending_set = self.pending_set or leftover
            if self.peek().kind not in ("nl", ")", "+", ";", "/"):
                if self.peek().kind == "end":
                    self.fail(f"unclosed '(' opened at {opening.pos}", "')'")
                self.expect_after(f"')' to close the '(' opened at {opening.pos}")
            if not self.block_separator(")"):
                break
        self.advance()
        self.depth -= 1
        return nodes[0] if len(nodes) == 1 else Sequence(tuple(nodes))

    # segments

    def segment_kind(self, ahead: int = 0) -> tuple[str, int] | None:
        """The segment a word names (`WU`, `warm up`, `strides`…) and how many words it took."""
        token = self.peek(ahead)
        if token.kind != "word":
            return None
        lower = token.text.lower()
        if lower in _SEGMENT_WORDS:
            return _SEGMENT_WORDS[lower], 1
        following = self.peek(ahead + 1)
        kind = _TWO_WORD_SEGMENTS.get(lower, {}).get(following.text.lower())
        return (kind, 2) if kind and following.kind == "word" else None

    def segment(self) -> Segment | None:
        """`WU 15'`, `warm-up: 2 miles`, `drills`, `strides 6 x 100m`, `note: on grass`."""
        found = self.segment_kind()
        if found is None:
            return None
        kind, words = found
        for _ in range(words):
            self.advance()
        if self.peek().kind == "other" and self.peek().text == ":":
            self.advance()
        if kind == "note" or self.peek().kind not in ("num", "time"):
            return Segment(kind, text=self.segment_words())
        count = None
        if self.at_word("x", ahead=1):
            count = self.count(2)
        elif self.peek().kind == "num" and self.count_only(self.peek(1)):
            count = self.checked_count(self.advance())
            return Segment(kind, count=count, text=self.segment_words())
        distance, duration = self.quantity()
        return Segment(kind, count, distance, duration, self.segment_words())

    def count_only(self, following: _Token) -> bool:
        """Whether the number before `following` counts (`strides 4 easy`), not measures."""
        if following.kind in _LIST_ENDS:
            return True
        lower = following.text.lower()
        units = {*_DISTANCE_UNITS, *_TIME_UNITS, *_YARDS, "lap", "laps", "x"}
        return following.kind == "word" and following.spaced_before and lower not in units

    def segment_after_quantity(self, distance, duration) -> Segment | None:
        """`15' WU`, `2 mi warm-up`, `100m strides` (its count is the item's)."""
        found = self.segment_kind()
        if self.peek().kind == "word" and self.peek().text == "E":
            found = ("easy", 1)  # Daniels' easy running: `15' E`
        if found is None:
            return None
        for _ in range(found[1]):
            self.advance()
        return Segment(found[0], None, distance, duration, self.segment_words())

    def segment_words(self) -> str:
        """Words after a segment (`warm-up 15' easy`): kept with it."""
        words = []
        while self.peek().kind == "word":
            words.append(self.advance().text)
        return " ".join(words)

    # reps

    def rep(self) -> Node:
        start = self.peek()
        found = self.segment_kind(ahead=1)
        if start.kind == "num" and found is not None and start.value < _MIN_UNITLESS_M:
            self.advance()  # `4 strides`
            for _ in range(found[1]):
                self.advance()
            return Segment(found[0], count=self.checked_count(start), text=self.segment_words())
        daniels = self.daniels_quantity()
        if daniels is not None:
            return daniels
        distance, duration = self.quantity()
        segment = self.segment_after_quantity(distance, duration)
        if segment is not None:
            return segment
        if self.at_word("pace"):
            self.fail(
                f"'{self.context()} pace' is a target, not a rep: write it after the rep, "
                "as in 1200m @5K",
                _EXPECT_REP,
                start.pos,
            )
        return self.rep_tail(distance, duration, None)

    def daniels_quantity(self) -> Node | None:
        """Daniels' `1T`, `2E`: miles at his pace (E is easy running, not a rep)."""
        number, letter = self.peek(), self.peek(1)
        if number.kind != "num" or letter.kind != "word" or letter.spaced_before:
            return None
        if letter.text not in DANIELS_PACES:
            return None
        self.advance()
        self.advance()
        in_km = self.ambiguous(
            "daniels",
            number.pos,
            letter.end,
            f"'{number.text}{letter.text}' as {number.text} mile at Daniels' {letter.text} pace",
            f"{number.text} km at {letter.text} pace",
        )
        metres = _checked(
            number.value * (Decimal(1000) if in_km else _MILE),
            _DISTANCE_LIMITS,
            "a distance",
            number,
            self.source,
        )
        if letter.text == "E":
            return Segment("easy", distance_m=metres)
        return self.rep_tail(metres, None, Target(zone=letter.text))

    def rep_tail(self, distance, duration, target: Target | None) -> Rep:
        """What a coach writes after a rep, in any order: words, a target, recoveries, a
        count (`800m x 6`)."""
        labels: list[str] = []
        note, recovery = "", None
        while True:
            token = self.peek()
            if token.kind == "@" or (self.at_word("at", "in") and self.target_follows(1)):
                if target is not None or note:
                    self.fail("a second target for one rep", "one target per rep")
                target, note = self.target_or_note()
            elif token.kind == "(" and target is None and self.iaaf_target_follows():
                found = self.iaaf_target()
                if isinstance(found, Target):
                    target = found
                else:
                    recovery = self.only_recovery(recovery, found)
            elif token.kind == "(" and self.bracketed_words_follow():
                labels.append(self.bracketed_words())
            elif token.kind in ("(", "[") or self.recovery_follows():
                for found, scope in self.tail_recoveries():
                    if scope == "sets":
                        self.pending_set = found
                    else:
                        recovery = self.only_recovery(recovery, found)
            elif self.at_word("x") and self.peek(1).kind == "num":
                self.advance()
                self.postfix_count = self.checked_count(self.advance())
            elif self.zone_pace_follows():
                if target is not None or note:
                    self.fail("a second target for one rep", "one target per rep")
                target = self.spoken_target()
            elif token.kind == "word" and not self.counts_follow():
                labels.append(self.advance().text)
            else:
                return Rep(distance, duration, target, " ".join(labels), note, recovery)

    def counts_follow(self) -> bool:
        """`x`, `by 800`: a count's word, never part of a label."""
        return self.at_word("x") or (self.at_word("by") and self.peek(1).kind in ("num", "time"))

    def only_recovery(self, recovery: Recovery | None, found: Recovery) -> Recovery:
        if recovery is not None:
            self.fail("a second recovery after one rep", "one recovery per rep")
        return found

    def recovery_follows(self) -> bool:
        """`w/ …`, `with 90s`, `off 90"`, `on the 2:00`, `r 400m`, `jog 2'`: a recovery."""
        if self.peek().kind == "with":
            return True
        amount = self.peek(1).kind in ("num", "time") or (
            self.at_word("the", ahead=1) and self.peek(2).kind in ("num", "time")
        )
        if self.at_word("with", "w"):
            return amount or self.at_word("full", "a", *_MODES, ahead=1)
        return amount and self.at_word("off", "on", *_INLINE_RECOVERY_WORDS, *_MODES)

    def bracketed_words_follow(self) -> bool:
        """`(on grass)`, `(XC loop)`: words in brackets, kept with the rep."""
        j = self.i + 1
        while self.tokens[j].kind == "word":
            j += 1
        first = self.peek(1)
        return (
            j > self.i + 1
            and self.tokens[j].kind == ")"
            and (first.text.lower() not in _RECOVERY_LEADS)
            and _plain_words([token.text for token in self.tokens[self.i + 1 : j]])
        )

    def bracketed_words(self) -> str:
        self.advance()
        words = []
        while self.peek().kind == "word":
            words.append(self.advance().text)
        self.advance()
        return " ".join(words)

    def tail_recoveries(self) -> list[tuple[Recovery, str]]:
        token = self.peek()
        if token.kind == "[":
            found = self.brackets()
            return [(found[0], ""), *[(later, "sets") for later in found[1:]]]
        if token.kind == "(":
            return [self.bracketed_recovery()]
        return self.recovery_phrases()

    def bracketed_recovery(self) -> tuple[Recovery, str]:
        opening = self.advance()
        found = self.recovery_phrase()
        if self.peek().kind != ")":
            self.expect_after(f"')' to close the '(' opened at {opening.pos}")
        self.advance()
        return found

    def brackets(self) -> list[Recovery]:
        """IAAF `[3']` (the rep's recovery) or `[3' & 5']` (then the set's)."""
        opening = self.advance()
        found = [self.recovery_phrase()[0]]
        while self.peek().kind in ("&", ",", "/") and len(found) < 2:
            self.advance()
            found.append(self.recovery_phrase()[0])
        if self.peek().kind != "]":
            self.expect_after(f"']' to close the '[' opened at {opening.pos}")
        self.advance()
        return found

    def iaaf_target_follows(self) -> bool:
        start = self.i
        try:
            self.advance()
            if self.peek().kind not in ("num", "time"):
                return False
            self.numeric_target(per_rep=False)
            return self.peek().kind == ")"
        except NotationError:
            return False
        finally:
            self.i = start

    def iaaf_target(self) -> Target | Recovery:
        """IAAF `(62")`: the time in round brackets is the target, unless the coach meant a
        recovery (then it is read as one)."""
        opening = self.peek()
        start = self.i
        self.advance()
        target = self.numeric_target(per_rep=False)
        closing = self.advance()
        written = self.text[opening.pos : closing.end]
        as_recovery = self.ambiguous(
            "iaaf",
            opening.pos,
            closing.end,
            f"'{written}' as the rep's target time (IAAF notation)",
            f"'{written}' as the recovery after the rep",
        )
        if not as_recovery:
            return target
        self.i = start
        return self.bracketed_recovery()[0]

    # targets

    def target_follows(self, ahead: int) -> bool:
        token = self.peek(ahead)
        if token.kind in ("num", "time"):
            return True
        return token.kind == "word" and (
            token.text.lower() in _ZONE_WORDS or token.text in DANIELS_PACES
        )

    def zone_pace_follows(self) -> bool:
        """`5K pace`, `mile pace`, `T pace`, `I` after a rep, without '@'."""
        token = self.peek()
        if token.kind == "word" and token.text in DANIELS_PACES:
            return True
        if token.kind == "word" and token.text.lower() in _ZONE_WORDS:
            return self.at_word("pace", ahead=1)
        unit = self.peek(1)
        return (
            token.kind == "num"
            and unit.kind == "word"
            and unit.text.lower() in _DISTANCE_UNITS
            and self.at_word("pace", ahead=2)
        )

    def spoken_target(self) -> Target:
        token = self.peek()
        if token.kind == "word" and token.text in DANIELS_PACES:
            self.advance()
            self.skip_words({"pace"})
            return Target(zone=token.text)
        if token.kind == "word":
            self.advance()
            return self.zone_target(_ZONE_WORDS[token.text.lower()])
        start = self.peek()
        metres, _ = self.distance()
        return self.zone_target(self.zone_for(metres, start))

    def target_or_note(self) -> tuple[Target | None, str]:
        at = self.advance()
        token = self.peek()
        if token.kind == "word":
            if token.text in DANIELS_PACES:
                self.advance()
                return self.zone_target(token.text), ""
            zone = _ZONE_WORDS.get(token.text.lower())
            if zone is None:
                prefix = "" if at.kind == "@" else at.text + " "
                return None, prefix + self.note()
            self.advance()
            return self.zone_target(zone), ""
        if token.kind == "num" and self.peek(1).kind == "%":
            return None, self.note()
        if token.kind in ("num", "time"):
            return self.numeric_target(per_rep=True), ""
        self.fail(
            f"expected {_EXPECT_TARGET} after '{at.text}'",
            _EXPECT_TARGET,
            token.pos if token.kind != "end" else at.end,
        )

    def note(self) -> str:
        first = self.peek()
        last = first
        while self.peek().kind not in _NOTE_STOPS and not self.recovery_follows():
            last = self.advance()
        return " ".join(self.text[first.pos : last.end].split())

    def numeric_target(self, per_rep: bool) -> Target:
        start = self.peek()
        seconds = self.target_seconds()
        if seconds is None:
            return self.zone_target(self.zone_for(self.distance()[0], start))
        if (self.peek().kind == "/" and not self.peek().spaced_before) or self.at_word("per"):
            self.advance()
            return Target(time_s=seconds, per_m=self.pace_distance())
        if self.peek().kind == "-" or self.at_word("to"):
            return self.time_range(start, seconds)
        if per_rep and self.peek().kind == ",":
            return self.per_rep_times(seconds)
        return Target(time_s=seconds)

    def target_seconds(self) -> float | None:
        """A target time (`62`, `62"`, `2:54`), or None with nothing consumed for a zone."""
        start = self.peek()
        duration = self.duration()
        if duration is None:
            if start.kind != "num" or (
                self.peek(1).kind == "word"
                and (self.peek(1).text.lower() in _DISTANCE_UNITS or not self.peek(1).spaced_before)
            ):
                return None
            if start.value >= 100:
                return None
            self.advance()
            duration = (start.value, Decimal(1))
        return _checked(duration[0], _DURATION_LIMITS, "a time", start, self.source)

    def time_range(self, start: _Token, first: float) -> Target:
        """`@68-70` (a range), `@64 to 62` (a cut-down), `@64-62` (either: read as a cut-down)."""
        joiner = self.advance()
        second = self.target_seconds()
        if second is None:
            self.expect_after("a second time, as in @68-70")
        if second == first:
            self.fail("a range goes from one time to another, like @68-70", "a range", start.pos)
        if joiner.kind == "-" and second < first:
            written = self.text[start.pos : self.tokens[self.i - 1].end]
            as_range = self.ambiguous(
                "cut-down",
                start.pos,
                self.tokens[self.i - 1].end,
                f"'{written}' as a cut-down: from {_target_time(first)} down to "
                f"{_target_time(second)} across the reps",
                f"as a range: every rep between {_target_time(second)} and {_target_time(first)}",
            )
            if as_range:
                return Target(time_s=second, until_s=first)
        return Target(time_s=first, until_s=second)

    def per_rep_times(self, first: float) -> Target:
        """`@33, 32, 31`: one target time per rep, while the list holds bare times."""
        start_pos = self.tokens[self.i - 1].pos
        times = [first]
        while self.peek().kind == "," and self.peek(1).kind in ("num", "time"):
            start = self.i
            self.advance()
            seconds = self.attempt(self.target_seconds)
            bare = self.i == start + 2  # one token: `32` or `1:04`, not `32"` (a time rep)
            ends = self.peek().kind in {*_LIST_ENDS, "(", "["} or self.recovery_follows()
            if seconds is None or not bare or not ends:
                self.i = start
                break
            times.append(seconds)
        if len(times) == 1:
            return Target(time_s=first)
        target = Target(times=tuple(times))
        self.list_positions[id(target)] = start_pos
        return target

    def quantity(self) -> tuple[float | None, float | None]:
        start = self.peek()
        duration = self.duration()
        if duration is not None:
            return None, _checked(duration[0], _DURATION_LIMITS, "a duration", start, self.source)
        return self.metres(), None

    def metres(self) -> float:
        """A distance in metres; a bare number must be at least 50."""
        start = self.peek()
        metres, unitless = self.distance()
        if unitless and metres < _MIN_UNITLESS_M:
            self.fail(
                f"expected a unit after '{start.text}' ({_EXPECT_UNIT}; a bare number is "
                f"metres and at least {_MIN_UNITLESS_M})",
                _EXPECT_UNIT,
                start.end,
            )
        return _checked(metres, _DISTANCE_LIMITS, "a distance", start, self.source)

    def duration(self) -> tuple[Decimal, Decimal] | None:
        """A duration and the seconds its unit stands for, or None (nothing consumed)."""
        token, following = self.peek(), self.peek(1)
        if token.kind == "time":
            self.advance()
            return token.value, Decimal(1)
        if token.kind != "num":
            return None
        if following.kind == "'":
            self.advance()
            self.advance()
            return token.value * 60 + self.glued_seconds(), Decimal(60)
        if following.kind == '"':
            self.advance()
            self.advance()
            return token.value, Decimal(1)
        unit = _TIME_UNITS.get(following.text.lower()) if following.kind == "word" else None
        if unit is None and self.minutes_m(token, following):
            unit = Decimal(60)
        if unit is None:
            return None
        self.advance()
        self.advance()
        return token.value * unit, unit

    def minutes_m(self, number: _Token, unit: _Token) -> bool:
        """`5 x 3m`: under 50, `m` is minutes (no rep is 3 metres), unless read the other way."""
        if unit.kind != "word" or unit.text != "m" or number.value >= _MIN_UNITLESS_M:
            return False
        return not self.ambiguous(
            "minutes",
            number.pos,
            unit.end,
            f"'{number.text}m' as {number.text} minutes",
            f"{number.text} metres",
        )

    def glued_seconds(self) -> Decimal:
        """The `30` of `3'30"`."""
        token = self.peek()
        if token.kind != "num" or token.spaced_before:
            return Decimal(0)
        self.advance()
        if token.value >= 60:
            self.fail(f"seconds must be under 60, not '{token.text}'", "seconds", token.pos)
        if self.peek().kind == '"':
            self.advance()
        return token.value

    def distance(self) -> tuple[Decimal, bool]:
        """Metres and whether the unit was left out."""
        token = self.peek()
        if token.kind != "num":
            self.expect_after("a distance like 400m, 1K or 1 Mile")
        self.advance()
        unit_token = self.peek()
        if unit_token.kind != "word" or unit_token.text.lower() == "x":
            return token.value, True
        lower = unit_token.text.lower()
        if lower in _YARDS:
            self.fail(
                f"yards are not read ('{unit_token.text}'): write metres, as in 400m",
                _EXPECT_UNIT,
                unit_token.pos,
            )
        unit = _LAP_M if lower in ("lap", "laps") else _DISTANCE_UNITS.get(lower)
        if unit is not None:
            self.advance()
            return token.value * unit, False
        if not unit_token.spaced_before or unit_token.text.lower() in _FOREIGN_UNITS:
            self.fail(f"unknown unit '{unit_token.text}'", _EXPECT_UNIT, unit_token.pos)
        return token.value, True

    def zone_for(self, metres: Decimal, start: _Token) -> str:
        for name, zone_m in ZONES.items():
            if math.isclose(float(metres), zone_m):
                return name
        self.fail(
            f"no pace zone for '{self.text[start.pos : self.peek().pos].strip()}'",
            "a zone: 400, 800, 1500, mile, 3K, 5K, 10K…",
            start.pos,
        )

    def zone_target(self, zone: str) -> Target:
        target = Target(zone=zone)
        unit = self.adjustment_unit()
        if unit is not None:
            sign, amount, _ = self.advance(), self.advance(), self.advance()
            adjustment = self.adjustment(sign, amount, unit)
            target = (
                Target(zone=zone, adjust_pct=adjustment)
                if unit == "%"
                else Target(zone=zone, adjust_s=adjustment)
            )
        if self.at_word("pace"):
            self.advance()
        return target

    def adjustment_unit(self) -> str | None:
        """'s' or '%' when an adjustment ('+1s', '-2%') follows a zone, else None."""
        sign, amount, unit = self.peek(), self.peek(1), self.peek(2)
        if sign.kind not in ("+", "-") or amount.kind != "num":
            return None
        if unit.kind == "%":
            return "%"
        if unit.kind == '"' or (unit.kind == "word" and unit.text.lower() in ("s", "sec", "secs")):
            return "s"
        return None

    def adjustment(self, sign: _Token, amount: _Token, unit: str) -> float:
        value = float(amount.value)  # checked as stored: 99.999…9 may round up to 100.0
        if value >= ADJUSTMENT_LIMIT:
            what = "seconds per 400 m" if unit == "s" else "%"
            self.fail(
                f"an adjustment must be under {ADJUSTMENT_LIMIT} {what}, not '{amount.text}'",
                f"an adjustment under {ADJUSTMENT_LIMIT} {what}",
                amount.pos,
            )
        return -value if sign.kind == "-" else value

    def pace_distance(self) -> float:
        token = self.peek()
        if token.kind == "word" and token.text.lower() in _DISTANCE_UNITS:
            self.advance()
            return float(_DISTANCE_UNITS[token.text.lower()])
        if token.kind != "num":
            self.expect_after("a distance for the pace, like /400, /km or /mile")
        return self.metres()

    # recoveries

    def recovery_phrase(self) -> tuple[Recovery, str]:
        """A recovery as coaches write it, and its scope: "sets" when it follows each set
        (`between sets`), "" when it follows the rep."""
        if self.peek().kind == "with" or self.at_word("with", "w", "off"):
            self.advance()
            self.skip_words({"a", "an"})
        self.skip_words(_INLINE_RECOVERY_WORDS)
        recovery = self.recovery()
        return recovery, self.recovery_scope()

    def cycle(self) -> Recovery:
        """`on the 2:00`: the rep and its recovery take 2:00 together."""
        self.advance()
        self.skip_words({"the", "a"})
        start = self.peek()
        duration = self.duration()
        if duration is None:
            self.expect_after("a time for the cycle, as in 'on the 2:00'")
        self.skip_words({"cycle", "interval"})
        seconds = _checked(duration[0], _DURATION_LIMITS, "a cycle", start, self.source)
        return Recovery(CYCLE, duration_s=seconds)

    def recovery_scope(self) -> str:
        """`between sets`, `after each set` → "sets"; `between reps`, `between` → ""."""
        if not self.at_word("between", "after", "per"):
            return ""
        ahead = 2 if self.at_word(*_DETERMINERS, ahead=1) else 1
        if self.at_word(*_SET_WORDS, ahead=ahead):
            scope = "sets"
        elif self.at_word(*_REP_WORDS, ahead=ahead):
            scope = ""
        elif self.at_word("between"):
            self.advance()
            return ""
        else:
            return ""
        for _ in range(ahead + 1):
            self.advance()
        return scope

    def recovery(self) -> Recovery:
        if self.at_word("on"):
            return self.cycle()
        mode = self.mode()
        if self.at_word("full"):
            self.advance()
            self.skip_words(_RECOVERY_FILLERS)
            return Recovery(FULL, mode=mode)
        if self.at_word("distance"):
            return self.next_rep_recovery(mode)
        start = self.peek()
        timed = self.duration_range()
        if timed is not None:
            duration, window = timed
            mode = mode or self.mode()
            return Recovery(TIME, duration_s=duration, window_s=window, mode=mode)
        if start.kind != "num":
            self.expect_after(_EXPECT_RECOVERY)
        distance = self.metres()
        mode = mode or self.mode()
        window = self.time_window()
        mode = mode or self.mode()
        return Recovery(DISTANCE, distance_m=distance, window_s=window, mode=mode)

    def next_rep_recovery(self, mode: str) -> Recovery:
        self.advance()
        for words in (("of",), ("the", "next", "upcoming", "following")):
            if not self.at_word(*words):
                self.expect_after("'distance of next rep'")
            self.advance()
        if self.at_word("next", "upcoming", "following"):
            self.advance()
        self.skip_words(_REP_WORDS)
        return Recovery(NEXT_REP, mode=mode)

    def mode(self) -> str:
        found = ""
        while self.at_word(*_MODES, *_RECOVERY_FILLERS):
            word = self.advance().text.lower()
            found = found or _MODES.get(word, "")
        return found

    def skip_words(self, words: set[str]) -> None:
        while self.at_word(*words):
            self.advance()

    def time_window(self) -> tuple[float, float] | None:
        """`in 3'-4'` (or `in 3'`) after a distance recovery; None without consuming otherwise."""
        if not self.at_word("in"):
            return None
        start = self.i
        self.advance()
        timed = self.duration_range()
        if timed is None:
            self.i = start
            return None
        duration, window = timed
        return window if window is not None else (duration, duration)

    def duration_range(self) -> tuple[float | None, tuple[float, float] | None] | None:
        """`90"` → (90, None); `3'-4'`, `3-4 min` → (None, (180, 240)); None if not a time."""
        start, first_token = self.i, self.peek()
        if first_token.kind == "num" and self.peek(1).kind == "-":
            self.advance()
            self.advance()
            second = self.duration()
            if second is None:
                self.i = start
                return None
            return self.window(first_token.value * second[1], second[0], first_token)
        first = self.duration()
        if first is None:
            return None
        if self.peek().kind == "-":
            before_dash = self.i
            self.advance()
            second = self.duration()
            if second is not None:
                return self.window(first[0], second[0], first_token)
            self.i = before_dash
        return _checked(first[0], _DURATION_LIMITS, "a time", first_token, self.source), None

    def window(self, low: Decimal, high: Decimal, start: _Token) -> tuple[None, tuple]:
        shortest = _checked(low, _DURATION_LIMITS, "a time", start, self.source)
        longest = _checked(high, _DURATION_LIMITS, "a time", start, self.source)
        if shortest >= longest:
            self.fail(
                "a time window goes from the shorter to the longer time, like 3'-4'",
                "a time window",
                start.pos,
            )
        return None, (shortest, longest)

    # recovery rules

    def rules(self) -> tuple[RecoveryRule, ...]:
        self.skip_newlines()
        found = []
        while self.peek().kind != "end":
            self.item_start = self.peek().pos
            found.append(self.rule())
            if self.peek().kind == "end":
                break
            if not (self.peek().kind in ("nl", ";") or self.is_slash(spaced=True)):
                self.expect_after(
                    "a scope ('after 1K', 'between sets', 'in 500m, 300m sets') "
                    "or ' / ' before the next rule"
                )
            self.block_separator("end", _EXPECT_RECOVERY)
        return tuple(found)

    def rule(self) -> RecoveryRule:
        if self.at_word("after", "between", "in", "within", "during"):
            scope, distances = self.scope()
            if self.peek().kind in (",", "other") and self.peek().text in (",", ":"):
                self.advance()
            return RecoveryRule(self.recovery(), scope, distances)
        recovery = self.recovery()
        if self.peek().kind in ("end", "nl", ";") or self.peek().kind == "/":
            return RecoveryRule(recovery)
        scope, distances = self.scope()
        return RecoveryRule(recovery, scope, distances)

    def scope(self) -> tuple[str, tuple[float, ...]]:
        if not self.at_word("after", "between", "in", "within", "during"):
            self.expect_after("'after …', 'between sets' or 'in … sets'")
        word = self.advance().text.lower()
        self.skip_words(_DETERMINERS)
        for words, scope in (
            (_REP_WORDS, EVERY_REP),
            (_SET_WORDS, BETWEEN_SETS),
            (_BLOCK_WORDS, BETWEEN_BLOCKS),
        ):
            if word in ("after", "between") and self.at_word(*words):
                self.advance()
                return scope, ()
        if word == "between":
            self.expect_after("'reps', 'sets' or 'blocks'")
        if word == "after":
            distance = self.metres()
            self.skip_words(_REP_WORDS)
            return AFTER_DISTANCE, (distance,)
        return WITHIN_SETS, self.set_pattern()

    def set_pattern(self) -> tuple[float, ...]:
        distances = []
        while self.peek().kind == "num":
            distances.append(self.metres())
            if self.peek().kind in (",", "-") or (
                self.peek().kind == "/" and not self.peek().spaced_before
            ):
                self.advance()
        self.skip_words({"breakdown", "broken", "of"})
        if not self.at_word(*_SET_WORDS):
            self.expect_after("'sets', as in 'in 500m, 300m, 200m breakdown sets'")
        self.advance()
        return tuple(distances)


def _checked(
    value: Decimal, limits: tuple[Decimal, Decimal, str], what: str, start: _Token, source: str
) -> float:
    least, most, unit = limits
    if not least <= value <= most:
        raise NotationError(
            f"{what} must be from {least:,} {unit} to {most:,} {unit}, not '{start.text}'",
            start.pos,
            what,
            source,
        )
    return float(value)


def _joined(nodes: list[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else Sequence(tuple(nodes))


def _repeated(counts: tuple[int, ...], body: Node, recovery: Recovery | None) -> Node:
    """`4 x 3 x 400m` is four sets of three; a set recovery follows each of the four."""
    for count in reversed(counts[1:]):
        body = Repeat(count, body)
    return Repeat(counts[0], body, recovery)


def _spoken_counts(counts: tuple[int, ...]) -> str:
    return " x ".join(str(count) for count in counts) + " x"


def _is_segment(node: Node | None) -> bool:
    return isinstance(node, Segment)


def _with_words_first(node: Node, words: str) -> Node:
    """`node` with `words` before the words of its first rep (or its segment's)."""
    if isinstance(node, Repeat):
        return Repeat(node.count, _with_words_first(node.body, words), node.recovery)
    if isinstance(node, Sequence):
        return Sequence((_with_words_first(node.items[0], words), *node.items[1:]))
    joined = " ".join(filter(None, [words, node.text if isinstance(node, Segment) else node.label]))
    if isinstance(node, Segment):
        return Segment(node.kind, node.count, node.distance_m, node.duration_s, joined)
    return Rep(node.distance_m, node.duration_s, node.target, joined, node.note, node.recovery)


def _counted_segment(segment: Segment, count: int) -> Segment:
    return Segment(segment.kind, count, segment.distance_m, segment.duration_s, segment.text)


def _plain_words(texts: list[str]) -> bool:
    """Whether words after a rep read as its words: not `M` or `mile pace` (targets), nor
    `at mile` (a target after 'at'), nor `x` (a count)."""
    for word, following in zip(texts, [*texts[1:], ""], strict=True):
        if word.lower() == "x":
            return False
        target = word in DANIELS_PACES or (
            word.lower() in _ZONE_WORDS and following.lower() == "pace"
        )
        leads = word.lower() in ("at", "in") and (
            following in DANIELS_PACES or following.lower() in _ZONE_WORDS
        )
        if target or leads:
            return False
    return True


def _may_start_words(word: str) -> bool:
    """Whether a coach's note may start with `word` (not a rep, a count or a segment)."""
    lower = word.lower()
    starts = {"x", "by", "with", *_SEGMENT_WORDS, *_TWO_WORD_SEGMENTS, *_RECOVERY_LEADS}
    return lower not in {*starts, *_RECOVERY_FILLERS} and (word not in DANIELS_PACES)


def race_zone(zone: str) -> str | None:
    """The pace zone a target zone is run at: itself, or Daniels' letter's zone (None: E)."""
    return DANIELS_PACES.get(zone, zone)


def rep_count(node: Node) -> int:
    """How many reps a node expands to (a segment is not a rep)."""
    if isinstance(node, Rep):
        return 1
    if isinstance(node, Segment):
        return 0
    if isinstance(node, Repeat):
        return node.count * rep_count(node.body)
    return sum(rep_count(item) for item in node.items)


def parse(text: str, recovery_rules: str = "") -> Session:
    """Read a session written by a coach; raise NotationError for anything unreadable."""
    return _session(_Parser(text, "notation"), recovery_rules)


def _session(parser: _Parser, recovery_rules: str) -> Session:
    blocks = parser.session()
    total = sum(rep_count(block) for block in blocks)
    if total > MAX_REPS:
        raise NotationError(f"the session has {total} reps; at most {MAX_REPS}", 0, "fewer reps")
    return Session(blocks, parse_recovery_rules(recovery_rules))


@dataclass(frozen=True)
class Reading:
    """Where the text reads two ways: how it was read, and the other way, as the whole
    notation written canonically (unambiguous), so a click can choose it."""

    start: int
    end: int
    written: str
    read_as: str
    other_as: str
    other_notation: str


@dataclass(frozen=True)
class Read:
    session: Session
    readings: tuple[Reading, ...]


@functools.lru_cache(maxsize=256)
def read(text: str, recovery_rules: str = "") -> Read:
    """`parse`, and each place the text could be read another way that changes the reps (the
    first MAX_READINGS places, so a pasted essay costs a bounded number of parses)."""
    parser = _Parser(text, "notation")
    session = _session(parser, recovery_rules)
    reps = expand(session)
    readings = []
    places = sorted(parser.ambiguities.items(), key=lambda found: found[1][:2])
    for key, (start, end, read_as, other_as) in places[:MAX_READINGS]:
        try:
            other = _session(_Parser(text, "notation", frozenset({key})), recovery_rules)
        except NotationError:
            continue
        if expand(other) != reps or segments(other) != segments(session):
            raw = text[start:end]
            start, end = start + len(raw) - len(raw.lstrip(" ,\n")), start + len(raw.rstrip(" ,\n"))
            readings.append(Reading(start, end, text[start:end], read_as, other_as, render(other)))
    return Read(session, tuple(readings))


def parse_recovery_rules(text: str) -> RecoveryRules:
    """Read session recovery rules (positions in errors index into `text`)."""
    return RecoveryRules(_Parser(text, "recovery").rules())


# --- expansion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    rep: Rep
    target: Target | None
    block: int
    set_index: int
    sets: tuple[tuple[int, tuple[float | None, ...]], ...]  # enclosing sequences: id, distances
    iterations: tuple[tuple[int, int, int], ...]  # enclosing repeats: id, iteration, reps each


@dataclass(frozen=True)
class ExpandedSegment:
    """A segment in running order: before rep `before_rep` (one past the last rep at the end)."""

    kind: str
    text: str
    before_rep: int
    block: int


class _Walker:
    def __init__(self) -> None:
        self.slots: list[_Slot] = []
        self.segments: list[ExpandedSegment] = []
        self.set_ends: dict[int, Recovery] = {}  # slot index -> the set recovery after it
        self.instances = 0
        self.patterns: dict[int, tuple[float | None, ...]] = {}

    def new_instance(self) -> int:
        self.instances += 1
        return self.instances

    def pattern(self, node: Sequence) -> tuple[float | None, ...]:
        if id(node) not in self.patterns:
            self.patterns[id(node)] = tuple(rep.distance_m for rep in _reps_of(node))
        return self.patterns[id(node)]

    def walk(
        self,
        node: Node,
        block: int,
        set_index: int | None,
        sets: tuple = (),
        iterations: tuple = (),
        place: tuple[int, int] = (0, 1),
    ) -> None:
        if isinstance(node, Rep):
            target = node.target.for_rep(*place) if node.target is not None else None
            self.slots.append(_Slot(node, target, block, set_index or 1, sets, iterations))
        elif isinstance(node, Segment):
            text = _render_segment(node, spoken=True)
            self.segments.append(ExpandedSegment(node.kind, text, len(self.slots) + 1, block))
        elif isinstance(node, Repeat):
            instance, each = self.new_instance(), rep_count(node.body)
            for k in range(node.count):
                self.walk(
                    node.body,
                    block,
                    set_index or k + 1,
                    sets,
                    (*iterations, (instance, k, each)),
                    (k, node.count),
                )
                if node.recovery is not None and self.slots:
                    self.set_ends[len(self.slots) - 1] = node.recovery  # outer repeats last
        else:
            inside = (*sets, (self.new_instance(), self.pattern(node)))
            for item in node.items:
                self.walk(item, block, set_index, inside, iterations, place)


def _reps_of(node: Node) -> list[Rep]:
    if isinstance(node, Rep):
        return [node]
    if isinstance(node, Segment):
        return []
    if isinstance(node, Repeat):
        return _reps_of(node.body) * node.count
    return [rep for item in node.items for rep in _reps_of(item)]


def _same_distances(pattern: tuple[float | None, ...], distances: tuple[float, ...]) -> bool:
    if len(pattern) != len(distances):
        return False
    pairs = zip(pattern, distances, strict=True)
    return all(got is not None and math.isclose(got, want) for got, want in pairs)


def _in_set(slot: _Slot, distances: tuple[float, ...]) -> bool:
    if not distances:
        return bool(slot.sets)
    return any(_same_distances(pattern, distances) for _, pattern in slot.sets)


def _between_sets(slot: _Slot, following: _Slot) -> bool:
    return any(
        rid == next_rid and next_k == k + 1 and each > 1
        for rid, k, each in slot.iterations
        for next_rid, next_k, _ in following.iterations
    )


def _applies(rule: RecoveryRule, slot: _Slot, following: _Slot) -> bool:
    if rule.scope == AFTER_DISTANCE:
        return slot.rep.distance_m is not None and math.isclose(
            slot.rep.distance_m, rule.distances[0]
        )
    if rule.scope == WITHIN_SETS:
        return _in_set(slot, rule.distances) and _in_set(following, rule.distances)
    if rule.scope == BETWEEN_SETS:
        return _between_sets(slot, following)
    if rule.scope == BETWEEN_BLOCKS:
        return slot.block != following.block
    return True


def _resolved(recovery: Recovery, following: Rep) -> Recovery:
    if recovery.kind != NEXT_REP:
        return recovery
    if following.distance_m is not None:
        return Recovery(DISTANCE, distance_m=following.distance_m, mode=recovery.mode)
    return Recovery(TIME, duration_s=following.duration_s, mode=recovery.mode)


def _recovery_after(
    slot: _Slot, following: _Slot | None, rules: RecoveryRules, set_end: Recovery | None
) -> Recovery | None:
    if following is None:
        return None
    if set_end is not None:
        return _resolved(set_end, following.rep)
    if slot.rep.recovery is not None:
        return _resolved(slot.rep.recovery, following.rep)
    matching = [rule for rule in rules.rules if _applies(rule, slot, following)]
    if not matching:
        return None
    best = min(matching, key=lambda rule: _SCOPE_RANK[rule.scope])
    return _resolved(best.recovery, following.rep)


def _walked(session: Session) -> _Walker:
    walker = _Walker()
    for block_number, block in enumerate(session.blocks, start=1):
        walker.walk(block, block_number, None)
    return walker


def expand(session: Session) -> list[ExpandedRep]:
    """The reps in running order, each with its own target and the recovery that follows."""
    walker = _walked(session)
    slots = walker.slots
    return [
        ExpandedRep(
            n=n,
            distance_m=slot.rep.distance_m,
            duration_s=slot.rep.duration_s,
            target=slot.target,
            label=slot.rep.label,
            note=slot.rep.note,
            recovery=_recovery_after(
                slot,
                slots[n] if n < len(slots) else None,
                session.rules,
                walker.set_ends.get(n - 1),
            ),
            block=slot.block,
            set_index=slot.set_index,
        )
        for n, slot in enumerate(slots, start=1)
    ]


def segments(session: Session) -> list[ExpandedSegment]:
    """The parts of the session that are not reps (warm-up, drills, notes…), in order."""
    return _walked(session).segments


def total_distance_m(reps: list[ExpandedRep]) -> float:
    """Metres run in reps (time reps count nothing)."""
    return float(sum(rep.distance_m for rep in reps if rep.distance_m is not None))


# --- rendering ------------------------------------------------------------------------------


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value))


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def format_distance(metres: float) -> str:
    """`400m`, `1K`, `1.5 Mile`, `1609.3m`, `30 metres`: the canonical text of a distance."""
    exact = _decimal(metres)
    if exact < _MIN_UNITLESS_M:
        return f"{_plain(exact)} metres"  # `30m` would read as 30 minutes
    if exact == exact.to_integral_value():
        return f"{_plain(exact / 1000)}K" if exact % 1000 == 0 else f"{_plain(exact)}m"
    miles = exact / _MILE
    if miles == miles.quantize(Decimal("0.001")):
        return f"{_plain(miles)} Mile"
    return f"{_plain(exact)}m"


def format_duration(seconds: float) -> str:
    """`45"`, `90"`, `3'`, `2:30`, `1:02:03.5`: the canonical text of a duration."""
    exact = _decimal(seconds)
    if exact < 100 and exact != 60:
        return f'{_plain(exact)}"'
    if exact % 60 == 0 and exact < 3600:
        return f"{_plain(exact / 60)}'"
    return _clock(exact)


def _clock(exact: Decimal) -> str:
    minutes, secs = divmod(exact, 60)
    whole, fraction = divmod(secs, 1)
    tail = f"{int(whole):02d}" + _plain(fraction)[1:] if fraction else f"{int(whole):02d}"
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{int(hours)}:{int(minutes):02d}:{tail}"
    return f"{int(minutes)}:{tail}"


def _target_time(seconds: float) -> str:
    exact = _decimal(seconds)
    return _plain(exact) if exact < 100 else _clock(exact)


def _signed(amount: float) -> str:
    return ("+" if amount > 0 else "-") + _plain(_decimal(abs(amount)))


def render_target(target: Target) -> str:
    """`5K`, `400+1s`, `mile-2%`, `T`, `2:54`, `68/400`, `3:10/km`, `68-70` (a range),
    `64 to 62` (a cut-down), `33, 32, 31` (one per rep), without the '@'."""
    if target.zone:
        text = target.zone
        if target.adjust_s:
            text += _signed(target.adjust_s) + "s"
        if target.adjust_pct:
            text += _signed(target.adjust_pct) + "%"
        return text
    if target.times:
        return ", ".join(_target_time(seconds) for seconds in target.times)
    text = _target_time(target.time_s or 0.0)
    if target.until_s is not None:
        joiner = "-" if target.kind == "range" else " to "
        return f"{text}{joiner}{_target_time(target.until_s)}"
    if target.per_m is None:
        return text
    return f"{text}/{_pace_per(target.per_m)}"


def _pace_per(metres: float) -> str:
    """`km`, `mile`, `400`; `10m` (a bare number under 50 would not be metres)."""
    named = {1000.0: "km", MILE_M: "mile"}.get(metres)
    if named is not None:
        return named
    return _plain(_decimal(metres)) + ("m" if metres < _MIN_UNITLESS_M else "")


def _window_text(window: tuple[float, float]) -> str:
    low, high = window
    if low == high:
        return format_duration(low)
    return f"{format_duration(low)}-{format_duration(high)}"


def render_recovery(recovery: Recovery) -> str:
    """`400m in 3'-4'`, `200m jog`, `90" rest`, `2'-3'`, `distance of next rep`, `full recovery`."""
    if recovery.kind == CYCLE:
        return f"on the {format_duration(recovery.duration_s or 0.0)}"
    if recovery.kind in (NEXT_REP, FULL):
        phrase = "distance of next rep" if recovery.kind == NEXT_REP else "full recovery"
        return f"{recovery.mode} {phrase}" if recovery.mode else phrase
    if recovery.kind == DISTANCE:
        parts = [format_distance(recovery.distance_m or 0.0), recovery.mode]
        if recovery.window_s is not None:
            parts.append(f"in {_window_text(recovery.window_s)}")
    else:
        amount = (
            _window_text(recovery.window_s)
            if recovery.window_s is not None
            else format_duration(recovery.duration_s or 0.0)
        )
        parts = [amount, recovery.mode]
    return " ".join(part for part in parts if part)


def _render_rep(rep: Rep) -> str:
    amount = (
        format_distance(rep.distance_m)
        if rep.distance_m is not None
        else format_duration(rep.duration_s or 0.0)
    )
    parts = [amount, rep.label]
    if rep.target is not None:
        parts.append("@" + render_target(rep.target))
    elif rep.note:
        parts.append("@ " + rep.note)
    if rep.recovery is not None:
        parts.append(f"(r {render_recovery(rep.recovery)})")
    return " ".join(part for part in parts if part)


def _render_segment(segment: Segment, spoken: bool = False) -> str:
    """`warm-up 15'`, `strides 6 x 100m`, `strides 4`, `drills`, `note: on grass`; Daniels'
    easy running is `2 Mile E` (spoken: `easy 2 Mile`)."""
    if segment.kind == "note":
        return f"note: {segment.text}"
    if segment.kind == "easy" and not spoken:  # always with an amount: `2 Mile E`, `15' E`
        amount = (
            format_distance(segment.distance_m)
            if segment.distance_m is not None
            else format_duration(segment.duration_s or 0.0)
        )
        return " ".join(part for part in (amount, "E", segment.text) if part)
    amount = ""
    if segment.distance_m is not None or segment.duration_s is not None:
        amount = (
            format_distance(segment.distance_m)
            if segment.distance_m is not None
            else format_duration(segment.duration_s or 0.0)
        )
        if segment.count is not None:
            amount = f"{segment.count} x {amount}"
    elif segment.count is not None:
        amount = str(segment.count)
    return " ".join(part for part in (segment.kind, amount, segment.text) if part)


def render_segment(segment: Segment) -> str:
    """`warm-up 15'`, `strides 4 x 100m`, `easy 2 Mile`, `note: on grass`, as people read them."""
    return _render_segment(segment, spoken=True)


def _render_node(node: Node) -> str:
    if isinstance(node, Rep):
        return _render_rep(node)
    if isinstance(node, Segment):
        return _render_segment(node)
    if isinstance(node, Repeat):
        body = _render_node(node.body)
        if node.recovery is not None:
            body = body if isinstance(node.body, Sequence) else f"({body})"
            return f"{node.count} x {body} (r {render_recovery(node.recovery)})"
        nested = isinstance(node.body, Repeat | Segment)  # `3 x (strides 4)` repeats strides
        return f"{node.count} x {f'({body})' if nested else body}"
    return f"({_render_items(node.items)})"


def _render_items(items: tuple[Node, ...]) -> str:
    """Comma list; a repeat followed by an item written without a count (a parenthesised
    repeat has none) is parenthesised too, so the breakdown-set rule does not pull that item
    into it."""
    parts: list[str] = []
    next_has_count = False
    for item in reversed(items):
        text = _render_node(item)
        if isinstance(item, Repeat) and parts and not next_has_count:
            text = f"({text})"
        next_has_count = not text.startswith("(") and isinstance(item, Repeat)
        parts.append(text)
    parts.reverse()
    for k in _shared_tails(items):
        parts[k] = f"({parts[k]})"
    for k in range(1, len(items)):
        if _would_join_target_list(items[k - 1], items[k]):
            parts[k] = f"({parts[k]})"
    return ", ".join(parts)


def _would_join_target_list(before: Node, item: Node) -> bool:
    """`400m @68, 2:30`: a time rep after a rep's time target would read as a second target
    (one per rep), so it is written in parentheses: `400m @68, (2:30)`."""
    if not (isinstance(before, Rep) and isinstance(item, Rep)) or item.duration_s is None:
        return False
    target = before.target
    listing = target is not None and target.kind in ("time", "per-rep")
    return listing and before.recovery is None and format_duration(item.duration_s)[-1].isdigit()


def _shared_tails(items: tuple[Node, ...]) -> set[int]:
    """Where the parser would give a rep's target or recovery to the bare reps before it
    (`400m, 800m @5K`): that rep is then written alone in parentheses. A run of reps starts
    at the list's start or after a segment; after a repeat or a group it joins that run."""
    wrapped: set[int] = set()
    start = 0
    for end in range(len(items) + 1):
        if end < len(items) and isinstance(items[end], Rep):
            continue
        stretch = items[start:end]
        own_run = start == 0 or isinstance(items[start - 1], Segment)
        if own_run and len(stretch) > 1:
            *others, last = stretch
            bare = not any(rep.target or rep.note or rep.recovery for rep in others)
            if bare and (last.target is not None or last.recovery is not None):
                wrapped.add(end - 1)
        start = end + 1
    return wrapped


def _would_join_target_list(before: Node, item: Node) -> bool:
    """`400m @68, 2:30`: a time rep after a rep's time target would read as a second target
    (one per rep), so it is written in parentheses: `400m @68, (2:30)`."""
    if not (isinstance(before, Rep) and isinstance(item, Rep)) or item.duration_s is None:
        return False
    target = before.target
    listing = target is not None and target.kind in ("time", "per-rep")
    return listing and before.recovery is None and format_duration(item.duration_s)[-1].isdigit()


def _render_block(block: Node) -> str:
    if isinstance(block, Sequence):
        text = _render_items(block.items)
        split = any(isinstance(item, Repeat | Segment) for item in block.items)
        return f"({text})" if split else text  # unbracketed, each would be a block of its own
    return _render_node(block)


@functools.lru_cache(maxsize=256)
def block_texts(text: str) -> tuple[str, ...]:
    """Each block of a notation, canonical, in order: the headings of a session's reps."""
    return tuple(_render_block(block) for block in parse(text).blocks)


def render(session: Session) -> str:
    """The canonical notation (recovery rules not included: see render_rules)."""
    return " / ".join(_render_block(block) for block in session.blocks)


_SCOPE_TEXT = {
    EVERY_REP: "between reps",
    BETWEEN_SETS: "between sets",
    BETWEEN_BLOCKS: "between blocks",
}


def _render_rule(rule: RecoveryRule) -> str:
    if rule.scope == AFTER_DISTANCE:
        scope = f"after {format_distance(rule.distances[0])}"
    elif rule.scope == WITHIN_SETS:
        listed = ", ".join(format_distance(d) for d in rule.distances)
        scope = f"in {listed} sets" if listed else "in sets"
    else:
        scope = _SCOPE_TEXT[rule.scope]
    return f"{render_recovery(rule.recovery)} {scope}"


def render_rules(rules: RecoveryRules) -> str:
    """The canonical recovery rules text, readable back by parse_recovery_rules."""
    return " / ".join(_render_rule(rule) for rule in rules.rules)


# --- JSON -----------------------------------------------------------------------------------


def recovery_as_dict(recovery: Recovery | None) -> dict[str, object] | None:
    """`{"kind": "distance", "distance_m": 400.0, "duration_s": null, "window_s": [180.0, 240.0],
    "mode": "", "text": "400m in 3'-4'"}` or None."""
    if recovery is None:
        return None
    return {
        "kind": recovery.kind,
        "distance_m": recovery.distance_m,
        "duration_s": recovery.duration_s,
        "window_s": list(recovery.window_s) if recovery.window_s is not None else None,
        "mode": recovery.mode,
        "text": render_recovery(recovery),
    }


def rep_as_dict(rep: ExpandedRep) -> dict[str, object]:
    return {
        "n": rep.n,
        "distance_m": rep.distance_m,
        "duration_s": rep.duration_s,
        "target": render_target(rep.target) if rep.target is not None else None,
        "label": rep.label,
        "note": rep.note,
        "block": rep.block,
        "set_index": rep.set_index,
        "recovery": recovery_as_dict(rep.recovery),
        "is_rep": True,
    }


def _compact_rep(rep: ExpandedRep) -> str:
    amount = (
        format_distance(rep.distance_m)
        if rep.distance_m is not None
        else format_duration(rep.duration_s or 0.0)
    )
    text = amount + (f"@{render_target(rep.target)}" if rep.target is not None else "")
    words = " ".join(part for part in (rep.label, rep.note) if part)
    text += f' "{words}"' if words else ""
    return text + (f" r {render_recovery(rep.recovery)}" if rep.recovery is not None else "")


def compact(session: Session) -> str:
    """The session as run, one item per rep or segment: `400m@62 r 90" jog | [cool-down]`.
    The test corpus states what each session should expand to in this form."""
    reps = expand(session)
    texts = [_compact_rep(rep) for rep in reps]
    for segment in reversed(segments(session)):
        texts.insert(segment.before_rep - 1, f"[{segment.text}]")
    return " | ".join(texts)


def segment_as_dict(segment: ExpandedSegment) -> dict[str, object]:
    return {
        "kind": segment.kind,
        "text": segment.text,
        "before_rep": segment.before_rep,
        "block": segment.block,
        "is_rep": False,
    }


def reading_as_dict(reading: Reading) -> dict[str, object]:
    return {
        "start": reading.start,
        "end": reading.end,
        "written": reading.written,
        "read_as": reading.read_as,
        "other_as": reading.other_as,
        "other_notation": reading.other_notation,
    }


def session_as_dict(session: Session) -> dict[str, object]:
    """The `manage.py notation` JSON: canonical text, rep count, total metres, reps."""
    reps = expand(session)
    return {
        "notation": render(session),
        "recovery_rules": render_rules(session.rules),
        "rep_count": len(reps),
        "total_distance_m": total_distance_m(reps),
        "reps": [rep_as_dict(rep) for rep in reps],
        "segments": [segment_as_dict(segment) for segment in segments(session)],
    }


def read_as_dict(text: str, recovery_rules: str = "") -> dict[str, object]:
    """`session_as_dict`, with the readings the text allows (`manage.py notation`)."""
    found = read(text, recovery_rules)
    return {
        **session_as_dict(found.session),
        "readings": [reading_as_dict(reading) for reading in found.readings],
    }
