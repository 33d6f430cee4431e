"""The outbox for the admin: what e-mail is configured, every e-mail with its state and the
server's answer, and sending one again.

States (:data:`STATES`): ``waiting`` (Menunggu), ``sent`` (Terkirim), ``failed`` (Gagal: a
refusal or bounce, with the server's answer). A failed e-mail that has a ``sent_at`` was
accepted by the server and bounced later (read by :mod:`notifications.bounces`); it is
shown as :data:`BOUNCED` ("Gagal (dipantulkan)"). Resending (:func:`resend`) queues a copy
as a new waiting e-mail — the failed one stays as it was, so the trail keeps every attempt.

Sending now (:func:`send_now`, the CLI's ``outbox send`` and the admin page's "Kirim yang
menunggu sekarang") runs one round of the sender and reads from the outbox what still waits
afterwards (:class:`SendSummary`): the e-mails waiting for a retry — this round's and earlier
rounds' — with the first retry's time, and those due but left by the round's limit.
:meth:`SendSummary.sentence` says it in one sentence, times in WIB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from monev.audit import record
from monev.clock import WIB
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, require
from notifications import settings
from notifications.bounces import NOT_CONFIGURED, BounceReport, read_bounces
from notifications.events import queue_mail
from notifications.sender import SECRET_EVENTS, tick
from notifications.settings import MailSettingsError
from notifications.templates import EVENTS
from reports.formatting import date_time
from storage.db import Database
from storage.models import BadanPublik, OutboxMail, User, UserEmail, utcnow

STATES = {"waiting": "Menunggu", "sent": "Terkirim", "failed": "Gagal"}
BOUNCED = "Gagal (dipantulkan)"  # the label of a failed e-mail that had been sent


@dataclass(frozen=True, slots=True)
class MailStatus:
    """Whether e-mail goes out: the server (never its password), the sender, the links'
    address, or why not (`problem`); whether bounces are read (`bounces_configured`: from
    `bounces_server`, else why not: `bounces_problem`)."""

    configured: bool
    server: str
    sender: str
    public_url: str
    problem: str = ""
    bounces_configured: bool = False
    bounces_server: str = ""
    bounces_problem: str = ""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One e-mail of the outbox as the admin page and the CLI list it."""

    id: int
    to: str
    subject: str
    event: str
    event_label: str
    state: str
    state_label: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    server_reply: str
    body: str
    bounced: bool = False  # failed after the server had accepted it (a bounce)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "to": self.to, "subject": self.subject, "event": self.event,
                "state": self.state, "bounced": self.bounced, "attempts": self.attempts,
                "created_at": self.created_at.isoformat(),
                "sent_at": self.sent_at.isoformat() if self.sent_at else None,
                "server_reply": self.server_reply}


# How the connection is protected, as the admin page says it (settings.SmtpServer.tls).
TLS_LABELS = {"starttls": "STARTTLS", "ssl": "TLS", "none": "tanpa TLS"}


def bounce_status() -> tuple[bool, str, str]:
    """Whether bounces are read: (configured, ``host:port/folder (TLS)``, why not)."""
    try:
        server = settings.imap()
    except MailSettingsError as exc:
        return False, "", str(exc)
    if server is None:
        return False, "", NOT_CONFIGURED
    return True, f"{server.where} ({TLS_LABELS.get(server.tls, server.tls)})", ""


def mail_status() -> MailStatus:
    """The e-mail configuration as read from the environment (nothing is contacted)."""
    bounces = bounce_status()
    try:
        server = settings.smtp()
    except MailSettingsError as exc:
        return MailStatus(False, "", "", settings.public_url(), str(exc), *bounces)
    if server is None:
        return MailStatus(False, "", "", settings.public_url(),
                          "Pengiriman e-mail belum diatur: pengelola aplikasi perlu mengisi "
                          "alamat server e-mail (MONEV_SMTP_URL kosong). Notifikasi tetap "
                          "tampil di aplikasi; e-mail menunggu di antrean sampai diatur.",
                          *bounces)
    return MailStatus(True, f"{server.where} ({TLS_LABELS.get(server.tls, server.tls)})",
                      settings.mail_from(server),
                      settings.public_url(), "", *bounces)


