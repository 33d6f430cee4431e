"""Fixtures shared by the website-monitoring tests (pytest finds them without an import)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from tests.conftest import cheap_hashing


@pytest.fixture
def app_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL of an SQLite file in `tmp_path` (``monev.db``, not made yet) that the app
    under test and the CLI open (``MONEV_DATABASE_URL``; Streamlit's resource cache cleared
    before and after the test), with cheap password hashing. A world fixture builds on it."""
    cheap_hashing(monkeypatch)
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    monkeypatch.setenv("MONEV_DATABASE_URL", url)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()
