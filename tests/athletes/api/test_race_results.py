"""/api/v1/race-results/: the races of the athletes a user may see; recorded and voided by
the athlete's coach through athletes.services, exactly as on the athlete page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from athletes.models import RaceResult
from tests.api_matrix import ROLES, Case, check_case, key, matrix_params, read
from tests.factories import AthleteFactory, RaceResultFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/race-results/"


def yesterday() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


def race(athlete_id: int, **fields) -> dict:
    return {
        "athlete": athlete_id,
        "distance": "5K",
        "time": "14:10",
        "date": yesterday(),
        "client_key": key(),
        **fields,
    }


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def zone_5k_ms(client, athlete_id: int) -> int | None:
    zones = client.get(f"/api/v1/athletes/{athlete_id}/zones/").json()["zones"]
    return next((z["time_ms"] for z in zones if z["distance_m"] == 5000), None)


# ---------------------------------------------------------------- reading


def test_a_coach_lists_their_squads_races_and_an_athlete_only_their_own(api_world, signed_in):
    w = api_world.ids
    assert set(ids(signed_in(api_world.users["coach"]).get(URL))) == {
        w["race"],
        w["teammate_race"],
    }
    assert ids(signed_in(api_world.users["athlete"]).get(URL)) == [w["race"]]
    assert ids(signed_in(api_world.users["nobody"]).get(URL)) == []


def test_a_race_reads_with_its_time_as_written(api_world, signed_in):
    row = signed_in(api_world.users["athlete"]).get(f"{URL}{api_world.ids['race']}/").json()
    assert row["distance_m"] == 5000.0 and row["distance"] == "5,000m"
    assert row["time_ms"] == 870_000 and row["time"] == "14:30"
    assert row["voided"] is False and row["voided_by"] is None


def test_races_filter_by_athlete_squad_season_dates_and_distance(api_world, signed_in):
    mateo = api_world.objects["athlete"]
    mile = RaceResultFactory(athlete=mateo, distance_m="1609.344", time_ms=240_000)
    old = RaceResultFactory(athlete=mateo, date=date(2020, 6, 1))
    client = signed_in(api_world.users["staff"])
    w = api_world.ids
    assert set(ids(client.get(URL, {"athlete": mateo.pk}))) == {w["race"], mile.pk, old.pk}
    assert ids(client.get(URL, {"squad": w["other_squad"]})) == [w["other_race"]]
    assert ids(client.get(URL, {"athlete": mateo.pk, "distance": "Mile"})) == [mile.pk]
    assert ids(client.get(URL, {"athlete": mateo.pk, "to": "2020-06-01"})) == [old.pk]
    assert old.pk not in ids(client.get(URL, {"athlete": mateo.pk, "from": "2020-06-02"}))
    in_season = ids(client.get(URL, {"season": w["season"]}))
    assert set(in_season) == {w["race"], w["teammate_race"], mile.pk}  # 2020 is outside it


def test_another_squads_ids_in_the_filters_match_nothing(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    w = api_world.ids
    for name, value in (
        ("athlete", w["rival"]),
        ("squad", w["other_squad"]),
        ("season", w["other_season"]),
        ("season", 2**62),
    ):
        assert ids(client.get(URL, {name: value})) == [], name


@pytest.mark.parametrize("typed", ["banana", "5%K", "%(x)s", "%s%%"])
def test_a_distance_filter_it_cannot_read_says_why(api_world, signed_in, typed):
    response = signed_in(api_world.users["coach"]).get(URL, {"distance": typed})
    assert response.status_code == 400
    assert f"couldn't read the distance '{typed}'" in response.json()["error"]["message"]


def test_the_list_pages(api_world, signed_in):
    for day in range(1, 6):
        RaceResultFactory(athlete=api_world.objects["athlete"], date=date(2026, 1, day))
    client = signed_in(api_world.users["athlete"])
    page = client.get(URL, {"page_size": 4, "page": 2}).json()
    assert page["count"] == 6 and len(page["results"]) == 2 and page["previous"]


@pytest.mark.parametrize("extra", [2, 20])
def test_the_list_takes_the_same_queries_at_any_size(
    api_world, signed_in, extra, django_assert_max_num_queries
):
    coach = api_world.users["coach"]
    for n in range(extra):
        athlete = AthleteFactory(squad=api_world.objects["squad"], user=UserFactory())
        RaceResultFactory(athlete=athlete, recorded_by=coach, voided_by=coach)
        RaceResultFactory(athlete=athlete, date=date(2025, 1, 1 + n))
    client = signed_in(coach)
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"page_size": 100})
    assert response.json()["count"] == 2 + 2 * extra


# ---------------------------------------------------------------- recording


def test_a_coach_records_a_race_typed_as_on_the_form(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    mateo = api_world.ids["athlete"]
    response = client.post(URL, race(mateo, time="14:10", venue="Parliament Hill"), format="json")
    assert response.status_code == 201, response.content
    row = response.json()
    assert (row["time_ms"], row["time"], row["distance_m"]) == (850_000, "14:10", 5000.0)
    assert row["recorded_by"] == "coach" and row["venue"] == "Parliament Hill"
    assert row["zone_entry"] is not None  # faster than the 14:30 zone: it sets the zone
    assert zone_5k_ms(client, mateo) == 850_000


def test_the_same_client_key_twice_records_once(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    body = race(
        api_world.ids["athlete"], distance_m=3000, distance=None, time_ms=500_000, time=None
    )
    first = client.post(URL, body, format="json")
    again = client.post(URL, body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert RaceResult.objects.filter(client_key=body["client_key"]).count() == 1


def test_a_key_used_for_another_athlete_is_refused(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    body = race(api_world.ids["athlete"])
    assert client.post(URL, body, format="json").status_code == 201
    response = client.post(URL, {**body, "athlete": api_world.ids["teammate"]}, format="json")
    assert response.status_code == 400
    assert "already used" in response.json()["error"]["message"]


def test_a_slower_race_leaves_the_zone_unless_the_coach_says_so(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    mateo = api_world.ids["athlete"]
    kept = client.post(URL, race(mateo, time="15:02"), format="json")
    assert kept.status_code == 201 and kept.json()["zone_entry"] is None
    assert zone_5k_ms(client, mateo) == 870_000  # still 14:30: a bad day is no new fitness
    moved = client.post(URL, race(mateo, time="15:02", slower_becomes_zone=True), format="json")
    assert moved.status_code == 201 and moved.json()["zone_entry"] is not None
    assert zone_5k_ms(client, mateo) == 902_000


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"time": "1452"}, "time", "did you mean 14:52?"),
        ({"time": "14:75"}, "time", "minutes and seconds go up to 59"),
        ({"time": "9:00"}, "time", "faster than the world record"),
        ({"time": None, "time_ms": 10**12}, "time_ms", "less than or equal to"),
        ({"time_ms": 850_000}, "time", "not both"),
        ({"time": None}, "time", "not neither"),
        ({"date": "2026-02-30"}, "date", "wrong format"),
        ({"date": "1899-12-31"}, "date", "before 1 Jan 1900"),
        ({"date": "2999-01-01"}, "date", "check the date"),
        ({"distance": "50m"}, "distance", "A race is 100m to 500km."),
        ({"distance": "far"}, "distance", "couldn't read the distance"),
        ({"distance": None, "distance_m": "1e400"}, "distance_m", ""),
        ({"distance": None, "distance_m": "NaN"}, "distance_m", "valid number"),
        ({"venue": "Hill\x00"}, "venue", "Null characters are not allowed."),
        ({"client_key": "not-a-key"}, "client_key", "valid UUID"),
        ({"client_key": None}, "client_key", "null"),
        ({"athlete": 2**64}, "athlete", "less than or equal to"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_records_nothing(
    api_world, signed_in, change, field, message
):
    body = {k: v for k, v in race(api_world.ids["athlete"], **change).items() if v is not None}
    if "client_key" in change and change["client_key"] is None:
        body["client_key"] = None
    before = RaceResult.objects.count()
    response = signed_in(api_world.users["coach"]).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert message in error["message"]
    assert field in (error.get("field"), *error.get("fields", {}))
    assert RaceResult.objects.count() == before


def test_an_athlete_cannot_record_their_own_race(api_world, signed_in):
    response = signed_in(api_world.users["athlete"]).post(
        URL, race(api_world.ids["athlete"]), format="json"
    )
    assert response.status_code == 403
    assert "coach" in response.json()["error"]["message"]


def test_a_race_for_an_athlete_out_of_sight_is_404(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    for athlete_id in (api_world.ids["rival"], 2**62):
        assert client.post(URL, race(athlete_id), format="json").status_code == 404
    assert not RaceResult.objects.filter(athlete_id=api_world.ids["rival"], time_ms=850_000)


# ---------------------------------------------------------------- voiding


def test_a_voided_race_stays_listed_and_no_longer_sets_the_zone(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    mateo = api_world.ids["athlete"]
    made = client.post(URL, race(mateo, time="14:00"), format="json").json()
    assert zone_5k_ms(client, mateo) == 840_000
    voided = client.post(f"{URL}{made['id']}/void/")
    assert voided.status_code == 200
    assert voided.json()["voided"] is True and voided.json()["voided_by"] == "coach"
    assert voided.json()["zone_entry"] is None
    assert zone_5k_ms(client, mateo) == 870_000
    listed = {row["id"]: row for row in client.get(URL, {"athlete": mateo}).json()["results"]}
    assert listed[made["id"]]["voided"] is True
    again = client.post(f"{URL}{made['id']}/void/")
    assert again.status_code == 200 and again.json()["voided_at"] == voided.json()["voided_at"]


def new_race(ids: dict) -> dict:
    return race(ids["athlete"])


MATRIX = [
    read(URL, URL, **{role: 200 for role in ROLES[1:]}),
    read(URL + "{race}/", URL + "{id}/", athlete=200, coach=200, staff=200),
    read(URL + "{teammate_race}/", URL + "{id}/", teammate=200, coach=200, staff=200),
    read(URL + "{other_race}/", URL + "{id}/", other_coach=200, staff=200),
    Case("POST", URL, URL, {"athlete": 403, "coach": 201, "staff": 201}, body=new_race),
    Case(
        "POST",
        URL,
        URL,
        {"other_coach": 201, "staff": 201},
        body=lambda ids: race(ids["rival"]),
    ),
    Case(
        "POST",
        URL + "{race}/void/",
        URL + "{id}/void/",
        {"athlete": 403, "coach": 200, "staff": 200},
    ),
    Case(
        "POST",
        URL + "{teammate_race}/void/",
        URL + "{id}/void/",
        {"teammate": 403, "coach": 200, "staff": 200},
    ),
    Case(
        "POST", URL + "{other_race}/void/", URL + "{id}/void/", {"other_coach": 200, "staff": 200}
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)
