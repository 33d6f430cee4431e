"""The router: login gate, sessions (reload, logout, disabled accounts, changed roles,
throttled logins), role-dependent navigation and pages reached by URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, set_active, set_role
from monev.demo import ACCOUNTS
from monev.permissions import SYSTEM, Role
from monev.sessions import FAILED, REVOKED, SessionEnded, login_events, resume, unlock
from storage.db import Database
from tests.ui.demo_db import demo_copy
from ui.state import SESSION_KEY
from ui.text import t

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = {"coordinator": "ui/pages/coordinator.py", "evaluator": "ui/pages/evaluator.py",
         "ranking": "ui/pages/ranking.py", "admin": "ui/pages/admin.py",
         "portal": "ui/pages/portal.py"}
EXPECTED = {
    Role.ADMIN: {"coordinator", "evaluator", "ranking", "admin"},
    Role.COORDINATOR: {"coordinator", "ranking"},
    Role.EVALUATOR: {"evaluator", "ranking"},
    Role.OFFICIAL: {"ranking"},
    # Its own questionnaire; the ranking page only by URL (not in its menu), showing the
    # published results of its own body (the use cases filter by scope).
    Role.BODY: {"portal", "ranking"},
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
    """Whether the navigation of the last run knows `page` (switch_page refuses others)."""
    try:
        at.switch_page(page)
    except ValueError:
        return False
    return True


def opens(at: AppTest, page: str) -> bool:
    """Whether `page`, opened by its URL, shows its content (no login form, no refusal)."""
    at.switch_page(page).run()
    assert not at.exception
    refused = any(t("auth.login_required") == i.value for i in at.info) or any(
        e.value.startswith(t("auth.page_not_allowed", role="", name="").split(" ")[0] + " ")
        and "tidak tersedia untuk peran" in e.value for e in at.error)
    return not refused


def test_only_the_login_page_before_logging_in(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [x.value for x in at.title] == [t("auth.heading")]
    for page in PAGES.values():
        # a bookmarked page asks for a login instead of showing anything
        assert not opens(at, page)
        assert t("auth.login_required") in [i.value for i in at.info]
        assert at.text_input(key="login_username")
        assert not at.tabs


def test_a_bookmarked_page_opens_after_logging_in_there(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(PAGES["admin"]).run()
    log_in(at, "admin", "admin-demo")
    assert [x.value for x in at.title] == [t("admin.title")]


def test_wrong_password_is_refused_with_a_message(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "admin", "bukan-sandinya")
    assert [e.value for e in at.error] == [FAILED]
    assert "actor" not in at.session_state
    assert [x.value for x in at.title] == [t("auth.heading")]
    log_in(at, "tidak-ada", "admin-demo")  # the same words: nothing says who exists
    assert [e.value for e in at.error] == [FAILED]


def test_disabled_account_cannot_log_in(db_url: str):
    db = Database(db_url)
    set_active(db, SYSTEM, "pejabat", False, "pindah tugas")
    db.dispose()
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "pejabat", "pejabat-demo")
    assert [e.value for e in at.error] == [FAILED]


@pytest.mark.parametrize("role", list(Role))
def test_navigation_per_role(db_url: str, role: Role):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, *PASSWORDS[role])
    assert at.session_state["actor"].role is role
    caption = t("auth.logged_in_as", name=at.session_state["actor"].name, role=role.label)
    assert caption in [c.value for c in at.sidebar.caption]
    if role is Role.ADMIN:  # lands on its own page
        assert [x.value for x in at.title] == [t("admin.title")]
    offered = {name for name, page in PAGES.items() if opens(at, page)}
    assert offered == EXPECTED[role]
    assert opens(at, "ui/pages/account.py")


def test_another_roles_page_by_url_is_refused_in_indonesian(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "pejabat", "pejabat-demo")
    at.switch_page(PAGES["admin"]).run()
    name = at.session_state["actor"].name
    assert [e.value for e in at.error] == [t("auth.page_not_allowed",
                                             role=Role.OFFICIAL.label, name=name)]
    assert t("auth.page_for", roles=Role.ADMIN.label) in [c.value for c in at.caption]
    assert not at.tabs


def test_logout_returns_to_the_login_page_and_ends_the_session(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "admin", "admin-demo")
    assert "actor" in at.session_state
    cookie = at.session_state[SESSION_KEY]
    at.switch_page("ui/pages/logout.py").run()
    assert "actor" not in at.session_state
    assert [x.value for x in at.title] == [t("auth.heading")]
    assert t("auth.logged_out") in [i.value for i in at.info]
    assert not opens(at, PAGES["admin"])
    db = Database(db_url)
    with pytest.raises(SessionEnded):  # the cookie a browser kept opens nothing any more
        resume(db, cookie)
    db.dispose()


def test_a_new_browser_session_with_the_cookie_stays_logged_in(db_url: str):
    """What a reload does: a new Streamlit session that only has the cookie."""
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "evaluator", "evaluator-demo")
    cookie = at.session_state[SESSION_KEY]
    again = AppTest.from_file(APP, default_timeout=30)
    again.session_state[SESSION_KEY] = cookie
    again.run()
    assert again.session_state["actor"].username == "evaluator"
    assert [x.value for x in again.title] != [t("auth.heading")]


def test_disabling_an_account_ends_its_open_session_at_the_next_click(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "evaluator", "evaluator-demo")
    assert at.session_state["actor"].username == "evaluator"
    db = Database(db_url)
    set_active(db, actor_for(db, "admin"), "evaluator", False, "pindah tugas")
    db.dispose()
    at.run()  # the user's next click, still on the evaluator's page
    assert "actor" not in at.session_state
    assert [w.value for w in at.warning] == [REVOKED["disabled"]]  # says why, once
    assert at.text_input(key="login_username")  # and asks for a login instead of the page
    assert not at.tabs
    at.run()
    assert not at.warning


def test_a_changed_role_takes_effect_at_the_next_click(db_url: str):
    at = AppTest.from_file(APP, default_timeout=30).run()
    log_in(at, "evaluator", "evaluator-demo")
    db = Database(db_url)
    set_role(db, actor_for(db, "admin"), "evaluator", "pejabat", "rotasi")
    db.dispose()
    at.run()
    assert at.session_state["actor"].role is Role.OFFICIAL
    assert not opens(at, PAGES["evaluator"])


def test_repeated_failures_hold_the_account(db_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_LOGIN_DELAY_SECONDS", "0")
    at = AppTest.from_file(APP, default_timeout=30).run()
    for _ in range(4):
        log_in(at, "admin", "salah-terus")
        assert [e.value for e in at.error] == [FAILED]
    log_in(at, "admin", "salah-terus")
    assert "Terlalu banyak percobaan masuk" in at.error[0].value
    log_in(at, "admin", "admin-demo")  # even the right password waits
    assert "Terlalu banyak percobaan masuk" in at.error[0].value
    assert "actor" not in at.session_state
    db = Database(db_url)
    admin = actor_for(db, "admin")
    kinds = [e.kind for e in login_events(db, admin, username="admin")]
    assert kinds[:3] == ["login.held", "account.locked", "login.failed"]
    unlock(db, admin, "admin", reason="sudah dikonfirmasi")
    db.dispose()
    log_in(at, "admin", "admin-demo")
    assert at.session_state["actor"].username == "admin"


def test_the_app_opens_a_plain_postgresql_url(postgres_url: str,
                                              monkeypatch: pytest.MonkeyPatch):
    """``MONEV_DATABASE_URL=postgresql://…`` as the README and hosting panels write it."""
    from monev.accounts import add_user

    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    assert plain.startswith("postgresql://")
    db = Database(plain)
    add_user(db, SYSTEM, username="kepala", password="Kopi-Senja-di-Bukit-27", role="admin")
    db.dispose()
    monkeypatch.setenv("MONEV_DATABASE_URL", plain)
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=30).run()
        assert not at.exception
        log_in(at, "kepala", "Kopi-Senja-di-Bukit-27")
        assert [x.value for x in at.title] == [t("admin.title")]
    finally:
        st.cache_resource.clear()
