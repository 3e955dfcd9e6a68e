"""Writes to templates, sessions, targets and splits; each one a transaction."""

import functools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from athletes import paces, rules
from athletes import selectors as athlete_selectors
from athletes.client_keys import create_keyed, replayed_write, same_write
from athletes.errors import RuleError
from athletes.models import Athlete, Squad

from . import notation, selectors, splits, targets
from .models import (
    Assignment,
    RepTarget,
    Session,
    SessionRep,
    SessionReport,
    SessionTemplate,
    Split,
    SplitMethod,
    Tag,
    TemplateVersion,
    split_key,
)


class WorkoutRuleError(RuleError):
    """A change the rules refuse, with a message for the coach. `rep_n` names the rep a
    refusal among several reps' splits is about."""

    def __init__(self, message: str, *, field: str | None = None, rep_n: int | None = None):
        super().__init__(message, field=field)
        self.rep_n = rep_n


class ImplausibleSplit(WorkoutRuleError):
    """A split no runner runs for the rep's distance: saved only when the athlete confirms."""


# What one session may hold: more than any coach prescribes, small enough that the grid of a
# squad stays a page (a 5,000-rep session made an 8.8 MB grid).
MAX_SESSION_REPS = 200
MAX_SESSION_DISTANCE_M = 200_000
LONGEST_TIME_MS = 24 * 3600 * 1000  # a split or a target for a time rep: at most a day


@dataclass(frozen=True)
class TemplateContent:
    notation: str
    recovery_rules: str = ""
    description: str = ""
    default_targets: str = ""


@dataclass(frozen=True)
class CheckedTemplate:
    """Template content read once: the tree, its reps, the default targets, the places the
    text reads two ways (notation.Reading) and the parts that are not reps (warm-up, drills…)."""

    tree: notation.Session
    reps: tuple[notation.ExpandedRep, ...]
    defaults: Mapping[Decimal, notation.Target]
    readings: tuple[notation.Reading, ...] = ()
    segments: tuple[notation.ExpandedSegment, ...] = ()

    @property
    def saved_notation(self) -> str | None:
        """The text a save stores instead of what was typed: the canonical notation, which
        reads one way only, when the typed text reads two ways; None to keep what was typed."""
        return notation.render(self.tree) if self.readings else None

    def to_save(self, content: TemplateContent) -> TemplateContent:
        """`content` as a version stores it: the choice the reading made, written down."""
        saved = self.saved_notation
        return content if saved is None else replace(content, notation=saved)

    def planned_targets(self) -> dict[int, notation.Target | None]:
        """Each rep's target by rep number: its own, else the default for its distance."""
        return {rep.n: targets.target_for(rep, self.defaults) for rep in self.reps}


@functools.lru_cache(maxsize=256)
def template_check(content: TemplateContent) -> CheckedTemplate:
    """Read the content once: the form that shows it and the service that saves it share one
    reading (the content is frozen and reading it is pure, so the answer is cached). Raises
    notation.NotationError (with `source` naming the field: notation, recovery or defaults)
    for what cannot be read, and WorkoutRuleError for a session with no rep, one larger than
    one session may be, or rep text longer than a session stores."""
    read = notation.read(content.notation, content.recovery_rules)
    tree = read.session
    reps = tuple(notation.expand(tree))
    if not reps:
        raise WorkoutRuleError(
            "There is no rep to run: a warm-up, drills or a note alone is not a session.",
            field="notation",
        )
    if len(reps) > MAX_SESSION_REPS:
        raise WorkoutRuleError(
            f"That is {len(reps):,} reps; one session holds at most {MAX_SESSION_REPS}. "
            "Split it into several sessions.",
            field="notation",
        )
    if notation.total_distance_m(reps) > MAX_SESSION_DISTANCE_M:
        raise WorkoutRuleError(
            f"That is more than {MAX_SESSION_DISTANCE_M // 1000} km in one session.",
            field="notation",
        )
    try:
        defaults = targets.parse_default_targets(content.default_targets)
    except notation.NotationError as error:
        raise notation.NotationError(
            error.message, error.position, error.expected, source="defaults"
        ) from error
    checked = CheckedTemplate(
        tree=tree,
        reps=reps,
        defaults=MappingProxyType(defaults),
        readings=read.readings,
        segments=tuple(notation.segments(tree)),
    )
    _refuse_long_rep_text(checked)
    return checked


