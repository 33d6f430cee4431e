"""The admin's user form: the scope picker is for badan publik accounts too (the PPID of
one body), and says so; an admin makes such an account with its one body."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import list_users
from monev.bodies import list_bodies
from monev.permissions import SYSTEM, Role
from storage.db import Database
from tests.ui.demo_db import demo_template, sign_in
from ui.text import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def db(demo_database: Database) -> Database:
    return demo_database


def test_the_scope_picker_names_badan_publik_accounts_and_makes_one(db: Database):
    at = AppTest.from_file(APP, default_timeout=30)
    sign_in(at, "admin", db.url)
    at.run()
    assert not at.exception
    picker = at.multiselect(key="admin_new_scope")
    assert "akun badan publik" in picker.label
    assert "khusus koordinator" not in picker.label
    assert "akun badan publik (PPID), tepat satu" in picker.help
    _, info = demo_template()
    bodies = {b.name: b.id for b in list_bodies(db, SYSTEM, info.cycle_id)}
    at.text_input(key="admin_new_username").input("ppid.dinsos")
    at.text_input(key="admin_new_name").input("PPID Dinas Sosial")
    at.selectbox(key="admin_new_role").set_value(Role.BODY)
    at.text_input(key="admin_new_password").input("Dinsos-Sandi-Kuat-88")
    picker.set_value([bodies["Dinas Sosial"]])
    [go] = [b for b in at.button if b.label == t("admin.users.add.submit")]
    go.click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [t("admin.users.added", username="ppid.dinsos",
                                               role=Role.BODY.label)]
    user = {u.username: u for u in list_users(db, SYSTEM)}["ppid.dinsos"]
    assert (user.role, user.scope) == (Role.BODY, ("Dinas Sosial",))
