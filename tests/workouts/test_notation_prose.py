"""Sessions written the way coaches write them (issue 12): each convention, the neighbour it
must not be confused with, and every place the text reads two ways. `compact` lists a session
as run: `400m@62 r 90" jog` per rep, `[warm-up 15']` for what is not a rep."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from workouts.notation import NotationError, compact, expand, parse, read, render, segments


def reads(text: str, rules: str = "") -> str:
    return compact(parse(text, rules))


def each(rep: str, count: int, last: str | None = None) -> str:
    """`count` reps written the same, the last without its recovery (nothing follows it)."""
    return " | ".join([rep] * (count - 1) + [last or rep.split(" r ")[0]])


# --- the two misreads the issue found ------------------------------------------------------


def test_a_recovery_after_a_comma_is_the_recovery_not_three_more_reps():
    assert reads("3 x 1K @5K pace, 400m r") == each("1K@5K r 400m", 3)


def test_a_block_that_is_only_a_recovery_follows_the_reps_before_it():
    assert reads("8 x 200m @400 / 90s jog") == each('200m@400 r 90" jog', 8)


# --- recoveries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "recovery"),
    [
        ("6 x 800 w/ 400 jog", "400m jog"),
        ("6 x 800 w. 300m float", "300m float"),
        ("6 x 800 with 90s rest", '90" rest'),
        ("6 x 800 with 2:30 standing rest between", "2:30 standing"),
        ("6 x 800 off 90 sec", '90"'),
        ("6 x 800 r 400m", "400m"),
        ("6 x 800, 400m r", "400m"),
        ("6 x 800 (r 2')", "2'"),
        ("6 x 800, 400 jog rec", "400m jog"),
        ("6 x 800 w/ 2 min jog between reps", "2' jog"),
        ("6 x 800 with full recovery", "full recovery"),
    ],
)
def test_recoveries_in_prose_and_shorthand(written, recovery):
    assert reads(written) == each(f"800m r {recovery}", 6)


def test_a_rep_word_that_is_not_a_recovery_stays_with_the_rep():
    assert reads("6 x 400m relaxed") == each('400m "relaxed"', 6)
    assert reads("6 x 400m jog") == each('400m "jog"', 6)  # counted reps: a word about them


def test_a_lone_recovery_with_nothing_before_it_is_refused():
    with pytest.raises(NotationError, match="a recovery follows a rep"):
        parse("400m jog")


def test_between_sets_follows_each_set_and_between_reps_each_rep():
    text = "4 sets of 3 x 400 w/ 90s rest between reps, 3' between sets"
    one_set = '400m r 90" rest | 400m r 90" rest | 400m'
    assert reads(text) == " | ".join([f"{one_set} r 3'"] * 3 + [one_set])


def test_two_recoveries_after_a_group_name_the_set_one():
    text = "2 x (6 x 200) w/ 200 jog & 5 min between sets"
    one_set = " | ".join(["200m r 200m jog"] * 5 + ["200m"])
    assert reads(text) == f"{one_set} r 5' | {one_set}"


# --- counts and units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["6 x 800", "6x800", "6X800", "6 × 800", "800m x 6", "6 by 800", "6 reps of 800"]
)
def test_counts_written_every_way(written):
    assert reads(written) == each("800m", 6)


def test_sets_of_reps_nest():
    assert render(parse("4 sets of 3 x 400")) == render(parse("4 x 3 x 400")) == "4 x (3 x 400m)"
    assert len(expand(parse("4 x 3 x 400"))) == 12


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("800 meters", "800m"),
        ("800 metres", "800m"),
        ("300's", "300m"),
        ("3 mins", "3'"),
        ("3 minutes", "3'"),
        ("45 secs", '45"'),
        ("45 seconds", '45"'),
        (".25 mile", "0.25 Mile"),
        ("1.5 miles", "1.5 Mile"),
        ("4 laps", "1600m"),
    ],
)
def test_units_and_plurals(written, amount):
    assert reads(written) == amount


def test_an_apostrophe_s_is_a_plural_and_an_apostrophe_alone_is_minutes():
    assert reads("4 x 300's") == each("300m", 4)
    assert reads("4 x 3'") == each("3'", 4)


@pytest.mark.parametrize("written", ["400 yards", "400yds", "440 yd"])
def test_yards_are_refused_with_a_message(written):
    with pytest.raises(NotationError, match="yards are not read"):
        parse(written)


# --- targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "target"),
    [
        ("1K @ 5K pace", "5K"),
        ("1K at 5K pace", "5K"),
        ("1K 5K pace", "5K"),
        ("1K at 3:25/km", "3:25/km"),
        ("1K @ 3:25 per km", "3:25/km"),
        ("400m in 68", "68"),
        ("400m @ 68-70", "68-70"),
        ("1 mile @T", "T"),
        ("1000m I pace", "I"),
        ("400 R", "R"),
    ],
)
def test_targets_as_coaches_write_them(written, target):
    assert reads(written).split("@")[1] == target


def test_a_word_after_at_that_is_no_zone_is_a_note_not_a_target():
    assert reads("5 x 1K at the track") == each('1K "at the track"', 5)


def test_a_falling_pair_is_a_cut_down_across_the_reps():
    assert reads("6 x 400 @ 64 - 62 seconds") == " | ".join(
        f"400m@{seconds}" for seconds in ["64", "63.6", "63.2", "62.8", "62.4", "62"]
    )


def test_one_target_per_rep():
    assert reads("3 x 200 @ 33, 32, 31") == "200m@33 | 200m@32 | 200m@31"
    assert reads("400, 300, 200 @ 64, 48, 31") == "400m@64 | 300m@48 | 200m@31"


def test_a_list_of_times_that_does_not_match_the_reps_is_refused_where_it_starts():
    with pytest.raises(NotationError, match="2 target times for 3 reps") as caught:
        parse("3 x 200 @ 33, 32")
    assert caught.value.position == 10


def test_a_time_rep_after_a_time_target_is_a_rep_not_a_second_target():
    assert reads('400m @68, 90"') == '400m@68 | 90"'
    assert render(parse("400m @68, (2:30)")) == "400m @68, (2:30)"


def test_on_the_cycle_is_the_recovery_left_of_it():
    assert reads("10 x 200 @33 on the 2:00") == each("200m@33 r on the 2'", 10)


# --- IAAF, Daniels, ladders ------------------------------------------------------------------


def test_iaaf_round_brackets_are_the_target_and_square_ones_the_recovery():
    assert reads("""10 x 400 (62") [3']""") == each("400m@62 r 3'", 10)


