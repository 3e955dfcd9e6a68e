"""How much of the split corpus (issue 12) reads as expected, and how fast. A plain script
(not a test): `python bench/splits_coverage.py`.

Reads tests/workouts/data/splits_corpus.jsonl and prints, per convention, the lines
read exactly as the corpus expects over the lines, and the mean time to read one line
against its session (read_splits only; the sessions are expanded beforehand), from
time.perf_counter over REPEATS passes over every line of the convention. As in
bench_splits.py, a naive regex that pulls every number out of the same lines is timed in
the same run, so figures compare across noisy machines as ratios.
"""

import os
import platform
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.workouts.test_splits_corpus import CORPUS, expected, observed
from workouts.notation import expand, parse
from workouts.splits import read_splits

REPEATS = 300
NUMBERS = re.compile(r"[0-9]+(?:[.:][0-9]+)*")


def mean_read_us(lines: list[dict]) -> float:
    cases = [(line["text"], expand(parse(line["notation"]))) for line in lines]
    start = time.perf_counter()
    for _ in range(REPEATS):
        for text, reps in cases:
            read_splits(text, reps)
    return (time.perf_counter() - start) / (REPEATS * len(cases)) * 1e6


def mean_baseline_us(lines: list[dict]) -> float:
    texts = [line["text"] for line in lines]
    start = time.perf_counter()
    for _ in range(REPEATS):
        for text in texts:
            NUMBERS.findall(text)
    return (time.perf_counter() - start) / (REPEATS * len(texts)) * 1e6


def row(name: str, lines: list[dict]) -> str:
    right = sum(observed(line) == expected(line) for line in lines)
    read, baseline = mean_read_us(lines), mean_baseline_us(lines)
    return (
        f"| {name:<20} | {right:>5} / {len(lines):<3} | {read:6.1f} µs | {read / baseline:5.0f}x |"
    )


def main() -> None:
    by_convention: dict[str, list[dict]] = defaultdict(list)
    for line in CORPUS:
        by_convention[line["convention"]].append(line)
    print(f"nproc {os.cpu_count()}, {platform.machine()}, python {platform.python_version()}")
    print(f"{len(CORPUS)} lines; mean read time over {REPEATS} passes")
    print(f"| {'convention':<20} | as expected | mean read | vs regex |")
    print(f"|{'-' * 22}|-------------|-----------|----------|")
    for convention, lines in by_convention.items():
        print(row(convention, lines))
    print(row("all", CORPUS))


if __name__ == "__main__":
    main()
