"""Older history in: a season of past sessions and splits from a CSV with the season export's
columns (workouts/api/export.py, REP_COLUMNS), read into a plan, shown as a dry run, then
applied through the existing services in one transaction.

Reading (`plan_read`, which makes no query) gives a `Plan`: the templates and
versions by name, the sessions by date and template, each athlete's reps with the target
and the split, the reports, and every row it cannot read with its line number and why.
`plan_for_squad` adds what only the database knows (which names are athletes of the squad,
which templates and sessions exist): three queries whatever the size of the file.

The file:

- UTF-8 (a byte-order mark is dropped), else Windows-1252 (what Excel writes); a NUL byte
  means it is not a text file. Comma-separated, or Excel's `;` when the header line holds
  more `;` than `,`.
- The header must hold `date`, `athlete`, `template`, `rep`, `distance_m`, `duration_s` and
  `target_zone`; `target_ms` (else `target`), `split_ms` (else `split`), `rpe`, `note`,
  `done`, `split_entered_by`, `split_entered_at`, `athlete_id` are read when present; the
  other export columns (`session_id`, `session`, `template_version`, `difference_s`) are
  ignored: ids and version numbers are the other database's.
- One row per athlete per rep. A session is every row of one template on one date (there
  is one session per template per date, docs/design.md §4).

Choices:

- **Notation.** The file has no notation column, so a session's notation is built from its
  reps: a flat comma list of each rep's distance (or duration) with its target zone,
  `1K @5K, 1K @5K, 500m @mile, …`, with no recovery rules and no labels (the file holds
  neither). Every distinct rep list of a template is one version of it, in the order of
  the dates; a template already in the squad under that name is reused, and a version of it
  with the same notation too.
- **Athletes** are matched by name within the squad, ignoring case; `athlete_id` only picks
  among athletes of the squad with that name. An unknown athlete is a row it cannot read:
  the import never makes an athlete.
- **Targets.** Targets are worked out from the squad's zones as prescribing always does;
  where the file's `target_ms` differs from that, it is kept as the coach's override (note
  "imported"). A target the file leaves empty stays as the zones give it.
- **Splits** are recorded with method `imported`, entered by the importing coach; the
  file's `split_entered_by` and `split_entered_at` go into the split's `source_note`. A
  time no runner runs for the distance is recorded as confirmed (it is history), and marked
  so as any confirmed split is.
- **Reports**: a (session, athlete) whose rows carry an RPE, a note or `done` gets a report
  from them; the rows of one athlete's session must agree.
- **Rows it cannot read block the import**: the coach fixes the file and uploads it again.
- **Idempotent**: every key is made from the file's SHA-256 and the row's session, athlete
  and rep, and the services replay a key; a time a rep already shows records nothing. So
  importing the same file twice creates nothing the second time.
"""

import csv
import hashlib
import io
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from athletes import paces, rules
from athletes.errors import DomainError
from athletes.models import Athlete, Squad

from . import notation, services
from .models import (
    Assignment,
    HistoryUpload,
    RepTarget,
    Session,
    SessionReport,
    SessionTemplate,
    Split,
    SplitMethod,
    TemplateVersion,
)

LARGEST_FILE = 20 * 1024 * 1024  # bytes
REQUIRED = ("date", "athlete", "template", "rep", "distance_m", "duration_s", "target_zone")
SHOWN_ROW = 200  # characters of a bad row shown back
KEYS = uuid.UUID("7b1f0f8e-4a51-4f0c-9d0e-2f6a1c3b5d17")  # the namespace of import keys
TRUE, FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}
_TIME = re.compile(r"^(?:(\d+):)?(?:(\d{1,2}):)?(\d{1,3}(?:\.\d{1,3})?)$")


class ImportFailed(DomainError):
    """Applying the plan was refused; nothing was imported."""


@dataclass(frozen=True)
class BadRow:
    line: int
    row: str
    why: str


