"""The notation's limits: every number it reads is bounded, so whatever it accepts renders to
canonical text that it reads back to the same session."""

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from athletes import paces
from athletes.errors import DomainError
from workouts.notation import (
    ADJUSTMENT_LIMIT,
    MAX_DURATION_S,
    MAX_NUMBER_DIGITS,
    ZONES,
    NotationError,
    Target,
    expand,
    parse,
    render,
    render_rules,
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def target_of(text):
    return expand(parse(text))[0].target


# ---------------------------------------------------------------- one error base, one zone table


def test_notation_error_is_a_domain_error_that_keeps_its_shape():
    error = NotationError("expected a rep", 4, "a rep like 400m", "recovery")
    assert isinstance(error, DomainError)
    assert str(error) == "at 4: expected a rep"
    assert error.as_dict() == {
        "message": "expected a rep",
        "position": 4,
        "expected": "a rep like 400m",
        "source": "recovery",
    }


def test_the_zones_a_target_names_come_from_the_one_table():
    assert dict(ZONES) == {zone.name: zone.distance_m for zone in paces.PACE_ZONES}
    assert list(ZONES) == [
        "200", "400", "600", "800", "1K", "1500", "mile", "2K", "3K", "2 mile", "5K", "8K",
        "10K", "15K", "HM", "marathon",
    ]  # fmt: skip
    assert ZONES["2 mile"] == 2 * paces.MILE_M
    assert ZONES["marathon"] == paces.ZONE_DISTANCES["M"]


# ---------------------------------------------------------------- adjustments


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("400m @400+99.9s", Target(zone="400", adjust_s=99.9)),
        ('400m @400-99"', Target(zone="400", adjust_s=-99.0)),
        ("1K @5K+99.99%", Target(zone="5K", adjust_pct=99.99)),
        ("1K @5K-99%", Target(zone="5K", adjust_pct=-99.0)),
        ("1K @5K+0s", Target(zone="5K")),
    ],
)
def test_adjustments_under_100_are_read(text, target):
    assert target_of(text) == target


@pytest.mark.parametrize(
    "text",
    [
        "400m @400+100s",
        "400m @400-100 sec",
        "1K @5K+100%",
        "1K @5K-250%",
        "400m @400+99.999999999999999999s",  # 100.0 once stored as a float
        "400m @5K+" + "9" * 400 + "s",
    ],
)
def test_adjustments_of_100_or_more_are_refused_at_the_number(text):
    with pytest.raises(NotationError) as caught:
        parse(text)
    sign = max(text.rfind("+"), text.rfind("-"))
    assert caught.value.position == sign + 1
    assert f"under {ADJUSTMENT_LIMIT}" in caught.value.message or "digits" in caught.value.message


def test_a_huge_adjustment_is_refused_not_written_back_as_infinity():
    with pytest.raises(NotationError, match="more than 20 digits"):
        parse("1K @5K+" + "9" * 400 + "s")
    with pytest.raises(NotationError, match="under 100 seconds per 400 m"):
        parse("1K @5K+" + "9" * 20 + "s")


# ---------------------------------------------------------------- other bounds


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0.9 metres", "from 1 m to 1,000,000 m"),
        ("1000.001K", "from 1 m to 1,000,000 m"),
        ("0.09s", "from 0.1 s to 86,400 s"),
        ("24:00:01", "from 0.1 s to 86,400 s"),
        ("1K @24:00:01", "from 0.1 s to 86,400 s"),
        ("1K @68/0.5m", "from 1 m to 1,000,000 m"),
        ("1K (r 0.05s)", "from 0.1 s to 86,400 s"),
        ("1" + "0" * MAX_NUMBER_DIGITS + "m", f"more than {MAX_NUMBER_DIGITS} digits"),
        ("0" * (MAX_NUMBER_DIGITS + 1) + "400m", f"more than {MAX_NUMBER_DIGITS} digits"),
        ("1000 x 400m", "from 1 to 999"),
    ],
)
def test_numbers_past_their_limits_are_refused_with_a_message(text, fragment):
    with pytest.raises(NotationError) as caught:
        parse(text)
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    "text", ["1m", "1000K", "0.1s", "24:00:00", "1K @24:00:00", "999 x 1m", "1K @68/1m"]
)
def test_numbers_at_their_limits_are_read(text):
    assert parse(render(parse(text))) == parse(text)


def test_the_longest_time_is_a_day():
    assert MAX_DURATION_S == 86_400
    assert expand(parse("3' @24:00:00"))[0].target == Target(time_s=MAX_DURATION_S)


def test_a_pace_per_a_short_distance_keeps_its_unit():
    session = parse("200m @4/20m")
    assert render(session) == "200m @4/20m"
    assert parse(render(session)) == session
    assert render(parse("400m @68/400")) == "400m @68/400"


# ---------------------------------------------------------------- parse, render, parse

