"""/api/v1/splits/: recording, correcting and removing splits through services.split_record
and split_remove, exactly as the split form does."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api_matrix import ROLES, Case, build_world, check_case, key, matrix_params, read
from tests.factories import REFERENCE_SPLITS_MS, AthleteFactory, prescribed, reference_zones
from workouts import services
from workouts.models import Split

pytestmark = pytest.mark.django_db


def new_split(assignment: str, rep: int = 2):
    return lambda ids: {
        "assignment": ids[assignment],
        "rep": rep,
        "time": "2:54",
        "client_key": key(),
    }


MATRIX = [
    read("/api/v1/splits/", "/api/v1/splits/", **{role: 200 for role in ROLES[1:]}),
    read("/api/v1/splits/{split}/", "/api/v1/splits/{id}/", athlete=200, coach=200, staff=200),
    read(
        "/api/v1/splits/{teammate_split}/",
        "/api/v1/splits/{id}/",
        teammate=200,
        coach=200,
        staff=200,
    ),
    read("/api/v1/splits/{other_split}/", "/api/v1/splits/{id}/", other_coach=200, staff=200),
    # Mateo's split: Mateo and his coach. Jonas (a teammate), another squad's coach and a
    # stranger cannot see the assignment: 404.
    Case(
        "POST",
        "/api/v1/splits/",
        "/api/v1/splits/",
        {"athlete": 201, "coach": 201, "staff": 201},
        body=new_split("assignment"),
    ),
    Case(
        "POST",
        "/api/v1/splits/",
        "/api/v1/splits/",
        {"teammate": 201, "coach": 201, "staff": 201},
        body=new_split("teammate_assignment"),
    ),
    Case(
        "POST",
        "/api/v1/splits/",
        "/api/v1/splits/",
        {"other_coach": 201, "staff": 201},
        body=new_split("other_assignment"),
    ),
    Case(
        "POST",
        "/api/v1/splits/{split}/remove/",
        "/api/v1/splits/{id}/remove/",
        {"athlete": 201, "coach": 201, "staff": 201},
        body=lambda ids: {"client_key": key()},
    ),
    Case(
        "POST",
        "/api/v1/splits/{other_split}/remove/",
        "/api/v1/splits/{id}/remove/",
        {"other_coach": 201, "staff": 201},
        body=lambda ids: {"client_key": key()},
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


def post(client: APIClient, data: dict):
    return client.post("/api/v1/splits/", data, format="json")


def test_a_typed_split_is_read_like_the_form_and_shown_as_a_coach_reads_it(api_world, api_as):
    client = api_as(api_world.users["athlete"])
    response = post(
        client,
        {
            "assignment": api_world.ids["assignment"],
            "rep": 3,
            "time": "1.15.1",
            "client_key": key(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["rep"], body["time_ms"], body["time"]) == (3, 75_100, "1:15.1")
    assert (body["removal"], body["replaces"], body["method"]) == (False, None, "typed")
    assert body["athlete"] == api_world.ids["athlete"]
    assert body["session"] == api_world.ids["session"]


def test_the_same_key_twice_is_one_split(api_world, api_as):
    client = api_as(api_world.users["athlete"])
    data = {
        "assignment": api_world.ids["assignment"],
        "rep": 2,
        "time_ms": 174_000,
        "client_key": key(),
    }
    first, again = post(client, data), post(client, data)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Split.objects.filter(assignment_id=api_world.ids["assignment"], rep__n=2).count() == 1


def test_a_correction_keeps_the_earlier_time_in_the_history(api_world, api_as):
    client = api_as(api_world.users["athlete"])
    first = api_world.objects["split"]
    corrected = post(
        client,
        {
            "assignment": api_world.ids["assignment"],
            "rep": 1,
            "time": "2:53.4",
            "client_key": key(),
        },
    )
    assert corrected.status_code == 201
    assert corrected.json()["replaces"] == first.pk

    session = api_world.ids["session"]
    standing = client.get(f"/api/v1/splits/?session={session}").json()["results"]
    assert [(s["rep"], s["time"]) for s in standing] == [(1, "2:53.4")]
    history = client.get(f"/api/v1/splits/?session={session}&history=true").json()["results"]
    assert [(s["time_ms"], s["replaces"]) for s in history] == [
        (172_000, None),
        (173_400, first.pk),
    ]
    # The earlier entry still answers on its own.
    assert client.get(f"/api/v1/splits/{first.pk}/").json()["time"] == "2:52.0"


def test_a_removal_is_an_entry_with_no_time(api_world, api_as):
    client = api_as(api_world.users["coach"])
    split = api_world.objects["split"]
    data = {"client_key": key()}
    removed = client.post(f"/api/v1/splits/{split.pk}/remove/", data, format="json")
    again = client.post(f"/api/v1/splits/{split.pk}/remove/", data, format="json")
    assert (removed.status_code, again.status_code) == (201, 200)
    body = removed.json()
    assert (body["removal"], body["time_ms"], body["time"], body["replaces"]) == (
        True,
        None,
        None,
        split.pk,
    )
    assert again.json()["id"] == body["id"]
    session = api_world.ids["session"]
    athlete = api_world.ids["athlete"]
    assert client.get(f"/api/v1/splits/?session={session}&athlete={athlete}").json()["count"] == 0
    history = client.get(f"/api/v1/splits/?athlete={athlete}&history=true").json()["results"]
    assert [entry["removal"] for entry in history] == [False, True]


def test_an_implausible_time_is_refused_until_confirmed(api_world, api_as):
    client = api_as(api_world.users["athlete"])
    data = {
        "assignment": api_world.ids["assignment"],
        "rep": 2,
        "time": "1:40",
        "client_key": key(),
    }
    refused = post(client, data)
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["needs_confirmation"] is True and error["field"] == "time"
    assert "1:40.0 for 1K" in error["message"] and "Confirm" in error["message"]
    assert not Split.objects.filter(client_key=data["client_key"]).exists()

    accepted = post(client, {**data, "confirmed": True})
    assert accepted.status_code == 201
    assert (accepted.json()["time_ms"], accepted.json()["confirmed"]) == (100_000, True)


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("2.52", "2:52.0"), ("43.926.4", None), ("5012", "50.12"), ("abc", None)],
)
def test_a_time_that_cannot_be_read_for_sure_says_why_and_what_it_might_be(
    api_world, api_as, typed, suggestion
):
    response = post(
        api_as(api_world.users["athlete"]),
        {"assignment": api_world.ids["assignment"], "rep": 2, "time": typed, "client_key": key()},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "time" and error["message"]
    assert error.get("suggestion") == suggestion
    assert Split.objects.count() == 3  # the world's three, nothing more


@pytest.mark.parametrize(
    "change",
    [
        {"rep": 17},
        {"rep": 0},
        {"rep": 10**30},
        {"time": "2:54", "time_ms": 174_000},
        {"time": None},
        {"time_ms": 0},
        {"time_ms": -5},
        {"time_ms": 10**30},
        {"time_ms": 1.5},
        {"time": "2:54\x00"},
        {"time": "1" * 5000},
        {"client_key": "not-a-key"},
        {"client_key": None},
        {"assignment": "x"},
        {"assignment": 10**30},
    ],
)
def test_bad_input_is_a_400_and_records_nothing(api_world, api_as, change):
    data = {"assignment": api_world.ids["assignment"], "rep": 2, "client_key": key(), **change}
    if "time" not in change and "time_ms" not in change:
        data["time"] = "2:54"
    data = {k: v for k, v in data.items() if v is not None or k != "time"}
    response = post(api_as(api_world.users["athlete"]), data)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["message"]
    assert Split.objects.count() == 3


def test_a_key_used_for_another_rep_is_refused(api_world, api_as):
    client = api_as(api_world.users["athlete"])
    used = str(api_world.objects["split"].client_key)
    response = post(
        client,
        {"assignment": api_world.ids["assignment"], "rep": 2, "time": "2:54", "client_key": used},
    )
    assert response.status_code == 400
    assert "already used" in response.json()["error"]["message"]


def test_a_teammate_who_can_see_may_still_not_write(api_world, api_as):
    """In a squad that shares results Jonas sees Mateo's assignment: 403, never a split."""
    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    client = api_as(api_world.users["teammate"])
    response = post(client, new_split("assignment")(api_world.ids))
    assert response.status_code == 403
    split = api_world.objects["split"]
    assert client.get(f"/api/v1/splits/{split.pk}/").status_code == 200
    removed = client.post(
        f"/api/v1/splits/{split.pk}/remove/", {"client_key": key()}, format="json"
    )
    assert removed.status_code == 403
    assert Split.objects.count() == 3


