"""Fixtures shared by the app tests (pytest finds them without an import)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.db import Database
from tests.ui.demo_db import Demo, demo_template, served_copy, served_demo


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    """A fresh copy of the demo database that the app under test opens, with cheap password
    hashing, no background mail sender and no SMTP server configured."""
    with served_demo(tmp_path, monkeypatch) as found:
        yield found


@pytest.fixture
def demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A fresh copy of the demo database that the app under test opens; its handle (password
    hashing and mail settings as they are). A test file names it `db` with a one-line
    fixture."""
    with served_copy(demo_template()[0], tmp_path, monkeypatch) as url:
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()
