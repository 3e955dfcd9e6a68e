"""The dashboards' API: read-only views of an athlete's season and of a squad's, built by
workouts.dashboard_selectors and scoped by athletes.permissions (what you may not see is 404).

Times are integer milliseconds, distances metres, differences split − target (negative is
faster than target) in milliseconds and in percent of the target.
"""

from datetime import date

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from athletes import permissions
from athletes.models import Athlete, Season, Squad

from .. import dashboard_selectors as selectors
from ..models import SessionTemplate

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
LONGEST_WINDOW_DAYS = 5 * 366
ID = {"min_value": 1, "max_value": 2**31 - 1}

# ---------------------------------------------------------------- query parameters


class WindowQuery(serializers.Serializer):
    """`season`, or `from` and/or `to`; nothing: the season in force today, else the last
    365 days."""

    season = serializers.IntegerField(required=False, **ID)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)
        fields["to"] = serializers.DateField(required=False)
        return fields

    def validate(self, data):
        start, end = data.get("from"), data.get("to")
        for name, value in (("from", start), ("to", end)):
            if value is not None and not EARLIEST <= value <= LATEST:
                raise serializers.ValidationError({name: "Give a date from 1900 to 2100."})
        if start and end:
            if end < start:
                raise serializers.ValidationError({"to": "'to' must not be before 'from'."})
            if (end - start).days > LONGEST_WINDOW_DAYS:
                raise serializers.ValidationError({"to": "A window is at most five years long."})
        if "season" in data and (start or end):
            raise serializers.ValidationError(
                {"season": "Give a season or dates ('from', 'to'), not both."}
            )
        return data


class SquadQuery(WindowQuery):
    template = serializers.IntegerField(required=False, **ID)


def _window(request, squad: Squad, query_class=WindowQuery) -> tuple[selectors.Window, dict]:
    query = query_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    season = None
    if "season" in data:
        season = Season.objects.filter(squad=squad, pk=data["season"]).first()
        if season is None:
            raise Http404("No such season in this squad.")
    window = selectors.window_for(
        squad=squad,
        today=timezone.localdate(),
        season=season,
        start=data.get("from"),
        end=data.get("to"),
    )
    return window, data


WINDOW_PARAMETERS = [
    OpenApiParameter(
        "season",
        OpenApiTypes.INT,
        description="A season of the squad: the window is its dates. Another squad's: 404.",
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description="The window's first day."),
    OpenApiParameter(
        "to",
        OpenApiTypes.DATE,
        description="The window's last day. With neither dates nor season: the season in force "
        "today, else the last 365 days.",
    ),
]

# ---------------------------------------------------------------- serializers (output)


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class AthleteRefSerializer(NamedSerializer):
    squad = NamedSerializer()


class WindowSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    season = NamedSerializer(allow_null=True)


class PointSerializer(serializers.Serializer):
    date = serializers.DateField(source="on")
    time_ms = serializers.IntegerField(help_text="The zone's time over its own distance.")
    source = serializers.CharField(help_text="race, coach, estimate or model.")
    entry_id = serializers.IntegerField(allow_null=True, help_text="The zone entry.")


class ZoneLineSerializer(serializers.Serializer):
    distance_m = serializers.FloatField()
    label = serializers.CharField()
    points = PointSerializer(many=True)


class RepSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    distance_m = serializers.FloatField(allow_null=True)
    duration_s = serializers.FloatField(allow_null=True)
    target_zone = serializers.CharField(help_text="The rep's target as written, e.g. 5K.")
    target_ms = serializers.IntegerField(allow_null=True)
    split_ms = serializers.IntegerField(allow_null=True, help_text="The split that stands.")
    diff_ms = serializers.IntegerField(allow_null=True, help_text="split − target")
    diff_pct = serializers.FloatField(allow_null=True, help_text="(split − target) / target, %")


class SessionRefFields(serializers.Serializer):
    id = serializers.IntegerField(source="session.pk")
    date = serializers.DateField(source="session.date")
    name = serializers.CharField(source="session.name")
    template_id = serializers.IntegerField(source="session.template_id")


