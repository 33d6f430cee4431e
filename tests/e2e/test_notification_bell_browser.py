"""The bell in a real browser: a message from the KI shows on the PPID's bell with its
unread count; opening Notifikasi and marking all read clears it. The login page links to
'Lupa kata sandi?'. (A server of its own, with the outbox worker off, so no deadline
reminder changes the count meanwhile.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monev.accounts import actor_for
from monev.demo import seed_demo
from monev.permissions import SYSTEM
from notifications import messages
from storage.db import Database
from tests.e2e.conftest import App, streamlit_server
from tests.e2e.test_browser_flow import WAIT, log_in, see


@pytest.fixture(scope="module")
def quiet_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    folder = tmp_path_factory.mktemp("e2e-bell")
    url = f"sqlite:///{folder / 'monev.db'}"
    db = Database(url)
    try:
        demo = seed_demo(db)
    finally:
        db.dispose()
    log = folder / "streamlit.log"
    with streamlit_server("app.py", {"MONEV_DATABASE_URL": url, "MONEV_MAIL_WORKER": "0",
                                     "MONEV_SMTP_URL": ""}, log) as served:
        yield App(served, url, demo, log)


def test_the_bell_counts_in_the_browser(chromium: Any, quiet_app: App, tmp_path: Path) -> None:
    db = Database(quiet_app.database_url)
    try:
        ppid = actor_for(db, "badanpublik")
        cycle = quiet_app.demo.cycle_id
        messages.post(db, SYSTEM, cycle, ppid.body_id, "Mohon lengkapi SK PPID.")
        messages.post(db, SYSTEM, cycle, ppid.body_id, "Tenggat diperpanjang sepekan.")
    finally:
        db.dispose()
    page = log_in(chromium, quiet_app, "badanpublik", "badanpublik-demo")
    try:
        bell = page.get_by_role("link", name="Notifikasi (2 belum dibaca)")
        bell.wait_for(timeout=WAIT)
        bell.click()
        page.wait_for_url("**/notifications", timeout=WAIT)
        see(page, "Mohon lengkapi SK PPID.", exact=False)
        page.get_by_role("button", name="Tandai semua sudah dibaca").click()
        see(page, "2 notifikasi ditandai sudah dibaca.")
        # The bell in the sidebar no longer counts them.
        bell.wait_for(state="detached", timeout=WAIT)
        assert page.get_by_role("link", name="belum dibaca").count() == 0
    finally:
        page.context.close()


def test_the_login_page_offers_a_password_link(chromium: Any, quiet_app: App) -> None:
    context = chromium.new_context(locale="id-ID")
    page = context.new_page()
    try:
        page.goto(quiet_app.url)
        page.get_by_role("link", name="Lupa kata sandi?").click()
        page.wait_for_url("**/reset_password", timeout=WAIT)
        see(page, "Nama pengguna atau alamat e-mail")
    finally:
        context.close()
