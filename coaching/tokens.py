"""API tokens: made, found and revoked here, and nowhere else; who may see or revoke one is
said here too (a token belongs to a user, not to a squad, so athletes/permissions.py does
not know of them).

A token is 32 random bytes, URL-safe. It is stored as its SHA-256 only: a token has far too
much entropy to guess, so a plain (unsalted) digest is enough and lets a request find its
token with one indexed lookup.
"""

import hashlib
import secrets
from datetime import timedelta
from uuid import UUID

from django.db import models, transaction
from django.utils import timezone

from athletes.client_keys import create_keyed, replayed_write
from athletes.errors import RuleError

from .models import ApiToken

LAST_USED_RESOLUTION = timedelta(minutes=5)  # so a busy script does not write on every call
NAME_MAX = ApiToken._meta.get_field("name").max_length


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# ---------------------------------------------------------------- who may do what


def tokens_of(user) -> models.QuerySet[ApiToken]:
    """The tokens `user` may see and revoke: their own, and nobody else's (staff included:
    a token is a password for a script, not squad data). None for anonymous or inactive."""
    if not (user.is_authenticated and user.is_active):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


# ---------------------------------------------------------------- writes


def token_name_check(name: str) -> str:
    """The name as kept: stripped, not blank, at most 60 characters, no NUL."""
    name = name.strip()
    if not name:
        raise RuleError("Name the token after what will use it.", field="name")
    if "\x00" in name:
        raise RuleError("The name cannot contain a NUL character.", field="name")
    if len(name) > NAME_MAX:
        raise RuleError(
            f"Keep the name to {NAME_MAX} characters (it has {len(name)}).", field="name"
        )
    return name


@transaction.atomic
def token_create(*, user, name: str, client_key: UUID | None = None) -> tuple[ApiToken, str | None]:
    """A new token for `user`; returns it and the token text, which is never stored. A
    submit replayed with the same `client_key` makes no second token: it returns the first
    one and None, since its text cannot be shown again."""
    name = token_name_check(name)
    if not (user.is_authenticated and user.is_active):
        raise RuleError("Sign in to make a token.")
    replayed = replayed_write(ApiToken.objects, client_key, user_id=user.pk)
    if replayed is not None:
        return replayed, None
    raw = secrets.token_urlsafe(32)
    token, made = create_keyed(
        ApiToken,
        expected={"user_id": user.pk},
        user=user,
        name=name,
        prefix=raw[:8],
        digest=_digest(raw),
        client_key=client_key,
    )
    return token, raw if made else None


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
