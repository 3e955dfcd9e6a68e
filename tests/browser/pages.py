"""Steps every browser journey shares."""


def log_in(page, base_url, username, password, next_path="/"):
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def wait_until(page, condition):
    """Wait until the JavaScript `condition` holds in the page.

    Playwright polls a bare expression with eval(), which the app's CSP refuses once the
    condition is false on its first check; an arrow function is evaluated once and then called.
    """
    page.wait_for_function(f"() => ({condition})")
