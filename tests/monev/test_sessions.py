"""Logins and sessions on real databases (SQLite and PostgreSQL): refusals that never say
whether an account exists, throttling per typed username and per client address, session
cookies and why a session ends, password changes, the session secret, migration 0003.

Nothing is mocked: delays are what ``log_in`` asks its ``sleep`` to wait (a list's append),
time passing is stored timestamps moved back in the database, and cookies are the ones
``log_in`` hands out (re-signed with an older timestamp only where the browser would hold
a cookie that old).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select, text

from auth import passwords, tokens
from auth.settings import LoginPolicy, SessionPolicy
from monev import sessions
from monev.accounts import (
    add_user,
    list_users,
    reset_password,
    set_active,
    set_role,
    set_scope,
)
from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.errors import NotFound, PermissionDenied, UsageError
from monev.permissions import SYSTEM, Actor, Role
from monev.sessions import (
    FAILED,
    REVOKED,
    Client,
    LoginRefused,
    SessionEnded,
    change_own_password,
    held_logins,
    log_in,
    log_out,
    login_events,
    resume,
    unlock,
)
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Base, LoginEvent, Setting, User, UserSession
from tests.conftest import cheap_hashing, database_at

PASSWORD = "Kopi-Senja-di-Bukit-27"
WRONG = "Kopi-Senja-di-Bukit-28"
NEW_PASSWORD = "Layang-layang Biru 1987 terbang"
HOME = Client("203.0.113.7", "Mozilla/5.0 (Windows NT 10.0) Firefox/128.0")
OFFICE = Client("198.51.100.20", "Mozilla/5.0 (Android 14) Chrome/126.0")
WIB = timezone(timedelta(hours=7))
# The defaults, spelled out: the tests must not depend on the environment.
POLICY = LoginPolicy(slow_after=3, delay_seconds=1.0, lock_after=5, address_lock_after=20,
                     window=timedelta(minutes=15), lock_for=timedelta(minutes=15))
SESSION = SessionPolicy(idle=timedelta(minutes=60), max_age=timedelta(hours=12))


@pytest.fixture(autouse=True)
def _clean_env_and_cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MONEV_* setting from the shell; cheap argon2 (these tests do not test hashing);
    no session secret remembered from another test's database."""
    for name in list(os.environ):
        if name.startswith("MONEV_"):
            monkeypatch.delenv(name)
    cheap_hashing(monkeypatch)
    monkeypatch.setattr(sessions, "_SECRETS", {})


@dataclass
class World:
    db: Database
    admin: Actor  # logged in through a real session
    opd: int
    desa: int


@pytest.fixture
def w(db: Database, mini_registry: Registry) -> World:
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Test", year=2025,
                         registry=mini_registry)
    opd = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd").id
    desa = register_body(db, SYSTEM, cycle.id, name="Desa Sukamaju", category="desa").id
    for username, role, name, scope in (
            ("admin.ki", "admin", "Admin KI", ()),
            ("rina", "koordinator", "Rina Marlina", (opd,)),
            ("agus", "evaluator", "Agus Setiawan", ()),
            ("hendra", "pejabat", "Hendra Gunawan", ())):
        add_user(db, SYSTEM, username=username, password=PASSWORD, role=role,
                 display_name=name, scope=scope)
    admin = log_in(db, "admin.ki", PASSWORD, OFFICE, policy=POLICY).actor
    return World(db, admin, opd, desa)


# -- helpers ----------------------------------------------------------------------------------


def refused(db: Database, username: str, password: str, client: Client = HOME, *,
            delays: list[float] | None = None,
            policy: LoginPolicy = POLICY) -> LoginRefused:
    with pytest.raises(LoginRefused) as refusal:
        log_in(db, username, password, client, policy=policy,
               sleep=(delays if delays is not None else []).append)
    return refusal.value


def ended(db: Database, cookie: str, client: Client = HOME, *,
          policy: SessionPolicy = SESSION) -> SessionEnded:
    with pytest.raises(SessionEnded) as end:
        resume(db, cookie, client, policy=policy)
    return end.value


def events(db: Database, *kinds: str) -> list[tuple]:
    """(kind, username, user_id, address, user_agent, by_user_id, detail), oldest first."""
    query = select(LoginEvent.kind, LoginEvent.username, LoginEvent.user_id,
                   LoginEvent.address, LoginEvent.user_agent, LoginEvent.by_user_id,
                   LoginEvent.detail).order_by(LoginEvent.at, LoginEvent.id)
    if kinds:
        query = query.where(LoginEvent.kind.in_(kinds))
    with db.read() as session:
        return [tuple(row) for row in session.execute(query)]


