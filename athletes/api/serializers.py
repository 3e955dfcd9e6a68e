"""How the athletes app's objects read as JSON. Serializers parse and display; the rules
live in athletes.services.

Times are integer milliseconds (`time_ms`) beside the text a coach writes (`time`, made by
athletes.paces); distances are metres."""

from decimal import Decimal

from django import forms as django_forms
from rest_framework import serializers

from .. import paces, selectors
from ..forms import TimeField
from ..models import Athlete, RaceResult, Season, Squad, ZoneEntry, ZoneSource

MAX_TIME_MS = 2**31 - 1  # the column's bound; far beyond any race (about 24 days)


class SquadSerializer(serializers.ModelSerializer):
    coaches = serializers.SerializerMethodField()

    class Meta:
        model = Squad
        fields = ["id", "name", "shares_results", "default_targets", "coaches"]

    def get_coaches(self, squad: Squad) -> list[str]:
        return [coach.get_full_name() or coach.username for coach in squad.coaches.all()]


def person(user) -> str | None:
    """The name shown for who did something: full name, else username; None for nobody."""
    if user is None:
        return None
    return user.get_full_name() or user.username


def time_text(time_ms: int) -> str:
    return paces.format_time(time_ms / 1000)


def pace_text(time_ms: int, distance_m, per: str) -> str:
    return paces.format_pace(time_ms / 1000 / float(distance_m), per)


def zone_label(zones: list[selectors.Zone], distance_m) -> str:
    """The zone's label in its squad ("5K", "Mile", a coach's "600"), else the distance."""
    key = paces.zone_key(distance_m)
    for zone in zones:
        if zone.distance_m == key:
            return zone.label
    return paces.format_distance(float(key))


# ---------------------------------------------------------------- reading typed input


def read_time(text: str, field: str) -> int:
    """A time typed as on the race form ("14:30", "2:54.0", "4'05"), as milliseconds."""
    try:
        seconds = TimeField().clean(text)
    except django_forms.ValidationError as error:
        raise serializers.ValidationError({field: list(error.messages)}) from error
    return round(seconds * 1000)


def read_distance(text: str, field: str) -> Decimal:
    """A distance typed as on the race form ("5K", "Mile", "1500m"), as metres."""
    try:
        return paces.zone_key(paces.parse_distance(text))
    except paces.PaceError as error:
        raise serializers.ValidationError({field: [error.message]}) from error


def one_of(attrs: dict, typed: str, exact: str) -> None:
    """Exactly one of a typed value and its exact twin (`time` or `time_ms`)."""
    given = [name for name in (typed, exact) if attrs.get(name) not in (None, "")]
    if len(given) != 1:
        raise serializers.ValidationError(
            {typed: [f"Give either {typed} (as typed) or {exact}, not both and not neither."]}
        )


# ---------------------------------------------------------------- athletes and seasons


class AthleteSerializer(serializers.ModelSerializer):
    has_login = serializers.SerializerMethodField()

    class Meta:
        model = Athlete
        fields = ["id", "name", "bib", "main_events", "squad", "has_login"]

    def get_has_login(self, athlete: Athlete) -> bool:
        return athlete.user_id is not None


class SeasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Season
        fields = ["id", "squad", "name", "start", "end"]


# ---------------------------------------------------------------- race results


