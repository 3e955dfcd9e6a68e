"""`GET /api/v1/exports/season/`: a season's reps and zone history as CSV or JSON, streamed.

The file is never built in memory: the rows come from `workouts.export_selectors` through a
server-side cursor (`.iterator()`), are written a few hundred at a time and sent as they are
written (`StreamingHttpResponse` over a generator). Who may export what is
`athletes.permissions.seasons_visible_to` / `athletes_exportable_by`; what a user may
not see answers 404 in the API's error shape.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from django.db import connection, transaction
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from athletes import paces, permissions
from athletes.models import Athlete, Season

from .. import export_selectors

CHUNK_ROWS = 2000  # rows fetched per round trip to the server-side cursor
FLUSH_ROWS = 500  # rows written per chunk sent to the client
LARGEST_ID = 2**31 - 1

REP_COLUMNS = (
    "date",
    "athlete_id",
    "athlete",
    "session_id",
    "session",
    "template",
    "template_version",
    "rep",
    "distance_m",
    "duration_s",
    "target_zone",
    "target",
    "target_ms",
    "split",
    "split_ms",
    "difference_s",
    "rpe",
    "note",
    "done",
    "split_entered_by",
    "split_entered_at",
)
ZONE_COLUMNS = (
    "entry_id",
    "athlete_id",
    "athlete",
    "zone",
    "distance_m",
    "time",
    "time_ms",
    "effective_date",
    "source",
    "status",
    "corrects_entry_id",
    "note",
    "recorded_by",
    "recorded_at",
)
ZONE_LABELS = {paces.zone_key(metres): label for label, metres in paces.STANDARD_ZONES}


# ---------------------------------------------------------------- rows as text


# Per-row work is most of the export's cost: times are written with integer arithmetic
# (exactly as athletes.paces.format_time writes them), and the few distinct dates and
# distances are formatted once each.


def _time(ms: int | None) -> str | None:
    """`paces.format_time(ms / 1000)` for a whole number of milliseconds: "42.4", "2:54.0",
    "14:30", "1:02:03" (tenths, then whole seconds from ten minutes, halves rounded up)."""
    if ms is None:
        return None
    tenths = (ms + 50) // 100
    if tenths < 600:
        return f"{tenths // 10}.{tenths % 10}"
    if tenths < 6000:
        minutes, rest = divmod(tenths, 600)
        return f"{minutes}:{rest // 10:02d}.{rest % 10}"
    hours, rest = divmod((ms + 500) // 1000, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@lru_cache(maxsize=1024)
def _number(value: Decimal | None) -> int | float | None:
    """A distance or duration as JSON writes it: 1000, not "1000.000"; 1609.344 as is."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@lru_cache(maxsize=1024)
def _iso_date(day) -> str:
    return day.isoformat()


def _difference_s(split_ms: int | None, target_ms: int | None) -> float | None:
    """Split minus target in seconds to a tenth (halves away from zero): negative is faster
    than the target."""
    if split_ms is None or target_ms is None:
        return None
    difference = split_ms - target_ms
    tenths = (abs(difference) + 50) // 100
    return (tenths if difference >= 0 else -tenths) / 10


def rep_values(row: tuple) -> list:
    """One row of `season_export_rows` as the export writes it, in REP_COLUMNS order."""
    (
        day, athlete_id, athlete, session_id, session, template, version, n, distance,
        duration, zone, target_ms, split_ms, entered_by, entered_at, rpe, note, done,
    ) = row  # fmt: skip
    removed = split_ms is None  # no split, or a removal: nobody entered a time
    return [
        _iso_date(day),
        athlete_id,
        athlete,
        session_id,
        session,
        template,
        version,
        n,
        _number(distance),
        _number(duration),
        zone,
        _time(target_ms),
        target_ms,
        _time(split_ms),
        split_ms,
        _difference_s(split_ms, target_ms),
        rpe,
        note,
        done,
        None if removed else entered_by,
        None if removed or entered_at is None else entered_at.isoformat(),
    ]


def rep_record(row: tuple) -> dict:
    """One row of `season_export_rows` as a JSON object (REP_COLUMNS' keys)."""
    return dict(zip(REP_COLUMNS, rep_values(row), strict=True))