def user_id(db: Database, username: str) -> int:
    with db.read() as session:
        found = session.scalar(select(User.id).where(User.username == username))
        assert found is not None, username
        return found


def session_rows(db: Database, username: str) -> list[UserSession]:
    with db.read() as session:
        return list(session.scalars(select(UserSession).join(User, User.id == UserSession.user_id)
                                    .where(User.username == username).order_by(UserSession.id)))


def move_back(db: Database, model: type, delta: timedelta, *columns: str, where=()) -> None:
    """Pretend `delta` passed: move the stored timestamps `columns` of the rows back."""
    with db.transaction() as session:
        for row in session.scalars(select(model).where(*where)):
            for column in columns:
                setattr(row, column, getattr(row, column) - delta)


def secret_of(db: Database) -> str:
    return sessions._secret(db)


def token_of(db: Database, cookie: str) -> str:
    token = tokens.unsign(cookie, secret_of(db), timedelta(days=1))
    assert token is not None
    return token


def signed_earlier(cookie: str, secret: str, age: timedelta) -> str:
    """The same session's cookie as the browser holds it `age` after the login (its
    signature carries the time of login)."""
    token = tokens.unsign(cookie, secret, timedelta(days=1))

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age.total_seconds())

    return URLSafeTimedSerializer(secret, salt=tokens._SALT, signer=Then).dumps(token)


def same_time(a: datetime | None, b: datetime | None) -> bool:
    """The same moment, give or take the microsecond between a failure and its lock."""
    return a is not None and b is not None and abs(a - b) < timedelta(milliseconds=1)


def held_time(message: str, until: datetime) -> bool:
    return f"pukul {until.astimezone(WIB):%H.%M} WIB" in message


# -- refusals that say nothing about the account --------------------------------------------


def test_every_refusal_says_the_same_and_every_attempt_is_recorded(w: World, monkeypatch):
    db = w.db
    set_active(db, w.admin, "agus", False, reason="pindah tugas")
    add_user(db, w.admin, username="admin", password="admin-demo", role="admin",
             display_name="Admin KI Sukamaju", demo=True)
    monkeypatch.setenv("MONEV_DEMO_ACCOUNTS", "0")

    wrong = refused(db, "  rina ", WRONG)  # as typed, with spaces
    unknown = refused(db, "tidak.ada", PASSWORD, OFFICE)
    disabled = refused(db, "agus", PASSWORD)  # the right password of a disabled account
    demo = refused(db, "admin", "admin-demo")  # the right password of a demo account
    for refusal in (wrong, unknown, disabled, demo):
        assert refusal.message == FAILED
        assert refusal.held_until is None

    # The demo account logs in again where demo accounts are allowed.
    monkeypatch.setenv("MONEV_DEMO_ACCOUNTS", "1")
    log_in(db, "admin", "admin-demo", HOME, policy=POLICY)

    rina, agus, demo_admin = user_id(db, "rina"), user_id(db, "agus"), user_id(db, "admin")
    assert events(db, "login.failed", "login.ok")[1:] == [  # [0]: the admin's login
        ("login.failed", "rina", rina, HOME.address, HOME.user_agent, None, ""),
        ("login.failed", "tidak.ada", None, OFFICE.address, OFFICE.user_agent, None, ""),
        ("login.failed", "agus", agus, HOME.address, HOME.user_agent, None, "akun nonaktif"),
        ("login.failed", "admin", demo_admin, HOME.address, HOME.user_agent, None,
         "akun demo dimatikan"),
        ("login.ok", "admin", demo_admin, HOME.address, HOME.user_agent, None, ""),
    ]
    # What the admin reads: newest first, the account named only when it exists.
    shown = login_events(db, w.admin, kinds=("login.failed",))
    assert [(e.username, e.account_exists, e.label) for e in shown] == [
        ("admin", True, "Gagal masuk"), ("agus", True, "Gagal masuk"),
        ("tidak.ada", False, "Gagal masuk"), ("rina", True, "Gagal masuk")]
    assert [e.kind for e in login_events(db, w.admin, username=" AGUS ")] == ["login.failed"]


def test_a_wrong_password_of_an_existing_account_is_recorded_with_the_account(w: World):
    refused(w.db, "rina", WRONG)
    assert events(w.db, "login.failed") == [
        ("login.failed", "rina", user_id(w.db, "rina"), HOME.address, HOME.user_agent, None,
         "")]
    [shown] = login_events(w.db, w.admin, username="RINA")
    assert (shown.kind, shown.account_exists, shown.address, shown.user_agent) == (
        "login.failed", True, HOME.address, HOME.user_agent)


