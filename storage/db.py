"""Database connection: SQLite by default, PostgreSQL when ``DATABASE_URL`` says so.

SQLite runs in WAL mode with foreign keys on, a busy timeout and ``BEGIN IMMEDIATE`` for
every transaction, so concurrent writers queue instead of failing with "database is
locked" (measured in ``../shared/research/ecosystem.md`` §5). Migrations are applied with
Alembic when a :class:`Database` is opened.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'monev.db'}"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
READ_ONLY = "monev_read_only"


def with_driver(url: str) -> str:
    """`url` for SQLAlchemy: a plain ``postgresql://`` URL (as hosting panels and the
    README give it) uses psycopg 3, the driver installed; other URLs are unchanged."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def database_url() -> str:
    """``DATABASE_URL`` from the environment, or the embedded SQLite file under data/."""
    return with_driver(os.environ.get("DATABASE_URL", "").strip() or DEFAULT_URL)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the write lock up front (no "database is locked" mid-transaction);
        # readers use a deferred BEGIN: a consistent WAL snapshot that blocks nobody.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _sqlite_setup(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


class Database:
    """One database: its engine, sessions, and migrations."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = with_driver(url) if url else database_url()
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}),
                                          expire_on_commit=False)
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        command.upgrade(alembic_config(self.engine), "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (nothing is committed; on SQLite it takes no write lock)."""
        with self.read_sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
