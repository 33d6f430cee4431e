"""Pesan in a real browser (issue 15's second trial): the attachment box shows one limit
(the label's, not Streamlit's "Maks. 200 MB per berkas"); the thread selector shows the
thread's count right after a send (it kept "0 pesan" over the message just sent)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import WAIT, log_in, see, settle


def chosen_thread(page: Any) -> str:
    """The text the thread selector shows for the chosen thread."""
    return page.get_by_role("combobox", name="Badan publik").input_value()


def test_the_messages_page_in_the_browser(chromium: Any, app: App, tmp_path: Path) -> None:
    page = log_in(chromium, app, "badanpublik", "badanpublik-demo")
    try:
        page.goto(f"{app.url}/messages")
        see(page, "Tulis pesan")
        settle(page)
        box = page.locator('[data-testid="stFileUploader"]').first
        box.wait_for(timeout=WAIT)
        assert "paling banyak 2 MB per berkas" in box.inner_text()
        assert not box.locator('[data-testid="stFileUploaderDropzoneInstructions"]'
                               ).is_visible()
        assert "200" not in box.inner_text()
        first = re.search(r"\((\d+) pesan", chosen_thread(page))
        assert first, chosen_thread(page)
        count = int(first.group(1))
        page.get_by_label("Isi pesan").fill("Pesan dari peramban.")
        page.get_by_role("button", name="Kirim pesan").click()
        see(page, "Pesan dikirim.")
        see(page, "Pesan dari peramban.")
        settle(page)
        page.screenshot(path=str(tmp_path / "messages-after-send.png"), full_page=True)
        assert f"({count + 1} pesan, 0 belum dibaca)" in chosen_thread(page), \
            chosen_thread(page)
        page.get_by_label("Isi pesan").fill("Pesan kedua dari peramban.")
        page.get_by_role("button", name="Kirim pesan").click()
        see(page, "Pesan kedua dari peramban.")
        settle(page)
        assert f"({count + 2} pesan, 0 belum dibaca)" in chosen_thread(page), \
            chosen_thread(page)
    finally:
        page.context.close()