def test_a_username_typed_with_capitals_or_spaces_is_the_same_account(w: World):
    """Usernames are unique whatever their case (add_user), throttling and unlock ignore
    case and surrounding spaces; a phone's keyboard capitalises the first letter."""
    done = log_in(w.db, " Rina ", PASSWORD, HOME, policy=POLICY)
    assert done.actor.username == "rina"


def test_a_successful_login_opens_a_session_and_records_it(w: World):
    done = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY)
    assert (done.actor.username, done.actor.role, done.actor.scope) == (
        "rina", Role.COORDINATOR, frozenset({w.opd}))
    assert events(w.db, "login.ok")[-1] == (
        "login.ok", "rina", user_id(w.db, "rina"), HOME.address, HOME.user_agent, None, "")
    [row] = session_rows(w.db, "rina")
    assert (row.address, row.user_agent, row.revoked_at) == (HOME.address, HOME.user_agent,
                                                             None)
    assert row.expires_at == done.expires_at
    assert timedelta(hours=11, minutes=59) < done.expires_at - row.created_at <= timedelta(
        hours=12)
    assert resume(w.db, done.cookie, HOME, policy=SESSION) == done.actor
    assert [u.last_login is not None for u in list_users(w.db, w.admin)
            if u.username == "rina"] == [True]


# -- throttling per typed username ------------------------------------------------------------


def test_answers_slow_down_then_the_account_is_held_even_for_the_right_password(w: World):
    db, delays = w.db, []
    for _ in range(4):
        assert refused(db, "rina", WRONG, delays=delays).message == FAILED
    assert delays == [1.0]  # the 4th attempt, after 3 failures, waited a second

    locking = refused(db, "rina", WRONG, delays=delays)  # the 5th failure holds the account
    assert delays == [1.0, 2.0]
    assert locking.held_until is not None
    assert locking.message != FAILED
    assert "Terlalu banyak percobaan masuk yang gagal" in locking.message
    assert held_time(locking.message, locking.held_until)
    remaining = locking.held_until - datetime.now(UTC)
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)

    right = refused(db, "rina", PASSWORD, OFFICE, delays=delays)  # held: no password check
    assert same_time(right.held_until, locking.held_until)
    assert right.message == locking.message
    assert delays == [1.0, 2.0]  # a held login is refused at once
    rina = user_id(db, "rina")
    assert events(db, "account.locked", "login.held") == [
        ("account.locked", "rina", rina, HOME.address, HOME.user_agent, None, "5 kali gagal"),
        ("login.held", "rina", None, OFFICE.address, OFFICE.user_agent, None, "")]
    assert session_rows(db, "rina") == []

    [held] = held_logins(db, w.admin, policy=POLICY)
    assert (held.what, held.key) == ("account", "rina")
    assert same_time(held.until, locking.held_until)
    # Other accounts are not affected.
    log_in(db, "agus", PASSWORD, HOME, policy=POLICY)


def test_delays_double_up_to_eight_times_the_first(w: World):
    policy = LoginPolicy(slow_after=1, delay_seconds=0.5, lock_after=100,
                         address_lock_after=100)
    delays: list[float] = []
    for _ in range(8):
        refused(w.db, "rina", WRONG, delays=delays, policy=policy)
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0]
    # The right password is also answered late (the attacker cannot tell by the time).
    log_in(w.db, "rina", PASSWORD, HOME, policy=policy, sleep=delays.append)
    assert delays[-1] == 4.0


def test_an_unknown_username_is_held_the_same_way(w: World):
    delays: list[float] = []
    answers = [refused(w.db, "Tidak.Ada", WRONG, delays=delays) for _ in range(5)]
    assert [a.message for a in answers[:4]] == [FAILED] * 4
    assert answers[4].held_until is not None
    assert held_time(answers[4].message, answers[4].held_until)
    assert delays == [1.0, 2.0]
    assert same_time(refused(w.db, "tidak.ada", PASSWORD).held_until, answers[4].held_until)
    assert events(w.db, "account.locked")[0][:3] == ("account.locked", "tidak.ada", None)
    [held] = held_logins(w.db, w.admin, policy=POLICY)
    assert (held.what, held.key) == ("account", "tidak.ada")
    assert same_time(held.until, answers[4].held_until)


