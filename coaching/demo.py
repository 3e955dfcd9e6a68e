"""Demo data: a squad with a coach, eight athletes from a 14:30 to a 19:10 5K runner,
this season and the last, half a year of races every few weeks with the zone history they
make, a couple of coach's edits, three session templates (the reference 1,000m Breakdowns
among them) and a few weeks of prescribed sessions with splits. Safe to load again: it changes
nothing the second time."""

import hashlib
import hmac
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import transaction

from athletes import paces, services
from athletes.models import Athlete, Squad, ZoneSource
from workouts import services as workout_services
from workouts.models import SessionTemplate
from workouts.services import TemplateContent

SQUAD_NAME = "Riverside Track Club"
COACH = ("coach", "breakdown-coach", "Morgan", "Vale")
ATHLETE_PASSWORD = "breakdown-athlete"
MILE_M = Decimal("1609.344")
FIVE_K = Decimal("5000.000")


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


# A season of racing, oldest first: days before today, distance, and how far off today's
# fitness the athlete was then (their 5K and mile times scale with it).
RACE_CALENDAR = [
    (182, FIVE_K, 1.045, "Parkside 5K"),
    (154, Decimal(1500), 1.035, "Harbour Open 1500m"),
    (126, Decimal(3000), 1.03, "Summer Series 3000m"),
    (98, FIVE_K, 1.02, "Riverside 5K"),
    (70, MILE_M, 1.012, "Harbour Road Mile"),
    (42, Decimal(3000), 1.006, "County Champs 3000m"),
    (21, FIVE_K, 1.0, "Indoor Opener 5000m"),
    (7, MILE_M, 1.0, "Indoor Mile"),
]


def seasons_around(today: date) -> list[tuple[str, date, date]]:
    """The current season and the one before it."""
    name, start, end = current_season_dates(today)
    return [current_season_dates(start - timedelta(days=1)), (name, start, end)]


def current_season_dates(today: date) -> tuple[str, date, date]:
    """Indoor runs 1 Nov to 15 Mar, outdoor the rest of the year."""
    if today.month >= 11:
        year = today.year
    elif today <= date(today.year, 3, 15):
        year = today.year - 1
    else:
        return f"{today.year} Outdoor", date(today.year, 3, 16), date(today.year, 10, 31)
    return f"{year}–{str(year + 1)[-2:]} Indoor", date(year, 11, 1), date(year + 1, 3, 15)


def _key(*parts) -> uuid.UUID:
    """The same demo row gets the same key every run, so loading twice adds nothing. The key
    is keyed by SECRET_KEY (an HMAC), so nobody without the secret can guess one."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), ":".join(map(str, parts)).encode(), hashlib.sha256
    ).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def _race_time_ms(spec: DemoAthlete, distance_m: Decimal, form: float) -> int:
    if distance_m == FIVE_K:
        base = spec.five_k_s
    elif distance_m == MILE_M:
        base = spec.mile_s
    else:  # between the athlete's mile and 5K, on their own Riegel curve
        race = paces.RaceTime(float(MILE_M), spec.mile_s)
        exponent = paces.riegel_exponent(race, paces.RaceTime(5000.0, spec.five_k_s))
        base = paces.predict_riegel(race, float(distance_m), exponent)
    return round(base * form * 1000)


def _season_of_racing(spec: DemoAthlete, athlete: Athlete, coach, today: date) -> None:
    """The races and the coach's own numbers, in the order they happened."""
    events = [
        (days_ago, partial(_race, spec, athlete, coach, today, days_ago, distance, form, venue))
        for days_ago, distance, form, venue in RACE_CALENDAR
    ]
    events.append((112, partial(_estimate_800, spec, athlete, coach, today - timedelta(112))))
    events.append((56, partial(_typo_and_correction, spec, athlete, coach, today - timedelta(56))))
    for _, happen in sorted(events, key=lambda event: -event[0]):
        happen()


def _race(spec, athlete, coach, today, days_ago, distance_m, form, venue) -> None:
    services.race_result_record(
        athlete=athlete,
        distance_m=distance_m,
        time_ms=_race_time_ms(spec, distance_m, form),
        on=today - timedelta(days=days_ago),
        indoor=days_ago <= 21,
        venue=venue,
        recorded_by=coach,
        client_key=_key(spec.username, "race", days_ago),
    )


def _estimate_800(spec: DemoAthlete, athlete: Athlete, coach, on: date) -> None:
    services.zone_set(
        athlete=athlete,
        distance_m=Decimal(800),
        time_ms=round(spec.five_k_s / 5000 * 0.84 * 800 * 1000),
        on=on,
        source=ZoneSource.ESTIMATE,
        note="From the 6 x 400m session: 800 pace holds",
        recorded_by=coach,
        client_key=_key(spec.username, "800-estimate"),
    )


def _typo_and_correction(spec: DemoAthlete, athlete: Athlete, coach, on: date) -> None:
    typed = round(spec.five_k_s / 5000 * 0.78 * 400 * 1000)
    typo = services.zone_set(
        athlete=athlete,
        distance_m=Decimal(400),
        time_ms=typed + 10_000,
        on=on,
        note="After the 200s",
        recorded_by=coach,
        client_key=_key(spec.username, "400-typo"),
    )
    services.zone_correct(
        entry=typo,
        time_ms=typed,
        note="Typed 10 s too slow",
        recorded_by=coach,
        client_key=_key(spec.username, "400-fix"),
    )


