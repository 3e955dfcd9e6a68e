"""The rule for suggested zone updates, on splits placed just inside and just outside each
threshold. A 14:30 5K zone (870,000 ms): a 1K rep's target is 2:54.0."""

from datetime import date, timedelta
from decimal import Decimal

from workouts import zone_evidence as ze

TODAY = date(2026, 11, 29)
FIVE_K = Decimal(5000)
ZONE_MS = 870_000
TARGET_1K = 174_000


def rep(ratio: float, *, session: int = 1, n: int = 1, days_ago: int = 3, **changes):
    fields = {
        "session_id": session,
        "session_date": TODAY - timedelta(days=days_ago),
        "session_name": f"Session {session}",
        "assignment_id": session * 100,
        "rep_id": session * 1000 + n,
        "rep_n": n,
        "distance_m": 1000.0,
        "target_ms": TARGET_1K,
        "split_ms": round(TARGET_1K * ratio),
    }
    fields.update(changes)
    return ze.RepEvidence(**fields)


def reps(ratios, sessions: int = 2):
    """Ratios dealt round `sessions` sessions, a week apart."""
    return [
        rep(ratio, session=i % sessions + 1, n=i + 1, days_ago=3 + 7 * (i % sessions))
        for i, ratio in enumerate(ratios)
    ]


def suggest(evidence, zone_ms: int = ZONE_MS):
    return ze.suggest(zone_distance_m=FIVE_K, zone_ms=zone_ms, reps=evidence, today=TODAY)


def test_reps_three_percent_fast_suggest_a_faster_zone_by_the_median():
    found = suggest(reps([0.97] * 8))
    assert found is not None
    assert found.direction == ze.FASTER
    assert found.suggested_ms == 843_900  # 14:30 × 0.97 = 14:03.9
    assert found.session_count == 2
    assert len(found.evidence) == 8
    assert round(found.percent, 1) == 3.0


def test_reps_slow_suggest_a_slower_zone():
    found = suggest(reps([1.03] * 8))
    assert found.direction == ze.SLOWER
    assert found.suggested_ms == 896_100


def test_six_reps_are_enough_and_five_are_not():
    assert suggest(reps([0.97] * ze.MIN_REPS)) is not None
    assert suggest(reps([0.97] * (ze.MIN_REPS - 1))) is None


def test_two_sessions_are_enough_and_one_is_not():
    assert suggest(reps([0.97] * 8, sessions=ze.MIN_SESSIONS)) is not None
    assert suggest(reps([0.97] * 8, sessions=1)) is None


def test_a_median_just_beyond_two_percent_suggests_and_just_within_does_not():
    assert suggest(reps([0.979] * 8)) is not None
    assert suggest(reps([0.981] * 8)) is None
    assert suggest(reps([1.021] * 8)) is not None
    assert suggest(reps([1.019] * 8)) is None


def test_eighty_percent_on_one_side_is_consistent_and_seventy_is_not():
    assert suggest(reps([0.97] * 8 + [1.01] * 2)) is not None
    assert suggest(reps([0.97] * 7 + [1.01] * 3)) is None


def test_a_rep_exactly_on_target_is_on_neither_side():
    assert suggest(reps([0.97] * 8 + [1.0] * 2)) is not None
    assert suggest(reps([0.97] * 7 + [1.0] * 3)) is None


def test_only_the_last_four_weeks_count():
    inside = [
        rep(0.97, session=s, n=n, days_ago=ze.WINDOW_DAYS - 1) for s in (1, 2) for n in (1, 2, 3)
    ]
    outside = [
        rep(0.97, session=s, n=n, days_ago=ze.WINDOW_DAYS) for s in (1, 2) for n in (1, 2, 3)
    ]
    future = [rep(0.97, session=s, n=n, days_ago=-1) for s in (1, 2) for n in (1, 2, 3)]
    assert suggest(inside) is not None
    assert suggest(outside) is None
    assert suggest(future) is None


def test_coach_overrides_are_not_evidence():
    evidence = reps([0.97] * 6)
    evidence[0] = rep(0.97, session=1, n=1, overridden=True)
    assert suggest(evidence) is None


def test_reps_prescribed_from_another_value_of_the_zone_are_not_evidence():
    """Targets from a zone 0.4% off still count (rounding); 0.6% off, they are stale."""
    assert suggest(reps([0.97] * 8), zone_ms=round(ZONE_MS * 1.004)) is not None
    assert suggest(reps([0.97] * 8), zone_ms=round(ZONE_MS * 1.006)) is None


def test_reps_of_other_distances_at_the_zone_scale_to_it():
    """A 2K at 5K pace has a 5:48.0 target: the same zone."""
    evidence = [
        rep(0.97, session=s, n=n, distance_m=2000.0, target_ms=348_000, split_ms=337_560)
        for s in (1, 2)
        for n in (1, 2, 3)
    ]
    assert suggest(evidence).suggested_ms == 843_900


def test_one_rep_jogged_does_not_move_the_median():
    found = suggest(reps([0.97] * 7 + [1.5]))
    assert found is not None and found.suggested_ms == 843_900


def test_the_fingerprint_names_the_reps_not_their_times():
    first = suggest(reps([0.97] * 8))
    corrected = suggest(reps([0.96] * 8))
    more = suggest(reps([0.97] * 9))
    assert first.fingerprint == corrected.fingerprint
    assert first.fingerprint != more.fingerprint


def test_the_summary_fits_a_zone_entry_note():
    text = ze.summary(suggest(reps([0.97] * 8)), "5K")
    assert text.startswith("Estimate from 8 reps @5K in 2 sessions")
    assert "3.0% faster" in text
    assert len(text) <= 200
