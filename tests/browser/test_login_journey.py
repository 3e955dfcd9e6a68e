"""The front door: a coach on a laptop and an athlete on a phone log in and land where
their job starts, with htmx loaded under the Content Security Policy."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.pages import log_in, wait_until


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--allow-production", stdout=StringIO())


def test_coach_logs_in_sees_their_day_and_opens_the_squad(desktop, live_server, demo):
    errors = []
    desktop.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(desktop, live_server.url, "coach", "breakdown-coach")
    expect(desktop.get_by_role("heading", name="Today's sessions")).to_be_visible()
    desktop.get_by_role("link", name="Riverside Track Club").click()  # their day, then the squad
    expect(desktop.get_by_role("heading", name="Riverside Track Club")).to_be_visible()
    expect(desktop.get_by_role("link", name="Mateo Lindqvist")).to_be_visible()
    expect(desktop.locator("tbody tr")).to_have_count(8)
    wait_until(desktop, "typeof window.htmx === 'object'")  # vendored htmx ran under CSP
    assert not errors, errors  # no CSP violations or script errors


def test_athlete_logs_in_on_a_phone_and_lands_on_their_sessions(phone, live_server, demo):
    log_in(phone, live_server.url, "mateo", "breakdown-athlete")
    expect(phone.get_by_role("heading", name="My sessions")).to_be_visible()
    expect(phone.get_by_text("Mateo Lindqvist")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows the phone's width
    phone.get_by_role("link", name="My races and paces").click()
    five_k = phone.locator("table.zones tr", has=phone.locator("th", has_text="5K"))
    expect(five_k).to_contain_text("14:30")
    expect(five_k).to_contain_text("2:54.0")  # his 1K target, as in the write-up
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_wrong_password_keeps_you_on_the_login_page(phone, live_server, demo):
    log_in(phone, live_server.url, "coach", "not-the-password")
    expect(phone.get_by_text("correct username and password")).to_be_visible()
    expect(phone.get_by_label("Username")).to_have_value("coach")
