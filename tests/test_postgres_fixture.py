"""The throwaway PostgreSQL server and its per-test databases (tests/postgres.py)."""

from __future__ import annotations

import psycopg
import pytest

from tests.postgres import ThrowawayPostgres, dbname_of, postgres_server, postgres_url

# Listing the imported fixtures marks them as used: no F401 for the import, and no F811 where a
# test's parameter of the same name "redefines" them.
__all__ = ["postgres_server", "postgres_url"]


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1))


def test_create_insert_read_back(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    with _connect(postgres_url) as conn:
        conn.execute("CREATE TABLE skor (opd text PRIMARY KEY, nilai numeric(6,2) NOT NULL)")
        conn.execute("INSERT INTO skor VALUES (%s, %s), (%s, %s)",
                     ("Dinas Kominfo", "87.50", "Bappeda", "92.25"))
        conn.commit()
    with _connect(postgres_url) as conn:
        rows = conn.execute("SELECT opd, nilai::text FROM skor ORDER BY nilai DESC").fetchall()
        encoding = conn.execute("SHOW server_encoding").fetchone()
    assert rows == [("Bappeda", "92.25"), ("Dinas Kominfo", "87.50")]
    assert encoding == ("UTF8",)


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_a_fresh_empty_database(postgres_url: str, run: int) -> None:
    with _connect(postgres_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        assert conn.execute("SELECT current_database()").fetchone() == (dbname_of(postgres_url),)
        conn.execute("CREATE TABLE leftover (run int)")  # must not be visible to the next run
        conn.commit()


def test_databases_are_distinct_and_dropped_with_open_connections(
        postgres_server: ThrowawayPostgres) -> None:
    first, second = postgres_server.create_database(), postgres_server.create_database()
    assert first != second
    holder = _connect(first)  # an open connection, as a pooled engine would leave behind
    try:
        postgres_server.drop_database(first)
    finally:
        holder.close()
    postgres_server.drop_database(second)
    with _connect(postgres_server.admin_url) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database").fetchall()}
    assert dbname_of(first) not in names
    assert dbname_of(second) not in names


def test_refuses_to_drop_foreign_database(postgres_server: ThrowawayPostgres) -> None:
    with pytest.raises(ValueError, match="refusing to drop"):
        postgres_server.drop_database(postgres_server.url("postgres"))
