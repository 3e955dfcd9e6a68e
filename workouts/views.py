"""Templates, the builder, prescribing, the coach's session grid, the squad calendar and the
athlete's sessions. What a user may not see answers 404."""

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from athletes import permissions
from athletes import selectors as athlete_selectors
from athletes.errors import DomainError
from athletes.forms import INVALID, IdempotentForm, add_domain_error
from athletes.models import Athlete, Squad

from . import notation, selectors, services
from .forms import OverrideForm, PrescribeForm, TemplateForm
from .models import RepTarget, Session, SessionTemplate

# ---------------------------------------------------------------- access


def _coached_squad(request: HttpRequest, pk: int) -> Squad:
    squad = get_object_or_404(Squad, pk=pk)
    if not permissions.can_change_squad(request.user, squad):
        raise Http404("No such squad.")
    return squad


def _coached_template(request: HttpRequest, pk: int) -> SessionTemplate:
    template = get_object_or_404(SessionTemplate.objects.select_related("squad"), pk=pk)
    if not permissions.can_change_squad(request.user, template.squad):
        raise Http404("No such template.")
    return template


# ---------------------------------------------------------------- library and builder


@login_required
@vary_on_headers("HX-Request")
def template_library(request: HttpRequest, squad_pk: int) -> HttpResponse:
    squad = _coached_squad(request, squad_pk)
    search, tag = request.GET.get("q", "").strip(), request.GET.get("tag", "")
    archived = request.GET.get("archived") == "1"
    context = {
        "squad": squad,
        "templates": selectors.template_library(
            squad=squad, search=search, tag=tag, archived=archived
        ),
        "tags": selectors.tags_of(squad=squad),
        "search": search,
        "tag": tag,
        "archived": archived,
    }
    template = "workouts/template_library.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


