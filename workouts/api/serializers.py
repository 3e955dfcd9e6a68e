"""How the workouts app's objects read as JSON, and what its writes take. Serializers parse
and display; every rule lives in workouts.services. Times are integer milliseconds
(`…_ms`) beside the text a coach reads ("2:54.0"), written by athletes.paces.format_time."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from athletes import paces

from ..models import (
    RepTarget,
    Session,
    SessionRep,
    SessionReport,
    SessionTemplate,
    Split,
    TemplateVersion,
)
from ..notation import SEGMENT_KINDS


def shown(time_ms: int | None) -> str | None:
    return paces.format_time(time_ms / 1000) if time_ms is not None else None


def _name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


# ---------------------------------------------------------------- templates


class TemplateVersionSerializer(serializers.ModelSerializer):
    template = serializers.IntegerField(source="template_id", read_only=True)
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = TemplateVersion
        fields = [
            "id",
            "template",
            "number",
            "notation",
            "recovery_rules",
            "description",
            "default_targets",
            "created_by",
            "created_at",
        ]

    def get_created_by(self, version: TemplateVersion) -> str | None:
        return _name(version.created_by)


class TemplateSerializer(serializers.ModelSerializer):
    """A template in the library: its current version and how many there are."""

    squad = serializers.IntegerField(source="squad_id", read_only=True)
    tags = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()
    current_version = serializers.SerializerMethodField()
    version_count = serializers.SerializerMethodField()

    class Meta:
        model = SessionTemplate
        fields = [
            "id",
            "squad",
            "name",
            "tags",
            "archived",
            "created_by",
            "created_at",
            "version_count",
            "current_version",
        ]

    def get_tags(self, template: SessionTemplate) -> list[str]:
        return sorted(tag.name for tag in template.tags.all())

    def get_created_by(self, template: SessionTemplate) -> str | None:
        return _name(template.created_by)

    def get_version_count(self, template: SessionTemplate) -> int:
        return len(template.versions.all())

    @extend_schema_field(TemplateVersionSerializer(allow_null=True))
    def get_current_version(self, template: SessionTemplate):
        versions = template.versions.all()  # prefetched, newest first
        return TemplateVersionSerializer(versions[0]).data if versions else None


class TemplateDetailSerializer(TemplateSerializer):
    """One template with every version, newest first."""

    versions = TemplateVersionSerializer(many=True, read_only=True)

    class Meta(TemplateSerializer.Meta):
        fields = [*TemplateSerializer.Meta.fields, "versions"]


class TemplateContentSerializer(serializers.Serializer):
    """A version's content, as the builder takes it (the same lengths as its form)."""

    notation = serializers.CharField()
    recovery_rules = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    default_targets = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="Targets for reps written without @. A new template starts with its squad's.",
    )


def _tag_names(names: list[str]) -> list[str]:
    """Tags as the builder reads them: trimmed, empty ones dropped, each once, sorted."""
    return sorted({name.strip() for name in names if name.strip()})


class TemplateCreateSerializer(TemplateContentSerializer):
    squad = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    name = serializers.CharField(max_length=120)
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, default=list, max_length=50
    )
    client_key = serializers.UUIDField(required=False, allow_null=True, default=None)

    def validate_tags(self, names: list[str]) -> list[str]:
        return _tag_names(names)


class TemplateVersionCreateSerializer(TemplateContentSerializer):
    """A new version: what is not given stays as the current version has it, and so do the
    template's name and tags."""

    name = serializers.CharField(max_length=120, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, max_length=50
    )

    def validate_tags(self, names: list[str]) -> list[str]:
        return _tag_names(names)


# ---------------------------------------------------------------- notation preview


class NotationPreviewRequestSerializer(serializers.Serializer):
    notation = serializers.CharField(allow_blank=True, trim_whitespace=False)
    recovery_rules = serializers.CharField(
        allow_blank=True, trim_whitespace=False, required=False, default=""
    )


class NotationRepSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    distance_m = serializers.FloatField(allow_null=True)
    duration_s = serializers.FloatField(allow_null=True)
    target = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    block = serializers.IntegerField()
    set_index = serializers.IntegerField()
    recovery = serializers.JSONField(
        allow_null=True,
        help_text='What follows the rep: {"kind", "distance_m", "duration_s", "window_s", '
        '"mode", "text"}, or null when nothing is stated.',
    )
    is_rep = serializers.BooleanField(help_text="Always true: a rep, counted.")


class NotationSegmentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SEGMENT_KINDS)
    text = serializers.CharField()
    before_rep = serializers.IntegerField(
        help_text="The rep it comes before (one past the last rep when it comes after it)."
    )
    block = serializers.IntegerField()
    is_rep = serializers.BooleanField(help_text="Always false: shown, never counted.")


class NotationReadingSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Where the words that read two ways start.")
    end = serializers.IntegerField()
    written = serializers.CharField()
    read_as = serializers.CharField(help_text="How they were read.")
    other_as = serializers.CharField(help_text="The other way they read.")
    other_notation = serializers.CharField(
        help_text="The whole notation written canonically the other way."
    )


class NotationPreviewSerializer(serializers.Serializer):
    """What `manage.py notation` prints (its docstring is the contract)."""

    notation = serializers.CharField(help_text="The canonical text.")
    recovery_rules = serializers.CharField(allow_blank=True)
    rep_count = serializers.IntegerField()
    total_distance_m = serializers.FloatField()
    reps = NotationRepSerializer(many=True)
    segments = NotationSegmentSerializer(
        many=True, help_text="What is not a rep: warm-up, cool-down, drills, strides, notes."
    )
    readings = NotationReadingSerializer(
        many=True, help_text="Each place the text reads two ways, and the other reading."
    )


# ---------------------------------------------------------------- sessions


class SessionRepSerializer(serializers.ModelSerializer):
    distance_m = serializers.FloatField(allow_null=True, read_only=True)
    duration_s = serializers.FloatField(allow_null=True, read_only=True)

    class Meta:
        model = SessionRep
        fields = [
            "n",
            "distance_m",
            "duration_s",
            "target",
            "label",
            "note",
            "recovery",
            "block",
            "set_index",
        ]


class RepTargetSerializer(serializers.Serializer):
    """One athlete's target for one rep: `time_ms` is what they aim at (the coach's
    override when there is one, else the time worked out from their zones)."""

    rep = serializers.IntegerField(help_text="The rep's number n.")
    time_ms = serializers.IntegerField(allow_null=True)
    time = serializers.CharField(allow_null=True)
    planned_ms = serializers.IntegerField(
        allow_null=True, help_text="Worked out from the athlete's zones on the session's date."
    )
    reason = serializers.CharField(help_text="Why there is no planned time; empty otherwise.")
    override_ms = serializers.IntegerField(allow_null=True)
    override = serializers.CharField(allow_null=True)
    override_note = serializers.CharField()


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    athlete = serializers.IntegerField()
    athlete_name = serializers.CharField()
    targets = RepTargetSerializer(many=True)


def _target_row(target: RepTarget, rep_n: int) -> dict:
    return {
        "rep": rep_n,
        "time_ms": target.effective_ms,
        "time": shown(target.effective_ms),
        "planned_ms": target.time_ms,
        "reason": target.reason,
        "override_ms": target.override_ms,
        "override": shown(target.override_ms),
        "override_note": target.override_note,
    }


class SessionSerializer(serializers.ModelSerializer):
    squad = serializers.IntegerField(source="squad_id", read_only=True)
    template = serializers.IntegerField(source="template_id", read_only=True)
    template_version = serializers.IntegerField(source="template_version_id", read_only=True)
    version_number = serializers.IntegerField(source="template_version.number", read_only=True)
    total_distance_m = serializers.FloatField(read_only=True)
    reps = SessionRepSerializer(many=True, read_only=True)
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "squad",
            "date",
            "name",
            "template",
            "template_version",
            "version_number",
            "notation",
            "recovery_rules",
            "description",
            "total_distance_m",
            "rep_count",
            "reps",
            "assignments",
        ]

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, session: Session) -> list[dict]:
        """The assignments the user may see (prefetched by the selector), targets by rep."""
        numbers = {rep.pk: rep.n for rep in session.reps.all()}
        return [
            {
                "id": assignment.pk,
                "athlete": assignment.athlete_id,
                "athlete_name": assignment.athlete.name,
                "targets": sorted(
                    (_target_row(t, numbers.get(t.rep_id, 0)) for t in assignment.targets.all()),
                    key=lambda row: row["rep"],
                ),
            }
            for assignment in session.assignments.all()
        ]


