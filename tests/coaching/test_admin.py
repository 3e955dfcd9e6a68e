"""Every model has an admin, and its pages open for staff."""

import uuid
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from athletes import services as athlete_services
from athletes.models import CalendarFeed, RaceResult, ZoneEntry
from coaching import tokens
from coaching.models import ApiToken
from tests.factories import (
    AthleteFactory,
    RaceResultFactory,
    SeasonFactory,
    UserFactory,
    ZoneDistanceFactory,
    ZoneEntryFactory,
    ZoneGroupFactory,
)
from workouts import history_import, services
from workouts.models import (
    Assignment,
    HistoryUpload,
    RepTarget,
    Session,
    SessionRep,
    SessionReport,
    SessionTemplate,
    Split,
    TemplateVersion,
    ZoneSuggestionDecision,
)

OUR_APPS = ["athletes", "workouts", "coaching"]
# History, prescriptions and splits are written by services only; templates by the builder.
READ_ONLY = {
    ApiToken,
    CalendarFeed,
    RaceResult,
    ZoneEntry,
    SessionTemplate,
    TemplateVersion,
    Session,
    SessionRep,
    Assignment,
    RepTarget,
    Split,
    SessionReport,
    ZoneSuggestionDecision,
    HistoryUpload,
}


def a_prescribed_session_with_a_split_and_a_report():
    coach = UserFactory(username="admincoach")
    athlete = AthleteFactory()
    template = services.template_create(
        squad=athlete.squad,
        name="Breakdowns",
        content=services.TemplateContent("2 x 1K @5K"),
        tags=["early season"],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=date(2026, 12, 1), athletes=[athlete], by=coach
    )
    services.split_record(
        assignment=session.assignments.get(),
        rep=session.reps.get(n=1),
        time_ms=172_000,
        client_key=uuid.uuid4(),
        entered_by=coach,
    )
    services.report_save(
        assignment=session.assignments.get(),
        rpe=7,
        note="Windy on the back straight.",
        done=True,
        client_key=uuid.uuid4(),
        entered_by=coach,
    )
    ZoneSuggestionDecision.objects.create(
        athlete=athlete,
        distance_m=5000,
        fingerprint="0fcaa33c020e61090749",
        accepted=False,
        summary="Estimate from 8 reps @5K in 2 sessions: median 2.9% faster than target.",
        decided_by=coach,
    )
    athlete_services.calendar_feed_ensure(athlete=athlete, by=coach)
    tokens.token_create(user=coach, name="season sheet")
    history_import.upload_stage(
        squad=athlete.squad, data=b"date,athlete\n", filename="season.csv", by=coach
    )


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
    a_prescribed_session_with_a_split_and_a_report()
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    add_status = 403 if model in READ_ONLY else 200
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert client.get(add).status_code == add_status
    obj = model.objects.first()
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