@login_required
def template_new(request: HttpRequest, squad_pk: int) -> HttpResponse:
    squad = _coached_squad(request, squad_pk)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(
                squad=squad,
                name=form.cleaned_data["name"],
                content=form.content(),
                tags=form.cleaned_data["tags"],
                created_by=request.user,
                client_key=form.cleaned_data["client_key"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Saved “{template.name}”.")
            return redirect("workouts:template_prescribe", pk=template.pk)
    return _builder(request, squad, form, template=None)


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = _coached_template(request, pk)
    version = selectors.current_version(template=template)
    initial = {
        "name": template.name,
        "notation": version.notation,
        "recovery_rules": version.recovery_rules,
        "default_targets": version.default_targets,
        "description": version.description,
        "tags": ", ".join(tag.name for tag in template.tags.all()),
    }
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.template_update(
                template=template,
                name=form.cleaned_data["name"],
                content=form.content(),
                tags=form.cleaned_data["tags"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            changed = "saved as version" if saved.pk != version.pk else "unchanged at version"
            messages.success(request, f"“{template.name}” {changed} {saved.number}.")
            return redirect("workouts:template_edit", pk=template.pk)
    return _builder(
        request,
        template.squad,
        form,
        template=template,
        version=version,
        versions=template.versions.select_related("created_by").order_by("-number"),
    )


def _builder(request, squad, form, *, template, version=None, versions=()) -> HttpResponse:
    athletes = list(athlete_selectors.roster(squad=squad))
    context = {
        "squad": squad,
        "form": form,
        "template": template,
        "version": version,
        "versions": versions,
        "athletes": athletes,
        "preview_athlete": athletes[0] if athletes else None,
        "preview_date": timezone.localdate(),
        "duplicate_form": IdempotentForm(auto_id=False),
    }
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "workouts/template_builder.html", context, status=status)


@login_required
@require_POST
def template_preview(request: HttpRequest, squad_pk: int) -> HttpResponse:
    """The builder's live preview: never saves, never loses what was typed."""
    squad = _coached_squad(request, squad_pk)
    form = TemplateForm(request.POST)
    form.is_valid()
    athlete = squad.athletes.filter(pk=_int_or_zero(request.POST.get("preview_athlete"))).first()
    on = _date_or_today(request.POST.get("preview_date"))
    context = {"squad": squad, "athlete": athlete, "on": on, "errors": [], "rows": []}
    if not request.POST.get("notation", "").strip():
        return render(request, "workouts/template_builder.html#preview", context)
    for field in ("notation", "recovery_rules", "default_targets"):
        for message in form.errors.get(field, []):
            context["errors"].append((form[field].label, message))
    checked = form.cleaned_data.get("checked")
    if checked is not None and not context["errors"]:
        context["rows"] = selectors.preview_rows(checked=checked, athlete=athlete, on=on)
        context["total_m"] = notation.total_distance_m(checked.reps)
    context["marked"] = _marked_notation(request.POST.get("notation", ""), form.notation_error)
    return render(request, "workouts/template_builder.html#preview", context)


def _marked_notation(
    text: str, error: notation.NotationError | None
) -> tuple[str, str, str] | None:
    """The notation split around the character its error points at, to show it marked."""
    if error is None or error.source != "notation":
        return None
    at = min(error.position, len(text))
    return text[:at], text[at : at + 1] or " ", text[at + 1 :]


@login_required
@require_POST
def template_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    template = _coached_template(request, pk)
    key = IdempotentForm(request.POST)
    client_key = key.cleaned_data["client_key"] if key.is_valid() else None
    try:
        copy = services.template_duplicate(
            template=template, by=request.user, client_key=client_key
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("workouts:template_edit", pk=template.pk)
    messages.success(request, f"Duplicated as “{copy.name}”.")
    return redirect("workouts:template_edit", pk=copy.pk)


@login_required
@require_POST
def template_archive(request: HttpRequest, pk: int) -> HttpResponse:
    template = _coached_template(request, pk)
    archived = request.POST.get("archived", "1") == "1"
    services.template_archive(template=template, archived=archived)
    messages.success(request, f"“{template.name}” {'archived' if archived else 'restored'}.")
    return redirect("workouts:template_library", squad_pk=template.squad_id)


# ---------------------------------------------------------------- prescribing


@login_required
def template_prescribe(request: HttpRequest, pk: int) -> HttpResponse:
    template = _coached_template(request, pk)
    version = selectors.current_version(template=template)
    form = PrescribeForm(request.POST or None, squad=template.squad, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_prescribe(
                version=version,
                on=form.cleaned_data["date"],
                athletes=list(form.cleaned_data["athletes"]),
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"“{session.name}” prescribed for {session.date:%A %-d %B %Y}."
            )
            return redirect("workouts:session_detail", pk=session.pk)
    status = INVALID if form.is_bound and form.errors else 200
    context = {"template": template, "version": version, "form": form}
    return render(request, "workouts/template_prescribe.html", context, status=status)


# ---------------------------------------------------------------- sessions


@login_required
@vary_on_headers("HX-Request")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("squad"), pk=pk)
    if permissions.can_change_squad(request.user, session.squad):
        return _session_grid(request, session)
    assignment = permissions.own_row(
        request.user, session.assignments.select_related("athlete", "session")
    )
    if assignment is None:
        raise Http404("No such session.")
    context = {
        "session": session,
        "assignment": assignment,
        "cells": selectors.assignment_detail(assignment=assignment),
    }
    return render(request, "workouts/session_athlete.html", context)


def _session_grid(request: HttpRequest, session: Session) -> HttpResponse:
    version = selectors.grid_version(session=session)
    polling = request.htmx and request.GET.get("part") == "grid"
    if polling and request.GET.get("since") == version:
        return HttpResponse(status=204)  # nothing new since the last poll: htmx keeps the grid
    reps, rows = selectors.session_grid(session=session)
    context = {
        "session": session,
        "reps": reps,
        "rows": rows,
        "version": version,
        "override_form": OverrideForm(),
        # Splits arrive on the day (and late in the evening, the next morning): poll then only.
        "live": 0 <= (timezone.localdate() - session.date).days <= 1,
    }
    template = "workouts/session_grid.html"
    if polling:
        template += "#grid"
    return render(request, template, context)


@login_required
@require_POST
def target_override(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("squad"), pk=pk)
    if not permissions.can_change_squad(request.user, session.squad):
        raise Http404("No such session.")
    target = get_object_or_404(
        RepTarget.objects.select_related("assignment__athlete", "rep"),
        pk=_int_or_zero(request.POST.get("target")),
        assignment__session=session,
    )
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("time", ["Check the target."])))
        return redirect("workouts:session_detail", pk=session.pk)
    seconds = form.cleaned_data["time"]
    try:
        services.target_override(
            target=target,
            time_ms=round(seconds * 1000) if seconds is not None else None,
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Target for {target.assignment.athlete}, rep {target.rep.n} updated."
        )
    return redirect("workouts:session_detail", pk=session.pk)


# ---------------------------------------------------------------- calendar and my sessions


@login_required
def squad_calendar(request: HttpRequest, squad_pk: int) -> HttpResponse:
    squad = _coached_squad(request, squad_pk)
    day = _date_or_today(request.GET.get("date"))
    view = "week" if request.GET.get("view") == "week" else "month"
    if view == "week":
        start = day - timedelta(days=day.weekday())
        weeks = [[start + timedelta(days=i) for i in range(7)]]
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
    else:
        weeks = calendar.Calendar().monthdatescalendar(day.year, day.month)
        previous = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    sessions = selectors.sessions_between(squad=squad, start=weeks[0][0], end=weeks[-1][-1])
    by_day: dict[date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(session.date, []).append(session)
    context = {
        "squad": squad,
        "view": view,
        "day": day,
        "weeks": [[(d, by_day.get(d, [])) for d in week] for week in weeks],
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
    }
    return render(request, "workouts/calendar.html", context)


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """An athlete's sessions, today's and the next ones first."""
    athlete: Athlete | None = athlete_selectors.athlete_of(request.user)
    sessions = list(selectors.sessions_of(athlete=athlete)) if athlete else []
    today = timezone.localdate()
    context = {
        "athlete": athlete,
        "upcoming": sorted((s for s in sessions if s.date >= today), key=lambda s: s.date),
        "past": [s for s in sessions if s.date < today],
        "today": today,
    }
    return render(request, "workouts/my_sessions.html", context)


def _int_or_zero(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _date_or_today(text: str | None) -> date:
    """A date from the query string, within the years a calendar can page through."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return timezone.localdate()
    return day if date(1900, 1, 1) <= day <= date(2999, 12, 31) else timezone.localdate()