def _refuse_long_rep_text(checked: CheckedTemplate) -> None:
    """A rep's label, note and target are stored with every session prescribed from it."""
    planned = checked.planned_targets()
    for rep in checked.reps:
        for what, text in [
            ("label", rep.label),
            ("note", rep.note),
            ("target", _target_text(planned[rep.n])),
        ]:
            longest = SessionRep._meta.get_field(what).max_length
            if len(text) > longest:
                raise WorkoutRuleError(
                    f"Rep {rep.n}'s {what} is longer than {longest} characters: "
                    f"“{text[:longest]}…”.",
                    field="notation",
                )


@transaction.atomic
def template_create(
    *,
    squad: Squad,
    name: str,
    content: TemplateContent,
    tags: list[str],
    created_by,
    client_key: UUID | None = None,
) -> SessionTemplate:
    """A new template with its first version. Replaying the same client_key returns the
    template the first submit made. Text that reads two ways is stored as the canonical
    notation of the reading chosen (CheckedTemplate.to_save), so it never reads otherwise later."""
    content = template_check(content).to_save(content)
    replayed = replayed_write(SessionTemplate.objects, client_key, squad_id=squad.pk)
    if replayed is not None:
        return replayed
    template, created = _template_insert(squad, name, created_by, client_key)
    if created:
        _version_add(template, content, created_by)
        _tags_set(template, tags)
    return template


@transaction.atomic
def template_update(
    *, template: SessionTemplate, name: str, content: TemplateContent, tags: list[str], by
) -> TemplateVersion:
    """Save an edit as a new version when the content changed. Sessions already prescribed
    keep the version they were prescribed from. Text that reads two ways is stored as the
    canonical notation of the reading chosen, as template_create does."""
    content = template_check(content).to_save(content)
    template = SessionTemplate.objects.select_for_update().get(pk=template.pk)
    if name != template.name:
        _refuse_taken_name(template.squad, name)
        template.name = name
        try:
            with transaction.atomic():
                template.save(update_fields=["name"])
        except IntegrityError as error:  # taken by a submit at the same moment
            _refuse_taken_name(template.squad, name)
            raise WorkoutRuleError("The template could not be renamed; try again.") from error
    _tags_set(template, tags)
    current = template.versions.order_by("-number").first()
    if current is not None and _content_of(current) == content:
        return current
    return _version_add(template, content, by)


@transaction.atomic
def template_duplicate(
    *, template: SessionTemplate, by, client_key: UUID | None = None
) -> SessionTemplate:
    """A copy named "Name (copy)". Replaying the same client_key returns the first copy."""
    template = SessionTemplate.objects.select_for_update().get(pk=template.pk)
    replayed = replayed_write(SessionTemplate.objects, client_key, squad_id=template.squad_id)
    if replayed is not None:
        return replayed
    current = template.versions.order_by("-number").first()
    copy, created = _template_insert(
        template.squad, _free_name(template.squad, template.name), by, client_key
    )
    if created:
        _version_add(copy, _content_of(current), by)
        copy.tags.set(template.tags.all())
    return copy


def _template_insert(
    squad: Squad, name: str, by, client_key: UUID | None
) -> tuple[SessionTemplate, bool]:
    """Insert a template: (template, True), or (the template a submit with the same key made
    at the same moment, False). A name taken meanwhile is the same refusal as one taken
    before."""
    _refuse_taken_name(squad, name)
    try:
        return create_keyed(
            SessionTemplate,
            expected={"squad_id": squad.pk},
            squad=squad,
            name=name,
            created_by=by,
            client_key=client_key,
        )
    except IntegrityError as error:
        _refuse_taken_name(squad, name)
        raise WorkoutRuleError("The template could not be saved; try again.") from error


@transaction.atomic
def template_archive(*, template: SessionTemplate, archived: bool = True) -> SessionTemplate:
    template.archived = archived
    template.save(update_fields=["archived"])
    return template


def _content_of(version: TemplateVersion) -> TemplateContent:
    return TemplateContent(
        notation=version.notation,
        recovery_rules=version.recovery_rules,
        description=version.description,
        default_targets=version.default_targets,
    )


