"""Every model has an admin, and its pages open for staff."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import AthleteFactory, RaceResultFactory, SeasonFactory, UserFactory

OUR_APPS = ["athletes", "workouts", "coaching"]


def our_models():
    return [model for name in OUR_APPS for model in apps.get_app_config(name).get_models()]


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_model_is_registered(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_open(client, db, model):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    RaceResultFactory()
    SeasonFactory()
    AthleteFactory()
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