def _item(row: OutboxMail) -> OutboxItem:
    kind = EVENTS.get(row.event)
    bounced = row.state == "failed" and row.sent_at is not None
    return OutboxItem(row.id, row.to_address, row.subject, row.event,
                      kind.label if kind else row.event, row.state,
                      BOUNCED if bounced else STATES.get(row.state, row.state), row.attempts,
                      row.created_at,
                      row.next_attempt_at if row.state == "waiting" else None, row.sent_at,
                      row.server_reply, row.body if row.event not in SECRET_EVENTS else "",
                      bounced)


def list_outbox(db: Database, actor: Actor, *, state: str | None = None,
                limit: int = 500) -> list[OutboxItem]:
    """The newest e-mails first (optionally of one state). The body of a password e-mail is
    never shown. Raises :class:`PermissionDenied`, :class:`UsageError` (unknown state)."""
    if state is not None and state not in STATES:
        raise UsageError(f"Status '{state}' tidak dikenal: pilih {', '.join(STATES)}.")
    with db.read() as session:
        require(session, actor, Action.MANAGE_NOTIFICATIONS)
        query = select(OutboxMail).order_by(OutboxMail.id.desc()).limit(limit)
        if state is not None:
            query = query.where(OutboxMail.state == state)
        return [_item(row) for row in session.scalars(query)]


def counts(db: Database, actor: Actor) -> dict[str, int]:
    """How many e-mails are in each state."""
    with db.read() as session:
        require(session, actor, Action.MANAGE_NOTIFICATIONS)
        found = dict(session.execute(select(OutboxMail.state, func.count())
                                     .group_by(OutboxMail.state)).all())
        return {state: int(found.get(state, 0)) for state in STATES}


@dataclass(frozen=True, slots=True)
class Resent:
    """A resent e-mail: the copy's id, the address it goes to now and the failed one's
    (`previous`; the same unless the address was changed since)."""

    copy: int
    to: str
    previous: str

    @property
    def readdressed(self) -> bool:
        return self.to.lower() != self.previous.lower()


def _current_address(session, row: OutboxMail) -> str:
    """Where `row`'s recipient is reached now: an account's own address (its notifications
    went there), else the badan publik's registered address, else the address it had.
    Raises :class:`UsageError` when the recipient has none any more or is inactive."""
    if row.user_id is not None:
        user = session.get(User, row.user_id)
        address = session.scalar(select(UserEmail.email).where(
            UserEmail.user_id == row.user_id))
        if user is None or not user.active:
            raise UsageError(f"E-mail #{row.id} tidak dikirim ulang: akun penerimanya "
                             f"nonaktif.")
        if not (address or "").strip():
            raise UsageError(f"E-mail #{row.id} tidak dikirim ulang: akun {user.username} "
                             f"kini tidak mempunyai alamat e-mail. Isi alamatnya dahulu "
                             f"(Admin › Pengguna).")
        return address.strip()
    if row.badan_publik_id is not None:
        body = session.get(BadanPublik, row.badan_publik_id)
        if body is not None:
            if not (body.email or "").strip():
                raise UsageError(f"E-mail #{row.id} tidak dikirim ulang: {body.name} kini "
                                 f"tidak mempunyai alamat e-mail. Isi alamatnya dahulu "
                                 f"(Badan publik › Ubah e-mail dan alamat situs).")
            return body.email.strip()
    return row.to_address


