import os

import pytest


@pytest.fixture
def production_env(tmp_path):
    """The environment a production process gets: required variables set, and none of the
    test run's own (DJANGO_ALLOW_ASYNC_UNSAFE from the browser tests would fail --deploy)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="coaching.settings.production",
        SECRET_KEY="k3y-" + "x9Qz!" * 12,
        ALLOWED_HOSTS="breakdown.example,127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    return env
