"""Reads of templates, sessions, grids and calendars, shaped so queries do not grow with
athletes, reps or sessions."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from athletes import selectors as athlete_selectors
from athletes.models import Athlete, Squad

from . import fit_laps, notation, splits, targets
from .models import (
    Assignment,
    RepTarget,
    Session,
    SessionRep,
    SessionReport,
    SessionTemplate,
    Split,
    Tag,
    TemplateVersion,
    split_key,
)


@dataclass(frozen=True)
class PreviewRow:
    rep: notation.ExpandedRep
    planned: targets.TargetTime
    # The parts that are not reps (warm-up, drills, strides…) run just before this rep.
    before: tuple[notation.ExpandedSegment, ...] = ()


def preview_rows(*, checked, athlete: Athlete | None, on: date) -> list[PreviewRow]:
    """The builder's preview of content read once (services.CheckedTemplate): each rep with
    its target, its target time for `athlete` from their zones as of `on` (one query), and
    the segments that run before it (those after the last rep: `segments_after`)."""
    zone_paces = {}
    if athlete is not None:
        zones = athlete_selectors.zones_as_of(athlete=athlete, on=on)
        zone_paces = {key: value.pace_s_per_m for key, value in zones.items()}
    return [
        PreviewRow(
            rep=rep,
            planned=targets.target_time(
                targets.target_for(rep, checked.defaults),
                rep.distance_m,
                zone_paces,
                who=athlete.name if athlete is not None else "",
            ),
            before=tuple(s for s in checked.segments if s.before_rep == rep.n),
        )
        for rep in checked.reps
    ]


def segments_after(*, checked) -> list[notation.ExpandedSegment]:
    """The segments after the last rep of content read once (the cool-down, a last note)."""
    return [s for s in checked.segments if s.before_rep > len(checked.reps)]


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
    """One athlete's rep: target, the split that stands, and every entry made for it."""

    rep: SessionRep
    target: RepTarget | None
    history: tuple[Split, ...] = ()  # oldest first; the last one stands

    @property
    def split(self) -> Split | None:
        """The time that stands: the last entry, unless it removed the split."""
        last = self.history[-1] if self.history else None
        return last if last is not None and not last.is_removal else None

    @property
    def earlier(self) -> list[Split]:
        """Every entry but the time that stands (earlier times and removals), newest first."""
        standing = self.split
        return [entry for entry in reversed(self.history) if entry is not standing]

    @property
    def corrected(self) -> bool:
        return len(self.history) > 1

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
    report: SessionReport | None = None

    @property
    def splits_in(self) -> int:
        return sum(1 for cell in self.cells if cell.split is not None)

    @property
    def set_diffs(self) -> list[int | None]:
        """The average difference from target of each set (SessionRep.block, set_index), in
        the order the sets are run: None for a set with no split against a target yet."""
        by_set: dict[tuple[int, int], list[int]] = {}
        for cell in self.cells:
            diffs = by_set.setdefault((cell.rep.block, cell.rep.set_index), [])
            if cell.diff_ms is not None:
                diffs.append(cell.diff_ms)
        return [round(sum(diffs) / len(diffs)) if diffs else None for diffs in by_set.values()]


def grid_cell(*, target: RepTarget) -> Cell:
    """One athlete's rep as the grid shows it, after an override: one query for its entries."""
    entries = Split.objects.filter(assignment_id=target.assignment_id, rep_id=target.rep_id)
    history = _histories(entries.select_related("entered_by"))
    return Cell(
        rep=target.rep,
        target=target,
        history=history.get((target.assignment_id, target.rep_id), ()),
    )


def _histories(splits) -> dict[tuple[int, int], tuple[Split, ...]]:
    """Entries by (assignment, rep), oldest first, following each rep's chain of corrections."""
    by_cell: dict[tuple[int, int], list[Split]] = {}
    for split in splits:
        by_cell.setdefault((split.assignment_id, split.rep_id), []).append(split)
    return {key: _chain(entries) for key, entries in by_cell.items()}


