"""The session notation as a coach writes it: every convention, rep by rep."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workouts.notation import (
    AFTER_DISTANCE,
    BETWEEN_BLOCKS,
    BETWEEN_SETS,
    CYCLE,
    DANIELS_PACES,
    DISTANCE,
    EVERY_REP,
    FULL,
    MAX_REPS,
    MILE_M,
    NEXT_REP,
    SEGMENT_KINDS,
    TIME,
    WITHIN_SETS,
    ZONES,
    NotationError,
    Recovery,
    RecoveryRule,
    RecoveryRules,
    Rep,
    Repeat,
    Segment,
    Sequence,
    Session,
    Target,
    expand,
    parse,
    parse_recovery_rules,
    render,
    render_recovery,
    render_rules,
    render_target,
    rep_count,
    session_as_dict,
    total_distance_m,
)

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
REFERENCE_RULES = (
    "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
)


def m(metres, target=None, label=""):
    return (metres, None, target, label)


def s(seconds, target=None, label=""):
    return (None, seconds, target, label)


def reps_of(text):
    return [
        (
            rep.distance_m,
            rep.duration_s,
            render_target(rep.target) if rep.target else None,
            rep.label,
        )
        for rep in expand(parse(text))
    ]


BREAKDOWN = [m(500.0), m(300.0), m(200.0)]

NOTATIONS = [
    ("400m", [m(400.0)]),
    ("8 x 400m", [m(400.0)] * 8),
    ("8x400", [m(400.0)] * 8),
    ("3X400m", [m(400.0)] * 3),
    ("3×400m", [m(400.0)] * 3),
    ("3 X 400 meters", [m(400.0)] * 3),
    ("2 x 800 metres", [m(800.0)] * 2),
    ("2 x 1K / 500m, 300m, 200m", [m(1000.0)] * 2 + BREAKDOWN),
    ("4 x 600m + 2 x (300m/200m/100m)", [m(600.0)] * 4 + [m(300.0), m(200.0), m(100.0)] * 2),
    (
        "3 Mile Tempo + 2 x 1200m, 4 x 200m",
        [m(3 * MILE_M, label="Tempo")] + [m(1200.0)] * 2 + [m(200.0)] * 4,
    ),
    ("4 x (1000m @ 5K / 200m @ 800)", [m(1000.0, "5K"), m(200.0, "800")] * 4),
    ("8 x 400m cutdown", [m(400.0, label="cutdown")] * 8),
    ("3 x 600m, 400m, 200m", [m(600.0), m(400.0), m(200.0)] * 3),
    ("5 x 1000m, 3 x 300m", [m(1000.0)] * 5 + [m(300.0)] * 3),
    ("1K, 3 x 300m", [m(1000.0)] + [m(300.0)] * 3),
    ("3 x (2 x 600m, 4 x 200m)", ([m(600.0)] * 2 + [m(200.0)] * 4) * 3),
    ("2 x (3 x (200m, 100m))", [m(200.0), m(100.0)] * 6),
    ("(500m, 300m), 200m", BREAKDOWN),
    ("600m/400m/200m", [m(600.0), m(400.0), m(200.0)]),
    ("600m - 400m - 200m", [m(600.0), m(400.0), m(200.0)]),
    ("600m-400m-200m", [m(600.0), m(400.0), m(200.0)]),
    ("500/300/200", BREAKDOWN),
    ("3 x 500/300/200", BREAKDOWN * 3),
    ("2 x 1,000m", [m(1000.0)] * 2),
    ("10,000", [m(10000.0)]),
    ("500,300,200", BREAKDOWN),
    ("1.5 Mile", [m(1.5 * MILE_M)]),
    ("1 mile, 2 miles, 1 mi, 1,609.344m", [m(MILE_M), m(2 * MILE_M), m(MILE_M), m(MILE_M)]),
    ("2 km, 3K, 5k, 1.2K", [m(2000.0), m(3000.0), m(5000.0), m(1200.0)]),
    ("3', 90\", 90s, 3 min, 1:30", [s(180.0), s(90.0), s(90.0), s(180.0), s(90.0)]),
    ("3'30\", 45 sec, 2 minutes, 1:02:03", [s(210.0), s(45.0), s(120.0), s(3723.0)]),
    ("20' Tempo", [s(1200.0, label="Tempo")]),
    ("1K TT", [m(1000.0, label="TT")]),
    ("6 x 150m flush", [m(150.0, label="flush")] * 6),
    ("4 x 100m sprint", [m(100.0, label="sprint")] * 4),
    ("400m @400+1s", [m(400.0, "400+1s")]),
    ("500m @mile-2%", [m(500.0, "mile-2%")]),
    ("1K @ 3K+2%, 400m @ 800 - 1.5s", [m(1000.0, "3K+2%"), m(400.0, "800-1.5s")]),
    ("1K @2:54", [m(1000.0, "2:54")]),
    ("400m @68", [m(400.0, "68")]),
    ("400m @68/400", [m(400.0, "68/400")]),
    ("5K @3:10/km, 1 mile @ 4:00/mile", [m(5000.0, "3:10/km"), m(MILE_M, "4:00/mile")]),
    ("1K @ 5K pace", [m(1000.0, "5K")]),
    ("2 x 1 mile @ 10K", [m(MILE_M, "10K")] * 2),
    (
        "10K @HM, 20K @ marathon, 3K @2 mile",
        [m(10000.0, "HM"), m(20000.0, "marathon"), m(3000.0, "2 mile")],
    ),
    ("400 @ 800", [m(400.0, "800")]),
    ("10 x 1' @ 5K", [s(60.0, "5K")] * 10),
    ("4 x 1:00 @ mile", [s(60.0, "mile")] * 4),
    ("1K Tempo @5K", [m(1000.0, "5K", "Tempo")]),
    ("1K @5K fast finish", [m(1000.0, "5K", "fast finish")]),
    ("2 x 1K; 4 x 200m", [m(1000.0)] * 2 + [m(200.0)] * 4),
    ("2 x 1K\n4 x 200m\n\n1 mile", [m(1000.0)] * 2 + [m(200.0)] * 4 + [m(MILE_M)]),
    ("3 x (1K @ 3K, 400m @ mile)", [m(1000.0, "3K"), m(400.0, "mile")] * 3),
    ("3 x (400m, 200m / 2 x 100m)", ([m(400.0), m(200.0)] + [m(100.0)] * 2) * 3),
    ("1 x 1K / 1 x 500m, 300m, 200m", [m(1000.0), *BREAKDOWN]),
    ("2 x 10' @ 10K w/ 2' jog", [s(600.0, "10K")] * 2),
    ("4 x 400m @800 (r 200m)", [m(400.0, "800")] * 4),
    ("2 x 1K (r 400m in 3’–4’) — 4 x 200m @400 − 1s", [m(1000.0)] * 2 + [m(200.0, "400-1s")] * 4),
    (
        REFERENCE,
        [m(1000.0)] * 2 + BREAKDOWN + [m(1000.0)] + BREAKDOWN * 2 + [m(1000.0)] + BREAKDOWN,
    ),
]


def test_the_table_has_at_least_forty_distinct_notations():
    assert len({text for text, _ in NOTATIONS}) >= 40


@pytest.mark.parametrize(("text", "expected"), NOTATIONS, ids=[t for t, _ in NOTATIONS])
def test_each_notation_expands_rep_by_rep(text, expected):
    assert reps_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), NOTATIONS, ids=[t for t, _ in NOTATIONS])
def test_canonical_text_reads_back_to_the_same_session(text, expected):
    session = parse(text)
    assert parse(render(session)) == session
    assert render(parse(render(session))) == render(session)


def test_reference_session_is_16_reps_and_8000_metres():
    reps = expand(parse(REFERENCE))
    assert len(reps) == 16
    assert total_distance_m(reps) == 8000.0
    assert [rep.n for rep in reps] == list(range(1, 17))
    assert [rep.block for rep in reps] == [1, 1, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4, 5, 6, 6, 6]
    assert [rep.set_index for rep in reps] == [1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1]


def test_reference_rules_give_each_rep_its_recovery():
    one_k = Recovery(DISTANCE, distance_m=400.0, window_s=(180.0, 240.0))
    to_300, to_200 = Recovery(DISTANCE, distance_m=300.0), Recovery(DISTANCE, distance_m=200.0)
    to_500 = Recovery(DISTANCE, distance_m=500.0)
    expected = [
        one_k,
        one_k,  # 2 x 1K (the second is followed by a 500 set)
        to_300,
        to_200,
        None,  # 500, 300, 200; a 1K follows: no rule stated
        one_k,  # 1 x 1K
        to_300,
        to_200,
        to_500,  # set 1 of 2; the next set follows directly
        to_300,
        to_200,
        None,  # set 2 of 2; a 1K follows
        one_k,  # 1 x 1K
        to_300,
        to_200,
        None,  # last set; the session ends
    ]
    reps = expand(parse(REFERENCE, REFERENCE_RULES))
    assert [rep.recovery for rep in reps] == expected


def test_reference_rules_read_back_from_their_canonical_text():
    rules = parse_recovery_rules(REFERENCE_RULES)
    assert rules == RecoveryRules(
        (
            RecoveryRule(
                Recovery(DISTANCE, distance_m=400.0, window_s=(180.0, 240.0)),
                AFTER_DISTANCE,
                (1000.0,),
            ),
            RecoveryRule(Recovery(NEXT_REP), WITHIN_SETS, (500.0, 300.0, 200.0)),
        )
    )
    assert render_rules(rules) == (
        "400m in 3'-4' after 1K / distance of next rep in 500m, 300m, 200m sets"
    )
    assert parse_recovery_rules(render_rules(rules)) == rules


def test_reference_canonical_text():
    assert render(parse(REFERENCE)) == (
        "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / "
        "1 x (500m, 300m, 200m)"
    )


def test_breakdown_rule_builds_the_tree_a_coach_means():
    assert parse("3 x 600m, 400m, 200m").blocks == (
        Repeat(3, Sequence((Rep(600.0, None), Rep(400.0, None), Rep(200.0, None)))),
    )
    assert parse("5 x 1000m, 3 x 300m").blocks == (
        Repeat(5, Rep(1000.0, None)),
        Repeat(3, Rep(300.0, None)),
    )


def test_inside_parentheses_a_spaced_slash_ends_a_repeat():
    assert parse("(2 x 600m / 300m)").blocks == (
        Sequence((Repeat(2, Rep(600.0, None)), Rep(300.0, None))),
    )
    assert parse("(2 x 600m, 300m)").blocks == (
        Repeat(2, Sequence((Rep(600.0, None), Rep(300.0, None)))),
    )


def test_at_that_is_not_a_target_is_kept_as_the_note():
    reps = expand(parse("400m @ easy effort, 200m @ goal pace, 100m @ 80% effort"))
    assert [(rep.target, rep.note) for rep in reps] == [
        (None, "easy effort"),
        (None, "goal pace"),
        (None, "80% effort"),
    ]
    assert render(parse("400m flush @ easy")) == "400m flush @ easy"


def test_targets_are_structured():
    targets = [
        rep.target
        for rep in expand(parse("400m @400+1s, 500m @mile-2%, 1K @2:54, 400m @68/400, 1K @3:10/km"))
    ]
    assert targets == [
        Target(zone="400", adjust_s=1.0),
        Target(zone="mile", adjust_pct=-2.0),
        Target(time_s=174.0),
        Target(time_s=68.0, per_m=400.0),
        Target(time_s=190.0, per_m=1000.0),
    ]


INLINE_RECOVERIES = [
    ("400m (r 200m)", Recovery(DISTANCE, distance_m=200.0)),
    ('400m (rec 90")', Recovery(TIME, duration_s=90.0)),
    ("400m (recovery 1:30)", Recovery(TIME, duration_s=90.0)),
    ("400m (jog 200m)", Recovery(DISTANCE, distance_m=200.0, mode="jog")),
    ('400m w/ 90" rest', Recovery(TIME, duration_s=90.0, mode="rest")),
    ("400m w/ 200m walk", Recovery(DISTANCE, distance_m=200.0, mode="walk")),
    ("1K (r 400m in 3'-4')", Recovery(DISTANCE, distance_m=400.0, window_s=(180.0, 240.0))),
    ("1K (r 400m in 3')", Recovery(DISTANCE, distance_m=400.0, window_s=(180.0, 180.0))),
    ("1K (r 2'-3' rest)", Recovery(TIME, window_s=(120.0, 180.0), mode="rest")),
    ("1K (r 3-4 min)", Recovery(TIME, window_s=(180.0, 240.0))),
    ("1K (r full recovery)", Recovery(FULL)),
]


@pytest.mark.parametrize(
    ("text", "recovery"), INLINE_RECOVERIES, ids=[t for t, _ in INLINE_RECOVERIES]
)
def test_inline_recovery_is_read_and_follows_the_rep(text, recovery):
    session = parse(f"{text}, 300m")
    assert expand(session)[0].recovery == recovery
    assert parse(render(session)) == session


def test_inline_distance_of_next_rep_resolves_on_expansion():
    reps = expand(parse("3 x 500m (r distance of next rep), 300m, 200m"))
    assert [r.recovery for r in reps[:2]] == [Recovery(DISTANCE, distance_m=300.0), None]
    assert render(parse("500m (r distance of the next rep), 1'")) == (
        "500m (r distance of next rep), 1'"
    )
    timed = expand(parse("500m (r distance of next rep), 1'"))
    assert timed[0].recovery == Recovery(TIME, duration_s=60.0)


def test_inline_recovery_beats_rules_and_last_rep_has_none():
    reps = expand(parse("3 x 400m (r 200m)", '90" between reps'))
    assert [rep.recovery for rep in reps] == [Recovery(DISTANCE, distance_m=200.0)] * 2 + [None]


def test_rule_priority_between_sets_over_between_reps():
    reps = expand(
        parse(
            "2 x (400m, 300m) / 1K",
            "90\" between reps / 3' between sets / full recovery between blocks",
        )
    )
    assert [render_recovery(rep.recovery) if rep.recovery else None for rep in reps] == [
        '90"',
        "3'",
        '90"',
        "full recovery",
        None,
    ]


def test_between_sets_needs_sets_of_several_reps():
    reps = expand(parse("4 x 400m", "3' between sets"))
    assert [rep.recovery for rep in reps] == [None] * 4


def test_rules_in_scope_first_order_and_variants():
    rules = parse_recovery_rules('after each 1K: 400m jog\nbetween sets, 200m jog; 90"')
    assert rules.rules == (
        RecoveryRule(Recovery(DISTANCE, distance_m=400.0, mode="jog"), AFTER_DISTANCE, (1000.0,)),
        RecoveryRule(Recovery(DISTANCE, distance_m=200.0, mode="jog"), BETWEEN_SETS),
        RecoveryRule(Recovery(TIME, duration_s=90.0), EVERY_REP),
    )


def test_within_sets_without_a_list_matches_any_set():
    reps = expand(parse("1K / 3 x 500/300", "200m in sets"))
    assert [rep.recovery for rep in reps] == (
        [None] + [Recovery(DISTANCE, distance_m=200.0)] * 5 + [None]
    )


def test_rules_render_and_read_back():
    text = "200m jog between reps / full recovery between blocks / 3' after 1.5 Mile"
    assert render_rules(parse_recovery_rules(text)) == text


ERRORS = [
    ("", 0, "expected a rep"),
    ("2 x", 3, "after '2 x'"),
    ("3 x / 400m", 4, "after '3 x'"),
    ("3 x (400m, 200m", 15, "unclosed '(' opened at 4"),
    ("400yds", 3, "yards are not read"),
    ("8 x 400 yards", 8, "write metres"),
    ("400 ft", 4, "unknown unit 'ft'"),
    ("400m / / 200m", 7, "empty block between '/' at 5"),
    ("400m /200m", 5, "ambiguous '/'"),
    ("3 Tempo", 1, "expected a unit after '3'"),
    ("400m @", 6, "expected a target"),
    ("400m @1234", 6, "no pace zone for '1234'"),
    ("0 x 400m", 0, "repeat count"),
    ("1.5 x 400m", 0, "repeat count"),
    ("3 x 2 x 400m x 2", 0, "a count before and after"),
    ("400m)", 4, "unmatched ')'"),
    ("()", 1, "empty '()'"),
    ("400m 200m", 5, "expected ',', ' / ', '+', ';' or a new line after '400m'"),
    ("2 x 1K +", 8, "after '+'"),
    ("1:5", 2, "expected two digits"),
    ("1:75", 0, "under 60"),
    ("(400m, 200m) (r 200m)", 13, "needs a count before the group"),
    ("1K (r 4'-3')", 6, "shorter to the longer"),
    ("1K (r soon)", 6, "expected a recovery"),
    ("1K (r 200m", 10, "')' to close the '(' opened at 3"),
    ("4 x 400m # fast", 9, "found '#'"),
    ("999 x (999 x 400m)", 0, f"at most {MAX_REPS}"),
    ("(" * 25 + "400m" + ")" * 25, 20, "nest deeper"),
    ("0 metres", 0, "from 1 m to 1,000,000 m"),
    ("0m", 0, "a duration must be from 0.1 s"),
]


@pytest.mark.parametrize(("text", "position", "fragment"), ERRORS, ids=[e[0] for e in ERRORS])
def test_unreadable_notation_names_position_and_expectation(text, position, fragment):
    with pytest.raises(NotationError) as caught:
        parse(text)
    assert caught.value.position == position
    assert fragment in caught.value.message
    assert caught.value.expected
    assert str(caught.value) == f"at {position}: {caught.value.message}"


RULE_ERRORS = [
    ("soon", 0, "expected a recovery"),
    ("200m jog after", 14, "expected a distance"),
    ("200m between friends", 13, "'reps', 'sets' or 'blocks'"),
    ("200m in 500m, 300m", 18, "'sets'"),
    ('200m after 1K 90"', 14, "before the next rule"),
    ('200m / / 90"', 7, "empty block"),
]


@pytest.mark.parametrize(
    ("text", "position", "fragment"), RULE_ERRORS, ids=[e[0] for e in RULE_ERRORS]
)
def test_unreadable_recovery_rules_name_position(text, position, fragment):
    with pytest.raises(NotationError) as caught:
        parse("400m", text)
    assert (caught.value.position, caught.value.source) == (position, "recovery")
    assert fragment in caught.value.message


def test_session_as_dict_is_the_command_shape():
    data = session_as_dict(parse("2 x 1K @5K, 3' Tempo", "400m in 3'-4' after 1K"))
    assert data["rep_count"] == 4
    assert data["total_distance_m"] == 2000.0
    assert data["notation"] == "2 x (1K @5K, 3' Tempo)"
    assert data["reps"][0] == {
        "n": 1,
        "distance_m": 1000.0,
        "duration_s": None,
        "target": "5K",
        "label": "",
        "note": "",
        "block": 1,
        "set_index": 1,
        "recovery": {
            "kind": "distance",
            "distance_m": 400.0,
            "duration_s": None,
            "window_s": [180.0, 240.0],
            "mode": "",
            "text": "400m in 3'-4'",
        },
        "is_rep": True,
    }
    assert data["segments"] == []
    assert data["reps"][1]["distance_m"] is None
    assert data["reps"][1]["duration_s"] == 180.0
    assert data["reps"][-1]["recovery"] is None


# --- properties -----------------------------------------------------------------------------

MILE = Decimal("1609.344")
tenths = st.integers(1, 99_999).map(lambda n: float(Decimal(n) / 10))
distances = st.one_of(
    st.integers(50, 20_000).map(float),
    st.integers(1, 20).map(lambda k: k * 1000.0),
    st.sampled_from(["0.5", "1", "1.5", "2", "3", "6.2"]).map(lambda mi: float(Decimal(mi) * MILE)),
    st.integers(10, 99_999).map(lambda n: float(Decimal(n) / 10)),
)
durations = st.one_of(st.integers(1, 10_000).map(float), tenths)
adjustments = st.integers(-50, 50).map(lambda n: float(Decimal(n) / 10))


@st.composite
def time_spans(draw):
    """Two different times: a range when rising, a cut-down when falling."""
    first = draw(durations)
    return first, draw(durations.filter(lambda other: other != first))


targets = st.one_of(
    st.builds(Target, zone=st.sampled_from(list(ZONES))),
    st.builds(Target, zone=st.sampled_from(list(DANIELS_PACES)), adjust_s=adjustments),
    time_spans().map(lambda span: Target(time_s=span[0], until_s=span[1])),
    st.builds(Target, zone=st.sampled_from(list(ZONES)), adjust_s=adjustments),
    st.builds(Target, zone=st.sampled_from(list(ZONES)), adjust_pct=adjustments),
    st.builds(Target, time_s=durations),
    st.builds(
        Target, time_s=durations, per_m=st.sampled_from([200.0, 400.0, 1000.0, MILE_M, 1500.0])
    ),
)
modes = st.sampled_from(["", "jog", "walk", "rest", "float", "standing"])


@st.composite
def windows(draw):
    low = draw(durations)
    high = draw(durations.filter(lambda high: high > low))
    return (low, high)


recoveries = st.one_of(
    st.builds(Recovery, st.just(DISTANCE), distance_m=distances, mode=modes),
    st.builds(
        Recovery,
        st.just(DISTANCE),
        distance_m=distances,
        mode=modes,
        window_s=st.one_of(windows(), durations.map(lambda d: (d, d))),
    ),
    st.builds(Recovery, st.just(TIME), duration_s=durations, mode=modes),
    st.builds(Recovery, st.just(TIME), window_s=windows(), mode=modes),
    st.builds(Recovery, st.sampled_from([NEXT_REP, FULL]), mode=modes),
    st.builds(Recovery, st.just(CYCLE), duration_s=durations),
)
labels = st.sampled_from(["", "Tempo", "TT", "flush", "cutdown", "sprint", "fast finish"])
notes = st.sampled_from(["easy", "goal pace", "relaxed form", "80% effort"])


@st.composite
def reps(draw):
    timed = draw(st.booleans())
    distance, duration = (None, draw(durations)) if timed else (draw(distances), None)
    target = draw(st.one_of(st.none(), targets))
    note = draw(notes) if target is None and draw(st.booleans()) else ""
    recovery = draw(st.one_of(st.none(), recoveries))
    return Rep(distance, duration, target, draw(labels), note, recovery)


@st.composite
def segments(draw):
    kind = draw(st.sampled_from([kind for kind in SEGMENT_KINDS if kind != "note"]))
    amount = draw(st.sampled_from(["", "distance", "duration"] if kind != "easy" else ["distance"]))
    distance = draw(distances) if amount == "distance" else None
    duration = draw(durations) if amount == "duration" else None
    count = draw(st.one_of(st.none(), st.integers(1, 12))) if kind != "easy" else None
    words = draw(st.sampled_from(["", "easy", "on grass", "barefoot"]))
    return Segment(kind, count, distance, duration, words)


@st.composite
def per_rep_targets(draw):
    """`3 x 200m @33, 32, 31`: a repeat whose rep has one time for each time through."""
    count = draw(st.integers(2, 6))
    times = tuple(draw(st.lists(durations, min_size=count, max_size=count)))
    rep = draw(reps())
    return Repeat(count, Rep(rep.distance_m, rep.duration_s, Target(times=times), rep.label))


leaves = st.one_of(
    reps(),
    reps(),
    segments(),
    per_rep_targets(),
    st.sampled_from(["on grass", "XC loop windy"]).map(lambda words: Segment("note", text=words)),
)
nodes = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.builds(Repeat, st.integers(1, 6), children),
        st.builds(Repeat, st.integers(1, 6), children, recoveries),
        st.lists(children, min_size=2, max_size=4).map(lambda items: Sequence(tuple(items))),
    ),
    max_leaves=10,
)
sessions = st.lists(nodes, min_size=1, max_size=4).map(lambda blocks: Session(tuple(blocks)))
sessions = sessions.filter(lambda session: sum(map(rep_count, session.blocks)) <= MAX_REPS)


@st.composite
def rule_lists(draw):
    scope = draw(
        st.sampled_from([EVERY_REP, AFTER_DISTANCE, WITHIN_SETS, BETWEEN_SETS, BETWEEN_BLOCKS])
    )
    count = {AFTER_DISTANCE: (1, 1), WITHIN_SETS: (0, 3)}.get(scope, (0, 0))
    listed = tuple(draw(st.lists(distances, min_size=count[0], max_size=count[1])))
    return RecoveryRule(draw(recoveries), scope, listed)


rules = st.lists(rule_lists(), max_size=4).map(lambda found: RecoveryRules(tuple(found)))

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(sessions)
def test_generated_sessions_read_back_from_their_canonical_text(session):
    assert parse(render(session)) == session


@FAST
@given(rules)
def test_generated_recovery_rules_read_back_from_their_canonical_text(found):
    assert parse_recovery_rules(render_rules(found)) == found


@FAST
@given(sessions)
def test_render_is_idempotent_on_parsed_text(session):
    canonical = render(parse(render(session)))
    assert render(parse(canonical)) == canonical


@FAST
@given(sessions, rules)
def test_expansion_counts_every_rep_and_only_the_last_has_no_stated_end(session, found):
    reps = expand(Session(session.blocks, found))
    assert len(reps) == sum(map(rep_count, session.blocks))
    assert not reps or reps[-1].recovery is None
    assert all(rep.recovery is None or rep.recovery.kind != NEXT_REP for rep in reps)


GRAMMARISH = "0123456789 mkKMilenisxX×/+,;()[]&@:'\".-%\nrwTIRE"


@FAST
@given(st.one_of(st.text(), st.text(alphabet=GRAMMARISH, max_size=60)))
def test_any_text_parses_or_raises_notation_error(text):
    try:
        session = parse(text)
    except NotationError as err:
        assert 0 <= err.position <= len(text)
    else:
        assert parse(render(session)) == session


@FAST
@given(st.one_of(st.text(), st.text(alphabet=GRAMMARISH + "abdefghjoptuv", max_size=60)))
def test_any_rules_text_reads_or_raises_notation_error(text):
    try:
        parse_recovery_rules(text)
    except NotationError as err:
        assert 0 <= err.position <= len(text)
