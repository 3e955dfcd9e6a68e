"""Squad and athlete pages through the test client: who sees what, and 404 for the rest."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, AthleteFactory, RaceResultFactory, SeasonFactory


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_coach_sees_the_roster_with_logins_and_the_current_season(client, squad_world):
    squad = squad_world["squad"]
    SeasonFactory(squad=squad, name="2026–27 Indoor")
    login(client, squad_world["coach"])
    page = client.get(reverse("athletes:squad_detail", args=[squad.pk])).content.decode()
    assert "Me" in page and "Teammate" in page and "Rival" not in page
    assert "2026–27 Indoor" in page
    assert ">me<" in page  # the login column is shown to coaches


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("coach", "squad", 200),
        ("coach", "other_squad", 404),
        ("other_coach", "squad", 404),
        ("staff", "other_squad", 200),
    ],
)
def test_squad_page_by_id(client, squad_world, who, target, status):
    login(client, squad_world[who])
    url = reverse("athletes:squad_detail", args=[squad_world[target].pk])
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("me", "me", 200),
        ("me", "teammate", 404),
        ("me", "rival", 404),
        ("coach", "teammate", 200),
        ("coach", "rival", 404),
        ("other_coach", "me", 404),
    ],
)
def test_athlete_page_by_id(client, squad_world, who, target, status):
    user = squad_world[who].user if who == "me" else squad_world[who]
    login(client, user)
    url = reverse("athletes:athlete_detail", args=[squad_world[target].pk])
    assert client.get(url).status_code == status


def test_anonymous_is_sent_to_login(client, squad_world):
    url = reverse("athletes:athlete_detail", args=[squad_world["me"].pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_athlete_page_shows_race_results_as_runners_write_them(client, squad_world):
    me = squad_world["me"]
    RaceResultFactory(athlete=me, time_ms=870_000)
    login(client, me.user)
    page = client.get(reverse("athletes:athlete_detail", args=[me.pk])).content.decode()
    assert "14:30" in page
    assert "5,000m" in page or "5K" in page


def test_squad_list_shows_only_coached_squads(client, squad_world):
    login(client, squad_world["coach"])
    page = client.get(reverse("athletes:squad_list")).content.decode()
    assert "Home" in page and "Away" not in page


def test_roster_queries_do_not_grow_with_athletes(
    client, squad_world, django_assert_max_num_queries
):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    url = reverse("athletes:squad_detail", args=[squad.pk])
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    AthleteFactory.create_batch(30, squad=squad)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
