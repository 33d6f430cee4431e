"""Logging in and staying logged in: throttled logins, session tokens, login events.

Use cases of the login page and of every page load:

* :func:`log_in` — checks the password after slowing down repeated failures and refuses
  while the typed username (whether or not such an account exists) or the client address
  is held; every attempt, lock and session is a :class:`~storage.models.LoginEvent`. The
  message never says whether the account exists.
* :func:`resume` — the :class:`~monev.permissions.Actor` of a session cookie, read afresh
  from the database (role, active flag, scope) on every page load; raises
  :class:`SessionEnded` with the reason (idle, too old, logged out, account disabled,
  password changed).
* :func:`log_out`, :func:`change_own_password`, :func:`revoke_sessions` — end sessions.
* :func:`login_events`, :func:`held_logins`, :func:`unlock` — for the admin.

The policy (delays, thresholds, durations) is :class:`auth.settings.LoginPolicy` and
:class:`auth.settings.SessionPolicy`, both from the environment.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from auth import passwords, settings, tokens
from auth.settings import LoginPolicy, SessionPolicy
from monev.clock import WIB
from monev.errors import NotFound, ServiceError, UsageError
from monev.permissions import Action, Actor, require, to_actor
from storage.db import Database
from storage.models import LoginEvent, Setting, User, UserSession, utcnow

# Login event kinds and their labels (what the admin reads).
KINDS = {
    "login.ok": "Berhasil masuk",
    "login.failed": "Gagal masuk",
    "login.held": "Ditolak: sedang ditahan",
    "account.locked": "Nama pengguna ditahan",
    "account.unlocked": "Penahanan nama pengguna dibuka",
    "address.locked": "Alamat ditahan",
    "address.unlocked": "Penahanan alamat dibuka",
    "logout": "Keluar",
    "session.ended": "Sesi berakhir",
    "password.changed": "Kata sandi diganti pemilik akun",
    "password.reset": "Kata sandi diatur ulang admin",
}

# Why a session was revoked → what the user reads at their next click ("" = nothing).
REVOKED = {
    "logout": "",
    "disabled": "Akun Anda telah dinonaktifkan oleh admin, sehingga sesi Anda diakhiri. "
                "Hubungi admin KI bila ini keliru.",
    "password": "Kata sandi akun Anda telah diganti, sehingga sesi ini diakhiri. Silakan "
                "masuk lagi dengan kata sandi yang baru.",
    "idle": "Sesi Anda berakhir karena tidak ada aktivitas selama {minutes} menit. Silakan "
            "masuk lagi.",
    "max_age": "Sesi Anda berakhir karena sudah {hours} jam sejak Anda masuk. Silakan "
               "masuk lagi.",
    "demo": "Akun demo tidak dapat dipakai di instalasi ini. Hubungi admin KI.",
}

FAILED = "Nama pengguna atau kata sandi salah."
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often


class LoginRefused(ServiceError):
    """The login was refused (wrong credentials or held); ``held_until`` when held."""

    def __init__(self, message: str, held_until: datetime | None = None) -> None:
        super().__init__(message)
        self.held_until = held_until


class SessionEnded(ServiceError):
    """The session cookie no longer opens a session; ``message`` says why ("" = nothing
    worth telling: no cookie, a forged one, a logout)."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Client:
    """Where a request comes from, as the app sees it (both may be empty)."""

    address: str = ""
    user_agent: str = ""


@dataclass(frozen=True, slots=True)
class LoggedIn:
    """A successful login: the actor and the value of the session cookie."""

    actor: Actor
    cookie: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class LoginEventInfo:
    """One login event as Riwayat masuk lists it (times in UTC)."""

    at: datetime
    kind: str
    label: str
    username: str
    account_exists: bool
    address: str
    user_agent: str
    by: str
    detail: str


@dataclass(frozen=True, slots=True)
class Held:
    """A username or client address held after repeated failures."""

    what: str  # "account" | "address"
    key: str
    until: datetime


def login_key(username: str) -> str:
    """The username as throttling counts it (case and surrounding spaces ignored)."""
    return username.strip().lower()[:64]