def zone_record(row: tuple) -> dict:
    """One row of `season_zone_rows` as the export writes it (ZONE_COLUMNS' keys)."""
    values = dict(zip(export_selectors.ZONE_FIELDS, row, strict=True))
    key = paces.zone_key(values["distance_m"])
    if values["corrected"]:
        status = "corrected"
    elif values["voided_race"]:
        status = "voided race"
    else:
        status = "standing"
    return {
        "entry_id": values["entry_id"],
        "athlete_id": values["athlete_id"],
        "athlete": values["athlete"],
        "zone": ZONE_LABELS.get(key) or paces.format_distance(float(key)),
        "distance_m": _number(values["distance_m"]),
        "time": _time(values["time_ms"]),
        "time_ms": values["time_ms"],
        "effective_date": values["effective_date"].isoformat(),
        "source": values["source"],
        "status": status,
        "corrects_entry_id": values["corrects_id"],
        "note": values["note"],
        "recorded_by": values["recorded_by"],
        "recorded_at": values["recorded_at"].isoformat(),
    }


def _csv_cell(value) -> object:
    """CSV leaves None empty (csv.writer does) and writes booleans as true/false."""
    if value is True or value is False:
        return "true" if value else "false"
    return value


DIFFERENCE_AT = REP_COLUMNS.index("difference_s")
DONE_AT = REP_COLUMNS.index("done")


def _rep_csv(values: list) -> list:
    """A rep row for CSV: the difference with its sign (+1.3), done as true/false."""
    if values[DIFFERENCE_AT] is not None:
        values[DIFFERENCE_AT] = f"{values[DIFFERENCE_AT]:+.1f}"
    if values[DONE_AT] is not None:
        values[DONE_AT] = "true" if values[DONE_AT] else "false"
    return values


def _zone_csv(record: dict) -> list:
    return [_csv_cell(record[column]) for column in ZONE_COLUMNS]


class _Echo:
    """The writer csv.writer writes to: it hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(columns: tuple, lines: Iterable[list]) -> Iterator[str]:
    """The header, then the lines, a few hundred per chunk."""
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    chunk = []
    for line in lines:
        chunk.append(writer.writerow(line))
        if len(chunk) >= FLUSH_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _json_items(records: Iterable[dict]) -> Iterator[str]:
    """The records as the inside of a JSON array, a few hundred per chunk."""
    items, first = [], True
    for record in records:
        items.append(json.dumps(record, ensure_ascii=False))
        if len(items) >= FLUSH_ROWS:
            yield ("" if first else ",") + ",".join(items)
            first, items = False, []
    if items:
        yield ("" if first else ",") + ",".join(items)


def _read(queryset) -> Iterator[tuple]:
    return queryset.iterator(chunk_size=CHUNK_ROWS)


def _in_one_transaction(chunks: Iterator[str]) -> Iterator[str]:
    """Read while the response streams, in one transaction: PostgreSQL then streams the
    cursor as it is fetched (outside one, Django declares it WITH HOLD, which makes the
    server compute every row before the first), and both sections see the same data.
    PostgreSQL's JIT is off for it: compiling a plan this size costs seconds before the
    first row, which a stream read once never wins back."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield from chunks


# ---------------------------------------------------------------- the view


class ExportQuery(serializers.Serializer):
    season = serializers.IntegerField(
        min_value=1, max_value=LARGEST_ID, help_text="The season's id (one of its squad's)."
    )
    athlete = serializers.IntegerField(
        min_value=1,
        max_value=LARGEST_ID,
        required=False,
        help_text="One athlete's id. Omitted: your own rows if you are an athlete, the whole "
        "squad if you coach it.",
    )
    format = serializers.ChoiceField(choices=["csv", "json"], default="csv")
    part = serializers.ChoiceField(
        choices=["reps", "zones"],
        default="reps",
        help_text="CSV only: the rep rows, or the zone history (the second file). JSON always "
        "holds both.",
    )


