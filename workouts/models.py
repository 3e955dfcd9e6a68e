"""Session templates and their versions, prescribed sessions, targets and splits."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from athletes.models import AppendOnly, Athlete, Squad


class Tag(models.Model):
    """A coach's label for templates, e.g. a season phase ("early season")."""

    squad = models.ForeignKey(Squad, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["squad", "name"], name="tag_unique")]

    def __str__(self) -> str:
        return self.name


class SessionTemplate(models.Model):
    """A reusable session. Its content lives in versions: editing adds a version."""

    squad = models.ForeignKey(Squad, on_delete=models.PROTECT, related_name="session_templates")
    name = models.CharField(max_length=120)
    tags = models.ManyToManyField(Tag, blank=True, related_name="templates")
    archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["squad", "name"], name="template_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(AppendOnly):
    """One saved state of a template; never changed once written."""

    never_changed_message = "Template versions are never changed; save a new version."

    template = models.ForeignKey(SessionTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    notation = models.TextField()
    recovery_rules = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    default_targets = models.CharField(
        max_length=300,
        blank=True,
        help_text="Targets for reps written without one, e.g. '1K @5K, 500m @mile'.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class Session(models.Model):
    """A template prescribed on a date: a snapshot of exactly what was prescribed."""

    squad = models.ForeignKey(Squad, on_delete=models.PROTECT, related_name="sessions")
    template = models.ForeignKey(SessionTemplate, on_delete=models.PROTECT, related_name="sessions")
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="sessions"
    )
    date = models.DateField()
    name = models.CharField(max_length=120)
    notation = models.TextField()
    recovery_rules = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    total_distance_m = models.DecimalField(max_digits=10, decimal_places=3)
    rep_count = models.PositiveIntegerField(
        default=0, help_text="How many reps, kept with the snapshot for '7 of 16'."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "name"]
        constraints = [
            # Prescribing the same template on the same day again adds athletes to it.
            models.UniqueConstraint(fields=["template", "date"], name="one_session_per_day"),
        ]
        indexes = [models.Index(fields=["squad", "date"])]

    def __str__(self) -> str:
        return f"{self.name} on {self.date}"


class SessionRep(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reps")
    n = models.PositiveIntegerField()
    distance_m = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    duration_s = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    target = models.CharField(max_length=40, blank=True, help_text="Canonical, e.g. 5K.")
    label = models.CharField(max_length=60, blank=True)
    note = models.CharField(max_length=120, blank=True)
    recovery = models.CharField(max_length=80, blank=True)
    block = models.PositiveIntegerField()
    set_index = models.PositiveIntegerField()

    class Meta:
        ordering = ["session", "n"]
        constraints = [models.UniqueConstraint(fields=["session", "n"], name="rep_n_unique")]

    def __str__(self) -> str:
        return f"rep {self.n} of {self.session}"


class Assignment(models.Model):
    """One athlete in one session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="assignments")
    athlete = models.ForeignKey(Athlete, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        ordering = ["session", "athlete__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "athlete"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.athlete} in {self.session}"


class RepTarget(models.Model):
    """An athlete's target for a rep, worked out from their zones when prescribed. A coach's
    override is kept beside it, so the worked-out value is never lost."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="targets")
    rep = models.ForeignKey(SessionRep, on_delete=models.CASCADE, related_name="targets")
    time_ms = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why there is no time.")
    override_ms = models.PositiveIntegerField(null=True, blank=True)
    override_note = models.CharField(max_length=120, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "rep"], name="target_unique"),
        ]

    def __str__(self) -> str:
        return f"target for {self.rep} ({self.assignment.athlete})"

    @property
    def effective_ms(self) -> int | None:
        return self.override_ms if self.override_ms is not None else self.time_ms


class SplitMethod(models.TextChoices):
    """How a time was taken: a hand time typed at the track is not a time read off a log."""

    TYPED = "typed", "typed at the track"
    PASTED = "pasted", "pasted from a log"
    STOPWATCH = "stopwatch", "timed by the coach's stopwatch"
    WATCH = "watch", "a lap from the athlete's watch"
    IMPORTED = "imported", "imported from a season file"


