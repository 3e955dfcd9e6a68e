"""Reads for suggested zone updates: the evidence of recent splits at each zone, put to the
rule of workouts.zone_evidence. The same number of queries for one athlete or a squad,
whatever the number of sessions, reps or athletes."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from athletes import paces
from athletes import selectors as athlete_selectors
from athletes.models import Athlete, Squad

from . import notation, zone_evidence
from .models import RepTarget, Split, ZoneSuggestionDecision
from .selectors import _histories

# Zone name as the notation writes it ("5K", "mile") -> the zone's key in the athlete's zones.
ZONE_OF_TARGET = {name: paces.zone_key(metres) for name, metres in notation.ZONES.items()}
LABEL_OF_ZONE = {key: name for name, key in ZONE_OF_TARGET.items()}


@dataclass(frozen=True)
class AthleteSuggestion:
    athlete: Athlete
    zone_label: str
    suggestion: zone_evidence.Suggestion

    @property
    def summary(self) -> str:
        return zone_evidence.summary(self.suggestion, self.zone_label)


def zone_suggestions(
    *, today: date, athlete: Athlete | None = None, squad: Squad | None = None
) -> list[AthleteSuggestion]:
    """The suggestions standing today for one athlete or a whole squad, not yet accepted or
    dismissed, by athlete name then zone. Four queries."""
    if (athlete is None) == (squad is None):
        raise TypeError("Ask for one athlete or one squad.")
    if athlete is not None:
        people = {athlete.pk: athlete}
        zones = {athlete.pk: athlete_selectors.zones_as_of(athlete=athlete, on=today)}
        scope = {"assignment__athlete": athlete}
    else:
        people = {a.pk: a for a in athlete_selectors.roster(squad=squad)}
        zones = athlete_selectors.squad_zones_as_of(squad=squad, on=today)
        scope = {"assignment__athlete__squad": squad}
    window = {
        "assignment__session__date__gte": zone_evidence.window_start(today),
        "assignment__session__date__lte": today,
        "rep__target__in": list(ZONE_OF_TARGET),
    }
    targets = {
        (t.assignment_id, t.rep_id): t
        for t in RepTarget.objects.filter(**scope, **window).only(
            "assignment_id", "rep_id", "time_ms", "override_ms"
        )
    }
    histories = _histories(
        Split.objects.filter(**scope, **window)
        .select_related("rep", "assignment__session")
        .order_by("entered_at", "id")
    )
    reps: dict[tuple[int, Decimal], list[zone_evidence.RepEvidence]] = {}
    for key, history in histories.items():
        standing = history[-1] if history else None
        target = targets.get(key)
        if standing is None or standing.is_removal or target is None or target.time_ms is None:
            continue
        rep, assignment = standing.rep, standing.assignment
        if rep.distance_m is None:
            continue
        reps.setdefault((assignment.athlete_id, ZONE_OF_TARGET[rep.target]), []).append(
            zone_evidence.RepEvidence(
                session_id=assignment.session_id,
                session_date=assignment.session.date,
                session_name=assignment.session.name,
                assignment_id=assignment.pk,
                rep_id=rep.pk,
                rep_n=rep.n,
                distance_m=float(rep.distance_m),
                target_ms=target.time_ms,
                split_ms=standing.time_ms,
                split_id=standing.pk,
                overridden=target.override_ms is not None,
            )
        )
    decided = set(
        ZoneSuggestionDecision.objects.filter(
            athlete_id__in=[athlete_id for athlete_id, _ in reps]
        ).values_list("athlete_id", "distance_m", "fingerprint")
    )
    found = []
    for (athlete_id, zone_key), evidence in reps.items():
        held = zones.get(athlete_id, {}).get(zone_key)
        if held is None or athlete_id not in people:
            continue
        suggestion = zone_evidence.suggest(
            zone_distance_m=zone_key, zone_ms=held.time_ms, reps=evidence, today=today
        )
        if suggestion is None:
            continue
        if (athlete_id, zone_key, suggestion.fingerprint) in decided:
            continue
        found.append(AthleteSuggestion(people[athlete_id], LABEL_OF_ZONE[zone_key], suggestion))
    return sorted(found, key=lambda s: (s.athlete.name, s.suggestion.zone_distance_m))


def zone_suggestion(
    *, athlete: Athlete, distance_m: Decimal, today: date
) -> AthleteSuggestion | None:
    """The suggestion standing today for one of an athlete's zones, if any."""
    key = paces.zone_key(distance_m)
    return next(
        (
            found
            for found in zone_suggestions(today=today, athlete=athlete)
            if found.suggestion.zone_distance_m == key
        ),
        None,
    )