class _AlwaysJson(BaseContentNegotiation):
    """`?format=` chooses the file, not a renderer; errors are always JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


CSV_EXAMPLE = (
    "date,athlete_id,athlete,session_id,session,template,template_version,rep,distance_m,"
    "duration_s,target_zone,target,target_ms,split,split_ms,difference_s,rpe,note,done,"
    "split_entered_by,split_entered_at\r\n"
    '2026-11-29,7,Mateo,12,"1,000m Breakdowns","1,000m Breakdowns",1,1,1000,,5K,2:54.0,'
    "174000,2:52.0,172000,-2.0,8,Windy,true,mateo,2026-11-29T17:42:05.118000+00:00\r\n"
)
ZONES_CSV_EXAMPLE = (
    "entry_id,athlete_id,athlete,zone,distance_m,time,time_ms,effective_date,source,status,"
    "corrects_entry_id,note,recorded_by,recorded_at\r\n"
    "31,7,Mateo,5K,5000,14:30,870000,2026-10-30,coach,standing,,,coach,"
    "2026-10-30T09:00:00+00:00\r\n"
)
JSON_EXAMPLE = {
    "season": {
        "id": 3,
        "name": "2026 Indoor",
        "start": "2026-11-01",
        "end": "2027-03-15",
        "squad": {"id": 1, "name": "Middle distance"},
        "athlete": {"id": 7, "name": "Mateo"},
        "exported_at": "2026-11-29T18:00:00+00:00",
    },
    "reps": [
        {
            "date": "2026-11-29",
            "athlete_id": 7,
            "athlete": "Mateo",
            "session_id": 12,
            "session": "1,000m Breakdowns",
            "template": "1,000m Breakdowns",
            "template_version": 1,
            "rep": 1,
            "distance_m": 1000,
            "duration_s": None,
            "target_zone": "5K",
            "target": "2:54.0",
            "target_ms": 174000,
            "split": "2:52.0",
            "split_ms": 172000,
            "difference_s": -2.0,
            "rpe": 8,
            "note": "Windy",
            "done": True,
            "split_entered_by": "mateo",
            "split_entered_at": "2026-11-29T17:42:05.118000+00:00",
        }
    ],
    "zones": [
        {
            "entry_id": 31,
            "athlete_id": 7,
            "athlete": "Mateo",
            "zone": "5K",
            "distance_m": 5000,
            "time": "14:30",
            "time_ms": 870000,
            "effective_date": "2026-10-30",
            "source": "coach",
            "status": "standing",
            "corrects_entry_id": None,
            "note": "",
            "recorded_by": "coach",
            "recorded_at": "2026-10-30T09:00:00+00:00",
        }
    ],
}


def _types(**columns: str) -> dict:
    """OpenAPI 3.0 properties: "integer?" is an integer or null."""
    return {
        name: {"type": kind.rstrip("?"), "nullable": True} if kind.endswith("?") else {"type": kind}
        for name, kind in columns.items()
    }


REP_PROPERTIES = _types(
    date="string",
    athlete_id="integer",
    athlete="string",
    session_id="integer",
    session="string",
    template="string",
    template_version="integer",
    rep="integer",
    distance_m="number?",
    duration_s="number?",
    target_zone="string",
    target="string?",
    target_ms="integer?",
    split="string?",
    split_ms="integer?",
    difference_s="number?",
    rpe="integer?",
    note="string?",
    done="boolean?",
    split_entered_by="string?",
    split_entered_at="string?",
)
ZONE_PROPERTIES = _types(
    entry_id="integer",
    athlete_id="integer",
    athlete="string",
    zone="string",
    distance_m="number",
    time="string",
    time_ms="integer",
    effective_date="string",
    source="string",
    status="string",
    corrects_entry_id="integer?",
    note="string",
    recorded_by="string?",
    recorded_at="string",
)
JSON_SCHEMA = {
    "type": "object",
    "required": ["season", "reps", "zones"],
    "properties": {
        "season": {"type": "object", "additionalProperties": True},
        "reps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(REP_COLUMNS),
                "properties": REP_PROPERTIES,
            },
        },
        "zones": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(ZONE_COLUMNS),
                "properties": ZONE_PROPERTIES,
            },
        },
    },
}


class SeasonExportView(APIView):
    """A season's reps (one row per athlete per rep) and zone history, streamed."""

    renderer_classes = [JSONRenderer]  # for errors; the export itself is streamed
    content_negotiation_class = _AlwaysJson

    @extend_schema(
        operation_id="exports_season",
        summary="Export a season (CSV or JSON, streamed)",
        description=(
            "One row per rep per athlete for every session of the season's squad dated in the "
            "season: date, athlete, session, template and version, rep number, distance (or "
            "duration), target zone, target time (the coach's override wins), the current "
            "split (empty when none or removed), split − target in seconds (negative is "
            "faster), the latest report's RPE, note and done, and who entered the split and "
            "when (ISO 8601). The zone history (every entry dated in the season, corrected "
            "ones marked as such) is the second CSV file (`part=zones`) or the JSON's "
            "`zones` section. An athlete exports their own rows; a coach their squad's; "
            "another squad's season or athlete answers 404. Sent as an attachment."
        ),
        parameters=[
            OpenApiParameter("season", OpenApiTypes.INT, required=True),
            OpenApiParameter("athlete", OpenApiTypes.INT, required=False),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["csv", "json"], default="csv"),
            OpenApiParameter("part", OpenApiTypes.STR, enum=["reps", "zones"], default="reps"),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR,
                description="`format=csv`: the reps, or with `part=zones` the zone history.",
                examples=[
                    OpenApiExample("Reps (CSV)", value=CSV_EXAMPLE, media_type="text/csv"),
                    OpenApiExample(
                        "Zone history (CSV)", value=ZONES_CSV_EXAMPLE, media_type="text/csv"
                    ),
                ],
            ),
            (200, "application/json"): OpenApiResponse(
                response=JSON_SCHEMA,
                description="`format=json`: the season, its reps and its zone history.",
                examples=[
                    OpenApiExample(
                        "Season (JSON)", value=JSON_EXAMPLE, media_type="application/json"
                    )
                ],
            ),
        },
    )
    def get(self, request):
        query = ExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        season = (
            permissions.seasons_visible_to(request.user)
            .select_related("squad")
            .filter(pk=wanted["season"])
            .first()
        )
        if season is None:
            raise Http404("No such season.")
        athletes = permissions.athletes_exportable_by(request.user, season)
        athlete = None
        if "athlete" in wanted:
            athlete = athletes.filter(pk=wanted["athlete"]).first()
            if athlete is None:
                raise Http404("No such athlete.")
        elif not permissions.can_change_squad(request.user, season.squad):
            athlete = athletes.first()  # an athlete's own export names them
        if athlete is not None:
            athletes = Athlete.objects.filter(pk=athlete.pk)
        if wanted["format"] == "json":
            chunks = self._json(season, athlete, athletes)
            content_type = "application/json"
        else:
            chunks = self._csv(athletes, season, wanted["part"])
            content_type = "text/csv; charset=utf-8"
        response = StreamingHttpResponse(_in_one_transaction(chunks), content_type=content_type)
        name = _filename(season, athlete, wanted["format"], wanted["part"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @staticmethod
    def _csv(athletes, season: Season, part: str) -> Iterator[str]:
        if part == "zones":
            rows = export_selectors.season_zone_rows(season=season, athletes_qs=athletes)
            return _csv_lines(ZONE_COLUMNS, (_zone_csv(zone_record(row)) for row in _read(rows)))
        rows = export_selectors.season_export_rows(season=season, athletes_qs=athletes)
        return _csv_lines(REP_COLUMNS, (_rep_csv(rep_values(row)) for row in _read(rows)))

    @staticmethod
    def _json(season: Season, athlete: Athlete | None, athletes) -> Iterator[str]:
        head = {
            "id": season.pk,
            "name": season.name,
            "start": season.start.isoformat(),
            "end": season.end.isoformat(),
            "squad": {"id": season.squad_id, "name": season.squad.name},
            "athlete": None if athlete is None else {"id": athlete.pk, "name": athlete.name},
            "exported_at": timezone.now().isoformat(),
        }
        yield '{"season": ' + json.dumps(head, ensure_ascii=False) + ', "reps": ['
        reps = export_selectors.season_export_rows(season=season, athletes_qs=athletes)
        yield from _json_items(map(rep_record, _read(reps)))
        yield '], "zones": ['
        zones = export_selectors.season_zone_rows(season=season, athletes_qs=athletes)
        yield from _json_items(map(zone_record, _read(zones)))
        yield "]}"


def _filename(season: Season, athlete: Athlete | None, fmt: str, part: str) -> str:
    """breakdown-<squad>-<season>-<athlete or "squad">[-zones].<csv|json>, ASCII only."""
    words = [
        "breakdown",
        slugify(season.squad.name) or f"squad{season.squad_id}",
        slugify(season.name) or f"season{season.pk}",
        (slugify(athlete.name) or f"athlete{athlete.pk}") if athlete else "squad",
    ]
    if fmt == "csv" and part == "zones":
        words.append("zones")
    return "-".join(words) + "." + fmt