class AthleteSessionSerializer(SessionRefFields):
    mean_diff_ms = serializers.FloatField(allow_null=True)
    mean_diff_pct = serializers.FloatField(allow_null=True)
    reps = RepSerializer(many=True)


class BestSerializer(serializers.Serializer):
    distance_m = serializers.FloatField()
    label = serializers.CharField()
    time_ms = serializers.IntegerField()
    date = serializers.DateField(source="on")


class RaceBestSerializer(BestSerializer):
    race_id = serializers.IntegerField()


class RepBestSerializer(BestSerializer):
    session_id = serializers.IntegerField()
    rep_n = serializers.IntegerField()


class RaceBestsSerializer(serializers.Serializer):
    distance_m = serializers.FloatField()
    label = serializers.CharField()
    personal_best = RaceBestSerializer()
    season_best = RaceBestSerializer(allow_null=True, help_text="Fastest in the window.")


class BestsSerializer(serializers.Serializer):
    races = RaceBestsSerializer(many=True, source="race_bests")
    reps = RepBestSerializer(many=True, source="rep_bests")


class AthleteZoneSeriesSerializer(serializers.Serializer):
    athlete = AthleteRefSerializer()
    window = WindowSerializer()
    zones = ZoneLineSerializer(many=True)


class AthleteDashboardSerializer(AthleteZoneSeriesSerializer):
    sessions = AthleteSessionSerializer(many=True)
    bests = BestsSerializer(source="*")


class ZoneValueSerializer(serializers.Serializer):
    distance_m = serializers.FloatField(source="zone_distance_m")
    time_ms = serializers.IntegerField()
    source = serializers.CharField()
    effective_date = serializers.DateField()
    entry_id = serializers.IntegerField()


class ZoneColumnSerializer(serializers.Serializer):
    distance_m = serializers.FloatField()
    label = serializers.CharField()


class AthleteZonesRowSerializer(serializers.Serializer):
    athlete = NamedSerializer()
    zones = ZoneValueSerializer(many=True)


class AthleteRepsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="athlete_id")
    name = serializers.CharField(source="athlete_name")
    mean_diff_ms = serializers.FloatField(allow_null=True)
    mean_diff_pct = serializers.FloatField(allow_null=True)
    reps = RepSerializer(many=True)


class SessionColumnSerializer(SessionRefFields):
    version = serializers.IntegerField(source="session.template_version.number")
    reps = RepSerializer(many=True, help_text="The session's reps (no athlete's values).")
    athletes = AthleteRepsSerializer(many=True, source="rows")


class FormRowSerializer(serializers.Serializer):
    athlete = NamedSerializer()
    median_diff_pct = serializers.FloatField(allow_null=True)
    reps = serializers.IntegerField(help_text="How many reps the median rests on.")
    sessions = serializers.IntegerField()
    label = serializers.ChoiceField(choices=["ahead", "on", "behind", "too few reps"])


class FormSerializer(serializers.Serializer):
    threshold_pct = serializers.FloatField()
    min_reps = serializers.IntegerField()
    min_session_reps = serializers.IntegerField()
    athletes = FormRowSerializer(many=True)


class TemplateChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="template.pk")
    name = serializers.CharField(source="template.name")
    sessions = serializers.IntegerField(help_text="Sessions of it run in the window.")


class ComparisonSerializer(serializers.Serializer):
    template = NamedSerializer()
    sessions = SessionColumnSerializer(many=True)


class SquadDashboardSerializer(serializers.Serializer):
    squad = NamedSerializer()
    window = WindowSerializer()
    zone_columns = ZoneColumnSerializer(many=True)
    zones = AthleteZonesRowSerializer(many=True)
    recent_sessions = SessionColumnSerializer(many=True)
    form = FormSerializer()
    templates = TemplateChoiceSerializer(many=True)
    comparison = ComparisonSerializer(allow_null=True)


