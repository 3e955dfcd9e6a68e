"""GET /api/v1/sessions/{id}/workout.fit: one athlete's session as a FIT workout, read back
with the SDK's decoder; who gets whose file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_matrix import Case, check_case, matrix_params
from tests.factories import prescribed
from tests.workouts.fit_reading import decoded, expanded_steps, work_reps

pytestmark = pytest.mark.django_db

FIT = "/api/v1/sessions/{id}/workout.fit"


def fit(path: str, query: dict | None = None, **expect: int) -> Case:
    return Case("GET", path, FIT, expect, query=query or {})


MATRIX = [
    # No athlete named: your own file; a coach (not in the session) is asked to name one.
    fit("/api/v1/sessions/{session}/workout.fit", athlete=200, teammate=200, coach=400, staff=400),
    # Mateo's file: Mateo, his coach and staff; never his teammate.
    fit(
        "/api/v1/sessions/{session}/workout.fit",
        {"athlete": "{athlete}"},
        athlete=200,
        coach=200,
        staff=200,
    ),
    # Another squad's athlete in another squad's session: their coach and staff.
    fit(
        "/api/v1/sessions/{other_session}/workout.fit",
        {"athlete": "{rival}"},
        other_coach=200,
        staff=200,
    ),
    # An athlete who is not in the session: nobody.
    fit("/api/v1/sessions/{session}/workout.fit", {"athlete": "{rival}"}),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


def url(world, session="session", **query) -> str:
    path = f"/api/v1/sessions/{world.ids[session]}/workout.fit"
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_athlete_gets_their_own_session_as_a_fit_workout(api_world, api_as):
    response = api_as(api_world.users["athlete"]).get(url(api_world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ant.fit"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('-1000m-breakdowns-mateo.fit"')
    messages = decoded(response.content)
    assert (messages["workout_mesgs"][0]["wkt_name"], messages["workout_mesgs"][0]["sport"]) == (
        "1,000m Breakdowns",
        "running",
    )
    reps = work_reps(messages["workout_step_mesgs"])
    assert [rep.distance_m for rep in reps] == [
        1000, 1000, 500, 300, 200, 1000, 500, 300, 200, 500, 300, 200, 1000, 500, 300, 200,
    ]  # fmt: skip
    fastest, slowest = reps[0].time_range_s(1000)
    assert fastest < 174.0 < slowest
    ran = expanded_steps(messages["workout_step_mesgs"])
    assert (ran[1].kind, ran[1].distance_m, ran[1].name) == ("recovery", 400, "r 400m in 3'-4'")
    repeats = [
        step
        for step in messages["workout_step_mesgs"]
        if step["duration_type"] == "repeat_until_steps_cmplt"
    ]
    assert [step["repeat_steps"] for step in repeats] == [2, 2]


def test_the_coach_names_the_athlete_and_gets_their_targets(api_world, api_as):
    coach = api_as(api_world.users["coach"])
    mateo = coach.get(url(api_world, athlete=api_world.ids["athlete"]))
    jonas = coach.get(url(api_world, athlete=api_world.ids["teammate"]))
    assert mateo.status_code == jonas.status_code == 200
    assert mateo["Content-Disposition"].endswith('mateo.fit"')
    assert jonas["Content-Disposition"].endswith('jonas.fit"')
    assert len(work_reps(decoded(jonas.content)["workout_step_mesgs"])) == 16


def test_a_coach_who_names_nobody_is_told_how(api_world, api_as):
    response = api_as(api_world.users["coach"]).get(url(api_world))
    assert response.status_code == 400
    assert "athlete" in response.json()["error"]["message"]


@pytest.mark.parametrize("value", ["abc", "0", "-3", "99999999999", "1.5"])
def test_a_bad_athlete_id_is_refused(api_world, api_as, value):
    response = api_as(api_world.users["coach"]).get(url(api_world, athlete=value))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_errors_are_json_whatever_the_client_accepts(api_world, api_as):
    client = api_as(api_world.users["teammate"])
    response = client.get(
        url(api_world, athlete=api_world.ids["athlete"]), HTTP_ACCEPT="application/vnd.ant.fit"
    )
    assert response.status_code == 404
    assert response.json()["error"]["message"]
    ok = api_as(api_world.users["athlete"]).get(url(api_world), HTTP_ACCEPT="application/json")
    assert ok.status_code == 200 and ok["Content-Type"] == "application/vnd.ant.fit"


def test_the_download_costs_the_same_queries_whatever_the_session(api_world, api_as):
    client = api_as(api_world.users["athlete"])
    with CaptureQueriesContext(connection) as reference:
        assert client.get(url(api_world)).status_code == 200
    small = prescribed(
        athletes=[api_world.objects["athlete"]],
        coach=api_world.users["coach"],
        notation="1K",
        rules="",
    )
    path = f"/api/v1/sessions/{small.pk}/workout.fit"
    with CaptureQueriesContext(connection) as tiny:
        assert client.get(path).status_code == 200
    assert len(tiny) == len(reference) <= 8


def test_the_schema_documents_the_file(api_world, api_as):
    schema = api_as(api_world.users["coach"]).get("/api/schema/?format=json").json()
    operation = schema["paths"][FIT]["get"]
    content = operation["responses"]["200"]["content"]
    assert content["application/vnd.ant.fit"]["schema"] == {"type": "string", "format": "binary"}
    assert {"400", "401", "404"} <= set(operation["responses"])
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["athlete"]
