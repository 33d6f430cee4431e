"""Notifikasi & E-mail's "Kirim yang menunggu sekarang" says what waits as ``outbox send``
does — read from the outbox, so an e-mail waiting for a retry is counted with the time of
its retry in WIB, also on the next click that retries nothing (it said 'menunggu dicoba lagi
0'; now with the server's last answer) — against the real SMTP server of the notification
tests (AppTest on a copy of the demo database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from mail_server import MailServer
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monev.clock import WIB
from notifications.events import queue_mail
from reports.formatting import date_time
from storage.db import Database
from storage.models import OutboxMail
from tests.ui.demo_db import open_page, served_demo

TO = "ppid@daring.example.go.id"


@pytest.fixture
def page_db(mail: MailServer, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The demo database's copy served to the app, e-mail going to the tests' SMTP server,
    bounces not read; a refused e-mail is tried again after ten minutes."""
    monkeypatch.delenv("MONEV_IMAP_URL", raising=False)
    with served_demo(tmp_path, monkeypatch) as demo:
        monkeypatch.setenv("MONEV_SMTP_URL", mail.url)
        monkeypatch.setenv("MONEV_MAIL_RETRY_SECONDS", "600")
        yield demo.db


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


def test_send_now_counts_the_mail_waiting_for_a_retry(page_db: Database, mail: MailServer):
    with page_db.transaction() as session:  # the demo's own e-mail is never sent: two more
        for to in (TO, "ppid@sibuk.example.go.id"):
            queue_mail(session, event="submission", to=to, subject="Tanda terima kuesioner",
                       body="Kuesioner Anda sudah kami terima.")
    due = len(waiting(page_db))
    assert due == 2
    mail.recorder.refuse = 1  # the first e-mail: 451, try again later
    at = open_page("admin", "ui/pages/notification_admin.py")
    send_now(at)
    [retry] = waiting(page_db)
    assert retry.attempts == 1
    assert "451" in retry.server_reply
    at_wib: datetime = retry.next_attempt_at.astimezone(WIB)
    when = (f"pukul {at_wib:%H.%M} WIB" if at_wib.date() == datetime.now(WIB).date()
            else f"pada {date_time(retry.next_attempt_at, WIB)}")
    summary = f"Terkirim: 1; gagal: 0; 1 menunggu dicoba lagi {when}."
    assert summary in said(at), said(at)
    # The server's answer for the refused e-mail is shown too.
    assert any(retry.to_address in line and "451" in line for line in said(at))
    assert len(mail.messages) == 1

    # Clicked again before the retry is due: nothing is sent, the e-mail is still counted,
    # with why it waits — the server's answer when it was last tried (not tried this time).
    send_now(at)
    last = retry.server_reply.rstrip(".")
    assert (f"Terkirim: 0; gagal: 0; 1 menunggu dicoba lagi {when} (percobaan terakhir: "
            f"{last}).") in said(at), said(at)
    assert len(mail.messages) == 1
    assert not any(line.startswith(retry.to_address) for line in said(at))  # not tried now
    # The counts above the button agree.
    assert any("Menunggu: 1" in c.value for c in at.caption)
