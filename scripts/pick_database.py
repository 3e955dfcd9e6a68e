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


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        reason = "DATABASE_URL is set"
    elif postgres_answers(LOCAL_POSTGRES):
        url, reason = LOCAL_POSTGRES, "PostgreSQL answers on 127.0.0.1:5432"
    else:
        reason = "no DATABASE_URL and no PostgreSQL on 127.0.0.1:5432: using SQLite"
    print(f"make test: {reason}", file=sys.stderr)
    print(url)


if __name__ == "__main__":
    main()
