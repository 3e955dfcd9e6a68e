"""The builder starts from the squad's default targets and says why a rep has no time; coach
forms answer where the coach is looking; the library's filters keep a clean URL."""

import re
from datetime import date
from decimal import Decimal

from django.urls import reverse

from athletes import services as athlete_services
from tests.factories import PASSWORD
from workouts import services
from workouts.models import RepTarget

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
