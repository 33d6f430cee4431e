"""Reading bounces: delivery status notifications that arrive in the sender's mailbox after
the SMTP server accepted an e-mail, marked on the outbox row they report on.

A server that refuses an e-mail while it is being sent is seen by :mod:`notifications.sender`
at once. Most mail services (the KI's Gmail account, a Postfix relay) accept it instead and
later mail a bounce back to the sender: a *delivery status notification* (RFC 3464, a
``multipart/report; report-type=delivery-status`` message) with, per recipient,
``Final-Recipient``, ``Action: failed``, ``Status: 5.x.x`` and the receiving server's answer
(``Diagnostic-Code``), and the original message or its headers — with its ``Message-ID``.

:func:`read_bounces` logs in to the mailbox of ``MONEV_IMAP_URL`` (:mod:`imaplib`, the
mailbox opened read-only: nothing there is marked read, moved or deleted), looks at the
messages of the last ``MONEV_IMAP_DAYS`` days, and reads each delivery status notification
with the :mod:`email` package. A bounce is matched to its outbox row

* by the original ``Message-ID`` (the sender stores it on the row before sending; see
  :func:`notifications.sender._claim`), read from the returned message or its headers
  (``message/rfc822``, ``text/rfc822-headers``) or Gmail's ``X-Original-Message-ID`` —
  a bounce whose ``Message-ID`` is not one of ours (an e-mail someone sent by hand from
  the same account) is *unmatched*, never guessed;
* when the bounce carries no original headers: by the failed recipient, the newest e-mail
  to that address that was sent before the bounce was written.

The row becomes ``failed`` with the receiving server's answer as its ``server_reply``
(``dipantulkan oleh …: 550 5.1.1 …``) and keeps its ``sent_at``: a failed e-mail with a
``sent_at`` is one that was accepted and then bounced (:data:`notifications.outbox.BOUNCED`,
shown "Gagal (dipantulkan)"); an audit event ``outbox.bounce`` keeps the old state and
answer. Reading the same bounce again changes nothing (counted as already recorded); a
bounce that matches no row is counted and described in the report. Reports that are not
failures (``Action: delayed``, ``delivered``) are counted apart and change nothing.

:func:`read_bounces` never raises for a mail server problem (unreachable, login refused,
untrusted certificate, no such folder): :attr:`BounceReport.problem` says what went wrong
and how to fix it, in Bahasa Indonesia. The CLI's ``outbox bounces`` and the app's
background worker (:func:`notifications.sender.start_worker`, every
``MONEV_IMAP_SECONDS``) call it.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser, BytesParser, HeaderParser
from email.utils import parsedate_to_datetime

from sqlalchemy import func, select, update

from monev.audit import record
from monev.network import why_unreachable
from monev.permissions import SYSTEM, Actor
from notifications import settings
from notifications.redaction import SECRET_EVENTS, redact
from notifications.settings import ImapSettings, MailSettingsError
from storage.db import Database
from storage.models import OutboxMail, utcnow

log = logging.getLogger(__name__)

NOT_CONFIGURED = ("Pembacaan pantulan e-mail belum diatur (MONEV_IMAP_URL kosong): e-mail "
                  "yang diterima server lalu dipantulkan tetap tercatat 'Terkirim'.")
CHUNK = 200  # messages per FETCH command (a command line stays short)
SLACK = timedelta(minutes=10)  # clocks of other servers: a bounce 'written' before the send
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")
_UID = re.compile(rb"UID (\d+)")


@dataclass(frozen=True, slots=True)
class Bounce:
    """What one delivery status notification says.

    `failed`: the addresses it reports as not delivered (``Action: failed``; empty for a
    delay or success report); `reply`: the receiving server's answer, as the outbox shows
    it; `message_id`: the original e-mail's ``Message-ID`` ("" when the bounce does not
    carry its headers); `written`: the bounce's own ``Date`` (None when missing)."""

    failed: tuple[str, ...]
    reply: str
    message_id: str
    written: datetime | None
    subject: str = ""

    @property
    def is_failure(self) -> bool:
        return bool(self.failed)


@dataclass(slots=True)
class BounceReport:
    """What one reading of the mailbox did: bounces read (failure reports), of which
    `matched` marked an e-mail now, `already` had been recorded before and `unmatched`
    fit no e-mail of the outbox (`details` says which); `other`: delay or success reports
    (nothing changed); `problem`: why the mailbox could not be read."""

    configured: bool
    read: int = 0
    matched: int = 0
    already: int = 0
    unmatched: int = 0
    other: int = 0
    problem: str = ""
    details: list[str] = field(default_factory=list)


