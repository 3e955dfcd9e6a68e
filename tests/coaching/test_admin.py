"""Every model has an admin, and its pages open for staff."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from athletes.models import ZoneEntry
from tests.factories import (
    RaceResultFactory,
    SeasonFactory,
    UserFactory,
    ZoneDistanceFactory,
    ZoneEntryFactory,
    ZoneGroupFactory,
)

OUR_APPS = ["athletes", "workouts", "coaching"]
READ_ONLY = {ZoneEntry}  # history is written by services only


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
    ZoneEntryFactory()
    ZoneDistanceFactory()
    ZoneGroupFactory()
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    add_status = 403 if model in READ_ONLY else 200
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert client.get(add).status_code == add_status
    obj = model.objects.first()
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
