"""The athletes app's API viewsets: thin, their querysets scoped by athletes.permissions, their
writes made by athletes.services (the same calls the athlete page makes).

What a user may not see answers 404; a write on what they may see but not change, 403."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import client_keys, permissions, selectors, services
from ..models import Athlete, RaceResult, ZoneEntry
from . import filters
from .serializers import (
    AthleteSerializer,
    AthleteZonesSerializer,
    OnQuerySerializer,
    RaceResultInputSerializer,
    RaceResultSerializer,
    SeasonSerializer,
    SquadSerializer,
    SquadZonesSerializer,
    ZoneCorrectInputSerializer,
    ZoneEntrySerializer,
    ZoneSetInputSerializer,
    zones_in_force,
)

ONLY_THE_COACH = "Only the athlete's coach changes their races and zones."


class ListFiltersOnly:
    """Query filters narrow lists only: an object found by its id is found whatever the query
    string says (a model-filled zone entry, say, without with_model=true)."""

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _on(request):
    """`?on=`, the date the zones in force are read on; today when left out."""
    return _validated(OnQuerySerializer, request.query_params).get("on") or timezone.localdate()


def _changeable_athlete(user, pk: int) -> Athlete:
    """The athlete a write names in its body: 404 when the user may not see them, 403 when
    they may see but not change them (an athlete writing their own zone)."""
    athlete = permissions.athletes_visible_to(user).select_related("squad").filter(pk=pk).first()
    if athlete is None:
        raise exceptions.NotFound("No such athlete.")
    if not permissions.can_change_athlete(user, athlete):
        raise exceptions.PermissionDenied(ONLY_THE_COACH)
    return athlete


def _write_status(replayed: bool) -> int:
    """201 for a new write; 200 when the client key replays an earlier one."""
    return status.HTTP_200_OK if replayed else status.HTTP_201_CREATED


ON_PARAMETER = OpenApiParameter(
    "on",
    OpenApiTypes.DATE,
    description="The date the zones are in force on (YYYY-MM-DD); today when left out.",
)
IN_FORCE_EXAMPLE_ZONES = [
    {
        "zone": "Mile",
        "distance_m": 1609.344,
        "time_ms": 240000,
        "time": "4:00.0",
        "pace_per_km": "2:29/km",
        "pace_per_400": "59.7/400",
        "source": "coach",
        "effective_date": "2026-10-30",
        "model_filled": False,
        "entry": 12,
    },
    {
        "zone": "5K",
        "distance_m": 5000.0,
        "time_ms": 870000,
        "time": "14:30",
        "pace_per_km": "2:54/km",
        "pace_per_400": "69.6/400",
        "source": "race",
        "effective_date": "2026-10-04",
        "model_filled": False,
        "entry": 14,
    },
]

# ---------------------------------------------------------------- squads

SQUAD_EXAMPLE = OpenApiExample(
    "A squad",
    value={
        "id": 1,
        "name": "Middle distance",
        "shares_results": False,
        "default_targets": "1K @5K, 500m @mile, 300m @800, 200m @400",
        "coaches": ["Ana Coach"],
    },
    response_only=True,
)
SQUAD_ZONES_EXAMPLE = OpenApiExample(
    "Every athlete's zones",
    value={
        "squad": 1,
        "on": "2026-11-29",
        "athletes": [{"id": 3, "name": "Mateo Silva", "zones": IN_FORCE_EXAMPLE_ZONES}],
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(summary="Squads you coach or belong to", examples=[SQUAD_EXAMPLE]),
    retrieve=extend_schema(summary="One squad", examples=[SQUAD_EXAMPLE]),
)
class SquadViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SquadSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return (
            permissions.squads_visible_to(self.request.user)
            .prefetch_related("coaches")
            .order_by("name", "pk")
        )

    @extend_schema(
        summary="Every athlete of the squad with their zones in force on a date",
        description="Each athlete (by name) with the zones that hold a value on `on`, "
        "shortest first. The same number of queries whatever the squad's size.",
        parameters=[ON_PARAMETER],
        responses=SquadZonesSerializer,
        examples=[SQUAD_ZONES_EXAMPLE],
    )
    @action(detail=True, methods=["get"], url_path="zones", pagination_class=None)
    def zones(self, request, pk=None):
        on = _on(request)
        squad = self.get_object()
        zones = selectors.zones_of(squad=squad)
        values = selectors.squad_zones_as_of(squad=squad, on=on)
        athletes = [
            {
                "id": athlete.pk,
                "name": athlete.name,
                "zones": zones_in_force(zones, values.get(athlete.pk, {})),
            }
            for athlete in selectors.roster(squad=squad)
        ]
        data = {"squad": squad.pk, "on": on, "athletes": athletes}
        return Response(SquadZonesSerializer(data).data)


# ---------------------------------------------------------------- athletes

ATHLETE_EXAMPLE = OpenApiExample(
    "An athlete",
    value={
        "id": 3,
        "name": "Mateo Silva",
        "bib": "14",
        "main_events": "1500m, Mile",
        "squad": 1,
        "has_login": True,
    },
    response_only=True,
)
ATHLETE_ZONES_EXAMPLE = OpenApiExample(
    "Zones in force",
    value={"athlete": 3, "on": "2026-11-29", "zones": IN_FORCE_EXAMPLE_ZONES},
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        summary="Athletes you may see",
        description="An athlete sees themself, and their squad when it shares results; a "
        "coach their squads' athletes.",
        examples=[ATHLETE_EXAMPLE],
    ),
    retrieve=extend_schema(summary="One athlete", examples=[ATHLETE_EXAMPLE]),
)
class AthleteViewSet(ListFiltersOnly, viewsets.ReadOnlyModelViewSet):
    serializer_class = AthleteSerializer
    filterset_class = filters.AthleteFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        athletes = permissions.athletes_visible_to(self.request.user).select_related("squad")
        return selectors.athlete_list(athletes=athletes)

    @extend_schema(
        summary="The athlete's zones in force on a date",
        description="Each zone that holds a value on `on`, shortest first: the latest "
        "trusted entry (race, coach, estimate), else the latest model-filled one.",
        parameters=[ON_PARAMETER],
        responses=AthleteZonesSerializer,
        examples=[ATHLETE_ZONES_EXAMPLE],
    )
    @action(detail=True, methods=["get"], url_path="zones", pagination_class=None)
    def zones(self, request, pk=None):
        on = _on(request)
        athlete = self.get_object()
        zones = selectors.zones_of(squad=athlete.squad)
        values = selectors.zones_as_of(athlete=athlete, on=on)
        data = {"athlete": athlete.pk, "on": on, "zones": zones_in_force(zones, values)}
        return Response(AthleteZonesSerializer(data).data)


# ---------------------------------------------------------------- seasons

SEASON_EXAMPLE = OpenApiExample(
    "A season",
    value={
        "id": 2,
        "squad": 1,
        "name": "2026-27 Indoor",
        "start": "2026-11-01",
        "end": "2027-03-15",
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        summary="Seasons of the squads you coach or run in", examples=[SEASON_EXAMPLE]
    ),
    retrieve=extend_schema(summary="One season", examples=[SEASON_EXAMPLE]),
)
class SeasonViewSet(ListFiltersOnly, viewsets.ReadOnlyModelViewSet):
    serializer_class = SeasonSerializer
    filterset_class = filters.SeasonFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        return selectors.season_list(seasons=permissions.seasons_visible_to(self.request.user))


# ---------------------------------------------------------------- race results

RACE_EXAMPLE = OpenApiExample(
    "A race",
    value={
        "id": 7,
        "athlete": 3,
        "distance_m": 5000.0,
        "distance": "5,000m",
        "time_ms": 870000,
        "time": "14:30",
        "date": "2026-10-04",
        "indoor": False,
        "venue": "Parliament Hill",
        "note": "",
        "voided": False,
        "voided_at": None,
        "voided_by": None,
        "recorded_by": "Ana Coach",
        "zone_entry": 14,
    },
    response_only=True,
)
RACE_REQUEST_EXAMPLE = OpenApiExample(
    "Record a race",
    value={
        "athlete": 3,
        "distance": "5K",
        "time": "14:30",
        "date": "2026-10-04",
        "venue": "Parliament Hill",
        "client_key": "6f1c1f0e-9a43-4c55-9d0e-2b8f1f7e6a10",
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(
        summary="Race results of the athletes you may see",
        description="Newest first; voided races are listed with `voided: true`.",
        examples=[RACE_EXAMPLE],
    ),
    retrieve=extend_schema(summary="One race result", examples=[RACE_EXAMPLE]),
    create=extend_schema(
        summary="Record a race (the athlete's coach)",
        description="Give the distance as `distance_m` or typed (`distance`: 5K, Mile) and "
        "the time as `time_ms` or typed (`time`: 14:30). At a zone's distance the race sets "
        "the zone, unless it is slower than the zone in force and `slower_becomes_zone` is "
        "not true. Sending the same `client_key` again records nothing more and answers "
        "200 with the first result.",
        request=RaceResultInputSerializer,
        responses={201: RaceResultSerializer, 200: RaceResultSerializer},
        examples=[RACE_REQUEST_EXAMPLE, RACE_EXAMPLE],
    ),
    void=extend_schema(
        summary="Void a race entered by mistake (the athlete's coach)",
        description="It stays in the list, marked voided, and no longer sets a zone. "
        "Voiding it again changes nothing.",
        request=None,
        responses={200: RaceResultSerializer},
        examples=[RACE_EXAMPLE],
    ),
)
class RaceResultViewSet(
    ListFiltersOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RaceResultSerializer
    filterset_class = filters.RaceResultFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        athletes = permissions.athletes_visible_to(self.request.user)
        return selectors.race_result_list(athletes=athletes)

    def create(self, request, *args, **kwargs):
        data = _validated(RaceResultInputSerializer, request.data)
        athlete = _changeable_athlete(request.user, data["athlete"])
        replayed = client_keys.key_used(RaceResult, data["client_key"])
        result = services.race_result_record(
            athlete=athlete,
            distance_m=data["distance_m"],
            time_ms=data["time_ms"],
            on=data["date"],
            indoor=data["indoor"],
            venue=data["venue"],
            note=data["note"],
            recorded_by=request.user,
            client_key=data["client_key"],
            slower_becomes_zone=data["slower_becomes_zone"],
        )
        return Response(RaceResultSerializer(result).data, status=_write_status(replayed))

    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        result = self.get_object()
        if not permissions.can_change_athlete(request.user, result.athlete):
            raise exceptions.PermissionDenied(ONLY_THE_COACH)
        result = services.race_result_void(result=result, voided_by=request.user)
        return Response(RaceResultSerializer(result).data)


# ---------------------------------------------------------------- zone history

ZONE_EXAMPLE = OpenApiExample(
    "A zone entry",
    value={
        "id": 14,
        "athlete": 3,
        "distance_m": 5000.0,
        "zone": "5K",
        "time_ms": 870000,
        "time": "14:30",
        "pace_per_km": "2:54/km",
        "pace_per_400": "69.6/400",
        "effective_date": "2026-10-04",
        "source": "coach",
        "note": "after the cross-country block",
        "race_result": None,
        "corrects": None,
        "corrected_by": None,
        "recorded_by": "Ana Coach",
        "recorded_at": "2026-10-04T18:02:11Z",
    },
    response_only=True,
)
ZONE_SET_EXAMPLE = OpenApiExample(
    "Set a zone",
    value={
        "athlete": 3,
        "zone": "5K",
        "value": "14:30",
        "effective_date": "2026-10-04",
        "note": "after the cross-country block",
        "client_key": "0b7f5c1e-2d8a-4f7e-9b6c-3e1a2d4c5b60",
    },
    request_only=True,
)
ZONE_CORRECT_EXAMPLE = OpenApiExample(
    "Correct an entry",
    value={
        "value": "2:56/km",
        "note": "typed 14:30 for 14:40",
        "client_key": "5a2e9f3c-7b1d-4e6a-8c0f-1d2b3c4e5f60",
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(
        summary="Zone history of the athletes you may see",
        description="Every entry, corrected ones included (a correction points at the "
        "entry it corrects; `corrected_by` points back), newest first. Entries the model "
        "filled are left out unless `with_model=true` or `source` names them.",
        examples=[ZONE_EXAMPLE],
    ),
    retrieve=extend_schema(summary="One zone entry", examples=[ZONE_EXAMPLE]),
    create=extend_schema(
        summary="Set a zone from a date on (the athlete's coach)",
        description="Give the zone as `distance_m` or typed (`zone`: 5K, Mile), and its "
        "value as `time_ms` or typed (`value`: the zone's time 14:30, or a pace 2:54/km, "
        "68/400). Sending the same `client_key` again records nothing more and answers 200.",
        request=ZoneSetInputSerializer,
        responses={201: ZoneEntrySerializer, 200: ZoneEntrySerializer},
        examples=[ZONE_SET_EXAMPLE, ZONE_EXAMPLE],
    ),
    correct=extend_schema(
        summary="Correct a mistaken entry (the athlete's coach)",
        description="A new coach entry for the same zone and date that points at this one; "
        "this one stays in the history. An entry is corrected once: correct the latest. "
        "Sending the same `client_key` again records nothing more and answers 200.",
        request=ZoneCorrectInputSerializer,
        responses={201: ZoneEntrySerializer, 200: ZoneEntrySerializer},
        examples=[ZONE_CORRECT_EXAMPLE, ZONE_EXAMPLE],
    ),
)
class ZoneEntryViewSet(
    ListFiltersOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ZoneEntrySerializer
    filterset_class = filters.ZoneEntryFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        athletes = permissions.athletes_visible_to(self.request.user)
        return selectors.zone_entry_list(athletes=athletes, with_model=True)

    def create(self, request, *args, **kwargs):
        data = _validated(ZoneSetInputSerializer, request.data)
        athlete = _changeable_athlete(request.user, data["athlete"])
        replayed = client_keys.key_used(ZoneEntry, data["client_key"])
        entry = services.zone_set(
            athlete=athlete,
            distance_m=data["distance_m"],
            time_ms=data["time_ms"],
            on=data["effective_date"],
            source=data["source"],
            note=data["note"],
            recorded_by=request.user,
            client_key=data["client_key"],
        )
        return Response(ZoneEntrySerializer(entry).data, status=_write_status(replayed))

    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        entry = self.get_object()
        if not permissions.can_change_athlete(request.user, entry.athlete):
            raise exceptions.PermissionDenied(ONLY_THE_COACH)
        serializer = ZoneCorrectInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        time_ms = serializer.time_ms_for(data, entry.distance_m)
        replayed = client_keys.key_used(ZoneEntry, data["client_key"])
        correction = services.zone_correct(
            entry=entry,
            time_ms=time_ms,
            note=data["note"],
            recorded_by=request.user,
            client_key=data["client_key"],
        )
        return Response(ZoneEntrySerializer(correction).data, status=_write_status(replayed))