def test_filters(api_world, api_as):
    coach = api_world.users["coach"]
    mateo = api_world.objects["athlete"]
    today = timezone.localdate()
    old = prescribed(athletes=[mateo], coach=coach, name="Old", on=today - timedelta(days=300))
    assignment = old.assignments.get()
    services.split_record(
        assignment=assignment,
        rep=old.reps.get(n=1),
        time_ms=173_000,
        client_key=uuid.uuid4(),
        entered_by=coach,
    )
    staff = api_as(api_world.users["staff"])

    def dates(query: str) -> list[tuple[str, str]]:
        response = staff.get(f"/api/v1/splits/?{query}")
        assert response.status_code == 200, response.content
        return [(row["athlete_name"], row["date"]) for row in response.json()["results"]]

    now, then = str(today), str(old.date)
    assert dates(f"athlete={mateo.pk}") == [("Mateo", now), ("Mateo", then)]
    assert dates(f"session={old.pk}") == [("Mateo", then)]
    assert dates(f"squad={api_world.ids['squad']}") == [
        ("Jonas", now),
        ("Mateo", now),
        ("Mateo", then),
    ]
    assert dates(f"season={api_world.ids['season']}") == [("Jonas", now), ("Mateo", now)]
    assert dates(f"to={today - timedelta(1)}") == [("Mateo", then)]
    assert dates(f"from={today}&squad={api_world.ids['other_squad']}") == [("Rival", now)]
    for bad in ["from=2026-13-01", "session=abc", f"squad={10**30}"]:
        assert staff.get(f"/api/v1/splits/?{bad}").status_code == 400, bad
    coach_client = api_as(coach)
    assert coach_client.get(f"/api/v1/splits/?athlete={api_world.ids['rival']}").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize("sessions", [2, 20])
