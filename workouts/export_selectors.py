"""The season export's reads: one query for every rep row of a season, one for its zone
history. Both are lazy querysets of plain tuples, meant to be read with `.iterator()`, so
PostgreSQL streams them through a server-side cursor and no list of rows is ever built.

The rep query is one statement whatever the number of athletes, sessions or reps: one row
per athlete per rep (each `RepTarget`), joined to its session, template version and athlete,
to the rep's current split (the entry no later entry replaces) and to the assignment's latest
report."""

from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from athletes.models import Athlete, Season, ZoneEntry

from .models import RepTarget, SessionReport, Split

# The rep query's columns, in order (what `season_export_rows` yields per row).
REP_FIELDS = (
    "date",
    "athlete_id",
    "athlete",
    "session_id",
    "session",
    "template",
    "template_version",
    "rep",
    "distance_m",
    "duration_s",
    "target_zone",
    "target_ms",
    "split_ms",
    "split_entered_by",
    "split_entered_at",
    "rpe",
    "note",
    "done",
)

# The zone query's columns, in order.
ZONE_FIELDS = (
    "entry_id",
    "athlete_id",
    "athlete",
    "distance_m",
    "time_ms",
    "effective_date",
    "source",
    "note",
    "corrects_id",
    "corrected",
    "voided_race",
    "recorded_by",
    "recorded_at",
)


def season_export_rows(*, season: Season, athletes_qs: QuerySet[Athlete]) -> QuerySet:
    """Every rep of every session of `season` (its squad's, dated inside it) prescribed to
    one of `athletes_qs`, as tuples in REP_FIELDS order, by date, athlete, session and rep.

    The target is the coach's override when there is one, else the worked-out time. The
    split is the rep's current entry, the one no later entry replaces: its time is None when
    that entry is a removal (`rep_record` then leaves who and when empty too), and all three
    are None when the rep has no entry.

    Joins, not per-row subqueries, so PostgreSQL can hash them over the whole season: the
    rep's entries joined on (rep, assignment) and kept only where nothing replaces them; the
    assignment's reports joined and kept only where no later report exists (an anti-join)."""
    later_report = SessionReport.objects.filter(assignment_id=OuterRef("assignment_id")).filter(
        Q(entered_at__gt=OuterRef("report__entered_at"))
        | Q(entered_at=OuterRef("report__entered_at"), id__gt=OuterRef("report__id"))
    )
    return (
        RepTarget.objects.annotate(
            split=FilteredRelation(
                "rep__splits", condition=Q(rep__splits__assignment_id=F("assignment_id"))
            ),
            report=FilteredRelation("assignment__reports"),
        )
        .filter(
            assignment__session__squad_id=season.squad_id,
            assignment__session__date__gte=season.start,
            assignment__session__date__lte=season.end,
            assignment__athlete__in=athletes_qs.values("pk"),
        )
        .filter(
            ~Exists(Split.objects.filter(replaces_id=OuterRef("split__id"))),  # the current
            ~Exists(later_report),  # the latest report, or none at all
        )
        .annotate(x_target=Coalesce("override_ms", "time_ms"))
        .order_by(
            "assignment__session__date",
            "assignment__athlete__name",
            "assignment__athlete_id",
            "assignment__session__name",
            "assignment__session_id",
            "rep__n",
        )
        .values_list(
            "assignment__session__date",
            "assignment__athlete_id",
            "assignment__athlete__name",
            "assignment__session_id",
            "assignment__session__name",
            "assignment__session__template__name",
            "assignment__session__template_version__number",
            "rep__n",
            "rep__distance_m",
            "rep__duration_s",
            "rep__target",
            "x_target",
            "split__time_ms",
            "split__entered_by__username",
            "split__entered_at",
            "report__rpe",
            "report__note",
            "report__done",
        )
    )


def season_zone_rows(*, season: Season, athletes_qs: QuerySet[Athlete]) -> QuerySet:
    """Every zone entry of `athletes_qs` dated inside `season`, model-filled ones included,
    standing and corrected alike (`corrected` says which; `voided_race` marks an entry whose
    race was voided), as tuples in ZONE_FIELDS order, by athlete, date and entry."""
    return (
        ZoneEntry.objects.filter(
            athlete__in=athletes_qs.values("pk"),
            athlete__squad_id=season.squad_id,
            effective_date__gte=season.start,
            effective_date__lte=season.end,
        )
        .annotate(
            x_corrected=Case(
                When(correction__isnull=False, then=Value(True)), default=Value(False)
            ),
            x_voided=Case(
                When(
                    Q(race_result__isnull=False, race_result__voided_at__isnull=False),
                    then=Value(True),
                ),
                default=Value(False),
            ),
        )
        .order_by("athlete__name", "athlete_id", "effective_date", "id")
        .values_list(
            "id",
            "athlete_id",
            "athlete__name",
            "distance_m",
            "time_ms",
            "effective_date",
            "source",
            "note",
            "corrects_id",
            "x_corrected",
            "x_voided",
            "recorded_by__username",
            "recorded_at",
        )
    )
