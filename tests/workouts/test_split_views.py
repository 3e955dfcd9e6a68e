"""An athlete records splits on a phone, pastes a line from a log, says how it went; the
coach sees it on the grid. Through the test client, as the athlete and the coach would."""

import html
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    REFERENCE_LINES,
    REFERENCE_SPLITS_MS,
    AthleteFactory,
    SquadFactory,
    UserFactory,
    prescribed,
    reference_zones,
)
from workouts import selectors, services
from workouts.models import SessionReport, Split

HTMX = {"HX-Request": "true"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def world(squad_world):
    """squad_world with "me" at 14:30 5K / 4:00 mile in today's reference session."""
    me, coach = squad_world["me"], squad_world["coach"]
    reference_zones(me, coach)
    session = prescribed(athletes=[me, squad_world["teammate"]], coach=coach, name="Breakdowns")
    return {**squad_world, "session": session, "assignment": session.assignments.get(athlete=me)}


def url(name, assignment):
    return reverse(f"workouts:{name}", args=[assignment.pk])


def save(client, assignment, rep, time, htmx=True, **more):
    data = {"rep": rep, "time": time, "client_key": str(uuid.uuid4()), **more}
    return client.post(url("split_save", assignment), data, headers=HTMX if htmx else {})


def standing(assignment):
    return {
        cell.rep.n: cell.split.time_ms
        for cell in selectors.athlete_session(assignment=assignment).cells
        if cell.split
    }


def card(response, n):
    """The rep's card in the answer, as text."""
    page = response.content.decode()
    start = page.index(f'id="rep-{n}"')
    end = page.find('class="rep-card', start)
    return html.unescape(page[start : end if end > 0 else len(page)])


# ---------------------------------------------------------------- one rep at a time


def test_a_split_saved_through_htmx_comes_back_on_its_card_against_the_target(client, world):
    login(client, world["me"].user)

    response = save(client, world["assignment"], 1, "2:52")

    assert response.status_code == 200
    shown = card(response, 1)
    assert response.content.decode().lstrip().startswith('<li class="rep-card')
    assert "2:54.0" in shown and "2:52.0" in shown and "−2.0" in shown  # target, split, diff
    assert standing(world["assignment"]) == {1: 172_000}
    assert Split.objects.get().entered_by == world["me"].user


def test_without_javascript_the_form_goes_back_to_the_page_at_the_next_rep(client, world):
    login(client, world["me"].user)

    response = save(client, world["assignment"], 1, "2:52", htmx=False)

    assert response.status_code == 302
    page = reverse("workouts:session_detail", args=[world["session"].pk])
    assert response["Location"] == f"{page}#rep-2"
    assert standing(world["assignment"]) == {1: 172_000}


def test_the_coach_records_for_an_athlete_and_stays_on_the_athletes_page(client, world):
    login(client, world["coach"])

    response = save(client, world["assignment"], 3, "1:15.1", htmx=False)

    assert response["Location"] == f"{url('assignment_detail', world['assignment'])}#rep-4"
    assert Split.objects.get().entered_by == world["coach"]


def test_a_correction_shows_the_new_time_and_keeps_the_old_in_the_history(client, world):
    login(client, world["me"].user)
    save(client, world["assignment"], 1, "2:25")

    shown = card(save(client, world["assignment"], 1, "2:52"), 1)

    assert "2:52.0" in shown and "<s>2:25.0</s>" in shown and "Corrected · history" in shown
    assert standing(world["assignment"]) == {1: 172_000}


@pytest.mark.parametrize(
    ("rep", "typed", "why"),
    [(1, "0:28", "faster than world-record pace"), (5, "4:05", "slower than a brisk walk")],
)
def test_an_implausible_time_asks_to_confirm_and_saves_nothing_until_it_is(
    client, world, rep, typed, why
):
    login(client, world["me"].user)

    refused = save(client, world["assignment"], rep, typed)

    assert refused.status_code == 422
    shown = card(refused, rep)
    assert why in shown and "Confirm to save it anyway" in shown and "Yes, save" in shown
    assert typed in shown  # what was typed stays in the field
    assert not Split.objects.exists()

    confirmed = save(client, world["assignment"], rep, typed, confirm="on")

    assert confirmed.status_code == 200 and "(confirmed)" in card(confirmed, rep)
    split = Split.objects.get()
    assert split.confirmed_implausible and split.rep.n == rep


def test_an_implausible_time_without_javascript_comes_back_on_the_whole_page(client, world):
    login(client, world["me"].user)

    refused = save(client, world["assignment"], 1, "0:28", htmx=False)

    assert refused.status_code == 422
    assert "<h1>Breakdowns</h1>" in refused.content.decode()
    assert "Confirm to save it anyway" in card(refused, 1)
    assert not Split.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message", "offered"),
    [
        ("43.926.4", "two splits run together? 43.9 and 26.4", None),
        ("abc", "Couldn't read 'abc'", None),
        ("2.52", "could be seconds or minutes", "Use 2:52.0"),
    ],
)
def test_a_time_that_cannot_be_read_says_why_and_saves_nothing(
    client, world, typed, message, offered
):
    login(client, world["me"].user)

    response = save(client, world["assignment"], 1, typed)

    assert response.status_code == 422
    shown = card(response, 1)
    assert message in shown and f'value="{typed}"' in shown
    assert (offered in shown) if offered else ("Use " not in shown)
    assert not Split.objects.exists()


