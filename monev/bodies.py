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
:func:`website_address` says what address a typed one is, or why it is refused. Both work
on a body taking part in the cycle named (:func:`load_participant`): a body that does not
is refused, nothing changed.

Registering (:func:`register_in_cycle`) says what it did: a new body, or one already
registered — invited to the cycle now or already taking part — with the details typed for
it that replaced the stored ones (:class:`DetailChange`) and the website addresses added.
A registered body keeps its category: one typed differently is refused, nothing changed
(the category decides the questionnaire and whom the body is ranked against in every cycle
it took part in). A category chosen wrongly is corrected by an admin with a reason
(:func:`change_category`) while nothing was scored on it yet: no questionnaire received, no
online answers, no panel score or bonus in any cycle.
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
from monev.permissions import (
    ACTING,
    Action,
    Actor,
    is_prepared,
    may_see_prepared,
    require,
)
from questionnaires.aliases import normalise
from questionnaires.model import Methodology
from questionnaires.text import clean
from storage.db import Database
from storage.models import (
    Alias,
    BadanPublik,
    BodyWebsite,
    Bonus,
    Cycle,
    MonitoringRun,
    MonitoringSite,
    PanelScore,
    Participation,
    PortalAnswer,
    PortalDraft,
    Submission,
)

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


# The details of a registered body that registering it again replaces, as users name them.
DETAIL_LABELS = {"region": "wilayah", "ppid_name": "nama PPID",
                 "ppid_contact": "kontak PPID", "email": "e-mail"}


