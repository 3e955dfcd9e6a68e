"""/api/v1/dashboards/: the athlete's and the squad's dashboards, their numbers checked
against values worked out by hand for a small world, and who may read them."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from athletes import services as athlete_services
from tests.api_matrix import Case, check_case, matrix_params, read
from tests.factories import (
    AthleteFactory,
    SeasonFactory,
    SquadFactory,
    UserFactory,
    prescribed,
    reference_zones,
)
from workouts import services as workout_services
from workouts.dashboard_selectors import THRESHOLD_PCT

pytestmark = pytest.mark.django_db

FOUR_KS = "4 x 1K"
DEFAULTS = "1K @5K"
MILE = Decimal("1609.344")


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def run(session, athlete, splits_ms, by):
    """Record `splits_ms` for the athlete's reps, in order (None skips a rep)."""
    assignment = session.assignments.get(athlete=athlete)
    for rep, time_ms in zip(session.reps.order_by("n"), splits_ms, strict=False):
        if time_ms is not None:
            workout_services.split_record(
                assignment=assignment,
                rep=rep,
                time_ms=time_ms,
                client_key=uuid.uuid4(),
                entered_by=by,
            )


@pytest.fixture
def world():
    """Home: Mateo and Jonas with a 14:30 5K zone (every 1K target 2:54.0), Priya with too
    few reps, and Ines right on target; a season from 100 days ago; two sessions of 4 x 1K
    (10 and 3 days ago) and one 2 x 1K of another template. Mateo's races: a 14:20 5K PB two
    years back, a 14:30 in the season, a 14:10 entered by mistake (voided), a 4:00 mile."""
    coach = UserFactory(username="coach")
    squad = SquadFactory(name="Home", coaches=[coach])
    away_coach = UserFactory(username="away")
    away = SquadFactory(name="Away", coaches=[away_coach])
    names = ("Mateo", "Jonas", "Priya", "Ines")
    people = {
        name: AthleteFactory(squad=squad, name=name, user=UserFactory(username=name.lower()))
        for name in names
    }
    mateo = people["Mateo"]
    athlete_services.race_result_record(
        athlete=mateo, distance_m=5000, time_ms=860_000, on=days(-500), recorded_by=coach
    )
    for athlete in people.values():
        reference_zones(athlete, coach, on=days(-30))
    athlete_services.race_result_record(
        athlete=mateo, distance_m=5000, time_ms=870_000, on=days(-20), recorded_by=coach
    )
    athlete_services.race_result_record(
        athlete=mateo, distance_m=MILE, time_ms=240_000, on=days(-30), recorded_by=coach
    )
    mistake = athlete_services.race_result_record(
        athlete=mateo, distance_m=5000, time_ms=850_000, on=days(-10), recorded_by=coach
    )
    athlete_services.race_result_void(result=mistake, voided_by=coach)
    season = SeasonFactory(squad=squad, name="Now", start=days(-100), end=days(50))
    athletes = list(people.values())
    first = prescribed(
        athletes=athletes,
        coach=coach,
        notation=FOUR_KS,
        rules="",
        defaults=DEFAULTS,
        on=days(-10),
        name="1,000m Fours",
    )
    second = workout_services.session_prescribe(
        version=first.template_version, on=days(-3), athletes=athletes, by=coach
    )
    other = prescribed(
        athletes=athletes,
        coach=coach,
        notation="2 x 1K",
        rules="",
        defaults=DEFAULTS,
        on=days(-5),
        name="Twos",
    )
    run(first, mateo, [170_000, 171_000, 172_000, 171_000], coach)
    run(second, mateo, [170_000, 172_000, 171_000, 173_000], coach)
    run(first, people["Jonas"], [177_000] * 4, coach)
    run(second, people["Jonas"], [177_000] * 4, coach)
    run(first, people["Priya"], [175_000, 176_000], coach)
    run(first, people["Ines"], [174_000, 175_000, 173_000, 174_000], coach)
    run(second, people["Ines"], [174_000, 174_000, 174_000, 174_000], coach)
    run(other, mateo, [172_000, None], coach)
    away_athlete = AthleteFactory(squad=away, name="Rival")
    reference_zones(away_athlete, away_coach, on=days(-30))
    away_session = prescribed(
        athletes=[away_athlete], coach=away_coach, notation=FOUR_KS, rules="", on=days(-2)
    )
    return {
        "coach": coach,
        "squad": squad,
        "season": season,
        "first": first,
        "second": second,
        "other": other,
        "away": away,
        "away_template": away_session.template,
        "away_season": SeasonFactory(squad=away, name="Away now", start=days(-100), end=days(50)),
        **people,
    }


