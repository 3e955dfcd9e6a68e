"""Pace math as a coach and an athlete see it: times, paces, VDOT, Riegel, rep targets."""

import contextlib
import itertools
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes.errors import DomainError
from athletes.paces import (
    MAX_TIME_S,
    MILE_M,
    PACE_ZONES,
    STANDARD_ZONES,
    ZONE_DISTANCES,
    PaceError,
    RaceTime,
    adjust_pace,
    check_race_plausible,
    fill_zones,
    format_distance,
    format_pace,
    format_time,
    parse_distance,
    parse_pace,
    parse_time,
    parse_zone_value,
    predict_riegel,
    predict_time,
    predict_vdot,
    predict_zone,
    rep_target_time,
    riegel_exponent,
    training_paces,
    vdot,
    zone_distance,
    zone_key,
    zone_name,
)

FAST = settings(max_examples=200, deadline=None)

# ---------------------------------------------------------------- Daniels' tables

# Jack Daniels, *Daniels' Running Formula*, 3rd ed. (Human Kinetics, 2014), chapter 5,
# Table 5.1 "VDOT values associated with times raced over popular distances".
# (VDOT, distance in metres, published time.)
DANIELS_RACE_TABLE = [
    (30, 1500, "8:30"),
    (30, MILE_M, "9:11"),
    (30, 3000, "17:56"),
    (30, 2 * MILE_M, "19:19"),
    (30, 5000, "30:40"),
    (30, 10000, "1:03:46"),
    (30, 21097.5, "2:21:04"),
    (30, 42195, "4:49:17"),
    (40, 5000, "24:08"),
    (40, 10000, "50:03"),
    (40, 21097.5, "1:50:59"),
    (40, 42195, "3:49:45"),
    (50, 1500, "5:24"),
    (50, MILE_M, "5:50"),
    (50, 5000, "19:57"),
    (50, 10000, "41:21"),
    (50, 21097.5, "1:31:35"),
    (50, 42195, "3:10:49"),
    (60, 5000, "17:03"),
    (60, 10000, "35:22"),
    (85, 5000, "12:37"),
    (85, 10000, "26:19"),
]


def _table_tolerance(seconds: float) -> float:
    return max(1.5, 0.0025 * seconds)


@pytest.mark.parametrize(("vdot_value", "distance_m", "published"), DANIELS_RACE_TABLE)
def test_predicted_race_times_match_daniels_table(vdot_value, distance_m, published):
    expected = parse_time(published)
    assert predict_time(vdot_value, distance_m) == pytest.approx(
        expected, abs=_table_tolerance(expected)
    )


@pytest.mark.parametrize(("vdot_value", "distance_m", "published"), DANIELS_RACE_TABLE)
def test_a_table_race_gives_back_its_vdot(vdot_value, distance_m, published):
    assert vdot(distance_m, parse_time(published)) == pytest.approx(vdot_value, abs=0.3)


# Same book, Table 5.2 "Training intensities based on current VDOT":
# (VDOT, zone, seconds per the unit, unit metres). The table rounds to the second.
DANIELS_TRAINING_TABLE = [
    (50, "easy_fast", "5:07", 1000),
    (50, "easy_slow", "5:38", 1000),
    (50, "marathon", "4:31", 1000),
    (50, "threshold", "4:15", 1000),
    (50, "interval", "94", 400),
    (50, "interval", "3:55", 1000),
    (60, "threshold", "3:40", 1000),
    (60, "interval", "81", 400),
    (60, "repetition", "75", 400),
    (30, "interval", "2:22", 400),
]


@pytest.mark.parametrize(("vdot_value", "zone", "published", "per_m"), DANIELS_TRAINING_TABLE)
def test_training_paces_match_daniels_table(vdot_value, zone, published, per_m):
    pace = getattr(training_paces(vdot_value), zone)
    assert pace * per_m == pytest.approx(parse_time(published), abs=0.5 if per_m == 400 else 1.0)