def _version_add(template: SessionTemplate, content: TemplateContent, by) -> TemplateVersion:
    latest = template.versions.order_by("-number").values_list("number", flat=True).first()
    return TemplateVersion.objects.create(
        template=template,
        number=(latest or 0) + 1,
        notation=content.notation,
        recovery_rules=content.recovery_rules,
        description=content.description,
        default_targets=content.default_targets,
        created_by=by,
    )


def _tags_set(template: SessionTemplate, names: list[str]) -> None:
    longest = Tag._meta.get_field("name").max_length
    too_long = [name for name in names if len(name) > longest]
    if too_long:
        raise WorkoutRuleError(
            f"A tag is at most {longest} characters: “{too_long[0][:longest]}…”.", field="tags"
        )
    tags = [Tag.objects.get_or_create(squad=template.squad, name=name)[0] for name in names]
    template.tags.set(tags)


def _refuse_taken_name(squad: Squad, name: str) -> None:
    if SessionTemplate.objects.filter(squad=squad, name=name).exists():
        raise WorkoutRuleError(f"There is already a template called “{name}”.", field="name")


def _free_name(squad: Squad, name: str) -> str:
    """ "Name (copy)", then "Name (copy 2)"…, shortening the name to fit the field."""
    room = SessionTemplate._meta.get_field("name").max_length - len(" (copy 9999)")
    base, candidate, n = name[:room], f"{name[:room]} (copy)", 2
    while SessionTemplate.objects.filter(squad=squad, name=candidate).exists():
        candidate, n = f"{base} (copy {n})", n + 1
    return candidate


# ---------------------------------------------------------------- prescribing


@transaction.atomic
def session_prescribe(
    *, version: TemplateVersion, on: date, athletes: list[Athlete], by
) -> Session:
    """Prescribe a template version on a date. Each athlete's targets come from their zones
    as of that date and are stored with the session. Prescribing the same template on the
    same date again adds only the athletes not already in it: never a second session."""
    rules.session_date_check(on, today=timezone.localdate())
    squad = version.template.squad
    athletes = list({athlete.pk: athlete for athlete in athletes}.values())
    strangers = [a.name for a in athletes if a.squad_id != squad.pk]
    if strangers:
        raise WorkoutRuleError(f"Not in {squad}: {', '.join(strangers)}.")
    if not athletes:
        raise WorkoutRuleError("Choose at least one athlete.")
    checked = template_check(_content_of(version))
    session = _session_for(version, checked, on, by)
    already = set(session.assignments.values_list("athlete_id", flat=True))
    newcomers = [athlete for athlete in athletes if athlete.pk not in already]
    if newcomers:
        _assign(session, newcomers, checked.planned_targets())
    return session


def _session_for(version: TemplateVersion, checked: CheckedTemplate, on: date, by) -> Session:
    existing = Session.objects.select_for_update().filter(template=version.template, date=on)
    session = existing.first()
    if session is None:
        try:
            with transaction.atomic():
                return _session_create(version, checked, on, by)
        except IntegrityError:  # prescribed at the same moment by a double submit
            session = Session.objects.get(template=version.template, date=on)
    if session.template_version_id != version.pk:
        raise WorkoutRuleError(
            f"“{session.name}” is already prescribed on {on:%-d %b %Y} from an earlier version "
            "of the template. Open that session to add athletes, or pick another date."
        )
    return session


def _session_create(version: TemplateVersion, checked: CheckedTemplate, on: date, by) -> Session:
    reps, planned = checked.reps, checked.planned_targets()
    session = Session.objects.create(
        squad=version.template.squad,
        template=version.template,
        template_version=version,
        date=on,
        name=version.template.name,
        notation=notation.render(checked.tree),
        recovery_rules=version.recovery_rules,
        description=version.description,
        total_distance_m=Decimal(str(notation.total_distance_m(reps))),
        rep_count=len(reps),
        created_by=by,
    )
    SessionRep.objects.bulk_create(
        [
            SessionRep(
                session=session,
                n=rep.n,
                distance_m=_decimal_or_none(rep.distance_m),
                duration_s=_decimal_or_none(rep.duration_s),
                target=_target_text(planned[rep.n]),
                label=rep.label,
                note=rep.note,
                recovery=notation.render_recovery(rep.recovery) if rep.recovery else "",
                block=rep.block,
                set_index=rep.set_index,
            )
            for rep in reps
        ]
    )
    return session


