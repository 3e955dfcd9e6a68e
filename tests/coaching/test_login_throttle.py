"""Repeated failed log-ins lock out the username and the address (django-axes), separately."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from coaching.sign_in import client_address
from tests.factories import PASSWORD, UserFactory

LOCKED = "Too many failed log-ins. Try again in 15 minutes."


@pytest.fixture
def throttled(settings, db):
    """Throttling on, as in production (the test settings switch it off for `client.login`)."""
    settings.AXES_ENABLED = True
    return UserFactory(username="coach")


def log_in(client, username, password, address="127.0.0.1", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def assert_locked_out(response, client):
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def assert_logged_in(response, client):
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" in client.session


def time_passes(by: timedelta):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, throttled):
    for _ in range(4):
        response = log_in(client, "coach", "wrong")
        assert response.status_code == 200
        assert b"correct username and password" in response.content
    assert_locked_out(log_in(client, "coach", "wrong"), client)
    locked = log_in(client, "coach", PASSWORD)
    assert_locked_out(locked, client)
    page = locked.content.decode()
    assert "<title>Try again later · Breakdown</title>" in page  # the site's own page
    assert 'name="password"' not in page  # no form inviting another try


def test_an_address_that_tried_five_usernames_is_locked_for_every_username(client, throttled):
    for name in ("amara", "jonas", "priya", "theo", "sofia"):
        log_in(client, name, "guess", address="198.51.100.7")
    assert_locked_out(log_in(client, "coach", PASSWORD, address="198.51.100.7"), client)
    assert_logged_in(log_in(client, "coach", PASSWORD, address="203.0.113.9"), client)


def test_a_username_tried_from_five_addresses_is_locked_from_every_address(client, throttled):
    for n in range(1, 6):
        log_in(client, "coach", "guess", address=f"198.51.100.{n}")
    assert_locked_out(log_in(client, "coach", PASSWORD, address="203.0.113.9"), client)


def test_the_lock_lifts_fifteen_minutes_after_the_last_failure(client, throttled):
    for _ in range(5):
        log_in(client, "coach", "wrong")
    time_passes(timedelta(minutes=14))
    assert_locked_out(log_in(client, "coach", PASSWORD), client)  # and the wait starts again
    time_passes(timedelta(minutes=15, seconds=1))
    assert_logged_in(log_in(client, "coach", PASSWORD), client)


def test_a_success_resets_the_count(client, throttled):
    for _ in range(4):
        log_in(client, "coach", "wrong")
    assert_logged_in(log_in(client, "coach", PASSWORD), client)
    client.post(reverse("logout"))
    for _ in range(4):
        assert log_in(client, "coach", "wrong").status_code == 200
    assert_logged_in(log_in(client, "coach", PASSWORD), client)


def test_logging_into_ones_own_account_does_not_clear_guesses_at_another(client, throttled):
    UserFactory(username="mallory")
    for _ in range(4):
        log_in(client, "coach", "guess", address="198.51.100.7")
    assert_logged_in(log_in(client, "mallory", PASSWORD, address="198.51.100.7"), client)
    client.post(reverse("logout"))
    assert_locked_out(log_in(client, "coach", "guess", address="198.51.100.7"), client)
    assert_locked_out(log_in(client, "coach", PASSWORD, address="203.0.113.9"), client)


def test_the_admin_log_in_is_throttled_too(client, throttled):
    for _ in range(5):
        log_in(client, "coach", "wrong")
    response = client.post(
        reverse("admin:login"), {"username": "coach", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 429


def test_a_forwarded_for_header_is_not_trusted_unless_configured(client, throttled):
    for n in range(1, 6):
        log_in(client, f"guess{n}", "guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert_locked_out(log_in(client, "coach", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9"), client)


def test_behind_a_configured_proxy_the_address_the_proxy_saw_counts(client, throttled, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = "10.0.0.2"
    for n in range(1, 6):  # the client forges the left of the header; the proxy appends the truth
        log_in(
            client,
            f"guess{n}",
            "guess",
            address=proxy,
            HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 198.51.100.7",
        )
    locked = log_in(client, "coach", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert_locked_out(locked, client)
    other = log_in(client, "coach", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert_logged_in(other, client)  # one locked client does not lock everyone behind the proxy


@pytest.mark.parametrize(
    ("meta", "header", "address"),
    [
        ({"REMOTE_ADDR": "203.0.113.9"}, None, "203.0.113.9"),
        ({"REMOTE_ADDR": "2001:db8:1:2:aaaa:bbbb:cccc:dddd"}, None, "2001:db8:1:2::"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.9"}, None, "203.0.113.9"),
        ({"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, None, None),
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_REAL_IP": "203.0.113.9"},
            "HTTP_X_REAL_IP",
            "203.0.113.9",
        ),
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_REAL_IP": "not an address"},
            "HTTP_X_REAL_IP",
            "10.0.0.2",
        ),
        ({"REMOTE_ADDR": "10.0.0.2"}, "HTTP_X_REAL_IP", "10.0.0.2"),
    ],
)
def test_client_address(settings, meta, header, address):
    settings.CLIENT_IP_HEADER = header
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == address


def test_a_garbage_forwarded_address_never_gives_a_500(client, throttled, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    response = log_in(client, "coach", "wrong", HTTP_X_FORWARDED_FOR="'; DROP TABLE --, \x00")
    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


def test_force_login_still_works_with_throttling_on(client, throttled):
    client.force_login(throttled)
    assert client.get(reverse("home")).status_code == 200
