"""The calendar link on the athlete's page: made the first time the page shows it, shown to
the athlete and those who may change the athlete, reset by them with a POST; 404 for
everyone else."""

import pytest
from django.test import Client
from django.urls import reverse

from athletes import services
from athletes.models import CalendarFeed
from tests.factories import PASSWORD

HTMX = {"HX-Request": "true"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def world(squad_world):
    """squad_world whose squad shares results, so the teammate may read the athlete's page
    (but not see their calendar link)."""
    squad = squad_world["squad"]
    squad.shares_results = True
    squad.save()
    return squad_world


def user_of(world, who):
    return world[who].user if who in ("me", "teammate") else world[who]


def page(client, athlete, **query):
    response = client.get(reverse("athletes:athlete_detail", args=[athlete.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def feed_path(secret: str) -> str:
    return reverse("workouts:calendar_feed", args=[secret])


@pytest.mark.parametrize("who", ["me", "coach", "staff"])
def test_the_athlete_their_coach_and_staff_see_the_link_made_when_first_shown(client, world, who):
    me = world["me"]
    assert not CalendarFeed.objects.exists()
    login(client, user_of(world, who))
    shown = page(client, me)
    feed = CalendarFeed.objects.get(athlete=me)
    assert f"http://testserver{feed_path(feed.secret)}" in shown
    assert f"webcal://testserver{feed_path(feed.secret)}" in shown
    assert "Reset calendar link" in shown
    assert len(feed.secret) >= 43  # token_urlsafe(32): 256 random bits
    assert feed.made_by == user_of(world, who)
    page(client, me)
    assert CalendarFeed.objects.get(athlete=me).secret == feed.secret  # shown again, not remade


def test_a_teammate_reads_the_page_without_the_link_and_makes_none(client, world):
    login(client, world["teammate"].user)
    shown = page(client, world["me"])
    assert "Reset calendar link" not in shown
    assert "/calendar/" not in shown
    assert not CalendarFeed.objects.exists()


def test_an_htmx_swap_of_the_page_keeps_the_link(client, world):
    me = world["me"]
    login(client, me.user)
    page(client, me)
    feed = CalendarFeed.objects.get(athlete=me)
    response = client.get(reverse("athletes:athlete_detail", args=[me.pk]), headers=HTMX)
    assert feed_path(feed.secret) in response.content.decode()


def test_the_link_answers_the_feed_signed_out(client, world):
    me = world["me"]
    login(client, me.user)
    page(client, me)
    secret = CalendarFeed.objects.get(athlete=me).secret
    assert Client().get(feed_path(secret)).status_code == 200


# Who may reset the athlete's link: the athlete, their coach and staff; anyone else is told
# the page is not there (404), and anonymous is sent to sign in. Nobody else changes it.
@pytest.mark.parametrize(
    ("who", "status", "reset"),
    [
        ("me", 302, True),
        ("coach", 302, True),
        ("staff", 302, True),
        ("teammate", 404, False),
        ("other_coach", 404, False),
        ("nobody", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_who_may_reset_the_link(client, world, who, status, reset):
    me = world["me"]
    old = services.calendar_feed_ensure(athlete=me, by=me.user).secret
    if who != "anonymous":
        login(client, user_of(world, who))
    response = client.post(reverse("athletes:calendar_feed_reset", args=[me.pk]))
    assert response.status_code == status
    new = CalendarFeed.objects.get(athlete=me).secret
    assert (new != old) is reset
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if reset:
        assert response["Location"].endswith(
            reverse("athletes:athlete_detail", args=[me.pk]) + "#calendar"
        )
        assert Client().get(feed_path(old)).status_code == 404
        assert Client().get(feed_path(new)).status_code == 200
    else:
        assert Client().get(feed_path(old)).status_code == 200


def test_the_rival_squads_athlete_cannot_be_reset_by_this_coach(client, world):
    rival = world["rival"]
    old = services.calendar_feed_ensure(athlete=rival, by=rival.user).secret
    login(client, world["coach"])
    response = client.post(reverse("athletes:calendar_feed_reset", args=[rival.pk]))
    assert response.status_code == 404
    assert CalendarFeed.objects.get(athlete=rival).secret == old


def test_reset_is_post_only(client, world):
    me = world["me"]
    old = services.calendar_feed_ensure(athlete=me, by=me.user).secret
    login(client, me.user)
    url = reverse("athletes:calendar_feed_reset", args=[me.pk])
    for method in ("get", "put", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert CalendarFeed.objects.get(athlete=me).secret == old


def test_reset_needs_the_csrf_token(world):
    me = world["me"]
    old = services.calendar_feed_ensure(athlete=me, by=me.user).secret
    client = Client(enforce_csrf_checks=True)
    login(client, me.user)
    url = reverse("athletes:calendar_feed_reset", args=[me.pk])
    assert client.post(url).status_code == 403
    assert CalendarFeed.objects.get(athlete=me).secret == old


def test_the_page_after_a_reset_shows_the_new_link_and_says_the_old_one_stopped(client, world):
    me = world["me"]
    login(client, me.user)
    page(client, me)
    old = CalendarFeed.objects.get(athlete=me).secret
    response = client.post(reverse("athletes:calendar_feed_reset", args=[me.pk]), follow=True)
    new = CalendarFeed.objects.get(athlete=me).secret
    shown = response.content.decode()
    assert feed_path(new) in shown and feed_path(old) not in shown
    assert "the old one no longer works" in shown


def test_an_htmx_reset_answers_the_page_body_with_the_new_link(client, world):
    me = world["me"]
    login(client, world["coach"])
    page(client, me)
    response = client.post(reverse("athletes:calendar_feed_reset", args=[me.pk]), headers=HTMX)
    assert response.status_code == 200
    new = CalendarFeed.objects.get(athlete=me).secret
    assert feed_path(new) in response.content.decode()


def test_the_services_make_one_feed_and_a_reset_a_new_unguessable_secret(world):
    me, coach = world["me"], world["coach"]
    first = services.calendar_feed_ensure(athlete=me, by=me.user)
    assert services.calendar_feed_ensure(athlete=me, by=coach).pk == first.pk
    secrets_seen = {first.secret}
    for _ in range(5):
        feed = services.calendar_feed_reset(athlete=me, by=coach)
        assert feed.pk == first.pk and feed.made_by == coach
        secrets_seen.add(feed.secret)
    assert len(secrets_seen) == 6
    assert CalendarFeed.objects.filter(athlete=me).count() == 1


def test_resetting_a_link_never_shown_makes_one(world):
    me = world["me"]
    feed = services.calendar_feed_reset(athlete=me, by=me.user)
    assert CalendarFeed.objects.get(athlete=me).secret == feed.secret
