"""/api/v1/squads/: each user sees the squads the permission module lets them see."""

import pytest
from rest_framework.test import APIClient

from tests.api_matrix import ROLES, check_case, matrix_params, read
from tests.factories import SquadFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    "coach": {"Home"},
    "other_coach": {"Away"},
    "me": set(),  # the squad does not share results: an athlete sees no roster
    "staff": {"Home", "Away"},
    "nobody": set(),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_user_lists_only_their_squads(squad_world, who):
    client = APIClient()
    user = squad_world[who]
    client.force_login(getattr(user, "user", user))  # an athlete signs in as their login
    names = {squad["name"] for squad in client.get("/api/v1/squads/").json()["results"]}
    assert names == EXPECTED[who]


def test_a_sharing_squad_is_listed_to_its_athletes(squad_world):
    squad_world["squad"].shares_results = True
    squad_world["squad"].save()
    client = APIClient()
    client.force_login(squad_world["me"].user)
    assert [s["name"] for s in client.get("/api/v1/squads/").json()["results"]] == ["Home"]


@pytest.mark.parametrize("extra_squads", [1, 30])
def test_the_list_takes_the_same_queries_at_any_size(
    squad_world, extra_squads, django_assert_max_num_queries
):
    for n in range(extra_squads):
        SquadFactory(name=f"Extra {n}", coaches=[squad_world["staff"]])
    client = APIClient()
    client.force_login(squad_world["staff"])
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/squads/")
    assert response.json()["count"] == 2 + extra_squads


MATRIX = [
    read("/api/v1/squads/", "/api/v1/squads/", **{role: 200 for role in ROLES[1:]}),
    read("/api/v1/squads/{squad}/", "/api/v1/squads/{id}/", coach=200, staff=200),
    read("/api/v1/squads/{other_squad}/", "/api/v1/squads/{id}/", other_coach=200, staff=200),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)
