"""The notation corpus: sessions written the way coaches write them, each with the reps a coach
reads in it (tests/workouts/data/notation_corpus.jsonl, one JSON object a line).

The expectations were written by hand from a coach's reading, not by running the parser, so a
failing line is a disagreement to look at: either the parser misreads the coach, or the line is
wrong. Each line holds:

- "text" (and optionally "rules", the session's recovery-rules field);
- "conventions": the ways of writing it exercises (CONVENTIONS below);
- "expect": the compact expansion (notation.compact), or "error" for text that must be refused,
  then optionally "error_contains", a lowercase word the message must contain;
- "ambiguous": whether the reader should offer another reading (a reading whose other_notation
  is not empty).
"""

import json
import re
from pathlib import Path

import pytest

from workouts import notation

CORPUS = Path(__file__).parent / "data" / "notation_corpus.jsonl"
CONVENTIONS = (
    "classic",
    "recovery-prose",
    "recovery-block",
    "counts",
    "units",
    "targets",
    "target-range",
    "target-cutdown",
    "target-per-rep",
    "cycle",
    "iaaf",
    "daniels",
    "ladder",
    "segments",
    "notes",
    "ambiguous",
    "errors",
    "combined",
)
MIN_LINES = 250
MIN_PER_CONVENTION = 8


def _load() -> list[tuple[int, dict]]:
    cases = []
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            cases.append((number, json.loads(line)))
    return cases


CASES = _load()


def _case_id(number: int, case: dict) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", case["text"].lower()).strip("-")[:40].rstrip("-")
    return f"L{number:03d}-{slug or 'blank'}"


@pytest.mark.parametrize(
    "case", [case for _, case in CASES], ids=[_case_id(number, case) for number, case in CASES]
)
def test_corpus_line(case):
    text, rules = case["text"], case.get("rules", "")
    if case["expect"] == "error":
        with pytest.raises(notation.NotationError) as refused:
            notation.parse(text, rules)
        word = case.get("error_contains")
        if word:
            assert word in str(refused.value).lower(), str(refused.value)
        return
    problems = []
    got = notation.compact(notation.parse(text, rules))
    if got != case["expect"]:
        problems.append(f"read as\n  {got}\nexpected\n  {case['expect']}")
    readings = notation.read(text, rules).readings
    offered = [reading for reading in readings if reading.other_notation]
    if case["ambiguous"] and not offered:
        problems.append("ambiguous, but no reading offers another notation")
    if not case["ambiguous"] and offered:
        others = [reading.other_notation for reading in offered]
        problems.append(f"not ambiguous, but other readings were offered: {others}")
    assert not problems, "\n".join(problems)


def test_corpus_is_well_formed():
    for number, case in CASES:
        assert case["conventions"], f"line {number} has no conventions"
        unknown = set(case["conventions"]) - set(CONVENTIONS)
        assert not unknown, f"line {number}: unknown conventions {unknown}"
        if case["expect"] == "error":
            assert case["conventions"] == ["errors"] or "errors" in case["conventions"]
        else:
            assert isinstance(case["ambiguous"], bool), f"line {number}"


def test_corpus_covers_every_convention():
    assert len(CASES) >= MIN_LINES
    counts = {convention: 0 for convention in CONVENTIONS}
    for _, case in CASES:
        for convention in case["conventions"]:
            counts[convention] += 1
    thin = {name: count for name, count in counts.items() if count < MIN_PER_CONVENTION}
    assert not thin, f"conventions with fewer than {MIN_PER_CONVENTION} lines: {thin}"
