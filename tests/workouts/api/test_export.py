"""GET /api/v1/exports/season/: a season's reps and zone history as CSV or JSON, streamed
(workouts/api/export.py, workouts/export_selectors.py), to whoever may read them."""

import csv
import io
import json
import re
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework.test import APIClient

from athletes import paces
from athletes import services as athlete_services
from coaching import tokens
from tests.api_matrix import Case, check_case, matrix_params
from tests.factories import (
    REFERENCE_SPLITS_MS,
    AthleteFactory,
    SeasonFactory,
    prescribed,
    reference_zones,
)
from workouts import services as workout_services
from workouts.api.export import REP_COLUMNS, ZONE_COLUMNS, _difference_s, _time

pytestmark = pytest.mark.django_db

URL = "/api/v1/exports/season/"
SCHEMA_PATH = "/api/v1/exports/season/"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response))))


def export(world, role: str, **query):
    params = {"season": world.ids["season"], **query}
    return world.client(role).get(URL, params)


def record_reference_splits(assignment, user, count: int = 16) -> None:
    reps = list(assignment.session.reps.order_by("n"))
    for rep, time_ms in zip(reps[:count], REFERENCE_SPLITS_MS, strict=False):
        workout_services.split_record(
            assignment=assignment,
            rep=rep,
            time_ms=time_ms,
            client_key=uuid.uuid4(),
            entered_by=user,
        )


# ---------------------------------------------------------------- what the file holds


