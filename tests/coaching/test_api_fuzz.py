"""Schemathesis against the API's own schema (docs/api.md): every operation, called with
generated parameters and bodies by a coach's token and by an athlete's, answers no 5xx, a
status and a body the schema documents, and the content type it says.

The schema is loaded from the WSGI application at /api/schema/, so it is always the one the
app serves, and every endpoint merged later is fuzzed without touching this file. The calls
run in this process: pytest-django's transaction holds whatever they write, and it is rolled
back after each test. Examples are bounded (MAX_EXAMPLES per operation and role, coverage
and stateful phases off, no shrinking) so the file stays under a minute with ~40 operations;
FUZZ_SCALE=10 in the environment fuzzes ten times longer.
"""

import os
import time
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coaching import tokens
from coaching.wsgi import application
from tests.api_matrix import build_world

pytestmark = pytest.mark.django_db

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
MAX_EXAMPLES = max(1, round(6 * SCALE))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {
            "examples": {"enabled": True},
            "fuzzing": {"enabled": True},
            "coverage": {"enabled": False},
            "stateful": {"enabled": False},
        },
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    }
)
CALLS: Counter[str] = Counter()  # requests sent, by role, and seconds spent
SECONDS: Counter[str] = Counter()


# Loaded when the module is collected, from the app itself: drf-spectacular builds the schema
# from the URLconf and the serializers, without reading the database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the WSGI app directly, which closes the database connection when
    a request ends (`close_old_connections`), and with it pytest-django's transaction.
    Django's own test client unhooks it the same way while it makes a request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def fuzz_tokens(django_db_setup, django_db_blocker) -> dict[str, str]:
    """api_world's people, built once for the module in a transaction rolled back at its
    end (each test runs in a savepoint inside it), and a token each for the Home coach and
    Mateo, an athlete of Home."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield {
            role: tokens.token_create(user=world.users[role], name=f"fuzz {role}")[1]
            for role in ("coach", "athlete")
        }
        transaction.set_rollback(True)


@pytest.fixture
def token_of(fuzz_tokens, db):
    cache.clear()  # the throttle counts start from nothing
    yield fuzz_tokens
    cache.clear()


HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each step is a request
    suppress_health_check=list(HealthCheck),
)


def call(case, role: str, token: str) -> None:
    started = time.perf_counter()
    try:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
    finally:
        CALLS[role] += 1
        SECONDS[role] += time.perf_counter() - started


@schema.parametrize()
@HYPOTHESIS
def test_as_a_coach_the_api_holds_to_its_schema(case, token_of):
    call(case, "coach", token_of["coach"])


@schema.parametrize()
@HYPOTHESIS
def test_as_an_athlete_the_api_holds_to_its_schema(case, token_of):
    call(case, "athlete", token_of["athlete"])


@pytest.fixture(scope="module", autouse=True)
def report_calls(request):
    """Say how many calls the fuzzing made, for whoever reads the run."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            summary = ", ".join(f"{role} {n} ({SECONDS[role]:.1f} s)" for role, n in CALLS.items())
            reporter.write_line(f"\ntest_api_fuzz: calls {summary}")