EVERYDAY_NUMBERS = ["1", "3", "1.5", "68", "90", "200", "400", "1,000"]
extreme_numbers = st.one_of(
    st.integers(0, 2_000_000).map(str),
    st.builds(
        "{}.{}".format,
        st.integers(0, 100_000),
        st.text(alphabet="0123456789", min_size=1, max_size=24),
    ),
    st.integers(15, 25).map(lambda size: "9" * size),
    st.sampled_from(["10,000", "0.1", "0.0000001", "99.99999999999999999999", "1000000"]),
)
UNITS = ["", "m", "K", "km", " Mile", "mi", "'", '"', "s", " min", " meters"]
ADJUST_UNITS = ["s", "%", '"', " sec", "x"]
PACE_PERS = ["", "/400", "/km", "/mile", "/20m", "/1.5K", "/0.5m"]
NOTES = [" @ easy", " @80% effort", " @ goal pace"]
SET_RECOVERIES = [" w/ 200m jog", " (r distance of next rep)", " (jog full recovery)"]
LABELS = ["", " Tempo", " cutdown", " s", " fast finish"]


def session_texts(numbers, counts, hours):
    """Session notation built from the pieces coaches write, with `numbers` in every place
    a number goes (distance, duration, time, pace, adjustment, recovery)."""
    clock_times = st.builds(
        lambda h, m, s, fraction: (
            f"{h}:{m:02d}:{s:02d}{fraction}" if h else f"{m}:{s:02d}{fraction}"
        ),
        hours,
        st.integers(0, 59),
        st.integers(0, 59),
        st.sampled_from(["", ".5", ".04", ".000000000000000000001"]),
    )
    amounts = st.one_of(st.tuples(numbers, st.sampled_from(UNITS)).map("".join), clock_times)
    adjustments = st.tuples(st.sampled_from("+-"), numbers, st.sampled_from(ADJUST_UNITS))
    zone_targets = st.builds(
        lambda zone, adjustment, pace: f" @{zone}{adjustment}{pace}",
        st.sampled_from([*ZONES, "Mile", "5k", "hm"]),
        st.one_of(st.just(""), adjustments.map("".join)),
        st.sampled_from(["", " pace"]),
    )
    explicit_targets = st.builds(
        lambda time, per: f" @{time}{per}",
        st.one_of(clock_times, numbers),
        st.sampled_from(PACE_PERS),
    )
    targets = st.one_of(st.just(""), zone_targets, explicit_targets, st.sampled_from(NOTES))
    recoveries = st.one_of(
        st.just(""),
        amounts.map(lambda amount: f" (r {amount})"),
        st.tuples(amounts, amounts, amounts).map(lambda a: f" (r {a[0]} in {a[1]}-{a[2]})"),
        st.sampled_from(SET_RECOVERIES),
    )
    reps = st.tuples(amounts, st.sampled_from(LABELS), targets, recoveries).map("".join)
    counts = st.one_of(st.just(""), counts.map(lambda n: f"{n} x "))
    items = st.recursive(
        st.tuples(counts, reps).map("".join),
        lambda inner: st.tuples(counts, joined(inner, [", ", "/", " - "])).map(
            lambda pair: f"{pair[0]}({pair[1]})"
        ),
        max_leaves=6,
    )
    return joined(joined(items, [", ", "/", " - "]), [" / ", " + ", "; ", "\n"])


def joined(parts, separators):
    return st.lists(st.tuples(st.sampled_from(separators), parts), min_size=1, max_size=4).map(
        lambda pairs: "".join(sep + part for sep, part in pairs)[len(pairs[0][0]) :]
    )


everyday_sessions = session_texts(
    st.sampled_from(EVERYDAY_NUMBERS), st.sampled_from(["1", "2", "3", "12"]), st.just(0)
)
extreme_sessions = session_texts(
    st.one_of(st.sampled_from(EVERYDAY_NUMBERS), extreme_numbers),
    st.one_of(st.sampled_from(EVERYDAY_NUMBERS), extreme_numbers),
    st.integers(0, 30),
)
rules_texts = st.sampled_from(
    ["", "400m in 3'-4' after 1K rep", '90" between sets / 200m jog', "full recovery"]
)


@FAST
@given(st.one_of(everyday_sessions, extreme_sessions, st.text()), rules_texts)
@example("400m @5K+99.99999999999999999999s", "")
@example("1K @68/10m, 200m @5K-0.0000000000001%", "between reps 200m")
def test_whatever_is_accepted_reads_back_from_its_canonical_text(text, rules):
    try:
        session = parse(text, rules)
    except NotationError:
        return
    assert parse(render(session), render_rules(session.rules)) == session
    amounts = [value for rep in expand(session) for value in (rep.distance_m, rep.duration_s)]
    assert all(math.isfinite(value) for value in amounts if value is not None)
