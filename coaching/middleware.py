"""Rules every request and response passes through, and the hooks sign-in throttling
(django-axes) calls: whose address a failure counts against, what a success clears, and the
page a locked-out sign-in gets."""

import ipaddress
from collections.abc import Callable
from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from athletes.errors import DomainError

NUL_REFUSED = "Text may not contain NUL characters."


class RefuseNulMiddleware:
    """400 for a request whose path or query string holds a NUL character.

    PostgreSQL refuses NUL in text, so `?q=%00` would otherwise become a 500 wherever the value
    reaches a query. Form bodies are not read here: Django's form fields refuse NUL one by one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class DomainErrorMiddleware:
    """The net under every view: a DomainError (notation, split, pace or rule) that a view
    did not turn into a form error becomes a 400 page with its message, never a 500. Views
    should still catch them where they can show the message beside the field."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        return render(request, "refused.html", {"message": exception.message}, status=400)


class PrivatePagesMiddleware:
    """A signed-in user's pages are theirs alone: `Cache-Control: private, no-store`, so
    neither a shared cache nor the browser's history keeps a copy, unless the view chose its
    own caching. Static files never get here (whitenoise answers them earlier)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


def client_address(request: HttpRequest) -> str | None:
    """The address sign-in failures count against.

    The connection's own address, unless settings.CLIENT_IP_HEADER names the header the proxy
    in front of the app sets: then the right-most address in it, the one that proxy saw
    (anything to its left came from the client and may be forged). An IPv6 client counts as
    its /64, the block one household or phone is given, so that hopping between the addresses
    of one block does not escape the limit. None when there is no readable address.
    """
    candidates = []
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        candidates.append(forwarded.rsplit(",", 1)[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if isinstance(address, ipaddress.IPv6Address):
            if address.ipv4_mapped:
                return str(address.ipv4_mapped)
            return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
        return str(address)
    return None


class SignInAttempts(AxesDatabaseHandler):
    """django-axes' database record of failed sign-ins, with one change: a sign-in that
    succeeds clears the failures of that username from that address only.

    The stock reset clears every failure of the address as well, so someone with an account of
    their own could sign into it between guesses at another account and never be locked out.
    """

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return deleted


def sign_in_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page a sign-in refused for too many failures gets: 429, saying when to try again.

    Every refused try counts as a failure and restarts the cool-off (django-axes' default), so
    the whole cool-off from now is when the sign-in will be let through again, at the latest."""
    cool_off_s = int(get_cool_off(request).total_seconds())
    response = render(
        request,
        "registration/lockout.html",
        {"minutes": ceil(cool_off_s / 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(cool_off_s)
    return response
