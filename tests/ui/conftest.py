"""Fixtures shared by the app tests (pytest finds them without an import)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import cheap_hashing
from tests.ui.demo_db import Demo, demo_template, served_copy


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    """A fresh copy of the demo database that the app under test opens, with cheap password
    hashing, no background mail sender and no SMTP server configured."""
    cheap_hashing(monkeypatch)
    monkeypatch.setenv("MONEV_MAIL_WORKER", "0")  # no background sender in these tests
    monkeypatch.delenv("MONEV_SMTP_URL", raising=False)
    source, _ = demo_template()
    with served_copy(source, tmp_path, monkeypatch) as url:
        found = Demo(url)
        try:
            yield found
        finally:
            found.db.dispose()
