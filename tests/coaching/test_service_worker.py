"""The service worker that lets an athlete reload a session with no signal: served from the
root (so its scope is the whole site), never cached stale, allowed by the CSP."""

import json
import re

from django.templatetags.static import static
from django.urls import reverse


def test_the_service_worker_is_served_from_the_root_as_javascript(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"  # a deploy reaches phones at their next visit
    assert "worker-src 'self'" in response["Content-Security-Policy"]
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", response.content.decode())[1])
    assert static("js/split-entry.js") in config["precache"]
    assert set(config["forgetOn"]) == {reverse("login"), reverse("logout")}


def test_the_athletes_pages_register_it(client, squad_world):
    client.force_login(squad_world["me"].user)
    page = client.get(reverse("workouts:my_sessions")).content.decode()
    assert 'data-service-worker="/sw.js"' in page


def test_only_the_athletes_own_pages_are_kept_on_the_phone(client, squad_world):
    """The worker keeps a copy only of answers marked for it: an athlete's home and session
    pages, never a coach's pages (squads, grids), which hold other athletes' data."""
    from tests.factories import prescribed
    from workouts.views import OFFLINE_HEADER

    session = prescribed(athletes=[squad_world["me"]], coach=squad_world["coach"])
    client.force_login(squad_world["me"].user)
    session_page = reverse("workouts:session_detail", args=[session.pk])
    for page in (reverse("workouts:my_sessions"), session_page):
        assert client.get(page)[OFFLINE_HEADER] == "keep"
    client.force_login(squad_world["coach"])
    grid = client.get(reverse("workouts:session_detail", args=[session.pk]))
    squad = client.get(reverse("athletes:squad_detail", args=[squad_world["squad"].pk]))
    assert OFFLINE_HEADER not in grid and OFFLINE_HEADER not in squad
