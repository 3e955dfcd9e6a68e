"""/api/v1/athletes/{id}/zones/ and /api/v1/squads/{id}/zones/: the zones in force on a date,
read with selectors.zones_as_of and squad_zones_as_of (one query whatever the size)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from athletes import services
from tests.api_matrix import check_case, matrix_params, read
from tests.factories import AthleteFactory, UserFactory, reference_zones

pytestmark = pytest.mark.django_db


def zones_path(athlete_id: int) -> str:
    return f"/api/v1/athletes/{athlete_id}/zones/"


def test_an_athlete_reads_their_zones_in_force_today(api_world, signed_in):
    response = signed_in(api_world.users["athlete"]).get(zones_path(api_world.ids["athlete"]))
    assert response.status_code == 200
    body = response.json()
    assert body["athlete"] == api_world.ids["athlete"]
    assert body["on"] == timezone.localdate().isoformat()
    mile, five = body["zones"]  # shortest first
    assert (mile["zone"], mile["time"], mile["pace_per_km"]) == ("Mile", "4:00.0", "2:29/km")
    assert five == {
        "zone": "5K",
        "distance_m": 5000.0,
        "time_ms": 870_000,
        "time": "14:30",
        "pace_per_km": "2:54/km",
        "pace_per_400": "69.6/400",
        "source": "coach",
        "effective_date": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "model_filled": False,
        "entry": api_world.ids["zone"],
    }


def test_the_zones_on_an_earlier_date_are_those_then_in_force(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    mateo = api_world.ids["athlete"]
    before = (timezone.localdate() - timedelta(days=31)).isoformat()
    assert client.get(zones_path(mateo), {"on": before}).json()["zones"] == []
    services.zone_set(
        athlete=api_world.objects["athlete"],
        distance_m=Decimal(5000),
        time_ms=860_000,
        on=timezone.localdate() - timedelta(days=5),
        recorded_by=api_world.users["coach"],
    )
    ten_days_ago = (timezone.localdate() - timedelta(days=10)).isoformat()
    then = {
        z["zone"]: z["time"]
        for z in client.get(zones_path(mateo), {"on": ten_days_ago}).json()["zones"]
    }
    now = {z["zone"]: z["time"] for z in client.get(zones_path(mateo)).json()["zones"]}
    assert (then["5K"], now["5K"]) == ("14:30", "14:20")


def test_model_filled_zones_say_so(api_world, signed_in):
    services.race_result_record(
        athlete=api_world.objects["athlete"],
        distance_m=Decimal(3000),
        time_ms=500_000,
        on=timezone.localdate() - timedelta(days=2),
        recorded_by=api_world.users["coach"],
    )
    zones = signed_in(api_world.users["coach"]).get(zones_path(api_world.ids["athlete"])).json()
    by_zone = {z["zone"]: z for z in zones["zones"]}
    assert by_zone["3K"]["source"] == "race" and not by_zone["3K"]["model_filled"]
    assert by_zone["10K"]["model_filled"] and by_zone["10K"]["source"] == "model"


@pytest.mark.parametrize("bad", ["2026-02-30", "soon", "99999-01-01", "0000-01-01"])
def test_a_date_that_is_no_date_is_refused(api_world, signed_in, bad):
    response = signed_in(api_world.users["coach"]).get(
        zones_path(api_world.ids["athlete"]), {"on": bad}
    )
    assert response.status_code == 400
    assert "message" in response.json()["error"]


def test_a_coach_reads_every_athletes_zones_in_force(api_world, signed_in):
    squad = api_world.objects["squad"]
    AthleteFactory(squad=squad, name="Zed")  # no zones yet
    response = signed_in(api_world.users["coach"]).get(f"/api/v1/squads/{squad.pk}/zones/")
    assert response.status_code == 200
    body = response.json()
    assert body["squad"] == squad.pk
    assert [(a["name"], len(a["zones"])) for a in body["athletes"]] == [
        ("Jonas", 2),
        ("Mateo", 2),
        ("Zed", 0),
    ]
    assert body["athletes"][1]["zones"][1]["time"] == "14:30"


def test_an_athlete_reads_the_squads_zones_only_when_it_shares(api_world, signed_in):
    squad = api_world.objects["squad"]
    client = signed_in(api_world.users["athlete"])
    assert client.get(f"/api/v1/squads/{squad.pk}/zones/").status_code == 404
    squad.shares_results = True
    squad.save()
    assert client.get(f"/api/v1/squads/{squad.pk}/zones/").status_code == 200


@pytest.mark.parametrize("extra", [2, 20])
def test_the_squads_zones_take_the_same_queries_at_any_size(
    api_world, signed_in, extra, django_assert_max_num_queries
):
    squad, coach = api_world.objects["squad"], api_world.users["coach"]
    for _ in range(extra):
        reference_zones(AthleteFactory(squad=squad, user=UserFactory()), coach)
    client = signed_in(coach)
    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v1/squads/{squad.pk}/zones/")
    assert len(response.json()["athletes"]) == 2 + extra


@pytest.mark.parametrize("extra", [2, 20])
def test_an_athletes_zones_take_the_same_queries_however_many_entries(
    api_world, signed_in, extra, django_assert_max_num_queries
):
    mateo, coach = api_world.objects["athlete"], api_world.users["coach"]
    for n in range(extra):
        services.zone_set(
            athlete=mateo,
            distance_m=Decimal(800),
            time_ms=110_000 + n,
            on=timezone.localdate() - timedelta(days=n),
            recorded_by=coach,
        )
    client = signed_in(coach)
    with django_assert_max_num_queries(5):
        response = client.get(zones_path(mateo.pk))
    by_zone = {z["zone"]: z for z in response.json()["zones"]}
    assert by_zone["800"]["time_ms"] == 110_000  # the latest of the coach's values


MATRIX = [
    read(
        "/api/v1/athletes/{athlete}/zones/",
        "/api/v1/athletes/{id}/zones/",
        athlete=200,
        coach=200,
        staff=200,
    ),
    read(
        "/api/v1/athletes/{rival}/zones/",
        "/api/v1/athletes/{id}/zones/",
        other_coach=200,
        staff=200,
    ),
    read("/api/v1/squads/{squad}/zones/", "/api/v1/squads/{id}/zones/", coach=200, staff=200),
    read(
        "/api/v1/squads/{other_squad}/zones/",
        "/api/v1/squads/{id}/zones/",
        other_coach=200,
        staff=200,
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)
