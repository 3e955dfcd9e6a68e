"""Reads for the dashboards (the athlete's and the squad's), shaped so the number of queries
stays the same whatever the number of athletes, sessions, reps or races.

Numbers stay numbers here (milliseconds, metres, percent); the API and the pages format them.
A rep's *difference* is split − target (negative is faster than target); as a percentage it is
that difference over the target.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from athletes import paces
from athletes import selectors as athlete_selectors
from athletes.models import Athlete, RaceResult, Season, Squad

from .models import Assignment, RepTarget, Session, SessionRep, SessionTemplate, Split

DEFAULT_DAYS = 365  # the window with no season in force: the last year
RECENT_SESSIONS = 5  # the squad dashboard's "last sessions"
# Who runs ahead of or behind their zones: the median difference of their reps, over the
# window's sessions in which they ran at least MIN_SESSION_REPS reps against a target, and
# only when at least MIN_REPS reps make the case. Beyond ±THRESHOLD_PCT is ahead or behind:
# about the spread of a well-judged session's splits, so "on" means "as planned".
THRESHOLD_PCT = 1.5
MIN_SESSION_REPS = 3
MIN_REPS = 6


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    season: Season | None = None


def window_for(
    *, squad: Squad, today: date, season: Season | None = None, start=None, end=None
) -> Window:
    """The season asked for; else the dates asked for (either end defaulting to a year from
    the other, or to today); else the season in force today; else the last 365 days."""
    if season is not None:
        return Window(season.start, season.end, season)
    if start is not None or end is not None:
        end = end or (start + timedelta(days=DEFAULT_DAYS) if start else today)
        start = start or end - timedelta(days=DEFAULT_DAYS)
        return Window(start, end)
    current = athlete_selectors.season_on(squad=squad, on=today)
    if current is not None:
        return Window(current.start, current.end, current)
    return Window(today - timedelta(days=DEFAULT_DAYS), today)


def _labels(squad: Squad) -> dict[Decimal, str]:
    return {zone.distance_m: zone.label for zone in athlete_selectors.zones_of(squad=squad)}


def distance_label(metres: Decimal | None, labels: dict[Decimal, str] | None = None) -> str:
    if metres is None:
        return ""
    key = paces.zone_key(metres)
    if labels and key in labels:
        return labels[key]
    return paces.format_distance(float(key))


def diff_pct(split_ms: int, target_ms: int) -> float:
    return (split_ms - target_ms) / target_ms * 100


# ---------------------------------------------------------------- reps of many sessions


@dataclass(frozen=True)
class RepRow:
    """One athlete's rep: its target and the split that stands (None when not in)."""

    n: int
    distance_m: Decimal | None
    duration_s: Decimal | None
    target_zone: str
    target_ms: int | None
    split_ms: int | None

    @property
    def diff_ms(self) -> int | None:
        if self.split_ms is None or self.target_ms is None:
            return None
        return self.split_ms - self.target_ms

    @property
    def diff_pct(self) -> float | None:
        if self.split_ms is None or not self.target_ms:
            return None
        return diff_pct(self.split_ms, self.target_ms)


@dataclass
class AthleteSessionRow:
    session: Session
    athlete_id: int
    athlete_name: str = ""
    reps: list[RepRow] = field(default_factory=list)

    def compared(self) -> list[RepRow]:
        return [rep for rep in self.reps if rep.diff_ms is not None]

    @property
    def mean_diff_ms(self) -> float | None:
        diffs = [rep.diff_ms for rep in self.compared()]
        return sum(diffs) / len(diffs) if diffs else None

    @property
    def mean_diff_pct(self) -> float | None:
        diffs = [rep.diff_pct for rep in self.compared()]
        return sum(diffs) / len(diffs) if diffs else None


def _session_rows(
    assignments: list[Assignment], names: dict[int, str] | None = None
) -> list[AthleteSessionRow]:
    """Each assignment's reps with target and standing split: three queries for any number
    of assignments (reps, targets, standing splits), the sessions already selected."""
    session_ids = {a.session_id for a in assignments}
    reps: dict[int, list[SessionRep]] = {}
    for rep in SessionRep.objects.filter(session_id__in=session_ids).order_by("session_id", "n"):
        reps.setdefault(rep.session_id, []).append(rep)
    ids = [a.pk for a in assignments]
    targets = {
        (assignment_id, rep_id): (override_ms if override_ms is not None else time_ms)
        for assignment_id, rep_id, time_ms, override_ms in RepTarget.objects.filter(
            assignment_id__in=ids
        ).values_list("assignment_id", "rep_id", "time_ms", "override_ms")
    }
    # The split that stands is the last of each rep's chain: the entry nothing replaced
    # (a removal, with no time, stands for "no split").
    standing = {
        (assignment_id, rep_id): time_ms
        for assignment_id, rep_id, time_ms in Split.objects.filter(
            assignment_id__in=ids, replaced_by__isnull=True
        ).values_list("assignment_id", "rep_id", "time_ms")
    }
    rows = []
    for assignment in assignments:
        name = (names or {}).get(assignment.athlete_id, "")
        row = AthleteSessionRow(assignment.session, assignment.athlete_id, name)
        for rep in reps.get(assignment.session_id, []):
            key = (assignment.pk, rep.pk)
            row.reps.append(
                RepRow(
                    n=rep.n,
                    distance_m=rep.distance_m,
                    duration_s=rep.duration_s,
                    target_zone=rep.target,
                    target_ms=targets.get(key),
                    split_ms=standing.get(key),
                )
            )
        rows.append(row)
    return rows


