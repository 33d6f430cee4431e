"""Badan publik of a KI, their aliases, and their participation in a cycle.

A badan publik is unique by its normalised name within a KI; aliases let "Diskominfo Kab.
X" and "Dinas Kominfo" be one body. Names are kept as :func:`questionnaires.text.clean`
makes typed text (as the readers do) and compared by :func:`name_key`, so ``Syari’at``
(autocorrect), ``Syari'at`` and ``Syari'at`` followed by a zero-width space are one body.
Participation (invited, registered, submitted, late, not submitted) is kept per cycle and
is never turned into a score of 0.

A body also has an e-mail address (where notifications for its PPID go) and website
addresses (:class:`~storage.models.BodyWebsite`, visited by website monitoring,
:mod:`monitoring`): :func:`set_contacts` and :func:`set_websites` change them, audited;
:func:`website_address` says what address a typed one is, or why it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from monev.audit import record
from monev.contacts import email_address  # the one e-mail rule (re-exported)
from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, require
from questionnaires.aliases import normalise
from questionnaires.text import clean
from storage.db import Database
from storage.models import Alias, BadanPublik, BodyWebsite, Cycle, Participation

PARTICIPATION_STATUSES = ("invited", "registered", "submitted", "late", "not_submitted")
PARTICIPATION_LABELS = {
    "invited": "Diundang", "registered": "Terdaftar", "submitted": "Mengisi SAQ",
    "late": "Terlambat", "not_submitted": "Tidak mengisi SAQ",
}


@dataclass(frozen=True, slots=True)
class BodyInfo:
    """A badan publik as shown, with its participation in a cycle when asked."""

    id: int
    name: str
    category: str
    region: str
    ppid_name: str
    ppid_contact: str
    aliases: tuple[str, ...]
    participation: str | None = None
    email: str = ""
    websites: tuple[str, ...] = ()


RETURNED = frozenset({"submitted", "late"})


@dataclass(frozen=True, slots=True)
class ParticipationRate:
    """Tingkat partisipasi: questionnaires returned (on time or late) of those invited."""

    returned: int
    invited: int

    @property
    def share(self) -> float:
        return self.returned / self.invited if self.invited else 0.0


def participation_rate(bodies: Sequence[BodyInfo]) -> ParticipationRate:
    """The rate KIs announce, over the given badan publik of a cycle."""
    return ParticipationRate(sum(b.participation in RETURNED for b in bodies), len(bodies))


def name_key(name: str) -> str:
    """The key names are matched by within a KI (:func:`questionnaires.aliases.normalise`:
    NFKC, quotes and dashes folded, invisible characters dropped, case and punctuation
    ignored). Migration 0002 recomputed the stored keys with it."""
    return normalise(name)


def unmatchable_key(key: str, row_id: int) -> str:
    """A key no typed name matches, for a body that must stay apart from another one of the
    same name (``normalise`` turns '[' into a space, so it never produces one)."""
    suffix = f" [dup {row_id}]"
    return key[:300 - len(suffix)] + suffix


def is_unmatchable(key: str) -> bool:
    """Whether a stored key was made unmatchable on purpose (see :func:`unmatchable_key`)."""
    return "[" in key


def load_body(session: Session, cycle: Cycle, body_id: int) -> BadanPublik:
    """The badan publik `body_id` of the cycle's KI; raises :class:`NotFound` otherwise."""
    body = session.get(BadanPublik, body_id)
    if body is None or body.ki != cycle.ki:
        raise NotFound(f"Badan publik dengan id {body_id} tidak ditemukan di {cycle.ki}.")
    return body


def find_body(session: Session, ki: str, name: str) -> BadanPublik | None:
    """A badan publik of `ki` by its name or one of its aliases (any case/spacing)."""
    key = name_key(name)
    body = session.scalar(select(BadanPublik).where(BadanPublik.ki == ki,
                                                    BadanPublik.name_key == key))
    if body is not None:
        return body
    alias = session.scalar(select(Alias).where(Alias.ki == ki, Alias.alias_key == key))
    return session.get(BadanPublik, alias.badan_publik_id) if alias else None


