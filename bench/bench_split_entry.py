"""Split entry served by gunicorn on PostgreSQL, against a bare one-INSERT view (a plain script).

    .venv/bin/python bench/bench_split_entry.py           # full run; updates bench/RESULTS.md
    .venv/bin/python bench/bench_split_entry.py --quick   # smoke run (~25 s); writes nothing

(--quick: two races per athlete and splits in the last past session only, one round of 2 s.)

In one run:
1. a fresh PostgreSQL database (`bench_split_entry` on 127.0.0.1:5432, user postgres; dropped
   at the end), migrated and filled through the services: a squad of 30 athletes with half a
   year of races and the zones they make (coaching.demo's season, per athlete), the demo's
   three templates and seven sessions over four weeks with splits for the past ones, and the
   reference session `2 x 1K / 500m, 300m, 200m / ...` (16 reps) prescribed today to all 30;
2. gunicorn (sync workers, as the Dockerfile runs it; 2 per core unless --workers) serving
   production settings with bench/split_entry_site.py as WSGI app and URLconf: the app's URLs
   plus the baseline, `POST /bench/bare-insert/`, one ORM INSERT of a split-shaped row;
3. one load generator (threads, one HTTP/1.1 connection each, re-opened when the server closes
   it) drives each endpoint for a fixed time, interleaved: warm-up, then bare, split, bare,
   split... Every split request is an athlete's htmx save (`HX-Request`, CSRF token, signed in as
   the athlete) with a fresh client_key and a time that differs from the rep's last one, so it
   records a split (a correction when the rep has one). Every answer must be 200 (the rep card)
   and each phase must add exactly one row per answer, for both endpoints;
4. requests/s, p50/p95 latency and the ratio split/bare; then what one split save costs
   in-process (queries, time in the database) and, when the ratio is under 0.5 (or with
   --profile), where its time goes (cProfile). A full run replaces its section of
   bench/RESULTS.md.

Without a PostgreSQL server on --server it says so and exits 0 (`make bench` goes on).
"""

import argparse
import cProfile
import http.client
import io
import os
import platform
import pstats
import re
import secrets
import statistics
import string
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from scratch_server import free_port, recreate_database, server_reachable, stop  # noqa: E402

DB_NAME = "bench_split_entry"
ATHLETES = 30
RESULTS = BENCH / "RESULTS.md"
MARK_START = "<!-- bench_split_entry: from here to the closing mark, written by a full run -->"
MARK_END = "<!-- /bench_split_entry -->"
MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
STDLIB = sysconfig.get_paths()["stdlib"]


def parse_args() -> argparse.Namespace:
    cores = len(os.sched_getaffinity(0))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 round of 2 s")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--workers", type=int, default=2 * cores, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, help="client connections (2 per worker)")
    parser.add_argument("--seconds", type=float, help="per phase (10; 2 with --quick)")
    parser.add_argument("--rounds", type=int, help="bare+split rounds (3; 1 with --quick)")
    parser.add_argument("--profile", action="store_true", help="profile even when ratio >= 0.5")
    parser.add_argument("--no-record", action="store_true", help="leave RESULTS.md alone")
    args = parser.parse_args()
    args.connections = args.connections or 2 * args.workers
    args.seconds = args.seconds or (2.0 if args.quick else 10.0)
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.warmup = 0.5 if args.quick else 3.0
    args.record = not (args.quick or args.no_record)
    return args


# ---------------------------------------------------------------- database and settings


def configure(server: str, scratch: Path) -> None:
    """The environment production settings read, shared with gunicorn (which inherits it)."""
    (scratch / "static").mkdir()
    os.environ.update(
        STATIC_ROOT=str(scratch / "static"),  # collected as for production (whitenoise)
        DJANGO_SETTINGS_MODULE="split_entry_settings",
        DATABASE_URL=f"{server}/{DB_NAME}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",  # testserver: the in-process profile
        SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback, no TLS proxy in front
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(ROOT), str(BENCH), os.environ.get("PYTHONPATH")])
        ),
    )
    import django

    django.setup()


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Slot:
    """One athlete's assignment to today's reference session: what a request needs."""

    user_pk: int
    assignment_pk: int
    reps: list[tuple[int, int, int]]  # (n, rep pk, target ms)
    cookie: str = ""


