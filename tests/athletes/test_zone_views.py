"""The athlete page's zones, races and history, and its htmx forms, through the client."""

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from athletes import services
from athletes.errors import RuleError
from athletes.models import RaceResult, ZoneEntry
from tests.factories import PASSWORD, AthleteFactory

HTMX = {"HX-Request": "true"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def page_of(client, athlete, **params):
    return client.get(reverse("athletes:athlete_detail", args=[athlete.pk]), params)


def zone_row(html: str, label: str) -> str:
    return re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', html, re.S).group(1)


def race_post(**overrides):
    data = {
        "distance": "5000",
        "time": "14:30",
        "date": "2026-11-01",
        "venue": "Parkside",
        "client_key": str(uuid.uuid4()),
    }
    return {**data, **overrides}


def test_reference_athlete_reads_2_54_for_a_1k_and_74_6_for_a_500(client, squad_world):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    client.post(reverse("athletes:race_result_add", args=[me.pk]), race_post())
    only_5k = page_of(client, me).content.decode()
    assert "model-filled" in zone_row(only_5k, "Mile")
    assert "VDOT 72.4 from 5,000m in 14:30" in zone_row(only_5k, "Mile")
    client.post(
        reverse("athletes:race_result_add", args=[me.pk]),
        race_post(distance="Mile", time="4:00", date="2026-11-08"),
    )
    html = page_of(client, me).content.decode()
    assert "2:54.0" in zone_row(html, "5K") and "2:54/km" in zone_row(html, "5K")
    mile = zone_row(html, "Mile")
    assert "1:14.6" in mile and "model-filled" not in mile  # 500m at mile pace


def test_coach_adds_a_race_through_htmx_and_gets_the_page_body_back(client, squad_world):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    response = client.post(
        reverse("athletes:race_result_add", args=[me.pk]), race_post(), headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="athlete-body">')
    assert "Recorded 5,000m in 14:30 on 1 Nov 2026." in html  # the message, swapped oob
    assert "14:30" in zone_row(html, "5K")


def test_without_javascript_the_form_posts_and_redirects(client, squad_world):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    response = client.post(reverse("athletes:race_result_add", args=[me.pk]), race_post())
    assert response.status_code == 302  # back at the form the coach used, not the page's top
    assert response["Location"] == reverse("athletes:athlete_detail", args=[me.pk]) + "#race-form"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("time", "14:3O", "couldn&#x27;t read the time"),
        ("time", "0:28", "faster than the world record"),
        ("distance", "5 furlongs", "couldn&#x27;t read the distance"),
        ("date", "yesterday", "Enter a valid date"),
    ],
)
def test_bad_input_says_what_is_wrong_keeps_what_was_typed_and_writes_nothing(
    client, squad_world, field, typed, message
):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    response = client.post(
        reverse("athletes:race_result_add", args=[me.pk]),
        race_post(**{field: typed}),
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'value="{typed}"' in html
    assert not RaceResult.objects.exists() and not ZoneEntry.objects.exists()


def test_a_double_tap_records_one_race(client, squad_world):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    data = race_post()
    for _ in range(2):
        client.post(reverse("athletes:race_result_add", args=[me.pk]), data, headers=HTMX)
    assert RaceResult.objects.count() == 1


def test_coach_sets_a_zone_as_a_pace(client, squad_world):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    response = client.post(
        reverse("athletes:zone_set", args=[me.pk]),
        {
            "zone": "3000.000",
            "value": "2:50/km",
            "effective_date": "2026-11-02",
            "source": "estimate",
            "note": "From the 1200s",
            "client_key": str(uuid.uuid4()),
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    three_k = zone_row(response.content.decode(), "3K")
    assert "8:30" in three_k and "estimate" in three_k


def test_coach_corrects_an_entry_and_the_history_keeps_both(client, squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    typo = services.zone_set(
        athlete=me,
        distance_m=Decimal(3000),
        time_ms=529_000,
        on=date(2026, 11, 2),
        recorded_by=coach,
    )
    login(client, coach)
    prefix = f"correct-{typo.pk}"
    url = reverse("athletes:zone_correct", args=[me.pk, typo.pk])
    refused = client.post(url, {f"{prefix}-value": "8:39", f"{prefix}-note": ""}, headers=HTMX)
    assert refused.status_code == 422 and "This field is required" in refused.content.decode()
    done = client.post(
        url, {f"{prefix}-value": "8:39", f"{prefix}-note": "typed 10 s slow"}, headers=HTMX
    )
    html = done.content.decode()
    assert "8:39" in zone_row(html, "3K")
    assert "<s>8:49.0</s>" in html and "corrects 8:49.0" in html


def test_model_filled_entries_stay_out_of_the_history_unless_asked_for(client, squad_world):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    client.post(reverse("athletes:race_result_add", args=[me.pk]), race_post())
    history = page_of(client, me).content.decode().split('id="history-heading"')[1]
    assert "VDOT 72.4" not in history
    everything = page_of(client, me, model="1").content.decode().split('id="history-heading"')[1]
    assert "VDOT 72.4" in everything


# who -> status for: view own athlete page, post a race for "me"
MATRIX = [
    ("me", 200, 403),
    ("mate", 404, 404),
    ("coach", 200, 302),
    ("other_coach", 404, 404),
    ("staff", 200, 302),
    ("nobody", 404, 404),
]


@pytest.mark.parametrize(("who", "view", "post"), MATRIX)
def test_zone_pages_and_forms_follow_the_permission_matrix(client, squad_world, who, view, post):
    user = squad_world["me"].user if who == "me" else None
    if who == "mate":
        user = squad_world["teammate"].user
    login(client, user or squad_world[who])
    me = squad_world["me"]
    assert page_of(client, me).status_code == view
    response = client.post(reverse("athletes:race_result_add", args=[me.pk]), race_post())
    assert response.status_code == post
    assert RaceResult.objects.exists() is (post == 302)


def test_an_athlete_sees_no_forms_on_their_own_page(client, squad_world):
    me = squad_world["me"]
    login(client, me.user)
    html = page_of(client, me).content.decode()
    assert "Add a race result" not in html and "Correct</summary>" not in html


def test_a_sharing_squad_lets_athletes_read_each_other(client, squad_world):
    squad_world["squad"].shares_results = True
    squad_world["squad"].save()
    login(client, squad_world["teammate"].user)
    assert page_of(client, squad_world["me"]).status_code == 200
    assert page_of(client, squad_world["rival"]).status_code == 404


def test_another_athletes_entry_cannot_be_corrected_through_my_url(client, squad_world):
    coach, rival = squad_world["other_coach"], squad_world["rival"]
    entry = services.zone_set(
        athlete=rival,
        distance_m=Decimal(3000),
        time_ms=529_000,
        on=date(2026, 11, 2),
        recorded_by=coach,
    )
    login(client, squad_world["coach"])
    url = reverse("athletes:zone_correct", args=[squad_world["me"].pk, entry.pk])
    assert client.post(url, {f"correct-{entry.pk}-value": "8:39"}).status_code == 404


def test_athlete_page_queries_do_not_grow_with_history(
    client, squad_world, django_assert_max_num_queries
):
    me, coach = squad_world["me"], squad_world["coach"]
    login(client, coach)

    def add_races(count, month):
        for day in range(1, count + 1):
            services.race_result_record(
                athlete=me,
                distance_m=Decimal(5000),
                time_ms=(900 - day) * 1000,
                on=date(2026, month, day),
                recorded_by=coach,
            )

    add_races(2, 9)
    with django_assert_max_num_queries(40) as few:
        page_of(client, me)
    add_races(20, 10)
    for result in RaceResult.objects.filter(date__day__lte=5, date__month=10):
        services.race_result_void(result=result, voided_by=coach)  # struck through, with who
    AthleteFactory.create_batch(5, squad=me.squad)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page_of(client, me, model="1")


def test_the_history_is_paged_and_a_failed_correction_opens_its_page(client, squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    entries = [
        services.zone_set(
            athlete=me,
            distance_m=Decimal(800),
            time_ms=125_000 + n * 100,
            on=date(2026, 1, 1) + timedelta(days=n),
            recorded_by=coach,
        )
        for n in range(60)
    ]
    login(client, coach)

    first = page_of(client, me).content.decode()
    assert first.count('class="history-row"') == 25 and "Page 1 of 3" in first
    last = page_of(client, me, history="3").content.decode()
    assert last.count('class="history-row"') == 10 and 'rel="prev"' in last
    assert page_of(client, me, history="junk").status_code == 200

    oldest = entries[0]
    url = reverse("athletes:zone_correct", args=[me.pk, oldest.pk])
    failed = client.post(
        url, {f"correct-{oldest.pk}-value": "nonsense", f"correct-{oldest.pk}-note": "x"}
    )
    assert failed.status_code == 422
    assert "Page 3 of 3" in failed.content.decode() and "couldn" in failed.content.decode()


def test_the_service_refuses_what_the_form_no_longer_checks(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]

    def zone(**overrides):
        fields = {
            "athlete": me,
            "distance_m": Decimal(800),
            "time_ms": 125_000,
            "on": date(2026, 11, 1),
            "recorded_by": coach,
        } | overrides
        return services.zone_set(**fields)

    for bad, field in [
        ({"on": date(1, 1, 1)}, "effective_date"),
        ({"on": date(9999, 12, 31)}, "effective_date"),
        ({"time_ms": 1}, "value"),
        ({"time_ms": 2_000_000_000}, "value"),
        ({"distance_m": Decimal(777)}, "zone"),
        ({"source": "race"}, "source"),
    ]:
        with pytest.raises(RuleError) as refusal:
            zone(**bad)
        assert refusal.value.field == field, bad
    assert not ZoneEntry.objects.filter(athlete=me).exists()


# ---------------------------------------------------------------- slower races and voids


def slower_5k(client, me, coach, **overrides):
    login(client, coach)
    client.post(reverse("athletes:race_result_add", args=[me.pk]), race_post())
    return race_post(**{"time": "15:05", "date": "2026-11-08", **overrides})


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "no-js"])
def test_a_slower_race_asks_before_it_becomes_the_zone(client, squad_world, headers):
    me, coach = squad_world["me"], squad_world["coach"]
    data = slower_5k(client, me, coach)
    url = reverse("athletes:race_result_add", args=[me.pk])
    response = client.post(url, data, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "5,000m in 15:05 is slower than Me's 5,000m zone of 14:30." in html
    assert "A bad day is not a new fitness" in html
    assert 'name="slower_race" value="zone"' in html and 'value="15:05"' in html
    assert RaceResult.objects.count() == 1  # nothing recorded until the coach answers


@pytest.mark.parametrize(("answer", "zone_time"), [("keep", "14:30"), ("zone", "15:05")])
def test_the_coachs_answer_records_the_race_and_keeps_or_moves_the_zone(
    client, squad_world, answer, zone_time
):
    me, coach = squad_world["me"], squad_world["coach"]
    data = slower_5k(client, me, coach, slower_race=answer)
    url = reverse("athletes:race_result_add", args=[me.pk])
    for _ in range(2):  # a double tap records once
        client.post(url, data, headers=HTMX)
    assert RaceResult.objects.count() == 2
    html = page_of(client, me).content.decode()
    assert zone_time in zone_row(html, "5K")


def test_a_faster_race_asks_nothing(client, squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    login(client, coach)
    url = reverse("athletes:race_result_add", args=[me.pk])
    client.post(url, race_post())
    response = client.post(url, race_post(time="14:20", date="2026-11-08"))
    assert response.status_code == 302
    assert "14:20" in zone_row(page_of(client, me).content.decode(), "5K")


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "no-js"])
def test_coach_voids_a_mistaken_race_and_it_is_struck_through(client, squad_world, headers):
    me, coach = squad_world["me"], squad_world["coach"]
    login(client, coach)
    client.post(reverse("athletes:race_result_add", args=[me.pk]), race_post())
    client.post(
        reverse("athletes:race_result_add", args=[me.pk]),
        race_post(time="13:30", date="2026-11-08", venue="Typo Park"),
    )
    mistake = RaceResult.objects.get(venue="Typo Park")
    url = reverse("athletes:race_result_void", args=[me.pk, mistake.pk])
    for _ in range(2):  # voiding twice is voiding once
        response = client.post(url, headers=headers)
    assert response.status_code == (200 if headers else 302)
    html = page_of(client, me).content.decode()
    assert "<s>13:30</s>" in html and "voided by coach on" in html
    assert "<s>13:30</s> <small>race voided</small>" in html  # its entry in the zone history
    assert "14:30" in zone_row(html, "5K")  # the zone the race before set
    mistake.refresh_from_db()
    assert mistake.voided_by == coach


@pytest.mark.parametrize(
    ("who", "status"), [("me", 403), ("teammate", 404), ("other_coach", 404), ("nobody", 404)]
)
def test_only_the_squads_coach_voids_a_race(client, squad_world, who, status):
    me = squad_world["me"]
    result = services.race_result_record(
        athlete=me,
        distance_m=Decimal(5000),
        time_ms=870_000,
        on=date(2026, 11, 1),
        recorded_by=squad_world["coach"],
    )
    person = squad_world[who]
    login(client, getattr(person, "user", person))
    response = client.post(reverse("athletes:race_result_void", args=[me.pk, result.pk]))
    assert response.status_code == status
    result.refresh_from_db()
    assert not result.voided


def test_a_race_is_voided_only_through_its_own_athlete(client, squad_world):
    me, teammate, coach = squad_world["me"], squad_world["teammate"], squad_world["coach"]
    result = services.race_result_record(
        athlete=me,
        distance_m=Decimal(5000),
        time_ms=870_000,
        on=date(2026, 11, 1),
        recorded_by=coach,
    )
    login(client, coach)
    response = client.post(reverse("athletes:race_result_void", args=[teammate.pk, result.pk]))
    assert response.status_code == 404


def test_a_slower_race_on_a_refused_date_is_refused_before_any_question(client, squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    data = slower_5k(client, me, coach, date="2099-01-01")
    response = client.post(reverse("athletes:race_result_add", args=[me.pk]), data, headers=HTMX)
    assert response.status_code == 422
    assert "A bad day" not in response.content.decode()
    assert RaceResult.objects.count() == 1


def test_a_plain_form_comes_back_at_itself_with_the_error_beside_the_field(client, squad_world):
    me = squad_world["me"]
    login(client, squad_world["coach"])
    response = client.post(
        reverse("athletes:race_result_add", args=[me.pk]), race_post(time="14.30.00.0")
    )
    assert response.status_code == 422
    html = response.content.decode()
    url = reverse("athletes:race_result_add", args=[me.pk])
    assert f'id="race-form" method="post" action="{url}#race-form"' in html  # scrolled to it
    assert 'class="field has-error"' in html and 'id="race_time-error"' in html
    zone_url = reverse("athletes:zone_set", args=[me.pk])
    assert f'action="{zone_url}#zone-form"' in html
