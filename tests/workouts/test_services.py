"""Templates, prescriptions, overrides and splits: the writes a coach relies on."""

import uuid
from datetime import date
from decimal import Decimal

import pytest

from athletes import services as athlete_services
from athletes.errors import DomainError, RuleError
from tests.factories import AthleteFactory, SquadFactory, UserFactory
from workouts import services
from workouts.models import (
    Assignment,
    RepTarget,
    Session,
    SessionRep,
    SessionReport,
    SessionTemplate,
    Split,
    Tag,
    TemplateVersion,
)
from workouts.notation import NotationError
from workouts.services import TemplateContent, WorkoutRuleError

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
REFERENCE_RULES = (
    "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
)
DEFAULTS = "1K @5K, 500m @mile, 300m @800, 200m @400"
BREAKDOWNS = TemplateContent(
    notation=REFERENCE,
    recovery_rules=REFERENCE_RULES,
    description="Early-season breakdowns: hold 5K pace on the 1Ks, speed on the breakdowns.",
    default_targets=DEFAULTS,
)
FIVE_K, MILE = Decimal("5000"), Decimal("1609.344")
OCT_4, OCT_20, OCT_25 = date(2026, 10, 4), date(2026, 10, 20), date(2026, 10, 25)


@pytest.fixture
def coach(db):
    return UserFactory(username="coach")


@pytest.fixture
def squad(coach):
    return SquadFactory(name="Home", coaches=[coach])


def template_of(squad, coach, name="1,000m Breakdowns", content=BREAKDOWNS, tags=()):
    return services.template_create(
        squad=squad, name=name, content=content, tags=list(tags), created_by=coach
    )


def version_of(template):
    return template.versions.order_by("-number").first()


def race(athlete, coach, distance, seconds, on=OCT_4):
    return athlete_services.race_result_record(
        athlete=athlete,
        distance_m=distance,
        time_ms=round(seconds * 1000),
        on=on,
        recorded_by=coach,
    )


def reference_athlete(squad, coach, name="Mateo", on=OCT_4):
    """14:30 5K and 4:00 mile."""
    athlete = AthleteFactory(squad=squad, name=name)
    race(athlete, coach, FIVE_K, 870, on)
    race(athlete, coach, MILE, 240, on)
    return athlete


def prescribe(template, athletes, coach, on=OCT_20, version=None):
    return services.session_prescribe(
        version=version or version_of(template), on=on, athletes=list(athletes), by=coach
    )


def target_ms(session, athlete, rep_n):
    return RepTarget.objects.get(
        assignment__session=session, assignment__athlete=athlete, rep__n=rep_n
    )


# ---------------------------------------------------------------- templates


def test_create_saves_the_first_version_with_tags(squad, coach):
    template = template_of(squad, coach, tags=["early season", "speed"])

    (version,) = template.versions.all()
    assert version.number == 1
    assert version.notation == REFERENCE
    assert version.recovery_rules == REFERENCE_RULES
    assert version.default_targets == DEFAULTS
    assert version.created_by == coach
    assert sorted(template.tags.values_list("name", flat=True)) == ["early season", "speed"]


def test_an_edit_adds_a_version_and_keeps_the_earlier_ones(squad, coach):
    template = template_of(squad, coach)
    edited = TemplateContent(notation="4 x 1K", default_targets="1K @5K")

    version = services.template_update(
        template=template, name="4 x 1K", content=edited, tags=[], by=coach
    )

    assert version.number == 2
    template.refresh_from_db()
    assert template.name == "4 x 1K"
    assert [(v.number, v.notation) for v in template.versions.order_by("number")] == [
        (1, REFERENCE),
        (2, "4 x 1K"),
    ]


def test_saving_without_a_change_adds_no_version(squad, coach):
    template = template_of(squad, coach, tags=["early season"])

    version = services.template_update(
        template=template, name=template.name, content=BREAKDOWNS, tags=["speed"], by=coach
    )

    assert version.number == 1
    assert template.versions.count() == 1
    # The tags are not content: changing them alone still takes effect.
    assert list(template.tags.values_list("name", flat=True)) == ["speed"]


