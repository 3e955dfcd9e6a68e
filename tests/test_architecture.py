"""docs/design.md §3: imports run coaching → workouts → athletes, and pure modules use no Django."""

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE_MODULES = [
    "workouts/notation.py",
    "workouts/fit_workout.py",
    "workouts/splits.py",
    "workouts/targets.py",
    "athletes/paces.py",
    "athletes/errors.py",
    "workouts/zone_evidence.py",
    "athletes/rules.py",
    "workouts/fit_laps.py",
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


# The repo stands alone (docs/design.md §11): the design it follows is docs/design.md, and
# nothing points at a design file kept outside the repo. The strings are split so that this
# file does not match itself.
OUTSIDE_POINTERS = ("../" + "shared", "/work/" + "shared", "DESIGN" + ".md")
DOC_PATH = ROOT / "docs" / "design.md"
SECTION_CITE = re.compile(r"docs/design\.md §(\d+)".encode())
SKIPPED_DIRS = {
    ".venv",
    ".git",
    "node_modules",
    "staticfiles",
    "__pycache__",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "test-results",
}


def repo_files() -> list[Path]:
    """The files git tracks, and new ones it does not ignore; the tree when git is missing."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return [
            path
            for path in ROOT.rglob("*")
            if path.is_file() and not SKIPPED_DIRS & set(path.relative_to(ROOT).parts)
        ]
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def test_nothing_points_outside_the_repo_for_its_design():
    found = [
        f"{path.relative_to(ROOT)}: {pointer}"
        for path in repo_files()
        for pointer in OUTSIDE_POINTERS
        if pointer.encode() in path.read_bytes()
    ]
    assert not found, "point at docs/design.md instead:\n" + "\n".join(found)


def test_every_design_section_cited_exists():
    sections = set(re.findall(r"^## (\d+)\. ", DOC_PATH.read_text(), flags=re.MULTILINE))
    cited = {
        f"{path.relative_to(ROOT)}: §{number}"
        for path in repo_files()
        for number in (found.decode() for found in SECTION_CITE.findall(path.read_bytes()))
        if number not in sections
    }
    assert not cited, f"docs/design.md has no such section: {sorted(cited)}"
    assert sections == {str(n) for n in range(1, len(sections) + 1)}, "sections are 1, 2, 3, …"
