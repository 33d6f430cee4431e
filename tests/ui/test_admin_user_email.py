"""The admin gives an account its e-mail address (where its notifications and password
links go) when creating it and later in Kelola akun: validated by the use case (a refusal
says how to write one and stores nothing), shown in the users table, audited, and the
same address the account sees as its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, list_users
from monev.permissions import SYSTEM, Role
from notifications.inbox import own_email
from storage.db import Database
from storage.models import Event, UserEmail
from tests.ui.demo_db import sign_in
from ui.text import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def db(demo_database: Database) -> Database:
    return demo_database


@pytest.fixture
def at(db: Database) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    sign_in(app, "admin", db.url)
    app.run()
    assert not app.exception, app.exception
    return app


def press(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception
    return at


def emails(db: Database) -> dict[str, str]:
    return {u.username: u.email for u in list_users(db, SYSTEM)}


def test_a_new_account_gets_its_address(at: AppTest, db: Database):
    at.text_input(key="admin_new_username").input("verif.dua")
    at.text_input(key="admin_new_name").input("Dwi Hartono")
    at.selectbox(key="admin_new_role").set_value(Role.EVALUATOR)
    at.text_input(key="admin_new_password").input("Verif-Sandi-Kuat-88")
    at.text_input(key="admin_new_email").input("dwi.hartono@ki.example.go.id")
    press(at, t("admin.users.add.submit"))
    assert [s.value for s in at.success] == [t("admin.users.added", username="verif.dua",
                                               role=Role.EVALUATOR.label)]
    assert emails(db)["verif.dua"] == "dwi.hartono@ki.example.go.id"
    assert own_email(db, actor_for(db, "verif.dua")) == "dwi.hartono@ki.example.go.id"
    frame = at.dataframe[0].value
    row = frame[frame[t("admin.users.col.username")] == "verif.dua"].iloc[0]
    assert row[t("admin.users.col.email")] == "dwi.hartono@ki.example.go.id"


def test_an_address_that_is_not_one_is_refused_and_nothing_is_made(at: AppTest, db: Database):
    at.text_input(key="admin_new_username").input("verif.tiga")
    at.selectbox(key="admin_new_role").set_value(Role.EVALUATOR)
    at.text_input(key="admin_new_password").input("Verif-Sandi-Kuat-88")
    at.text_input(key="admin_new_email").input("dwi di kantor")
    press(at, t("admin.users.add.submit"))
    [error] = [e.value for e in at.error]
    assert "dwi di kantor" in error
    assert "tidak sah" in error
    assert "ppid@dinas.example.go.id" in error  # how to write one
    assert "verif.tiga" not in emails(db)
    assert not at.success


def test_the_admin_changes_and_removes_an_account_address(at: AppTest, db: Database):
    at.selectbox(key="admin_user_pick").set_value("koordinator").run()
    field = at.text_input(key="admin_email_koordinator")
    assert field.value == ""
    field.input("rina@diskominfo.example.go.id")
    press(at, t("admin.users.email.save"))
    assert [s.value for s in at.success] == [t(
        "admin.users.email.saved", username="koordinator",
        email="rina@diskominfo.example.go.id")]
    assert emails(db)["koordinator"] == "rina@diskominfo.example.go.id"

    at.text_input(key="admin_email_koordinator").input("rina@")
    press(at, t("admin.users.email.save"))
    errors = [e.value for e in at.error]
    assert any("rina@" in e and "tidak sah" in e for e in errors), errors
    assert emails(db)["koordinator"] == "rina@diskominfo.example.go.id"  # unchanged

    at.text_input(key="admin_email_koordinator").input("")
    press(at, t("admin.users.email.save"))
    assert [s.value for s in at.success] == [t("admin.users.email.removed",
                                               username="koordinator")]
    with db.read() as session:
        assert session.scalar(select(UserEmail.email)
                              .where(UserEmail.user_id == actor_for(db, "koordinator").id)
                              ) is None
        trail = [(e.old, e.new) for e in session.scalars(
            select(Event).where(Event.action == "user.email",
                                Event.entity_id == "koordinator").order_by(Event.id))]
    assert trail == [
        ("", "rina@diskominfo.example.go.id"), ("rina@diskominfo.example.go.id", "")]
