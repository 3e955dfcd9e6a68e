"""The dashboards' pages: an athlete's season and a squad's. Each page is a frame that
names its API endpoint (workouts/api/dashboards.py) in a data- attribute; its script
(static/js/dashboard-athlete.js, dashboard-squad.js) fetches the numbers and draws them.
What a user may not see answers 404 (athletes.permissions)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from athletes import permissions
from athletes.models import Athlete, Squad


@login_required
def athlete_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_object_or_404(Athlete.objects.select_related("squad"), pk=pk)
    if not permissions.can_view_athlete(request.user, athlete):
        raise Http404("No such athlete.")
    return render(request, "coaching/dashboard_athlete.html", {"athlete": athlete})


@login_required
def squad_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    squad = get_object_or_404(Squad, pk=pk)
    if not permissions.can_view_squad(request.user, squad):
        raise Http404("No such squad.")
    return render(request, "coaching/dashboard_squad.html", {"squad": squad})