def test_iaaf_sets_give_the_rep_recovery_then_the_set_recovery():
    one_set = "400m@56 r 3' | 400m@56 r 3' | 400m@56"
    text = """4 x 3 x 400 (56") [3' & 5']"""
    assert reads(text) == " | ".join([f"{one_set} r 5'"] * 3 + [one_set])


def test_daniels_threshold_miles_with_rest():
    assert reads("3 x (1T + 1 min rest)") == each("1 Mile@T r 1' rest", 3)


def test_daniels_easy_running_is_a_segment():
    main_set = "1 Mile@T | 1 Mile@T | 1 Mile@T"
    assert reads("2E + 3 x 1T + 2E") == f"[easy 2 Mile] | {main_set} | [easy 2 Mile]"


def test_ladders_and_pyramids():
    assert reads("200-400-800-400-200") == "200m | 400m | 800m | 400m | 200m"
    assert reads("400/600/800 (3' rest) 800/600/400") == (
        "400m | 600m | 800m r 3' rest | 800m | 600m | 400m"
    )


# --- segments and notes ----------------------------------------------------------------------


def test_warm_up_drills_strides_and_cool_down_are_shown_not_counted():
    session = parse("WU 15', drills, 4 x 100m strides / 6 x 800 @5K w/ 2' rest / CD 10'")
    assert len(expand(session)) == 6
    assert [(seg.kind, seg.text, seg.before_rep) for seg in segments(session)] == [
        ("warm-up", "warm-up 15'", 1),
        ("drills", "drills", 1),
        ("strides", "strides 4 x 100m", 1),
        ("cool-down", "cool-down 10'", 7),
    ]
    assert all(rep.target is not None for rep in expand(session))


