"""Sending now (``notifications.outbox.send_now``, what ``outbox send`` and the admin page
run) reads what waits from the outbox: several e-mails waiting for a retry with the first
retry's time (another day: its date), those the limit left, nothing sent without SMTP, and
only for the admin — against the real SMTP server of the notification tests, on SQLite and
PostgreSQL."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from mail_server import MailServer
from sqlalchemy import select

from monev import accounts
from monev.cli import main as cli
from monev.clock import WIB
from monev.errors import PermissionDenied
from monev.permissions import SYSTEM
from notifications.events import queue_mail
from notifications.outbox import send_now
from reports.formatting import date_time
from storage.db import Database
from storage.models import OutboxMail
from tests.conftest import cheap_hashing

TO = "ppid@daring.example.go.id"


def _queue(db: Database, *subjects: str) -> None:
    with db.transaction() as session:
        for subject in subjects:
            queue_mail(session, event="submission", to=TO, subject=subject,
                       body="Kuesioner Anda sudah kami terima.")


def _retries(db: Database) -> list[datetime]:
    with db.read() as session:
        return sorted(session.scalars(select(OutboxMail.next_attempt_at).where(
            OutboxMail.state == "waiting", OutboxMail.attempts > 0)))


def test_two_retries_tomorrow_and_one_left_by_the_limit(db: Database, mail: MailServer,
                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_MAIL_RETRY_SECONDS", "86400")  # the retry is a day later
    mail.recorder.refuse = 2
    _queue(db, "Pertama", "Kedua", "Ketiga")
    out, err = io.StringIO(), io.StringIO()
    assert cli(["--database", db.url, "outbox", "send", "--limit", "2"], out, err) == 0
    first, _ = _retries(db)
    assert first.astimezone(WIB).date() > datetime.now(WIB).date()
    # e.g. 'pada 1 Desember 2026 17.52 WIB'
    assert out.getvalue().strip() == (
        f"Terkirim: 0; gagal: 0; 2 menunggu dicoba lagi, yang pertama pada "
        f"{date_time(first, WIB)}; 1 menunggu giliran dikirim (jalankan outbox send lagi).")
    assert err.getvalue().count("451") == 2

    # The use case itself: the same counts and time; the third is sent now.
    done = send_now(db, SYSTEM)
    assert (done.configured, done.sent, done.failed) == (True, 1, 0)
    assert (done.retrying, done.left, done.waiting) == (2, 0, 2)
    assert done.next_retry_at == first
    assert "451" in done.last_reply  # tried in the earlier round: why it waits
    assert f"(percobaan terakhir: {done.last_reply.rstrip('.')})" in done.sentence("")
    assert [m["Subject"] for m in mail.messages] == ["Ketiga"]


def test_without_smtp_nothing_is_sent_and_every_mail_waits(db: Database, no_mail: None):
    _queue(db, "Pertama", "Kedua")
    done = send_now(db, SYSTEM)
    assert not done.configured
    assert "MONEV_SMTP_URL" in done.problem
    assert (done.sent, done.waiting) == (0, 2)
    assert done.sentence("jalankan outbox send lagi") == (
        "2 e-mail menunggu di antrean sampai pengiriman diatur.")


def test_only_the_admin_sends_now(db: Database, mail: MailServer,
                                  monkeypatch: pytest.MonkeyPatch):
    cheap_hashing(monkeypatch)
    accounts.add_user(db, SYSTEM, username="evaluator", password="Evaluasi-KIP-2026!x",
                      role="evaluator")
    _queue(db, "Pertama")
    with pytest.raises(PermissionDenied):
        send_now(db, accounts.actor_for(db, "evaluator"))
    assert mail.messages == []
