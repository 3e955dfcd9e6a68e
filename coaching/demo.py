"""Demo data: a squad with a coach, eight athletes from a 14:30 to a 19:10 5K runner,
a current season and race results. Safe to load again: it updates what it created."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from athletes import services
from athletes.models import Squad

SQUAD_NAME = "Riverside Track Club"
COACH = ("coach", "breakdown-coach", "Morgan", "Vale")
ATHLETE_PASSWORD = "breakdown-athlete"
MILE_M = Decimal("1609.344")


@dataclass(frozen=True)
class DemoAthlete:
    username: str
    name: str
    bib: str
    main_events: str
    five_k_s: int
    mile_s: int


ATHLETES = [
    DemoAthlete("mateo", "Mateo Lindqvist", "69", "Mile, 1500m", 14 * 60 + 30, 4 * 60),
    DemoAthlete("priya", "Priya Okafor", "12", "1500m, 3000m", 15 * 60 + 5, 4 * 60 + 12),
    DemoAthlete("jonas", "Jonas Ferreira", "27", "5000m", 15 * 60 + 40, 4 * 60 + 21),
    DemoAthlete("amara", "Amara Castellanos", "31", "800m, Mile", 16 * 60 + 20, 4 * 60 + 38),
    DemoAthlete("theo", "Theo Nakamura", "44", "3000m, 5000m", 16 * 60 + 55, 4 * 60 + 47),
    DemoAthlete("freya", "Freya Adeyemi", "52", "1500m", 17 * 60 + 30, 5 * 60 + 2),
    DemoAthlete("lukas", "Lukas Moreau", "58", "5000m, 10,000m", 18 * 60 + 20, 5 * 60 + 15),
    DemoAthlete("sofia", "Sofia Brennan", "73", "Mile, 3000m", 19 * 60 + 10, 5 * 60 + 31),
]


@dataclass(frozen=True)
class DemoLogins:
    squad: Squad
    coach: tuple[str, str]
    athletes: list[tuple[str, str, str]]  # username, password, athlete name


def current_season_dates(today: date) -> tuple[str, date, date]:
    """Indoor runs 1 Nov to 15 Mar, outdoor the rest of the year."""
    if today.month >= 11:
        year = today.year
    elif today <= date(today.year, 3, 15):
        year = today.year - 1
    else:
        return f"{today.year} Outdoor", date(today.year, 3, 16), date(today.year, 10, 31)
    return f"{year}–{str(year + 1)[-2:]} Indoor", date(year, 11, 1), date(year + 1, 3, 15)


@transaction.atomic
def demo_load(*, today: date) -> DemoLogins:
    username, password, first, last = COACH
    coach = services.login_ensure(
        username=username, password=password, first_name=first, last_name=last
    )
    squad = services.squad_ensure(name=SQUAD_NAME, coaches=[coach])
    name, start, end = current_season_dates(today)
    services.season_ensure(squad=squad, name=name, start=start, end=end)

    logins = []
    race_day = today - timedelta(days=60)
    for spec in ATHLETES:
        first_name, last_name = spec.name.split(" ", 1)
        user = services.login_ensure(
            username=spec.username,
            password=ATHLETE_PASSWORD,
            first_name=first_name,
            last_name=last_name,
        )
        athlete = services.athlete_ensure(
            squad=squad, name=spec.name, bib=spec.bib, main_events=spec.main_events, user=user
        )
        services.race_result_ensure(
            athlete=athlete,
            distance_m=Decimal(5000),
            time_ms=spec.five_k_s * 1000,
            on=race_day,
            venue="Riverside Park 5K",
        )
        services.race_result_ensure(
            athlete=athlete,
            distance_m=MILE_M,
            time_ms=spec.mile_s * 1000,
            on=race_day + timedelta(days=14),
            venue="Harbour Road Mile",
        )
        logins.append((spec.username, ATHLETE_PASSWORD, spec.name))
    return DemoLogins(squad=squad, coach=(username, password), athletes=logins)
