"""gunicorn with production settings serves the app, and whitenoise the hashed static files."""

import http.client
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
SERVER_DEADLINE_S = 60  # a loaded 2-core machine can take a while to boot gunicorn
REQUEST_TIMEOUT_S = 30
# Everything a request to a server that is still starting (or too busy to answer) can raise:
# refused or reset connections, socket timeouts and urllib's wrappers of them are OSErrors;
# a connection closed mid-response is an http.client.HTTPException.
NOT_YET = (OSError, http.client.HTTPException)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    """A request as the TLS-terminating proxy forwards it."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        return urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S)
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
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
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
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, server, log_path)
        yield base, tmp_path / "static"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def wait_for_health(base: str, server: subprocess.Popen, log_path: Path) -> None:
    """Until /healthz answers 200: retry whatever goes wrong until the deadline, then fail
    saying what the last try met and what gunicorn printed."""
    deadline = time.monotonic() + SERVER_DEADLINE_S
    last = "no answer yet"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"gunicorn exited with {server.returncode} before answering /healthz. "
                f"Its output:\n{log_path.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
                last = f"status {response.status}"
        except NOT_YET as error:
            last = repr(error)
        time.sleep(0.25)
    pytest.fail(
        f"gunicorn did not answer {base}/healthz with 200 within {SERVER_DEADLINE_S} s "
        f"(last try: {last}). Its output:\n{log_path.read_text(errors='replace')}"
    )


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
        response = urllib.request.build_opener(NoRedirect).open(
            base + "/accounts/login/", timeout=REQUEST_TIMEOUT_S
        )
    except urllib.error.HTTPError as error:
        response = error
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")