def as_coach(world) -> APIClient:
    client = APIClient()
    client.force_login(world["coach"])
    return client


# ---------------------------------------------------------------- the athlete's dashboard


def test_each_rep_has_its_target_split_and_difference(world):
    data = as_coach(world).get(f"/api/v1/dashboards/athletes/{world['Mateo'].pk}/").json()
    assert data["window"]["season"]["name"] == "Now"  # the season in force by default
    assert [s["date"] for s in data["sessions"]] == [
        days(-10).isoformat(),
        days(-5).isoformat(),
        days(-3).isoformat(),
    ]
    first_rep = data["sessions"][0]["reps"][0]
    assert first_rep["target_ms"] == 174_000  # 2:54.0 from the 14:30 5K zone
    assert first_rep["split_ms"] == 172_000 - 2_000  # 2:50
    assert first_rep["diff_ms"] == -4_000
    second = data["sessions"][0]["reps"][2]
    assert (second["split_ms"], second["diff_ms"]) == (172_000, -2_000)  # 2:52 is −2.0 s
    assert second["diff_pct"] == pytest.approx(-2 / 174 * 100)
    assert data["sessions"][0]["mean_diff_ms"] == pytest.approx(-3_000)  # (−4 −3 −2 −3) / 4
    twos = data["sessions"][1]["reps"]
    assert twos[1]["split_ms"] is None and twos[1]["diff_ms"] is None  # not in yet


def test_zones_come_as_dated_points_with_their_source_and_entry(world):
    mateo = world["Mateo"]
    data = as_coach(world).get(f"/api/v1/dashboards/athletes/{mateo.pk}/zones/").json()
    five_k = next(zone for zone in data["zones"] if zone["label"] == "5K")
    assert [(p["date"], p["time_ms"], p["source"]) for p in five_k["points"]] == [
        (days(-100).isoformat(), 860_000, "race"),  # the PB race held when the season began
        (days(-30).isoformat(), 870_000, "coach"),
        (days(-20).isoformat(), 870_000, "race"),
    ]  # the voided 14:10 is not a point
    entry_ids = set(mateo.zone_entries.values_list("pk", flat=True))
    assert all(p["entry_id"] in entry_ids for p in five_k["points"])


def test_personal_and_season_bests_leave_voided_races_out(world):
    data = as_coach(world).get(f"/api/v1/dashboards/athletes/{world['Mateo'].pk}/").json()
    races = {best["label"]: best for best in data["bests"]["races"]}
    assert races["5K"]["personal_best"]["time_ms"] == 860_000  # two years back
    assert races["5K"]["season_best"]["time_ms"] == 870_000  # 14:10 was voided
    assert races["Mile"]["personal_best"] == races["Mile"]["season_best"]
    reps = {best["label"]: best for best in data["bests"]["reps"]}
    assert reps["1,000m"]["time_ms"] == 170_000 and reps["1,000m"]["rep_n"] == 1


def test_a_window_of_dates_and_a_season(world):
    client, mateo = as_coach(world), world["Mateo"]
    url = f"/api/v1/dashboards/athletes/{mateo.pk}/"
    narrow = client.get(url, {"from": days(-4).isoformat(), "to": days(0).isoformat()}).json()
    assert [s["date"] for s in narrow["sessions"]] == [days(-3).isoformat()]
    assert narrow["bests"]["races"][0]["season_best"] is None  # no race in those days
    assert client.get(url, {"season": world["season"].pk}).status_code == 200
    assert client.get(url, {"season": world["away_season"].pk}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"from": "nope"},
        {"from": "2026-02-30"},
        {"from": "0001-01-01"},
        {"from": "2026-05-01", "to": "2026-04-01"},
        {"from": "2000-01-01", "to": "2026-01-01"},
        {"season": "x"},
        {"season": "99999999999999"},
        {"season": "1", "from": "2026-01-01"},
    ],
)
def test_bad_windows_are_400_with_a_message(world, query):
    response = as_coach(world).get(f"/api/v1/dashboards/athletes/{world['Mateo'].pk}/", query)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