# -- the session-signing secret ----------------------------------------------------------

_SECRETS: dict[str, str] = {}


def _secret(db: Database) -> str:
    configured = settings.secret_key()
    if configured:
        return configured
    if db.url in _SECRETS:
        return _SECRETS[db.url]
    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == "session_secret"))
    if value is None:
        try:
            with db.transaction() as session:
                session.add(Setting(key="session_secret", value=tokens.new_secret()))
        except IntegrityError:  # another instance wrote it first
            pass
        with db.read() as session:
            value = session.scalar(select(Setting.value)
                                   .where(Setting.key == "session_secret"))
    assert value is not None
    _SECRETS[db.url] = value
    return value


# -- throttling ---------------------------------------------------------------------------


def log_event(session: Session, kind: str, *, username: str = "", user_id: int | None = None,
              client: Client = Client(), by: Actor | None = None, detail: str = "",
              at: datetime | None = None) -> None:
    """Add a login event of `kind` (see :data:`KINDS`) to `session`'s transaction."""
    session.add(LoginEvent(kind=kind, username=username[:64], user_id=user_id,
                           address=client.address[:64], user_agent=client.user_agent[:300],
                           by_user_id=by.id if by else None, detail=detail[:300],
                           at=at or utcnow()))


def _last(session: Session, column, key: str, kinds: tuple[str, ...]) -> datetime | None:
    return session.scalar(select(func.max(LoginEvent.at)).where(
        column == key, LoginEvent.kind.in_(kinds)))


def _held_until(session: Session, column, key: str, locked: str, unlocked: str,
                policy: LoginPolicy, now: datetime) -> datetime | None:
    last_lock = _last(session, column, key, (locked,))
    if last_lock is None or last_lock + policy.lock_for <= now:
        return None
    last_unlock = _last(session, column, key, (unlocked,))
    if last_unlock is not None and last_unlock >= last_lock:
        return None
    return last_lock + policy.lock_for


def _failures(session: Session, column, key: str, resets: tuple[str, ...],
              policy: LoginPolicy, now: datetime) -> int:
    since = now - policy.window
    reset = _last(session, column, key, resets)
    if reset is not None and reset > since:
        since = reset
    return session.scalar(select(func.count()).select_from(LoginEvent).where(
        column == key, LoginEvent.kind == "login.failed", LoginEvent.at > since)) or 0


def _account_failures(session: Session, key: str, policy: LoginPolicy, now: datetime) -> int:
    return _failures(session, LoginEvent.username, key,
                     ("login.ok", "account.locked", "account.unlocked"), policy, now)


def _address_failures(session: Session, address: str, policy: LoginPolicy,
                      now: datetime) -> int:
    return _failures(session, LoginEvent.address, address,
                     ("address.locked", "address.unlocked"), policy, now)


def _held(session: Session, key: str, client: Client, policy: LoginPolicy,
          now: datetime) -> datetime | None:
    until = _held_until(session, LoginEvent.username, key, "account.locked",
                        "account.unlocked", policy, now)
    if client.address:
        by_address = _held_until(session, LoginEvent.address, client.address,
                                 "address.locked", "address.unlocked", policy, now)
        if by_address is not None and (until is None or by_address > until):
            until = by_address
    return until


def _held_message(until: datetime) -> str:
    return (f"Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah pukul "
            f"{until.astimezone(WIB):%H.%M} WIB, atau minta admin KI membuka penahanan.")


