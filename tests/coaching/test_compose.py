"""No Docker engine runs here, so the compose file is checked as data."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_db_is_postgres_17_with_a_healthcheck_and_a_volume():
    db = compose()["services"]["db"]
    assert db["image"] == "postgres:17"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])


def test_web_migrates_then_serves_gunicorn_once_the_db_is_healthy():
    web = compose()["services"]["web"]
    assert web["build"] == "."
    command = web["command"]
    assert command.index("migrate") < command.index("gunicorn coaching.wsgi:application")
    assert web["ports"] == ["8000:8000"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_web_gets_its_settings_from_the_environment_with_no_secret_in_the_file():
    env = compose()["services"]["web"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "coaching.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # required, never defaulted
    for name in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"):
        assert name in env


def test_dockerfile_serves_with_gunicorn_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile
    assert "USER breakdown" in dockerfile
    assert '"gunicorn", "coaching.wsgi:application"' in dockerfile


def test_plain_http_on_port_8000_works_without_a_proxy_and_without_trusting_one():
    env = compose()["services"]["web"]["environment"]
    assert env["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-false}"
    assert env["SECURE_PROXY_SSL_HEADER"] == "${SECURE_PROXY_SSL_HEADER:-}"  # not spoofable
    assert "localhost" in env["ALLOWED_HOSTS"]  # the health check's Host
    assert env["CLIENT_IP_HEADER"] == "${CLIENT_IP_HEADER:-}"  # no client header trusted
    assert env["SECURE_HSTS_PRELOAD"] == "${SECURE_HSTS_PRELOAD:-false}"


def test_every_web_worker_counts_api_throttles_in_one_redis():
    services = compose()["services"]
    assert services["redis"]["image"].startswith("redis:")
    assert "ping" in " ".join(services["redis"]["healthcheck"]["test"])
    web = services["web"]
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"


def test_long_streaming_exports_run_on_threaded_workers():
    """A sync worker streaming a season export past 30 s would be killed mid-file."""
    assert "--worker-class gthread" in compose()["services"]["web"]["command"]
    assert '"--worker-class", "gthread"' in (ROOT / "Dockerfile").read_text()
