"""Recording splits, corrections, removals, pasted lines and effort reports: every earlier
value stays, with who and when, and a retry never writes twice."""

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    REFERENCE_SPLITS_MS,
    AthleteFactory,
    SquadFactory,
    UserFactory,
    prescribed,
    reference_zones,
)
from workouts import selectors, services
from workouts.models import SessionReport, Split, SplitMethod
from workouts.services import SplitToRecord, WorkoutRuleError


@pytest.fixture
def coach(db):
    return UserFactory(username="coach")


@pytest.fixture
def runner(coach):
    """The reference athlete, with a login: 14:30 5K, 4:00 mile."""
    squad = SquadFactory(name="Home", coaches=[coach])
    return reference_zones(
        AthleteFactory(squad=squad, name="Mateo", user=UserFactory(username="mateo")), coach
    )


@pytest.fixture
def assignment(runner, coach):
    return prescribed(athletes=[runner], coach=coach).assignments.get()


def rep(assignment, n):
    return assignment.session.reps.get(n=n)


def record(assignment, n, time_ms, *, by, key=None, **options):
    return services.split_record(
        assignment=assignment,
        rep=rep(assignment, n),
        time_ms=time_ms,
        client_key=key or uuid.uuid4(),
        entered_by=by,
        **options,
    )


def remove(assignment, n, *, by, key=None):
    return services.split_remove(
        assignment=assignment, rep=rep(assignment, n), client_key=key or uuid.uuid4(), entered_by=by
    )


def cell(assignment, n):
    return selectors.athlete_cell(assignment=assignment, rep=rep(assignment, n))


def rows():
    return list(Split.objects.order_by("pk").values_list("rep__n", "time_ms", "replaces"))


# ---------------------------------------------------------------- typed splits


def test_a_split_is_typed_by_the_athlete_with_who_and_when(assignment, runner):
    split = record(assignment, 1, 172_000, by=runner.user)

    assert (split.time_ms, split.entered_by, split.method) == (172_000, runner.user, "typed")
    assert split.entered_at is not None and not split.confirmed_implausible
    assert cell(assignment, 1).split == split


def test_a_correction_keeps_the_earlier_value_and_who_entered_it_when(assignment, runner, coach):
    typo = record(assignment, 1, 127_000, by=runner.user)
    fixed = record(assignment, 1, 172_000, by=coach)

    shown = cell(assignment, 1)
    assert (shown.split, shown.earlier, shown.corrected) == (fixed, [typo], True)
    assert [(e.time_ms, e.entered_by) for e in shown.history] == [
        (127_000, runner.user),
        (172_000, coach),
    ]
    assert typo.entered_at <= fixed.entered_at and fixed.replaces == typo
    assert shown.diff_ms == -2_000  # against the standing time, not the typo


def test_a_removal_keeps_the_split_and_the_rep_shows_none(assignment, runner, coach):
    split = record(assignment, 1, 172_000, by=runner.user)

    removal = remove(assignment, 1, by=coach)

    shown = cell(assignment, 1)
    assert shown.split is None and shown.diff_ms is None
    assert shown.history == (split, removal) and shown.earlier == [removal, split]
    assert (removal.time_ms, removal.replaces, removal.entered_by) == (None, split, coach)
    assert removal.is_removal and removal.method == split.method
    split.refresh_from_db()
    assert (split.time_ms, split.entered_by) == (172_000, runner.user)  # kept as it was


def test_removing_twice_or_replaying_a_removal_changes_nothing(assignment, runner):
    record(assignment, 1, 172_000, by=runner.user)
    key = uuid.uuid4()
    removal = remove(assignment, 1, by=runner.user, key=key)
    before = rows()

    assert remove(assignment, 1, by=runner.user, key=key) == removal  # a retry
    assert remove(assignment, 1, by=runner.user) == removal  # a second tap, a second tab
    assert rows() == before and len(before) == 2


def test_removing_a_rep_without_a_split_writes_nothing(assignment, runner):
    assert remove(assignment, 1, by=runner.user) is None
    assert rows() == []


def test_a_time_entered_after_a_removal_stands(assignment, runner):
    record(assignment, 1, 172_000, by=runner.user)
    remove(assignment, 1, by=runner.user)

    again = record(assignment, 1, 172_000, by=runner.user)

    assert cell(assignment, 1).split == again
    assert [time_ms for _, time_ms, _ in rows()] == [172_000, None, 172_000]


