"""E-mail that did not arrive, in a real browser (issue 15): the koordinator's Badan publik
tab warns that e-mail does not reach Kecamatan Bukit Raya (the demo's fictional address,
never sent), with the server's answer; the koordinator corrects the address in the form
below and the warning is gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import log_in, see, settle, shot

NEW_ADDRESS = "ppid.bukitraya@kabupaten.example.go.id"


def test_a_koordinator_sees_the_failed_address_and_corrects_it(app: App, chromium: Any,
                                                                shots: Path) -> None:
    page = log_in(chromium, app, "koordinator", "koordinator-demo")
    try:
        see(page, "Unggah kuesioner")
        page.get_by_role("tab", name="Badan publik").click()
        settle(page)
        warning = see(page, "E-mail tidak sampai ke 1 badan publik.", exact=False)
        text = warning.locator("xpath=ancestor::*[@data-testid='stAlert'][1]").inner_text()
        assert "Kecamatan Bukit Raya" in text
        assert "gagal terkirim" in text
        assert "alamat fiktif data demo" in text
        shot(page, shots, "email-gagal-koordinator", warning)

        # The form below: pick the body, see why, type the right address, save.
        page.locator(".st-key-bodies_contacts_body").click()
        page.keyboard.type("Kecamatan Bukit Raya")
        page.get_by_role("option", name="Kecamatan Bukit Raya", exact=True).click()
        settle(page)
        field = page.get_by_role("textbox", name="E-mail PPID (untuk pemberitahuan)")
        field.fill(NEW_ADDRESS)
        page.get_by_role("button", name="Simpan e-mail dan situs").click()
        see(page, f"e-mail {NEW_ADDRESS}", exact=False)
        settle(page)
        assert page.get_by_text("E-mail tidak sampai", exact=False).count() == 0
        shot(page, shots, "email-diperbaiki-koordinator")
    finally:
        page.context.close()