def test_the_csv_has_its_headers_and_sixteen_rows_per_athlete(api_world):
    mateo = api_world.objects["athlete"]
    record_reference_splits(api_world.objects["assignment"], mateo.user)
    response = export(api_world, "coach")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="breakdown-home-this-year-squad.csv"'
    )
    text = body(response)
    assert next(csv.reader(io.StringIO(text))) == list(REP_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    by_athlete = {}
    for row in rows:
        by_athlete.setdefault(row["athlete"], []).append(row)
    assert {name: len(reps) for name, reps in by_athlete.items()} == {"Mateo": 16, "Jonas": 16}
    first = by_athlete["Mateo"][0]
    assert first["rep"] == "1"
    assert first["distance_m"] == "1000"
    assert first["target_zone"] == "5K"
    assert (first["target"], first["target_ms"]) == ("2:54.0", "174000")
    assert (first["split"], first["split_ms"]) == ("2:52.0", "172000")
    assert first["difference_s"] == "-2.0"
    assert first["split_entered_by"] == "mateo"
    assert first["split_entered_at"].endswith("+00:00")  # ISO 8601 with its offset
    assert first["session"] == first["template"] == "1,000m Breakdowns"
    assert first["template_version"] == "1"
    third = by_athlete["Mateo"][2]
    assert (third["target_zone"], third["distance_m"], third["split"]) == ("mile", "500", "1:15.1")
    assert [row["rep"] for row in by_athlete["Mateo"]] == [str(n) for n in range(1, 17)]
    jonas = by_athlete["Jonas"]  # the world gives him rep 1 only, and Mateo's splits are his
    assert (jonas[0]["split"], jonas[0]["split_entered_by"]) == ("2:52.0", "jonas")
    assert all(row["split"] == "" and row["difference_s"] == "" for row in jonas[1:])


def test_a_slower_split_has_a_positive_difference_and_the_override_is_the_target(api_world):
    assignment = api_world.objects["assignment"]
    rep = assignment.session.reps.get(n=1)
    target = assignment.targets.get(rep=rep)
    workout_services.target_override(target=target, time_ms=176_000, note="hilly", by=None)
    workout_services.split_record(
        assignment=assignment, rep=rep, time_ms=177_340, client_key=uuid.uuid4(), entered_by=None
    )
    row = csv_rows(export(api_world, "athlete"))[0]
    assert (row["target"], row["target_ms"]) == ("2:56.0", "176000")
    assert (row["split"], row["difference_s"]) == ("2:57.3", "+1.3")
    assert row["split_entered_by"] == ""


def test_corrections_and_removals_show_the_current_value(api_world):
    assignment, mateo = api_world.objects["assignment"], api_world.objects["athlete"]
    reps = list(assignment.session.reps.order_by("n"))
    record_reference_splits(assignment, mateo.user, count=2)
    coach = api_world.users["coach"]
    workout_services.split_record(
        assignment=assignment, rep=reps[0], time_ms=173_500, client_key=uuid.uuid4(),
        entered_by=coach,
    )  # fmt: skip
    workout_services.split_remove(
        assignment=assignment, rep=reps[1], client_key=uuid.uuid4(), entered_by=coach
    )
    rows = csv_rows(export(api_world, "athlete"))
    assert (rows[0]["split"], rows[0]["difference_s"], rows[0]["split_entered_by"]) == (
        "2:53.5",
        "-0.5",
        "coach",
    )
    assert (rows[1]["split"], rows[1]["split_ms"], rows[1]["split_entered_by"]) == ("", "", "")
    assert len(rows) == 16


def test_the_latest_report_gives_rpe_note_and_done(api_world):
    assignment, mateo = api_world.objects["assignment"], api_world.objects["athlete"]
    for rpe, note, done in ((6, "fine", False), (8, "windy, legs heavy", True)):
        workout_services.report_save(
            assignment=assignment, rpe=rpe, note=note, done=done, client_key=uuid.uuid4(),
            entered_by=mateo.user,
        )  # fmt: skip
    rows = csv_rows(export(api_world, "athlete"))
    assert {(r["rpe"], r["note"], r["done"]) for r in rows} == {("8", "windy, legs heavy", "true")}
    jonas_rows = csv_rows(export(api_world, "coach", athlete=api_world.ids["teammate"]))
    # Jonas's own report (the world's), never Mateo's
    assert {(r["rpe"], r["note"], r["done"]) for r in jonas_rows} == {("7", "Windy.", "true")}


def test_the_json_has_the_season_its_reps_and_its_zones(api_world):
    mateo = api_world.objects["athlete"]
    record_reference_splits(api_world.objects["assignment"], mateo.user)
    entry = mateo.zone_entries.get(distance_m=5000)
    athlete_services.zone_correct(
        entry=entry, time_ms=865_000, recorded_by=api_world.users["coach"], note="typo"
    )
    response = export(api_world, "athlete", format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="breakdown-home-this-year-mateo.json"'
    )
    data = json.loads(body(response))
    assert data["season"]["name"] == "This year"
    assert data["season"]["squad"]["name"] == "Home"
    assert data["season"]["athlete"] == {"id": mateo.pk, "name": "Mateo"}
    assert len(data["reps"]) == 16
    first = data["reps"][0]
    assert set(first) == set(REP_COLUMNS)
    assert (first["target"], first["split_ms"], first["difference_s"]) == ("2:54.0", 172000, -2.0)
    assert first["distance_m"] == 1000 and first["done"] is True  # the world's report
    zones = {(z["zone"], z["time"], z["status"]) for z in data["zones"] if z["source"] == "coach"}
    assert zones == {
        ("5K", "14:30", "corrected"),
        ("5K", "14:25", "standing"),
        ("Mile", "4:00.0", "standing"),
    }
    correction = next(z for z in data["zones"] if z["time"] == "14:25")
    assert correction["corrects_entry_id"] == entry.pk
    assert set(correction) == set(ZONE_COLUMNS)


def test_the_zone_history_is_the_second_csv_file(api_world):
    response = export(api_world, "coach", part="zones")
    assert response["Content-Disposition"] == (
        'attachment; filename="breakdown-home-this-year-squad-zones.csv"'
    )
    text = body(response)
    assert next(csv.reader(io.StringIO(text))) == list(ZONE_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    coach_rows = [r for r in rows if r["source"] == "coach"]
    assert sorted((r["athlete"], r["zone"], r["time_ms"]) for r in coach_rows) == [
        ("Jonas", "5K", "870000"),
        ("Jonas", "Mile", "240000"),
        ("Mateo", "5K", "870000"),
        ("Mateo", "Mile", "240000"),
    ]
    assert {r["status"] for r in rows} == {"standing"}


def test_sessions_and_zones_outside_the_season_are_left_out(api_world):
    season, mateo = api_world.objects["season"], api_world.objects["athlete"]
    prescribed(
        athletes=[mateo], coach=api_world.users["coach"], on=season.start - timedelta(days=1)
    )
    athlete_services.zone_set(
        athlete=mateo, distance_m=5000, time_ms=880_000, on=season.start - timedelta(days=3),
        recorded_by=api_world.users["coach"],
    )  # fmt: skip
    data = json.loads(body(export(api_world, "athlete", format="json")))
    assert {rep["session"] for rep in data["reps"]} == {"1,000m Breakdowns"}
    assert len([z for z in data["zones"] if z["source"] == "coach"]) == 2


def test_other_squads_rows_never_appear(api_world):
    """Rival's squad has a session on the same day and a season over the same dates."""
    rival = api_world.objects["rival"]
    record_reference_splits(api_world.objects["other_assignment"], rival.user)
    for role in ("coach", "staff"):
        text = body(export(api_world, role)) + body(export(api_world, role, part="zones"))
        text += body(export(api_world, role, format="json"))
        assert "Rival" not in text and "Away" not in text
    rows = csv_rows(export(api_world, "other_coach", season=api_world.ids["other_season"]))
    assert {row["athlete"] for row in rows} == {"Rival"}
    assert len(rows) == 16


def test_an_empty_season_is_a_file_with_only_its_headers(api_world):
    empty = SeasonFactory(
        squad=api_world.objects["squad"],
        name="Long ago",
        start=timezone.localdate() - timedelta(days=900),
        end=timezone.localdate() - timedelta(days=800),
    )
    response = export(api_world, "coach", season=empty.pk)
    assert body(response).splitlines() == [",".join(REP_COLUMNS)]
    data = json.loads(body(export(api_world, "coach", season=empty.pk, format="json")))
    assert (data["reps"], data["zones"]) == ([], [])


def test_times_are_written_exactly_as_the_pace_module_writes_them():
    edges = [0, 49, 50, 5_000, 59_949, 59_950, 599_949, 599_950, 3_599_499, 3_599_500]
    for ms in [*edges, *range(0, 8_000_000, 997)]:
        assert _time(ms) == paces.format_time(ms / 1000), ms


def test_differences_round_halves_away_from_zero():
    assert [_difference_s(s, 174_000) for s in (172_000, 174_050, 173_950, 174_049)] == [
        -2.0,
        0.1,
        -0.1,
        0.0,
    ]
    assert _difference_s(None, 174_000) is None and _difference_s(172_000, None) is None


# ---------------------------------------------------------------- who may export what


def test_an_athlete_gets_their_own_rows_when_no_athlete_is_named(api_world):
    rows = csv_rows(export(api_world, "athlete"))
    assert {row["athlete"] for row in rows} == {"Mateo"}
    rows = csv_rows(export(api_world, "teammate"))
    assert {row["athlete"] for row in rows} == {"Jonas"}


def test_a_squad_that_shares_results_still_exports_only_your_own(api_world):
    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    response = export(api_world, "teammate", athlete=api_world.ids["athlete"])
    assert response.status_code == 404


def test_a_coach_exports_one_athlete_or_the_squad(api_world):
    rows = csv_rows(export(api_world, "coach", athlete=api_world.ids["teammate"]))
    assert {row["athlete"] for row in rows} == {"Jonas"}
    response = export(api_world, "coach", athlete=api_world.ids["teammate"])
    assert response["Content-Disposition"].endswith('-jonas.csv"')


def test_a_token_exports_like_its_user(api_world):
    _, raw = tokens.token_create(user=api_world.users["athlete"], name="my script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.get(URL, {"season": api_world.ids["season"]})
    assert response.status_code == 200
    assert {row["athlete"] for row in csv_rows(response)} == {"Mateo"}
    refused = client.get(
        URL, {"season": api_world.ids["season"], "athlete": api_world.ids["teammate"]}
    )
    assert refused.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"season": "x"},
        {"season": "0"},
        {"season": str(2**40)},
        {"season": "{season}", "athlete": "nine"},
        {"season": "{season}", "format": "xlsx"},
        {"season": "{season}", "part": "laps"},
        {"season": "{season}", "format": "json", "athlete": str(2**63)},
    ],
)
def test_bad_input_is_a_400_in_the_error_shape(api_world, query):
    params = {k: v.format(season=api_world.ids["season"]) for k, v in query.items()}
    response = api_world.client("coach").get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["message"]


