"""Throttling (coaching/api.py): per token, and per user across all their tokens and their
session; the counts live in the cache, Redis where REDIS_URL is set."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from coaching import tokens

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SQUADS = "/api/v1/squads/"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rates(monkeypatch):
    """Small rates: 3 a minute per token, 5 per user."""
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"token": "3/minute", "user": "5/minute", "anon": "9/minute"},
    )


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def statuses(client: APIClient, n: int) -> list[int]:
    return [client.get(SQUADS).status_code for _ in range(n)]


def test_the_settings_name_all_three_rates():
    from django.conf import settings

    framework = settings.REST_FRAMEWORK
    assert framework["DEFAULT_THROTTLE_CLASSES"][0] == "coaching.api.TokenThrottle"
    assert set(framework["DEFAULT_THROTTLE_RATES"]) == {"token", "user", "anon"}


def test_a_token_past_its_rate_waits_while_another_token_works_until_the_users_rate(
    api_world, rates
):
    coach = api_world.users["coach"]
    first, second = (bearer(tokens.token_create(user=coach, name=n)[1]) for n in "ab")
    assert statuses(first, 3) == [200, 200, 200]
    refused = first.get(SQUADS)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["message"].startswith("Request was throttled.")
    # The refused request did not spend the user's rate: the other token has 2 left of 5.
    assert statuses(second, 2) == [200, 200]
    # The user's rate is reached: the second token (2 of its own 3) and the session wait too.
    assert second.get(SQUADS).status_code == 429
    session = APIClient()
    session.force_login(coach)
    assert session.get(SQUADS).status_code == 429
    # Another user is counted apart.
    other = bearer(tokens.token_create(user=api_world.users["other_coach"], name="c")[1])
    assert other.get(SQUADS).status_code == 200


def test_the_session_counts_towards_the_user_not_a_token(api_world, rates):
    coach = api_world.users["coach"]
    session = APIClient()
    session.force_login(coach)
    assert statuses(session, 4) == [200] * 4  # past the token rate: no token, no token rate
    token = bearer(tokens.token_create(user=coach, name="a")[1])
    assert statuses(token, 2) == [200, 429]  # the fifth request of the user, then none


def test_a_revoked_token_is_refused_before_it_is_counted(api_world, rates):
    token, raw = tokens.token_create(user=api_world.users["coach"], name="a")
    tokens.token_revoke(token=token)
    assert statuses(bearer(raw), 12) == [401] * 12  # 401, not a 429 from the anon rate


# ---------------------------------------------------------------- where the counts live

CACHES_OF = """
import json, sys
sys.path.insert(0, {root!r})
from coaching.settings import base
print(json.dumps(base.CACHES))
"""


def caches_with(redis_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(SECRET_KEY="x", DJANGO_SETTINGS_MODULE="coaching.settings.base")
    if redis_url is not None:
        env["REDIS_URL"] = redis_url
    out = subprocess.run(
        [sys.executable, "-c", CACHES_OF.format(root=str(ROOT))],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)["default"]


def test_the_cache_is_redis_where_redis_url_is_set():
    assert caches_with("redis://cache.internal:6379/2") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
    }


@pytest.mark.parametrize("redis_url", [None, ""])
def test_the_cache_is_local_memory_otherwise(redis_url):
    assert caches_with(redis_url) == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


REDIS_DB15 = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": "breakdown-test",
    }
}


@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_the_throttle_counts_through_redis(api_world, rates):
    import redis

    store = redis.Redis.from_url(REDIS_DB15["default"]["LOCATION"])
    store.flushdb()
    try:
        with override_settings(CACHES=REDIS_DB15):
            cache.clear()
            raw = tokens.token_create(user=api_world.users["coach"], name="a")[1]
            assert statuses(bearer(raw), 4) == [200, 200, 200, 429]
            keys = {key.decode() for key in store.keys("*")}
            assert any("throttle_token_" in key for key in keys), keys
            assert any("throttle_user_" in key for key in keys), keys
            # What another web process would read: the token's three requests, in Redis.
            (token_key,) = (key for key in keys if "throttle_token_" in key)
            assert len(cache.get(token_key.split(":", 2)[-1])) == 3
    finally:
        store.flushdb()
        store.close()
