"""The API is covered as a whole, so an endpoint merged later cannot slip past: every
operation of the schema is in some test module's permission MATRIX (tests/api_matrix.py),
every route under api/v1/ is in the schema, and every operation is documented with a
summary, an example answer and its errors in the one error shape (coaching/api.py)."""

import importlib
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api_matrix import Case

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
METHODS = {"get", "post", "put", "patch", "delete"}
# The router's index of resources (DefaultRouter's root view): a convenience for a browser,
# not an operation; drf-spectacular leaves it out of the schema on purpose.
NOT_IN_SCHEMA = {"api-root"}


@pytest.fixture(scope="module")
def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def matrix_modules() -> list[str]:
    """Every module under tests/ whose source declares `MATRIX = [`."""
    found = []
    for file in sorted(TESTS.rglob("*.py")):
        if re.search(r"^MATRIX\s*(?::[^=]+)?=\s*\[", file.read_text(), re.MULTILINE):
            found.append(".".join(file.relative_to(ROOT).with_suffix("").parts))
    return found


def matrix_cases() -> list[Case]:
    """The Cases of every API matrix. A MATRIX of something else (a page test's table of
    roles, as in tests/athletes/test_zone_views.py) is not an API matrix; one that mixes
    Cases with other rows is a mistake."""
    cases = []
    for name in matrix_modules():
        rows = importlib.import_module(name).MATRIX
        ours = [row for row in rows if isinstance(row, Case)]
        assert not ours or len(ours) == len(rows), f"{name}.MATRIX mixes Cases and other rows"
        cases.extend(ours)
    return cases


def test_the_squads_module_is_found():
    assert "tests.athletes.api.test_squads" in matrix_modules()


def test_every_operation_is_in_a_permission_matrix(schema):
    cases = matrix_cases()
    covered = {(case.method.upper(), case.schema_path) for case in cases}
    missing = sorted(
        f"{method} {path}"
        for method, path, _ in operations(schema)
        if (method, path) not in covered
    )
    assert not missing, (
        "operations no module's MATRIX asks about (add Cases for every role):\n  "
        + "\n  ".join(missing)
    )
    in_schema = {(method, path) for method, path, _ in operations(schema)}
    stale = sorted(f"{m} {p}" for m, p in covered - in_schema)
    assert not stale, f"MATRIX cases for operations the schema does not have: {stale}"


def api_routes() -> dict[str, str]:
    """{route: name} of every URL pattern under api/v1/ in the root URLconf."""
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
                found[route] = pattern.name or ""

    walk(get_resolver(), "")
    return found


def shape(path: str) -> str:
    """A route or a schema path with its parameters unnamed: api/v1/squads/{}/."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path.lstrip("^/").rstrip("$"))


def test_every_api_route_is_in_the_schema(schema):
    routes = api_routes()
    assert routes, "no routes under api/v1/"
    documented = {shape(path) for path in schema["paths"]}
    missing = sorted(
        f"{route} ({name})"
        for route, name in routes.items()
        if name not in NOT_IN_SCHEMA and shape(route) not in documented
    )
    assert not missing, "routes under api/v1/ the schema leaves out:\n  " + "\n  ".join(missing)


def resolve_ref(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def has_example(schema: dict, content: dict) -> bool:
    """An example at the operation (`example` or `examples`) or on the component it answers."""
    for media in content.values():
        if media.get("example") is not None or media.get("examples"):
            return True
        if "example" in resolve_ref(schema, media.get("schema", {})):
            return True
    return False


def test_every_operation_is_documented(schema):
    problems = []
    for method, path, operation in operations(schema):
        where = f"{method} {path}"
        if not operation.get("summary"):
            problems.append(f"{where}: no summary")
        responses = operation.get("responses", {})
        ok = {code: r for code, r in responses.items() if code.startswith("2")}
        if not ok:
            problems.append(f"{where}: no 2xx response")
        elif not any(
            code == "204" or has_example(schema, r.get("content", {})) for code, r in ok.items()
        ):
            problems.append(f"{where}: no example of a 2xx answer")
        errors = {code: r for code, r in responses.items() if code.startswith("4")}
        if not errors:
            problems.append(f"{where}: no 4xx documented")
        for code, response in errors.items():
            media = response.get("content", {}).get("application/json", {})
            if media.get("schema") != {"$ref": "#/components/schemas/Error"}:
                problems.append(f"{where}: {code} is not the Error schema")
            if not has_example(schema, response.get("content", {})):
                problems.append(f"{where}: {code} has no example")
    assert not problems, "\n".join(problems)


def test_the_checks_see_a_missing_example():
    """has_example is not vacuous: a bare schema with no example is not one."""
    bare = {"components": {"schemas": {"Thing": {"type": "object"}}}}
    assert not has_example(
        bare, {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
    )
    assert has_example(bare, {"application/json": {"example": {"a": 1}}})
