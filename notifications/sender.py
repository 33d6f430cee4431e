"""The sender: the outbox's waiting e-mails over SMTP, with retries and back-off.

:func:`send_due` takes the e-mails that are due (state ``waiting``, ``next_attempt_at``
passed), claims each one (an ``UPDATE … WHERE state = 'waiting' AND next_attempt_at <= now``
that only one worker can win, which also moves its next attempt out by a lease, so a worker
that dies mid-send does not lose it) and sends it with :mod:`smtplib` — STARTTLS on port 587
by default (:mod:`notifications.settings`). Then, in a short transaction:

* accepted by the server → ``sent``, with the server's answer;
* refused for good (a 5xx answer: unknown mailbox, rejected sender or content) →
  ``failed``, with the server's answer — a bounce the admin sees in the outbox;
* refused for now (4xx: greylisting, a full mailbox), the server unreachable or the login
  refused → stays ``waiting``, with the answer, and is tried again after
  :func:`notifications.settings.retry_after` (doubling each time); after
  :func:`~notifications.settings.max_attempts` attempts it is ``failed``.

Without ``MONEV_SMTP_URL`` nothing is sent: :func:`send_due` reports that e-mail is not
configured and every e-mail stays waiting (the notifications are in the app anyway).
:func:`tick` is what the CLI's ``outbox send`` and the app's background worker
(:func:`start_worker`) run: the deadline reminders that are due, then the sending. With
``MONEV_IMAP_URL`` set the worker also reads the bounces that arrived in the sender's
mailbox every ``MONEV_IMAP_SECONDS`` (:mod:`notifications.bounces`), so an e-mail accepted
by the server and bounced later is shown failed, not sent.

An e-mail carrying a password link (``password_reset``, ``welcome``) has its link removed
from the stored copy as soon as it is sent or has failed for good: the database never keeps a
usable link longer than needed (only the token's hash is kept, see
:mod:`notifications.passwords`).
"""

from __future__ import annotations

import contextlib
import io
import logging
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from sqlalchemy import select, update

from monev.network import why_unreachable
from notifications import settings
from notifications.redaction import SECRET_EVENTS, redact
from notifications.settings import MailSettingsError, SmtpSettings
from storage.db import Database
from storage.models import OutboxMail, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a claimed e-mail is not claimed again for this long


@dataclass(slots=True)
class SendReport:
    """What one run of the sender did."""

    configured: bool
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    problem: str = ""  # why nothing could be sent (not configured, server down …)
    reminders: int = 0  # reminder notices written by the tick before sending
    unreached: str = ""  # which due reminders reached no one, and why (reminders.UNREACHED)
    unreadable: bool = False  # MONEV_SMTP_URL (or its companions) set but cannot be read
    details: list[str] = field(default_factory=list)


class _Retry(Exception):
    """Try again later (a 4xx answer, the server unreachable); `lost`: the connection is
    gone (the other e-mails of the round wait too)."""

    def __init__(self, message: str, *, lost: bool = False) -> None:
        super().__init__(message)
        self.lost = lost


class _Refused(Exception):
    """Refused for good (a 5xx answer)."""


def _reply(code: int | None, message: bytes | str | None) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else \
        str(message or "")
    text = " ".join(text.split())
    return f"{code} {text}".strip() if code else text


def _connect(server: SmtpSettings) -> smtplib.SMTP:
    """An open, logged-in connection; raises :class:`_Retry` saying what went wrong."""
    try:
        if server.tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=server.timeout,
                context=server.tls_context())
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        client.ehlo()
        if server.tls == "starttls":
            client.starttls(context=server.tls_context())
            client.ehlo()
        if server.username:
            client.login(server.username, server.password)
        return client
    except smtplib.SMTPAuthenticationError as exc:
        raise _Retry(f"login ke server e-mail {server.where} ditolak: "
                     f"{_reply(exc.smtp_code, exc.smtp_error)}; periksa pengguna dan sandi "
                     f"di MONEV_SMTP_URL") from None
    except smtplib.SMTPNotSupportedError:
        raise _Retry(f"server e-mail {server.where} tidak mendukung STARTTLS; pakai "
                     f"smtps:// (port 465) atau smtp+plain:// untuk relai lokal") from None
    except smtplib.SMTPResponseException as exc:
        raise _Retry(f"server e-mail {server.where} menjawab "
                     f"{_reply(exc.smtp_code, exc.smtp_error)}") from None
    except OSError as exc:
        raise _Retry(f"server e-mail {server.where} tidak dapat dihubungi "
                     f"({why_unreachable(exc)})") from None
    except smtplib.SMTPException as exc:
        raise _Retry(f"server e-mail {server.where} tidak dapat dihubungi "
                     f"({exc or type(exc).__name__})") from None