def _squad_payload(board: selectors.SquadDashboard) -> dict:
    return {
        "squad": board.squad,
        "window": board.window,
        "zone_columns": board.zone_columns,
        "zones": [
            {
                "athlete": athlete,
                "zones": [
                    board.zones[athlete.pk][zone.distance_m]
                    for zone in board.zone_columns
                    if zone.distance_m in board.zones.get(athlete.pk, {})
                ],
            }
            for athlete in board.athletes
        ],
        "recent_sessions": board.recent,
        "form": {
            "threshold_pct": selectors.THRESHOLD_PCT,
            "min_reps": selectors.MIN_REPS,
            "min_session_reps": selectors.MIN_SESSION_REPS,
            "athletes": board.form,
        },
        "templates": board.templates,
        "comparison": (
            {"template": board.template, "sessions": board.comparison}
            if board.template is not None
            else None
        ),
    }


# ---------------------------------------------------------------- examples

WINDOW_EXAMPLE = {
    "start": "2026-11-01",
    "end": "2027-03-15",
    "season": {"id": 3, "name": "2026–27 Indoor"},
}
MATEO = {"id": 7, "name": "Mateo Lindqvist"}
REP_EXAMPLE = {
    "n": 1,
    "distance_m": 1000.0,
    "duration_s": None,
    "target_zone": "5K",
    "target_ms": 174000,
    "split_ms": 172000,
    "diff_ms": -2000,
    "diff_pct": -1.149,
}
ZONES_EXAMPLE = {
    "athlete": {**MATEO, "squad": {"id": 1, "name": "Riverside Track Club"}},
    "window": WINDOW_EXAMPLE,
    "zones": [
        {
            "distance_m": 5000.0,
            "label": "5K",
            "points": [
                {"date": "2026-11-01", "time_ms": 875000, "source": "race", "entry_id": 41},
                {"date": "2026-11-08", "time_ms": 870000, "source": "race", "entry_id": 57},
            ],
        }
    ],
}
ATHLETE_EXAMPLE = {
    **ZONES_EXAMPLE,
    "sessions": [
        {
            "id": 12,
            "date": "2026-11-09",
            "name": "1,000m Breakdowns",
            "template_id": 2,
            "mean_diff_ms": -2000.0,
            "mean_diff_pct": -1.149,
            "reps": [REP_EXAMPLE],
        }
    ],
    "bests": {
        "races": [
            {
                "distance_m": 5000.0,
                "label": "5K",
                "personal_best": {
                    "distance_m": 5000.0,
                    "label": "5K",
                    "time_ms": 870000,
                    "date": "2026-11-08",
                    "race_id": 30,
                },
                "season_best": {
                    "distance_m": 5000.0,
                    "label": "5K",
                    "time_ms": 870000,
                    "date": "2026-11-08",
                    "race_id": 30,
                },
            }
        ],
        "reps": [
            {
                "distance_m": 1000.0,
                "label": "1K",
                "time_ms": 172000,
                "date": "2026-11-09",
                "session_id": 12,
                "rep_n": 1,
            }
        ],
    },
}
COLUMN_EXAMPLE = {
    "id": 12,
    "date": "2026-11-09",
    "name": "1,000m Breakdowns",
    "template_id": 2,
    "version": 1,
    "reps": [
        {**REP_EXAMPLE, "target_ms": None, "split_ms": None, "diff_ms": None, "diff_pct": None}
    ],
    "athletes": [
        {**MATEO, "mean_diff_ms": -2000.0, "mean_diff_pct": -1.149, "reps": [REP_EXAMPLE]}
    ],
}
SQUAD_EXAMPLE = {
    "squad": {"id": 1, "name": "Riverside Track Club"},
    "window": WINDOW_EXAMPLE,
    "zone_columns": [{"distance_m": 5000.0, "label": "5K"}],
    "zones": [
        {
            "athlete": MATEO,
            "zones": [
                {
                    "distance_m": 5000.0,
                    "time_ms": 870000,
                    "source": "race",
                    "effective_date": "2026-11-08",
                    "entry_id": 57,
                }
            ],
        }
    ],
    "recent_sessions": [COLUMN_EXAMPLE],
    "form": {
        "threshold_pct": 1.5,
        "min_reps": 6,
        "min_session_reps": 3,
        "athletes": [
            {
                "athlete": MATEO,
                "median_diff_pct": -0.6,
                "reps": 16,
                "sessions": 1,
                "label": "on",
            }
        ],
    },
    "templates": [{"id": 2, "name": "1,000m Breakdowns", "sessions": 3}],
    "comparison": {
        "template": {"id": 2, "name": "1,000m Breakdowns"},
        "sessions": [COLUMN_EXAMPLE],
    },
}


