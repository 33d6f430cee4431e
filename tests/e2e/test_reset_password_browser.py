"""Atur kata sandi in a real browser: a password set from an e-mail link shows the success and
the way to log in — not the form again, the token gone from the address — and the new
password logs in. (A server of its own: e-mail configured, the worker off, nothing sent.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monev import accounts
from monev.demo import seed_demo
from monev.permissions import SYSTEM
from notifications import passwords
from storage.db import Database
from storage.models import OutboxMail
from tests.e2e.conftest import App, streamlit_server
from tests.e2e.test_browser_flow import see

SMTP = "smtp+plain://127.0.0.1:9"  # configured, never contacted: the worker is off
NEW_PASSWORD = "Kopi-Tubruk-Senja-2026!"


@pytest.fixture
def mail_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    db = Database(url)
    try:
        demo = seed_demo(db)
        accounts.add_user(db, SYSTEM, username="rina", password="Sandi-Lama-Rina-2026",
                          role="evaluator", display_name="Rina Marlina",
                          email="rina@ki.example.go.id")
    finally:
        db.dispose()
    monkeypatch.setenv("MONEV_SMTP_URL", SMTP)
    with streamlit_server("app.py", {"MONEV_DATABASE_URL": url, "MONEV_MAIL_WORKER": "0",
                                     "MONEV_SMTP_URL": SMTP},
                          tmp_path / "streamlit.log") as served:
        yield App(served, url, demo, tmp_path / "streamlit.log")


def test_a_password_set_from_a_link_leads_to_the_login(chromium: Any, mail_app: App) -> None:
    db = Database(mail_app.database_url)
    try:
        passwords.request_reset(db, "rina")
        with db.read() as session:
            body = session.scalar(select(OutboxMail.body).where(
                OutboxMail.event == "password_reset"))
    finally:
        db.dispose()
    [token] = re.findall(r"token=([A-Za-z0-9_\-]+)", body or "")
    context = chromium.new_context(locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{mail_app.url}/reset_password?token={token}")
        see(page, "Buat kata sandi baru untuk akun", exact=False)
        page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Simpan kata sandi").click()
        see(page, "Kata sandi akun rina disimpan.", exact=False)
        assert "token" not in page.url
        assert page.get_by_label("Kata sandi baru", exact=True).count() == 0
        page.get_by_role("link", name="Masuk dengan kata sandi baru").click()
        page.get_by_label("Nama pengguna").fill("rina")
        page.get_by_label("Kata sandi").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        see(page, "Masuk sebagai Rina Marlina", exact=False)
    finally:
        context.close()
