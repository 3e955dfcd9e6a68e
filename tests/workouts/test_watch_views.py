"""Laps from a watch: the athlete (or their coach) uploads the run's FIT activity file, checks
the preview, saves. Through the test client, with files made by Garmin's encoder."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import REFERENCE_SPLITS_MS, prescribed, reference_zones
from tests.workouts.fit_activities import activity, reference_laps
from workouts import selectors
from workouts.models import Split, SplitMethod

REFERENCE_FILE = activity(reference_laps())


@pytest.fixture
def world(squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    reference_zones(me, coach)
    session = prescribed(athletes=[me, squad_world["teammate"]], coach=coach, name="Breakdowns")
    return {**squad_world, "session": session, "assignment": session.assignments.get(athlete=me)}


def url(assignment):
    return reverse("workouts:splits_watch", args=[assignment.pk])


def upload(client, assignment, data: bytes, name="run.fit"):
    fit_file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(url(assignment), {"fit_file": fit_file, "preview": "1"})


def shown_fields(response) -> dict[str, str]:
    """What the preview's save form would send as it stands."""
    rows = response.context["rows"]
    fields = {name: rows[name].value() or "" for name in rows.fields}
    return {**fields, "laps": response.context["laps_token"], "save": "1"}


def standing(assignment) -> dict[int, int]:
    cells = selectors.athlete_session(assignment=assignment).cells
    return {cell.rep.n: cell.split.time_ms for cell in cells if cell.split}


def test_the_session_page_offers_the_upload(client, world):
    client.force_login(world["me"].user)

    page = client.get(reverse("workouts:session_detail", args=[world["session"].pk]))

    text = page.content.decode()
    assert "Upload laps from your watch (.fit)" in text
    assert 'enctype="multipart/form-data"' in text and 'accept=".fit' in text
    assert url(world["assignment"]) in text


def test_the_reference_file_previews_all_sixteen_sure_and_saves_nothing_yet(client, world):
    client.force_login(world["me"].user)

    response = upload(client, world["assignment"], REFERENCE_FILE)

    assert response.status_code == 200
    rows = response.context["preview"].rows
    assert [row.match.confidence for row in rows] == ["sure"] * 16
    assert [round(row.reading_s * 1000) for row in rows] == REFERENCE_SPLITS_MS
    text = response.content.decode()
    assert "lap 2: 1,003 m for 1K, 2:52.0" in text and "Save these splits" in text
    assert Split.objects.count() == 0


def test_saving_records_every_split_as_watch_and_the_same_file_again_adds_nothing(client, world):
    client.force_login(world["me"].user)
    assignment = world["assignment"]
    preview = upload(client, assignment, REFERENCE_FILE)

    saved = client.post(url(assignment), shown_fields(preview))

    assert saved.status_code == 302
    assert saved["Location"] == reverse("workouts:session_detail", args=[world["session"].pk])
    assert standing(assignment) == dict(enumerate(REFERENCE_SPLITS_MS, start=1))
    assert set(Split.objects.values_list("method", flat=True)) == {SplitMethod.WATCH}
    # A double submit, and the same file uploaded and saved again: nothing more.
    client.post(url(assignment), shown_fields(preview))
    again = upload(client, assignment, REFERENCE_FILE)
    assert "saved already" in again.content.decode()
    client.post(url(assignment), shown_fields(again))
    assert Split.objects.count() == 16


def test_a_fixed_row_and_a_cleared_row_are_saved_as_the_athlete_left_them(client, world):
    client.force_login(world["me"].user)
    assignment = world["assignment"]
    fields = shown_fields(upload(client, assignment, REFERENCE_FILE))

    fields.update(time_1="2:51.5", time_2="")
    client.post(url(assignment), fields)

    now = standing(assignment)
    assert now[1] == 171_500 and 2 not in now and len(now) == 15


def test_a_rep_with_a_split_shows_it_and_says_the_watch_would_replace_it(client, world):
    client.force_login(world["me"].user)
    assignment = world["assignment"]
    client.post(
        reverse("workouts:split_save", args=[assignment.pk]),
        {"rep": 1, "time": "2:55", "client_key": "8d7f3f5e-0000-4000-8000-000000000001"},
    )

    response = upload(client, assignment, REFERENCE_FILE)

    assert "Saved now: 2:55.0 · the watch's time would replace it" in response.content.decode()
    client.post(url(assignment), shown_fields(response))
    assert standing(assignment)[1] == 172_000
    assert Split.objects.filter(rep__n=1).count() == 2  # the typed one stays in the history


def test_a_missed_lap_press_shows_both_reps_unmatched_and_lists_the_lap(client, world):
    client.force_login(world["me"].user)
    laps = reference_laps()
    laps = [laps[0], (1003 + 400 + 998, 546, "active"), *laps[4:]]

    response = upload(client, world["assignment"], activity(laps))

    rows = response.context["preview"].rows
    assert [row.match.confidence for row in rows[:2]] == ["unmatched", "unmatched"]
    assert response.context["rows"]["time_1"].value() in ("", None)
    text = response.content.decode()
    assert "lap 2: 2,401 m in 9:06.0 could be reps 1–2" in text