@FAST
@given(st.floats(min_value=25, max_value=90))
def test_training_paces_get_faster_from_easy_to_repetition(vdot_value):
    p = training_paces(vdot_value)
    assert p.easy_slow > p.easy_fast > p.marathon > p.threshold > p.interval > p.repetition
    assert p.interval * 400 - p.repetition * 400 == pytest.approx(6.0)


# ---------------------------------------------------------------- VDOT


def test_canonical_athlete_vdot():
    assert vdot(5000, parse_time("14:30")) == pytest.approx(72.38, abs=0.01)


def test_canonical_athlete_predictions_are_faster_per_metre_when_shorter():
    race = RaceTime(5000, 870)
    mile, eight, four = (predict_vdot(race, d) for d in (MILE_M, 800, 400))
    assert mile == pytest.approx(252.0, abs=0.1)
    assert 4 * 60 + 10 < mile < 4 * 60 + 15
    assert four / 400 < eight / 800 < mile / MILE_M < race.pace


@FAST
@given(
    st.sampled_from([800, 1500, MILE_M, 3000, 5000, 10000, 21097.5, 42195]),
    st.floats(min_value=20, max_value=90),
)
def test_prediction_gives_back_the_vdot_it_was_made_from(distance_m, vdot_value):
    assert vdot(distance_m, predict_time(vdot_value, distance_m)) == pytest.approx(
        vdot_value, rel=1e-7
    )


@FAST
@given(st.floats(min_value=20, max_value=89), st.floats(min_value=0.1, max_value=5))
def test_a_higher_vdot_always_runs_faster(vdot_value, gain):
    assert predict_time(vdot_value + gain, 5000) < predict_time(vdot_value, 5000)


@pytest.mark.parametrize(
    ("distance_m", "time_s"),
    [(5000, 0), (5000, -1), (0, 870), (5000, math.nan), (5000, math.inf), (5000, 36000)],
)
def test_vdot_refuses_impossible_races(distance_m, time_s):
    with pytest.raises(PaceError):
        vdot(distance_m, time_s)


@pytest.mark.parametrize("vdot_value", [0, -5, math.nan, math.inf, 1e300])
def test_predict_time_refuses_impossible_vdots(vdot_value):
    with pytest.raises(PaceError):
        predict_time(vdot_value, 5000)


# ---------------------------------------------------------------- Riegel


def test_riegel_doubling_the_distance_multiplies_the_time_by_2_to_the_1_06():
    assert predict_riegel(RaceTime(5000, 870), 10000) == pytest.approx(870 * 2.0849315, abs=0.01)


@pytest.mark.parametrize("target_m", [1500, MILE_M, 3000, 42195])
def test_riegel_default_is_allowed_from_1500_m_up(target_m):
    assert predict_riegel(RaceTime(5000, 870), target_m) > 0


@pytest.mark.parametrize("target_m", [800, 400, 1499])
def test_riegel_default_refuses_short_targets(target_m):
    with pytest.raises(PaceError, match="too slow below 1500 m"):
        predict_riegel(RaceTime(5000, 870), target_m)


def test_riegel_exponent_fitted_from_results_made_with_1_08_is_1_08():
    mile = RaceTime(MILE_M, 240.0)
    five_k = RaceTime(5000, 240.0 * (5000 / MILE_M) ** 1.08)
    assert riegel_exponent(mile, five_k) == pytest.approx(1.08, abs=1e-12)
    assert riegel_exponent(five_k, mile) == pytest.approx(1.08, abs=1e-12)


@FAST
@given(
    st.floats(min_value=1.01, max_value=1.3),
    st.floats(min_value=400, max_value=42195),
    st.floats(min_value=1.1, max_value=20),
    st.floats(min_value=0.1, max_value=0.5),
)
def test_fitted_riegel_round_trips_through_both_results(k, short_m, ratio, pace):
    short = RaceTime(short_m, short_m * pace)
    long = RaceTime(short_m * ratio, short.time_s * ratio**k)
    fitted = riegel_exponent(short, long)
    assert fitted == pytest.approx(k, rel=1e-9)
    assert predict_riegel(short, long.distance_m, fitted) == pytest.approx(long.time_s, rel=1e-9)
    assert predict_riegel(long, short.distance_m, fitted) == pytest.approx(short.time_s, rel=1e-9)


