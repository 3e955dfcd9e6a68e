"""Read split times typed or pasted by a person.

Pure Python (standard library only). Seconds (float) inside; "2:52.0" only in
`format_split`.

One split, as people type it (`parse_split`):

    2:52   2:52.3   1:14.05   1:02:03.5   clock: [h:]m:ss[.f]; seconds under 60
    75.1   42.4   66   172            bare seconds, any size up to 3 digits
    75"   75.1"   75s                 seconds with a mark
    4'05   4'05"   4'05.3"   4'       minutes and seconds with marks
    1.15.1   12.30.5                  m.ss.f, dots for colons (phone keypads have no
                                      colon), minutes under 60: 1:15.1

Typographic marks (’ ′ ″ ” “) count as ' and ". At most two decimals (hundredths,
what a watch shows); the typed decimals are kept exactly (`1:14.05` -> 74.05).
Digits are ASCII 0-9 only (superscripts and other scripts' digits are unreadable), and a
token of more than 32 characters (MAX_TOKEN_CHARS) is too long to be a split, whatever
its digits: it is flagged, never read as a number.

Tokens that are never read silently; each raises `SplitError` (an
`athletes.errors.DomainError`, position None), or becomes an issue in `read_splits`,
carrying a suggested reading where one exists:

- run-together splits: `43.926.4` -> [43.9, 26.4], `1:14.81:15.2` -> [74.8, 75.2].
  Suggested when the token splits into two or more timed readings of at least 10 s,
  each with a decimal point or a colon; the split whose parts have the same number
  of decimals is preferred.
- missing decimal point or colon: a bare integer of 4 or more digits (no split is
  typed as 1000+ whole seconds). Readings offered in this order: hundredths
  (`5012` -> 50.12), m:ss.t (5:01.2), m:ss.hh, mm:ss (50:12); the first is the
  suggestion, unless reps are given, then the first one plausible for the rep.
  Bare integers up to 3 digits are whole seconds: `66` is 66 s, `172` is 2:52.
- ambiguous `d.dd` (one digit, two decimals under 60: `2.52`): 2.52 s or 2:52?
  Suggested 2:52 (the m:ss reading), unless reps are given and only the seconds
  reading is plausible for the rep (a 60m in 7.25).
- more than two decimals (`43.926`): suggested rounded to hundredths.
- under 5 s (`3`, `4.2`): too short to be a running split; no suggestion.
- anything else with digits and no letters (`2:75`, `1:15.1?`): unreadable.

A pasted text is read line by line; separators are spaces, new lines, `,` `/` `;`
`|`, bullets (`•` `·` `*` `-`), parentheses, `+`, `@`, `=` and dashes
(`-` `–` `—`). A label is never a split:

- a token with a letter (`600m`, `1K`, `x`, `Set`, `Splits:`), except a seconds
  suffix (`75s`);
- a number next to a count: `2 x`, `x 400`, `Set 2`, `Rep 3`, `Round 4`, `#5`;
- a number joined to a label by an unspaced `/` (`500m/300/200`);
- a list number up to 30 at the start of a line: `1)` `2.` (`75.` is a split);
- distances and rep numbers just before a dash, `=` or colon-and-space (a
  heading): `500/300/200 — 1:15.1`, `400 — 61, 62`, `2:52, 500 — 1:15`. Distances
  are bare integers of 100 or more that are multiples of 50 (track distances);
  rep numbers are single digits. Hence `66 — 67` is two splits but `200 — 61` is
  a 200m label followed by one split (and `150 - 150` reads as labels: type
  `2:30` or `150.0`); a time with a decimal, a colon or a mark is never a label;
- a distance followed, after spaces only, by a time with a decimal point, colon or
  mark: `500 75.1` is 500m: 75.1, not 8:20 and 75.1. A bare integer after it is
  not such a time, so `200 172` stays two splits (3:20 and 2:52) and `66 67 68`
  three; write `200 — 172` or `200m 172` for a label.

Sums. A long rep is often typed as its parts, and is one split, their sum:

- `+` between splits joins exactly the splits it stands between: `6:10 + 6:05 +
  6:01` is one split of 18:16 (so `66 + 67` is one split of 2:13, not two);
- `=` after splits closes a sum: its parts are the splits since the start of the
  line, the last label, the last `/` `;` `|` or the last total (commas, spaces and
  `+` keep a sum going), its total the one split after `=`. `5:02, 5:05, 5:04 =
  15:11` is one split of 15:11. A `=` with no split before it on that stretch is a
  heading's, as above (`400 = 61`, `3 x 1K = 2:52`);
- the reading is always the sum of the parts, exactly to the typed decimals. A
  total agrees when it is the sum rounded to the total's decimals (`64.1 + 63.8 =
  2:08`); one that does not is flagged `sum_mismatch` with both numbers ("the
  parts add up to 15:11.0, the total says 15:21.0"), suggesting the sum. A doubtful
  part or total flags the whole sum with its own kind; the suggestion is the sum
  with every part's suggestion taken, when each has one.

The token of a sum is the text from its first part to its last part or total, as typed.

Matching to reps (`read_splits(text, reps)`): readings fill reps in order. A sure
reading takes one rep, a flagged token takes as many reps as its suggestion has
splits (one when it has none), so a flag in the middle does not shift the rest.
Headings move the cursor (a heading is a run of labels on one line; the number in
it is never a split):

- one distance (`400m:`, `1K —`, `500 75.1`, `4 x 400`): the splits after it, until
  the next heading that names a distance or set, take the reps of that distance
  without a split, first to last: `400m: 64.1, 63.8 / 300m: 47.2` against `2 x
  (400m, 300m)` fills reps 1, 3 and 2;
- several distances (`500/300/200 —`): the splits after it take the reps in order,
  from the next rep without a split when it is of one of those distances, else from
  the first rep of the first distance without a split;
- `Set N` (`Set 3 — 58.0, 44.1`): the splits after it take the reps of set N in
  order (`set_index` N, in the first block from the cursor on whose set N still has
  a rep without a split: after `2:52, 2:54` in `2 x 1K / 3 x (300m, 200m)`, `Set 2`
  is the second 300m and 200m, not the second 1K). Reps that do not say their set
  (no `set_index` attribute, read with getattr like `block`) leave `Set N` a plain
  label;
- a heading naming a distance or set that no rep has is flagged `no_such_rep` on
  that name ("no 300m rep in this session"), and the splits under it take no rep
  (they are extra) rather than shift onto other reps;
- other headings (`Rep 3:`, `Splits:`) do not move the cursor.

Reps left over are `missing`; readings that find no rep (beyond the last rep, or
beyond the reps their heading names) are `extra` and flagged. `count_note` says
both in a coach's words ("no split for reps 15 and 16 (500m, 300m)", "2 splits
more than the 16 reps: 1:01.0, 1:02.0"); it is empty when every rep has one reading.
For a distance rep, a reading is implausible (flagged, not sure) when
`rep_time_problem(distance_m, seconds)` names a problem (targets.py refuses target
times by the same rule):

- faster than world-record speed for that distance with a 10 % margin (flying
  starts, hand timing, segments of a longer run). Speed is interpolated in
  log-distance between the men's outdoor world records below and held flat
  beyond them: a 1K faster than 2:00.0, a 200m faster than 17.4 s;
- slower than a brisk walk, 6 km/h (10:00 per km): a 200m over 2:00.0, a 1K over
  10:00.0.

Time reps (duration set, no distance) and reps without either are not checked:
their split is whatever the athlete recorded.

Sure readings (`splits_s`) are the tokens without an issue. A flagged token's
suggestion is only in `accepted_s`, the reading if every suggestion is accepted
and every flagged value confirmed, for a "did you mean" screen.
"""

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

