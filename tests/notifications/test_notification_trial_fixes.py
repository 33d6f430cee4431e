"""Defects of the fresh-user trial of notifications (issue 15), as users see them, on a
real database against the real SMTP server of the notification tests: a due reminder that
reaches no one is named with why; an unreadable MONEV_SMTP_URL fails ``outbox send``; the
CLI speaks Indonesian; password links are throttled per account and a newer one voids the
older; invitations refuse demo accounts and word an existing account's link."""

from __future__ import annotations

import io
from datetime import timedelta

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


def _links(mail: MailServer, address: str) -> list[str]:
    import re

    return [re.search(r"token=(\S+)", m.get_body(("plain",)).get_content()).group(1)
            for m in mail.recorder.to(address)]


def test_password_links_are_throttled_per_account_and_only_the_newest_opens(
        world: World, mail: MailServer):
    from test_notification_mail import BODY_MAIL

    from monev.errors import UsageError
    from notifications import passwords, sender

    # One account (ppid; no address of its own: its body's), named 3 ways.
    said = {passwords.request_reset(world.db, typed)
            for typed in ("ppid", "PPID", "ppid", BODY_MAIL, BODY_MAIL.upper())}
    assert said == {passwords.request_reset(world.db, "tidak.ada@contoh.id")}  # as ever
    sender.send_due(world.db)
    tokens = _links(mail, BODY_MAIL)
    assert len(tokens) == 3  # 3 an hour for the account, whatever was typed (was 5)
    for old in tokens[:-1]:
        with pytest.raises(UsageError, match="diganti tautan yang lebih baru"):
            passwords.check_link(world.db, old)
    assert passwords.set_password(world.db, tokens[-1], "Sandi-Baru-PPID-2026!x") == "ppid"


def test_an_invitation_refuses_a_demo_account_and_words_an_existing_one(
        world: World, mail: MailServer):
    from test_notification_mail import PASSWORD

    from monev import accounts
    from monev.errors import UsageError
    from monev.sessions import log_in
    from notifications import passwords, sender

    accounts.add_user(world.db, SYSTEM, username="evaluator", password="evaluator-demo",
                      role="evaluator", demo=True, email="evaluator@ki.example.go.id")
    with pytest.raises(UsageError) as refused:
        passwords.invite(world.db, SYSTEM, "evaluator")
    assert str(refused.value).startswith("Akun evaluator adalah akun demo: akun demo tidak "
                                         "menerima undangan")
    accounts.add_user(world.db, SYSTEM, username="baru", password=PASSWORD,
                      role="evaluator", email="baru@ki.example.go.id")
    assert passwords.invite(world.db, SYSTEM, "baru") == "baru@ki.example.go.id"
    log_in(world.db, "koor", PASSWORD)  # an account in use
    assert passwords.invite(world.db, SYSTEM, "koor") == "koordinator@ki.example.go.id"
    sender.send_due(world.db)
    assert mail.recorder.to("evaluator@ki.example.go.id") == []
    [new] = mail.recorder.to("baru@ki.example.go.id")
    assert "Akun Monev KIP telah dibuat untuk Anda" in new.get_body(("plain",)).get_content()
    [existing] = mail.recorder.to("koordinator@ki.example.go.id")
    assert existing["Subject"] == "Atur kata sandi akun Monev KIP Anda"
    text = existing.get_body(("plain",)).get_content()
    assert "Atur kata sandi akun Monev KIP Anda (nama pengguna: koor)" in text
    assert "telah dibuat" not in text