def test_failures_from_many_addresses_hold_the_account(w: World):
    for n in range(5):
        last = refused(w.db, "rina", WRONG, Client(f"192.0.2.{n}", "bot"))
    assert last.held_until is not None
    assert same_time(refused(w.db, "rina", PASSWORD, OFFICE).held_until, last.held_until)


def test_an_admin_unlocks_a_held_account(w: World):
    db, delays = w.db, []
    for _ in range(5):
        refused(db, "rina", WRONG, delays=delays)
    unlock(db, w.admin, " Rina ", reason="ditelepon, lupa kata sandi")
    assert held_logins(db, w.admin, policy=POLICY) == []
    assert events(db, "account.unlocked") == [
        ("account.unlocked", "rina", user_id(db, "rina"), "", "", w.admin.id,
         "ditelepon, lupa kata sandi")]
    [shown] = login_events(db, w.admin, kinds=("account.unlocked",))
    assert (shown.by, shown.label, shown.account_exists) == (
        "admin.ki", "Penahanan nama pengguna dibuka", True)

    log_in(db, "rina", PASSWORD, HOME, policy=POLICY, sleep=delays.append)
    assert delays == [1.0, 2.0]  # no delay after the unlock: the count starts again


def test_the_held_account_is_released_when_its_time_is_up(w: World):
    for _ in range(5):
        refused(w.db, "rina", WRONG)
    move_back(w.db, LoginEvent, timedelta(minutes=16), "at")
    assert held_logins(w.db, w.admin, policy=POLICY) == []
    delays: list[float] = []
    log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY, sleep=delays.append)
    assert delays == []


def test_a_success_resets_the_failure_count(w: World):
    db, delays = w.db, []
    for _ in range(4):
        refused(db, "rina", WRONG, delays=delays)
    log_in(db, "rina", PASSWORD, HOME, policy=POLICY, sleep=delays.append)
    assert delays == [1.0, 2.0]
    for _ in range(4):  # 8 failures in the window, but only 4 since the success
        assert refused(db, "rina", WRONG, delays=delays).message == FAILED
    assert delays == [1.0, 2.0, 1.0]
    assert events(db, "account.locked") == []


def test_failures_older_than_the_window_are_forgotten(w: World):
    db, delays = w.db, []
    for _ in range(4):
        refused(db, "rina", WRONG, delays=delays)
    move_back(db, LoginEvent, timedelta(minutes=16), "at",
              where=(LoginEvent.kind == "login.failed",))
    assert refused(db, "rina", WRONG, delays=delays).message == FAILED  # 1 in the window
    assert delays == [1.0]
    log_in(db, "rina", PASSWORD, HOME, policy=POLICY, sleep=delays.append)
    assert delays == [1.0]
    assert events(db, "account.locked") == []


# -- throttling per client address ------------------------------------------------------------


def test_failures_over_many_usernames_hold_the_address(w: World):
    db = w.db
    policy = LoginPolicy(slow_after=3, delay_seconds=1.0, lock_after=5, address_lock_after=4)
    for name in ("budi", "siti", "agus"):
        assert refused(db, name, WRONG, HOME, policy=policy).message == FAILED
    locking = refused(db, "rina", WRONG, HOME, policy=policy)  # the 4th from this address
    assert locking.held_until is not None
    assert held_time(locking.message, locking.held_until)
    assert events(db, "address.locked") == [
        ("address.locked", "rina", None, HOME.address, HOME.user_agent, None,
         "4 kali gagal dari alamat ini")]

    # From that address nobody gets in, not even with the right password…
    for name in ("rina", "agus", "admin.ki"):
        assert same_time(refused(db, name, PASSWORD, HOME, policy=policy).held_until,
                         locking.held_until)
    # …from another address the same accounts do (none of them has 5 failures).
    log_in(db, "rina", PASSWORD, OFFICE, policy=policy)
    log_in(db, "agus", PASSWORD, OFFICE, policy=policy)
    [held] = held_logins(db, w.admin, policy=policy)
    assert (held.what, held.key) == ("address", HOME.address)
    assert same_time(held.until, locking.held_until)

    unlock(db, w.admin, HOME.address, what="address", reason="kantor KI")
    assert held_logins(db, w.admin, policy=policy) == []
    assert events(db, "address.unlocked") == [
        ("address.unlocked", "", None, HOME.address, "", w.admin.id, "kantor KI")]
    log_in(db, "rina", PASSWORD, HOME, policy=policy)
    with pytest.raises(UsageError):
        unlock(db, w.admin, HOME.address, what="alamat")


# -- sessions ---------------------------------------------------------------------------------