def test_a_version_is_never_changed_in_place(squad, coach):
    version = version_of(template_of(squad, coach))
    version.notation = "1 x 1K"

    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_a_taken_name_is_refused(squad, coach):
    template_of(squad, coach, name="Hills")
    other = template_of(squad, coach, name="Tempo", content=TemplateContent("3 Mile Tempo"))

    with pytest.raises(WorkoutRuleError, match="already a template called “Hills”"):
        template_of(squad, coach, name="Hills")
    with pytest.raises(WorkoutRuleError, match="Hills"):
        services.template_update(
            template=other, name="Hills", content=other_content(other), tags=[], by=coach
        )
    assert SessionTemplate.objects.filter(squad=squad).count() == 2
    assert SessionTemplate.objects.get(pk=other.pk).name == "Tempo"


def other_content(template):
    version = version_of(template)
    return TemplateContent(
        version.notation, version.recovery_rules, version.description, version.default_targets
    )


def test_another_squad_may_use_the_same_name(squad, coach):
    template_of(squad, coach, name="Hills")

    elsewhere = template_of(SquadFactory(name="Away"), coach, name="Hills")

    assert elsewhere.name == "Hills"


@pytest.mark.parametrize(
    ("content", "source"),
    [
        (TemplateContent(notation="2 x (1K"), "notation"),
        (TemplateContent(notation="4 x 1K", recovery_rules="400m in 3-4"), "recovery"),
        (TemplateContent(notation="4 x 1K", default_targets="1K @5K, 500m"), "defaults"),
    ],
)
def test_unreadable_content_is_refused_with_where_and_writes_nothing(squad, coach, content, source):
    with pytest.raises(NotationError) as caught:
        template_of(squad, coach, content=content, tags=["early season"])

    assert caught.value.source == source
    assert caught.value.position >= 0
    assert not SessionTemplate.objects.exists()
    assert not TemplateVersion.objects.exists()
    assert not Tag.objects.exists()


def test_defaults_error_keeps_its_position(squad, coach):
    bad = TemplateContent(notation="4 x 1K", default_targets="1K @5K, 500m")

    with pytest.raises(NotationError) as caught:
        template_of(squad, coach, content=bad)

    assert (caught.value.source, caught.value.position) == ("defaults", 8)


def test_an_unreadable_edit_keeps_the_template_as_it_was(squad, coach):
    template = template_of(squad, coach, tags=["early season"])
    bad = TemplateContent(notation="4 x 1K", default_targets="1K @5K, 500m")

    with pytest.raises(NotationError):
        services.template_update(template=template, name="Renamed", content=bad, tags=[], by=coach)

    template.refresh_from_db()
    assert template.name == "1,000m Breakdowns"
    assert template.versions.count() == 1
    assert list(template.tags.values_list("name", flat=True)) == ["early season"]


def test_duplicate_copies_the_current_version_and_tags(squad, coach):
    template = template_of(squad, coach, tags=["early season"])
    services.template_update(
        template=template,
        name=template.name,
        content=TemplateContent("4 x 1K", default_targets="1K @5K"),
        tags=["early season"],
        by=coach,
    )

    copy = services.template_duplicate(template=template, by=coach)
    second = services.template_duplicate(template=template, by=coach)

    assert copy.name == "1,000m Breakdowns (copy)"
    assert second.name == "1,000m Breakdowns (copy 2)"
    (version,) = copy.versions.all()
    assert (version.number, version.notation, version.default_targets) == (1, "4 x 1K", "1K @5K")
    assert list(copy.tags.values_list("name", flat=True)) == ["early season"]
    assert template.versions.count() == 2  # the original is untouched


def test_archive_and_restore(squad, coach):
    template = template_of(squad, coach)

    services.template_archive(template=template)
    assert SessionTemplate.objects.get(pk=template.pk).archived is True

    services.template_archive(template=template, archived=False)
    assert SessionTemplate.objects.get(pk=template.pk).archived is False


# ---------------------------------------------------------------- prescribing


