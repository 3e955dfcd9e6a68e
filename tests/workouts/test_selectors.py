"""Reads behind the coach's pages: the grid, the calendar, the library, an athlete's list."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from athletes import services as athlete_services
from tests.factories import AthleteFactory, SquadFactory, UserFactory
from workouts import selectors, services
from workouts.models import RepTarget, Split
from workouts.services import TemplateContent

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
BREAKDOWNS = TemplateContent(
    notation=REFERENCE,
    description="Early-season breakdowns.",
    default_targets="1K @5K, 500m @mile, 300m @800, 200m @400",
)
FIVE_K, MILE = Decimal("5000"), Decimal("1609.344")
OCT_4, OCT_20 = date(2026, 10, 4), date(2026, 10, 20)


@pytest.fixture
def coach(db):
    return UserFactory(username="coach")


@pytest.fixture
def squad(coach):
    return SquadFactory(name="Home", coaches=[coach])


def template_of(squad, coach, name="1,000m Breakdowns", content=BREAKDOWNS, tags=()):
    return services.template_create(
        squad=squad, name=name, content=content, tags=list(tags), created_by=coach
    )


def prescribe(template, athletes, coach, on=OCT_20):
    return services.session_prescribe(
        version=template.versions.order_by("-number").first(),
        on=on,
        athletes=list(athletes),
        by=coach,
    )


def zoned_athlete(squad, coach, name, five_k_s=870):
    """An athlete with a 5K zone (5K pace for the 1Ks) and nothing else."""
    athlete = AthleteFactory(squad=squad, name=name)
    athlete_services.zone_set(
        athlete=athlete,
        distance_m=FIVE_K,
        time_ms=five_k_s * 1000,
        on=OCT_4,
        recorded_by=coach,
    )
    return athlete


def split(assignment, rep, time_ms, coach):
    """A split as split_record leaves it: a new time for a rep replaces the current one.
    Written directly, so these reads are tested apart from the write."""
    current = Split.objects.filter(assignment=assignment, rep=rep, replaced_by__isnull=True)
    return Split.objects.create(
        assignment=assignment,
        rep=rep,
        time_ms=time_ms,
        replaces=current.first(),
        entered_by=coach,
        client_key=uuid.uuid4(),
    )


# ---------------------------------------------------------------- the session grid


@pytest.fixture
def grid_session(squad, coach):
    def build(size):
        athletes = [zoned_athlete(squad, coach, f"Runner {i:02}") for i in range(size)]
        session = prescribe(template_of(squad, coach), athletes, coach)
        reps = {rep.n: rep for rep in session.reps.all()}
        for assignment in session.assignments.all():
            for n in (1, 2, 3):
                split(assignment, reps[n], 172_000 + n * 100, coach)
        return session

    return build


@pytest.mark.parametrize("size", [3, 30])
def test_the_grid_takes_five_queries_whatever_the_squad_size(
    grid_session, django_assert_num_queries, size
):
    """Reps, athletes, targets, splits (with who entered them) and reports."""
    session = grid_session(size)

    with django_assert_num_queries(5):
        reps, rows = selectors.session_grid(session=session)
        shown = [
            (
                row.assignment.athlete.name,
                row.splits_in,
                row.report,
                cell.rep.n,
                cell.target_ms,
                cell.split,
                cell.diff_ms,
                [entry.entered_by for entry in cell.history],
            )
            for row in rows
            for cell in row.cells
        ]

    assert len(reps) == 16
    assert len(rows) == size
    assert len(shown) == size * 16
    assert {row.splits_in for row in rows} == {3}


def test_the_grid_shows_target_split_and_difference(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana", five_k_s=870)  # 2:54.0 per 1K
    bo = zoned_athlete(squad, coach, "Bo", five_k_s=900)  # 3:00.0 per 1K
    newcomer = AthleteFactory(squad=squad, name="Cy")  # no zones
    session = prescribe(template_of(squad, coach), [newcomer, bo, ana], coach)
    reps = {rep.n: rep for rep in session.reps.all()}
    by_name = {a.athlete.name: a for a in session.assignments.select_related("athlete")}
    split(by_name["Ana"], reps[1], 179_000, coach)  # a typo, corrected below
    split(by_name["Ana"], reps[1], 172_500, coach)
    split(by_name["Bo"], reps[1], 181_200, coach)
    split(by_name["Cy"], reps[1], 190_000, coach)
    split(by_name["Ana"], reps[3], 74_000, coach)  # a 500m: no mile zone, no target
    override = RepTarget.objects.get(assignment=by_name["Bo"], rep=reps[2])
    services.target_override(target=override, time_ms=178_000, note="", by=coach)
    split(by_name["Bo"], reps[2], 177_000, coach)

    grid_reps, rows = selectors.session_grid(session=session)

    assert [rep.n for rep in grid_reps] == list(range(1, 17))
    assert [row.assignment.athlete.name for row in rows] == ["Ana", "Bo", "Cy"]
    ana_row, bo_row, cy_row = rows
    assert [cell.rep.n for cell in ana_row.cells] == list(range(1, 17))
    # Ana ran 2:52.5 against 2:54.0: the current (corrected) split, 1.5 s under.
    first = ana_row.cells[0]
    assert (first.target_ms, first.split.time_ms, first.diff_ms) == (174_000, 172_500, -1_500)
    # Bo ran 3:01.2 against 3:00.0.
    assert bo_row.cells[0].diff_ms == 1_200
    # Against the coach's override, not the worked-out 3:00.0.
    assert (bo_row.cells[1].target_ms, bo_row.cells[1].diff_ms) == (178_000, -1_000)
    # A split without a target and a target without a split have no difference.
    assert (ana_row.cells[2].target_ms, ana_row.cells[2].split.time_ms) == (None, 74_000)
    assert ana_row.cells[2].diff_ms is None
    assert (ana_row.cells[1].target_ms, ana_row.cells[1].split) == (174_000, None)
    assert ana_row.cells[1].diff_ms is None
    # No zones: a split, no target, no difference.
    assert (cy_row.cells[0].target_ms, cy_row.cells[0].diff_ms) == (None, None)
    assert cy_row.cells[0].target.reason == "no 5K zone yet"


def test_the_grid_shows_only_its_own_session(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana")
    template = template_of(squad, coach)
    today = prescribe(template, [ana], coach, on=OCT_20)
    tomorrow = prescribe(template, [ana], coach, on=OCT_20 + timedelta(days=1))
    split(tomorrow.assignments.get(), tomorrow.reps.get(n=1), 170_000, coach)

    _, rows = selectors.session_grid(session=today)

    assert [cell.split for cell in rows[0].cells] == [None] * 16


def test_one_athletes_reps_in_order_with_current_splits(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana")
    session = prescribe(template_of(squad, coach), [ana], coach)
    assignment = session.assignments.get()
    rep_1 = session.reps.get(n=1)
    typo = split(assignment, rep_1, 179_000, coach)
    fixed = split(assignment, rep_1, 172_500, coach)

    cells = selectors.athlete_session(assignment=assignment).cells

    assert [cell.rep.n for cell in cells] == list(range(1, 17))
    assert (cells[0].split, cells[0].diff_ms) == (fixed, -1_500)
    assert (cells[0].history, cells[0].earlier, cells[0].corrected) == ((typo, fixed), [typo], True)
    assert (cells[1].split, cells[1].history, cells[1].corrected) == (None, (), False)


# ---------------------------------------------------------------- the calendar


def test_a_month_of_sessions_in_one_query(squad, coach, django_assert_num_queries):
    template = template_of(squad, coach)
    tempo = template_of(squad, coach, name="Tempo", content=TemplateContent("3 Mile Tempo"))
    runners = [zoned_athlete(squad, coach, f"Runner {i}") for i in range(4)]
    october = [date(2026, 10, day) for day in (1, 3, 6, 8, 10, 13, 15, 17, 20, 22, 27, 31)]
    for i, day in enumerate(october):
        prescribe(template, runners[: i % 4 + 1], coach, on=day)
    prescribe(tempo, runners, coach, on=date(2026, 10, 20))  # two sessions on one day
    prescribe(template, runners, coach, on=date(2026, 9, 30))  # before the month
    prescribe(template, runners, coach, on=date(2026, 11, 1))  # after it
    other = SquadFactory(name="Away")
    prescribe(
        template_of(other, coach), [AthleteFactory(squad=other)], coach, on=date(2026, 10, 15)
    )

    with django_assert_num_queries(1):
        shown = [
            (s.date, s.name, s.athlete_count)
            for s in selectors.sessions_between(
                squad=squad, start=date(2026, 10, 1), end=date(2026, 10, 31)
            )
        ]

    expected = [(day, "1,000m Breakdowns", i % 4 + 1) for i, day in enumerate(october)]
    expected.insert(9, (date(2026, 10, 20), "Tempo", 4))
    assert shown == expected


def test_a_week_includes_both_ends(squad, coach):
    template = template_of(squad, coach)
    ana = zoned_athlete(squad, coach, "Ana")
    for day in (18, 19, 25, 26):
        prescribe(template, [ana], coach, on=date(2026, 10, day))

    week = selectors.sessions_between(squad=squad, start=date(2026, 10, 19), end=date(2026, 10, 25))

    assert [s.date.day for s in week] == [19, 25]


# ---------------------------------------------------------------- the library


@pytest.fixture
def library(squad, coach):
    breakdowns = template_of(squad, coach, tags=["early season"])
    tempo = template_of(
        squad,
        coach,
        name="Tempo Tuesday",
        content=TemplateContent("3 Mile Tempo", description="Threshold, conversational-ish"),
        tags=["base"],
    )
    hills = template_of(
        squad, coach, name="Hill sprints", content=TemplateContent("8 x 60m"), tags=["base"]
    )
    old = template_of(
        squad, coach, name="Old breakdowns", content=TemplateContent("3 x 600m, 400m, 200m")
    )
    services.template_archive(template=old)
    other = SquadFactory(name="Away")
    template_of(other, coach, name="Their tempo", content=TemplateContent("3 Mile Tempo"))
    return {"breakdowns": breakdowns, "tempo": tempo, "hills": hills, "old": old}


def names(templates):
    return [t.name for t in templates]


def test_the_library_lists_the_squads_live_templates_by_name(library, squad):
    templates = list(selectors.template_library(squad=squad))

    assert names(templates) == ["1,000m Breakdowns", "Hill sprints", "Tempo Tuesday"]
    assert templates[0].current_notation == REFERENCE
    assert templates[0].version_count == 1


def test_archived_templates_are_listed_apart(library, squad):
    assert names(selectors.template_library(squad=squad, archived=True)) == ["Old breakdowns"]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("tempo", ["Tempo Tuesday"]),  # the name, any case
        ("500m", ["1,000m Breakdowns"]),  # the notation
        ("8 x 60", ["Hill sprints"]),
        ("threshold", ["Tempo Tuesday"]),  # the description
        ("EARLY-SEASON", ["1,000m Breakdowns"]),
        ("nothing like it", []),
    ],
)
def test_search_reads_name_notation_and_description(library, squad, search, found):
    assert names(selectors.template_library(squad=squad, search=search)) == found


def test_search_reads_the_current_version_only(library, squad, coach):
    services.template_update(
        template=library["hills"],
        name="Hill sprints",
        content=TemplateContent("10 x 80m"),
        tags=["base"],
        by=coach,
    )

    assert names(selectors.template_library(squad=squad, search="8 x 60")) == []
    (hills,) = selectors.template_library(squad=squad, search="10 x 80")
    assert (hills.current_notation, hills.version_count) == ("10 x 80m", 2)


def test_tag_filter(library, squad, coach):
    services.template_update(
        template=library["hills"],
        name="Hill sprints",
        content=TemplateContent("10 x 80m"),
        tags=["base", "speed"],
        by=coach,
    )

    based = list(selectors.template_library(squad=squad, tag="base"))

    assert names(based) == ["Hill sprints", "Tempo Tuesday"]
    assert [t.version_count for t in based] == [2, 1]
    assert names(selectors.template_library(squad=squad, tag="base", search="tempo")) == [
        "Tempo Tuesday"
    ]
    assert names(selectors.template_library(squad=squad, tag="winter")) == []


def test_the_library_with_tags_in_constant_queries(library, squad, django_assert_num_queries):
    with django_assert_num_queries(2):
        shown = [
            (t.name, sorted(tag.name for tag in t.tags.all()))
            for t in selectors.template_library(squad=squad)
        ]

    assert shown == [
        ("1,000m Breakdowns", ["early season"]),
        ("Hill sprints", ["base"]),
        ("Tempo Tuesday", ["base"]),
    ]


# ---------------------------------------------------------------- an athlete's home


def record(assignment, n, time_ms, by):
    return services.split_record(
        assignment=assignment,
        rep=assignment.session.reps.get(n=n),
        time_ms=time_ms,
        client_key=uuid.uuid4(),
        entered_by=by,
    )


def remove(assignment, n, by):
    return services.split_remove(
        assignment=assignment,
        rep=assignment.session.reps.get(n=n),
        client_key=uuid.uuid4(),
        entered_by=by,
    )


def report(assignment, by, done, rpe=7):
    return services.report_save(
        assignment=assignment, rpe=rpe, note="", done=done, client_key=uuid.uuid4(), entered_by=by
    )


def shown(rows):
    return [(row.session.date, row.session.name) for row in rows]


def test_home_lists_today_then_upcoming_soonest_first_then_past_newest_first(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana")
    bo = zoned_athlete(squad, coach, "Bo")
    breakdowns = template_of(squad, coach)
    tempo = template_of(squad, coach, name="Tempo", content=TemplateContent("3 Mile Tempo"))
    day = {n: date(2026, 10, n) for n in (6, 13, 20, 22, 27, 29)}
    for on in (day[6], day[20], day[27], day[22]):
        prescribe(breakdowns, [ana], coach, on=on)
    prescribe(tempo, [ana], coach, on=day[13])
    prescribe(tempo, [ana, bo], coach, on=day[20])  # two sessions today
    prescribe(breakdowns, [bo], coach, on=day[29])  # not Ana's

    home = selectors.athlete_home(athlete=ana, today=day[20])

    assert shown(home["today"]) == [(day[20], "1,000m Breakdowns"), (day[20], "Tempo")]
    assert shown(home["upcoming"]) == [
        (day[22], "1,000m Breakdowns"),
        (day[27], "1,000m Breakdowns"),
    ]
    assert shown(home["past"]) == [(day[13], "Tempo"), (day[6], "1,000m Breakdowns")]
    assert [row.rep_count for row in home["today"]] == [16, 1]
    assert shown(selectors.athlete_home(athlete=bo, today=day[20])["upcoming"]) == [
        (day[29], "1,000m Breakdowns")
    ]


def test_upcoming_sessions_on_one_day_are_in_name_order_as_elsewhere(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana")
    for name in ("Breakdowns", "Tempo"):
        prescribe(template_of(squad, coach, name=name), [ana], coach, on=date(2026, 10, 27))

    home = selectors.athlete_home(athlete=ana, today=OCT_20)

    assert [row.session.name for row in home["upcoming"]] == ["Breakdowns", "Tempo"]


def test_home_counts_splits_that_stand_and_reads_done_from_the_latest_report(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana")
    bo = zoned_athlete(squad, coach, "Bo")
    template = template_of(squad, coach)
    raced = prescribe(template, [ana, bo], coach, on=date(2026, 10, 6))
    undone = prescribe(template, [ana], coach, on=date(2026, 10, 13))
    mine = raced.assignments.get(athlete=ana)
    record(mine, 1, 179_000, coach)
    record(mine, 1, 172_500, coach)  # corrected: still one split in
    record(mine, 2, 173_000, coach)
    record(mine, 3, 75_000, coach)
    remove(mine, 3, coach)  # removed: not in
    record(mine, 4, 42_000, coach)
    remove(mine, 4, coach)
    record(mine, 4, 42_500, coach)  # removed, then entered again: in
    for n in range(1, 17):  # Bo's splits are Bo's
        record(
            raced.assignments.get(athlete=bo), n, 200_000 if n in (1, 2, 6, 13) else 60_000, coach
        )
    report(mine, coach, done=True)
    report(undone.assignments.get(), coach, done=True)
    report(undone.assignments.get(), coach, done=False)  # changed their mind: the latest stands

    home = selectors.athlete_home(athlete=ana, today=OCT_20)

    assert [(row.splits_in, row.rep_count, row.done) for row in home["past"]] == [
        (0, 16, False),
        (3, 16, True),
    ]
    assert home["past"][1].assignment_id == mine.pk


@pytest.mark.parametrize("sessions", [2, 20])
def test_home_is_one_query_whatever_the_number_of_sessions(
    squad, coach, sessions, django_assert_num_queries
):
    ana = zoned_athlete(squad, coach, "Ana")
    template = template_of(squad, coach)
    for n in range(sessions):
        session = prescribe(template, [ana], coach, on=OCT_20 + timedelta(days=n - sessions // 2))
        assignment = session.assignments.get()
        record(assignment, 1, 172_000, coach)
        record(assignment, 1, 173_000, coach)
        report(assignment, coach, done=n % 2 == 0)

    with django_assert_num_queries(1):
        home = selectors.athlete_home(athlete=ana, today=OCT_20)
        rows = [
            (row.session.name, row.session.date, row.rep_count, row.splits_in, row.done)
            for part in ("today", "upcoming", "past")
            for row in home[part]
        ]

    assert len(rows) == sessions
    assert {(rep_count, splits_in) for _, _, rep_count, splits_in, _ in rows} == {(16, 1)}


# ---------------------------------------------------------------- one athlete's session


def test_the_session_page_groups_reps_by_block_and_set_as_the_coach_wrote_them(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana")
    assignment = prescribe(template_of(squad, coach), [ana], coach).assignments.get()

    page = selectors.athlete_session(assignment=assignment)

    assert [group.text for group in page.groups] == [
        "2 x 1K",
        "500m, 300m, 200m",
        "1 x 1K",
        "2 x (500m, 300m, 200m)",
        "1 x 1K",
        "1 x (500m, 300m, 200m)",
    ]
    assert [
        [[cell.rep.n for cell in rep_set] for rep_set in group.sets] for group in page.groups
    ] == [
        [[1], [2]],
        [[3, 4, 5]],
        [[6]],
        [[7, 8, 9], [10, 11, 12]],
        [[13]],
        [[14, 15, 16]],
    ]
    assert [len(rep_set) for rep_set in page.groups[3].sets] == [3, 3]
    assert [cell.rep.n for cell in page.cells] == list(range(1, 17))
    assert (page.cells[0].target_ms, page.splits_in, page.report) == (174_000, 0, None)


def test_the_session_page_has_the_standing_splits_and_the_latest_report(
    squad, coach, django_assert_num_queries
):
    ana = zoned_athlete(squad, coach, "Ana")
    assignment = prescribe(template_of(squad, coach), [ana], coach).assignments.get()
    typo = record(assignment, 1, 127_000, coach)
    fixed = record(assignment, 1, 172_000, coach)
    gone = record(assignment, 2, 174_000, coach)
    removal = remove(assignment, 2, coach)
    report(assignment, coach, done=False, rpe=6)
    latest = report(assignment, coach, done=True, rpe=8)

    with django_assert_num_queries(4):
        page = selectors.athlete_session(assignment=assignment)
        first, second = page.cells[:2]
        who = [entry.entered_by for cell in page.cells for entry in cell.history]

    assert (first.split, first.earlier, first.diff_ms) == (fixed, [typo], -2_000)
    assert (second.split, second.history, second.earlier) == (
        None,
        (gone, removal),
        [removal, gone],
    )
    assert second.corrected and second.diff_ms is None
    assert who == [coach] * 4
    assert (page.splits_in, page.report) == (1, latest)


def test_the_rep_a_split_is_for_comes_with_its_target_in_one_query(
    squad, coach, django_assert_num_queries
):
    ana = zoned_athlete(squad, coach, "Ana")
    assignment = prescribe(template_of(squad, coach), [ana], coach).assignments.get()

    with django_assert_num_queries(1):
        found = selectors.rep_for_entry(assignment=assignment, n=16)
        shown = (found.rep.n, found.rep.distance_m, found.target.rep_id, found.target.assignment_id)

    assert shown == (16, 200, found.rep.pk, assignment.pk)
    assert selectors.rep_for_entry(assignment=assignment, n=17) is None
    assert assignment.session.rep_count == 16  # "16 of 16", kept with the session


def test_one_cell_after_a_save_is_two_queries(squad, coach, django_assert_num_queries):
    ana = zoned_athlete(squad, coach, "Ana")
    assignment = prescribe(template_of(squad, coach), [ana], coach).assignments.get()
    rep = assignment.session.reps.get(n=1)
    typo = record(assignment, 1, 127_000, coach)
    fixed = record(assignment, 1, 172_000, coach)

    with django_assert_num_queries(2):
        cell = selectors.athlete_cell(assignment=assignment, rep=rep)
        who = [entry.entered_by for entry in cell.history]

    assert (cell.history, cell.target_ms, cell.diff_ms, who) == (
        (typo, fixed),
        174_000,
        -2_000,
        [coach] * 2,
    )


# ---------------------------------------------------------------- the paste preview

REFERENCE_LINES = """\
  • 2 x 1K — 2:52, 2:54
  • 500/300/200 — 1:15.1 / 42.4 / 28.9
  • 1K — 2:55
  • 2 x 500/300/200 — 1:15.8 / 44.4 / 29.1 / 1:14.8 / 43.8 / 29.2
  • 1K — 2:55
  • 500/300/200 — 1:16.7 / 43.926.4