def test_resume_reads_role_and_scope_now(w: World):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    set_scope(w.db, w.admin, "rina", [w.opd, w.desa])
    actor = resume(w.db, cookie, HOME, policy=SESSION)
    assert (actor.role, actor.scope) == (Role.COORDINATOR, frozenset({w.opd, w.desa}))
    set_role(w.db, w.admin, "rina", "evaluator", reason="pindah bidang")
    actor = resume(w.db, cookie, HOME, policy=SESSION)
    assert (actor.username, actor.role, actor.scope) == ("rina", Role.EVALUATOR, None)


@pytest.mark.parametrize("forge", ["empty", "garbage", "altered", "truncated", "other secret",
                                   "unknown token", "bare token", "stored hash"])
def test_a_forged_or_unknown_cookie_opens_no_session(w: World, forge: str):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    token = token_of(w.db, cookie)
    flipped = "A" if cookie[10] != "A" else "B"
    value = {
        "empty": "",
        "garbage": "bukan-cookie-sesi",
        "altered": cookie[:10] + flipped + cookie[11:],
        "truncated": cookie[:-3],
        "other secret": tokens.sign(token, "rahasia-instalasi-lain-" + "x" * 40),
        "unknown token": tokens.sign(tokens.new_token(), secret_of(w.db)),
        "bare token": token,
        "stored hash": tokens.token_hash(token),
    }[forge]
    end = ended(w.db, value)
    assert (end.reason, end.message) == ("invalid", "")
    assert resume(w.db, cookie, HOME, policy=SESSION).username == "rina"  # still open


def test_the_database_keeps_only_the_tokens_hash(w: World):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    token = token_of(w.db, cookie)
    [row] = session_rows(w.db, "rina")
    assert row.token_hash == tokens.token_hash(token)
    with w.db.read() as session:
        for table in Base.metadata.sorted_tables:
            for values in session.execute(select(table)):
                stored = " ".join(str(v) for v in values)
                assert token not in stored, table.name
                assert cookie not in stored, table.name


def test_logout_ends_the_session(w: World):
    first = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    second = log_in(w.db, "rina", PASSWORD, OFFICE, policy=POLICY).cookie
    log_out(w.db, first, HOME)
    end = ended(w.db, first)
    assert (end.reason, end.message) == ("logout", "")
    assert resume(w.db, second, OFFICE, policy=SESSION).username == "rina"  # other browser
    log_out(w.db, first, HOME)  # again: nothing happens
    log_out(w.db, "bukan-cookie", HOME)
    assert events(w.db, "logout") == [
        ("logout", "rina", user_id(w.db, "rina"), HOME.address, HOME.user_agent, None, "")]


def test_an_idle_session_ends_and_says_after_how_many_minutes(w: World):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    move_back(w.db, UserSession, timedelta(hours=2), "created_at", "last_seen_at",
              where=(UserSession.user_id == user_id(w.db, "rina"),))
    end = ended(w.db, cookie)
    assert end.reason == "idle"
    assert end.message == REVOKED["idle"].format(minutes=60)
    assert "60 menit" in end.message
    [row] = session_rows(w.db, "rina")
    assert (row.revoked_reason, row.revoked_at is not None) == ("idle", True)
    assert events(w.db, "session.ended") == [
        ("session.ended", "rina", user_id(w.db, "rina"), HOME.address, HOME.user_agent, None,
         "tidak aktif")]
    again = ended(w.db, cookie)  # revoked now: the same reason, no second event
    assert (again.reason, again.message) == ("idle", end.message)
    assert len(events(w.db, "session.ended")) == 1


def test_use_keeps_a_session_alive_and_the_policy_decides_how_long(w: World):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    rina = (UserSession.user_id == user_id(w.db, "rina"),)
    short = SessionPolicy(idle=timedelta(minutes=30), max_age=timedelta(hours=12))
    move_back(w.db, UserSession, timedelta(minutes=20), "last_seen_at", where=rina)
    resume(w.db, cookie, HOME, policy=short)  # 20 minutes idle: fine, and it counts as use
    [row] = session_rows(w.db, "rina")
    assert datetime.now(UTC) - row.last_seen_at < timedelta(minutes=1)
    move_back(w.db, UserSession, timedelta(minutes=20), "last_seen_at", where=rina)
    resume(w.db, cookie, HOME, policy=short)  # 40 minutes since login, 20 since last use
    move_back(w.db, UserSession, timedelta(minutes=45), "last_seen_at", where=rina)
    end = ended(w.db, cookie, policy=short)
    assert end.reason == "idle"
    assert "30 menit" in end.message