@dataclass(frozen=True)
class PlannedRep:
    n: int
    distance_m: Decimal | None
    duration_s: Decimal | None
    target_zone: str

    def text(self) -> str:
        what = (
            notation.format_distance(float(self.distance_m))
            if self.distance_m is not None
            else notation.format_duration(float(self.duration_s))
        )
        return f"{what} @{self.target_zone}" if self.target_zone else what


@dataclass
class PlannedAthlete:
    athlete_id: int
    name: str
    reps: dict[int, PlannedRep] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)  # rep -> line
    targets: dict[int, int] = field(default_factory=dict)  # rep -> ms
    splits: dict[int, tuple[int, str]] = field(default_factory=dict)  # rep -> (ms, source)
    report: tuple[int | None, str, bool] | None = None
    report_line: int = 0


@dataclass
class PlannedSession:
    day: date
    template: str
    athletes: dict[int, PlannedAthlete] = field(default_factory=dict)
    reps: tuple[PlannedRep, ...] = ()
    exists: bool = False
    # The squad already holds this template on this day with other reps (a session the coach
    # prescribed, not one an earlier import made): importing would clash with it.
    clashes: bool = False

    @property
    def notation(self) -> str:
        return ", ".join(rep.text() for rep in self.reps)

    @property
    def split_count(self) -> int:
        return sum(len(a.splits) for a in self.athletes.values())

    @property
    def report_count(self) -> int:
        return sum(1 for a in self.athletes.values() if a.report is not None)


@dataclass
class Plan:
    sha256: str
    sessions: list[PlannedSession] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    rows: int = 0
    existing_templates: frozenset[str] = frozenset()

    @property
    def blocked(self) -> bool:
        return bool(self.bad_rows) or not self.sessions or bool(self.clashes)

    @property
    def clashes(self) -> list[PlannedSession]:
        return [session for session in self.sessions if session.clashes]

    @property
    def templates(self) -> dict[str, list[str]]:
        """Each template's versions (notations) in the order of their first date."""
        found: dict[str, list[str]] = {}
        for session in self.sessions:
            versions = found.setdefault(session.template, [])
            if session.notation not in versions:
                versions.append(session.notation)
        return found

    def counts(self) -> dict[str, int]:
        templates = self.templates
        return {
            "templates": sum(1 for name in templates if name not in self.existing_templates),
            "versions": sum(len(v) for v in templates.values()),
            "sessions": sum(1 for s in self.sessions if not s.exists),
            "assignments": sum(len(s.athletes) for s in self.sessions),
            "splits": sum(s.split_count for s in self.sessions),
            "reports": sum(s.report_count for s in self.sessions),
        }


# ---------------------------------------------------------------- reading


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(data: bytes) -> str:
    if b"\x00" in data:
        raise ValueError("The file holds NUL bytes: it is not a CSV text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ValueError("The file is not text (neither UTF-8 nor Windows-1252).") from error


def _time_ms(cells: dict, ms_column: str, text_column: str) -> int | None:
    """A time from its milliseconds column, else its text ("2:54.0"); None when empty."""
    raw = (cells.get(ms_column) or "").strip()
    if raw:
        if not raw.isdigit():
            raise ValueError(f"{ms_column} “{raw[:20]}” is not a whole number of milliseconds")
        value = int(raw)
    else:
        raw = (cells.get(text_column) or "").strip()
        if not raw:
            return None
        match = _TIME.match(raw)
        if not match:
            raise ValueError(f"{text_column} “{raw[:20]}” is not a time such as 2:54.0")
        hours, minutes, seconds = match.groups()
        if minutes is None and hours is not None:
            hours, minutes = None, hours
        value = round((int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)) * 1000)
    if not 0 < value <= services.LONGEST_TIME_MS:
        raise ValueError(f"{ms_column or text_column} is not between 0 and 24 hours")
    return value


def _amount(cells: dict, column: str) -> Decimal | None:
    raw = (cells.get(column) or "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{column} “{raw[:20]}” is not a number") from None
    if not value.is_finite() or value <= 0 or value > services.MAX_SESSION_DISTANCE_M:
        raise ValueError(f"{column} “{raw[:20]}” is not a distance or duration a rep has")
    return value.quantize(Decimal("0.001"))


