"""Squads, their athletes and seasons, and the races athletes run."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q


class AppendOnly(models.Model):
    """A row that is written once and never changed: history, not state."""

    never_changed_message = "This record is never changed; add a new one instead."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(self.never_changed_message)
        super().save(*args, **kwargs)


DEFAULT_TARGETS = "1K @5K, 500m @mile, 300m @800, 200m @400"


class Squad(models.Model):
    """A coaching group: its coaches are users, its athletes are `Athlete` rows."""

    name = models.CharField(max_length=100, unique=True)
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coached_squads", blank=True
    )
    shares_results = models.BooleanField(
        default=False,
        help_text="Athletes may see each other's results and zones.",
    )
    default_targets = models.CharField(
        max_length=300,
        blank=True,
        default=DEFAULT_TARGETS,
        help_text="What a new template's reps written without @ aim at, in the notation.",
    )
    fit_window_s_per_400 = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text="A watch workout's target range: the target pace per 400 m, ± this many seconds.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Athlete(models.Model):
    squad = models.ForeignKey(Squad, on_delete=models.PROTECT, related_name="athletes")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="athlete",
        help_text="The athlete's own login, if they have one.",
    )
    name = models.CharField(max_length=100)
    bib = models.CharField(max_length=10, blank=True)
    main_events = models.CharField(
        max_length=100, blank=True, help_text="As the coach says them, e.g. '1500m, Mile'."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["squad", "bib"],
                condition=~Q(bib=""),
                name="athlete_bib_unique_in_squad",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Season(models.Model):
    """A named date range of a squad, e.g. "2018 Indoor"; both ends inclusive."""

    squad = models.ForeignKey(Squad, on_delete=models.CASCADE, related_name="seasons")
    name = models.CharField(max_length=100)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["squad", "name"], name="season_name_unique_in_squad"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="season_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.squad})"


class RaceResult(models.Model):
    """A race an athlete ran: the trusted source of their paces."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="race_results")
    distance_m = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("1"))],
        help_text="Metres; a mile is 1609.344.",
    )
    time_ms = models.PositiveIntegerField(help_text="Finishing time in milliseconds.")
    date = models.DateField()
    indoor = models.BooleanField(default=False)
    venue = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    voided_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the race was entered by mistake."
    )
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "distance_m"]
        constraints = [
            models.CheckConstraint(condition=Q(distance_m__gt=0), name="race_distance_positive"),
            models.CheckConstraint(condition=Q(time_ms__gt=0), name="race_time_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.athlete} {self.distance_m}m on {self.date}"

    @property
    def voided(self) -> bool:
        """A race entered by mistake: kept in the history, but it sets no zone."""
        return self.voided_at is not None


class ZoneSource(models.TextChoices):
    RACE = "race", "race"
    COACH = "coach", "coach"
    ESTIMATE = "estimate", "estimate from workouts"
    MODEL = "model", "model-filled"
    # The model has nothing left to fill from (the races it used were voided): from this
    # entry's date the zone has no value until a race or the coach gives it one.
    CLEARED = "cleared", "model cleared"


TRUSTED_SOURCES = (ZoneSource.RACE, ZoneSource.COACH, ZoneSource.ESTIMATE)
MODEL_SOURCES = (ZoneSource.MODEL, ZoneSource.CLEARED)


class ZoneEntry(AppendOnly):
    """One dated value of one of an athlete's pace zones, kept for ever.

    The pace is stored as the time for the zone's own distance (a 5K zone of 14:30 is
    870,000 ms). Entries are never edited: a change is a new entry, and a correction is
    a new entry that points at the one it corrects.
    """

    never_changed_message = "Zone entries are never changed; record a new entry instead."

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="zone_entries")
    distance_m = models.DecimalField(max_digits=9, decimal_places=3)
    time_ms = models.PositiveIntegerField(help_text="Time for the zone's distance at this pace.")
    effective_date = models.DateField()
    source = models.CharField(max_length=10, choices=ZoneSource.choices)
    note = models.CharField(max_length=200, blank=True)
    race_result = models.ForeignKey(
        RaceResult, on_delete=models.PROTECT, null=True, blank=True, related_name="zone_entries"
    )
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-effective_date", "-recorded_at"]
        verbose_name_plural = "zone entries"
        indexes = [models.Index(fields=["athlete", "effective_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(time_ms__gt=0), name="zone_time_positive"),
            models.CheckConstraint(condition=Q(distance_m__gt=0), name="zone_distance_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.athlete} {self.distance_m}m from {self.effective_date} ({self.source})"

    @property
    def trusted(self) -> bool:
        return self.source in TRUSTED_SOURCES


class ZoneDistance(models.Model):
    """A pace zone a coach adds to the standard ones (400 to 10K), e.g. 600m or 2K."""

    squad = models.ForeignKey(Squad, on_delete=models.CASCADE, related_name="zone_distances")
    distance_m = models.DecimalField(
        max_digits=9, decimal_places=3, validators=[MinValueValidator(Decimal("50"))]
    )
    label = models.CharField(max_length=30)

    class Meta:
        ordering = ["distance_m"]
        constraints = [
            models.UniqueConstraint(
                fields=["squad", "distance_m"], name="zone_distance_unique_in_squad"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ZoneGroup(models.Model):
    """The coach's name for a band of zones, e.g. Specific Speed (400 to mile)."""

    squad = models.ForeignKey(Squad, on_delete=models.CASCADE, related_name="zone_groups")
    name = models.CharField(max_length=60)
    shortest_m = models.DecimalField(max_digits=9, decimal_places=3)
    longest_m = models.DecimalField(max_digits=9, decimal_places=3)

    class Meta:
        ordering = ["shortest_m"]
        constraints = [
            models.UniqueConstraint(fields=["squad", "name"], name="zone_group_unique_in_squad"),
            models.CheckConstraint(
                condition=Q(longest_m__gte=F("shortest_m")), name="zone_group_band_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """The secret in the address of an athlete's calendar feed (`/calendar/<secret>.ics`),
    which phone calendars subscribe to without signing in: whoever has the address reads the
    athlete's sessions, so it is long and random (`secrets.token_urlsafe(32)`, 256 bits) and
    resetting it makes the old address answer 404 at once.

    The secret is stored as it is, not hashed: a hash would let the page show the address
    only once, and calendar users expect to find it again on the athlete's page (the athlete
    and those who may change the athlete see it there). The cost is that someone who can
    read the database can read every feed; they could read the sessions anyway.
    """

    athlete = models.OneToOneField(Athlete, on_delete=models.CASCADE, related_name="calendar_feed")
    secret = models.CharField(max_length=64, unique=True)
    made_at = models.DateTimeField(help_text="When this secret was made (first shown or reset).")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who first opened the page showing it, or reset it.",
    )

    def __str__(self) -> str:
        return f"calendar feed of {self.athlete}"