class BounceError(Exception):
    """The mailbox cannot be read; the message says why and what to do (Indonesian)."""


# -- reading one notification --------------------------------------------------------------


def is_report(message: Message) -> bool:
    """Whether `message` (or just its headers) is a delivery status notification."""
    return (message.get_content_type() == "multipart/report"
            and str(message.get_param("report-type", "")).lower() == "delivery-status")


def _words(value: object) -> str:
    return " ".join(str(value or "").split())


def _typed(value: object) -> str:
    """The value of an RFC 3464 field without its type: ``rfc822; a@b`` → ``a@b``,
    ``smtp; 550 …`` → ``550 …``."""
    text = _words(value)
    kind, sep, rest = text.partition(";")
    return rest.strip() if sep and re.fullmatch(r"[A-Za-z0-9.+-]+", kind.strip()) else text


def _original_headers(part: Message) -> Message | None:
    """The original message's headers from a ``message/rfc822`` or ``text/rfc822-headers``
    part."""
    kind = part.get_content_type()
    if kind == "message/rfc822":
        payload = part.get_payload()
        return payload[0] if isinstance(payload, list) and payload else None
    if kind in ("text/rfc822-headers", "message/rfc822-headers"):
        raw = part.get_payload(decode=True)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
        return HeaderParser(policy=policy.default).parsestr(text, headersonly=True)
    return None


def parse_bounce(message: Message) -> Bounce | None:
    """Read a delivery status notification (None when `message` is not one). Never raises
    for a malformed one: what cannot be read stays empty."""
    if not is_report(message):
        return None
    mta, failed, answers, original, reported_id = "", [], [], None, ""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            blocks = part.get_payload()
            if not isinstance(blocks, list):  # an unusual layout: parse the text
                raw = part.get_payload(decode=True) or b""
                text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                blocks = [HeaderParser().parsestr(chunk) for chunk in
                          re.split(r"\r?\n\r?\n", str(text)) if chunk.strip()]
            for block in blocks:
                if block.get("Reporting-MTA") and not mta:
                    mta = _typed(block["Reporting-MTA"])
                if block.get("X-Original-Message-ID") and not reported_id:  # Gmail's
                    reported_id = _words(block["X-Original-Message-ID"])
                if not block.get("Final-Recipient") and not block.get("Original-Recipient"):
                    continue
                if _words(block.get("Action")).lower() != "failed":
                    continue
                failed.append(_typed(block.get("Final-Recipient")
                                     or block.get("Original-Recipient")).lower())
                status = _words(block.get("Status"))
                diagnostic = _typed(block.get("Diagnostic-Code"))
                answer = diagnostic or "tanpa keterangan"
                if status and status not in answer:
                    answer = f"{answer} (status {status})"
                answers.append(answer)
        elif original is None:
            original = _original_headers(part)
    written = None
    if message.get("Date"):
        try:
            written = parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError):
            written = None
        if written is not None and written.tzinfo is None:
            written = written.replace(tzinfo=UTC)
    reply = "; ".join(dict.fromkeys(answers))
    reply = f"dipantulkan oleh {mta}: {reply}" if mta else f"dipantulkan: {reply}"
    message_id = (_words(original.get("Message-ID")) if original is not None else "") \
        or reported_id
    return Bounce(tuple(failed), reply if failed else "", message_id, written,
                  _words(original.get("Subject")) if original is not None else "")


# -- marking the outbox --------------------------------------------------------------------


def _find(db: Database, bounce: Bounce) -> OutboxMail | None:
    """The outbox row `bounce` reports on (module docstring), or None."""
    with db.read() as session:
        if bounce.message_id:
            return session.scalars(select(OutboxMail).where(
                OutboxMail.message_id == bounce.message_id)
                .order_by(OutboxMail.id.desc()).limit(1)).first()
        query = select(OutboxMail).where(
            func.lower(OutboxMail.to_address).in_(bounce.failed),
            OutboxMail.sent_at.is_not(None))
        if bounce.written is not None:
            query = query.where(OutboxMail.sent_at <= bounce.written + SLACK)
        return session.scalars(query.order_by(OutboxMail.sent_at.desc(),
                                              OutboxMail.id.desc()).limit(1)).first()


