"""Reads of squads, athletes and seasons, shaped so page queries do not grow with data."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from . import paces
from .models import (
    MODEL_SOURCES,
    Athlete,
    CalendarFeed,
    RaceResult,
    Season,
    Squad,
    ZoneEntry,
    ZoneSource,
)


def athlete_of(user) -> Athlete | None:
    """The athlete profile a login belongs to, if any."""
    if not user.is_authenticated:
        return None
    return Athlete.objects.select_related("squad").filter(user=user).first()


def calendar_feed_of(*, athlete: Athlete) -> CalendarFeed | None:
    """The athlete's calendar feed, if its address was ever shown. One query."""
    return CalendarFeed.objects.filter(athlete=athlete).first()


def athlete_by_calendar_secret(*, secret: str) -> Athlete | None:
    """The athlete whose feed has this secret (with their squad), or None: an unknown or
    reset secret finds nobody. One query, none for text no secret can be."""
    longest = CalendarFeed._meta.get_field("secret").max_length
    if not secret or len(secret) > longest:
        return None
    feed = CalendarFeed.objects.select_related("athlete__squad").filter(secret=secret).first()
    return feed.athlete if feed is not None else None


def squads_coached_by(user) -> QuerySet[Squad]:
    if not user.is_authenticated:
        return Squad.objects.none()
    return Squad.objects.filter(coaches=user).order_by("name")


def roster(*, squad: Squad) -> QuerySet[Athlete]:
    return squad.athletes.select_related("user").order_by("name")


def season_on(*, squad: Squad, on: date) -> Season | None:
    """The season that contains `on`, the latest-starting one if seasons overlap."""
    return squad.seasons.filter(start__lte=on, end__gte=on).order_by("-start").first()


def seasons_of(*, squad: Squad) -> list[Season]:
    """The squad's seasons, latest first."""
    return list(squad.seasons.order_by("-start", "-pk"))


def athlete_list(*, athletes: QuerySet[Athlete]) -> QuerySet[Athlete]:
    """Athletes (already scoped by athletes.permissions) in name order, for a list."""
    return athletes.order_by("name", "pk")


def season_list(*, seasons: QuerySet[Season]) -> QuerySet[Season]:
    return seasons.order_by("-start", "squad_id", "pk")


def race_result_list(*, athletes: QuerySet[Athlete]) -> QuerySet[RaceResult]:
    """Every race of `athletes` (scoped by athletes.permissions), voided ones included, newest
    first, with who recorded and voided it and the zone entry it set: three queries a page."""
    return (
        RaceResult.objects.filter(athlete__in=athletes.values("pk"))
        .select_related("recorded_by", "voided_by")
        .prefetch_related(
            Prefetch(
                "zone_entries",
                queryset=ZoneEntry.objects.filter(source=ZoneSource.RACE),
            )
        )
        .order_by("-date", "distance_m", "-pk")
    )


def zone_entry_list(*, athletes: QuerySet[Athlete], with_model: bool = False):
    """zone_history for many athletes (scoped by athletes.permissions): every entry,
    corrected ones included, newest first; model-filled ones only when asked for. Each entry
    comes with its athlete's squad and that squad's own zones, for the zone's label."""
    entries = (
        ZoneEntry.objects.filter(athlete__in=athletes.values("pk"))
        .select_related("athlete__squad", "recorded_by", "correction")
        .prefetch_related("athlete__squad__zone_distances")
    )
    if not with_model:
        entries = entries.exclude(source__in=MODEL_SOURCES)
    return entries.order_by("-effective_date", "-id")


def race_results(*, athlete: Athlete) -> QuerySet[RaceResult]:
    """Every race, voided ones included (the page strikes them through), with who voided."""
    return athlete.race_results.select_related("voided_by").order_by("-date", "distance_m")


