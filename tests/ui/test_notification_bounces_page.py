"""Notifikasi & E-mail says whether bounces are read, reads them on request from a real IMAP
server (pymap, TLS, login) and shows a bounced e-mail "Gagal (dipantulkan)" with the
receiving server's answer (AppTest on a copy of the demo database)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from notifications.events import queue_mail
from storage.db import Database
from storage.models import OutboxMail, utcnow
from tests.notifications.bounce_messages import POSTFIX_ANSWER, postfix_bounce
from tests.notifications.imap_server import ImapServer
from tests.ui.demo_db import Demo, open_page

NOTIFICATION_ADMIN = "ui/pages/notification_admin.py"
TO = "ppid@tolak.example.go.id"
MESSAGE_ID = "<ui-bounce.1@ki.example.go.id>"


@pytest.fixture
def demo_db(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The demo copy's database; an SMTP server is named, bounce reading is not set up."""
    monkeypatch.setenv("MONEV_SMTP_URL", "smtp+plain://127.0.0.1:8025")
    monkeypatch.delenv("MONEV_IMAP_URL", raising=False)
    return demo.db


def test_the_page_says_bounces_are_not_read(demo_db: Database):
    at = open_page("admin", NOTIFICATION_ADMIN)
    assert any("Pembacaan pantulan e-mail belum diatur" in c.value for c in at.caption)
    assert not [b for b in at.button if b.label == "Baca pantulan sekarang"]


def test_an_unreadable_imap_url_is_a_warning(demo_db: Database,
                                             monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_IMAP_URL", "pop3://ki@mail.example.go.id")
    at = open_page("admin", NOTIFICATION_ADMIN)
    assert any("IMAP\\_URL tidak dapat dibaca" in w.value for w in at.warning)


def test_the_admin_reads_bounces_and_sees_the_bounced_mail(
        demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with demo_db.transaction() as session:
        row = queue_mail(session, event="message", to=TO, subject="Pesan baru",
                         body="Ada pesan baru di Monev KIP.")
        row.state, row.attempts, row.sent_at = "sent", 1, utcnow()
        row.server_reply, row.message_id = "diterima server", MESSAGE_ID
    folder = tmp_path / "imap"
    folder.mkdir()
    server = ImapServer(folder, "ssl").start()
    try:
        monkeypatch.setenv("MONEV_IMAP_URL", server.url())
        monkeypatch.setenv("MONEV_IMAP_CA_FILE", str(server.cert))
        original = EmailMessage()
        original["From"], original["To"] = "Monev KIP <monev@ki.example.go.id>", TO
        original["Subject"], original["Message-ID"] = "Pesan baru", MESSAGE_ID
        server.deliver(postfix_bounce(original, TO))
        at = open_page("admin", NOTIFICATION_ADMIN)
        assert any(f"127.0.0.1:{server.port}/INBOX (TLS)" in c.value for c in at.caption)
        [read] = [b for b in at.button if b.label == "Baca pantulan sekarang"]
        read.click().run()
        assert not at.exception
        assert any("Pantulan dibaca: 1; ditandai gagal sekarang: 1" in i.value
                   for i in at.info)
        [table] = at.dataframe
        [shown] = table.value[table.value["Kepada"] == TO].to_dict("records")
        assert shown["Status"] == "Gagal (dipantulkan)"
        assert shown["Jawaban server"] == (f"dipantulkan oleh relay.ki.example.go.id: "
                                           f"{POSTFIX_ANSWER}")
        # Failed e-mails are offered for resending first.
        [pick] = [x for x in at.selectbox if x.label == "E-mail yang dikirim ulang"]
        assert TO in pick.options[0]
    finally:
        server.stop()
    with demo_db.read() as session:
        stored = session.get(OutboxMail, row.id)
        assert stored is not None
        assert stored.state == "failed"