def _chain(entries: list[Split]) -> tuple[Split, ...]:
    following = {entry.replaces_id: entry for entry in entries if entry.replaces_id}
    first = next((entry for entry in entries if entry.replaces_id is None), None)
    chain = []
    while first is not None:
        chain.append(first)
        first = following.get(first.pk)
    return tuple(chain)


def _latest_reports(reports) -> dict[int, SessionReport]:
    latest: dict[int, SessionReport] = {}
    for report in reports:  # newest first
        latest.setdefault(report.assignment_id, report)
    return latest


def session_grid(*, session: Session) -> tuple[list[SessionRep], list[GridRow]]:
    """Athletes × reps with target, split, its history and difference, and each athlete's
    report: five queries whatever the number of athletes or reps."""
    reps = list(session.reps.order_by("n"))
    assignments = list(session.assignments.select_related("athlete").order_by("athlete__name"))
    targets = {
        (t.assignment_id, t.rep_id): t
        for t in RepTarget.objects.filter(assignment__session=session)
    }
    histories = _histories(
        Split.objects.filter(assignment__session=session).select_related("entered_by")
    )
    reports = _latest_reports(
        SessionReport.objects.filter(assignment__session=session).order_by("-entered_at", "-id")
    )
    rows = [
        GridRow(
            assignment=assignment,
            cells=[
                Cell(
                    rep=rep,
                    target=targets.get((assignment.pk, rep.pk)),
                    history=histories.get((assignment.pk, rep.pk), ()),
                )
                for rep in reps
            ],
            report=reports.get(assignment.pk),
        )
        for assignment in assignments
    ]
    return reps, rows


def grid_version(*, session: Session) -> str:
    """Changes whenever the grid would: a split recorded, a target overridden, an athlete
    added, a report saved. Three aggregate queries, so a poll with nothing new costs next to
    nothing."""
    split_stats = Split.objects.filter(assignment__session=session).aggregate(
        count=Count("id"), last=Max("id")
    )
    target_stats = RepTarget.objects.filter(assignment__session=session).aggregate(
        count=Count("id"), changed=Max("changed_at")
    )
    report_last = SessionReport.objects.filter(assignment__session=session).aggregate(
        last=Max("id")
    )["last"]
    changed = target_stats["changed"].timestamp() if target_stats["changed"] else 0
    return (
        f"{split_stats['count']}.{split_stats['last'] or 0}.{target_stats['count']}.{changed:.6f}"
        f".{report_last or 0}"
    )


def sessions_between(*, squad: Squad, start: date, end: date) -> QuerySet[Session]:
    """The squad's sessions from `start` to `end` inclusive, with how many athletes each."""
    return (
        Session.objects.filter(squad=squad, date__gte=start, date__lte=end)
        .annotate(athlete_count=Count("assignments"))
        .order_by("date", "name")
    )


@dataclass(frozen=True)
class HomeRow:
    """One of an athlete's sessions as their home lists it."""

    session: Session
    assignment_id: int
    rep_count: int
    splits_in: int
    done: bool


def athlete_home(*, athlete: Athlete, today: date) -> dict[str, list[HomeRow]]:
    """An athlete's sessions: today's, then upcoming (soonest first), then past (newest
    first), each with how many splits are in and whether it is marked done. One query."""
    splits_in = (
        Split.objects.filter(
            assignment=OuterRef("pk"), replaced_by__isnull=True, time_ms__isnull=False
        )
        .values("assignment")
        .annotate(n=Count("id"))
        .values("n")
    )
    done = SessionReport.objects.filter(assignment=OuterRef("pk")).order_by("-entered_at", "-id")
    assignments = (
        Assignment.objects.filter(athlete=athlete)
        .select_related("session")
        .annotate(
            splits_in=Coalesce(Subquery(splits_in), 0),
            done=Coalesce(Subquery(done.values("done")[:1]), False),
        )
        .order_by("-session__date", "session__name")
    )
    home: dict[str, list[HomeRow]] = {"today": [], "upcoming": [], "past": []}
    for assignment in assignments:
        row = HomeRow(
            session=assignment.session,
            assignment_id=assignment.pk,
            rep_count=assignment.session.rep_count,
            splits_in=assignment.splits_in,
            done=assignment.done,
        )
        day = assignment.session.date
        home["today" if day == today else "upcoming" if day > today else "past"].append(row)
    # Soonest first; a stable sort keeps the sessions of one day in name order (reversing the
    # list would put them Z to A).
    home["upcoming"].sort(key=lambda row: row.session.date)
    return home


