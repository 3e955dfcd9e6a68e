"""What the gunicorn benchmarks share: a scratch PostgreSQL database of their own, a free
loopback port, and stopping the gunicorn they started. Not a benchmark itself."""

import socket
import subprocess


def server_reachable(server: str) -> bool:
    """Whether the PostgreSQL server at `server` (a URL without a database) answers."""
    import psycopg

    try:
        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def recreate_database(server: str, name: str, drop_only: bool = False) -> None:
    """Drop the scratch database `name` (closing its connections) and, unless `drop_only`,
    create it empty."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(server: subprocess.Popen) -> None:
    server.terminate()  # SIGTERM to the arbiter the script started: a graceful stop
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