def _assign(
    session: Session, athletes: list[Athlete], planned_targets: dict[int, notation.Target | None]
) -> None:
    reps = list(session.reps.order_by("n"))
    zones = athlete_selectors.squad_zones_as_of(squad=session.squad, on=session.date)
    assignments = Assignment.objects.bulk_create(
        [Assignment(session=session, athlete=athlete) for athlete in athletes]
    )
    rows = []
    for assignment in assignments:
        for rep in reps:
            time_ms, reason = _planned(rep, planned_targets[rep.n], zones, assignment.athlete_id)
            rows.append(RepTarget(assignment=assignment, rep=rep, time_ms=time_ms, reason=reason))
    RepTarget.objects.bulk_create(rows)


def _planned(rep: SessionRep, target: notation.Target | None, zones, athlete_id: int):
    """(time_ms, reason) of one athlete's rep from their zones (squad_zones_as_of's answer)."""
    zone_paces = {key: value.pace_s_per_m for key, value in zones.get(athlete_id, {}).items()}
    distance = float(rep.distance_m) if rep.distance_m is not None else None
    planned = targets.target_time(target, distance, zone_paces)
    time_ms = round(planned.time_s * 1000) if planned.time_s is not None else None
    return time_ms, planned.reason[:200]


# ---------------------------------------------------------------- managing sessions


def _lock_session(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",)).select_related("squad").get(pk=session.pk)
    )


@transaction.atomic
def session_move(*, session: Session, on: date, by) -> Session:
    """Move a session to another date. Targets worked out from zones are worked out again
    from each athlete's zones as of the new date; a coach's override stays as the coach set
    it (the worked-out value beside it is refreshed). Refused when the same template is
    already prescribed on that date, and once splits are in (the session has been run).
    Moving a session to the date it is on changes nothing."""
    session = _lock_session(session)
    if on == session.date:
        return session
    rules.session_date_check(on, today=timezone.localdate())
    if Session.objects.filter(template_id=session.template_id, date=on).exists():
        raise WorkoutRuleError(
            f"“{session.name}” is already prescribed on {on:%-d %b %Y}: open that session "
            "to add athletes, or pick another date.",
            field="date",
        )
    if selectors.split_count(session=session):
        raise WorkoutRuleError(
            "Splits are in for this session: it has been run, so it stays on its date.",
            field="date",
        )
    session.date = on
    try:
        with transaction.atomic():
            session.save(update_fields=["date"])
    except IntegrityError as error:  # the template prescribed on that date at the same moment
        raise WorkoutRuleError(
            f"“{session.name}” is already prescribed on {on:%-d %b %Y}.", field="date"
        ) from error
    _retarget(session)
    return session


def _retarget(session: Session) -> None:
    """Every target of the session from the zones as of its date, overrides kept."""
    checked = template_check(_content_of(session.template_version))
    planned_targets = checked.planned_targets()
    zones = athlete_selectors.squad_zones_as_of(squad=session.squad, on=session.date)
    rows = list(
        RepTarget.objects.filter(assignment__session=session).select_related("rep", "assignment")
    )
    for row in rows:
        row.time_ms, row.reason = _planned(
            row.rep, planned_targets.get(row.rep.n), zones, row.assignment.athlete_id
        )
    RepTarget.objects.bulk_update(rows, ["time_ms", "reason"])
    # bulk_update skips auto_now: touch changed_at so the grid's pollers see the change.
    RepTarget.objects.filter(assignment__session=session).update(changed_at=timezone.now())


@transaction.atomic
def session_remove(*, session: Session, splits_expected: int = 0) -> int:
    """Remove a session with everything in it, in one transaction; answers how many splits
    went. When splits are in, the coach confirms how many (`splits_expected`): if more came
    in since they were asked, nothing is removed and they are asked again. Removing a session
    already removed is the caller's 404."""
    session = _lock_session(session)
    count = selectors.split_count(session=session)
    if count > splits_expected:
        raise WorkoutRuleError(
            f"{count} split{'s' if count != 1 else ''} will go with this session: "
            "confirm to remove it.",
            field="confirm",
        )
    assignments = Assignment.objects.filter(session=session)
    # Corrections point at the entries they replace (PROTECT): newest first.
    splits = Split.objects.filter(assignment__in=assignments)
    while splits.exists():
        splits.filter(replaced_by__isnull=True).delete()
    SessionReport.objects.filter(assignment__in=assignments).delete()
    session.delete()
    return count


