"""Writes to templates, sessions, targets and splits; each one a transaction."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db import IntegrityError, transaction

from athletes import paces
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


class WorkoutRuleError(ValueError):
    """A change the rules refuse, with a message for the coach."""


@dataclass(frozen=True)
class TemplateContent:
    notation: str
    recovery_rules: str = ""
    description: str = ""
    default_targets: str = ""


def template_check(content: TemplateContent) -> list[notation.ExpandedRep]:
    """The expanded reps of valid content; raises notation.NotationError (with `source`
    naming the field: notation, recovery or defaults) for what cannot be read."""
    reps = notation.expand(notation.parse(content.notation, content.recovery_rules))
    try:
        targets.parse_default_targets(content.default_targets)
    except notation.NotationError as error:
        raise notation.NotationError(
            error.message, error.position, error.expected, source="defaults"
        ) from error
    return reps


@transaction.atomic
def template_create(
    *, squad: Squad, name: str, content: TemplateContent, tags: list[str], created_by
) -> SessionTemplate:
    template_check(content)
    _refuse_taken_name(squad, name)
    template = SessionTemplate.objects.create(squad=squad, name=name, created_by=created_by)
    _version_add(template, content, created_by)
    _tags_set(template, tags)
    return template


@transaction.atomic
def template_update(
    *, template: SessionTemplate, name: str, content: TemplateContent, tags: list[str], by
) -> TemplateVersion:
    """Save an edit as a new version when the content changed. Sessions already prescribed
    keep the version they were prescribed from."""
    template_check(content)
    template = SessionTemplate.objects.select_for_update().get(pk=template.pk)
    if name != template.name:
        _refuse_taken_name(template.squad, name)
        template.name = name
        template.save(update_fields=["name"])
    _tags_set(template, tags)
    current = template.versions.order_by("-number").first()
    if current is not None and _content_of(current) == content:
        return current
    return _version_add(template, content, by)


@transaction.atomic
def template_duplicate(*, template: SessionTemplate, by) -> SessionTemplate:
    current = template.versions.order_by("-number").first()
    name = _free_name(template.squad, template.name)
    copy = SessionTemplate.objects.create(squad=template.squad, name=name, created_by=by)
    _version_add(copy, _content_of(current), by)
    copy.tags.set(template.tags.all())
    return copy


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
    tags = [Tag.objects.get_or_create(squad=template.squad, name=name)[0] for name in names]
    template.tags.set(tags)


def _refuse_taken_name(squad: Squad, name: str) -> None:
    if SessionTemplate.objects.filter(squad=squad, name=name).exists():
        raise WorkoutRuleError(f"There is already a template called “{name}”.")


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
    squad = version.template.squad
    athletes = list({athlete.pk: athlete for athlete in athletes}.values())
    strangers = [a.name for a in athletes if a.squad_id != squad.pk]
    if strangers:
        raise WorkoutRuleError(f"Not in {squad}: {', '.join(strangers)}.")
    if not athletes:
        raise WorkoutRuleError("Choose at least one athlete.")
    session = _session_for(version, on, by)
    already = set(session.assignments.values_list("athlete_id", flat=True))
    newcomers = [athlete for athlete in athletes if athlete.pk not in already]
    if newcomers:
        _assign(session, newcomers)
    return session


def _session_for(version: TemplateVersion, on: date, by) -> Session:
    existing = Session.objects.select_for_update().filter(template=version.template, date=on)
    session = existing.first()
    if session is None:
        try:
            with transaction.atomic():
                return _session_create(version, on, by)
        except IntegrityError:  # prescribed at the same moment by a double submit
            session = Session.objects.get(template=version.template, date=on)
    if session.template_version_id != version.pk:
        raise WorkoutRuleError(
            f"“{session.name}” is already prescribed on {on:%-d %b %Y} from an earlier version "
            "of the template. Open that session to add athletes, or pick another date."
        )
    return session


def _session_create(version: TemplateVersion, on: date, by) -> Session:
    tree = notation.parse(version.notation, version.recovery_rules)
    reps = notation.expand(tree)
    planned = _planned_targets(version)
    session = Session.objects.create(
        squad=version.template.squad,
        template=version.template,
        template_version=version,
        date=on,
        name=version.template.name,
        notation=notation.render(tree),
        recovery_rules=version.recovery_rules,
        description=version.description,
        total_distance_m=Decimal(str(notation.total_distance_m(reps))),
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


def _assign(session: Session, athletes: list[Athlete]) -> None:
    reps = list(session.reps.order_by("n"))
    planned_targets = _planned_targets(session.template_version)
    zones = athlete_selectors.squad_zones_as_of(squad=session.squad, on=session.date)
    assignments = Assignment.objects.bulk_create(
        [Assignment(session=session, athlete=athlete) for athlete in athletes]
    )
    rows = []
    for assignment in assignments:
        zone_paces = {
            key: value.pace_s_per_m for key, value in zones.get(assignment.athlete_id, {}).items()
        }
        for rep in reps:
            distance = float(rep.distance_m) if rep.distance_m is not None else None
            planned = targets.target_time(planned_targets[rep.n], distance, zone_paces)
            rows.append(
                RepTarget(
                    assignment=assignment,
                    rep=rep,
                    time_ms=round(planned.time_s * 1000) if planned.time_s is not None else None,
                    reason=planned.reason[:200],
                )
            )
    RepTarget.objects.bulk_create(rows)


def _planned_targets(version: TemplateVersion) -> dict[int, notation.Target | None]:
    """Each rep's target by rep number, from the (never edited) version prescribed."""
    reps = notation.expand(notation.parse(version.notation, version.recovery_rules))
    defaults = targets.parse_default_targets(version.default_targets)
    return {rep.n: targets.target_for(rep, defaults) for rep in reps}


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
    target.save(update_fields=["override_ms", "override_note", "overridden_by"])
    return target


def _refuse_implausible(rep: SessionRep, time_ms: int) -> None:
    if time_ms <= 0:
        raise WorkoutRuleError("A time must be more than zero.")
    if rep.distance_m is not None:
        try:
            paces.check_race_plausible(float(rep.distance_m), time_ms / 1000)
        except paces.PaceError as error:
            raise WorkoutRuleError(str(error)) from error


@transaction.atomic
def split_record(
    *, assignment: Assignment, rep: SessionRep, time_ms: int, client_key: UUID, entered_by
) -> Split:
    """Record one rep's time. Replaying the same client_key returns the first split; a new
    time for a rep that has one replaces it and keeps the earlier value."""
    if rep.session_id != assignment.session_id:
        raise WorkoutRuleError("That rep is not in this athlete's session.")
    if time_ms <= 0:  # implausible times are flagged by the form (splits.py), not refused here
        raise WorkoutRuleError("A time must be more than zero.")
    # One writer at a time per athlete and session: a retry arriving with the first request
    # finds its split, and two devices never make two current splits for a rep.
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    replayed = Split.objects.filter(client_key=client_key, assignment=assignment).first()
    if replayed is not None:
        return replayed
    current = (
        Split.objects.select_for_update(of=("self",))
        .filter(assignment=assignment, rep=rep, replaced_by__isnull=True)
        .first()
    )
    return Split.objects.create(
        assignment=assignment,
        rep=rep,
        time_ms=time_ms,
        replaces=current,
        entered_by=entered_by,
        client_key=client_key,
    )
