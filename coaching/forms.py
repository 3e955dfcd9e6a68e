"""The project package's own forms: the tokens page's."""

from django import forms

from athletes.forms import IdempotentForm

from .tokens import NAME_MAX


class TokenCreateForm(IdempotentForm):
    """A token's name; the client key makes a double submit one token. The service
    (coaching.tokens.token_name_check) holds the same limits for any other caller."""

    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        help_text=f"What will use it, e.g. “season sheet” (up to {NAME_MAX} characters).",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
