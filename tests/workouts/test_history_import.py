"""Older history in (issue 13, item 5): a season file with the export's columns read into a
plan, shown as a dry run, and applied in one transaction (workouts/history_import.py,
workouts/history_views.py)."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import (
    REFERENCE_SPLITS_MS,
    AthleteFactory,
    SeasonFactory,
    SquadFactory,
    UserFactory,
    prescribed,
    reference_zones,
)
from workouts import history_import, services
from workouts.api.export import REP_COLUMNS
from workouts.models import HistoryUpload, RepTarget, Split, SplitMethod

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/exports/season/"
COMPARED = [
    c
    for c in REP_COLUMNS
    if c not in ("athlete_id", "session_id", "split_entered_by", "split_entered_at")
]


def today():
    return timezone.localdate()


def model_counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for app in ("athletes", "workouts")
        for m in apps.get_app_config(app).get_models()
    }


def csv_bytes(rows: list[dict], columns=REP_COLUMNS, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def row(day, athlete="Mateo", template="Breakdowns", rep=1, distance="1000", **more) -> dict:
    values = {
        "date": day.isoformat() if hasattr(day, "isoformat") else day,
        "athlete": athlete,
        "template": template,
        "session": template,
        "rep": rep,
        "distance_m": distance,
        "duration_s": "",
        "target_zone": "5K",
        "target_ms": "174000",
        "split_ms": "172000",
    }
    values.update(more)
    return values


def simple_file(sessions: int = 1, athletes=("Mateo", "Priya"), reps: int = 3) -> bytes:
    rows = []
    for s in range(sessions):
        for name in athletes:
            for n in range(1, reps + 1):
                rows.append(row(today() - timedelta(days=s + 1), athlete=name, rep=n))
    return csv_bytes(rows)


@pytest.fixture
def home():
    coach = UserFactory(username="importer")
    squad = SquadFactory(name="Importers", coaches=[coach])
    AthleteFactory(squad=squad, name="Mateo")
    AthleteFactory(squad=squad, name="Priya")
    return squad, coach


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dry_run(client, squad, data: bytes, name="season.csv"):
    return client.post(
        reverse("workouts:history_import", args=[squad.pk]),
        {"file": SimpleUploadedFile(name, data, "text/csv")},
    )


def apply(client, squad, data: bytes):
    return client.post(
        reverse("workouts:history_import_apply", args=[squad.pk]),
        {"sha256": history_import.file_sha256(data)},
    )


def read(data: bytes, squad) -> history_import.Plan:
    return history_import.plan_for_squad(data, squad=squad)


def export_csv(coach, season) -> bytes:
    client = APIClient()
    client.force_login(coach)
    response = client.get(EXPORT, {"season": season.pk, "format": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- round trip


def test_a_season_exported_and_imported_into_another_squad_comes_back_the_same():
    """The reference session on three dates for two athletes, with an override, a removal
    and reports, exported, then imported into a fresh squad with the same names: the new
    squad's export holds the same splits, targets and reports."""
    coach = UserFactory(username="source_coach")
    source = SquadFactory(name="Source", coaches=[coach])
    mateo = reference_zones(
        AthleteFactory(squad=source, name="Mateo"), coach, today() - timedelta(days=60)
    )
    priya = reference_zones(
        AthleteFactory(squad=source, name="Priya Okafor"), coach, today() - timedelta(days=60)
    )
    template = None
    for days in (20, 13, 6):
        session = (
            prescribed(
                athletes=[mateo, priya],
                coach=coach,
                on=today() - timedelta(days=days),
                name="1,000m Breakdowns",
            )
            if template is None
            else services.session_prescribe(
                version=template.versions.get(),
                on=today() - timedelta(days=days),
                athletes=[mateo, priya],
                by=coach,
            )
        )
        template = session.template
        for assignment in session.assignments.all():
            reps = list(session.reps.order_by("n"))
            count = 16 if assignment.athlete == mateo else 12
            services.splits_record_many(
                assignment=assignment,
                entries=[
                    services.SplitToRecord(rep=r, time_ms=t)
                    for r, t in zip(reps[:count], REFERENCE_SPLITS_MS, strict=False)
                ],
                client_key=uuid.uuid4(),
                entered_by=coach,
            )
            services.report_save(
                assignment=assignment,
                rpe=8,
                note="Windy, back straight",
                done=True,
                client_key=uuid.uuid4(),
                entered_by=coach,
            )
        first = RepTarget.objects.filter(
            assignment__session=session, assignment__athlete=priya, rep__n=3
        ).get()
        services.target_override(target=first, time_ms=76_000, note="legs", by=coach)
        services.split_remove(
            assignment=session.assignments.get(athlete=mateo),
            rep=session.reps.get(n=16),
            client_key=uuid.uuid4(),
            entered_by=coach,
        )
    season = SeasonFactory(squad=source, start=today() - timedelta(days=30), end=today())
    exported = export_csv(coach, season)
    assert exported.count(b"\n") == 1 + 3 * 2 * 16

    new_coach = UserFactory(username="new_coach")
    fresh = SquadFactory(name="Fresh", coaches=[new_coach])
    AthleteFactory(squad=fresh, name="Mateo")
    AthleteFactory(squad=fresh, name="priya okafor")  # matched ignoring case
    client = signed_in(new_coach)
    answer = dry_run(client, fresh, exported)
    assert answer.status_code == 200
    plan = answer.context["plan"]
    assert plan.bad_rows == []
    assert answer.context["counts"] == {
        "templates": 1,
        "versions": 1,
        "sessions": 3,
        "assignments": 6,
        "splits": 3 * (15 + 12),
        "reports": 6,
    }
    done = apply(client, fresh, exported)
    assert done.status_code == 200, done.content.decode()[:2000]
    assert done.context["created"]["splits"] == 81
    assert done.context["created"]["sessions"] == 3
    again = export_csv(new_coach, SeasonFactory(squad=fresh, start=season.start, end=season.end))

    def comparable(data: bytes) -> list[dict]:
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        for r in rows:
            r["athlete"] = r["athlete"].casefold()
        return sorted(
            ({c: r[c] for c in COMPARED} for r in rows),
            key=lambda r: (r["date"], r["athlete"], int(r["rep"])),
        )

    assert comparable(again) == comparable(exported)
    split = Split.objects.filter(assignment__session__squad=fresh).first()
    assert split.method == SplitMethod.IMPORTED and split.entered_by == new_coach
    assert split.source_note.startswith("imported; entered by source_coach at ")
    assert (
        RepTarget.objects.filter(
            assignment__session__squad=fresh, override_ms__isnull=False
        ).count()
        == 3 * 2 * 8  # the 1Ks and 500s: the source had no 800 or 400 zone
    )


