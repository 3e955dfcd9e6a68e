"""`manage.py notation`: a session's notation read and expanded, as JSON on stdout.

Contract (used by tools outside the app; keep it stable):

    manage.py notation "2 x 1K @5K" [--recovery "400m in 3'-4' after 1K"]
    {"notation": "2 x 1K @5K", "recovery_rules": "400m in 3'-4' after 1K",
     "rep_count": 2, "total_distance_m": 2000.0,
     "reps": [{"n": 1, "distance_m": 1000.0, "duration_s": null, "target": "5K", "label": "",
               "note": "", "block": 1, "set_index": 1,
               "recovery": {"kind": "distance", "distance_m": 400.0, "duration_s": null,
                            "window_s": [180.0, 240.0], "mode": "", "text": "400m in 3'-4'"}},
              ...]}

"notation" is the canonical text; "target" is the canonical target ("5K", "mile-2%", "2:54",
"68/400", "68-70", "T") or null, each rep's own (a cut-down or a list of times gives each rep
its time); a time rep has "distance_m" null; every rep has "is_rep": true. "recovery" is what
follows the rep, or null when nothing is stated (and always after the last rep); its "kind" is
"distance", "time", "full" or "cycle" ("distance of next rep" is resolved to the upcoming
rep's distance).
Added since (tools may ignore them): "segments", the parts that are not reps and are not
counted in "rep_count" (warm-up, cool-down, drills, strides, easy, note), each
{"kind", "text", "before_rep", "block", "is_rep": false}; and "readings", where the text reads
two ways, each {"start", "end", "written", "read_as", "other_as", "other_notation"}. Exit 0.
Unreadable notation or rules print {"error": {"message": ..., "position": i, "expected": ...,
"source": "notation" | "recovery"}} ("position" indexes the text named by "source") and exit 1;
any other input the domain refuses (an athletes.errors.DomainError) prints
{"error": {"message": ...}} and exits 1 too.
"""

import json

from django.core.management.base import BaseCommand

from athletes.errors import DomainError
from workouts.notation import read_as_dict


class Command(BaseCommand):
    help = "Read a session's notation; prints its canonical text and reps as JSON."

    def add_arguments(self, parser):
        parser.add_argument("text", help='the session, e.g. "2 x 1K / 500m, 300m, 200m"')
        parser.add_argument(
            "--recovery",
            default="",
            help="the session's recovery rules, e.g. \"400m in 3'-4' after 1K\"",
        )

    def handle(self, *args, **options):
        try:
            result = read_as_dict(options["text"], options["recovery"])
        except DomainError as error:
            self.stdout.write(json.dumps({"error": error.as_dict()}))
            raise SystemExit(1) from error
        self.stdout.write(json.dumps(result))
