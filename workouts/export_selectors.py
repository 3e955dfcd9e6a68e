"""The season export's reads: one query for every rep row of a season, one for its zone
history. Both are lazy querysets of plain tuples, meant to be read with `.iterator()`, so
PostgreSQL streams them through a server-side cursor and no list of rows is ever built.

The rep query is one statement whatever the number of athletes, sessions or reps: one row
per athlete per rep (each `RepTarget`), joined to its session, template version and athlete,
with the rep's current split (the entry no later entry replaces) and the assignment's latest
report picked by correlated subqueries."""

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
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
    split is the rep's current entry: None when there is none or when it was removed (then
    its entered by/at are None too)."""
    current = Split.objects.filter(
        assignment_id=OuterRef("assignment_id"),
        rep_id=OuterRef("rep_id"),
        replaced_by__isnull=True,  # the entry no later entry replaces
        time_ms__isnull=False,  # a removal leaves the rep with no split
    ).order_by()  # one row at most; Split's default ordering would join three tables
    latest_report = SessionReport.objects.filter(assignment_id=OuterRef("assignment_id")).order_by(
        "-entered_at", "-id"
    )
    return (
        RepTarget.objects.filter(
            assignment__session__squad_id=season.squad_id,
            assignment__session__date__gte=season.start,
            assignment__session__date__lte=season.end,
            assignment__athlete__in=athletes_qs.values("pk"),
        )
        .annotate(
            x_date=F("assignment__session__date"),
            x_athlete_id=F("assignment__athlete_id"),
            x_athlete=F("assignment__athlete__name"),
            x_session_id=F("assignment__session_id"),
            x_session=F("assignment__session__name"),
            x_template=F("assignment__session__template__name"),
            x_version=F("assignment__session__template_version__number"),
            x_rep=F("rep__n"),
            x_distance=F("rep__distance_m"),
            x_duration=F("rep__duration_s"),
            x_zone=F("rep__target"),
            x_target=Coalesce("override_ms", "time_ms"),
            x_split=Subquery(current.values("time_ms")[:1]),
            x_split_by=Subquery(current.values("entered_by__username")[:1]),
            x_split_at=Subquery(current.values("entered_at")[:1]),
            x_rpe=Subquery(latest_report.values("rpe")[:1]),
            x_note=Subquery(latest_report.values("note")[:1]),
            x_done=Subquery(latest_report.values("done")[:1]),
        )
        .order_by(
            "assignment__session__date",
            "assignment__athlete__name",
            "assignment__athlete_id",
            "assignment__session__name",
            "assignment__session_id",
            "rep__n",
        )
        .values_list(
            "x_date",
            "x_athlete_id",
            "x_athlete",
            "x_session_id",
            "x_session",
            "x_template",
            "x_version",
            "x_rep",
            "x_distance",
            "x_duration",
            "x_zone",
            "x_target",
            "x_split",
            "x_split_by",
            "x_split_at",
            "x_rpe",
            "x_note",
            "x_done",
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