def model_evidence(*, athlete: Athlete, on: date, since: date) -> QuerySet[RaceResult]:
    """The races a model may fill zones from on `on`: run after `since`, not voided."""
    return athlete.race_results.filter(
        date__lte=on,
        date__gt=since,
        distance_m__gte=paces.SHORTEST_MODEL_RACE_M,
        voided_at__isnull=True,
    )


# ---------------------------------------------------------------- pace zones


@dataclass(frozen=True)
class Zone:
    label: str
    distance_m: Decimal


STANDARD_ZONES = tuple(
    Zone(label, paces.zone_key(metres)) for label, metres in paces.STANDARD_ZONES
)
DEFAULT_ZONE_GROUPS = (
    ("Specific Speed", Decimal("400"), Decimal("1609.344")),
    ("Specific Stamina", Decimal("3000"), Decimal("5000")),
)


@dataclass(frozen=True)
class ZoneValue:
    """The value of one zone in force on a date, and where it came from."""

    zone_distance_m: Decimal
    time_ms: int
    source: str
    effective_date: date
    note: str
    entry_id: int

    @property
    def model_filled(self) -> bool:
        return self.source == ZoneSource.MODEL

    @property
    def pace_s_per_m(self) -> float:
        return self.time_ms / 1000 / float(self.zone_distance_m)


@dataclass(frozen=True)
class ZoneGroupView:
    name: str
    zones: list[Zone]


def zones_of(*, squad: Squad) -> list[Zone]:
    """The standard zones and any the coach added, shortest first."""
    extra = [Zone(z.label, paces.zone_key(z.distance_m)) for z in squad.zone_distances.all()]
    known = {zone.distance_m for zone in STANDARD_ZONES}
    zones = list(STANDARD_ZONES) + [z for z in extra if z.distance_m not in known]
    return sorted(zones, key=lambda zone: zone.distance_m)


def zone_groups_of(*, squad: Squad, zones: list[Zone]) -> list[ZoneGroupView]:
    """The squad's named bands (default: Specific Speed, Specific Stamina), then the rest."""
    stored = [(g.name, g.shortest_m, g.longest_m) for g in squad.zone_groups.all()]
    bands = stored or list(DEFAULT_ZONE_GROUPS)
    groups, placed = [], set()
    for name, shortest, longest in bands:
        members = [z for z in zones if shortest <= z.distance_m <= longest and z not in placed]
        placed.update(members)
        groups.append(ZoneGroupView(name, members))
    rest = [zone for zone in zones if zone not in placed]
    if rest:
        groups.append(ZoneGroupView("Other zones", rest))
    return groups


def _standing(entries: QuerySet[ZoneEntry]) -> QuerySet[ZoneEntry]:
    """Entries that count: not corrected, and not from a voided race."""
    return entries.filter(correction__isnull=True).filter(
        Q(race_result__isnull=True) | Q(race_result__voided_at__isnull=True)
    )


def _in_force(entries: QuerySet[ZoneEntry], on: date) -> QuerySet[ZoneEntry]:
    """Per athlete and zone, the entry that holds on `on`: the latest trusted one, else the
    latest model-filled one (none when that one says the model was cleared); corrected
    entries give way to their corrections; a voided race's entry counts for nothing."""
    model_last = Case(When(source__in=MODEL_SOURCES, then=Value(1)), default=Value(0))
    return (
        _standing(entries.filter(effective_date__lte=on))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("athlete_id"), F("distance_m")],
                order_by=[model_last.asc(), F("effective_date").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
    )


def _as_values(entries) -> dict[int, dict[Decimal, ZoneValue]]:
    zones: dict[int, dict[Decimal, ZoneValue]] = {}
    for entry in entries:
        if entry.source == ZoneSource.CLEARED:  # after ranking: a filter would go before it
            continue
        zones.setdefault(entry.athlete_id, {})[paces.zone_key(entry.distance_m)] = ZoneValue(
            zone_distance_m=paces.zone_key(entry.distance_m),
            time_ms=entry.time_ms,
            source=entry.source,
            effective_date=entry.effective_date,
            note=entry.note,
            entry_id=entry.pk,
        )
    return zones


