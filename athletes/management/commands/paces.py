"""`manage.py paces`: race-equivalent times from one or two races, as JSON on stdout.

Contract (used by tools outside the app; keep it stable):

    manage.py paces --race 5000=14:30 --predict 1609.344 800 400
    {"vdot": 72.4, "model": "vdot", "predictions": [{"distance_m": 1609.344, "time_s": 252.0}, ...]}

    manage.py paces --model riegel --race 1500=3:50 --race 5K=14:30 --predict mile 800
    {"model": "riegel", "exponent": 1.0712, "predictions": [...]}

--race is DISTANCE=TIME; the distance is metres or a zone name (5K, mile, HM), 100 m to
500 km like every distance given (athletes.rules), and the time one a human can run over
it (the app's rule, athletes.paces.check_race_plausible).
--model vdot (the default) takes exactly one race. --model riegel takes one race
(Riegel's 1.06, which refuses targets under 1500 m) or two (the exponent fitted to
them, used at any distance). vdot is rounded to 0.1, time_s to 0.1 s, exponent to
4 places. Anything unreadable or refused (any athletes.errors.DomainError) prints
{"error": {"message": ...}} and exits 1.
"""

import json

from django.core.management.base import BaseCommand

from athletes.errors import DomainError
from athletes.paces import (
    RIEGEL_EXPONENT,
    PaceError,
    RaceTime,
    check_race_plausible,
    parse_distance,
    parse_time,
    predict_riegel,
    predict_time,
    riegel_exponent,
    vdot,
)
from athletes.rules import race_distance_check


class Command(BaseCommand):
    help = "Predict race times from one or two races (Daniels' VDOT or Riegel); prints JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--race",
            action="append",
            default=[],
            metavar="DISTANCE=TIME",
            help="a race result, e.g. 5000=14:30, 5K=14:30, mile=4:00 (riegel: give one or two)",
        )
        parser.add_argument(
            "--predict",
            nargs="*",
            default=[],
            metavar="DISTANCE",
            help="distances to predict, in metres or as zone names (1609.344, 800, mile, 10K)",
        )
        parser.add_argument("--model", default="vdot", help="vdot (default) or riegel")

    def handle(self, *args, **options):
        try:
            result = paces_report(options["race"], options["predict"], options["model"])
        except DomainError as error:
            self.stdout.write(json.dumps({"error": error.as_dict()}))
            raise SystemExit(1) from error
        self.stdout.write(json.dumps(result))


def paces_report(race_texts: list[str], predict_texts: list[str], model: str) -> dict:
    races = [_parse_race(text) for text in race_texts]
    targets = [_race_distance(text) for text in predict_texts]
    if model == "vdot":
        return _vdot_report(races, targets)
    if model == "riegel":
        return _riegel_report(races, targets)
    raise PaceError(f"unknown model {model!r}: expected vdot or riegel")


def _parse_race(text: str) -> RaceTime:
    distance, separator, time = text.partition("=")
    if not separator:
        raise PaceError(f"couldn't read the race {text!r}: expected DISTANCE=TIME, like 5K=14:30")
    race = RaceTime(_race_distance(distance), parse_time(time))
    check_race_plausible(race.distance_m, race.time_s)
    return race


def _race_distance(text: str) -> float:
    """A distance someone races, as the app allows one (athletes.rules)."""
    metres = parse_distance(text)
    race_distance_check(metres)
    return metres


def _vdot_report(races: list[RaceTime], targets: list[float]) -> dict:
    if len(races) != 1:
        raise PaceError(f"--model vdot takes exactly one --race, got {len(races)}")
    value = vdot(races[0].distance_m, races[0].time_s)
    predictions = [_prediction(d, predict_time(value, d)) for d in targets]
    return {"vdot": round(value, 1), "model": "vdot", "predictions": predictions}


def _riegel_report(races: list[RaceTime], targets: list[float]) -> dict:
    if len(races) not in (1, 2):
        raise PaceError(f"--model riegel takes one or two --race, got {len(races)}")
    exponent = riegel_exponent(*races) if len(races) == 2 else None
    predictions = [_prediction(d, predict_riegel(races[0], d, exponent)) for d in targets]
    shown_exponent = RIEGEL_EXPONENT if exponent is None else round(exponent, 4)
    return {"model": "riegel", "exponent": shown_exponent, "predictions": predictions}


def _prediction(distance_m: float, time_s: float) -> dict:
    return {"distance_m": distance_m, "time_s": round(time_s, 1)}
