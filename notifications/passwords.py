"""Password links by e-mail: a forgotten password, and a new account's first password.

:func:`request_reset` takes what a person typed (a username or an e-mail address) and, when
it names active accounts with an address (the account's own, else — for a PPID account —
its badan publik's), queues an e-mail per account with a link holding a random token. The
answer is the same whether or not anything was found: the page never tells whether an
address exists. Demo accounts get no link: a value that names demo accounts only is
refused saying so (their passwords are public, in the README). Requests are throttled per
typed value and per client address (:data:`PER_KEY`, :data:`PER_ADDRESS` per
:data:`WINDOW`), alike for addresses that exist and addresses that do not, and per account
whatever named it (username, own address, the body's address): an account that had
:data:`PER_KEY` links in the window gets no more, answered as ever (so the answer tells
nothing about which values name the same account). A new link makes the account's older
unused links invalid: only the newest opens.

:func:`invite` (an admin, or a koordinator PPID for a PPID account of their scope) sends an
account the same kind of link to set its password (valid longer): a new account's first
password (the ``welcome`` e-mail), or — for an account that has already logged in or
changed its password — its password (worded so: ``akun_lama``). Demo accounts are refused, as by
:func:`request_reset` (:data:`DEMO_INVITE_REFUSED`).

Only the SHA-256 of a token is stored (``password_reset_requests``); a link opens once
(:func:`set_password`: the password is changed, the link used, every other link of the
account cancelled and its sessions ended) and not after it expires. The stored copy of the
e-mail loses the link as soon as it is sent (:mod:`notifications.sender`). Passwords are
checked and hashed as every account's (:func:`monev.accounts.hash_password`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update

from monev.accounts import UserInfo, add_user, hash_password, write_email
from monev.audit import record
from monev.contacts import email_address
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, Role, require, scope_ids
from monev.sessions import Client, log_event, login_key, revoke_sessions
from notifications import settings
from notifications.events import queue_mail
from notifications.templates import render
from storage.db import Database
from storage.models import (
    BadanPublik,
    LoginEvent,
    PasswordResetRequest,
    User,
    UserEmail,
    UserScope,
    utcnow,
)

RESET_VALID = timedelta(minutes=60)
WELCOME_VALID = timedelta(hours=72)
WINDOW = timedelta(hours=1)
PER_KEY = 3
PER_ADDRESS = 10
RESET_PATH = "reset_password"
NO_CLIENT = Client()

SENT = ("Bila nama pengguna atau alamat itu terdaftar, tautan untuk membuat kata sandi baru "
        "telah dikirim ke alamat e-mail akun tersebut. Periksa kotak masuk (dan folder spam); "
        "tautan berlaku {minutes} menit dan hanya dapat dipakai sekali.")
DEMO_REFUSED = ("Akun {names} adalah akun demo: akun demo tidak menerima tautan kata sandi "
                "lewat e-mail. Kata sandinya tercantum di README (tabel akun demo); admin KI "
                "dapat menggantinya di Admin › Pengguna.")
DEMO_INVITE_REFUSED = ("Akun {name} adalah akun demo: akun demo tidak menerima undangan "
                       "atau tautan kata sandi lewat e-mail. Kata sandinya tercantum di "
                       "README (tabel akun demo); ganti kata sandinya di Admin › Pengguna, "
                       "atau buat akun baru untuk orang yang diundang.")


@dataclass(frozen=True, slots=True)
class LinkInfo:
    """What a valid link is for (shown on the page before the new password is typed)."""

    username: str
    display_name: str
    purpose: str  # "reset" | "welcome"
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _address_of(session, user: User) -> str:
    own = session.scalar(select(UserEmail.email).where(UserEmail.user_id == user.id))
    if own and own.strip():
        return own.strip()
    if user.role == Role.BODY.value:
        body = session.scalar(select(BadanPublik.email).join(
            UserScope, UserScope.badan_publik_id == BadanPublik.id).where(
            UserScope.user_id == user.id))
        return (body or "").strip()
    return ""


def _named(session, key: str) -> list[User]:
    """Active accounts the typed value names: a username, the account's own address, or
    the address of the badan publik of a PPID account."""
    by_body = select(UserScope.user_id).join(
        BadanPublik, BadanPublik.id == UserScope.badan_publik_id).where(
        func.lower(BadanPublik.email) == key)
    by_own = select(UserEmail.user_id).where(func.lower(UserEmail.email) == key)
    return list(session.scalars(select(User).where(
        User.active.is_(True),
        or_(func.lower(User.username) == key, User.id.in_(by_own),
            (User.role == Role.BODY.value) & User.id.in_(by_body))).order_by(User.id)))


def _accounts_for(session, key: str) -> list[User]:
    """Active, non-demo accounts the typed value names (:func:`_named`) that have an
    address."""
    return [u for u in _named(session, key) if not u.demo and _address_of(session, u)]


def _refuse_demo(session, key: str) -> None:
    """A demo account gets no link (its password is public, README): said so when the typed
    value names demo accounts only — demo accounts are public knowledge, so this tells
    nothing about the real ones."""
    named = _named(session, key)
    demo = [u.username for u in named if u.demo]
    if demo and len(demo) == len(named):
        raise UsageError(DEMO_REFUSED.format(names=", ".join(demo)))


def _ki(session) -> str:
    from storage.models import Cycle

    return session.scalar(select(Cycle.ki).order_by(Cycle.id.desc()).limit(1)) or "Komisi " \
        "Informasi"


def _in_use(session, user: User) -> bool:
    """Whether `user` has been used: logged in or changed its password (an invitation then
    sets its password, it does not create it)."""
    return session.scalar(select(LoginEvent.id).where(
        LoginEvent.user_id == user.id,
        LoginEvent.kind.in_(("login.ok", "password.changed"))).limit(1)) is not None


def _issue(session, user: User, purpose: str, key: str, address: str,
           now: datetime) -> None:
    session.execute(update(PasswordResetRequest).where(  # only the newest link opens
        PasswordResetRequest.user_id == user.id, PasswordResetRequest.used_at.is_(None))
        .values(used_at=now))
    token = secrets.token_urlsafe(32)
    valid = WELCOME_VALID if purpose == "welcome" else RESET_VALID
    session.add(PasswordResetRequest(key=key, address=address[:64], user_id=user.id,
                                     purpose=purpose, token_hash=_hash(token),
                                     requested_at=now, expires_at=now + valid))
    shown = (f"{int(valid.total_seconds() // 3600)} jam" if valid >= timedelta(hours=2)
             else f"{int(valid.total_seconds() // 60)} menit")
    rendered = render(session, "password_reset" if purpose == "reset" else "welcome", {
        "nama": user.display_name or user.username, "nama_pengguna": user.username,
        "tautan": settings.link(RESET_PATH, token=token), "berlaku": shown,
        "ki": _ki(session), "akun_lama": purpose == "welcome" and _in_use(session, user)})
    queue_mail(session, event="password_reset" if purpose == "reset" else "welcome",
               to=_address_of(session, user), subject=rendered.subject, body=rendered.body,
               user_id=user.id)


NO_MAIL_FOR_USER = ("Pengiriman e-mail belum diatur di instalasi ini, sehingga tautan "
                    "kata sandi tidak dapat dikirim. Minta admin KI mengatur ulang kata "
                    "sandi Anda.")
NO_MAIL_FOR_ADMIN = ("Pengiriman e-mail belum diatur (MONEV_SMTP_URL kosong), sehingga "
                     "undangan tidak dapat dikirim. Isi kata sandi akun ini sendiri dan "
                     "sampaikan kepada pemiliknya secara pribadi, atau atur pengiriman "
                     "e-mail dahulu.")


def _mail_ready(refusal: str = NO_MAIL_FOR_USER) -> None:
    if settings.smtp() is None:
        raise UsageError(refusal)


def request_reset(db: Database, typed: str, client: Client = NO_CLIENT, *,
                  now: datetime | None = None) -> str:
    """Queue a password link for the accounts `typed` names (module docstring); returns
    the message to show, the same whatever was found. Raises :class:`UsageError` when
    nothing was typed, e-mail is not configured, the value names demo accounts only
    (:data:`DEMO_REFUSED`: they get no link), or too many requests came for this value or
    from this client (said alike for every value)."""
    key = login_key(typed) if "@" not in typed else typed.strip().lower()[:320]
    if not key:
        raise UsageError("Isi nama pengguna atau alamat e-mail akun Anda.")
    _mail_ready()
    now = now or utcnow()
    since = now - WINDOW
    with db.transaction() as session:
        _refuse_demo(session, key)
        by_key = session.scalar(select(func.count()).select_from(PasswordResetRequest).where(
            PasswordResetRequest.key == key, PasswordResetRequest.purpose == "reset",
            PasswordResetRequest.requested_at > since)) or 0
        by_address = 0
        if client.address:
            by_address = session.scalar(select(func.count()).select_from(
                PasswordResetRequest).where(
                PasswordResetRequest.address == client.address[:64],
                PasswordResetRequest.purpose == "reset",
                PasswordResetRequest.requested_at > since)) or 0
        if by_key >= PER_KEY or by_address >= PER_ADDRESS:
            raise UsageError("Terlalu banyak permintaan tautan kata sandi dalam satu jam "
                             "terakhir. Periksa kotak masuk (dan folder spam) untuk tautan "
                             "yang sudah dikirim, atau coba lagi satu jam lagi.")
        found = _accounts_for(session, key)
        if not found:  # counted for throttling all the same
            session.add(PasswordResetRequest(key=key, address=client.address[:64],
                                             purpose="reset", requested_at=now))
        for user in found:
            links = session.scalar(select(func.count()).select_from(
                PasswordResetRequest).where(
                PasswordResetRequest.user_id == user.id,
                PasswordResetRequest.purpose == "reset",
                PasswordResetRequest.requested_at > since)) or 0
            if links >= PER_KEY:  # by other values that name it: no link, answered as ever
                session.add(PasswordResetRequest(key=key, address=client.address[:64],
                                                 purpose="reset", requested_at=now))
                continue
            _issue(session, user, "reset", key, client.address, now)
    return SENT.format(minutes=int(RESET_VALID.total_seconds() // 60))


def invite(db: Database, actor: Actor, username: str, address: str = "") -> str:
    """Send account `username` a link to set its (first) password; returns the address it
    went to. With `address`, that becomes the account's own address first, in the same
    transaction (nothing is stored when the invitation is refused). An admin for any
    account; a koordinator PPID for a PPID account of a body in their scope. Raises
    :class:`UsageError` (no address, an address that is not one, e-mail not configured, a
    demo account: :data:`DEMO_INVITE_REFUSED`), :class:`NotFound`,
    :class:`PermissionDenied`."""
    typed = email_address(address)
    _mail_ready(NO_MAIL_FOR_ADMIN)
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            require(session, actor, Action.MANAGE_USERS)
            raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
        if user.role == Role.BODY.value:
            actor = require(session, actor, Action.MANAGE_BODY_ACCOUNTS,
                            bodies=scope_ids(session, user))
        else:
            actor = require(session, actor, Action.MANAGE_USERS)
        if not user.active:
            raise UsageError(f"Akun '{username}' nonaktif; aktifkan dahulu.")
        if user.demo:  # its password is public (README): no link, as request_reset
            raise UsageError(DEMO_INVITE_REFUSED.format(name=username))
        if typed:
            write_email(session, actor, user, typed)
        address = _address_of(session, user)
        if not address:
            raise UsageError(f"Akun '{username}' belum mempunyai alamat e-mail (untuk akun "
                             f"badan publik: alamat e-mail badan publiknya). Isi alamatnya "
                             f"dahulu.")
        _issue(session, user, "welcome", login_key(username), "", utcnow())
        record(session, actor, "user.invite", entity="user", entity_id=username,
               new={"to": address})
        return address


def add_invited(db: Database, actor: Actor, *, username: str, role: str, email: str,
                display_name: str = "", scope: Iterable[int] = ()) -> tuple[UserInfo, str]:
    """Create an account without a password and send its owner the invitation to set the
    first one (:func:`invite`, the ``welcome`` e-mail) at `email`; returns the account and
    the address. Checked before anything is stored: e-mail configured, an address given,
    the account's fields (:func:`monev.accounts.add_user`). Raises :class:`UsageError`,
    :class:`PermissionDenied`."""
    typed = email_address(email)
    if not typed:
        raise UsageError("Isi alamat e-mail akun: undangan untuk membuat kata sandi dikirim "
                         "ke sana. Atau isi kata sandinya sendiri.")
    _mail_ready(NO_MAIL_FOR_ADMIN)
    info = add_user(db, actor, username=username, password=None, role=role,
                    display_name=display_name, scope=scope, email=typed)
    return info, invite(db, actor, info.username)


def _row(session, token: str, *, lock: bool = False) -> PasswordResetRequest:
    query = select(PasswordResetRequest).where(PasswordResetRequest.token_hash == _hash(
        token or ""))
    row = session.scalar(query.with_for_update() if lock else query)
    now = utcnow()
    if row is None or row.user_id is None:
        raise UsageError("Tautan ini tidak dikenal. Salin seluruh tautan dari e-mail, atau "
                         "minta tautan baru lewat 'Lupa kata sandi?' di halaman masuk.")
    if row.used_at is not None:
        raise UsageError("Tautan ini sudah dipakai (atau diganti tautan yang lebih baru) "
                         "dan tidak berlaku lagi. Minta tautan baru lewat 'Lupa kata sandi?' "
                         "di halaman masuk.")
    if row.expires_at is None or row.expires_at <= now:
        raise UsageError("Tautan ini sudah kedaluwarsa. Minta tautan baru lewat 'Lupa kata "
                         "sandi?' di halaman masuk.")
    return row


def check_link(db: Database, token: str) -> LinkInfo:
    """What the link `token` is for; :class:`UsageError` when it is unknown, used or
    expired (saying which, and what to do)."""
    with db.read() as session:
        row = _row(session, token)
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            raise UsageError("Akun tautan ini nonaktif. Hubungi admin KI.")
        assert row.expires_at is not None
        return LinkInfo(user.username, user.display_name, row.purpose, row.expires_at)


def set_password(db: Database, token: str, password: str,
                 client: Client = NO_CLIENT) -> str:
    """Set the password of the link's account (checked as every password is); the link is
    used, the account's other links are cancelled and its sessions end. Returns the
    username. Raises :class:`UsageError` (link not valid, password refused)."""
    info = check_link(db, token)
    password_hash = hash_password(password, personal=(info.username, info.display_name))
    with db.transaction() as session:
        row = _row(session, token, lock=True)
        user = session.get(User, row.user_id)
        if user is None or not user.active:
            raise UsageError("Akun tautan ini nonaktif. Hubungi admin KI.")
        now = utcnow()
        user.password_hash = password_hash
        user.password_changed_at = now
        user.demo = False
        user.version += 1
        session.execute(update(PasswordResetRequest).where(
            PasswordResetRequest.user_id == user.id, PasswordResetRequest.used_at.is_(None))
            .values(used_at=now))
        log_event(session, "password.changed", username=login_key(user.username),
                  user_id=user.id, client=client, detail="lewat tautan e-mail")
        revoke_sessions(session, user.id, "password")
        return user.username