def apply_bounce(db: Database, bounce: Bounce, actor: Actor = SYSTEM) -> str:
    """Mark the e-mail `bounce` reports on as failed (module docstring). Returns
    ``"matched"`` (marked now), ``"already"`` (it was failed already: nothing changed),
    ``"unmatched"`` or ``"other"`` (not a failure report)."""
    if not bounce.is_failure:
        return "other"
    row = _find(db, bounce)
    if row is None:
        return "unmatched"
    if row.state == "failed":
        return "already"
    with db.transaction() as session:
        body = redact(row.body) if row.event in SECRET_EVENTS else row.body
        won = session.execute(update(OutboxMail).where(
            OutboxMail.id == row.id, OutboxMail.state == row.state).values(
            state="failed", server_reply=bounce.reply[:2000], body=body,
            sent_at=func.coalesce(OutboxMail.sent_at, utcnow()))).rowcount
        if not won:  # another reader (the worker, the CLI) was first
            return "already"
        record(session, actor, "outbox.bounce", cycle_id=row.cycle_id, entity="outbox",
               entity_id=row.id, old={"state": row.state, "server_reply": row.server_reply},
               new={"state": "failed", "server_reply": bounce.reply[:2000]},
               reason=f"pantulan e-mail untuk {', '.join(bounce.failed)}")
    return "matched"


def _describe(bounce: Bounce) -> str:
    about = f"Message-ID {bounce.message_id}" if bounce.message_id else "tanpa Message-ID asli"
    subject = f", subjek '{bounce.subject}'" if bounce.subject else ""
    return (f"pantulan untuk {', '.join(bounce.failed)} ({about}{subject}) tidak cocok "
            f"dengan e-mail mana pun di antrean — mungkin e-mail yang dikirim di luar "
            f"aplikasi dari kotak surat yang sama; {bounce.reply}")


def apply_all(db: Database, bounces: list[Bounce], actor: Actor = SYSTEM,
              report: BounceReport | None = None) -> BounceReport:
    """:func:`apply_bounce` for each of `bounces`, counted in `report` (a new one by
    default)."""
    report = report or BounceReport(True)
    for bounce in bounces:
        outcome = apply_bounce(db, bounce, actor)
        if outcome == "other":
            report.other += 1
            continue
        report.read += 1
        if outcome == "matched":
            report.matched += 1
        elif outcome == "already":
            report.already += 1
        else:
            report.unmatched += 1
            report.details.append(_describe(bounce))
    return report


# -- the mailbox ---------------------------------------------------------------------------


