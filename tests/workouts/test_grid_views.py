"""The grid for a real squad: a target overridden from its cell (plain and htmx), marked as
the coach's, with the coach's note on the athlete's page; each row's average per set."""

# ruff: noqa: F811 (the `world` fixture of test_views, taken as an argument)

import re
import uuid

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.workouts.test_views import DAY, HTMX, login, squad_of, world  # noqa: F401
from workouts import services
from workouts.models import Assignment, RepTarget


@pytest.fixture
def session(world):
    return services.session_prescribe(
        version=world["template"].versions.get(),
        on=DAY,
        athletes=[world["me"], world["teammate"]],
        by=world["coach"],
    )


def first_target(world):
    return RepTarget.objects.get(assignment__athlete=world["me"], rep__n=1)


def test_overriding_from_the_cell_with_htmx_gives_back_the_cell_marked(client, world, session):
    target = first_target(world)
    login(client, world["coach"])
    url = reverse("workouts:target_override", args=[session.pk])

    response = client.post(
        url, {"target": target.pk, "time": "2:52", "note": "hold back"}, headers=HTMX
    )

    assert response.status_code == 200
    cell = response.content.decode()
    assert cell.lstrip().startswith("<td") and f'id="cell-{target.pk}"' in cell
    assert 'class="target overridden"' in cell and "2:52.0" in cell
    assert "Coach's target: hold back (zones said 2:54.0)" in cell


def test_a_refused_override_stays_in_its_cell_with_what_was_typed(client, world, session):
    target = first_target(world)
    login(client, world["coach"])
    url = reverse("workouts:target_override", args=[session.pk])

    htmx = client.post(url, {"target": target.pk, "time": "0:28", "note": "gun"}, headers=HTMX)
    plain = client.post(url, {"target": target.pk, "time": "2:5x", "note": "gun"})

    assert htmx.status_code == 422
    cell = htmx.content.decode()
    assert 'value="0:28"' in cell and 'value="gun"' in cell and 'role="alert"' in cell
    assert '<details class="override" open>' in cell
    assert plain.status_code == 422
    page = plain.content.decode()
    opened = page.split(f'id="cell-{target.pk}"')[1].split("</td>")[0]
    assert '<details class="override" open>' in opened and 'value="2:5x"' in opened
    assert 'role="alert"' in opened
    assert page.count('<details class="override" open>') == 1
    target.refresh_from_db()
    assert target.override_ms is None


def test_a_plain_override_goes_back_to_the_cell(client, world, session):
    target = first_target(world)
    login(client, world["coach"])
    response = client.post(
        reverse("workouts:target_override", args=[session.pk]),
        {"target": target.pk, "time": "2:50"},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#cell-{target.pk}")
    grid = client.get(response["Location"]).content.decode()
    assert "rep 1 updated" in grid and grid.count('class="target overridden" title=') == 1


def test_the_athlete_sees_the_coachs_target_and_note(client, world, session):
    services.target_override(
        target=first_target(world),
        time_ms=172_000,
        note="Sit on Ana for this one",
        by=world["coach"],
    )
    login(client, world["me"].user)
    page = client.get(reverse("workouts:session_detail", args=[session.pk])).content.decode()
    card = page.split('id="rep-1"')[1].split("</li>")[0]
    assert "2:52.0" in card and "Sit on Ana for this one" in card
    assert "Sit on Ana" not in page.split('id="rep-2"')[1]


def test_each_row_ends_with_the_average_against_target_per_set(client, world, session):
    assignment = Assignment.objects.get(session=session, athlete=world["me"])
    for n, time_ms in [(1, 172_000), (2, 174_000), (3, 83_000)]:  # 1Ks: 2:54 targets
        services.split_record(
            assignment=assignment,
            rep=session.reps.get(n=n),
            time_ms=time_ms,
            client_key=uuid.uuid4(),
            entered_by=world["coach"],
        )
    login(client, world["coach"])
    page = client.get(reverse("workouts:session_detail", args=[session.pk])).content.decode()
    row = page.split(">Me</a>")[1].split("</tr>")[0]
    sets = re.findall(r'<li title="Set (\d+)[^"]*" class="[^"]*">([^<]*)</li>', row)
    # Set 1 is the first 1K (−2.0), set 2 the second (±0.0); 8 sets in all, the rest empty.
    assert sets[:2] == [("1", "−2.0"), ("2", "±0.0")]
    assert len(sets) == 8 and sets[3:] == [(str(k), "–") for k in range(4, 9)]


@pytest.mark.parametrize("size", [3, 30])
def test_the_whole_grid_page_costs_the_same_queries_at_any_size(
    client, db, size, django_assert_num_queries
):
    coach = UserFactory(username="gridcoach")
    _, athletes, version = squad_of(size, coach)
    session = services.session_prescribe(version=version, on=DAY, athletes=athletes, by=coach)
    login(client, coach)
    url = reverse("workouts:session_detail", args=[session.pk])
    client.get(url)  # warm the session and auth caches
    # The grid part's 12 (see test_views) and 2 more for the whole page, at any size.
    with django_assert_num_queries(14):
        response = client.get(url)
    page = response.content.decode()
    assert page.count('class="override-load"') == size * 16  # each cell can open its form
    assert 'class="override-cell"' not in page  # but none is sent until asked for


def test_a_cell_fetches_its_form_when_opened_with_the_current_override(client, world, session):
    target = first_target(world)
    services.target_override(target=target, time_ms=172_000, note="hold back", by=world["coach"])
    login(client, world["coach"])
    url = reverse("workouts:target_override", args=[session.pk])

    form = client.get(url, {"target": target.pk}, headers=HTMX)

    assert form.status_code == 200
    html = form.content.decode()
    assert html.lstrip().startswith('<form method="post"') and 'class="override-cell"' in html
    assert f'name="target" value="{target.pk}"' in html
    assert 'value="2:52.0"' in html and 'value="hold back"' in html
    assert 'placeholder="2:54.0"' in html and "csrfmiddlewaretoken" in html


def test_without_javascript_the_cell_link_opens_the_grid_with_that_form(client, world, session):
    target = first_target(world)
    login(client, world["coach"])
    grid = client.get(reverse("workouts:session_detail", args=[session.pk])).content.decode()
    link = re.search(rf'href="([^"]+target={target.pk})#cell-{target.pk}"', grid)
    assert link, "each cell links to its own form"

    page = client.get(link.group(1).replace("&amp;", "&"))

    assert page.status_code == 200
    html = page.content.decode()
    opened = html.split(f'id="cell-{target.pk}"')[1].split("</td>")[0]
    assert '<details class="override" open>' in opened and 'class="override-cell"' in opened
    assert html.count('class="override-cell"') == 1


def test_another_squads_coach_cannot_fetch_a_cells_form(client, world, session):
    login(client, UserFactory(username="stranger_coach"))
    url = reverse("workouts:target_override", args=[session.pk])
    assert client.get(url, {"target": first_target(world).pk}, headers=HTMX).status_code == 404
