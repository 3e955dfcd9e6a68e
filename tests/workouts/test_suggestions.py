"""Suggested zone updates end to end: splits recorded, the coach sees the suggestion with its
evidence, accepts it (a dated estimate) or dismisses it (it stays away for that evidence).
The rule itself is tested at its thresholds in test_zone_evidence.py."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import selectors as athlete_selectors
from athletes.errors import RuleError
from athletes.models import ZoneEntry, ZoneSource
from tests.factories import PASSWORD, AthleteFactory, prescribed, reference_zones
from workouts import services, suggestion_selectors, suggestion_services
from workouts.models import ZoneSuggestionDecision

FIVE_K = Decimal(5000)


def run_1ks(athlete, coach, *, days_ago: int, times_ms, name=None):
    """A '6 x 1K @5K' session `days_ago` days back, with the athlete's splits."""
    session = prescribed(
        athletes=[athlete],
        coach=coach,
        notation=f"{len(times_ms)} x 1K @5K",
        rules="",
        defaults="",
        on=timezone.localdate() - timedelta(days=days_ago),
        name=name,
    )
    assignment = session.assignments.get(athlete=athlete)
    for rep, time_ms in zip(session.reps.order_by("n"), times_ms, strict=True):
        services.split_record(
            assignment=assignment,
            rep=rep,
            time_ms=time_ms,
            client_key=uuid.uuid4(),
            entered_by=coach,
        )
    return session


def fast_fortnight(athlete, coach):
    """Two sessions of 1Ks in 2:49 against 2:54.0 (2.9% fast): a suggestion of 14:05."""
    reference_zones(athlete, coach)
    run_1ks(athlete, coach, days_ago=10, times_ms=[169_000] * 4)
    run_1ks(athlete, coach, days_ago=3, times_ms=[169_000] * 4)


def suggestions_for(athlete):
    return suggestion_selectors.zone_suggestions(today=timezone.localdate(), athlete=athlete)


