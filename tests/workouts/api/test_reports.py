"""/api/v1/reports/: effort, note and done, saved through services.report_save."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api_matrix import ROLES, Case, check_case, key, matrix_params, read
from tests.factories import AthleteFactory, prescribed, reference_zones
from workouts import services
from workouts.models import SessionReport

pytestmark = pytest.mark.django_db


def new_report(assignment: str):
    return lambda ids: {
        "assignment": ids[assignment],
        "rpe": 9,
        "note": "Hard.",
        "done": True,
        "client_key": key(),
    }


MATRIX = [
    read("/api/v1/reports/", "/api/v1/reports/", **{role: 200 for role in ROLES[1:]}),
    Case(
        "POST",
        "/api/v1/reports/",
        "/api/v1/reports/",
        {"athlete": 201, "coach": 201, "staff": 201},
        body=new_report("assignment"),
    ),
    Case(
        "POST",
        "/api/v1/reports/",
        "/api/v1/reports/",
        {"other_coach": 201, "staff": 201},
        body=new_report("other_assignment"),
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


def test_each_user_lists_the_reports_they_may_see(api_world, api_as):
    def athletes(role: str) -> list[str]:
        results = api_as(api_world.users[role]).get("/api/v1/reports/").json()["results"]
        return [row["athlete_name"] for row in results]

    assert athletes("athlete") == ["Mateo"]
    assert athletes("teammate") == ["Jonas"]
    assert athletes("coach") == ["Jonas", "Mateo"]
    assert athletes("other_coach") == ["Rival"]
    assert athletes("nobody") == []


def test_a_new_report_stands_and_the_earlier_one_stays(api_world, api_as):
    client = api_as(api_world.users["athlete"])
    data = new_report("assignment")(api_world.ids)
    first, again = (client.post("/api/v1/reports/", data, format="json") for _ in range(2))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    body = first.json()
    assert (body["rpe"], body["note"], body["done"]) == (9, "Hard.", True)
    # What already stands, under a new key, changes nothing.
    same = client.post("/api/v1/reports/", {**data, "client_key": key()}, format="json")
    assert same.status_code == 200 and same.json()["id"] == body["id"]

    athlete = api_world.ids["athlete"]
    standing = client.get(f"/api/v1/reports/?athlete={athlete}").json()["results"]
    assert [row["rpe"] for row in standing] == [9]
    history = client.get(f"/api/v1/reports/?athlete={athlete}&history=true").json()["results"]
    assert [row["rpe"] for row in history] == [9, 7]


def test_a_teammate_who_can_see_may_still_not_write(api_world, api_as):
    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    client = api_as(api_world.users["teammate"])
    response = client.post(
        "/api/v1/reports/", new_report("assignment")(api_world.ids), format="json"
    )
    assert response.status_code == 403
    assert SessionReport.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rpe": 11}, "rpe"),
        ({"rpe": 0}, "rpe"),
        ({"rpe": 10**30}, "rpe"),
        ({"note": "n" * 5000}, "note"),
        ({"note": "a\x00b"}, None),
        ({"done": "perhaps"}, None),
        ({"client_key": "nope"}, None),
        ({"assignment": -1}, None),
    ],
)
def test_bad_input_is_a_400_and_saves_nothing(api_world, api_as, change, field):
    data = {**new_report("assignment")(api_world.ids), **change}
    response = api_as(api_world.users["athlete"]).post("/api/v1/reports/", data, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["message"]
    if field:
        assert error["field"] == field
    assert SessionReport.objects.count() == 3


def test_filters(api_world, api_as):
    coach = api_world.users["coach"]
    mateo = api_world.objects["athlete"]
    today = timezone.localdate()
    old = prescribed(athletes=[mateo], coach=coach, name="Old", on=today - timedelta(days=300))
    services.report_save(
        assignment=old.assignments.get(),
        rpe=5,
        note="",
        done=True,
        client_key=uuid.uuid4(),
        entered_by=coach,
    )
    client = api_as(coach)

    def rows(query: str) -> list[tuple[str, int]]:
        response = client.get(f"/api/v1/reports/?{query}")
        assert response.status_code == 200, response.content
        return [(row["athlete_name"], row["rpe"]) for row in response.json()["results"]]

    assert rows(f"athlete={mateo.pk}") == [("Mateo", 7), ("Mateo", 5)]
    assert rows(f"session={old.pk}") == [("Mateo", 5)]
    assert rows(f"season={api_world.ids['season']}") == [("Jonas", 7), ("Mateo", 7)]
    assert rows(f"from={today}") == [("Jonas", 7), ("Mateo", 7)]
    assert rows(f"to={today - timedelta(1)}") == [("Mateo", 5)]
    assert rows(f"squad={api_world.ids['other_squad']}") == []
    assert client.get("/api/v1/reports/?to=someday").status_code == 400


@pytest.mark.parametrize("athletes", [2, 20])
def test_the_list_takes_the_same_queries_at_any_size(
    api_world, api_as, athletes, django_assert_max_num_queries
):
    coach = api_world.users["coach"]
    squad = api_world.objects["squad"]
    roster = []
    for n in range(athletes):
        extra = AthleteFactory(squad=squad, name=f"Extra {n}")
        reference_zones(extra, coach)
        roster.append(extra)
    session = prescribed(
        athletes=roster, coach=coach, notation="2 x 1K", on=timezone.localdate() - timedelta(1)
    )
    for assignment in session.assignments.all():
        for rpe in (6, 8):
            services.report_save(
                assignment=assignment,
                rpe=rpe,
                note="",
                done=True,
                client_key=uuid.uuid4(),
                entered_by=coach,
            )
    client = api_as(coach)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/reports/?page_size=500")
    assert response.json()["count"] == athletes + 2
    with django_assert_max_num_queries(5):
        client.get("/api/v1/reports/?page_size=500&history=true")
