"""Templates, builder preview, prescribing, the session grid, the calendar and the athlete's
sessions through the test client: what a coach and an athlete see, and who sees nothing."""

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import services as athlete_services
from tests.factories import PASSWORD, AthleteFactory, SquadFactory, UserFactory
from workouts import services
from workouts.models import RepTarget, Session, SessionTemplate, TemplateVersion
from workouts.templatetags.sessions import diff

HTMX = {"HX-Request": "true"}
REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
RULES = "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
DEFAULTS = "1K @5K, 500m @mile, 300m @800, 200m @400"
DAY = date(2026, 12, 1)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def world(squad_world):
    """squad_world with a 14:30 / 4:00 athlete ("me") and the reference template."""
    coach, me = squad_world["coach"], squad_world["me"]
    for distance, seconds in [(Decimal(5000), 870), (Decimal("1609.344"), 240)]:
        athlete_services.race_result_record(
            athlete=me,
            distance_m=distance,
            time_ms=seconds * 1000,
            on=date(2026, 11, 1),
            recorded_by=coach,
        )
    template = services.template_create(
        squad=squad_world["squad"],
        name="1,000m Breakdowns",
        content=services.TemplateContent(REFERENCE, RULES, "", DEFAULTS),
        tags=["early season"],
        created_by=coach,
    )
    return {**squad_world, "template": template}


def builder_data(**overrides):
    data = {
        "name": "1,000m Breakdowns",
        "notation": REFERENCE,
        "recovery_rules": RULES,
        "default_targets": DEFAULTS,
        "description": "",
        "tags": "early season",
    }
    return {**data, **overrides}


def test_preview_shows_sixteen_reps_and_the_athletes_first_1k(client, world):
    login(client, world["coach"])
    url = reverse("workouts:template_preview", args=[world["squad"].pk])
    data = builder_data(preview_athlete=world["me"].pk, preview_date="2026-11-28")
    html = client.post(url, data, headers=HTMX).content.decode()
    assert "16 reps" in html and "8,000 m" in html
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "@5K" in first_row and "2:54.0" in first_row and "400m in 3&#x27;-4&#x27;" in first_row


def test_preview_without_zones_says_no_target(client, world):
    login(client, world["coach"])
    url = reverse("workouts:template_preview", args=[world["squad"].pk])
    data = builder_data(preview_athlete=world["teammate"].pk)
    assert "no target" in client.post(url, data, headers=HTMX).content.decode()


def test_preview_points_at_the_unreadable_character(client, world):
    login(client, world["coach"])
    url = reverse("workouts:template_preview", args=[world["squad"].pk])
    html = client.post(url, builder_data(notation="3 x 400yds"), headers=HTMX).content.decode()
    assert "At character" in html and "<mark>" in html
    assert SessionTemplate.objects.count() == 1  # the preview never saves


