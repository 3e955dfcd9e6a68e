"""Moving, removing and copying sessions through the test client, plain and htmx, and the
calendar's "+" on a day: what the coach sees, and that nobody else reaches any of it."""

# ruff: noqa: F811 (the `world` fixture of test_views, taken as an argument)

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.workouts.test_views import DAY, HTMX, login, world  # noqa: F401 (the fixture)
from workouts import services
from workouts.models import Assignment, Session, Split


@pytest.fixture
def session(world):
    return services.session_prescribe(
        version=world["template"].versions.get(),
        on=DAY,
        athletes=[world["me"], world["teammate"]],
        by=world["coach"],
    )


def run(session, coach, *times_ms):
    assignment = Assignment.objects.filter(session=session).first()
    for n, time_ms in enumerate(times_ms, start=1):
        services.split_record(
            assignment=assignment,
            rep=session.reps.get(n=n),
            time_ms=time_ms,
            client_key=uuid.uuid4(),
            entered_by=coach,
        )


def test_moving_a_session_as_a_plain_form_goes_back_to_it_on_the_new_day(client, world, session):
    login(client, world["coach"])
    later = DAY + timedelta(days=2)
    response = client.post(
        reverse("workouts:session_move", args=[session.pk]), {"date": later.isoformat()}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f"moved to {later:%A %-d %B %Y}" in page
    session.refresh_from_db()
    assert session.date == later


def test_moving_with_htmx_redirects_and_a_refusal_stays_in_the_form(client, world, session):
    login(client, world["coach"])
    url = reverse("workouts:session_move", args=[session.pk])
    other = DAY + timedelta(days=7)
    services.session_prescribe(
        version=world["template"].versions.get(),
        on=other,
        athletes=[world["me"]],
        by=world["coach"],
    )

    refused = client.post(url, {"date": other.isoformat()}, headers=HTMX)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'id="move-form"' in html and "already prescribed on" in html
    assert f'value="{other.isoformat()}"' in html  # what was typed stays

    plain = client.post(url, {"date": other.isoformat()})
    assert plain.status_code == 422 and "already prescribed on" in plain.content.decode()

    moved = client.post(url, {"date": (DAY + timedelta(days=1)).isoformat()}, headers=HTMX)
    assert moved.status_code == 204
    assert moved["HX-Redirect"] == reverse("workouts:session_detail", args=[session.pk])


def test_removing_asks_first_naming_the_splits_that_will_go(client, world, session):
    run(session, world["coach"], 172_000, 174_000)
    login(client, world["coach"])
    url = reverse("workouts:session_remove", args=[session.pk])

    page = client.get(url).content.decode()
    assert "2 splits will go" in page
    run(session, world["coach"], 172_000, 174_000, 176_000)  # a third comes in meanwhile
    refused = client.post(url, {"splits": "2"})
    assert refused.status_code == 422 and "3 splits will go" in refused.content.decode()
    assert Session.objects.exists()

    response = client.post(url, {"splits": "3"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?date={DAY.isoformat()}")
    assert "removed, with 3 splits" in client.get(response["Location"]).content.decode()
    assert not Session.objects.exists() and not Split.objects.exists()


def test_removing_with_htmx_redirects_to_the_calendar(client, world, session):
    login(client, world["coach"])
    response = client.post(
        reverse("workouts:session_remove", args=[session.pk]), {"splits": "0"}, headers=HTMX
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(
        reverse("workouts:squad_calendar", args=[world["squad"].pk])
    )
    assert not Session.objects.exists()


def test_copying_the_week_twice_shows_the_sessions_once(client, world, session):
    login(client, world["coach"])
    url = reverse("workouts:sessions_copy_week", args=[world["squad"].pk])
    data = {"source": DAY.isoformat(), "target": (DAY + timedelta(days=7)).isoformat()}
    first = client.post(url, data)
    second = client.post(url, data, headers=HTMX)
    assert first.status_code == 302 and second.status_code == 204
    week = client.get(first["Location"]).content.decode()
    assert "Copied 1 session to this week." in week
    assert week.count("session-chip") == 1
    assert Session.objects.count() == 2


def test_the_calendar_plus_opens_prescribing_on_that_day(client, world):
    login(client, world["coach"])
    calendar = client.get(
        reverse("workouts:squad_calendar", args=[world["squad"].pk]),
        {"view": "week", "date": DAY.isoformat()},
    ).content.decode()
    library_url = reverse("workouts:template_library", args=[world["squad"].pk])
    assert f'href="{library_url}?date={DAY.isoformat()}"' in calendar
    library = client.get(library_url, {"date": DAY.isoformat()}).content.decode()
    prescribe_url = reverse("workouts:template_prescribe", args=[world["template"].pk])
    assert f"{prescribe_url}?date={DAY.isoformat()}" in library
    form = client.get(prescribe_url, {"date": DAY.isoformat()}).content.decode()
    assert f'value="{DAY.isoformat()}"' in form


@pytest.mark.parametrize(
    ("who", "status"),
    [("coach", 302), ("staff", 302), ("other_coach", 404), ("me", 404), ("nobody", 404)],
)
def test_managing_sessions_follows_the_permission_matrix(client, world, session, who, status):
    login(client, world["me"].user if who == "me" else world[who])
    later = (DAY + timedelta(days=14)).isoformat()
    remove = reverse("workouts:session_remove", args=[session.pk])
    assert client.get(remove).status_code == (200 if status == 302 else 404)
    copy = reverse("workouts:sessions_copy_week", args=[world["squad"].pk])
    assert client.post(copy, {"source": DAY.isoformat(), "target": later}).status_code == status
    move = reverse("workouts:session_move", args=[session.pk])
    elsewhere = (DAY + timedelta(days=21)).isoformat()
    assert client.post(move, {"date": elsewhere}).status_code == status
    assert Session.objects.count() == (2 if status == 302 else 1)
    assert client.post(remove, {"splits": "0"}).status_code == status
    assert Session.objects.count() == 1


def test_anonymous_is_sent_to_log_in_and_changes_nothing(client, world, session):
    for name, arg in [("session_move", session.pk), ("session_remove", session.pk)]:
        response = client.post(reverse(f"workouts:{name}", args=[arg]), {"date": "2026-12-09"})
        assert response["Location"].startswith(reverse("login"))
    copy = reverse("workouts:sessions_copy_week", args=[world["squad"].pk])
    assert client.post(copy, {"source": DAY.isoformat()})["Location"].startswith(reverse("login"))
    assert Session.objects.get().date == DAY
