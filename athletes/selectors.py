"""Reads of squads, athletes and seasons, shaped so page queries do not grow with data."""

from datetime import date

from django.db.models import QuerySet

from .models import Athlete, RaceResult, Season, Squad


def athlete_of(user) -> Athlete | None:
    """The athlete profile a login belongs to, if any."""
    if not user.is_authenticated:
        return None
    return Athlete.objects.select_related("squad").filter(user=user).first()


def squads_coached_by(user) -> QuerySet[Squad]:
    if not user.is_authenticated:
        return Squad.objects.none()
    return Squad.objects.filter(coaches=user).order_by("name")


def roster(*, squad: Squad) -> QuerySet[Athlete]:
    return squad.athletes.select_related("user").order_by("name")


def season_on(*, squad: Squad, on: date) -> Season | None:
    """The season that contains `on`, the latest-starting one if seasons overlap."""
    return squad.seasons.filter(start__lte=on, end__gte=on).order_by("-start").first()


def race_results(*, athlete: Athlete) -> QuerySet[RaceResult]:
    return athlete.race_results.order_by("-date", "distance_m")
