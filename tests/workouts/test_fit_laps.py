"""workouts/fit_laps.py: reading a FIT activity (files made by Garmin's encoder) and the pure
matching of laps to reps. No database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import REFERENCE_SPLITS_MS
from tests.workouts.fit_activities import (
    REFERENCE_LAP_M,
    REFERENCE_RECOVERIES_M,
    REFERENCE_REPS_M,
    activity,
    reference_laps,
)
from workouts import fit_laps
from workouts.fit_laps import Confidence, FitError, Lap, RepShape, match_laps, read_activity


def reference_reps() -> list[RepShape]:
    recoveries = [*REFERENCE_RECOVERIES_M, None]
    return [
        RepShape(n, float(m), None, recoveries[n - 1])
        for n, m in enumerate(REFERENCE_REPS_M, start=1)
    ]


def laps_of(laps) -> list[Lap]:
    return list(read_activity(activity(laps)).laps)


def matched(result) -> dict[int, int]:
    """{rep n: lap n} of the matched reps."""
    return {row.rep.n: row.lap.n for row in result.reps if row.lap is not None}


@pytest.mark.parametrize("labelled", [True, False], ids=["watch-labelled", "all-active"])
def test_the_reference_session_matches_all_sixteen_reps_sure_at_the_laps_times(labelled):
    laps = laps_of(reference_laps(labelled=labelled))

    result = match_laps(laps, reference_reps())

    assert [row.confidence for row in result.reps] == [Confidence.SURE] * 16
    assert [round(row.lap.elapsed_s * 1000) for row in result.reps] == REFERENCE_SPLITS_MS
    assert [row.lap.distance_m for row in result.reps] == REFERENCE_LAP_M
    # Work laps are every other lap after the warm-up: 2, 4, 6, …, 32.
    assert matched(result) == {n: 2 * n for n in range(1, 17)}
    assert result.reps[0].reason == "lap 2: 1,003 m for 1K, 2:52.0"
    assert not result.unmatched
    kinds = [left.kind for left in result.left]
    assert kinds[0] == "warm-up" and kinds[-1] == "cool-down"
    assert kinds[1:-1] == ["recovery"] * 15


def test_a_missed_lap_press_leaves_both_reps_unmatched_and_lists_the_lap():
    laps = reference_laps(labelled=False)
    # Reps 1 and 2 and the jog between them in one lap: 1,003 + 400 + 998 m.
    merged = (1003 + 400 + 998, 172 + 200 + 174, "active")
    laps = [laps[0], merged, *laps[4:]]

    result = match_laps(laps_of(laps), reference_reps())

    rows = {row.rep.n: row for row in result.reps}
    assert rows[1].confidence == rows[2].confidence == Confidence.UNMATCHED
    assert rows[1].lap is None and rows[2].lap is None
    assert all(rows[n].confidence == Confidence.SURE for n in range(3, 17))
    assert [left.lap.n for left in result.unmatched] == [2]
    assert "could be reps 1–2" in result.unmatched[0].reason
    assert "missed lap press" in result.unmatched[0].reason


def test_an_extra_lap_press_is_listed_and_the_rest_still_match():
    laps = reference_laps(labelled=False)
    # A press by mistake 150 m into the 500 m of rep 3 (lap 6): 150 m, then 352 m.
    extra = [(150, 22.5, "active"), (352, 52.6, "active")]
    laps = [*laps[:5], *extra, *laps[6:]]

    result = match_laps(laps_of(laps), reference_reps())

    rows = {row.rep.n: row for row in result.reps}
    assert rows[3].confidence == Confidence.UNMATCHED
    assert all(rows[n].confidence == Confidence.SURE for n in range(1, 17) if n != 3)
    assert {left.lap.n for left in result.unmatched} == {6, 7}


def test_a_stray_press_between_reps_at_work_pace_is_an_extra_lap():
    laps = reference_laps(labelled=False)
    laps.insert(3, (120, 20, "active"))  # a sprint press in the jog after rep 1

    result = match_laps(laps_of(laps), reference_reps())

    assert [row.confidence for row in result.reps] == [Confidence.SURE] * 16
    assert [left.lap.n for left in result.unmatched] == [4]
    assert "extra lap" in result.unmatched[0].reason


def test_a_time_session_is_matched_by_duration():
    laps = [(2400, 900, "active")]
    for _ in range(4):
        laps += [(1010, 180.4, "active"), (250, 90, "active")]
    laps[-1] = (1500, 540, "active")  # the cool-down after the last rep
    reps = [RepShape(n, None, 180.0) for n in range(1, 5)]

    result = match_laps(laps_of(laps), reps)

    assert [row.confidence for row in result.reps] == [Confidence.SURE] * 4
    assert matched(result) == {1: 2, 2: 4, 3: 6, 4: 8}
    assert result.reps[0].reason == "lap 2: 3:00.4 for 3', 1,010 m"
    assert [left.kind for left in result.left] == ["warm-up", *["recovery"] * 3, "cool-down"]


def test_a_lap_a_little_off_is_matched_to_check_with_the_reason():
    laps = [Lap(1, 180.0, 1080.0), Lap(2, 200.0, 400.0), Lap(3, 175.0, 1000.0)]

    result = match_laps(laps, [RepShape(1, 1000.0, None), RepShape(2, 1000.0, None)])

    assert [row.confidence for row in result.reps] == [Confidence.CHECK, Confidence.SURE]
    assert result.reps[0].reason == "lap 1: 1,080 m for 1K, 3:00.0 (8% long): check it"


def test_a_lap_far_from_every_rep_is_never_guessed():
    laps = [Lap(1, 400.0, 1600.0)]

    result = match_laps(laps, [RepShape(1, 1000.0, None)])

    assert result.reps[0].lap is None
    assert result.reps[0].confidence == Confidence.UNMATCHED
    assert [left.kind for left in result.unmatched] == ["unmatched"]


def test_no_laps_and_no_reps_are_answered():
    assert match_laps([], [RepShape(1, 400.0, None)]).reps[0].lap is None
    assert match_laps([Lap(1, 60.0, 400.0)], []).left[0].lap.n == 1


# ---------------------------------------------------------------- reading the file


def test_reading_gives_the_laps_and_the_files_hash():
    data = activity([(1000, 172.0, "active"), (400, 200.0, "rest", "distance")])

    read = read_activity(data)

    assert read.sport == "running" and len(read.sha256) == 64
    assert read.laps == (
        Lap(1, 172.0, 1000.0, "active", "manual"),
        Lap(2, 200.0, 400.0, "rest", "distance"),
    )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "not a FIT file"),
        (PNG, "not a FIT file"),
        (b"2:52, 2:54, 1:15.1", "not a FIT file"),
        (activity([(1000, 172.0, "active")])[:-9], "damaged or cut short"),
        (activity([(1000, 172.0, "active")])[:20], "damaged or cut short"),
        (activity([(20000, 2400.0, "active")], sport="cycling"), "a cycling activity, not a run"),
        (activity([(400, 300.0, "active")], sport="swimming"), "a swimming activity"),
        (activity([]), "no laps"),
    ],
    ids=["empty", "png", "text", "truncated", "header-only", "cycling", "swimming", "no-laps"],
)
def test_a_file_that_is_not_a_runs_laps_is_refused_with_why(data, says):
    with pytest.raises(FitError) as refused:
        read_activity(data)
    assert says in refused.value.message


def test_a_flipped_byte_fails_the_checksum():
    data = bytearray(activity([(1000, 172.0, "active")]))
    data[30] ^= 0xFF
    with pytest.raises(FitError, match="damaged"):
        read_activity(bytes(data))


def test_too_many_laps_are_refused():
    with pytest.raises(FitError, match="more than"):
        read_activity(activity([(100, 20.0, "active")] * (fit_laps.MAX_LAPS + 1)))


# ---------------------------------------------------------------- any laps, any reps

LAPS = st.lists(
    st.tuples(
        st.floats(0, 20_000, allow_nan=False),
        st.one_of(st.none(), st.floats(0, 50_000, allow_nan=False)),
        st.sampled_from(("active", "rest", "warmup", "cooldown", "recovery", "interval", "7")),
    ),
    max_size=40,
).map(lambda laps: [Lap(n, *lap) for n, lap in enumerate(laps, start=1)])
REPS = st.lists(
    st.one_of(
        st.sampled_from((100.0, 200.0, 300.0, 400.0, 1000.0, 1609.344)).map(lambda m: (m, None)),
        st.sampled_from((30.0, 90.0, 180.0, 600.0)).map(lambda s: (None, s)),
    ),
    max_size=30,
).map(lambda reps: [RepShape(n, *rep) for n, rep in enumerate(reps, start=1)])


@given(laps=LAPS, reps=REPS)
def test_any_laps_and_reps_give_each_rep_one_row_and_each_lap_one_place_in_order(laps, reps):
    result = match_laps(laps, reps)

    assert [row.rep for row in result.reps] == reps
    used = [row.lap.n for row in result.reps if row.lap is not None]
    assert used == sorted(used)  # in order: never a later rep on an earlier lap
    assert sorted(used + [left.lap.n for left in result.left]) == [lap.n for lap in laps]
    for row in result.reps:
        assert (row.lap is None) == (row.confidence == Confidence.UNMATCHED)
        if row.lap is not None:
            assert row.lap.intensity not in ("rest", "warmup", "cooldown", "recovery")