@dataclass
class Built:
    slots: list[Slot]  # today's reference session: the load
    spare: list[Slot]  # the same session next week, untouched: the in-process profile
    counts: dict[str, int]
    seconds: float


def build(today: date, quick: bool) -> Built:
    """The squad, its season and sessions, through the services (coaching.demo's own steps)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from athletes import services as athlete_services
    from coaching import demo
    from workouts import services
    from workouts.models import Session, SessionTemplate

    start = time.perf_counter()
    # Password hashing is not what is measured: the cheap hasher keeps 31 sign-ups fast.
    with override_settings(PASSWORD_HASHERS=[MD5]), transaction.atomic():
        coach = athlete_services.login_ensure(
            username="benchcoach", password=secrets.token_urlsafe(), first_name="Bench"
        )
        squad = athlete_services.squad_ensure(name="Bench Harriers", coaches=[coach])
        for name, season_start, season_end in demo.seasons_around(today):
            athlete_services.season_ensure(
                squad=squad, name=name, start=season_start, end=season_end
            )
        athletes = []
        for n in range(ATHLETES):
            five_k_s = 14 * 60 + 30 + n * 11  # 14:30 to 19:49
            spec = demo.DemoAthlete(
                username=f"runner{n:02d}",
                name=f"Runner {n:02d}",
                bib=str(100 + n),
                main_events="1500m, 5000m",
                five_k_s=five_k_s,
                mile_s=round(five_k_s * 0.28),
            )
            first, last = spec.name.split(" ")
            user = athlete_services.login_ensure(
                username=spec.username,
                password=secrets.token_urlsafe(),
                first_name=first,
                last_name=last,
            )
            athlete = athlete_services.athlete_ensure(
                squad=squad, name=spec.name, bib=spec.bib, main_events=spec.main_events, user=user
            )
            if quick:  # the last two races only: enough for every zone
                for days_ago, distance_m, form, venue in demo.RACE_CALENDAR[-2:]:
                    demo._race(spec, athlete, coach, today, days_ago, distance_m, form, venue)
            else:
                demo._season_of_racing(spec, athlete, coach, today)
            athletes.append(athlete)
        _templates_and_sessions(squad, coach, athletes, today, quick)
        reference = SessionTemplate.objects.get(squad=squad, name=demo.TEMPLATES[0][0])
        session = services.session_prescribe(
            version=reference.versions.order_by("-number").first(),
            on=today,
            athletes=athletes,
            by=coach,
        )
    assert session.reps.count() == 16, session.notation
    spare = Session.objects.filter(template=reference, date__gt=today).order_by("date").first()
    return Built(slots_of(session), slots_of(spare), table_counts(), time.perf_counter() - start)


def _templates_and_sessions(squad, coach, athletes, today: date, quick: bool) -> None:
    """The demo's three templates and seven sessions over four weeks, every athlete's splits
    in the past ones (in the last one only with --quick, to keep the smoke run short)."""
    from coaching import demo
    from workouts import services

    templates = {
        name: services.template_create(
            squad=squad, name=name, content=content, tags=tags, created_by=coach
        )
        for name, content, tags in demo.TEMPLATES
    }
    last_past = max(days for days, _ in demo.PRESCRIPTIONS if days < 0)
    for days, name in demo.PRESCRIPTIONS:
        session = services.session_prescribe(
            version=templates[name].versions.order_by("-number").first(),
            on=today + timedelta(days=days),
            athletes=athletes,
            by=coach,
        )
        if days < 0 and (days == last_past or not quick):
            demo._splits_for(session, coach)


def slots_of(session) -> list[Slot]:
    reps = list(session.reps.order_by("n"))
    slots = []
    for assignment in session.assignments.select_related("athlete").order_by("athlete__name"):
        targets = {t.rep_id: t.effective_ms for t in assignment.targets.all()}
        slots.append(
            Slot(
                user_pk=assignment.athlete.user_id,
                assignment_pk=assignment.pk,
                reps=[
                    (rep.n, rep.pk, targets.get(rep.pk) or round(float(rep.distance_m) * 180))
                    for rep in reps
                ],
            )
        )
    return slots


def table_counts() -> dict[str, int]:
    from django.db import connection

    tables = {
        "race results": "athletes_raceresult",
        "zone entries": "athletes_zoneentry",
        "sessions": "workouts_session",
        "assignments": "workouts_assignment",
        "targets": "workouts_reptarget",
        "splits": "workouts_split",
    }
    with connection.cursor() as cursor:
        counts = {}
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[label] = cursor.fetchone()[0]
    return counts


def signed_in(*groups: list[Slot]) -> list[list[Slot]]:
    """The slots with each athlete's session cookie, made the way a sign-in makes it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects.in_bulk([slot.user_pk for slot in groups[0]])
    cookies = {}
    for pk, user in users.items():
        client = Client()
        client.force_login(user, backend=MODEL_BACKEND)
        cookies[pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        [Slot(s.user_pk, s.assignment_pk, s.reps, cookies[s.user_pk]) for s in slots]
        for slots in groups
    ]


