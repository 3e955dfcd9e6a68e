"""How much of the notation corpus the parser reads as a coach would, and how fast (a plain
script, not a test; it needs no Django).

    python bench/notation_coverage.py [--baseline OLD_NOTATION.py]

With --baseline, the same two sessions are also timed with another notation module (e.g. the
one before issue 12: `git show 6b16506:workouts/notation.py > /tmp/notation_before.py`), in
the same run, so the ratio holds on a busy machine.

Prints a markdown table: per convention of tests/workouts/data/notation_corpus.jsonl, the lines
read as expected over the total (a line expecting an error counts as read when the parser
refuses it), and overall; then the median time in microseconds of parse + expand for the
reference session and for a 100-rep session; then the machine it ran on.
"""

import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workouts import notation  # noqa: E402  (after the path insert, and Django-free)

CORPUS = ROOT / "tests" / "workouts" / "data" / "notation_corpus.jsonl"
REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
# 10 rounds of 10 reps. No count inside the group: a `2 x 200m` there would take the items after
# it (the breakdown-set rule) and make 14 reps a round.
HUNDRED = (
    "10 x (400m @62 w/ 200m jog, 300m @46, 200m @30, 100m, 200m @31, 200m @31,"
    " 400m, 300m, 200m, 100m)"
)
RUNS = 300


def read_as_expected(case: dict) -> bool:
    text, rules = case["text"], case.get("rules", "")
    if case["expect"] == "error":
        try:
            notation.parse(text, rules)
        except notation.NotationError as error:
            word = case.get("error_contains")
            return not word or word in str(error).lower()
        except Exception:  # a crash is not a refusal
            return False
        return False
    try:
        return notation.compact(notation.parse(text, rules)) == case["expect"]
    except Exception:  # unread, whatever the reason
        return False


def coverage() -> None:
    totals: dict[str, list[int]] = {}
    read = lines = 0
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        ok = read_as_expected(case)
        lines += 1
        read += ok
        for convention in case["conventions"]:
            tally = totals.setdefault(convention, [0, 0])
            tally[0] += ok
            tally[1] += 1
    print("| convention | read as expected | lines | share |")
    print("|---|---:|---:|---:|")
    for convention, (good, total) in sorted(totals.items()):
        print(f"| {convention} | {good} | {total} | {good / total:.0%} |")
    print(f"| **overall** | **{read}** | **{lines}** | **{read / lines:.0%}** |")


def median_us(module, text: str, read_twice: bool = False) -> tuple[float, int]:
    reps = len(module.expand(module.parse(text)))
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        if read_twice:  # the builder's preview: the reps and every reading the other way
            module.read.__wrapped__(text)
        else:
            module.expand(module.parse(text))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6, reps


def load(path: str):
    spec = importlib.util.spec_from_file_location("notation_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def speed(baseline) -> None:
    print()
    heading = f"| median of {RUNS} runs | reps | µs |"
    print(heading + (" baseline µs | ratio |" if baseline else ""))
    print("|---|---:|---:|" + ("---:|---:|" if baseline else ""))
    for name, text in (("reference session", REFERENCE), ("100-rep session", HUNDRED)):
        micros, reps = median_us(notation, text)
        row = f"| parse + expand, {name} | {reps} | {micros:.1f} |"
        if baseline:
            before, _ = median_us(baseline, text)
            row += f" {before:.1f} | {micros / before:.2f} |"
        print(row)
    for name, text in (("3 x 600m, 400m, 200m", "3 x 600m, 400m, 200m"), ("100-rep", HUNDRED)):
        micros, reps = median_us(notation, text, read_twice=True)
        print(f"| read with its readings, {name} | {reps} | {micros:.1f} |")


def machine() -> None:
    print()
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}"
    )


def main() -> None:
    reps = len(notation.expand(notation.parse(HUNDRED)))
    if reps != 100:
        sys.exit(f"the 100-rep session reads as {reps} reps; fix HUNDRED")
    if not hasattr(notation, "compact"):
        print("(notation.compact does not exist yet: only the expected errors can count as read)\n")
    coverage()
    baseline = load(sys.argv[2]) if sys.argv[1:2] == ["--baseline"] else None
    speed(baseline)
    machine()


if __name__ == "__main__":
    main()
