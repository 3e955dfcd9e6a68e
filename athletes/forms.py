"""Forms for race results and zones. They read what people type (athletes.paces) and
leave every rule to athletes.services."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone

from . import paces
from .models import ZoneSource
from .selectors import Zone, zone_key

SHORTEST_RACE_M, LONGEST_RACE_M = 100, 500_000
EARLIEST_DATE = date(1900, 1, 1)
TIME_WIDGET = forms.TextInput(
    attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "14:30"}
)


class TimeField(forms.CharField):
    """A time as runners type it ("14:30", "2:54.0", "4'05", "1.15.1"), cleaned to seconds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", TIME_WIDGET)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text and not self.required:
            return None
        if text.isdigit() and len(text) >= 4:  # as splits.py: never read as one number
            minutes, seconds = text[:-2], text[-2:]
            guess = f" {minutes}:{seconds}?" if int(seconds) < 60 else ""
            raise forms.ValidationError(
                f"“{text}” has no colon or decimal point: did you mean{guess or ' m:ss'}"
            )
        try:
            return paces.parse_time(text)
        except paces.PaceError as error:
            raise forms.ValidationError(str(error)) from error


class IdempotentForm(forms.Form):
    """Carries a key made when the form is shown, so a double tap or a retry after lost
    signal records once."""

    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4())


class RaceResultForm(IdempotentForm):
    distance = forms.CharField(
        max_length=30, help_text="5000, 5K, Mile, 1500m…", widget=forms.TextInput()
    )
    time = TimeField(label="Time")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    indoor = forms.BooleanField(required=False)
    venue = forms.CharField(max_length=200, required=False)
    note = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean_distance(self) -> Decimal:
        try:
            metres = paces.parse_distance(self.cleaned_data["distance"])
        except paces.PaceError as error:
            raise forms.ValidationError(str(error)) from error
        if not SHORTEST_RACE_M <= metres <= LONGEST_RACE_M:
            raise forms.ValidationError(
                f"A race is {SHORTEST_RACE_M:g}m to {LONGEST_RACE_M // 1000:g}km; "
                f"check “{self.cleaned_data['distance']}”."
            )
        return zone_key(metres)

    def clean_date(self):
        return _date_within(self.cleaned_data["date"], latest=timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        distance, time_s = cleaned.get("distance"), cleaned.get("time")
        if distance is not None and time_s is not None:
            try:
                paces.check_race_plausible(float(distance), time_s)
            except paces.PaceError as error:
                self.add_error("time", str(error))
        return cleaned


class ZoneSetForm(IdempotentForm):
    zone = forms.TypedChoiceField(coerce=Decimal)
    value = forms.CharField(
        label="Time or pace",
        max_length=30,
        help_text="The time for the zone's distance (14:30) or a pace (2:54/km, 68/400).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "14:30 or 2:54/km"}),
    )
    effective_date = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    source = forms.ChoiceField(
        choices=[
            (ZoneSource.COACH, "Coach's value"),
            (ZoneSource.ESTIMATE, "Estimate from workouts"),
        ]
    )
    note = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, zones: list[Zone], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(zone.distance_m, zone.label) for zone in zones]
        self.fields["effective_date"].initial = timezone.localdate()

    def clean_effective_date(self):
        latest = timezone.localdate() + timedelta(days=366)
        return _date_within(self.cleaned_data["effective_date"], latest=latest)

    def clean(self):
        cleaned = super().clean()
        zone, value = cleaned.get("zone"), cleaned.get("value")
        if zone is not None and value:
            try:
                cleaned["time_s"] = zone_time_from_text(value, float(zone))
            except paces.PaceError as error:
                self.add_error("value", str(error))
        return cleaned


def _date_within(day, *, latest):
    """Dates a coach means: from 1900 to `latest` (a race is never in the future)."""
    if day < EARLIEST_DATE:
        raise forms.ValidationError(f"That is before {EARLIEST_DATE:%Y}: check the year.")
    if day > latest:
        raise forms.ValidationError(f"That is after {latest:%-d %b %Y}: check the date.")
    return day


class ZoneCorrectForm(IdempotentForm):
    value = forms.CharField(
        label="Corrected time or pace",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "14:30 or 2:54/km"}),
    )
    note = forms.CharField(label="Why", max_length=200)

    def __init__(self, *args, zone_distance_m: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone_distance_m = float(zone_distance_m)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value"):
            try:
                cleaned["time_s"] = zone_time_from_text(cleaned["value"], self.zone_distance_m)
            except paces.PaceError as error:
                self.add_error("value", str(error))
        return cleaned


def zone_time_from_text(text: str, zone_distance_m: float) -> float:
    """A zone's value typed as its time ("14:30") or as a pace ("2:54/km"), in seconds,
    refused when no human runs it."""
    if "/" in text:
        time_s = paces.parse_pace(text) * zone_distance_m
    else:
        time_s = paces.parse_time(text)
    paces.check_race_plausible(zone_distance_m, time_s)
    return time_s