def test_a_fitted_exponent_may_predict_800_and_400():
    fitted = riegel_exponent(RaceTime(MILE_M, 240), RaceTime(5000, 870))
    assert predict_riegel(RaceTime(MILE_M, 240), 800, fitted) < 240 / 2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (RaceTime(5000, 870), RaceTime(5000, 880)),
        (RaceTime(1500, 240), RaceTime(5000, 700)),
    ],
)
def test_riegel_exponent_refuses_results_that_cannot_fit(a, b):
    with pytest.raises(PaceError):
        riegel_exponent(a, b)


# ---------------------------------------------------------------- adjustments and reps


def test_rep_target_of_canonical_athlete_1k_at_5k_pace():
    target = rep_target_time(parse_time("14:30") / 5000, 1000)
    assert target == pytest.approx(174.0)
    assert format_time(target) == "2:54.0"


def test_rep_target_500m_at_4_00_mile_pace():
    target = rep_target_time(parse_time("4:00") / zone_distance("mile"), 500)
    assert target == pytest.approx(74.56, abs=0.005)
    assert round(target, 1) == 74.6
    assert format_time(target) == "1:14.6"


def test_plus_seconds_is_slower_per_400_lap():
    four_hundred = parse_pace("56/400")
    assert adjust_pace(four_hundred, seconds_per_400=1) * 400 == pytest.approx(57.0)
    assert adjust_pace(four_hundred, seconds_per_400=-1) * 400 == pytest.approx(55.0)
    assert rep_target_time(four_hundred, 200, seconds_per_400=1) == pytest.approx(28.5)


def test_percent_changes_speed_not_time():
    mile_pace = 240 / MILE_M
    faster = rep_target_time(mile_pace, MILE_M, percent=-2)
    slower = rep_target_time(mile_pace, MILE_M, percent=2)
    assert faster == pytest.approx(240 / 1.02)  # speed x 1.02: 235.29 s, not 240 x 0.98
    assert slower == pytest.approx(240 / 0.98)  # speed x 0.98: 244.90 s, not 240 x 1.02
    assert faster < 240 < slower


def test_seconds_apply_before_percent():
    pace = adjust_pace(60 / 400, seconds_per_400=2, percent=-2)
    assert pace * 400 == pytest.approx(62 / 1.02)


def test_no_adjustment_leaves_the_pace_alone():
    assert adjust_pace(0.174) == 0.174


@pytest.mark.parametrize(
    "kwargs",
    [
        {"seconds_per_400": -60},
        {"percent": 100},
        {"percent": math.nan},
        {"seconds_per_400": math.inf},
    ],
)
def test_adjustments_that_cannot_be_run_are_refused(kwargs):
    with pytest.raises(PaceError):
        adjust_pace(60 / 400, **kwargs)


def test_rep_of_no_distance_is_refused():
    with pytest.raises(PaceError):
        rep_target_time(0.174, 0)