@transaction.atomic
def sessions_copy_week(*, squad: Squad, source: date, target: date, by) -> list[Session]:
    """Copy the sessions of the week holding `source` to the week holding `target`, same
    weekday, same athletes, same version of each template; targets from zones as of each new
    date. Prescribing adds only what is missing, so copying twice adds nothing. All of the
    week or none of it: a day the rules refuse refuses the copy."""
    start = source - timedelta(days=source.weekday())
    to_start = target - timedelta(days=target.weekday())
    if start == to_start:
        raise WorkoutRuleError("Choose another week to copy to.", field="target")
    sessions = list(
        Session.objects.filter(squad=squad, date__gte=start, date__lte=start + timedelta(days=6))
        .select_related("template_version__template__squad")
        .prefetch_related("assignments__athlete")
        .order_by("date", "name")
    )
    if not sessions:
        raise WorkoutRuleError(f"No sessions in the week of {start:%-d %b %Y}.", field="source")
    copies = []
    for session in sessions:
        athletes = [assignment.athlete for assignment in session.assignments.all()]
        if not athletes:
            continue
        copies.append(
            session_prescribe(
                version=session.template_version,
                on=session.date + (to_start - start),
                athletes=athletes,
                by=by,
            )
        )
    return copies


def _target_text(target: notation.Target | None) -> str:
    return notation.render_target(target) if target is not None else ""


def _decimal_or_none(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


@transaction.atomic
def target_override(*, target: RepTarget, time_ms: int | None, note: str, by) -> RepTarget:
    """The coach's own target for one athlete's rep; the worked-out one stays beside it.
    `time_ms=None` removes the override."""
    target = RepTarget.objects.select_for_update().select_related("rep").get(pk=target.pk)
    if time_ms is not None:
        _refuse_implausible(target.rep, time_ms)
    target.override_ms = time_ms
    target.override_note = note if time_ms is not None else ""
    target.overridden_by = by if time_ms is not None else None
    target.save(update_fields=["override_ms", "override_note", "overridden_by", "changed_at"])
    return target


def _refuse_implausible(rep: SessionRep, time_ms: int) -> None:
    _refuse_out_of_range(time_ms, field="time")
    if rep.distance_m is not None:
        try:
            paces.check_race_plausible(float(rep.distance_m), time_ms / 1000)
        except paces.PaceError as error:
            raise WorkoutRuleError(error.message, field="time") from error


def _refuse_out_of_range(time_ms: int, *, field: str) -> None:
    if time_ms <= 0:
        raise WorkoutRuleError("A time must be more than zero.", field=field)
    if time_ms > LONGEST_TIME_MS:
        raise WorkoutRuleError("A time must be under 24 hours: check the time.", field=field)


def _split_problem(rep: SessionRep, time_ms: int) -> str | None:
    """Why no runner runs this time for the rep's distance, or None when one could."""
    if rep.distance_m is None:
        return None
    distance_m, seconds = float(rep.distance_m), time_ms / 1000
    problem = splits.rep_time_problem(distance_m, seconds)
    if problem is None:
        return None
    return f"{paces.format_time(seconds)} for {notation.format_distance(distance_m)} is {problem}."


def _lock_assignment(assignment: Assignment) -> None:
    """One writer at a time per athlete and session: a retry arriving with the first request
    finds its split, and two devices never make two current splits for a rep. Only the
    assignment's row is locked (`of`, no ordering joins), so athletes of one session never
    wait for each other."""
    list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(pk=assignment.pk)
        .order_by()
        .values_list("pk", flat=True)
    )


