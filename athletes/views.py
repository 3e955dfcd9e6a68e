"""Squad and athlete pages. Anything a user may not see answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import permissions, selectors
from .models import Athlete, Squad


@login_required
def squad_list(request: HttpRequest) -> HttpResponse:
    squads = permissions.squads_visible_to(request.user).order_by("name")
    return render(request, "athletes/squad_list.html", {"squads": squads})


@login_required
def squad_detail(request: HttpRequest, pk: int) -> HttpResponse:
    squad = get_object_or_404(Squad, pk=pk)
    if not permissions.can_view_squad(request.user, squad):
        raise Http404("No such squad.")
    context = {
        "squad": squad,
        "athletes": selectors.roster(squad=squad),
        "season": selectors.season_on(squad=squad, on=timezone.localdate()),
        "can_change": permissions.can_change_squad(request.user, squad),
    }
    return render(request, "athletes/squad_detail.html", context)


@login_required
def athlete_detail(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = get_object_or_404(Athlete.objects.select_related("squad", "user"), pk=pk)
    if not permissions.can_view_athlete(request.user, athlete):
        raise Http404("No such athlete.")
    context = {
        "athlete": athlete,
        "race_results": selectors.race_results(athlete=athlete),
        "can_change": permissions.can_change_athlete(request.user, athlete),
    }
    return render(request, "athletes/athlete_detail.html", context)
