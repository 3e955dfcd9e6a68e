"""API tokens: made, found and revoked here, and nowhere else.

A token is 32 random bytes, URL-safe. It is stored as its SHA-256 only: a token has far too
much entropy to guess, so a plain (unsalted) digest is enough and lets a request find its
token with one indexed lookup.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from athletes.errors import RuleError

from .models import ApiToken

LAST_USED_RESOLUTION = timedelta(minutes=5)  # so a busy script does not write on every call


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and the token text, which is never stored."""
    name = name.strip()
    if not name:
        raise RuleError("Name the token after what will use it.", field="name")
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], digest=_digest(raw))
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke at once; revoking again changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The live token with this text, its user active; None otherwise. Notes when it was
    last used (to the nearest few minutes)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
