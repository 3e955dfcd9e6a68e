"""gunicorn with production settings serves the app, and whitenoise the hashed static files."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    """A request as the TLS-terminating proxy forwards it."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        return urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture
def gunicorn(tmp_path, production_env):
    env = {
        **production_env,
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "coaching.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    yield base, tmp_path / "static"
    server.terminate()
    server.wait(timeout=10)


def test_gunicorn_serves_health_and_whitenoise_serves_hashed_static(gunicorn):
    base, static_root = gunicorn
    assert get(base + "/healthz").status == 200
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["css/app.css"]
    assert hashed_css != "css/app.css"
    response = get(f"{base}/static/{hashed_css}")
    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert b"--accent" in response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_production_redirects_plain_http_pages_to_https(gunicorn):
    base, _ = gunicorn
    try:
        response = urllib.request.build_opener(NoRedirect).open(base + "/accounts/login/")
    except urllib.error.HTTPError as error:
        response = error
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")