# ---------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("14:30", 870.0),
        ("2:54.0", 174.0),
        ("1:02:03", 3723.0),
        ("75.1", 75.1),
        ("66", 66.0),
        ("1:14.05", 74.05),
        (" 4:05 ", 245.0),
        ("59:59", 3599.0),
        ("2:41:08", 9668.0),
    ],
)
def test_parse_time_reads_what_coaches_write(text, seconds):
    assert parse_time(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "2:5",
        "1:60",
        "1:60:00",
        "1:02:3",
        "0",
        "0:00",
        "-5",
        "2:54.",
        ".5",
        "1:2:03",
        "2,54",
        "٣٠",
        "2:54/km",
        "1::02",
    ],
)
def test_parse_time_refuses_unreadable_times(text):
    with pytest.raises(PaceError):
        parse_time(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (174.0, "2:54.0"),
        (42.4, "42.4"),
        (74.56, "1:14.6"),
        (74.55, "1:14.6"),
        (59.96, "1:00.0"),
        (599.94, "9:59.9"),
        (599.96, "10:00"),
        (870.0, "14:30"),
        (3599.6, "1:00:00"),
        (3723.0, "1:02:03"),
        (0.0, "0.0"),
    ],
)
def test_format_time_shows_tenths_under_ten_minutes(seconds, text):
    assert format_time(seconds) == text


@pytest.mark.parametrize("seconds", [-1.0, math.nan, math.inf, 1e12])
def test_format_time_refuses_impossible_times(seconds):
    with pytest.raises(PaceError):
        format_time(seconds)


@st.composite
def canonical_times(draw):
    """Time strings in the form format_time writes them."""
    form = draw(st.sampled_from(["seconds", "minutes_tenths", "minutes", "hours"]))
    tenth = draw(st.integers(0, 9))
    ss = draw(st.integers(0, 59))
    if form == "seconds":
        return f"{ss}.{draw(st.integers(1, 9)) if ss == 0 else tenth}"  # never "0.0"
    if form == "minutes_tenths":
        return f"{draw(st.integers(1, 9))}:{ss:02d}.{tenth}"
    if form == "minutes":
        return f"{draw(st.integers(10, 59))}:{ss:02d}"
    return f"{draw(st.integers(1, 99))}:{draw(st.integers(0, 59)):02d}:{ss:02d}"


@FAST
@given(canonical_times())
def test_format_time_gives_back_what_was_parsed(text):
    assert format_time(parse_time(text)) == text


@FAST
@given(st.floats(min_value=0.05, max_value=360000))
def test_parse_time_reads_back_what_format_time_wrote(seconds):
    precision = 0.05 if seconds < 599.95 else 0.5
    assert parse_time(format_time(seconds)) == pytest.approx(seconds, abs=precision + 1e-9)


@FAST
@given(st.one_of(st.text(), st.text(alphabet="0123456789:. -/,'\"")))
def test_parse_time_raises_only_pace_error(text):
    with contextlib.suppress(PaceError):
        assert parse_time(text) > 0


# ---------------------------------------------------------------- paces


@pytest.mark.parametrize(
    ("text", "seconds_per_km"),
    [
        ("3:10/km", 190.0),
        ("3:10 / K", 190.0),
        ("68/400", 170.0),
        ("68/400m", 170.0),
        ("32/200", 160.0),
        ("4:40/mile", 280 / MILE_M * 1000),
        ("4:40/mi", 280 / MILE_M * 1000),
        ("3:05/1000", 185.0),
    ],
)
def test_parse_pace_reads_per_km_mile_and_laps(text, seconds_per_km):
    assert parse_pace(text) * 1000 == pytest.approx(seconds_per_km)


@pytest.mark.parametrize(
    "text", ["3:10", "3:10/", "/km", "3:10/furlong", "3:10/0", "68/400/2", "3:1/km", "fast/km"]
)
def test_parse_pace_refuses_unreadable_paces(text):
    with pytest.raises(PaceError):
        parse_pace(text)


@pytest.mark.parametrize(
    ("pace", "per", "text"),
    [
        (0.174, "km", "2:54/km"),
        (240 / MILE_M, "mile", "4:00/mile"),
        (69.6 / 400, "400", "69.6/400"),
        (68 / 400, "400", "68.0/400"),
        (112 / 400, "400", "1:52.0/400"),
        (0.174, "400", "69.6/400"),
    ],
)
def test_format_pace(pace, per, text):
    assert format_pace(pace, per) == text


def test_format_pace_refuses_unknown_units():
    with pytest.raises(PaceError):
        format_pace(0.174, per="furlong")