def zones_as_of(*, athlete: Athlete, on: date) -> dict[Decimal, ZoneValue]:
    """An athlete's zones in force on `on`, keyed by zone distance, in one query."""
    entries = _in_force(ZoneEntry.objects.filter(athlete=athlete), on)
    return _as_values(entries).get(athlete.pk, {})


def squad_zones_as_of(*, squad: Squad, on: date) -> dict[int, dict[Decimal, ZoneValue]]:
    """Every athlete's zones in force on `on`, by athlete id, in one query whatever the
    squad's size."""
    return _as_values(_in_force(ZoneEntry.objects.filter(athlete__squad=squad), on))


def zone_a_race_would_slow(
    *, athlete: Athlete, distance_m: Decimal, time_ms: int, on: date
) -> ZoneValue | None:
    """The zone in force on `on` at the race's distance when the race is slower than it
    (a bad day is not a new fitness: the coach decides); None otherwise."""
    held = zones_as_of(athlete=athlete, on=on).get(paces.zone_key(distance_m))
    if held is not None and time_ms > held.time_ms:
        return held
    return None


def zone_history(*, athlete: Athlete, with_model: bool = False) -> QuerySet[ZoneEntry]:
    """Every entry, corrected ones included, newest first, with who made it. Model-filled
    entries (one per untrusted zone per race) only when asked for."""
    entries = athlete.zone_entries.select_related(
        "recorded_by", "corrects", "correction", "race_result"
    )
    if not with_model:
        entries = entries.exclude(source__in=MODEL_SOURCES)
    return entries.order_by("-effective_date", "-id")


def zone_history_position(*, entries: QuerySet[ZoneEntry], entry_id: int) -> int:
    """How many of `entries` (ordered as zone_history orders them) come before the entry."""
    entry = entries.filter(pk=entry_id).values("effective_date", "id").first()
    if entry is None:
        return 0
    return entries.filter(
        Q(effective_date__gt=entry["effective_date"])
        | Q(effective_date=entry["effective_date"], id__gt=entry["id"])
    ).count()


@dataclass(frozen=True)
class ZonePoint:
    on: date
    time_ms: int
    source: str
    entry_id: int | None = None  # the zone entry that holds from `on`


def zone_series(*, athlete: Athlete, start: date, end: date) -> dict[Decimal, list[ZonePoint]]:
    """For each zone, its value in force at `start` and at every change up to `end`: the
    points of a chart of the zone over a season. One query."""
    entries = _standing(athlete.zone_entries.filter(effective_date__lte=end)).order_by(
        "effective_date", "id"
    )
    trusted: dict[Decimal, ZoneEntry] = {}
    modelled: dict[Decimal, ZoneEntry] = {}
    series: dict[Decimal, list[ZonePoint]] = {}

    def emit(key: Decimal, on: date) -> None:
        held = trusted.get(key) or modelled.get(key)
        if held is None:
            return
        point = ZonePoint(on=on, time_ms=held.time_ms, source=held.source, entry_id=held.pk)
        points = series.setdefault(key, [])
        if points and points[-1].on == on:
            points[-1] = point
        elif not points or (points[-1].time_ms, points[-1].source) != (held.time_ms, held.source):
            points.append(point)

    def emit_all_at_start() -> None:
        for key in sorted(trusted.keys() | modelled.keys()):
            emit(key, start)

    started = False
    for entry in entries:
        if not started and entry.effective_date >= start:
            emit_all_at_start()
            started = True
        key = paces.zone_key(entry.distance_m)
        if entry.source == ZoneSource.CLEARED:
            modelled.pop(key, None)
        else:
            (trusted if entry.trusted else modelled)[key] = entry
        if started:
            emit(key, entry.effective_date)
    if not started:
        emit_all_at_start()
    return series
