"""/api/v1/zones/: the pace-zone history of the athletes a user may see, set and corrected
by the athlete's coach through athletes.services; a correction keeps the earlier entry."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from athletes import services
from athletes.models import ZoneEntry
from tests.api_matrix import ROLES, Case, check_case, key, matrix_params, read
from tests.factories import AthleteFactory, UserFactory, ZoneEntryFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/zones/"


def today() -> str:
    return timezone.localdate().isoformat()


def zone(athlete_id: int, **fields) -> dict:
    return {
        "athlete": athlete_id,
        "zone": "5K",
        "value": "14:20",
        "effective_date": today(),
        "client_key": key(),
        **fields,
    }


def correction(**fields) -> dict:
    return {"value": "14:40", "note": "typed 14:30 for 14:40", "client_key": key(), **fields}


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def in_force(client, athlete_id: int) -> dict[str, int]:
    zones = client.get(f"/api/v1/athletes/{athlete_id}/zones/").json()["zones"]
    return {z["zone"]: z["time_ms"] for z in zones}


# ---------------------------------------------------------------- reading


def test_an_entry_reads_with_its_zone_time_and_pace(api_world, signed_in):
    entry = signed_in(api_world.users["athlete"]).get(f"{URL}{api_world.ids['zone']}/").json()
    assert entry["athlete"] == api_world.ids["athlete"]
    assert (entry["zone"], entry["distance_m"], entry["time_ms"]) == ("5K", 5000.0, 870_000)
    assert (entry["time"], entry["pace_per_km"], entry["pace_per_400"]) == (
        "14:30",
        "2:54/km",
        "69.6/400",
    )
    assert entry["source"] == "coach" and entry["recorded_by"] == "coach"
    assert entry["corrects"] is None and entry["corrected_by"] is None


def test_a_coach_sees_their_squads_history_and_an_athlete_their_own(api_world, signed_in):
    w = api_world.objects
    coach_sees = {row["athlete"] for row in rows(signed_in(api_world.users["coach"]).get(URL))}
    assert coach_sees == {w["athlete"].pk, w["teammate"].pk}
    mine = rows(signed_in(api_world.users["athlete"]).get(URL))
    assert {row["athlete"] for row in mine} == {w["athlete"].pk} and len(mine) == 2


def test_a_squads_own_zone_reads_with_its_own_label(api_world, signed_in):
    from tests.factories import ZoneDistanceFactory

    ZoneDistanceFactory(squad=api_world.objects["squad"], distance_m=Decimal(600), label="600 pace")
    client = signed_in(api_world.users["coach"])
    made = client.post(URL, zone(api_world.ids["athlete"], zone="600", value="1:30"), format="json")
    assert made.status_code == 201, made.content
    assert made.json()["zone"] == "600 pace"


def test_model_filled_entries_are_left_out_unless_asked_for(api_world, signed_in):
    mateo = api_world.objects["athlete"]
    services.race_result_record(
        athlete=mateo,
        distance_m=Decimal(3000),
        time_ms=500_000,
        on=timezone.localdate() - timedelta(days=2),
        recorded_by=api_world.users["coach"],
    )
    client = signed_in(api_world.users["coach"])
    plain = {row["source"] for row in rows(client.get(URL, {"athlete": mateo.pk}))}
    assert plain == {"coach", "race"}
    everything = rows(client.get(URL, {"athlete": mateo.pk, "with_model": "true"}))
    assert "model" in {row["source"] for row in everything}
    model_only = rows(client.get(URL, {"athlete": mateo.pk, "source": "model"}))
    assert model_only and {row["source"] for row in model_only} == {"model"}
    found = client.get(f"{URL}{model_only[0]['id']}/")  # by id, whatever the filters say
    assert found.status_code == 200 and found.json()["source"] == "model"


def test_the_history_filters_by_athlete_squad_season_dates_distance_and_source(
    api_world, signed_in
):
    mateo = api_world.objects["athlete"]
    coach = api_world.users["coach"]
    old = ZoneEntryFactory(athlete=mateo, effective_date=date(2020, 5, 1), recorded_by=coach)
    client = signed_in(api_world.users["staff"])
    w = api_world.ids

    def found(**query) -> set[int]:
        return {row["id"] for row in rows(client.get(URL, query))}

    assert found(athlete=mateo.pk, distance="5K") == {w["zone"], old.pk}
    assert found(athlete=mateo.pk, distance="mile") == found(athlete=mateo.pk) - {
        w["zone"],
        old.pk,
    }
    assert found(athlete=mateo.pk, to="2020-05-01") == {old.pk}
    assert old.pk not in found(athlete=mateo.pk, **{"from": "2020-05-02"})
    assert found(squad=w["other_squad"], distance="5000") == {w["other_zone"]}
    assert old.pk not in found(season=w["season"]) and w["zone"] in found(season=w["season"])
    assert found(athlete=mateo.pk, source="race") == set()


def test_another_squads_ids_in_the_filters_match_nothing(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    w = api_world.ids
    for name, value in (
        ("athlete", w["rival"]),
        ("squad", w["other_squad"]),
        ("season", w["other_season"]),
    ):
        assert rows(client.get(URL, {name: value})) == [], name


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"source": "guess"}, "source: Select a valid choice."),
        ({"from": "2026-13-01"}, "from: Enter a valid date."),
        ({"distance": "x" * 80}, "distance: Ensure this value has at most 40 characters"),
        ({"with_model": "perhaps"}, "with_model:"),
    ],
)
def test_a_filter_it_cannot_read_says_which_and_why(api_world, signed_in, query, message):
    response = signed_in(api_world.users["coach"]).get(URL, query)
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(message)


@pytest.mark.parametrize("extra", [2, 20])
def test_the_list_takes_the_same_queries_at_any_size(
    api_world, signed_in, extra, django_assert_max_num_queries
):
    coach = api_world.users["coach"]
    for n in range(extra):
        athlete = AthleteFactory(squad=api_world.objects["squad"], user=UserFactory())
        first = ZoneEntryFactory(athlete=athlete, recorded_by=coach)
        ZoneEntryFactory(athlete=athlete, corrects=first, effective_date=date(2026, 1, 1 + n))
    client = signed_in(api_world.users["staff"])
    with django_assert_max_num_queries(5):
        response = client.get(URL, {"page_size": 200})
    assert response.json()["count"] == 6 + 2 * extra


# ---------------------------------------------------------------- setting


def test_a_coach_sets_a_zone_typed_as_a_time_or_a_pace(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    mateo = api_world.ids["athlete"]
    made = client.post(URL, zone(mateo, value="14:20", note="after the XC block"), format="json")
    assert made.status_code == 201, made.content
    assert (made.json()["time_ms"], made.json()["note"]) == (860_000, "after the XC block")
    assert in_force(client, mateo)["5K"] == 860_000
    paced = client.post(
        URL, zone(mateo, zone=None, distance_m=5000, value="2:50/km"), format="json"
    )
    assert paced.status_code == 201 and paced.json()["time_ms"] == 850_000
    exact = client.post(
        URL, zone(mateo, value=None, time_ms=845_000, source="estimate"), format="json"
    )
    assert exact.status_code == 201 and exact.json()["source"] == "estimate"


def test_the_same_client_key_twice_sets_once(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    body = zone(api_world.ids["athlete"])
    first, again = (client.post(URL, body, format="json") for _ in range(2))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert ZoneEntry.objects.filter(client_key=body["client_key"]).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"zone": "2K"}, "zone", "Home has no 2,000m zone."),
        ({"zone": "nowhere"}, "zone", "couldn't read the distance"),
        ({"value": "1:00"}, "value", "faster than the world record"),
        ({"value": "3:10/lap"}, "value", "couldn't read the pace"),
        ({"value": None, "time_ms": 0}, "time_ms", "greater than or equal to 1"),
        ({"effective_date": "2031-01-01"}, "effective_date", "check the date"),
        ({"effective_date": "31/01/2026"}, "effective_date", "wrong format"),
        ({"source": "model"}, "source", "by hand or as an estimate"),
        ({"note": "n" * 201}, "note", "no more than 200 characters"),
        ({"note": "\x00"}, "note", "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_sets_nothing(
    api_world, signed_in, change, field, message
):
    before = ZoneEntry.objects.count()
    body = {k: v for k, v in zone(api_world.ids["athlete"], **change).items() if v is not None}
    response = signed_in(api_world.users["coach"]).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert message in error["message"]
    assert field in (error.get("field"), *error.get("fields", {}))
    assert ZoneEntry.objects.count() == before


def test_an_athlete_may_not_set_their_own_zone_nor_see_anothers(api_world, signed_in):
    client = signed_in(api_world.users["athlete"])
    own = client.post(URL, zone(api_world.ids["athlete"]), format="json")
    assert own.status_code == 403
    assert client.post(URL, zone(api_world.ids["teammate"]), format="json").status_code == 404


# ---------------------------------------------------------------- correcting


def test_a_correction_keeps_the_earlier_entry(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    mateo, wrong = api_world.ids["athlete"], api_world.ids["zone"]
    response = client.post(f"{URL}{wrong}/correct/", correction(), format="json")
    assert response.status_code == 201, response.content
    fixed = response.json()
    assert (fixed["corrects"], fixed["time_ms"], fixed["source"]) == (wrong, 880_000, "coach")
    earlier = client.get(f"{URL}{wrong}/").json()
    assert earlier["time_ms"] == 870_000 and earlier["corrected_by"] == fixed["id"]
    history = {row["id"] for row in rows(client.get(URL, {"athlete": mateo, "distance": "5K"}))}
    assert history == {wrong, fixed["id"]}
    assert in_force(client, mateo)["5K"] == 880_000


def test_a_correction_replayed_answers_200_and_a_second_one_is_refused(api_world, signed_in):
    client = signed_in(api_world.users["coach"])
    path = f"{URL}{api_world.ids['zone']}/correct/"
    body = correction()
    first, again = (client.post(path, body, format="json") for _ in range(2))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    another = client.post(path, correction(value="14:35"), format="json")
    assert another.status_code == 400
    assert "already been corrected" in another.json()["error"]["message"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"note": " "}, "This field may not be blank."),
        ({"value": "2:10"}, "faster than the world record"),
        ({"value": "14:30", "time_ms": 870_000}, "not both"),
    ],
)
def test_a_correction_it_cannot_take_says_why(api_world, signed_in, change, message):
    path = f"{URL}{api_world.ids['zone']}/correct/"
    response = signed_in(api_world.users["coach"]).post(path, correction(**change), format="json")
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert not ZoneEntry.objects.filter(corrects_id=api_world.ids["zone"]).exists()


def set_zone(ids: dict) -> dict:
    return zone(ids["athlete"])


def correct(ids: dict) -> dict:
    return correction()


MATRIX = [
    read(URL, URL, **{role: 200 for role in ROLES[1:]}),
    read(URL + "{zone}/", URL + "{id}/", athlete=200, coach=200, staff=200),
    read(URL + "{teammate_zone}/", URL + "{id}/", teammate=200, coach=200, staff=200),
    read(URL + "{other_zone}/", URL + "{id}/", other_coach=200, staff=200),
    Case("POST", URL, URL, {"athlete": 403, "coach": 201, "staff": 201}, body=set_zone),
    Case(
        "POST",
        URL,
        URL,
        {"teammate": 403, "coach": 201, "staff": 201},
        body=lambda ids: zone(ids["teammate"]),
    ),
    Case("POST", URL, URL, {"other_coach": 201, "staff": 201}, body=lambda ids: zone(ids["rival"])),
    Case(
        "POST",
        URL + "{zone}/correct/",
        URL + "{id}/correct/",
        {"athlete": 403, "coach": 201, "staff": 201},
        body=correct,
    ),
    Case(
        "POST",
        URL + "{other_zone}/correct/",
        URL + "{id}/correct/",
        {"other_coach": 201, "staff": 201},
        body=correct,
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)