class RaceResultSerializer(serializers.ModelSerializer):
    distance_m = serializers.FloatField()
    distance = serializers.SerializerMethodField()
    time = serializers.SerializerMethodField()
    voided = serializers.BooleanField()
    voided_by = serializers.SerializerMethodField()
    recorded_by = serializers.SerializerMethodField()
    zone_entry = serializers.SerializerMethodField(
        help_text="The zone entry this race set, or null (not a zone's distance, slower than "
        "the zone in force and not confirmed, or voided since)."
    )

    class Meta:
        model = RaceResult
        fields = [
            "id",
            "athlete",
            "distance_m",
            "distance",
            "time_ms",
            "time",
            "date",
            "indoor",
            "venue",
            "note",
            "voided",
            "voided_at",
            "voided_by",
            "recorded_by",
            "zone_entry",
        ]
        read_only_fields = fields

    def get_distance(self, result: RaceResult) -> str:
        return paces.format_distance(float(result.distance_m))

    def get_time(self, result: RaceResult) -> str:
        return time_text(result.time_ms)

    def get_voided_by(self, result: RaceResult) -> str | None:
        return person(result.voided_by)

    def get_recorded_by(self, result: RaceResult) -> str | None:
        return person(result.recorded_by)

    def get_zone_entry(self, result: RaceResult) -> int | None:
        if result.voided:
            return None
        entries = [e for e in result.zone_entries.all() if e.source == ZoneSource.RACE]
        return entries[0].pk if entries else None


class RaceResultInputSerializer(serializers.Serializer):
    """A race as a script sends it. The rules (distance, date, plausible time, the zone) are
    athletes.services.race_result_record's."""

    athlete = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    distance_m = serializers.DecimalField(
        max_digits=10,
        decimal_places=3,
        required=False,
        allow_null=True,
        help_text="Metres; a mile is 1609.344.",
    )
    distance = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        help_text="Or the distance as typed: 5K, Mile, 1500m.",
    )
    time = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        help_text="The time as typed: 14:30, 2:54.0, 4'05.",
    )
    time_ms = serializers.IntegerField(
        min_value=1,
        max_value=MAX_TIME_MS,
        required=False,
        allow_null=True,
        help_text="Or in milliseconds.",
    )
    date = serializers.DateField()
    indoor = serializers.BooleanField(default=False)
    venue = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    client_key = serializers.UUIDField(
        help_text="Made by the client once per race: sending it again records nothing more."
    )
    slower_becomes_zone = serializers.BooleanField(
        default=False,
        help_text="A race slower than the zone in force is recorded but leaves the zone as "
        "it is, unless this is true.",
    )

    def validate(self, attrs: dict) -> dict:
        one_of(attrs, "distance", "distance_m")
        one_of(attrs, "time", "time_ms")
        if attrs.get("distance"):
            attrs["distance_m"] = read_distance(attrs.pop("distance"), "distance")
        if attrs.get("time"):
            attrs["time_ms"] = read_time(attrs.pop("time"), "time")
        return attrs


# ---------------------------------------------------------------- pace zones


class ZoneEntrySerializer(serializers.ModelSerializer):
    distance_m = serializers.FloatField()
    zone = serializers.SerializerMethodField()
    time = serializers.SerializerMethodField()
    pace_per_km = serializers.SerializerMethodField()
    pace_per_400 = serializers.SerializerMethodField()
    corrected_by = serializers.SerializerMethodField(
        help_text="The entry that corrects this one, or null."
    )
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = ZoneEntry
        fields = [
            "id",
            "athlete",
            "distance_m",
            "zone",
            "time_ms",
            "time",
            "pace_per_km",
            "pace_per_400",
            "effective_date",
            "source",
            "note",
            "race_result",
            "corrects",
            "corrected_by",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_zone(self, entry: ZoneEntry) -> str:
        return zone_label(selectors.zones_of(squad=entry.athlete.squad), entry.distance_m)

    def get_time(self, entry: ZoneEntry) -> str:
        return time_text(entry.time_ms)

    def get_pace_per_km(self, entry: ZoneEntry) -> str:
        return pace_text(entry.time_ms, entry.distance_m, "km")

    def get_pace_per_400(self, entry: ZoneEntry) -> str:
        return pace_text(entry.time_ms, entry.distance_m, "400")

    def get_corrected_by(self, entry: ZoneEntry) -> int | None:
        correction = getattr(entry, "correction", None)
        return correction.pk if correction is not None else None

    def get_recorded_by(self, entry: ZoneEntry) -> str | None:
        return person(entry.recorded_by)


class ZoneValueInput(serializers.Serializer):
    """A zone's value typed as on the zone form (its time "14:30" or a pace "2:54/km",
    "68/400"), or exactly in milliseconds for the zone's distance."""

    value = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        help_text="The time for the zone's distance (14:30) or a pace (2:54/km, 68/400).",
    )
    time_ms = serializers.IntegerField(
        min_value=1,
        max_value=MAX_TIME_MS,
        required=False,
        allow_null=True,
        help_text="Or in milliseconds.",
    )
    client_key = serializers.UUIDField(
        help_text="Made by the client once per entry: sending it again records nothing more."
    )

    def time_ms_for(self, attrs: dict, distance_m: Decimal) -> int:
        one_of(attrs, "value", "time_ms")
        if attrs.get("time_ms") is not None:
            return attrs["time_ms"]
        try:
            seconds = paces.parse_zone_value(attrs["value"], float(distance_m))
        except paces.PaceError as error:
            raise serializers.ValidationError({"value": [error.message]}) from error
        return round(seconds * 1000)