def test_the_reference_athlete_gets_2_54_for_the_first_1k(squad, coach):
    athlete = reference_athlete(squad, coach)
    session = prescribe(template_of(squad, coach), [athlete], coach)

    assert session.reps.count() == 16
    assert session.total_distance_m == Decimal("8000")  # 4 x 1K + 4 x (500, 300, 200)
    first, third = target_ms(session, athlete, 1), target_ms(session, athlete, 3)
    assert (first.rep.target, first.time_ms, first.reason) == ("5K", 174_000, "")
    assert (third.rep.target, third.time_ms) == ("mile", 74_565)  # 500m at 4:00/mile
    assert RepTarget.objects.filter(assignment__session=session).count() == 16


def test_the_session_is_a_snapshot_of_the_version(squad, coach):
    template = template_of(squad, coach)
    session = prescribe(template, [reference_athlete(squad, coach)], coach)

    assert session.name == "1,000m Breakdowns"
    assert session.template_version == version_of(template)
    assert session.recovery_rules == REFERENCE_RULES
    reps = list(session.reps.order_by("n"))
    assert [r.n for r in reps] == list(range(1, 17))
    assert [r.distance_m for r in reps[:5]] == [Decimal(d) for d in (1000, 1000, 500, 300, 200)]
    assert [r.target for r in reps[:5]] == ["5K", "5K", "mile", "800", "400"]
    assert reps[0].recovery != ""  # the rules gave the 1K its 400m jog


def test_editing_the_template_does_not_change_a_prescribed_session(squad, coach):
    athlete = reference_athlete(squad, coach)
    template = template_of(squad, coach)
    session = prescribe(template, [athlete], coach)
    before = {
        "session": Session.objects.filter(pk=session.pk).values().get(),
        "reps": list(SessionRep.objects.filter(session=session).values().order_by("n")),
        "targets": list(
            RepTarget.objects.filter(assignment__session=session).values().order_by("rep__n")
        ),
    }

    services.template_update(
        template=template,
        name="Renamed",
        content=TemplateContent("8 x 400m @mile", "200m", "changed", "400m @800"),
        tags=[],
        by=coach,
    )

    assert Session.objects.filter(pk=session.pk).values().get() == before["session"]
    assert (
        list(SessionRep.objects.filter(session=session).values().order_by("n")) == (before["reps"])
    )
    assert (
        list(RepTarget.objects.filter(assignment__session=session).values().order_by("rep__n"))
        == (before["targets"])
    )
    assert before["session"]["notation"] != ""
    assert before["targets"][0]["time_ms"] == 174_000


def test_a_later_race_does_not_change_targets_for_an_earlier_date(squad, coach):
    athlete = reference_athlete(squad, coach, on=OCT_4)
    race(athlete, coach, FIVE_K, 840, on=OCT_25)  # 14:00 after the session

    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)
    later = prescribe(template_of(squad, coach, name="Again"), [athlete], coach, on=OCT_25)

    assert target_ms(session, athlete, 1).time_ms == 174_000
    assert target_ms(later, athlete, 1).time_ms == 168_000


def test_a_race_before_the_date_is_used(squad, coach):
    athlete = reference_athlete(squad, coach, on=OCT_4)
    race(athlete, coach, FIVE_K, 855, on=date(2026, 10, 11))  # 14:15

    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)

    assert target_ms(session, athlete, 1).time_ms == 171_000


def test_zones_set_by_the_coach_count_as_of_their_date(squad, coach):
    athlete = AthleteFactory(squad=squad)
    athlete_services.zone_set(
        athlete=athlete, distance_m=FIVE_K, time_ms=900_000, on=OCT_4, recorded_by=coach
    )

    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)

    assert target_ms(session, athlete, 1).time_ms == 180_000


def test_an_athlete_without_zones_gets_no_target_and_a_reason(squad, coach):
    newcomer = AthleteFactory(squad=squad, name="Newcomer")
    not_yet = reference_athlete(squad, coach, name="Not yet", on=OCT_25)

    session = prescribe(template_of(squad, coach), [newcomer, not_yet], coach, on=OCT_20)

    for athlete in (newcomer, not_yet):
        first = target_ms(session, athlete, 1)
        assert (first.time_ms, first.reason) == (None, "no 5K zone yet")
        assert target_ms(session, athlete, 3).reason == "no mile zone yet"
        assert first.effective_ms is None


