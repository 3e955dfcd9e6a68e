"""Forms for templates, prescribing and overrides. Reading the notation and every rule are
left to workouts.notation and workouts.services."""

import uuid

from django import forms
from django.core import signing
from django.utils import timezone

from athletes.errors import DomainError
from athletes.forms import IdempotentForm, TimeField, add_domain_error

from . import fit_laps, notation, splits
from .models import SessionReport
from .services import SplitToRecord, TemplateContent, template_check

FIELD_OF_SOURCE = {
    "notation": "notation",
    "recovery": "recovery_rules",
    "defaults": "default_targets",
}


class TemplateForm(IdempotentForm):
    """The builder. Cleaning reads the content once: `cleaned_data["checked"]` is the
    services.CheckedTemplate, `notation_error` the NotationError when it could not be read."""

    name = forms.CharField(max_length=120)
    notation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text="As you would write it: 2 x 1K / 500m, 300m, 200m / 1 x 1K …",
    )
    recovery_rules = forms.CharField(
        max_length=300,
        required=False,
        help_text="e.g. 400m in 3'-4' after 1K rep / distance of upcoming rep in breakdown sets",
    )
    default_targets = forms.CharField(
        max_length=300,
        required=False,
        label="Default targets",
        help_text="For reps written without @: 1K @5K, 500m @mile, 300m @800, 200m @400",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Context & details"
    )
    tags = forms.CharField(
        max_length=200, required=False, help_text="Comma-separated, e.g. early season, miler"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notation_error: notation.NotationError | None = None

    def clean_tags(self) -> list[str]:
        names = (name.strip() for name in self.cleaned_data["tags"].split(","))
        return sorted({name for name in names if name})

    def clean(self):
        cleaned = super().clean()
        if "notation" not in cleaned:
            return cleaned
        try:
            cleaned["checked"] = template_check(self.content())
        except notation.NotationError as error:
            self.notation_error = error
            self.add_error(FIELD_OF_SOURCE[error.source], notation_message(error))
        except DomainError as error:
            add_domain_error(self, error)
        return cleaned

    def content(self) -> TemplateContent:
        data = self.cleaned_data
        return TemplateContent(
            notation=data.get("notation", ""),
            recovery_rules=data.get("recovery_rules", ""),
            description=data.get("description", ""),
            default_targets=data.get("default_targets", ""),
        )


def notation_message(error: notation.NotationError) -> str:
    expected = f" (expected {error.expected})" if error.expected else ""
    return f"At character {error.position + 1}: {error.message}{expected}"


class PrescribeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    athletes = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Athletes"
    )

    def __init__(self, *args, squad, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = version
        self.fields["version"].initial = version.number
        roster = squad.athletes.order_by("name")
        self.fields["athletes"].queryset = roster
        self.fields["athletes"].initial = list(roster)
        self.fields["date"].initial = timezone.localdate()

    def clean_version(self) -> int:
        """The version the coach was shown: if the template changed since, they look again."""
        number = self.cleaned_data["version"]
        if number != self.current_version.number:
            raise forms.ValidationError(
                f"The template was edited (now version {self.current_version.number}) while "
                "this page was open: check the session below and prescribe again."
            )
        return number


class OverrideForm(forms.Form):
    time = TimeField(label="Target", required=False, help_text="Empty to use the zone's target.")
    note = forms.CharField(max_length=120, required=False)


class SplitTimeField(forms.CharField):
    """A split as athletes type it (`2:52`, `75.1`, `1.15.1`, `4'05`), cleaned to whole
    milliseconds. A token read two ways, or two splits run together, is refused with the
    reading workouts.splits suggests; `suggestion` keeps it for the page to offer."""

    widget = forms.TextInput(
        attrs={
            "inputmode": "decimal",
            "autocomplete": "off",
            "autocorrect": "off",
            "spellcheck": "false",
            "enterkeyhint": "next",
            "class": "split-input",
        }
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.suggestion: tuple[float, ...] | None = None

    def clean(self, value):
        text = super().clean(value)
        if not text and not self.required:
            return None  # a rep left empty (a paste shorter than the session)
        try:
            return round(splits.parse_split(text) * 1000)
        except splits.SplitError as error:
            self.suggestion = error.candidates[0] if error.candidates else None
            raise forms.ValidationError(_sentence(error.message)) from error


def split_text(seconds: float) -> str:
    """A split as a field shows it, so that saving the field unchanged reads the same time:
    format_split's text, with a seconds mark where that text alone is refused as ambiguous
    (7.25 s is shown "7.25s": "7.25" could be 7:25)."""
    shown = splits.format_split(seconds)
    for text in (shown, shown + "s"):
        try:
            splits.parse_split(text)
        except splits.SplitError:
            continue
        return text
    return shown  # more decimals than a watch shows: no mark makes it readable


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


class SplitForm(IdempotentForm):
    """One rep's time. `confirm` is the athlete's yes to a time no runner runs."""

    rep = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10_000)
    time = SplitTimeField(label="Time")
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirmation = False  # the view sets it when the time is implausible

    @property
    def suggested(self) -> str | None:
        """The reading to offer for a time that could not be read as one split."""
        suggestion = self.fields["time"].suggestion
        if suggestion is None or len(suggestion) != 1:
            return None
        shown = split_text(suggestion[0])  # what the field reads back as the suggestion
        try:
            splits.parse_split(shown)
        except splits.SplitError:
            return None  # a reading the field would refuse in turn (0.0, under 5 s): no offer
        return shown


class SplitRemoveForm(IdempotentForm):
    rep = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10_000)


