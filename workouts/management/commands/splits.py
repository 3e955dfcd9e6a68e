"""`manage.py splits`: read typed or pasted split times, as JSON on stdout.

Contract (used by tools outside the app; keep it stable):

    manage.py splits "2:52, 2:54 / 43.926.4"
    {"splits_s": [172.0, 174.0],
     "issues": [{"token": "43.926.4", "message": "...", "suggestion": [43.9, 26.4],
                 "position": 13, "kind": "run_together", "rep_n": null}],
     "accepted_s": [172.0, 174.0, 43.9, 26.4]}

Only sure readings are in "splits_s"; "accepted_s" is the reading with every
suggestion accepted. With --notation "NOTATION" the splits are matched to the
session's reps (in order, or where a heading such as "400m:" or "Set 3" puts them), and
four keys are added: "reps" (one per rep: "n", "distance_m", "duration_s", "split_s" or
null, "sure"), "missing" (rep numbers without a split), "extra" (readings that fit no
rep) and "count_note" (both in words, "no split for reps 15 and 16 (500m, 300m)"; ""
when every rep has one reading). An issue's "kind" may also be "sum_mismatch" (a written
total that is not the sum of its parts) or "no_such_rep" (a heading naming a distance or
set the session does not have; "rep_n" null). Unreadable notation,
or any other input the domain refuses (an athletes.errors.DomainError), prints
{"error": {"message": ..., "position": i}} ("position" only where the error has one) and
exits 1.
"""

import json
from collections.abc import Sequence

from django.core.management.base import BaseCommand

from athletes.errors import DomainError
from workouts.notation import expand, parse
from workouts.splits import RepLike, SplitIssue, SplitMatch, SplitReading, read_splits


class Command(BaseCommand):
    help = "Read split times typed or pasted by a person; prints JSON."

    def add_arguments(self, parser):
        parser.add_argument("text", help='the splits, e.g. "2:52, 2:54 / 1:15.1 42.4 28.9"')
        parser.add_argument("--notation", help="the session, to match the splits to its reps")

    def handle(self, *args, **options):
        try:
            reps = None if options["notation"] is None else expand(parse(options["notation"]))
            report = splits_report(read_splits(options["text"], reps), reps)
        except DomainError as error:
            # The base shape, message and position: this contract never had "expected".
            self.stdout.write(json.dumps({"error": DomainError.as_dict(error)}))
            raise SystemExit(1) from error
        self.stdout.write(json.dumps(report))


def splits_report(reading: SplitReading, reps: Sequence[RepLike] | None) -> dict:
    report = {
        "splits_s": reading.splits_s,
        "issues": [_issue(issue) for issue in reading.issues],
        "accepted_s": reading.accepted_s,
    }
    if reps is not None:
        matched = {match.rep_n: match for match in reading.matches}
        report["reps"] = [_rep(n, rep, matched.get(n)) for n, rep in enumerate(reps, start=1)]
        report["missing"] = list(reading.missing)
        report["extra"] = list(reading.extra)
        report["count_note"] = reading.count_note
    return report


def _issue(issue: SplitIssue) -> dict:
    return {
        "token": issue.token,
        "message": issue.message,
        "suggestion": None if issue.suggestion is None else list(issue.suggestion),
        "position": issue.position,
        "kind": str(issue.kind),
        "rep_n": issue.rep_n,
    }


def _rep(n: int, rep: RepLike, match: SplitMatch | None) -> dict:
    return {
        "n": n,
        "distance_m": rep.distance_m,
        "duration_s": rep.duration_s,
        "split_s": None if match is None else match.split_s,
        "sure": match is not None and match.sure,
    }