# ---------------------------------------------------------------- the squad's dashboard


def squad_board(world, **query):
    response = as_coach(world).get(f"/api/v1/dashboards/squads/{world['squad'].pk}/", query)
    assert response.status_code == 200, response.content
    return response.json()


def test_ahead_on_and_behind_with_the_reps_they_rest_on(world):
    form = {row["athlete"]["name"]: row for row in squad_board(world)["form"]["athletes"]}
    assert squad_board(world)["form"]["threshold_pct"] == THRESHOLD_PCT
    # Mateo: eight 1Ks at 2:50–2:53 against 2:54.0; the median of −2.30, −2.30, −1.72,
    # −1.72, −1.72, −1.15, −1.15, −0.57 % is −1.72 %. The Twos (one split) do not count.
    assert form["Mateo"]["median_diff_pct"] == pytest.approx(-3 / 174 * 100)
    assert (form["Mateo"]["label"], form["Mateo"]["reps"], form["Mateo"]["sessions"]) == (
        "ahead",
        8,
        2,
    )
    assert form["Jonas"]["label"] == "behind"  # 2:57 every time: +1.72 %
    assert form["Jonas"]["median_diff_pct"] == pytest.approx(3 / 174 * 100)
    assert form["Ines"]["label"] == "on" and form["Ines"]["median_diff_pct"] == 0
    assert form["Priya"]["label"] == "too few reps" and form["Priya"]["reps"] == 0


def test_current_zones_and_the_last_sessions(world):
    board = squad_board(world)
    zones = {row["athlete"]["name"]: row["zones"] for row in board["zones"]}
    five_k = next(z for z in zones["Jonas"] if z["distance_m"] == 5000)
    assert (five_k["time_ms"], five_k["source"]) == (870_000, "coach")
    assert [s["date"] for s in board["recent_sessions"]] == [
        days(-3).isoformat(),
        days(-5).isoformat(),
        days(-10).isoformat(),
    ]  # newest first
    latest = board["recent_sessions"][0]
    jonas = next(a for a in latest["athletes"] if a["name"] == "Jonas")
    assert [r["diff_ms"] for r in jonas["reps"]] == [3_000] * 4
    assert jonas["mean_diff_pct"] == pytest.approx(3 / 174 * 100)
    assert [t["name"] for t in board["templates"]] == ["1,000m Fours", "Twos"]
    assert board["comparison"] is None


def test_a_template_compared_across_the_season(world):
    template = world["first"].template
    board = squad_board(world, template=template.pk)
    assert board["comparison"]["template"]["name"] == "1,000m Fours"
    sessions = board["comparison"]["sessions"]
    assert [s["date"] for s in sessions] == [days(-10).isoformat(), days(-3).isoformat()]
    mateo = [next(a for a in s["athletes"] if a["name"] == "Mateo") for s in sessions]
    assert [m["mean_diff_ms"] for m in mateo] == [-3_000, -2_500]  # (−4 −2 −3 −1) / 4
    assert [r["split_ms"] for r in mateo[1]["reps"]] == [170_000, 172_000, 171_000, 173_000]


def test_another_squads_template_or_season_is_404(world):
    client = as_coach(world)
    url = f"/api/v1/dashboards/squads/{world['squad'].pk}/"
    assert client.get(url, {"template": world["away_template"].pk}).status_code == 404
    assert client.get(url, {"season": world["away_season"].pk}).status_code == 404
    assert client.get(url, {"template": "zero"}).status_code == 400


# ---------------------------------------------------------------- queries stay flat


