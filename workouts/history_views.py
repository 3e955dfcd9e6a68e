"""Older history in: the coach's upload, dry run and import of a season file. Thin: reading
the file and applying it are workouts.history_import's; who may is athletes.permissions'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from athletes import permissions
from athletes.forms import INVALID
from athletes.models import Squad

from . import history_import as importer
from .forms import HistoryImportForm, HistoryUploadForm
from .models import HistoryUpload

SHOWN_SESSIONS = 500  # rows of the dry run's table of sessions


def _coached_squad(request: HttpRequest, pk: int) -> Squad:
    squad = get_object_or_404(Squad, pk=pk)
    if not permissions.can_change_squad(request.user, squad):
        raise Http404("No such squad.")
    return squad


def _dry_run_context(squad, upload, plan) -> dict:
    return {
        "squad": squad,
        "upload": upload,
        "plan": plan,
        "counts": plan.counts(),
        "sessions": plan.sessions[:SHOWN_SESSIONS],
        "more_sessions": max(0, len(plan.sessions) - SHOWN_SESSIONS),
        "import_form": HistoryImportForm(initial={"sha256": plan.sha256}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def history_import(request: HttpRequest, squad_pk: int) -> HttpResponse:
    """GET: the upload form. POST: keep the file and answer its dry run (what would be
    created and every row that cannot be read); nothing else is written."""
    squad = _coached_squad(request, squad_pk)
    form = HistoryUploadForm(request.POST or None, request.FILES or None)
    context = {"squad": squad, "form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            data = upload_file.read()
            plan = importer.plan_for_squad(data, squad=squad)
            upload = importer.upload_stage(
                squad=squad, data=data, filename=upload_file.name or "", by=request.user
            )
            context.update(_dry_run_context(squad, upload, plan))
        else:
            status = INVALID
    template = "workouts/history_import.html"
    if request.htmx and request.method == "POST":
        template += "#answer"
    return render(request, template, context, status=status)


@login_required
@require_POST
def history_import_apply(request: HttpRequest, squad_pk: int) -> HttpResponse:
    """Import the staged file the dry run named, in one transaction; then say what was
    created. A file with rows that cannot be read, or that the services refuse, imports
    nothing."""
    squad = _coached_squad(request, squad_pk)
    form = HistoryImportForm(request.POST)
    page = reverse("workouts:history_import", args=[squad.pk])
    upload = None
    if form.is_valid():
        upload = HistoryUpload.objects.filter(
            squad=squad, sha256=form.cleaned_data["sha256"]
        ).first()
    if upload is None or (not upload.content and upload.imported_at is None):
        messages.error(request, "That file is no longer waiting to be imported: upload it again.")
        return redirect(page)
    if not upload.content:
        messages.info(
            request,
            f"“{upload.filename}” was imported on {upload.imported_at:%-d %b %Y}: "
            "upload it again to check it.",
        )
        return redirect(page)
    plan = importer.plan_for_squad(bytes(upload.content), squad=squad)
    try:
        created = importer.plan_apply(plan=plan, squad=squad, by=request.user, upload=upload)
    except importer.ImportFailed as error:
        context = {"squad": squad, "form": HistoryUploadForm(), "failure": error.message}
        context.update(_dry_run_context(squad, upload, plan))
        return render(request, "workouts/history_import.html", context, status=INVALID)
    context = {"squad": squad, "upload": upload, "created": created, "plan": plan}
    return render(request, "workouts/history_imported.html", context)
