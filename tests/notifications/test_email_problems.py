"""E-mail that did not reach a badan publik is shown beside its address (issue 15: "bounces
and refusals are shown"), on SQLite and PostgreSQL against the real SMTP server of the
notification tests: a refusal and a bounce name the address, the e-mail and the server's
answer; a koordinator sees only their bodies; an address that received a newer e-mail, or
was changed, is fine again. An invitation with a typed address stores it only when the
invitation goes out."""

from __future__ import annotations

from email.utils import parseaddr

import pytest
from mail_server import SENDER, MailServer
from sqlalchemy import select
from test_notification_mail import BODY_MAIL, OTHER_MAIL, PASSWORD, World

from monev import accounts, bodies, imports
from monev.errors import UsageError
from monev.permissions import SYSTEM
from notifications import outbox, passwords, sender
from notifications.bounces import Bounce, apply_bounce
from notifications.delivery import address_problems
from storage.db import Database
from storage.models import Event, OutboxMail, UserEmail

REFUSAL = "550 5.1.1 Kotak surat tidak ada"
BOUNCE = "550 5.1.1 <ppid@buku.example.go.id>: Recipient address rejected: User unknown"


def _upload(world: World, name: str) -> None:
    assert imports.import_paths(world.db, world.koor, world.cycle,
                                [world.workbook(name)]).ok


def _newest(world: World, address: str) -> OutboxMail:
    with world.db.read() as session:
        return session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)
                               .order_by(OutboxMail.id.desc())).first()


def _refused_receipt(world: World, mail: MailServer) -> OutboxMail:
    """Dinas Daring's receipt, refused for good by the server (550): the failed e-mail."""
    mail.recorder.reject = {BODY_MAIL}
    _upload(world, "Dinas Daring")
    sender.send_due(world.db)
    failed = _newest(world, BODY_MAIL)
    assert failed.state == "failed"
    return failed


def test_a_refusal_and_a_bounce_are_shown_beside_the_address_until_mail_arrives(
        world: World, mail: MailServer):
    mail.recorder.reject = {BODY_MAIL}
    _upload(world, "Dinas Daring")  # its receipt is refused for good
    _upload(world, "Dinas Buku")  # its receipt is accepted …
    sender.send_due(world.db)
    assert address_problems(world.db, world.koor, world.cycle).keys() == {world.body}

    refused = address_problems(world.db, SYSTEM, world.cycle)[world.body]
    assert (refused.address, refused.bounced) == (BODY_MAIL, False)
    assert refused.reply == f"alamat ditolak server: {REFUSAL}"
    assert refused.subject == "Tanda terima kuesioner Dinas Daring (versi 1)"
    assert refused.at is not None

    # … and bounces later: the receiving server's answer is shown, as a bounce.
    assert apply_bounce(world.db, Bounce((OTHER_MAIL,), BOUNCE, "", None)) == "matched"
    bounced = address_problems(world.db, world.koor, world.cycle)[world.other]
    assert (bounced.address, bounced.bounced, bounced.reply) == (OTHER_MAIL, True, BOUNCE)
    assert bounced.at == _newest(world, OTHER_MAIL).sent_at

    # A koordinator of the other body only sees that one.
    accounts.add_user(world.db, SYSTEM, username="koor2", password=PASSWORD,
                      role="koordinator", scope=[world.other])
    assert address_problems(world.db, accounts.actor_for(world.db, "koor2"),
                            world.cycle).keys() == {world.other}

    # A newer e-mail that arrives clears the address; a changed address starts clean.
    outbox.resend(world.db, SYSTEM, _newest(world, OTHER_MAIL).id)  # delivered this time
    sender.send_due(world.db)
    assert world.other not in address_problems(world.db, SYSTEM, world.cycle)
    assert world.body in address_problems(world.db, SYSTEM, world.cycle)
    bodies.set_contacts(world.db, world.koor, world.cycle, world.body,
                        email="ppid.baru@daring.example.go.id")
    assert address_problems(world.db, SYSTEM, world.cycle) == {}


def test_an_email_still_waiting_does_not_hide_the_last_failure(world: World,
                                                               mail: MailServer):
    outbox.resend(world.db, SYSTEM, _refused_receipt(world, mail).id)  # waits: undecided
    assert _newest(world, BODY_MAIL).state == "waiting"
    assert address_problems(world.db, SYSTEM, world.cycle).keys() == {world.body}


def _own_address(db: Database, username: str) -> str | None:
    with db.read() as session:
        user = accounts.actor_for(db, username)
        row = session.get(UserEmail, user.id)
        return row.email if row else None