def test_the_same_time_twice_with_two_keys_is_one_split(assignment, runner):
    """A second tab, or a tap after the page reloaded: the time the rep shows is not new."""
    first = record(assignment, 1, 172_000, by=runner.user)

    again = record(assignment, 1, 172_000, by=runner.user)

    assert again == first and Split.objects.count() == 1


def test_a_replayed_key_returns_the_first_split_whatever_the_time(assignment, runner):
    key = uuid.uuid4()
    first = record(assignment, 1, 172_000, by=runner.user, key=key)

    assert record(assignment, 1, 180_000, by=runner.user, key=key) == first
    assert rows() == [(1, 172_000, None)]


@pytest.mark.parametrize(("n", "time_ms"), [(1, 28_000), (5, 245_000)])  # 1K in 0:28, 200m in 4:05
def test_an_implausible_time_is_saved_only_when_confirmed(assignment, runner, n, time_ms):
    with pytest.raises(services.ImplausibleSplit) as refusal:
        record(assignment, n, time_ms, by=runner.user)
    assert "Confirm to save it anyway" in refusal.value.message and refusal.value.field == "time"
    assert rows() == []

    split = record(assignment, n, time_ms, by=runner.user, confirmed=True)

    assert split.confirmed_implausible and rows() == [(n, time_ms, None)]


@pytest.mark.parametrize("time_ms", [0, -1, 24 * 3600 * 1000 + 1])
def test_a_time_out_of_range_is_refused_even_confirmed(assignment, runner, time_ms):
    with pytest.raises(WorkoutRuleError):
        record(assignment, 1, time_ms, by=runner.user, confirmed=True)
    assert rows() == []


def test_a_split_is_never_changed_in_place(assignment, runner):
    split = record(assignment, 1, 172_000, by=runner.user)

    split.time_ms = 171_000
    with pytest.raises(ValueError, match="never changed"):
        split.save()

    assert rows() == [(1, 172_000, None)]


def test_the_database_refuses_a_removal_of_nothing_and_a_time_of_zero(assignment, runner):
    """Whatever writes them: a row with no time must replace a split, a time is positive."""
    for time_ms in (None, 0):
        with pytest.raises(IntegrityError), transaction.atomic():
            Split.objects.create(
                assignment=assignment,
                rep=rep(assignment, 1),
                time_ms=time_ms,
                entered_by=runner.user,
                client_key=uuid.uuid4(),
            )
    assert rows() == []


# ---------------------------------------------------------------- a pasted line


def the_reference_paste(assignment, **confirmed):
    return [
        SplitToRecord(
            rep=rep(assignment, n), time_ms=time_ms, confirmed=confirmed.get(str(n), False)
        )
        for n, time_ms in enumerate(REFERENCE_SPLITS_MS, start=1)
    ]


def paste(assignment, entries, *, by, key):
    return services.splits_record_many(
        assignment=assignment, entries=entries, client_key=key, entered_by=by
    )


def test_a_pasted_line_saves_every_rep_as_pasted(assignment, runner):
    saved = paste(assignment, the_reference_paste(assignment), by=runner.user, key=uuid.uuid4())

    assert [split.time_ms for split in saved] == REFERENCE_SPLITS_MS
    assert {(split.method, split.entered_by) for split in saved} == {("pasted", runner.user)}
    assert selectors.athlete_session(assignment=assignment).splits_in == 16


def test_an_unconfirmed_implausible_split_in_the_middle_saves_nothing_and_names_the_rep(
    assignment, runner
):
    entries = the_reference_paste(assignment)
    entries[7] = SplitToRecord(rep=rep(assignment, 8), time_ms=4_400)  # 300m in 4.4 s

    with pytest.raises(services.ImplausibleSplit) as refusal:
        paste(assignment, entries, by=runner.user, key=uuid.uuid4())

    assert refusal.value.message.startswith("Rep 8: ")
    assert rows() == []


def test_a_confirmed_implausible_split_is_saved_with_the_rest(assignment, runner):
    entries = the_reference_paste(assignment)
    entries[7] = SplitToRecord(rep=rep(assignment, 8), time_ms=4_400, confirmed=True)

    saved = paste(assignment, entries, by=runner.user, key=uuid.uuid4())

    assert len(saved) == 16
    assert [split.rep.n for split in saved if split.confirmed_implausible] == [8]


def test_a_rep_given_twice_in_one_paste_is_refused(assignment, runner):
    entries = the_reference_paste(assignment)
    entries.append(SplitToRecord(rep=rep(assignment, 1), time_ms=173_000))

    with pytest.raises(WorkoutRuleError, match="appears twice"):
        paste(assignment, entries, by=runner.user, key=uuid.uuid4())
    assert rows() == []