def split_key(client_key, rep_n: int):
    """The key of rep `rep_n`'s split among several saved under one `client_key` (a paste,
    a watch's file): the same save again finds the same splits."""
    return uuid.uuid5(client_key, f"rep-{rep_n}")


class Split(AppendOnly):
    """One athlete's time for one rep, never changed once written. A correction is a new
    split that replaces the last; a removal is a split with no time that replaces the last.
    A resubmission with the same client_key is the same split."""

    never_changed_message = "Splits are never changed; record a correction instead."

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="splits")
    rep = models.ForeignKey(SessionRep, on_delete=models.CASCADE, related_name="splits")
    time_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty when this entry removes the rep's split."
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    method = models.CharField(max_length=10, choices=SplitMethod.choices, default=SplitMethod.TYPED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    client_key = models.UUIDField(unique=True)
    confirmed_implausible = models.BooleanField(
        default=False, help_text="The athlete confirmed a time no runner runs for the distance."
    )
    source_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where an imported time came from: who entered it and when, as the file says.",
    )

    class Meta:
        ordering = ["assignment", "rep__n", "entered_at"]
        constraints = [
            # A time, or a removal of the entry before it. `time_ms > 0` alone is NULL, not
            # false, for a row with no time, and a CHECK lets NULL through: say "not null".
            models.CheckConstraint(
                condition=Q(time_ms__isnull=False, time_ms__gt=0)
                | Q(time_ms__isnull=True, replaces__isnull=False),
                name="split_time_or_removal_of_an_entry",
            ),
            # Only the first split of a rep replaces nothing; every later one replaces the last.
            models.UniqueConstraint(
                fields=["assignment", "rep"],
                condition=Q(replaces__isnull=True),
                name="one_first_split_per_rep",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.time_ms} ms for {self.rep}" if self.time_ms else f"removal for {self.rep}"

    @property
    def is_removal(self) -> bool:
        return self.time_ms is None


class SessionReport(AppendOnly):
    """How the session went for one athlete: effort (RPE 1–10), a note, and whether it is done.
    Each change is a new row; the latest stands and the earlier ones stay."""

    never_changed_message = "Reports are never changed; save a new one."
    LONGEST_NOTE = 2000

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    rpe = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Rate of perceived exertion, 1 (easy) to 10 (all out)."
    )
    note = models.TextField(blank=True)
    done = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    client_key = models.UUIDField(unique=True)

    class Meta:
        ordering = ["assignment", "-entered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rpe__isnull=True) | Q(rpe__gte=1, rpe__lte=10), name="rpe_one_to_ten"
            ),
        ]

    def __str__(self) -> str:
        return f"report for {self.assignment}"


class ZoneSuggestionDecision(models.Model):
    """What the coach did with a suggested zone update (workouts.zone_evidence): accepted it,
    making `zone_entry`, or dismissed it. One decision per athlete, zone and evidence, so a
    dismissed suggestion stays away until other reps join its evidence."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="+")
    distance_m = models.DecimalField(max_digits=9, decimal_places=3)
    fingerprint = models.CharField(max_length=64)
    accepted = models.BooleanField()
    zone_entry = models.OneToOneField(
        "athletes.ZoneEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestion_decision",
        help_text="The estimate an accepted suggestion made.",
    )
    evidence = models.ManyToManyField(Split, related_name="+", blank=True)
    summary = models.CharField(max_length=200)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "distance_m", "fingerprint"],
                name="one_decision_per_suggestion",
            ),
            models.CheckConstraint(
                condition=Q(accepted=False) | Q(zone_entry__isnull=False),
                name="accepted_suggestion_has_its_entry",
            ),
        ]

    def __str__(self) -> str:
        verb = "accepted" if self.accepted else "dismissed"
        return f"{verb} {self.distance_m}m suggestion for {self.athlete}"


class HistoryUpload(models.Model):
    """A season file a coach uploaded to import (workouts.history_import), kept between the
    dry run and the import: the import names it by its SHA-256, never by a path. Once
    imported its content is dropped and `imported_at` says when, so the same file uploaded
    again is known as already imported."""

    squad = models.ForeignKey(Squad, on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    content = models.BinaryField(blank=True, default=b"")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["squad", "sha256"], name="history_upload_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.filename or self.sha256[:12]} for {self.squad}"
