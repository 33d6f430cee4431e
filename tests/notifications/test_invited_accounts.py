"""A new account without a password, its owner invited to make the first one (issue 15: "the
same flow for a new account's first password"), against the real SMTP server of the
notification tests: from the admin page (AppTest) and the CLI; refused — nothing created —
without an address or without e-mail configured; no password opens the account before its
owner sets one by the link."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mail_server import MailServer
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monev import accounts, sessions
from monev.cli import main as cli
from monev.errors import UsageError
from monev.permissions import SYSTEM, Role
from notifications import passwords, sender
from storage.db import Database
from storage.models import User
from tests.conftest import cheap_hashing
from tests.ui.demo_db import ROOT, served_demo, sign_in
from ui.text import t

ADDRESS = "sari@ki.example.go.id"
CHOSEN = "Sandi-Pertama-Sari-2026!x"


def _link(mail: MailServer, address: str) -> str:
    [invitation] = mail.recorder.to(address)
    assert invitation["Subject"] == "Akun Monev KIP Anda: buat kata sandi"
    text = invitation.get_body(("plain",)).get_content()
    return re.search(r"token=(\S+)", text).group(1)


def _info(db: Database, username: str) -> accounts.UserInfo:
    [info] = [u for u in accounts.list_users(db, SYSTEM) if u.username == username]
    return info


def _exists(db: Database, username: str) -> bool:
    with db.read() as session:
        return session.scalar(select(User.id).where(User.username == username)) is not None


def test_an_invited_account_opens_only_with_the_password_its_owner_makes(
        db: Database, mail: MailServer, monkeypatch: pytest.MonkeyPatch):
    cheap_hashing(monkeypatch)
    info, sent_to = passwords.add_invited(db, SYSTEM, username="sari", role="evaluator",
                                          email=ADDRESS, display_name="Sari Verifikator")
    assert (info.username, sent_to) == ("sari", ADDRESS)
    for guess in ("", "sari", "!invited"):
        with pytest.raises(sessions.LoginRefused):
            sessions.log_in(db, "sari", guess, sleep=lambda _: None)
    assert not _info(db, "sari").has_password  # the admin's list says it is awaited
    sender.send_due(db)
    assert passwords.set_password(db, _link(mail, ADDRESS), CHOSEN) == "sari"
    assert sessions.log_in(db, "sari", CHOSEN, sleep=lambda _: None)
    assert _info(db, "sari").has_password


def test_an_invitation_without_an_address_or_without_mail_creates_nothing(
        db: Database, monkeypatch: pytest.MonkeyPatch):
    cheap_hashing(monkeypatch)
    monkeypatch.delenv("MONEV_SMTP_URL", raising=False)
    with pytest.raises(UsageError, match="Isi alamat e-mail akun"):
        passwords.add_invited(db, SYSTEM, username="sari", role="evaluator", email=" ")
    with pytest.raises(UsageError, match="undangan tidak dapat dikirim"):
        passwords.add_invited(db, SYSTEM, username="sari", role="evaluator", email=ADDRESS)
    assert not _exists(db, "sari")


def test_the_cli_invites_a_new_account(db: Database, mail: MailServer,
                                       monkeypatch: pytest.MonkeyPatch):
    cheap_hashing(monkeypatch)
    out, err = io.StringIO(), io.StringIO()
    assert cli(["--database", db.url, "users", "add", "sari", "--role", "evaluator",
                "--email", ADDRESS, "--invite"], out, err) == 0, err.getvalue()
    assert f"undangan untuk membuat kata sandi diantrekan ke {ADDRESS}" in out.getvalue()
    assert cli(["--database", db.url, "outbox", "send"], io.StringIO(), io.StringIO()) == 0
    assert _link(mail, ADDRESS)
    err = io.StringIO()
    assert cli(["--database", db.url, "users", "add", "budi", "--role", "evaluator",
                "--email", "budi@ki.example.go.id", "--invite", "--password",
                "Sandi-Budi-2026!x"], io.StringIO(), err) == 2
    assert "--invite membuat akun tanpa kata sandi" in err.getvalue()
    assert not _exists(db, "budi")


@pytest.fixture
def admin_page(mail: MailServer, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    with served_demo(tmp_path, monkeypatch) as demo:
        monkeypatch.setenv("MONEV_SMTP_URL", mail.url)
        yield demo.db


def test_the_admin_adds_an_account_without_a_password_and_it_is_invited(
        admin_page: Database, mail: MailServer):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, "admin")
    at.session_state["admin_tab"] = t("admin.tab.users")
    at.switch_page("ui/pages/admin.py").run()
    at.text_input(key="admin_new_username").input("sari")
    at.text_input(key="admin_new_name").input("Sari Verifikator")
    at.selectbox(key="admin_new_role").set_value(Role.EVALUATOR)
    at.text_input(key="admin_new_email").input(ADDRESS)
    [add] = [b for b in at.button if b.label == t("admin.users.add.submit")]
    add.click().run()
    assert not at.exception, at.exception
    said = " ".join(s.value for s in at.success).replace("\\", "").replace("`", "")
    assert f"undangan untuk membuat kata sandi diantrekan ke {ADDRESS}" in said
    users = next(df.value for df in at.dataframe if "Nama pengguna" in df.value.columns)
    [status] = users.loc[users["Nama pengguna"] == "sari", "Status"]
    assert status == "Aktif, menunggu kata sandi (diundang)"
    sender.send_due(admin_page)
    assert passwords.set_password(admin_page, _link(mail, ADDRESS), CHOSEN) == "sari"