@lru_cache(maxsize=512)
def _zone_problem(zone: str) -> str | None:
    """Why `@zone` is not a target the notation reads, or None."""
    try:
        parsed = notation.expand(notation.parse(f"400m @{zone}"))
    except notation.NotationError as error:
        return f"target_zone “{zone[:20]}” is not a target: {error.message}"
    if parsed[0].target is None:
        return f"target_zone “{zone[:20]}” is not a target"
    return None


def _row_reps(cells: dict) -> PlannedRep:
    raw_n = (cells.get("rep") or "").strip()
    if not raw_n.isdigit() or not 1 <= int(raw_n) <= services.MAX_SESSION_REPS:
        raise ValueError(f"rep “{raw_n[:20]}” is not a rep number from 1")
    distance, duration = _amount(cells, "distance_m"), _amount(cells, "duration_s")
    if (distance is None) == (duration is None):
        raise ValueError("a rep has a distance_m or a duration_s, one of the two")
    zone = (cells.get("target_zone") or "").strip()
    if zone:
        problem = _zone_problem(zone)
        if problem:
            raise ValueError(problem)
    return PlannedRep(int(raw_n), distance, duration, zone)


def _report(cells: dict) -> tuple[int | None, str, bool] | None:
    rpe_raw = (cells.get("rpe") or "").strip()
    note = (cells.get("note") or "").strip()
    done_raw = (cells.get("done") or "").strip().lower()
    if rpe_raw and not (rpe_raw.isdigit() and 1 <= int(rpe_raw) <= 10):
        raise ValueError(f"rpe “{rpe_raw[:20]}” is not an effort from 1 to 10")
    if done_raw not in TRUE | FALSE:
        raise ValueError(f"done “{done_raw[:20]}” is not true or false")
    if len(note) > SessionReport.LONGEST_NOTE:
        raise ValueError(f"the note is longer than {SessionReport.LONGEST_NOTE:,} characters")
    if not (rpe_raw or note or done_raw in TRUE):
        return None
    return (int(rpe_raw) if rpe_raw else None, note, done_raw in TRUE)


def _matcher(athletes: list[tuple[int, str]]):
    by_name: dict[str, list[int]] = defaultdict(list)
    for pk, name in athletes:
        by_name[name.strip().casefold()].append(pk)

    def match(name: str, athlete_id: str) -> int:
        found = by_name.get(name.strip().casefold(), [])
        if not found:
            raise ValueError(f"no athlete called “{name[:60]}” in the squad")
        if len(found) == 1:
            return found[0]
        if athlete_id.isdigit() and int(athlete_id) in found:
            return int(athlete_id)
        raise ValueError(f"{len(found)} athletes are called “{name[:60]}”: give athlete_id")

    return match


def plan_read(data: bytes, *, athletes: list[tuple[int, str]], today: date) -> Plan:
    """Read a season file against the squad's athletes ((id, name) pairs): the plan, with
    every row it cannot read. A file it cannot read at all is one bad row at line 1."""
    plan = Plan(sha256=file_sha256(data))
    if not data.strip():
        plan.bad_rows.append(BadRow(1, "", "The file is empty."))
        return plan
    if len(data) > LARGEST_FILE:
        plan.bad_rows.append(BadRow(1, "", f"The file is over {LARGEST_FILE // 2**20} MB."))
        return plan
    try:
        text = _text(data)
    except ValueError as error:
        plan.bad_rows.append(BadRow(1, "", str(error)))
        return plan
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except (csv.Error, StopIteration):
        plan.bad_rows.append(BadRow(1, first[:SHOWN_ROW], "The first line is not a CSV header."))
        return plan
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        plan.bad_rows.append(
            BadRow(
                1,
                first[:SHOWN_ROW],
                f"Not the season export's header: missing {', '.join(missing)}.",
            )
        )
        return plan
    match = _matcher(athletes)
    sessions: dict[tuple[date, str], PlannedSession] = {}
    broken: set[tuple[date, str]] = set()  # sessions with a row it cannot read
    line = 1
    while True:
        try:
            cells_list = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            plan.bad_rows.append(BadRow(reader.line_num, "", f"Not CSV: {error}."))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells_list):
            continue
        plan.rows += 1
        shown = _row_text(cells_list, delimiter)
        where: list[tuple[date, str]] = []
        try:
            _read_row(plan, sessions, header, cells_list, line, match, today, where)
        except ValueError as error:
            plan.bad_rows.append(BadRow(line, shown, str(error)[:1].upper() + str(error)[1:]))
            broken.update(where)
    _check_sessions(plan, sessions, broken)
    plan.sessions = sorted(sessions.values(), key=lambda s: (s.day, s.template))
    plan.bad_rows.sort(key=lambda bad: bad.line)
    return plan