def test_fast_1ks_suggest_a_faster_5k_zone_with_the_evidence(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    fast_fortnight(me, coach)
    [found] = suggestions_for(me)
    assert found.zone_label == "5K"
    assert found.suggestion.suggested_ms == 845_000
    assert found.suggestion.session_count == 2
    assert [rep.diff_ms for rep in found.suggestion.evidence] == [-5_000] * 8


def test_a_split_removed_or_overridden_target_leaves_the_evidence(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    reference_zones(me, coach)
    run_1ks(me, coach, days_ago=10, times_ms=[169_000] * 3)
    session = run_1ks(me, coach, days_ago=3, times_ms=[169_000] * 3)
    assert suggestions_for(me)
    assignment = session.assignments.get()
    services.split_remove(
        assignment=assignment,
        rep=session.reps.get(n=1),
        client_key=uuid.uuid4(),
        entered_by=coach,
    )
    assert suggestions_for(me) == []


def test_accepting_sets_the_zone_from_today_as_an_estimate_linked_to_its_splits(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    fast_fortnight(me, coach)
    [found] = suggestions_for(me)
    key = uuid.uuid4()
    decision = suggestion_services.zone_suggestion_decide(
        athlete=me,
        distance_m=FIVE_K,
        fingerprint=found.suggestion.fingerprint,
        accept=True,
        decided_by=coach,
        client_key=key,
    )
    zone = athlete_selectors.zones_as_of(athlete=me, on=timezone.localdate())[FIVE_K]
    assert (zone.time_ms, zone.source) == (845_000, ZoneSource.ESTIMATE)
    assert zone.effective_date == timezone.localdate()
    assert "8 reps @5K in 2 sessions" in zone.note
    assert decision.zone_entry_id == zone.entry_id
    assert decision.evidence.count() == 8
    assert suggestions_for(me) == []  # the evidence was against the old value
    again = suggestion_services.zone_suggestion_decide(
        athlete=me,
        distance_m=FIVE_K,
        fingerprint=found.suggestion.fingerprint,
        accept=True,
        decided_by=coach,
        client_key=key,
    )
    assert again == decision
    assert ZoneEntry.objects.filter(athlete=me, source=ZoneSource.ESTIMATE).count() == 1


def test_a_dismissed_suggestion_stays_away_until_new_reps_join_it(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    fast_fortnight(me, coach)
    [found] = suggestions_for(me)
    for _ in range(2):  # a second tab dismissing it too changes nothing more
        suggestion_services.zone_suggestion_decide(
            athlete=me,
            distance_m=FIVE_K,
            fingerprint=found.suggestion.fingerprint,
            accept=False,
            decided_by=coach,
            client_key=uuid.uuid4(),
        )
    assert suggestions_for(me) == []
    assert ZoneSuggestionDecision.objects.count() == 1
    assert ZoneEntry.objects.filter(athlete=me, source=ZoneSource.ESTIMATE).count() == 0
    run_1ks(me, coach, days_ago=1, times_ms=[169_000] * 2)
    [back] = suggestions_for(me)
    assert len(back.suggestion.evidence) == 10


def test_an_answer_to_a_suggestion_that_changed_is_refused_and_writes_nothing(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    fast_fortnight(me, coach)
    with pytest.raises(RuleError, match="changed since the page was shown"):
        suggestion_services.zone_suggestion_decide(
            athlete=me,
            distance_m=FIVE_K,
            fingerprint="not-what-was-shown",
            accept=True,
            decided_by=coach,
        )
    assert ZoneSuggestionDecision.objects.count() == 0
    assert ZoneEntry.objects.filter(source=ZoneSource.ESTIMATE).count() == 0


def test_suggestion_queries_do_not_grow_with_athletes_or_sessions(
    squad_world, django_assert_num_queries
):
    squad, coach = squad_world["squad"], squad_world["coach"]
    fast_fortnight(squad_world["me"], coach)
    today = timezone.localdate()
    with django_assert_num_queries(5) as small:
        assert len(suggestion_selectors.zone_suggestions(today=today, squad=squad)) == 1
    for n in range(3):
        fast_fortnight(AthleteFactory(squad=squad, name=f"Extra {n}"), coach)
    run_1ks(squad_world["me"], coach, days_ago=5, times_ms=[169_000] * 4)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(suggestion_selectors.zone_suggestions(today=today, squad=squad)) == 4


# ---------------------------------------------------------------- pages


def signed_in(client, role, world):
    if role != "anonymous":
        user = world[role]
        user = getattr(user, "user", user)  # an athlete signs in as their login
        assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    "role, status",
    [
        ("coach", 200),
        ("staff", 200),
        ("me", 403),  # the athlete sees their page, not the coach's suggestions
        ("teammate", 404),  # this squad does not share results
        ("other_coach", 404),
        ("nobody", 404),
        ("anonymous", 302),
    ],
)
def test_who_sees_the_suggestions(client, squad_world, role, status):
    me = squad_world["me"]
    fast_fortnight(me, squad_world["coach"])
    response = signed_in(client, role, squad_world).get(
        reverse("workouts:zone_suggestions", args=[me.pk])
    )
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "5K: 14:30 → 14:05" in page
        assert "8 reps @5K in 2 sessions" in page
        assert "−5.0" in page


@pytest.mark.parametrize(
    "role, status",
    [
        ("me", 403),
        ("teammate", 404),
        ("other_coach", 404),
        ("nobody", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_coach_answers_a_suggestion(client, squad_world, role, status):
    me = squad_world["me"]
    fast_fortnight(me, squad_world["coach"])
    [found] = suggestions_for(me)
    response = signed_in(client, role, squad_world).post(
        reverse("workouts:zone_suggestion_decide", args=[me.pk]),
        {"zone": "5000", "fingerprint": found.suggestion.fingerprint, "decision": "accept"},
    )
    assert response.status_code == status
    assert ZoneSuggestionDecision.objects.count() == 0


def test_the_coach_accepts_from_the_page_and_sees_the_new_zone(client, squad_world):
    me = squad_world["me"]
    fast_fortnight(me, squad_world["coach"])
    [found] = suggestions_for(me)
    signed_in(client, "coach", squad_world)
    response = client.post(
        reverse("workouts:zone_suggestion_decide", args=[me.pk]),
        {
            "zone": "5000",
            "fingerprint": found.suggestion.fingerprint,
            "decision": "accept",
            "client_key": str(uuid.uuid4()),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "5K zone set to 14:05 from today, as an estimate." in page
    assert "estimate" in page


def test_the_athlete_page_offers_the_coach_the_suggestions(client, squad_world):
    me = squad_world["me"]
    url = reverse("workouts:zone_suggestions", args=[me.pk])
    coach_page = signed_in(client, "coach", squad_world).get(
        reverse("athletes:athlete_detail", args=[me.pk])
    )
    assert url in coach_page.content.decode()
    client.logout()
    own_page = signed_in(client, "me", squad_world).get(
        reverse("athletes:athlete_detail", args=[me.pk])
    )
    assert url not in own_page.content.decode()


def test_a_stale_answer_from_the_page_says_so_and_writes_nothing(client, squad_world):
    me = squad_world["me"]
    fast_fortnight(me, squad_world["coach"])
    signed_in(client, "coach", squad_world)
    response = client.post(
        reverse("workouts:zone_suggestion_decide", args=[me.pk]),
        {"zone": "5000", "fingerprint": "old", "decision": "dismiss"},
        follow=True,
    )
    assert "changed since the page was shown" in response.content.decode()
    assert ZoneSuggestionDecision.objects.count() == 0


def test_the_athlete_page_loads_the_list_as_a_fragment(client, squad_world):
    """htmx on the athlete's page asks for the list: it gets the section, not a page."""
    me = squad_world["me"]
    fast_fortnight(me, squad_world["coach"])
    signed_in(client, "coach", squad_world)
    response = client.get(
        reverse("workouts:zone_suggestions", args=[me.pk]), headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="suggestions"')
    assert "<html" not in page and "Set 5K to 14:05 from today" in page