def test_a_session_older_than_max_age_ends(w: World):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    # Logged in 13 hours ago, used a minute ago (the row's expiry is what counts).
    move_back(w.db, UserSession, timedelta(hours=13), "created_at", "expires_at",
              where=(UserSession.user_id == user_id(w.db, "rina"),))
    end = ended(w.db, cookie)
    assert end.reason == "max_age"
    assert end.message == REVOKED["max_age"].format(hours=12)
    assert session_rows(w.db, "rina")[0].revoked_reason == "max_age"
    assert events(w.db, "session.ended")[-1][-1] == "melewati batas"


def test_a_cookie_from_thirteen_hours_ago_says_why_the_session_ended(w: World):
    """What the browser really sends 13 hours after the login: the cookie signed then. The
    user should read that the session ended after 12 hours, and the session should end."""
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    move_back(w.db, UserSession, timedelta(hours=13), "created_at", "expires_at",
              where=(UserSession.user_id == user_id(w.db, "rina"),))
    then = signed_earlier(cookie, secret_of(w.db), timedelta(hours=13))
    end = ended(w.db, then)
    assert (end.reason, end.message) == ("max_age", REVOKED["max_age"].format(hours=12))
    assert session_rows(w.db, "rina")[0].revoked_reason == "max_age"


def test_disabling_an_account_ends_all_its_sessions_at_once(w: World):
    cookies = [log_in(w.db, "rina", PASSWORD, c, policy=POLICY).cookie for c in (HOME, OFFICE)]
    other = log_in(w.db, "agus", PASSWORD, HOME, policy=POLICY).cookie
    set_active(w.db, w.admin, "rina", False, reason="pindah tugas")
    rows = session_rows(w.db, "rina")
    assert [(r.revoked_reason, r.revoked_at is not None) for r in rows] == [
        ("disabled", True)] * 2  # before rina clicks anything
    rina = user_id(w.db, "rina")
    assert events(w.db, "session.ended") == [
        ("session.ended", "rina", rina, "", "", w.admin.id, "akun dinonaktifkan")] * 2
    for cookie in cookies:
        end = ended(w.db, cookie)
        assert (end.reason, end.message) == ("disabled", REVOKED["disabled"])
    assert resume(w.db, other, HOME, policy=SESSION).username == "agus"
    set_active(w.db, w.admin, "rina", True)
    assert ended(w.db, cookies[0]).reason == "disabled"  # enabling opens no old session
    log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY)


def test_a_session_of_an_account_disabled_in_the_database_ends_at_the_next_click(w: World):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    with w.db.transaction() as session:  # not through set_active (e.g. a restore)
        session.scalars(select(User).where(User.username == "rina")).one().active = False
    end = ended(w.db, cookie)
    assert (end.reason, end.message) == ("disabled", REVOKED["disabled"])
    assert session_rows(w.db, "rina")[0].revoked_reason == "disabled"


def test_a_demo_session_ends_when_demo_accounts_are_turned_off(w: World, monkeypatch):
    add_user(w.db, w.admin, username="admin", password="admin-demo", role="admin",
             display_name="Admin KI Sukamaju", demo=True)
    cookie = log_in(w.db, "admin", "admin-demo", HOME, policy=POLICY).cookie
    monkeypatch.setenv("MONEV_DEMO_ACCOUNTS", "0")
    end = ended(w.db, cookie)
    assert (end.reason, end.message) == ("demo", REVOKED["demo"])


def test_a_password_reset_by_the_admin_ends_every_session(w: World):
    cookies = [log_in(w.db, "rina", PASSWORD, c, policy=POLICY).cookie for c in (HOME, OFFICE)]
    with pytest.raises(UsageError, match="mudah ditebak"):
        reset_password(w.db, w.admin, "rina", "rina12345678")
    assert resume(w.db, cookies[0], HOME, policy=SESSION).username == "rina"  # unchanged
    reset_password(w.db, w.admin, "rina", NEW_PASSWORD)
    for cookie in cookies:
        end = ended(w.db, cookie)
        assert (end.reason, end.message) == ("password", REVOKED["password"])
    assert refused(w.db, "rina", PASSWORD).message == FAILED
    log_in(w.db, "rina", NEW_PASSWORD, HOME, policy=POLICY)
    assert events(w.db, "password.reset") == [
        ("password.reset", "rina", user_id(w.db, "rina"), "", "", w.admin.id, "")]


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(w: World):
    here = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY)
    elsewhere = log_in(w.db, "rina", PASSWORD, OFFICE, policy=POLICY).cookie
    change_own_password(w.db, here.actor, here.cookie, PASSWORD, NEW_PASSWORD, HOME)
    assert resume(w.db, here.cookie, HOME, policy=SESSION).username == "rina"
    end = ended(w.db, elsewhere, OFFICE)
    assert (end.reason, end.message) == ("password", REVOKED["password"])
    assert refused(w.db, "rina", PASSWORD).message == FAILED
    log_in(w.db, "rina", NEW_PASSWORD, HOME, policy=POLICY)
    rina = user_id(w.db, "rina")
    assert events(w.db, "password.changed") == [
        ("password.changed", "rina", rina, HOME.address, HOME.user_agent, None, "")]
    assert [e[-1] for e in events(w.db, "session.ended")] == ["kata sandi diganti"]