def test_prescribing_twice_gives_one_session_and_adds_only_newcomers(squad, coach):
    mateo = reference_athlete(squad, coach, name="Mateo")
    ana = reference_athlete(squad, coach, name="Ana")
    template = template_of(squad, coach)
    first = prescribe(template, [mateo], coach)
    override = target_ms(first, mateo, 1)
    services.target_override(target=override, time_ms=172_000, note="felt good", by=coach)

    again = prescribe(template, [mateo], coach)
    widened = prescribe(template, [mateo, ana], coach)

    assert again == first == widened
    assert Session.objects.count() == 1
    assert SessionRep.objects.count() == 16
    assert sorted(Assignment.objects.values_list("athlete__name", flat=True)) == ["Ana", "Mateo"]
    assert RepTarget.objects.count() == 32
    # Mateo's override survives the second prescription.
    assert target_ms(first, mateo, 1).override_ms == 172_000


def test_prescribing_an_edited_template_on_a_day_it_already_has_says_so(squad, coach):
    mateo = reference_athlete(squad, coach, name="Mateo")
    ana = reference_athlete(squad, coach, name="Ana")
    template = template_of(squad, coach)
    session = prescribe(template, [mateo], coach)
    services.template_update(
        template=template,
        name=template.name,
        content=TemplateContent("8 x 400m", default_targets="400m @mile"),
        tags=[],
        by=coach,
    )

    with pytest.raises(WorkoutRuleError, match=r"already prescribed .* from an earlier version"):
        prescribe(template, [ana], coach)

    assert Session.objects.get() == session  # nothing silently reused or added
    assert session.reps.count() == 16
    assert list(session.assignments.values_list("athlete__name", flat=True)) == ["Mateo"]


def test_the_same_athlete_named_twice_is_assigned_once(squad, coach):
    mateo = reference_athlete(squad, coach)

    session = prescribe(template_of(squad, coach), [mateo, mateo], coach)

    assert session.assignments.count() == 1


def test_an_athlete_from_another_squad_is_refused(squad, coach):
    mine = reference_athlete(squad, coach, name="Mine")
    rival = AthleteFactory(squad=SquadFactory(name="Away"), name="Rival")

    with pytest.raises(WorkoutRuleError, match="Rival"):
        prescribe(template_of(squad, coach), [mine, rival], coach)

    assert not Session.objects.exists()
    assert not Assignment.objects.exists()


def test_no_athletes_is_refused(squad, coach):
    with pytest.raises(WorkoutRuleError, match="at least one athlete"):
        prescribe(template_of(squad, coach), [], coach)

    assert not Session.objects.exists()


def test_the_same_template_on_two_dates_is_two_sessions(squad, coach):
    athlete = reference_athlete(squad, coach)
    template = template_of(squad, coach)

    first = prescribe(template, [athlete], coach, on=OCT_20)
    second = prescribe(template, [athlete], coach, on=OCT_25)

    assert first != second
    assert Session.objects.count() == 2


# ---------------------------------------------------------------- overrides


def test_an_override_keeps_the_worked_out_target_beside_it(squad, coach):
    athlete = reference_athlete(squad, coach)
    session = prescribe(template_of(squad, coach), [athlete], coach)
    target = target_ms(session, athlete, 1)

    services.target_override(target=target, time_ms=176_000, note="coming back", by=coach)

    target.refresh_from_db()
    assert (target.time_ms, target.override_ms, target.effective_ms) == (174_000, 176_000, 176_000)
    assert (target.override_note, target.overridden_by) == ("coming back", coach)
    # The other reps keep theirs.
    assert target_ms(session, athlete, 2).effective_ms == 174_000


def test_removing_an_override_goes_back_to_the_worked_out_target(squad, coach):
    athlete = reference_athlete(squad, coach)
    session = prescribe(template_of(squad, coach), [athlete], coach)
    target = target_ms(session, athlete, 1)
    services.target_override(target=target, time_ms=176_000, note="coming back", by=coach)

    services.target_override(target=target, time_ms=None, note="ignored", by=coach)

    target.refresh_from_db()
    assert (target.override_ms, target.override_note, target.overridden_by) == (None, "", None)
    assert target.effective_ms == 174_000