def resend(db: Database, actor: Actor, mail_id: int) -> Resent:
    """Queue e-mail `mail_id` again (a new waiting copy, due now) to its recipient's
    *current* address — an address corrected after a refusal or bounce is used. A password
    e-mail is not sent again (its link is hidden: ask for a new one). Raises
    :class:`NotFound`, :class:`UsageError` (waiting still, a password e-mail, a recipient
    without an address now), :class:`PermissionDenied`."""
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_NOTIFICATIONS)
        row = session.get(OutboxMail, mail_id)
        if row is None:
            raise NotFound(f"E-mail #{mail_id} tidak ada di antrean.")
        if row.event in SECRET_EVENTS:
            raise UsageError("E-mail berisi tautan kata sandi tidak dapat dikirim ulang: "
                             "tautannya disembunyikan setelah dikirim. Minta pengguna meminta "
                             "tautan baru (Lupa kata sandi?), atau kirim undangan baru.")
        if row.state == "waiting":
            raise UsageError(f"E-mail #{mail_id} masih menunggu dikirim; tidak perlu dikirim "
                             f"ulang.")
        to = _current_address(session, row)
        pending = session.scalar(select(OutboxMail.id).where(
            OutboxMail.id > row.id, OutboxMail.state == "waiting",
            OutboxMail.event == row.event, OutboxMail.subject == row.subject,
            func.lower(OutboxMail.to_address) == to.lower()).limit(1))
        if pending is not None:  # a second click on the same failed e-mail
            raise UsageError(f"E-mail #{mail_id} sudah diantrekan lagi sebagai #{pending} ke "
                             f"{to} dan masih menunggu dikirim; tidak diantrekan dua kali.")
        copy = queue_mail(session, event=row.event, to=to, subject=row.subject,
                          body=row.body, notice_id=row.notice_id, cycle_id=row.cycle_id,
                          body_id=row.badan_publik_id, user_id=row.user_id,
                          attachment=row.attachment)
        session.flush()
        record(session, actor, "outbox.resend", cycle_id=row.cycle_id, entity="outbox",
               entity_id=row.id, new={"copy": copy.id, "to": to}
               if to != row.to_address else copy.id)
        return Resent(copy.id, to, row.to_address)


def withhold(db: Database, actor: Actor, domain: str, reason: str) -> int:
    """Mark every waiting e-mail to an address at `domain` (e.g. the demo's fictional
    ``sukamajukab.example``) failed, never sent, with `reason` as its answer; returns how
    many. Audited (``outbox.withhold``). Raises :class:`PermissionDenied`."""
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_NOTIFICATIONS)
        rows = list(session.scalars(select(OutboxMail).where(
            OutboxMail.state == "waiting",
            func.lower(OutboxMail.to_address).like(f"%@%{domain.lower()}"))))
        now = utcnow()
        for row in rows:
            row.state, row.server_reply, row.last_attempt_at = "failed", reason, now
            record(session, actor, "outbox.withhold", cycle_id=row.cycle_id,
                   entity="outbox", entity_id=row.id, old={"state": "waiting"},
                   new={"state": "failed", "server_reply": reason})
        return len(rows)


def read_bounces_now(db: Database, actor: Actor) -> BounceReport:
    """Read the bounces in the sender's mailbox now (:func:`notifications.bounces.
    read_bounces`, the audit events in `actor`'s name). Raises :class:`PermissionDenied`;
    a mailbox problem is in the report."""
    actor = require(db, actor, Action.MANAGE_NOTIFICATIONS)
    return read_bounces(db, actor=actor)


def retry_time(value: datetime, at: datetime) -> str:
    """When a retry is, as a sentence says it in WIB: ``pukul 17.52 WIB`` on the day of `at`,
    else ``pada 1 Desember 2026 10.42 WIB``. Times without a zone are UTC (stored ones)."""
    def day(when: datetime) -> date:
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(WIB).date()

    if day(value) == day(at):
        return f"pukul {date_time(value, WIB, 'HH.mm')}"
    return f"pada {date_time(value, WIB)}"


