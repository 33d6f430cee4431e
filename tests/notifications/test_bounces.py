"""Bounces read from the sender's mailbox on a real IMAP server (pymap, TLS, login) after a
real SMTP server accepted the e-mail, on SQLite and PostgreSQL: a Gmail bounce and a Postfix
bounce mark their e-mail "Gagal (dipantulkan)" with the receiving server's answer (in the
outbox, the CLI and the audit log); a second reading changes nothing; a bounce of an e-mail
that is not the app's is reported, not guessed; a delay report changes nothing; a bounce
without the original headers is matched by its recipient; a refused login, an unreachable
server and an untrusted certificate are said plainly (exit 1, no traceback); the mailbox is
left as it was; the app's worker reads the bounces."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from bounce_messages import POSTFIX_ANSWER, gmail_bounce, postfix_bounce
from imap_server import USER, ImapServer
from mail_server import MailServer, free_port
from sqlalchemy import select
from test_notification_mail import BODY_MAIL, OTHER_MAIL, World

from monev.cli import main as cli
from monev.permissions import SYSTEM
from notifications import bounces, outbox, sender
from storage.db import Database
from storage.models import Event, OutboxMail, utcnow
from tests.conftest import cheap_hashing


def start_imap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tls: str) -> ImapServer:
    folder = tmp_path / f"imap-{tls}"  # its own certificate (the SMTP one is smtp.pem too)
    folder.mkdir()
    server = ImapServer(folder, tls).start()
    monkeypatch.setenv("MONEV_IMAP_URL", server.url())
    monkeypatch.setenv("MONEV_IMAP_CA_FILE", str(server.cert))
    return server


@pytest.fixture
def imap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ImapServer]:
    """The sender's mailbox over TLS from the first byte (imaps://), as Gmail's."""
    server = start_imap(tmp_path, monkeypatch, "ssl")
    try:
        yield server
    finally:
        server.stop()


def run_cli(db: Database, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli(["--database", db.url, "outbox", *args], out, err)
    return code, out.getvalue(), err.getvalue()


def sent_receipts(world: World, mail: MailServer, *names: str) -> list[EmailMessage]:
    """Upload the workbook of each body named (a receipt to its address) and send."""
    from monev import imports

    for name in names:
        assert imports.import_paths(world.db, world.koor, world.cycle,
                                    [world.workbook(name)]).ok
    assert sender.send_due(world.db).sent == len(names)
    return list(mail.messages)


def bounce_events(db: Database) -> list[Event]:
    with db.read() as session:
        return list(session.scalars(select(Event).where(Event.action == "outbox.bounce")))


def test_a_gmail_bounce_marks_the_sent_mail_failed_once(world: World, mail: MailServer,
                                                        imap: ImapServer):
    [receipt] = sent_receipts(world, mail, "Dinas Daring")
    [row] = world.outbox()
    assert row.state == "sent"
    assert row.message_id == receipt["Message-ID"]
    imap.deliver(gmail_bounce(receipt))
    code, out, err = run_cli(world.db, "bounces")
    assert code == 0, err
    assert out.splitlines()[0] == ("Pantulan dibaca: 1; ditandai gagal sekarang: 1; sudah "
                                   "tercatat sebelumnya: 0; tidak cocok: 0.")
    [item] = outbox.list_outbox(world.db, SYSTEM)
    assert (item.state, item.state_label, item.bounced) == ("failed", "Gagal (dipantulkan)",
                                                            True)
    assert item.server_reply.startswith("dipantulkan oleh googlemail.com: 550-5.1.1 The "
                                        "email account that you tried to reach does not "
                                        "exist.")
    assert "(status 5.1.1)" not in item.server_reply  # the answer names it already
    assert item.sent_at is not None  # it was sent; then it bounced
    assert outbox.counts(world.db, SYSTEM) == {"waiting": 0, "sent": 0, "failed": 1}
    # The outbox list shows it too.
    code, out, _ = run_cli(world.db, "list")
    assert code == 0
    assert "Gagal (dipantulkan)" in out
    assert "does not exist" in out
    # Who/when/old/new in the audit log.
    [event] = bounce_events(world.db)
    assert (event.entity, event.entity_id) == ("outbox", str(row.id))
    assert event.old == {"state": "sent", "server_reply": "diterima server"}
    assert event.new["state"] == "failed"
    assert BODY_MAIL in event.reason
    # Reading the same mailbox again changes nothing.
    code, out, _ = run_cli(world.db, "bounces")
    assert code == 0
    assert "Pantulan dibaca: 1; ditandai gagal sekarang: 0; sudah tercatat sebelumnya: 1; " \
           "tidak cocok: 0." in out
    [again] = outbox.list_outbox(world.db, SYSTEM)
    assert again == item
    assert len(bounce_events(world.db)) == 1
    # The mailbox is read, not changed: the bounce is still unread there.
    assert imap.unseen() == 1
    # Sent again, the copy goes out; the bounce does not touch it.
    copy = outbox.resend(world.db, SYSTEM, item.id).copy
    assert sender.send_due(world.db).sent == 1
    assert bounces.read_bounces(world.db).already == 1
    assert [(i.id, i.state) for i in outbox.list_outbox(world.db, SYSTEM)] == [
        (copy, "sent"), (item.id, "failed")]


def test_postfix_bounces_delays_and_strangers(world: World, mail: MailServer,
                                              imap: ImapServer):
    daring, buku = sent_receipts(world, mail, "Dinas Daring", "Dinas Buku")
    # Postfix returns the headers only; a delay report first (nothing changes yet).
    imap.deliver(postfix_bounce(buku, OTHER_MAIL, "451 4.4.1 Connection timed out",
                                action="delayed", status="4.4.1"))
    imap.deliver(postfix_bounce(buku, OTHER_MAIL))
    # A bounce of an e-mail someone sent by hand from the same mailbox.
    stranger = EmailMessage()
    stranger["From"], stranger["To"] = USER, "humas@kabupaten.example.go.id"
    stranger["Subject"] = "Undangan rapat koordinasi"
    stranger["Message-ID"] = make_msgid("manual", domain="mail.gmail.com")
    stranger.set_content("Undangan terlampir.")
    imap.deliver(gmail_bounce(stranger, "550 5.1.1 User unknown"))
    # Mail that is not a delivery report at all.
    note = EmailMessage()
    note["From"], note["To"] = BODY_MAIL, USER
    note["Subject"] = "Terima kasih"
    note.set_content("Tanda terima sudah kami terima.")
    imap.deliver(note)

    code, out, err = run_cli(world.db, "bounces")
    assert code == 0, err
    assert out.splitlines() == [
        "Pantulan dibaca: 2; ditandai gagal sekarang: 1; sudah tercatat sebelumnya: 0; "
        "tidak cocok: 1.",
        "Laporan lain (tertunda atau terkirim, tidak mengubah apa pun): 1."]
    [line] = err.splitlines()
    assert "humas@kabupaten.example.go.id" in line
    assert stranger["Message-ID"] in line
    assert "Undangan rapat koordinasi" in line
    assert "tidak cocok" in line
    assert "Traceback" not in err
    by_to = {i.to: i for i in outbox.list_outbox(world.db, SYSTEM)}
    assert by_to[BODY_MAIL].state == "sent"  # its receipt arrived
    failed = by_to[OTHER_MAIL]
    assert failed.state_label == "Gagal (dipantulkan)"
    assert failed.server_reply == f"dipantulkan oleh relay.ki.example.go.id: {POSTFIX_ANSWER}"
    assert daring["Message-ID"] != buku["Message-ID"]
    # Again: the stranger is reported again; nothing changes.
    report = bounces.read_bounces(world.db)
    assert (report.read, report.matched, report.already, report.unmatched, report.other) == (
        2, 0, 1, 1, 1)
    assert len(bounce_events(world.db)) == 1


def test_a_bounce_without_the_original_is_matched_by_its_recipient(world: World,
                                                                   mail: MailServer,
                                                                   imap: ImapServer):
    sent_receipts(world, mail, "Dinas Daring")
    [first] = world.outbox()
    imap.deliver(postfix_bounce(None, BODY_MAIL.upper()))  # no headers; case differs
    # Another e-mail to the same address, sent after the bounce was written.
    with world.db.transaction() as session:
        session.add(OutboxMail(event="message", to_address=BODY_MAIL, subject="Pesan baru",
                               body="isi", state="sent", attempts=1,
                               sent_at=utcnow() + timedelta(hours=2),
                               server_reply="diterima server", message_id="<later@ki>"))
    report = bounces.read_bounces(world.db)
    assert (report.read, report.matched, report.unmatched) == (1, 1, 0), report
    states = {row.id: row.state for row in world.outbox()}
    assert states[first.id] == "failed"
    assert sorted(states.values()) == ["failed", "sent"]  # the later e-mail is untouched
    assert bounces.read_bounces(world.db).already == 1
    assert {row.id: row.state for row in world.outbox()} == states


def test_mailbox_problems_are_said_plainly(world: World, imap: ImapServer,
                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_IMAP_URL", imap.url(password="sandi-salah"))
    code, out, err = run_cli(world.db, "bounces")
    assert code == 1
    assert out == ""
    assert err.startswith("Pantulan e-mail tidak dapat dibaca: login ke server IMAP "
                          f"127.0.0.1:{imap.port}/INBOX ditolak")
    assert "periksa pengguna dan sandi di MONEV_IMAP_URL" in err
    assert "sandi-salah" not in err
    assert "Traceback" not in err
    # A folder that does not exist.
    monkeypatch.setenv("MONEV_IMAP_URL", imap.url(mailbox="Pantulan"))
    code, _, err = run_cli(world.db, "bounces")
    assert code == 1
    assert "kotak surat 'Pantulan' tidak dapat dibuka" in err
    # A certificate the system does not trust.
    monkeypatch.setenv("MONEV_IMAP_URL", imap.url())
    monkeypatch.delenv("MONEV_IMAP_CA_FILE")
    monkeypatch.delenv("MONEV_SMTP_CA_FILE", raising=False)
    code, _, err = run_cli(world.db, "bounces")
    assert code == 1
    assert "tidak dipercaya" in err
    assert "MONEV_IMAP_CA_FILE" in err
    # Nobody listening.
    monkeypatch.setenv("MONEV_IMAP_URL", f"imaps://u:p@127.0.0.1:{free_port()}/INBOX")
    code, _, err = run_cli(world.db, "bounces")
    assert code == 1
    assert "tidak dapat dihubungi" in err
    # Unreadable configuration.
    monkeypatch.setenv("MONEV_IMAP_URL", "pop3://u:p@mail.example.go.id")
    code, _, err = run_cli(world.db, "bounces")
    assert code == 1
    assert "MONEV_IMAP_URL tidak dapat dibaca" in err
    # Not configured: said, and nothing is wrong.
    monkeypatch.delenv("MONEV_IMAP_URL")
    code, out, err = run_cli(world.db, "bounces")
    assert (code, err) == (0, "")
    assert "MONEV_IMAP_URL kosong" in out
    assert not outbox.mail_status().bounces_configured


def test_starttls_mailbox(world: World, mail: MailServer, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch):
    server = start_imap(tmp_path, monkeypatch, "starttls")
    try:
        [receipt] = sent_receipts(world, mail, "Dinas Daring")
        server.deliver(gmail_bounce(receipt))
        status = outbox.mail_status()
        assert status.bounces_configured
        assert status.bounces_server == f"127.0.0.1:{server.port}/INBOX (STARTTLS)"
        assert bounces.read_bounces(world.db).matched == 1
    finally:
        server.stop()
    # A server that offers no STARTTLS: imap:// does not send the password in clear.
    plain = start_imap(tmp_path, monkeypatch, "none")
    try:
        report = bounces.read_bounces(world.db)
        assert report.problem == (
            f"Pantulan e-mail tidak dapat dibaca: server IMAP 127.0.0.1:{plain.port}/INBOX "
            f"tidak menawarkan STARTTLS: sandi tidak dikirim tanpa enkripsi. Pakai imaps:// "
            f"(port 993), atau imap+plain:// hanya untuk server lokal.")
        # Said plainly that it is a local server without TLS, it is read.
        monkeypatch.setenv("MONEV_IMAP_URL", plain.url().replace("imap://", "imap+plain://"))
        report = bounces.read_bounces(world.db)
        assert (report.problem, report.read) == ("", 0)
    finally:
        plain.stop()


def test_the_app_worker_reads_bounces(mail: MailServer, imap: ImapServer, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch):
    cheap_hashing(monkeypatch)
    path = tmp_path / "worker.db"
    db = Database(f"sqlite:///{path}")
    world = World(db, tmp_path)
    [receipt] = sent_receipts(world, mail, "Dinas Daring")
    imap.deliver(gmail_bounce(receipt))
    monkeypatch.setenv("MONEV_IMAP_SECONDS", "1")
    worker = threading.Thread(target=sender._loop, args=(db, 1), daemon=True)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and world.outbox()[0].state != "failed":
            time.sleep(0.2)
        [row] = world.outbox()
        assert row.state == "failed"
        assert "does not exist" in row.server_reply
    finally:
        db.dispose()
        path.unlink()  # the worker ends when its database is gone
        worker.join(10)
    assert not worker.is_alive()


def test_only_the_admin_reads_bounces(world: World, imap: ImapServer):
    from monev.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        outbox.read_bounces_now(world.db, world.koor)
    out, err = io.StringIO(), io.StringIO()
    code = cli(["--database", world.db.url, "--as", "ppid", "outbox", "bounces"], out, err)
    assert code != 0
    assert "antrean e-mail" in err.getvalue()  # the right that is missing, named
    assert "Traceback" not in err.getvalue()
    assert outbox.read_bounces_now(world.db, SYSTEM).read == 0
