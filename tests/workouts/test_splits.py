"""Reading split times as athletes type and paste them (workouts/splits.py)."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes.errors import DomainError
from workouts.notation import expand, parse
from workouts.splits import (
    MIN_SPLIT_S,
    IssueKind,
    SplitError,
    SplitMatch,
    format_split,
    parse_split,
    plausible_range_s,
    read_splits,
    rep_time_problem,
)

REFERENCE_WRITE_UP = (
    Path(__file__).resolve().parents[2] / "docs/reference/workout-of-the-day-1000m-breakdowns.txt"
)

REFERENCE_SPLIT_LINES = """\
  • 2 x 1K — 2:52, 2:54
  • 500/300/200 — 1:15.1 / 42.4 / 28.9
  • 1K — 2:55
  • 2 x 500/300/200 — 1:15.8 / 44.4 / 29.1 / 1:14.8 / 43.8 / 29.2
  • 1K — 2:55
  • 500/300/200 — 1:16.7 / 43.926.4
"""
REFERENCE_SURE = [
    172.0, 174.0, 75.1, 42.4, 28.9, 175.0, 75.8, 44.4, 29.1, 74.8, 43.8, 29.2, 175.0, 76.7,
]  # fmt: skip


@dataclass(frozen=True)
class Rep:
    distance_m: float | None
    duration_s: float | None = None


def metres(*distances: float) -> list[Rep]:
    return [Rep(distance) for distance in distances]


BREAKDOWN = (500, 300, 200)
REFERENCE_REPS = metres(1000, 1000, *BREAKDOWN, 1000, *BREAKDOWN, *BREAKDOWN, 1000, *BREAKDOWN)


# --- one split ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("2:52", 172.0),
        ("2:52.3", 172.3),
        ("1:15.1", 75.1),
        ("1:14.05", 74.05),
        ("0:42.4", 42.4),
        ("15:30", 930.0),
        ("1:02:03.5", 3723.5),
        ("75.1", 75.1),
        ("42.4", 42.4),
        ("66", 66.0),
        ("172", 172.0),
        ("4'05", 245.0),
        ("4'05\"", 245.0),
        ("4'05.3\"", 245.3),
        ("4’05”", 245.0),
        ("4′05″", 245.0),
        ("3'", 180.0),
        ('75"', 75.0),
        ('75.1"', 75.1),
        ("75s", 75.0),
        ("1.15.1", 75.1),
        ("12.30.5", 750.5),
        ('2:52"', 172.0),
        ("  2:52  ", 172.0),
    ],
)
def test_every_way_people_type_a_split(typed, seconds):
    assert parse_split(typed) == seconds


@pytest.mark.parametrize("typed", ["1:14.05", "44.4", "29.1", "1:14.8", "1.15.1"])
def test_the_typed_decimals_are_kept_without_float_artefacts(typed):
    assert repr(parse_split(typed)) == repr(float(Decimal(_as_seconds(typed))))


def _as_seconds(typed: str) -> str:
    if ":" in typed:
        minutes, seconds = typed.split(":")
        return str(int(minutes) * 60 + Decimal(seconds))
    if typed.count(".") == 2:
        minutes, whole, fraction = typed.split(".")
        return str(int(minutes) * 60 + Decimal(f"{whole}.{fraction}"))
    return typed


@pytest.mark.parametrize(
    ("typed", "kind", "suggestion"),
    [
        ("43.926.4", IssueKind.RUN_TOGETHER, [43.9, 26.4]),
        ("1:14.81:15.2", IssueKind.RUN_TOGETHER, [74.8, 75.2]),
        ("75.142.4", IssueKind.RUN_TOGETHER, [75.1, 42.4]),
        ("2:522:54", IssueKind.RUN_TOGETHER, [172.0, 174.0]),
        ("29.128.929.0", IssueKind.RUN_TOGETHER, [29.1, 28.9, 29.0]),
        ("5012", IssueKind.MISSING_DECIMAL, [50.12]),
        ("7412", IssueKind.MISSING_DECIMAL, [74.12]),
        ("11452", IssueKind.MISSING_DECIMAL, [114.52]),
        ("2.52", IssueKind.AMBIGUOUS, [172.0]),
        ("1.15", IssueKind.AMBIGUOUS, [75.0]),
        ("43.926", IssueKind.TOO_PRECISE, [43.93]),
        ("3", IssueKind.TOO_SHORT, None),
        ("4.2", IssueKind.TOO_SHORT, None),
        ("0", IssueKind.TOO_SHORT, None),
        ("2:75", IssueKind.UNREADABLE, None),
        ("1:5", IssueKind.UNREADABLE, None),
        ("1:15.1?", IssueKind.UNREADABLE, None),
        ("43.92.4", IssueKind.UNREADABLE, None),
        ("75.12.3", IssueKind.UNREADABLE, None),
        ("12345678", IssueKind.MISSING_DECIMAL, None),
        ("1" * 40, IssueKind.UNREADABLE, None),
        ("600m", IssueKind.UNREADABLE, None),
        ("", IssueKind.UNREADABLE, None),
    ],
)
def test_doubtful_tokens_are_refused_with_a_suggestion(typed, kind, suggestion):
    with pytest.raises(SplitError) as caught:
        parse_split(typed)
    assert caught.value.kind is kind
    assert caught.value.suggestion == suggestion
    assert caught.value.token == typed
    assert isinstance(caught.value, ValueError)


def test_the_messages_say_what_to_do():
    with pytest.raises(SplitError) as run_together:
        parse_split("43.926.4")
    assert run_together.value.message == (
        "couldn't read '43.926.4' — two splits run together? 43.9 and 26.4"
    )
    with pytest.raises(SplitError) as missing_decimal:
        parse_split("5012")
    assert "50.12" in missing_decimal.value.message
    with pytest.raises(SplitError) as bad_seconds:
        parse_split("2:75")
    assert "under 60" in bad_seconds.value.message


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (172.0, "2:52.0"),
        (42.4, "42.4"),
        (74.05, "1:14.05"),
        (59.96, "59.96"),
        (59.9999, "1:00.0"),
        (9.0, "9.0"),
        (3723.5, "1:02:03.5"),
        (0.0, "0.0"),
    ],
)
def test_format_split(seconds, shown):
    assert format_split(seconds) == shown


@pytest.mark.parametrize("seconds", [-1.0, float("nan"), float("inf")])
def test_format_split_refuses_what_is_not_a_time(seconds):
    with pytest.raises(ValueError):
        format_split(seconds)


# --- pasted text: labels and separators ------------------------------------------


@pytest.mark.parametrize(
    ("pasted", "splits"),
    [
        ("600m — 1:31.4, 1:30.9 / 1:29.8", [91.4, 90.9, 89.8]),
        ("Set 2 — 61.2, 45.0, 29.9", [61.2, 45.0, 29.9]),
        ("Set 2 61.2 45.0", [61.2, 45.0]),
        ("Splits: 2:49.6, 1:14.05, 43.1", [169.6, 74.05, 43.1]),
        ("Rep 3: 2:52", [172.0]),
        ("Rep 3 - 2:52", [172.0]),
        ("#4 61.0", [61.0]),
        ("  • 2 x 1K — 2:52, 2:54", [172.0, 174.0]),
        ("  • 500/300/200 — 1:15.1 / 42.4 / 28.9", [75.1, 42.4, 28.9]),
        ("2 x 500/300/200 — 1:15.8 / 44.4", [75.8, 44.4]),
        ("4 x 400 61 62", [61.0, 62.0]),
        ("4x400: 61, 62", [61.0, 62.0]),
        ("3 × 1K = 2:52 2:54", [172.0, 174.0]),
        ("500m/300/200 75.1 42.4", [75.1, 42.4]),
        ("400 — 61, 62, 63", [61.0, 62.0, 63.0]),
        ("1000 - 2:52", [172.0]),
        ("1 — 2:52", [172.0]),
        ("1) 2:52\n2) 2:54\n3. 2:55", [172.0, 174.0, 175.0]),
        ("2 x 1K / 500m, 300m, 200m / 1 x 1K", []),
        ("Tempo 3 mile: 15:30", [930.0]),
        ("1K — 2:52, 500 — 1:15", [172.0, 75.0]),
    ],
)
def test_labels_are_never_read_as_splits(pasted, splits):
    reading = read_splits(pasted)
    assert reading.splits_s == splits
    assert reading.issues == []


@pytest.mark.parametrize(
    ("pasted", "splits"),
    [
        ("66 — 67 — 68", [66.0, 67.0, 68.0]),
        ("2:52 — 2:54", [172.0, 174.0]),
        ("75.", [75.0]),
        ("44. 45.", [44.0, 45.0]),
    ],
)
def test_a_split_at_the_start_of_a_line_is_not_taken_for_a_label(pasted, splits):
    assert read_splits(pasted).splits_s == splits


@pytest.mark.parametrize(
    "separator",
    [",", ", ", "/", " / ", ";", "; ", " ", "  ", "\t", "\n", "\r\n", " — ", " – ", " - ",
     "-", " | ", " • ", "\n- ", "\n* ", "\n• "],
)  # fmt: skip
def test_every_separator(separator):
    pasted = separator.join(["1:15.1", "42.4", "28.9", "66"])
    assert read_splits(pasted).splits_s == [75.1, 42.4, 28.9, 66.0]


@pytest.mark.parametrize("bullet", ["•", "-", "*", "·"])
def test_bulleted_lines(bullet):
    pasted = f"{bullet} 2:52\n{bullet} 2:54\n  {bullet} 1:15.1"
    assert read_splits(pasted).splits_s == [172.0, 174.0, 75.1]


# --- the reference write-up ------------------------------------------------------


def test_the_reference_split_lines_read_as_fourteen_sure_times_and_one_flag():
    reading = read_splits(REFERENCE_SPLIT_LINES)
    assert reading.splits_s == REFERENCE_SURE
    [issue] = reading.issues
    assert issue.token == "43.926.4"
    assert issue.kind is IssueKind.RUN_TOGETHER
    assert issue.suggestion == (43.9, 26.4)
    assert REFERENCE_SPLIT_LINES[issue.position :].startswith("43.926.4")


def test_accepting_the_suggestion_gives_the_sixteen_times_in_order():
    reading = read_splits(REFERENCE_SPLIT_LINES)
    assert reading.accepted_s == [*REFERENCE_SURE, 43.9, 26.4]
    assert [entry.token for entry in reading.entries][-2:] == ["1:16.7", "43.926.4"]
    assert [entry.sure for entry in reading.entries].count(False) == 1


def test_the_bullet_lines_of_the_reference_file_read_as_its_sixteen_times():
    write_up = REFERENCE_WRITE_UP.read_text(encoding="utf-8")
    split_lines = "\n".join(line for line in write_up.splitlines() if line.startswith("  •"))
    reading = read_splits(split_lines)
    assert reading.accepted_s == [*REFERENCE_SURE, 43.9, 26.4]


def test_a_flagged_tokens_suggestion_is_not_a_sure_reading():
    reading = read_splits("61.0, 5012, 62.0")
    assert reading.splits_s == [61.0, 62.0]
    assert reading.accepted_s == [61.0, 50.12, 62.0]


# --- matching to reps ---------------------------------------------------------


def test_the_reference_matches_its_sixteen_reps():
    reading = read_splits(REFERENCE_SPLIT_LINES, REFERENCE_REPS)
    assert [match.rep_n for match in reading.matches] == list(range(1, 17))
    assert [match.split_s for match in reading.matches] == [*REFERENCE_SURE, 43.9, 26.4]
    assert [match.sure for match in reading.matches] == [True] * 14 + [False, False]
    assert reading.missing == ()
    assert reading.extra == ()
    [issue] = reading.issues
    assert (issue.kind, issue.rep_n) == (IssueKind.RUN_TOGETHER, 15)


def test_missing_splits_name_the_reps_left_without_one():
    reading = read_splits("2:52, 2:54, 1:15.1", REFERENCE_REPS)
    assert reading.missing == tuple(range(4, 17))
    assert reading.splits_s == [172.0, 174.0, 75.1]
    assert reading.issues == []


def test_extra_splits_are_flagged_and_not_sure():
    reading = read_splits("61, 62, 63", metres(400, 400))
    assert reading.splits_s == [61.0, 62.0]
    assert reading.extra == (63.0,)
    [issue] = reading.issues
    assert issue.kind is IssueKind.EXTRA
    assert issue.token == "63"
    assert "2 reps" in issue.message


def test_a_flag_in_the_middle_does_not_shift_the_splits_after_it():
    reading = read_splits("2:52, 43.926.4, 2:55", metres(1000, 300, 200, 1000))
    assert [(m.rep_n, m.split_s, m.sure) for m in reading.matches] == [
        (1, 172.0, True),
        (2, 43.9, False),
        (3, 26.4, False),
        (4, 175.0, True),
    ]
    assert reading.missing == ()


def test_an_unreadable_token_holds_the_place_of_one_rep():
    reading = read_splits("61, 2:75, 63", metres(400, 400, 400))
    assert [(m.rep_n, m.split_s) for m in reading.matches] == [(1, 61.0), (3, 63.0)]
    assert reading.missing == ()


@pytest.mark.parametrize(
    ("pasted", "distance", "bound"),
    [("0:28", 1000, "faster"), ("4:10", 200, "slower"), ("8.0", 100, "faster"),
     ("10:30", 1000, "slower"), ("30.0", 400, "faster")],
)  # fmt: skip
def test_implausible_times_for_the_rep_are_flagged_before_saving(pasted, distance, bound):
    reading = read_splits(pasted, metres(distance))
    assert reading.splits_s == []
    [issue] = reading.issues
    assert issue.kind is IssueKind.IMPLAUSIBLE
    assert issue.rep_n == 1
    assert bound in issue.message
    assert reading.matches == (SplitMatch(1, parse_split(pasted), False),)


@pytest.mark.parametrize(
    ("pasted", "distance"),
    [("2:01", 1000), ("9:59", 1000), ("17.5", 200), ("1:59", 200), ("9.0", 100),
     ("3:23", 1609.344), ("14:30", 5000), ("26.4", 200)],
)  # fmt: skip
def test_believable_times_pass(pasted, distance):
    reading = read_splits(pasted, metres(distance))
    assert reading.issues == []
    assert reading.splits_s == [parse_split(pasted)]


def test_plausibility_bounds_come_from_world_records_and_a_brisk_walk():
    fastest_1k, slowest_1k = plausible_range_s(1000)
    assert fastest_1k == pytest.approx(131.96 / 1.1)
    assert slowest_1k == pytest.approx(600.0)
    fastest_mile, _ = plausible_range_s(1609.344)
    assert fastest_mile == pytest.approx(223.13 / 1.1)
    fastest_1200, _ = plausible_range_s(1200)
    assert plausible_range_s(1000)[0] < fastest_1200 < plausible_range_s(1500)[0]
    assert plausible_range_s(50)[0] == pytest.approx(50 / (100 / 9.58 * 1.1))


@pytest.mark.parametrize(
    ("distance", "seconds", "problem"),
    [
        (1000, 120.0, None),
        (1000, 119.9, "faster than world-record pace (quickest believable 2:00.0)"),
        (1000, 600.0, None),
        (1000, 600.1, "slower than a brisk walk (slowest believable 10:00.0)"),
        (200, 17.5, None),
        (200, 17.3, "faster than world-record pace (quickest believable 17.4)"),
        (1_000_000, 600_000.0, None),
        (1_000_000, 600_001.0, "slower than a brisk walk (slowest believable 166:40:00.0)"),
        (1000, float("inf"), "slower than a brisk walk (slowest believable 10:00.0)"),
    ],
)
def test_a_rep_time_problem_is_said_in_a_coachs_words(distance, seconds, problem):
    assert rep_time_problem(distance, seconds) == problem


def test_the_flag_on_a_split_says_the_same_problem():
    [issue] = read_splits("1:59.9", metres(1000)).issues
    assert rep_time_problem(1000, 119.9) in issue.message


def test_split_error_is_a_domain_error_without_a_position():
    error = SplitError("couldn't read '2:75'", "2:75")
    assert isinstance(error, DomainError)
    assert (error.message, error.position, error.token) == ("couldn't read '2:75'", None, "2:75")
    assert error.kind is IssueKind.UNREADABLE and error.candidates == ()
    assert error.as_dict() == {"message": "couldn't read '2:75'"}


def test_time_reps_are_not_checked_for_plausibility():
    reading = read_splits("28, 1200", [Rep(None, 180.0), Rep(None, 3600.0)])
    assert reading.splits_s == [28.0]
    assert [issue.kind for issue in reading.issues] == [IssueKind.MISSING_DECIMAL]


@pytest.mark.parametrize(
    ("pasted", "distance", "suggestion"),
    [("2523", 1000, (172.3,)), ("5012", 400, (50.12,)), ("5012", 1609.344, (301.2,)),
     ("2.52", 1000, (172.0,)), ("7.25", 60, (7.25,))],
)  # fmt: skip
def test_the_suggestion_is_the_reading_that_fits_the_rep(pasted, distance, suggestion):
    [issue] = read_splits(pasted, metres(distance)).issues
    assert issue.suggestion == suggestion
    assert format_split(suggestion[0]) in issue.message


# --- properties ---------------------------------------------------------------

SEPARATORS = [", ", ",", " / ", "/", "; ", ";", " ", "\n", " — ", " - ", " – ", "\t", " | "]
LABELS = ["", "Splits: ", "Set 2 — ", "600m — ", "  • 2 x 1K — ", "500/300/200 — ", "Rep 3: "]


@st.composite
def typed_split(draw: st.DrawFn) -> tuple[str, float]:
    """A plausible split (10 s to an hour) in one of the accepted styles."""
    decimals = draw(st.integers(0, 2))
    units = draw(st.integers(10 * 10**decimals, 3599 * 10**decimals))
    value = Decimal(units).scaleb(-decimals)
    whole = int(value)
    fraction = f"{value:.{decimals}f}".partition(".")[2]
    point = f".{fraction}" if fraction else ""
    minutes, seconds = divmod(whole, 60)
    styles = [f"{minutes}:{seconds:02d}{point}", f'{whole}{point}"', f"{whole}{point}s"]
    if decimals or (whole < 1000 and not (whole >= 100 and whole % 50 == 0)):
        styles.append(f"{whole}{point}")
    if minutes:
        styles += [f"{minutes}'{seconds:02d}{point}\"", f"{minutes}’{seconds:02d}{point}"]
    if minutes and decimals and minutes < 60:
        styles.append(f"{minutes}.{seconds:02d}.{fraction}")
    if minutes and not seconds and not decimals:
        styles.append(f"{minutes}'")
    return draw(st.sampled_from(styles)), float(value)


@settings(max_examples=200, deadline=None)
@given(
    splits=st.lists(typed_split(), min_size=1, max_size=12),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=11, max_size=11),
    label=st.sampled_from(LABELS),
)
def test_typed_splits_read_back_exactly(splits, separators, label):
    pasted = label + splits[0][0]
    for (typed, _), separator in zip(splits[1:], separators, strict=False):
        pasted += separator + typed
    reading = read_splits(pasted)
    assert reading.issues == []
    assert reading.splits_s == [value for _, value in splits]


ARBITRARY = st.one_of(
    st.text(max_size=120),
    st.text(alphabet="0123456789.:'\"’″/,;-— xXmK•*()#\n", max_size=120),
)


@settings(max_examples=200, deadline=None)
@given(
    text=ARBITRARY,
    distances=st.lists(st.one_of(st.none(), st.floats(1, 50_000)), max_size=20),
)
def test_arbitrary_text_never_raises_and_every_issue_points_at_its_token(text, distances):
    reps = [Rep(distance, None if distance else 60.0) for distance in distances]
    for reading in (read_splits(text), read_splits(text, reps)):
        for issue in reading.issues:
            assert text[issue.position : issue.position + len(issue.token)] == issue.token
        assert all(value >= MIN_SPLIT_S for value in reading.splits_s)
        sure = iter(reading.accepted_s)
        assert all(value in sure for value in reading.splits_s)


# --- sums, headings and counts (issue 12) ------------------------------------------


def session(notation: str) -> list:
    return expand(parse(notation))


@pytest.mark.parametrize(
    ("pasted", "seconds"),
    [
        ("5:02, 5:05, 5:04 = 15:11", 911.0),
        ("5:02 5:05 5:04 = 15:11", 911.0),
        ("6:10 + 6:05 + 6:01", 1096.0),
        ("6:10 + 6:05 + 6:01 = 18:16", 1096.0),
        ("64.1 + 63.8 = 2:08", 127.9),
        ("64.1 + 63.8", 127.9),
        ("66 + 67", 133.0),
    ],
)
def test_a_long_rep_typed_as_its_parts_is_one_split_their_sum(pasted, seconds):
    reading = read_splits(pasted)
    assert reading.splits_s == [seconds]
    [entry] = reading.entries
    assert entry.token == pasted


def test_a_total_that_is_not_the_sum_is_flagged_with_both_numbers():
    reading = read_splits("5:02, 5:05, 5:04 = 15:21", session("5000m"))
    assert reading.splits_s == []
    assert reading.accepted_s == [911.0]
    [issue] = reading.issues
    assert issue.kind is IssueKind.SUM_MISMATCH
    assert "the parts add up to 15:11.0, the total says 15:21.0" in issue.message
    assert (issue.suggestion, issue.rep_n) == ((911.0,), 1)
    assert reading.matches == (SplitMatch(1, 911.0, False),)


@pytest.mark.parametrize(
    ("pasted", "splits"),
    [
        ("61, 62 + 63, 64", [61.0, 125.0, 64.0]),
        ("2:52 / 43.1 + 43.0 + 43.2 + 43.4 = 2:52.7 / 2:54", [172.0, 172.7, 174.0]),
        ("5:02 5:05 = 10:07 / 5:01 5:03 = 10:04", [607.0, 604.0]),
        ("5:02 5:05 = 10:07 5:01 5:03 = 10:04", [607.0, 604.0]),
        ("1600m: 5:02 5:05 = 10:07", [607.0]),
        ("3 x 1K = 2:52 2:54", [172.0, 174.0]),
        ("400 = 61", [61.0]),
    ],
)
def test_a_sum_reaches_back_to_the_line_start_a_label_a_slash_or_the_last_total(pasted, splits):
    reading = read_splits(pasted)
    assert reading.issues == []
    assert reading.splits_s == splits


@pytest.mark.parametrize(
    ("pasted", "kind", "suggestion"),
    [
        ("5:02 + 5012 + 5:04", IssueKind.MISSING_DECIMAL, (656.12,)),
        ("5:02, 5:05, 5:04 = 1511", IssueKind.MISSING_DECIMAL, (911.0,)),
        ("5:02 + 2:75", IssueKind.UNREADABLE, None),
        ("30.129.8 + 60", IssueKind.RUN_TOGETHER, None),
    ],
)
def test_a_doubtful_part_or_total_flags_the_whole_sum(pasted, kind, suggestion):
    reading = read_splits(pasted)
    [issue] = reading.issues
    assert (issue.token, issue.kind, issue.suggestion) == (pasted, kind, suggestion)
    assert reading.splits_s == []


def test_splits_under_a_distance_heading_take_the_reps_of_that_distance():
    reading = read_splits("400m: 64.1, 63.8 / 300m: 47.2", session("2 x (400m, 300m)"))
    assert [(m.rep_n, m.split_s) for m in reading.matches] == [(1, 64.1), (3, 63.8), (2, 47.2)]
    assert reading.missing == (4,)
    assert reading.count_note == "no split for rep 4 (300m)"


def test_splits_under_a_set_heading_take_the_reps_of_that_set():
    reading = read_splits("Set 3 — 58.0, 44.1", session("4 x (400m, 300m)"))
    assert [(m.rep_n, m.split_s) for m in reading.matches] == [(5, 58.0), (6, 44.1)]
    assert reading.missing == (1, 2, 3, 4, 7, 8)


def test_set_headings_are_plain_labels_for_reps_that_do_not_say_their_set():
    reading = read_splits("Set 3 — 58.0, 44.1", metres(400, 300))
    assert [(m.rep_n, m.split_s) for m in reading.matches] == [(1, 58.0), (2, 44.1)]
    assert reading.issues == []


@pytest.mark.parametrize(
    ("pasted", "notation", "token", "message"),
    [
        ("300m: 47.2", "2 x 400m", "300m", "no 300m rep in this session"),
        ("Set 3 — 58.0", "2 x (400m, 300m)", "Set 3", "no set 3 in this session"),
        ("1K — 2:52", "2 x 400m", "1K", "no 1000m rep in this session"),
    ],
)
def test_a_heading_naming_what_no_rep_is_is_an_issue_not_a_shift(pasted, notation, token, message):
    reading = read_splits(pasted, session(notation))
    first, extra = reading.issues
    assert (first.kind, first.token, first.message, first.rep_n) == (
        IssueKind.NO_SUCH_REP,
        token,
        message,
        None,
    )
    assert pasted[first.position :].startswith(token)
    assert extra.kind is IssueKind.EXTRA and message in extra.message
    assert reading.matches == ()


@pytest.mark.parametrize(
    ("pasted", "splits"),
    [
        ("500 75.1", [75.1]),
        ("500 1:15.1 300 44.2", [75.1, 44.2]),
        ("500 1.15.1", [75.1]),
        ('400 62"', [62.0]),
        ("200 172", [200.0, 172.0]),
        ("66 67 68", [66.0, 67.0, 68.0]),
        ("500, 75.1", [500.0, 75.1]),
        ("500 75.", [500.0, 75.0]),
    ],
)
def test_a_distance_right_before_a_time_with_a_point_colon_or_mark_is_its_label(pasted, splits):
    assert read_splits(pasted).splits_s == splits


def test_the_count_note_names_the_reps_without_a_split_by_number_and_distance():
    short = REFERENCE_SPLIT_LINES.replace(" / 43.926.4", "")
    reading = read_splits(short, REFERENCE_REPS)
    assert reading.missing == (15, 16)
    assert reading.count_note == "no split for reps 15 and 16 (300m, 200m)"


def test_the_count_note_names_the_splits_beyond_the_reps():
    reading = read_splits(REFERENCE_SPLIT_LINES + "1:01, 1:02", REFERENCE_REPS)
    assert reading.count_note == "2 splits more than the 16 reps: 1:01.0, 1:02.0"
    assert read_splits(REFERENCE_SPLIT_LINES, REFERENCE_REPS).count_note == ""


def test_the_count_note_says_both_when_a_heading_leaves_reps_and_splits_unpaired():
    reading = read_splits("Set 1 — 61, 46, 62", session("2 x (400m, 300m)"))
    assert (
        reading.count_note == "no split for reps 3 and 4 (400m, 300m); 1 split fits no rep: 1:02.0"
    )


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(typed_split(), min_size=2, max_size=6), joiner=st.sampled_from([" + ", "+"]))
def test_parts_joined_by_plus_read_as_one_split_their_sum(parts, joiner):
    total = float(sum((Decimal(repr(value)) for _, value in parts), Decimal(0)))
    reading = read_splits(joiner.join(typed for typed, _ in parts))
    assert reading.issues == []
    assert reading.splits_s == [total]


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(typed_split(), min_size=1, max_size=6),
    separator=st.sampled_from([", ", " ", " + "]),
    off_by=st.integers(-600, 600).filter(lambda n: n != 0),
)
def test_a_written_total_is_checked_against_its_parts(parts, separator, off_by):
    added = sum((Decimal(repr(value)) for _, value in parts), Decimal(0))
    typed = separator.join(text for text, _ in parts)
    agreeing = read_splits(f"{typed} = {format_split(float(added))}")
    assert (agreeing.issues, agreeing.splits_s) == ([], [float(added)])
    wrong = max(added + off_by, Decimal(MIN_SPLIT_S))  # whole seconds away: never agrees
    disagreeing = read_splits(f"{typed} = {format_split(float(wrong))}")
    [issue] = disagreeing.issues
    assert issue.kind is IssueKind.SUM_MISMATCH
    assert format_split(float(added)) in issue.message
    assert format_split(float(wrong)) in issue.message
    assert disagreeing.accepted_s == [float(added)]


HEADED = st.text(alphabet="0123456789.:'\"/,;-— +=xmKSet\n", max_size=120)


@settings(max_examples=300, deadline=None)
@given(text=HEADED, notation=st.sampled_from(["2 x (400m, 300m)", "3 x 1K / 2 x 200m", "60'"]))
def test_sums_and_headings_never_raise_and_every_issue_points_at_its_text(text, notation):
    reps = session(notation)
    reading = read_splits(text, reps)
    for issue in reading.issues:
        assert text[issue.position : issue.position + len(issue.token)] == issue.token
    assert all(value >= MIN_SPLIT_S for value in reading.splits_s)
    assert bool(reading.count_note) == bool(reading.missing or reading.extra)
    assert len({match.rep_n for match in reading.matches}) == len(reading.matches)
