"""A password link for a demo account is refused saying so (its password is public), not
answered "sent" for a link that never goes; real accounts are answered as before, on SQLite
and PostgreSQL against the real SMTP server."""

from __future__ import annotations

from pathlib import Path

import pytest
from mail_server import MailServer
from test_notification_mail import BODY_MAIL, World

from monev import accounts
from monev.errors import UsageError
from monev.permissions import SYSTEM
from notifications import passwords, sender
from storage.db import Database
from tests.conftest import cheap_hashing

DEMO_MAIL = "demo@ki.example.go.id"


@pytest.fixture
def world(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    cheap_hashing(monkeypatch)
    found = World(db, tmp_path)
    accounts.add_user(db, SYSTEM, username="pejabat", password="pejabat-demo", role="pejabat",
                      demo=True, email=DEMO_MAIL)
    accounts.add_user(db, SYSTEM, username="badanpublik", password="badanpublik-demo",
                      role="badan_publik", scope=[found.body], demo=True)
    return found


def test_a_demo_account_is_told_it_gets_no_link(world: World, mail: MailServer):
    for typed in ("pejabat", "PEJABAT", DEMO_MAIL):
        with pytest.raises(UsageError) as refused:
            passwords.request_reset(world.db, typed)
        assert str(refused.value) == (
            "Akun pejabat adalah akun demo: akun demo tidak menerima tautan kata sandi lewat "
            "e-mail. Kata sandinya tercantum di README (tabel akun demo); admin KI dapat "
            "menggantinya di Admin › Pengguna.")
    with pytest.raises(UsageError, match="Akun badanpublik adalah akun demo"):
        passwords.request_reset(world.db, "badanpublik")
    sender.send_due(world.db)
    assert mail.messages == []


def test_an_address_shared_with_a_real_account_is_answered_as_ever(world: World,
                                                                   mail: MailServer):
    # The body's address names its real PPID account and the demo one: the real one gets
    # its link, the answer is the usual one, nothing is said about the demo account.
    told = passwords.request_reset(world.db, BODY_MAIL)
    assert told == passwords.request_reset(world.db, "tidak.ada")
    sender.send_due(world.db)
    [message] = mail.recorder.to(BODY_MAIL)  # one link: the real account's
    text = message.get_body(("plain",)).get_content()
    assert "ppid" in text
    assert "badanpublik" not in text


def test_without_smtp_the_demo_account_hears_to_ask_the_admin_too(world: World,
                                                                   no_mail: None):
    with pytest.raises(UsageError, match="admin KI"):
        passwords.request_reset(world.db, "pejabat")
    assert accounts.authenticate(world.db, "pejabat", "pejabat-demo") is not None
