"""Pages that compose the apps: the home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from athletes import selectors as athlete_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send a coach to their squad and an athlete to their sessions."""
    squads = list(athlete_selectors.squads_coached_by(request.user)[:2])
    if len(squads) == 1:
        return redirect("athletes:squad_detail", pk=squads[0].pk)
    if squads:
        return redirect("athletes:squad_list")
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
