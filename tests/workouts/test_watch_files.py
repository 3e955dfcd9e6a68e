"""Sessions as watch files on the pages: the athlete's .fit from their session page, any of
their athletes' from the coach's grid, the squad's zip; read back with the SDK's decoder."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from athletes import services as athlete_services
from athletes.errors import DomainError
from tests.factories import AthleteFactory, prescribed, reference_zones
from tests.workouts.fit_reading import decoded, work_reps
from workouts.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(squad_world):
    coach = squad_world["coach"]
    me, teammate = squad_world["me"], squad_world["teammate"]
    for athlete in (me, teammate):
        reference_zones(athlete, coach)
    session = prescribed(athletes=[me, teammate], coach=coach, name="1,000m Breakdowns")
    rival = squad_world["rival"]
    reference_zones(rival, squad_world["other_coach"])
    other = prescribed(athletes=[rival], coach=squad_world["other_coach"], name="Away")
    return {
        **squad_world,
        "session": session,
        "mine": session.assignments.get(athlete=me),
        "theirs": session.assignments.get(athlete=teammate),
        "other_session": other,
    }


def fit_url(assignment) -> str:
    return reverse("workouts:assignment_fit", args=[assignment.pk])


def test_the_athletes_page_offers_their_watch_file(client, world):
    client.force_login(world["me"].user)
    page = client.get(reverse("workouts:assignment_detail", args=[world["mine"].pk]))
    assert "Download for your watch (.fit)" in page.text
    assert fit_url(world["mine"]) in page.text
    page = client.get(reverse("workouts:session_detail", args=[world["session"].pk]))
    assert fit_url(world["mine"]) in page.text


def test_the_athlete_downloads_their_own_session_with_their_targets(client, world):
    client.force_login(world["me"].user)
    response = client.get(fit_url(world["mine"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ant.fit"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('-1000m-breakdowns-me.fit"')
    messages = decoded(response.content)
    assert messages["workout_mesgs"][0]["wkt_name"] == "1,000m Breakdowns"
    reps = work_reps(messages["workout_step_mesgs"])
    assert len(reps) == 16 and sum(rep.distance_m for rep in reps) == 8000
    fastest, slowest = reps[0].time_range_s(1000)
    assert fastest < 174.0 < slowest
    assert reps[0].name == "1K @5K 2:54"


@pytest.mark.parametrize(
    ("role", "whose", "expected"),
    [
        ("me", "mine", 200),
        ("teammate", "mine", 404),
        ("coach", "mine", 200),
        ("coach", "theirs", 200),
        ("staff", "mine", 200),
        ("other_coach", "mine", 404),
        ("rival", "mine", 404),
        ("nobody", "mine", 404),
    ],
)
def test_who_gets_an_athletes_file(client, world, role, whose, expected):
    user = world[role].user if role in ("me", "teammate", "rival") else world[role]
    client.force_login(user)
    assert client.get(fit_url(world[whose])).status_code == expected


def test_a_teammate_of_a_sharing_squad_still_gets_no_file(client, world):
    world["squad"].shares_results = True
    world["squad"].save()
    client.force_login(world["teammate"].user)
    assert client.get(fit_url(world["mine"])).status_code == 404


def test_signed_out_is_sent_to_sign_in(client, world):
    response = client.get(fit_url(world["mine"]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_download_costs_the_same_queries_whatever_the_session(client, world):
    client.force_login(world["me"].user)
    with CaptureQueriesContext(connection) as reference:
        assert client.get(fit_url(world["mine"])).status_code == 200
    small = prescribed(athletes=[world["me"]], coach=world["coach"], notation="1K", rules="")
    url = fit_url(small.assignments.get())
    with CaptureQueriesContext(connection) as tiny:
        response = client.get(url)
    assert response.status_code == 200
    assert len(tiny) == len(reference) <= 6


def test_the_coachs_grid_links_each_athletes_file_and_the_zip(client, world):
    client.force_login(world["coach"])
    page = client.get(reverse("workouts:session_detail", args=[world["session"].pk]))
    assert fit_url(world["mine"]) in page.text and fit_url(world["theirs"]) in page.text
    assert reverse("workouts:session_fit_zip", args=[world["session"].pk]) in page.text


def test_the_zip_holds_one_file_per_athlete_named_after_them(client, world):
    client.force_login(world["coach"])
    response = client.get(reverse("workouts:session_fit_zip", args=[world["session"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('-1000m-breakdowns-watch-files.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == ["me.fit", "teammate.fit"]
    for name in archive.namelist():
        reps = work_reps(decoded(archive.read(name))["workout_step_mesgs"])
        assert len(reps) == 16
        assert reps[0].time_range_s(1000)[0] < 174.0 < reps[0].time_range_s(1000)[1]


def test_two_athletes_of_one_name_keep_both_files(client, world):
    twin = AthleteFactory(squad=world["squad"], name="Me")
    reference_zones(twin, world["coach"])
    session = prescribed(athletes=[world["me"], twin], coach=world["coach"], notation="1K")
    client.force_login(world["coach"])
    response = client.get(reverse("workouts:session_fit_zip", args=[session.pk]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 2 and "me.fit" in names


def test_the_zip_costs_the_same_queries_for_more_athletes(client, world):
    client.force_login(world["coach"])
    url = reverse("workouts:session_fit_zip", args=[world["session"].pk])
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for n in range(3):
        athlete = AthleteFactory(squad=world["squad"], name=f"Extra {n}")
        prescribed(athletes=[athlete], coach=world["coach"], on=world["session"].date)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) >= 2
    assert len(more) == len(two)


@pytest.mark.parametrize("role", ["me", "teammate", "other_coach", "nobody"])
def test_only_the_coach_gets_the_zip(client, world, role):
    user = world[role].user if role in ("me", "teammate") else world[role]
    client.force_login(user)
    url = reverse("workouts:session_fit_zip", args=[world["session"].pk])
    assert client.get(url).status_code == 404


def test_the_squads_window_sets_the_watchs_range(client, world):
    athlete_services.squad_fit_window_set(squad=world["squad"], seconds_per_400=Decimal("4"))
    client.force_login(world["me"].user)
    first = work_reps(decoded(client.get(fit_url(world["mine"])).content)["workout_step_mesgs"])[0]
    fastest, slowest = first.time_range_s(1000)
    assert abs(fastest - 164.0) < 0.05 and abs(slowest - 184.0) < 0.05


def test_the_window_is_kept_sensible(world):
    with pytest.raises(DomainError):
        athlete_services.squad_fit_window_set(squad=world["squad"], seconds_per_400=Decimal(0))
    with pytest.raises(DomainError):
        athlete_services.squad_fit_window_set(squad=world["squad"], seconds_per_400=Decimal(21))


def test_the_coach_sets_the_window_beside_the_default_targets(client, world):
    client.force_login(world["coach"])
    page = client.get(reverse("athletes:squad_detail", args=[world["squad"].pk]))
    assert 'name="fit_window_s_per_400"' in page.text and 'value="2.0"' in page.text
    response = client.post(
        reverse("athletes:squad_defaults", args=[world["squad"].pk]),
        {"default_targets": world["squad"].default_targets, "fit_window_s_per_400": "3.5"},
    )
    assert response.status_code == 302
    world["squad"].refresh_from_db()
    assert world["squad"].fit_window_s_per_400 == Decimal("3.5")
    refused = client.post(
        reverse("athletes:squad_defaults", args=[world["squad"].pk]),
        {"default_targets": "", "fit_window_s_per_400": "0"},
    )
    assert refused.status_code != 302
    world["squad"].refresh_from_db()
    assert world["squad"].fit_window_s_per_400 == Decimal("3.5")


def test_a_stored_notation_that_no_longer_reads_still_gives_the_reps(client, world):
    Session.objects.filter(pk=world["session"].pk).update(notation="((( not notation")
    client.force_login(world["me"].user)
    response = client.get(fit_url(world["mine"]))
    assert response.status_code == 200
    reps = work_reps(decoded(response.content)["workout_step_mesgs"])
    assert [rep.distance_m for rep in reps][:3] == [1000, 1000, 500] and len(reps) == 16
