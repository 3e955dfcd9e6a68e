"""Templates, the builder, prescribing, the coach's session grid, the squad calendar and the
athlete's sessions. What a user may not see answers 404."""

import calendar
import dataclasses
import uuid
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from athletes import permissions
from athletes import selectors as athlete_selectors
from athletes.errors import DomainError
from athletes.forms import INVALID, IdempotentForm, add_domain_error
from athletes.models import Athlete, Squad

from . import fit_files, notation, selectors, services
from .forms import (
    MAX_FIT_BYTES,
    CopyWeekForm,
    OverrideForm,
    PasteForm,
    PasteRowsForm,
    PrescribeForm,
    ReportForm,
    SessionMoveForm,
    SessionRemoveForm,
    SplitForm,
    SplitRemoveForm,
    StopwatchForm,
    TemplateForm,
    WatchLapsForm,
    WatchRowsForm,
    WatchUploadForm,
    split_text,
    watch_laps_token,
)
from .models import Assignment, RepTarget, Session, SessionTemplate, SplitMethod

# A page the athlete may need with no signal at the track: the service worker keeps a copy of
# answers carrying this header (templates/coaching/sw.js), and of nothing else.
OFFLINE_HEADER = "Breakdown-Offline"


def _kept_offline(response: HttpResponse) -> HttpResponse:
    response[OFFLINE_HEADER] = "keep"
    return response


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
        # The calendar's "+" on a day: each template's "Prescribe" opens with that date.
        "prescribe_date": _date_or_today(request.GET["date"]) if "date" in request.GET else None,
    }
    template = "workouts/template_library.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


@login_required
def template_new(request: HttpRequest, squad_pk: int) -> HttpResponse:
    squad = _coached_squad(request, squad_pk)
    # A new template starts with the squad's default targets (set on the squad's page).
    form = TemplateForm(request.POST or None, initial={"default_targets": squad.default_targets})
    if _reading_chosen(request):
        return _builder_read_otherwise(request, squad, template=None)
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
    versions = template.versions.select_related("created_by").order_by("-number")
    if _reading_chosen(request):
        return _builder_read_otherwise(
            request, template.squad, template=template, version=version, versions=versions
        )
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
        versions=versions,
    )


def _reading_chosen(request: HttpRequest) -> bool:
    """The preview's "Read it as: …" button, pressed without JavaScript: it sends the builder
    form with the notation of the other reading instead of saving."""
    return request.method == "POST" and bool(request.POST.get("other_notation", "").strip())


def _builder_read_otherwise(request, squad, *, template, version=None, versions=()):
    """The builder again, nothing saved, with everything as typed but the notation, which is
    the other reading's, and the preview of it (the notation read once, by the form)."""
    data = request.POST.copy()
    data["notation"] = request.POST["other_notation"]
    checking = TemplateForm(data)
    checking.is_valid()
    shown = TemplateForm(
        initial={name: data[name] for name in TemplateForm.base_fields if data.get(name)}
    )
    return _builder(
        request,
        squad,
        shown,
        template=template,
        version=version,
        versions=versions,
        preview=_preview(squad, checking, data),
    )


def _builder(
    request, squad, form, *, template, version=None, versions=(), preview=None
) -> HttpResponse:
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
        "errors": [],
        "rows": [],
    }
    if preview is None and form.is_bound:  # a refused save shows its preview, even without JS
        preview = _preview(squad, form, request.POST)
    if preview is not None:
        context.update(preview)
        context["preview_athlete"] = preview["athlete"] or context["preview_athlete"]
        context["preview_date"] = preview["on"]
    status = INVALID if form.is_bound and form.errors else 200
    return render(request, "workouts/template_builder.html", context, status=status)


@login_required
@require_POST
def template_preview(request: HttpRequest, squad_pk: int) -> HttpResponse:
    """The builder's live preview: never saves, never loses what was typed."""
    squad = _coached_squad(request, squad_pk)
    form = TemplateForm(request.POST)
    form.is_valid()
    context = {"squad": squad, **_preview(squad, form, request.POST)}
    return render(request, "workouts/template_builder.html#preview", context)