def test_a_rep_not_in_the_session_is_404(client, world):
    login(client, world["me"].user)
    assert save(client, world["assignment"], 17, "2:52").status_code == 404
    assert save(client, world["assignment"], "x", "2:52").status_code == 404
    assert not Split.objects.exists()


def test_a_double_tap_records_one_split(client, world):
    login(client, world["me"].user)
    data = {"rep": 1, "time": "2:52", "client_key": str(uuid.uuid4())}
    for _ in range(2):
        client.post(url("split_save", world["assignment"]), data, headers=HTMX)
    assert Split.objects.count() == 1


def test_removing_a_split_empties_the_card_and_keeps_it_in_the_history(client, world):
    login(client, world["me"].user)
    save(client, world["assignment"], 1, "2:52")
    removal = {"rep": 1, "client_key": str(uuid.uuid4())}

    response = client.post(url("split_remove", world["assignment"]), removal, headers=HTMX)
    again = client.post(url("split_remove", world["assignment"]), removal)

    assert response.status_code == 200
    shown = card(response, 1)
    assert '<b class="split">' not in shown and 'value="2:52.0"' not in shown  # no split
    assert "removed — me" in shown and "<s>2:52.0</s> — me" in shown  # both kept
    assert "Removed · history" in shown
    assert again.status_code == 302 and again["Location"].endswith("#rep-1")
    assert standing(world["assignment"]) == {} and Split.objects.count() == 2


# ---------------------------------------------------------------- a pasted line


