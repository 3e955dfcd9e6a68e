"""The workouts lists' filters (django-filter). They only narrow querysets the selectors
already scoped to what the user may see, so an id of another squad (or of nothing) gives
the same empty list. A season keeps the sessions of its squad dated inside it."""

from django import forms
from django.db.models import Exists, OuterRef, Q, Subquery
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from athletes.models import Season

from .. import api_selectors
from ..models import Assignment, Session, SessionReport, SessionTemplate, Split

BIGGEST_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """An object's id: a whole number (anything else answers 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGGEST_ID)
        super().__init__(*args, **kwargs)


def _in_season(prefix: str):
    """A filter method: rows whose session (at `prefix`) is in the season's squad and dates."""

    def method(queryset, name, value):
        season = Season.objects.filter(pk=value)
        return queryset.filter(
            **{
                f"{prefix}squad_id": Subquery(season.values("squad_id")[:1]),
                f"{prefix}date__gte": Subquery(season.values("start")[:1]),
                f"{prefix}date__lte": Subquery(season.values("end")[:1]),
            }
        )

    return method


def _as_is(queryset, name, value):
    return queryset


class DateRange(filters.FilterSet):
    """`from` and `to` (declared below: both are Python keywords): the session's date, both
    ends included (YYYY-MM-DD); `date_prefix` is the path from a row to its session."""

    date_prefix = ""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
        if start is not None:
            queryset = queryset.filter(**{f"{self.date_prefix}date__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{self.date_prefix}date__lte": end})
        return queryset


DateRange.declared_filters["from"] = filters.DateFilter(
    method=_as_is, label="Sessions on or after this date (YYYY-MM-DD)."
)
DateRange.declared_filters["to"] = filters.DateFilter(
    method=_as_is, label="Sessions on or before this date (YYYY-MM-DD)."
)
DateRange.base_filters.update(DateRange.declared_filters)


class TemplateFilter(filters.FilterSet):
    squad = IdFilter(field_name="squad_id", label="Only this squad's templates.")
    tag = filters.CharFilter(
        field_name="tags__name", max_length=40, label="Templates with this tag."
    )
    archived = filters.BooleanFilter(label="true: only archived; false: only in use.")
    q = filters.CharFilter(
        method="search",
        max_length=200,
        label="Words in the name, current notation or description.",
    )

    class Meta:
        model = SessionTemplate
        fields = ["squad", "tag", "archived", "q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(current_notation__icontains=value)
            | Q(current_description__icontains=value)
        )


class SessionFilter(DateRange):
    squad = IdFilter(field_name="squad_id", label="Only this squad's sessions.")
    athlete = IdFilter(method="with_athlete", label="Sessions this athlete is in.")
    season = IdFilter(method=_in_season(""), label="Sessions dated inside this season.")
    template = IdFilter(field_name="template_id", label="Sessions prescribed from this template.")

    class Meta:
        model = Session
        fields = ["squad", "athlete", "season", "template"]

    def with_athlete(self, queryset, name, value):
        return queryset.filter(
            Exists(Assignment.objects.filter(session=OuterRef("pk"), athlete_id=value))
        )


class _HistoryFilterSet(DateRange):
    """By default only what stands; `history=true` lists every entry."""

    date_prefix = "assignment__session__"
    standing = None  # what stands by default: api_selectors.standing_splits / _reports
    history = filters.BooleanFilter(
        method=_as_is,
        label="true: every entry, earlier ones and removals too; default: what stands.",
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("history"):
            queryset = type(self).standing(queryset)
        return queryset


class SplitFilter(_HistoryFilterSet):
    session = IdFilter(field_name="assignment__session_id", label="One session's splits.")
    athlete = IdFilter(field_name="assignment__athlete_id", label="One athlete's splits.")
    squad = IdFilter(field_name="assignment__session__squad_id", label="One squad's splits.")
    season = IdFilter(
        method=_in_season("assignment__session__"), label="Splits of sessions in this season."
    )

    class Meta:
        model = Split
        fields = ["session", "athlete", "squad", "season", "history"]

    standing = staticmethod(api_selectors.standing_splits)


class ReportFilter(_HistoryFilterSet):
    session = IdFilter(field_name="assignment__session_id", label="One session's reports.")
    athlete = IdFilter(field_name="assignment__athlete_id", label="One athlete's reports.")
    squad = IdFilter(field_name="assignment__session__squad_id", label="One squad's reports.")
    season = IdFilter(
        method=_in_season("assignment__session__"), label="Reports of sessions in this season."
    )

    class Meta:
        model = SessionReport
        fields = ["session", "athlete", "squad", "season", "history"]

    standing = staticmethod(api_selectors.standing_reports)