# ---------------------------------------------------------------- the dry run


def test_the_dry_run_changes_nothing_but_keeps_the_file(home):
    squad, coach = home
    data = simple_file(sessions=2)
    before = model_counts()
    answer = dry_run(signed_in(coach), squad, data)
    assert answer.status_code == 200
    after = model_counts()
    assert after.pop("workouts.HistoryUpload") == before.pop("workouts.HistoryUpload") + 1
    assert after == before
    assert answer.context["counts"]["splits"] == 12
    page = answer.content.decode()
    assert "Dry run" in page and ">Import</button>" in page


def test_the_dry_run_takes_the_same_queries_whatever_the_file_holds(home):
    """Constant (17 here, whatever the number of rows or sessions): the sign-in's, the
    squad and "coach of it?", then plan_for_squad's three (athletes, templates, sessions)
    and staging the file (drop stale uploads, update_or_create in a savepoint). Never per
    row, nor per session."""
    squad, coach = home
    client = signed_in(coach)
    counts = []
    for sessions in (1, 20):
        with CaptureQueriesContext(connection) as queries:
            assert (
                dry_run(client, squad, simple_file(sessions=sessions, reps=10)).status_code == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1] == 17, counts


def test_the_upload_page_is_a_plain_form_and_loads_its_progress_script(home):
    squad, coach = home
    page = (
        signed_in(coach).get(reverse("workouts:history_import", args=[squad.pk])).content.decode()
    )
    assert 'enctype="multipart/form-data"' in page and 'hx-encoding="multipart/form-data"' in page
    assert "js/upload-progress.js" in page and "<progress" in page
    calendar = (
        signed_in(coach).get(reverse("workouts:squad_calendar", args=[squad.pk])).content.decode()
    )
    assert reverse("workouts:history_import", args=[squad.pk]) in calendar


