"""The page Atur kata sandi through AppTest on a copy of the demo database: once a link was
asked for or a password set, the form gives way to the outcome and the way to log in; a
demo account is told it gets no link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monev import accounts
from monev.permissions import SYSTEM
from notifications import passwords
from storage.db import Database
from storage.models import OutboxMail
from tests.conftest import cheap_hashing
from tests.ui.demo_db import demo_template, served_copy, sign_in
from ui.text import t

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "Kopi-Tubruk-Senja-2026!"
ADDRESS = "rina@ki.example.go.id"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """The demo, e-mail configured (nothing is sent: no worker in these tests), one real
    account with an address."""
    cheap_hashing(monkeypatch)
    monkeypatch.setenv("MONEV_MAIL_WORKER", "0")
    monkeypatch.setenv("MONEV_SMTP_URL", "smtp+plain://127.0.0.1:8025")
    monkeypatch.setenv("MONEV_PUBLIC_URL", "https://monev.example.go.id")
    with served_copy(demo_template()[0], tmp_path, monkeypatch) as url:
        found = Database(url)
        accounts.add_user(found, SYSTEM, username="rina", password=NEW_PASSWORD[::-1],
                          role="evaluator", display_name="Rina Marlina", email=ADDRESS)
        try:
            yield found
        finally:
            found.dispose()


def _page(token: str = "") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if token:
        at.query_params["token"] = token
    at.switch_page("ui/pages/reset_password.py").run()
    assert not at.exception, at.exception
    return at


def _token(db: Database) -> str:
    with db.read() as session:
        body = session.scalars(select(OutboxMail.body).order_by(OutboxMail.id.desc())).first()
    assert body is not None
    [token] = re.findall(r"token=([A-Za-z0-9_\-]+)", body)
    return token


def _links(at: AppTest) -> list[tuple[str, str]]:
    return [(p.proto.label, p.proto.page) for p in at.get("page_link")]


def _password_fields(at: AppTest) -> list[str]:
    return [x.label for x in at.text_input if x.label.startswith(("Kata sandi baru",
                                                                   "Ulangi"))]


def test_after_asking_for_a_link_the_page_says_it_was_sent(db: Database):
    at = _page()
    at.text_input(key="reset_typed").input("rina")
    at.button[0].click().run()
    assert not at.exception
    # The form gives way to the answer (the same whether or not the account exists).
    assert [x.label for x in at.text_input] == []
    told = [x.value for x in at.info]
    assert any("telah dikirim" in x and "Bila nama pengguna atau alamat itu terdaftar" in x
               for x in told), told
    assert t("reset.to_login") in [label for label, _ in _links(at)]
    with db.read() as session:
        assert session.scalar(select(OutboxMail.to_address).where(
            OutboxMail.event == "password_reset")) == ADDRESS
    # An unknown name is answered alike.
    at.button(key="reset_again").click().run()
    at.text_input(key="reset_typed").input("tidak.ada")
    at.button[0].click().run()
    assert [x.value for x in at.info] == told
    # Asking again shows the form again.
    at.button(key="reset_again").click().run()
    assert [x.label for x in at.text_input] == [t("reset.request.field")]


def test_a_demo_account_is_told_it_gets_no_link(db: Database):
    at = _page()
    at.text_input(key="reset_typed").input("badanpublik")
    at.button[0].click().run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "akun demo" in error
    assert "README" in error
    assert not at.info  # no "sent" for a link that never goes
    # The form stays, to type another name.
    assert [x.label for x in at.text_input] == [t("reset.request.field")]
    with db.read() as session:
        assert session.scalar(select(OutboxMail.id).where(
            OutboxMail.event == "password_reset")) is None


def test_after_setting_a_password_the_page_offers_the_login_not_the_form(db: Database):
    passwords.request_reset(db, "rina")
    token = _token(db)
    at = _page(token)
    assert any("rina" in m.value for m in at.markdown)
    at.text_input(key="reset_new").input(NEW_PASSWORD)
    at.text_input(key="reset_repeat").input(NEW_PASSWORD)
    [save] = [b for b in at.button if b.label == t("reset.set.save")]
    save.click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [t("reset.set.done", username="rina")]
    assert _password_fields(at) == []  # the form is gone
    assert [label for label, _ in _links(at)] == [t("reset.login_now")]
    assert "token" not in at.query_params
    assert accounts.authenticate(db, "rina", NEW_PASSWORD) is not None
    # The login link opens the login form.
    at.switch_page("ui/pages/login.py").run()
    assert t("auth.username") in [x.label for x in at.text_input]


def test_a_used_link_says_so_without_the_form(db: Database):
    passwords.request_reset(db, "rina")
    token = _token(db)
    passwords.set_password(db, token, NEW_PASSWORD)
    at = _page(token)
    assert any("sudah dipakai" in e.value for e in at.error)
    assert _password_fields(at) == []
    assert t("reset.to_login") in [label for label, _ in _links(at)]


def test_a_logged_in_user_of_another_account_is_shown_the_way_out(db: Database):
    passwords.request_reset(db, "rina")
    token = _token(db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, "admin")
    at.run()
    at.query_params["token"] = token
    at.switch_page("ui/pages/reset_password.py").run()
    at.text_input(key="reset_new").input(NEW_PASSWORD)
    at.text_input(key="reset_repeat").input(NEW_PASSWORD)
    [save] = [b for b in at.button if b.label == t("reset.set.save")]
    save.click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [t("reset.set.done", username="rina")]
    assert any("masih masuk sebagai" in c.value for c in at.caption)
    assert t("nav.logout") in [label for label, _ in _links(at)]
