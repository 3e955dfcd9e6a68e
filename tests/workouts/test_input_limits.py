"""Nothing a person types makes a parser raise anything but its domain error (never a 500).

Every public parse function of paces, notation, splits and targets is fed hostile text:
thousands of digits (Python's int() refuses over 4,300), numbers past float's range,
superscript and other scripts' digits (str.isdigit() and int() take some of them), NUL.
"""

import math
from functools import partial

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from athletes import paces
from athletes.errors import DomainError
from workouts import notation, splits, targets

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

OTHER_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰₀₁₂٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５𝟎𝟏𝟐"
FLOAT_WORDS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "1e-999", "1_000"]
PREFIXES = ["", "1:", "0.", "-", "+", "@", "5000=", "400m @5K+", "2 x ", "1K @"]
SUFFIXES = ["", ":00", ".5", "m", "K", " mile", "/km", "/400", "s", "%", '"', "'", " x 400m"]

huge_numbers = st.builds(
    lambda prefix, digit, size, suffix: prefix + digit * size + suffix,
    st.sampled_from(PREFIXES),
    st.sampled_from("90"),
    st.integers(300, 5000),
    st.sampled_from(SUFFIXES),
)
hostile_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789:./'\",x@+-% \x00\n" + OTHER_DIGITS, max_size=60),
    huge_numbers,
    st.sampled_from(FLOAT_WORDS),
)

KNOWN_FAILURES = [
    "¹²³⁴",
    "9" * 5000,
    "9" * 4301,
    "9" * 5000 + ":00",
    "9" * 400,  # 1e400: inf as a float
    "9" * 400 + ".5",
    "1:" + "9" * 400,
    "0." + "0" * 400 + "1",  # 0.0 as a float
    "400m @5K+" + "9" * 400 + "s",
    "\x00",
    "٣٠",
    "１２",
]


def read_or_refuse(read, error):
    """read(), or None when it raises `error` (anything else fails the test)."""
    try:
        return read()
    except error as refused:
        assert isinstance(refused, DomainError)
        assert refused.message
        return None


# ---------------------------------------------------------------- paces

PACE_READERS = [
    paces.parse_time,
    paces.parse_pace,
    paces.parse_distance,
    paces.zone_name,
    paces.zone_distance,
    lambda text: paces.parse_zone_value(text, 5000.0),
    lambda text: paces.parse_zone_value(text, paces.MILE_M),
]


@pytest.mark.parametrize("text", KNOWN_FAILURES)
@pytest.mark.parametrize("read", PACE_READERS)
def test_known_failures_are_pace_errors(read, text):
    with pytest.raises(paces.PaceError):
        read(text)


@FAST
@given(hostile_text)
def test_pace_readers_raise_only_pace_error_and_return_finite_numbers(text):
    for read in PACE_READERS:
        value = read_or_refuse(partial(read, text), paces.PaceError)
        if isinstance(value, float):
            assert math.isfinite(value)
            assert value > 0


# ---------------------------------------------------------------- notation and targets


def notation_readers(text):
    return [
        lambda: notation.parse(text),
        lambda: notation.parse("400m", text),
        lambda: notation.parse_recovery_rules(text),
        lambda: notation.parse(f"400m @{text}"),
        lambda: notation.parse(f"{text} x 400m"),
        lambda: notation.parse(f"400m (r {text})"),
        lambda: targets.parse_default_targets(text),
        lambda: targets.parse_default_targets(f"1K @{text}"),
    ]


@pytest.mark.parametrize("text", KNOWN_FAILURES)
def test_known_failures_are_notation_errors(text):
    for read in notation_readers(text):
        read_or_refuse(read, notation.NotationError)


def test_an_adjustment_past_floats_range_is_refused_not_rendered_as_infinity():
    text = "400m @5K+" + "9" * 400 + "s"
    with pytest.raises(notation.NotationError) as caught:
        notation.parse(text)
    assert caught.value.position == text.index("9")
    assert "more than 20 digits" in caught.value.message


@FAST
@given(hostile_text)
def test_notation_readers_raise_only_notation_error(text):
    for read in notation_readers(text):
        try:
            read()
        except notation.NotationError as refused:
            assert isinstance(refused.position, int)


ZONE_PACES = {paces.zone_key(metres): 0.17 for metres in notation.ZONES.values()}


@FAST
@given(hostile_text)
@example("1 x 1000km @23:59:59/km")
@example("1K @5K+99.9s, 200m @400-99.9%, 100m @marathon+99.99%")
def test_a_target_time_is_a_time_someone_runs_or_none_with_a_reason(text):
    try:
        reps = notation.expand(notation.parse(text))
    except notation.NotationError:
        return
    for rep in reps:
        planned = targets.target_time(rep.target, rep.distance_m, ZONE_PACES)
        if planned.time_s is None:
            assert planned.reason
        else:
            assert 0 < planned.time_s <= notation.MAX_DURATION_S
            assert splits.rep_time_problem(rep.distance_m, planned.time_s) is None


# ---------------------------------------------------------------- splits


A_400_AND_A_MINUTE = notation.expand(notation.parse("400m, 1'"))


@pytest.mark.parametrize("text", KNOWN_FAILURES)
def test_known_failures_are_split_errors_or_issues(text):
    with pytest.raises(splits.SplitError):
        splits.parse_split(text)
    assert splits.read_splits(text).splits_s == []
    assert splits.read_splits(text, A_400_AND_A_MINUTE).splits_s == []


@FAST
@given(hostile_text)
def test_parse_split_raises_only_split_error_and_read_splits_never_raises(text):
    value = read_or_refuse(partial(splits.parse_split, text), splits.SplitError)
    assert value is None or math.isfinite(value)
    for reps in (None, A_400_AND_A_MINUTE):
        reading = splits.read_splits(text, reps)
        assert all(math.isfinite(value) for value in reading.accepted_s)


# ---------------------------------------------------------------- one base


@pytest.mark.parametrize(
    "error",
    [paces.PaceError("m"), notation.NotationError("m", 3), splits.SplitError("m", "t")],
)
def test_every_domain_error_has_one_base_with_message_and_position(error):
    assert isinstance(error, DomainError)
    assert isinstance(error, ValueError)
    assert error.message == "m"
    assert error.position == (3 if isinstance(error, notation.NotationError) else None)
