"""/api/v1/templates/ and /api/v1/template-versions/: the coach's library, written through
workouts.services like the builder."""

import uuid

import pytest

from tests.api_matrix import ROLES, Case, check_case, key, matrix_params, read
from workouts import services
from workouts.models import SessionTemplate, TemplateVersion

pytestmark = pytest.mark.django_db

SIGNED_IN = {role: 200 for role in ROLES[1:]}


def new_template(squad_key: str):
    return lambda ids: {
        "squad": ids[squad_key],
        "name": f"Template {key()[:8]}",
        "notation": "4 x 400m @mile",
        "tags": ["speed"],
        "client_key": key(),
    }


MATRIX = [
    read("/api/v1/templates/", "/api/v1/templates/", **SIGNED_IN),
    read("/api/v1/templates/{template}/", "/api/v1/templates/{id}/", coach=200, staff=200),
    read(
        "/api/v1/templates/{other_template}/",
        "/api/v1/templates/{id}/",
        other_coach=200,
        staff=200,
    ),
    read(
        "/api/v1/template-versions/{version}/",
        "/api/v1/template-versions/{id}/",
        coach=200,
        staff=200,
    ),
    read(
        "/api/v1/template-versions/{other_version}/",
        "/api/v1/template-versions/{id}/",
        other_coach=200,
        staff=200,
    ),
    # An athlete of a squad that does not share results cannot see the squad: 404, as for
    # another squad's coach.
    Case(
        "POST",
        "/api/v1/templates/",
        "/api/v1/templates/",
        {"coach": 201, "staff": 201},
        body=new_template("squad"),
    ),
    Case(
        "POST",
        "/api/v1/templates/",
        "/api/v1/templates/",
        {"other_coach": 201, "staff": 201},
        body=new_template("other_squad"),
    ),
    Case(
        "POST",
        "/api/v1/templates/{template}/versions/",
        "/api/v1/templates/{id}/versions/",
        {"coach": 201, "staff": 201},
        body=lambda ids: {"notation": "3 x 1K"},
    ),
    Case(
        "POST",
        "/api/v1/templates/{other_template}/versions/",
        "/api/v1/templates/{id}/versions/",
        {"other_coach": 201, "staff": 201},
        body=lambda ids: {"notation": "3 x 1K"},
    ),
]


@pytest.mark.parametrize(("case", "role"), matrix_params(MATRIX))
def test_matrix(api_world, case, role):
    check_case(api_world, case, role)


def test_an_athlete_of_a_sharing_squad_sees_it_but_may_not_write_its_templates(api_world, api_as):
    squad = api_world.objects["squad"]
    squad.shares_results = True
    squad.save()
    response = api_as(api_world.users["athlete"]).post(
        "/api/v1/templates/", new_template("squad")(api_world.ids), format="json"
    )
    assert response.status_code == 403
    assert (
        not SessionTemplate.objects.filter(squad=squad)
        .exclude(pk__in=[api_world.ids["template"]])
        .exists()
    )


