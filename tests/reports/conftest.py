"""Fixtures of the report tests: the two-year monev world of :mod:`reports_world`."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from reports_world import World, make_world

from auth import passwords
from questionnaires.loader import Registry
from storage.db import Database


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: these tests create users, they do not test hashing."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8,
                                                            parallelism=1))


@pytest.fixture
def world(db: Database, mini_registry: Registry) -> World:
    return make_world(db, mini_registry)
