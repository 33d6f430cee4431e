"""Notifikasi & E-mail's "Kirim yang menunggu sekarang" says what waits as ``outbox send``
does — read from the outbox, so an e-mail waiting for a retry is counted with the time of
its retry in WIB, also on the next click that retries nothing (it said 'menunggu dicoba lagi
0') — against the real SMTP server of the notification tests (AppTest on a copy of the demo
database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monev.clock import WIB
from notifications.events import queue_mail
from reports.formatting import date_time
from storage.db import Database
from storage.models import OutboxMail
from tests.conftest import cheap_hashing
from tests.notifications.mail_server import PUBLIC_URL, SENDER, MailServer
from tests.ui.demo_db import demo_template, served_copy, sign_in

ROOT = Path(__file__).resolve().parents[2]
TO = "ppid@daring.example.go.id"


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    """The notification tests' SMTP server (STARTTLS, login), as the app's; a refused
    e-mail is tried again after ten minutes."""
    started = MailServer(tmp_path).start()
    monkeypatch.setenv("MONEV_SMTP_URL", started.url)
    monkeypatch.setenv("MONEV_SMTP_CA_FILE", str(started.cert))
    monkeypatch.setenv("MONEV_MAIL_FROM", SENDER)
    monkeypatch.setenv("MONEV_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("MONEV_MAIL_RETRY_SECONDS", "600")
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            server: MailServer) -> Iterator[Database]:
    cheap_hashing(monkeypatch)
    monkeypatch.setenv("MONEV_MAIL_WORKER", "0")
    monkeypatch.delenv("MONEV_IMAP_URL", raising=False)
    source, _ = demo_template()
    with served_copy(source, tmp_path, monkeypatch) as url:
        db = Database(url)
        try:
            yield db
        finally:
            db.dispose()


def admin_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, "admin")
    at.switch_page("ui/pages/notification_admin.py").run()
    assert not at.exception, at.exception
    return at


def send_now(at: AppTest) -> None:
    [button] = [b for b in at.button if b.label == "Kirim yang menunggu sekarang"]
    button.click().run()
    assert not at.exception, at.exception


def waiting(db: Database) -> list[OutboxMail]:
    with db.read() as session:
        rows = list(session.scalars(select(OutboxMail).where(OutboxMail.state == "waiting")))
        session.expunge_all()
        return rows


def said(at: AppTest) -> list[str]:
    return [x.value.replace("\\", "") for x in [*at.info, *at.warning, *at.error]]


def test_send_now_counts_the_mail_waiting_for_a_retry(demo_db: Database, server: MailServer):
    with demo_db.transaction() as session:
        queue_mail(session, event="submission", to=TO, subject="Tanda terima kuesioner",
                   body="Kuesioner Anda sudah kami terima.")
    due = len(waiting(demo_db))  # the demo's own waiting e-mail and this one
    assert due == 2
    server.recorder.refuse = 1  # the first e-mail: 451, try again later
    at = admin_page()
    send_now(at)
    [retry] = waiting(demo_db)
    assert retry.attempts == 1
    assert "451" in retry.server_reply
    at_wib: datetime = retry.next_attempt_at.astimezone(WIB)
    when = (f"pukul {at_wib:%H.%M} WIB" if at_wib.date() == datetime.now(WIB).date()
            else f"pada {date_time(retry.next_attempt_at, WIB)}")
    summary = f"Terkirim: 1; gagal: 0; 1 menunggu dicoba lagi {when}."
    assert summary in said(at), said(at)
    # The server's answer for the refused e-mail is shown too.
    assert any(retry.to_address in line and "451" in line for line in said(at))
    assert len(server.messages) == 1

    # Clicked again before the retry is due: nothing is sent, the e-mail is still counted.
    send_now(at)
    assert f"Terkirim: 0; gagal: 0; 1 menunggu dicoba lagi {when}." in said(at), said(at)
    assert len(server.messages) == 1
    assert not any("451" in line for line in said(at))  # no answer this time: not tried
    # The counts above the button agree.
    assert any("Menunggu: 1" in c.value for c in at.caption)
