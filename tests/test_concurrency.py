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
from tests.factories import REFERENCE_LINES, REFERENCE_SPLITS_MS, prescribed
from workouts import selectors, services
from workouts.models import SessionTemplate, Split

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


# ---------------------------------------------------------------- splits from the track

TAPS = 10


@pytest.fixture
def my_session(squad_world):
    """The reference session, today, for "me"."""
    session = prescribed(athletes=[squad_world["me"]], coach=squad_world["coach"])
    return session.assignments.get()


def test_ten_taps_of_one_split_at_once_make_one_split(squad_world, my_session, at_once):
    url = reverse("workouts:split_save", args=[my_session.pk])
    clients = clients_of(squad_world["me"].user, TAPS)
    data = {"rep": "1", "time": "2:52", "client_key": str(uuid.uuid4())}

    answers = at_once(TAPS, lambda i: clients[i].post(url, data, headers={"HX-Request": "true"}))

    assert [response.status_code for response in answers] == [200] * TAPS, answers
    assert all("2:52.0" in response.content.decode() for response in answers)
    assert list(Split.objects.values_list("rep__n", "time_ms")) == [(1, 172_000)]


def test_ten_times_for_one_rep_at_once_make_one_chain_of_corrections(
    squad_world, my_session, at_once
):
    """Ten devices, ten keys, ten times: each replaces the one before it; one stands."""
    rep, me = my_session.session.reps.get(n=1), squad_world["me"].user

    splits = at_once(
        TAPS,
        lambda i: services.split_record(
            assignment=my_session,
            rep=rep,
            time_ms=172_000 + i * 100,
            client_key=uuid.uuid4(),
            entered_by=me,
        ),
    )

    assert all(isinstance(split, Split) for split in splits), splits
    cell = selectors.athlete_cell(assignment=my_session, rep=rep)
    assert len(cell.history) == TAPS  # one chain through every split: none left aside
    assert {entry.time_ms for entry in cell.history} == {172_000 + i * 100 for i in range(TAPS)}
    standing = Split.objects.filter(assignment=my_session, rep=rep, replaced_by__isnull=True)
    assert list(standing) == [cell.split] == [cell.history[-1]]


def test_a_removal_racing_corrections_leaves_one_chain(squad_world, my_session, at_once):
    rep, me = my_session.session.reps.get(n=1), squad_world["me"].user
    services.split_record(
        assignment=my_session, rep=rep, time_ms=172_000, client_key=uuid.uuid4(), entered_by=me
    )

    def one(i):
        key = uuid.uuid4()
        if i % 2:
            return services.split_remove(
                assignment=my_session, rep=rep, client_key=key, entered_by=me
            )
        return services.split_record(
            assignment=my_session, rep=rep, time_ms=173_000 + i * 100, client_key=key, entered_by=me
        )

    outcomes = at_once(TAPS, one)

    assert not any(isinstance(outcome, Exception) for outcome in outcomes), outcomes
    cell = selectors.athlete_cell(assignment=my_session, rep=rep)
    assert len(cell.history) == Split.objects.count()
    assert Split.objects.filter(replaced_by__isnull=True).count() == 1


def test_the_same_paste_saved_twice_at_once_saves_sixteen_splits(squad_world, my_session, at_once):
    url = reverse("workouts:splits_paste", args=[my_session.pk])
    clients = clients_of(squad_world["me"].user, 2)
    key = str(uuid.uuid4())
    times = {f"time_{n}": f"{ms / 1000}" for n, ms in enumerate(REFERENCE_SPLITS_MS, start=1)}
    data = {
        "text": REFERENCE_LINES,
        "client_key": key,
        "save": "1",
        **times,
        "accept_15": "on",
        "accept_16": "on",
    }

    answers = at_once(2, lambda i: clients[i].post(url, data))

    assert [response.status_code for response in answers] == [302, 302], answers
    assert Split.objects.count() == 16
    assert sorted(Split.objects.values_list("time_ms", flat=True)) == sorted(REFERENCE_SPLITS_MS)
