"""The builder starts from the squad's default targets and says why a rep has no time; coach
forms answer where the coach is looking; the library's filters keep a clean URL."""

import re
import uuid
from datetime import date
from decimal import Decimal

from django.urls import reverse

from athletes import services as athlete_services
from tests.factories import PASSWORD
from workouts import services
from workouts.models import RepTarget, SessionTemplate

HTMX = {"HX-Request": "true"}
REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def field_value(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, f"no {name} field"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def fourteen_thirty(athlete, coach):
    for distance, seconds in [(Decimal(5000), 870), (Decimal("1609.344"), 240)]:
        athlete_services.race_result_record(
            athlete=athlete,
            distance_m=distance,
            time_ms=seconds * 1000,
            on=date(2026, 11, 1),
            recorded_by=coach,
        )


def test_a_new_template_starts_with_the_squads_defaults_and_previews_2_54(client, squad_world):
    squad, me = squad_world["squad"], squad_world["me"]
    fourteen_thirty(me, squad_world["coach"])
    login(client, squad_world["coach"])
    page = client.get(reverse("workouts:template_new", args=[squad.pk])).content.decode()
    defaults = field_value(page, "default_targets")
    assert defaults == "1K @5K, 500m @mile, 300m @800, 200m @400"
    data = {
        "name": "",
        "notation": REFERENCE,
        "default_targets": defaults,  # as the page rendered it: the coach typed only the notation
        "preview_athlete": me.pk,
        "preview_date": "2026-11-28",
    }
    preview = client.post(reverse("workouts:template_preview", args=[squad.pk]), data, headers=HTMX)
    first_row = preview.content.decode().split("<tbody>")[1].split("</tr>")[0]
    assert "@5K" in first_row and "2:54.0" in first_row


def test_the_squads_own_defaults_are_what_a_new_template_starts_with(client, squad_world):
    squad = squad_world["squad"]
    athlete_services.squad_defaults_set(squad=squad, default_targets="400m @800")
    login(client, squad_world["coach"])
    page = client.get(reverse("workouts:template_new", args=[squad.pk])).content.decode()
    assert field_value(page, "default_targets") == "400m @800"


def test_a_rep_without_a_time_says_why_in_the_preview(client, squad_world):
    squad, me = squad_world["squad"], squad_world["me"]
    fourteen_thirty(me, squad_world["coach"])
    login(client, squad_world["coach"])
    data = {"notation": "1K @HM, 1K @5K", "preview_athlete": me.pk, "preview_date": "2026-11-28"}
    html = client.post(
        reverse("workouts:template_preview", args=[squad.pk]), data, headers=HTMX
    ).content.decode()
    assert "no target: no HM zone for Me" in html
    assert "2:54.0" in html


def test_the_builder_keeps_a_draft_key_per_squad_template_and_version(client, squad_world):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    new = client.get(reverse("workouts:template_new", args=[squad.pk])).content.decode()
    assert f'data-draft-key="breakdown:builder:{squad.pk}:new"' in new
    assert "Restored what you typed" in new and "js/builder-draft.js" in new
    template = services.template_create(
        squad=squad,
        name="400s",
        content=services.TemplateContent("8 x 400m", "", "", ""),
        tags=[],
        created_by=squad_world["coach"],
    )
    edit = client.get(reverse("workouts:template_edit", args=[template.pk])).content.decode()
    assert f'data-draft-key="breakdown:builder:{squad.pk}:{template.pk}:1"' in edit


def test_a_refused_override_comes_back_open_with_the_time_as_typed(client, squad_world):
    squad, me, coach = squad_world["squad"], squad_world["me"], squad_world["coach"]
    fourteen_thirty(me, coach)
    template = services.template_create(
        squad=squad,
        name="1Ks",
        content=services.TemplateContent("3 x 1K @5K", "", "", ""),
        tags=[],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=date(2026, 12, 1), athletes=[me], by=coach
    )
    target = RepTarget.objects.get(assignment__athlete=me, rep__n=2)
    login(client, coach)
    url = reverse("workouts:target_override", args=[session.pk])
    response = client.post(url, {"target": target.pk, "time": "2:5x", "note": "windy"})
    assert response.status_code == 422
    html = response.content.decode()
    # The grid again, that one cell's form open with what was typed and the refusal in it.
    assert 'value="2:5x"' in html and 'value="windy"' in html
    target.refresh_from_db()
    assert target.override_ms is None


def test_the_library_filters_submit_to_the_page_without_its_query(client, squad_world):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    url = reverse("workouts:template_library", args=[squad.pk])
    html = client.get(url, {"q": "400s", "tag": "miler"}).content.decode()
    form = re.search(r'<form class="filters"[^>]*>', html).group(0)
    # A GET form replaces the query; an empty hx-get would add this one's to the current URL's.
    assert f'action="{url}"' in form and f'hx-get="{url}"' in form
    assert 'value="400s"' in html


# ---------------------------------------------------------------- text that reads two ways

TWO_WAYS = "3 x 600m, 400m, 200m"  # read as 3 x (600m, 400m, 200m); or 3 x 600m / 400m, 200m
OTHER_WAY = "3 x 600m / 400m, 200m"


def preview_of(client, squad, **data) -> str:
    url = reverse("workouts:template_preview", args=[squad.pk])
    return client.post(url, data, headers=HTMX).content.decode()


def test_the_preview_says_how_text_that_reads_two_ways_was_read(client, squad_world):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    html = preview_of(client, squad, notation=TWO_WAYS)
    assert "9 reps" in html
    assert "<mark>3 x 600m</mark>, 400m, 200m" in html  # the words in question, marked
    assert "Read as: &#x27;3 x&#x27; repeats the list from &#x27;3 x 600m&#x27; on" in html
    button = re.search(r'<button[^>]*name="other_notation"[^>]*>([^<]*)</button>', html)
    assert button and "Read it as: &#x27;3 x&#x27; repeats &#x27;3 x 600m&#x27; only" in button[1]
    assert f'value="{OTHER_WAY}"' in button[0] and 'form="builder-form"' in button[0]
    assert "Saved as: <code>3 x (600m, 400m, 200m)</code>" in html


def test_text_that_reads_one_way_shows_no_readings(client, squad_world):
    login(client, squad_world["coach"])
    html = preview_of(client, squad_world["squad"], notation=OTHER_WAY)
    assert "5 reps" in html
    assert "Read as" not in html and "Saved as" not in html and "other_notation" not in html


def test_the_other_reading_without_javascript_fills_the_builder_in_and_saves_nothing(
    client, squad_world
):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    typed = {
        "name": "Threes",
        "notation": TWO_WAYS,
        "recovery_rules": "",
        "default_targets": "600m @mile",
        "description": "On the grass loop",
        "tags": "miler",
        "preview_athlete": squad_world["teammate"].pk,
        "client_key": str(uuid.uuid4()),
    }
    response = client.post(
        reverse("workouts:template_new", args=[squad.pk]), {**typed, "other_notation": OTHER_WAY}
    )
    assert response.status_code == 200
    html = response.content.decode()
    textarea = re.search(r'<textarea[^>]*name="notation"[^>]*>\s*([^<]*)</textarea>', html)
    assert textarea and textarea[1] == OTHER_WAY
    assert field_value(html, "name") == "Threes" and field_value(html, "tags") == "miler"
    assert field_value(html, "default_targets") == "600m @mile"
    assert "On the grass loop" in html
    assert "5 reps" in html and "Read as" not in html  # the preview, shown without JavaScript
    assert "targets for Teammate" in html
    assert not SessionTemplate.objects.exists()


def test_a_refused_save_shows_the_preview_and_its_readings_without_javascript(client, squad_world):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    response = client.post(
        reverse("workouts:template_new", args=[squad.pk]),
        {"name": "", "notation": TWO_WAYS, "client_key": str(uuid.uuid4())},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "9 reps" in html and "Read as: &#x27;3 x&#x27; repeats the list" in html
    assert f'value="{OTHER_WAY}"' in html
    assert not SessionTemplate.objects.exists()


def test_the_other_reading_on_a_saved_template_adds_no_version(client, squad_world):
    squad, coach = squad_world["squad"], squad_world["coach"]
    template = services.template_create(
        squad=squad,
        name="Threes",
        content=services.TemplateContent(OTHER_WAY),
        tags=[],
        created_by=coach,
    )
    login(client, coach)
    response = client.post(
        reverse("workouts:template_edit", args=[template.pk]),
        {"name": "Threes", "notation": TWO_WAYS, "other_notation": "3 x (600m, 400m, 200m)"},
    )
    assert response.status_code == 200
    assert "9 reps" in response.content.decode()
    assert template.versions.count() == 1


def test_a_save_of_text_that_reads_two_ways_stores_the_reading_chosen(client, squad_world):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    data = {"name": "Threes", "notation": TWO_WAYS, "client_key": str(uuid.uuid4())}
    response = client.post(reverse("workouts:template_new", args=[squad.pk]), data)
    assert response.status_code == 302
    assert SessionTemplate.objects.get().versions.get().notation == "3 x (600m, 400m, 200m)"


def test_segments_show_in_order_between_the_reps_and_are_not_counted(client, squad_world):
    login(client, squad_world["coach"])
    html = preview_of(
        client, squad_world["squad"], notation="WU 15', drills / 6 x 800 @5K w/ 2' rest / CD 10'"
    )
    assert "6 reps" in html and "4,800 m" in html
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r'<tr class="(segment-row|rep-row)">(.*?)</tr>', body, re.S)
    kinds = [kind for kind, _ in rows]
    assert kinds == ["segment-row"] * 2 + ["rep-row"] * 6 + ["segment-row"]
    assert "Warm-up 15&#x27; — not a rep, no target" in rows[0][1]
    assert "Drills — not a rep, no target" in rows[1][1]
    assert "Cool-down 10&#x27; — not a rep, no target" in rows[-1][1]


def test_every_rep_without_a_time_says_why(client, squad_world):
    squad, me = squad_world["squad"], squad_world["me"]
    fourteen_thirty(me, squad_world["coach"])
    login(client, squad_world["coach"])
    html = preview_of(
        client,
        squad,
        notation="WU 10' / 2 x 1K @HM / 1K @5K / 1K @HM",
        preview_athlete=me.pk,
        preview_date="2026-11-28",
    )
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    reps = re.findall(r'<tr class="rep-row">(.*?)</tr>', body, re.S)
    assert len(reps) == 4
    assert all("no target: no HM zone for Me" in rep for rep in reps[:2])
    assert "2:54.0" in reps[2]
    assert "no target: no HM zone for Me" in reps[3]


def test_segments_show_on_the_athletes_page_and_the_grid_heading(client, squad_world):
    squad, coach, me = squad_world["squad"], squad_world["coach"], squad_world["me"]
    template = services.template_create(
        squad=squad,
        name="800s",
        content=services.TemplateContent("WU 15', drills / 6 x 800 @5K w/ 2' rest / CD 10'"),
        tags=[],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=date(2026, 12, 1), athletes=[me], by=coach
    )
    login(client, me.user)
    assignment = session.assignments.get()
    html = client.get(reverse("workouts:assignment_detail", args=[assignment.pk])).content.decode()
    warm_up = html.index("Warm-up 15&#x27; — not a rep, no split")
    drills = html.index("Drills — not a rep, no split")
    first_rep = html.index('id="rep-1"')
    cool_down = html.index("Cool-down 10&#x27; — not a rep, no split")
    assert warm_up < drills < first_rep < html.index('id="rep-6"') < cool_down
    assert "1 of 6" in html and "0 of 6" in html  # six reps: the segments are not counted
    login(client, coach)
    grid = client.get(reverse("workouts:session_detail", args=[session.pk])).content.decode()
    assert (
        "Not reps (no targets, no splits): warm-up 15&#x27; · drills · cool-down 10&#x27;" in grid
    )
