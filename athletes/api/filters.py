"""The athletes app's list filters (django-filter). Every id a filter takes is looked for
among what the user may see: another squad's id matches nothing, as if it did not exist."""

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .. import paces, permissions
from ..models import MODEL_SOURCES, ZoneSource


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An id: a whole number (DRF answers 400 for anything else, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class DistanceField(forms.CharField):
    """A distance as the race form reads it ("5K", "Mile", "1500", "1609.344"), as the
    zone key it is stored under."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", paces.MAX_TEXT_CHARS)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return paces.zone_key(paces.parse_distance(text))
        except paces.PaceError as error:
            # As a parameter: django-filter %-formats every message, and this one quotes
            # what was typed, which may hold a "%".
            raise forms.ValidationError("%(why)s", params={"why": error.message}) from error


class StrictBooleanField(forms.Field):
    """true or false (also 1/0, yes/no); anything else is refused, not read as "unset"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise forms.ValidationError("Expected true or false.")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field(OpenApiTypes.STR)
class DistanceFilter(django_filters.Filter):
    field_class = DistanceField


class SeasonScoped(django_filters.FilterSet):
    """`season`: rows of the season's squad dated inside the season (both ends included). A
    season the user may not see matches nothing."""

    season_date_field = "date"

    def filter_season(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        user = getattr(self.request, "user", None)
        season = permissions.seasons_visible_to(user).filter(pk=value).first()
        if season is None:
            return qs.none()
        field = self.season_date_field
        return qs.filter(
            athlete__squad_id=season.squad_id,
            **{f"{field}__gte": season.start, f"{field}__lte": season.end},
        )


def _date_range(filterset_class, date_field: str) -> None:
    """`from` and `to` (both included): Python keywords, so added after the class is made."""
    filterset_class.base_filters["from"] = django_filters.DateFilter(
        field_name=date_field, lookup_expr="gte", help_text="On or after this date (YYYY-MM-DD)."
    )
    filterset_class.base_filters["to"] = django_filters.DateFilter(
        field_name=date_field, lookup_expr="lte", help_text="On or before this date (YYYY-MM-DD)."
    )


class AthleteFilter(django_filters.FilterSet):
    squad = IdFilter(field_name="squad_id", help_text="Only this squad's athletes.")
    q = django_filters.CharFilter(
        field_name="name",
        lookup_expr="icontains",
        max_length=100,
        help_text="Part of the athlete's name, any case.",
    )


class SeasonFilter(django_filters.FilterSet):
    squad = IdFilter(field_name="squad_id", help_text="Only this squad's seasons.")
    on = django_filters.DateFilter(
        method="filter_on", help_text="Only seasons containing this date (YYYY-MM-DD)."
    )

    def filter_on(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs.filter(start__lte=value, end__gte=value)


class RaceResultFilter(SeasonScoped):
    athlete = IdFilter(field_name="athlete_id", help_text="Only this athlete's races.")
    squad = IdFilter(field_name="athlete__squad_id", help_text="Only this squad's races.")
    season = IdFilter(
        method="filter_season",
        help_text="Only races of the season's squad run within the season's dates.",
    )
    distance = DistanceFilter(
        field_name="distance_m", help_text="Only races at this distance: 5K, Mile, 1500, 800m…"
    )


_date_range(RaceResultFilter, "date")


class ZoneEntryFilter(SeasonScoped):
    season_date_field = "effective_date"

    athlete = IdFilter(field_name="athlete_id", help_text="Only this athlete's entries.")
    squad = IdFilter(field_name="athlete__squad_id", help_text="Only this squad's entries.")
    season = IdFilter(
        method="filter_season",
        help_text="Only entries of the season's squad effective within the season's dates.",
    )
    distance = DistanceFilter(
        field_name="distance_m", help_text="Only this zone: 5K, Mile, 1500, 800m…"
    )
    source = django_filters.ChoiceFilter(
        choices=ZoneSource.choices,
        help_text="Only entries from this source (model and cleared ones need no with_model).",
    )
    with_model = StrictBooleanFilter(
        method="filter_with_model",
        help_text="Include the entries the model filled (left out unless true).",
    )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Model-filled entries are left out, as on the athlete's page, unless asked for
        with with_model=true or by naming their source."""
        queryset = super().filter_queryset(queryset)
        asked = self.form.cleaned_data.get("with_model") or (
            self.form.cleaned_data.get("source") in MODEL_SOURCES
        )
        return queryset if asked else queryset.exclude(source__in=MODEL_SOURCES)

    def filter_with_model(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs  # read in filter_queryset


_date_range(ZoneEntryFilter, "effective_date")