# ---------------------------------------------------------------- rows it cannot read


def lines_and_reasons(plan) -> list[tuple[int, str]]:
    return [(bad.line, bad.why) for bad in plan.bad_rows]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        ({"date": "2026-13-45"}, 3, "not a date"),
        ({"date": "1901-01-01"}, 3, "check the year"),
        ({"athlete": "Nobody Here"}, 3, "no athlete called"),
        ({"split_ms": "2:5x"}, 3, "whole number"),
        ({"split_ms": "", "split": "fast"}, 3, "not a time"),
        ({"rep": "zero"}, 3, "rep number"),
        ({"distance_m": "far"}, 3, "not a number"),
        ({"distance_m": "", "duration_s": ""}, 3, "one of the two"),
        ({"target_zone": "@@"}, 3, "not a target"),
        ({"rpe": "11"}, 3, "effort from 1 to 10"),
        ({"done": "maybe"}, 3, "true or false"),
        ({"target_ms": "1000"}, 3, "target"),
    ],
)
def test_a_bad_row_is_reported_with_its_line(home, change, line, words):
    squad, _ = home
    rows = [row(today() - timedelta(days=2), rep=n) for n in (1, 2, 3)]
    rows[1].update(change)
    plan = read(csv_bytes(rows), squad)
    assert plan.blocked
    assert plan.bad_rows[0].line == line and words in plan.bad_rows[0].why.lower(), plan.bad_rows
    # Only that row: its session is not also reported for the rep the row held, unless the
    # date itself is unreadable (then the row belongs to no session, and rep 2 is missing).
    assert len(plan.bad_rows) == (2 if "date" in change else 1), plan.bad_rows


def test_rep_numbers_with_a_gap_are_reported(home):
    squad, _ = home
    rows = [row(today() - timedelta(days=2), rep=n) for n in (1, 2, 4)]
    plan = read(csv_bytes(rows), squad)
    assert lines_and_reasons(plan) == [
        (4, f"Rep 4 of Mateo on {today() - timedelta(days=2)} follows rep 2: rep 3 missing.")
    ]


def test_a_distance_that_differs_between_athletes_of_one_session_is_reported(home):
    squad, _ = home
    day = today() - timedelta(days=2)
    rows = [row(day, rep=n) for n in (1, 2)] + [
        row(day, athlete="Priya", rep=1),
        row(day, athlete="Priya", rep=2, distance="500"),
    ]
    plan = read(csv_bytes(rows), squad)
    assert [bad.line for bad in plan.bad_rows] == [5]
    assert "Rep 2 is 500m @5K here but 1K @5K for Mateo (line 3)" in plan.bad_rows[0].why
    assert plan.sessions == []


def test_a_rep_twice_and_reports_that_disagree_are_reported(home):
    squad, _ = home
    day = today() - timedelta(days=2)
    rows = [row(day, rep=1, rpe="7"), row(day, rep=1, rpe="7"), row(day, rep=2, rpe="8")]
    plan = read(csv_bytes(rows), squad)
    assert [bad.line for bad in plan.bad_rows] == [3, 4]
    assert "appears twice" in plan.bad_rows[0].why and "differ from line 2" in plan.bad_rows[1].why


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "NUL"),
        (b"date,athlete\n2026-01-01,Mateo\n", "missing template, rep"),
        (b"hello world", "missing date"),
        (b"date,athlete,template,rep,distance_m,duration_s,target_zone\n\x00", "NUL"),
        (b"\xff\xfe\x00d\x00a", "NUL"),
    ],
)
def test_a_file_it_cannot_read_at_all_is_one_reason_at_line_1(home, data, words):
    squad, _ = home
    plan = read(data, squad)
    assert plan.blocked and len(plan.bad_rows) == 1
    assert plan.bad_rows[0].line == 1 and words in plan.bad_rows[0].why


