"""Squad and athlete pages. What a user may not see answers 404; what they may see but not
change answers 403."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from . import paces, permissions, selectors, services
from .errors import DomainError
from .forms import (
    INVALID,
    SLOWER_ZONE,
    RaceResultForm,
    SquadDefaultsForm,
    ZoneCorrectForm,
    ZoneSetForm,
    add_domain_error,
)
from .models import Athlete, RaceResult, Squad, ZoneEntry

HISTORY_PAGE_SIZE = 25


@login_required
def squad_list(request: HttpRequest) -> HttpResponse:
    squads = permissions.squads_visible_to(request.user).order_by("name")
    return render(request, "athletes/squad_list.html", {"squads": squads})


def _visible_squad(request: HttpRequest, pk: int) -> Squad:
    squad = get_object_or_404(Squad, pk=pk)
    if not permissions.can_view_squad(request.user, squad):
        raise Http404("No such squad.")
    return squad


@login_required
def squad_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_squad(request, _visible_squad(request, pk))


@login_required
@require_POST
def squad_defaults(request: HttpRequest, pk: int) -> HttpResponse:
    """The squad's default targets, set by its coach; back to the form with its answer."""
    squad = _visible_squad(request, pk)
    if not permissions.can_change_squad(request.user, squad):
        raise PermissionDenied("Only the squad's coach changes its default targets.")
    form = SquadDefaultsForm(request.POST)
    if form.is_valid():
        try:
            services.squad_defaults_set(
                squad=squad, default_targets=form.cleaned_data["default_targets"]
            )
            window = form.cleaned_data.get("fit_window_s_per_400")
            if window is not None:
                services.squad_fit_window_set(squad=squad, seconds_per_400=window)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Default targets saved: new templates start with them.")
            return redirect(reverse("athletes:squad_detail", args=[squad.pk]) + "#defaults")
    return _render_squad(request, squad, defaults_form=form, status=INVALID)


