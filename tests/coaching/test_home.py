from django.urls import reverse

from tests.factories import PASSWORD, SquadFactory


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_coach_lands_on_their_day_with_a_link_to_their_squad(client, squad_world):
    login(client, squad_world["coach"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("athletes:squad_detail", args=[squad_world["squad"].pk]) in page
    assert "No session today." in page


def test_coach_of_two_squads_sees_both(client, squad_world):
    juniors = SquadFactory(name="Juniors", coaches=[squad_world["coach"]])
    login(client, squad_world["coach"])
    page = client.get(reverse("home")).content.decode()
    assert "Home" in page and reverse("athletes:squad_detail", args=[juniors.pk]) in page


def test_athlete_lands_on_their_sessions(client, squad_world):
    login(client, squad_world["me"].user)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workouts:my_sessions")
    assert "Me" in response.content.decode()


def test_login_without_a_role_is_told_what_to_do(client, squad_world):
    login(client, squad_world["nobody"])
    assert "not linked to a squad" in client.get(reverse("home")).content.decode()


def test_anonymous_is_asked_to_log_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_and_logout_pages(client, squad_world):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b'name="password"' in page.content
    response = client.post(reverse("login"), {"username": "coach", "password": PASSWORD})
    assert response["Location"] == reverse("home")


def test_wrong_password_shows_an_error_and_logs_nobody_in(client, squad_world):
    response = client.post(reverse("login"), {"username": "coach", "password": "wrong"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, squad_world):
    login(client, squad_world["coach"])
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_menu_offers_what_permissions_allow(client, squad_world):
    """Staff who coach no squad still get "Squads"; an athlete gets "My sessions"."""
    client.force_login(squad_world["staff"])
    page = client.get("/squads/").content.decode()
    assert ">Squads</a>" in page and ">Admin</a>" in page and ">My sessions</a>" not in page
    client.force_login(squad_world["me"].user)
    page = client.get("/sessions/").content.decode()
    assert ">My sessions</a>" in page and ">Squads</a>" not in page
