"""The coach times the group with the stopwatch: one rep's times saved at once, resent with
the same keys without doubling, a time the athlete typed kept as the corrected one; the page
open to the squad's coach and staff only. Through the services and the test client."""

import uuid

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, prescribed, reference_zones
from workouts import services
from workouts.models import Split, SplitMethod


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def world(squad_world):
    """squad_world's two home athletes in today's reference session (rep 1 is a 1K)."""
    coach = squad_world["coach"]
    me, mate = squad_world["me"], squad_world["teammate"]
    reference_zones(me, coach)
    session = prescribed(athletes=[me, mate], coach=coach, name="Breakdowns")
    return {
        **squad_world,
        "session": session,
        "mine": session.assignments.get(athlete=me),
        "mates": session.assignments.get(athlete=mate),
        "rep1": session.reps.get(n=1),
    }


def stopwatch_url(session, rep=None):
    url = reverse("workouts:session_stopwatch", args=[session.pk])
    return f"{url}?rep={rep}" if rep else url


def current(session, rep_n):
    """{athlete name: (time_ms, method)} of the splits standing for the rep."""
    rows = Split.objects.filter(
        assignment__session=session, rep__n=rep_n, replaced_by__isnull=True
    ).select_related("assignment__athlete")
    return {row.assignment.athlete.name: (row.time_ms, row.method) for row in rows}


def post_times(client, world, times, *, json=True, keys=None, rep=1, **more):
    data = {"rep": rep, **more}
    keys = keys or {}
    for assignment, time in times.items():
        data[f"time_{assignment.pk}"] = time
        data[f"key_{assignment.pk}"] = str(keys.get(assignment, uuid.uuid4()))
    headers = {"Accept": "application/json"} if json else {}
    return client.post(stopwatch_url(world["session"]), data, headers=headers)


# ---------------------------------------------------------------- the service


def tap(assignment, time_ms, key=None):
    return services.StopwatchTap(assignment, time_ms, key or uuid.uuid4())


def test_the_groups_times_become_stopwatch_splits(world):
    services.stopwatch_record(
        session=world["session"],
        rep=world["rep1"],
        taps=[tap(world["mine"], 172_340), tap(world["mates"], 175_120)],
        entered_by=world["coach"],
    )

    assert current(world["session"], 1) == {
        "Me": (172_340, SplitMethod.STOPWATCH),
        "Teammate": (175_120, SplitMethod.STOPWATCH),
    }
    assert set(Split.objects.values_list("entered_by", flat=True)) == {world["coach"].pk}


def test_a_resent_tap_records_once(world):
    key = uuid.uuid4()
    for _ in range(3):
        services.stopwatch_record(
            session=world["session"],
            rep=world["rep1"],
            taps=[tap(world["mine"], 172_340, key)],
            entered_by=world["coach"],
        )

    assert Split.objects.count() == 1


def test_a_tap_for_an_athlete_who_typed_the_rep_is_a_correction_not_a_duplicate(world):
    typed = services.split_record(
        assignment=world["mine"],
        rep=world["rep1"],
        time_ms=172_000,
        client_key=uuid.uuid4(),
        entered_by=world["me"].user,
    )

    services.stopwatch_record(
        session=world["session"],
        rep=world["rep1"],
        taps=[tap(world["mine"], 172_340)],
        entered_by=world["coach"],
    )

    assert current(world["session"], 1) == {"Me": (172_340, SplitMethod.STOPWATCH)}
    latest = Split.objects.get(replaced_by__isnull=True)
    assert latest.replaces == typed  # the typed time stays in the history
    assert Split.objects.filter(assignment=world["mine"], rep=world["rep1"]).count() == 2


def test_a_refused_time_saves_none_of_the_rep_and_names_the_athlete(world):
    with pytest.raises(services.ImplausibleSplit, match="Teammate"):
        services.stopwatch_record(
            session=world["session"],
            rep=world["rep1"],
            taps=[tap(world["mine"], 172_340), tap(world["mates"], 28_000)],  # a 1K in 0:28
            entered_by=world["coach"],
        )

    assert not Split.objects.exists()


def test_a_rep_or_athlete_of_another_session_is_refused(world, squad_world):
    other = prescribed(athletes=[squad_world["rival"]], coach=squad_world["other_coach"])
    with pytest.raises(services.WorkoutRuleError):
        services.stopwatch_record(
            session=world["session"],
            rep=other.reps.get(n=1),
            taps=[tap(world["mine"], 172_340)],
            entered_by=world["coach"],
        )
    with pytest.raises(services.WorkoutRuleError):
        services.stopwatch_record(
            session=world["session"],
            rep=world["rep1"],
            taps=[tap(other.assignments.get(), 172_340)],
            entered_by=world["coach"],
        )
    assert not Split.objects.exists()


