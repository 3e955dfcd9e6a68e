"""Production settings, Content Security Policy and the htmx wiring."""

import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_production_settings(production_env):
    env = production_env
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets(production_env):
    env = {
        key: value
        for key, value in production_env.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_pages_carry_a_csp_whose_nonce_is_on_the_htmx_script(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    assert re.search(rf'<script src="/static/vendor/htmx/htmx\.min\.js" nonce="{nonce}"', page)
    assert "cdn" not in page.lower() and "https://" not in page


def test_every_inline_script_in_templates_has_a_nonce():
    for template in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            assert 'nonce="{{ csp_nonce }}"' in tag, f"{template}: {tag}"


def test_htmx_requests_are_recognised(client, db):
    response = client.get(reverse("login"), headers={"HX-Request": "true"})
    assert response.wsgi_request.htmx


def test_vendored_htmx_is_the_real_library():
    htmx = (ROOT / "static/vendor/htmx/htmx.min.js").read_text()
    assert len(htmx) > 40_000 and "htmx" in htmx
