import pytest
from django.db import connection

from tests.api_matrix import World, build_world
from tests.factories import AthleteFactory, SquadFactory, UserFactory


def pytest_report_header(config):
    settings = connection.settings_dict
    return f"database: {connection.vendor} {settings.get('HOST') or ''} {settings['NAME']}".rstrip()


SERVER_VERSION: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Note the server's version once the test database exists, for the summary line."""
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            major, minor = divmod(connection.pg_version, 10000)
            SERVER_VERSION["postgresql"] = f"{major}.{minor}"


def pytest_terminal_summary(terminalreporter):
    """Say which database the suite ran on, so a green run on SQLite is not mistaken
    for a green run on PostgreSQL."""
    where = connection.vendor
    if where == "postgresql":
        version = SERVER_VERSION.get("postgresql", "")
        host = connection.settings_dict.get("HOST") or "local socket"
        port = connection.settings_dict.get("PORT") or 5432
        where = f"PostgreSQL {version} at {host}:{port}".replace("  ", " ")
    elif where == "sqlite":
        where = "SQLite (embedded)"
    terminalreporter.write_line(f"Tested on database: {where}")


@pytest.fixture
def squad_world(db):
    """Two squads, each with a coach and two athletes with logins, plus staff and a
    login that belongs to nobody: the people the permission matrix is about."""
    coach = UserFactory(username="coach")
    other_coach = UserFactory(username="other_coach")
    squad = SquadFactory(name="Home", coaches=[coach])
    other_squad = SquadFactory(name="Away", coaches=[other_coach])
    me = AthleteFactory(squad=squad, name="Me", user=UserFactory(username="me"))
    teammate = AthleteFactory(squad=squad, name="Teammate", user=UserFactory(username="mate"))
    rival = AthleteFactory(squad=other_squad, name="Rival", user=UserFactory(username="rival"))
    return {
        "squad": squad,
        "other_squad": other_squad,
        "coach": coach,
        "other_coach": other_coach,
        "me": me,
        "teammate": teammate,
        "rival": rival,
        "staff": UserFactory(username="staff", is_staff=True),
        "nobody": UserFactory(username="nobody"),
    }


@pytest.fixture
def at_once():
    """Run `work(i)` in `n` threads released together; return what each returned or raised.
    Each thread closes its own database connection when done."""
    import threading

    from django.db import connections

    def run(n: int, work):
        results: list = [None] * n
        start = threading.Barrier(n)

        def one(i: int) -> None:
            try:
                start.wait(timeout=30)
                results[i] = work(i)
            except Exception as error:  # returned to the test, which asserts on it
                results[i] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "a writer never finished"
        return results

    return run


@pytest.fixture
def api_world(db) -> World:
    """Two squads with sessions, splits and races: the world the API matrix asks about."""
    return build_world()