from athletes.errors import DomainError

MIN_SPLIT_S = 5.0
MAX_DECIMALS = 2
MIN_RUN_TOGETHER_PART_S = 10.0
MAX_TOKEN_CHARS = 32
MAX_LIST_NUMBER = 30
WORLD_RECORD_MARGIN = 1.10
BRISK_WALK_M_S = 6000 / 3600

# Men's outdoor world records (metres, seconds), as of 2024.
WORLD_RECORDS = (
    (100.0, 9.58),
    (200.0, 19.19),
    (400.0, 43.03),
    (800.0, 100.91),
    (1000.0, 131.96),
    (1500.0, 206.00),
    (1609.344, 223.13),
    (2000.0, 284.79),
    (3000.0, 440.67),
    (5000.0, 755.36),
    (10000.0, 1571.00),
    (21097.5, 3451.0),
    (42195.0, 7235.0),
)
_LOG_DISTANCE_SPEEDS = tuple((math.log(d), d / t) for d, t in WORLD_RECORDS)


class RepLike(Protocol):
    """What matching needs of a rep (workouts.notation's ExpandedRep fits). A rep may also
    have `set_index` and `block` (1-based, as ExpandedRep); `Set N` headings use them."""

    @property
    def distance_m(self) -> float | None: ...

    @property
    def duration_s(self) -> float | None: ...


class IssueKind(StrEnum):
    UNREADABLE = "unreadable"
    RUN_TOGETHER = "run_together"
    MISSING_DECIMAL = "missing_decimal"
    AMBIGUOUS = "ambiguous"
    TOO_PRECISE = "too_precise"
    TOO_SHORT = "too_short"
    IMPLAUSIBLE = "implausible"
    EXTRA = "extra"
    SUM_MISMATCH = "sum_mismatch"
    NO_SUCH_REP = "no_such_rep"


Reading = tuple[float, ...]


class SplitError(DomainError):
    """A token that cannot be read as one sure split.

    `candidates` are the possible readings, best first; `suggestion` is the first. The
    position is None: a token is read on its own (read_splits places it in the text).
    """

    def __init__(
        self,
        message: str,
        token: str,
        kind: IssueKind = IssueKind.UNREADABLE,
        candidates: Sequence[Reading] = (),
    ) -> None:
        super().__init__(message)
        self.token = token
        self.kind = kind
        self.candidates = tuple(candidates)

    @property
    def suggestion(self) -> list[float] | None:
        return list(self.candidates[0]) if self.candidates else None


