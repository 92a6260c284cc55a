"""Print a PostgreSQL URL for the test run: $DATABASE_URL if it is PostgreSQL, else a local server.

Prints nothing when no server answers, so `make test` can run the SQLite suite alone.
"""

import os

import psycopg

CANDIDATES = [
    os.environ.get("DATABASE_URL", ""),
    "postgres://postgres@127.0.0.1:5432/test",
    "postgres://postgres@127.0.0.1:5432/postgres",
]


def reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("select 1")
    except psycopg.Error:
        return False
    return True


def main() -> None:
    for url in CANDIDATES:
        if url.startswith(("postgres://", "postgresql://")) and reachable(url):
            print(url)
            return


if __name__ == "__main__":
    main()
