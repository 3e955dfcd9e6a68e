"""The athlete's side of sessions."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from athletes import selectors as athlete_selectors


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """An athlete's sessions. Prescribing arrives with session templates (issue 4/7);
    until then the page shows the athlete whose sessions these will be."""
    athlete = athlete_selectors.athlete_of(request.user)
    return render(request, "workouts/my_sessions.html", {"athlete": athlete})