@dataclass(frozen=True)
class SplitIssue:
    token: str
    message: str
    suggestion: Reading | None
    position: int
    kind: IssueKind
    rep_n: int | None = None


@dataclass(frozen=True)
class SplitEntry:
    """One split token of the text, in order.

    `reading_s` is the sure value, or the suggestion of a flagged token, or the
    value as typed when it was flagged as implausible or extra; empty when
    nothing could be read.
    """

    token: str
    position: int
    reading_s: Reading
    issue: SplitIssue | None = None

    @property
    def sure(self) -> bool:
        return self.issue is None


@dataclass(frozen=True)
class SplitMatch:
    rep_n: int
    split_s: float
    sure: bool


@dataclass(frozen=True)
class SplitReading:
    entries: tuple[SplitEntry, ...]
    matches: tuple[SplitMatch, ...] = ()
    missing: tuple[int, ...] = ()
    extra: Reading = ()
    count_note: str = ""

    @property
    def splits_s(self) -> list[float]:
        return [value for entry in self.entries if entry.sure for value in entry.reading_s]

    @property
    def issues(self) -> list[SplitIssue]:
        return [entry.issue for entry in self.entries if entry.issue is not None]

    @property
    def accepted_s(self) -> list[float]:
        return [value for entry in self.entries for value in entry.reading_s]


# --- one token ---------------------------------------------------------------

_MINUTE_MARK = "['’′‘]"
_SECOND_MARK = '["”″“]'
_FRACTION = r"(?:\.(?P<frac>[0-9]+))?"
_FORMS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"(?P<h>[0-9]+):(?P<m>[0-9]{{2}}):(?P<s>[0-9]{{2}}){_FRACTION}{_SECOND_MARK}?",
        rf"(?P<m>[0-9]+):(?P<s>[0-9]{{2}}){_FRACTION}{_SECOND_MARK}?",
        rf"(?P<m>[0-9]+){_MINUTE_MARK}(?:(?P<s>[0-9]{{2}}){_FRACTION}{_SECOND_MARK}?)?",
        r"(?P<m>[1-5]?[0-9])\.(?P<s>[0-9]{2})\.(?P<frac>[0-9]+)",
        rf"(?P<secs>[0-9]+){_FRACTION}(?:{_SECOND_MARK}|s|sec|secs)?",
    )
)
_SUFFIXED_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:s|sec|secs)")
_BARE_DIGITS = re.compile(r"[0-9]{4,}")
_AMBIGUOUS = re.compile(r"(?P<m>[1-9])\.(?P<s>[0-5][0-9])")
_BAD_SECONDS = re.compile(r"[:.'’′‘][6-9][0-9]")


def parse_split(token: str) -> float:
    """Read one split as seconds; raise SplitError when it is not one sure split."""
    text = token.strip()
    if len(text) > MAX_TOKEN_CHARS:
        raise SplitError(f"'{text[:MAX_TOKEN_CHARS]}…' is too long to be a split", text)
    _refuse_ambiguous(text)
    _refuse_missing_decimal(text)
    read = _read_form(text)
    if read is None:
        raise _unreadable(text)
    value, decimals = read
    if decimals > MAX_DECIMALS:
        rounded = float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        raise _flag(text, IssueKind.TOO_PRECISE, [(rounded,)])
    if value < Decimal(str(MIN_SPLIT_S)):
        raise SplitError(
            f"'{text}' is under {MIN_SPLIT_S:g} s — too short to be a split",
            text,
            IssueKind.TOO_SHORT,
        )
    return float(value)


def _read_form(text: str) -> tuple[Decimal, int] | None:
    """The seconds and typed decimals of the first form `text` fits, if any."""
    for form in _FORMS:
        match = form.fullmatch(text)
        if match is not None:
            return _seconds_of(match.groupdict())
    return None


def _seconds_of(groups: dict[str, str | None]) -> tuple[Decimal, int] | None:
    hours, minutes = int(groups.get("h") or 0), int(groups.get("m") or 0)
    whole = groups.get("s") or groups.get("secs") or "0"
    fraction = groups.get("frac") or ""
    if groups.get("s") is not None and int(whole) >= 60:
        return None
    if groups.get("h") is not None and minutes >= 60:
        return None
    seconds = Decimal(f"{whole}.{fraction}" if fraction else whole)
    return hours * 3600 + minutes * 60 + seconds, len(fraction)


def _refuse_ambiguous(text: str) -> None:
    match = _AMBIGUOUS.fullmatch(text)
    if match is None:
        return
    as_minutes = float(int(match["m"]) * 60 + int(match["s"]))
    raise _flag(text, IssueKind.AMBIGUOUS, [(as_minutes,), (float(Decimal(text)),)])


