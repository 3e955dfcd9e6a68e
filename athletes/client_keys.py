"""Client keys: the key a form (or, later, an API client) makes when it is shown, so a double
tap or a retry after lost signal writes once. Every service that takes one uses these."""

from uuid import UUID

from django.db import IntegrityError, models, transaction

from .errors import RuleError

KEY_USED_ELSEWHERE = (
    "This form was already used for another entry. Reload the page and enter it again."
)


def key_used(model: type[models.Model], client_key: UUID | None) -> bool:
    """Whether a row of `model` was already written with this key: the API answers such a
    write 200 (a replay) rather than 201."""
    return client_key is not None and model.objects.filter(client_key=client_key).exists()


def replayed_write(rows: models.QuerySet, client_key: UUID | None, **expected):
    """The row an earlier submit with `client_key` made, when it made the same kind of write
    (the fields in `expected` match); None for a new key. A key already used for anything else
    (another athlete, another squad, another rep) is refused without saying what it was used
    for: keys are random, so this reveals nothing to a user who did not make it."""
    if client_key is None:
        return None
    return same_write(rows.filter(client_key=client_key).order_by().first(), **expected)


def same_write(row, **expected):
    """`row`, the one a key already made, when it made the same kind of write; the refusal of
    `replayed_write` when it made anything else; None when there is no row."""
    if row is None:
        return None
    if any(getattr(row, name) != value for name, value in expected.items()):
        raise RuleError(KEY_USED_ELSEWHERE)
    return row


def create_keyed(model: type[models.Model], *, expected: dict, **fields) -> tuple:
    """Create a row carrying a client_key: (row, True). When a submit with the same key got
    there at the same moment (the unique constraint fires), (its row, False), or the refusal
    of `replayed_write` when that submit was for something else."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields), True
    except IntegrityError:
        replayed = replayed_write(model.objects, fields.get("client_key"), **expected)
        if replayed is None:
            raise
        return replayed, False