"""
SURE_S = [172.0, 174.0, 75.1, 42.4, 28.9, 175.0, 75.8, 44.4, 29.1, 74.8, 43.8, 29.2, 175.0, 76.7]


@pytest.fixture
def reference_assignment(squad, coach):
    ana = zoned_athlete(squad, coach, "Ana")
    return prescribe(template_of(squad, coach), [ana], coach).assignments.get()


def test_the_coachs_lines_read_as_fourteen_sure_splits_and_one_flag_on_two_reps(
    reference_assignment,
):
    preview = selectors.paste_preview(assignment=reference_assignment, text=REFERENCE_LINES)

    assert [row.cell.rep.n for row in preview.rows] == list(range(1, 17))
    sure = [row for row in preview.rows if not row.flag]
    assert [row.reading_s for row in sure] == SURE_S
    assert [row.cell.rep.n for row in sure] == list(range(1, 15))
    last_two = preview.rows[14:]
    assert [(row.reading_s, row.token) for row in last_two] == [
        (43.9, "43.926.4"),
        (26.4, "43.926.4"),
    ]
    assert all("43.9" in row.flag and "26.4" in row.flag for row in last_two)
    assert not any(row.implausible for row in preview.rows)
    assert preview.unmatched == []
    assert not Split.objects.exists()  # a preview never saves


def test_splits_beyond_the_last_rep_are_reported_and_not_matched(reference_assignment):
    text = (
        REFERENCE_LINES.replace("43.926.4", "43.9 / 26.4") + "  • cool-down 400 — 1:31.0, 1:29.5\n"
    )

    preview = selectors.paste_preview(assignment=reference_assignment, text=text)

    assert [row.reading_s for row in preview.rows] == [*SURE_S, 43.9, 26.4]
    assert not any(row.flag for row in preview.rows)
    no_400, beyond = preview.unmatched
    assert no_400 == "“400”: No 400m rep in this session."
    assert "1:31.0, 1:29.5" in beyond and "16" in beyond
    assert preview.count_note == "2 splits more than the 16 reps: 1:31.0, 1:29.5."


def test_headings_place_splits_on_their_reps_and_a_short_paste_names_the_reps_left(
    reference_assignment,
):
    preview = selectors.paste_preview(
        assignment=reference_assignment, text="300m: 44.1, 44.0, 43.5 / 1K: 2:52"
    )

    read = {row.cell.rep.n: row.reading_s for row in preview.rows if row.reading_s}
    assert read == {4: 44.1, 8: 44.0, 11: 43.5, 1: 172.0}
    assert preview.count_note.startswith("No split for reps 2, 3, 5,")


def test_a_short_paste_leaves_the_other_reps_empty_and_flags_an_implausible_time(
    reference_assignment,
):
    preview = selectors.paste_preview(assignment=reference_assignment, text="2:52, 0:28.0")

    first, second, third = preview.rows[:3]
    assert (first.reading_s, first.flag) == (172.0, "")
    assert second.reading_s == 28.0 and second.implausible and "world-record" in second.flag
    assert third.reading_s is None and not third.flag
    assert all(row.reading_s is None for row in preview.rows[2:])