def _refuse_missing_decimal(text: str) -> None:
    if _BARE_DIGITS.fullmatch(text) is None:
        return
    raise _flag(text, IssueKind.MISSING_DECIMAL, _missing_decimal_candidates(text))


def _missing_decimal_candidates(digits: str) -> list[Reading]:
    if len(digits) > 7:
        return []
    shapes = [f"{digits[:-2]}.{digits[-2:]}", f"{digits[:-3]}:{digits[-3:-1]}.{digits[-1]}"]
    if len(digits) > 4:
        shapes.append(f"{digits[:-4]}:{digits[-4:-2]}.{digits[-2:]}")
    shapes.append(f"{digits[:-2]}:{digits[-2:]}")
    candidates: list[Reading] = []
    for shape in shapes:
        read = _read_form(shape)
        if read is not None and (float(read[0]),) not in candidates:
            candidates.append((float(read[0]),))
    return candidates


def _unreadable(text: str) -> SplitError:
    pieces = _run_together(text)
    if pieces is not None:
        return _flag(text, IssueKind.RUN_TOGETHER, [pieces])
    if _BAD_SECONDS.search(text):
        reason = "seconds must be under 60"
    else:
        reason = "expected a time like 2:52, 75.1, 4'05\" or 1.15.1"
    return SplitError(f"couldn't read '{text}' — {reason}", text)


def _run_together(text: str) -> Reading | None:
    if sum(text.count(mark) for mark in ".:") < 2:
        return None
    splittings = [parts for parts in _splittings(text) if len(parts) > 1]
    if not splittings:
        return None
    best = min(splittings, key=lambda parts: (len({d for _, d in parts}), len(parts)))
    return tuple(value for value, _ in best)


@lru_cache(maxsize=1024)
def _splittings(text: str) -> tuple[tuple[tuple[float, int], ...], ...]:
    """Every way to cut `text` into timed readings (value, decimals) of 10 s or more."""
    found = []
    for cut in range(1, len(text) + 1):
        part = _timed_part(text[:cut])
        if part is None:
            continue
        if cut == len(text):
            found.append((part,))
        found.extend((part, *rest) for rest in _splittings(text[cut:]))
    return tuple(found)


def _timed_part(text: str) -> tuple[float, int] | None:
    if "." not in text and ":" not in text:
        return None
    read = _read_form(text)
    if read is None or read[1] > MAX_DECIMALS or read[0] < MIN_RUN_TOGETHER_PART_S:
        return None
    return float(read[0]), read[1]


def _flag(text: str, kind: IssueKind, candidates: Sequence[Reading]) -> SplitError:
    suggestion = candidates[0] if candidates else None
    return SplitError(_flag_message(text, kind, suggestion), text, kind, candidates)


def _flag_message(text: str, kind: IssueKind, suggestion: Reading | None) -> str:
    if suggestion is None:
        return f"couldn't read '{text}' — missing a decimal point or colon?"
    said = " and ".join(format_split(value) for value in suggestion)
    return {
        IssueKind.RUN_TOGETHER: f"couldn't read '{text}' — two splits run together? {said}",
        IssueKind.MISSING_DECIMAL: (
            f"couldn't read '{text}' — missing a decimal point or colon? {said}"
        ),
        IssueKind.AMBIGUOUS: f"'{text}' could be seconds or minutes — did you mean {said}?",
        IssueKind.TOO_PRECISE: f"'{text}' has more decimals than a watch shows — {said}?",
    }[kind]


