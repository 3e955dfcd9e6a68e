"""factory_boy factories for the models tests need; build only what a test names."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

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