class _Line:
    def write(self, text: str) -> str:
        return text


def _row_text(cells: list[str], delimiter: str) -> str:
    """The row as the file wrote it (quoted where it needs quotes), cut to SHOWN_ROW."""
    return csv.writer(_Line(), delimiter=delimiter).writerow(cells).rstrip("\r\n")[:SHOWN_ROW]


def _read_row(plan, sessions, header, cells_list, line, match, today, where) -> None:
    """Read one row into its session; `where` gets the row's (date, template) once known, so
    that a session with an unreadable row is not also checked for the rep it lacks."""
    if len(cells_list) != len(header):
        raise ValueError(f"{len(cells_list)} cells, but the header has {len(header)}")
    cells = dict(zip(header, cells_list, strict=True))
    raw_day = cells["date"].strip()
    try:
        day = date.fromisoformat(raw_day) if len(raw_day) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"date “{raw_day[:20]}” is not a date such as 2026-11-29")
    try:
        rules.session_date_check(day, today=today)
    except DomainError as error:
        raise ValueError(f"date {raw_day}: {error.message}") from None
    template = cells["template"].strip()
    longest = SessionTemplate._meta.get_field("name").max_length
    if not template or len(template) > longest:
        raise ValueError(f"template is empty or longer than {longest} characters")
    where.append((day, template))
    athlete_id = match(cells["athlete"], (cells.get("athlete_id") or "").strip())
    rep = _row_reps(cells)
    target_ms = _time_ms(cells, "target_ms", "target")
    if target_ms is not None and rep.distance_m is not None:
        try:
            paces.check_race_plausible(float(rep.distance_m), target_ms / 1000)
        except paces.PaceError as error:
            raise ValueError(f"target: {error.message}") from None
    split_ms = _time_ms(cells, "split_ms", "split")
    report = _report(cells)
    session = sessions.setdefault((day, template), PlannedSession(day, template))
    planned = session.athletes.setdefault(
        athlete_id, PlannedAthlete(athlete_id, cells["athlete"].strip())
    )
    if rep.n in planned.reps:
        raise ValueError(
            f"rep {rep.n} of {planned.name} on {day} appears twice "
            f"(first on line {planned.lines[rep.n]})"
        )
    if planned.report_line and planned.report != report:
        raise ValueError(
            f"rpe, note and done differ from line {planned.report_line} "
            f"for {planned.name}'s session"
        )
    if not planned.report_line:
        planned.report, planned.report_line = report, line
    planned.reps[rep.n] = rep
    planned.lines[rep.n] = line
    if target_ms is not None:
        planned.targets[rep.n] = target_ms
    if split_ms is not None:
        who = (cells.get("split_entered_by") or "").strip()
        when = (cells.get("split_entered_at") or "").strip()
        source = (
            "imported" + (f"; entered by {who}" if who else "") + (f" at {when}" if when else "")
        )
        planned.splits[rep.n] = (split_ms, source[:200])