def test_an_override_gives_a_target_to_an_athlete_without_zones(squad, coach):
    newcomer = AthleteFactory(squad=squad)
    session = prescribe(template_of(squad, coach), [newcomer], coach)
    target = target_ms(session, newcomer, 1)

    services.target_override(target=target, time_ms=190_000, note="first week", by=coach)

    target.refresh_from_db()
    assert (target.time_ms, target.effective_ms) == (None, 190_000)


# ---------------------------------------------------------------- splits


@pytest.fixture
def assignment(squad, coach):
    athlete = reference_athlete(squad, coach)
    session = prescribe(template_of(squad, coach), [athlete], coach)
    return session.assignments.get(athlete=athlete)


def record(assignment, rep_n, time_ms, key=None, by=None):
    return services.split_record(
        assignment=assignment,
        rep=assignment.session.reps.get(n=rep_n),
        time_ms=time_ms,
        client_key=key or uuid.uuid4(),
        entered_by=by,
    )


def test_a_split_is_recorded_with_who_entered_it(assignment, coach):
    split = record(assignment, 1, 172_300, by=coach)

    assert (split.rep.n, split.time_ms, split.entered_by, split.replaces) == (
        1,
        172_300,
        coach,
        None,
    )


def test_a_resubmitted_split_is_the_same_split(assignment, coach):
    key = uuid.uuid4()

    first = record(assignment, 1, 172_300, key=key, by=coach)
    again = record(assignment, 1, 172_300, key=key, by=coach)
    retried_with_typo = record(assignment, 1, 999_999, key=key, by=coach)

    assert first == again == retried_with_typo
    assert Split.objects.count() == 1
    assert Split.objects.get().time_ms == 172_300


def test_a_correction_replaces_and_keeps_the_earlier_time(assignment, coach):
    typo = record(assignment, 1, 127_300, by=coach)
    fixed = record(assignment, 1, 172_300, by=coach)
    fixed_again = record(assignment, 1, 172_400, by=coach)

    assert fixed.replaces == typo
    assert fixed_again.replaces == fixed
    assert Split.objects.count() == 3
    current = Split.objects.filter(assignment=assignment, rep__n=1, replaced_by__isnull=True)
    assert list(current) == [fixed_again]


def test_splits_for_different_reps_do_not_replace_each_other(assignment, coach):
    one = record(assignment, 1, 172_300, by=coach)
    two = record(assignment, 2, 173_100, by=coach)

    assert one.replaces is None
    assert two.replaces is None


def test_a_rep_from_another_session_is_refused(squad, coach, assignment):
    other = prescribe(
        template_of(squad, coach, name="Other"), [assignment.athlete], coach, on=OCT_25
    )

    with pytest.raises(WorkoutRuleError, match="not in this athlete's session"):
        services.split_record(
            assignment=assignment,
            rep=other.reps.get(n=1),
            time_ms=172_300,
            client_key=uuid.uuid4(),
            entered_by=coach,
        )

    assert not Split.objects.exists()


# ---------------------------------------------------------------- rules every writer meets


@pytest.mark.parametrize("on", [date(1, 1, 1), date(9999, 12, 31), date(2015, 1, 1)])
def test_prescribing_refuses_a_date_no_coach_means(squad, coach, on):
    athlete = reference_athlete(squad, coach)
    with pytest.raises(RuleError) as refusal:
        prescribe(template_of(squad, coach), [athlete], coach, on=on)
    assert refusal.value.field == "date" and "check" in refusal.value.message
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("201 x 200m", "201 reps; one session holds at most 200"),
        ("5 x (999 x 400m)", "4,995 reps"),
        ("1 x 1000km", "more than 200 km"),
    ],
)
def test_a_session_larger_than_a_coach_runs_is_refused(squad, coach, text, message):
    with pytest.raises(WorkoutRuleError) as refusal:
        template_of(squad, coach, content=TemplateContent(text))
    assert message in refusal.value.message and refusal.value.field == "notation"
    assert not SessionTemplate.objects.exists()


def test_two_hundred_reps_is_still_a_session(squad, coach):
    template = template_of(squad, coach, content=TemplateContent("200 x 200m"))
    session = prescribe(template, [reference_athlete(squad, coach)], coach)
    assert session.reps.count() == 200