@pytest.mark.parametrize(
    ("written", "segment"),
    [
        ("warm up 15 min", "warm-up 15'"),
        ("15' warm-up", "warm-up 15'"),
        ("2 mi WU", "warm-up 2 Mile"),
        ("w/u 2 miles", "warm-up 2 Mile"),
        ("cool down", "cool-down"),
        ("c/d 10'", "cool-down 10'"),
        ("6 strides", "strides 6"),
    ],
)
def test_segments_written_every_way(written, segment):
    assert reads(written) == f"[{segment}]"


def test_words_alone_are_the_sessions_note_and_after_a_rep_the_reps():
    assert reads("on grass / 6 x 400 all out") == "[note: on grass] | " + each('400m "all out"', 6)
    assert reads("6 x 1K (XC loop)") == each('1K "XC loop"', 6)


def test_an_unknown_word_where_a_rep_starts_is_an_error_with_its_position():
    with pytest.raises(NotationError) as caught:
        parse("6 x hills")
    assert caught.value.position == 4


# --- readings: never silently wrong ----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read_as", "other"),
    [
        ("3 x 600m, 400m, 200m", "repeats the list", "3 x 600m / 400m, 200m"),
        ("5 x 3m", "3 minutes", "5 x 3 metres"),
        ("6 x 400 @64-62", "cut-down", "6 x 400m @62-64"),
        ("3 x 1T", "1 mile", "3 x 1K @T"),
        ("400, 800, 400 @5K", "every rep", "400m, 800m, (400m @5K)"),
        ("1K @5K, 400m R", "R pace", "1K @5K (r 400m)"),
    ],
)
def test_an_ambiguous_reading_says_how_it_read_and_offers_the_other(written, read_as, other):
    (reading,) = read(written).readings
    assert read_as in reading.read_as
    assert reading.other_notation == other
    assert read(reading.other_notation).readings == ()  # the choice, written canonically


def test_readings_that_give_the_same_reps_either_way_are_not_offered():
    assert read("1 x 500m, 300m, 200m").readings == ()
    assert read("3 x (600m, 400m, 200m)").readings == ()


def test_the_command_marks_segments_and_readings():
    out = StringIO()
    call_command("notation", "WU 15' / 3 x 600m, 400m, 200m", stdout=out)
    result = json.loads(out.getvalue())
    assert result["rep_count"] == 9
    assert all(rep["is_rep"] for rep in result["reps"])
    assert result["segments"] == [
        {"kind": "warm-up", "text": "warm-up 15'", "before_rep": 1, "block": 1, "is_rep": False}
    ]
    assert result["readings"][0]["other_notation"] == "warm-up 15' / 3 x 600m / 400m, 200m"


def test_fartlek_on_and_off_is_reps_and_their_recoveries():
    assert reads("10 x 1 min on / 1 min off") == each("1' \"on\" r 1'", 10)
    assert reads("10 x (1 min hard, 1 min easy)") == each("1' \"hard\" r 1' easy", 10)


def test_then_joins_two_parts_of_a_session():
    assert reads("4 x 400 w/ 200 jog, then 4 x 200") == " | ".join(
        ["400m r 200m jog"] * 4 + ["200m"] * 4
    )


def test_a_count_of_miles_may_leave_out_the_one():
    assert reads("4 x mile @ T") == each("1 Mile@T", 4)


def test_a_zone_written_where_a_rep_starts_is_refused_not_read_as_a_5k_rep():
    with pytest.raises(NotationError, match="'5K pace' is a target") as caught:
        parse("4 x 1200 @ 10K-5K pace")
    assert caught.value.position == 15


@pytest.mark.parametrize("written", ["400m, 3' between sets", "1K w/ 90s between sets"])
def test_between_sets_without_sets_is_refused_not_dropped(written):
    with pytest.raises(NotationError, match="'between sets' needs sets"):
        parse(written)


def test_words_before_a_rep_are_its_words():
    assert reads("Tempo 20 min @ HM") == '20\'@HM "Tempo"'
    assert reads("Hills 8 x 60s") == each('1\' "Hills"', 8)


@pytest.mark.parametrize("written", ['1", A M', "400m (at mile)", "400m, fast x"])
def test_words_that_would_read_back_as_a_target_or_a_count_are_not_a_reps_words(written):
    with pytest.raises(NotationError):
        parse(written)