def _check_sessions(plan: Plan, sessions: dict, broken: set) -> None:
    """Reps numbered 1 to N with no gap, the same reps for every athlete of a session, and
    a session the services accept (at most 200 reps and 200 km). A session with a row it
    cannot read is left out unchecked: the rep that row held would only be reported missing."""
    for key, session in list(sessions.items()):
        if key in broken:
            del sessions[key]
            continue
        reference: PlannedAthlete | None = None
        bad = False
        for planned in session.athletes.values():
            numbers = sorted(planned.reps)
            expected = 1
            for n in numbers:
                if n != expected:
                    missing = f"rep {expected}" if n == expected + 1 else f"reps {expected}–{n - 1}"
                    plan.bad_rows.append(
                        BadRow(
                            planned.lines[n],
                            "",
                            f"Rep {n} of {planned.name} on {session.day} follows "
                            f"{'no rep' if expected == 1 else f'rep {expected - 1}'}: "
                            f"{missing} missing.",
                        )
                    )
                    bad = True
                    break
                expected += 1
            if reference is None:
                reference = planned
                continue
            for n in sorted(set(planned.reps) | set(reference.reps)):
                mine, theirs = planned.reps.get(n), reference.reps.get(n)
                if mine == theirs:
                    continue
                line = planned.lines.get(n) or max(planned.lines.values())
                if mine is None or theirs is None:
                    why = (
                        f"{planned.name} has {len(planned.reps)} reps in “{session.template}” "
                        f"on {session.day}, {reference.name} {len(reference.reps)}."
                    )
                else:
                    why = (
                        f"Rep {n} is {mine.text()} here but {theirs.text()} for "
                        f"{reference.name} (line {reference.lines[n]}) in the same session."
                    )
                plan.bad_rows.append(BadRow(line, "", why))
                bad = True
                break
        if bad or reference is None:
            del sessions[key]
            continue
        session.reps = tuple(reference.reps[n] for n in sorted(reference.reps))
        try:
            services.template_check(services.TemplateContent(notation=session.notation))
        except DomainError as error:
            plan.bad_rows.append(
                BadRow(min(reference.lines.values()), "", f"{session.template}: {error.message}")
            )
            del sessions[key]


def plan_for_squad(data: bytes, *, squad: Squad) -> Plan:
    """`plan_read` against the squad, marking templates and sessions it already holds.
    Three queries whatever the file holds."""
    athletes = list(Athlete.objects.filter(squad=squad).values_list("pk", "name"))
    plan = plan_read(data, athletes=athletes, today=timezone.localdate())
    names = {session.template for session in plan.sessions}
    plan.existing_templates = frozenset(
        SessionTemplate.objects.filter(squad=squad, name__in=names).values_list("name", flat=True)
    )
    if plan.existing_templates and plan.sessions:
        days = {session.day for session in plan.sessions}
        existing: dict[tuple, set[str]] = {}
        for day, name, notation in Session.objects.filter(
            squad=squad, template__name__in=plan.existing_templates, date__in=days
        ).values_list("date", "template__name", "notation"):
            existing.setdefault((day, name), set()).add(notation)
        for session in plan.sessions:
            held = existing.get((session.day, session.template))
            session.exists = held is not None
            session.clashes = held is not None and session.notation not in held
    return plan


# ---------------------------------------------------------------- staging


@transaction.atomic
def upload_stage(*, squad: Squad, data: bytes, filename: str, by) -> HistoryUpload:
    """Keep an uploaded file for the import that follows its dry run, by its SHA-256. Files
    staged more than a day ago and never imported are dropped."""
    HistoryUpload.objects.filter(
        squad=squad,
        imported_at__isnull=True,
        uploaded_at__lt=timezone.now() - timedelta(days=1),
    ).delete()
    upload, _ = HistoryUpload.objects.update_or_create(
        squad=squad,
        sha256=file_sha256(data),
        defaults={
            "content": data,
            "filename": filename[:200],
            "size": len(data),
            "uploaded_by": by,
        },
    )
    return upload


# ---------------------------------------------------------------- applying


def _key(plan: Plan, session: PlannedSession, *parts) -> uuid.UUID:
    return uuid.uuid5(
        KEYS, ":".join([plan.sha256, session.day.isoformat(), session.template, *map(str, parts)])
    )


