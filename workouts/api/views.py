"""The workouts app's API viewsets: thin. Reads come from workouts.api_selectors, scoped by
athletes.permissions; writes go through workouts.services, the same calls the pages make,
with the same permission each page asks. What a user may not see answers 404; a write on
something they may see but not change answers 403.

Writes with a client_key are idempotent: the same key again returns what the first made,
201 when this request made it, 200 when it was already there (or nothing changed)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from athletes import client_keys, permissions
from athletes.errors import DomainError

from .. import api_selectors, fit_files, selectors, services
from ..forms import SplitForm
from ..models import SessionReport, SessionTemplate, Split
from ..notation import read_as_dict
from ..services import TemplateContent
from . import serializers as s
from .filters import ReportFilter, SessionFilter, SplitFilter, TemplateFilter


class FileOrJsonErrors(BaseContentNegotiation):
    """A file download: whatever the Accept header asks, errors are JSON (the file itself is
    a plain response)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _made(created: bool) -> int:
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


def _refusal(message: str, **extra) -> Response:
    """A 400 in the API's error shape with what else helps the client retry (a suggested
    reading of the time, or that a yes is needed)."""
    error = {"message": message, **{k: v for k, v in extra.items() if v is not None}}
    return Response({"error": error}, status=status.HTTP_400_BAD_REQUEST)


