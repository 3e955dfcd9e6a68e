"""Writes to squads, athletes, seasons and race results; each one a transaction."""

import secrets
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import paces, rules, selectors
from .client_keys import create_keyed, replayed_write
from .errors import DomainError, RuleError
from .models import Athlete, CalendarFeed, RaceResult, Season, Squad, ZoneEntry, ZoneSource

User = get_user_model()


@transaction.atomic
def login_ensure(*, username: str, password: str, first_name: str = "", last_name: str = ""):
    """Create the login or reset its password; running it twice changes nothing more."""
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def squad_ensure(*, name: str, coaches=(), shares_results: bool = False) -> Squad:
    squad, _ = Squad.objects.update_or_create(
        name=name, defaults={"shares_results": shares_results}
    )
    squad.coaches.add(*coaches)
    return squad


@transaction.atomic
def athlete_ensure(
    *, squad: Squad, name: str, bib: str = "", main_events: str = "", user=None
) -> Athlete:
    athlete, _ = Athlete.objects.update_or_create(
        squad=squad,
        name=name,
        defaults={"bib": bib, "main_events": main_events, "user": user},
    )
    return athlete


@transaction.atomic
def season_ensure(*, squad: Squad, name: str, start: date, end: date) -> Season:
    season, _ = Season.objects.update_or_create(
        squad=squad, name=name, defaults={"start": start, "end": end}
    )
    return season


# The notation is workouts', and athletes imports nothing of workouts: workouts hands its reader
# of default targets over when the apps are ready (workouts.apps), and squad_defaults_set asks it.
_default_targets_readers: list[Callable[[str], object]] = []


def default_targets_reader_add(reader: Callable[[str], object]) -> None:
    """`reader(text)` raises a DomainError (with a position) for defaults it cannot read."""
    if reader not in _default_targets_readers:
        _default_targets_readers.append(reader)


@transaction.atomic
def squad_defaults_set(*, squad: Squad, default_targets: str) -> Squad:
    """The default targets new templates of the squad start with (`1K @5K, 500m @mile`).
    Setting the value that already stands changes nothing."""
    text = default_targets.strip()
    if len(text) > Squad._meta.get_field("default_targets").max_length:
        raise RuleError("Keep the default targets under 300 characters.", field="default_targets")
    for read in _default_targets_readers:
        try:
            read(text)
        except DomainError as error:
            at = f"At character {error.position + 1}: " if error.position is not None else ""
            expected = getattr(error, "expected", "")
            message = f"{at}{error.message}" + (f" (expected {expected})" if expected else "")
            raise RuleError(message, field="default_targets") from error
    Squad.objects.filter(pk=squad.pk).update(default_targets=text)
    squad.default_targets = text
    return squad


FIT_WINDOW_RANGE = (Decimal("0.5"), Decimal("20.0"))


def squad_fit_window_set(*, squad: Squad, seconds_per_400: Decimal) -> Squad:
    """How far either side of an athlete's target pace their watch's range reaches, in seconds
    per 400 m (the workout files of workouts.fit_workout). Tenths of a second; 0.5 to 20."""
    low, high = FIT_WINDOW_RANGE
    value = Decimal(seconds_per_400).quantize(Decimal("0.1"))
    if not low <= value <= high:
        raise RuleError(
            f"Make the watch's window {low} to {high} seconds per 400 m.",
            field="fit_window_s_per_400",
        )
    Squad.objects.filter(pk=squad.pk).update(fit_window_s_per_400=value)
    squad.fit_window_s_per_400 = value
    return squad


# ---------------------------------------------------------------- race results and zones

RECENT_RESULTS = timedelta(days=365)


class ZoneRuleError(RuleError):
    """A zone change the rules refuse, with a message for the coach."""


def _lock(athlete: Athlete) -> None:
    """Serialise writes to one athlete's races and zones, so a double submit arriving at the
    same moment finds the first one's client_key instead of colliding with it."""
    Athlete.objects.select_for_update().filter(pk=athlete.pk).first()


def _check_plausible(distance_m, time_ms: int, field: str = "time") -> None:
    try:
        paces.check_race_plausible(float(distance_m), time_ms / 1000)
    except paces.PaceError as error:
        raise RuleError(error.message, field=field) from error


def race_result_check(*, distance_m: Decimal | float, time_ms: int, on: date) -> Decimal:
    """The rules a race must pass to be recorded (distance, date, a time humans run); its
    distance as a zone key. A form asks its question only about a race that passes them."""
    rules.race_distance_check(float(distance_m))
    rules.race_date_check(on, today=timezone.localdate())
    _check_plausible(paces.zone_key(distance_m), time_ms)
    return paces.zone_key(distance_m)