@dataclass(frozen=True)
class RepGroup:
    """A block of the session as the coach wrote it ("2 x (500m, 300m, 200m)"), its reps
    set by set."""

    text: str
    sets: list[list[Cell]]
    # A block that is not reps (warm-up, drills, strides, a note): its text, nothing to enter.
    not_reps: bool = False


@dataclass(frozen=True)
class AthleteSession:
    assignment: Assignment
    groups: list[RepGroup]
    cells: list[Cell]
    report: SessionReport | None

    @property
    def splits_in(self) -> int:
        return sum(1 for cell in self.cells if cell.split is not None)


def athlete_session(*, assignment: Assignment) -> AthleteSession:
    """One athlete's session page: reps grouped by block and set with targets, splits and
    their history, and the latest report. Four queries whatever the session's size."""
    session = assignment.session
    reps = list(session.reps.order_by("n"))
    targets = {t.rep_id: t for t in assignment.targets.all()}
    histories = _histories(assignment.splits.select_related("entered_by"))
    cells = [
        Cell(
            rep=rep,
            target=targets.get(rep.pk),
            history=histories.get((assignment.pk, rep.pk), ()),
        )
        for rep in reps
    ]
    report = assignment.reports.order_by("-entered_at", "-id").first()
    return AthleteSession(assignment, _groups(session, cells), cells, report)


def _groups(session: Session, cells: list[Cell]) -> list[RepGroup]:
    """The reps block by block, with the blocks that are not reps (warm-up, drills…) in their
    place between them."""
    try:
        texts = notation.block_texts(session.notation)
    except notation.NotationError:  # stored canonical text always reads; never fail a page on it
        texts = ()
    groups: dict[int, dict[int, list[Cell]]] = {}
    for cell in cells:
        groups.setdefault(cell.rep.block, {}).setdefault(cell.rep.set_index, []).append(cell)
    not_reps = {s.block for s in session_segments(session=session) if s.block <= len(texts)}
    return [
        RepGroup(
            text=texts[block - 1] if block - 1 < len(texts) else f"Block {block}",
            sets=[sets[index] for index in sorted(sets)],
        )
        if (sets := groups.get(block)) is not None
        else RepGroup(text=texts[block - 1], sets=[], not_reps=True)
        for block in sorted(groups.keys() | not_reps)
    ]


def session_segments(*, session: Session) -> list[notation.ExpandedSegment]:
    """The parts of a prescribed session that are not reps (warm-up, drills, strides, notes),
    in order, from its canonical notation (read through notation.read's cache: no query)."""
    try:
        read = notation.read(session.notation, session.recovery_rules)
    except notation.NotationError:  # stored canonical text always reads; never fail a page on it
        return []
    return notation.segments(read.session)


@dataclass(frozen=True)
class RepForEntry:
    rep: SessionRep
    target: RepTarget | None


def rep_for_entry(*, assignment: Assignment, n: int) -> RepForEntry | None:
    """The rep numbered `n` in an athlete's session with their target for it: what saving a
    split reads first, in one query (no ordering joins)."""
    target = (
        RepTarget.objects.filter(assignment=assignment, rep__n=n)
        .select_related("rep")
        .order_by()
        .first()
    )
    if target is not None:
        return RepForEntry(target.rep, target)
    rep = SessionRep.objects.filter(session_id=assignment.session_id, n=n).order_by().first()
    return RepForEntry(rep, None) if rep is not None else None