# ---------------------------------------------------------------- splits


class SplitSerializer(serializers.ModelSerializer):
    """One entry for one rep: a time, or (`removal`) the taking away of the time before.
    `replaces` is the entry it corrected or removed; `current` says whether it stands."""

    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    session = serializers.IntegerField(source="assignment.session_id", read_only=True)
    date = serializers.DateField(source="assignment.session.date", read_only=True)
    athlete = serializers.IntegerField(source="assignment.athlete_id", read_only=True)
    athlete_name = serializers.CharField(source="assignment.athlete.name", read_only=True)
    rep = serializers.IntegerField(source="rep.n", read_only=True)
    time = serializers.SerializerMethodField()
    removal = serializers.BooleanField(source="is_removal", read_only=True)
    replaces = serializers.IntegerField(source="replaces_id", read_only=True, allow_null=True)
    entered_by = serializers.SerializerMethodField()
    confirmed = serializers.BooleanField(source="confirmed_implausible", read_only=True)

    class Meta:
        model = Split
        fields = [
            "id",
            "assignment",
            "session",
            "date",
            "athlete",
            "athlete_name",
            "rep",
            "time_ms",
            "time",
            "removal",
            "replaces",
            "method",
            "confirmed",
            "entered_by",
            "entered_at",
        ]

    def get_time(self, split: Split) -> str | None:
        return shown(split.time_ms)

    def get_entered_by(self, split: Split) -> str | None:
        return _name(split.entered_by)


class SplitCreateSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    rep = serializers.IntegerField(min_value=1, max_value=10_000, help_text="The rep's number n.")
    time = serializers.CharField(
        required=False,
        max_length=40,
        help_text="As typed at the track: 2:52, 75.1, 1.15.1, 4'05 (read like the split form).",
    )
    time_ms = serializers.IntegerField(required=False, help_text="Or the time in milliseconds.")
    client_key = serializers.UUIDField(help_text="Made by the client; a retry sends it again.")
    confirmed = serializers.BooleanField(
        required=False, default=False, help_text="Yes to a time no runner runs for the distance."
    )

    def validate(self, data):
        if ("time" in data) == ("time_ms" in data):
            raise serializers.ValidationError("Send the time as typed (time) or in ms (time_ms).")
        return data


class SplitRemoveSerializer(serializers.Serializer):
    client_key = serializers.UUIDField()


# ---------------------------------------------------------------- reports


class ReportSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    session = serializers.IntegerField(source="assignment.session_id", read_only=True)
    date = serializers.DateField(source="assignment.session.date", read_only=True)
    athlete = serializers.IntegerField(source="assignment.athlete_id", read_only=True)
    athlete_name = serializers.CharField(source="assignment.athlete.name", read_only=True)
    entered_by = serializers.SerializerMethodField()

    class Meta:
        model = SessionReport
        fields = [
            "id",
            "assignment",
            "session",
            "date",
            "athlete",
            "athlete_name",
            "rpe",
            "note",
            "done",
            "entered_by",
            "entered_at",
        ]

    def get_entered_by(self, report: SessionReport) -> str | None:
        return _name(report.entered_by)


class ReportCreateSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    rpe = serializers.IntegerField(
        allow_null=True, required=False, default=None, help_text="1 (easy) to 10 (all out)."
    )
    note = serializers.CharField(allow_blank=True, required=False, default="")
    done = serializers.BooleanField(required=False, default=False)
    client_key = serializers.UUIDField()


class WorkoutFileQuery(serializers.Serializer):
    """The query of GET /api/v1/sessions/{id}/workout.fit."""

    athlete = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