class ZoneSetInputSerializer(ZoneValueInput):
    athlete = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    distance_m = serializers.DecimalField(
        max_digits=10,
        decimal_places=3,
        required=False,
        allow_null=True,
        help_text="The zone's distance in metres (5000, 1609.344).",
    )
    zone = serializers.CharField(
        max_length=40,
        required=False,
        allow_null=True,
        help_text="Or the zone as typed: 5K, Mile, 800.",
    )
    effective_date = serializers.DateField()
    source = serializers.ChoiceField(
        choices=ZoneSource.choices,
        default=ZoneSource.COACH,
        help_text="coach (the default) or estimate (from workouts); the others are the app's own.",
    )
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        one_of(attrs, "zone", "distance_m")
        if attrs.get("zone"):
            attrs["distance_m"] = read_distance(attrs.pop("zone"), "zone")
        attrs["time_ms"] = self.time_ms_for(attrs, attrs["distance_m"])
        attrs.pop("value", None)
        return attrs


class ZoneCorrectInputSerializer(ZoneValueInput):
    note = serializers.CharField(max_length=200, help_text="Why the entry is corrected.")


class ZoneInForceSerializer(serializers.Serializer):
    """One zone's value in force on a date (athletes.selectors.ZoneValue)."""

    zone = serializers.CharField()
    distance_m = serializers.FloatField()
    time_ms = serializers.IntegerField()
    time = serializers.CharField()
    pace_per_km = serializers.CharField()
    pace_per_400 = serializers.CharField()
    source = serializers.ChoiceField(choices=ZoneSource.choices)
    effective_date = serializers.DateField()
    model_filled = serializers.BooleanField()
    entry = serializers.IntegerField(help_text="The zone entry that holds.")


def zones_in_force(zones: list[selectors.Zone], values: dict) -> list[dict]:
    """The zones that hold a value, shortest first, as ZoneInForceSerializer reads them."""
    return [
        {
            "zone": zone_label(zones, key),
            "distance_m": float(key),
            "time_ms": value.time_ms,
            "time": time_text(value.time_ms),
            "pace_per_km": pace_text(value.time_ms, key, "km"),
            "pace_per_400": pace_text(value.time_ms, key, "400"),
            "source": value.source,
            "effective_date": value.effective_date,
            "model_filled": value.model_filled,
            "entry": value.entry_id,
        }
        for key, value in sorted(values.items())
    ]


class AthleteZonesSerializer(serializers.Serializer):
    athlete = serializers.IntegerField()
    on = serializers.DateField()
    zones = ZoneInForceSerializer(many=True)


class SquadAthleteZonesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    zones = ZoneInForceSerializer(many=True)


class SquadZonesSerializer(serializers.Serializer):
    squad = serializers.IntegerField()
    on = serializers.DateField()
    athletes = SquadAthleteZonesSerializer(many=True)


class OnQuerySerializer(serializers.Serializer):
    """`?on=YYYY-MM-DD` for the zones in force (today when left out)."""

    on = serializers.DateField(required=False)
