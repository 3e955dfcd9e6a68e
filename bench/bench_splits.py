"""Time reading a pasted line of 100 splits. A plain script (not a test):
`python bench/bench_splits.py`.

An athlete pastes a whole session's splits after the track: 20 headed lines of 5
splits in the forms people type (2:52.3, 75.1, 66, 4'05", 1.15.1, 75"). Timed:
reading it alone, reading it matched to the session's 100 reps, and the same paste
with 5 doubtful tokens (run together, missing decimal point, ambiguous) whose
suggestions are worked out from a cold cache on every read. Figures are per read,
best and median of REPEATS repeats of NUMBER reads each.
"""

import platform
import random
import re
import statistics
import sys
import timeit
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workouts import splits
from workouts.splits import format_split, read_splits

REPEATS = 30
NUMBER = 100
DISTANCES = (1000.0, 500.0, 300.0, 200.0, 400.0)
HEADINGS = ("Set {n} — ", "  • 1K/500/300/200/400 — ", "Rep {n}: ", "Splits: ", "- ")
SEPARATORS = (", ", " / ", " ", "; ")
# (token, how many reps it stands for): two splits run together stand for two.
DOUBTFUL = (("28.926.4", 2), ("5012", 1), ("2.52", 1), ("1:14.81:15.2", 2), ("7412", 1))


@dataclass(frozen=True)
class Rep:
    distance_m: float | None
    duration_s: float | None = None


def typed(seconds: float, rng: random.Random) -> str:
    minutes, rest = divmod(seconds, 60)
    styles = [format_split(seconds), f"{seconds:.1f}", f'{seconds:.1f}"']
    if minutes:
        styles += [f"{int(minutes)}'{rest:04.1f}\"", f"{int(minutes)}.{rest:04.1f}"]
    return rng.choice(styles)


def paste(rng: random.Random, doubtful: tuple[tuple[str, int], ...] = ()) -> tuple[str, list[Rep]]:
    reps = [Rep(DISTANCES[i % len(DISTANCES)]) for i in range(100)]
    tokens = [typed(round(rep.distance_m * rng.uniform(0.165, 0.19), 1), rng) for rep in reps]
    for index, (token, stands_for) in zip(range(7, 100, 19), doubtful, strict=False):
        tokens[index : index + stands_for] = [token] + [""] * (stands_for - 1)
    lines = []
    for line_n in range(20):
        heading = rng.choice(HEADINGS).format(n=line_n + 1)
        line = [token for token in tokens[line_n * 5 : line_n * 5 + 5] if token]
        lines.append(heading + rng.choice(SEPARATORS).join(line))
    return "\n".join(lines), reps


def per_read_us(statement) -> tuple[float, float]:
    runs = [t / NUMBER * 1e6 for t in timeit.repeat(statement, number=NUMBER, repeat=REPEATS)]
    return min(runs), statistics.median(runs)


def cold_read(text: str, reps: list[Rep]):
    splits._splittings.cache_clear()
    return read_splits(text, reps)


def main() -> None:
    rng = random.Random(3)
    clean, reps = paste(rng)
    doubtful, _ = paste(rng, DOUBTFUL)
    assert len(read_splits(clean).splits_s) == 100, read_splits(clean).issues
    flagged = read_splits(doubtful, reps)
    assert [issue.token for issue in flagged.issues] == [token for token, _ in DOUBTFUL]
    assert len(flagged.accepted_s) == 100

    print(f"python {platform.python_version()} on {platform.machine()} ({platform.platform()})")
    print(f"processor: {platform.processor() or 'unknown'}")
    print(f"paste: {len(clean)} characters, 100 splits on 20 lines")
    print(f"per read, best / median of {REPEATS} x {NUMBER} reads:")
    cases = {
        "read_splits(paste)": lambda: read_splits(clean),
        "read_splits(paste, 100 reps)": lambda: read_splits(clean, reps),
        "with 5 doubtful tokens, 100 reps, cold cache": lambda: cold_read(doubtful, reps),
    }
    # Baseline in the same run: a naive regex that pulls every number out of the paste,
    # labels and all, so figures compare across noisy machines as ratios.
    numbers = re.compile(r"[0-9]+(?:[.:][0-9]+)*")
    base_best, base_median = per_read_us(lambda: numbers.findall(clean))
    print(
        f"  {'baseline: regex findall of every number':<46} {base_best / 1000:7.3f} ms  / "
        f"{base_median / 1000:7.3f} ms"
    )
    for name, statement in cases.items():
        best, median = per_read_us(statement)
        print(
            f"  {name:<46} {best / 1000:7.3f} ms  / {median / 1000:7.3f} ms"
            f"   {median / base_median:6.1f}x baseline"
        )


if __name__ == "__main__":
    main()
