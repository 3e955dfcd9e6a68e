"""Time the pace math a page of targets needs: VDOT from a race, race predictions,
training paces and rep targets. A plain script (not a test): `python bench/bench_paces.py`.

A squad page computes, per athlete, one VDOT and a handful of predictions (one per
zone), then a target per rep. The figures are per call, best of 5 repeats.
"""

import random
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from athletes.paces import (
    ZONE_DISTANCES,
    predict_time,
    rep_target_time,
    training_paces,
    vdot,
)

REPEATS = 5


def per_call_us(statement, number: int) -> float:
    best = min(timeit.repeat(statement, number=number, repeat=REPEATS))
    return best / number * 1e6


def main() -> None:
    rng = random.Random(7)
    races = [(5000.0, rng.uniform(800, 1800)) for _ in range(1000)]
    values = [vdot(d, t) for d, t in races]
    zones = list(ZONE_DISTANCES.values())

    def all_vdots():
        for d, t in races:
            vdot(d, t)

    def all_predictions():
        for value in values:
            for distance in zones:
                predict_time(value, distance)

    def all_training_paces():
        for value in values:
            training_paces(value)

    def squad_targets():
        """30 athletes x 16 reps of the reference session, from their 5K zone pace."""
        for d, t in races[:30]:
            for distance in (1000, 500, 300, 200) * 4:
                rep_target_time(t / d, distance, percent=-2)

    n = len(races)
    print(f"vdot(5000, t):                  {per_call_us(all_vdots, 20) / n:8.2f} us per race")
    print(
        f"predict_time (9 zones):         {per_call_us(all_predictions, 2) / (n * len(zones)):8.2f}"
        " us per prediction"
    )
    print(
        f"training_paces:                 {per_call_us(all_training_paces, 2) / n:8.2f} us per VDOT"
    )
    print(
        f"rep targets, 30 athletes x 16:  {per_call_us(squad_targets, 50) / 1000:8.3f} ms per squad"
    )


if __name__ == "__main__":
    main()
