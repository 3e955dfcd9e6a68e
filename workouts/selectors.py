"""Reads of templates, sessions, grids and calendars, shaped so queries do not grow with
athletes, reps or sessions."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from athletes import selectors as athlete_selectors
from athletes.models import Athlete, Squad

from . import notation, targets
from .models import (
    Assignment,
    RepTarget,
    Session,
    SessionRep,
    SessionTemplate,
    Split,
    Tag,
    TemplateVersion,
)


@dataclass(frozen=True)
class PreviewRow:
    rep: notation.ExpandedRep
    planned: targets.TargetTime


def preview_rows(*, checked, athlete: Athlete | None, on: date) -> list[PreviewRow]:
    """The builder's preview of content read once (services.CheckedTemplate): each rep with
    its target, and its target time for `athlete` from their zones as of `on` (one query)."""
    zone_paces = {}
    if athlete is not None:
        zones = athlete_selectors.zones_as_of(athlete=athlete, on=on)
        zone_paces = {key: value.pace_s_per_m for key, value in zones.items()}
    return [
        PreviewRow(
            rep=rep,
            planned=targets.target_time(
                targets.target_for(rep, checked.defaults), rep.distance_m, zone_paces
            ),
        )
        for rep in checked.reps
    ]


def current_version(*, template: SessionTemplate) -> TemplateVersion:
    return template.versions.order_by("-number").first()


def template_library(
    *, squad: Squad, search: str = "", tag: str = "", archived: bool = False
) -> QuerySet[SessionTemplate]:
    """The squad's templates with their current notation, newest version first."""
    latest = TemplateVersion.objects.filter(template=OuterRef("pk")).order_by("-number")
    templates = (
        SessionTemplate.objects.filter(squad=squad, archived=archived)
        .annotate(
            current_notation=Subquery(latest.values("notation")[:1]),
            current_description=Subquery(latest.values("description")[:1]),
            version_count=Count("versions", distinct=True),
        )
        .prefetch_related("tags")
        .order_by("name")
    )
    if search:
        templates = templates.filter(
            Q(name__icontains=search)
            | Q(current_notation__icontains=search)
            | Q(current_description__icontains=search)
        )
    if tag:
        templates = templates.filter(tags__name=tag)
    return templates


def tags_of(*, squad: Squad) -> QuerySet[Tag]:
    return squad.tags.order_by("name")


@dataclass(frozen=True)
class Cell:
    rep: SessionRep
    target: RepTarget | None
    split: Split | None

    @property
    def target_ms(self) -> int | None:
        return self.target.effective_ms if self.target else None

    @property
    def diff_ms(self) -> int | None:
        if self.split is None or self.target_ms is None:
            return None
        return self.split.time_ms - self.target_ms


@dataclass(frozen=True)
class GridRow:
    assignment: Assignment
    cells: list[Cell]


def session_grid(*, session: Session) -> tuple[list[SessionRep], list[GridRow]]:
    """Athletes × reps with target, current split and difference: four queries whatever the
    number of athletes or reps."""
    reps = list(session.reps.order_by("n"))
    assignments = list(session.assignments.select_related("athlete").order_by("athlete__name"))
    targets = {
        (t.assignment_id, t.rep_id): t
        for t in RepTarget.objects.filter(assignment__session=session)
    }
    splits = {
        (s.assignment_id, s.rep_id): s
        for s in Split.objects.filter(assignment__session=session, replaced_by__isnull=True)
    }
    rows = [
        GridRow(
            assignment=assignment,
            cells=[
                Cell(
                    rep=rep,
                    target=targets.get((assignment.pk, rep.pk)),
                    split=splits.get((assignment.pk, rep.pk)),
                )
                for rep in reps
            ],
        )
        for assignment in assignments
    ]
    return reps, rows


def grid_version(*, session: Session) -> str:
    """Changes whenever the grid would: a split recorded, a target overridden, an athlete
    added. Two aggregate queries, so a poll with nothing new costs next to nothing."""
    split_stats = Split.objects.filter(assignment__session=session).aggregate(
        count=Count("id"), last=Max("id")
    )
    target_stats = RepTarget.objects.filter(assignment__session=session).aggregate(
        count=Count("id"), changed=Max("changed_at")
    )
    changed = target_stats["changed"].timestamp() if target_stats["changed"] else 0
    return (
        f"{split_stats['count']}.{split_stats['last'] or 0}.{target_stats['count']}.{changed:.6f}"
    )


def sessions_between(*, squad: Squad, start: date, end: date) -> QuerySet[Session]:
    """The squad's sessions from `start` to `end` inclusive, with how many athletes each."""
    return (
        Session.objects.filter(squad=squad, date__gte=start, date__lte=end)
        .annotate(athlete_count=Count("assignments"))
        .order_by("date", "name")
    )


def sessions_of(*, athlete: Athlete) -> QuerySet[Session]:
    """An athlete's sessions, newest first."""
    return Session.objects.filter(assignments__athlete=athlete).order_by("-date", "name")


def assignment_detail(*, assignment: Assignment) -> list[Cell]:
    """One athlete's reps with targets and current splits, in order: three queries."""
    reps = list(assignment.session.reps.order_by("n"))
    targets = {t.rep_id: t for t in assignment.targets.all()}
    splits = {s.rep_id: s for s in assignment.splits.filter(replaced_by__isnull=True)}
    return [Cell(rep=rep, target=targets.get(rep.pk), split=splits.get(rep.pk)) for rep in reps]