def test_an_invitation_stores_a_typed_address_only_when_it_goes_out(
        world: World, mail: MailServer):
    accounts.add_user(world.db, SYSTEM, username="demo-eval", password="evaluator-demo",
                      role="evaluator", demo=True)
    with pytest.raises(UsageError, match="akun demo"):
        passwords.invite(world.db, SYSTEM, "demo-eval", "eval@ki.example.go.id")
    assert _own_address(world.db, "demo-eval") is None  # refused: nothing stored

    accounts.add_user(world.db, SYSTEM, username="baru", password=PASSWORD, role="evaluator")
    with pytest.raises(UsageError):
        passwords.invite(world.db, SYSTEM, "baru", "bukan alamat")
    assert _own_address(world.db, "baru") is None

    assert passwords.invite(world.db, SYSTEM, "baru", " Baru@KI.example.go.id ") == \
        "Baru@ki.example.go.id"
    assert _own_address(world.db, "baru") == "Baru@ki.example.go.id"
    with world.db.read() as session:
        assert session.scalar(select(Event.action).where(
            Event.action == "user.email", Event.entity_id == "baru")) == "user.email"
    sender.send_due(world.db)
    [invitation] = mail.recorder.to("Baru@ki.example.go.id")
    assert invitation["Subject"] == "Akun Monev KIP Anda: buat kata sandi"


def test_bodies_list_names_the_failed_address(world: World, mail: MailServer):
    import io
    import json

    from monev.cli import main as cli

    _refused_receipt(world, mail)
    out, err = io.StringIO(), io.StringIO()
    assert cli(["--database", world.db.url, "bodies", "list", "--cycle", str(world.cycle),
                "--format", "json"], out, err) == 0
    failed = {r["nama"]: r["email_gagal"] for r in json.loads(out.getvalue())}
    assert failed["Dinas Buku"] == ""
    assert failed["Dinas Daring"].startswith("gagal terkirim ")
    assert failed["Dinas Daring"].endswith(f" WIB: alamat ditolak server: {REFUSAL}")
    assert "E-mail tidak sampai ke 1 badan publik (kolom email_gagal)" in err.getvalue()
    hint_text = err.getvalue()
    out, table_err = io.StringIO(), io.StringIO()
    assert cli(["--database", world.db.url, "bodies", "list", "--cycle",
                str(world.cycle)], out, table_err) == 0
    assert "(gagal terkirim)" in out.getvalue()
    # The table has no email_gagal column: the hint says where to look.
    assert "1 badan publik (ditandai di kolom E-mail)" in table_err.getvalue()
    # The hint, followed as written, fixes it.
    import re
    import shlex

    hint = re.search(r"'(bodies add [^']+)'", hint_text).group(1)
    typed = shlex.split(hint.replace("NAMA", "'Dinas Daring'").replace("KODE", "opd")
                        .replace("ALAMAT", "ppid.baru@daring.example.go.id"))
    assert cli(["--database", world.db.url, *typed], io.StringIO(), io.StringIO()) == 0
    assert address_problems(world.db, SYSTEM, world.cycle) == {}


def test_resending_after_the_address_was_corrected_goes_to_the_new_address(
        world: World, mail: MailServer):
    failed = _refused_receipt(world, mail)
    bodies.set_contacts(world.db, world.koor, world.cycle, world.body,
                        email="ppid.baru@daring.example.go.id")
    resent = outbox.resend(world.db, SYSTEM, failed.id)
    assert (resent.to, resent.previous, resent.readdressed) == (
        "ppid.baru@daring.example.go.id", BODY_MAIL, True)
    sender.send_due(world.db)
    [receipt] = mail.recorder.to("ppid.baru@daring.example.go.id")
    assert receipt["Subject"] == "Tanda terima kuesioner Dinas Daring (versi 1)"
    # Its Message-ID is in the sender's domain, not the machine's ("@localhost").
    assert receipt["Message-ID"].endswith("@" + parseaddr(SENDER)[1].rpartition("@")[2] + ">")

    # No address any more: refused, saying where to fill it in; nothing queued.
    bodies.set_contacts(world.db, world.koor, world.cycle, world.body, email="")
    with pytest.raises(UsageError, match="Dinas Daring kini tidak mempunyai alamat e-mail"):
        outbox.resend(world.db, SYSTEM, failed.id)
    with world.db.read() as session:
        assert not session.scalars(select(OutboxMail).where(
            OutboxMail.state == "waiting")).all()


def test_a_second_resend_of_the_same_failed_email_is_refused_while_the_first_waits(
        world: World, mail: MailServer):
    failed = _refused_receipt(world, mail)
    first = outbox.resend(world.db, SYSTEM, failed.id)
    with pytest.raises(UsageError, match=f"sudah diantrekan lagi sebagai #{first.copy}"):
        outbox.resend(world.db, SYSTEM, failed.id)
    mail.recorder.reject = set()
    sender.send_due(world.db)
    assert len(mail.recorder.to(BODY_MAIL)) == 1  # once
