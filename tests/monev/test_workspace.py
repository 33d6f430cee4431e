"""The app's database handle: which database is configured, and that it opens (migrated)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from monev.workspace import configured_url, open_workspace
from storage.db import DEFAULT_URL


@pytest.fixture
def no_urls(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("MONEV_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return monkeypatch


def test_monev_database_url_then_database_url_then_the_sqlite_file(
        no_urls: pytest.MonkeyPatch) -> None:
    assert configured_url() == DEFAULT_URL
    no_urls.setenv("DATABASE_URL", "sqlite:///b.db")
    assert configured_url() == "sqlite:///b.db"
    no_urls.setenv("MONEV_DATABASE_URL", " sqlite:///a.db ")
    assert configured_url() == "sqlite:///a.db"
    no_urls.setenv("MONEV_DATABASE_URL", "")  # set but empty: not configured
    assert configured_url() == "sqlite:///b.db"


def test_opens_the_configured_database_migrated(no_urls: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    no_urls.setenv("MONEV_DATABASE_URL", url)
    workspace = open_workspace()
    try:
        assert workspace.url == url
        assert {"cycles", "verifications", "users"} <= set(
            inspect(workspace.engine).get_table_names())
    finally:
        workspace.dispose()


def test_a_plain_postgresql_url_opens_with_the_installed_driver(
        no_urls: pytest.MonkeyPatch, postgres_url: str) -> None:
    plain = "postgresql://" + postgres_url.split("://", 1)[1]
    no_urls.setenv("MONEV_DATABASE_URL", plain)
    workspace = open_workspace()
    try:
        assert workspace.engine.url.drivername == "postgresql+psycopg"
        assert "cycles" in inspect(workspace.engine).get_table_names()
    finally:
        workspace.dispose()
