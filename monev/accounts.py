"""User accounts: create, list, disable, change roles, reset passwords, scopes.

Passwords follow :mod:`auth.passwords` (argon2id; at least 10 characters, not a demo
password, not easy to guess); only demo accounts (``demo=True``, made by
``python -m monev demo``) keep their well-known passwords. A disabled account cannot log
in and its open sessions end; it is never deleted, so the trail of who changed what keeps
its names. Logging in and sessions are :mod:`monev.sessions`.

A **badan publik** account (role ``badan_publik``, the PPID of one body) is made for
exactly one badan publik (its scope): by an admin (:func:`add_user` with that one body) or
by a koordinator PPID for a body in their scope (:func:`add_body_account`);
:func:`body_accounts` lists them.

An account's own **e-mail address** (table ``user_emails``: where its notifications and
password links go) is set by an admin with the account (:func:`add_user`) or later
(:func:`set_email`), audited, with the one rule for typed addresses
(:func:`monev.contacts.email_address`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth import passwords
from monev.audit import record
from monev.contacts import email_address
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, Role, require, scope_ids, to_actor
from monev.sessions import LoginRefused, log_event, log_in, login_key, revoke_sessions
from storage.db import Database
from storage.models import BadanPublik, LoginEvent, User, UserEmail, UserScope, utcnow


@dataclass(frozen=True, slots=True)
class UserInfo:
    """An account as the admin page lists it (never its password hash)."""

    username: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime
    scope: tuple[str, ...]  # names of the badan publik in a koordinator's scope
    demo: bool = False  # a demo account (well-known password)
    last_login: datetime | None = None
    email: str = ""  # the account's own address ("" none; a PPID is then reached at its body's)
    has_password: bool = True  # False: invited, its owner has not made the first one yet


def hash_password(password: str, *, personal: Iterable[str] = (), demo: bool = False) -> str:
    """The hash of a password that passes :func:`auth.passwords.check` (any non-empty
    password for a demo account); raises :class:`UsageError` saying which rule failed."""
    if demo:
        if not password:
            raise UsageError("Kata sandi wajib diisi.")
    else:
        try:
            passwords.check(password, personal=personal)
        except passwords.PasswordRejected as error:
            raise UsageError(error.message) from None
    return passwords.hash_password(password)


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        if not value.strip():
            labels = ", ".join(r.label for r in Role)
            raise UsageError(f"Peran akun wajib dipilih ({labels}); tidak ada yang "
                             f"disimpan.") from None
        raise UsageError(f"Peran '{value}' tidak dikenal. Pilih salah satu: {known}.") from None


def _get(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
    return user


def _info(session: Session, user: User) -> UserInfo:
    names = session.scalars(select(BadanPublik.name).join(
        UserScope, UserScope.badan_publik_id == BadanPublik.id).where(
        UserScope.user_id == user.id).order_by(BadanPublik.name))
    last = session.scalar(select(LoginEvent.at).where(
        LoginEvent.user_id == user.id, LoginEvent.kind == "login.ok")
        .order_by(LoginEvent.at.desc()).limit(1))
    email = session.scalar(select(UserEmail.email).where(UserEmail.user_id == user.id))
    return UserInfo(user.username, user.display_name, Role(user.role), user.active,
                    user.created_at, tuple(names), user.demo, last, email or "",
                    not passwords.is_unusable(user.password_hash))


def add_user(db: Database, actor: Actor, *, username: str, password: str | None, role: str,
             display_name: str = "", scope: Iterable[int] = (), demo: bool = False,
             email: str = "") -> UserInfo:
    """Create an account. `demo`: a demo account (its password is not checked against the
    rules; it cannot log in when demo accounts are off, see :mod:`auth.settings`). A
    koordinator PPID may have a `scope`; a badan publik account must have exactly one body
    in it. `email`: the account's own address ("" none); one that is not an address is
    refused (:class:`UsageError`) before anything is stored. `password` None: an account
    without a password (no password opens it) whose owner sets the first one by the link
    of an invitation (:func:`notifications.passwords.add_invited`)."""
    return _add(db, actor, Action.MANAGE_USERS, (), username=username, password=password,
                role=role, display_name=display_name, scope=scope, demo=demo, email=email)


def add_body_account(db: Database, actor: Actor, *, body_id: int, username: str,
                     password: str, display_name: str = "") -> UserInfo:
    """Create the account of the PPID of badan publik `body_id` (role ``badan_publik``):
    it fills that body's questionnaire online, sees its verified answers, appeals and
    downloads its report card, and nothing of other bodies. A koordinator PPID may do it
    for the badan publik in their scope, an admin for any. The display name defaults to
    ``PPID <body name>``. Raises :class:`UsageError` (username taken or invalid, password
    refused), :class:`NotFound`, :class:`PermissionDenied`."""
    if not display_name.strip():
        with db.read() as session:
            require(session, actor, Action.MANAGE_BODY_ACCOUNTS, bodies=[body_id])
            body = session.get(BadanPublik, body_id)
            if body is None:
                raise NotFound(f"Badan publik tidak ditemukan: id {body_id}.")
            display_name = f"PPID {body.name}"
    return _add(db, actor, Action.MANAGE_BODY_ACCOUNTS, (body_id,), username=username,
                password=password, role=Role.BODY.value, display_name=display_name,
                scope=(body_id,), demo=False)


def body_accounts(db: Database, actor: Actor) -> list[UserInfo]:
    """The badan publik accounts of the bodies `actor` may make accounts for (a
    koordinator: their scope), by body name then username. Raises
    :class:`PermissionDenied`."""
    with db.read() as session:
        actor = require(session, actor, Action.MANAGE_BODY_ACCOUNTS)
        query = (select(User).join(UserScope, UserScope.user_id == User.id)
                 .join(BadanPublik, BadanPublik.id == UserScope.badan_publik_id)
                 .where(User.role == Role.BODY.value)
                 .order_by(BadanPublik.name, User.username))
        if actor.scope is not None:
            query = query.where(UserScope.badan_publik_id.in_(actor.scope))
        return [_info(session, u) for u in session.scalars(query)]


def _add(db: Database, actor: Actor, action: Action, bodies: Iterable[int], *, username: str,
         password: str | None, role: str, display_name: str, scope: Iterable[int],
         demo: bool, email: str = "") -> UserInfo:
    """Create an account, the right being `action` (for `bodies`)."""
    bodies = tuple(bodies)
    email = email_address(email)
    require(db, actor, action, bodies=bodies)
    username = username.strip()
    if not username or any(ch.isspace() for ch in username):
        raise UsageError("Nama pengguna wajib diisi dan tidak boleh berisi spasi.")
    if len(username) > 64:
        raise UsageError("Nama pengguna terlalu panjang: maksimal 64 karakter.")
    role_ = _role(role)
    if password is None and demo:
        raise UsageError("Akun demo memerlukan kata sandi.")
    password_hash = (passwords.unusable_hash("invited") if password is None else
                     hash_password(password, personal=(username, display_name), demo=demo))
    with db.transaction() as session:
        require(session, actor, action, bodies=bodies)
        taken = session.scalar(select(User.username).where(
            func.lower(User.username) == username.lower()))
        if taken is not None:
            raise UsageError(f"Nama pengguna '{taken}' sudah dipakai.")
        user = User(username=username, display_name=display_name.strip() or username,
                    role=role_.value, password_hash=password_hash, active=True, demo=demo,
                    password_changed_at=utcnow())
        session.add(user)
        session.flush()
        _set_scope(session, user, scope)
        record(session, actor, "user.add", entity="user", entity_id=username,
               new={"role": role_.value, "display_name": user.display_name})
        if email:
            write_email(session, actor, user, email)
        return _info(session, user)


def write_email(session: Session, actor: Actor, user: User, email: str) -> None:
    """Store `user`'s own address `email` (already checked by
    :func:`monev.contacts.email_address`; "" removes it) in `session`, audited
    (``user.email``, old and new) when it changes. The one writer of ``user_emails``."""
    row = session.get(UserEmail, user.id)
    old = row.email if row is not None else ""
    if old == email:
        return
    record(session, actor, "user.email", entity="user", entity_id=user.username,
           old=old, new=email)
    if not email:
        session.delete(row)
    elif row is None:
        session.add(UserEmail(user_id=user.id, email=email, updated_at=utcnow()))
    else:
        row.email, row.updated_at = email, utcnow()
    session.flush()


def set_email(db: Database, actor: Actor, username: str, email: str) -> UserInfo:
    """Set (or with "" remove) an account's own e-mail address — where its notifications
    and password links go — as an admin, audited (``user.email``, old and new). Raises
    :class:`UsageError` for text that is not one address (nothing is changed),
    :class:`NotFound`, :class:`PermissionDenied`."""
    email = email_address(email)
    with db.transaction() as session:
        require(session, actor, Action.MANAGE_USERS)
        user = _get(session, username)
        write_email(session, actor, user, email)
        return _info(session, user)


def _set_scope(session: Session, user: User, scope: Iterable[int]) -> None:
    wanted = set(scope)
    role = Role(user.role)
    if role is Role.BODY and len(wanted) != 1:
        raise UsageError(f"Akun badan publik ({user.username}) adalah akun PPID tepat satu "
                         f"badan publik: pilih satu badan publik untuknya"
                         f"{'' if not wanted else f', bukan {len(wanted)}'}.")
    if wanted and role not in (Role.COORDINATOR, Role.BODY):
        raise UsageError("Cakupan badan publik hanya berlaku untuk koordinator PPID dan akun "
                         "badan publik.")
    known = set(session.scalars(select(BadanPublik.id).where(BadanPublik.id.in_(wanted))))
    if wanted - known:
        raise NotFound(f"Badan publik tidak ditemukan: id {sorted(wanted - known)}.")
    current = scope_ids(session, user)
    for bp_id in current - wanted:
        session.delete(session.get(UserScope, (user.id, bp_id)))
    for bp_id in wanted - current:
        session.add(UserScope(user_id=user.id, badan_publik_id=bp_id))


def set_scope(db: Database, actor: Actor, username: str, scope: Iterable[int]) -> UserInfo:
    """Set the badan publik a koordinator PPID may act for (effective at their next click)."""
    with db.transaction() as session:
        require(session, actor, Action.MANAGE_USERS)
        user = _get(session, username)
        old = sorted(scope_ids(session, user))
        _set_scope(session, user, scope)
        session.flush()
        record(session, actor, "user.scope", entity="user", entity_id=username, old=old,
               new=sorted(scope_ids(session, user)))
        return _info(session, user)


def list_users(db: Database, actor: Actor) -> list[UserInfo]:
    """Every account, by username (admins only: :class:`PermissionDenied`)."""
    with db.read() as session:
        require(session, actor, Action.MANAGE_USERS)
        return [_info(session, u) for u in session.scalars(select(User).order_by(User.username))]


def set_active(db: Database, actor: Actor, username: str, active: bool,
               reason: str = "") -> UserInfo:
    """Enable or disable an account. Disabling ends its open sessions at once (the user's
    next click shows why); the account and its trail stay."""
    with db.transaction() as session:
        require(session, actor, Action.MANAGE_USERS)
        if not active and actor.username == username:
            raise UsageError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        user = _get(session, username)
        if user.active != active:
            record(session, actor, "user.enable" if active else "user.disable", entity="user",
                   entity_id=username, old=user.active, new=active, reason=reason)
            user.active = active
            user.version += 1
        if not active:
            revoke_sessions(session, user.id, "disabled", by=actor)
        return _info(session, user)


def set_role(db: Database, actor: Actor, username: str, role: str,
             reason: str = "") -> UserInfo:
    """Change an account's role (effective at that user's next click). A koordinator
    PPID's scope is cleared when they get another role; an account becomes a badan publik
    account only when its scope holds exactly one body (else :class:`UsageError`: make a
    new account for the body instead)."""
    role_ = _role(role)
    with db.transaction() as session:
        require(session, actor, Action.MANAGE_USERS)
        if actor.username == username:
            raise UsageError("Anda tidak dapat mengubah peran akun Anda sendiri.")
        user = _get(session, username)
        if user.role != role_.value:
            record(session, actor, "user.role", entity="user", entity_id=username,
                   old=user.role, new=role_.value, reason=reason)
            if role_ is Role.BODY:
                if len(scope_ids(session, user)) != 1:
                    raise UsageError(
                        f"Akun '{username}' tidak terhubung ke tepat satu badan publik, "
                        f"sehingga tidak dapat menjadi akun badan publik. Buat akun baru "
                        f"untuk PPID badan publik itu (Koordinator PPID › Badan publik, atau "
                        f"'python -m monev users add … --role badan_publik --body ID').")
            elif role_ is not Role.COORDINATOR:
                _set_scope(session, user, ())
            user.role = role_.value
            user.version += 1
        return _info(session, user)


def reset_password(db: Database, actor: Actor, username: str, password: str) -> None:
    """Set a new password for an account (admin); its open sessions end."""
    with db.transaction() as session:
        require(session, actor, Action.MANAGE_USERS)
        user = _get(session, username)
        user.password_hash = hash_password(password,
                                           personal=(user.username, user.display_name))
        user.password_changed_at = utcnow()
        user.demo = False
        user.version += 1
        record(session, actor, "user.password", entity="user", entity_id=username)
        log_event(session, "password.reset", username=login_key(user.username),
                           user_id=user.id, by=actor)
        revoke_sessions(session, user.id, "password", by=actor)


def authenticate(db: Database, username: str, password: str) -> Actor | None:
    """The actor for valid, active credentials; None otherwise (never says which part).

    A login like any other (:func:`monev.sessions.log_in`: throttled and recorded, it
    opens a session); for scripts and tests that only need the actor.
    """
    try:
        return log_in(db, username, password).actor
    except LoginRefused:
        return None


def actor_for(db: Database, username: str) -> Actor:
    """The actor of an existing, active account (for the CLI's ``--as``; every service
    reads the account again with each action)."""
    with db.read() as session:
        user = _get(session, username)
        if not user.active:
            raise UsageError(f"Akun '{username}' dinonaktifkan.")
        return to_actor(session, user)