def log_in(db: Database, username: str, password: str, client: Client = Client(), *,
           policy: LoginPolicy | None = None,
           sleep: Callable[[float], object] = time.sleep) -> LoggedIn:
    """Check credentials and open a session.

    Raises :class:`LoginRefused` — with the same message whether the account does not
    exist, is disabled or the password is wrong; with the time it is held until when the
    typed username or the client address has too many recent failures. After
    ``policy.slow_after`` failures each answer is delayed (``sleep``), doubling up to 8×.
    """
    policy = policy or LoginPolicy.from_env()
    secret = _secret(db)  # before any transaction: it may have to write it (SQLite: one writer)
    key = login_key(username)
    now = utcnow()
    with db.transaction() as session:
        held = _held(session, key, client, policy, now)
        if held is not None:
            log_event(session, "login.held", username=key, client=client, at=now)
        failures = _account_failures(session, key, policy, now)
    if held is not None:
        raise LoginRefused(_held_message(held), held)
    delay = policy.delay(failures)
    if delay:
        sleep(delay)

    with db.transaction() as session:
        now = utcnow()
        user = _account(session, key)
        usable = (user is not None and user.active
                  and (not user.demo or settings.demo_accounts_allowed()))
        if user is None:
            passwords.equalise_timing()
        valid = user is not None and passwords.verify(user.password_hash, password)
        if usable and valid:
            assert user is not None
            if passwords.needs_rehash(user.password_hash):
                user.password_hash = passwords.hash_password(password)
            log_event(session, "login.ok", username=key, user_id=user.id, client=client, at=now)
            cookie, expires = _open_session(secret, session, user, client, now)
            return LoggedIn(to_actor(session, user), cookie, expires)
        detail = ("" if user is None or valid is False else
                  "akun nonaktif" if not user.active else "akun demo dimatikan")
        log_event(session, "login.failed", username=key, user_id=user.id if user else None,
               client=client, at=now, detail=detail)
        session.flush()
        locked_until = None
        if _account_failures(session, key, policy, now + timedelta(microseconds=1)) \
                >= policy.lock_after:
            locked_until = now + timedelta(microseconds=1) + policy.lock_for
            log_event(session, "account.locked", username=key,
                   user_id=user.id if user else None, client=client,
                   at=now + timedelta(microseconds=1),
                   detail=f"{policy.lock_after} kali gagal")
        if client.address and _address_failures(
                session, client.address, policy,
                now + timedelta(microseconds=1)) >= policy.address_lock_after:
            locked_until = now + timedelta(microseconds=1) + policy.lock_for
            log_event(session, "address.locked", username=key, client=client,
                   at=now + timedelta(microseconds=1),
                   detail=f"{policy.address_lock_after} kali gagal dari alamat ini")
    if locked_until is not None:
        raise LoginRefused(_held_message(locked_until), locked_until)
    raise LoginRefused(FAILED)


def _account(session: Session, key: str) -> User | None:
    """The account a typed username names: usernames are unique regardless of case (see
    :func:`monev.accounts.add_user`), so ``Rina`` typed on a phone logs ``rina`` in."""
    return session.scalar(select(User).where(func.lower(User.username) == key)
                          .order_by(User.id).limit(1))


def _open_session(secret: str, session: Session, user: User, client: Client,
                  now: datetime) -> tuple[str, datetime]:
    policy = SessionPolicy.from_env()
    token = tokens.new_token()
    expires = now + policy.max_age
    session.add(UserSession(token_hash=tokens.token_hash(token), user_id=user.id,
                            created_at=now, last_seen_at=now, expires_at=expires,
                            address=client.address[:64], user_agent=client.user_agent[:300]))
    return tokens.sign(token, secret), expires


# -- sessions -----------------------------------------------------------------------------


def _session_row(session: Session, secret: str, cookie: str,
                 policy: SessionPolicy) -> UserSession:
    token = tokens.unsign(cookie or "", secret)  # expiry: the row's expires_at
    if token is None:
        raise SessionEnded("invalid")
    row = session.scalar(select(UserSession).where(
        UserSession.token_hash == tokens.token_hash(token)))
    if row is None:
        raise SessionEnded("invalid")
    return row