CYCLING = activity([(30000, 3600.0, "active")], sport="cycling")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (PNG, "photo.png", "This is not a FIT file"),
        (b"1K 2:52, 2:54\n", "splits.txt", "This is not a FIT file"),
        (REFERENCE_FILE[: len(REFERENCE_FILE) // 2], "run.fit", "damaged or cut short"),
        (CYCLING, "ride.fit", "This is a cycling activity, not a run"),
        (activity([]), "run.fit", "This activity has no laps"),
        (b"", "empty.fit", "The submitted file is empty."),
    ],
    ids=["png", "text", "truncated", "cycling", "no-laps", "empty"],
)
def test_a_bad_upload_gets_a_clear_message_and_changes_nothing(client, world, data, name, says):
    client.force_login(world["me"].user)
    before = Split.objects.count()

    response = upload(client, world["assignment"], data, name)

    assert response.status_code == 422
    assert says in response.content.decode().replace("&#x27;", "'")
    assert "Save these splits" not in response.content.decode()
    assert Split.objects.count() == before


def test_a_50_mb_upload_is_refused_by_its_size(client, world):
    client.force_login(world["me"].user)

    response = upload(client, world["assignment"], b"\x0e" * (50 * 1024 * 1024))

    assert response.status_code == 422
    assert "This file is over 5 MB" in response.content.decode()
    assert Split.objects.count() == 0


def test_no_file_at_all_is_asked_for(client, world):
    client.force_login(world["me"].user)

    response = client.post(url(world["assignment"]), {"preview": "1"})

    assert response.status_code == 422 and "Choose the .fit file" in response.content.decode()


@pytest.mark.parametrize(
    ("token", "says"),
    [("nonsense", "could not be read back"), ("", "This field is required")],
)
def test_a_save_with_laps_not_of_our_making_changes_nothing(client, world, token, says):
    client.force_login(world["me"].user)

    response = client.post(url(world["assignment"]), {"laps": token, "save": "1", "time_1": "2:52"})

    assert response.status_code == 422 and says in response.content.decode()
    assert Split.objects.count() == 0


def test_laps_read_for_one_athlete_cannot_be_saved_for_another(client, world):
    client.force_login(world["coach"])
    mine = world["assignment"]
    theirs = world["session"].assignments.get(athlete=world["teammate"])
    fields = shown_fields(upload(client, mine, REFERENCE_FILE))

    response = client.post(url(theirs), fields)

    assert response.status_code == 422 and "another session" in response.content.decode()
    assert Split.objects.count() == 0


def test_an_implausible_edit_asks_for_a_yes(client, world):
    client.force_login(world["me"].user)
    fields = shown_fields(upload(client, world["assignment"], REFERENCE_FILE))

    fields["time_3"] = "0:20"
    response = client.post(url(world["assignment"]), fields)

    assert response.status_code == 422 and "accept_3" in response.context["rows"].fields
    assert Split.objects.count() == 0
    fields["accept_3"] = "on"
    assert client.post(url(world["assignment"]), fields).status_code == 302
    assert standing(world["assignment"])[3] == 20_000


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize(
    ("who", "expected"),
    [("me", 302), ("coach", 302), ("staff", 302), ("teammate", 404), ("other_coach", 404)],
)
def test_who_may_upload_and_save(client, world, who, expected):
    owner = client_for(world, "me")
    fields = shown_fields(upload(owner, world["assignment"], REFERENCE_FILE))
    client = client_for(world, who)

    preview = upload(client, world["assignment"], REFERENCE_FILE)
    saved = client.post(url(world["assignment"]), fields)

    assert preview.status_code == (200 if expected == 302 else 404)
    assert saved.status_code == expected
    assert Split.objects.count() == (16 if expected == 302 else 0)


def client_for(world, who):
    from django.test import Client

    client = Client()
    user = {
        "me": world["me"].user,
        "teammate": world["teammate"].user,
        "coach": world["coach"],
        "other_coach": world["other_coach"],
        "staff": world["staff"],
    }[who]
    client.force_login(user)
    return client


def test_the_coach_saves_from_the_athletes_page_and_returns_to_it(client, world):
    client.force_login(world["coach"])
    assignment = world["assignment"]

    saved = client.post(url(assignment), shown_fields(upload(client, assignment, REFERENCE_FILE)))

    assert saved["Location"] == reverse("workouts:assignment_detail", args=[assignment.pk])
    assert Split.objects.filter(entered_by=world["coach"]).count() == 16


def test_anonymous_is_sent_to_sign_in(client, world):
    response = upload(client, world["assignment"], REFERENCE_FILE)

    assert response.status_code == 302 and re.match(r"^/(accounts/)?login", response["Location"])
    assert Split.objects.count() == 0


def test_an_upload_without_the_csrf_token_is_refused_and_with_it_is_read(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["me"].user)
    page = client.get(url(world["assignment"]))
    token = page.context["csrf_token"]
    fit_file = SimpleUploadedFile("run.fit", REFERENCE_FILE)

    refused = client.post(url(world["assignment"]), {"fit_file": fit_file, "preview": "1"})
    fit_file.seek(0)
    data = {"csrfmiddlewaretoken": str(token), "fit_file": fit_file, "preview": "1"}
    read = client.post(url(world["assignment"]), data)

    assert refused.status_code == 403
    assert read.status_code == 200 and "Save these splits" in read.content.decode()