def _render_squad(
    request: HttpRequest,
    squad: Squad,
    *,
    defaults_form: SquadDefaultsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_change = permissions.can_change_squad(request.user, squad)
    if defaults_form is None and can_change:
        defaults_form = SquadDefaultsForm(
            initial={
                "default_targets": squad.default_targets,
                "fit_window_s_per_400": squad.fit_window_s_per_400,
            }
        )
    context = {
        "squad": squad,
        "athletes": selectors.roster(squad=squad),
        "season": selectors.season_on(squad=squad, on=timezone.localdate()),
        "can_change": can_change,
        "defaults_form": defaults_form,
        "export_seasons": selectors.seasons_of(squad=squad) if can_change else [],
    }
    return render(request, "athletes/squad_detail.html", context, status=status)


def _visible_athlete(request: HttpRequest, pk: int) -> Athlete:
    athlete = get_object_or_404(Athlete.objects.select_related("squad", "user"), pk=pk)
    if not permissions.can_view_athlete(request.user, athlete):
        raise Http404("No such athlete.")
    return athlete


def _changeable_athlete(request: HttpRequest, pk: int) -> Athlete:
    athlete = _visible_athlete(request, pk)
    if not permissions.can_change_athlete(request.user, athlete):
        raise PermissionDenied("Only the athlete's coach changes their races and zones.")
    return athlete


@login_required
@vary_on_headers("HX-Request")
def athlete_detail(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = _visible_athlete(request, pk)
    if permissions.can_see_calendar_feed(request.user, athlete):
        # Made the first time the page shows it, so that only athletes who could subscribe
        # have a secret address at all. Other renders of the page (after a form) only read.
        services.calendar_feed_ensure(athlete=athlete, by=request.user)
    return _render_athlete(request, athlete)


@login_required
@require_POST
def calendar_feed_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A new address for the athlete's calendar feed; the old one answers 404 from now on.
    The athlete and those who may change the athlete only: anyone else gets 404."""
    athlete = _visible_athlete(request, pk)
    if not permissions.can_see_calendar_feed(request.user, athlete):
        raise Http404("No such athlete.")
    services.calendar_feed_reset(athlete=athlete, by=request.user)
    messages.success(
        request,
        "New calendar link made: the old one no longer works. Subscribe again with this one.",
    )
    return _after_change(request, athlete, anchor="calendar")


@login_required
@require_POST
def race_result_add(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = _changeable_athlete(request, pk)
    form = RaceResultForm(request.POST)
    if not form.is_valid():
        return _render_athlete(request, athlete, race_form=form, status=INVALID)
    data = form.cleaned_data
    time_ms = round(data["time"] * 1000)
    try:
        if not data["slower_race"]:  # ask before recording: a bad day is not a new fitness
            services.race_result_check(
                distance_m=data["distance"], time_ms=time_ms, on=data["date"]
            )
            kept = selectors.zone_a_race_would_slow(
                athlete=athlete, distance_m=data["distance"], time_ms=time_ms, on=data["date"]
            )
            if kept is not None:
                return _render_athlete(
                    request, athlete, race_form=form, slower_than=(kept, time_ms)
                )
        result = services.race_result_record(
            athlete=athlete,
            distance_m=data["distance"],
            time_ms=time_ms,
            on=data["date"],
            indoor=data["indoor"],
            venue=data["venue"],
            note=data["note"],
            recorded_by=request.user,
            client_key=data["client_key"],
            slower_becomes_zone=data["slower_race"] == SLOWER_ZONE,
        )
    except DomainError as error:
        add_domain_error(form, error)
        return _render_athlete(request, athlete, race_form=form, status=INVALID)
    messages.success(
        request,
        f"Recorded {paces.format_distance(float(result.distance_m))} in "
        f"{paces.format_time(result.time_ms / 1000)} on {result.date:%-d %b %Y}.",
    )
    return _after_change(request, athlete, anchor="race-form")


@login_required
@require_POST
def race_result_void(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    athlete = _changeable_athlete(request, pk)
    result = get_object_or_404(RaceResult, pk=result_pk, athlete=athlete)
    result = services.race_result_void(result=result, voided_by=request.user)
    messages.success(
        request,
        f"Voided {paces.format_distance(float(result.distance_m))} in "
        f"{paces.format_time(result.time_ms / 1000)} on {result.date:%-d %b %Y}: it stays in "
        "the history but sets no zone.",
    )
    return _after_change(request, athlete, anchor="races-heading")


@login_required
@require_POST
def zone_set(request: HttpRequest, pk: int) -> HttpResponse:
    athlete = _changeable_athlete(request, pk)
    form = ZoneSetForm(request.POST, zones=selectors.zones_of(squad=athlete.squad))
    if not form.is_valid():
        return _render_athlete(request, athlete, zone_form=form, status=INVALID)
    data = form.cleaned_data
    try:
        services.zone_set(
            athlete=athlete,
            distance_m=data["zone"],
            time_ms=round(data["time_s"] * 1000),
            on=data["effective_date"],
            source=data["source"],
            note=data["note"],
            recorded_by=request.user,
            client_key=data["client_key"],
        )
    except DomainError as error:
        add_domain_error(form, error)
        return _render_athlete(request, athlete, zone_form=form, status=INVALID)
    messages.success(request, "Zone set.")
    return _after_change(request, athlete, anchor="zone-form")


@login_required
@require_POST
def zone_correct(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    athlete = _changeable_athlete(request, pk)
    entry = get_object_or_404(ZoneEntry, pk=entry_pk, athlete=athlete)
    form = _correct_form(entry, data=request.POST)
    if not form.is_valid():
        return _render_athlete(
            request, athlete, correct_form=form, correct_entry_id=entry.pk, status=INVALID
        )
    try:
        services.zone_correct(
            entry=entry,
            time_ms=round(form.cleaned_data["time_s"] * 1000),
            note=form.cleaned_data["note"],
            recorded_by=request.user,
            client_key=form.cleaned_data["client_key"],
        )
    except DomainError as error:
        add_domain_error(form, error)
        return _render_athlete(
            request, athlete, correct_form=form, correct_entry_id=entry.pk, status=INVALID
        )
    messages.success(request, "Entry corrected; the original stays in the history.")
    return _after_change(request, athlete, anchor="history-heading")


def _after_change(request: HttpRequest, athlete: Athlete, anchor: str) -> HttpResponse:
    """htmx swaps the page body in place; a plain form goes back to the form it came from
    (the message stays in view above it, base.html's sticky messages)."""
    if request.htmx:
        return _render_athlete(request, athlete)
    return redirect(reverse("athletes:athlete_detail", args=[athlete.pk]) + f"#{anchor}")


def _render_athlete(
    request: HttpRequest,
    athlete: Athlete,
    *,
    race_form: RaceResultForm | None = None,
    zone_form: ZoneSetForm | None = None,
    correct_form: ZoneCorrectForm | None = None,
    correct_entry_id: int | None = None,
    slower_than: tuple[selectors.ZoneValue, int] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    zones = selectors.zones_of(squad=athlete.squad)
    season = selectors.season_on(squad=athlete.squad, on=today)
    can_change = permissions.can_change_athlete(request.user, athlete)
    with_model = request.GET.get("model") == "1"
    history = _history_page(athlete, request.GET.get("history"), with_model, correct_entry_id)
    can_see_calendar = permissions.can_see_calendar_feed(request.user, athlete)
    calendar_url = _calendar_url(request, athlete) if can_see_calendar else ""
    context = {
        "athlete": athlete,
        "today": today,
        "season": season,
        "zone_groups": _zone_rows(athlete, zones, today),
        "race_results": selectors.race_results(athlete=athlete),
        "history": _history_rows(history, can_change, correct_form),
        "history_page": history,
        "with_model": with_model,
        "can_change": can_change,
        "race_form": race_form or RaceResultForm(),
        "slower_than": slower_than and slower_than[0],
        "slower_race_ms": slower_than and slower_than[1],
        "zone_form": zone_form or ZoneSetForm(zones=zones),
        "correct_entry_id": correct_entry_id,
        "can_see_calendar": can_see_calendar,
        "calendar_url": calendar_url,
        "calendar_webcal_url": calendar_url and "webcal://" + calendar_url.split("://", 1)[1],
        "export_seasons": (
            selectors.seasons_of(squad=athlete.squad)
            if permissions.can_export_athlete(request.user, athlete)
            else []
        ),
    }
    template = "athletes/athlete_detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#athlete-body"
    return render(request, template, context, status=status)


def _calendar_url(request: HttpRequest, athlete: Athlete) -> str:
    """The absolute address of the athlete's calendar feed once it exists (athlete_detail
    makes it), else "". Only for those `permissions.can_see_calendar_feed` lets see it."""
    feed = selectors.calendar_feed_of(athlete=athlete)
    if feed is None:
        return ""
    return request.build_absolute_uri(reverse("workouts:calendar_feed", args=[feed.secret]))


def _correct_form(entry: ZoneEntry, data=None) -> ZoneCorrectForm:
    """One correction form per history row, prefixed so their fields' ids stay unique."""
    return ZoneCorrectForm(data, zone_distance_m=entry.distance_m, prefix=f"correct-{entry.pk}")


def _history_page(
    athlete: Athlete, number: str | None, with_model: bool, showing_entry_id: int | None
) -> Page:
    """One page of the zone history, newest first: the asked-for page, or the page holding
    the entry whose correction failed, so its form and error are in view."""
    entries = selectors.zone_history(athlete=athlete, with_model=with_model)
    paginator = Paginator(entries, HISTORY_PAGE_SIZE)
    if showing_entry_id is not None:
        newer = selectors.zone_history_position(entries=entries, entry_id=showing_entry_id)
        return paginator.get_page(newer // HISTORY_PAGE_SIZE + 1)
    return paginator.get_page(number)


def _history_rows(history: Page, can_change: bool, failed_form: ZoneCorrectForm | None):
    """(entry, its correction form or None) for every entry of the page."""
    rows = []
    for entry in history:
        form = None
        if can_change and not hasattr(entry, "correction"):
            is_failed = failed_form is not None and failed_form.prefix == f"correct-{entry.pk}"
            form = failed_form if is_failed else _correct_form(entry)
        rows.append((entry, form))
    return rows


def _zone_rows(athlete: Athlete, zones, on: date) -> list[dict]:
    values = selectors.zones_as_of(athlete=athlete, on=on)
    return [
        {"name": group.name, "rows": [(zone, values.get(zone.distance_m)) for zone in group.zones]}
        for group in selectors.zone_groups_of(squad=athlete.squad, zones=zones)
    ]
