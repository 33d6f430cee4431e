"""Fixtures of the service tests: the world of the permission tests (:mod:`permission_world`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from permission_world import World

from storage.db import Database
from tests.conftest import cheap_hashing


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def matrix_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 mini_registry: Any) -> Iterator[World]:
    """The permission tests' world on an SQLite file, then on a fresh PostgreSQL database
    (the two databases of the ``db`` fixture)."""
    folder = tmp_path_factory.mktemp(f"matriks-{request.param}")
    server = None
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'matriks.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database()
    database = Database(url)
    with pytest.MonkeyPatch.context() as patch:
        # Cheap argon2 parameters: these tests make accounts, they do not test hashing.
        cheap_hashing(patch)
        # The configured evidence store is the world's (permission_world._evidence): a
        # backup of the cycle finds the files the use cases attached.
        patch.setenv("MONEV_EVIDENCE_STORE", "folder")
        patch.setenv("MONEV_EVIDENCE_DIR", str(folder / "bukti"))
        try:
            yield World(database, mini_registry, folder)
        finally:
            database.dispose()
            if server is not None:
                server.drop_database(url)
