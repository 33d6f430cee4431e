"""Fixtures of the evidence tests: the evidence store as configured, per test, under the
test's own folder (never the installation's ``data/evidence``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import app, chromium  # noqa: F401 (the browser tests' fixtures)


@pytest.fixture(params=["folder", "database"])
def store_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
               tmp_path: Path) -> Iterator[str]:
    """Configure the evidence store through the environment, as a deployment would."""
    monkeypatch.setenv("MONEV_EVIDENCE_STORE", request.param)
    monkeypatch.setenv("MONEV_EVIDENCE_DIR", str(tmp_path / "bukti"))
    return request.param


@pytest.fixture
def folder_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The folder store under the test's folder; returns the folder."""
    monkeypatch.setenv("MONEV_EVIDENCE_STORE", "folder")
    monkeypatch.setenv("MONEV_EVIDENCE_DIR", str(tmp_path / "bukti"))
    return tmp_path / "bukti"
