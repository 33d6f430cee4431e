"""Messages between the KI and a body's PPID (attachments, unread markers, an e-mail copy)
and password links by e-mail (single use, expiring, throttled, never telling whether an
address exists; a new account's first password), against a real SMTP server, on SQLite
and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from mail_server import PUBLIC_URL, MailServer
from sqlalchemy import select, update
from test_notification_mail import BODY_MAIL, KOOR_MAIL, PASSWORD, World, _text

from evidence.inspect import EvidenceRefused
from evidence.store import FolderStore
from monev import accounts
from monev.errors import PermissionDenied, UsageError
from monev.permissions import SYSTEM
from monev.sessions import Client
from notifications import inbox, messages, passwords, sender
from storage.models import OutboxMail, PasswordResetRequest, utcnow
from tests.evidence.evidence_samples import pdf_bytes

NEW_PASSWORD = "Kopi-Tubruk-Senja-2026!"


def _link(message) -> str:
    [found] = re.findall(r"https://\S+", _text(message))
    return found


def test_a_thread_between_the_ki_and_the_ppid(world: World, mail: MailServer,
                                             tmp_path: Path):
    store = FolderStore(tmp_path / "bukti")
    sample = pdf_bytes()
    sent = messages.post(world.db, world.koor, world.cycle, world.body,
                         "Mohon lengkapi SK PPID.", files=[("contoh-sk.pdf", sample)],
                         store=store)
    assert [a.file_name for a in sent.attachments] == ["contoh-sk.pdf"]
    # The PPID: unread in the thread list and on the bell; an e-mail copy at the body's
    # address with the link to the messages page.
    [mine] = messages.threads(world.db, world.ppid, world.cycle)
    assert (mine.body_id, mine.messages, mine.unread) == (world.body, 1, 1)
    assert inbox.unread_count(world.db, world.ppid) == 1
    sender.send_due(world.db)
    [copy] = mail.recorder.to(BODY_MAIL)
    assert "Mohon lengkapi SK PPID." in _text(copy)
    assert "Lampiran: contoh-sk.pdf" in _text(copy)
    assert f"{PUBLIC_URL}/messages" in _text(copy)
    [read] = messages.thread(world.db, world.ppid, world.cycle, world.body)
    assert read.unread
    assert read.author_role == "Koordinator PPID"
    name, media, data = messages.attachment(world.db, world.ppid, read.attachments[0].id,
                                            store=store)
    assert (name, media, data) == ("contoh-sk.pdf", "application/pdf", sample)
    assert messages.threads(world.db, world.ppid, world.cycle)[0].unread == 0
    # The PPID answers: the koordinator is told (in the app and at their address).
    messages.post(world.db, world.ppid, world.cycle, world.body, "Sudah kami unggah.",
                  store=store)
    assert messages.unread_total(world.db, world.koor, world.cycle) == 1
    sender.send_due(world.db)
    [answer] = mail.recorder.to(KOOR_MAIL)
    assert "Sudah kami unggah." in _text(answer)
    # The PPID sees only its own body's thread; a refused file stores nothing.
    with pytest.raises(PermissionDenied):
        messages.thread(world.db, world.ppid, world.cycle, world.other)
    with pytest.raises(EvidenceRefused):
        messages.post(world.db, world.ppid, world.cycle, world.body, "Ini lampirannya",
                      files=[("catatan.pdf", b"bukan pdf")], store=store)
    assert len(messages.thread(world.db, world.koor, world.cycle, world.body)) == 2


def test_a_reset_link_works_once_and_expires(world: World, mail: MailServer):
    client = Client(address="10.0.0.7")
    told = passwords.request_reset(world.db, "PPID", client)  # the username, any case
    unknown = passwords.request_reset(world.db, "tidak-ada@contoh.go.id", client)
    assert told == unknown  # never says whether it exists
    sender.send_due(world.db)
    # A PPID account without its own address: the body's address.
    [message] = mail.recorder.to(BODY_MAIL)
    link = _link(message)
    assert link.startswith(f"{PUBLIC_URL}/reset_password?token=")
    token = link.split("token=", 1)[1]
    # The database keeps only a hash, and the sent e-mail's copy loses the link.
    with world.db.read() as session:
        stored = list(session.scalars(select(PasswordResetRequest.token_hash)))
        assert token not in stored
        [mail_row] = session.scalars(select(OutboxMail).where(
            OutboxMail.event == "password_reset"))
        assert token not in mail_row.body
    assert passwords.check_link(world.db, token).username == "ppid"
    with pytest.raises(UsageError, match=r"terlalu mudah|terlalu pendek"):
        passwords.set_password(world.db, token, "ppid12345")
    assert passwords.set_password(world.db, token, NEW_PASSWORD, client) == "ppid"
    assert accounts.authenticate(world.db, "ppid", NEW_PASSWORD) is not None
    with pytest.raises(UsageError, match="sudah dipakai"):
        passwords.set_password(world.db, token, "Lain-Lagi-Sandi-2026?")
    # A second link, then expired.
    passwords.request_reset(world.db, BODY_MAIL, client)
    sender.send_due(world.db)
    token = _link(mail.recorder.to(BODY_MAIL)[-1]).split("token=", 1)[1]
    with world.db.transaction() as session:
        session.execute(update(PasswordResetRequest).values(
            expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(UsageError, match="kedaluwarsa"):
        passwords.set_password(world.db, token, "Lain-Lagi-Sandi-2026?")
    with pytest.raises(UsageError, match="tidak dikenal"):
        passwords.check_link(world.db, "palsu")


def test_reset_requests_are_throttled_alike(world: World, mail: MailServer):
    for _ in range(passwords.PER_KEY):
        passwords.request_reset(world.db, "koor")
        passwords.request_reset(world.db, "siapa@contoh.go.id")
    for typed in ("koor", "siapa@contoh.go.id"):
        with pytest.raises(UsageError, match="Terlalu banyak"):
            passwords.request_reset(world.db, typed)
    sender.send_due(world.db)
    assert len(mail.recorder.to(KOOR_MAIL)) == passwords.PER_KEY


def test_a_new_account_sets_its_first_password_by_link(world: World, mail: MailServer):
    accounts.add_user(world.db, SYSTEM, username="rina", password=PASSWORD, role="evaluator",
                      display_name="Rina Marlina")
    with pytest.raises(UsageError, match="belum mempunyai alamat"):
        passwords.invite(world.db, SYSTEM, "rina")
    accounts.set_email(world.db, SYSTEM, "rina", "rina@ki.example.go.id")
    assert passwords.invite(world.db, SYSTEM, "rina") == "rina@ki.example.go.id"
    with pytest.raises(PermissionDenied):
        passwords.invite(world.db, world.koor, "rina")  # not a PPID account of their scope
    sender.send_due(world.db)
    [welcome] = mail.recorder.to("rina@ki.example.go.id")
    assert welcome["Subject"] == "Akun Monev KIP Anda: buat kata sandi"
    token = _link(welcome).split("token=", 1)[1]
    assert passwords.check_link(world.db, token).purpose == "welcome"
    passwords.set_password(world.db, token, NEW_PASSWORD)
    assert accounts.authenticate(world.db, "rina", NEW_PASSWORD) is not None


def test_without_smtp_a_reset_says_to_ask_the_admin(world: World, no_mail: None):
    with pytest.raises(UsageError, match="admin KI"):
        passwords.request_reset(world.db, "ppid")