REFERENCE_NOTATION = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
TEMPLATES = [
    (
        "1,000m Breakdowns",
        TemplateContent(
            notation=REFERENCE_NOTATION,
            recovery_rules=(
                "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m "
                "breakdown sets"
            ),
            default_targets="1K @5K, 500m @mile, 300m @800, 200m @400",
            description=(
                "Swing between steady 1Ks at 3K-5K effort (Specific Stamina) and 1Ks broken "
                "into 500/300/200 at mile, 800 and 400 pace (Specific Speed). A bread-and-butter "
                "session for milers every 7th or 8th workout in preparation and early season."
            ),
        ),
        ["early season", "miler"],
    ),
    (
        "600s and cut-downs",
        TemplateContent(
            notation="4 x 600m + 2 x (300m/200m/100m)",
            recovery_rules="400m jog after 600m / 100m jog within sets",
            default_targets="600m @1500, 300m @800, 200m @400, 100m @400",
        ),
        ["speed"],
    ),
    (
        "Stamina 1Ks",
        TemplateContent(
            notation="4 x (1000m @ 5K / 200m @ 800)",
            recovery_rules="200m jog",
            description="Hold 5K pace, then change gear for 200m.",
        ),
        ["early season", "stamina"],
    ),
]
# (days from today, template name); past sessions get splits.
PRESCRIPTIONS = [
    (-20, "1,000m Breakdowns"),
    (-17, "600s and cut-downs"),
    (-13, "Stamina 1Ks"),
    (-6, "1,000m Breakdowns"),
    (-3, "600s and cut-downs"),
    (1, "Stamina 1Ks"),
    (8, "1,000m Breakdowns"),
]
# Mateo's splits from the coach's write-up, with the last 200 as he ran it (26.4).
REFERENCE_SPLITS_S = [
    172,
    174,
    75.1,
    42.4,
    28.9,
    175,
    75.8,
    44.4,
    29.1,
    74.8,
    43.8,
    29.2,
    175,
    76.7,
    43.9,
    26.4,
]


# One athlete has outgrown a zone: her reps at it run about 3% fast, so the coach's day shows a
# suggested zone update (workouts/zone_evidence.py) to accept or dismiss.
OUTGROWN_ZONE = ("Freya Adeyemi", "5K")

REPORT_NOTES = [
    "",
    "Windy on the back straight.",
    "Legs heavy in the first 1K, better after.",
    "Felt smooth; last 200 all out.",
    "",
]


def _templates_and_sessions(squad: Squad, coach, today: date) -> None:
    templates = {}
    for name, content, tags in TEMPLATES:
        template = SessionTemplate.objects.filter(squad=squad, name=name).first()
        if template is None:
            template = workout_services.template_create(
                squad=squad, name=name, content=content, tags=tags, created_by=coach
            )
        templates[name] = template
    athletes = list(squad.athletes.order_by("name"))
    for days, name in PRESCRIPTIONS:
        version = templates[name].versions.order_by("-number").first()
        session = workout_services.session_prescribe(
            version=version, on=today + timedelta(days=days), athletes=athletes, by=coach
        )
        if days < 0:
            _splits_for(session, coach)


def _splits_for(session, coach) -> None:
    """Every athlete's splits: near their targets, a little off either way, the same every run;
    the write-up's own splits for the reference athlete in the breakdowns."""
    rng = random.Random(session.date.toordinal())
    for assignment in session.assignments.select_related("athlete"):
        targets = {t.rep_id: t.effective_ms for t in assignment.targets.all()}
        for rep in session.reps.order_by("n"):
            if assignment.athlete.name == "Mateo Lindqvist" and session.name == TEMPLATES[0][0]:
                time_ms = round(REFERENCE_SPLITS_S[rep.n - 1] * 1000)
            elif targets.get(rep.pk) and (assignment.athlete.name, rep.target) == OUTGROWN_ZONE:
                time_ms = round(targets[rep.pk] * rng.uniform(0.962, 0.975))
            elif targets.get(rep.pk):
                time_ms = round(targets[rep.pk] * rng.uniform(0.985, 1.03))
            else:
                continue
            workout_services.split_record(
                assignment=assignment,
                rep=rep,
                time_ms=time_ms,
                client_key=_key(session.pk, assignment.athlete_id, rep.n),
                entered_by=assignment.athlete.user or coach,
            )
        workout_services.report_save(
            assignment=assignment,
            rpe=rng.choice([6, 7, 7, 8, 8, 9]),
            note=rng.choice(REPORT_NOTES),
            done=True,
            client_key=_key("report", session.pk, assignment.athlete_id),
            entered_by=assignment.athlete.user or coach,
        )


@transaction.atomic
def demo_load(*, today: date) -> DemoLogins:
    username, password, first, last = COACH
    coach = services.login_ensure(
        username=username, password=password, first_name=first, last_name=last
    )
    squad = services.squad_ensure(name=SQUAD_NAME, coaches=[coach])
    for name, start, end in seasons_around(today):
        services.season_ensure(squad=squad, name=name, start=start, end=end)

    logins = []
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
        _season_of_racing(spec, athlete, coach, today)
        logins.append((spec.username, ATHLETE_PASSWORD, spec.name))
    _templates_and_sessions(squad, coach, today)
    return DemoLogins(squad=squad, coach=(username, password), athletes=logins)
