"""The coach's landing page: today's and tomorrow's sessions with the splits in, suggested
zone updates waiting, and athletes whose zones give no target for a coming session."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, AthleteFactory, prescribed, reference_zones
from tests.workouts.test_suggestions import fast_fortnight, run_1ks


def coach_page(client, world) -> str:
    assert client.login(username=world["coach"].username, password=PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_todays_session_shows_how_many_splits_are_in(client, squad_world):
    me, mate, coach = squad_world["me"], squad_world["teammate"], squad_world["coach"]
    for athlete in (me, mate):
        reference_zones(athlete, coach)
    session = run_1ks(me, coach, days_ago=0, times_ms=[172_000, 171_000, 173_000], name="Ks")
    prescribed(athletes=[mate], coach=coach, notation="3 x 1K @5K", rules="", defaults="")
    assert session.assignments.count() == 1  # the teammate's is another session
    page = coach_page(client, squad_world)
    assert "3 of 3 splits in, 1 athlete" in page
    assert "0 of 3 splits in, 1 athlete" in page


def test_a_corrected_or_removed_split_counts_once_or_not_at_all(client, squad_world):
    import uuid

    from workouts import services

    me, coach = squad_world["me"], squad_world["coach"]
    reference_zones(me, coach)
    session = run_1ks(me, coach, days_ago=0, times_ms=[172_000, 171_000], name="Ks")
    assignment, (first, second) = session.assignments.get(), session.reps.order_by("n")
    services.split_record(
        assignment=assignment, rep=first, time_ms=172_500, client_key=uuid.uuid4(), entered_by=coach
    )
    services.split_remove(
        assignment=assignment, rep=second, client_key=uuid.uuid4(), entered_by=coach
    )
    assert "1 of 2 splits in" in coach_page(client, squad_world)


def test_tomorrows_session_is_listed_apart_from_today(client, squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    reference_zones(me, coach)
    prescribed(
        athletes=[me],
        coach=coach,
        notation="4 x 400m @mile",
        rules="",
        defaults="",
        on=timezone.localdate() + timedelta(days=1),
        name="Tomorrow's 400s",
    )
    page = coach_page(client, squad_world)
    assert "No session today." in page
    assert page.index("Tomorrow's sessions") < page.index("Tomorrow&#x27;s 400s")


def test_suggestions_waiting_link_to_the_athletes_evidence(client, squad_world):
    me = squad_world["me"]
    fast_fortnight(me, squad_world["coach"])
    page = coach_page(client, squad_world)
    assert reverse("workouts:zone_suggestions", args=[me.pk]) in page
    assert "5K 14:30 → 14:05" in page


def test_an_athlete_with_no_zone_for_a_coming_session_is_named(client, squad_world):
    me, mate, coach = squad_world["me"], squad_world["teammate"], squad_world["coach"]
    reference_zones(me, coach)  # 5K and mile; the teammate has none
    prescribed(
        athletes=[me, mate],
        coach=coach,
        notation="3 x 1K @5K / 4 x 200m @400",
        rules="",
        defaults="",
        on=timezone.localdate() + timedelta(days=3),
        name="Thursday",
    )
    page = coach_page(client, squad_world)
    assert "Teammate</a> has no\n      400, 5K zone for" in page
    assert "Me</a> has no\n      400 zone for" in page


def test_the_landing_page_queries_do_not_grow(client, squad_world, django_assert_num_queries):
    coach, squad = squad_world["coach"], squad_world["squad"]
    fast_fortnight(squad_world["me"], coach)
    run_1ks(squad_world["me"], coach, days_ago=0, times_ms=[172_000], name="Today")
    tomorrows_200s(squad_world["me"], coach)
    assert client.login(username=coach.username, password=PASSWORD)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for n in range(4):
        athlete = AthleteFactory(squad=squad, name=f"Extra {n}")
        fast_fortnight(athlete, coach)
        run_1ks(athlete, coach, days_ago=0, times_ms=[172_000], name=f"Today {n}")
        tomorrows_200s(athlete, coach)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert page.count("splits in") == 10


def tomorrows_200s(athlete, coach):
    """A session tomorrow whose 200s target the 400 zone, which nobody has."""
    prescribed(
        athletes=[athlete],
        coach=coach,
        notation="2 x 200m @400",
        rules="",
        defaults="",
        on=timezone.localdate() + timedelta(days=1),
    )