@transaction.atomic
def race_result_record(
    *,
    athlete: Athlete,
    distance_m: Decimal | float,
    time_ms: int,
    on: date,
    recorded_by,
    indoor: bool = False,
    venue: str = "",
    note: str = "",
    client_key: UUID | None = None,
    slower_becomes_zone: bool = False,
) -> RaceResult:
    """Record a race. At a zone's distance it becomes that zone's entry, unless it is slower
    than the zone in force on its date: a bad day is not a new fitness, so the zone stays
    unless the coach confirms (`slower_becomes_zone`). The zones nobody set are filled
    again from the athlete's recent results. Replaying the same client_key returns the
    first result and changes nothing."""
    distance_m = race_result_check(distance_m=distance_m, time_ms=time_ms, on=on)
    _lock(athlete)
    replayed = replayed_write(RaceResult.objects, client_key, athlete_id=athlete.pk)
    if replayed is not None:
        return replayed
    result, created = create_keyed(
        RaceResult,
        expected={"athlete_id": athlete.pk},
        athlete=athlete,
        distance_m=distance_m,
        time_ms=time_ms,
        date=on,
        indoor=indoor,
        venue=venue,
        note=note,
        recorded_by=recorded_by,
        client_key=client_key,
    )
    if not created:
        return result
    key = paces.zone_key(distance_m)
    is_zone = key in {zone.distance_m for zone in selectors.zones_of(squad=athlete.squad)}
    kept = selectors.zone_a_race_would_slow(athlete=athlete, distance_m=key, time_ms=time_ms, on=on)
    if is_zone and (kept is None or slower_becomes_zone):
        ZoneEntry.objects.create(
            athlete=athlete,
            distance_m=key,
            time_ms=time_ms,
            effective_date=on,
            source=ZoneSource.RACE,
            race_result=result,
            note=venue or note,
            recorded_by=recorded_by,
        )
    _refill_from(athlete=athlete, on=on)
    return result


@transaction.atomic
def race_result_void(*, result: RaceResult, voided_by) -> RaceResult:
    """A race entered by mistake: it stays in the history, struck through with who voided
    it and when, but from now on sets no zone, neither its own entry nor the model-filled
    ones. Voiding it again changes nothing."""
    _lock(result.athlete)
    result = RaceResult.objects.select_for_update().get(pk=result.pk)
    if result.voided:
        return result
    result.voided_at = timezone.now()
    result.voided_by = voided_by
    result.save(update_fields=["voided_at", "voided_by"])
    _refill_from(athlete=result.athlete, on=result.date, after_void=True)
    return result


@transaction.atomic
def zone_set(
    *,
    athlete: Athlete,
    distance_m: Decimal,
    time_ms: int,
    on: date,
    recorded_by,
    note: str = "",
    source: str = ZoneSource.COACH,
    client_key: UUID | None = None,
) -> ZoneEntry:
    """The coach sets a zone from a date on. Replaying the same client_key changes nothing."""
    if source not in {ZoneSource.COACH, ZoneSource.ESTIMATE}:
        raise ZoneRuleError(
            "A coach sets a zone by hand or as an estimate from workouts.", field="source"
        )
    key = paces.zone_key(distance_m)
    if key not in {zone.distance_m for zone in selectors.zones_of(squad=athlete.squad)}:
        raise ZoneRuleError(
            f"{athlete.squad} has no {paces.format_distance(float(key))} zone.", field="zone"
        )
    rules.zone_date_check(on, today=timezone.localdate())
    _check_plausible(key, time_ms, field="value")
    _lock(athlete)
    replayed = replayed_write(
        ZoneEntry.objects, client_key, athlete_id=athlete.pk, corrects_id=None
    )
    if replayed is not None:
        return replayed
    entry, _ = create_keyed(
        ZoneEntry,
        expected={"athlete_id": athlete.pk, "corrects_id": None},
        athlete=athlete,
        distance_m=key,
        time_ms=time_ms,
        effective_date=on,
        source=source,
        note=note,
        recorded_by=recorded_by,
        client_key=client_key,
    )
    _refill_from(athlete=athlete, on=on)
    return entry


@transaction.atomic
def zone_correct(
    *, entry: ZoneEntry, time_ms: int, recorded_by, note: str, client_key: UUID | None = None
) -> ZoneEntry:
    """Correct a mistaken entry: a new coach entry for the same zone and date that points at
    the one it corrects, which stays in the history."""
    _check_plausible(entry.distance_m, time_ms, field="value")
    _lock(entry.athlete)
    replayed = replayed_write(
        ZoneEntry.objects, client_key, athlete_id=entry.athlete_id, corrects_id=entry.pk
    )
    if replayed is not None:
        return replayed
    entry = ZoneEntry.objects.select_for_update().get(pk=entry.pk)
    if ZoneEntry.objects.filter(corrects=entry).exists():
        raise ZoneRuleError("This entry has already been corrected; correct the latest one.")
    if not note.strip():
        raise ZoneRuleError("Say why the entry is corrected.", field="note")
    correction, _ = create_keyed(
        ZoneEntry,
        expected={"athlete_id": entry.athlete_id, "corrects_id": entry.pk},
        athlete=entry.athlete,
        distance_m=entry.distance_m,
        time_ms=time_ms,
        effective_date=entry.effective_date,
        source=ZoneSource.COACH,
        note=note,
        corrects=entry,
        recorded_by=recorded_by,
        client_key=client_key,
    )
    _refill_from(athlete=entry.athlete, on=entry.effective_date)
    return correction