def _entries_and_keyed(
    assignment: Assignment, rep: SessionRep, client_key: UUID
) -> tuple[Split | None, Split | None]:
    """In one query, under the assignment's lock: the rep's last entry (a time or a removal)
    and the row `client_key` already made, if any (replayed_write's answer for it)."""
    rows = list(
        Split.objects.filter(Q(assignment=assignment, rep=rep) | Q(client_key=client_key))
        .order_by()
        .only("id", "assignment_id", "rep_id", "time_ms", "replaces_id", "method", "client_key")
    )
    keyed = next((row for row in rows if row.client_key == client_key), None)
    keyed = same_write(keyed, assignment_id=assignment.pk, rep_id=rep.pk)
    of_rep = [row for row in rows if row.assignment_id == assignment.pk and row.rep_id == rep.pk]
    replaced = {row.replaces_id for row in of_rep}
    last = next((row for row in of_rep if row.pk not in replaced), None)
    return last, keyed


@transaction.atomic
def split_record(
    *,
    assignment: Assignment,
    rep: SessionRep,
    time_ms: int,
    client_key: UUID,
    entered_by,
    confirmed: bool = False,
    method: str = SplitMethod.TYPED,
) -> Split:
    """Record one rep's time. Replaying the same client_key returns the first split; a new
    time for a rep that has one replaces it and keeps the earlier value; the time the rep
    already shows (typed again in a second tab) changes nothing. A time no runner runs for
    the rep's distance (workouts.splits.plausible_range_s) is refused with ImplausibleSplit
    unless `confirmed`, and the confirmation is kept on the split."""
    if rep.session_id != assignment.session_id:
        raise WorkoutRuleError("That rep is not in this athlete's session.")
    _refuse_out_of_range(time_ms, field="time")
    _lock_assignment(assignment)
    return _split_add(assignment, rep, time_ms, client_key, entered_by, confirmed, method)


def _split_add(
    assignment, rep, time_ms, client_key, entered_by, confirmed, method, source_note=""
) -> Split:
    current, replayed = _entries_and_keyed(assignment, rep, client_key)
    if replayed is not None:
        return replayed
    problem = _split_problem(rep, time_ms)
    if problem and not confirmed:
        raise ImplausibleSplit(f"{problem} Confirm to save it anyway.", field="time")
    if current is not None and current.time_ms == time_ms:
        return current
    split, _ = create_keyed(
        Split,
        expected={"assignment_id": assignment.pk, "rep_id": rep.pk},
        assignment=assignment,
        rep=rep,
        time_ms=time_ms,
        replaces=current,
        method=method,
        entered_by=entered_by,
        client_key=client_key,
        confirmed_implausible=bool(problem),
        source_note=source_note,
    )
    return split


@transaction.atomic
def split_remove(
    *, assignment: Assignment, rep: SessionRep, client_key: UUID, entered_by
) -> Split | None:
    """Take a rep's split away, keeping it in the history: the removal is an entry with no
    time. Replaying the same client_key returns the same removal; a rep with no split has
    nothing to remove (None)."""
    if rep.session_id != assignment.session_id:
        raise WorkoutRuleError("That rep is not in this athlete's session.")
    _lock_assignment(assignment)
    current, replayed = _entries_and_keyed(assignment, rep, client_key)
    if replayed is not None:
        return replayed
    if current is None or current.is_removal:
        return current
    removal, _ = create_keyed(
        Split,
        expected={"assignment_id": assignment.pk, "rep_id": rep.pk},
        assignment=assignment,
        rep=rep,
        time_ms=None,
        replaces=current,
        method=current.method,
        entered_by=entered_by,
        client_key=client_key,
    )
    return removal


@dataclass(frozen=True)
class SplitToRecord:
    rep: SessionRep
    time_ms: int
    confirmed: bool = False
    source_note: str = ""  # where an imported time came from (Split.source_note)


# Keys of splits read from a watch's file: from the file's SHA-256 and the athlete's session,
# so the same file saved again (uploaded twice, or a double submit) writes nothing more.
WATCH_KEYS = uuid.UUID("6d2f4f0e-3c51-4b0e-9a57-5f1c0b8f6a21")


def watch_client_key(*, sha256: str, assignment: Assignment) -> UUID:
    return uuid.uuid5(WATCH_KEYS, f"{sha256}:{assignment.pk}")