def _ended(reason: str, policy: SessionPolicy) -> SessionEnded:
    message = REVOKED.get(reason, "").format(
        minutes=int(policy.idle.total_seconds() // 60),
        hours=int(policy.max_age.total_seconds() // 3600))
    return SessionEnded(reason, message)


def resume(db: Database, cookie: str, client: Client = Client(), *,
           policy: SessionPolicy | None = None) -> Actor:
    """The actor of session `cookie`, with role, name and scope read now.

    Raises :class:`SessionEnded` when the cookie is forged or unknown, the session was
    revoked (logout, account disabled, password changed), has been idle
    longer than ``policy.idle`` or is older than ``policy.max_age``, or the account is
    disabled (or a demo account where demo accounts are off).
    """
    policy = policy or SessionPolicy.from_env()
    secret = _secret(db)
    now = utcnow()
    with db.read() as session:
        row = _session_row(session, secret, cookie, policy)
        if row.revoked_at is not None:
            raise _ended(row.revoked_reason, policy)
        user = session.get(User, row.user_id)
        assert user is not None
        reason = ("disabled" if not user.active else
                  "demo" if user.demo and not settings.demo_accounts_allowed() else
                  "max_age" if now >= row.expires_at else
                  "idle" if now - row.last_seen_at > policy.idle else "")
        actor = to_actor(session, user) if not reason else None
        touch = not reason and now - row.last_seen_at > TOUCH_EVERY
        row_id = row.id
    if reason:
        with db.transaction() as session:
            _revoke(session, [row_id], reason, now, client)
        raise _ended(reason, policy)
    if touch:
        with db.transaction() as session:
            session.execute(update(UserSession).where(UserSession.id == row_id)
                            .values(last_seen_at=now))
    assert actor is not None
    return actor


def _revoke(session: Session, ids: list[int], reason: str, now: datetime,
            client: Client = Client(), by: Actor | None = None) -> int:
    rows = list(session.scalars(select(UserSession).where(
        UserSession.id.in_(ids), UserSession.revoked_at.is_(None))))
    for row in rows:
        row.revoked_at = now
        row.revoked_reason = reason
        user = session.get(User, row.user_id)
        kind = "logout" if reason == "logout" else "session.ended"
        log_event(session, kind, username=login_key(user.username) if user else "",
               user_id=row.user_id, client=client, by=by, at=now,
               detail="" if reason == "logout" else _REASON_LABELS.get(reason, reason))
    return len(rows)


_REASON_LABELS = {"disabled": "akun dinonaktifkan", "password": "kata sandi diganti",
                  "idle": "tidak aktif", "max_age": "melewati batas",
                  "demo": "akun demo dimatikan"}


def revoke_sessions(session: Session, user_id: int, reason: str, *,
                    keep_cookie_hash: str | None = None, by: Actor | None = None) -> int:
    """Revoke every open session of `user_id` (in the caller's transaction), except the one
    whose token hash is `keep_cookie_hash`. Returns how many were revoked."""
    query = select(UserSession.id).where(UserSession.user_id == user_id,
                                         UserSession.revoked_at.is_(None))
    if keep_cookie_hash:
        query = query.where(UserSession.token_hash != keep_cookie_hash)
    return _revoke(session, list(session.scalars(query)), reason, utcnow(), by=by)


def log_out(db: Database, cookie: str, client: Client = Client()) -> None:
    """End the session of `cookie` (nothing happens for an unknown or ended one)."""
    policy = SessionPolicy.from_env()
    secret = _secret(db)
    with db.transaction() as session:
        try:
            row = _session_row(session, secret, cookie, policy)
        except SessionEnded:
            return
        _revoke(session, [row.id], "logout", utcnow(), client)


def token_hash_of(db: Database, cookie: str) -> str | None:
    """The stored SHA-256 of a signed cookie's token; None when the signature is bad."""
    token = tokens.unsign(cookie or "", _secret(db))
    return tokens.token_hash(token) if token else None


def change_own_password(db: Database, actor: Actor, cookie: str, current: str,
                        new: str, client: Client = Client()) -> None:
    """Change the actor's own password; every other session of the account ends.

    Raises :class:`UsageError` when `current` is wrong or `new` breaks the rules
    (:func:`auth.passwords.check`), :class:`NotFound` when the account is gone.
    """
    if actor.id is None:
        raise UsageError("Akun sistem tidak mempunyai kata sandi.")
    keep = token_hash_of(db, cookie)
    with db.transaction() as session:
        user = session.get(User, actor.id)
        if user is None or not user.active:
            raise NotFound("Akun Anda tidak ditemukan atau telah dinonaktifkan.")
        if not passwords.verify(user.password_hash, current):
            raise UsageError("Kata sandi saat ini salah.")
        if new == current:
            raise UsageError("Kata sandi baru sama dengan yang lama.")
        try:
            passwords.check(new, personal=(user.username, user.display_name))
        except passwords.PasswordRejected as error:
            raise UsageError(error.message) from None
        user.password_hash = passwords.hash_password(new)
        user.password_changed_at = utcnow()
        user.demo = False
        user.version += 1
        log_event(session, "password.changed", username=login_key(user.username),
               user_id=user.id, client=client)
        revoke_sessions(session, user.id, "password",
                        keep_cookie_hash=keep)


# -- for the admin ------------------------------------------------------------------------


def login_events(db: Database, actor: Actor, *, username: str = "", kinds: tuple[str, ...] = (),
                 limit: int = 500) -> list[LoginEventInfo]:
    """The newest login events (newest first), optionally of one typed username/kinds."""
    with db.read() as session:
        require(session, actor, Action.MANAGE_USERS)
        query = select(LoginEvent).order_by(LoginEvent.at.desc(), LoginEvent.id.desc())
        if username.strip():
            query = query.where(LoginEvent.username == login_key(username))
        if kinds:
            query = query.where(LoginEvent.kind.in_(kinds))
        rows = list(session.scalars(query.limit(limit)))
        names = {uid: name for uid, name in session.execute(select(User.id, User.username))}
        by_system = {"account.unlocked", "address.unlocked", "password.reset"}
        return [LoginEventInfo(r.at, r.kind, KINDS.get(r.kind, r.kind), r.username,
                               r.user_id is not None, r.address, r.user_agent,
                               names.get(r.by_user_id, "") if r.by_user_id
                               else "sistem" if r.kind in by_system else "", r.detail)
                for r in rows]


def held_logins(db: Database, actor: Actor, *,
                policy: LoginPolicy | None = None) -> list[Held]:
    """Usernames and addresses held right now, soonest release first."""
    policy = policy or LoginPolicy.from_env()
    now = utcnow()
    held: list[Held] = []
    with db.read() as session:
        require(session, actor, Action.MANAGE_USERS)
        since = now - policy.lock_for
        for what, column, locked, unlocked in (
                ("account", LoginEvent.username, "account.locked", "account.unlocked"),
                ("address", LoginEvent.address, "address.locked", "address.unlocked")):
            keys = set(session.scalars(select(column).where(
                LoginEvent.kind == locked, LoginEvent.at > since)))
            for key in sorted(keys):
                until = _held_until(session, column, key, locked, unlocked, policy, now)
                if until is not None:
                    held.append(Held(what, key, until))
    return sorted(held, key=lambda h: h.until)


def unlock(db: Database, actor: Actor, key: str, *, what: str = "account",
           reason: str = "", policy: LoginPolicy | None = None) -> None:
    """Release a held username (``what="account"``) or client address before its time.

    Raises :class:`NotFound` when it is not held (nothing is recorded)."""
    if what not in {"account", "address"}:
        raise UsageError("Pilih 'account' atau 'address'.")
    policy = policy or LoginPolicy.from_env()
    with db.transaction() as session:
        require(session, actor, Action.MANAGE_USERS)
        column, locked, unlocked, label = (
            (LoginEvent.username, "account.locked", "account.unlocked", "Nama pengguna")
            if what == "account" else
            (LoginEvent.address, "address.locked", "address.unlocked", "Alamat"))
        held_key = login_key(key) if what == "account" else key.strip()
        if _held_until(session, column, held_key, locked, unlocked, policy, utcnow()) is None:
            raise NotFound(f"{label} '{key.strip()}' tidak sedang ditahan.")
        if what == "account":
            key = login_key(key)
            user_id = session.scalar(select(User.id).where(func.lower(User.username) == key))
            log_event(session, "account.unlocked", username=key, user_id=user_id, by=actor,
                   detail=reason)
        else:
            log_event(session, "address.unlocked", client=Client(address=key), by=actor,
                   detail=reason)