def test_a_nul_in_the_query_is_refused(api_world):
    response = api_world.client("coach").get(URL, {"season": "1\x00"})
    assert response.status_code == 400
    assert response.json() == {"error": {"message": "Text may not contain NUL characters."}}


def test_an_unknown_season_is_404_in_the_error_shape(api_world):
    response = api_world.client("staff").get(URL, {"season": 999_999})
    assert response.status_code == 404
    assert response.json() == {"error": {"message": "Not found."}}


def test_throttling_applies(api_world, monkeypatch):
    from coaching import api

    monkeypatch.setattr(
        api.UserThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": "2/minute"}
    )
    client = api_world.client("coach")
    assert [client.get(URL, {"season": api_world.ids["season"]}).status_code for _ in range(2)] == [
        200,
        200,
    ]
    refused = client.get(URL, {"season": api_world.ids["season"]})
    assert refused.status_code == 429
    assert "throttled" in refused.json()["error"]["message"]


def test_the_schema_documents_the_export(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][SCHEMA_PATH]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"season", "athlete", "format", "part"}
    content = operation["responses"]["200"]["content"]
    assert set(content) == {"text/csv", "application/json"}
    assert all(media["examples"] for media in content.values())
    assert {"400", "401", "404", "429"} <= set(operation["responses"])


# ---------------------------------------------------------------- queries stay flat