def _body_info(session: Session, body: BadanPublik, cycle_id: int | None = None) -> BodyInfo:
    aliases = tuple(session.scalars(select(Alias.alias).where(
        Alias.badan_publik_id == body.id).order_by(Alias.alias)))
    status = None
    if cycle_id is not None:
        status = session.scalar(select(Participation.status).where(
            Participation.cycle_id == cycle_id, Participation.badan_publik_id == body.id))
    websites = tuple(session.scalars(select(BodyWebsite.url).where(
        BodyWebsite.badan_publik_id == body.id).order_by(BodyWebsite.id)))
    return BodyInfo(body.id, body.name, body.category, body.region, body.ppid_name,
                    body.ppid_contact, aliases, status, body.email, websites)


def ensure_body(session: Session, actor: Actor, cycle: Cycle, *, name: str, category: str,
                region: str = "", ppid_name: str = "", ppid_contact: str = "") -> BadanPublik:
    """The registered body of this name (or alias), or a newly registered one."""
    return find_body(session, cycle.ki, clean(name)) or add_body(
        session, actor, cycle, name=name, category=category, region=region,
        ppid_name=ppid_name, ppid_contact=ppid_contact)


def add_body(session: Session, actor: Actor, cycle: Cycle, *, name: str, category: str,
             region: str = "", ppid_name: str = "", ppid_contact: str = "") -> BadanPublik:
    """Register a badan publik the caller has just looked for (:func:`find_body`) and not
    found, in the caller's transaction, audited. Raises :class:`UsageError` for an empty
    name or a category the cycle's methodology does not have."""
    name = clean(name)
    if not name:
        raise UsageError("Nama badan publik wajib diisi.")
    methodology = methodology_of(cycle)
    if methodology.category(category) is None:
        known = ", ".join(c.code for c in methodology.categories)
        raise UsageError(f"Kategori '{category}' tidak ada dalam metodologi siklus ini "
                         f"({known}).")
    body = BadanPublik(ki=cycle.ki, name=name, name_key=name_key(name), category=category,
                       region=region, ppid_name=ppid_name, ppid_contact=ppid_contact)
    session.add(body)
    session.flush()
    record(session, actor, "body.add", cycle_id=cycle.id, entity="badan_publik",
           entity_id=body.id, new={"name": name, "category": category})
    return body


def set_participation(session: Session, actor: Actor, cycle: Cycle, body: BadanPublik,
                      status: str, reason: str = "") -> Participation:
    """Set a body's participation status in the cycle (in the caller's transaction),
    audited when it changes. Raises :class:`UsageError` for an unknown status."""
    if status not in PARTICIPATION_STATUSES:
        raise UsageError(f"Status partisipasi '{status}' tidak dikenal: "
                         f"{', '.join(PARTICIPATION_STATUSES)}.")
    row = session.scalar(select(Participation).where(
        Participation.cycle_id == cycle.id, Participation.badan_publik_id == body.id))
    if row is None:
        row = Participation(cycle_id=cycle.id, badan_publik_id=body.id, status=status)
        session.add(row)
        record(session, actor, "participation", cycle_id=cycle.id, entity="badan_publik",
               entity_id=body.id, new=status, reason=reason)
    elif row.status != status:
        record(session, actor, "participation", cycle_id=cycle.id, entity="badan_publik",
               entity_id=body.id, old=row.status, new=status, reason=reason)
        row.status = status
        row.version += 1
    session.flush()
    return row


