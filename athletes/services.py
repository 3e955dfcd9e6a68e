"""Writes to squads, athletes, seasons and race results; each one a transaction."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Athlete, RaceResult, Season, Squad

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


@transaction.atomic
def race_result_ensure(
    *,
    athlete: Athlete,
    distance_m: Decimal,
    time_ms: int,
    on: date,
    indoor: bool = False,
    venue: str = "",
) -> RaceResult:
    """One result per athlete, distance and day: replaying it updates, never duplicates."""
    result, _ = RaceResult.objects.update_or_create(
        athlete=athlete,
        distance_m=distance_m,
        date=on,
        defaults={"time_ms": time_ms, "indoor": indoor, "venue": venue},
    )
    return result