# ---------------------------------------------------------------- the athlete's dashboard


@dataclass(frozen=True)
class SeriesPoint:
    on: date
    time_ms: int
    source: str
    entry_id: int | None


@dataclass(frozen=True)
class ZoneLine:
    distance_m: Decimal
    label: str
    points: list[SeriesPoint]


@dataclass(frozen=True)
class Best:
    distance_m: Decimal
    label: str
    time_ms: int
    on: date
    race_id: int | None = None
    session_id: int | None = None
    rep_n: int | None = None


@dataclass(frozen=True)
class RaceBests:
    distance_m: Decimal
    label: str
    personal_best: Best
    season_best: Best | None


@dataclass(frozen=True)
class AthleteDashboard:
    athlete: Athlete
    window: Window
    zones: list[ZoneLine]
    sessions: list[AthleteSessionRow]
    race_bests: list[RaceBests]
    rep_bests: list[Best]


def zone_lines(*, athlete: Athlete, window: Window, today: date) -> list[ZoneLine]:
    """Each zone's value at the window's start and at every change up to its end (or today):
    two queries (the squad's own zone names, the entries)."""
    labels = _labels(athlete.squad)
    end = max(window.start, min(window.end, today))
    series = athlete_selectors.zone_series(athlete=athlete, start=window.start, end=end)
    return [
        ZoneLine(
            distance_m=key,
            label=distance_label(key, labels),
            points=[SeriesPoint(p.on, p.time_ms, p.source, p.entry_id) for p in points],
        )
        for key, points in sorted(series.items())
    ]


def athlete_dashboard(*, athlete: Athlete, window: Window, today: date) -> AthleteDashboard:
    """Zones over the window with their sources, every session run in it with each rep's
    target, split and difference, and bests: seven queries whatever the data (the squad's
    zone names, zone entries, assignments with sessions, reps, targets, splits, races)."""
    zones = zone_lines(athlete=athlete, window=window, today=today)
    run_until = min(window.end, today)
    assignments = list(
        Assignment.objects.filter(
            athlete=athlete, session__date__gte=window.start, session__date__lte=run_until
        )
        .select_related("session")
        .order_by("session__date", "session__name")
    )
    sessions = _session_rows(assignments)
    races = list(
        RaceResult.objects.filter(athlete=athlete, voided_at__isnull=True).order_by(
            "time_ms", "date", "pk"
        )
    )
    labels = {line.distance_m: line.label for line in zones} | _standard_labels()
    race_bests = _race_bests(races, window, labels)
    return AthleteDashboard(
        athlete=athlete,
        window=window,
        zones=zones,
        sessions=sessions,
        race_bests=race_bests,
        rep_bests=_rep_bests(sessions, labels),
    )


def _standard_labels() -> dict[Decimal, str]:
    return {zone.distance_m: zone.label for zone in athlete_selectors.STANDARD_ZONES}


def _race_bests(races: list[RaceResult], window: Window, labels) -> list[RaceBests]:
    """Per race distance the fastest race ever (personal best) and the fastest in the window
    (season best); voided races are not races. `races` come fastest first."""
    found: dict[Decimal, RaceBests] = {}
    for race in races:
        key = paces.zone_key(race.distance_m)
        best = Best(key, distance_label(key, labels), race.time_ms, race.date, race_id=race.pk)
        held = found.get(key)
        in_window = window.start <= race.date <= window.end
        if held is None:
            found[key] = RaceBests(key, best.label, best, best if in_window else None)
        elif in_window and held.season_best is None:
            found[key] = RaceBests(key, held.label, held.personal_best, best)
    return [found[key] for key in sorted(found)]


