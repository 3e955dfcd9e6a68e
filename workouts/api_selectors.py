"""Reads for the REST API (workouts/api/): templates, sessions with each athlete's targets,
splits and reports, each scoped by athletes.permissions and shaped so a page of any size
takes the same number of queries."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from athletes import permissions

from .models import (
    Assignment,
    Session,
    SessionRep,
    SessionReport,
    SessionTemplate,
    Split,
    TemplateVersion,
)


def templates_for(*, user) -> QuerySet[SessionTemplate]:
    """The templates of the squads the user coaches (templates are the coach's business),
    with their tags and versions (newest first) and the current version's text for search."""
    latest = TemplateVersion.objects.filter(template=OuterRef("pk")).order_by("-number")
    return (
        permissions.rows_of_coached_squads(user, SessionTemplate.objects.all())
        .annotate(
            current_notation=Subquery(latest.values("notation")[:1]),
            current_description=Subquery(latest.values("description")[:1]),
        )
        .select_related("created_by")
        .prefetch_related(
            "tags",
            Prefetch(
                "versions",
                queryset=TemplateVersion.objects.select_related("created_by").order_by("-number"),
            ),
        )
        .order_by("name", "pk")
    )


def template_versions_for(*, user) -> QuerySet[TemplateVersion]:
    return permissions.rows_of_coached_squads(
        user, TemplateVersion.objects.all(), via="template__squad"
    ).select_related("template", "created_by")


def assignments_for(*, user) -> QuerySet[Assignment]:
    """The assignments of the athletes the user may see: an athlete's own (and teammates'
    when the squad shares results), every one of a coach's squad."""
    return permissions.rows_of_visible_athletes(user, Assignment.objects.all())


def workout_assignment(*, user, session: Session, athlete_id: int | None) -> Assignment | None:
    """The assignment whose watch file the user may download: `athlete_id`'s in `session`
    (None: the user's own), when the user is that athlete or may change them (their coach,
    staff); None otherwise. One query, with what the file needs selected."""
    rows = Assignment.objects.filter(session=session).select_related(
        "athlete__squad", "session__squad"
    )
    if athlete_id is None:
        return permissions.own_row(user, rows)
    assignment = rows.filter(athlete_id=athlete_id).first()
    if assignment is None or not permissions.can_download_workout(user, assignment.athlete):
        return None
    return assignment


def sessions_for(*, user) -> QuerySet[Session]:
    """Sessions of the squads the user coaches, and sessions with an athlete the user may
    see; each with its reps and only the assignments (and targets) the user may see."""
    visible = assignments_for(user=user)
    coached = permissions.squads_coached_by(user).values("pk")
    return (
        Session.objects.filter(
            Q(squad__in=coached) | Q(Exists(visible.filter(session=OuterRef("pk"))))
        )
        .select_related("template", "template_version")
        .prefetch_related(
            Prefetch("reps", queryset=SessionRep.objects.order_by("n")),
            Prefetch(
                "assignments",
                queryset=visible.select_related("athlete")
                .prefetch_related("targets")
                .order_by("athlete__name", "pk"),
            ),
        )
        .order_by("-date", "name", "pk")
    )


def splits_for(*, user) -> QuerySet[Split]:
    """Every split entry (times, corrections, removals) of the athletes the user may see,
    by session, athlete and rep, oldest entry first."""
    splits = permissions.rows_of_visible_athletes(
        user, Split.objects.all(), via="assignment__athlete"
    )
    return splits.select_related(
        "assignment__session", "assignment__athlete", "rep", "entered_by"
    ).order_by(
        "-assignment__session__date",
        "assignment__session_id",
        "assignment__athlete__name",
        "assignment_id",
        "rep__n",
        "entered_at",
        "pk",
    )


def standing_splits(splits: QuerySet[Split]) -> QuerySet[Split]:
    """Only the time standing for each rep: not replaced, not a removal."""
    return splits.filter(replaced_by__isnull=True, time_ms__isnull=False)


def reports_for(*, user) -> QuerySet[SessionReport]:
    """Every report of the athletes the user may see, newest first within an assignment."""
    reports = permissions.rows_of_visible_athletes(
        user, SessionReport.objects.all(), via="assignment__athlete"
    )
    return reports.select_related(
        "assignment__session", "assignment__athlete", "entered_by"
    ).order_by(
        "-assignment__session__date",
        "assignment__session_id",
        "assignment__athlete__name",
        "assignment_id",
        "-entered_at",
        "-pk",
    )


def standing_reports(reports: QuerySet[SessionReport]) -> QuerySet[SessionReport]:
    """Only the report that stands for each assignment: its latest."""
    latest = SessionReport.objects.filter(assignment=OuterRef("assignment")).order_by(
        "-entered_at", "-id"
    )
    return reports.filter(pk=Subquery(latest.values("pk")[:1]))