@pytest.mark.parametrize("sessions", [1, 10])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_export_takes_the_same_queries_at_any_size(
    api_world, sessions, fmt, django_assert_num_queries
):
    coach = api_world.users["coach"]
    squad = api_world.objects["squad"]
    more = [AthleteFactory(squad=squad, name=f"Extra {n}") for n in range(sessions // 5)]
    for athlete in more:
        reference_zones(athlete, coach)
    athletes = [api_world.objects["athlete"], api_world.objects["teammate"], *more]
    for n in range(1, sessions):
        session = prescribed(
            athletes=athletes, coach=coach, on=timezone.localdate() - timedelta(days=n)
        )
        record_reference_splits(session.assignments.first(), coach, count=4)
    client = signed_in(coach)
    # session, user, season, coach of its squad?, then savepoint, jit off, the rows (and
    # the zones for JSON), release: the same whatever the number of sessions, athletes, reps
    with django_assert_num_queries(8 if fmt == "csv" else 9):
        response = client.get(URL, {"season": api_world.ids["season"], "format": fmt})
        text = body(response)
    if fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(text)))) == 16 * (
            2 + (sessions - 1) * len(athletes)
        )
    else:
        assert len(json.loads(text)["reps"]) == 16 * (2 + (sessions - 1) * len(athletes))


# ---------------------------------------------------------------- the permission matrix

MATRIX = [
    # An athlete exports their own rows; a coach their squad's; staff anything.
    Case(
        "GET", URL, SCHEMA_PATH, {"athlete": 200, "teammate": 200, "coach": 200, "staff": 200},
        query={"season": "{season}"},
    ),
    Case(
        "GET", URL, SCHEMA_PATH, {"athlete": 200, "coach": 200, "staff": 200},
        query={"season": "{season}", "athlete": "{athlete}", "format": "json"},
    ),
    Case(
        "GET", URL, SCHEMA_PATH, {"teammate": 200, "coach": 200, "staff": 200},
        query={"season": "{season}", "athlete": "{teammate}", "part": "zones"},
    ),
    # Another squad's season, or another squad's athlete in your season: absent.
    Case(
        "GET", URL, SCHEMA_PATH, {"other_coach": 200, "staff": 200},
        query={"season": "{other_season}"},
    ),
    Case("GET", URL, SCHEMA_PATH, {}, query={"season": "{season}", "athlete": "{rival}"}),
    Case(
        "GET", URL, SCHEMA_PATH, {"other_coach": 200, "staff": 200},
        query={"season": "{other_season}", "athlete": "{rival}"},
    ),
    Case("GET", URL, SCHEMA_PATH, {}, query={"season": "{other_season}", "athlete": "{athlete}"}),
    # Bad input is a 400 for anyone signed in, before any lookup.
    Case(
        "GET", URL, SCHEMA_PATH, {}, default=400,
        query={"season": "{season}", "format": "pdf"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


# ---------------------------------------------------------------- the buttons on the pages


def page(world, role: str, url: str) -> str:
    client = world.client(role)
    response = client.get(url)
    assert response.status_code == 200, (role, url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "shown"),
    [("athlete", True), ("coach", True), ("staff", True), ("teammate", False)],
)
def test_the_athlete_page_offers_the_export_to_those_allowed(api_world, role, shown):
    squad = api_world.objects["squad"]
    squad.shares_results = True  # so the teammate may open the page, but not export it
    squad.save()
    html = page(api_world, role, f"/athletes/{api_world.ids['athlete']}/")
    link = f"{URL}?season={api_world.ids['season']}&amp;athlete={api_world.ids['athlete']}"
    assert ("Export season (CSV)" in html) is shown
    assert (f"{link}&amp;format=csv" in html) is shown
    assert (f"{link}&amp;format=json" in html) is shown


def test_the_squad_page_offers_the_squad_export_and_the_other_seasons(api_world):
    SeasonFactory(
        squad=api_world.objects["squad"],
        name="Last year",
        start=timezone.localdate() - timedelta(days=600),
        end=timezone.localdate() - timedelta(days=300),
    )
    html = page(api_world, "coach", f"/squads/{api_world.ids['squad']}/")
    assert f'href="{URL}?season={api_world.ids["season"]}&amp;format=csv"' in html
    assert "Export season (JSON)" in html
    assert "Last year" in html and 'name="season"' in html  # the form for another season
    assert "Away year" not in html


def test_the_links_download_what_they_say(api_world):
    html = page(api_world, "athlete", f"/athletes/{api_world.ids['athlete']}/")
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]
    href = next(h for h in hrefs if h.startswith(URL) and h.endswith("format=csv"))
    response = api_world.client("athlete").get(href)
    assert response.status_code == 200
    assert {row["athlete"] for row in csv_rows(response)} == {"Mateo"}