class _Fields(HTMLParser):
    """The name and value of every field of the page's forms, as a browser would send
    them (a checkbox only when ticked)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            if attrs.get("type") in ("submit", "button"):
                return
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            field = self._textarea
            self.fields[field] = self.fields[field].removeprefix("\n")
            self._textarea = None


def fields_of(response) -> dict[str, str]:
    parser = _Fields()
    parser.feed(response.content.decode())
    return parser.fields


def test_pasting_the_coachs_lines_previews_then_saves_sixteen_splits(client, world):
    assignment = world["assignment"]
    login(client, world["me"].user)
    paste = url("splits_paste", assignment)
    assert client.get(paste).status_code == 200

    preview = client.post(
        paste, {"text": REFERENCE_LINES, "client_key": str(uuid.uuid4()), "preview": "1"}
    )

    assert preview.status_code == 200
    page = html.unescape(preview.content.decode())
    assert page.count('<li class="paste-row') == 16 and page.count("paste-row flagged") == 2
    assert "From “43.926.4”" in page and "Use 43.9" in page and "Use 26.4" in page
    assert not Split.objects.exists()  # a preview saves nothing
    shown = fields_of(preview)
    assert [shown[f"time_{n}"] for n in (1, 3, 15, 16)] == ["2:52.0", "1:15.1", "43.9", "26.4"]
    assert "accept_15" not in shown  # not ticked until the athlete ticks it

    unticked = client.post(paste, {**shown, "save": "1"})

    assert unticked.status_code == 422
    assert "Tick “Use 43.9” or type the time." in html.unescape(unticked.content.decode())
    assert not Split.objects.exists()

    ticked = {**shown, "save": "1", "accept_15": "on", "accept_16": "on"}
    saved = client.post(paste, ticked)

    assert saved.status_code == 302
    assert saved["Location"] == reverse("workouts:session_detail", args=[world["session"].pk])
    assert [standing(assignment)[n] for n in range(1, 17)] == REFERENCE_SPLITS_MS
    assert set(Split.objects.values_list("method", flat=True)) == {"pasted"}
    assert "Saved 16 splits." in client.get(saved["Location"]).content.decode()

    assert client.post(paste, ticked).status_code == 302  # the same form sent again
    assert Split.objects.count() == 16


def test_a_flagged_rep_saves_with_a_time_typed_instead_of_the_tick(client, world):
    login(client, world["me"].user)
    paste = url("splits_paste", world["assignment"])
    shown = fields_of(
        client.post(
            paste, {"text": REFERENCE_LINES, "client_key": str(uuid.uuid4()), "preview": "1"}
        )
    )

    saved = client.post(paste, {**shown, "time_15": "43.8", "time_16": "26.5", "save": "1"})

    assert saved.status_code == 302
    assert [standing(world["assignment"])[n] for n in (15, 16)] == [43_800, 26_500]


def test_a_rep_edited_to_a_time_no_runner_runs_asks_for_a_yes_on_its_row(client, world):
    login(client, world["me"].user)
    paste = url("splits_paste", world["assignment"])
    shown = fields_of(
        client.post(paste, {"text": "2:52, 2:54", "client_key": str(uuid.uuid4()), "preview": "1"})
    )

    asked = client.post(paste, {**shown, "time_2": "0:28", "save": "1"})

    assert asked.status_code == 422
    page = html.unescape(asked.content.decode())
    assert "Rep 2: 28.0 for 1K is faster than world-record pace" in page
    assert 'name="accept_2"' in page and "Yes, save it" in page
    assert not Split.objects.exists()  # all or nothing: rep 1 waits for the yes too

    confirmed = client.post(paste, {**fields_of(asked), "accept_2": "on", "save": "1"})

    assert confirmed.status_code == 302
    assert standing(world["assignment"]) == {1: 172_000, 2: 28_000}
    assert Split.objects.get(rep__n=2).confirmed_implausible


def test_without_javascript_the_last_rep_goes_on_to_the_report(client, world):
    login(client, world["me"].user)

    response = save(client, world["assignment"], 16, "26.4", htmx=False)

    assert response["Location"].endswith("#report")


def test_a_short_paste_saves_the_reps_it_has_and_leaves_the_others_empty(client, world):
    login(client, world["me"].user)
    paste = url("splits_paste", world["assignment"])
    shown = fields_of(
        client.post(paste, {"text": "2:52, 2:54", "client_key": str(uuid.uuid4()), "preview": "1"})
    )
    assert shown["time_3"] == ""

    saved = client.post(paste, {**shown, "save": "1"})

    assert saved.status_code == 302
    assert standing(world["assignment"]) == {1: 172_000, 2: 174_000}


def test_a_paste_of_sprints_saves_what_the_preview_read(client, squad_world):
    """A 60m in 7.25: the preview reads it as seconds; the field it fills must read it back."""
    me, coach = squad_world["me"], squad_world["coach"]
    assignment = prescribed(
        athletes=[me], coach=coach, notation="2 x 60m", rules="", defaults=""
    ).assignments.get()
    login(client, me.user)
    paste = url("splits_paste", assignment)
    shown = fields_of(
        client.post(paste, {"text": "7.25, 7.31", "client_key": str(uuid.uuid4()), "preview": "1"})
    )

    saved = client.post(paste, {**shown, "save": "1", "accept_1": "on", "accept_2": "on"})

    assert saved.status_code == 302, html.unescape(saved.content.decode())
    assert standing(assignment) == {1: 7_250, 2: 7_310}


def test_a_sprint_time_on_its_card_saves_again_unchanged(client, squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    assignment = prescribed(
        athletes=[me], coach=coach, notation="2 x 60m", rules="", defaults=""
    ).assignments.get()
    login(client, me.user)
    first = save(client, assignment, 1, '7.25"')
    typed = fields_of(first)["time"]

    again = save(client, assignment, 1, typed)

    assert again.status_code == 200 and Split.objects.count() == 1


def test_the_reading_offered_for_a_sprint_time_saves_when_pressed(client, squad_world):
    me, coach = squad_world["me"], squad_world["coach"]
    assignment = prescribed(
        athletes=[me], coach=coach, notation="2 x 60m", rules="", defaults=""
    ).assignments.get()
    login(client, me.user)

    refused = save(client, assignment, 1, "7.254")
    offered = re.search(r'name="time" value="([^"]+)">Use ', refused.content.decode())[1]
    pressed = save(client, assignment, 1, offered)

    assert refused.status_code == 422 and pressed.status_code == 200
    assert standing(assignment) == {1: 7_250}


def test_an_empty_paste_says_what_to_do_and_saves_nothing(client, world):
    login(client, world["me"].user)
    paste = url("splits_paste", world["assignment"])
    response = client.post(paste, {"text": "", "preview": "1"})
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    shown = fields_of(
        client.post(
            paste, {"text": "no splits here", "client_key": str(uuid.uuid4()), "preview": "1"}
        )
    )
    nothing = client.post(paste, {**shown, "save": "1"})
    assert nothing.status_code == 422
    assert "There is no time to save" in html.unescape(nothing.content.decode())
    assert not Split.objects.exists()


# ---------------------------------------------------------------- how it went


def test_the_report_saves_through_htmx_and_comes_back_saved(client, world):
    login(client, world["me"].user)
    data = {"rpe": "7", "note": "Windy on the back straight.", "done": "on"}

    response = client.post(url("report_save", world["assignment"]), data, headers=HTMX)

    assert response.status_code == 200
    part = response.content.decode()
    assert part.lstrip().startswith('<section id="report"') and "Saved." in part
    assert "Windy on the back straight." in part and 'value="7" selected' in part
    report = SessionReport.objects.get()
    assert (report.rpe, report.done, report.entered_by) == (7, True, world["me"].user)


def test_the_report_without_javascript_goes_back_to_the_report(client, world):
    login(client, world["me"].user)

    response = client.post(url("report_save", world["assignment"]), {"rpe": "8", "note": ""})

    page = reverse("workouts:session_detail", args=[world["session"].pk])
    assert response.status_code == 302 and response["Location"] == f"{page}#report"
    assert SessionReport.objects.get().rpe == 8


@pytest.mark.parametrize(("rpe", "note"), [("11", ""), ("0", ""), ("7", "x" * 2001)])
def test_a_report_out_of_bounds_is_refused_and_saves_nothing(client, world, rpe, note):
    login(client, world["me"].user)

    response = client.post(
        url("report_save", world["assignment"]), {"rpe": rpe, "note": note}, headers=HTMX
    )

    assert response.status_code == 422 and 'class="errorlist"' in response.content.decode()
    assert not SessionReport.objects.exists()


def test_a_refused_report_without_javascript_comes_back_on_the_whole_page(client, world):
    login(client, world["me"].user)

    response = client.post(url("report_save", world["assignment"]), {"rpe": "11", "note": "Hot."})

    assert response.status_code == 422
    page = response.content.decode()
    assert "<h1>Breakdowns</h1>" in page and page.count('class="rep-card') == 16
    assert 'id="report"' in page and 'class="errorlist"' in page and "Hot." in page
    assert not SessionReport.objects.exists()


# ---------------------------------------------------------------- what the coach and athlete see


def test_the_coachs_grid_shows_effort_done_and_corrections(client, world):
    assignment, me = world["assignment"], world["me"].user
    login(client, me)
    save(client, assignment, 1, "2:25")
    save(client, assignment, 1, "2:52")
    save(client, assignment, 2, "2:54")
    client.post(url("split_remove", assignment), {"rep": 2})
    client.post(url("report_save", assignment), {"rpe": "8", "note": "Legs heavy.", "done": "on"})
    login(client, world["coach"])

    grid = client.get(reverse("workouts:session_detail", args=[world["session"].pk]))

    page = html.unescape(grid.content.decode())
    mine = page[page.index(url("assignment_detail", assignment)) : page.index(">Teammate</a>")]
    assert "1 of 16" in mine and "2:52.0" in mine
    assert "RPE 8" in mine and "done ✓" in mine and "Legs heavy." in mine
    assert ">corrected<" in mine and "was 2:25.0 (me," in mine
    assert ">removed<" in mine and "was 2:54.0 (me," in mine
    theirs = page[page.index(">Teammate</a>") :]
    assert "0 of 16" in theirs and "RPE" not in theirs and "corrected" not in theirs


def test_the_athletes_home_shows_splits_in_and_done(client, world):
    assignment = world["assignment"]
    for n, time_ms in enumerate(REFERENCE_SPLITS_MS, start=1):
        services.split_record(
            assignment=assignment,
            rep=assignment.session.reps.get(n=n),
            time_ms=time_ms,
            client_key=uuid.uuid4(),
            entered_by=world["me"].user,
        )
    login(client, world["me"].user)
    home = reverse("workouts:my_sessions")
    assert "done ✓" not in client.get(home).content.decode()
    client.post(url("report_save", assignment), {"rpe": "7", "done": "on"})

    page = client.get(home).content.decode()

    assert "16 of 16" in page and "done ✓" in page and "Breakdowns" in page
    session_page = client.get(reverse("workouts:session_detail", args=[world["session"].pk]))
    assert "16 of 16</strong> splits in" in session_page.content.decode()


def test_the_athletes_page_shows_the_blocks_and_sets_as_the_coach_wrote_them(client, world):
    login(client, world["me"].user)

    page = client.get(reverse("workouts:session_detail", args=[world["session"].pk]))

    text = page.content.decode()
    blocks = re.findall(r'<h2 id="block-\d+" class="block-title">([^<]*)</h2>', text)
    assert blocks == [
        "2 x 1K",
        "500m, 300m, 200m",
        "1 x 1K",
        "2 x (500m, 300m, 200m)",
        "1 x 1K",
        "1 x (500m, 300m, 200m)",
    ]
    assert text.count('class="rep-card') == 16 and "Set 2 of 2" in text


# ---------------------------------------------------------------- queries do not grow


def a_squad_in_a_session(size: int, reps: int):
    coach = UserFactory(username=f"coach{size}x{reps}")
    squad = SquadFactory(coaches=[coach])
    athletes = [
        AthleteFactory(squad=squad, user=UserFactory(username=f"runner{size}x{reps}-{i}"))
        for i in range(size)
    ]
    for athlete in athletes:
        reference_zones(athlete, coach)
    session = prescribed(
        athletes=athletes, coach=coach, notation=f"{reps} x 1K @5K", rules="", defaults=""
    )
    return session.assignments.get(athlete=athletes[0]), athletes[0].user


# The login (2), the assignment and the rep with its target (2); the write in a transaction:
# the lock, the rep's entries and the key in one read, the insert in a savepoint of its own
# (2 + 2 + 3); the card: the rep's history (1).
SPLIT_SAVE_QUERIES = 12


@pytest.mark.parametrize(("athletes", "reps"), [(2, 4), (2, 100), (30, 4), (30, 100)])
def test_an_htmx_split_save_takes_the_same_queries_whatever_the_session_size(
    client, db, athletes, reps, django_assert_num_queries
):
    assignment, user = a_squad_in_a_session(athletes, reps)
    login(client, user)
    save(client, assignment, 1, "2:58")  # the rep has a history: one earlier entry
    save(client, assignment, 2, "2:58")

    with django_assert_num_queries(SPLIT_SAVE_QUERIES):
        response = save(client, assignment, 2, "2:52")

    assert response.status_code == 200 and "Corrected · history" in card(response, 2)


# ---------------------------------------------------------------- who may record


def rows_of_the_session():
    """Every split and report, every column: what a refused write must leave as it was."""
    return (
        list(Split.objects.order_by("pk").values()),
        list(SessionReport.objects.order_by("pk").values()),
    )


# Each write as a plain form, and what it leaves when it is allowed.
WRITES = {
    "split_save": ({"rep": "2", "time": "2:54"}, lambda a: standing(a) == {1: 172_000, 2: 174_000}),
    "split_remove": ({"rep": "1"}, lambda a: standing(a) == {}),
    "splits_paste": (
        {"text": "2:50, 2:51", "save": "1", "time_1": "2:50.0", "time_2": "2:51.0"},
        lambda a: standing(a) == {1: 170_000, 2: 171_000},
    ),
    "report_save": ({"rpe": "7", "note": "Windy.", "done": "on"}, lambda a: a.reports.exists()),
}
PAGES = ["assignment_detail", "splits_paste"]
# Recording is the athlete's or their coach's: a teammate who may read the athlete's results
# (the squad shares them) may not record them.
MAY_RECORD = {
    "me": True,
    "teammate": False,
    "coach": True,
    "other_coach": False,
    "staff": True,
    "nobody": False,
}


@pytest.fixture
def shared_world(world):
    world["squad"].shares_results = True
    world["squad"].save()
    services.split_record(
        assignment=world["assignment"],
        rep=world["session"].reps.get(n=1),
        time_ms=172_000,
        client_key=uuid.uuid4(),
        entered_by=world["me"].user,
    )
    return world


def sign_in_as(client, world, who):
    if who != "anonymous":
        login(
            client,
            world["me"].user
            if who == "me"
            else world["teammate"].user
            if who == "teammate"
            else world[who],
        )


@pytest.mark.parametrize("who", [*MAY_RECORD, "anonymous"])
@pytest.mark.parametrize("name", PAGES)
def test_the_athletes_pages_open_to_the_athlete_their_coach_and_staff(
    client, shared_world, who, name
):
    sign_in_as(client, shared_world, who)

    response = client.get(url(name, shared_world["assignment"]))

    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == (200 if MAY_RECORD[who] else 404)


@pytest.mark.parametrize("who", [*MAY_RECORD, "anonymous"])
@pytest.mark.parametrize("name", WRITES)
def test_only_the_athlete_their_coach_and_staff_may_record(client, shared_world, who, name):
    assignment = shared_world["assignment"]
    data, written = WRITES[name]
    sign_in_as(client, shared_world, who)
    before = rows_of_the_session()

    response = client.post(url(name, assignment), {**data, "client_key": str(uuid.uuid4())})

    if who != "anonymous" and MAY_RECORD[who]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert written(assignment)
        return
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404
    assert rows_of_the_session() == before


def test_an_athlete_cannot_record_for_a_teammate_in_the_same_session(client, shared_world):
    theirs = shared_world["session"].assignments.get(athlete=shared_world["teammate"])
    login(client, shared_world["me"].user)
    before = rows_of_the_session()

    assert save(client, theirs, 1, "2:52").status_code == 404
    assert client.post(url("report_save", theirs), {"rpe": "7"}).status_code == 404
    assert rows_of_the_session() == before