def _preview(squad: Squad, form: TemplateForm, data) -> dict:
    """The preview of a cleaned TemplateForm (cleaning read the notation, once): the reps with
    each target for the athlete chosen, the segments between them, the places the text reads
    two ways and the canonical text a save stores for them; or the errors, marked."""
    athlete = squad.athletes.filter(pk=_int_or_zero(data.get("preview_athlete"))).first()
    on = _date_or_today(data.get("preview_date"))
    context = {"athlete": athlete, "on": on, "errors": [], "rows": []}
    if not data.get("notation", "").strip():
        return context
    for field in ("notation", "recovery_rules", "default_targets"):
        for message in form.errors.get(field, []):
            context["errors"].append((form[field].label, message))
    checked = form.cleaned_data.get("checked")
    if checked is not None and not context["errors"]:
        context["rows"] = selectors.preview_rows(checked=checked, athlete=athlete, on=on)
        context["segments_after"] = selectors.segments_after(checked=checked)
        context["has_segments"] = bool(checked.segments)
        context["total_m"] = notation.total_distance_m(checked.reps)
        typed = form.cleaned_data["notation"]
        context["readings"] = [
            (typed[: r.start], r.written, typed[r.end :], r) for r in checked.readings
        ]
        context["saved_as"] = checked.saved_notation
    context["marked"] = _marked_notation(data.get("notation", ""), form.notation_error)
    return context


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
    if "date" in request.GET:  # the calendar's "+" on a day
        form.initial["date"] = _date_or_today(request.GET.get("date"))
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
        request.user, session.assignments.select_related("athlete__squad", "session")
    )
    if assignment is None:
        raise Http404("No such session.")
    return _athlete_session(request, assignment)


