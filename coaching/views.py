"""Pages that compose the apps: the home page, the health check, the service worker and the
user's API tokens."""

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from athletes import selectors as athlete_selectors
from athletes.errors import DomainError
from athletes.forms import INVALID, add_domain_error
from workouts import landing_selectors
from workouts.views import OFFLINE_HEADER

from . import tokens
from .forms import TokenCreateForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A coach's day (today's and tomorrow's sessions, suggested zone updates, athletes with
    no zone for a coming session's targets); an athlete is sent to their sessions."""
    squads = list(athlete_selectors.squads_coached_by(request.user))
    if squads:
        today = timezone.localdate()
        days = landing_selectors.coach_day(squads=squads, today=today)
        return render(
            request,
            "coaching/coach_home.html",
            {"days": days, "today": today, "upcoming_days": landing_selectors.UPCOMING_DAYS},
        )
    if athlete_selectors.athlete_of(request.user):
        return redirect("workouts:my_sessions")
    return render(request, "coaching/home.html")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


# What the athlete's session page (and the coach's stopwatch) needs to draw itself offline.
OFFLINE_STATIC = [
    "css/app.css",
    "vendor/htmx/htmx.min.js",
    "js/split-entry.js",
    "favicon.svg",
    # The coach's group stopwatch, which keeps timing with no signal too.
    "css/stopwatch.css",
    "js/stopwatch.js",
]


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker (templates/coaching/sw.js), served from the root so that its scope
    is the whole site. `no-cache`: the browser asks for a new one on every check, so a deploy
    reaches phones at their next visit."""
    precache = [static(path) for path in OFFLINE_STATIC]
    config = {
        # A new static cache whenever a deploy renames the files (hashed names in production).
        "staticCache": "breakdown-static-"
        + hashlib.sha256("".join(precache).encode()).hexdigest()[:12],
        "pagesCache": "breakdown-pages",
        "keepHeader": OFFLINE_HEADER,
        "precache": precache,
        "stylesheet": static("css/app.css"),
        "home": reverse("workouts:my_sessions"),
        "staticPrefix": static(""),
        # Pages never kept: signing in and out, and the admin.
        "neverKeep": [reverse("login"), reverse("logout"), reverse("admin:index")],
        # A POST to these starts or ends a session: the kept pages belonged to the last user.
        "forgetOn": [reverse("login"), reverse("logout")],
    }
    response = render(
        request,
        "coaching/sw.js",
        {"config": json.dumps(config)},
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


# ---------------------------------------------------------------- API tokens


def _tokens_page(request: HttpRequest, form: TokenCreateForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "coaching/tokens.html",
        {"tokens": tokens.tokens_of(request.user), "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own tokens and a form to make one. A made token's text is on the answer
    page only: it is never stored, so it cannot be shown again."""
    if request.method == "GET":
        return _tokens_page(request, TokenCreateForm())
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=INVALID)
    try:
        token, raw = tokens.token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            client_key=form.cleaned_data["client_key"],
        )
    except DomainError as error:
        add_domain_error(form, error)
        return _tokens_page(request, form, status=INVALID)
    return render(
        request,
        "coaching/token_made.html",
        {
            "token": token,
            "raw": raw,
            "example_url": request.build_absolute_uri(reverse("squad-list")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "revoke it?"; POST revokes. Another user's token answers 404."""
    token = get_object_or_404(tokens.tokens_of(request.user), pk=pk)
    if request.method == "GET":
        return render(request, "coaching/token_revoke.html", {"token": token})
    was_live = token.revoked_at is None
    tokens.token_revoke(token=token)
    if was_live:
        messages.success(request, f"Revoked “{token.name}”: scripts using it now get 401.")
    return redirect("tokens")