def test_a_column_missing_is_named(home):
    squad, _ = home
    columns = [c for c in REP_COLUMNS if c != "distance_m"]
    plan = read(csv_bytes([row(today() - timedelta(days=2))], columns=columns), squad)
    assert lines_and_reasons(plan) == [(1, "Not the season export's header: missing distance_m.")]


def test_a_row_with_too_many_cells_is_reported(home):
    squad, _ = home
    data = simple_file() + b"a,b\n"
    plan = read(data, squad)
    assert lines_and_reasons(plan) == [(8, f"2 cells, but the header has {len(REP_COLUMNS)}")]


def test_a_byte_order_mark_excel_semicolons_and_windows_1252_are_read(home):
    squad, _ = home
    rows = [row(today() - timedelta(days=2), rep=n, note="Café") for n in (1, 2)]
    for data in (
        b"\xef\xbb\xbf" + csv_bytes(rows),
        csv_bytes(rows, delimiter=";").decode().encode("cp1252"),
        csv_bytes(rows).replace(b"\n", b"\r\n"),
    ):
        plan = read(data, squad)
        assert plan.bad_rows == [] and len(plan.sessions) == 1
        assert plan.sessions[0].athletes[next(iter(plan.sessions[0].athletes))].report == (
            None,
            "Café",
            False,
        )


def test_a_file_over_20_mb_is_refused_before_it_is_read(home):
    squad, coach = home
    big = simple_file() + b"#" * (20 * 1024 * 1024)
    before = model_counts()
    answer = dry_run(signed_in(coach), squad, big)
    assert answer.status_code == 422
    assert "a season file is at most 20 MB" in answer.content.decode()
    assert model_counts() == before
    assert "over 20 MB" in read(big, squad).bad_rows[0].why


def test_bad_rows_block_the_import(home):
    squad, coach = home
    data = csv_bytes(
        [row(today() - timedelta(days=2)), row(today() - timedelta(days=2), athlete="Ghost", rep=2)]
    )
    client = signed_in(coach)
    answer = dry_run(client, squad, data)
    page = answer.content.decode()
    assert "1 row cannot be read" in page and "Ghost" in page and ">Import</button>" not in page
    before = model_counts()
    refused = apply(client, squad, data)
    assert refused.status_code == 422
    assert model_counts() == before


# ---------------------------------------------------------------- applying


def test_a_failure_in_the_middle_imports_nothing(home, monkeypatch):
    squad, coach = home
    data = simple_file(sessions=6)
    client = signed_in(coach)
    assert dry_run(client, squad, data).status_code == 200
    real, calls = services.session_prescribe, []

    def fifth_fails(**kwargs):
        calls.append(kwargs["on"])
        if len(calls) == 5:
            raise services.WorkoutRuleError("The track is closed.")
        return real(**kwargs)

    monkeypatch.setattr(services, "session_prescribe", fifth_fails)
    before = model_counts()
    answer = apply(client, squad, data)
    assert answer.status_code == 422
    assert "The track is closed. Nothing was imported." in answer.content.decode()
    assert len(calls) == 5
    assert model_counts() == before
    assert HistoryUpload.objects.get().imported_at is None


def test_importing_the_same_file_twice_creates_nothing_the_second_time(home):
    squad, coach = home
    data = simple_file(sessions=3)
    client = signed_in(coach)
    dry_run(client, squad, data)
    first = apply(client, squad, data)
    assert first.context["created"]["splits"] == 18 and first.context["created"]["reports"] == 0
    after_first = model_counts()
    again = dry_run(client, squad, data)
    assert "importing it again creates nothing new" in again.content.decode()
    assert again.context["counts"]["templates"] == 0 and again.context["counts"]["sessions"] == 0
    second = apply(client, squad, data)
    assert second.status_code == 200
    assert set(second.context["created"].values()) == {0}
    assert model_counts() == after_first
    # Applying the plan again directly (the keys replay) also creates nothing.
    plan = read(data, squad)
    assert set(history_import.plan_apply(plan=plan, squad=squad, by=coach).values()) == {0}


