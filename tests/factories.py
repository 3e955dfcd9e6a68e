"""factory_boy factories for the models tests need; build only what a test names."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from athletes import services as athlete_services
from athletes.models import (
    Athlete,
    RaceResult,
    Season,
    Squad,
    ZoneDistance,
    ZoneEntry,
    ZoneGroup,
    ZoneSource,
)
from workouts import services as workout_services
from workouts.models import Session

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SquadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Squad
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Squad {n}")

    @factory.post_generation
    def coaches(self, create, extracted, **kwargs):
        if create and extracted:
            self.coaches.add(*extracted)


class AthleteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Athlete

    squad = factory.SubFactory(SquadFactory)
    name = factory.Sequence(lambda n: f"Athlete {n}")
    bib = factory.Sequence(lambda n: str(n))


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    squad = factory.SubFactory(SquadFactory)
    name = factory.Sequence(lambda n: f"Season {n}")
    start = date(2026, 11, 1)
    end = date(2027, 3, 15)


class RaceResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaceResult

    athlete = factory.SubFactory(AthleteFactory)
    distance_m = Decimal(5000)
    time_ms = 870_000
    date = date(2026, 10, 4)


class ZoneEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZoneEntry

    athlete = factory.SubFactory(AthleteFactory)
    distance_m = Decimal(5000)
    time_ms = 870_000
    effective_date = date(2026, 10, 4)
    source = ZoneSource.COACH


class ZoneDistanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZoneDistance

    squad = factory.SubFactory(SquadFactory)
    distance_m = Decimal(600)
    label = "600"


class ZoneGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ZoneGroup

    squad = factory.SubFactory(SquadFactory)
    name = "Speed"
    shortest_m = Decimal(400)
    longest_m = Decimal(800)


# ---------------------------------------------------------------- the reference session

# The reference session (docs/design.md §5), its recovery rules, the default targets, and
# the six lines of splits its coach wrote under it (16 splits; the last line runs 43.9 and
# 26.4 together).
REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
REFERENCE_RULES = (
    "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
)
REFERENCE_DEFAULTS = "1K @5K, 500m @mile, 300m @800, 200m @400"
REFERENCE_LINES = """\
  • 2 x 1K — 2:52, 2:54
  • 500/300/200 — 1:15.1 / 42.4 / 28.9
  • 1K — 2:55
  • 2 x 500/300/200 — 1:15.8 / 44.4 / 29.1 / 1:14.8 / 43.8 / 29.2
  • 1K — 2:55
  • 500/300/200 — 1:16.7 / 43.926.4
"""
# What the coach's lines say, rep by rep, in milliseconds (reps 15 and 16 once split).
REFERENCE_SPLITS_MS = [
    172_000, 174_000, 75_100, 42_400, 28_900, 175_000, 75_800, 44_400,
    29_100, 74_800, 43_800, 29_200, 175_000, 76_700, 43_900, 26_400,
]  # fmt: skip


def reference_zones(athlete: Athlete, coach, on: date | None = None) -> Athlete:
    """The reference athlete's zones: 14:30 5K (1K target 2:54.0) and 4:00 mile."""
    on = on or timezone.localdate() - timedelta(days=30)
    for distance_m, time_ms in ((Decimal(5000), 870_000), (Decimal("1609.344"), 240_000)):
        athlete_services.zone_set(
            athlete=athlete, distance_m=distance_m, time_ms=time_ms, on=on, recorded_by=coach
        )
    return athlete


def prescribed(
    *,
    athletes: list[Athlete],
    coach,
    notation: str = REFERENCE,
    on: date | None = None,
    name: str | None = None,
    rules: str = REFERENCE_RULES,
    defaults: str = REFERENCE_DEFAULTS,
) -> Session:
    """A session as a coach makes it (a template, then prescribing it) for `athletes`, all of
    one squad, on `on` (today unless said)."""
    template = workout_services.template_create(
        squad=athletes[0].squad,
        name=name or f"Session {uuid.uuid4().hex[:8]}",
        content=workout_services.TemplateContent(notation, rules, "", defaults),
        tags=[],
        created_by=coach,
    )
    return workout_services.session_prescribe(
        version=template.versions.get(),
        on=on or timezone.localdate(),
        athletes=athletes,
        by=coach,
    )
