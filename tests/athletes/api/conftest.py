import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Each test starts with no requests counted against its users' rates."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed_in():
    """`signed_in(user)`: an API client signed in as `user` (an athlete's login for one)."""

    def make(user) -> APIClient:
        client = APIClient()
        client.force_login(getattr(user, "user", None) or user)
        return client

    return make
