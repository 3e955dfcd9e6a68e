"""Suggested zone updates, for the athlete's coach: the list with its evidence, and the
accept / dismiss answer. The athlete's page (athletes app) loads the list by URL name,
since athletes never import workouts. Who may not see the athlete gets 404; who may see
them but not change their zones (the athlete, a teammate) gets 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from athletes import paces, permissions
from athletes.errors import DomainError
from athletes.forms import INVALID, add_domain_error
from athletes.models import Athlete

from . import suggestion_selectors, suggestion_services
from .forms import ZoneSuggestionForm


def _coached_athlete(request: HttpRequest, pk: int) -> Athlete:
    athlete = get_object_or_404(Athlete.objects.select_related("squad", "user"), pk=pk)
    if not permissions.can_view_athlete(request.user, athlete):
        raise Http404("No such athlete.")
    if not permissions.can_change_athlete(request.user, athlete):
        raise PermissionDenied("Only the athlete's coach sees suggested zone updates.")
    return athlete


@login_required
@vary_on_headers("HX-Request")
def zone_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _coached_athlete(request, pk))


@login_required
@require_POST
def zone_suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = _coached_athlete(request, pk)
    form = ZoneSuggestionForm(request.POST)
    if not form.is_valid():
        return _render(request, athlete, form=form, status=INVALID)
    data = form.cleaned_data
    accept = data["decision"] == ZoneSuggestionForm.ACCEPT
    try:
        decision = suggestion_services.zone_suggestion_decide(
            athlete=athlete,
            distance_m=data["zone"],
            fingerprint=data["fingerprint"],
            accept=accept,
            decided_by=request.user,
            client_key=data["client_key"],
        )
    except suggestion_services.SuggestionGone as gone:
        messages.warning(request, gone.message)
        return _after(request, athlete)
    except DomainError as error:
        add_domain_error(form, error)
        return _render(request, athlete, form=form, status=INVALID)
    zone = suggestion_selectors.LABEL_OF_ZONE.get(
        paces.zone_key(decision.distance_m), paces.format_distance(float(decision.distance_m))
    )
    if decision.accepted:
        time = paces.format_time(decision.zone_entry.time_ms / 1000)
        messages.success(request, f"{zone} zone set to {time} from today, as an estimate.")
    else:
        messages.success(request, f"Suggestion for the {zone} zone dismissed.")
    return _after(request, athlete)


def _after(request: HttpRequest, athlete: Athlete) -> HttpResponse:
    if request.htmx:
        return _render(request, athlete)
    return redirect(reverse("athletes:athlete_detail", args=[athlete.pk]) + "#suggestions")


def _render(
    request: HttpRequest,
    athlete: Athlete,
    *,
    form: ZoneSuggestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    found = suggestion_selectors.zone_suggestions(today=timezone.localdate(), athlete=athlete)
    context = {
        "athlete": athlete,
        "suggestions": [(item, ZoneSuggestionForm(initial=_initial(item))) for item in found],
        "form": form,
    }
    template = "workouts/zone_suggestions.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#suggestions"
    return render(request, template, context, status=status)


def _initial(item: suggestion_selectors.AthleteSuggestion) -> dict:
    return {
        "zone": item.suggestion.zone_distance_m,
        "fingerprint": item.suggestion.fingerprint,
    }