@FAST
@given(st.floats(min_value=0.1, max_value=1.0), st.sampled_from(["km", "mile", "400"]))
def test_formatted_pace_reads_back_to_the_shown_precision(pace, per):
    unit_m = {"km": 1000, "mile": MILE_M, "400": 400}[per]
    shown = format_pace(pace, per)
    precision = 0.05 if per == "400" else 0.5
    assert parse_pace(shown) * unit_m == pytest.approx(pace * unit_m, abs=precision + 1e-9)


@FAST
@given(st.one_of(st.text(), st.text(alphabet="0123456789:. /kmile")))
def test_parse_pace_raises_only_pace_error(text):
    with contextlib.suppress(PaceError):
        assert parse_pace(text) > 0


# ---------------------------------------------------------------- zones and distances


def test_zone_distances():
    assert dict(ZONE_DISTANCES) == {
        "400": 400,
        "800": 800,
        "1500": 1500,
        "mile": 1609.344,
        "3K": 3000,
        "5K": 5000,
        "10K": 10000,
        "HM": 21097.5,
        "M": 42195,
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("5k", "5K"),
        ("5K", "5K"),
        ("5 km", "5K"),
        ("Mile", "mile"),
        ("1 mile", "mile"),
        ("mi", "mile"),
        ("1609.344", "mile"),
        ("10000", "10K"),
        ("1500m", "1500"),
        ("10,000m", "10K"),
        ("400", "400"),
        ("3k", "3K"),
        ("hm", "HM"),
        ("Half Marathon", "HM"),
        ("marathon", "M"),
        ("M", "M"),
    ],
)
def test_zone_names_accept_case_and_spelling_variants(text, name):
    assert zone_name(text) == name
    assert zone_distance(text) == ZONE_DISTANCES[name]


@pytest.mark.parametrize("text", ["2000", "5 miles", "fast", "", "1:00", "0"])
def test_unknown_zones_are_refused(text):
    with pytest.raises(PaceError, match="unknown pace zone"):
        zone_distance(text)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("5K", 5000),
        ("2000", 2000),
        ("600m", 600),
        ("600 meters", 600),
        ("1,000m", 1000),
        ("10,000", 10000),
        ("1.5 mile", 1.5 * MILE_M),
        ("3 miles", 3 * MILE_M),
        ("mile", MILE_M),
    ],
)
def test_parse_distance_reads_zones_and_any_distance(text, metres):
    assert parse_distance(text) == pytest.approx(metres)


@pytest.mark.parametrize("text", ["", "0", "fast", "-400", "5 furlongs", "1,00m", "1.000,5"])
def test_parse_distance_refuses_unreadable_distances(text):
    with pytest.raises(PaceError):
        parse_distance(text)


def test_pace_error_is_a_domain_error_and_so_a_value_error():
    assert issubclass(PaceError, DomainError)
    assert issubclass(PaceError, ValueError)
    error = PaceError("couldn't read the time 'fast'")
    assert (error.message, error.position, str(error)) == (
        "couldn't read the time 'fast'",
        None,
        "couldn't read the time 'fast'",
    )
    assert error.as_dict() == {"message": "couldn't read the time 'fast'"}


@FAST
@given(st.one_of(st.text(), st.text(alphabet="0123456789,. kmilesKM")))
def test_distance_readers_raise_only_pace_error(text):
    with contextlib.suppress(PaceError):
        assert parse_distance(text) > 0
    with contextlib.suppress(PaceError):
        assert zone_distance(text) in ZONE_DISTANCES.values()


@pytest.mark.parametrize(
    ("metres", "text"),
    [
        (1609.344, "Mile"),
        (3218.688, "2 Mile"),
        (5000, "5,000m"),
        (400, "400m"),
        (21097.5, "21,097.5m"),
    ],
)
def test_format_distance_reads_like_a_track_coach(metres, text):
    assert format_distance(metres) == text


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("4'05", 245.0), ("4'05\"", 245.0), ('75"', 75.0), ("1.15.1", 75.1), ("14:30", 870.0)],
)
def test_parse_time_reads_times_as_athletes_type_them(typed, seconds):
    assert parse_time(typed) == pytest.approx(seconds)