# ---------------------------------------------------------------- views


class AthleteDashboardViewSet(viewsets.GenericViewSet):
    """An athlete's season: for the athlete, their coach, staff, and teammates of a squad
    that shares results (athletes.permissions.athletes_visible_to); anyone else: 404."""

    lookup_value_converter = "int"
    serializer_class = AthleteDashboardSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return permissions.athletes_visible_to(self.request.user).select_related("squad")

    @extend_schema(
        summary="An athlete's dashboard",
        description="Each zone's pace over the window (every change, with its source and "
        "entry), each session run in the window with every rep's target, split and "
        "difference, personal bests (all time) and season bests (in the window) at each race "
        "distance (voided races left out), and the best split at each rep distance in the "
        "window. Sessions count up to the window's end or today, whichever is earlier.",
        parameters=WINDOW_PARAMETERS,
        examples=[OpenApiExample("Mateo's season", value=ATHLETE_EXAMPLE, response_only=True)],
    )
    def retrieve(self, request, pk=None):
        athlete: Athlete = self.get_object()
        window, _ = _window(request, athlete.squad)
        board = selectors.athlete_dashboard(
            athlete=athlete, window=window, today=timezone.localdate()
        )
        return Response(AthleteDashboardSerializer(board).data)

    @extend_schema(
        summary="An athlete's zones over a season",
        description="What the athlete page's chart draws: each zone's value at the window's "
        "start and at every change up to its end (or today), with its source and entry.",
        parameters=WINDOW_PARAMETERS,
        responses=AthleteZoneSeriesSerializer,
        examples=[OpenApiExample("Mateo's 5K zone", value=ZONES_EXAMPLE, response_only=True)],
    )
    @action(detail=True, url_path="zones")
    def zones(self, request, pk=None):
        athlete: Athlete = self.get_object()
        window, _ = _window(request, athlete.squad)
        zones = selectors.zone_lines(athlete=athlete, window=window, today=timezone.localdate())
        payload = {"athlete": athlete, "window": window, "zones": zones}
        return Response(AthleteZoneSeriesSerializer(payload).data)


class SquadDashboardViewSet(viewsets.GenericViewSet):
    """A squad's season: for its coaches, staff, and its athletes when it shares results
    (athletes.permissions.squads_visible_to); anyone else: 404."""

    lookup_value_converter = "int"
    serializer_class = SquadDashboardSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return permissions.squads_visible_to(self.request.user)

    @extend_schema(
        summary="A squad's dashboard",
        description="Every athlete's zones in force today; the last "
        f"{selectors.RECENT_SESSIONS} sessions run in the window with each athlete's splits "
        "against targets; who runs ahead of or behind their zones (the median of their "
        "reps' differences in percent, over the window's sessions where they ran at least "
        f"{selectors.MIN_SESSION_REPS} reps against a target, labelled when at least "
        f"{selectors.MIN_REPS} reps make it: ahead at −{selectors.THRESHOLD_PCT} % or "
        f"faster, behind at +{selectors.THRESHOLD_PCT} % or slower, else on); the templates "
        "run in the window; and with `template`, every session of it in the window side by "
        "side. Sessions count up to the window's end or today, whichever is earlier.",
        parameters=[
            *WINDOW_PARAMETERS,
            OpenApiParameter(
                "template",
                OpenApiTypes.INT,
                description="A template of the squad to compare across the window. Another "
                "squad's: 404.",
            ),
        ],
        examples=[OpenApiExample("Riverside's season", value=SQUAD_EXAMPLE, response_only=True)],
    )
    def retrieve(self, request, pk=None):
        squad: Squad = self.get_object()
        window, query = _window(request, squad, SquadQuery)
        template = None
        if "template" in query:
            template = SessionTemplate.objects.filter(squad=squad, pk=query["template"]).first()
            if template is None:
                raise Http404("No such template in this squad.")
        board = selectors.squad_dashboard(
            squad=squad, window=window, today=timezone.localdate(), template=template
        )
        return Response(SquadDashboardSerializer(_squad_payload(board)).data)
