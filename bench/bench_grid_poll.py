"""Time the coach's grid poll: a full redraw against a poll with nothing new (a plain script).

    python bench/bench_grid_poll.py        # on DATABASE_URL if set, else a throw-away SQLite

Builds a squad of 9 athletes and the largest session one may hold (200 reps) prescribed
today, with every split of the first 100 reps in, then times through Django's test client:
the grid redrawn (what every 5-second poll cost before) and the poll that finds nothing new
(204, no body). Prints the machine, the bytes answered and best / median per request.
"""

import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ATHLETES, SPLIT_REPS, REQUESTS = 9, 100, 30


def build():
    from athletes import services as athlete_services
    from workouts import services

    coach = athlete_services.login_ensure(username="benchcoach", password="bench-pass-1")
    squad = athlete_services.squad_ensure(name="Bench squad", coaches=[coach])
    athletes = [
        athlete_services.athlete_ensure(squad=squad, name=f"Athlete {n}") for n in range(ATHLETES)
    ]
    template = services.template_create(
        squad=squad,
        name=f"Bench {uuid.uuid4()}",
        content=services.TemplateContent("200 x 400m @5K"),
        tags=[],
        created_by=coach,
    )
    session = services.session_prescribe(
        version=template.versions.get(), on=timezone.localdate(), athletes=athletes, by=coach
    )
    reps = list(session.reps.order_by("n")[:SPLIT_REPS])
    for assignment in session.assignments.all():
        for rep in reps:
            services.split_record(
                assignment=assignment,
                rep=rep,
                time_ms=75_000,
                client_key=uuid.uuid4(),
                entered_by=coach,
            )
    return coach, session


def timed(client, url, params) -> tuple[list[float], int, int]:
    times, status, size = [], 0, 0
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url, params, headers={"HX-Request": "true"})
        times.append((time.perf_counter() - start) * 1000)
        status, size = response.status_code, len(response.content)
    return times, status, size


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    coach, session = build()
    client = Client()
    client.force_login(coach)
    url = f"/sessions/{session.pk}/"
    from workouts import selectors

    version = selectors.grid_version(session=session)
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores,")
    print(f"database {connection.vendor}; {ATHLETES} athletes x 200 reps, {REQUESTS} requests each")
    full, full_status, full_size = timed(client, url, {"part": "grid"})
    poll, poll_status, poll_size = timed(client, url, {"part": "grid", "since": version})
    base = statistics.median(full)
    for name, times, status, size in [
        ("baseline: grid redrawn", full, full_status, full_size),
        ("poll with nothing new", poll, poll_status, poll_size),
    ]:
        print(
            f"  {name:24} {status}  {size:>9,} bytes  best {min(times):8.2f} ms"
            f"  median {statistics.median(times):8.2f} ms  {statistics.median(times) / base:6.3f}x"
        )


if __name__ == "__main__":
    main()
