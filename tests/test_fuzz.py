"""Fuzz every URL of the app, as every role, with text nobody means to type.

What this file asserts:

1. `test_every_url_is_in_the_fuzz_table`: every URL pattern of the root URLconf (but admin/
   and static) has an entry in `URLS`; `test_every_parameter_is_fuzzed`: every query
   parameter or POST key a view reads, and every field of every form, is fuzzed somewhere.
   A new URL, parameter or field without fuzzing fails here.
2. `test_no_request_breaks_the_app`, once per (URL, method): whatever the role, the ids in
   the path, the query string, the form fields, the htmx headers and the client address,
   no exception escapes and no response is a 5xx; when the app refuses the request (any
   4xx) the database is exactly as it was; a request by someone anonymous or with no role
   (but a sign-in) never changes it.
3. `test_any_session_the_builder_accepts_can_be_prescribed_and_run`: the coach saves any
   notation the builder accepts, prescribes it on any date, and every page of that session
   (grid, athlete's view, override, calendar) answers as in 2.
4. `test_odd_methods_and_bodies_are_answered_cleanly`: every method a URL does not serve,
   and bodies no form sends (not UTF-8, too many fields, too large, broken multipart), as 2.
5. `test_strangers_post_changes_nothing`, once per POST URL: a well-formed POST aimed at the
   home squad's rows, sent by anonymous, the other squad's coach and a login with no role,
   changes nothing, while the same POST by the squad's coach is accepted.

"The database" is `db_fingerprint()`: row count and a hash of every column of every row of
every model of `athletes`, `workouts` (m2m tables included) and auth's User, found by walking
the app registry so that new models are covered without touching this file
(`test_the_fingerprint_sees_every_change` checks it notices).

A failure names the URL, method, role, ids, query and form of the smallest request
hypothesis shrank it to, and the exception or status.
"""

import hashlib
import inspect
import os
import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine

import athletes.forms
import athletes.views
import coaching.dashboards
import coaching.forms
import coaching.views
import workouts.calendar_views
import workouts.forms
import workouts.history_views
import workouts.suggestion_views
import workouts.views
from athletes import selectors as athlete_selectors
from athletes import services as athlete_services
from athletes.models import Athlete, RaceResult, ZoneEntry
from coaching import tokens
from tests.factories import (
    PASSWORD,
    REFERENCE_LINES,
    REFERENCE_SPLITS_MS,
    AthleteFactory,
    SquadFactory,
    UserFactory,
    ZoneDistanceFactory,
)
from tests.workouts.fit_activities import activity, reference_laps
from workouts import forms as forms_module
from workouts import selectors as workout_selectors
from workouts import services as workout_services
from workouts.fit_laps import read_activity
from workouts.forms import PasteRowsForm, split_text
from workouts.history_import import file_sha256
from workouts.models import Assignment, RepTarget, SessionTemplate

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
REFERENCE_RULES = (
    "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
)
DEFAULTS = "1K @5K, 500m @mile, 300m @800, 200m @400"

# Examples hypothesis draws per (URL, method) and journeys: the file must run in under a
# minute on a busy two-core machine. FUZZ_SCALE=10 in the environment fuzzes ten times longer.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
GET_EXAMPLES = round(12 * SCALE)
POST_EXAMPLES = round(25 * SCALE)
JOURNEYS = round(20 * SCALE)

REQUESTS: Counter[str] = Counter()  # requests sent, by test, for the summary line


# ---------------------------------------------------------------- the database fingerprint

FINGERPRINTED_APPS = ("athletes", "workouts")


def fingerprinted_models() -> list:
    """auth's User and every model of the fingerprinted apps, m2m tables included."""
    models = [get_user_model()]
    for label in FINGERPRINTED_APPS:
        models.extend(apps.get_app_config(label).get_models(include_auto_created=True))
    return models


