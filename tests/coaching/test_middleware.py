"""coaching/middleware.py: NUL refused before the database, signed-in pages kept private."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

NUL_REFUSED = "Text may not contain NUL characters."


@pytest.mark.parametrize(
    "query",
    [{"q": "a\x00b"}, {"q\x00": "a"}, {"tag": ["ok", "\x00"]}],
    ids=["value", "key", "second-value"],
)
def test_a_nul_in_the_query_string_is_refused_with_400(client, db, query):
    response = client.get("/squads/", query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == NUL_REFUSED


def test_the_template_library_search_with_a_nul_is_a_400_not_a_500(client, squad_world):
    client.force_login(squad_world["coach"])
    url = reverse("workouts:template_library", args=[squad_world["squad"].pk])
    assert client.get(url, {"q": "1K"}).status_code == 200
    response = client.get(url, {"q": "%00"})  # a literal "%00" typed in the box is fine
    assert response.status_code == 200
    response = client.get(f"{url}?q=%00")
    assert response.status_code == 400
    assert response.content.decode() == NUL_REFUSED


def test_a_nul_in_the_path_is_refused_with_400(client, db):
    assert client.get("/squads/%00/").status_code == 400


def test_nul_refusal_comes_before_sessions_and_auth_touch_the_database():
    middleware = django_settings.MIDDLEWARE
    refuse = middleware.index("coaching.middleware.RefuseNulMiddleware")
    assert refuse < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert refuse < middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")


def test_signed_in_pages_are_private_and_not_stored(client, squad_world):
    client.force_login(squad_world["nobody"])
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    client.force_login(squad_world["me"].user)
    redirect = client.get(reverse("home"))  # an athlete is sent to their sessions
    assert redirect.status_code == 302 and redirect["Cache-Control"] == "private, no-store"


def test_a_views_own_cache_control_is_kept(client, squad_world):
    client.force_login(squad_world["coach"])
    response = client.get(reverse("healthz"))  # never_cache: the view says it itself
    assert response["Cache-Control"] != "private, no-store"
    assert "no-store" in response["Cache-Control"]


def test_anonymous_pages_are_left_alone(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert not response.has_header("Cache-Control")


def test_static_files_are_not_signed_in_pages(client, squad_world, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the app folders, as under runserver
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(squad_world["coach"])
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert response["Permissions-Policy"]  # but every response carries the policy
    response.close()


def test_a_domain_error_no_view_caught_is_a_clear_400_not_a_500(rf, db):
    from django.contrib.auth.models import AnonymousUser

    from athletes.errors import RuleError
    from coaching.middleware import DomainErrorMiddleware

    request = rf.get("/")
    request.user = AnonymousUser()
    middleware = DomainErrorMiddleware(lambda request: None)
    response = middleware.process_exception(request, RuleError("A race is 100m to 500km."))
    assert response.status_code == 400
    assert "A race is 100m to 500km." in response.content.decode()
    assert middleware.process_exception(request, ValueError("a bug")) is None


def test_a_nul_in_an_api_query_is_refused_in_the_apis_error_shape(client, db):
    """Found by schemathesis: the API answers JSON, refusals included."""
    response = client.get("/api/v1/templates/?q=a%00b")
    assert response.status_code == 400
    assert response.json() == {"error": {"message": "Text may not contain NUL characters."}}
