"""The router: login gate, role-dependent navigation, logout, server-side role checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for
from monev.demo import ACCOUNTS
from monev.permissions import Role
from storage.db import Database
from tests.ui.demo_db import demo_copy
from ui.text import t

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = {"coordinator": "ui/pages/coordinator.py", "evaluator": "ui/pages/evaluator.py",
         "ranking": "ui/pages/ranking.py", "admin": "ui/pages/admin.py"}
EXPECTED = {
    Role.ADMIN: {"coordinator", "evaluator", "ranking", "admin"},
    Role.COORDINATOR: {"coordinator", "ranking"},
    Role.EVALUATOR: {"evaluator", "ranking"},
    Role.OFFICIAL: {"ranking"},
}
PASSWORDS = {a.role: (a.username, a.password) for a in ACCOUNTS}


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = demo_copy(tmp_path)
    monkeypatch.setenv("MONEV_DATABASE_URL", url)
    yield url
    st.cache_resource.clear()  # the next test opens its own database


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def registered(at: AppTest, page: str) -> bool:
    """Whether the navigation of the last run offers `page` (switch_page refuses others)."""
    try:
        at.switch_page(page)
    except ValueError:
        return False
    return True


def test_only_the_login_page_before_logging_in(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [x.value for x in at.title] == [t("auth.heading")]
    for page in PAGES.values():
        assert not registered(at, page)


def test_wrong_password_is_refused_with_a_message(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "admin", "bukan-sandinya")
    assert [e.value for e in at.error] == [t("auth.failed")]
    assert "actor" not in at.session_state
    assert [x.value for x in at.title] == [t("auth.heading")]
    log_in(at, "tidak-ada", "admin-demo")
    assert [e.value for e in at.error] == [t("auth.failed")]


def test_disabled_account_cannot_log_in(db_url: str):
    from monev.accounts import set_active
    from monev.permissions import SYSTEM

    db = Database(db_url)
    set_active(db, SYSTEM, "pejabat", False, "pindah tugas")
    db.dispose()
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "pejabat", "pejabat-demo")
    assert [e.value for e in at.error] == [t("auth.failed")]


@pytest.mark.parametrize("role", list(Role))
def test_navigation_per_role(db_url: str, role: Role):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, *PASSWORDS[role])
    assert at.session_state["actor"].role is role
    caption = t("auth.logged_in_as", name=at.session_state["actor"].name, role=role.label)
    assert caption in [c.value for c in at.sidebar.caption]
    offered = {name for name, page in PAGES.items() if registered(at, page)}
    assert offered == EXPECTED[role]
    assert registered(at, "ui/pages/logout.py")
    if role is Role.ADMIN:  # lands on its own page
        assert [x.value for x in at.title] == [t("admin.title")]


def test_logout_returns_to_the_login_page(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "admin", "admin-demo")
    assert "actor" in at.session_state
    at.switch_page("ui/pages/logout.py").run()
    assert "actor" not in at.session_state
    assert [x.value for x in at.title] == [t("auth.heading")]
    assert t("auth.logged_out") in [i.value for i in at.info]
    assert not registered(at, PAGES["admin"])


def test_pages_check_the_role_again(db_url: str):
    """A page run without the role (e.g. reached by URL) refuses on the server side."""
    db = Database(db_url)
    official = actor_for(db, "pejabat")
    db.dispose()
    at = AppTest.from_file(str(ROOT / PAGES["admin"]), default_timeout=30)
    at.session_state["actor"] = official
    at.run()
    assert [e.value for e in at.error] == [t("auth.page_not_allowed",
                                             role=Role.OFFICIAL.label)]
    assert not at.tabs

    nobody = AppTest.from_file(str(ROOT / PAGES["admin"]), default_timeout=30).run()
    assert [w.value for w in nobody.warning] == [t("auth.login_required")]
