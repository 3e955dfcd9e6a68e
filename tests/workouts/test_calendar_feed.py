"""The athlete's calendar feed (workouts.calendar_views) through the test client, signed out
as a calendar app is: read back with icalendar as a phone would read it."""

import re
from datetime import date, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import services as athlete_services
from tests.factories import AthleteFactory, prescribed, reference_zones
from workouts import services
from workouts.calendar_views import FEED_DAYS_BACK
from workouts.models import Assignment, RepTarget, Session

FEED_QUERIES = 4  # the secret, the assignments with their sessions, their reps, their targets


@pytest.fixture
def mateo(squad_world):
    """squad_world's "me" with the reference zones (14:30 5K, 4:00 mile), prescribed the
    reference session today with a teammate who has no zones, and their feeds."""
    me, coach = squad_world["me"], squad_world["coach"]
    reference_zones(me, coach)
    session = prescribed(
        athletes=[me, squad_world["teammate"]], coach=coach, name="1,000m Breakdowns"
    )
    return {
        **squad_world,
        "session": session,
        "feed": athlete_services.calendar_feed_ensure(athlete=me, by=me.user),
    }


def feed_url(secret: str) -> str:
    return reverse("workouts:calendar_feed", args=[secret])


def read_feed(client, secret: str) -> icalendar.Calendar:
    response = client.get(feed_url(secret))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def rep_lines(event: icalendar.Event) -> list[str]:
    """The description's rep lines ("7. 1K @5K — 2:54.0, then 400m"), not the notation."""
    return [line for line in str(event["DESCRIPTION"]).splitlines() if re.match(r"\d+\. ", line)]


def test_the_feed_is_a_private_calendar_read_without_signing_in(client, mateo):
    response = client.get(feed_url(mateo["feed"].secret))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cache = [part.strip() for part in response["Cache-Control"].split(",")]
    assert "private" in cache and "no-store" in cache
    assert "public" not in cache
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Breakdown — Me"


def test_one_all_day_event_per_session_with_its_name_date_and_page(client, mateo):
    assignment = Assignment.objects.get(session=mateo["session"], athlete=mateo["me"])
    (event,) = events_of(read_feed(client, mateo["feed"].secret))
    assert str(event["SUMMARY"]) == "1,000m Breakdowns"
    start = event.decoded("DTSTART")
    assert type(start) is date and start == timezone.localdate()  # a date, not a datetime
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTEND") == start + timedelta(days=1)
    assert str(event["UID"]) == f"assignment-{assignment.pk}@breakdown"
    page = f"http://testserver{reverse('workouts:assignment_detail', args=[assignment.pk])}"
    assert str(event["URL"]) == page
    assert page in str(event["DESCRIPTION"])
    assert isinstance(event.decoded("DTSTAMP"), datetime)
    assert event.decoded("LAST-MODIFIED") == event.decoded("DTSTAMP")


def test_the_reference_session_lists_its_16_reps_with_the_athletes_targets(client, mateo):
    (event,) = events_of(read_feed(client, mateo["feed"].secret))
    description = str(event["DESCRIPTION"])
    assert description.startswith(mateo["session"].notation + "\n")
    assert "Recovery: 400m in 3'-4' after 1K rep" in description
    lines = rep_lines(event)
    assert len(lines) == 16
    assert [line.split(".")[0] for line in lines] == [str(n) for n in range(1, 17)]
    assert lines[0] == "1. 1K @5K — 2:54.0, then 400m in 3'-4'"  # 14:30 5K -> 2:54.0 1K
    assert lines[2] == "3. 500m @mile — 1:14.6, then 300m"  # 4:00 mile
    assert lines[12] == "13. 1K @5K — 2:54.0, then 400m in 3'-4'"
    # No 800 zone: the reason the session page gives, in place of a time.
    assert lines[3] == "4. 300m @800 — no 800 zone yet, then 200m"
    assert lines[15] == "16. 200m @400 — no 400 zone yet"


def test_an_athlete_without_zones_reads_why_each_rep_has_no_time(client, mateo):
    teammate = mateo["teammate"]
    feed = athlete_services.calendar_feed_ensure(athlete=teammate, by=teammate.user)
    (event,) = events_of(read_feed(client, feed.secret))
    assert rep_lines(event)[0] == "1. 1K @5K — no 5K zone yet, then 400m in 3'-4'"
    assert str(read_feed(client, feed.secret)["X-WR-CALNAME"]) == "Breakdown — Teammate"