def test_a_new_template_starts_with_the_squads_default_targets(api_world, api_as):
    squad = api_world.objects["squad"]
    response = api_as(api_world.users["coach"]).post(
        "/api/v1/templates/",
        {
            "squad": squad.pk,
            "name": "Breakdowns",
            "notation": "2 x 1K / 4 x 200m",
            "tags": [" speed ", "speed", ""],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tags"] == ["speed"]
    assert body["version_count"] == 1
    assert body["versions"][0]["default_targets"] == squad.default_targets
    assert body["versions"][0]["created_by"]


def test_the_same_client_key_makes_one_template(api_world, api_as):
    client = api_as(api_world.users["coach"])
    data = new_template("squad")(api_world.ids)
    first = client.post("/api/v1/templates/", data, format="json")
    again = client.post("/api/v1/templates/", data, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert SessionTemplate.objects.filter(name=data["name"]).count() == 1


def test_a_taken_name_and_bad_notation_are_refused_with_what_to_change(api_world, api_as):
    client = api_as(api_world.users["coach"])
    taken = client.post(
        "/api/v1/templates/",
        {"squad": api_world.ids["squad"], "name": "1,000m Breakdowns", "notation": "2 x 1K"},
        format="json",
    )
    assert taken.status_code == 400
    assert taken.json()["error"] == {
        "message": "There is already a template called “1,000m Breakdowns”.",
        "field": "name",
    }
    bad = client.post(
        "/api/v1/templates/",
        {"squad": api_world.ids["squad"], "name": "New", "notation": "400m /200m"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["position"] == 5


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x" * 5000, "notation": "2 x 1K"},
        {"name": "A\x00B", "notation": "2 x 1K"},
        {"name": "Big", "notation": "2 x 1K", "squad": 10**30},
        {"name": "Big", "notation": "9999 x 1K"},
        {"name": "Long tag", "notation": "2 x 1K", "tags": ["t" * 5000]},
        {"name": "Long rules", "notation": "2 x 1K", "recovery_rules": "r" * 5000},
        {"name": "No notation"},
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(api_world, api_as, body):
    before = SessionTemplate.objects.count()
    response = api_as(api_world.users["coach"]).post(
        "/api/v1/templates/", {"squad": api_world.ids["squad"], **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["message"]
    assert SessionTemplate.objects.count() == before


def test_a_new_version_leaves_prescribed_sessions_as_they_were(api_world, api_as):
    session = api_world.objects["session"]
    template = api_world.objects["template"]
    client = api_as(api_world.users["coach"])
    response = client.post(
        f"/api/v1/templates/{template.pk}/versions/",
        {"notation": "3 x 1K", "description": "Shorter."},
        format="json",
    )
    assert response.status_code == 201, response.content
    version = response.json()
    assert (version["number"], version["notation"], version["description"]) == (
        2,
        "3 x 1K",
        "Shorter.",
    )
    # What was not sent stays as the current version had it.
    assert version["recovery_rules"] == api_world.objects["version"].recovery_rules
    session.refresh_from_db()
    assert session.template_version_id == api_world.ids["version"]
    assert session.rep_count == 16
    detail = client.get(f"/api/v1/templates/{template.pk}/").json()
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    assert detail["current_version"]["number"] == 2
    # The same content again changes nothing: 200 with the version that stands.
    again = client.post(
        f"/api/v1/templates/{template.pk}/versions/",
        {"notation": "3 x 1K", "description": "Shorter."},
        format="json",
    )
    assert again.status_code == 200
    assert again.json()["id"] == version["id"]
    assert TemplateVersion.objects.filter(template=template).count() == 2


def test_filters_squad_tag_archived_and_search(api_world, api_as):
    squad = api_world.objects["squad"]
    coach = api_world.users["coach"]
    for name, notation, tags in [
        ("Hills", "10 x 200m", ["strength"]),
        ("Tempo", "3 Mile Tempo", ["aerobic", "strength"]),
        ("Old", "5 x 1K", []),
    ]:
        services.template_create(
            squad=squad,
            name=name,
            content=services.TemplateContent(notation),
            tags=tags,
            created_by=coach,
        )
    services.template_archive(template=SessionTemplate.objects.get(name="Old"))
    staff = api_as(api_world.users["staff"])

    def names(query: str) -> list[str]:
        response = staff.get(f"/api/v1/templates/?{query}")
        assert response.status_code == 200, response.content
        return [row["name"] for row in response.json()["results"]]

    assert names(f"squad={squad.pk}") == ["1,000m Breakdowns", "Hills", "Old", "Tempo"]
    assert names(f"squad={api_world.ids['other_squad']}") == ["Away session"]
    assert names("tag=strength") == ["Hills", "Tempo"]
    assert names(f"squad={squad.pk}&archived=true") == ["Old"]
    assert names(f"squad={squad.pk}&archived=false") == ["1,000m Breakdowns", "Hills", "Tempo"]
    assert names("q=tempo") == ["Tempo"]
    assert names("q=10 x 200") == ["Hills"]
    assert staff.get(f"/api/v1/templates/?squad={10**30}").status_code == 400
    assert staff.get("/api/v1/templates/?squad=abc").status_code == 400
    # Another squad's coach asking for Home's templates gets what a missing squad gives.
    other = api_as(api_world.users["other_coach"])
    assert other.get(f"/api/v1/templates/?squad={squad.pk}").json()["count"] == 0
    assert other.get("/api/v1/templates/?squad=999999").json()["count"] == 0


def test_pagination(api_world, api_as):
    squad = api_world.objects["squad"]
    for n in range(4):
        services.template_create(
            squad=squad,
            name=f"T{n}",
            content=services.TemplateContent("2 x 1K"),
            tags=[],
            created_by=api_world.users["coach"],
        )
    client = api_as(api_world.users["coach"])
    first = client.get("/api/v1/templates/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    last = client.get("/api/v1/templates/?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get("/api/v1/templates/?page=99").status_code == 404


@pytest.mark.parametrize("extra", [2, 20])
def test_the_list_takes_the_same_queries_at_any_size(
    api_world, api_as, extra, django_assert_max_num_queries
):
    squad = api_world.objects["squad"]
    for n in range(extra):
        template = services.template_create(
            squad=squad,
            name=f"T{n}",
            content=services.TemplateContent("2 x 1K"),
            tags=["a", "b"],
            created_by=api_world.users["coach"],
            client_key=uuid.uuid4(),
        )
        services.template_update(
            template=template,
            name=template.name,
            content=services.TemplateContent("3 x 1K"),
            tags=["a"],
            by=api_world.users["coach"],
        )
    client = api_as(api_world.users["coach"])
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/templates/?page_size=100")
    assert response.json()["count"] == 1 + extra