def create_bare_table() -> None:
    from django.db import connection
    from split_entry_site import BareInsert

    with connection.schema_editor() as editor:
        editor.create_model(BareInsert)


def row_counts() -> dict[str, int]:
    from split_entry_site import BareInsert

    from workouts.models import Split

    return {"bare": BareInsert.objects.count(), "split": Split.objects.count()}


# ---------------------------------------------------------------- gunicorn


def start_gunicorn(workers: int, port: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "split_entry_site:application",
        "--pythonpath",
        f"{ROOT},{BENCH}",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log}")


# ---------------------------------------------------------------- load


def request_for(slots: list[Slot], k: int, kind: str, csrf: str) -> tuple[str, dict, dict]:
    """Request k of a run over some athletes: athlete k mod A, rep (k div A) mod 16, and a time
    that alternates between the rep's target and 0.3 s slower each time round the reps, so it
    always differs from the rep's last split and records one (a correction after the first)."""
    from workouts.splits import format_split

    count = len(slots)
    slot = slots[k % count]
    n, rep_pk, target_ms = slot.reps[(k // count) % len(slot.reps)]
    lap = k // (count * len(slot.reps))
    time_ms = round(target_ms, -2) + (300 if lap % 2 else 0)
    if kind == "bare":
        fields = {
            "assignment": slot.assignment_pk,
            "rep": rep_pk,
            "user": slot.user_pk,
            "time_ms": time_ms,
            "client_key": uuid.uuid4(),
        }
        return "/bench/bare-insert/", fields, {}
    fields = {"rep": n, "time": format_split(time_ms / 1000), "client_key": uuid.uuid4()}
    headers = {
        "Cookie": f"sessionid={slot.cookie}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "HX-Request": "true",
    }
    return f"/assignments/{slot.assignment_pk}/splits/", fields, headers


class Line:
    """One client connection, typing for the athletes it was given: no other line types for
    them, so one athlete's saves never race each other. Its counts run on across phases."""

    def __init__(self, port: int, slots: list[Slot], csrf: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.slots, self.csrf, self.sent = slots, csrf, Counter()

    def next_request(self, kind: str) -> tuple[str, bytes, dict]:
        path, fields, headers = request_for(self.slots, self.sent[kind], kind, self.csrf)
        self.sent[kind] += 1
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return path, urlencode(fields).encode(), headers


@dataclass
class Phase:
    kind: str
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows_added: int = 0

    @property
    def ok(self) -> int:
        return self.statuses[200]

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def drive(lines: list[Line], kind: str, seconds: float) -> Phase:
    phase = Phase(kind)
    lock = threading.Lock()
    barrier = threading.Barrier(len(lines) + 1)
    marks: list[tuple[float, float]] = []

    def run(line: Line) -> None:
        statuses, latencies, problems = Counter(), [], []
        barrier.wait()
        begun = time.perf_counter()
        deadline = begun + seconds
        while (sent := time.perf_counter()) < deadline:
            path, body, headers = line.next_request(kind)
            try:
                line.conn.request("POST", path, body, headers)
                response = line.conn.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                line.conn.close()
                statuses["error"] += 1
                problems.append(f"{kind}: {error!r}")
                continue
            latencies.append((time.perf_counter() - sent) * 1000)
            statuses[response.status] += 1
            if response.status != 200:
                problems.append(f"{kind} {path}: {response.status} {content[:200]!r}")
            elif kind == "split" and b'class="rep-card' not in content:
                problems.append(f"split {path}: 200 without the rep card: {content[:200]!r}")
        ended = time.perf_counter()
        with lock:
            phase.statuses.update(statuses)
            phase.latencies_ms.extend(latencies)
            phase.problems.extend(problems[:5])
            marks.append((begun, ended))

    threads = [threading.Thread(target=run, args=(line,)) for line in lines]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join()
    phase.seconds = max(end for _, end in marks) - min(begin for begin, _ in marks)
    return phase


def measured(lines: list[Line], kind: str, seconds: float) -> Phase:
    """A phase, with its rows counted: exactly one new row per 200, none lost, none doubled."""
    before = row_counts()[kind]
    phase = drive(lines, kind, seconds)
    phase.rows_added = row_counts()[kind] - before
    if phase.rows_added != phase.ok:
        phase.problems.append(f"{kind}: {phase.ok} answers 200 but {phase.rows_added} new rows")
    return phase


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(kind: str, phases: list[Phase]) -> tuple[float, str]:
    ok = sum(p.ok for p in phases)
    seconds = sum(p.seconds for p in phases)
    latencies = [ms for p in phases for ms in p.latencies_ms]
    others = sum(p.statuses.total() for p in phases) - ok
    rate = ok / seconds
    label = {"bare": "baseline: bare INSERT view", "split": "split entry (htmx save)"}[kind]
    line = (
        f"  {label:28} {rate:8.1f} req/s  p50 {percentile(latencies, 0.5):6.1f} ms"
        f"  p95 {percentile(latencies, 0.95):6.1f} ms  {ok:6} x 200, {others} other"
    )
    return rate, line


# ---------------------------------------------------------------- in-process profile


class InProcess:
    """Split saves and bare inserts through Django's test client (no HTTP, no gunicorn), on
    next week's reference session, which the load never touches: each athlete's own cookie,
    the same walk over athletes and reps as the load. The test client does not check CSRF."""

    def __init__(self, slots: list[Slot]) -> None:
        from django.conf import settings
        from django.test import Client

        self.client, self.slots, self.sent = Client(), slots, Counter()
        self.cookie_name = settings.SESSION_COOKIE_NAME

    def post(self, kind: str, k: int | None = None) -> None:
        """Request k, the next one of its kind by default."""
        if k is None:
            k = self.sent[kind] = self.sent[kind] + 1
        path, fields, headers = request_for(self.slots, k, kind, csrf="")
        headers.pop("Cookie", None)
        headers.pop("X-CSRFToken", None)
        if kind == "split":
            self.client.cookies[self.cookie_name] = self.slots[k % len(self.slots)].cookie
        else:
            self.client.cookies.pop(self.cookie_name, None)
        response = self.client.post(path, fields, headers=headers)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])


class QueryClock:
    """Counts the queries and the time spent in them (the driver and the round trip)."""

    def __init__(self) -> None:
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - begun
            self.count += 1


def describe(sql: str) -> str:
    """A query in one short line: the table it reads or writes, the tables joined to it, and
    whether it locks rows (the columns are left out)."""
    sql = re.sub(r"\s+", " ", sql)
    if not sql.startswith("SELECT"):
        return re.sub(r'"s\w+"', '"…"', sql.split(" (")[0])  # BEGIN, SAVEPOINT "…", INSERT INTO
    table = re.search(r'FROM "(\w+)"', sql).group(1)
    joins = [name for name, _ in re.findall(r'JOIN "(\w+)"(?: "(\w+)")?', sql)]
    text = "SELECT COUNT(*) FROM " if "COUNT(*)" in sql else "SELECT FROM "
    text += table + (f" JOIN {', '.join(joins)}" if joins else "")
    if " ORDER BY " in sql and joins:
        text += " ORDER BY (joined columns)"
    lock = re.search(r"FOR UPDATE( OF \S+)?", sql)
    return text + (f" {lock.group(0)}" if lock else "")


def in_process(slots: list[Slot], runs: int) -> tuple[list[str], InProcess]:
    """The queries of a split save (a rep's first split, then a correction) and the median
    time of each endpoint in-process, with the part of it spent in queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bench = InProcess(slots)
    with CaptureQueriesContext(connection) as first:
        bench.post("split", 0)
    with CaptureQueriesContext(connection) as correction:
        bench.post("split", len(slots) * len(slots[0].reps))  # athlete 0, rep 1, next lap
    with CaptureQueriesContext(connection) as bare:
        bench.post("bare", 0)
    out = [
        f"  split save: {len(first)} queries for a rep's first split,"
        f" {len(correction)} for a correction (bare insert: {len(bare)}):"
    ]
    out += [f"    {describe(query['sql'])}" for query in correction.captured_queries]
    times: dict[str, list[float]] = {"bare": [], "split": []}
    in_queries: dict[str, list[float]] = {"bare": [], "split": []}
    for _ in range(runs):  # interleaved, so a busy moment of the machine hits both
        for kind in ("bare", "split"):
            clock = QueryClock()
            with connection.execute_wrapper(clock):
                begun = time.perf_counter()
                bench.post(kind)
                times[kind].append(time.perf_counter() - begun)
            in_queries[kind].append(clock.seconds)
    timings = {}
    for kind in ("bare", "split"):
        timings[kind] = statistics.median(times[kind]) * 1000
        out.append(
            f"  {kind:5} in-process: median {timings[kind]:6.2f} ms a request,"
            f" {statistics.median(in_queries[kind]) * 1000:5.2f} ms of it in queries"
        )
    ratio = timings["bare"] / timings["split"]
    out.append(f"  in-process ratio split/bare (requests/s): {ratio:.3f}")
    return out, bench


PROFILE_SPOTS = [
    ("django/core/handlers/base.py", "get_response", "the request in Django (middleware + view)"),
    ("workouts/views.py", "split_save", "split_save (the view)"),
    ("workouts/views.py", "_recordable", "  _recordable: assignment + permission"),
    ("workouts/views.py", "_rep_of", "  _rep_of: the rep"),
    ("django/forms/forms.py", "is_valid", "  SplitForm.is_valid"),
    ("workouts/services.py", "split_record", "  services.split_record (transaction)"),
    ("workouts/views.py", "_rep_card", "  _rep_card: the answer"),
    ("workouts/selectors.py", "athlete_cell", "    selectors.athlete_cell"),
    ("django/shortcuts.py", "render", "    rendering the rep card"),
    ("django/contrib/auth/__init__.py", "get_user", "request.user: session + user rows"),
    ("django/db/backends/utils.py", "_execute", "every query (driver + round trip)"),
]


def profiled(bench: InProcess, runs: int) -> tuple[list[str], list[str]]:
    """cProfile over `runs` split saves: the main steps of the request (a step's cumulative
    time per save, and its share of the whole request in Django), then the functions that take
    the most time of their own."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        bench.post("split")
    profiler.disable()
    spots: dict[str, float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in pstats.Stats(profiler).stats.items():
        for suffix, function, label in PROFILE_SPOTS:
            if filename.endswith(suffix) and name == function:
                spots[label] = spots.get(label, 0.0) + cumulative
    whole = spots.get(PROFILE_SPOTS[0][2]) or 1.0
    steps = [f"  cProfile over {runs} split saves (per save, share of the request in Django):"]
    for _, _, label in PROFILE_SPOTS:
        if label in spots:
            share = spots[label] / whole
            steps.append(f"    {label:44} {spots.pop(label) / runs * 1000:6.2f} ms {share:5.0%}")
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(12)
    rows = [
        line.strip()
        for line in text.getvalue().splitlines()
        if re.match(r"\s*[\d/]+\s+\d+\.\d+", line)
    ]
    places = rf"\S*site-packages/|{re.escape(str(ROOT))}/|{re.escape(STDLIB)}/"
    functions = ["  top functions by own time (ncalls, tottime, percall, cumtime, percall, where):"]
    functions += ["    " + re.sub(places, "", row) for row in rows[:12]]
    return steps, functions


# ---------------------------------------------------------------- machine and record


def machine() -> dict[str, str]:
    cpu = "unknown CPU"
    memory = 0.0
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"^model name\s*:\s*(.+)$", info, re.M).group(1).strip()
        total = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        memory = int(total.group(1)) / 1024**2
    except (OSError, AttributeError):
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return {
        "cores": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "memory": f"{memory:.1f} GiB",
        "system": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "postgres": postgres,
    }


def record(today: date, box: dict[str, str], command: str, output: list[str], verdict: str):
    """Replace the run's section of RESULTS.md (between its marks), or add it at the end."""
    paragraphs = [
        f"Machine: `nproc` {box['cores']}, {box['cpu']} ({platform.machine()}), {box['memory']}"
        f" RAM, {box['system']}, {box['python']}, PostgreSQL {box['postgres']} on 127.0.0.1,"
        " other work running beside it. Command: `{command}` (this part of the file is written"
        " by the script's full runs).".replace("{command}", command),
        "A fresh database filled through the services: 30 athletes with a season of races and"
        " the zones they make, four weeks of sessions with splits, the reference 1,000m"
        " Breakdowns (16 reps) prescribed today to all 30. gunicorn serves it with production"
        " settings; one Python client, one connection per thread, alternates the endpoints"
        " round by round. Baseline: `POST /bench/bare-insert/`, one ORM INSERT of a"
        " split-shaped row, no sign-in, no form, no CSRF, no template"
        " (bench/split_entry_site.py). Split entry: an athlete's htmx save of one rep, signed"
        " in, with a CSRF token and a fresh client_key, answered with the rep's card. Every"
        " answer was 200 and each phase added exactly one row per answer.",
    ]
    section = "\n".join(
        [
            MARK_START,
            f"## {today.isoformat()} — split entry on gunicorn and PostgreSQL",
            "",
            *(
                textwrap.fill(paragraph, 95, break_on_hyphens=False) + "\n"
                for paragraph in paragraphs
            ),
            "```",
            *output,
            "```",
            textwrap.fill(verdict, 95, break_on_hyphens=False),
            MARK_END,
        ]
    )
    text = RESULTS.read_text()
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        text = head + section + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)


