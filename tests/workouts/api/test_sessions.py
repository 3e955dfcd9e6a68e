"""/api/v1/sessions/: prescribed sessions with each athlete's targets, as each user may see
them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api_matrix import ROLES, check_case, matrix_params, read
from tests.factories import AthleteFactory, SeasonFactory, prescribed, reference_zones
from workouts import services

pytestmark = pytest.mark.django_db

MATRIX = [
    read("/api/v1/sessions/", "/api/v1/sessions/", **{role: 200 for role in ROLES[1:]}),
    read(
        "/api/v1/sessions/{session}/",
        "/api/v1/sessions/{id}/",
        athlete=200,
        teammate=200,
        coach=200,
        staff=200,
    ),
    read(
        "/api/v1/sessions/{other_session}/",
        "/api/v1/sessions/{id}/",
        other_coach=200,
        staff=200,
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


def test_an_athlete_sees_their_own_targets_from_their_zones(api_world, api_as):
    body = (
        api_as(api_world.users["athlete"])
        .get(f"/api/v1/sessions/{api_world.ids['session']}/")
        .json()
    )
    assert (body["name"], body["rep_count"], body["total_distance_m"]) == (
        "1,000m Breakdowns",
        16,
        8000.0,
    )
    assert body["version_number"] == 1 and body["template"] == api_world.ids["template"]
    assert [rep["n"] for rep in body["reps"]] == list(range(1, 17))
    first = body["reps"][0]
    assert (first["distance_m"], first["target"], first["recovery"]) == (
        1000.0,
        "5K",
        "400m in 3'-4'",
    )
    assert [a["athlete_name"] for a in body["assignments"]] == ["Mateo"]
    target = body["assignments"][0]["targets"][0]
    assert (target["rep"], target["time_ms"], target["time"]) == (1, 174_000, "2:54.0")
    assert target["override_ms"] is None and target["reason"] == ""


def test_a_coach_sees_every_athlete_and_the_override_beside_the_planned_time(api_world, api_as):
    session = api_world.objects["session"]
    target = api_world.objects["assignment"].targets.get(rep__n=1)
    services.target_override(
        target=target, time_ms=172_000, note="Feeling fit", by=api_world.users["coach"]
    )
    body = api_as(api_world.users["coach"]).get(f"/api/v1/sessions/{session.pk}/").json()
    assert [a["athlete_name"] for a in body["assignments"]] == ["Jonas", "Mateo"]
    mateo = body["assignments"][1]["targets"][0]
    assert mateo == {
        "rep": 1,
        "time_ms": 172_000,
        "time": "2:52.0",
        "planned_ms": 174_000,
        "reason": "",
        "override_ms": 172_000,
        "override": "2:52.0",
        "override_note": "Feeling fit",
    }


def test_a_rep_with_no_target_says_why(api_world, api_as):
    athlete = api_world.objects["athlete"]
    session = prescribed(
        athletes=[athlete], coach=api_world.users["coach"], notation="2 x 5K @HM", rules=""
    )
    body = api_as(api_world.users["athlete"]).get(f"/api/v1/sessions/{session.pk}/").json()
    target = body["assignments"][0]["targets"][0]
    assert target["time_ms"] is None and target["time"] is None
    assert "HM" in target["reason"]


def test_teammates_appear_only_when_the_squad_shares_results(api_world, api_as):
    jonas_only = prescribed(
        athletes=[api_world.objects["teammate"]], coach=api_world.users["coach"], name="Solo"
    )
    client = api_as(api_world.users["athlete"])
    listed = client.get("/api/v1/sessions/").json()["results"]
    assert [s["name"] for s in listed] == ["1,000m Breakdowns"]
    assert client.get(f"/api/v1/sessions/{jonas_only.pk}/").status_code == 404

    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    listed = client.get("/api/v1/sessions/").json()["results"]
    assert {s["name"] for s in listed} == {"1,000m Breakdowns", "Solo"}
    shared = client.get(f"/api/v1/sessions/{api_world.ids['session']}/").json()
    assert [a["athlete_name"] for a in shared["assignments"]] == ["Jonas", "Mateo"]


def test_filters(api_world, api_as):
    coach = api_world.users["coach"]
    mateo, jonas = api_world.objects["athlete"], api_world.objects["teammate"]
    today = timezone.localdate()
    old = prescribed(athletes=[mateo], coach=coach, name="Old", on=today - timedelta(days=300))
    week_ago = prescribed(athletes=[jonas], coach=coach, name="Last week", on=today - timedelta(7))
    staff = api_as(api_world.users["staff"])

    def names(query: str) -> list[str]:
        response = staff.get(f"/api/v1/sessions/?{query}")
        assert response.status_code == 200, response.content
        return [row["name"] for row in response.json()["results"]]

    assert names(f"squad={api_world.ids['squad']}") == ["1,000m Breakdowns", "Last week", "Old"]
    assert names(f"athlete={jonas.pk}") == ["1,000m Breakdowns", "Last week"]
    assert names(f"season={api_world.ids['season']}") == ["1,000m Breakdowns", "Last week"]
    assert names(f"season={api_world.ids['other_season']}") == ["Away session"]
    assert names(f"from={today - timedelta(8)}&to={today - timedelta(1)}") == ["Last week"]
    assert names(f"to={old.date}") == ["Old"]
    assert names(f"template={week_ago.template_id}") == ["Last week"]
    assert names("season=999999") == []
    for bad in ["from=2026-02-30", "to=tomorrow", "squad=1.5", f"athlete={10**30}", "season=-1"]:
        response = staff.get(f"/api/v1/sessions/?{bad}")
        assert response.status_code == 400, bad
        assert response.json()["error"]["message"]
    # Another squad's season, athlete or squad gives what a missing one gives: nothing.
    coach_client = api_as(coach)
    for query in [
        f"season={api_world.ids['other_season']}",
        f"athlete={api_world.ids['rival']}",
        f"squad={api_world.ids['other_squad']}",
    ]:
        assert coach_client.get(f"/api/v1/sessions/?{query}").json()["count"] == 0


@pytest.mark.parametrize("sessions", [2, 20])
def test_the_list_takes_the_same_queries_at_any_size(
    api_world, api_as, sessions, django_assert_max_num_queries
):
    coach = api_world.users["coach"]
    squad = api_world.objects["squad"]
    athletes = [api_world.objects["athlete"], api_world.objects["teammate"]]
    for n in range(sessions // 2):
        extra = AthleteFactory(squad=squad, name=f"Extra {n}")
        reference_zones(extra, coach)
        athletes.append(extra)
    today = timezone.localdate()
    for n in range(1, sessions):
        prescribed(athletes=athletes, coach=coach, on=today - timedelta(days=n))
    SeasonFactory(squad=squad, start=today - timedelta(100), end=today)
    client, athlete_client = api_as(coach), api_as(api_world.users["athlete"])
    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v1/sessions/?squad={squad.pk}&page_size=100")
    assert response.json()["count"] == sessions
    with django_assert_max_num_queries(7):
        athlete = athlete_client.get("/api/v1/sessions/?page_size=100")
    assert athlete.json()["count"] == sessions
