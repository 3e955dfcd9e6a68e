"""A client key makes a write idempotent for the one entry it was made for. Used for anything
else (another athlete, another squad, another rep), it is refused with one message that says
nothing about what it was used for, and nothing is written."""

import uuid
from datetime import date
from decimal import Decimal

import pytest

from athletes import client_keys
from athletes import services as athlete_services
from athletes.errors import RuleError
from athletes.models import RaceResult, ZoneEntry
from workouts import services
from workouts.models import SessionTemplate, Split

RACE_DAY = date(2026, 11, 1)


def race(athlete, coach, key, time_ms=870_000):
    return athlete_services.race_result_record(
        athlete=athlete,
        distance_m=Decimal(5000),
        time_ms=time_ms,
        on=RACE_DAY,
        recorded_by=coach,
        client_key=key,
    )


def zone(athlete, coach, key):
    return athlete_services.zone_set(
        athlete=athlete,
        distance_m=Decimal(800),
        time_ms=125_000,
        on=RACE_DAY,
        recorded_by=coach,
        client_key=key,
    )


def refused_quietly(write) -> None:
    with pytest.raises(RuleError) as refusal:
        write()
    assert refusal.value.message == client_keys.KEY_USED_ELSEWHERE


def test_a_race_key_used_for_another_squads_athlete_is_refused(squad_world):
    key = uuid.uuid4()
    race(squad_world["rival"], squad_world["other_coach"], key)
    before = RaceResult.objects.count(), ZoneEntry.objects.count()

    refused_quietly(lambda: race(squad_world["me"], squad_world["coach"], key))

    assert (RaceResult.objects.count(), ZoneEntry.objects.count()) == before
    assert not RaceResult.objects.filter(athlete=squad_world["me"]).exists()


def test_a_race_replayed_for_the_same_athlete_is_the_first_race(squad_world):
    key = uuid.uuid4()
    first = race(squad_world["me"], squad_world["coach"], key)
    assert race(squad_world["me"], squad_world["coach"], key, time_ms=880_000) == first
    assert RaceResult.objects.count() == 1


def test_a_zone_key_used_for_a_teammate_or_a_race_is_refused(squad_world):
    key = uuid.uuid4()
    zone(squad_world["teammate"], squad_world["coach"], key)
    refused_quietly(lambda: zone(squad_world["me"], squad_world["coach"], key))
    assert not ZoneEntry.objects.filter(athlete=squad_world["me"]).exists()


def test_a_correction_key_used_to_set_a_zone_is_refused(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    entry = zone(me, coach, uuid.uuid4())
    key = uuid.uuid4()
    athlete_services.zone_correct(
        entry=entry, time_ms=124_000, note="typo", recorded_by=coach, client_key=key
    )
    refused_quietly(lambda: zone(me, coach, key))
    assert ZoneEntry.objects.filter(athlete=me).count() == 2


def test_a_correction_key_used_for_another_entry_is_refused(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    first, second = zone(me, coach, uuid.uuid4()), zone(me, coach, uuid.uuid4())
    key = uuid.uuid4()
    athlete_services.zone_correct(
        entry=first, time_ms=124_000, note="typo", recorded_by=coach, client_key=key
    )
    refused_quietly(
        lambda: athlete_services.zone_correct(
            entry=second, time_ms=124_000, note="typo", recorded_by=coach, client_key=key
        )
    )
    assert not ZoneEntry.objects.filter(corrects=second).exists()


@pytest.fixture
def two_sessions(squad_world):
    """The same session prescribed in both squads, each athlete in their own."""
    sessions = []
    for squad, coach, athlete in [
        (squad_world["squad"], squad_world["coach"], squad_world["me"]),
        (squad_world["other_squad"], squad_world["other_coach"], squad_world["rival"]),
    ]:
        template = services.template_create(
            squad=squad,
            name="1Ks",
            content=services.TemplateContent("2 x 1K"),
            tags=[],
            created_by=coach,
        )
        sessions.append(
            services.session_prescribe(
                version=template.versions.get(), on=RACE_DAY, athletes=[athlete], by=coach
            )
        )
    return sessions


def split(session, rep_n, key, by=None, time_ms=172_000):
    return services.split_record(
        assignment=session.assignments.get(),
        rep=session.reps.get(n=rep_n),
        time_ms=time_ms,
        client_key=key,
        entered_by=by,
    )


def test_a_split_key_used_in_another_squad_or_for_another_rep_is_refused(two_sessions):
    mine, theirs = two_sessions
    key = uuid.uuid4()
    split(theirs, 1, key)

    refused_quietly(lambda: split(mine, 1, key))
    first = split(mine, 1, uuid.uuid4())
    refused_quietly(lambda: split(mine, 2, first.client_key))

    assert Split.objects.filter(assignment__session=mine).count() == 1
    assert split(mine, 1, first.client_key, time_ms=999_000) == first


def test_a_template_key_replays_within_the_squad_and_is_refused_elsewhere(squad_world):
    key = uuid.uuid4()

    def create(squad, coach, name):
        return services.template_create(
            squad=squad,
            name=name,
            content=services.TemplateContent("2 x 1K"),
            tags=[],
            created_by=coach,
            client_key=key,
        )

    first = create(squad_world["squad"], squad_world["coach"], "1Ks")
    assert create(squad_world["squad"], squad_world["coach"], "1Ks") == first
    refused_quietly(lambda: create(squad_world["other_squad"], squad_world["other_coach"], "x"))
    assert SessionTemplate.objects.count() == 1
    assert first.versions.count() == 1


def test_duplicating_twice_with_one_key_makes_one_copy(squad_world):
    template = services.template_create(
        squad=squad_world["squad"],
        name="1Ks",
        content=services.TemplateContent("2 x 1K"),
        tags=["speed"],
        created_by=squad_world["coach"],
    )
    key = uuid.uuid4()
    copies = {
        services.template_duplicate(template=template, by=squad_world["coach"], client_key=key)
        for _ in range(3)
    }
    assert len(copies) == 1
    assert SessionTemplate.objects.count() == 2


def test_demo_keys_are_stable_but_cannot_be_guessed_without_the_secret(settings):
    from coaching import demo

    settings.SECRET_KEY = "one secret"
    first = demo._key("mateo", "race", 7)
    assert demo._key("mateo", "race", 7) == first  # loading the demo twice adds nothing
    settings.SECRET_KEY = "another secret"
    assert demo._key("mateo", "race", 7) != first
    assert first != uuid.uuid5(uuid.NAMESPACE_URL, "breakdown-demo:mateo:race:7")
