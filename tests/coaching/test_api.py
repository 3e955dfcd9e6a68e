"""The API's shared parts (coaching/api.py): one error shape, throttling, the schema and
its docs page served without any other origin."""

import re

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from athletes.errors import DomainError, RuleError
from coaching import api

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_no_credentials_answer_the_error_shape(client):
    response = client.get("/api/v1/squads/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "error": {"message": "Authentication credentials were not provided."}
    }


def test_an_unknown_object_is_404_in_the_error_shape(squad_world):
    response = signed_in(squad_world["coach"]).get(
        f"/api/v1/squads/{squad_world['other_squad'].pk}/"
    )
    assert response.status_code == 404
    assert response.json() == {"error": {"message": "Not found."}}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/squads/null/",
        "/api/v1/squads/1.5/",
        "/api/v1/nothing/",
        "/api/",
        "/api/v2/",
        "/api/v1/sessions/a%0Ab%0Dc/",  # a line break in the path
    ],
)
def test_any_other_api_path_answers_404_in_the_error_shape(squad_world, path):
    """Found by schemathesis: an id that is not a number matched no route and got the site's
    HTML 404 page, which the schema does not describe."""
    response = signed_in(squad_world["coach"]).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"message": "Not found."}}


def test_a_post_to_no_route_with_a_session_cookie_is_the_json_404_not_the_csrf_page(
    squad_world,
):
    """Found by schemathesis: the catch-all is a plain Django view, so a POST carrying a
    session cookie met the CSRF check's HTML 403 before it could answer."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(squad_world["coach"])
    response = client.post("/api/v1/splits/-6.7e-50/remove/", {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"error": {"message": "Not found."}}


def test_a_domain_error_keeps_its_message_and_position():
    response = api.exception_handler(DomainError("Expected a distance.", 4), {})
    assert response.status_code == 400
    assert response.data == {"error": {"message": "Expected a distance.", "position": 4}}


def test_a_rule_error_names_its_field():
    response = api.exception_handler(RuleError("Too far ahead.", field="date"), {})
    assert response.data == {"error": {"message": "Too far ahead.", "field": "date"}}


def test_a_validation_error_names_the_field_first_and_keeps_them_all():
    from rest_framework.exceptions import ValidationError

    error = ValidationError({"date": ["Enter a valid date."], "name": ["Required."]})
    response = api.exception_handler(error, {})
    assert response.status_code == 400
    assert response.data["error"]["message"] == "date: Enter a valid date."
    assert response.data["error"]["fields"] == {
        "date": ["Enter a valid date."],
        "name": ["Required."],
    }


def test_a_bug_is_not_dressed_as_bad_input():
    assert api.exception_handler(ZeroDivisionError(), {}) is None


def test_a_user_past_their_rate_is_told_when_to_come_back(squad_world, monkeypatch):
    monkeypatch.setattr(
        api.UserThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "9/minute"}
    )
    client = signed_in(squad_world["coach"])
    assert [client.get("/api/v1/squads/").status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/squads/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert re.match(
        r"Request was throttled\. Expected available in \d+ seconds?\.",
        refused.json()["error"]["message"],
    )
    assert signed_in(squad_world["other_coach"]).get("/api/v1/squads/").status_code == 200


def test_the_schema_is_openapi_3_and_names_the_error_shape(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "Error" in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "401" in operation["responses"], (method, path)
            assert "example" in operation["responses"]["404"]["content"]["application/json"]


def test_the_docs_page_loads_nothing_from_another_origin(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "<style" not in page and "<script>" not in page  # the CSP allows neither inline
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
