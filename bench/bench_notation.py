"""Time parse + expand of a 100-rep session notation (a plain script, not a test).

    python bench/bench_notation.py

Prints the Python version, the machine, and per-call times (best and median of many
repetitions, timeit) for parse, expand, parse + expand (with and without recovery rules)
and render.
"""

import json
import platform
import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workouts.notation import expand, parse, render, session_as_dict

NOTATION = (
    "6 x (1K @5K (r 400m in 3'-4'), 3 x 500m @mile, 300m @800, 200m @400-1s)"
    " / 10 x (2' @10K w/ 90\" jog, 1:30 @3K)"
    " + 3 x 600/400/200\n"
    "11 x 200m @ 30 flush"
)
RULES = "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
REPETITIONS = 30
CALLS = 200


def per_call_us(statement) -> tuple[float, float]:
    runs = timeit.repeat(statement, number=CALLS, repeat=REPETITIONS)
    per_call = [run / CALLS * 1e6 for run in runs]
    return min(per_call), statistics.median(per_call)


def main() -> None:
    session = parse(NOTATION, RULES)
    reps = expand(session)
    assert len(reps) == 100, len(reps)
    print(f"python {platform.python_version()} ({platform.python_implementation()})")
    print(f"machine {platform.machine()} {platform.processor() or ''} {platform.platform()}")
    print(
        f"notation: {len(NOTATION)} characters, {len(reps)} reps; "
        f"{REPETITIONS} repetitions x {CALLS} calls"
    )
    cases = {
        "parse": lambda: parse(NOTATION),
        "expand (with recovery rules)": lambda: expand(session),
        "parse + expand": lambda: expand(parse(NOTATION)),
        "parse + expand with recovery rules": lambda: expand(parse(NOTATION, RULES)),
        "render": lambda: render(session),
    }
    # Baseline in the same run: reading the same 100 reps back from their JSON with the
    # standard library, so figures can be compared across noisy machines as ratios.
    as_json = json.dumps(session_as_dict(session))
    base_best, base_median = per_call_us(lambda: json.loads(as_json))
    print(
        f"{'baseline: json.loads of the 100 reps':<36} best {base_best:9.1f} µs   "
        f"median {base_median:9.1f} µs"
    )
    for name, statement in cases.items():
        best, median = per_call_us(statement)
        print(
            f"{name:<36} best {best:9.1f} µs   median {median:9.1f} µs   "
            f"{median / base_median:5.1f}x baseline"
        )


if __name__ == "__main__":
    main()
