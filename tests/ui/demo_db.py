"""Databases for the app tests: seeded once per test process, copied per test.

Seeding takes a few seconds; copying the SQLite file takes milliseconds, so every test gets
its own fresh demo database without paying for the seed again.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monev import portal, sessions
from monev.accounts import actor_for
from monev.demo import DemoInfo, seed_demo
from monev.permissions import SYSTEM, Actor
from storage.db import Database
from storage.models import User, utcnow
from tests.conftest import cheap_hashing
from ui.state import SESSION_KEY

ROOT = Path(__file__).resolve().parents[2]

_template: tuple[Path, DemoInfo] | None = None


def demo_template() -> tuple[Path, DemoInfo]:
    """The seeded demo SQLite file (made on first use) and what seeding it reported."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="monev-demo-test-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "demo.db"
        db = Database(f"sqlite:///{path}")
        try:
            info = seed_demo(db)
        finally:
            db.dispose()
        _template = path, info
    return _template


def copy_sqlite(source: Path, folder: Path) -> str:
    """A fresh copy of an SQLite database (with its WAL files) in `folder`; its URL."""
    target = folder / "monev.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return f"sqlite:///{target}"


@contextmanager
def served_copy(source: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh copy of `source` in `folder` that the app under test opens (its URL)."""
    url = copy_sqlite(source, folder)
    monkeypatch.setenv("MONEV_DATABASE_URL", url)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


def demo_copy(folder: Path) -> str:
    """A fresh copy of the demo database in `folder`; returns its URL."""
    return copy_sqlite(demo_template()[0], folder)


def sign_in(at: AppTest, who: Actor | str, url: str | None = None) -> AppTest:
    """Log `who` in for an AppTest of ``app.py`` as a real session (the token the login page
    keeps), without typing a password: the router then resumes it from the database like
    any reload. `url`: the database (default: the one the app under test opens)."""
    username = who if isinstance(who, str) else who.username
    db = Database(url or os.environ["MONEV_DATABASE_URL"])
    try:
        secret = sessions._secret(db)
        with db.transaction() as session:
            user = session.scalar(select(User).where(User.username == username))
            assert user is not None, username
            cookie, _ = sessions._open_session(secret, session, user, sessions.Client(),
                                               utcnow())
    finally:
        db.dispose()
    at.session_state[SESSION_KEY] = cookie
    return at


class Demo:
    """A copy of the demo database as the `demo` fixture (tests/ui/conftest.py) serves it:
    its URL and handle, the demo cycle, the badan publik account (`ppid`, its `body`) and
    the admin."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.db = Database(url)
        self.cycle = demo_template()[1].cycle_id
        self.ppid = actor_for(self.db, "badanpublik")
        self.body = self.ppid.body_id
        self.admin = actor_for(self.db, "admin")

    def questionnaire(self) -> portal.Questionnaire:
        """The badan publik's questionnaire of the demo cycle, as it stands now."""
        return portal.open_questionnaire(self.db, SYSTEM, self.cycle, self.body)


@contextmanager
def served_demo(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    """A fresh copy of the demo database in `folder` that the app under test opens, with
    cheap password hashing, no background mail sender and no SMTP server configured (the
    `demo` fixture of tests/ui/conftest.py; for tests outside tests/ui)."""
    cheap_hashing(monkeypatch)
    monkeypatch.setenv("MONEV_MAIL_WORKER", "0")  # no background sender in these tests
    monkeypatch.delenv("MONEV_SMTP_URL", raising=False)
    with served_copy(demo_template()[0], folder, monkeypatch) as url:
        found = Demo(url)
        try:
            yield found
        finally:
            found.db.dispose()


def open_page(who: Actor | str, page: str) -> AppTest:
    """An AppTest of ``app.py`` with `who` signed in, switched to `page` (e.g.
    ``"ui/pages/portal.py"``) and run; asserts the page raised nothing."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, who)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def bell_label(at: AppTest) -> str:
    """The label of the sidebar's bell (the link to the notifications page)."""
    [link] = [p for p in at.get("page_link") if "notifications" in p.proto.page]
    return link.proto.label
