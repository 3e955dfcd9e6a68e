"""Sessions as watch files: one athlete's FIT workout, or a zip of every athlete's.

Reads what workouts.fit_workout needs from the database (the session, its reps, the
athlete's targets, the squad's window) and hands it over; the pages and the API serve what
comes back. Who may download what is athletes.permissions.can_download_workout's answer,
asked by the callers."""

import io
import zipfile
from dataclasses import dataclass

from django.utils.text import slugify

from . import fit_workout, notation
from .models import Assignment, RepTarget, Session

FIT_CONTENT_TYPE = "application/vnd.ant.fit"
ZIP_CONTENT_TYPE = "application/zip"


@dataclass(frozen=True)
class WatchFile:
    filename: str
    data: bytes
    content_type: str


def _stem(session: Session) -> str:
    return f"{session.date:%Y-%m-%d}-{slugify(session.name) or f'session{session.pk}'}"


def _athlete_part(assignment: Assignment) -> str:
    return slugify(assignment.athlete.name) or f"athlete{assignment.athlete_id}"


def _plans(session: Session, reps, targets: list[RepTarget]) -> list[fit_workout.RepPlan]:
    by_rep = {target.rep_id: target.effective_ms for target in targets}
    return [fit_workout.RepPlan(rep.target, by_rep.get(rep.pk)) for rep in reps]


def _parsed(session: Session, reps) -> notation.Session:
    """The session's structure; should its stored text ever not read, its reps one after
    another (no repeats, open recoveries) rather than no file."""
    try:
        return notation.parse(session.notation, session.recovery_rules)
    except notation.NotationError:
        return notation.Session(
            tuple(
                notation.Rep(
                    float(rep.distance_m) if rep.distance_m is not None else None,
                    float(rep.duration_s) if rep.distance_m is None else None,
                )
                for rep in reps
            )
        )


def _fit(session: Session, reps, targets: list[RepTarget], serial: int) -> bytes:
    parsed = _parsed(session, reps)
    steps = fit_workout.workout_steps(
        parsed, _plans(session, reps, targets), session.squad.fit_window_s_per_400
    )
    return fit_workout.fit_bytes(
        session.name, steps, created=session.created_at, serial_number=serial
    )


def assignment_fit(*, assignment: Assignment) -> WatchFile:
    """One athlete's session as a FIT workout. Three queries: the assignment with its
    session, squad and athlete (select them when fetching it, or they cost one each), the
    reps, the targets."""
    session = assignment.session
    reps = list(session.reps.order_by("n"))
    targets = list(assignment.targets.all())
    data = _fit(session, reps, targets, serial=assignment.pk)
    name = f"{_stem(session)}-{_athlete_part(assignment)}.fit"
    return WatchFile(name, data, FIT_CONTENT_TYPE)


def session_zip(*, session: Session) -> WatchFile:
    """Every athlete's file of a session in one zip, each named after the athlete. Four
    queries whatever the squad's size: the assignments, the athletes, the reps, the targets."""
    assignments = list(
        session.assignments.select_related("athlete").order_by("athlete__name", "pk")
    )
    reps = list(session.reps.order_by("n"))
    targets: dict[int, list[RepTarget]] = {}
    for target in RepTarget.objects.filter(assignment__session=session).order_by():
        targets.setdefault(target.assignment_id, []).append(target)
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for assignment in assignments:
            name = f"{_athlete_part(assignment)}.fit"
            if name in used:  # two athletes of one name: keep both files
                name = f"{_athlete_part(assignment)}-{assignment.athlete_id}.fit"
            used.add(name)
            data = _fit(session, reps, targets.get(assignment.pk, []), serial=assignment.pk)
            entry = zipfile.ZipInfo(name, date_time=(*session.date.timetuple()[:3], 12, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return WatchFile(f"{_stem(session)}-watch-files.zip", buffer.getvalue(), ZIP_CONTENT_TYPE)