def _session_grid(
    request: HttpRequest,
    session: Session,
    move_form: SessionMoveForm | None = None,
    failed: dict | None = None,
    opened: str = "",
) -> HttpResponse:
    """The coach's grid; `move_form` or `failed` (an override refused in its cell) when the
    page comes back with a refusal, `opened` when a cell's override form is asked for
    without JavaScript."""
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
        "override_url": _override_url(session),
        "open_pk": opened,
        **(failed or {}),
        "move_form": move_form or SessionMoveForm(initial={"date": session.date}),
        # Splits arrive on the day (and late in the evening, the next morning): poll then only.
        "live": 0 <= (timezone.localdate() - session.date).days <= 1,
        # The heading's warm-up, drills…: the poll redraws the grid only, without them.
        "segments": () if polling else selectors.session_segments(session=session),
    }
    template = "workouts/session_grid.html"
    if polling:
        template += "#grid"
    status = INVALID if move_form or failed else 200
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def target_override(request: HttpRequest, pk: int) -> HttpResponse:
    """One athlete's target for one rep, set from its cell: htmx gets the cell back; a plain
    form goes back to the grid. A refusal stays in the cell with what was typed. GET is the
    cell's form, fetched when the cell opens (or, without JavaScript, the grid with that
    cell open)."""
    session = _coached_session(request, pk)
    target = get_object_or_404(
        RepTarget.objects.select_related("assignment__athlete", "rep"),
        pk=_int_or_zero(request.POST.get("target") or request.GET.get("target")),
        assignment__session=session,
    )
    if request.method == "GET":
        if not request.htmx:
            return _session_grid(request, session, opened=str(target.pk))
        context = {"session": session, "cell": selectors.grid_cell(target=target)}
        return render(request, "workouts/session_grid.html#override_form", context)
    form = OverrideForm(request.POST)
    error = None
    if not form.is_valid():
        error = " ".join(form.errors.get("time", []) or form.errors.get("note", ["Check it."]))
    else:
        seconds = form.cleaned_data["time"]
        try:
            target = services.target_override(
                target=target,
                time_ms=round(seconds * 1000) if seconds is not None else None,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as refusal:
            error = refusal.message
    if error is None and not request.htmx:
        messages.success(
            request, f"Target for {target.assignment.athlete}, rep {target.rep.n} updated."
        )
        return redirect(f"{reverse('workouts:session_detail', args=[session.pk])}#cell-{target.pk}")
    failed = {"open_pk": str(target.pk), "override_form": form, "override_error": error}
    if not request.htmx:
        return _session_grid(request, session, failed=failed)
    context = {
        "session": session,
        "cell": selectors.grid_cell(target=target),
        "override_url": _override_url(session),
    }
    if error is not None:
        context |= failed
    status = INVALID if error is not None else 200
    return render(request, "workouts/session_grid.html#cell", context, status=status)


def _override_url(session: Session) -> str:
    """Where a grid cell fetches its override form: this, then the target's id."""
    return reverse("workouts:target_override", args=[session.pk]) + "?target="


def _coached_session(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("squad"), pk=pk)
    if not permissions.can_change_squad(request.user, session.squad):
        raise Http404("No such session.")
    return session


def _htmx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A plain form follows a redirect; htmx is told to load the page."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
@require_POST
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the session to another date: back to the session; a refusal beside the date."""
    session = _coached_session(request, pk)
    form = SessionMoveForm(request.POST)
    if form.is_valid():
        try:
            session = services.session_move(
                session=session, on=form.cleaned_data["date"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{session.name}” moved to {session.date:%A %-d %B %Y}.")
            return _htmx_redirect(request, reverse("workouts:session_detail", args=[session.pk]))
    if request.htmx:
        context = {"session": session, "move_form": form}
        return render(request, "workouts/session_grid.html#move", context, status=INVALID)
    return _session_grid(request, session, move_form=form)


@login_required
def session_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the session: a page that says how many splits will go, then the removal."""
    session = _coached_session(request, pk)
    form = SessionRemoveForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            count = services.session_remove(
                session=session, splits_expected=form.cleaned_data["splits"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            gone = f", with {count} split{'s' if count != 1 else ''}" if count else ""
            messages.success(request, f"“{session.name}” on {session.date:%-d %b} removed{gone}.")
            url = reverse("workouts:squad_calendar", args=[session.squad_id])
            return _htmx_redirect(request, f"{url}?date={session.date:%Y-%m-%d}")
    if form.is_bound:
        status = INVALID
    count = selectors.split_count(session=session)
    form = SessionRemoveForm(initial={"splits": count}) if not form.is_bound else form
    context = {"session": session, "remove_form": form, "split_count": count}
    return render(request, "workouts/session_remove.html", context, status=status)


@login_required
@require_POST
def sessions_copy_week(request: HttpRequest, squad_pk: int) -> HttpResponse:
    squad = _coached_squad(request, squad_pk)
    form = CopyWeekForm(request.POST)
    url = reverse("workouts:squad_calendar", args=[squad.pk])
    if not form.is_valid():
        messages.error(request, "Choose a week to copy to.")
        return _htmx_redirect(request, f"{url}?view=week")
    source, target = form.cleaned_data["source"], form.cleaned_data["target"]
    try:
        copies = services.sessions_copy_week(
            squad=squad, source=source, target=target, by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _htmx_redirect(request, f"{url}?view=week&date={source:%Y-%m-%d}")
    messages.success(
        request, f"Copied {len(copies)} session{'s' if len(copies) != 1 else ''} to this week."
    )
    return _htmx_redirect(request, f"{url}?view=week&date={target:%Y-%m-%d}")


# ---------------------------------------------------------------- the group stopwatch


@login_required
def session_stopwatch(request: HttpRequest, pk: int) -> HttpResponse:
    """The coach's stopwatch for one rep of the group (static/js/stopwatch.js): one start,
    one tap per finisher, names given after when unseen. Its script posts the rep's times
    asking for JSON; without JavaScript the page is a form of one time per athlete."""
    session = get_object_or_404(Session.objects.select_related("squad"), pk=pk)
    if not permissions.can_change_squad(request.user, session.squad):
        raise Http404("No such session.")
    page = selectors.stopwatch_page(session=session)
    numbers = [rep.n for rep in page.reps]
    asked = _int_or_zero(request.GET.get("rep"))
    rep_n = asked if asked in numbers else (numbers[0] if numbers else 1)
    form = StopwatchForm(
        request.POST if request.method == "POST" else None,
        assignments=page.assignments,
        initial={"rep": rep_n},
    )
    wants_json = request.get_preferred_type(["text/html", "application/json"]) == (
        "application/json"
    )
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        rep = next((rep for rep in page.reps if rep.n == form.cleaned_data["rep"]), None)
        try:
            if rep is None:
                raise services.WorkoutRuleError("That rep is not in this session.", field="rep")
            saved = services.stopwatch_record(
                session=session,
                rep=rep,
                taps=[
                    services.StopwatchTap(assignment, time_ms, key or uuid.uuid4())
                    for assignment, time_ms, key in form.timed()
                ],
                entered_by=request.user,
                confirmed=form.cleaned_data["confirm"],
            )
        except services.ImplausibleSplit as error:
            add_domain_error(form, error)
            needs_confirmation = True
        except DomainError as error:
            add_domain_error(form, error)
        else:
            said = f"Rep {rep.n}: saved {len(saved)} time{'s' if len(saved) != 1 else ''}."
            if wants_json:
                return JsonResponse({"saved": len(saved), "message": said})
            messages.success(request, said)
            following = rep.n + 1 if rep.n + 1 in numbers else rep.n
            url = reverse("workouts:session_stopwatch", args=[session.pk])
            return redirect(f"{url}?rep={following}")
    if form.is_bound and wants_json:
        errors = [message for messages_ in form.errors.values() for message in messages_]
        return JsonResponse({"errors": errors, "confirm": needs_confirmation}, status=INVALID)
    context = {
        "session": session,
        "page": page,
        "rep_n": rep_n,
        "form": form,
        "needs_confirmation": needs_confirmation,
        "rows": [(a, form[f"time_{a.pk}"], form[f"key_{a.pk}"]) for a in page.assignments],
    }
    status = INVALID if form.is_bound and form.errors else 200
    response = render(request, "workouts/stopwatch.html", context, status=status)
    return _kept_offline(response) if request.method == "GET" else response


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
        "copy_form": CopyWeekForm(
            initial={"source": weeks[0][0], "target": weeks[0][0] + timedelta(days=7)}
        ),
    }
    return render(request, "workouts/calendar.html", context)


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    """An athlete's home: today's sessions, then the next ones, then the past ones."""
    athlete: Athlete | None = athlete_selectors.athlete_of(request.user)
    today = timezone.localdate()
    context = {
        "athlete": athlete,
        "home": selectors.athlete_home(athlete=athlete, today=today) if athlete else None,
        "today": today,
    }
    return _kept_offline(render(request, "workouts/my_sessions.html", context))


# ---------------------------------------------------------------- one athlete's session


def _recordable(request: HttpRequest, pk: int) -> Assignment:
    """An assignment the user may record splits for: their own, or an athlete they coach."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("athlete__squad", "session"), pk=pk
    )
    if not permissions.can_record_for(request.user, assignment.athlete):
        raise Http404("No such session.")
    return assignment


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One athlete's session, for the athlete or their coach: targets, split entry, history."""
    return _athlete_session(request, _recordable(request, pk))


@dataclasses.dataclass(frozen=True)
class RepEntry:
    cell: selectors.Cell
    form: SplitForm
    remove_key: uuid.UUID = dataclasses.field(default_factory=uuid.uuid4)


def _athlete_session(
    request: HttpRequest,
    assignment: Assignment,
    bound: SplitForm | None = None,
    status=200,
    report_form: ReportForm | None = None,
) -> HttpResponse:
    page = selectors.athlete_session(assignment=assignment)
    entries = {cell.rep.n: RepEntry(cell, _split_form(cell, bound)) for cell in page.cells}
    context = {
        "session": assignment.session,
        "assignment": assignment,
        "page": page,
        "blocks": [
            {
                "text": group.text,
                "not_reps": group.not_reps,
                "sets": [[entries[cell.rep.n] for cell in rep_set] for rep_set in group.sets],
            }
            for group in page.groups
        ],
        "rep_total": len(page.cells),
        "report_form": report_form if report_form is not None else _report_form(page.report),
        "paste_form": PasteForm(),
        "watch_form": WatchUploadForm(),
        "is_own": permissions.is_self(request.user, assignment.athlete),
    }
    response = render(request, "workouts/session_athlete.html", context, status=status)
    return _kept_offline(response) if status == 200 else response


def _split_form(cell: selectors.Cell, bound: SplitForm | None) -> SplitForm:
    if bound is not None and bound.is_bound and bound.data.get("rep") == str(cell.rep.n):
        return bound
    shown = split_text(cell.split.time_ms / 1000) if cell.split else ""
    return SplitForm(initial={"rep": cell.rep.n, "time": shown})


def _report_form(report) -> ReportForm:
    initial = {"rpe": report.rpe, "note": report.note, "done": report.done} if report else {}
    return ReportForm(initial=initial)


def _rep_of(assignment: Assignment, number) -> selectors.RepForEntry:
    found = selectors.rep_for_entry(assignment=assignment, n=_int_or_zero(number))
    if found is None:
        raise Http404("No such rep.")
    return found


def _rep_card(request, assignment: Assignment, found: selectors.RepForEntry, form=None, status=200):
    """The rep's card after a save or a refusal: what htmx swaps in."""
    cell = selectors.athlete_cell(assignment=assignment, rep=found.rep, target=found.target)
    context = {
        "assignment": assignment,
        "entry": RepEntry(cell, form or _split_form(cell, None)),
        "rep_total": assignment.session.rep_count,
    }
    return render(request, "workouts/session_athlete.html#rep-card", context, status=status)


@login_required
@require_POST
def split_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one rep's time: htmx gets the rep's card back; a plain form goes back to the page
    at the next rep. A refusal comes back beside the time, with the time as typed."""
    assignment = _recordable(request, pk)
    form = SplitForm(request.POST)
    found = _rep_of(assignment, request.POST.get("rep"))
    if form.is_valid():
        try:
            services.split_record(
                assignment=assignment,
                rep=found.rep,
                time_ms=form.cleaned_data["time"],
                client_key=form.cleaned_data["client_key"] or uuid.uuid4(),
                entered_by=request.user,
                confirmed=form.cleaned_data["confirm"],
            )
        except services.ImplausibleSplit as error:
            add_domain_error(form, error)
            form.needs_confirmation = True
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if request.htmx:
                return _rep_card(request, assignment, found)
            n = found.rep.n
            following = f"rep-{n + 1}" if n < assignment.session.rep_count else "report"
            return redirect(_page_url(request, assignment, anchor=following))
    if request.htmx:
        return _rep_card(request, assignment, found, form, status=INVALID)
    return _athlete_session(request, assignment, bound=form, status=INVALID)


@login_required
@require_POST
def split_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _recordable(request, pk)
    found = _rep_of(assignment, request.POST.get("rep"))
    form = SplitRemoveForm(request.POST)
    key = form.cleaned_data["client_key"] if form.is_valid() else None
    services.split_remove(
        assignment=assignment,
        rep=found.rep,
        client_key=key or uuid.uuid4(),
        entered_by=request.user,
    )
    if request.htmx:
        return _rep_card(request, assignment, found)
    return redirect(_page_url(request, assignment, anchor=f"rep-{found.rep.n}"))


@login_required
@require_POST
def report_save(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _recordable(request, pk)
    form = ReportForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.report_save(
                assignment=assignment,
                rpe=form.cleaned_data["rpe"],
                note=form.cleaned_data["note"],
                done=form.cleaned_data["done"],
                client_key=form.cleaned_data["client_key"] or uuid.uuid4(),
                entered_by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            saved = True
    if not request.htmx:  # a plain form: back to the page, or the whole page with the refusal
        if saved:
            return redirect(_page_url(request, assignment, anchor="report"))
        return _athlete_session(request, assignment, status=INVALID, report_form=form)
    if saved:
        form = _report_form(assignment.reports.order_by("-entered_at", "-id").first())
    context = {"assignment": assignment, "report_form": form, "saved": saved}
    status = 200 if saved else INVALID
    return render(request, "workouts/session_athlete.html#report", context, status=status)


@login_required
def splits_paste(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste the line from a log: a preview matches it to the reps, and nothing is saved until
    the athlete confirms; then every split is saved in one transaction."""
    assignment = _recordable(request, pk)
    form = PasteForm(request.POST or None)
    context = {"session": assignment.session, "assignment": assignment, "form": form}
    if request.method != "POST" or not form.is_valid():
        status = INVALID if form.is_bound else 200
        return render(request, "workouts/splits_paste.html", context, status=status)
    preview = selectors.paste_preview(assignment=assignment, text=form.cleaned_data["text"])
    rows = PasteRowsForm(request.POST if "save" in request.POST else None, preview=preview)
    if "save" in request.POST and rows.is_valid():
        try:
            saved = services.splits_record_many(
                assignment=assignment,
                entries=rows.to_record(),
                client_key=form.cleaned_data["client_key"] or uuid.uuid4(),
                entered_by=request.user,
            )
        except services.ImplausibleSplit as error:
            rows.ask_to_confirm(error.rep_n, error.message)
        except DomainError as error:
            rows.add_error(None, error.message)
        else:
            messages.success(request, f"Saved {len(saved)} split{'s' if len(saved) != 1 else ''}.")
            return redirect(_page_url(request, assignment))
    context.update(preview=preview, rows=rows)
    status = INVALID if rows.is_bound and rows.errors else 200
    return render(request, "workouts/splits_paste.html", context, status=status)


class _UploadLimit(FileUploadHandler):
    """Keeps no more of an uploaded file than `limit` bytes: past it, the rest of the body is
    read and dropped (never stored, in memory or on disk) and `exceeded` says so."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit, self.exceeded = limit, False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file


@login_required
@csrf_exempt  # checked by _splits_watch, once the upload limit is in place (Django's docs)
def splits_watch(request: HttpRequest, pk: int) -> HttpResponse:
    limit = _UploadLimit(request, MAX_FIT_BYTES)
    request.upload_handlers.insert(0, limit)
    return _splits_watch(request, pk, limit)


@csrf_protect
def _splits_watch(request: HttpRequest, pk: int, limit: _UploadLimit) -> HttpResponse:
    """Laps from the athlete's watch: the FIT activity file is read and its laps matched to
    the reps (workouts.fit_laps); a preview shows each rep's lap and how sure the match is,
    and nothing is saved until the athlete says so. Then every split is saved in one
    transaction under keys made from the file's hash, so the same file saved again adds
    nothing."""
    assignment = _recordable(request, pk)
    saving = request.method == "POST" and "save" in request.POST
    posted = request.method == "POST" and not saving  # bound even when the file was stopped
    upload = WatchUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=limit.exceeded,
    )
    carried = WatchLapsForm(request.POST if saving else None, assignment_pk=assignment.pk)
    context = {"session": assignment.session, "assignment": assignment, "upload": upload}
    read = carried.is_valid() if saving else upload.is_valid()
    if not read:
        refused = carried.errors.get("laps") if saving else upload.is_bound
        context["laps_error"] = refused[0] if saving and refused else ""
        status = INVALID if refused else 200
        return render(request, "workouts/splits_watch.html", context, status=status)
    activity = carried.cleaned_data["laps"] if saving else upload.cleaned_data["activity"]
    client_key = services.watch_client_key(sha256=activity.sha256, assignment=assignment)
    preview = selectors.watch_preview(
        assignment=assignment, activity=activity, client_key=client_key
    )
    rows = WatchRowsForm(request.POST if saving else None, preview=preview)
    if saving and rows.is_valid():
        try:
            saved = services.splits_record_many(
                assignment=assignment,
                entries=rows.to_record(),
                client_key=client_key,
                entered_by=request.user,
                method=SplitMethod.WATCH,
            )
        except services.ImplausibleSplit as error:
            rows.ask_to_confirm(error.rep_n, error.message)
        except DomainError as error:
            rows.add_error(None, error.message)
        else:
            count = f"{len(saved)} split{'s' if len(saved) != 1 else ''}"
            messages.success(request, f"Saved {count} from your watch.")
            return redirect(_page_url(request, assignment))
    context.update(preview=preview, rows=rows, laps_token=watch_laps_token(activity, assignment.pk))
    status = INVALID if rows.is_bound and rows.errors else 200
    return render(request, "workouts/splits_watch.html", context, status=status)


def _page_url(request: HttpRequest, assignment: Assignment, anchor: str = "") -> str:
    """The session page the user came from: the athlete's own, or the coach's view of it."""
    if permissions.is_self(request.user, assignment.athlete):
        url = reverse("workouts:session_detail", args=[assignment.session_id])
    else:
        url = reverse("workouts:assignment_detail", args=[assignment.pk])
    return f"{url}#{anchor}" if anchor else url


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


# ---------------------------------------------------------------- watch files


def _download(found: fit_files.WatchFile) -> HttpResponse:
    response = HttpResponse(found.data, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response


@login_required
def assignment_fit(request: HttpRequest, pk: int) -> HttpResponse:
    """One athlete's session as a FIT workout for their watch: the athlete or their coach."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("athlete__squad", "session__squad"), pk=pk
    )
    if not permissions.can_download_workout(request.user, assignment.athlete):
        raise Http404("No such session.")
    return _download(fit_files.assignment_fit(assignment=assignment))


@login_required
def session_fit_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Every athlete's watch file of a session in one zip, for the squad's coach."""
    return _download(fit_files.session_zip(session=_coached_session(request, pk)))
