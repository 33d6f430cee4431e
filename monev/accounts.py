"""User accounts: create, list, disable, reset passwords, scopes, and logging in.

Passwords are hashed with argon2 (argon2-cffi); a disabled account cannot log in but is
never deleted, so the trail of who changed what keeps its names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.audit import record
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, Role, require
from storage.db import Database
from storage.models import BadanPublik, User, UserScope

_hasher = PasswordHasher()
MIN_PASSWORD = 8


@dataclass(frozen=True, slots=True)
class UserInfo:
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime
    scope: tuple[str, ...]  # names of the badan publik in a koordinator's scope


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"Kata sandi terlalu pendek: minimal {MIN_PASSWORD} karakter.")
    return _hasher.hash(password)


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise UsageError(f"Peran '{value}' tidak dikenal. Pilih salah satu: {known}.") from None


def _get(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
    return user


def _scope_ids(session: Session, user: User) -> frozenset[int]:
    return frozenset(session.scalars(select(UserScope.badan_publik_id)
                                     .where(UserScope.user_id == user.id)))


def to_actor(session: Session, user: User) -> Actor:
    role = Role(user.role)
    scope = _scope_ids(session, user) if role is Role.COORDINATOR else None
    return Actor(id=user.id, username=user.username, role=role,
                 display_name=user.display_name, scope=scope)


def _info(session: Session, user: User) -> UserInfo:
    names = session.scalars(select(BadanPublik.name).join(
        UserScope, UserScope.badan_publik_id == BadanPublik.id).where(
        UserScope.user_id == user.id).order_by(BadanPublik.name))
    return UserInfo(user.username, user.display_name, Role(user.role), user.active,
                    user.created_at, tuple(names))


def has_users(db: Database) -> bool:
    with db.read() as session:
        return session.scalar(select(User.id).limit(1)) is not None


def add_user(db: Database, actor: Actor, *, username: str, password: str, role: str,
             display_name: str = "", scope: Iterable[int] = ()) -> UserInfo:
    require(actor, Action.MANAGE_USERS)
    username = username.strip()
    if not username or any(ch.isspace() for ch in username):
        raise UsageError("Nama pengguna wajib diisi dan tidak boleh berisi spasi.")
    role_ = _role(role)
    password_hash = hash_password(password)
    with db.transaction() as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise UsageError(f"Nama pengguna '{username}' sudah dipakai.")
        user = User(username=username, display_name=display_name.strip() or username,
                    role=role_.value, password_hash=password_hash, active=True)
        session.add(user)
        session.flush()
        _set_scope(session, user, scope)
        record(session, actor, "user.add", entity="user", entity_id=username,
               new={"role": role_.value, "display_name": user.display_name})
        return _info(session, user)


def _set_scope(session: Session, user: User, scope: Iterable[int]) -> None:
    wanted = set(scope)
    if wanted and Role(user.role) is not Role.COORDINATOR:
        raise UsageError("Cakupan badan publik hanya berlaku untuk koordinator PPID.")
    known = set(session.scalars(select(BadanPublik.id).where(BadanPublik.id.in_(wanted))))
    if wanted - known:
        raise NotFound(f"Badan publik tidak ditemukan: id {sorted(wanted - known)}.")
    current = _scope_ids(session, user)
    for bp_id in current - wanted:
        session.delete(session.get(UserScope, (user.id, bp_id)))
    for bp_id in wanted - current:
        session.add(UserScope(user_id=user.id, badan_publik_id=bp_id))


def set_scope(db: Database, actor: Actor, username: str, scope: Iterable[int]) -> UserInfo:
    require(actor, Action.MANAGE_USERS)
    with db.transaction() as session:
        user = _get(session, username)
        old = sorted(_scope_ids(session, user))
        _set_scope(session, user, scope)
        session.flush()
        record(session, actor, "user.scope", entity="user", entity_id=username, old=old,
               new=sorted(_scope_ids(session, user)))
        return _info(session, user)


def list_users(db: Database, actor: Actor) -> list[UserInfo]:
    require(actor, Action.MANAGE_USERS)
    with db.read() as session:
        return [_info(session, u) for u in session.scalars(select(User).order_by(User.username))]


def set_active(db: Database, actor: Actor, username: str, active: bool,
               reason: str = "") -> UserInfo:
    require(actor, Action.MANAGE_USERS)
    if not active and actor.username == username:
        raise UsageError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    with db.transaction() as session:
        user = _get(session, username)
        if user.active != active:
            record(session, actor, "user.enable" if active else "user.disable", entity="user",
                   entity_id=username, old=user.active, new=active, reason=reason)
            user.active = active
            user.version += 1
        return _info(session, user)


def reset_password(db: Database, actor: Actor, username: str, password: str) -> None:
    require(actor, Action.MANAGE_USERS)
    password_hash = hash_password(password)
    with db.transaction() as session:
        user = _get(session, username)
        user.password_hash = password_hash
        user.version += 1
        record(session, actor, "user.password", entity="user", entity_id=username)


def authenticate(db: Database, username: str, password: str) -> Actor | None:
    """The actor for valid, active credentials; None otherwise (never says which part)."""
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.username == username.strip()))
        if user is None or not user.active:
            _hasher.hash("timing-equaliser")  # same cost whether or not the user exists
            return None
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return to_actor(session, user)


def actor_for(db: Database, username: str) -> Actor:
    """The actor of an existing, active account (for the CLI's ``--as``)."""
    with db.read() as session:
        user = _get(session, username)
        if not user.active:
            raise UsageError(f"Akun '{username}' dinonaktifkan.")
        return to_actor(session, user)