def _recordable_assignment(user, pk: int):
    """An assignment the user may record splits and reports for (the athlete themself or
    their coach): 404 when they may not see it, 403 when they may see it but not write."""
    assignment = (
        api_selectors.assignments_for(user=user)
        .select_related("athlete__squad", "session")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise exceptions.NotFound("No such assignment.")
    if not permissions.can_record_for(user, assignment.athlete):
        raise exceptions.PermissionDenied("Only the athlete and their coach record for them.")
    return assignment


# ---------------------------------------------------------------- examples

VERSION_EXAMPLE = {
    "id": 7,
    "template": 3,
    "number": 2,
    "notation": "2 x 1K / 500m, 300m, 200m / 1 x 1K",
    "recovery_rules": "400m in 3'-4' after 1K rep",
    "description": "Breakdowns: the 1Ks at 5K pace.",
    "default_targets": "1K @5K, 500m @mile, 300m @800, 200m @400",
    "created_by": "Ana Coach",
    "created_at": "2026-03-02T18:04:11Z",
}
TEMPLATE_EXAMPLE = {
    "id": 3,
    "squad": 1,
    "name": "1,000m Breakdowns",
    "tags": ["early season"],
    "archived": False,
    "created_by": "Ana Coach",
    "created_at": "2026-03-01T09:00:00Z",
    "version_count": 2,
    "current_version": VERSION_EXAMPLE,
}
TEMPLATE_REQUEST = {
    "squad": 1,
    "name": "1,000m Breakdowns",
    "notation": "2 x 1K / 500m, 300m, 200m / 1 x 1K",
    "recovery_rules": "400m in 3'-4' after 1K rep",
    "description": "Breakdowns: the 1Ks at 5K pace.",
    "tags": ["early season"],
    "client_key": "0b6c7a52-9d1e-4c61-9a0e-3f1f1d1b2c3d",
}
TARGET_EXAMPLE = {
    "rep": 1,
    "time_ms": 174000,
    "time": "2:54.0",
    "planned_ms": 174000,
    "reason": "",
    "override_ms": None,
    "override": None,
    "override_note": "",
}
SESSION_EXAMPLE = {
    "id": 12,
    "squad": 1,
    "date": "2026-03-03",
    "name": "1,000m Breakdowns",
    "template": 3,
    "template_version": 7,
    "version_number": 2,
    "notation": "2 x 1K",
    "recovery_rules": "400m in 3'-4' after 1K rep",
    "description": "",
    "total_distance_m": 2000.0,
    "rep_count": 2,
    "reps": [
        {
            "n": 1,
            "distance_m": 1000.0,
            "duration_s": None,
            "target": "5K",
            "label": "",
            "note": "",
            "recovery": "400m in 3'-4'",
            "block": 1,
            "set_index": 1,
        },
        {
            "n": 2,
            "distance_m": 1000.0,
            "duration_s": None,
            "target": "5K",
            "label": "",
            "note": "",
            "recovery": "",
            "block": 1,
            "set_index": 2,
        },
    ],
    "assignments": [
        {
            "id": 40,
            "athlete": 5,
            "athlete_name": "Mateo Silva",
            "targets": [TARGET_EXAMPLE, {**TARGET_EXAMPLE, "rep": 2}],
        }
    ],
}
SPLIT_EXAMPLE = {
    "id": 301,
    "assignment": 40,
    "session": 12,
    "date": "2026-03-03",
    "athlete": 5,
    "athlete_name": "Mateo Silva",
    "rep": 1,
    "time_ms": 172000,
    "time": "2:52.0",
    "removal": False,
    "replaces": None,
    "method": "typed",
    "confirmed": False,
    "entered_by": "Mateo Silva",
    "entered_at": "2026-03-03T18:12:40Z",
}
REPORT_EXAMPLE = {
    "id": 88,
    "assignment": 40,
    "session": 12,
    "date": "2026-03-03",
    "athlete": 5,
    "athlete_name": "Mateo Silva",
    "rpe": 8,
    "note": "Windy on the back straight.",
    "done": True,
    "entered_by": "Mateo Silva",
    "entered_at": "2026-03-03T19:02:00Z",
}
NOTATION_EXAMPLE = {
    "notation": "2 x 1K @5K",
    "recovery_rules": "400m in 3'-4' after 1K",
    "rep_count": 2,
    "total_distance_m": 2000.0,
    "reps": [
        {
            "n": 1,
            "distance_m": 1000.0,
            "duration_s": None,
            "target": "5K",
            "label": "",
            "note": "",
            "block": 1,
            "set_index": 1,
            "recovery": {
                "kind": "distance",
                "distance_m": 400.0,
                "duration_s": None,
                "window_s": [180.0, 240.0],
                "mode": "",
                "text": "400m in 3'-4'",
            },
            "is_rep": True,
        },
        {
            "n": 2,
            "distance_m": 1000.0,
            "duration_s": None,
            "target": "5K",
            "label": "",
            "note": "",
            "block": 1,
            "set_index": 2,
            "recovery": None,
            "is_rep": True,
        },
    ],
    "segments": [],
    "readings": [],
}


def _example(name: str, value: dict, *, request: bool = False) -> OpenApiExample:
    if request:
        return OpenApiExample(name, value=value, request_only=True)
    return OpenApiExample(name, value=value, response_only=True)


def _made_responses(serializer, what: str) -> dict:
    return {
        201: OpenApiResponse(serializer, description=f"The {what}, made by this request."),
        200: OpenApiResponse(
            serializer,
            description=f"The {what} the same client_key already made (nothing was written).",
        ),
    }


# ---------------------------------------------------------------- templates


@extend_schema_view(
    list=extend_schema(
        summary="Session templates of the squads you coach",
        examples=[_example("A template", TEMPLATE_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One template with every version, newest first",
        examples=[_example("A template", {**TEMPLATE_EXAMPLE, "versions": [VERSION_EXAMPLE]})],
    ),
)
class TemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_converter = "int"
    filterset_class = TemplateFilter

    def get_queryset(self):
        return api_selectors.templates_for(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return s.TemplateSerializer
        return s.TemplateDetailSerializer

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(
        summary="Save a new template with its first version (the squad's coach)",
        request=s.TemplateCreateSerializer,
        responses=_made_responses(s.TemplateDetailSerializer, "template"),
        examples=[
            _example("A new template", TEMPLATE_REQUEST, request=True),
            _example("The template", {**TEMPLATE_EXAMPLE, "versions": [VERSION_EXAMPLE]}),
        ],
    )
    def create(self, request):
        data = _valid(s.TemplateCreateSerializer, request)
        squad = permissions.squads_visible_to(request.user).filter(pk=data["squad"]).first()
        if squad is None:
            raise exceptions.NotFound("No such squad.")
        if not permissions.can_change_squad(request.user, squad):
            raise exceptions.PermissionDenied("Only the squad's coach writes its templates.")
        key = data["client_key"]
        made_before = client_keys.key_used(SessionTemplate, key)
        template = services.template_create(
            squad=squad,
            name=data["name"],
            content=TemplateContent(
                notation=data["notation"],
                recovery_rules=data.get("recovery_rules", ""),
                description=data.get("description", ""),
                default_targets=data.get("default_targets", squad.default_targets),
            ),
            tags=data["tags"],
            created_by=request.user,
            client_key=key,
        )
        shown = self.get_queryset().get(pk=template.pk)
        return Response(s.TemplateDetailSerializer(shown).data, status=_made(not made_before))

    @extend_schema(
        summary="Save an edit as a new version (sessions already prescribed keep theirs)",
        request=s.TemplateVersionCreateSerializer,
        responses={
            201: OpenApiResponse(s.TemplateVersionSerializer, description="The new version."),
            200: OpenApiResponse(
                s.TemplateVersionSerializer,
                description="Nothing changed: the current version, as it stands.",
            ),
        },
        examples=[
            _example(
                "An edit",
                {"notation": "2 x 1K / 500m, 300m, 200m / 2 x 1K", "description": "One more 1K."},
                request=True,
            ),
            _example("The new version", VERSION_EXAMPLE),
        ],
    )
    @action(detail=True, methods=["post"], url_path="versions")
    def versions(self, request, pk=None):
        template = self.get_object()
        data = _valid(s.TemplateVersionCreateSerializer, request)
        current = template.versions.all()[0]  # prefetched, newest first
        saved = services.template_update(
            template=template,
            name=data.get("name", template.name),
            content=TemplateContent(
                notation=data["notation"],
                recovery_rules=data.get("recovery_rules", current.recovery_rules),
                description=data.get("description", current.description),
                default_targets=data.get("default_targets", current.default_targets),
            ),
            tags=data.get("tags", sorted(tag.name for tag in template.tags.all())),
            by=request.user,
        )
        return Response(
            s.TemplateVersionSerializer(saved).data, status=_made(saved.pk != current.pk)
        )


@extend_schema_view(
    retrieve=extend_schema(
        summary="One version of a template", examples=[_example("A version", VERSION_EXAMPLE)]
    ),
)
class TemplateVersionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_converter = "int"
    serializer_class = s.TemplateVersionSerializer

    def get_queryset(self):
        return api_selectors.template_versions_for(user=self.request.user)


# ---------------------------------------------------------------- notation preview


@extend_schema_view(
    create=extend_schema(
        summary="Read a notation: the same JSON as `manage.py notation`",
        description=(
            "Answers exactly what `manage.py notation TEXT --recovery RULES` prints: the "
            "canonical notation, rep count, total distance and every rep (200); or, for text "
            'it cannot read, 400 with the command\'s {"error": {"message", "position", '
            '"expected", "source"}} ("position" indexes the text named by "source"). '
            "Saves nothing."
        ),
        request=s.NotationPreviewRequestSerializer,
        responses={
            200: OpenApiResponse(
                s.NotationPreviewSerializer, description="The session read and expanded."
            )
        },
        examples=[
            _example(
                "A session",
                {"notation": "2 x 1K @5K", "recovery_rules": "400m in 3'-4' after 1K"},
                request=True,
            ),
            _example("Read and expanded", NOTATION_EXAMPLE),
        ],
    )
)
class NotationViewSet(viewsets.GenericViewSet):
    serializer_class = s.NotationPreviewRequestSerializer
    pagination_class = None

    def create(self, request):
        data = _valid(s.NotationPreviewRequestSerializer, request)
        try:
            answer = read_as_dict(data["notation"], data["recovery_rules"])
        except DomainError as error:
            return Response({"error": error.as_dict()}, status=status.HTTP_400_BAD_REQUEST)
        return Response(answer)


# ---------------------------------------------------------------- sessions


@extend_schema_view(
    list=extend_schema(
        summary="Prescribed sessions with each athlete's targets",
        description=(
            "A coach sees every session of their squads; an athlete the sessions they are in, "
            "with their own targets only (their teammates' too when the squad shares results)."
        ),
        examples=[_example("A session", SESSION_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One session with its reps and targets",
        examples=[_example("A session", SESSION_EXAMPLE)],
    ),
)
class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"
    serializer_class = s.SessionSerializer
    filterset_class = SessionFilter

    def get_queryset(self):
        sessions = api_selectors.sessions_for(user=self.request.user)
        if self.action == "workout_fit":  # the file reads its own reps and targets
            return sessions.prefetch_related(None).select_related("squad")
        return sessions

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    # Routed in coaching.api.urls (the router would end it with a slash): a file, not a resource.
    @extend_schema(
        operation_id="sessions_workout_fit",
        summary="One athlete's session as a FIT workout file for their watch",
        description=(
            "The session as the athlete's watch runs it (Garmin, Coros, Polar, Wahoo: any "
            "that reads FIT workouts): a step per rep with its distance (or time) and the "
            "athlete's target as a speed range, the target pace per 400 m ± the squad's "
            "window; each recovery as its own step (open, press lap, where none is stated); "
            "repeated groups as repeat steps. `athlete` defaults to you when you are in the "
            "session; a coach names the athlete. The athlete and their coach get the file; a "
            "teammate, another squad or an athlete not in the session answers 404. Sent as "
            "an attachment."
        ),
        parameters=[
            OpenApiParameter(
                "athlete",
                OpenApiTypes.INT,
                required=False,
                description="The athlete's id; omitted, your own.",
            )
        ],
        responses={
            (200, fit_files.FIT_CONTENT_TYPE): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="The FIT workout file (binary), as an attachment named after the "
                "date, session and athlete.",
                examples=[
                    OpenApiExample(
                        "FIT file",
                        value=".FIT",
                        media_type=fit_files.FIT_CONTENT_TYPE,
                    )
                ],
            ),
        },
    )
    def workout_fit(self, request, pk=None):
        query = s.WorkoutFileQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        session = self.get_object()
        assignment = api_selectors.workout_assignment(
            user=request.user, session=session, athlete_id=query.validated_data.get("athlete")
        )
        if assignment is None:
            if "athlete" not in query.validated_data and permissions.can_change_squad(
                request.user, session.squad
            ):
                raise exceptions.ValidationError(
                    {"athlete": ["Say whose file: ?athlete=<id> (you are not in this session)."]}
                )
            raise exceptions.NotFound("No such athlete in this session.")
        found = fit_files.assignment_fit(assignment=assignment)
        response = HttpResponse(found.data, content_type=found.content_type)
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response


# ---------------------------------------------------------------- splits


@extend_schema_view(
    list=extend_schema(
        summary="Splits: the time standing for each rep, or every entry with history=true",
        examples=[_example("A split", SPLIT_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One split entry (a time or a removal)",
        examples=[_example("A split", SPLIT_EXAMPLE)],
    ),
)
class SplitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_converter = "int"
    serializer_class = s.SplitSerializer
    filterset_class = SplitFilter

    def get_queryset(self):
        return api_selectors.splits_for(user=self.request.user)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _shown(self, split, created: bool) -> Response:
        split = self.get_queryset().get(pk=split.pk)
        return Response(s.SplitSerializer(split).data, status=_made(created))

    @extend_schema(
        summary="Record one rep's time (the athlete or their coach)",
        description=(
            "The time as typed (`time`, read like the split form: 2:52, 75.1, 1.15.1) or in "
            "milliseconds (`time_ms`). The same client_key again returns the same split. A "
            "new time for a rep that has one is a correction: the earlier one stays, named "
            "by `replaces`. A time no runner runs for the distance is refused (400, "
            '"needs_confirmation": true) until sent again with "confirmed": true; a time '
            'that reads two ways is refused with a "suggestion".'
        ),
        request=s.SplitCreateSerializer,
        responses=_made_responses(s.SplitSerializer, "split"),
        examples=[
            _example(
                "A typed split",
                {
                    "assignment": 40,
                    "rep": 1,
                    "time": "2:52",
                    "client_key": "5f0c9b7e-2a4d-4f7b-8c1e-6d2a9b3c4e5f",
                },
                request=True,
            ),
            _example("The split", SPLIT_EXAMPLE),
        ],
    )
    def create(self, request):
        data = _valid(s.SplitCreateSerializer, request)
        assignment = _recordable_assignment(request.user, data["assignment"])
        if "time" in data:
            form = SplitForm({"rep": data["rep"], "time": data["time"]})
            if not form.is_valid() and "time" in form.errors:
                return _refusal(form.errors["time"][0], field="time", suggestion=form.suggested)
            time_ms = form.cleaned_data["time"]
        else:
            time_ms = data["time_ms"]
        found = selectors.rep_for_entry(assignment=assignment, n=data["rep"])
        if found is None:
            raise services.WorkoutRuleError(
                f"This session has no rep {data['rep']}: it has {assignment.session.rep_count}.",
                field="rep",
            )
        key = data["client_key"]
        made_before = client_keys.key_used(Split, key)
        try:
            split = services.split_record(
                assignment=assignment,
                rep=found.rep,
                time_ms=time_ms,
                client_key=key,
                entered_by=request.user,
                confirmed=data["confirmed"],
            )
        except services.ImplausibleSplit as error:
            return _refusal(error.message, field="time", needs_confirmation=True)
        return self._shown(split, created=split.client_key == key and not made_before)

    @extend_schema(
        summary="Take a rep's split away; the removal is kept in the history",
        description=(
            "Removes the time standing for the rep of split {id}, as the page's remove "
            "button does. The same client_key again returns the same removal; a rep whose "
            "time is already removed answers that removal (200)."
        ),
        request=s.SplitRemoveSerializer,
        responses=_made_responses(s.SplitSerializer, "removal"),
        examples=[
            _example(
                "Remove", {"client_key": "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"}, request=True
            ),
            _example(
                "The removal",
                {
                    **SPLIT_EXAMPLE,
                    "id": 302,
                    "time_ms": None,
                    "time": None,
                    "removal": True,
                    "replaces": 301,
                },
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        split = self.get_object()
        if not permissions.can_record_for(request.user, split.assignment.athlete):
            raise exceptions.PermissionDenied("Only the athlete and their coach record for them.")
        data = _valid(s.SplitRemoveSerializer, request)
        key = data["client_key"]
        made_before = client_keys.key_used(Split, key)
        removal = services.split_remove(
            assignment=split.assignment, rep=split.rep, client_key=key, entered_by=request.user
        )
        return self._shown(removal, created=removal.client_key == key and not made_before)


# ---------------------------------------------------------------- reports


@extend_schema_view(
    list=extend_schema(
        summary="Reports (effort, note, done): the latest per athlete and session",
        examples=[_example("A report", REPORT_EXAMPLE)],
    ),
)
class ReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_value_converter = "int"
    serializer_class = s.ReportSerializer
    filterset_class = ReportFilter

    def get_queryset(self):
        return api_selectors.reports_for(user=self.request.user)

    @extend_schema(
        summary="Save how the session went (the athlete or their coach)",
        description=(
            "RPE 1 (easy) to 10 (all out) or null, a note, and done. Each change is a new "
            "report and the earlier ones stay; the same client_key again, or what already "
            "stands, answers the report that stands (200)."
        ),
        request=s.ReportCreateSerializer,
        responses=_made_responses(s.ReportSerializer, "report"),
        examples=[
            _example(
                "A report",
                {
                    "assignment": 40,
                    "rpe": 8,
                    "note": "Windy on the back straight.",
                    "done": True,
                    "client_key": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                },
                request=True,
            ),
            _example("The report", REPORT_EXAMPLE),
        ],
    )
    def create(self, request):
        data = _valid(s.ReportCreateSerializer, request)
        assignment = _recordable_assignment(request.user, data["assignment"])
        key = data["client_key"]
        made_before = client_keys.key_used(SessionReport, key)
        report = services.report_save(
            assignment=assignment,
            rpe=data["rpe"],
            note=data["note"],
            done=data["done"],
            client_key=key,
            entered_by=request.user,
        )
        shown = self.get_queryset().get(pk=report.pk)
        created = report.client_key == key and not made_before
        return Response(s.ReportSerializer(shown).data, status=_made(created))