def register_body(db: Database, actor: Actor, cycle_id: int, *, name: str, category: str,
                  region: str = "", ppid_name: str = "", ppid_contact: str = "",
                  aliases: tuple[str, ...] = (), status: str = "invited", email: str = "",
                  websites: Iterable[str] = ()) -> BodyInfo:
    """Register (or find) a badan publik and invite it to the cycle; a non-empty `email`
    or `websites` is recorded for it (:func:`set_contacts`, :func:`set_websites` rules:
    an address that is not one is refused before anything is stored)."""
    email = email_address(email) if email.strip() else ""
    urls = [website_address(url) for url in websites if url.strip()]
    with db.transaction() as session:
        actor = require(session, actor, Action.REGISTER_BODY)
        cycle = load_cycle(session, cycle_id)
        existing = find_body(session, cycle.ki, name)
        actor = require(session, actor, Action.REGISTER_BODY,
                        bodies=[existing.id] if existing else [-1])
        body = ensure_body(session, actor, cycle, name=name, category=category, region=region,
                           ppid_name=ppid_name, ppid_contact=ppid_contact)
        for alias in aliases:
            _add_alias(session, actor, cycle, body, alias)
        if email and email != body.email:
            _set_email(session, actor, cycle, body, email)
        if urls:
            _set_websites(session, actor, cycle, body, [*_urls_of(session, body), *urls])
        if session.scalar(select(Participation.id).where(
                Participation.cycle_id == cycle.id,
                Participation.badan_publik_id == body.id)) is None:
            set_participation(session, actor, cycle, body, status)
        return _body_info(session, body, cycle.id)


def _add_alias(session: Session, actor: Actor, cycle: Cycle, body: BadanPublik,
               alias: str) -> None:
    alias = clean(alias)
    key = name_key(alias)
    if not key or key == body.name_key:
        return
    other = find_body(session, cycle.ki, alias)
    if other is not None and other.id != body.id:
        raise UsageError(f"Nama '{alias}' sudah dipakai oleh badan publik '{other.name}'.")
    if other is None:
        session.add(Alias(ki=cycle.ki, badan_publik_id=body.id, alias=alias, alias_key=key))
        record(session, actor, "body.alias", cycle_id=cycle.id, entity="badan_publik",
               entity_id=body.id, new=alias)


def add_alias(db: Database, actor: Actor, cycle_id: int, body_id: int, alias: str) -> BodyInfo:
    """Another name for a badan publik of the cycle's KI, by which uploads find it.

    Raises :class:`UsageError` when another badan publik has that name, :class:`NotFound`
    or :class:`PermissionDenied`."""
    with db.transaction() as session:
        actor = require(session, actor, Action.REGISTER_BODY, bodies=[body_id])
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        _add_alias(session, actor, cycle, body, alias)
        session.flush()
        return _body_info(session, body, cycle.id)