@pytest.mark.parametrize("typed", ["4'5", "75''", "4'65", "1.15.1.2"])
def test_parse_time_refuses_half_readable_typing(typed):
    with pytest.raises(PaceError):
        parse_time(typed)


def test_predict_zone_from_one_result_uses_vdot_and_says_so():
    filled = predict_zone([RaceTime(5000, 870)], MILE_M)
    assert filled.model == "vdot"
    assert filled.time_s == pytest.approx(predict_time(vdot(5000, 870), MILE_M))
    assert filled.basis == "VDOT 72.4 from 5,000m in 14:30"


def test_predict_zone_fits_riegel_to_two_distances():
    mile, five_k = RaceTime(MILE_M, 240), RaceTime(5000, 870)
    filled = predict_zone([five_k, mile], 800)
    exponent = riegel_exponent(mile, five_k)
    assert filled.model == "riegel"
    assert filled.time_s == pytest.approx(240 * (800 / MILE_M) ** exponent)  # from the mile
    assert filled.basis.startswith(f"Riegel k={exponent:.3f} from Mile in 4:00.0")


def test_predict_zone_takes_the_fastest_time_any_pair_supports():
    # Every pair keeps its candidate, so that adding a race never slows a zone: the 15:00
    # 5K gives the mile a larger exponent, and from the mile a faster 800.
    mile, slower_5k = RaceTime(MILE_M, 240), RaceTime(5000, 900)
    filled = predict_zone([RaceTime(5000, 870), mile, slower_5k], 800)
    exponent = riegel_exponent(mile, slower_5k)
    assert filled.time_s == pytest.approx(240 * (800 / MILE_M) ** exponent)


def test_predict_zone_ignores_an_unbelievable_exponent():
    # A sharp 1500 and a jogged 10K: k is 1.43, far above 1.2, so VDOT from the better race.
    filled = predict_zone([RaceTime(1500, 240), RaceTime(10000, 3600)], 5000)
    assert filled.model == "vdot"
    assert filled.basis.startswith("VDOT") and "1,500m in 4:00.0" in filled.basis


def test_sprint_results_never_fill_a_zone():
    # A 200m in 24.0 has a VDOT far above any distance runner's: it must not set the 5K.
    filled = predict_zone([RaceTime(200, 24.0), RaceTime(5000, 1080)], 5000)
    assert filled.time_s == pytest.approx(1080, abs=0.5)
    with pytest.raises(PaceError, match="1500 m or longer"):
        predict_zone([RaceTime(800, 110)], 5000)


def test_predict_zone_needs_a_result():
    with pytest.raises(PaceError):
        predict_zone([], 5000)


@pytest.mark.parametrize(
    ("distance", "time_s"), [(5000, 870), (MILE_M, 240), (400, 48.0), (5000, 2400), (800, 101.5)]
)
def test_real_races_are_plausible(distance, time_s):
    check_race_plausible(distance, time_s)


@pytest.mark.parametrize(
    ("distance", "time_s", "words"),
    [
        (1000, 28, "faster than the world record"),
        (5000, 600, "faster than the world record"),
        (5000, 4 * 3600, "slower than a brisk walk"),
        (400, 42.0, "faster than the world record"),
    ],
)
def test_typos_are_not_races(distance, time_s, words):
    with pytest.raises(PaceError, match=words):
        check_race_plausible(distance, time_s)


# ---------------------------------------------------------------- one table of zones


def test_standard_zones_are_the_ones_every_athlete_has_with_their_labels():
    assert STANDARD_ZONES == (
        ("400", 400.0),
        ("800", 800.0),
        ("1500", 1500.0),
        ("Mile", 1609.344),
        ("3K", 3000.0),
        ("5K", 5000.0),
        ("10K", 10000.0),
    )


