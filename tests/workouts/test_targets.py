"""A rep's target time from an athlete's zones: what the coach and athlete read per rep."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes import paces
from workouts import notation, targets

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
DEFAULTS = "1K @5K, 500m @mile, 300m @800, 200m @400"

FIVE_K, MILE, EIGHT, FOUR = (
    Decimal("5000.000"),
    Decimal("1609.344"),
    Decimal("800.000"),
    Decimal("400.000"),
)
# The reference athlete: 14:30 5K, 4:00 mile, 1:56 800, 52 s 400 (seconds per metre).
REFERENCE_ZONES = {
    FIVE_K: 870 / 5000,
    MILE: 240 / paces.MILE_M,
    EIGHT: 116 / 800,
    FOUR: 52 / 400,
}


def reference_reps():
    return notation.expand(notation.parse(REFERENCE))


def times_for(text, zones=REFERENCE_ZONES, defaults=DEFAULTS):
    table = targets.parse_default_targets(defaults)
    return [
        targets.target_time(targets.target_for(rep, table), rep.distance_m, zones)
        for rep in notation.expand(notation.parse(text))
    ]


# ---------------------------------------------------------------- defaults


def test_defaults_are_read_by_distance():
    table = targets.parse_default_targets(DEFAULTS)

    assert table == {
        Decimal("1000.000"): notation.Target(zone="5K"),
        Decimal("500.000"): notation.Target(zone="mile"),
        Decimal("300.000"): notation.Target(zone="800"),
        Decimal("200.000"): notation.Target(zone="400"),
    }


def test_no_defaults_is_no_defaults():
    assert targets.parse_default_targets("") == {}
    assert targets.parse_default_targets("   ") == {}


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("1K @5K, 500m", 8, "'500m' is not one distance with a target"),
        ("1K @5K,  500m", 9, "'500m' is not one distance with a target"),
        ("1K @5K, 2 x 500m @mile", 8, "'2 x 500m @mile' is not one distance with a target"),
        ("1K @5K, 3' @mile", 8, "is not one distance with a target"),
        ("1K @5K,, 500m @mile", 7, "empty default"),
        ("1K @5K, 500m @mile,", 19, "empty default"),
    ],
)
def test_unreadable_defaults_name_the_position(text, position, message):
    with pytest.raises(notation.NotationError) as caught:
        targets.parse_default_targets(text)

    assert caught.value.position == position
    assert message in caught.value.message
    assert caught.value.expected == "a default like 500m @mile"


def test_a_notation_error_inside_a_default_points_into_the_whole_text():
    text = "1K @5K, 500m @mile, 300x"

    with pytest.raises(notation.NotationError) as caught:
        targets.parse_default_targets(text)

    # "300x" starts at 20: the error is at or after it, never inside the first defaults.
    assert caught.value.position >= text.index("300x")
    assert caught.value.position <= len(text)


def test_two_defaults_for_one_distance_are_refused():
    with pytest.raises(notation.NotationError) as caught:
        targets.parse_default_targets("1K @5K, 1K @mile")

    assert caught.value.position == 8


# ---------------------------------------------------------------- the reference session


def test_reference_session_targets_from_defaults():
    times = times_for(REFERENCE)

    assert len(times) == 16
    assert [t.target for t in times[:5]] == ["5K", "5K", "mile", "800", "400"]
    assert times[0].time_s == pytest.approx(174.0)  # 1K at 14:30 5K pace: 2:54.0
    assert times[1].time_s == pytest.approx(174.0)
    assert times[2].time_s == pytest.approx(74.5645, abs=1e-4)  # 500m at 4:00 mile pace
    assert times[3].time_s == pytest.approx(43.5)  # 300m at 1:56 800 pace
    assert times[4].time_s == pytest.approx(26.0)  # 200m at 52 s 400 pace
    assert all(t.reason == "" for t in times)


def test_every_reference_1k_is_at_5k_pace():
    reps = reference_reps()
    times = times_for(REFERENCE)

    one_ks = [t for rep, t in zip(reps, times, strict=True) if rep.distance_m == 1000]
    assert len(one_ks) == 4
    assert [t.time_s for t in one_ks] == pytest.approx([174.0] * 4)


def test_an_inline_target_beats_the_default():
    times = times_for("1K @mile, 500m, 500m @5K")

    assert times[0].target == "mile"
    assert times[0].time_s == pytest.approx(1000 * 240 / paces.MILE_M)
    assert times[1].target == "mile"
    assert times[2].target == "5K"
    assert times[2].time_s == pytest.approx(87.0)


def test_a_distance_without_a_default_has_no_target():
    (time,) = times_for("600m")

    assert time == targets.TargetTime("", None, "no target set")


# ---------------------------------------------------------------- kinds of target


def test_seconds_per_lap_slower_than_the_zone():
    (time,) = times_for("200m @400+1s")

    assert time.target == "400+1s"
    assert time.time_s == pytest.approx(26.5)  # 53/400 for 200m
    assert time.time_s == pytest.approx(
        paces.rep_target_time(REFERENCE_ZONES[FOUR], 200, seconds_per_400=1)
    )


def test_percent_faster_than_the_zone_is_on_speed():
    (time,) = times_for("500m @mile-2%")

    assert time.target == "mile-2%"
    assert time.time_s == pytest.approx(500 * 240 / paces.MILE_M / 1.02)
    assert time.time_s == pytest.approx(
        paces.rep_target_time(REFERENCE_ZONES[MILE], 500, percent=-2)
    )


def test_an_explicit_time_is_the_rep_time_whatever_the_zones():
    (time,) = times_for("1K @2:54", zones={})

    assert time.target == "2:54"
    assert time.time_s == pytest.approx(174.0)


def test_an_explicit_pace_is_scaled_to_the_rep():
    fast, slow = times_for("200m @68/400, 1K @3:10/km", zones={})

    assert fast.time_s == pytest.approx(34.0)
    assert slow.time_s == pytest.approx(190.0)


def test_an_athlete_with_no_zone_has_no_time_and_a_reason():
    zones = {MILE: REFERENCE_ZONES[MILE]}  # a miler with no 5K yet

    one_k, five_hundred = times_for("1K, 500m", zones=zones)

    assert one_k == targets.TargetTime("5K", None, "no 5K zone yet")
    assert five_hundred.time_s == pytest.approx(74.5645, abs=1e-4)


def test_a_missing_zone_names_the_athlete_when_told_who():
    target = notation.expand(notation.parse("1K @HM"))[0].target
    missing = targets.target_time(target, 1000.0, REFERENCE_ZONES, who="Priya Okafor")
    assert missing == targets.TargetTime("HM", None, "no HM zone for Priya Okafor")


def test_a_time_rep_has_no_target_time():
    (time,) = times_for("3' @5K")

    assert time.time_s is None
    assert time.target == "5K"
    assert "time rep" in time.reason


def test_a_zone_is_found_whatever_the_rep_distance_spelling():
    # "1,000m" and "1K" are the same distance, so the same default applies.
    assert times_for("1,000m")[0].time_s == pytest.approx(174.0)
    assert times_for("0.5K")[0].target == "mile"


# ---------------------------------------------------------------- times no one runs


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1K @2:00", 120.0),  # world-record pace with its 10 % margin: 1:59.96
        ("1K @10:00", 600.0),  # a brisk walk, 6 km/h
        ("100K @16:40:00", 60_000.0),
        ("200m @17.5", 17.5),
    ],
)
def test_a_target_at_the_edge_of_what_people_run_is_kept(text, seconds):
    (time,) = times_for(text, zones={})
    assert time.time_s == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1K @1:59.9", "1:59.9 for 1K is faster than world-record pace"),
        ("1K @10:00.1", "10:00.1 for 1K is slower than a brisk walk"),
        ("1K @1/km", "faster than world-record pace"),
        ("100K @16:40:01", "slower than a brisk walk"),
        ("1 x 1000km @23:59:59/km", "longer than a day"),
        ("100K @24:00:00", "slower than a brisk walk"),
    ],
)
def test_a_target_no_one_runs_has_no_time_and_says_why(text, words):
    (time,) = times_for(text, zones={})
    assert time.time_s is None
    assert words in time.reason
    assert "check the target" in time.reason


def test_a_zone_target_no_one_runs_has_no_time_either():
    (slow,) = times_for("1K @5K+90%")  # 2:54 at a tenth of the speed
    (fast,) = times_for("1K @5K-99%")
    assert slow.time_s is None and "brisk walk" in slow.reason
    assert fast.time_s is None and "world-record" in fast.reason


def test_no_target_time_is_longer_than_a_day():
    (a_day,) = times_for("144K @10:00/km", zones={})
    assert a_day.time_s == pytest.approx(86_400)
    (longer,) = times_for("150K @9:59/km", zones={})  # a walk, but of 24:57:30
    assert longer.time_s is None and "longer than a day" in longer.reason
    (time_rep,) = times_for("3' @24:00:00", zones={})
    assert time_rep.time_s is None
    with pytest.raises(notation.NotationError, match="86,400 s"):
        times_for("3' @24:00:01", zones={})


# ---------------------------------------------------------------- one key rounding


def test_defaults_and_zones_are_keyed_by_the_one_zone_key():
    table = targets.parse_default_targets("1 Mile @mile, 2 Mile @5K")
    assert set(table) == {paces.zone_key(paces.MILE_M), paces.zone_key(2 * paces.MILE_M)}
    assert not hasattr(targets, "distance_key")


default_pieces = st.builds(
    "{}{} @{}".format,
    st.sampled_from(["200", "300", "500", "1", "1.5", "9" * 30, "0.5"]),
    st.sampled_from(["m", "K", " Mile", ""]),
    st.sampled_from([*notation.ZONES, "5K+1s", "mile-2%", "2:54", "68/400", "400+100s"]),
)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.lists(default_pieces, min_size=1, max_size=4).map(", ".join),
        st.text(),
    )
)
def test_accepted_defaults_read_back_from_their_canonical_text(text):
    try:
        table = targets.parse_default_targets(text)
    except notation.NotationError as error:
        assert 0 <= error.position <= len(text)
        return
    canonical = ", ".join(
        f"{notation.format_distance(float(metres))} @{notation.render_target(target)}"
        for metres, target in table.items()
    )
    assert targets.parse_default_targets(canonical) == table


def test_daniels_paces_are_run_at_the_zone_they_stand_for():
    (interval,) = times_for("1K @I", defaults="")
    (repetition,) = times_for("400m R", defaults="")

    assert interval == targets.TargetTime("I", pytest.approx(174.0), "")
    assert repetition.target == "R"
    assert repetition.time_s == pytest.approx(240 / paces.MILE_M * 400)


def test_a_daniels_pace_without_its_zone_says_which_zone_is_missing():
    target = notation.expand(notation.parse("3 x (1T + 1 min rest)"))[0].target
    missing = targets.target_time(target, paces.MILE_M, REFERENCE_ZONES, who="Jonas Ferreira")
    assert missing.time_s is None
    assert missing.reason == "T is 15K pace, and there is no 15K zone for Jonas Ferreira"


def test_daniels_easy_running_has_no_target_time():
    (easy,) = times_for("1K @E", defaults="")
    assert (easy.time_s, easy.reason) == (None, "E is easy running: no target time")


def test_a_range_asks_for_its_middle_and_shows_the_range():
    (rep,) = times_for("400m @68-70", defaults="")
    assert (rep.target, rep.time_s) == ("68-70", 69.0)


def test_a_cut_down_and_a_list_give_each_rep_its_own_time():
    cut_down = times_for("5 x 400m @64 to 62", defaults="")
    listed = times_for("3 x 200m @33, 32, 31", defaults="")

    assert [rep.time_s for rep in cut_down] == [64.0, 63.5, 63.0, 62.5, 62.0]
    assert [rep.time_s for rep in listed] == [33.0, 32.0, 31.0]