def test_a_rep_of_another_session_refuses_the_whole_paste(assignment, runner, coach):
    other = prescribed(
        athletes=[runner], coach=coach, on=assignment.session.date + timedelta(days=1)
    )
    entries = the_reference_paste(assignment)
    entries[-1] = SplitToRecord(rep=other.reps.get(n=16), time_ms=26_400)

    with pytest.raises(WorkoutRuleError, match="not in this athlete's session"):
        paste(assignment, entries, by=runner.user, key=uuid.uuid4())
    assert rows() == []


def test_saving_the_same_paste_again_saves_nothing_new(assignment, runner):
    key = uuid.uuid4()
    first = paste(assignment, the_reference_paste(assignment), by=runner.user, key=key)

    again = paste(assignment, the_reference_paste(assignment), by=runner.user, key=key)

    assert again == first and Split.objects.count() == 16


def test_a_paste_corrects_typed_splits_and_keeps_them(assignment, runner):
    typed = record(assignment, 1, 173_000, by=runner.user)
    same = record(assignment, 2, 174_000, by=runner.user)

    saved = paste(assignment, the_reference_paste(assignment), by=runner.user, key=uuid.uuid4())

    assert saved[0].replaces == typed and saved[0].method == SplitMethod.PASTED
    assert saved[1] == same  # the time already standing is not written again
    assert Split.objects.count() == 17


# ---------------------------------------------------------------- effort reports


def save_report(assignment, *, by, rpe=7, note="", done=False, key=None):
    return services.report_save(
        assignment=assignment,
        rpe=rpe,
        note=note,
        done=done,
        client_key=key or uuid.uuid4(),
        entered_by=by,
    )


@pytest.mark.parametrize("rpe", [0, 11, -1])
def test_effort_is_one_to_ten(assignment, runner, rpe):
    with pytest.raises(WorkoutRuleError) as refusal:
        save_report(assignment, by=runner.user, rpe=rpe)
    assert refusal.value.field == "rpe" and "1 (easy) to 10 (all out)" in refusal.value.message
    assert not SessionReport.objects.exists()


@pytest.mark.parametrize("rpe", [1, 10, None])
def test_effort_may_be_one_ten_or_left_out(assignment, runner, rpe):
    assert save_report(assignment, by=runner.user, rpe=rpe).rpe == rpe


def test_a_note_longer_than_the_limit_is_refused_not_cut(assignment, runner):
    longest = SessionReport.LONGEST_NOTE

    with pytest.raises(WorkoutRuleError) as refusal:
        save_report(assignment, by=runner.user, note="x" * (longest + 1))
    assert refusal.value.field == "note" and "2,000 characters" in refusal.value.message
    assert not SessionReport.objects.exists()
    assert len(save_report(assignment, by=runner.user, note="x" * longest).note) == longest


def test_saving_the_report_that_stands_returns_it(assignment, runner):
    first = save_report(assignment, by=runner.user, rpe=7, note="Windy.", done=True)

    again = save_report(assignment, by=runner.user, rpe=7, note=" Windy. \n", done=True)

    assert again == first and SessionReport.objects.count() == 1


def test_a_changed_report_is_a_new_row_and_the_earlier_stays(assignment, runner, coach):
    first = save_report(assignment, by=runner.user, rpe=7, note="Windy.", done=False)

    second = save_report(assignment, by=coach, rpe=8, note="Windy.", done=True)

    assert second != first
    assert selectors.athlete_session(assignment=assignment).report == second
    first.refresh_from_db()
    assert (first.rpe, first.done, first.entered_by) == (7, False, runner.user)
    assert (second.rpe, second.done, second.entered_by) == (8, True, coach)


def test_a_replayed_report_key_returns_the_first_report(assignment, runner):
    key = uuid.uuid4()
    first = save_report(assignment, by=runner.user, rpe=7, key=key)

    assert save_report(assignment, by=runner.user, rpe=9, key=key) == first
    assert SessionReport.objects.count() == 1


def test_the_database_refuses_an_effort_outside_one_to_ten(assignment, runner):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionReport.objects.create(
            assignment=assignment, rpe=11, entered_by=runner.user, client_key=uuid.uuid4()
        )
    assert not SessionReport.objects.exists()


def test_a_report_is_never_changed_in_place(assignment, runner):
    report = save_report(assignment, by=runner.user, rpe=7)

    report.rpe = 3
    with pytest.raises(ValueError, match="never changed"):
        report.save()

    assert SessionReport.objects.get().rpe == 7