def _rep_bests(sessions: list[AthleteSessionRow], labels) -> list[Best]:
    """The fastest split at each rep distance in the window (timed reps left out)."""
    found: dict[Decimal, Best] = {}
    for row in sessions:
        for rep in row.reps:
            if rep.split_ms is None or rep.distance_m is None:
                continue
            key = paces.zone_key(rep.distance_m)
            if key not in found or rep.split_ms < found[key].time_ms:
                found[key] = Best(
                    key,
                    distance_label(key, labels),
                    rep.split_ms,
                    row.session.date,
                    session_id=row.session.pk,
                    rep_n=rep.n,
                )
    return [found[key] for key in sorted(found)]


# ---------------------------------------------------------------- the squad's dashboard


@dataclass(frozen=True)
class Form:
    """How an athlete runs against their zones over the window."""

    athlete: Athlete
    median_diff_pct: float | None
    reps: int
    sessions: int

    @property
    def label(self) -> str:
        if self.median_diff_pct is None or self.reps < MIN_REPS:
            return "too few reps"
        if self.median_diff_pct <= -THRESHOLD_PCT:
            return "ahead"
        if self.median_diff_pct >= THRESHOLD_PCT:
            return "behind"
        return "on"


@dataclass(frozen=True)
class SessionColumn:
    session: Session
    reps: list[RepRow]  # the session's reps (no athlete's values)
    rows: list[AthleteSessionRow]  # one per athlete in it, by name


@dataclass(frozen=True)
class TemplateChoice:
    template: SessionTemplate
    sessions: int


@dataclass(frozen=True)
class SquadDashboard:
    squad: Squad
    window: Window
    zone_columns: list[athlete_selectors.Zone]
    athletes: list[Athlete]
    zones: dict[int, dict[Decimal, athlete_selectors.ZoneValue]]
    recent: list[SessionColumn]
    form: list[Form]
    templates: list[TemplateChoice]
    template: SessionTemplate | None
    comparison: list[SessionColumn]


def squad_dashboard(
    *, squad: Squad, window: Window, today: date, template: SessionTemplate | None = None
) -> SquadDashboard:
    """Every athlete's zones in force today, the last sessions run in the window with each
    athlete's splits against targets, who runs ahead of or behind their zones, the templates
    run in the window and, for `template`, its sessions side by side. Eight queries whatever
    the squad's size or the window's length (zone names, roster, zones in force, the window's
    assignments with their sessions and templates, reps, targets, splits)."""
    zone_columns = athlete_selectors.zones_of(squad=squad)
    athletes = list(athlete_selectors.roster(squad=squad))
    zones = athlete_selectors.squad_zones_as_of(squad=squad, on=today)
    run_until = min(window.end, today)
    assignments = list(
        Assignment.objects.filter(
            session__squad=squad, session__date__gte=window.start, session__date__lte=run_until
        )
        .select_related("session", "session__template", "session__template_version")
        .order_by("session__date", "session__name", "athlete__name")
    )
    rows = _session_rows(assignments, {athlete.pk: athlete.name for athlete in athletes})
    by_session: dict[int, list[AthleteSessionRow]] = {}
    by_athlete: dict[int, list[AthleteSessionRow]] = {}
    for row in rows:
        by_session.setdefault(row.session.pk, []).append(row)
        by_athlete.setdefault(row.athlete_id, []).append(row)
    columns = [_column(session_rows) for session_rows in by_session.values()]  # date order
    templates: dict[int, list] = {}
    for column in columns:
        templates.setdefault(column.session.template_id, [column.session.template, 0])[1] += 1
    return SquadDashboard(
        squad=squad,
        window=window,
        zone_columns=zone_columns,
        athletes=athletes,
        zones=zones,
        recent=list(reversed(columns[-RECENT_SESSIONS:])),
        form=[_form(athlete, by_athlete.get(athlete.pk, [])) for athlete in athletes],
        templates=sorted(
            (TemplateChoice(t, n) for t, n in templates.values()),
            key=lambda choice: choice.template.name,
        ),
        template=template,
        comparison=[
            c for c in columns if template is not None and c.session.template_id == template.pk
        ],
    )


def _column(rows: list[AthleteSessionRow]) -> SessionColumn:
    first = rows[0]
    reps = [
        RepRow(rep.n, rep.distance_m, rep.duration_s, rep.target_zone, None, None)
        for rep in first.reps
    ]
    return SessionColumn(first.session, reps, rows)


def _form(athlete: Athlete, rows: list[AthleteSessionRow]) -> Form:
    """The median of the athlete's rep differences (%) over the sessions of `rows` (theirs)
    in which they ran at least MIN_SESSION_REPS reps against a target."""
    diffs: list[float] = []
    sessions = 0
    for row in rows:
        compared = row.compared()
        if len(compared) >= MIN_SESSION_REPS:
            diffs.extend(rep.diff_pct for rep in compared)
            sessions += 1
    median = statistics.median(diffs) if diffs else None
    return Form(athlete, median, len(diffs), sessions)