def grow(world, extra: int):
    """`extra` more athletes, each in both Fours with every split in."""
    for n in range(extra):
        athlete = AthleteFactory(squad=world["squad"], name=f"Extra {n}")
        reference_zones(athlete, world["coach"], on=days(-30))
        for session in (world["first"], world["second"]):
            version = session.template_version
            workout_services.session_prescribe(
                version=version, on=session.date, athletes=[athlete], by=world["coach"]
            )
            run(session, athlete, [174_000] * 4, world["coach"])


@pytest.mark.parametrize("extra", [0, 6])
def test_the_squad_dashboard_takes_the_same_queries_at_any_size(
    world, extra, django_assert_max_num_queries
):
    grow(world, extra)
    client = as_coach(world)
    url = f"/api/v1/dashboards/squads/{world['squad'].pk}/"
    with django_assert_max_num_queries(12):
        response = client.get(url, {"template": world["first"].template.pk})
    assert len(response.json()["zones"]) == 4 + extra


@pytest.mark.parametrize("extra_sessions", [0, 6])
def test_the_athlete_dashboard_takes_the_same_queries_at_any_size(
    world, extra_sessions, django_assert_max_num_queries
):
    mateo = world["Mateo"]
    for n in range(extra_sessions):
        session = prescribed(
            athletes=[mateo],
            coach=world["coach"],
            notation=FOUR_KS,
            rules="",
            defaults=DEFAULTS,
            on=days(-40 - n),
        )
        run(session, mateo, [173_000] * 4, world["coach"])
    client = as_coach(world)
    with django_assert_max_num_queries(11):
        response = client.get(f"/api/v1/dashboards/athletes/{mateo.pk}/")
    assert len(response.json()["sessions"]) == 3 + extra_sessions
    with django_assert_max_num_queries(7):
        client.get(f"/api/v1/dashboards/athletes/{mateo.pk}/zones/")


# ---------------------------------------------------------------- who may read them

ATHLETE_READERS = {"athlete": 200, "coach": 200, "staff": 200}
SQUAD_READERS = {"coach": 200, "staff": 200}
MATRIX = [
    read(
        "/api/v1/dashboards/athletes/{athlete}/",
        "/api/v1/dashboards/athletes/{id}/",
        **ATHLETE_READERS,
    ),
    read(
        "/api/v1/dashboards/athletes/{rival}/",
        "/api/v1/dashboards/athletes/{id}/",
        other_coach=200,
        staff=200,
    ),
    read(
        "/api/v1/dashboards/athletes/{athlete}/zones/",
        "/api/v1/dashboards/athletes/{id}/zones/",
        **ATHLETE_READERS,
    ),
    read(
        "/api/v1/dashboards/athletes/{teammate}/zones/",
        "/api/v1/dashboards/athletes/{id}/zones/",
        teammate=200,
        coach=200,
        staff=200,
    ),
    read("/api/v1/dashboards/squads/{squad}/", "/api/v1/dashboards/squads/{id}/", **SQUAD_READERS),
    read(
        "/api/v1/dashboards/squads/{other_squad}/",
        "/api/v1/dashboards/squads/{id}/",
        other_coach=200,
        staff=200,
    ),
    Case(
        "GET",
        "/api/v1/dashboards/squads/{squad}/",
        "/api/v1/dashboards/squads/{id}/",
        SQUAD_READERS,
        query={"template": "{template}", "season": "{season}"},
    ),
    # Another squad's template or season: 404 even to the squad's coach (and staff).
    Case(
        "GET",
        "/api/v1/dashboards/squads/{squad}/",
        "/api/v1/dashboards/squads/{id}/",
        {},
        query={"template": "{other_template}"},
    ),
    Case(
        "GET",
        "/api/v1/dashboards/athletes/{athlete}/",
        "/api/v1/dashboards/athletes/{id}/",
        {},
        query={"season": "{other_season}"},
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


def test_a_sharing_squad_opens_its_dashboard_to_its_athletes(api_world):
    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    client = api_world.client("teammate")
    assert client.get(f"/api/v1/dashboards/squads/{squad.pk}/").status_code == 200
    athlete = api_world.objects["athlete"]
    assert client.get(f"/api/v1/dashboards/athletes/{athlete.pk}/").status_code == 200
