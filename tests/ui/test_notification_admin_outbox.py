"""Notifikasi & E-mail › Antrean e-mail, as the admin sees it (AppTest on a copy of the demo
database, a real local SMTP server): when a refused e-mail is tried again (WIB), the whole
server answer of a bounce (Gmail's, long) in Rincian e-mail, the resend confirmation next
to its button, and the deadline reminders that reach no one named after sending."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from notifications.events import queue_mail
from storage.db import Database
from storage.models import utcnow
from tests.notifications.bounce_messages import GMAIL_ANSWER
from tests.notifications.mail_server import PUBLIC_URL, SENDER, MailServer
from tests.ui.demo_db import Demo, open_page
from ui.format import day

NOTIFICATION_ADMIN = "ui/pages/notification_admin.py"
BOUNCED = f"dipantulkan oleh googlemail.com: {GMAIL_ANSWER}"


@pytest.fixture
def demo_db(demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The demo copy's database, the app sending through a real local SMTP server."""
    monkeypatch.delenv("MONEV_IMAP_URL", raising=False)
    server = MailServer(tmp_path).start()
    try:
        monkeypatch.setenv("MONEV_SMTP_URL", server.url)
        monkeypatch.setenv("MONEV_SMTP_CA_FILE", str(server.cert))
        monkeypatch.setenv("MONEV_MAIL_FROM", SENDER)
        monkeypatch.setenv("MONEV_PUBLIC_URL", PUBLIC_URL)
        yield demo.db
    finally:
        server.stop()


def _in_order(node, found: list) -> list:
    """The page's elements in the order they are shown."""
    children = getattr(node, "children", None)
    if children:
        for key in sorted(children):
            _in_order(children[key], found)
    else:
        found.append(node)
    return found


def test_retry_time_full_answer_and_resend_said_next_to_the_button(demo_db: Database):
    retry_at = utcnow() + timedelta(minutes=4)
    with demo_db.transaction() as session:
        bounced = queue_mail(session, event="message", to="ppid@hilang.example.go.id",
                             subject="Pesan baru", body="Ada pesan baru.")
        bounced.state, bounced.attempts, bounced.sent_at = "failed", 1, utcnow()
        bounced.server_reply = BOUNCED
        later = queue_mail(session, event="message", to="ppid@sibuk.example.go.id",
                           subject="Pesan lain", body="Ada pesan lain.")
        later.attempts, later.next_attempt_at = 1, retry_at
        later.server_reply = "451 4.3.0 Coba lagi nanti"
        session.flush()
        bounced_id = bounced.id
    at = open_page("admin", NOTIFICATION_ADMIN)
    [table] = at.dataframe
    rows = {r["Kepada"]: r for r in table.value.to_dict("records")}
    assert rows["ppid@sibuk.example.go.id"]["Dicoba lagi"] == day(retry_at)  # … WIB
    assert day(retry_at).endswith("WIB")
    assert rows["ppid@hilang.example.go.id"]["Dicoba lagi"] == "-"
    # The whole Gmail answer, wrapped in the detail of the failed e-mail (shown first).
    [detail] = [s for s in at.selectbox if s.label == "Rincian e-mail"]
    assert detail.value == bounced_id
    [whole] = [m.value for m in at.markdown if "Jawaban server" in m.value]
    assert "dipantulkan oleh googlemail.com: 550-5.1.1 The email account" in whole
    assert "?p=NoSuchUser" in whole  # the answer's last words: nothing cut
    # Its times: made and accepted by the server — no empty "dicoba lagi -".
    [times] = [c.value for c in at.caption if c.value.startswith("Dibuat ")]
    assert " · diterima server " in times
    assert "dicoba lagi" not in times
    assert " -" not in times
    [resend] = [b for b in at.button if b.label == "Kirim ulang"]
    resend.click().run()
    assert not at.exception
    shown = _in_order(at.main, [])
    [done] = [i for i, e in enumerate(shown)
              if f"E-mail #{bounced_id} diantrekan lagi" in str(getattr(e, "value", ""))]
    [button] = [i for i, e in enumerate(shown) if getattr(e, "label", "") == "Kirim ulang"]
    assert button < done  # right under the button, not at the top of the page
    assert not [e for e in shown[:button] if "diantrekan lagi" in str(getattr(e, "value", ""))]
    # How it goes out: a mail server is configured here, so the sender or the button.
    assert "Pengirim otomatis mengirimnya dalam beberapa saat" in str(shown[done].value)


def test_a_resend_without_a_mail_server_says_it_waits_for_one(
        demo_db: Database, monkeypatch: pytest.MonkeyPatch):
    """No mail server: the 'Kirim yang menunggu sekarang' button is not there, so the
    confirmation does not point at it."""
    monkeypatch.delenv("MONEV_SMTP_URL", raising=False)
    at = open_page("admin", NOTIFICATION_ADMIN)
    assert any("pengelola aplikasi perlu mengisi alamat server e-mail" in w.value
               for w in at.warning)
    [resend] = [b for b in at.button if b.label == "Kirim ulang"]  # the demo's failed ones
    resend.click().run()
    assert not at.exception
    [said] = [s.value for s in at.success if "diantrekan lagi" in s.value]
    assert "menunggu di antrean sampai pengiriman e-mail diatur" in said
    assert "Kirim yang menunggu sekarang" not in said


def test_sending_now_names_the_reminders_that_reach_no_one(demo_db: Database,
                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_REMINDER_DAYS", "21")
    at = open_page("admin", NOTIFICATION_ADMIN)
    [send] = [b for b in at.button if b.label == "Kirim yang menunggu sekarang"]
    send.click().run()
    assert not at.exception
    [warning] = [w.value for w in at.warning if "tidak sampai ke siapa pun" in w.value]
    assert "Desa Cempaka" in warning
    assert "tidak mempunyai alamat e-mail" in warning
