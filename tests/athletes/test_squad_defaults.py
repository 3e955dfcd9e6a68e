"""A squad's default targets: what new templates start with, set by the squad's coach on the
squad's page. Refusals point at the character and sit beside the field."""

import pytest
from django.urls import reverse

from athletes import services
from athletes.errors import RuleError
from athletes.models import DEFAULT_TARGETS, Squad
from tests.factories import PASSWORD


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_a_new_squad_starts_with_the_reference_defaults(db):
    squad = Squad.objects.create(name="New squad")
    assert squad.default_targets == DEFAULT_TARGETS == "1K @5K, 500m @mile, 300m @800, 200m @400"


def test_setting_defaults_stores_them_and_setting_them_again_changes_nothing(squad_world):
    squad = squad_world["squad"]
    services.squad_defaults_set(squad=squad, default_targets="  400m @800, 1K @3K ")
    services.squad_defaults_set(squad=squad, default_targets="400m @800, 1K @3K")
    squad.refresh_from_db()
    assert squad.default_targets == "400m @800, 1K @3K"


def test_unreadable_defaults_are_refused_with_where_and_change_nothing(squad_world):
    squad = squad_world["squad"]
    with pytest.raises(RuleError) as refused:
        services.squad_defaults_set(squad=squad, default_targets="1K @5K, 500m mile")
    assert refused.value.field == "default_targets"
    assert refused.value.message.startswith("At character 9:")
    squad.refresh_from_db()
    assert squad.default_targets == DEFAULT_TARGETS


def test_empty_defaults_are_allowed(squad_world):
    services.squad_defaults_set(squad=squad_world["squad"], default_targets="")
    assert Squad.objects.get(pk=squad_world["squad"].pk).default_targets == ""


def test_the_coach_sets_defaults_on_the_squad_page_and_lands_back_at_the_form(client, squad_world):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    page = client.get(reverse("athletes:squad_detail", args=[squad.pk])).content.decode()
    assert 'value="1K @5K, 500m @mile, 300m @800, 200m @400"' in page
    url = reverse("athletes:squad_defaults", args=[squad.pk])
    response = client.post(url, {"default_targets": "1K @3K, 400m @800"})
    assert response.status_code == 302
    assert response["Location"] == reverse("athletes:squad_detail", args=[squad.pk]) + "#defaults"
    page = client.get(response["Location"]).content.decode()
    assert "Default targets saved" in page and 'value="1K @3K, 400m @800"' in page


def test_a_refused_default_comes_back_beside_the_field_as_typed(client, squad_world):
    squad = squad_world["squad"]
    login(client, squad_world["coach"])
    url = reverse("athletes:squad_defaults", args=[squad.pk])
    response = client.post(url, {"default_targets": "1K @5K, 500m mile"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_default_targets-error"' in html and "At character 9" in html
    assert 'value="1K @5K, 500m mile"' in html
    assert Squad.objects.get(pk=squad.pk).default_targets == DEFAULT_TARGETS


@pytest.mark.parametrize(("who", "status"), [("me", 404), ("other_coach", 404), ("nobody", 404)])
def test_only_the_squads_coach_sets_its_defaults(client, squad_world, who, status):
    squad = squad_world["squad"]
    login(client, squad_world[who].user if who == "me" else squad_world[who])
    page = client.get(reverse("athletes:squad_detail", args=[squad.pk]))
    assert "Save defaults" not in page.content.decode()
    url = reverse("athletes:squad_defaults", args=[squad.pk])
    assert client.post(url, {"default_targets": "1K @3K"}).status_code == status
    assert Squad.objects.get(pk=squad.pk).default_targets == DEFAULT_TARGETS


def test_an_athlete_who_sees_the_squad_may_not_change_its_defaults(client, squad_world):
    squad = squad_world["squad"]
    Squad.objects.filter(pk=squad.pk).update(shares_results=True)
    login(client, squad_world["me"].user)
    page = client.get(reverse("athletes:squad_detail", args=[squad.pk]))
    assert page.status_code == 200 and "Save defaults" not in page.content.decode()
    url = reverse("athletes:squad_defaults", args=[squad.pk])
    assert client.post(url, {"default_targets": "1K @3K"}).status_code == 403
    assert Squad.objects.get(pk=squad.pk).default_targets == DEFAULT_TARGETS
