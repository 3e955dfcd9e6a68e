"""The dashboards' pages: who may open them (404 for anyone else), and that each page names
its API endpoint and scripts, with no numbers baked in."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# Home does not share results: a teammate may not see Mateo's dashboard nor the squad's.
ATHLETE_PAGE = {"athlete": 200, "coach": 200, "staff": 200}
SQUAD_PAGE = {"coach": 200, "staff": 200}
ROLES = ("athlete", "teammate", "coach", "other_coach", "staff", "nobody")


@pytest.mark.parametrize("role", ROLES)
def test_the_athlete_dashboard_opens_to_who_may_see_the_athlete(client, api_world, role):
    client.force_login(api_world.users[role])
    url = reverse("athlete_dashboard", args=[api_world.ids["athlete"]])
    assert client.get(url).status_code == ATHLETE_PAGE.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_squad_dashboard_opens_to_its_coach_and_staff(client, api_world, role):
    client.force_login(api_world.users[role])
    url = reverse("squad_dashboard", args=[api_world.ids["squad"]])
    assert client.get(url).status_code == SQUAD_PAGE.get(role, 404)


def test_a_sharing_squad_opens_its_dashboard_to_its_athletes(client, api_world):
    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    client.force_login(api_world.users["teammate"])
    assert client.get(reverse("squad_dashboard", args=[squad.pk])).status_code == 200


def test_anonymous_is_sent_to_sign_in(client, api_world):
    response = client.get(reverse("squad_dashboard", args=[api_world.ids["squad"]]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_such_ids_are_404(client, api_world):
    client.force_login(api_world.users["staff"])
    assert client.get("/athletes/999999/dashboard/").status_code == 404
    assert client.get("/squads/999999/dashboard/").status_code == 404


def test_each_page_carries_its_api_url_and_scripts_with_the_nonce(client, api_world):
    client.force_login(api_world.users["coach"])
    athlete, squad = api_world.ids["athlete"], api_world.ids["squad"]
    page = client.get(reverse("athlete_dashboard", args=[athlete])).content.decode()
    assert f'data-api="/api/v1/dashboards/athletes/{athlete}/"' in page
    assert "js/dashboard-athlete.js" in page and "vendor/chartjs/chart.umd.min.js" in page
    page = client.get(reverse("squad_dashboard", args=[squad])).content.decode()
    assert f'data-api="/api/v1/dashboards/squads/{squad}/"' in page
    assert "js/dashboard-squad.js" in page
    for script in re.findall(r"<script[^>]*>", page):
        assert "nonce=" in script and "src=" in script  # no inline scripts
    assert "style=" not in page


def test_the_athlete_page_chart_reads_the_api_and_links_the_dashboard(client, api_world):
    client.force_login(api_world.users["coach"])
    athlete = api_world.ids["athlete"]
    page = client.get(reverse("athletes:athlete_detail", args=[athlete])).content.decode()
    assert f'data-zones-url="/api/v1/dashboards/athletes/{athlete}/zones/"' in page
    assert "zone-chart-data" not in page  # no JSON baked into the page any more
    assert f'href="/athletes/{athlete}/dashboard/"' in page


def test_the_squad_page_and_the_coach_home_link_the_squad_dashboard(client, api_world):
    assert client.login(username="coach", password=PASSWORD)
    squad = api_world.ids["squad"]
    link = f'href="/squads/{squad}/dashboard/"'
    assert link in client.get(reverse("athletes:squad_detail", args=[squad])).content.decode()
    assert link in client.get(reverse("home")).content.decode()