def athlete_cell(
    *, assignment: Assignment, rep: SessionRep, target: RepTarget | None = None
) -> Cell:
    """One rep of one athlete's session, after a split is saved: its history in one query,
    and its target in a second unless given."""
    if target is None:
        target = assignment.targets.filter(rep=rep).order_by().first()
    history = _histories(
        Split.objects.filter(assignment=assignment, rep=rep)
        .select_related("entered_by")
        .order_by("id")
    )
    return Cell(rep=rep, target=target, history=history.get((assignment.pk, rep.pk), ()))


@dataclass(frozen=True)
class PasteRow:
    """One rep in the preview of a pasted line: what was read for it, and why to look again
    when the reading is not sure."""

    cell: Cell
    reading_s: float | None
    token: str = ""
    flag: str = ""
    implausible: bool = False


@dataclass(frozen=True)
class PastePreview:
    rows: list[PasteRow]
    unmatched: list[str]  # what was read but fits no rep, as sentences
    count_note: str = ""  # which reps have no split, or which splits no rep, when counts differ


@dataclass(frozen=True)
class _RepShape:
    """What splits.read_splits needs of a rep: its size, and where it is for headings."""

    distance_m: float | None
    duration_s: float | None
    n: int
    block: int
    set_index: int


def paste_preview(*, assignment: Assignment, text: str) -> PastePreview:
    """A pasted line read against one athlete's reps (workouts.splits.read_splits): each rep
    with its reading and any flag, plus what fits no rep. Reads; never saves."""
    cells = athlete_session(assignment=assignment).cells
    shapes = [
        _RepShape(
            float(cell.rep.distance_m) if cell.rep.distance_m is not None else None,
            float(cell.rep.duration_s) if cell.rep.duration_s is not None else None,
            cell.rep.n,
            cell.rep.block,
            cell.rep.set_index,
        )
        for cell in cells
    ]
    reading = splits.read_splits(text, shapes)
    read = {match.rep_n: match.split_s for match in reading.matches}
    flags: dict[int, splits.SplitIssue] = {}
    for issue in reading.issues:
        if issue.rep_n is not None:
            for n in range(issue.rep_n, issue.rep_n + max(len(issue.suggestion or ()), 1)):
                flags.setdefault(n, issue)
    unmatched = [
        f"“{issue.token}”: {_sentence(issue.message)}"
        for issue in reading.issues
        if issue.rep_n is None and issue.kind == splits.IssueKind.NO_SUCH_REP
    ]
    if reading.extra:
        shown = ", ".join(splits.format_split(value) for value in reading.extra)
        unmatched.append(
            f"More splits than reps: {shown} fit{'s' if len(reading.extra) == 1 else ''} no rep "
            f"(the session has {len(cells)}); they will not be saved."
        )
    rows = []
    for cell in cells:
        issue = flags.get(cell.rep.n)
        rows.append(
            PasteRow(
                cell=cell,
                reading_s=read.get(cell.rep.n),
                token=issue.token if issue else "",
                flag=_sentence(issue.message) if issue else "",
                implausible=bool(issue and issue.kind == splits.IssueKind.IMPLAUSIBLE),
            )
        )
    count_note = _sentence(reading.count_note) if reading.count_note else ""
    return PastePreview(rows=rows, unmatched=unmatched, count_note=count_note)


def _sentence(message: str) -> str:
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


@dataclass(frozen=True)
class WatchRow:
    """One rep in the preview of a watch's laps: the lap matched to it (or none), how sure
    the match is and why. `flag` is empty: a matched lap needs no tick to be saved."""

    cell: Cell
    match: fit_laps.RepMatch
    flag: str = ""

    @property
    def reading_s(self) -> float | None:
        return self.match.lap.elapsed_s if self.match.lap is not None else None

    @property
    def replaces(self) -> bool:
        """The rep has a split and the watch's time differs: saving would replace it."""
        split, reading = self.cell.split, self.reading_s
        return split is not None and reading is not None and split.time_ms != round(reading * 1000)


