"""Bad input gets a clear message and changes nothing: never a 500 (the reviewer's list)."""

import threading
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from athletes import services as athlete_services
from athletes.models import RaceResult
from tests.factories import PASSWORD
from workouts import services
from workouts.models import RepTarget

HTMX = {"HX-Request": "true"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def session(squad_world):
    coach, me = squad_world["coach"], squad_world["me"]
    athlete_services.race_result_record(
        athlete=me,
        distance_m=Decimal(5000),
        time_ms=870_000,
        on=date(2026, 11, 1),
        recorded_by=coach,
    )
    template = services.template_create(
        squad=squad_world["squad"],
        name="400s",
        content=services.TemplateContent("4 x 400m @5K-70s / 2 x 1K @5K"),
        tags=[],
        created_by=coach,
    )
    return services.session_prescribe(
        version=template.versions.get(), on=date(2026, 12, 1), athletes=[me], by=coach
    )


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("time", "1430", "did you mean 14:30?"),
        ("date", "0001-01-01", "before 1 Jan 1900"),
        ("date", "2999-01-01", "check the date"),
        ("distance", "600km", "A race is 100m to 500km"),
        ("distance", "5000km", "over 1,000 km"),
        ("distance", "50", "A race is 100m to 500km"),
    ],
)
def test_race_form_refuses_what_no_coach_means(client, squad_world, field, typed, message):
    login(client, squad_world["coach"])
    data = {"distance": "5000", "time": "14:30", "date": "2026-11-01", field: typed}
    url = reverse("athletes:race_result_add", args=[squad_world["me"].pk])
    response = client.post(url, data, headers=HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not RaceResult.objects.exists()


def test_an_adjustment_no_pace_survives_is_no_target_not_an_error(client, session):
    target = RepTarget.objects.get(rep__n=1)
    assert target.time_ms is None and "400" in target.reason
    assert RepTarget.objects.get(rep__n=5).time_ms == 174_000


@pytest.mark.parametrize("typed", ["0.0001", "27:46:39"])
def test_an_impossible_override_is_refused(client, squad_world, session, typed):
    target = RepTarget.objects.get(rep__n=5)
    login(client, squad_world["coach"])
    url = reverse("workouts:target_override", args=[session.pk])
    page = client.post(url, {"target": target.pk, "time": typed})
    assert page.status_code == 422  # the grid again, the refusal beside the time as typed
    assert f'value="{typed}"' in page.content.decode()
    assert "check the time" in page.content.decode() or "more than zero" in page.content.decode()
    target.refresh_from_db()
    assert target.override_ms is None


@pytest.mark.parametrize("target_id", ["²", "abc", "", "999999"])
def test_an_override_for_a_target_that_is_not_there_is_404(client, squad_world, session, target_id):
    login(client, squad_world["coach"])
    url = reverse("workouts:target_override", args=[session.pk])
    assert client.post(url, {"target": target_id, "time": "2:50"}).status_code == 404


def test_garbled_ids_and_dates_in_urls_do_not_break_pages(client, squad_world):
    login(client, squad_world["coach"])
    squad = squad_world["squad"]
    preview = reverse("workouts:template_preview", args=[squad.pk])
    data = {"name": "x", "notation": "2 x 1K", "preview_athlete": "abc", "preview_date": "soon"}
    assert client.post(preview, data, headers=HTMX).status_code == 200
    calendar = reverse("workouts:squad_calendar", args=[squad.pk])
    for day in ["9999-12-15", "0001-01-01", "yesterday"]:
        assert client.get(calendar, {"date": day}).status_code == 200


def test_duplicating_a_template_with_a_long_name_fits_the_field(squad_world):
    long_name = "B" * 120
    template = services.template_create(
        squad=squad_world["squad"],
        name=long_name,
        content=services.TemplateContent("2 x 1K"),
        tags=[],
        created_by=squad_world["coach"],
    )
    first = services.template_duplicate(template=template, by=squad_world["coach"])
    second = services.template_duplicate(template=template, by=squad_world["coach"])
    assert first.name.endswith(" (copy)") and second.name.endswith(" (copy 2)")
    assert len(second.name) <= 120


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_arriving_at_once_records_one_race(squad_world):
    me, coach, key = squad_world["me"], squad_world["coach"], uuid.uuid4()
    errors, start = [], threading.Barrier(2)

    def submit():
        try:
            start.wait()
            athlete_services.race_result_record(
                athlete=me,
                distance_m=Decimal(5000),
                time_ms=870_000,
                on=date(2026, 11, 1),
                recorded_by=coach,
                client_key=key,
            )
        except Exception as error:  # collected: the test fails on any
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert RaceResult.objects.filter(client_key=key).count() == 1
