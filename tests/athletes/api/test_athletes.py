"""/api/v1/athletes/ and /api/v1/seasons/: each user sees the athletes and seasons the
permission module lets them see; another squad's id in a filter matches nothing."""

from datetime import date

import pytest

from tests.api_matrix import ROLES, check_case, matrix_params, read
from tests.factories import AthleteFactory, SeasonFactory, SquadFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_a_coach_lists_their_squads_athletes_by_name(api_world, signed_in):
    response = signed_in(api_world.users["coach"]).get("/api/v1/athletes/")
    assert names(response) == ["Jonas", "Mateo"]
    mateo = response.json()["results"][1]
    assert mateo == {
        "id": api_world.ids["athlete"],
        "name": "Mateo",
        "bib": api_world.objects["athlete"].bib,
        "main_events": "",
        "squad": api_world.ids["squad"],
        "has_login": True,
    }


def test_an_athlete_sees_only_themself_unless_the_squad_shares(api_world, signed_in):
    client = signed_in(api_world.users["athlete"])
    assert names(client.get("/api/v1/athletes/")) == ["Mateo"]
    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    assert names(client.get("/api/v1/athletes/")) == ["Jonas", "Mateo"]


def test_athletes_filter_by_squad_and_name(api_world, signed_in):
    client = signed_in(api_world.users["staff"])
    home, away = api_world.ids["squad"], api_world.ids["other_squad"]
    assert names(client.get("/api/v1/athletes/", {"squad": home})) == ["Jonas", "Mateo"]
    assert names(client.get("/api/v1/athletes/", {"squad": away})) == ["Rival"]
    assert names(client.get("/api/v1/athletes/", {"q": "ATE"})) == ["Mateo"]


def test_another_squads_id_in_a_filter_matches_nothing(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    away = api_world.ids["other_squad"]
    assert names(client.get("/api/v1/athletes/", {"squad": away})) == []
    assert names(client.get("/api/v1/athletes/", {"squad": 2**62})) == []


@pytest.mark.parametrize("bad", ["abc", "1.5", "-1", "9" * 30, "1e5"])
def test_a_squad_filter_that_is_no_id_is_refused_with_a_message(api_world, signed_in, bad):
    response = signed_in(api_world.users["coach"]).get("/api/v1/athletes/", {"squad": bad})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("squad: ")


def test_the_athletes_list_pages(api_world, signed_in):
    for n in range(5):
        AthleteFactory(squad=api_world.objects["squad"], name=f"Z{n}")
    client = signed_in(api_world.users["coach"])
    first = client.get("/api/v1/athletes/", {"page_size": 3}).json()
    assert first["count"] == 7 and len(first["results"]) == 3 and first["next"]
    last = client.get("/api/v1/athletes/", {"page_size": 3, "page": 3}).json()
    assert [row["name"] for row in last["results"]] == ["Z4"]
    assert client.get("/api/v1/athletes/", {"page": 9}).status_code == 404


@pytest.mark.parametrize("extra", [2, 20])
def test_the_athletes_list_takes_the_same_queries_at_any_size(
    api_world, signed_in, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        AthleteFactory(squad=api_world.objects["squad"], user=UserFactory())
    client = signed_in(api_world.users["coach"])
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/athletes/")
    assert response.json()["count"] == 2 + extra


# ---------------------------------------------------------------- seasons


def test_a_squads_athletes_see_its_seasons_even_when_it_does_not_share(api_world, signed_in):
    for role in ("athlete", "teammate", "coach"):
        response = signed_in(api_world.users[role]).get("/api/v1/seasons/")
        assert names(response) == ["This year"], role
    assert names(signed_in(api_world.users["nobody"]).get("/api/v1/seasons/")) == []
    season = api_world.objects["season"]
    detail = signed_in(api_world.users["athlete"]).get(f"/api/v1/seasons/{season.pk}/").json()
    assert detail == {
        "id": season.pk,
        "squad": api_world.ids["squad"],
        "name": "This year",
        "start": season.start.isoformat(),
        "end": season.end.isoformat(),
    }


def test_seasons_filter_by_squad_and_by_a_date_inside_them(api_world, signed_in):
    home = api_world.objects["squad"]
    SeasonFactory(squad=home, name="2018 Indoor", start=date(2018, 1, 1), end=date(2018, 3, 31))
    client = signed_in(api_world.users["staff"])
    assert names(client.get("/api/v1/seasons/", {"squad": home.pk})) == [
        "This year",
        "2018 Indoor",
    ]
    assert names(client.get("/api/v1/seasons/", {"on": "2018-03-31"})) == ["2018 Indoor"]
    assert names(client.get("/api/v1/seasons/", {"on": "2018-04-01"})) == []
    away = api_world.ids["other_squad"]
    assert names(signed_in(api_world.users["coach"]).get("/api/v1/seasons/", {"squad": away})) == []


@pytest.mark.parametrize("bad", ["2018-02-30", "yesterday", "20180101", "0000-01-01"])
def test_a_date_that_is_no_date_is_refused_with_a_message(api_world, signed_in, bad):
    response = signed_in(api_world.users["coach"]).get("/api/v1/seasons/", {"on": bad})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("on: ")


@pytest.mark.parametrize("extra", [2, 20])
def test_the_seasons_list_takes_the_same_queries_at_any_size(
    api_world, signed_in, extra, django_assert_max_num_queries
):
    for n in range(extra):
        SeasonFactory(squad=SquadFactory(coaches=[api_world.users["coach"]]), name=f"S{n}")
    client = signed_in(api_world.users["coach"])
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/seasons/")
    assert response.json()["count"] == 1 + extra


EVERYONE = {role: 200 for role in ROLES[1:]}

MATRIX = [
    read("/api/v1/athletes/", "/api/v1/athletes/", **EVERYONE),
    read(
        "/api/v1/athletes/{athlete}/", "/api/v1/athletes/{id}/", athlete=200, coach=200, staff=200
    ),
    read(
        "/api/v1/athletes/{teammate}/", "/api/v1/athletes/{id}/", teammate=200, coach=200, staff=200
    ),
    read("/api/v1/athletes/{rival}/", "/api/v1/athletes/{id}/", other_coach=200, staff=200),
    read("/api/v1/seasons/", "/api/v1/seasons/", **EVERYONE),
    read(
        "/api/v1/seasons/{season}/",
        "/api/v1/seasons/{id}/",
        athlete=200,
        teammate=200,
        coach=200,
        staff=200,
    ),
    read("/api/v1/seasons/{other_season}/", "/api/v1/seasons/{id}/", other_coach=200, staff=200),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)