class ReportForm(IdempotentForm):
    rpe = forms.TypedChoiceField(
        label="Effort (RPE)",
        choices=[("", "–")] + [(str(n), str(n)) for n in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="1 easy · 5 hard but steady · 10 all out",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=SessionReport.LONGEST_NOTE,
        help_text="How it felt, the weather, the track…",
    )
    done = forms.BooleanField(required=False, label="Done")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report_%s")  # beside the paste form: ids of its own
        super().__init__(*args, **kwargs)


class PasteForm(IdempotentForm):
    """The line an athlete writes in a log after the session, read against the reps."""

    text = forms.CharField(
        label="Splits",
        max_length=4000,
        widget=forms.Textarea(
            attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off", "autocorrect": "off"}
        ),
        help_text="As you wrote them: 2 x 1K — 2:52, 2:54 / 500/300/200 — 1:15.1 / 42.4 / 28.9",
    )


class PasteRowsForm(forms.Form):
    """The preview of a pasted line, one time per rep, each as read and editable. A reading
    that was flagged (two splits run together, a time no runner runs, …) is saved only when
    the athlete accepts it or types their own."""

    nothing_to_save = "There is no time to save: paste or type at least one."

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        for row in preview.rows:
            n = row.cell.rep.n
            shown = split_text(row.reading_s) if row.reading_s is not None else ""
            self.fields[f"time_{n}"] = SplitTimeField(
                label=f"Rep {n}", required=False, initial=shown
            )
            if row.flag:
                self._add_accept(n, f"Use {shown}" if shown else "Use this time")
            elif f"accept_{n}" in self.data:  # the yes to a time asked about on the last save
                self._add_accept(n, "Yes, save it")

    def _add_accept(self, n: int, label: str) -> None:
        self.fields[f"accept_{n}"] = forms.BooleanField(required=False, label=label)

    def ask_to_confirm(self, n: int | None, message: str) -> None:
        """A time the service asks a yes for (edited to one no runner runs): the row gets a
        box to tick, and the message beside it."""
        if n is None or f"time_{n}" not in self.fields:
            self.add_error(None, message)
            return
        if f"accept_{n}" not in self.fields:
            self._add_accept(n, "Yes, save it")
        self.add_error(f"time_{n}", message)

    def rows(self):
        """(preview row, its time field, its accept field or None), in rep order."""
        for row in self.preview.rows:
            n = row.cell.rep.n
            accept = self[f"accept_{n}"] if f"accept_{n}" in self.fields else None
            yield row, self[f"time_{n}"], accept

    def clean(self):
        cleaned = super().clean()
        for row in self.preview.rows:
            n = row.cell.rep.n
            if not row.flag or cleaned.get(f"time_{n}") is None:
                continue
            typed = (self.data.get(f"time_{n}") or "").strip()
            if typed == self.fields[f"time_{n}"].initial and not cleaned.get(f"accept_{n}"):
                self.add_error(
                    f"time_{n}", f"Tick “{self.fields[f'accept_{n}'].label}” or type the time."
                )
        if not self.errors and not self._entries():
            raise forms.ValidationError(self.nothing_to_save)
        return cleaned

    def _entries(self) -> list[tuple[int, int, bool]]:
        return [
            (
                row.cell.rep.n,
                self.cleaned_data[f"time_{row.cell.rep.n}"],
                bool(self.cleaned_data.get(f"accept_{row.cell.rep.n}")),
            )
            for row in self.preview.rows
            if self.cleaned_data.get(f"time_{row.cell.rep.n}") is not None
        ]

    def to_record(self) -> list[SplitToRecord]:
        reps = {row.cell.rep.n: row.cell.rep for row in self.preview.rows}
        return [
            SplitToRecord(rep=reps[n], time_ms=time_ms, confirmed=accepted)
            for n, time_ms, accepted in self._entries()
        ]


# ---------------------------------------------------------------- laps from a watch

MAX_FIT_BYTES = 5 * 1024 * 1024  # a long run's activity with every record is under 2 MB
WATCH_LAPS_SALT = "workouts.watch-laps"
WATCH_LAPS_MAX_AGE = 24 * 3600  # a preview left open overnight is read again from the file


class WatchUploadForm(forms.Form):
    """The FIT activity file a watch saved for the run. Cleaning reads it
    (workouts.fit_laps.read_activity): `cleaned_data["activity"]` is its laps."""

    fit_file = forms.FileField(
        label="Activity file (.fit)",
        widget=forms.ClearableFileInput(attrs={"accept": ".fit,application/vnd.ant.fit"}),
        help_text="From your watch's app: Garmin Connect ⚙ › Export Original; Coros or Polar: "
        "export as FIT.",
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large  # the upload stopped at MAX_FIT_BYTES (views._UploadLimit)
        self.fields["fit_file"].required = False  # a file stopped for its size is not "missing"

    def clean_fit_file(self):
        upload = self.cleaned_data["fit_file"]
        if self.too_large or (upload is not None and upload.size > MAX_FIT_BYTES):
            raise forms.ValidationError(  # said before reading it
                f"This file is over {MAX_FIT_BYTES // 1024 // 1024} MB: a watch's activity file "
                "is smaller. Upload the .fit file of the run."
            )
        if upload is None:
            raise forms.ValidationError("Choose the .fit file of the run.")
        try:
            self.cleaned_data["activity"] = fit_laps.read_activity(upload.read())
        except fit_laps.FitError as error:
            raise forms.ValidationError(error.message) from error
        return upload


def watch_laps_token(activity: fit_laps.Activity, assignment_pk: int) -> str:
    """The laps read from a file, signed, carried by the preview to the save: the file is
    read once, and the save cannot be handed laps or a file hash of anyone's making."""
    laps = [
        [lap.n, lap.elapsed_s, lap.distance_m, lap.intensity, lap.trigger] for lap in activity.laps
    ]
    payload = {"a": assignment_pk, "sha": activity.sha256, "sport": activity.sport, "laps": laps}
    return signing.dumps(payload, salt=WATCH_LAPS_SALT, compress=True)


class WatchLapsForm(forms.Form):
    """The preview's laps on their way to the save (`watch_laps_token`)."""

    laps = forms.CharField(widget=forms.HiddenInput, max_length=200_000)

    def __init__(self, *args, assignment_pk: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment_pk = assignment_pk

    def clean_laps(self) -> fit_laps.Activity:
        again = "Upload the file again."
        try:
            payload = signing.loads(
                self.cleaned_data["laps"], salt=WATCH_LAPS_SALT, max_age=WATCH_LAPS_MAX_AGE
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(f"This preview is over a day old. {again}") from error
        except signing.BadSignature as error:
            raise forms.ValidationError(f"These laps could not be read back. {again}") from error
        if payload.get("a") != self.assignment_pk:
            raise forms.ValidationError(f"These laps were read for another session. {again}")
        return fit_laps.Activity(
            sha256=payload["sha"],
            sport=payload["sport"],
            laps=tuple(fit_laps.Lap(*lap) for lap in payload["laps"]),
        )


class WatchRowsForm(PasteRowsForm):
    """The preview of a watch's laps: a time per rep, the lap's or none, each editable (type
    a time, or clear it). A time no runner runs asks for a yes, as in a paste."""

    nothing_to_save = "There is no time to save: type at least one, or upload another file."


class StopwatchForm(forms.Form):
    """One rep's times for the group, from the coach's stopwatch or typed off a hand watch:
    `time_<assignment>` and `key_<assignment>` per athlete (the key the phone made at the
    tap), an empty time for one who has not finished. `confirm` is the coach's yes to a time
    no runner runs."""

    rep = forms.IntegerField(min_value=1, max_value=10_000)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, assignments, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignments = list(assignments)
        for assignment in self.assignments:
            self.fields[f"time_{assignment.pk}"] = SplitTimeField(
                label=assignment.athlete.name, required=False
            )
            self.fields[f"key_{assignment.pk}"] = forms.UUIDField(
                widget=forms.HiddenInput, required=False, initial=uuid.uuid4
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.timed():
            raise forms.ValidationError("There is no time to save: time at least one finisher.")
        return cleaned

    def timed(self) -> list[tuple[object, int, object]]:
        """(assignment, time_ms, client_key or None) of each athlete with a time."""
        return [
            (
                assignment,
                self.cleaned_data[f"time_{assignment.pk}"],
                self.cleaned_data.get(f"key_{assignment.pk}"),
            )
            for assignment in self.assignments
            if self.cleaned_data.get(f"time_{assignment.pk}") is not None
        ]


class ZoneSuggestionForm(IdempotentForm):
    """The coach's answer to a suggested zone update, naming the evidence it was shown with."""

    ACCEPT, DISMISS = "accept", "dismiss"

    zone = forms.DecimalField(max_digits=9, decimal_places=3, min_value=1, widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(ACCEPT, "Accept"), (DISMISS, "Dismiss")])


class SessionMoveForm(forms.Form):
    date = forms.DateField(
        label="Move to", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class SessionRemoveForm(forms.Form):
    """The count of splits the coach was shown: removal goes ahead only for that many."""

    splits = forms.IntegerField(min_value=0, max_value=10**9, widget=forms.HiddenInput)


class CopyWeekForm(forms.Form):
    source = forms.DateField(widget=forms.HiddenInput)
    target = forms.DateField(
        label="Copy this week to the week of",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class HistoryUploadForm(forms.Form):
    """A season file to import (workouts.history_import reads it)."""

    file = forms.FileField(
        label="Season file (CSV)",
        help_text="The season export's columns: date, athlete, template, rep, distance_m, "
        "duration_s, target_zone, target_ms, split_ms, rpe, note, done…",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        from .history_import import LARGEST_FILE

        upload = self.cleaned_data["file"]
        if upload.size > LARGEST_FILE:
            raise forms.ValidationError(
                f"That file is {upload.size / 2**20:.1f} MB; a season file is at most "
                f"{LARGEST_FILE // 2**20} MB. Export one season at a time."
            )
        return upload


class HistoryImportForm(forms.Form):
    """The import after the dry run: names the staged file by its SHA-256."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
