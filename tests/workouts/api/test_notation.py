"""/api/v1/notation/ answers exactly what `manage.py notation` prints, for the same input."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.api_matrix import ROLES, Case, check_case, matrix_params
from tests.factories import REFERENCE, REFERENCE_RULES

pytestmark = pytest.mark.django_db

MATRIX = [
    Case(
        "POST",
        "/api/v1/notation/",
        "/api/v1/notation/",
        {role: 200 for role in ROLES[1:]},
        body=lambda ids: {"notation": "2 x 1K @5K"},
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


VALID = [
    (REFERENCE, REFERENCE_RULES),
    (REFERENCE, ""),
    ("3 x 600m, 400m, 200m", ""),
    ("5 x 1000m, 3 x 300m", '90" between sets'),
    ("4 x 600m + 2 x (300m/200m/100m)", ""),
    ("3 Mile Tempo + 2 x 1200m, 4 x 200m", ""),
    ("4 x (1000m @ 5K / 200m @ 800)", "full recovery between blocks"),
    ("8 x 400m cutdown", "200m"),
    ("2 x 10' @ 10K w/ 2' jog", ""),
    ("6 x 400m @400+1s, 4 x 200m @mile-2%", "400m in 3'-4' after 400m"),
    ("  2 x 1K  ", ""),
    ("WU 15', drills / 3 x 1K @5K pace, 400m r / CD", ""),  # segments, a recovery item
    ("6 x 400 @ 64-62 / 5 x 3m", ""),  # two readings
]
INVALID = [
    ("400m /200m", ""),
    ("", ""),
    ("3 x 400 yds", ""),
    ("2 x (400m, 200m", ""),
    ("1000 x 400m", ""),
    ("2 x 1K", "after the end of time"),
    ("20", ""),
]


def command(text: str, rules: str) -> tuple[int, dict]:
    out = StringIO()
    args = [text, "--recovery", rules] if rules else [text]
    try:
        call_command("notation", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


@pytest.mark.parametrize(("text", "rules"), VALID + INVALID)
def test_the_endpoint_answers_what_the_command_prints(squad_world, api_as, text, rules):
    code, printed = command(text, rules)
    response = api_as(squad_world["me"].user).post(
        "/api/v1/notation/", {"notation": text, "recovery_rules": rules}, format="json"
    )
    assert response.json() == printed
    assert response.status_code == (200 if code == 0 else 400)


def test_the_lists_hold_what_they_say():
    assert all(command(text, rules)[0] == 0 for text, rules in VALID)
    assert all(command(text, rules)[0] == 1 for text, rules in INVALID)


def test_an_error_names_where_and_what_was_expected(squad_world, api_as):
    response = api_as(squad_world["coach"]).post(
        "/api/v1/notation/", {"notation": "400m /200m"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["position"], error["source"]) == (5, "notation")
    assert error["message"] and "expected" in error


def test_the_reference_session_reads_as_sixteen_reps(squad_world, api_as):
    response = api_as(squad_world["coach"]).post(
        "/api/v1/notation/",
        {"notation": REFERENCE, "recovery_rules": REFERENCE_RULES},
        format="json",
    )
    body = response.json()
    assert (body["rep_count"], body["total_distance_m"]) == (16, 8000.0)
    assert body["reps"][0]["recovery"]["text"] == "400m in 3'-4'"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"notation": None},
        {"notation": "2 x 1K\x00"},
        {"notation": 5},
        {"notation": ["a"]},
        {"notation": "2 x 1K", "recovery_rules": None},
    ],
)
def test_a_malformed_request_is_a_400_in_the_error_shape(squad_world, api_as, body):
    response = api_as(squad_world["coach"]).post("/api/v1/notation/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_a_huge_notation_is_refused_not_a_500(squad_world, api_as):
    response = api_as(squad_world["coach"]).post(
        "/api/v1/notation/", {"notation": "1K, " * 5000}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"]
