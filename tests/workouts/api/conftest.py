import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Each test starts with no requests counted against the throttle."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as():
    """`api_as(user)`: an API client signed in as that user."""

    def signed_in(user) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return signed_in
