"""workouts.fit_workout without the database: sessions to FIT steps, written with the SDK's
encoder and read back with its decoder."""

import datetime
import math

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.workouts.fit_reading import decoded, expanded_steps, work_reps
from tests.workouts.test_notation import FAST, rules, sessions
from workouts import fit_workout
from workouts.fit_workout import RepPlan, fit_bytes, workout_steps
from workouts.notation import Session, expand, parse

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
REFERENCE_RULES = (
    "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
)
WHEN = datetime.datetime(2026, 11, 29, 7, 0, tzinfo=datetime.UTC)
ZONE_OF = {1000.0: ("5K", 174_000), 500.0: ("mile", 74_600), 300.0: ("800", 42_000)}


def plans_for(session: Session) -> list[RepPlan]:
    return [RepPlan(*ZONE_OF.get(rep.distance_m, ("400", None))) for rep in expand(session)]


def file_of(text: str, rules_text: str = "", plans=None, window: float = 2.0) -> dict:
    session = parse(text, rules_text)
    steps = workout_steps(session, plans if plans is not None else plans_for(session), window)
    return decoded(fit_bytes("Breakdowns", steps, created=WHEN))


def test_the_reference_session_runs_its_sixteen_reps_in_order():
    messages = file_of(REFERENCE, REFERENCE_RULES)
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    workout = messages["workout_mesgs"][0]
    assert (workout["wkt_name"], workout["sport"]) == ("Breakdowns", "running")
    assert workout["num_valid_steps"] == len(messages["workout_step_mesgs"])
    reps = work_reps(messages["workout_step_mesgs"])
    assert [rep.distance_m for rep in reps] == [
        1000, 1000, 500, 300, 200, 1000, 500, 300, 200, 500, 300, 200, 1000, 500, 300, 200,
    ]  # fmt: skip
    assert sum(rep.distance_m for rep in reps) == 8000


def test_the_first_1k_window_holds_its_target_time_and_reads_like_the_notation():
    first = work_reps(file_of(REFERENCE, REFERENCE_RULES)["workout_step_mesgs"])[0]
    fastest, slowest = first.time_range_s(1000)
    assert fastest < 174.0 < slowest
    # ± 2 s per 400 m is ± 5 s per 1K.
    assert math.isclose(fastest, 169.0, abs_tol=0.05) and math.isclose(slowest, 179.0, abs_tol=0.05)
    assert first.name == "1K @5K 2:54"


def test_the_squads_window_widens_the_range():
    first = work_reps(
        file_of("1K @5K", plans=[RepPlan("5K", 174_000)], window=4.0)["workout_step_mesgs"]
    )[0]
    fastest, slowest = first.time_range_s(1000)
    assert math.isclose(fastest, 164.0, abs_tol=0.05) and math.isclose(slowest, 184.0, abs_tol=0.05)


def test_recoveries_stand_where_the_rules_put_them():
    ran = expanded_steps(file_of(REFERENCE, REFERENCE_RULES)["workout_step_mesgs"])
    after = {}  # rep number → the recovery step that follows it
    n = 0
    for step, following in zip(ran, [*ran[1:], None], strict=True):
        if step.kind == "work":
            n += 1
            after[n] = following
    # 400m after every 1K (reps 1, 2, 6 and 13)…
    for rep in (1, 2, 6, 13):
        assert (after[rep].kind, after[rep].distance_m) == ("recovery", 400), rep
        assert after[rep].name == "r 400m in 3'-4'"
    # …the next rep's distance inside the breakdown sets…
    for rep, metres in {3: 300, 4: 200, 7: 300, 8: 200, 9: 500, 10: 300, 11: 200, 14: 300}.items():
        assert (after[rep].kind, after[rep].distance_m) == ("recovery", metres), rep
    # …an open "press lap" where the notation states none (a set's last 200, then a 1K)…
    assert (after[5].kind, after[5].distance_m, after[5].duration_s) == ("recovery", None, None)
    assert after[5].name == "press lap"
    # …and nothing after the last rep.
    assert after[16] is None


def test_repeated_groups_are_repeat_steps_counted_as_written():
    steps = file_of(REFERENCE, REFERENCE_RULES)["workout_step_mesgs"]
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert [r["repeat_steps"] for r in repeats] == [2, 2]
    first_1k = steps[repeats[0]["duration_step"]]
    assert (first_1k["duration_distance"], first_1k["wkt_step_name"]) == (1000, "1K @5K 2:54")
    set_start = steps[repeats[1]["duration_step"]]
    assert (set_start["duration_distance"], set_start["intensity"]) == (500, "active")
    # The set's steps are written once: 500, r300, 300, r200, 200, r500.
    between = steps[repeats[1]["duration_step"] : steps.index(repeats[1])]
    assert [s.get("duration_distance") for s in between] == [500, 300, 300, 200, 200, 500]
    # 16 reps, 15 recoveries, 2 repeat steps, less what the repeats do not write twice.
    assert len(steps) < 16 + 15 + 2


def test_a_rep_with_no_target_has_an_open_target():
    step = file_of("1K", plans=[RepPlan()])["workout_step_mesgs"][0]
    assert step["target_type"] == "open" and step["wkt_step_name"] == "1K"
    assert "custom_target_speed_low" not in step


