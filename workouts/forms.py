"""Forms for templates, prescribing and overrides. Reading the notation and every rule are
left to workouts.notation and workouts.services."""

from django import forms
from django.utils import timezone

from athletes.errors import DomainError
from athletes.forms import IdempotentForm, TimeField, add_domain_error

from . import notation
from .services import TemplateContent, template_check

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
