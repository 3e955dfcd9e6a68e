"""The same write many times at once (a double tap, a retry racing the first request, twenty
tabs): no server error, no duplicate. PostgreSQL only, where rows are really locked."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from athletes import services as athlete_services
from athletes.errors import RuleError
from athletes.models import RaceResult
from workouts import services
from workouts.models import SessionTemplate

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]
WRITERS = 20


def clients_of(user, n: int) -> list[Client]:
    clients = [Client() for _ in range(n)]
    for client in clients:
        client.force_login(user)
    return clients


def a_template(world, name="Breakdowns") -> SessionTemplate:
    return services.template_create(
        squad=world["squad"],
        name=name,
        content=services.TemplateContent("2 x 1K"),
        tags=[],
        created_by=world["coach"],
    )


def test_twenty_new_templates_with_one_name_make_one_and_tell_the_rest(squad_world, at_once):
    squad = squad_world["squad"]
    url = reverse("workouts:template_new", args=[squad.pk])
    clients = clients_of(squad_world["coach"], WRITERS)

    def post(i):
        data = {"name": "Breakdowns", "notation": "2 x 1K", "client_key": str(uuid.uuid4())}
        return clients[i].post(url, data)

    answers = at_once(WRITERS, post)

    statuses = sorted(response.status_code for response in answers)
    assert statuses == [302] + [422] * (WRITERS - 1)
    refused = [r for r in answers if r.status_code == 422]
    assert all("already a template called" in r.content.decode() for r in refused)
    assert SessionTemplate.objects.filter(squad=squad).count() == 1


def test_twenty_duplicates_with_one_key_make_one_copy(squad_world, at_once):
    template = a_template(squad_world)
    url = reverse("workouts:template_duplicate", args=[template.pk])
    clients = clients_of(squad_world["coach"], WRITERS)
    key = str(uuid.uuid4())

    answers = at_once(WRITERS, lambda i: clients[i].post(url, {"client_key": key}))

    assert {response.status_code for response in answers} == {302}
    assert SessionTemplate.objects.count() == 2
    assert len({response["Location"] for response in answers}) == 1


def test_twenty_duplicates_with_their_own_keys_make_twenty_named_copies(squad_world, at_once):
    template = a_template(squad_world)

    copies = at_once(
        WRITERS,
        lambda i: services.template_duplicate(
            template=template, by=squad_world["coach"], client_key=uuid.uuid4()
        ),
    )

    assert all(isinstance(copy, SessionTemplate) for copy in copies), copies
    assert len({copy.name for copy in copies}) == WRITERS


def test_one_key_sent_for_two_athletes_at_once_records_one_race(squad_world, at_once):
    key, coach = uuid.uuid4(), squad_world["coach"]
    athletes = [squad_world["me"], squad_world["rival"]]

    outcomes = at_once(
        2,
        lambda i: athlete_services.race_result_record(
            athlete=athletes[i],
            distance_m=Decimal(5000),
            time_ms=870_000,
            on=date(2026, 11, 1),
            recorded_by=coach,
            client_key=key,
        ),
    )

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["RaceResult", "RuleError"]
    assert all(isinstance(o, RaceResult | RuleError) for o in outcomes)
    assert RaceResult.objects.count() == 1


def test_twenty_retries_of_one_split_make_one_split(squad_world, at_once):
    coach, me = squad_world["coach"], squad_world["me"]
    template = a_template(squad_world, name="1Ks")
    session = services.session_prescribe(
        version=template.versions.get(), on=date(2026, 11, 1), athletes=[me], by=coach
    )
    assignment, rep, key = session.assignments.get(), session.reps.get(n=1), uuid.uuid4()

    splits = at_once(
        WRITERS,
        lambda i: services.split_record(
            assignment=assignment, rep=rep, time_ms=172_000, client_key=key, entered_by=coach
        ),
    )

    assert len({split.pk for split in splits}) == 1, splits