# ---------------------------------------------------------------- main


def main() -> int:
    args = parse_args()
    if not server_reachable(args.server):
        print(f"bench_split_entry: skipped, no PostgreSQL answers at {args.server}")
        return 0
    began = time.perf_counter()
    recreate_database(args.server, DB_NAME)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            configure(args.server, Path(scratch))
            return run(args, began, Path(scratch))
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(args.server, DB_NAME, drop_only=True)


def run(args: argparse.Namespace, began: float, scratch: Path) -> int:
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    create_bare_table()
    today = timezone.localdate()
    built = build(today, args.quick)
    slots, spare = signed_in(built.slots, built.spare)
    box = machine()
    output: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        output.append(line)

    connections_used = min(args.connections, len(slots))
    say(
        f"{box['cores']} cores ({box['cpu']}), {box['memory']}, {box['python']},"
        f" PostgreSQL {box['postgres']}"
    )
    say(
        f"data built in {built.seconds:.1f} s: "
        + ", ".join(f"{count:,} {label}" for label, count in built.counts.items())
    )
    say(
        f"gunicorn: {args.workers} sync workers; client: {connections_used} connections (threads);"
        f" {args.rounds} round(s) of {args.seconds:g} s per endpoint, after {args.warmup:g} s"
        " of warm-up each"
    )
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    port = free_port()
    lines = [Line(port, slots[i::connections_used], csrf) for i in range(connections_used)]
    problems: list[str] = []
    phases: dict[str, list[Phase]] = {"bare": [], "split": []}
    log = scratch / "gunicorn.log"
    server = start_gunicorn(args.workers, port, log)
    try:
        for kind in ("bare", "split"):
            problems += measured(lines, kind, args.warmup).problems
        for round_number in range(1, args.rounds + 1):
            for kind in ("bare", "split"):
                phase = measured(lines, kind, args.seconds)
                phases[kind].append(phase)
                problems += phase.problems
                say(
                    f"  round {round_number} {kind:5} {phase.rate:8.1f} req/s"
                    f"  ({phase.ok} x 200 in {phase.seconds:.2f} s, {phase.rows_added} rows)"
                )
    finally:
        for line in lines:
            line.conn.close()
        stop(server)
        errors = log.read_text().strip() if log.exists() else ""
    if errors:
        print("gunicorn's error log (last 3,000 characters):\n" + errors[-3000:])

    bare_rate, bare_line = summary("bare", phases["bare"])
    split_rate, split_line = summary("split", phases["split"])
    ratio = split_rate / bare_rate
    per_round = ", ".join(
        f"{s.rate / b.rate:.3f}" for b, s in zip(phases["bare"], phases["split"], strict=True)
    )
    say(bare_line)
    say(split_line)
    say(f"  ratio split/bare {ratio:.3f} (per round: {per_round}); aim: at least 0.5")
    say(f"  splits per rep of today's session at the end: {splits_per_rep(slots):.1f} on average")
    say("")
    say("in-process (Django's test client, no HTTP, no gunicorn), next week's session:")
    lines_in_process, bench = in_process(spare, runs=30 if args.quick else 200)
    for line in lines_in_process:
        say(line)
    if ratio < 0.5 or args.profile:
        steps, functions = profiled(bench, runs=30 if args.quick else 300)
        for line in steps:
            say(line)
        print("\n".join(functions))  # on the console only
    print(f"(whole run {time.perf_counter() - began:.0f} s)")

    if problems:
        print(f"\nFAILED: {len(problems)} problem(s):", *problems[:20], sep="\n  ")
        return 1
    if args.record:
        command = " ".join([".venv/bin/python bench/bench_split_entry.py", *sys.argv[1:]])
        verdict = (
            f"Split entry answers {ratio:.2f}× the bare INSERT's requests/s"
            f" ({'meets' if ratio >= 0.5 else 'misses'} the aim of at least 0.5)."
        )
        record(today, box, command, output, verdict)
        print(f"recorded in {RESULTS.relative_to(ROOT)}")
    return 0


def splits_per_rep(slots: list[Slot]) -> float:
    from workouts.models import Split

    written = Split.objects.filter(assignment_id__in=[s.assignment_pk for s in slots]).count()
    return written / sum(len(s.reps) for s in slots)


if __name__ == "__main__":
    sys.exit(main())