def db_fingerprint() -> dict[str, tuple[int, str]]:
    """{model label: (row count, hash of every column of every row)}: one query on
    PostgreSQL (each row as text, so a column added later is covered too)."""
    models = fingerprinted_models()
    if connection.vendor != "postgresql":
        return {model._meta.label: _python_fingerprint(model) for model in models}
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT %s, COUNT(*), MD5(COALESCE(STRING_AGG(t::text, '|' "
        f"ORDER BY t.{quote(model._meta.pk.column)}), '')) FROM {quote(model._meta.db_table)} t"
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.label for model in models])
        return {label: (count, digest) for label, count, digest in cursor.fetchall()}


def _python_fingerprint(model) -> tuple[int, str]:
    columns = [f.attname for f in model._meta.concrete_fields]
    rows = list(model._base_manager.order_by("pk").values_list(*columns))
    return len(rows), hashlib.md5(repr(rows).encode()).hexdigest()


def changed_models(before: dict, after: dict) -> list[str]:
    return sorted(
        f"{label} {before.get(label)} -> {after.get(label)}"
        for label in before.keys() | after.keys()
        if before.get(label) != after.get(label)
    )


# ---------------------------------------------------------------- the world

ROLES = ("anonymous", "athlete", "teammate", "coach", "other_coach", "staff", "nobody")
DEEP_ROLES = ("coach", "staff", "athlete")  # those the home squad's pages open to
NO_RIGHTS = ("anonymous", "nobody")  # may change nothing, anywhere (but sign in)
STRANGERS = ("anonymous", "other_coach", "nobody")  # to the home squad


@dataclass
class World:
    """Two squads built as a coach would, and the people of the permission matrix."""

    users: dict[str, object]  # role -> user (None for anonymous)
    sessions: dict[str, str | None]  # role -> session key, made once
    ids: dict[str, list[int | str]]  # kind of row -> its ids (a feed's: its secret), home's first
    home: dict[str, int | str]  # kind of row -> the home squad's row a valid request aims at
    client_keys: list[str]  # keys already used by zone entries and splits


def _build_squad(squad, coach, athletes, today, season=True) -> dict:
    """A season (or none), races, zones (one corrected), a template with two versions, an
    archived one, a session prescribed today with its targets, and a split."""
    if season:
        athlete_services.season_ensure(
            squad=squad, name="This season", start=today - timedelta(days=90), end=today
        )
    race_day = today - timedelta(days=40)
    for n, athlete in enumerate(athletes):
        athlete_services.race_result_record(
            athlete=athlete,
            distance_m=Decimal(5000),
            time_ms=870_000 + n * 30_000,
            on=race_day,
            recorded_by=coach,
            venue="Parliament Hill",
            client_key=uuid.uuid4(),
        )
        athlete_services.race_result_record(
            athlete=athlete,
            distance_m=Decimal("1609.344"),
            time_ms=240_000 + n * 8_000,
            on=race_day + timedelta(days=7),
            recorded_by=coach,
        )
        mile = athlete_services.zone_set(
            athlete=athlete,
            distance_m=Decimal("1609.344"),
            time_ms=239_000 + n * 8_000,
            on=race_day + timedelta(days=10),
            recorded_by=coach,
            note="from the 4 x 1 mile",
            client_key=uuid.uuid4(),
        )
        athlete_services.zone_correct(
            entry=mile, time_ms=240_000 + n * 8_000, recorded_by=coach, note="typo"
        )
    template = workout_services.template_create(
        squad=squad,
        name="1,000m Breakdowns",
        content=workout_services.TemplateContent(
            REFERENCE, REFERENCE_RULES, "Early-season breakdowns.", DEFAULTS
        ),
        tags=["early season", "miler"],
        created_by=coach,
    )
    workout_services.template_update(
        template=template,
        name=template.name,
        content=workout_services.TemplateContent(
            REFERENCE, REFERENCE_RULES, "Hold 5K pace on the 1Ks.", DEFAULTS
        ),
        tags=["early season", "miler"],
        by=coach,
    )
    old = workout_services.template_create(
        squad=squad,
        name="Old 400s",
        content=workout_services.TemplateContent("8 x 400m cutdown @mile"),
        tags=["winter"],
        created_by=coach,
    )
    workout_services.template_archive(template=old, archived=True)
    session = workout_services.session_prescribe(
        version=template.versions.order_by("-number").first(),
        on=today,
        athletes=athletes,
        by=coach,
    )
    first = session.assignments.get(athlete=athletes[0])
    split = workout_services.split_record(
        assignment=first,
        rep=session.reps.get(n=1),
        time_ms=172_000,
        client_key=uuid.uuid4(),
        entered_by=athletes[0].user,
    )
    report = workout_services.report_save(
        assignment=first,
        rpe=7,
        note="Windy.",
        done=True,
        client_key=uuid.uuid4(),
        entered_by=athletes[0].user,
    )
    return {
        "template": [template.pk, old.pk],
        "session": [session.pk],
        "split": split,
        "report": report,
    }


def build_world() -> World:
    """The people of conftest's `squad_world` (two squads, a coach and two athletes with
    logins each, staff, a login with no role) and the rows of `_build_squad` for each
    squad. The home squad shares results, so the teammate reads the athlete's page, and has
    an athlete with neither login nor zones; the other squad has no season."""
    today = timezone.localdate()
    coach, other_coach = UserFactory(username="coach"), UserFactory(username="other_coach")
    squad = SquadFactory(name="Home", coaches=[coach], shares_results=True)
    other_squad = SquadFactory(name="Away", coaches=[other_coach])
    ZoneDistanceFactory(squad=squad, distance_m=Decimal(600), label="600")
    home_athletes = [
        AthleteFactory(squad=squad, name=name, user=UserFactory(username=login))
        for name, login in (("Me", "me"), ("Teammate", "mate"))
    ]
    away_athletes = [
        AthleteFactory(squad=other_squad, name=name, user=UserFactory(username=login))
        for name, login in (("Rival", "rival"), ("Rival mate", "rival_mate"))
    ]
    home = _build_squad(squad, coach, home_athletes, today)
    away = _build_squad(other_squad, other_coach, away_athletes, today, season=False)
    no_login = AthleteFactory(squad=squad, name="No login, no zones", user=None)
    me = home_athletes[0]
    # The calendar feeds' secrets: the athlete's, whose feed a valid request reads, and a
    # rival's; the other athletes have none until a page shows theirs.
    feeds = [
        athlete_services.calendar_feed_ensure(athlete=athlete, by=athlete.user).secret
        for athlete in (me, away_athletes[0])
    ]
    entries = ZoneEntry.objects.select_related("athlete").order_by("pk")
    home_entries = [e.pk for e in entries if e.athlete.squad_id == squad.pk]
    races = RaceResult.objects.select_related("athlete").order_by("pk")
    home_races = [r.pk for r in races if r.athlete.squad_id == squad.pk]
    targets = RepTarget.objects.select_related("assignment").order_by("pk")
    home_targets = [t.pk for t in targets if t.assignment.session_id in home["session"]]
    keys = ZoneEntry.objects.exclude(client_key=None).values_list("client_key", flat=True)
    assignments = Assignment.objects.order_by("pk")
    home_assignments = [a.pk for a in assignments if a.session_id in home["session"]]
    # API tokens (coaching/tokens.py): the home coach's and the other coach's.
    home_token = tokens.token_create(user=coach, name="season sheet")[0]
    other_token = tokens.token_create(user=other_coach, name="away sheet")[0]
    users = {
        "anonymous": None,
        "athlete": me.user,
        "teammate": home_athletes[1].user,
        "coach": coach,
        "other_coach": other_coach,
        "staff": UserFactory(username="staff", is_staff=True),
        "nobody": UserFactory(username="nobody"),
    }
    return World(
        users=users,
        sessions={role: _session_key(user) for role, user in users.items()},
        ids={
            "squad": [squad.pk, other_squad.pk],
            "athlete": [a.pk for a in [*home_athletes, no_login, *away_athletes]],
            "zone_entry": home_entries + [e.pk for e in entries if e.pk not in home_entries],
            "race_result": home_races + [r.pk for r in races if r.pk not in home_races],
            "template": home["template"] + away["template"],
            "session": home["session"] + away["session"],
            "target": home_targets + [t.pk for t in targets if t.pk not in home_targets],
            "assignment": home_assignments
            + [a.pk for a in assignments if a.pk not in home_assignments],
            "token": [home_token.pk, other_token.pk],
            "calendar_secret": feeds,
        },
        home={
            "squad": squad.pk,
            "athlete": me.pk,
            "zone_entry": ZoneEntry.objects.filter(
                athlete=me, source="race", correction__isnull=True
            )
            .first()
            .pk,
            "race_result": RaceResult.objects.filter(athlete=me).first().pk,
            "template": home["template"][0],
            "session": home["session"][0],
            "target": targets.filter(
                assignment__session_id=home["session"][0], rep__distance_m=1000
            )
            .first()
            .pk,
            "assignment": assignments.get(session_id=home["session"][0], athlete=me).pk,
            "token": home_token.pk,
            "calendar_secret": feeds[0],
        },
        client_keys=[str(key) for key in keys]
        + [str(row.client_key) for row in (home["split"], away["split"])]
        + [str(row.client_key) for row in (home["report"], away["report"])],
    )


def _session_key(user) -> str | None:
    """A session cookie value for `user`, made once: signing in for every request would
    double the time the file takes."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The world, built once for this module in a transaction rolled back at its end. Each
    test runs in a savepoint inside it (pytest-django's `db`), so each starts from it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def fuzz_world(module_world, db) -> World:
    return module_world


# ---------------------------------------------------------------- hostile values


def days_ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


HOSTILE_IDS = (0, 2**31 - 1, 2**31, 2**63 - 1, 2**63)
# fmt: off
SPECIAL = (
    "", " ", "\x00", "14:30\x00", "\u200f14:30\u200e", "\u202e03:41",  # NUL, RTL marks
    "¹⁴:³⁰", "¹²³⁴", "²:⁵⁴", "١٤:٣٠", "１４：３０", "Ⅻ", "½", "𝟗𝟗",  # digits, not ASCII
    "-1", "0", "-0", "0.0", "1e309", "-1e309", "1e-309", "nan", "NaN", "inf", "-inf",
    "Infinity", "2147483648", "-2147483649", "9223372036854775808", "18446744073709551616",
    "99999999:00", "99:99", "59:60", "1:2:3:4", "23:59:59/km", "0:00/km", "1:00/0m",
    "2:54/mile/km", "68/0", "68/400", "0x1F", "1_000", "1,5", "4'05\"", "1.15.1", "43.926.4",
    "@", "@5K", "x", "(", ")", "/", "%", "%00", "<script>alert(1)</script>", "{{ 7*7 }}",
    "{% debug %}", "' OR 1=1 --", "\\", "\r\n", "\ufeff", "\u0301", "🏃‍♀️", "null", "None",
    "true", "[]", "{}",
)
HUGE = (
    "9" * 5000, "1" * 5000 + ".5", "x" * 6000, "é" * 5001, "(" * 3000, "2 x " * 1500 + "400m",
    "400m, " * 1200, "@" * 5000, "1:" * 3000, "𝟗" * 5000, "1" + "0" * 400 + ":00",
)
DATES = (
    "0001-01-01", "1899-12-31", "1900-01-01", "1900-01-02", "9999-12-31", "2999-12-31",
    "3000-01-01", "2026-02-30", "2026-13-01", "2026-00-10", "10000-01-01", "-2026-01-01",
    "2026-1-1", "01/02/2026", "2026-11-29T25:00", "20261129", "yesterday",
    days_ago(366 * 100), days_ago(-366), days_ago(-367), days_ago(-1), days_ago(366),
    "２０２６-01-01", "٢٠٢٦-٠١-٠١", "2026-¹¹-01",
)
TIMES = (
    "596:31:24", "99:59:59.999", "0:00.001", "0.001", "0.01", "1e-9", "100000:00", "1:00:00:00",
    "59:59/km", "0:01/km", "1/400", "0/400", "-1:00", "1:-30", "14:30/0", "14:30/-400",
    "14:30/1e309", "2:54/parsec", "14:30.123456789", "0:00", "00:00:00", "9" * 30, "1:" * 20,
    "24:00:00/km", "3:00/1m", "3:00/0.001m", "3:00/500km", "1e308/400", "0.0001", "27:46:39",
    "¹⁴:³⁰", "¹²³⁴", "١٤:٣٠", "１４:３０", "14:3⁰", "²:⁵⁴/km", "६८/400", "𝟏𝟒:𝟑𝟎",
)
DISTANCES_TYPED = (
    "0", "0.0001", "99.999", "100", "500000", "500km", "500.0001km", "1e309", "-5000", "5K5",
    "Mile Mile", "999999.9995", "1609.3445", "1e6", "100000 Mile", "5000.000", "5000.0",
    "0600", "600.0001",
)
NOTATIONS_HOSTILE = (
    "999 x 999 x 400m", "999 x (999 x 1m)", "(" * 21 + "400m" + ")" * 21, "999 x 5m",
    "4 x 400m @5K-999s", "3 min @5K", "90s @400+1s", "1:30 @mile", "1,000,000m", "1000000m",
    "0.001m", "1 x 1K @0:00", "1 x 1K @68/0", "1 x 1K @5K+1e309%", "2 x (400m / 200m",
    "400m in 3'-4'", "x 400m", "0 x 400m", "1000 x 400m", "400m @@5K",
)
JUNK_IDS = ("-1", "1.0", " 1", "1e3", "０", "١", "0x10", "99999999999999999999999")
SPLITS_HOSTILE = (
    "43.926.4", "1:14.81:15.2", "5012", "2.52", "7.25", "43.926", "3", "0:28", "4:05", "2:75",
    "1:05.123", "0", "-2:52", "99:59:59.99", "2:52\x00", "٢:٥٢", "²:⁵²", "2:52 2:54", "2'52\"",
)
JUNK_UUIDS = (
    "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "not-a-uuid", "123", "{12345678-1234-5678-1234-567812345678}",
    "12345678123456781234567812345678", "urn:uuid:12345678-1234-5678-1234-567812345678",
)
# fmt: on

# Text as hypothesis writes it: any code point UTF-8 can carry (surrogates cannot be sent).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


def mostly(common: st.SearchStrategy, rare: st.SearchStrategy, odds: int = 3):
    """`common` `odds` times in `odds + 1`, else `rare`; shrinks towards `common`."""
    return st.integers(0, odds).flatmap(lambda n: rare if n == odds else common)


def all_ids(world: World) -> list[str]:
    return sorted({str(i) for ids in world.ids.values() for i in ids} | set(map(str, HOSTILE_IDS)))


def fuzz_values(world: World) -> st.SearchStrategy[str]:
    """One hostile value of any kind: random unicode, special and huge text, numbers past
    every limit, impossible dates, uuids (fresh, reused, junk), ids (real, foreign, out of
    range), and a valid-looking value with something appended."""
    return st.one_of(
        TEXT,
        st.sampled_from(SPECIAL),
        st.sampled_from(HUGE),
        st.sampled_from(DATES),
        st.sampled_from(TIMES),
        st.uuids().map(str),
        st.sampled_from(JUNK_UUIDS + tuple(world.client_keys)),
        st.sampled_from(all_ids(world) + list(JUNK_IDS)),
        st.integers().map(str),
        st.floats().map(str),
        st.tuples(
            st.sampled_from(("14:30", "2 x 1K", "5000", days_ago(0), "1")),
            st.sampled_from(SPECIAL),
        ).map("".join),
    )


# Hostile values aimed at what a field reads, by the last part of its name.
HOSTILE_BY_KIND: dict[str, Callable[[World], st.SearchStrategy]] = {
    "date": lambda world: st.sampled_from(DATES),
    "time": lambda world: st.sampled_from(TIMES),
    "uuid": lambda world: st.one_of(
        st.sampled_from(JUNK_UUIDS + tuple(world.client_keys)), st.uuids().map(str)
    ),
    "id": lambda world: st.sampled_from(all_ids(world) + list(JUNK_IDS)),
    "distance": lambda world: st.sampled_from(DISTANCES_TYPED),
    "notation": lambda world: st.one_of(st.sampled_from(NOTATIONS_HOSTILE), st.sampled_from(HUGE)),
    "split": lambda world: st.sampled_from(SPLITS_HOSTILE),
    "paste": lambda world: st.one_of(
        st.sampled_from(HUGE),
        st.lists(st.sampled_from(SPLITS_HOSTILE + TIMES + SPECIAL), max_size=40).map(", ".join),
    ),
}
KIND_OF_FIELD = {
    "date": "date", "effective_date": "date", "preview_date": "date", "since": "date",
    "time": "time", "value": "time",
    "client_key": "uuid",
    "target": "id", "preview_athlete": "id", "athletes": "id", "version": "id", "history": "id",
    "page": "id", "history_page": "id",
    "distance": "distance", "zone": "distance",
    "notation": "notation", "recovery_rules": "notation", "default_targets": "notation",
    "other_notation": "notation",
    "rep": "id", "rpe": "id",
    "text": "paste",
}  # fmt: skip
# Fields made per rep or athlete (the paste preview's `time_<n>`, `accept_<n>`; the stopwatch's
# `time_<assignment>`, `key_<assignment>`) are fuzzed as a split, a uuid, …
KIND_OF_REP_FIELD = {"time": "split", "key": "uuid"}


def hostile_for(key: str, world: World) -> st.SearchStrategy[str]:
    """Two times in three a value aimed at what the field reads, else any hostile value."""
    name = key.rsplit("-", 1)[-1]
    per_rep = re.fullmatch(r"(\w+?)_\d+", name)
    kind = KIND_OF_REP_FIELD.get(per_rep[1]) if per_rep else KIND_OF_FIELD.get(name)
    if kind is None:
        return fuzz_values(world)
    return mostly(HOSTILE_BY_KIND[kind](world), fuzz_values(world), odds=2)


# ---------------------------------------------------------------- valid values

# The notation's pieces: those coaches write, and the edges of each (`pick` mixes them).
# fmt: off
COUNTS = ("1", "2", "3", "4", "10"), ("999", "0", "1000", "¹", "٣", "2.5", "01")
DISTANCES = (
    "400m", "1K", "1 Mile", "1,000m", "1.5 Mile", "200 meters", "300m", "600m", "5km", "2 mi",
), ("0m", "1000001m", "1000000m", "0.0001K", "1e3m", "5000km", "100000 Mile", "1,00m", "0.5m")
DURATIONS = ("3'", "90\"", "90s", "3 min", "1:30"), ("86400s", "86401s", "1440 min", "0:00", "0'")
LABELS = ("", " Tempo", " cutdown", " TT", " flush"), (" sprint sprint", " Tempo" * 30, " é" * 70)
TARGETS = (
    "", " @5K", " @mile", " @800", " @400", " @10K", " @600", " @3K", " @1500", " @400+1s",
    " @mile-2%", " @2:54", " @68/400", " @3:10/km", " @5K-10s", " @5K+5%",
), (
    " @5K-70s", " @mile-100%", " @mile+1000%", " @0:00", " @5K-999999s", " @marathon", " @",
    " @400+99999999s", " @0/400", " @1e309%", " @2K", " @68/0", " @99:59:59", " @mile-99.99%",
    " @" + "windy " * 25, " @3:10.123456789123/km", " @2:54.99999999999", " @5K-0.000000001%",
)
SEPARATORS = (" / ", " + ", "; ", "\n"), ("//", " +; ", "\r\n", ", ", "/", " - ")
RECOVERIES = (
    "", REFERENCE_RULES, "200m jog", "90s", "400m in 3'-4'", "distance of the next rep",
), ("400m in 4'-3'", "0m in 0'-0'", "99999 min", "400m in", "in 3'-4'", "200m jog @5K")
# fmt: on


# Words a coach might add after a rep (a label) or after an @ that is no target (a note),
# in runs longer than any text column of a session's reps.
WORDS = st.lists(
    st.sampled_from(("Tempo", "relaxed", "windy", "hills", "Überlauf", "ذهبذهب", "🏃🏃🏃🏃🏃")),
    min_size=20,
    max_size=40,
).map(" ".join)
LONG_PIECES = {
    "label": WORDS.map(" {}".format),
    "target": st.one_of(  # a note, or a target written with more digits than it needs
        WORDS.map(" @{}".format), st.integers(30, 60).map(lambda n: f" @5K-0.{'0' * n}1%")
    ),
}
LONG_REP = st.one_of(LONG_PIECES["label"], LONG_PIECES["target"]).map("400m{}".format)


def pick(
    pieces: tuple[tuple[str, ...], tuple[str, ...]], odds: int, long: str = ""
) -> st.SearchStrategy[str]:
    """A piece coaches write, and one time in `odds + 1` an edge case (or, for a label or
    a target, a run of words)."""
    usual, edge = pieces
    edges = st.sampled_from(edge)
    if long:
        edges = st.one_of(edges, LONG_PIECES[long])
    return mostly(st.sampled_from(usual), edges, odds=odds)


def notations(odds: int) -> st.SearchStrategy[str]:
    """The write-ups of docs/design.md §5, or blocks of reps made of counts, distances or
    durations, labels and targets, with an edge case in a piece one time in `odds + 1`."""
    rep = st.builds(
        lambda count, length, label, target: f"{count} x " * bool(count) + length + label + target,
        st.one_of(st.just(""), pick(COUNTS, odds)),
        st.one_of(pick(DISTANCES, odds), pick(DURATIONS, odds)),
        pick(LABELS, odds, long="label"),
        pick(TARGETS, odds, long="target"),
    )
    block = st.one_of(
        st.lists(rep, min_size=1, max_size=3).map(", ".join),
        st.builds(
            lambda count, reps, sep: f"{count} x ({sep.join(reps)})",
            pick(COUNTS, odds),
            st.lists(rep, min_size=1, max_size=3),
            st.sampled_from(("/", " / ", ", ")),
        ),
    )
    written = st.sampled_from(
        (
            REFERENCE,
            "4 x 600m + 2 x (300m/200m/100m)",
            "3 Mile Tempo + 2 x 1200m, 4 x 200m",
            "4 x (1000m @ 5K / 200m @ 800)",
            "8 x 400m cutdown",
        )
    )
    blocks = st.builds(
        lambda blocks, sep: sep.join(blocks),
        st.lists(block, min_size=1, max_size=3),
        pick(SEPARATORS, odds),
    )
    return st.one_of(written, blocks)


def default_targets(odds: int) -> st.SearchStrategy[str]:
    """Defaults as `1K @5K, 500m @mile`, an edge case in a piece one time in `odds + 1`."""
    default = st.builds("{}{}".format, pick(DISTANCES, odds), pick(TARGETS, odds))
    listed = st.lists(default, max_size=4, unique_by=lambda text: text.split(" @")[0])
    return st.one_of(st.just(DEFAULTS), listed.map(", ".join))


NOTATIONS, DEFAULT_TARGETS, RECOVERY_RULES = notations(6), default_targets(6), pick(RECOVERIES, 6)
CLIENT_KEY = st.one_of(st.just(""), st.uuids().map(str))

# A field's valid values: a strategy, or a function of (world, path kwargs) giving one.
Valid = st.SearchStrategy | Callable[[World, dict], st.SearchStrategy]


def ids_of(kind: str) -> Callable[[World, dict], st.SearchStrategy]:
    """A row's id as text: the home squad's row a valid request names, or any of its kind."""
    return lambda world, kwargs: st.one_of(
        st.just(world.home[kind]), st.sampled_from(world.ids[kind])
    ).map(str)


def _current_version(world: World, kwargs: dict) -> st.SearchStrategy:
    template = SessionTemplate.objects.filter(pk=kwargs.get("pk")).first()
    latest = template.versions.order_by("-number").first() if template else None
    return st.just(str(latest.number) if latest else "1")


def _zone_choices(world: World, kwargs: dict) -> st.SearchStrategy:
    """The athlete's squad's zones, 5K first (the value "14:30" is valid for it)."""
    athlete = Athlete.objects.filter(pk=kwargs.get("pk")).select_related("squad").first()
    squad = athlete.squad if athlete else None
    zones = athlete_selectors.zones_of(squad=squad) if squad else athlete_selectors.STANDARD_ZONES
    keys = [str(zone.distance_m) for zone in zones]
    return st.sampled_from(sorted(keys, key=lambda key: key != "5000.000"))


def _correct_fields(world: World, kwargs: dict) -> dict[str, Valid]:
    """A correction's fields carry the entry's id: `correct-<entry_pk>-value`."""
    prefix = f"correct-{kwargs.get('entry_pk', 0)}-"
    return {
        prefix + "value": st.sampled_from(("3:00/km", "14:25", "4:01", "68/400")),
        prefix + "note": st.sampled_from(("typo", "timed by hand")),
        prefix + "client_key": CLIENT_KEY,
        "correct-0-value": st.just("3:00/km"),  # the prefix of no entry
    }


TEMPLATE_FORM: dict[str, Valid] = {
    "name": st.one_of(st.sampled_from(("Fuzz 400s", "1,000m Breakdowns", "Old 400s")), TEXT),
    "notation": NOTATIONS,
    "recovery_rules": RECOVERY_RULES,
    "default_targets": DEFAULT_TARGETS,
    "description": st.one_of(st.just("Hold 5K pace."), TEXT),
    "tags": st.sampled_from(("early season, miler", "", " , ,", "a" * 41 + ", b")),
    "client_key": CLIENT_KEY,
}
# The builder page (not its preview) also takes the preview's "Read it as: …" button without
# JavaScript: the notation of the other reading, the builder shown again with it, nothing saved.
BUILDER_FORM: dict[str, Valid] = {
    **TEMPLATE_FORM,
    "other_notation": st.one_of(st.just(""), NOTATIONS, st.just("3 x 600m / 400m, 200m")),
}


REP_NUMBER = st.integers(1, 16).map(str)  # the reference session's reps
SPLIT_TIME = st.sampled_from(("2:52", "1:15.1", "42.4", "2:54.0", '75.1"', "0:28", "4:05"))
CONFIRM = st.sampled_from(("", "on"))  # the simplest: not confirmed
TICK = st.sampled_from(("on", ""))  # the simplest: ticked


def _paste_fields(world: World | None, kwargs: dict) -> dict[str, Valid]:
    """The pasted text, the preview's and the save's buttons, and the preview's fields: a
    time per rep of the reference session (`time_<n>`, the time as the preview shows it
    first) and a tick for the two reps the reference line flags (`accept_<n>`)."""
    fields: dict[str, Valid] = {
        "text": st.one_of(
            st.sampled_from((REFERENCE_LINES, "2:52, 2:54", "1:15.1 / 42.4 / 28.9")), TEXT
        ),
        "client_key": CLIENT_KEY,
        "preview": st.just("1"),
        "save": st.just("1"),
    }
    for n, time_ms in enumerate(REFERENCE_SPLITS_MS, start=1):
        fields[f"time_{n}"] = st.sampled_from((split_text(time_ms / 1000), "", "2:52"))
    for n in (15, 16):
        fields[f"accept_{n}"] = TICK
    return fields


class FitUpload(SimpleUploadedFile):
    """A file the test client can send more than once (it reads, never rewinds)."""

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


# The files a watch upload is fuzzed with: the reference run, a cycling ride, the run cut
# short, a PNG, text; and as hostile values, text in place of a file.
FIT_FILES = st.sampled_from(
    (
        ("run.fit", activity(reference_laps())),
        ("ride.fit", activity([(30000, 3600.0, "active")], sport="cycling")),
        ("cut.fit", activity(reference_laps())[:300]),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("splits.txt", REFERENCE_LINES.encode()),
    )
).map(lambda named: FitUpload(named[0], named[1]))


def _watch_fields(world: World | None, kwargs: dict) -> dict[str, Valid]:
    """The file, the preview's and the save's buttons, the preview's laps as the page carries
    them (signed for the assignment in the path, `laps`), and a time and a yes per rep of the
    reference session (`time_<n>`: the lap's time first, `accept_<n>`)."""
    laps = forms_module.watch_laps_token(
        read_activity(activity(reference_laps())), int(kwargs.get("pk") or 0)
    )
    fields: dict[str, Valid] = {
        "save": st.just("1"),
        "laps": st.one_of(st.just(laps), st.sampled_from(("", "x:y:z", laps[:-3]))),
        "fit_file": FIT_FILES,
        "preview": st.just("1"),
    }
    for n, time_ms in enumerate(REFERENCE_SPLITS_MS, start=1):
        fields[f"time_{n}"] = st.sampled_from((split_text(time_ms / 1000), "", "0:20"))
        fields[f"accept_{n}"] = TICK
    return fields


def _stopwatch_fields(world: World | None, kwargs: dict) -> dict[str, Valid]:
    """The rep, the yes to a time no runner runs, and a time and a tap's key per athlete of
    the session (`time_<assignment>`, `key_<assignment>`); with no world, those of one."""
    assignments = (
        Assignment.objects.filter(session_id=kwargs.get("pk")).order_by("pk")
        if world is not None
        else []
    )
    fields: dict[str, Valid] = {"rep": REP_NUMBER, "confirm": CONFIRM}
    for pk in [a.pk for a in assignments] or [0]:
        fields[f"time_{pk}"] = st.sampled_from(("2:52.34", "", "2:55.1", "0:28.00"))
        fields[f"key_{pk}"] = CLIENT_KEY
    return fields


# ---------------------------------------------------------------- the URL table


@dataclass(frozen=True)
class Url:
    """How to fuzz one URL: the methods it serves, the kind of row each path argument
    names, the query parameters its view reads and the POST fields, with valid values
    (the fields may depend on the path kwargs, e.g. `correct-<entry_pk>-value`)."""

    methods: tuple[str, ...]
    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, st.SearchStrategy] = field(default_factory=dict)
    form: dict[str, Valid] | Callable[[World, dict], dict[str, Valid]] = field(default_factory=dict)
    multi: frozenset[str] = frozenset()  # fields sent as several values

    def fields(self, world: World | None, kwargs: dict) -> dict[str, Valid]:
        return self.form(world, kwargs) if callable(self.form) else self.form


ATHLETE_QUERY = {
    "model": st.sampled_from(("1", "0")),
    "history": st.sampled_from(("1", "2", "last")),
}
# Read by no view today; sent everywhere so that a view that starts reading them is fuzzed.
EVERYWHERE_QUERY = {
    "page": st.sampled_from(("1", "2")),
    "history_page": st.sampled_from(("1", "2")),
    "since": st.just(days_ago(30)),
    "next": st.sampled_from(("/", "/squads/")),
}


def _season_file(athletes: tuple[str, ...], days: tuple[int, ...]) -> bytes:
    """A season file (the export's columns) of a 2-rep session on each day for `athletes`."""
    lines = ["date,athlete,template,rep,distance_m,duration_s,target_zone,target_ms,split_ms"]
    for day in days:
        for name in athletes:
            for n in (1, 2):
                lines.append(f"{days_ago(day)},{name},Imported,{n},400,,800,62000,61500")
    return ("\n".join(lines) + "\n").encode()


# Season files for the history import: a good one of the home squad, one with an athlete it
# does not know, and bytes that are no CSV.
SEASON_FILES = (
    _season_file(("Me", "Teammate"), (3, 4)),
    _season_file(("Me", "Ghost"), (5,)),
    b"\x00\x01 not a csv",
)


class _SeasonUpload(SimpleUploadedFile):
    """An upload the test client may send more than once (one drawn value, several roles):
    each whole read starts from the beginning."""

    def read(self, *args):
        if not args:
            self.seek(0)
        return super().read(*args)


SEASON_FILE = st.sampled_from(SEASON_FILES).map(
    lambda data: _SeasonUpload("season.csv", data, "text/csv")
)
SEASON_SHA = st.sampled_from((file_sha256(SEASON_FILES[0]), "0" * 64, "not-a-hash"))


URLS: dict[str, Url] = {
    "home": Url(("GET", "POST")),
    "healthz": Url(("GET",)),
    "service_worker": Url(("GET",)),
    "login": Url(
        ("GET", "POST"),
        query={"next": st.sampled_from(("/", "/squads/", "https://evil.example/"))},
        form={
            "username": st.sampled_from(("coach", "me", "nobody", "ghost")),
            "password": st.sampled_from((PASSWORD, "wrong")),
            "next": st.sampled_from(("/", "/sessions/", "https://evil.example/", "//evil.example")),
        },
    ),
    "logout": Url(("POST",), form={"next": st.sampled_from(("/", "https://evil.example/"))}),
    "tokens": Url(
        ("GET", "POST"),
        form={
            "name": st.one_of(st.sampled_from(("season sheet", "x" * 60, "x" * 61)), TEXT),
            "client_key": CLIENT_KEY,
        },
    ),
    "token_revoke": Url(("GET", "POST"), path={"pk": "token"}),
    "athlete_dashboard": Url(("GET",), path={"pk": "athlete"}),
    "squad_dashboard": Url(("GET",), path={"pk": "squad"}),
    "athletes:squad_list": Url(("GET",)),
    "athletes:squad_detail": Url(("GET",), path={"pk": "squad"}),
    "athletes:squad_defaults": Url(
        ("POST",),
        path={"pk": "squad"},
        form={
            "default_targets": DEFAULT_TARGETS,
            "fit_window_s_per_400": st.one_of(
                st.sampled_from(("", "2", "2.0", "0.5", "20", "0", "-1", "1e9", "abc")), TEXT
            ),
        },
    ),
    "athletes:athlete_detail": Url(("GET",), path={"pk": "athlete"}, query=ATHLETE_QUERY),
    "athletes:race_result_add": Url(
        ("POST",),
        path={"pk": "athlete"},
        query=ATHLETE_QUERY,
        form={
            "distance": st.sampled_from(("5000", "5K", "Mile", "1500m", "600", "10,000m")),
            "time": st.sampled_from(("14:20", "4:01", "3:45.2", "29:59", "1:40")),
            "date": st.sampled_from((days_ago(10), days_ago(0), days_ago(400))),
            "indoor": st.sampled_from(("on", "")),
            "venue": st.sampled_from(("Lee Valley", "")),
            "note": st.sampled_from(("PB", "")),
            "client_key": CLIENT_KEY,
            "slower_race": st.sampled_from(("", "keep", "zone", "maybe")),
        },
    ),
    "athletes:race_result_void": Url(
        ("POST",),
        path={"pk": "athlete", "result_pk": "race_result"},
        query=ATHLETE_QUERY,
    ),
    "athletes:zone_set": Url(
        ("POST",),
        path={"pk": "athlete"},
        query=ATHLETE_QUERY,
        form={
            "zone": _zone_choices,
            "value": st.sampled_from(("14:30", "3:00/km", "68/400", "4:00", "1:45")),
            "effective_date": st.sampled_from((days_ago(0), days_ago(20), days_ago(-30))),
            "source": st.sampled_from(("coach", "estimate", "race", "model")),
            "note": st.sampled_from(("", "from the tempo")),
            "client_key": CLIENT_KEY,
        },
    ),
    "athletes:zone_correct": Url(
        ("POST",),
        path={"pk": "athlete", "entry_pk": "zone_entry"},
        query=ATHLETE_QUERY,
        form=_correct_fields,
    ),
    "athletes:calendar_feed_reset": Url(("POST",), path={"pk": "athlete"}, query=ATHLETE_QUERY),
    "workouts:calendar_feed": Url(("GET",), path={"secret": "calendar_secret"}),
    "workouts:zone_suggestions": Url(("GET",), path={"pk": "athlete"}),
    "workouts:zone_suggestion_decide": Url(
        ("POST",),
        path={"pk": "athlete"},
        form={
            "zone": st.sampled_from(("5000", "5000.000", "1609.344", "0", "-1", "1e9")),
            "fingerprint": st.sampled_from(("0fcaa33c020e61090749", "", "x" * 65)),
            "decision": st.sampled_from(("accept", "dismiss", "maybe")),
            "client_key": CLIENT_KEY,
        },
    ),
    "workouts:my_sessions": Url(("GET",)),
    "workouts:session_detail": Url(
        ("GET",),
        path={"pk": "session"},
        query={
            "part": st.sampled_from(("grid", "row")),
            "since": st.sampled_from(("0.0.0.0.000000", "1.1.38.0.000000")),
        },
    ),
    "workouts:session_stopwatch": Url(
        ("GET", "POST"), path={"pk": "session"}, query={"rep": REP_NUMBER}, form=_stopwatch_fields
    ),
    "workouts:session_move": Url(
        ("POST",),
        path={"pk": "session"},
        # The home session's own day first (it has a split, so only that move is accepted).
        form={"date": st.sampled_from((days_ago(0), days_ago(-7), days_ago(2), "2999-12-31"))},
    ),
    "workouts:session_remove": Url(
        ("GET", "POST"),
        path={"pk": "session"},
        form={"splits": st.sampled_from(("1000", "0", "1", "-1"))},
    ),
    "workouts:sessions_copy_week": Url(
        ("POST",),
        path={"squad_pk": "squad"},
        form={
            "source": st.sampled_from((days_ago(0), days_ago(7), "2999-12-31")),
            "target": st.sampled_from((days_ago(-7), days_ago(0), days_ago(-14), "1900-01-01")),
        },
    ),
    "workouts:target_override": Url(
        ("GET", "POST"),
        path={"pk": "session"},
        query={"target": st.integers(1, 60).map(str)},  # the form a cell fetches
        form={
            "target": ids_of("target"),
            "time": st.sampled_from(("2:50", "", "3:01.5", "0.0001", "27:46:39")),
            "note": st.sampled_from(("", "windy")),
        },
    ),
    "workouts:template_library": Url(
        ("GET",),
        path={"squad_pk": "squad"},
        query={
            "q": st.sampled_from(("1,000", "breakdowns", "400s", "%", "_")),
            "tag": st.sampled_from(("early season", "miler", "winter", "nope")),
            "archived": st.sampled_from(("1", "0")),
            "date": st.sampled_from((days_ago(-3), "1900-01-01", "nope")),
        },
    ),
    "workouts:template_new": Url(("GET", "POST"), path={"squad_pk": "squad"}, form=BUILDER_FORM),
    "workouts:template_preview": Url(
        ("POST",),
        path={"squad_pk": "squad"},
        form={
            **TEMPLATE_FORM,
            "preview_athlete": ids_of("athlete"),
            "preview_date": st.sampled_from((days_ago(0), days_ago(300), days_ago(-30))),
        },
    ),
    "workouts:squad_calendar": Url(
        ("GET",),
        path={"squad_pk": "squad"},
        query={
            "date": st.sampled_from((days_ago(0), "1900-01-01", "2999-12-31", "2026-12-31")),
            "view": st.sampled_from(("week", "month")),
        },
    ),
    "workouts:history_import": Url(
        ("GET", "POST"), path={"squad_pk": "squad"}, form={"file": SEASON_FILE}
    ),
    "workouts:history_import_apply": Url(
        ("POST",), path={"squad_pk": "squad"}, form={"sha256": SEASON_SHA}
    ),
    "workouts:template_edit": Url(("GET", "POST"), path={"pk": "template"}, form=BUILDER_FORM),
    "workouts:template_duplicate": Url(
        ("POST",), path={"pk": "template"}, form={"client_key": CLIENT_KEY}
    ),
    "workouts:template_archive": Url(
        ("POST",), path={"pk": "template"}, form={"archived": st.sampled_from(("1", "0"))}
    ),
    "workouts:template_prescribe": Url(
        ("GET", "POST"),
        path={"pk": "template"},
        query={"date": st.sampled_from((days_ago(-3), "1900-01-01", "nope"))},
        form={
            "version": _current_version,
            "date": st.sampled_from((days_ago(-7), days_ago(0), days_ago(3), "2999-12-31")),
            "athletes": lambda world, kwargs: st.lists(
                ids_of("athlete")(world, kwargs), min_size=1, max_size=3
            ),
        },
        multi=frozenset({"athletes"}),
    ),
    "workouts:assignment_detail": Url(("GET",), path={"pk": "assignment"}),
    "workouts:assignment_fit": Url(("GET",), path={"pk": "assignment"}),
    "workouts:session_fit_zip": Url(("GET",), path={"pk": "session"}),
    "workouts:split_save": Url(
        ("POST",),
        path={"pk": "assignment"},
        form={"rep": REP_NUMBER, "time": SPLIT_TIME, "confirm": CONFIRM, "client_key": CLIENT_KEY},
    ),
    "workouts:split_remove": Url(
        ("POST",), path={"pk": "assignment"}, form={"rep": REP_NUMBER, "client_key": CLIENT_KEY}
    ),
    "workouts:splits_paste": Url(("GET", "POST"), path={"pk": "assignment"}, form=_paste_fields),
    "workouts:splits_watch": Url(("GET", "POST"), path={"pk": "assignment"}, form=_watch_fields),
    "workouts:report_save": Url(
        ("POST",),
        path={"pk": "assignment"},
        form={
            "rpe": st.sampled_from(("7", "", "1", "10")),
            "note": st.one_of(st.sampled_from(("", "Windy on the back straight.")), TEXT),
            "done": TICK,
            "client_key": CLIENT_KEY,
        },
    ),
}

ROOT_NAMES = {"home", "healthz", "login", "logout"}
FUZZED_NAMESPACES = ("athletes", "workouts")
VIEW_MODULES = (
    athletes.views,
    workouts.views,
    workouts.suggestion_views,
    workouts.calendar_views,
    workouts.history_views,
    coaching.views,
    coaching.dashboards,
)
FORM_MODULES = (athletes.forms, workouts.forms, coaching.forms)


def app_url_names() -> dict[str, str]:
    """{name: route} of every pattern of the root URLconf but admin/, static and the API
    (api/ is fuzzed against its own schema by tests/coaching/test_api_fuzz.py)."""
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if route.lstrip("^").startswith(("admin/", "static/", "media/", "api/")):
                continue
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(pattern, route, f"{namespace}:{inner}" if namespace and inner else inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {route}>"
                found[f"{namespace}:{name}" if namespace else name] = route

    walk(get_resolver(), "", None)
    return found


def test_the_fingerprint_sees_every_change(db):
    """The fingerprint notices a changed column, a new row and a new m2m link."""
    squad = SquadFactory(name="Fingerprinted")
    before = db_fingerprint()
    Athlete.objects.filter(pk=AthleteFactory(squad=squad).pk).update(bib="X")
    after_row = db_fingerprint()
    squad.coaches.add(UserFactory(username="late coach"))
    after_link = db_fingerprint()
    Athlete.objects.filter(squad=squad).update(main_events="1500m")
    after_column = db_fingerprint()
    assert before != after_row != after_link != after_column
    assert "athletes.Squad_coaches" in " ".join(changed_models(after_row, after_link))


def test_every_url_is_in_the_fuzz_table():
    """A URL added to the app without an entry in URLS fails here: fuzz it too."""
    names = app_url_names()
    assert names.keys() >= ROOT_NAMES, f"missing from the URLconf: {ROOT_NAMES - names.keys()}"
    assert any(name.split(":")[0] in FUZZED_NAMESPACES for name in names)
    missing = {name: names[name] for name in sorted(names.keys() - URLS.keys())}
    assert not missing, f"URLs the fuzz table does not cover: {missing}"
    stale = sorted(URLS.keys() - names.keys())
    assert not stale, f"fuzz table entries for URLs that no longer exist: {stale}"


def _field_name(key: str) -> str:
    return re.sub(r"^correct-\d+-", "", key)


def test_every_parameter_is_fuzzed():
    """Every key the views read from request.GET / request.POST, and every field of every
    form, is in the fuzz table: a parameter added to a view without fuzzing fails here."""
    queried = {key for url in URLS.values() for key in url.query} | set(EVERYWHERE_QUERY)
    posted = {
        _field_name(key) for url in URLS.values() for key in url.fields(None, {"entry_pk": 0})
    }
    read = re.compile(r"request\.(GET|POST)(?:\.get|\.getlist|\.__getitem__)?[(\[]\s*[\"'](\w+)")
    asked = re.compile(r"[\"'](\w+)[\"']\s+(?:not\s+)?in\s+request\.(GET|POST)\b")
    for module in VIEW_MODULES:
        source = inspect.getsource(module)
        found = read.findall(source) + [(where, key) for key, where in asked.findall(source)]
        for where, key in found:
            known = queried if where == "GET" else posted
            assert key in known, f"{module.__name__} reads request.{where}[{key!r}]: fuzz it"
    for module in FORM_MODULES:
        for name, form in vars(module).items():
            if isinstance(form, type) and issubclass(form, forms.BaseForm):
                unfuzzed = set(form.base_fields) - posted
                assert not unfuzzed, f"{module.__name__}.{name} fields not fuzzed: {unfuzzed}"


def test_the_paste_previews_fields_are_fuzzed(fuzz_world):
    """PasteRowsForm has no fields of its own: it makes one per rep (`time_<n>`) and one
    per flagged rep (`accept_<n>`). Those of the home session's preview of the reference
    line are all in the table."""
    assignment = Assignment.objects.get(pk=fuzz_world.home["assignment"])
    preview = workout_selectors.paste_preview(assignment=assignment, text=REFERENCE_LINES)
    made = set(PasteRowsForm(preview=preview).fields)
    fuzzed = set(URLS["workouts:splits_paste"].fields(fuzz_world, {"pk": assignment.pk}))
    assert {"time_1", "time_16", "accept_15", "accept_16"} <= made
    assert made <= fuzzed, f"preview fields not fuzzed: {made - fuzzed}"


# ---------------------------------------------------------------- sending a request

# fmt: off
HTMX_HEADERS = (
    {}, {"HX-Request": "true"},
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    {"HX-Request": "true", "HX-Target": "grid", "HX-Trigger": "x", "HX-Current-URL": "/\x7f"},
    {"HX-Request": "false"}, {"HX-Request": "\u00e9"},
)
ADDRESSES = st.one_of(
    st.just("127.0.0.1"), st.ip_addresses().map(str),
    st.sampled_from(("", "unknown", "::ffff:10.0.0.1", "999.1.1.1", "fe80::1%eth0")),
)
# fmt: on


@dataclass
class Request:
    role: str
    method: str
    name: str
    kwargs: dict
    query: dict
    data: dict
    headers: dict = field(default_factory=dict)  # the htmx ones
    address: str = "127.0.0.1"  # REMOTE_ADDR, which sign-in throttling counts failures by
    body: tuple[str, bytes] | None = None  # (content type, bytes) sent instead of `data`

    @property
    def path(self) -> str:
        return reverse(self.name, kwargs=self.kwargs)

    def __str__(self) -> str:
        return (
            f"{self.method} {self.path} [{self.name}] as {self.role} from {self.address!r}\n"
            f"  headers={self.headers!r}\n  query={self.query!r}\n  data={self.data!r}"
            + (f"\n  body={self.body[0]!r} {self.body[1][:200]!r}" if self.body else "")
        )


def client_as(world: World, request: Request) -> Client:
    """A fresh test client signed in as the request's role, with the session made once for
    that role (a fresh sign-in for login and logout, which end sessions). The test client
    checks no CSRF token and re-raises the view's exceptions. Signing in writes
    `last_login`: do it before taking the fingerprint."""
    client = Client(REMOTE_ADDR=request.address)
    user = world.users[request.role]
    if user is None:
        return client
    if request.name in ("login", "logout"):
        client.force_login(user)
    else:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[request.role]
    return client


def send(client: Client, request: Request, counter: str):
    """Send `request` in a savepoint, so a view that breaks the transaction does not break
    the requests after it."""
    REQUESTS[counter] += 1
    where = {"query_params": request.query, "headers": request.headers}
    with transaction.atomic():
        if request.body is not None:
            content_type, body = request.body
            return client.generic(request.method, request.path, body, content_type, **where)
        if request.method == "GET":
            return client.get(request.path, **where)
        if request.method == "POST":
            return client.post(request.path, request.data, **where)
        return client.generic(request.method, request.path, **where)


def check(world: World, request: Request, counter: str):
    """Send and assert: no exception, no 5xx, the role's session still holds, a refusal
    (4xx) leaves the database as it was, and nobody anonymous or roleless (but signing in)
    changes it."""
    client = client_as(world, request)
    before = db_fingerprint()
    try:
        response = send(client, request, counter)
    except Exception as error:  # every escape is the finding
        raise AssertionError(f"{type(error).__name__}: {error}\n{request}") from error
    status = response.status_code
    assert status < 500, f"{status} for\n{request}"
    if request.role != "anonymous" and request.name not in ("login", "logout"):
        signed_out = status == 302 and response.url.startswith(reverse("login") + "?")
        assert not signed_out, f"the test's session for {request.role} was lost\n{request}"
    refused = 400 <= status < 500
    stranger = request.role in NO_RIGHTS and request.name != "login"
    if refused or stranger:
        changed = changed_models(before, db_fingerprint())
        why = f"refused with {status}" if refused else f"sent by {request.role} ({status})"
        assert not changed, f"{why} but changed the database: {changed}\n{request}"
    return response


# ---------------------------------------------------------------- the fuzz test

ABSENT = object()


def field_values(valid: st.SearchStrategy, hostile: st.SearchStrategy, multi: bool):
    """A field: mostly valid (so that with a few hostile fields the request still gets
    deep), else hostile or absent. Hypothesis shrinks a failure to valid values but one."""
    rare = st.one_of(hostile, st.just(ABSENT))
    if multi:
        rare = st.one_of(rare, st.lists(hostile, max_size=3))
    return mostly(valid, rare)


def present(values: dict) -> dict:
    return {key: value for key, value in values.items() if value is not ABSENT}


def draw_request(data, world: World, name: str, method: str) -> Request:
    url = URLS[name]
    # Mostly a role the home squad's pages open to, aimed at the home squad's rows (else a
    # 404 stops most requests at the door); otherwise anyone, at any id, hostile ones too.
    home = data.draw(mostly(st.just(True), st.just(False)), label="at home")
    role = data.draw(st.sampled_from(DEEP_ROLES if home else ROLES), label="role")
    kwargs = {
        arg: data.draw(
            st.just(world.home[kind])
            if home
            else st.sampled_from(world.ids[kind] + list(HOSTILE_IDS)),
            label=arg,
        )
        for arg, kind in url.path.items()
    }
    query_fields = {**url.query, **EVERYWHERE_QUERY}
    query = data.draw(
        st.fixed_dictionaries(
            {
                key: st.one_of(st.just(ABSENT), valid, hostile_for(key, world))
                for key, valid in query_fields.items()
            }
        ).map(present),
        label="query",
    )
    form = {}
    if method == "POST":
        strategies = {
            key: field_values(
                valid(world, kwargs) if callable(valid) else valid,
                hostile_for(key, world),
                key in url.multi,
            )
            for key, valid in url.fields(world, kwargs).items()
        }
        form = data.draw(st.fixed_dictionaries(strategies).map(present), label="form")
    headers = data.draw(st.sampled_from(HTMX_HEADERS), label="headers")
    address = data.draw(ADDRESSES, label="REMOTE_ADDR")
    return Request(role, method, name, kwargs, query, form, headers, address)


FUZZ_CASES = [
    pytest.param(name, method, id=f"{method} {name}")
    for name, url in URLS.items()
    for method in url.methods
]
HYPOTHESIS = {
    "deadline": None,
    "database": None,  # nothing written into the work tree
    "print_blob": True,  # a failure prints the @reproduce_failure line that replays it
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}
SHRINK_SECONDS = 20  # per failing test: each step of shrinking is a request


@pytest.fixture(autouse=True)
def bounded_shrinking(monkeypatch):
    """Hypothesis shrinks a failure for up to 5 minutes; here each step is an HTTP request,
    so stop sooner: the example is small by then."""
    monkeypatch.setattr(engine, "MAX_SHRINKING_SECONDS", SHRINK_SECONDS, raising=False)


@pytest.mark.parametrize(("name", "method"), FUZZ_CASES)
def test_no_request_breaks_the_app(fuzz_world, name, method):
    """Any role, ids, query string, fields and headers: no 5xx, no exception, and a refused
    request changes nothing (see `check`). Hypothesis shrinks a failure to the smallest
    request that still fails and prints its draws (role, ids, query, form)."""

    @settings(max_examples=POST_EXAMPLES if method == "POST" else GET_EXAMPLES, **HYPOTHESIS)
    @given(data=st.data())
    def fuzz(data):
        check(fuzz_world, draw_request(data, fuzz_world, name, method), f"{method} {name}")

    fuzz()


# ---------------------------------------------------------------- a session from any notation


def pk_of(response) -> int:
    return resolve(response.url.split("?")[0]).kwargs["pk"]


def test_any_session_the_builder_accepts_can_be_prescribed_and_run(fuzz_world):
    """The coach saves a template of any notation the builder accepts, prescribes it on any
    date; the session's grid (full and htmx poll), the athlete's view of it, an override of
    any of its targets, the calendar on its date and the athlete's page all answer as
    `check` asks."""
    world = fuzz_world
    squad, me = world.home["squad"], world.home["athlete"]

    def ask(name, method, kwargs, data=None, query=None, role="coach", headers=None):
        request = Request(role, method, name, kwargs, query or {}, data or {}, headers or {})
        return check(world, request, "journeys")

    @settings(max_examples=JOURNEYS, **HYPOTHESIS)
    @given(data=st.data())
    def journey(data):
        content = {
            "name": f"Journey {uuid.uuid4().hex[:8]}",
            # Half the time with a rep whose label or note is longer than anyone writes.
            "notation": data.draw(
                st.tuples(notations(odds=12), st.one_of(st.just(""), LONG_REP)).map(
                    lambda parts: " / ".join(filter(None, parts))
                )
            ),
            "recovery_rules": data.draw(pick(RECOVERIES, odds=12)),
            "default_targets": data.draw(default_targets(odds=12)),
        }
        saved = ask("workouts:template_new", "POST", {"squad_pk": squad}, content)
        if saved.status_code != 302:
            return
        template = pk_of(saved)
        ask("workouts:template_prescribe", "GET", {"pk": template})
        on = data.draw(mostly(st.sampled_from((days_ago(0), days_ago(1))), st.sampled_from(DATES)))
        prescribe = {
            "version": "1",
            "date": on,
            "athletes": [str(me), str(world.ids["athlete"][1])],
        }
        prescribed = ask("workouts:template_prescribe", "POST", {"pk": template}, prescribe)
        if prescribed.status_code != 302:
            return
        session = pk_of(prescribed)
        ask("workouts:session_detail", "GET", {"pk": session})
        poll = {"HX-Request": "true"}
        ask("workouts:session_detail", "GET", {"pk": session}, None, {"part": "grid"}, headers=poll)
        ask("workouts:session_detail", "GET", {"pk": session}, role="athlete")
        mine = Assignment.objects.get(session_id=session, athlete_id=me).pk
        ask("workouts:assignment_detail", "GET", {"pk": mine})
        ask("workouts:assignment_fit", "GET", {"pk": mine}, role="athlete")
        ask("workouts:session_fit_zip", "GET", {"pk": session})
        split = {
            "rep": "1",
            "time": data.draw(mostly(SPLIT_TIME, st.sampled_from(SPLITS_HOSTILE))),
            "confirm": data.draw(CONFIRM),
        }
        ask("workouts:split_save", "POST", {"pk": mine}, split, role="athlete", headers=poll)
        ask("workouts:split_remove", "POST", {"pk": mine}, {"rep": "1"}, role="athlete")
        pasted = {"text": data.draw(st.sampled_from((REFERENCE_LINES, "2:52, 1:15.1, 42.4")))}
        preview = ask("workouts:splits_paste", "POST", {"pk": mine}, {**pasted, "preview": "1"})
        if preview.status_code == 200 and "rows" in (preview.context or {}):
            rows = preview.context["rows"]
            shown = {name: rows[name].value() or "" for name in rows.fields}
            shown.update({name: "on" for name in rows.fields if name.startswith("accept_")})
            ask("workouts:splits_paste", "POST", {"pk": mine}, {**pasted, **shown, "save": "1"})
        targets = list(
            RepTarget.objects.filter(assignment__session_id=session).values_list("pk", flat=True)
        )
        target = data.draw(st.sampled_from(targets)) if targets else 0
        time = data.draw(mostly(st.sampled_from(("2:50", "1:05", "")), st.sampled_from(TIMES)))
        override = {"target": str(target), "time": time, "note": "windy"}
        ask("workouts:target_override", "POST", {"pk": session}, override)
        ask("workouts:session_stopwatch", "GET", {"pk": session}, None, {"rep": "1"})
        timed = {"rep": "1", f"time_{mine}": data.draw(mostly(SPLIT_TIME, st.sampled_from(TIMES)))}
        ask("workouts:session_stopwatch", "POST", {"pk": session}, timed)
        ask("workouts:session_detail", "GET", {"pk": session})
        week = {"date": on, "view": data.draw(st.sampled_from(("week", "month")))}
        ask("workouts:squad_calendar", "GET", {"squad_pk": squad}, None, week)
        ask("workouts:my_sessions", "GET", {}, role="athlete")
        ask("athletes:athlete_detail", "GET", {"pk": me}, None, {"model": "1"})

    journey()


# ---------------------------------------------------------------- odd methods and bodies

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# fmt: off
ODD_BODIES = (
    (FORM, b"name=%ff%fe&notation=%c0%af&time=%e2%82&date=%&athletes=%00"),
    (FORM, b"&".join([b"athletes=1"] * 1001)),  # more fields than Django reads
    (FORM, b"notation=" + b"4" * (3 * 1024 * 1024)),  # more than Django keeps in memory
    (MULTIPART, b"no boundary"),
    (MULTIPART + "; boundary=zz", b"--zz\r\nContent-Disposition: form-data; name=\"time\"\r\n\r\n"),
    ("application/json", b'{"name": "x", "notation": "4 x 400m"}'),
    ("text/plain; charset=utf-16", "notation=4 x 400m".encode("utf-16")),
    (FORM + "; charset=nope", b"notation=4 x 400m"),
)
# fmt: on
ODD_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def test_odd_methods_and_bodies_are_answered_cleanly(fuzz_world):
    """Every URL, by every method it does not serve, and every POST URL with bodies no form
    sends (bytes that are not UTF-8, too many fields, too large, broken multipart, JSON, an
    unknown charset), as the squad's coach: no 5xx, no exception, and a refusal changes
    nothing."""
    world = fuzz_world
    for name, url in URLS.items():
        kwargs = {arg: world.home[kind] for arg, kind in url.path.items()}
        odd = [
            Request("coach", m, name, kwargs, {}, {}) for m in ODD_METHODS if m not in url.methods
        ]
        if "POST" in url.methods:
            odd += [Request("coach", "POST", name, kwargs, {}, {}, body=b) for b in ODD_BODIES]
        for request in odd:
            check(world, request, "odd requests")


# ---------------------------------------------------------------- strangers' posts


def valid_example(world: World, name: str, kwargs: dict) -> dict:
    """The simplest valid value of each field: a POST the squad's coach may send."""
    example = {}
    for key, valid in URLS[name].fields(world, kwargs).items():
        if key != "correct-0-value":
            strategy = valid(world, kwargs) if callable(valid) else valid
            example[key] = find(strategy, lambda value: True, settings=settings(database=None))
    return example


POST_URLS = [name for name, url in URLS.items() if "POST" in url.methods and name != "login"]


@pytest.mark.parametrize("name", POST_URLS)
def test_strangers_post_changes_nothing(fuzz_world, name):
    """A well-formed POST at the home squad's rows by anonymous, the other squad's coach or
    a login with no role changes nothing; the same POST by the squad's coach is accepted.
    (Signing in is left out: it writes `last_login`, which is what it is for.)"""
    world = fuzz_world
    kwargs = {arg: world.home[kind] for arg, kind in URLS[name].path.items()}
    data = valid_example(world, name, kwargs)
    for role in STRANGERS:
        request = Request(role, "POST", name, kwargs, {}, data)
        client = client_as(world, request)
        before = db_fingerprint()
        try:
            response = send(client, request, f"strangers {name}")
        except Exception as error:  # every escape is the finding
            raise AssertionError(f"{type(error).__name__}: {error}\n{request}") from error
        assert response.status_code < 500, f"{response.status_code} for\n{request}"
        changed = changed_models(before, db_fingerprint())
        assert not changed, f"{role} changed the database: {changed}\n{request}"
    coach = Request("coach", "POST", name, kwargs, {}, data)
    response = check(world, coach, f"strangers {name}")
    assert response.status_code < 400, (
        f"the coach's own POST was refused ({response.status_code}): "
        f"the example is not valid\n{coach}"
    )


@pytest.fixture(scope="module", autouse=True)
def report_request_count(request):
    """Say how many requests the file sent, for whoever reads the run."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\ntest_fuzz: {sum(REQUESTS.values())} requests sent")