def _message(row: OutboxMail, sender: str, attachment: tuple[str, bytes] | None
             ) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = row.message_id or message_id(sender)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row.body)
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message


def _deliver(client: smtplib.SMTP, message: EmailMessage) -> str:
    """Send one message; the server's answer. Raises :class:`_Refused` (5xx) or
    :class:`_Retry` (4xx, connection lost)."""
    try:
        refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        answers = [(code, msg) for code, msg in exc.recipients.values()]
        code, msg = answers[0] if answers else (None, b"")
        text = f"alamat ditolak server: {_reply(code, msg)}"
        if code is not None and code >= 500:
            raise _Refused(text) from None
        raise _Retry(text) from None
    except smtplib.SMTPResponseException as exc:
        text = f"ditolak server: {_reply(exc.smtp_code, exc.smtp_error)}"
        if exc.smtp_code >= 500:
            raise _Refused(text) from None
        raise _Retry(text) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise _Retry(f"hubungan ke server e-mail terputus ({exc or type(exc).__name__})",
                     lost=True) from None
    if refused:
        code, msg = next(iter(refused.values()))
        raise _Refused(f"alamat ditolak server: {_reply(code, msg)}")
    return "diterima server"


def message_id(sender: str) -> str:
    """A new ``Message-ID`` in the sender's domain (``<…@ki.example.go.id>``; the machine's
    name, often ``localhost``, makes receiving servers suspicious)."""
    return make_msgid("monev", domain=parseaddr(sender)[1].rpartition("@")[2] or None)


def _claim(db: Database, now: datetime, limit: int, sender: str) -> list[OutboxMail]:
    """Claim up to `limit` due e-mails (each claimed by one worker only); each gets its
    Message-ID (in `sender`'s domain) on its first attempt."""
    with db.read() as session:
        ids = list(session.scalars(select(OutboxMail.id).where(
            OutboxMail.state == "waiting", OutboxMail.next_attempt_at <= now)
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)))
    claimed = []
    for mail_id in ids:
        with db.transaction() as session:
            won = session.execute(update(OutboxMail).where(
                OutboxMail.id == mail_id, OutboxMail.state == "waiting",
                OutboxMail.next_attempt_at <= now).values(
                next_attempt_at=now + LEASE, last_attempt_at=now,
                attempts=OutboxMail.attempts + 1)).rowcount
            if won:
                row = session.get(OutboxMail, mail_id)
                assert row is not None
                if not row.message_id:
                    row.message_id = message_id(sender)
                session.flush()
                session.expunge(row)
                claimed.append(row)
    return claimed


def _finish(db: Database, row: OutboxMail, state: str, reply: str, now: datetime) -> None:
    with db.transaction() as session:
        stored = session.get(OutboxMail, row.id)
        if stored is None:
            return
        stored.server_reply = reply[:2000]
        if state == "waiting" and stored.attempts >= settings.max_attempts():
            state = "failed"
            stored.server_reply = (f"gagal setelah {stored.attempts} percobaan; jawaban "
                                   f"terakhir: {reply}")[:2000]
        stored.state = state
        if state == "sent":
            stored.sent_at = now
        if state == "waiting":
            stored.next_attempt_at = now + settings.retry_after(stored.attempts)
        if state in ("sent", "failed") and stored.event in SECRET_EVENTS:
            stored.body = redact(stored.body)


Attach = Callable[[Database, OutboxMail], tuple[str, bytes] | None]


def report_card(db: Database, row: OutboxMail) -> tuple[str, bytes] | None:
    """The report card PDF of the e-mail's body and cycle (built now)."""
    if row.attachment != "report_card" or row.cycle_id is None or row.badan_publik_id is None:
        return None
    from monev.exports.report_card import export_report_card
    from monev.permissions import SYSTEM

    target = io.BytesIO()
    exported = export_report_card(db, SYSTEM, row.cycle_id, row.badan_publik_id, target)
    return exported.file_name, target.getvalue()


