"""Print the DATABASE_URL the test suite should use, and say why on stderr.

DATABASE_URL when set; else a PostgreSQL answering on 127.0.0.1:5432; else nothing,
which the settings read as SQLite.
"""

import os
import sys

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def postgres_answers(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3):
            return True
    except Exception:  # any failure means "not usable here"
        return False


def choose() -> tuple[str, str]:
    """(the URL, or "" for SQLite; why)."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url, "DATABASE_URL is set"
    if postgres_answers(LOCAL_POSTGRES):
        return LOCAL_POSTGRES, "PostgreSQL answers on 127.0.0.1:5432"
    return "", "no DATABASE_URL and no PostgreSQL on 127.0.0.1:5432: using SQLite"


def main() -> None:
    url, reason = choose()
    print(f"make test: {reason}", file=sys.stderr)
    print(url)


if __name__ == "__main__":
    main()
