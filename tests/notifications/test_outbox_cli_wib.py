"""``python -m monev outbox``: times in WIB like every other listing, and ``outbox send``
counting the e-mails that wait for a retry (not only those retried in this run), against the
real SMTP server of the notification tests."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from mail_server import MailServer
from sqlalchemy import select

from monev.cli import main as cli
from monev.clock import WIB
from notifications.events import queue_mail
from reports.formatting import SHORT_TIME, date_time
from storage.db import Database
from storage.models import OutboxMail

TO = "ppid@daring.example.go.id"


def _queue(db: Database, subject: str = "Tanda terima kuesioner") -> None:
    with db.transaction() as session:
        queue_mail(session, event="submission", to=TO, subject=subject,
                   body="Kuesioner Anda sudah kami terima.")


def _row(db: Database) -> OutboxMail:
    with db.read() as session:
        [row] = session.scalars(select(OutboxMail))
        session.expunge(row)
        return row


def _run(db: Database, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli(["--database", db.url, "outbox", *args], out, err)
    return status, out.getvalue(), err.getvalue()


def _in_wib(value: datetime) -> str:
    return value.astimezone(WIB).isoformat(timespec="seconds")


def test_outbox_list_prints_times_in_wib(db: Database, mail: MailServer):
    _queue(db)
    created = _row(db).created_at
    status, out, _ = _run(db, "list", "--format", "json")
    assert status == 0
    [listed] = json.loads(out)
    assert listed["created_at"] == _in_wib(created)
    assert listed["created_at"].endswith("+07:00")
    assert listed["sent_at"] is None
    assert listed["next_attempt_at"] == _in_wib(created)  # waiting, due at once

    assert _run(db, "send")[0] == 0
    sent = _row(db).sent_at
    assert sent is not None
    [listed] = json.loads(_run(db, "list", "--format", "json")[1])
    assert (listed["state"], listed["sent_at"]) == ("sent", _in_wib(sent))
    assert listed["next_attempt_at"] is None

    status, out, _ = _run(db, "list")
    assert status == 0
    header = out.splitlines()[0]
    assert "Dibuat (WIB)" in header
    assert "Terkirim (WIB)" in header
    assert date_time(created, WIB, SHORT_TIME) in out  # e.g. 30 Nov 2026 17:42 WIB
    assert date_time(sent, WIB, SHORT_TIME) in out
    assert " UTC" not in out


def _retry_text(at: datetime) -> str:
    today = datetime.now(WIB).date()
    if at.astimezone(WIB).date() == today:
        return f"pukul {date_time(at, WIB, 'HH.mm')}"  # pukul 17.52 WIB
    return f"pada {date_time(at, WIB)}"


def test_outbox_send_counts_the_mail_waiting_for_a_retry(db: Database, mail: MailServer,
                                                         monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_MAIL_RETRY_SECONDS", "600")
    mail.recorder.refuse = 1  # 451: try again later
    _queue(db)
    status, out, err = _run(db, "send")
    assert status == 0, err
    row = _row(db)
    assert (row.state, row.attempts) == ("waiting", 1)
    waiting = f"1 menunggu dicoba lagi {_retry_text(row.next_attempt_at)}"
    assert out.strip() == f"Terkirim: 0; gagal: 0; {waiting}."
    assert "451" in err  # the server's answer

    # The next run has nothing due: the e-mail still waits, and is still counted, with the
    # answer that made it wait.
    status, out, _ = _run(db, "send")
    assert status == 0
    assert out.strip() == (f"Terkirim: 0; gagal: 0; {waiting} (percobaan terakhir: "
                           f"{row.server_reply.rstrip('.')}).")
    assert mail.messages == []
    # The list says when, too.
    listed = _run(db, "list")[1]
    assert date_time(row.next_attempt_at, WIB, SHORT_TIME) in listed


def test_outbox_send_says_what_is_left_for_the_next_run(db: Database, mail: MailServer):
    _queue(db, "Pertama")
    _queue(db, "Kedua")
    status, out, _ = _run(db, "send", "--limit", "1")
    assert status == 0
    assert out.strip() == ("Terkirim: 1; gagal: 0; 1 menunggu giliran dikirim (jalankan "
                           "outbox send lagi).")
    status, out, _ = _run(db, "send")
    assert out.strip() == "Terkirim: 1; gagal: 0; tidak ada yang menunggu."


def test_without_smtp_outbox_send_says_how_many_wait(db: Database, no_mail: None):
    _queue(db)
    status, out, _ = _run(db, "send")
    assert status == 0
    assert "belum diatur" in out
    assert "1 e-mail menunggu di antrean sampai pengiriman diatur." in out
