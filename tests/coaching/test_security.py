"""Production settings, Content Security Policy and the htmx wiring."""

import logging
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from coaching.log_filters import ForbiddenWithoutTraceback

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


def test_every_response_refuses_browser_features_the_app_never_uses(client, db):
    for response in (
        client.get(reverse("login")),
        client.get("/no-such-page/"),
        client.get("/squads/", {"q": "\x00"}),
    ):
        policy = dict(
            rule.strip().split("=", 1) for rule in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
            assert policy[feature] == "()", (response.status_code, feature)


def run_under_production_settings(env: dict, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_hsts_preload_is_off_unless_the_environment_turns_it_on(production_env):
    code = "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
    result = run_under_production_settings(production_env, code)
    assert result.stdout.strip() == "False", result.stderr
    # Turned on, it is on, and `check --deploy` stays clean.
    code = (
        "from django.conf import settings; from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING'); "
        "print(settings.SECURE_HSTS_PRELOAD, settings.SECURE_HSTS_SECONDS)"
    )
    result = run_under_production_settings({**production_env, "SECURE_HSTS_PRELOAD": "true"}, code)
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip().splitlines()[-1] == "True 31536000"


def test_a_forbidden_request_is_logged_as_one_line_without_a_traceback(client, squad_world, caplog):
    client.force_login(squad_world["me"].user)  # may see their own page, not add races to it
    path = reverse("athletes:race_result_add", args=[squad_world["me"].pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(path, {})
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Forbidden (Permission denied): {path}"
    assert record.exc_info is None
    assert logging.Formatter().format(record) == f"Forbidden (Permission denied): {path}"


def test_other_errors_keep_their_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: /",
            (),
            sys.exc_info(),
        )
    record.status_code = 500
    assert ForbiddenWithoutTraceback().filter(record)
    assert "Traceback" in logging.Formatter().format(record)