@pytest.mark.parametrize(("current", "new", "says"), [
    (WRONG, NEW_PASSWORD, "Kata sandi saat ini salah."),
    (PASSWORD, PASSWORD, "Kata sandi baru sama dengan yang lama."),
    (PASSWORD, "rahasia123", "terlalu mudah ditebak"),
    (PASSWORD, "rina12345678", "terlalu mudah ditebak"),
    (PASSWORD, "koordinator-demo", "akun demo"),
    (PASSWORD, "Kopi-27", "terlalu pendek"),
])
def test_changing_ones_own_password_refuses(w: World, current: str, new: str, says: str):
    here = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY)
    elsewhere = log_in(w.db, "rina", PASSWORD, OFFICE, policy=POLICY).cookie
    with pytest.raises(UsageError) as refusal:
        change_own_password(w.db, here.actor, here.cookie, current, new, HOME)
    assert says in refusal.value.message
    # Nothing changed: both sessions open, the old password still works.
    assert resume(w.db, elsewhere, OFFICE, policy=SESSION).username == "rina"
    log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY)
    assert events(w.db, "password.changed") == []


def test_a_long_passphrase_can_be_chosen(w: World):
    """Up to auth.passwords.MAX_LENGTH (128) characters are allowed."""
    here = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY)
    long = ("Kopi Senja di Bukit Menoreh, 27 Agustus, bersama nenek yang membawa pisang "
            "goreng hangat")
    assert 72 < len(long) <= passwords.MAX_LENGTH
    change_own_password(w.db, here.actor, here.cookie, PASSWORD, long, HOME)
    log_in(w.db, "rina", long, HOME, policy=POLICY)


def test_new_accounts_follow_the_password_rules_unless_they_are_demo_accounts(w: World):
    for password, says in (("rahasia123", "terlalu mudah ditebak"),
                           ("siti.rahma2025", "terlalu mudah ditebak"),
                           ("pejabat-demo", "akun demo"), ("pendek", "terlalu pendek")):
        with pytest.raises(UsageError, match=says):
            add_user(w.db, w.admin, username="siti.rahma", password=password, role="pejabat",
                     display_name="Siti Rahma")
    assert "siti.rahma" not in [u.username for u in list_users(w.db, w.admin)]
    demo = add_user(w.db, w.admin, username="pejabat", password="pejabat-demo",
                    role="pejabat", display_name="Hendra Gunawan (Ketua KI)", demo=True)
    assert demo.demo
    assert log_in(w.db, "pejabat", "pejabat-demo", HOME, policy=POLICY).actor.username == \
        "pejabat"
    # A demo account that gets a real password is a real account from then on.
    reset_password(w.db, w.admin, "pejabat", NEW_PASSWORD)
    assert not next(u.demo for u in list_users(w.db, w.admin) if u.username == "pejabat")


def test_a_disabled_account_cannot_change_its_password(w: World):
    here = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY)
    set_active(w.db, w.admin, "rina", False)
    with pytest.raises(NotFound):
        change_own_password(w.db, here.actor, here.cookie, PASSWORD, NEW_PASSWORD, HOME)


# -- the session secret -----------------------------------------------------------------------


def test_the_session_secret_is_made_once_and_shared(w: World, monkeypatch):
    cookie = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    with w.db.read() as session:
        [(key, secret)] = session.execute(select(Setting.key, Setting.value)).all()
    assert key == "session_secret"
    assert len(secret) >= 32
    monkeypatch.setattr(sessions, "_SECRETS", {})  # another app instance
    other = Database(w.db.url)
    try:
        assert secret_of(other) == secret
        assert resume(other, cookie, HOME, policy=SESSION).username == "rina"
        with other.read() as session:
            assert session.scalar(select(func.count()).select_from(Setting)) == 1
    finally:
        other.dispose()