def send_due(db: Database, *, limit: int = 200, now: datetime | None = None,
             attach: Attach = report_card) -> SendReport:
    """Send the e-mails that are due (module docstring). Never raises for a mail server
    problem: the report says what happened."""
    try:
        server = settings.smtp()
    except MailSettingsError as exc:
        return SendReport(False, problem=str(exc), unreadable=True)
    if server is None:
        return SendReport(False, problem="Pengiriman e-mail belum diatur (MONEV_SMTP_URL "
                                         "kosong): notifikasi hanya tampil di aplikasi.")
    report = SendReport(True)
    now = now or utcnow()
    sender = settings.mail_from(server)
    rows = _claim(db, now, limit, sender)
    if not rows:
        return report
    try:
        client = _connect(server)
    except _Retry as exc:
        for row in rows:
            _finish(db, row, "waiting", str(exc), now)
            report.retrying += 1
        report.problem = str(exc)
        return report
    try:
        for n, row in enumerate(rows):
            note = ""
            try:
                extra = attach(db, row) if row.attachment else None
            except Exception as exc:  # the mail goes without it; the link is in the text
                log.warning("attachment of outbox mail %s failed", row.id, exc_info=True)
                extra, note = None, f" (tanpa lampiran: {exc})"
            try:
                reply = _deliver(client, _message(row, sender, extra))
            except _Refused as exc:
                _finish(db, row, "failed", str(exc), now)
                report.failed += 1
                report.details.append(f"{row.to_address}: {exc}")
                continue
            except _Retry as exc:
                _finish(db, row, "waiting", str(exc), now)
                report.retrying += 1
                report.details.append(f"{row.to_address}: {exc}")
                if exc.lost:
                    for rest in rows[n + 1:]:  # the connection is gone: the rest later
                        _finish(db, rest, "waiting", str(exc), now)
                        report.retrying += 1
                    report.problem = str(exc)
                    return report
                continue
            _finish(db, row, "sent", reply + note, now)
            report.sent += 1
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()
    return report


def tick(db: Database, *, now: datetime | None = None, limit: int = 200) -> SendReport:
    """One round of the worker: the deadline reminders that are due, then
    :func:`send_due`."""
    from notifications.reminders import write_reminders

    reminders = write_reminders(db)
    report = send_due(db, now=now, limit=limit)
    report.reminders = reminders.written
    report.unreached = reminders.warning()
    return report


# -- the app's background worker -----------------------------------------------------------

_WORKERS: dict[str, threading.Thread] = {}
_LOCK = threading.Lock()


def _alive(db: Database) -> bool:
    """Whether the worker's database is still there (an SQLite file not deleted)."""
    if db.url.startswith("sqlite"):
        from pathlib import Path

        path = db.url.split("///", 1)[-1]
        return path in ("", ":memory:") or Path(path).exists()
    return True


def _read_bounces(db: Database) -> None:
    """One reading of the bounces (nothing when MONEV_IMAP_URL is not set); a problem is
    logged, the next round tries again."""
    from notifications.bounces import read_bounces

    report = read_bounces(db)
    if report.configured and report.problem:
        log.warning("reading bounces: %s", report.problem)


def _loop(db: Database, every: int) -> None:
    last_bounces = -float("inf")
    while _alive(db):
        try:
            tick(db)
        except Exception:  # never end the worker; the next round tries again
            log.warning("outbox worker round failed", exc_info=True)
        if time.monotonic() - last_bounces >= settings.bounce_seconds():
            last_bounces = time.monotonic()
            try:
                _read_bounces(db)
            except Exception:
                log.warning("outbox worker: reading bounces failed", exc_info=True)
        time.sleep(every)
    with _LOCK:
        _WORKERS.pop(db.url, None)


def start_worker(db: Database) -> bool:
    """Start the app's background sender for `db` once per process (a daemon thread that
    runs :func:`tick` every ``MONEV_MAIL_WORKER_SECONDS`` and reads bounces every
    ``MONEV_IMAP_SECONDS`` when ``MONEV_IMAP_URL`` is set); ``MONEV_MAIL_WORKER=0`` turns
    it off. Returns whether a worker runs."""
    import os

    if os.environ.get("MONEV_MAIL_WORKER", "").strip().lower() in ("0", "false", "tidak"):
        return False
    with _LOCK:
        worker = _WORKERS.get(db.url)
        if worker is not None and worker.is_alive():
            return True
        worker = threading.Thread(target=_loop, args=(db, settings.worker_seconds()),
                                  name="monev-outbox", daemon=True)
        _WORKERS[db.url] = worker
        worker.start()
    return True


def smtp_reachable(server: SmtpSettings, timeout: float = 5.0) -> str:
    """"" when `server` accepts a connection, else why not (for the admin page)."""
    try:
        with socket.create_connection((server.host, server.port), timeout=timeout):
            return ""
    except OSError as exc:
        return why_unreachable(exc)