def test_every_zone_list_comes_from_the_one_table():
    by_distance = {zone.distance_m: zone for zone in PACE_ZONES}
    assert len(by_distance) == len(PACE_ZONES)
    assert all(by_distance[metres].label == label for label, metres in STANDARD_ZONES)
    assert all(by_distance[metres].race_name == name for name, metres in ZONE_DISTANCES.items())
    assert [zone.distance_m for zone in PACE_ZONES] == sorted(by_distance)


@pytest.mark.parametrize(
    ("metres", "key"),
    [
        (1609.344, "1609.344"),
        (5000, "5000.000"),
        ("400", "400.000"),
        (Decimal("1609.3440"), "1609.344"),
        (0.1 + 0.2, "0.300"),
        (2 * MILE_M, "3218.688"),
    ],
)
def test_zone_key_is_decimal_metres_to_the_millimetre(metres, key):
    assert zone_key(metres) == Decimal(key)
    assert str(zone_key(metres)) == key


@pytest.mark.parametrize(
    "metres", ["fast", "", float("nan"), float("inf"), 0, -400, 1e300, "9" * 5000]
)
def test_zone_key_refuses_what_is_no_zone_distance(metres):
    with pytest.raises(PaceError, match="zone distance"):
        zone_key(metres)


# ---------------------------------------------------------------- a zone's value as typed


@pytest.mark.parametrize(
    ("text", "zone_m", "seconds"),
    [
        ("14:30", 5000.0, 870.0),
        ("2:54/km", 5000.0, 870.0),
        ("69.6/400", 5000.0, 870.0),
        ("4:00", MILE_M, 240.0),
        ("4:00/mile", MILE_M, 240.0),
        ("68/400", 800.0, 136.0),
        (" 52 ", 400.0, 52.0),
    ],
)
def test_a_zone_value_is_its_time_or_a_pace_scaled_to_the_zone(text, zone_m, seconds):
    assert parse_zone_value(text, zone_m) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("text", "zone_m", "words"),
    [
        ("0:28", 1000.0, "faster than the world record"),
        ("1:00/km", 5000.0, "faster than the world record"),
        ("4:00:00", 5000.0, "slower than a brisk walk"),
        ("59:59/0.001m", 5000.0, "slower than a brisk walk"),
        ("fast", 5000.0, "couldn't read the time"),
        ("2:54/furlong", 5000.0, "couldn't read the pace"),
        ("¹⁴:³⁰", 5000.0, "couldn't read the time"),
        ("9" * 5000, 5000.0, "too long"),
        ("14:30", 0.0, "zone distance"),
        ("14:30", float("inf"), "zone distance"),
    ],
)
def test_a_zone_value_no_human_runs_is_refused(text, zone_m, words):
    with pytest.raises(PaceError, match=words):
        parse_zone_value(text, zone_m)


# ---------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("read", "text", "words"),
    [
        (parse_time, "¹²³⁴", "couldn't read the time"),
        (parse_time, "9" * 5000, "too long"),
        (parse_time, "9" * 40, "longer than any race"),
        (parse_time, "9" * 36 + ":00", "longer than any race"),
        (parse_pace, "1:00/" + "9" * 30, "at most 1,000 km"),
        (parse_distance, "9" * 30, "over 1,000 km"),
        (parse_distance, "1000.001km", "over 1,000 km"),
        (zone_name, "9" * 5000, "too long"),
    ],
)
def test_what_no_race_can_be_is_refused_with_a_reason(read, text, words):
    with pytest.raises(PaceError, match=words):
        read(text)


def test_the_limits_are_inclusive():
    assert parse_distance("1000km") == 1_000_000
    assert parse_time("277777:46:39") < MAX_TIME_S
    assert parse_time(" " * 35 + "14:30") == 870.0  # 40 characters
    with pytest.raises(PaceError, match="too long"):
        parse_time(" " * 36 + "14:30")