def list_bodies(db: Database, actor: Actor, cycle_id: int) -> list[BodyInfo]:
    """Badan publik taking part in the cycle (a koordinator sees their scope only)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        cycle = load_cycle(session, cycle_id)
        query = (select(BadanPublik).join(Participation,
                                          Participation.badan_publik_id == BadanPublik.id)
                 .where(Participation.cycle_id == cycle.id).order_by(BadanPublik.name))
        if actor.scope is not None:
            query = query.where(BadanPublik.id.in_(actor.scope))
        return [_body_info(session, b, cycle.id) for b in session.scalars(query)]


# -- contacts: e-mail and website addresses --------------------------------------------------

def website_address(text: str) -> str:
    """`text` as a website address: ``https://`` added when no scheme is typed, scheme and
    host in lower case, no fragment, ``/`` for an empty path. Raises :class:`UsageError`
    (saying how to write one) for anything else."""
    raw = clean(text)
    if not raw:
        raise UsageError("Alamat situs kosong: tulis alamatnya, mis. "
                         "https://ppid.kecamatan.go.id.")
    typed = raw if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", raw) else f"https://{raw}"
    try:
        parts = urlsplit(typed)
        port = parts.port  # raises for a port that is not a number
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or " " in raw or ("." not in parts.hostname and parts.hostname != "localhost")):
        raise UsageError(f"Alamat situs '{raw}' tidak sah: tulis alamat web lengkap, mis. "
                         f"https://ppid.kecamatan.go.id.")
    host = parts.hostname.lower() + (f":{port}" if port else "")
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def _urls_of(session: Session, body: BadanPublik) -> list[str]:
    return list(session.scalars(select(BodyWebsite.url).where(
        BodyWebsite.badan_publik_id == body.id).order_by(BodyWebsite.id)))


def _set_websites(session: Session, actor: Actor, cycle: Cycle, body: BadanPublik,
                  urls: list[str]) -> None:
    old = _urls_of(session, body)
    new = list(dict.fromkeys(urls))
    if new == old:
        return
    session.execute(delete(BodyWebsite).where(BodyWebsite.badan_publik_id == body.id,
                                              BodyWebsite.url.not_in(new)))
    for url in new:
        if url not in old:
            session.add(BodyWebsite(badan_publik_id=body.id, url=url,
                                    created_by_id=actor.id))
    session.flush()
    record(session, actor, "body.websites", cycle_id=cycle.id, entity="badan_publik",
           entity_id=body.id, old=old, new=new)


def _set_email(session: Session, actor: Actor, cycle: Cycle, body: BadanPublik,
               email: str) -> None:
    record(session, actor, "body.email", cycle_id=cycle.id, entity="badan_publik",
           entity_id=body.id, old=body.email, new=email)
    body.email = email
    session.flush()


def set_websites(db: Database, actor: Actor, cycle_id: int, body_id: int,
                 urls: Iterable[str]) -> BodyInfo:
    """Replace the website addresses of a badan publik of the cycle's KI with `urls` (in
    that order; empty ones ignored; none: no website recorded), audited with the old and
    new list. Raises :class:`UsageError` for an address that is not one (nothing is
    changed), :class:`NotFound`, :class:`PermissionDenied`."""
    cleaned = [website_address(url) for url in urls if url.strip()]
    with db.transaction() as session:
        actor = require(session, actor, Action.REGISTER_BODY, bodies=[body_id],
                        cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        _set_websites(session, actor, cycle, body, cleaned)
        return _body_info(session, body, cycle.id)


def set_contacts(db: Database, actor: Actor, cycle_id: int, body_id: int, *,
                 email: str | None = None, ppid_name: str | None = None,
                 ppid_contact: str | None = None) -> BodyInfo:
    """Change the e-mail address, PPID name or PPID contact of a badan publik (None: left
    as it is; "" clears), audited. Raises :class:`UsageError` for an e-mail address that is
    not one, :class:`NotFound`, :class:`PermissionDenied`."""
    address = email_address(email) if email is not None else None
    with db.transaction() as session:
        actor = require(session, actor, Action.REGISTER_BODY, bodies=[body_id],
                        cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        if address is not None and address != body.email:
            _set_email(session, actor, cycle, body, address)
        for field, value in (("ppid_name", ppid_name), ("ppid_contact", ppid_contact)):
            if value is not None and clean(value) != getattr(body, field):
                record(session, actor, f"body.{field}", cycle_id=cycle.id,
                       entity="badan_publik", entity_id=body.id, old=getattr(body, field),
                       new=clean(value))
                setattr(body, field, clean(value))
        session.flush()
        return _body_info(session, body, cycle.id)


def get_body(db: Database, actor: Actor, cycle_id: int, body_id: int) -> BodyInfo:
    """One badan publik of the cycle's KI as shown (raises :class:`NotFound`,
    :class:`PermissionDenied` outside a koordinator's scope)."""
    with db.read() as session:
        actor = require(session, actor, Action.VIEW, bodies=[body_id], cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        return _body_info(session, load_body(session, cycle, body_id), cycle.id)