def test_a_template_of_the_same_name_is_reused_and_a_new_rep_list_is_a_new_version(home):
    squad, coach = home
    athlete = squad.athletes.get(name="Mateo")
    prescribed(
        athletes=[athlete],
        coach=coach,
        notation="1K @5K, 1K @5K",
        rules="",
        defaults="",
        name="Breakdowns",
        on=today() - timedelta(days=9),
    )
    data = simple_file(sessions=1, athletes=("Mateo",), reps=3)
    plan = read(data, squad)
    assert plan.counts()["templates"] == 0
    created = history_import.plan_apply(plan=plan, squad=squad, by=coach)
    assert created["templates"] == 0 and created["versions"] == 1 and created["sessions"] == 1


def test_an_unread_staged_file_is_asked_for_again(home):
    squad, coach = home
    answer = apply(signed_in(coach), squad, b"never uploaded")
    assert answer.status_code == 302
    assert answer.url == reverse("workouts:history_import", args=[squad.pk])


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize(
    ("method", "url_name"),
    [
        ("get", "workouts:history_import"),
        ("post", "workouts:history_import"),
        ("post", "workouts:history_import_apply"),
    ],
)
def test_only_the_squads_coach_or_staff_may_import(home, method, url_name):
    """The squad's coach and staff: answered. Another squad's coach, an athlete of the
    squad: 404, nothing written. Anonymous: to the sign-in page."""
    squad, coach = home
    data = simple_file()
    other = UserFactory(username="other_coach")
    SquadFactory(name="Other", coaches=[other])
    athlete_user = UserFactory(username="athlete_login")
    AthleteFactory(squad=squad, name="With login", user=athlete_user)
    staff = UserFactory(username="staff_user", is_staff=True)
    url = reverse(url_name, args=[squad.pk])

    def ask(client):
        if method == "get":
            return client.get(url)
        if url_name.endswith("apply"):
            return client.post(url, {"sha256": history_import.file_sha256(data)})
        return client.post(url, {"file": SimpleUploadedFile("s.csv", data, "text/csv")})

    if url_name.endswith("apply"):  # staged by the coach's dry run
        assert dry_run(signed_in(coach), squad, data).status_code == 200
    before = model_counts()
    for user in (other, athlete_user):
        assert ask(signed_in(user)).status_code == 404
    anonymous = ask(Client())
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    assert model_counts() == before
    assert ask(signed_in(staff)).status_code == 200
    assert ask(signed_in(coach)).status_code in (200, 302)


def test_a_session_the_squad_already_holds_with_other_reps_blocks_the_dry_run(home):
    """Found by importing the demo squad's own export back into it: the dry run said the
    sessions were "already there" and offered Import, which then refused. The clash is now
    named in the dry run and nothing is offered."""
    squad, coach = home
    day = today() - timedelta(days=1)
    prescribed(
        athletes=list(squad.athletes.all()),
        coach=coach,
        notation="2 x 1K @5K",
        rules="",
        defaults="",
        name="Breakdowns",
        on=day,
    )
    data = simple_file(sessions=1)  # "Breakdowns" on the same day, with three reps
    plan = read(data, squad)
    assert plan.blocked and [s.day for s in plan.clashes] == [day]

    client = signed_in(coach)
    page = dry_run(client, squad, data).content.decode()
    assert "1 session clashes with the squad's own" in page
    assert "clashes with the session already on this day" in page
    assert ">Import</button>" not in page
    before = model_counts()
    assert apply(client, squad, data).status_code == 422
    assert model_counts() == before


def test_a_file_overlapping_an_earlier_import_is_not_a_clash(home):
    squad, coach = home
    first = simple_file(sessions=2)
    history_import.plan_apply(plan=read(first, squad), squad=squad, by=coach)
    overlapping = simple_file(sessions=3)  # the same two days and one more
    plan = read(overlapping, squad)
    assert not plan.clashes and not plan.blocked
    assert plan.counts()["sessions"] == 1
    created = history_import.plan_apply(plan=plan, squad=squad, by=coach)
    assert created["sessions"] == 1 and created["splits"] == 6  # only the new day's
