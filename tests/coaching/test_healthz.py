from unittest import mock

from django.db import OperationalError
from django.urls import reverse


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with mock.patch(
        "coaching.views.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"