def test_the_coachs_override_shows_with_its_note_and_keeps_the_uid(client, mateo):
    secret = mateo["feed"].secret
    an_hour_ago = timezone.now() - timedelta(hours=1)  # the feed's times are to the second
    Session.objects.filter(pk=mateo["session"].pk).update(created_at=an_hour_ago)
    RepTarget.objects.filter(assignment__session=mateo["session"]).update(changed_at=an_hour_ago)
    (before,) = events_of(read_feed(client, secret))
    target = RepTarget.objects.get(
        assignment__session=mateo["session"], assignment__athlete=mateo["me"], rep__n=1
    )
    services.target_override(
        target=target, time_ms=170_000, note="windy: go with the group", by=mateo["coach"]
    )
    (after,) = events_of(read_feed(client, secret))
    assert rep_lines(after)[0] == (
        "1. 1K @5K — 2:50.0 (coach's target: windy: go with the group), then 400m in 3'-4'"
    )
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")


def test_the_uid_is_stable_across_reads_and_a_move(client, mateo):
    secret = mateo["feed"].secret
    (first,) = events_of(read_feed(client, secret))
    (again,) = events_of(read_feed(client, secret))
    assert str(again["UID"]) == str(first["UID"])
    assert again.decoded("DTSTAMP") == first.decoded("DTSTAMP")  # reading again changes nothing
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.session_move(session=mateo["session"], on=tomorrow, by=mateo["coach"])
    (moved,) = events_of(read_feed(client, secret))
    assert str(moved["UID"]) == str(first["UID"])
    assert moved.decoded("DTSTART") == tomorrow


def test_only_the_athletes_own_sessions_from_90_days_ago_on(client, mateo):
    me, coach, teammate = mateo["me"], mateo["coach"], mateo["teammate"]
    today = timezone.localdate()
    for days, name in ((FEED_DAYS_BACK + 1, "Too old"), (FEED_DAYS_BACK, "Oldest shown")):
        prescribed(athletes=[me], coach=coach, on=today - timedelta(days=days), name=name)
    prescribed(athletes=[me], coach=coach, on=today + timedelta(days=30), name="Next month")
    prescribed(athletes=[teammate], coach=coach, name="Teammate only")
    events = events_of(read_feed(client, mateo["feed"].secret))
    assert [str(event["SUMMARY"]) for event in events] == [
        "Oldest shown",
        "1,000m Breakdowns",
        "Next month",
    ]
    assert events[0].decoded("DTSTART") == today - timedelta(days=FEED_DAYS_BACK)


def test_an_athlete_with_no_sessions_has_an_empty_calendar(client, squad_world):
    lonely = AthleteFactory(squad=squad_world["squad"], name="New, Starter; Jr")
    feed = athlete_services.calendar_feed_ensure(athlete=lonely, by=squad_world["coach"])
    calendar = read_feed(client, feed.secret)
    assert events_of(calendar) == []
    assert str(calendar["X-WR-CALNAME"]) == "Breakdown — New, Starter; Jr"  # escaped and back


@pytest.mark.parametrize(
    "secret", ["unknown", "x" * 43, "x" * 65, "1", "%2e%2e", "' OR 1=1 --", "a.b"]
)
def test_an_unknown_secret_answers_404(client, mateo, secret):
    assert client.get(feed_url(secret)).status_code == 404


def test_a_reset_secret_answers_404_at_once_and_the_new_one_works(client, mateo):
    me, old = mateo["me"], mateo["feed"].secret
    new = athlete_services.calendar_feed_reset(athlete=me, by=me.user).secret
    assert new != old
    assert client.get(feed_url(old)).status_code == 404
    assert len(events_of(read_feed(client, new))) == 1


def test_the_secret_is_the_key_not_a_sign_in(client, mateo):
    """Signed in as the athlete's coach, an unknown secret is still 404: the feed looks at
    nothing but its address."""
    client.force_login(mateo["coach"])
    assert client.get(feed_url("not-the-secret")).status_code == 404
    assert client.get(feed_url(mateo["feed"].secret)).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_feed_is_read_only(client, mateo, method):
    response = getattr(client, method)(feed_url(mateo["feed"].secret))
    assert response.status_code == 405


def test_head_answers_like_get_without_a_body(client, mateo):
    response = client.head(feed_url(mateo["feed"].secret))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content == b""


@pytest.mark.parametrize("sessions", [2, 20])
def test_the_feed_reads_in_constant_queries(
    client, squad_world, sessions, django_assert_max_num_queries
):
    """Two sessions or twenty, 16 reps each with a target: the same four queries."""
    me, coach = squad_world["me"], squad_world["coach"]
    reference_zones(me, coach)
    today = timezone.localdate()
    for n in range(sessions):
        prescribed(athletes=[me], coach=coach, on=today + timedelta(days=n), name=f"Day {n}")
    feed = athlete_services.calendar_feed_ensure(athlete=me, by=coach)
    with django_assert_max_num_queries(FEED_QUERIES):
        response = client.get(feed_url(feed.secret))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert len(events_of(calendar)) == sessions
    assert all(len(rep_lines(event)) == 16 for event in events_of(calendar))
