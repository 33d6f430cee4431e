"""The handle the app and the command line hold to reach one monev database.

:data:`Workspace` is what pages pass to every use case (engine and connection pool,
thread-safe; sessions are opened per call by the use cases). :func:`open_workspace` opens
the configured one. Code outside ``monev`` (the Streamlit app under ``ui/``) reaches the
database only through this module and the use cases, never through ``storage``.
"""

from __future__ import annotations

import os
from typing import TypeAlias

from storage.db import DEFAULT_URL, Database

Workspace: TypeAlias = Database

URL_VARIABLES = ("MONEV_DATABASE_URL", "DATABASE_URL")


def configured_url() -> str:
    """The database URL as configured: ``MONEV_DATABASE_URL``, else ``DATABASE_URL``, else
    the SQLite file ``data/monev.db``. Returned as given (a ``postgresql://`` URL is
    pointed at the installed driver when it is opened, once)."""
    for name in URL_VARIABLES:
        url = os.environ.get(name, "").strip()
        if url:
            return url
    return DEFAULT_URL


def open_workspace(url: str | None = None) -> Workspace:
    """Open the database at `url` (default: :func:`configured_url`) and bring its schema to
    the newest migration.

    Raises what opening raises: ``sqlalchemy.exc.SQLAlchemyError`` (cannot connect),
    ``ValueError`` (a URL that does not parse), ``ImportError`` (no driver for it),
    ``OSError`` (an SQLite folder that cannot be created) and
    ``alembic.util.exc.CommandError`` (a schema newer than this version knows).
    """
    return Database(url or configured_url())
