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


class Signal:
    """The phone's connection. Playwright's offline mode covers the page; the service worker's
    own fetches are also made to fail while offline, as a phone without signal would (they
    are not covered by it everywhere: Playwright issue 2311), by routing every request that
    comes from the worker to an abort."""

    def __init__(self, context):
        self.context = context

    def lose(self):
        self.context.set_offline(True)
        self.context.route("**/*", self._worker_fails)

    def regain(self):
        self.context.unroute("**/*", self._worker_fails)
        self.context.set_offline(False)

    @staticmethod
    def _worker_fails(route):
        if route.request.service_worker is not None:
            route.abort("internetdisconnected")
        else:
            route.fallback()
