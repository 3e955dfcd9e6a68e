"""DESIGN.md §3: imports run coaching → workouts → athletes, and pure modules use no Django."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE_MODULES = [
    "workouts/notation.py",
    "workouts/splits.py",
    "workouts/targets.py",
    "athletes/paces.py",
    "athletes/errors.py",
    "workouts/zone_evidence.py",
    "athletes/rules.py",
]
FORBIDDEN = {"athletes": {"workouts", "coaching"}, "workouts": {"coaching"}}


def imported_top_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_apps_import_only_downstream(app):
    for path in (ROOT / app).rglob("*.py"):
        wrong = imported_top_packages(path) & FORBIDDEN[app]
        assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_no_django(module):
    path = ROOT / module
    if not path.exists():
        pytest.fail(f"{module} is missing")
    assert "django" not in imported_top_packages(path)