@dataclass(frozen=True, slots=True)
class DetailChange:
    """One detail of a registered body replaced: `field` a key of :data:`DETAIL_LABELS`,
    the `old` and `new` value (text; "" for none)."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Registration:
    """What :func:`register_in_cycle` did.

    `body` is the body as now stored with its participation in the cycle; `created` says
    it was registered now (else it was already registered, perhaps under another of its
    names: `body.name`); `joined` that it was invited to the cycle now (else it already
    took part, its status left as it was); `changed` the details typed that replaced
    different stored ones; `websites_added` the addresses added and `websites_known` those
    typed that were already recorded; `aliases_added` the other names added."""

    body: BodyInfo
    created: bool
    joined: bool
    changed: tuple[DetailChange, ...] = ()
    websites_added: tuple[str, ...] = ()
    websites_known: tuple[str, ...] = ()
    aliases_added: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WebsitesChange:
    """What :func:`change_websites` did: `body` with its addresses now (`body.websites`),
    `old` the addresses before (the same tuple when nothing changed)."""

    body: BodyInfo
    old: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.body.websites


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


def load_participant(session: Session, cycle: Cycle, body_id: int) -> BadanPublik:
    """The badan publik `body_id` of the cycle's KI taking part in the cycle; raises
    :class:`NotFound` for another KI's and for one that does not take part (naming the
    cycles it takes part in that the actor checked in `session` may see)."""
    body = load_body(session, cycle, body_id)
    if session.scalar(select(Participation.id).where(
            Participation.cycle_id == cycle.id,
            Participation.badan_publik_id == body.id)) is not None:
        return body
    acting = session.info.get(ACTING)
    others = [c for c in session.scalars(
        select(Cycle).join(Participation, Participation.cycle_id == Cycle.id)
        .where(Participation.badan_publik_id == body.id).order_by(Cycle.id))
        if acting is None or not is_prepared(c) or may_see_prepared(acting)]
    where = "; ".join(f"{c.id} ({c.title})" for c in others)
    hint = (f"Badan publik ini ikut siklus {where}: pilih siklus itu, atau daftarkan dulu "
            f"badan publik ini ke siklus {cycle.id}." if others else
            f"Daftarkan dulu badan publik ini ke siklus {cycle.id}.")
    raise NotFound(f"Badan publik {body.id} ('{body.name}') tidak terdaftar di siklus "
                   f"{cycle.id} ({cycle.title}); tidak ada yang diubah. {hint}")


def category_name(methodology: Methodology, code: str) -> str:
    """The name of category `code` in `methodology` (the code itself when it has none)."""
    category = methodology.category(code)
    return category.name if category else code


def _category_label(methodology: Methodology, code: str) -> str:
    category = methodology.category(code)
    return f"'{code}' ({category.name})" if category else f"'{code}'"


def _check_category(methodology: Methodology, category: str) -> None:
    if not category.strip():
        names = ", ".join(c.name for c in methodology.categories)
        raise UsageError(f"Pilih kategori badan publik ({names}): kategori menentukan "
                         f"kuesioner dan peringkatnya. Tidak ada yang diubah.")
    if methodology.category(category) is None:
        known = ", ".join(c.code for c in methodology.categories)
        raise UsageError(f"Kategori '{category}' tidak ada dalam metodologi siklus ini "
                         f"({known}).")


def _same_category(cycle: Cycle, body: BadanPublik, category: str, typed_name: str) -> None:
    """Refuse registering `body` (found by `typed_name`) under another `category`."""
    methodology = methodology_of(cycle)
    if body.category == category:
        return
    known = (f"Badan publik '{clean(typed_name)}' sudah terdaftar"
             + (f" sebagai '{body.name}'" if name_key(typed_name) != body.name_key else "")
             + f" (id {body.id}) dengan kategori {_category_label(methodology, body.category)}"
             f", bukan {_category_label(methodology, category)}; tidak ada yang diubah.")
    if methodology.category(body.category) is None:
        raise UsageError(f"{known} Kategorinya tidak ada dalam metodologi siklus ini, jadi "
                         f"badan publik ini tidak dapat diikutkan ke siklus ini.")
    raise UsageError(f"{known} Jika ini badan publik yang sama, daftarkan dengan kategori "
                     f"'{body.category}'; jika ini badan publik lain, beri nama lengkap yang "
                     f"membedakannya. Kategori badan publik yang sudah terdaftar tidak dapat "
                     f"diganti dengan mendaftarkannya lagi: kategori menentukan kuesioner "
                     f"dan peringkatnya di setiap siklus yang diikutinya. Kategori yang "
                     f"salah pilih diperbaiki admin (Admin › Badan publik, 'Perbaiki "
                     f"kategori', atau 'bodies set-category') selama belum ada kuesioner "
                     f"masuk.")


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


def add_body(session: Session, actor: Actor, cycle: Cycle, *, name: str, category: str,
             region: str = "", ppid_name: str = "", ppid_contact: str = "") -> BadanPublik:
    """Register a badan publik the caller has just looked for (:func:`find_body`) and not
    found, in the caller's transaction, audited. Raises :class:`UsageError` for an empty
    name or a category the cycle's methodology does not have."""
    name = clean(name)
    if not name:
        raise UsageError("Nama badan publik wajib diisi.")
    _check_category(methodology_of(cycle), category)
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
    """The body :func:`register_in_cycle` registered (or found) and invited."""
    return register_in_cycle(db, actor, cycle_id, name=name, category=category,
                             region=region, ppid_name=ppid_name, ppid_contact=ppid_contact,
                             aliases=aliases, status=status, email=email,
                             websites=websites).body


