"""What the project package keeps itself: the API tokens people make for their scripts."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A named token a user made for a script. Only the SHA-256 of the token is kept: the
    token itself is shown once, when made, and a database read cannot be turned into one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60, help_text="What it is for, e.g. 'season sheet'.")
    prefix = models.CharField(max_length=8, help_text="The token's first characters.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The key the tokens page's form made when it was shown: a double submit makes one token.
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