@dataclass(frozen=True)
class WatchPreview:
    activity: fit_laps.Activity
    rows: list[WatchRow]
    left: tuple[fit_laps.LeftLap, ...]
    saved_before: bool  # this file's laps were saved for this athlete already

    @property
    def unmatched(self) -> tuple[fit_laps.LeftLap, ...]:
        return tuple(left for left in self.left if left.kind == fit_laps.UNMATCHED)

    @property
    def left_out(self) -> tuple[fit_laps.LeftLap, ...]:
        return tuple(left for left in self.left if left.kind != fit_laps.UNMATCHED)


_DISTANCE_RECOVERY = re.compile(r"(\d+(?:\.\d+)?)\s*m\b")


def watch_preview(
    *, assignment: Assignment, activity: fit_laps.Activity, client_key
) -> WatchPreview:
    """A watch's laps matched to one athlete's reps (workouts.fit_laps.match_laps): each rep
    with its lap, confidence and reason, the laps left out or unmatched, and whether splits
    saved under `client_key` exist already. Reads; never saves."""
    cells = athlete_session(assignment=assignment).cells
    shapes = []
    for cell in cells:
        recovery = _DISTANCE_RECOVERY.match(cell.rep.recovery or "")
        shapes.append(
            fit_laps.RepShape(
                n=cell.rep.n,
                distance_m=float(cell.rep.distance_m) if cell.rep.distance_m is not None else None,
                duration_s=float(cell.rep.duration_s) if cell.rep.duration_s is not None else None,
                recovery_m=float(recovery[1]) if recovery else None,
            )
        )
    matching = fit_laps.match_laps(activity.laps, shapes)
    keys = [split_key(client_key, cell.rep.n) for cell in cells]
    saved_before = Split.objects.filter(client_key__in=keys).exists()
    rows = [WatchRow(cell, match) for cell, match in zip(cells, matching.reps, strict=True)]
    return WatchPreview(activity, rows, matching.left, saved_before)


@dataclass(frozen=True)
class StopwatchPage:
    reps: list[SessionRep]
    assignments: list[Assignment]


def stopwatch_page(*, session: Session) -> StopwatchPage:
    """What the group stopwatch shows: the session's reps to choose from and its athletes,
    by name, in two queries whatever their number."""
    return StopwatchPage(
        reps=list(session.reps.order_by("n")),
        assignments=list(session.assignments.select_related("athlete").order_by("athlete__name")),
    )


def split_count(*, session: Session) -> int:
    """Times standing in the session: what removing it would take away. One query."""
    return Split.objects.filter(
        assignment__session=session, replaced_by__isnull=True, time_ms__isnull=False
    ).count()


# ---------------------------------------------------------------- an athlete's calendar feed


@dataclass(frozen=True)
class FeedEvent:
    """One of an athlete's sessions as their calendar feed shows it: the session, the
    athlete's target for each rep (Cell, without splits), and when it last changed."""

    assignment: Assignment
    cells: list[Cell]

    @property
    def session(self) -> Session:
        return self.assignment.session

    @property
    def last_modified(self) -> datetime:
        """The later of the prescription and the last change to a target (an override, or a
        move, which works the targets out again and touches them all)."""
        changed = [cell.target.changed_at for cell in self.cells if cell.target is not None]
        return max([self.session.created_at, *changed])


def calendar_feed_events(*, athlete: Athlete, since: date) -> list[FeedEvent]:
    """The athlete's sessions on or after `since`, soonest first, each with its reps in order
    and the athlete's targets for them: three queries whatever the number of sessions and
    reps (the assignments with their sessions, then every rep, then every target)."""
    assignments = (
        Assignment.objects.filter(athlete=athlete, session__date__gte=since)
        .select_related("session")
        .prefetch_related(
            Prefetch("session__reps", queryset=SessionRep.objects.order_by("n")),
            Prefetch("targets", queryset=RepTarget.objects.order_by()),
        )
        .order_by("session__date", "session__name", "pk")
    )
    events = []
    for assignment in assignments:
        targets = {target.rep_id: target for target in assignment.targets.all()}
        cells = [Cell(rep=rep, target=targets.get(rep.pk)) for rep in assignment.session.reps.all()]
        events.append(FeedEvent(assignment=assignment, cells=cells))
    return events
