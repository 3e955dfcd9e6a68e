"""Writes for suggested zone updates: the coach accepts one (a dated zone entry with source
"estimate", linked to the splits that made the case) or dismisses it (it stays away until
other reps join its evidence). Each is one transaction, and answers a replay, or a second
tab deciding the same suggestion, with the first decision."""

from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from athletes import paces
from athletes import services as athlete_services
from athletes.client_keys import create_keyed, replayed_write
from athletes.errors import RuleError
from athletes.models import Athlete, ZoneSource

from . import suggestion_selectors
from .models import ZoneSuggestionDecision


class SuggestionGone(RuleError):
    """The suggestion the coach answered no longer stands as it was shown."""

    def __init__(self) -> None:
        super().__init__(
            "That suggestion has changed since the page was shown (new splits, or the zone "
            "was set); here is what stands now."
        )


@transaction.atomic
def zone_suggestion_decide(
    *,
    athlete: Athlete,
    distance_m: Decimal,
    fingerprint: str,
    accept: bool,
    decided_by,
    client_key: UUID | None = None,
) -> ZoneSuggestionDecision:
    """Accept or dismiss the suggestion standing today for one of the athlete's zones, as
    shown with `fingerprint`. Accepting sets the zone, from today, to the suggested value."""
    key = paces.zone_key(distance_m)
    expected = {"athlete_id": athlete.pk, "fingerprint": fingerprint, "accepted": accept}
    Athlete.objects.select_for_update().filter(pk=athlete.pk).first()
    replayed = replayed_write(ZoneSuggestionDecision.objects, client_key, **expected)
    if replayed is not None:
        return replayed
    earlier = ZoneSuggestionDecision.objects.filter(
        athlete=athlete, distance_m=key, fingerprint=fingerprint
    ).first()
    if earlier is not None:  # decided in another tab: the first decision stands
        return earlier
    today = timezone.localdate()
    found = suggestion_selectors.zone_suggestion(athlete=athlete, distance_m=key, today=today)
    if found is None or found.suggestion.fingerprint != fingerprint:
        raise SuggestionGone()
    entry = None
    if accept:
        entry = athlete_services.zone_set(
            athlete=athlete,
            distance_m=key,
            time_ms=found.suggestion.suggested_ms,
            on=today,
            source=ZoneSource.ESTIMATE,
            note=found.summary,
            recorded_by=decided_by,
        )
    decision, created = create_keyed(
        ZoneSuggestionDecision,
        expected=expected,
        athlete=athlete,
        distance_m=key,
        fingerprint=fingerprint,
        accepted=accept,
        zone_entry=entry,
        summary=found.summary,
        decided_by=decided_by,
        client_key=client_key,
    )
    if created:
        decision.evidence.set([rep.split_id for rep in found.suggestion.evidence])
    return decision