def register_in_cycle(db: Database, actor: Actor, cycle_id: int, *, name: str,
                      category: str, region: str = "", ppid_name: str = "",
                      ppid_contact: str = "", aliases: tuple[str, ...] = (),
                      status: str = "invited", email: str = "",
                      websites: Iterable[str] = ()) -> Registration:
    """Register a badan publik (or find it by its name or an alias) and invite it to the
    cycle with `status` (a body already taking part keeps its status), in one transaction,
    audited; returns what was done (:class:`Registration`).

    For a body already registered, each non-empty detail typed (`region`, `ppid_name`,
    `ppid_contact`, `email`) that differs from the stored one replaces it, and `websites`
    are added to its addresses. Raises :class:`UsageError` — nothing changed — for a
    category the cycle's methodology does not have, for a registered body whose category
    is not `category` (naming the registered one), for an e-mail or website address that
    is not one, an empty name, an alias another body has; :class:`NotFound`,
    :class:`PermissionDenied`."""
    email = email_address(email) if email.strip() else ""
    urls = list(dict.fromkeys(website_address(url) for url in websites if url.strip()))
    with db.transaction() as session:
        actor = require(session, actor, Action.REGISTER_BODY)
        cycle = load_cycle(session, cycle_id)
        _check_category(methodology_of(cycle), category)
        body = find_body(session, cycle.ki, clean(name))
        actor = require(session, actor, Action.REGISTER_BODY,
                        bodies=[body.id] if body else [-1])
        created = body is None
        changed: list[DetailChange] = []
        if body is None:
            body = add_body(session, actor, cycle, name=name, category=category,
                            region=clean(region), ppid_name=clean(ppid_name),
                            ppid_contact=clean(ppid_contact))
        else:
            _same_category(cycle, body, category, name)
            for field, value in (("region", region), ("ppid_name", ppid_name),
                                 ("ppid_contact", ppid_contact)):
                value = clean(value)
                if value and value != getattr(body, field):
                    changed.append(DetailChange(field, getattr(body, field), value))
                    record(session, actor, f"body.{field}", cycle_id=cycle.id,
                           entity="badan_publik", entity_id=body.id,
                           old=getattr(body, field), new=value)
                    setattr(body, field, value)
        added_aliases = [alias for alias in aliases if _add_alias(session, actor, cycle,
                                                                   body, alias)]
        if email and email != body.email:
            if not created:
                changed.append(DetailChange("email", body.email, email))
            _set_email(session, actor, cycle, body, email)
        old_urls = _urls_of(session, body)
        if urls:
            _set_websites(session, actor, cycle, body, [*old_urls, *urls])
        joined = session.scalar(select(Participation.id).where(
            Participation.cycle_id == cycle.id,
            Participation.badan_publik_id == body.id)) is None
        if joined:
            set_participation(session, actor, cycle, body, status)
        return Registration(
            body=_body_info(session, body, cycle.id), created=created, joined=joined,
            changed=tuple(changed),
            websites_added=tuple(url for url in urls if url not in old_urls),
            websites_known=tuple(url for url in urls if url in old_urls),
            aliases_added=tuple(clean(alias) for alias in added_aliases))


def _quoted(value: str) -> str:
    return f"'{value}'" if value else "(kosong)"


def describe_registration(done: Registration, typed: str, cycle_id: int) -> str:
    """What :func:`register_in_cycle` did for the name `typed`, in Indonesian, one sentence
    a line (``bodies add`` and Admin › Badan publik show it)."""
    body = done.body
    status = PARTICIPATION_LABELS.get(body.participation or "", body.participation or "-")
    if done.created:
        lines = [f"Badan publik '{body.name}' (id {body.id}) terdaftar dengan kategori "
                 f"'{body.category}' dan diundang ke siklus {cycle_id} (status: {status})."]
    else:
        known_as = (f" sebagai '{body.name}'" if name_key(typed) != name_key(body.name)
                    else "")
        first = (f"Badan publik '{typed.strip()}' sudah terdaftar{known_as} (id {body.id}, "
                 f"kategori '{body.category}')")
        lines = [f"{first}; kini diundang ke siklus {cycle_id} (status: {status})."
                 if done.joined else
                 f"{first} dan sudah ikut siklus {cycle_id} (status: {status}, tidak "
                 f"diubah)."]
    for change in done.changed:
        label = DETAIL_LABELS.get(change.field, change.field)
        lines.append(f"{label[0].upper()}{label[1:]} diganti: {_quoted(change.old)} → "
                     f"{_quoted(change.new)}.")
    if done.aliases_added:
        lines.append(f"Nama lain ditambahkan: {', '.join(done.aliases_added)}.")
    if done.websites_added:
        lines.append(f"Situs ditambahkan: {', '.join(done.websites_added)}.")
    if done.websites_known:
        lines.append(f"Situs sudah tercatat (tidak ditambahkan lagi): "
                     f"{', '.join(done.websites_known)}.")
    if not (done.created or done.joined or done.changed or done.aliases_added
            or done.websites_added):
        lines.append("Tidak ada yang diubah.")
    return "\n".join(lines)