@dataclass(frozen=True, slots=True)
class SendSummary:
    """One sending round (:func:`send_now`) and what waits after it, read from the outbox at
    `at`: `retrying` e-mails wait for a retry (next attempt later than `at`, this round's and
    earlier ones'), the first at `next_retry_at`; `left` are due but were not taken (the
    round's limit). Not `configured` (no or an unreadable ``MONEV_SMTP_URL``: `unreadable`;
    `problem` says why): nothing was sent and every waiting e-mail is in `left`. `problem`
    is also a server problem of the round; `details` the answers for single e-mails
    (``address: answer``); `reminders` the deadline reminders written before sending;
    `unreached` which due reminders reached no one and why (``""`` when none); `last_reply`
    the server's answer when the first e-mail waiting for a retry was last tried, when that
    was before this round (this round's answers are in `details`), else ``""``."""

    configured: bool
    at: datetime
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    next_retry_at: datetime | None = None
    left: int = 0
    problem: str = ""
    reminders: int = 0
    details: tuple[str, ...] = ()
    unreached: str = ""
    unreadable: bool = False  # not `configured` because MONEV_SMTP_URL cannot be read
    last_reply: str = ""  # the server's answer to the first retry's last try, before the round

    @property
    def waiting(self) -> int:
        """Every e-mail still waiting."""
        return self.retrying + self.left

    def waiting_text(self, again: str) -> str:
        """What waits: ``1 menunggu dicoba lagi pukul 17.52 WIB`` (with ``(percobaan
        terakhir: …)`` when it was tried before this round), ``2 menunggu dicoba lagi,
        yang pertama …``, ``3 menunggu giliran dikirim (<again>)``, joined by ``;``, or
        ``tidak ada yang menunggu``. `again`: how to send the rest (``jalankan outbox send
        lagi``)."""
        parts = []
        if self.retrying and self.next_retry_at is not None:
            first = retry_time(self.next_retry_at, self.at)
            if self.last_reply:
                first += f" (percobaan terakhir: {self.last_reply.rstrip('.')})"
            parts.append(f"1 menunggu dicoba lagi {first}" if self.retrying == 1
                         else f"{self.retrying} menunggu dicoba lagi, yang pertama {first}")
        if self.left:
            parts.append(f"{self.left} menunggu giliran dikirim ({again})")
        return "; ".join(parts) or "tidak ada yang menunggu"

    def sentence(self, again: str) -> str:
        """The round in one sentence: ``Terkirim: 1; gagal: 0; 1 menunggu dicoba lagi pukul
        17.52 WIB.``; not configured: ``2 e-mail menunggu di antrean sampai pengiriman
        diatur.`` (empty when nothing waits; `problem` says why nothing was sent)."""
        if not self.configured:
            return (f"{self.waiting} e-mail menunggu di antrean sampai pengiriman diatur."
                    if self.waiting else "")
        return f"Terkirim: {self.sent}; gagal: {self.failed}; {self.waiting_text(again)}."


def send_now(db: Database, actor: Actor, *, limit: int = 200,
             now: datetime | None = None) -> SendSummary:
    """Send what is due now: one round of the sender (:func:`notifications.sender.tick`: the
    deadline reminders that are due, then at most `limit` due e-mails), then count what waits
    in the outbox (:class:`SendSummary`). Raises :class:`PermissionDenied`; a mail server
    problem is in the summary, never raised."""
    require(db, actor, Action.MANAGE_NOTIFICATIONS)
    started = now or utcnow()
    report = tick(db, now=now, limit=limit)  # the reminders it writes are due this round
    at = now or utcnow()
    waiting = OutboxMail.state == "waiting"
    later = OutboxMail.next_attempt_at > at
    with db.read() as session:
        retrying, first = session.execute(
            select(func.count(), func.min(OutboxMail.next_attempt_at))
            .where(waiting, later)).one()
        due = session.scalar(select(func.count()).where(
            waiting, OutboxMail.next_attempt_at <= at)) or 0
        earlier = session.execute(
            select(OutboxMail.server_reply, OutboxMail.last_attempt_at).where(waiting, later)
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(1)).first()
    last_reply = ""
    if earlier is not None and earlier.last_attempt_at is not None \
            and earlier.last_attempt_at < started:
        last_reply = earlier.server_reply or ""
    if not report.configured:
        retrying, first, due, last_reply = 0, None, retrying + due, ""
    return SendSummary(report.configured, at, report.sent, report.failed, int(retrying),
                       first, int(due), report.problem, report.reminders,
                       tuple(report.details), report.unreached, report.unreadable, last_reply)