# ---------------------------------------------------------------- the page


def test_the_grid_links_to_the_stopwatch(client, world):
    login(client, world["coach"])

    page = client.get(reverse("workouts:session_detail", args=[world["session"].pk]))

    assert stopwatch_url(world["session"]).encode() in page.content


def test_the_page_shows_the_reps_and_a_button_per_athlete_and_is_kept_offline(client, world):
    login(client, world["coach"])

    response = client.get(stopwatch_url(world["session"], rep=3))

    assert response.status_code == 200
    assert response["Breakdown-Offline"] == "keep"
    text = response.content.decode()
    assert '<option value="3" selected>Rep 3 of 16 — 500m @mile</option>' in text
    assert 'data-name="Me"' in text and 'data-name="Teammate"' in text
    assert "Unknown finisher" in text
    assert "js/stopwatch.js" in text


def test_the_scripts_post_saves_the_times_and_answers_json(client, world):
    login(client, world["coach"])

    response = post_times(client, world, {world["mine"]: "2:52.34", world["mates"]: "2:55.12"})

    assert response.status_code == 200
    assert response.json() == {"saved": 2, "message": "Rep 1: saved 2 times."}
    assert current(world["session"], 1) == {
        "Me": (172_340, SplitMethod.STOPWATCH),
        "Teammate": (175_120, SplitMethod.STOPWATCH),
    }


def test_resending_the_same_keys_changes_nothing(client, world):
    login(client, world["coach"])
    keys = {world["mine"]: uuid.uuid4()}

    for _ in range(2):
        assert post_times(client, world, {world["mine"]: "2:52.34"}, keys=keys).status_code == 200

    assert Split.objects.count() == 1


def test_a_time_no_runner_runs_asks_for_a_yes(client, world):
    login(client, world["coach"])
    keys = {world["mine"]: uuid.uuid4()}

    refused = post_times(client, world, {world["mine"]: "28.00"}, keys=keys)
    assert refused.status_code == 422
    assert refused.json()["confirm"] is True
    assert "Me:" in refused.json()["errors"][0]
    assert not Split.objects.exists()

    saved = post_times(client, world, {world["mine"]: "28.00"}, keys=keys, confirm="on")
    assert saved.status_code == 200
    assert Split.objects.get().confirmed_implausible


def test_the_plain_form_saves_and_goes_on_to_the_next_rep(client, world):
    login(client, world["coach"])

    response = post_times(client, world, {world["mine"]: "2:52.3", world["mates"]: ""}, json=False)

    assert response.status_code == 302
    assert response.url == stopwatch_url(world["session"], rep=2)
    assert current(world["session"], 1) == {"Me": (172_300, SplitMethod.STOPWATCH)}
    page = client.get(response.url)
    assert "Rep 1: saved 1 time." in page.content.decode()


def test_the_plain_form_shows_what_it_cannot_read_beside_the_athlete(client, world):
    login(client, world["coach"])

    response = post_times(client, world, {world["mine"]: "43.926.4"}, json=False)

    assert response.status_code == 422
    assert "43.9 and 26.4" in response.content.decode()
    assert not Split.objects.exists()


def test_nothing_timed_is_refused(client, world):
    login(client, world["coach"])

    response = post_times(client, world, {world["mine"]: ""})

    assert response.status_code == 422
    assert "no time to save" in response.json()["errors"][0]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("coach", True),
        ("staff", True),
        ("me", False),
        ("teammate", False),
        ("other_coach", False),
        ("nobody", False),
    ],
)
def test_only_the_squads_coach_and_staff_open_or_use_the_stopwatch(client, world, role, allowed):
    person = world[role]
    login(client, getattr(person, "user", None) or person)

    page = client.get(stopwatch_url(world["session"]))
    posted = post_times(client, world, {world["mine"]: "2:52.34"})

    assert page.status_code == (200 if allowed else 404)
    assert posted.status_code == (200 if allowed else 404)
    assert Split.objects.exists() == allowed


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(stopwatch_url(world["session"]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert post_times(client, world, {world["mine"]: "2:52.34"}).status_code == 302
    assert not Split.objects.exists()


def test_the_page_reads_in_a_few_queries(client, world, django_assert_max_num_queries):
    login(client, world["coach"])
    with django_assert_max_num_queries(8):
        client.get(stopwatch_url(world["session"]))