def test_time_reps_and_time_recoveries():
    steps = file_of("3 x 3' @10K (r 90\")", plans=[RepPlan("10K", None)] * 3)["workout_step_mesgs"]
    assert steps[0]["duration_type"] == "time" and steps[0]["duration_time"] == 180
    assert steps[0]["wkt_step_name"] == "3' @10K"
    assert steps[1]["duration_type"] == "time" and steps[1]["duration_time"] == 90
    assert steps[1]["intensity"] == "rest"
    assert [r.duration_s for r in work_reps(steps)] == [180, 180, 180]


def test_a_recovery_range_runs_to_its_longest_and_full_recovery_is_open():
    steps = file_of("400m (r 2'-3'), 400m (r full recovery), 400m", plans=[RepPlan()] * 3)[
        "workout_step_mesgs"
    ]
    assert (steps[1]["duration_type"], steps[1]["duration_time"]) == ("time", 180)
    assert steps[3]["duration_type"] == "open"


def test_a_stated_recovery_after_a_group_writes_its_last_round_out():
    text, rules_text = "3 x (400m, 200m) / 1K", "200m between reps / 3' between blocks"
    steps = file_of(text, rules_text, plans=[RepPlan()] * 7)["workout_step_mesgs"]
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert [r["repeat_steps"] for r in repeats] == [2]
    ran = expanded_steps(steps)
    assert [(s.distance_m, s.duration_s) for s in ran] == [
        (400, None), (200, None), (200, None), (200, None)
    ] * 2 + [(400, None), (200, None), (200, None), (None, 180), (1000, None)]  # fmt: skip


def test_nested_repeats_two_deep_and_deeper_flattened():
    # The breakdown-set rule: 400m joins the 3 x, so 2 x 3 x (2 x 200m, 400m), 18 reps.
    text = "2 x (3 x (2 x 200m), 400m)"
    steps = file_of(text, plans=[RepPlan()] * 18)["workout_step_mesgs"]
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert [r["repeat_steps"] for r in repeats] == [3, 2]  # the innermost 2 x is written out
    assert [s["wkt_step_name"] for s in steps if s.get("intensity") == "active"] == [
        "200m", "200m", "400m"
    ]  # fmt: skip
    assert [r.distance_m for r in work_reps(steps)] == [200, 200, 400] * 6


def test_step_names_are_cut_to_what_a_watch_shows():
    steps = workout_steps(parse("1K Tempo @ relaxed form (r 400m jog in 3'-4')"), [RepPlan()])
    long = workout_steps(parse("1.5 Mile @mile-2%"), [RepPlan("mile-2%", 6_543_210)])
    assert all(len(step.name) <= fit_workout.STEP_NAME_MAX for step in steps + long)


def test_an_impossible_target_is_left_open():
    assert fit_workout.speed_range(1000, 10, 2.0) is None
    step = file_of("1K", plans=[RepPlan("2:54", 10)])["workout_step_mesgs"][0]
    assert step["target_type"] == "open"


plan_times = st.one_of(st.none(), st.integers(5_000, 20_000_000))


@FAST
@given(sessions, rules, st.data())
def test_any_session_reads_back_as_the_same_reps(session, found, data):
    """For any notation the parser accepts: the decoded steps, repeats followed, are the
    session's reps in order, each with its distance or duration."""
    session = Session(session.blocks, found)
    reps = expand(session)
    assume(reps)  # a session of warm-ups and notes alone is refused before it is saved
    times = data.draw(st.lists(plan_times, min_size=len(reps), max_size=len(reps)))
    plans = [RepPlan("5K", t) for t in times]
    steps = decoded(fit_bytes("Any", workout_steps(session, plans), created=WHEN))
    back = work_reps(steps["workout_step_mesgs"])
    assert len(back) == len(reps)
    for rep, step in zip(reps, back, strict=True):
        if rep.distance_m is not None:
            assert step.duration_s is None
            assert math.isclose(step.distance_m, rep.distance_m, abs_tol=0.005)
        else:
            assert step.distance_m is None
            assert math.isclose(step.duration_s, rep.duration_s, abs_tol=0.0005)


def test_a_warm_up_and_a_cool_down_are_the_watchs_own_steps_and_drills_have_none():
    session = parse("WU 15', drills / 2 x 1K @5K w/ 400 jog / CD 2 mi")
    plans = [RepPlan("5K", 174_000)] * 2
    steps = decoded(fit_bytes("WU", workout_steps(session, plans), created=WHEN))
    ran = expanded_steps(steps["workout_step_mesgs"])
    assert [(step.kind, step.name) for step in ran] == [
        ("warmup", "warm-up 15'"),
        ("work", "1K @5K 2:54"),
        ("recovery", "r 400m jog"),
        ("work", "1K @5K 2:54"),
        ("recovery", "r 400m jog"),  # the repeat's steps, run twice (see the module)
        ("cooldown", "cool-down 2 Mile"),
    ]
    assert ran[0].duration_s == 900.0
    assert math.isclose(ran[-1].distance_m, 3218.688, abs_tol=0.005)  # FIT keeps centimetres
