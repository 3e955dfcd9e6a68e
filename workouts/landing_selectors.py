"""Reads for the coach's landing page: what needs them today. Today's and tomorrow's sessions
with how many splits are in, the suggested zone updates waiting, and the athletes whose
zones cannot give a target for a session of the coming week. Queries grow with the number of
squads a coach has and the days of the week ahead, never with athletes, reps or sessions."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from athletes import selectors as athlete_selectors
from athletes.models import Athlete, Squad

from . import suggestion_selectors
from .models import Assignment, Session, SessionRep

UPCOMING_DAYS = 7  # "upcoming": today and the six days after


@dataclass(frozen=True)
class SessionDay:
    session: Session
    athletes: int
    splits_in: int

    @property
    def splits_expected(self) -> int:
        return self.athletes * self.session.rep_count


@dataclass(frozen=True)
class MissingZones:
    athlete: Athlete
    session: Session
    zones: list[str]  # as the notation writes them: "5K", "mile"


@dataclass(frozen=True)
class SquadDay:
    squad: Squad
    today: list[SessionDay]
    tomorrow: list[SessionDay]
    suggestions: list[suggestion_selectors.AthleteSuggestion]
    missing: list[MissingZones]


def coach_day(*, squads: list[Squad], today: date) -> list[SquadDay]:
    """Each squad's day, in the order given."""
    tomorrow = today + timedelta(days=1)
    standing = Q(
        assignments__splits__time_ms__isnull=False,
        assignments__splits__replaced_by__isnull=True,
    )
    sessions = list(
        Session.objects.filter(squad__in=squads, date__in=[today, tomorrow])
        .annotate(
            athlete_count=Count("assignments", distinct=True),
            splits_in=Count("assignments__splits", filter=standing, distinct=True),
        )
        .order_by("date", "name")
    )
    missing = _missing_zones(squads, today)
    days = []
    for squad in squads:
        mine = [
            SessionDay(s, s.athlete_count, s.splits_in) for s in sessions if s.squad_id == squad.pk
        ]
        days.append(
            SquadDay(
                squad=squad,
                today=[day for day in mine if day.session.date == today],
                tomorrow=[day for day in mine if day.session.date == tomorrow],
                suggestions=suggestion_selectors.zone_suggestions(today=today, squad=squad),
                missing=[row for row in missing if row.athlete.squad_id == squad.pk],
            )
        )
    return days


def _missing_zones(squads: list[Squad], today: date) -> list[MissingZones]:
    """Athletes in a session of the coming week with no value, as of its date, for a zone
    one of its reps targets (so that rep has no target time)."""
    window = {
        "session__squad__in": squads,
        "session__date__gte": today,
        "session__date__lt": today + timedelta(days=UPCOMING_DAYS),
    }
    zones_of_session: dict[int, set[str]] = {}
    for row in (
        SessionRep.objects.filter(**window, target__in=list(suggestion_selectors.ZONE_OF_TARGET))
        .values("session_id", "target")
        .distinct()
    ):
        zones_of_session.setdefault(row["session_id"], set()).add(row["target"])
    if not zones_of_session:
        return []
    assignments = list(
        Assignment.objects.filter(**window, session_id__in=zones_of_session)
        .select_related("athlete", "session")
        .order_by("session__date", "session__name", "athlete__name")
    )
    held: dict[tuple[int, date], dict] = {}
    for squad_id, on in {(a.session.squad_id, a.session.date) for a in assignments}:
        squad = next(s for s in squads if s.pk == squad_id)
        held[(squad_id, on)] = athlete_selectors.squad_zones_as_of(squad=squad, on=on)
    found = []
    for assignment in assignments:
        session = assignment.session
        zones = held[(session.squad_id, session.date)].get(assignment.athlete_id, {})
        lacking = sorted(
            (
                name
                for name in zones_of_session[session.pk]
                if suggestion_selectors.ZONE_OF_TARGET[name] not in zones
            ),
            key=lambda name: suggestion_selectors.ZONE_OF_TARGET[name],
        )
        if lacking:
            found.append(MissingZones(assignment.athlete, session, lacking))
    return found