def _counts(squad: Squad) -> dict[str, int]:
    return {
        "templates": SessionTemplate.objects.filter(squad=squad).count(),
        "versions": TemplateVersion.objects.filter(template__squad=squad).count(),
        "sessions": Session.objects.filter(squad=squad).count(),
        "assignments": Assignment.objects.filter(session__squad=squad).count(),
        "splits": Split.objects.filter(assignment__session__squad=squad).count(),
        "reports": SessionReport.objects.filter(assignment__session__squad=squad).count(),
        "overrides": RepTarget.objects.filter(
            assignment__session__squad=squad, override_ms__isnull=False
        ).count(),
    }


def plan_apply(*, plan: Plan, squad: Squad, by, upload: HistoryUpload | None = None) -> dict:
    """Apply a plan with no bad rows through the services, all of it or nothing: a refusal
    anywhere raises ImportFailed naming the session, and nothing is imported. Answers how
    many of each thing were created (zero each for a file already imported)."""
    if plan.blocked:
        raise ImportFailed("The file has rows that cannot be read: nothing was imported.")
    with transaction.atomic():
        before = _counts(squad)
        athletes = Athlete.objects.filter(squad=squad).in_bulk()
        templates = {t.name: t for t in SessionTemplate.objects.filter(squad=squad)}
        for session in plan.sessions:
            try:
                _session_apply(plan, session, squad, by, athletes, templates)
            except DomainError as error:
                raise ImportFailed(
                    f"“{session.template}” on {session.day:%-d %b %Y}: {error.message} "
                    "Nothing was imported."
                ) from error
        if upload is not None:
            upload.imported_at = timezone.now()
            upload.content = b""
            upload.save(update_fields=["imported_at", "content"])
        after = _counts(squad)
    return {name: after[name] - before[name] for name in after}


def _version_for(plan, session, squad, by, templates) -> TemplateVersion:
    content = services.TemplateContent(notation=session.notation)
    template = templates.get(session.template)
    if template is None:
        template = services.template_create(
            squad=squad,
            name=session.template,
            content=content,
            tags=[],
            created_by=by,
            client_key=uuid.uuid5(KEYS, f"{plan.sha256}:template:{session.template}"),
        )
        templates[template.name] = template
    for version in template.versions.order_by("number"):
        if (version.notation, version.recovery_rules, version.default_targets) == (
            session.notation,
            "",
            "",
        ):
            return version
    return services.template_update(
        template=template,
        name=template.name,
        content=content,
        tags=list(template.tags.values_list("name", flat=True)),
        by=by,
    )


def _session_apply(plan, session: PlannedSession, squad, by, athletes, templates) -> None:
    version = _version_for(plan, session, squad, by, templates)
    prescribed = services.session_prescribe(
        version=version,
        on=session.day,
        athletes=[athletes[pk] for pk in session.athletes],
        by=by,
    )
    reps = {rep.n: rep for rep in prescribed.reps.all()}
    assignments = {
        a.athlete_id: a
        for a in Assignment.objects.filter(session=prescribed, athlete_id__in=session.athletes)
    }
    for target in RepTarget.objects.filter(assignment__in=assignments.values()).select_related(
        "rep", "assignment"
    ):
        wanted = session.athletes[target.assignment.athlete_id].targets.get(target.rep.n)
        if wanted is not None and wanted != target.effective_ms:
            services.target_override(target=target, time_ms=wanted, note="imported", by=by)
    for athlete_id, planned in session.athletes.items():
        assignment = assignments[athlete_id]
        if planned.splits:
            services.splits_record_many(
                assignment=assignment,
                entries=[
                    services.SplitToRecord(
                        rep=reps[n], time_ms=ms, confirmed=True, source_note=source
                    )
                    for n, (ms, source) in sorted(planned.splits.items())
                ],
                client_key=_key(plan, session, athlete_id, "splits"),
                entered_by=by,
                method=SplitMethod.IMPORTED,
            )
        if planned.report is not None:
            rpe, note, done = planned.report
            services.report_save(
                assignment=assignment,
                rpe=rpe,
                note=note,
                done=done,
                client_key=_key(plan, session, athlete_id, "report"),
                entered_by=by,
            )


def time_text(ms: int) -> str:
    return paces.format_time(ms / 1000)