def _text(raw: object) -> str:
    """A server's answer as one line (IMAP answers come as bytes)."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
    return _words(text)


def _answer(exc: BaseException) -> str:
    return _text(exc.args[0] if exc.args else "") or type(exc).__name__


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _connect(server: ImapSettings) -> imaplib.IMAP4:
    """An open, logged-in connection with the mailbox selected read-only; raises
    :class:`BounceError` saying what went wrong."""
    client: imaplib.IMAP4 | None = None
    try:
        if server.tls == "ssl":
            client = imaplib.IMAP4_SSL(server.host, server.port,
                                       ssl_context=server.tls_context(),
                                       timeout=server.timeout)
        else:
            client = imaplib.IMAP4(server.host, server.port, timeout=server.timeout)
        if server.tls == "starttls":
            if "STARTTLS" not in client.capabilities:
                raise BounceError(
                    f"server IMAP {server.where} tidak menawarkan STARTTLS: sandi tidak "
                    f"dikirim tanpa enkripsi. Pakai imaps:// (port 993), atau imap+plain:// "
                    f"hanya untuk server lokal.")
            client.starttls(server.tls_context())
        if server.username:
            try:
                client.login(server.username, server.password)
            except imaplib.IMAP4.abort:
                raise
            except imaplib.IMAP4.error as exc:
                raise BounceError(
                    f"login ke server IMAP {server.where} ditolak: {_answer(exc)}; periksa "
                    f"pengguna dan sandi di MONEV_IMAP_URL (Gmail: pakai sandi aplikasi)."
                ) from None
        status, answer = client.select(_quoted(server.mailbox), readonly=True)
        if status != "OK":
            raise BounceError(
                f"kotak surat '{server.mailbox}' tidak dapat dibuka di server IMAP "
                f"{server.where}: {_text(answer[0] if answer else '')}; periksa nama "
                f"folder di akhir MONEV_IMAP_URL (misalnya /INBOX).")
        return client
    except BounceError:
        _close(client)
        raise
    except ssl.SSLCertVerificationError as exc:
        _close(client)
        raise BounceError(
            f"sertifikat server IMAP {server.where} tidak dipercaya "
            f"({exc.verify_message or exc.reason}); untuk server dengan otoritas sertifikat "
            f"sendiri isi MONEV_IMAP_CA_FILE dengan berkas PEM-nya.") from None
    except imaplib.IMAP4.error as exc:
        _close(client)
        raise BounceError(f"server IMAP {server.where} menjawab: {_answer(exc)}") from None
    except UnicodeError:
        _close(client)
        raise BounceError("pengguna atau sandi di MONEV_IMAP_URL memuat huruf di luar ASCII "
                          "yang tidak dapat dikirim lewat IMAP LOGIN.") from None
    except OSError as exc:
        _close(client)
        raise BounceError(f"server IMAP {server.where} tidak dapat dihubungi "
                          f"({why_unreachable(exc)}); periksa alamat dan port di "
                          f"MONEV_IMAP_URL.") from None


def _close(client: imaplib.IMAP4 | None) -> None:
    if client is None:
        return
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        client.logout()


def _fetched(data: list[object]) -> Iterator[tuple[bytes, bytes]]:
    """(UID, literal) of each message of an answer to ``UID FETCH``."""
    for item in data:
        if isinstance(item, tuple) and len(item) >= 2:
            found = _UID.search(item[0])
            if found and isinstance(item[1], bytes):
                yield found.group(1), item[1]


def _checked(status: str, data: list[object], what: str) -> list[object]:
    if status != "OK":
        raise imaplib.IMAP4.error(f"{what} ditolak: {_text(data[0] if data else '')}")
    return data


def fetch_bounces(server: ImapSettings, *, now: datetime | None = None) -> list[Bounce]:
    """The delivery status notifications of the last ``MONEV_IMAP_DAYS`` days in the
    mailbox, oldest first (nothing in the mailbox is changed). Raises
    :class:`BounceError`."""
    client = _connect(server)
    try:
        since = (now or utcnow()) - timedelta(days=settings.bounce_days())
        day = f"{since.day}-{_MONTHS[since.month - 1]}-{since.year}"
        status, data = client.uid("SEARCH", "SINCE", day)
        found = _checked(status, data, "pencarian")
        uids = [uid.decode() for uid in (found[0] or b"").split()] if found else []
        reports: list[bytes] = []
        headers = BytesHeaderParser(policy=policy.default)
        for start in range(0, len(uids), CHUNK):
            chunk = ",".join(uids[start:start + CHUNK])
            status, data = client.uid("FETCH", chunk,
                                      "(UID BODY.PEEK[HEADER.FIELDS (CONTENT-TYPE)])")
            for uid, header in _fetched(_checked(status, data, "membaca kepala pesan")):
                if is_report(headers.parsebytes(header)):
                    reports.append(uid)
        bounces = []
        parser = BytesParser(policy=policy.default)
        for uid in reports:
            status, data = client.uid("FETCH", uid, "(UID BODY.PEEK[])")
            for _, raw in _fetched(_checked(status, data, "membaca pesan")):
                message = parser.parsebytes(raw)
                assert isinstance(message, EmailMessage)
                bounce = parse_bounce(message)
                if bounce is not None:
                    bounces.append(bounce)
        return bounces
    except imaplib.IMAP4.error as exc:
        raise BounceError(f"server IMAP {server.where}: {_answer(exc)}") from None
    except OSError as exc:
        raise BounceError(f"hubungan ke server IMAP {server.where} terputus "
                          f"({why_unreachable(exc)}).") from None
    finally:
        _close(client)


def read_bounces(db: Database, *, actor: Actor = SYSTEM,
                 now: datetime | None = None) -> BounceReport:
    """Read the mailbox of ``MONEV_IMAP_URL`` and mark the e-mails its bounces report on
    (module docstring). Never raises for a mail server problem: the report says it."""
    try:
        server = settings.imap()
    except MailSettingsError as exc:
        return BounceReport(False, problem=str(exc))
    if server is None:
        return BounceReport(False, problem=NOT_CONFIGURED)
    try:
        bounces = fetch_bounces(server, now=now)
    except BounceError as exc:
        return BounceReport(True, problem=f"Pantulan e-mail tidak dapat dibaca: {exc}")
    report = apply_all(db, bounces, actor)
    if report.unmatched:
        # Said by the CLI and the admin page with each bounce; not an error of the app
        # (a bounce of an e-mail sent by hand from the same mailbox): no warning on stderr.
        log.info("%d pantulan tidak cocok dengan e-mail mana pun di antrean",
                 report.unmatched)
    return report
