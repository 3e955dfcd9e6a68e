"""The hooks sign-in throttling (django-axes) calls: whose address a failure counts against,
what a success clears, and the page a locked-out sign-in gets."""

import ipaddress
from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