def test_a_time_too_long_to_show_still_gets_a_plain_refusal():
    with pytest.raises(PaceError, match="over 1e\\+09 s for 5,000m is slower than a brisk walk"):
        check_race_plausible(5000, 1e12)


def test_a_fitted_exponent_that_overflows_is_refused_not_a_crash():
    close = RaceTime(1500, 225), RaceTime(1500.001, 270)
    exponent = riegel_exponent(*close)
    with pytest.raises(PaceError, match="no believable time"):
        predict_riegel(close[0], 1_000_000, exponent)


# ---------------------------------------------------------------- filling zones: the two rules

ZONE_METRES = [metres for _, metres in STANDARD_ZONES]
RACE_METRES = [1500.0, MILE_M, 2000.0, 3000.0, 5000.0, 8000.0, 10000.0]
TOLERANCE = 1e-9  # seconds per metre: float noise, far below a millisecond over 10K


@st.composite
def races(draw, min_size=1, max_size=6):
    """Results of one athlete: several distances, fitness between VDOT 40 and 75 with each
    race up to 4 % off it (a good day, a bad day)."""
    count = draw(st.integers(min_size, max_size))
    found = []
    for _ in range(count):
        metres = draw(st.sampled_from(RACE_METRES))
        fitness = draw(st.floats(40, 75))
        off = draw(st.floats(0.96, 1.04))
        found.append(RaceTime(metres, predict_time(fitness, metres) * off))
    return found


def paces_by_distance(zones: dict[float, float]) -> list[float]:
    return [zones[d] / d for d in sorted(zones)]


@FAST
@given(races(), st.data())
def test_a_faster_race_never_makes_a_model_zone_slower(history, data):
    beaten = data.draw(st.sampled_from(history))
    faster = RaceTime(beaten.distance_m, beaten.time_s * data.draw(st.floats(0.90, 0.999)))
    before = fill_zones(history, ZONE_METRES, {})
    after = fill_zones([*history, faster], ZONE_METRES, {})
    for metres in ZONE_METRES:
        assert after[metres].time_s <= before[metres].time_s * (1 + 1e-12)


@FAST
@given(races(), st.data())
def test_model_zones_are_monotonic_with_the_trusted_ones(history, data):
    # The coach's zones, themselves monotonic: a pace per metre that never gets faster.
    trusted_metres = data.draw(st.lists(st.sampled_from(ZONE_METRES), unique=True, max_size=4))
    base = data.draw(st.floats(0.14, 0.30))
    trusted, pace = {}, base
    for metres in sorted(trusted_metres):
        pace *= data.draw(st.floats(1.0, 1.06))
        trusted[metres] = pace * metres
    filled = fill_zones(history, ZONE_METRES, trusted)
    assert set(filled) == set(ZONE_METRES) - set(trusted)
    together = {**trusted, **{d: f.time_s for d, f in filled.items()}}
    by_distance = paces_by_distance(together)
    assert all(b >= a - TOLERANCE for a, b in itertools.pairwise(by_distance))


def test_when_the_coachs_zones_disagree_a_model_zone_follows_the_shorter():
    # A 3K trusted at 3:10/km and a 10K at 3:05/km: the 5K between cannot be both.
    trusted = {3000.0: 570.0, 10000.0: 1850.0}
    filled = fill_zones([RaceTime(1500, 225)], [3000.0, 5000.0, 10000.0], trusted)
    assert filled[5000.0].time_s == pytest.approx(950.0)
    assert "no faster per km than a shorter zone" in filled[5000.0].basis


def test_a_model_zone_is_never_slower_than_a_longer_trusted_one():
    filled = fill_zones([RaceTime(5000, 1200)], [3000.0, 5000.0], {5000.0: 900.0})
    assert filled[3000.0].time_s <= 540.0
    assert "as fast as the 5,000m zone" in filled[3000.0].basis