def test_the_list_takes_the_same_queries_at_any_size(
    api_world, api_as, sessions, django_assert_max_num_queries
):
    coach = api_world.users["coach"]
    squad = api_world.objects["squad"]
    athletes = [api_world.objects["athlete"]]
    for n in range(sessions // 4):
        extra = AthleteFactory(squad=squad, name=f"Extra {n}")
        reference_zones(extra, coach)
        athletes.append(extra)
    today = timezone.localdate()
    for n in range(1, sessions):
        session = prescribed(
            athletes=athletes, coach=coach, on=today - timedelta(days=n), notation="4 x 1K"
        )
        for assignment in session.assignments.all():
            for rep in session.reps.all():
                split = services.split_record(
                    assignment=assignment,
                    rep=rep,
                    time_ms=REFERENCE_SPLITS_MS[0],
                    client_key=uuid.uuid4(),
                    entered_by=coach,
                )
                services.split_record(  # a correction: two entries per rep
                    assignment=assignment,
                    rep=rep,
                    time_ms=split.time_ms + 500,
                    client_key=uuid.uuid4(),
                    entered_by=coach,
                )
    client = api_as(coach)
    for query in ["page_size=500", "page_size=500&history=true"]:
        with django_assert_max_num_queries(5):
            response = client.get(f"/api/v1/splits/?{query}")
        assert response.status_code == 200
    assert response.json()["count"] > sessions


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_at_once_makes_one_split(at_once):
    world = build_world()
    data = json.dumps(
        {"assignment": world.ids["assignment"], "rep": 5, "time": "28.9", "client_key": key()}
    )
    clients = [world.client("athlete") for _ in range(8)]

    answers = at_once(
        8,
        lambda i: clients[i].post("/api/v1/splits/", data, content_type="application/json"),
    )

    assert all(not isinstance(answer, Exception) for answer in answers), answers
    assert {answer.status_code for answer in answers} <= {200, 201}
    assert 201 in {answer.status_code for answer in answers}
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert Split.objects.filter(assignment_id=world.ids["assignment"], rep__n=5).count() == 1
