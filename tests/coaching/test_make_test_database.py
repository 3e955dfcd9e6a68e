"""`make test` picks DATABASE_URL, else a local PostgreSQL, else SQLite, and says which."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pick(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/pick_database.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_explicit_database_url_wins():
    result = pick({**os.environ, "DATABASE_URL": "postgres://u@db.example:5432/x"})
    assert result.stdout.strip() == "postgres://u@db.example:5432/x"
    assert "DATABASE_URL is set" in result.stderr


def test_without_postgres_the_suite_runs_on_sqlite(monkeypatch):
    import scripts.pick_database as picker

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(picker, "postgres_answers", lambda url: False)
    assert picker.choose() == (
        "",
        "no DATABASE_URL and no PostgreSQL on 127.0.0.1:5432: using SQLite",
    )


def test_an_empty_database_url_means_the_embedded_sqlite():
    env = {**os.environ, "DATABASE_URL": "", "DJANGO_SETTINGS_MODULE": "coaching.settings.test"}
    code = (
        "import django; django.setup(); from django.db import connection; print(connection.vendor)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sqlite"
