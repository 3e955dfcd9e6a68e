"""Split lines as athletes type them, each read against its session (issue 12).

tests/workouts/data/splits_corpus.jsonl holds one line per record: the `text`, the
`notation` of the session it is read against, the `convention` it is written in, and
the expected reading: the sure splits, the accepted splits (every suggestion taken),
the flagged tokens with their kind, the rep numbers without a split and the readings
that fit no rep. bench/splits_coverage.py reads the same file.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from workouts.notation import expand, parse
from workouts.splits import read_splits

CORPUS_PATH = Path(__file__).resolve().parent / "data/splits_corpus.jsonl"
CORPUS = [json.loads(line) for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines()]
EXPECTED_KEYS = ("sure", "accepted", "flags", "missing", "extra")
MIN_LINES_PER_CONVENTION = 5


def observed(line: dict) -> dict:
    """What read_splits makes of a corpus line, in the corpus's own terms."""
    reading = read_splits(line["text"], expand(parse(line["notation"])))
    return {
        "sure": reading.splits_s,
        "accepted": reading.accepted_s,
        "flags": [[issue.token, str(issue.kind)] for issue in reading.issues],
        "missing": list(reading.missing),
        "extra": list(reading.extra),
    }


def expected(line: dict) -> dict:
    return {key: line[key] for key in EXPECTED_KEYS}


@pytest.mark.parametrize(
    "line", CORPUS, ids=[f"{n:03d}-{line['convention']}" for n, line in enumerate(CORPUS, 1)]
)
def test_every_corpus_line_reads_as_expected(line):
    assert observed(line) == expected(line), line["text"]


@pytest.mark.parametrize(
    "line", CORPUS, ids=[f"{n:03d}-{line['convention']}" for n, line in enumerate(CORPUS, 1)]
)
def test_the_count_note_speaks_exactly_when_reps_and_splits_do_not_pair(line):
    reading = read_splits(line["text"], expand(parse(line["notation"])))
    assert bool(reading.count_note) == bool(line["missing"] or line["extra"])


def test_the_corpus_has_a_hundred_lines_and_five_of_each_convention():
    conventions = Counter(line["convention"] for line in CORPUS)
    assert len(CORPUS) >= 100
    assert min(conventions.values()) >= MIN_LINES_PER_CONVENTION, conventions