def test_a_configured_secret_replaces_the_one_in_the_database(w: World, monkeypatch):
    before = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    monkeypatch.setenv("MONEV_SECRET_KEY", "k" * 48)
    assert ended(w.db, before).reason == "invalid"
    after = log_in(w.db, "rina", PASSWORD, HOME, policy=POLICY).cookie
    assert resume(w.db, after, HOME, policy=SESSION).username == "rina"
    monkeypatch.setenv("MONEV_SECRET_KEY", "z" * 48)  # the key changed: sessions end
    assert ended(w.db, after).reason == "invalid"
    monkeypatch.delenv("MONEV_SECRET_KEY")
    assert ended(w.db, after).reason == "invalid"
    assert resume(w.db, before, HOME, policy=SESSION).username == "rina"


# -- admin functions --------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["rina", "agus", "hendra"])
def test_only_the_admin_reads_login_events_and_unlocks(w: World, username: str):
    for _ in range(5):
        refused(w.db, "tidak.ada", WRONG)
    actor = log_in(w.db, username, PASSWORD, OFFICE, policy=POLICY).actor
    before = events(w.db)
    with pytest.raises(PermissionDenied):
        login_events(w.db, actor)
    with pytest.raises(PermissionDenied):
        held_logins(w.db, actor, policy=POLICY)
    with pytest.raises(PermissionDenied):
        unlock(w.db, actor, "tidak.ada")
    with pytest.raises(PermissionDenied):
        unlock(w.db, actor, HOME.address, what="address")
    assert events(w.db) == before
    assert refused(w.db, "tidak.ada", WRONG).held_until is not None  # still held


def test_an_admin_who_lost_the_role_can_no_longer_unlock(w: World):
    other_admin = add_user(w.db, w.admin, username="dewi", password=PASSWORD, role="admin",
                           display_name="Dewi")
    assert other_admin.role is Role.ADMIN
    dewi = log_in(w.db, "dewi", PASSWORD, HOME, policy=POLICY).actor
    set_role(w.db, w.admin, "dewi", "pejabat")
    with pytest.raises(PermissionDenied):
        unlock(w.db, dewi, "rina")


# -- migration 0003 ---------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database migrated only to revision 0002 (as every database was before 0003)."""
    url = (f"sqlite:///{tmp_path / 'old.db'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    database = database_at(url, "0002")
    yield database
    database.dispose()


def test_migration_0003_marks_exactly_the_demo_accounts(old_db: Database, monkeypatch):
    made = datetime(2025, 3, 1, tzinfo=UTC)
    accounts = [  # (username, display name, password, role)
        ("admin", "Admin KI Sukamaju", "admin-demo", "admin"),
        ("koordinator", "Rina Marlina (PPID Diskominfo)", "koordinator-demo", "koordinator"),
        ("evaluator", "Agus Setiawan (Verifikator)", "evaluator-demo", "evaluator"),
        # A real account named like a demo one, and one named like the demo's admin.
        ("pejabat", "Drs. Hendra Wijaya", PASSWORD, "pejabat"),
        ("ki.admin", "Admin KI Sukamaju", PASSWORD, "admin"),
    ]
    with old_db.engine.begin() as connection:
        for n, (username, name, password, role) in enumerate(accounts, start=1):
            connection.execute(text(
                "INSERT INTO users (id, username, display_name, role, password_hash, active, "
                "ki, created_at, version) VALUES (:id, :u, :n, :r, :h, true, '', :at, 1)"),
                {"id": n, "u": username, "n": name, "r": role,
                 "h": passwords.hash_password(password), "at": made})
        if old_db.dialect == "postgresql":
            connection.execute(text("SELECT setval('users_id_seq', 5)"))

    old_db.migrate()

    with old_db.read() as session:
        flags = dict(session.execute(select(User.username, User.demo)).all())
        assert flags == {"admin": True, "koordinator": True, "evaluator": True,
                         "pejabat": False, "ki.admin": False}
        assert session.scalar(select(func.count()).select_from(LoginEvent)) == 0
    # The marked accounts stop logging in when demo accounts are off; the others do not.
    monkeypatch.setenv("MONEV_DEMO_ACCOUNTS", "0")
    assert refused(old_db, "admin", "admin-demo").message == FAILED
    assert log_in(old_db, "ki.admin", PASSWORD, HOME, policy=POLICY).actor.role is Role.ADMIN
    assert log_in(old_db, "pejabat", PASSWORD, HOME, policy=POLICY).actor.username == "pejabat"


def test_the_migrated_schema_is_the_models(db: Database):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