def test_saving_a_bad_notation_keeps_what_was_typed_and_saves_nothing(client, world):
    login(client, world["coach"])
    url = reverse("workouts:template_new", args=[world["squad"].pk])
    response = client.post(url, builder_data(name="Broken", notation="2 x (1K, 500m"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "unclosed" in html.lower() or "expected" in html.lower()
    assert "2 x (1K, 500m" in html
    assert not SessionTemplate.objects.filter(name="Broken").exists()


def test_editing_adds_a_version_and_prescribed_sessions_keep_theirs(client, world):
    template, me = world["template"], world["me"]
    session = services.session_prescribe(
        version=template.versions.get(), on=DAY, athletes=[me], by=world["coach"]
    )
    login(client, world["coach"])
    response = client.post(
        reverse("workouts:template_edit", args=[template.pk]),
        builder_data(notation="3 x 1K / 500m, 300m, 200m"),
    )
    assert response.status_code == 302
    assert list(template.versions.values_list("number", flat=True)) == [2, 1]
    session.refresh_from_db()
    assert session.reps.count() == 16 and session.template_version.number == 1


def test_duplicate_and_archive(client, world):
    template = world["template"]
    login(client, world["coach"])
    client.post(reverse("workouts:template_duplicate", args=[template.pk]))
    assert SessionTemplate.objects.filter(name="1,000m Breakdowns (copy)").exists()
    client.post(reverse("workouts:template_archive", args=[template.pk]), {"archived": "1"})
    library = reverse("workouts:template_library", args=[world["squad"].pk])
    in_use = client.get(library).content.decode()
    assert "(copy)" in in_use and ">1,000m Breakdowns<" not in in_use
    assert ">1,000m Breakdowns<" in client.get(library, {"archived": "1"}).content.decode()


def test_library_search_and_tag_filter(client, world):
    login(client, world["coach"])
    library = reverse("workouts:template_library", args=[world["squad"].pk])
    assert "Breakdowns" in client.get(library, {"q": "500m, 300m"}).content.decode()
    assert "Breakdowns" not in client.get(library, {"q": "tempo"}).content.decode()
    assert "Breakdowns" in client.get(library, {"tag": "early season"}).content.decode()
    assert "Breakdowns" not in client.get(library, {"tag": "speed"}).content.decode()
    partial = client.get(library, {"q": "500m"}, headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<div id="results">')


def test_prescribing_twice_by_accident_makes_one_session(client, world):
    template = world["template"]
    login(client, world["coach"])
    url = reverse("workouts:template_prescribe", args=[template.pk])
    everyone = [world["me"].pk, world["teammate"].pk]
    for _ in range(2):
        data = {"version": 1, "date": DAY.isoformat(), "athletes": everyone}
        response = client.post(url, data)
        assert response.status_code == 302
    session = Session.objects.get()
    assert session.assignments.count() == 2 and session.reps.count() == 16


def test_a_coach_overrides_one_athletes_target_and_the_grid_shows_it(client, world):
    session = services.session_prescribe(
        version=world["template"].versions.get(),
        on=DAY,
        athletes=[world["me"]],
        by=world["coach"],
    )
    target = RepTarget.objects.get(assignment__athlete=world["me"], rep__n=1)
    login(client, world["coach"])
    url = reverse("workouts:target_override", args=[session.pk])
    client.post(url, {"target": target.pk, "time": "2:52", "note": "feeling good"})
    target.refresh_from_db()
    assert (target.time_ms, target.override_ms) == (174_000, 172_000)
    grid = client.get(reverse("workouts:session_detail", args=[session.pk])).content.decode()
    assert "2:52.0" in grid and "zones said 2:54.0" in grid
    client.post(url, {"target": target.pk, "time": "2:5x"})
    target.refresh_from_db()
    assert target.override_ms == 172_000  # a bad time changes nothing


def test_the_grid_polls_itself_and_shows_splits_against_targets(client, world):
    session = services.session_prescribe(
        version=world["template"].versions.get(),
        on=timezone.localdate(),
        athletes=[world["me"]],
        by=world["coach"],
    )
    assignment = session.assignments.get()
    services.split_record(
        assignment=assignment,
        rep=session.reps.get(n=1),
        time_ms=172_000,
        client_key=uuid.uuid4(),
        entered_by=world["me"].user,
    )
    login(client, world["coach"])
    url = reverse("workouts:session_detail", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 5s"' in page
    part = client.get(url, {"part": "grid"}, headers=HTMX).content.decode()
    assert part.lstrip().startswith('<div id="grid"')
    assert "2:52.0" in part and "−2.0" in part and "cell fast" in part


def test_a_session_from_last_week_does_not_poll(client, world):
    session = services.session_prescribe(
        version=world["template"].versions.get(),
        on=timezone.localdate() - timedelta(days=7),
        athletes=[world["me"]],
        by=world["coach"],
    )
    login(client, world["coach"])
    page = client.get(reverse("workouts:session_detail", args=[session.pk])).content.decode()
    assert "every 5s" not in page and 'class="override-load"' in page  # targets still settable


def test_athletes_see_their_own_targets_and_no_one_elses(client, world):
    session = services.session_prescribe(
        version=world["template"].versions.get(),
        on=DAY,
        athletes=[world["me"], world["teammate"]],
        by=world["coach"],
    )
    url = reverse("workouts:session_detail", args=[session.pk])
    login(client, world["me"].user)
    mine = client.get(url).content.decode()
    assert "2:54.0" in mine and "Teammate" not in mine and "Override" not in mine
    login(client, world["teammate"].user)
    assert "no target" in client.get(url).content.decode()  # no zones: no target, no error
    login(client, world["rival"].user)
    assert client.get(url).status_code == 404
    sessions = client.get(reverse("workouts:my_sessions")).content.decode()
    assert "1,000m Breakdowns" not in sessions


@pytest.mark.parametrize(
    ("who", "status"), [("coach", 200), ("other_coach", 404), ("staff", 200), ("nobody", 404)]
)
def test_coach_pages_follow_the_permission_matrix(client, world, who, status):
    login(client, world[who])
    squad, template = world["squad"], world["template"]
    urls = [
        reverse("workouts:template_library", args=[squad.pk]),
        reverse("workouts:template_new", args=[squad.pk]),
        reverse("workouts:template_edit", args=[template.pk]),
        reverse("workouts:template_prescribe", args=[template.pk]),
        reverse("workouts:squad_calendar", args=[squad.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [status] * len(urls)
    preview = reverse("workouts:template_preview", args=[squad.pk])
    assert client.post(preview, builder_data()).status_code == status
    prescribe = reverse("workouts:template_prescribe", args=[template.pk])
    client.post(prescribe, {"version": 1, "date": DAY.isoformat(), "athletes": [world["me"].pk]})
    assert Session.objects.exists() is (status == 200)


def test_an_athlete_cannot_reach_coach_pages(client, world):
    login(client, world["me"].user)
    assert (
        client.get(reverse("workouts:template_edit", args=[world["template"].pk])).status_code
        == 404
    )


def squad_of(size: int, coach):
    squad = SquadFactory(coaches=[coach])
    athletes = AthleteFactory.create_batch(size, squad=squad)
    template = services.template_create(
        squad=squad,
        name="Breakdowns",
        content=services.TemplateContent(REFERENCE, RULES, "", DEFAULTS),
        tags=[],
        created_by=coach,
    )
    return squad, athletes, template.versions.get()


@pytest.mark.parametrize("size", [3, 30])
def test_grid_queries_do_not_grow_with_athletes_or_reps(
    client, db, size, django_assert_num_queries
):
    coach = UserFactory(username="gridcoach")
    _, athletes, version = squad_of(size, coach)
    session = services.session_prescribe(version=version, on=DAY, athletes=athletes, by=coach)
    login(client, coach)
    url = reverse("workouts:session_detail", args=[session.pk])
    client.get(url)  # warm the session and auth caches
    # 4 for the user and the session, 3 for the grid's version (splits, targets, reports)
    # and 5 for the grid itself (selectors.session_grid).
    with django_assert_num_queries(12):
        response = client.get(url, {"part": "grid"}, headers=HTMX)
    assert response.content.decode().count('<th scope="row">') == size


def _poll(client, session, since):
    url = reverse("workouts:session_detail", args=[session.pk])
    return client.get(url, {"part": "grid", "since": since}, headers=HTMX)


def _since(response) -> str:
    """The version the grid asks about in its next poll."""
    return re.search(r"since=([^\"&]+)", response.content.decode())[1]


@pytest.mark.parametrize("size", [3, 30])
def test_a_poll_with_nothing_new_is_an_empty_answer_in_a_few_queries(
    client, db, size, django_assert_num_queries
):
    coach = UserFactory(username="pollcoach")
    _, athletes, version = squad_of(size, coach)
    session = services.session_prescribe(
        version=version, on=timezone.localdate(), athletes=athletes, by=coach
    )
    login(client, coach)
    since = _since(_poll(client, session, ""))
    # 4 for the user and the session, 3 for the grid's version: nothing else.
    with django_assert_num_queries(7):
        unchanged = _poll(client, session, since)
    assert unchanged.status_code == 204 and unchanged.content == b""


def test_a_poll_after_a_split_or_an_override_redraws_the_grid(client, db):
    coach = UserFactory(username="pollcoach")
    _, athletes, version = squad_of(2, coach)
    session = services.session_prescribe(
        version=version, on=timezone.localdate(), athletes=athletes, by=coach
    )
    login(client, coach)
    since = _since(_poll(client, session, ""))
    assignment = session.assignments.first()
    rep = session.reps.get(n=1)
    services.split_record(
        assignment=assignment, rep=rep, time_ms=172_300, client_key=uuid.uuid4(), entered_by=coach
    )
    after_split = _poll(client, session, since)
    assert after_split.status_code == 200 and "2:52.3" in after_split.content.decode()

    target = assignment.targets.get(rep=rep)
    services.target_override(target=target, time_ms=171_000, note="", by=coach)
    after_override = _poll(client, session, _since(after_split))
    assert after_override.status_code == 200 and "2:51.0" in after_override.content.decode()


@pytest.mark.parametrize("sessions", [2, 20])
def test_month_calendar_queries_do_not_grow_with_sessions(
    client, db, sessions, django_assert_num_queries
):
    coach = UserFactory(username="calcoach")
    squad, athletes, version = squad_of(3, coach)
    template = version.template
    for n in range(sessions):
        copy = services.template_duplicate(template=template, by=coach) if n else template
        services.session_prescribe(
            version=copy.versions.order_by("-number").first(),
            on=DAY + timedelta(days=n % 28),
            athletes=athletes,
            by=coach,
        )
    login(client, coach)
    url = reverse("workouts:squad_calendar", args=[squad.pk])
    with django_assert_num_queries(7):
        response = client.get(url, {"date": DAY.isoformat()})
    assert response.content.decode().count("session-chip") == sessions


def test_week_view_shows_seven_days(client, world):
    services.session_prescribe(
        version=world["template"].versions.get(),
        on=DAY,
        athletes=[world["me"]],
        by=world["coach"],
    )
    login(client, world["coach"])
    url = reverse("workouts:squad_calendar", args=[world["squad"].pk])
    html = client.get(url, {"view": "week", "date": DAY.isoformat()}).content.decode()
    assert html.count('class="day-number"') == 7 and "1,000m Breakdowns" in html


@pytest.mark.parametrize(
    ("diff_ms", "text"), [(None, ""), (0, "±0.0"), (-40, "±0.0"), (1200, "+1.2"), (-800, "−0.8")]
)
def test_split_differences_read_like_a_coach_writes_them(diff_ms, text):
    assert diff(diff_ms) == text


def test_template_versions_are_never_changed_in_place(world):
    version = world["template"].versions.get()
    version.notation = "1 x 1K"
    with pytest.raises(ValueError, match="never changed"):
        version.save()
    assert TemplateVersion.objects.get().notation == REFERENCE


def test_prescribing_from_a_page_opened_before_an_edit_says_so(client, world):
    template = world["template"]
    login(client, world["coach"])
    client.post(
        reverse("workouts:template_edit", args=[template.pk]),
        builder_data(notation="3 x 1K / 500m, 300m, 200m"),
    )
    url = reverse("workouts:template_prescribe", args=[template.pk])
    stale = {"version": 1, "date": DAY.isoformat(), "athletes": [world["me"].pk]}
    response = client.post(url, stale)
    assert response.status_code == 422
    assert "was edited (now version 2)" in response.content.decode()
    assert not Session.objects.exists()


def test_the_builder_lists_every_version(client, world):
    template = world["template"]
    login(client, world["coach"])
    client.post(
        reverse("workouts:template_edit", args=[template.pk]),
        builder_data(notation="3 x 1K / 500m, 300m, 200m"),
    )
    page = client.get(reverse("workouts:template_edit", args=[template.pk])).content.decode()
    assert "<strong>v2</strong>" in page and "<strong>v1</strong>" in page
    assert "3 x 1K / 500m, 300m, 200m" in page and REFERENCE in page


COACH_POSTS = ["template_duplicate", "template_archive", "target_override"]


@pytest.mark.parametrize("who", ["other_coach", "me", "nobody", "anonymous"])
@pytest.mark.parametrize("name", COACH_POSTS)
def test_coach_writes_are_refused_to_everyone_else(client, world, who, name):
    session = services.session_prescribe(
        version=world["template"].versions.get(),
        on=DAY,
        athletes=[world["me"]],
        by=world["coach"],
    )
    target = RepTarget.objects.get(rep__n=1)
    if who != "anonymous":
        login(client, world["me"].user if who == "me" else world[who])
    arg = session.pk if name == "target_override" else world["template"].pk
    response = client.post(
        reverse(f"workouts:{name}", args=[arg]), {"target": target.pk, "time": "2:50"}
    )
    assert response.status_code == (302 if who == "anonymous" else 404)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    target.refresh_from_db()
    assert target.override_ms is None
    assert SessionTemplate.objects.count() == 1 and not SessionTemplate.objects.get().archived


def test_an_override_cannot_reach_another_squads_target(client, world):
    rival_template = services.template_create(
        squad=world["other_squad"],
        name="Theirs",
        content=services.TemplateContent("2 x 1K @5K"),
        tags=[],
        created_by=world["other_coach"],
    )
    theirs = services.session_prescribe(
        version=rival_template.versions.get(),
        on=DAY,
        athletes=[world["rival"]],
        by=world["other_coach"],
    )
    mine = services.session_prescribe(
        version=world["template"].versions.get(),
        on=DAY,
        athletes=[world["me"]],
        by=world["coach"],
    )
    their_target = RepTarget.objects.filter(assignment__session=theirs).first()
    login(client, world["coach"])
    url = reverse("workouts:target_override", args=[mine.pk])
    assert client.post(url, {"target": their_target.pk, "time": "2:50"}).status_code == 404
    their_target.refresh_from_db()
    assert their_target.override_ms is None


def test_partial_pages_vary_on_htmx_and_history_restores_get_the_whole_page(client, world):
    login(client, world["coach"])
    library = reverse("workouts:template_library", args=[world["squad"].pk])
    response = client.get(library, headers=HTMX)
    assert "HX-Request" in response["Vary"]
    restore = client.get(library, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert restore.content.decode().lstrip().startswith("<!doctype html>")
