"""Forms for race results and zones. They read what people type (athletes.paces) and
leave every rule to athletes.services."""

import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone

from . import paces
from .errors import DomainError
from .models import ZoneSource
from .selectors import Zone

INVALID = 422  # a form answered with its errors; htmx swaps it (base.html's htmx-config)
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
        if text.isascii() and text.isdigit() and len(text) >= 4:  # as splits.py: never one number
            minutes, seconds = text[:-2], text[-2:]
            guess = f" {minutes[:6]}:{seconds}?" if int(seconds) < 60 else ""
            raise forms.ValidationError(
                f"“{text[:12]}” has no colon or decimal point: did you mean{guess or ' m:ss'}"
            )
        try:
            return paces.parse_time(text)
        except paces.PaceError as error:
            raise forms.ValidationError(error.message) from error


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: beside the field it names, else at the top."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


class IdempotentForm(forms.Form):
    """Carries a key made when the form is shown, so a double tap or a retry after lost
    signal records once."""

    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4())


class SubmitterOnly(forms.HiddenInput):
    """A field whose value only the button the person presses sends: rendered as nothing,
    so no hidden input competes with the button's name and value."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


SLOWER_KEEP, SLOWER_ZONE = "keep", "zone"


class RaceResultForm(IdempotentForm):
    distance = forms.CharField(
        max_length=30, help_text="5000, 5K, Mile, 1500m…", widget=forms.TextInput()
    )
    time = TimeField(label="Time")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    indoor = forms.BooleanField(required=False)
    venue = forms.CharField(max_length=200, required=False)
    note = forms.CharField(max_length=200, required=False)
    # The answer to "slower than the zone: should it become the zone?", from its buttons.
    slower_race = forms.ChoiceField(
        choices=[("", "not asked"), (SLOWER_KEEP, "keep the zone"), (SLOWER_ZONE, "new zone")],
        required=False,
        widget=SubmitterOnly,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "race_%s")  # beside the zone form: ids of its own
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean_distance(self) -> float:
        try:
            return paces.parse_distance(self.cleaned_data["distance"])
        except paces.PaceError as error:
            raise forms.ValidationError(error.message) from error


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
        kwargs.setdefault("auto_id", "zone_%s")  # beside the race form: ids of its own
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(zone.distance_m, zone.label) for zone in zones]
        self.fields["effective_date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        zone, value = cleaned.get("zone"), cleaned.get("value")
        if zone is not None and value:
            _read_zone_value(self, cleaned, value, float(zone))
        return cleaned


def _read_zone_value(form: forms.Form, cleaned: dict, text: str, zone_distance_m: float) -> None:
    try:
        cleaned["time_s"] = paces.parse_zone_value(text, zone_distance_m)
    except paces.PaceError as error:
        form.add_error("value", error.message)


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
            _read_zone_value(self, cleaned, cleaned["value"], self.zone_distance_m)
        return cleaned


class SquadDefaultsForm(forms.Form):
    default_targets = forms.CharField(
        label="Default targets",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="New templates start with these for reps written without @, "
        "e.g. 1K @5K, 500m @mile, 300m @800, 200m @400",
    )
    fit_window_s_per_400 = forms.DecimalField(
        label="Watch target window (± seconds per 400 m)",
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("20.0"),
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        help_text="A watch workout's pace range: each athlete's target pace, this much slower "
        "and faster per 400 m.",
    )