def _refill_from(*, athlete: Athlete, on: date, after_void: bool = False) -> None:
    """Fill the model zones again on `on` and on every later date where an entry was made,
    so a back-dated race, a coach's value or a voided race reaches every later value."""
    later = (
        athlete.zone_entries.filter(effective_date__gt=on)
        .order_by("effective_date")
        .values_list("effective_date", flat=True)
        .distinct()
    )
    for day in [on, *later]:
        zones_refill(athlete=athlete, on=day, after_void=after_void)


@transaction.atomic
def zones_refill(*, athlete: Athlete, on: date, after_void: bool = False) -> list[ZoneEntry]:
    """Fill, from `on`, every zone with no trusted value from the athlete's results of the
    last year that are not voided (athletes.paces.fill_zones: evidence only speeds a model
    zone up, and zones are monotonic with distance). A new model entry is written only
    where the filled value changes. When a void leaves nothing to fill from, a model value
    in force is cleared (results merely ageing past a year leave the last value standing)."""
    recent = selectors.model_evidence(athlete=athlete, on=on, since=on - RECENT_RESULTS)
    results = [paces.RaceTime(float(r.distance_m), r.time_ms / 1000) for r in recent]
    in_force = selectors.zones_as_of(athlete=athlete, on=on)
    zones = selectors.zones_of(squad=athlete.squad)
    trusted = {
        float(zone.distance_m): in_force[zone.distance_m].time_ms / 1000
        for zone in zones
        if zone.distance_m in in_force and not in_force[zone.distance_m].model_filled
    }
    filled = (
        paces.fill_zones(results, [float(zone.distance_m) for zone in zones], trusted)
        if results
        else {}
    )
    created = []
    for zone in zones:
        held = in_force.get(zone.distance_m)
        if held is not None and not held.model_filled:
            continue
        prediction = filled.get(float(zone.distance_m))
        if prediction is None:
            if held is not None and after_void:
                created.append(_model_entry(athlete, zone, held.time_ms, on, ZoneSource.CLEARED))
            continue
        time_ms = round(prediction.time_s * 1000)
        if held is not None and held.time_ms == time_ms:
            continue
        created.append(
            _model_entry(athlete, zone, time_ms, on, ZoneSource.MODEL, note=prediction.basis)
        )
    return created


def _model_entry(athlete, zone, time_ms: int, on: date, source: str, note: str = ""):
    if source == ZoneSource.CLEARED:
        note = "no race left to fill it from"
    return ZoneEntry.objects.create(
        athlete=athlete,
        distance_m=zone.distance_m,
        time_ms=time_ms,
        effective_date=on,
        source=source,
        note=note[:200],
    )


# ---------------------------------------------------------------- calendar feed


def _new_calendar_secret() -> str:
    """43 URL-safe characters, 256 random bits: not to be guessed, fits `CalendarFeed.secret`."""
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_ensure(*, athlete: Athlete, by) -> CalendarFeed:
    """The athlete's calendar feed, made with a new secret the first time its address is
    shown (models.CalendarFeed); afterwards the same one. Two first views at once make one."""
    by = by if by is not None and by.is_authenticated else None
    feed, _ = CalendarFeed.objects.get_or_create(
        athlete=athlete,
        defaults={"secret": _new_calendar_secret(), "made_at": timezone.now(), "made_by": by},
    )
    return feed


@transaction.atomic
def calendar_feed_reset(*, athlete: Athlete, by) -> CalendarFeed:
    """A new secret for the athlete's calendar feed: from the commit the old address answers
    404, and calendars subscribed to it must subscribe to the new one. `by` is who asked (the
    athlete, or someone who may change the athlete: `permissions.can_see_calendar_feed`,
    which the view asks), recorded with the time."""
    _lock(athlete)
    feed = CalendarFeed.objects.filter(athlete=athlete).first()
    if feed is None:
        feed = CalendarFeed(athlete=athlete)
    feed.secret = _new_calendar_secret()
    feed.made_at = timezone.now()
    feed.made_by = by if by is not None and by.is_authenticated else None
    feed.save()
    return feed
