"""The API's permission matrix: every endpoint and method, asked by every role.

Each API test module that owns endpoints declares `MATRIX`, a list of `Case`s, and runs them
with `matrix_params(MATRIX)` + `check_case`. tests/coaching/test_api_coverage.py
checks that every path and method of the OpenAPI schema appears in some module's MATRIX.

Roles: "anonymous" (no credentials), "athlete" (Mateo, in Home), "teammate" (Jonas, in
Home), "coach" (Home's coach), "other_coach" (Away's coach), "staff", "nobody" (a login
with no squad). Home does not share results unless a case's world says so.
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    REFERENCE_SPLITS_MS,
    AthleteFactory,
    RaceResultFactory,
    SeasonFactory,
    SquadFactory,
    UserFactory,
    prescribed,
    reference_zones,
)
from workouts import services as workout_services

ROLES = ("anonymous", "athlete", "teammate", "coach", "other_coach", "staff", "nobody")
SCHEMA_PLACEHOLDER = "{id}"


@dataclass(frozen=True)
class Case:
    """`path` holds placeholders named after the world's ids ("/api/v1/athletes/{athlete}/");
    `schema_path` is the same route as the schema writes it ("/api/v1/athletes/{id}/").
    `body(ids)` makes a fresh JSON body per request (new client keys). `expect` maps each role
    to the status it must get; a role left out expects `default`."""

    method: str
    path: str
    schema_path: str
    expect: dict[str, int]
    default: int = 404
    body: Callable[[dict], dict] | None = None
    query: dict = field(default_factory=dict)

    def status_for(self, role: str) -> int:
        if role == "anonymous":
            return self.expect.get(role, 401)
        return self.expect.get(role, self.default)


def read(path: str, schema_path: str, **expect: int) -> Case:
    return Case("GET", path, schema_path, expect)


def key() -> str:
    return str(uuid.uuid4())


def matrix_params(matrix: list[Case]):
    return [
        pytest.param(case, role, id=f"{case.method} {case.path} as {role}")
        for case in matrix
        for role in ROLES
    ]


@dataclass
class World:
    users: dict
    ids: dict
    objects: dict

    def client(self, role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def build_world() -> World:
    """Two squads. Home: a coach, Mateo (with a login, the reference zones and the reference
    session prescribed today, one split (rep 1), one report and a race) and Jonas (a teammate
    with the same). Away: its coach and Rival, with a session, split and report of their
    own."""
    coach, other_coach = UserFactory(username="coach"), UserFactory(username="other_coach")
    home = SquadFactory(name="Home", coaches=[coach])
    away = SquadFactory(name="Away", coaches=[other_coach])
    mateo = AthleteFactory(squad=home, name="Mateo", user=UserFactory(username="mateo"))
    jonas = AthleteFactory(squad=home, name="Jonas", user=UserFactory(username="jonas"))
    rival = AthleteFactory(squad=away, name="Rival", user=UserFactory(username="rival"))
    for athlete, its_coach in ((mateo, coach), (jonas, coach), (rival, other_coach)):
        reference_zones(athlete, its_coach, on=date.today() - timedelta(days=30))
    session = prescribed(athletes=[mateo, jonas], coach=coach, name="1,000m Breakdowns")
    other_session = prescribed(athletes=[rival], coach=other_coach, name="Away session")
    season = SeasonFactory(
        squad=home,
        name="This year",
        start=date.today() - timedelta(200),
        end=date.today() + timedelta(100),
    )
    other_season = SeasonFactory(squad=away, name="Away year", start=season.start, end=season.end)
    mine = session.assignments.get(athlete=mateo)
    theirs = session.assignments.get(athlete=jonas)
    rivals = other_session.assignments.get(athlete=rival)
    splits, reports = {}, {}
    for name, assignment, by in (
        ("split", mine, mateo.user),
        ("teammate_split", theirs, jonas.user),
        ("other_split", rivals, rival.user),
    ):
        splits[name] = workout_services.split_record(
            assignment=assignment,
            rep=assignment.session.reps.get(n=1),
            time_ms=REFERENCE_SPLITS_MS[0],
            client_key=uuid.uuid4(),
            entered_by=by,
        )
        reports[name.replace("split", "report")] = workout_services.report_save(
            assignment=assignment,
            rpe=7,
            note="Windy.",
            done=True,
            client_key=uuid.uuid4(),
            entered_by=by,
        )
    objects = {
        "squad": home,
        "other_squad": away,
        "athlete": mateo,
        "teammate": jonas,
        "rival": rival,
        "season": season,
        "other_season": other_season,
        "template": session.template,
        "other_template": other_session.template,
        "version": session.template_version,
        "other_version": other_session.template_version,
        "session": session,
        "other_session": other_session,
        "assignment": mine,
        "teammate_assignment": theirs,
        "other_assignment": rivals,
        "race": RaceResultFactory(athlete=mateo),
        "teammate_race": RaceResultFactory(athlete=jonas),
        "other_race": RaceResultFactory(athlete=rival),
        **splits,
        **reports,
        # The 5K zone entries reference_zones set (14:30).
        "zone": mateo.zone_entries.get(source="coach", distance_m=5000),
        "teammate_zone": jonas.zone_entries.get(source="coach", distance_m=5000),
        "other_zone": rival.zone_entries.get(source="coach", distance_m=5000),
    }
    users = {
        "athlete": mateo.user,
        "teammate": jonas.user,
        "coach": coach,
        "other_coach": other_coach,
        "staff": UserFactory(username="staff", is_staff=True),
        "nobody": UserFactory(username="nobody"),
    }
    return World(users, {name: obj.pk for name, obj in objects.items()}, objects)


def check_case(world: World, case: Case, role: str) -> None:
    path = case.path.format(**world.ids)
    if case.query:
        path += "?" + urlencode({k: str(v).format(**world.ids) for k, v in case.query.items()})
    body = case.body(world.ids) if case.body else None
    response = world.client(role).generic(
        case.method,
        path,
        data="" if body is None else json.dumps(body),
        content_type="application/json",
    )
    expected = case.status_for(role)
    assert response.status_code == expected, (
        f"{case.method} {path} as {role}: {response.status_code}, expected {expected}: "
        f"{response.content[:300]!r}"
    )
    if response.status_code >= 400:
        assert "message" in response.json()["error"]