def splits_record_many(
    *,
    assignment: Assignment,
    entries: list[SplitToRecord],
    client_key: UUID,
    entered_by,
    method: str = SplitMethod.PASTED,
) -> list[Split]:
    """Record several reps' times (a pasted line) in one transaction: all of them or none.
    Each split's key is made from `client_key` and its rep, so saving the same paste again
    changes nothing. A refusal names the rep it is about."""
    if len({entry.rep.pk for entry in entries}) != len(entries):
        raise WorkoutRuleError("A rep appears twice: give each rep one time.")
    with transaction.atomic():
        _lock_assignment(assignment)
        saved = []
        for entry in entries:
            if entry.rep.session_id != assignment.session_id:
                raise WorkoutRuleError("That rep is not in this athlete's session.")
            try:
                _refuse_out_of_range(entry.time_ms, field="time")
                saved.append(
                    _split_add(
                        assignment,
                        entry.rep,
                        entry.time_ms,
                        split_key(client_key, entry.rep.n),
                        entered_by,
                        entry.confirmed,
                        method,
                        entry.source_note,
                    )
                )
            except WorkoutRuleError as error:
                message = f"Rep {entry.rep.n}: {error.message}"
                raise type(error)(message, field=error.field, rep_n=entry.rep.n) from error
        return saved


@dataclass(frozen=True)
class StopwatchTap:
    """One finisher timed by the coach: whose time it is, and the key the phone made at the
    tap, so a resent tap records once."""

    assignment: Assignment
    time_ms: int
    client_key: UUID


@transaction.atomic
def stopwatch_record(
    *,
    session: Session,
    rep: SessionRep,
    taps: list[StopwatchTap],
    entered_by,
    confirmed: bool = False,
) -> list[Split]:
    """Record one rep's stopwatch times for the group, all of them or none, through the same
    path as an athlete's typed split (`_split_add`): a resent tap returns the split it made,
    and a tap for an athlete who already typed the rep replaces that split as a correction,
    keeping it in the history. A refusal names the athlete it is about."""
    if rep.session_id != session.pk:
        raise WorkoutRuleError("That rep is not in this session.", field="rep")
    if len({tap.assignment.pk for tap in taps}) != len(taps):
        raise WorkoutRuleError("An athlete appears twice: give each finisher one time.")
    saved = []
    for tap in sorted(taps, key=lambda tap: tap.assignment.pk):  # one lock order for all
        if tap.assignment.session_id != session.pk:
            raise WorkoutRuleError("That athlete is not in this session.")
        try:
            _refuse_out_of_range(tap.time_ms, field="time")
            _lock_assignment(tap.assignment)
            saved.append(
                _split_add(
                    tap.assignment,
                    rep,
                    tap.time_ms,
                    tap.client_key,
                    entered_by,
                    confirmed,
                    SplitMethod.STOPWATCH,
                )
            )
        except WorkoutRuleError as error:
            message = f"{tap.assignment.athlete.name}: {error.message}"
            raise type(error)(message, field=error.field, rep_n=rep.n) from error
    return saved


# ---------------------------------------------------------------- reports


@transaction.atomic
def report_save(
    *,
    assignment: Assignment,
    rpe: int | None,
    note: str,
    done: bool,
    client_key: UUID,
    entered_by,
) -> SessionReport:
    """Effort, note and done for one athlete's session. A new row when anything changed (the
    earlier ones stay); replaying the same client_key, or saving what already stands,
    returns the report that stands."""
    if rpe is not None and not 1 <= rpe <= 10:
        raise WorkoutRuleError("Effort is from 1 (easy) to 10 (all out).", field="rpe")
    note = note.strip()
    if len(note) > SessionReport.LONGEST_NOTE:
        raise WorkoutRuleError(
            f"A note is at most {SessionReport.LONGEST_NOTE:,} characters.", field="note"
        )
    _lock_assignment(assignment)
    replayed = replayed_write(SessionReport.objects, client_key, assignment_id=assignment.pk)
    if replayed is not None:
        return replayed
    latest = assignment.reports.order_by("-entered_at", "-id").first()
    if latest is not None and (latest.rpe, latest.note, latest.done) == (rpe, note, done):
        return latest
    report, _ = create_keyed(
        SessionReport,
        expected={"assignment_id": assignment.pk},
        assignment=assignment,
        rpe=rpe,
        note=note,
        done=done,
        entered_by=entered_by,
        client_key=client_key,
    )
    return report