def format_split(seconds: float) -> str:
    """'2:52.0', '42.4', '1:14.05', '1:02:03.5': at least one decimal, at most three."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"not a split: {seconds!r}")
    millis = int((Decimal(repr(seconds)) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    whole, fraction = divmod(millis, 1000)
    decimals = f"{fraction:03d}".rstrip("0") or "0"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{decimals}"
    if minutes:
        return f"{minutes}:{secs:02d}.{decimals}"
    return f"{secs}.{decimals}"


# --- plausibility ------------------------------------------------------------


def plausible_range_s(distance_m: float) -> tuple[float, float]:
    """The fastest and slowest believable time for a rep of `distance_m` metres."""
    fastest = distance_m / (_world_record_speed(distance_m) * WORLD_RECORD_MARGIN)
    return fastest, distance_m / BRISK_WALK_M_S


def _world_record_speed(distance_m: float) -> float:
    """Metres per second, linear in log-distance between records, flat beyond them."""
    x = math.log(min(max(distance_m, WORLD_RECORDS[0][0]), WORLD_RECORDS[-1][0]))
    for (x0, v0), (x1, v1) in itertools.pairwise(_LOG_DISTANCE_SPEEDS):
        if x <= x1:
            return v0 + (v1 - v0) * (x - x0) / (x1 - x0)
    return _LOG_DISTANCE_SPEEDS[-1][1]


def rep_time_problem(distance_m: float, seconds: float) -> str | None:
    """Why `seconds` is no believable time for a rep of `distance_m` metres, in a coach's
    words ("faster than world-record pace (quickest believable 2:00.0)"); None if it is."""
    fastest, slowest = plausible_range_s(distance_m)
    if fastest <= seconds <= slowest:
        return None
    if seconds < fastest:
        return f"faster than world-record pace (quickest believable {_shown(fastest)})"
    return f"slower than a brisk walk (slowest believable {_shown(slowest)})"


def _shown(seconds: float) -> str:
    return format_split(round(seconds, 1))


def _plausible(value: float, rep: RepLike) -> bool:
    return not rep.distance_m or rep_time_problem(rep.distance_m, value) is None


# --- a pasted text ------------------------------------------------------------

_TOKEN = re.compile(r"[^\s,/;|•·*()\[\]{}+@=\-–—]+")
_TERMINATOR = re.compile(r"[=\-–—]")
_SUM_BREAK = re.compile(r"[/;|]")
_TIMED = re.compile(r"[.:'’′‘\"”″“]")
_DISTANCE_LABEL = re.compile(
    r"(?P<count>[0-9]+[x×])?(?P<d>[0-9]{1,5}(?:\.[0-9]{1,3})?)(?P<unit>m|k|km)?"
)
MIN_LABEL_METRES = 50
_COUNT_WORDS = frozenset(
    {"set", "sets", "rep", "reps", "round", "interval", "block", "lap", "no", "heat", "leg", "#"}
)
_TIMES = frozenset({"x", "×"})
_LABEL_MARKS = frozenset("#×@%&$")
_LEADING_QUOTES = "\"'“”‘’"


@dataclass(frozen=True)
class _Token:
    text: str
    position: int
    value: float | None
    error: SplitError | None


@dataclass(frozen=True)
class _Named:
    """What a heading names, where: a distance in metres or a set number."""

    token: str
    position: int
    value: float


@dataclass(frozen=True)
class _Heading:
    distances: tuple[_Named, ...]
    set_n: _Named | None


@dataclass
class _Word:
    """A run of non-separator characters on one line, before classification."""

    text: str
    position: int
    gap_before: str
    ends_label: bool
    label: bool = False

    @property
    def bare_integer(self) -> bool:
        return _whole_number(self.text) is not None


def _whole_number(text: str) -> int | None:
    """The value of ASCII digits no longer than a split may be; None for anything else
    (other scripts' digits, or thousands of digits that int() refuses)."""
    if text.isascii() and text.isdigit() and len(text) <= MAX_TOKEN_CHARS:
        return int(text)
    return None


def read_splits(text: str, reps: Sequence[RepLike] | None = None) -> SplitReading:
    """Read every split in a typed or pasted text; never raises on what people type."""
    items = list(_items(text))
    if reps is None:
        tokens = [item for item in items if isinstance(item, _Token)]
        return SplitReading(entries=tuple(_entry(token, token.error) for token in tokens))
    return _match(items, reps)


def _items(text: str) -> Iterator["_Token | _Heading"]:
    offset = 0
    for line in text.splitlines(keepends=True):
        words = _classify(list(_line_words(line, offset)))
        yield from _line_items(words, line, offset)
        offset += len(line)


def _line_items(words: list[_Word], line: str, offset: int) -> Iterator["_Token | _Heading"]:
    """Runs of labels become headings; runs of splits are read, sums joined."""
    run: list[_Word] = []
    for word in [*words, None]:
        if run and (word is None or _ends_run(run[-1], word)):
            if run[0].label:
                yield _heading(run, line, offset)
            else:
                yield from _readings(run, line, offset)
            run = []
        if word is not None:
            run.append(word)


def _ends_run(last: _Word, word: _Word) -> bool:
    return word.label != last.label or (not word.label and bool(_SUM_BREAK.search(word.gap_before)))


def _readings(run: list[_Word], line: str, offset: int) -> Iterator["_Token"]:
    """Each split of the run, a sum read as one: every split up to a `=` and the one
    after it, else a `+` chain."""
    totals = (index for index, word in enumerate(run) if index and "=" in word.gap_before)
    total = next(totals, None)
    start = 0
    while start < len(run):
        while total is not None and total <= start:
            total = next(totals, None)
        end = total if total is not None else _chain_end(run, start)
        if end == start:
            yield _read_token(run[start])
        else:
            yield _read_sum(run[start : end + 1], end == total, line, offset)
        start = end + 1


def _chain_end(run: list[_Word], start: int) -> int:
    """The last split of the `+` chain that starts at run[start]."""
    end = start
    while end + 1 < len(run) and "+" in run[end + 1].gap_before:
        end += 1
    return end


def _line_words(line: str, offset: int) -> Iterator[_Word]:
    matches = list(_TOKEN.finditer(line))
    for index, match in enumerate(matches):
        start = matches[index - 1].end() if index else 0
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        raw = match.group()
        stripped = raw.lstrip(_LEADING_QUOTES)
        word = stripped.rstrip(":.") if stripped.rstrip(":.") else stripped
        lead = len(raw) - len(stripped)
        gap_after = line[match.end() : end]
        ends_label = bool(
            _TERMINATOR.search(gap_after) or (raw.endswith(":") and not gap_after.startswith("."))
        )
        yield _Word(
            text=word,
            position=offset + match.start() + lead,
            gap_before=line[start : match.start()],
            ends_label=ends_label,
            label=_is_label_word(word) or (index == 0 and _is_list_number(raw, gap_after)),
        )


def _is_label_word(word: str) -> bool:
    if not any(ch.isdigit() for ch in word):
        return True
    if _SUFFIXED_SECONDS.fullmatch(word):
        return False
    return any(ch.isalpha() or ch in _LABEL_MARKS for ch in word)


def _is_list_number(raw: str, gap_after: str) -> bool:
    number = _whole_number(raw[:-1] if raw.endswith(".") else raw)
    ends_list_mark = raw.endswith(".") or gap_after.lstrip(" ").startswith(")")
    return ends_list_mark and number is not None and number <= MAX_LIST_NUMBER


def _classify(words: list[_Word]) -> list[_Word]:
    for index, word in enumerate(words):
        if word.bare_integer and not word.label:
            before = words[index - 1] if index else None
            after = words[index + 1] if index + 1 < len(words) else None
            word.label = _is_count_or_joined(word, before, after) or _heads_a_time(word, after)
    _mark_headings(words)
    return words


def _is_count_or_joined(word: _Word, before: _Word | None, after: _Word | None) -> bool:
    if after is not None and after.text.lower() in _TIMES:
        return True
    if before is None:
        return False
    previous = before.text.lower()
    return (
        previous in _TIMES
        or previous in _COUNT_WORDS
        or previous.endswith("#")
        or (before.label and word.gap_before == "/")
    )


def _heads_a_time(word: _Word, after: _Word | None) -> bool:
    """`500 75.1`: a distance followed, after spaces only, by a time with a decimal
    point, colon or mark labels it (a bare integer after it does not: `200 172`)."""
    return (
        after is not None
        and not after.gap_before.strip(" \t")
        and not after.label
        and bool(_TIMED.search(after.text))
        and _is_distance(word)
    )


def _mark_headings(words: list[_Word]) -> None:
    """Make labels of the distances and rep numbers just before a dash or colon."""
    for end, word in enumerate(words):
        if not word.ends_label:
            continue
        start = end
        while start >= 0 and (words[start].label or _is_distance_or_number(words[start])):
            words[start].label = True
            start -= 1


def _is_distance_or_number(word: _Word) -> bool:
    value = _whole_number(word.text)
    return value is not None and (value < 10 or _is_distance(word))


def _is_distance(word: _Word) -> bool:
    value = _whole_number(word.text)
    return value is not None and value >= 100 and value % 50 == 0


def _heading(run: list[_Word], line: str, offset: int) -> _Heading:
    distances = tuple(
        _Named(word.text, word.position, metres)
        for word in run
        if (metres := _label_metres(word)) is not None
    )
    set_n = None
    for word, number in itertools.pairwise(run):
        if word.text.lower() == "set" and number.bare_integer:
            token = line[word.position - offset : number.position - offset + len(number.text)]
            set_n = _Named(token, word.position, float(number.text))
    return _Heading(distances, set_n)


def _label_metres(word: _Word) -> float | None:
    """`400`, `600m`, `1K`, `1.5km`, `4x400`: the distance a label names, if any."""
    if _is_distance(word):
        return float(word.text)
    match = _DISTANCE_LABEL.fullmatch(word.text.lower())
    if match is None or (match["unit"] is None and match["count"] is None):
        return None
    metres = Decimal(match["d"]) * (1000 if match["unit"] in ("k", "km") else 1)
    return float(metres) if metres >= MIN_LABEL_METRES else None


def _read_token(word: _Word) -> _Token:
    try:
        return _Token(word.text, word.position, parse_split(word.text), None)
    except SplitError as error:
        return _Token(word.text, word.position, None, error)


def _read_sum(words: list[_Word], has_total: bool, line: str, offset: int) -> _Token:
    start, last = words[0], words[-1]
    text = line[start.position - offset : last.position - offset + len(last.text)]
    parts = [_read_token(word) for word in (words[:-1] if has_total else words)]
    total = _read_token(last) if has_total else None
    return _Token(text, start.position, *_sum_of(text, parts, total))


def _sum_of(
    text: str, parts: list[_Token], total: _Token | None
) -> tuple[float | None, SplitError | None]:
    """One split from its parts, or the flag on it: a doubtful part, or a written total
    that is doubtful or is not the sum (to the total's typed decimals)."""
    doubtful = next((part for part in parts if part.error is not None), None)
    if doubtful is not None:
        assert doubtful.error is not None
        suggested = _suggested_sum(parts)
        message = doubtful.error.message
        if suggested:
            message += f" — with that, the parts add up to {format_split(suggested[0][0])}"
        return None, SplitError(message, text, doubtful.error.kind, suggested)
    added = sum((_exact(part.value) for part in parts), Decimal(0))
    said = format_split(float(added))
    if total is None:
        return float(added), None
    if total.error is not None:
        message = f"{total.error.message} — the parts add up to {said}"
        return None, SplitError(message, text, total.error.kind, [(float(added),)])
    if _agrees(total, added):
        return float(added), None
    written = format_split(float(_exact(total.value)))
    message = f"the parts add up to {said}, the total says {written} — check them"
    return None, SplitError(message, text, IssueKind.SUM_MISMATCH, [(float(added),)])


def _suggested_sum(parts: list[_Token]) -> list[Reading]:
    """The sum with each doubtful part's suggestion taken; none when one has no single one."""
    values = []
    for part in parts:
        if part.error is None:
            values.append(_exact(part.value))
        elif part.error.candidates and len(part.error.candidates[0]) == 1:
            values.append(_exact(part.error.candidates[0][0]))
        else:
            return []
    return [(float(sum(values, Decimal(0))),)]


def _agrees(total: _Token, added: Decimal) -> bool:
    read = _read_form(total.text)
    assert read is not None
    half_unit = Decimal(5).scaleb(-read[1] - 1)
    return abs(read[0] - added) <= half_unit


def _exact(value: float | None) -> Decimal:
    assert value is not None
    return Decimal(repr(value))


def _entry(token: _Token, error: SplitError | None, rep_n: int | None = None) -> SplitEntry:
    if error is None:
        assert token.value is not None
        return SplitEntry(token.text, token.position, (token.value,))
    suggestion = error.candidates[0] if error.candidates else None
    issue = SplitIssue(token.text, error.message, suggestion, token.position, error.kind, rep_n)
    as_typed = (token.value,) if token.value is not None else ()
    return SplitEntry(token.text, token.position, suggestion or as_typed, issue)


# --- matching to reps ---------------------------------------------------------


LOOKAHEAD = 16  # reps a flagged token's suggestion may be checked against


@dataclass
class _Cursor:
    """Which reps the next readings take: in order from `after`, skipping held reps, and
    under a heading only the reps it names (`scope`). `beyond` counts slots past them."""

    reps: Sequence[RepLike]
    held: list[bool]
    after: int = 0
    scope: Callable[[RepLike], bool] | None = None
    none_left: str = ""
    beyond: int = 0

    def upcoming(self) -> Iterator[int]:
        for index in range(self.after, len(self.reps)):
            if not self.held[index] and (self.scope is None or self.scope(self.reps[index])):
                yield index

    def take(self, slots: int) -> list[int]:
        taken = list(itertools.islice(self.upcoming(), slots))
        for index in taken:
            self.held[index] = True
        # Short of slots means no rep is left in scope: skip the search until a heading.
        self.after = taken[-1] + 1 if len(taken) == slots else len(self.reps)
        self.beyond += slots - len(taken)
        return taken

    def follow(self, heading: _Heading) -> list[SplitEntry]:
        """Move to what the heading names; an issue for each name no rep has."""
        unknown = [
            _no_such_rep(named, f"no {named.value:g}m rep in this session")
            for named in heading.distances
            if not self._has_distance(named.value)
        ]
        if heading.set_n is not None and self._numbers_sets():
            n = int(heading.set_n.value)
            if self._has_set(n):
                self._scope_to_set(n)
                return unknown
            why = f"no set {n} in this session"
            self._scope_to_nothing(why)
            return [_no_such_rep(heading.set_n, why), *unknown]
        if heading.distances:
            self._go_to_distances(heading.distances)
        return unknown

    def _go_to_distances(self, distances: tuple[_Named, ...]) -> None:
        first = distances[0].value
        if not self._has_distance(first):
            self._scope_to_nothing(f"no {first:g}m rep in this session")
        elif len(distances) == 1:
            self.after, self.none_left = 0, f"every {first:g}m rep has a split"
            self.scope = lambda rep: _same_distance(rep, first)
        else:
            self.scope, self.none_left = None, ""
            if not self._next_is_one_of(distances):
                self.after = 0
                starts = (i for i in self.upcoming() if _same_distance(self.reps[i], first))
                self.after = next(starts, len(self.reps))

    def _next_is_one_of(self, distances: tuple[_Named, ...]) -> bool:
        index = next(self.upcoming(), None)
        return index is not None and any(
            _same_distance(self.reps[index], named.value) for named in distances
        )

    def _scope_to_set(self, n: int) -> None:
        """The reps of set n in the first block, from the cursor on, whose set n still has a
        rep without a split (else the first such block, else the first with a set n)."""
        in_set = [i for i, rep in enumerate(self.reps) if getattr(rep, "set_index", None) == n]
        open_ones = [i for i in in_set if not self.held[i]]
        ahead = [i for i in open_ones if i >= self.after]
        block = _block(self.reps[(ahead or open_ones or in_set)[0]])
        self.after, self.none_left = 0, f"every rep of set {n} has a split"
        self.scope = lambda rep: (_block(rep), getattr(rep, "set_index", None)) == (block, n)

    def _scope_to_nothing(self, why: str) -> None:
        self.after, self.scope, self.none_left = len(self.reps), None, why

    def _has_distance(self, metres: float) -> bool:
        return any(_same_distance(rep, metres) for rep in self.reps)

    def _has_set(self, n: int) -> bool:
        return any(getattr(rep, "set_index", None) == n for rep in self.reps)

    def _numbers_sets(self) -> bool:
        return any(getattr(rep, "set_index", None) is not None for rep in self.reps)


def _same_distance(rep: RepLike, metres: float) -> bool:
    return rep.distance_m is not None and abs(rep.distance_m - metres) < 0.5


def _block(rep: RepLike) -> int:
    return getattr(rep, "block", 1)


def _no_such_rep(named: _Named, why: str) -> SplitEntry:
    issue = SplitIssue(named.token, why, None, named.position, IssueKind.NO_SUCH_REP)
    return SplitEntry(named.token, named.position, (), issue)


def count_note(reps: Sequence[RepLike], missing: Sequence[int], extra: Sequence[float]) -> str:
    """Which reps got no split and which splits got no rep, in a coach's words."""
    notes = []
    if missing:
        names = ", ".join(_rep_name(reps[n - 1]) for n in missing)
        notes.append(f"no split for {_numbered('rep', missing)} ({names})")
    if extra:
        shown = ", ".join(format_split(value) for value in extra)
        splits = f"{len(extra)} split{'s' if len(extra) > 1 else ''}"
        if missing:
            notes.append(f"{splits} fit{'' if len(extra) > 1 else 's'} no rep: {shown}")
        else:
            notes.append(f"{splits} more than the {_numbered_count(len(reps))}: {shown}")
    return "; ".join(notes)


def _numbered(noun: str, numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"{noun} {numbers[0]}"
    listed = ", ".join(str(n) for n in numbers[:-1])
    return f"{noun}s {listed} and {numbers[-1]}"


def _numbered_count(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"


def _rep_name(rep: RepLike) -> str:
    if rep.distance_m is not None:
        return f"{rep.distance_m:g}m"
    if rep.duration_s is not None:
        return format_split(rep.duration_s)
    return "open"


def _match(items: list[_Token | _Heading], reps: Sequence[RepLike]) -> SplitReading:
    entries: list[SplitEntry] = []
    matches: list[SplitMatch] = []
    extra: list[float] = []
    cursor = _Cursor(reps, [False] * len(reps))
    for item in items:
        if isinstance(item, _Heading):
            entries.extend(cursor.follow(item))
            continue
        entry = _judge(item, cursor)
        entries.append(entry)
        taken = cursor.take(max(len(entry.reading_s), 1))
        for offset, value in enumerate(entry.reading_s):
            if offset < len(taken):
                matches.append(SplitMatch(taken[offset] + 1, value, entry.sure))
            else:
                extra.append(value)
    missing = tuple(n for n, held in enumerate(cursor.held, start=1) if not held)
    note = count_note(reps, missing, extra)
    return SplitReading(tuple(entries), tuple(matches), missing, tuple(extra), note)


def _judge(token: _Token, cursor: _Cursor) -> SplitEntry:
    first = next(cursor.upcoming(), None)
    rep_n = (len(cursor.reps) + cursor.beyond if first is None else first) + 1
    if token.error is not None:
        ahead = [cursor.reps[i] for i in itertools.islice(cursor.upcoming(), LOOKAHEAD)]
        return _entry(token, _prefer_plausible(token.error, ahead), rep_n)
    assert token.value is not None
    if first is None:
        why = cursor.none_left or f"the session has {len(cursor.reps)} reps"
        message = f"{format_split(token.value)} has no rep — {why}"
        return _entry(token, SplitError(message, token.text, IssueKind.EXTRA), rep_n)
    if not _plausible(token.value, cursor.reps[first]):
        message = _implausible_message(token.value, rep_n, cursor.reps[first])
        return _entry(token, SplitError(message, token.text, IssueKind.IMPLAUSIBLE), rep_n)
    return _entry(token, None, rep_n)


def _prefer_plausible(error: SplitError, reps: Sequence[RepLike]) -> SplitError:
    """The same flag, suggesting the first reading that is plausible for its reps."""
    for candidate in error.candidates:
        if all(_plausible(value, rep) for value, rep in zip(candidate, reps, strict=False)):
            if candidate == error.candidates[0]:
                return error
            chosen = (candidate, *(c for c in error.candidates if c != candidate))
            message = _flag_message(error.token, error.kind, candidate)
            return SplitError(message, error.token, error.kind, chosen)
    return error


def _implausible_message(value: float, rep_n: int, rep: RepLike) -> str:
    assert rep.distance_m is not None
    problem = rep_time_problem(rep.distance_m, value)
    return f"{format_split(value)} for rep {rep_n} ({rep.distance_m:g}m) is {problem} — check it"