def test_a_target_no_human_runs_is_no_target_and_never_overflows(squad, coach):
    template = template_of(squad, coach, content=TemplateContent("1 x 100km @23:59:59/km"))
    session = prescribe(template, [reference_athlete(squad, coach)], coach)
    target = RepTarget.objects.get(assignment__session=session)
    assert target.time_ms is None and target.reason


@pytest.mark.parametrize("time_ms", [0, 24 * 3600 * 1000 + 1, 59_999_940_000])
def test_a_time_rep_override_stays_within_a_day(squad, coach, time_ms):
    template = template_of(squad, coach, content=TemplateContent("3 x 3'"))
    session = prescribe(template, [reference_athlete(squad, coach)], coach)
    target = RepTarget.objects.filter(assignment__session=session).first()
    with pytest.raises(WorkoutRuleError):
        services.target_override(target=target, time_ms=time_ms, note="", by=coach)
    target.refresh_from_db()
    assert target.override_ms is None


def test_an_implausible_split_needs_confirming_and_the_confirmation_is_kept(assignment, coach):
    with pytest.raises(services.ImplausibleSplit) as refusal:
        record(assignment, 1, 28_000, by=coach)  # a 1K in 0:28
    assert "28.0 for 1K is faster than world-record pace" in refusal.value.message
    assert not Split.objects.exists()

    confirmed = services.split_record(
        assignment=assignment,
        rep=assignment.session.reps.get(n=1),
        time_ms=28_000,
        client_key=uuid.uuid4(),
        entered_by=coach,
        confirmed=True,
    )
    assert confirmed.confirmed_implausible
    assert not record(assignment, 1, 172_000, by=coach).confirmed_implausible


def test_a_tag_longer_than_the_field_is_refused_not_cut(squad, coach):
    with pytest.raises(WorkoutRuleError) as refusal:
        template_of(squad, coach, tags=["x" * 41])
    assert refusal.value.field == "tags"
    assert not SessionTemplate.objects.exists()


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (TemplateContent("400m " + "Tempo " * 20), "label is longer than 60"),
        (TemplateContent("400m @" + "windy " * 25), "note is longer than 120"),
        (TemplateContent("400m @5K-0." + "0" * 40 + "1%"), "target"),
        (TemplateContent("400m", default_targets="400m @5K-0." + "0" * 40 + "1%"), "target"),
    ],
)
def test_rep_text_longer_than_a_session_stores_is_refused(squad, coach, content, what):
    """Refused as too long, or (an adjustment this fine) as unreadable: never stored."""
    with pytest.raises(DomainError) as refusal:
        template_of(squad, coach, content=content)
    assert what in refusal.value.message
    assert not SessionTemplate.objects.exists()


def test_saving_from_the_builder_reads_the_notation_once(squad, coach, monkeypatch, client):
    """The form previews it and the service saves it: one reading between them (notation.read
    parses, and finds the places the text reads two ways, in one go)."""
    from workouts import notation

    calls = []
    real_parse, real_read = notation.parse, notation.read
    monkeypatch.setattr(notation, "parse", lambda *a: calls.append(a) or real_parse(*a))
    monkeypatch.setattr(notation, "read", lambda *a: calls.append(a) or real_read(*a))
    services.template_check.cache_clear()
    client.force_login(coach)
    data = {"name": "Once", "notation": "3 x 1K @5K / 4 x 200m", "client_key": str(uuid.uuid4())}
    response = client.post(f"/squads/{squad.pk}/templates/new/", data)
    assert response.status_code == 302
    assert [call[0] for call in calls] == ["3 x 1K @5K / 4 x 200m"]


TWO_WAYS = TemplateContent("3 x 600m, 400m, 200m", description="Threes")


def test_a_new_template_stores_text_that_reads_two_ways_as_the_reading_made(squad, coach):
    version = version_of(template_of(squad, coach, content=TWO_WAYS))
    assert version.notation == "3 x (600m, 400m, 200m)"  # canonical: reads one way only
    assert version.description == "Threes"
    assert services.template_check(services._content_of(version)).readings == ()


