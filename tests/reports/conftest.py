"""Fixtures of the report tests: the two-year monev world of :mod:`reports_world`."""

from __future__ import annotations

import pytest
from reports_world import World, make_world

from questionnaires.loader import Registry
from storage.db import Database
from tests.conftest import cheap_hashing


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: these tests create users, they do not test hashing."""
    cheap_hashing(monkeypatch)


@pytest.fixture
def world(db: Database, mini_registry: Registry) -> World:
    return make_world(db, mini_registry)