def _add_alias(session: Session, actor: Actor, cycle: Cycle, body: BadanPublik,
               alias: str) -> bool:
    """Add `alias` to `body`; whether it was added (False: already one of its names)."""
    alias = clean(alias)
    key = name_key(alias)
    if not key or key == body.name_key:
        return False
    other = find_body(session, cycle.ki, alias)
    if other is not None and other.id != body.id:
        raise UsageError(f"Nama '{alias}' sudah dipakai oleh badan publik '{other.name}'.")
    if other is None:
        session.add(Alias(ki=cycle.ki, badan_publik_id=body.id, alias=alias, alias_key=key))
        session.flush()
        record(session, actor, "body.alias", cycle_id=cycle.id, entity="badan_publik",
               entity_id=body.id, new=alias)
        return True
    return False


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
    """The body after :func:`change_websites`."""
    return change_websites(db, actor, cycle_id, body_id, urls).body


def change_websites(db: Database, actor: Actor, cycle_id: int, body_id: int,
                    urls: Iterable[str]) -> WebsitesChange:
    """Replace the website addresses of a badan publik taking part in the cycle with `urls`
    (in that order; empty ones ignored; none: no website recorded), audited with the old
    and new list when they differ; returns the addresses before and now. Raises
    :class:`UsageError` for an address that is not one, :class:`NotFound` for a body that
    does not take part in the cycle (:func:`load_participant`), :class:`PermissionDenied`
    — nothing changed."""
    cleaned = [website_address(url) for url in urls if url.strip()]
    with db.transaction() as session:
        actor = require(session, actor, Action.REGISTER_BODY, bodies=[body_id],
                        cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        body = load_participant(session, cycle, body_id)
        old = tuple(_urls_of(session, body))
        _set_websites(session, actor, cycle, body, cleaned)
        return WebsitesChange(_body_info(session, body, cycle.id), old)


def set_contacts(db: Database, actor: Actor, cycle_id: int, body_id: int, *,
                 email: str | None = None, ppid_name: str | None = None,
                 ppid_contact: str | None = None) -> BodyInfo:
    """Change the e-mail address, PPID name or PPID contact of a badan publik (None: left
    as it is; "" clears), audited, of a badan publik taking part in the cycle. Raises
    :class:`UsageError` for an e-mail address that is not one, :class:`NotFound` for a body
    that does not take part in the cycle (:func:`load_participant`),
    :class:`PermissionDenied` — nothing changed."""
    address = email_address(email) if email is not None else None
    with db.transaction() as session:
        actor = require(session, actor, Action.REGISTER_BODY, bodies=[body_id],
                        cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        body = load_participant(session, cycle, body_id)
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


# -- category: corrected while nothing was scored on it ----------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryChange:
    """What :func:`change_category` did: `body` as now stored (its new category), `old` the
    category code before; `old_name` and `new_name` the categories' names in the cycle's
    methodology."""

    body: BodyInfo
    old: str
    old_name: str
    new_name: str


def _scored_on_category(session: Session, body: BadanPublik) -> str:
    """Why `body`'s category can no longer change (``""``: it can): the first thing in any
    cycle that was given or scored on the questionnaire of its category."""
    checks = (
        (Submission, "kuesioner (SAQ) sudah masuk"),
        (PanelScore, "nilai panel sudah diisi"),
        (Bonus, "nilai tambahan sudah diberikan"),
    )
    def where(cycle_id: int) -> str:
        cycle = session.get(Cycle, cycle_id)
        return f"di siklus '{cycle.title}' (id {cycle.id})" if cycle else ""

    for model, what in checks:
        cycle_id = session.scalar(select(model.cycle_id).where(
            model.badan_publik_id == body.id).order_by(model.cycle_id.desc()).limit(1))
        if cycle_id is not None:
            return f"{what} {where(cycle_id)}"
    cycle_id = session.scalar(
        select(PortalDraft.cycle_id).join(PortalAnswer, PortalAnswer.draft_id == PortalDraft.id)
        .where(PortalDraft.badan_publik_id == body.id).limit(1))
    if cycle_id is not None:
        return f"kuesioner daring sudah mulai diisi {where(cycle_id)}"
    # Website monitoring looks for the items of the category's questionnaire; it counts
    # only where the methodology scores a monitoring stage.
    monitored = session.scalars(
        select(MonitoringRun.cycle_id)
        .join(MonitoringSite, MonitoringSite.run_id == MonitoringRun.id)
        .where(MonitoringSite.badan_publik_id == body.id).distinct())
    for cycle_id in sorted(monitored, reverse=True):
        cycle = session.get(Cycle, cycle_id)
        if cycle is not None and methodology_of(cycle).monitoring_stages:
            return f"situsnya sudah dipantau dan dinilai {where(cycle_id)}"
    return ""


def change_category(db: Database, actor: Actor, cycle_id: int, body_id: int, category: str,
                    reason: str) -> CategoryChange:
    """Correct the category of a badan publik taking part in the cycle (a code of the
    cycle's methodology), audited with the old and new code and the `reason` (required).

    Allowed only while nothing was given or scored on the questionnaire of its category in
    any cycle — no submission (SAQ received), no online answer saved, no panel score or
    bonus, no website monitoring where a monitoring stage is scored — and when every other
    cycle it takes part in has the new category too: the category decides the
    questionnaire and whom the body is ranked against. The current
    results of its cycles follow (:mod:`monev.outcomes.projection`); results already
    published stay as published. Raises :class:`UsageError` (no reason, unknown or the same
    category, something scored), :class:`NotFound` (the body does not take part in the
    cycle), :class:`PermissionDenied` (not an admin) — nothing changed."""
    why = clean(reason)
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_CYCLES, cycle=cycle_id)
        cycle = load_cycle(session, cycle_id)
        body = load_participant(session, cycle, body_id)
        methodology = methodology_of(cycle)
        _check_category(methodology, category)
        if body.category == category:
            raise UsageError(f"Badan publik '{body.name}' sudah berkategori "
                             f"{_category_label(methodology, category)}; tidak ada yang "
                             f"diubah.")
        if not why:
            raise UsageError("Tulis alasan perbaikan kategori (mis. 'salah pilih saat "
                             "pendaftaran'); alasan disimpan di riwayat. Tidak ada yang "
                             "diubah.")
        scored = _scored_on_category(session, body)
        if scored:
            raise UsageError(
                f"Kategori '{body.name}' tidak dapat diubah lagi: {scored}. Jawaban dan "
                f"nilainya mengikuti kuesioner kategori "
                f"{_category_label(methodology, body.category)}; tidak ada yang diubah.")
        others = session.scalars(
            select(Cycle).join(Participation, Participation.cycle_id == Cycle.id)
            .where(Participation.badan_publik_id == body.id, Cycle.id != cycle.id)
            .order_by(Cycle.id))
        for other in others:
            if methodology_of(other).category(category) is None:
                raise UsageError(
                    f"Kategori {_category_label(methodology, category)} tidak ada dalam "
                    f"metodologi siklus {other.id} ({other.title}) yang juga diikuti "
                    f"'{body.name}'; tidak ada yang diubah.")
        old = body.category
        record(session, actor, "body.category", cycle_id=cycle.id, entity="badan_publik",
               entity_id=body.id, old=old, new=category, reason=why)
        body.category = category
        session.flush()
        return CategoryChange(_body_info(session, body, cycle.id), old,
                              category_name(methodology, old),
                              category_name(methodology, category))