def test_a_new_template_keeps_text_that_reads_one_way_as_typed(squad, coach):
    typed = TemplateContent("3x1K @5K/4x200m")
    assert version_of(template_of(squad, coach, content=typed)).notation == "3x1K @5K/4x200m"


def test_a_new_version_stores_text_that_reads_two_ways_as_the_reading_made(squad, coach):
    template = template_of(squad, coach)
    saved = services.template_update(
        template=template, name=template.name, content=TWO_WAYS, tags=[], by=coach
    )
    assert saved.number == 2 and saved.notation == "3 x (600m, 400m, 200m)"
    again = services.template_update(
        template=template, name=template.name, content=TWO_WAYS, tags=[], by=coach
    )
    assert again.pk == saved.pk  # the same text again is no change, though stored otherwise


def test_a_new_version_keeps_text_that_reads_one_way_as_typed(squad, coach):
    template = template_of(squad, coach)
    typed = TemplateContent("3x1K @5K/4x200m")
    saved = services.template_update(
        template=template, name=template.name, content=typed, tags=[], by=coach
    )
    assert saved.notation == "3x1K @5K/4x200m"


# ---------------------------------------------------------------- managing sessions

OCT_13, OCT_27 = date(2026, 10, 13), date(2026, 10, 27)


def split(session, athlete, rep_n, time_ms, by):
    assignment = Assignment.objects.get(session=session, athlete=athlete)
    rep = session.reps.get(n=rep_n)
    return services.split_record(
        assignment=assignment, rep=rep, time_ms=time_ms, client_key=uuid.uuid4(), entered_by=by
    )


def test_moving_works_targets_out_again_from_the_zones_of_the_new_date(squad, coach):
    athlete = reference_athlete(squad, coach)  # 14:30 5K on 4 Oct: 1K in 2:54
    race(athlete, coach, FIVE_K, 855, on=date(2026, 10, 22))  # 14:15 5K: 1K in 2:51
    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)
    assert target_ms(session, athlete, 1).time_ms == 174_000

    services.session_move(session=session, on=OCT_27, by=coach)

    session.refresh_from_db()
    assert session.date == OCT_27
    assert target_ms(session, athlete, 1).time_ms == 171_000


def test_moving_keeps_the_coachs_override(squad, coach):
    athlete = reference_athlete(squad, coach)
    race(athlete, coach, FIVE_K, 855, on=date(2026, 10, 22))
    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)
    services.target_override(
        target=target_ms(session, athlete, 1), time_ms=176_000, note="windy", by=coach
    )

    services.session_move(session=session, on=OCT_27, by=coach)

    moved = target_ms(session, athlete, 1)
    assert (moved.effective_ms, moved.override_note, moved.time_ms) == (176_000, "windy", 171_000)


def test_moving_refuses_a_day_the_template_is_already_on(squad, coach):
    athlete = reference_athlete(squad, coach)
    template = template_of(squad, coach)
    session = prescribe(template, [athlete], coach, on=OCT_20)
    prescribe(template, [athlete], coach, on=OCT_27)

    with pytest.raises(WorkoutRuleError, match="already prescribed on 27 Oct 2026"):
        services.session_move(session=session, on=OCT_27, by=coach)

    session.refresh_from_db()
    assert session.date == OCT_20


def test_moving_refuses_a_session_already_run_and_a_date_out_of_bounds(squad, coach):
    athlete = reference_athlete(squad, coach)
    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)

    with pytest.raises(RuleError, match="check the year"):
        services.session_move(session=session, on=date(1990, 1, 1), by=coach)
    split(session, athlete, 1, 172_000, coach)
    with pytest.raises(WorkoutRuleError, match="Splits are in"):
        services.session_move(session=session, on=OCT_27, by=coach)

    session.refresh_from_db()
    assert session.date == OCT_20


def test_moving_to_the_same_date_twice_changes_nothing(squad, coach):
    athlete = reference_athlete(squad, coach)
    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)

    services.session_move(session=session, on=OCT_27, by=coach)
    services.session_move(session=session, on=OCT_27, by=coach)

    assert list(Session.objects.values_list("date", flat=True)) == [OCT_27]


