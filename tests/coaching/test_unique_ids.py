"""No two elements of a page share an id: a label, an anchor (…#race-form), aria-describedby
and htmx's targets all find the first one only. Every page a coach or an athlete opens, on the
demo data, and the pages a refused form comes back on."""

from collections import Counter
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from athletes.models import Athlete, Squad, ZoneEntry
from workouts.models import Assignment, RepTarget, Session, SessionTemplate


class IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids.extend(value for name, value in attrs if name == "id" and value is not None)


def repeated_ids(html: str) -> list[str]:
    collector = IdCollector()
    collector.feed(html)
    return sorted(name for name, count in Counter(collector.ids).items() if count > 1)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--allow-production", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, db):
    return Squad.objects.get()


def signed_in(username: str, password: str) -> Client:
    client = Client()
    assert client.login(username=username, password=password)
    return client


def coach_pages(squad: Squad) -> list[str]:
    template = SessionTemplate.objects.filter(squad=squad).first()
    session = Session.objects.filter(squad=squad).order_by("-date").first()
    assignment = Assignment.objects.filter(session=session).first()
    pages = [
        reverse("home"),
        reverse("athletes:squad_list"),
        reverse("athletes:squad_detail", args=[squad.pk]),
        reverse("workouts:template_library", args=[squad.pk]),
        reverse("workouts:template_library", args=[squad.pk]) + "?archived=1",
        reverse("workouts:template_new", args=[squad.pk]),
        reverse("workouts:template_edit", args=[template.pk]),
        reverse("workouts:template_prescribe", args=[template.pk]),
        reverse("workouts:squad_calendar", args=[squad.pk]),
        reverse("workouts:squad_calendar", args=[squad.pk]) + "?view=week",
        reverse("workouts:session_detail", args=[session.pk]),
        reverse("workouts:assignment_detail", args=[assignment.pk]),
        reverse("workouts:splits_paste", args=[assignment.pk]),
    ]
    for athlete in squad.athletes.all():
        url = reverse("athletes:athlete_detail", args=[athlete.pk])
        pages += [url, url + "?model=1"]
    return pages


def test_no_coach_page_repeats_an_id(demo):
    client = signed_in("coach", "breakdown-coach")
    for url in coach_pages(demo):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert repeated_ids(response.content.decode()) == [], url


def test_no_athlete_page_repeats_an_id(demo):
    athlete = Athlete.objects.filter(squad=demo, user__isnull=False).select_related("user").first()
    client = signed_in(athlete.user.username, "breakdown-athlete")
    assignments = Assignment.objects.filter(athlete=athlete).select_related("session")
    pages = [
        reverse("home"),
        reverse("workouts:my_sessions"),
        reverse("athletes:athlete_detail", args=[athlete.pk]),
    ]
    for assignment in assignments:
        pages += [
            reverse("workouts:session_detail", args=[assignment.session_id]),
            reverse("workouts:splits_paste", args=[assignment.pk]),
        ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert repeated_ids(response.content.decode()) == [], url


def test_no_page_a_refused_form_comes_back_on_repeats_an_id(demo):
    client = signed_in("coach", "breakdown-coach")
    athlete = demo.athletes.first()
    entry = ZoneEntry.objects.filter(athlete=athlete, correction__isnull=True).first()
    session = Session.objects.filter(squad=demo).order_by("-date").first()
    target = RepTarget.objects.filter(assignment__session=session).first()
    template = SessionTemplate.objects.filter(squad=demo).first()
    refusals = [
        (reverse("athletes:race_result_add", args=[athlete.pk]), {"distance": "5K", "time": "x"}),
        (reverse("athletes:zone_set", args=[athlete.pk]), {"zone": "5000.000", "value": "x"}),
        (
            reverse("athletes:zone_correct", args=[athlete.pk, entry.pk]),
            {f"correct-{entry.pk}-value": "x", f"correct-{entry.pk}-note": ""},
        ),
        (reverse("athletes:squad_defaults", args=[demo.pk]), {"default_targets": "1K @"}),
        (reverse("workouts:template_new", args=[demo.pk]), {"name": "", "notation": "2 x ("}),
        (reverse("workouts:template_edit", args=[template.pk]), {"name": "", "notation": ""}),
        (reverse("workouts:template_prescribe", args=[template.pk]), {"date": "x"}),
        (
            reverse("workouts:target_override", args=[session.pk]),
            {"target": target.pk, "time": "x"},
        ),
    ]
    for url, data in refusals:
        response = client.post(url, data)
        assert response.status_code == 422, url
        assert repeated_ids(response.content.decode()) == [], url