def test_removing_a_session_with_splits_asks_for_their_count_then_takes_everything(squad, coach):
    athlete = reference_athlete(squad, coach)
    session = prescribe(template_of(squad, coach), [athlete], coach, on=OCT_20)
    split(session, athlete, 1, 172_000, coach)
    split(session, athlete, 1, 173_000, coach)  # a correction
    split(session, athlete, 2, 174_000, coach)
    services.report_save(
        assignment=Assignment.objects.get(session=session),
        rpe=7,
        note="ok",
        done=True,
        client_key=uuid.uuid4(),
        entered_by=coach,
    )

    with pytest.raises(WorkoutRuleError, match="2 splits will go"):
        services.session_remove(session=session)
    with pytest.raises(WorkoutRuleError, match="2 splits will go"):
        services.session_remove(session=session, splits_expected=1)  # one more came in
    assert Split.objects.count() == 3

    assert services.session_remove(session=session, splits_expected=2) == 2

    assert (Session.objects.count(), Split.objects.count(), RepTarget.objects.count()) == (0, 0, 0)
    assert SessionReport.objects.count() == 0
    assert Assignment.objects.count() == 0


def test_removing_a_session_with_no_splits_needs_no_confirmation(squad, coach):
    session = prescribe(template_of(squad, coach), [reference_athlete(squad, coach)], coach)

    assert services.session_remove(session=session) == 0
    assert not Session.objects.exists()


def test_copying_a_week_twice_adds_it_once(squad, coach):
    mateo = reference_athlete(squad, coach)
    ana = reference_athlete(squad, coach, name="Ana")
    breakdowns = template_of(squad, coach)
    tempo = template_of(squad, coach, name="Tempo")
    prescribe(breakdowns, [mateo, ana], coach, on=OCT_20)  # Tuesday
    prescribe(tempo, [mateo], coach, on=date(2026, 10, 22))  # Thursday

    first = services.sessions_copy_week(squad=squad, source=OCT_20, target=OCT_27, by=coach)
    again = services.sessions_copy_week(squad=squad, source=OCT_20, target=OCT_27, by=coach)

    assert [s.pk for s in first] == [s.pk for s in again]
    copied = Session.objects.filter(date__gte=OCT_27).order_by("date")
    assert [(s.name, s.date) for s in copied] == [
        ("1,000m Breakdowns", OCT_27),
        ("Tempo", date(2026, 10, 29)),
    ]
    assert Assignment.objects.filter(session__in=copied).count() == 3
    assert target_ms(copied[0], mateo, 1).time_ms == 174_000


def test_copying_a_week_is_all_or_nothing(squad, coach):
    athlete = reference_athlete(squad, coach)
    template = template_of(squad, coach)
    tempo = template_of(squad, coach, name="Tempo")
    prescribe(tempo, [athlete], coach, on=OCT_13)
    prescribe(template, [athlete], coach, on=date(2026, 10, 15))
    # The template is edited and already on the Thursday of the next week from the new version.
    services.template_update(
        template=template,
        name=template.name,
        content=services.TemplateContent(notation="4 x 400m @mile"),
        tags=[],
        by=coach,
    )
    prescribe(template, [athlete], coach, on=date(2026, 10, 22))
    before = Session.objects.count()

    with pytest.raises(WorkoutRuleError, match="earlier version"):
        services.sessions_copy_week(squad=squad, source=OCT_13, target=OCT_20, by=coach)

    assert Session.objects.count() == before  # Tempo was not copied either


def test_copying_an_empty_week_or_onto_itself_is_refused(squad, coach):
    prescribe(template_of(squad, coach), [reference_athlete(squad, coach)], coach, on=OCT_20)

    with pytest.raises(WorkoutRuleError, match="No sessions"):
        services.sessions_copy_week(squad=squad, source=OCT_4, target=OCT_27, by=coach)
    with pytest.raises(WorkoutRuleError, match="another week"):
        services.sessions_copy_week(squad=squad, source=OCT_20, target=OCT_20, by=coach)


@pytest.mark.parametrize("text", ["WU 15' / drills / CD 10'", "on grass"])
def test_a_template_with_no_rep_is_refused(text):
    with pytest.raises(WorkoutRuleError, match="no rep to run"):
        services.template_check(TemplateContent(notation=text))
