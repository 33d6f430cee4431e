"""The methodology library in a real browser, over the demo monev: the admin uploads a
methodology workbook edited for next year, reads its difference from the preset, saves it
as a new version, creates a cycle from it, and runs the what-if of the running cycle under
it (numbers with a decimal comma, movers first)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from monev.cycles import list_cycles
from monev.methodologies import load_methodology
from monev.permissions import SYSTEM
from monev.whatif import what_if
from questionnaires.loader import parse_methodology, presets
from questionnaires.methodology_workbook import methodology_workbook_bytes
from tests.e2e.conftest import App
from tests.e2e.test_browser_flow import cell, choose, grid, log_in, metric, see, settle, shot


def workbook(folder: Path) -> Path:
    """nasional-2025 with jenis informasi 30 % and digitalisasi 30 %, version 2026.1."""
    data = presets().get("nasional-2025").model_dump(mode="json")
    data["version"] = "2026.1"
    for indicator in data["indicators"]:
        if indicator["code"] in ("jenis_informasi", "digitalisasi"):
            indicator["weight"] = "30"
    path = folder / "metodologi-2026.xlsx"
    path.write_bytes(methodology_workbook_bytes(parse_methodology(data, "x")))
    return path


def tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    settle(page)


def test_upload_compare_save_create_and_simulate(app: App, chromium: Any, shots: Path,
                                                 tmp_path: Path) -> None:
    page = log_in(chromium, app, "admin", "admin-demo")
    settle(page)
    tab(page, "Metodologi")
    tab(page, "Pustaka metodologi")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(workbook(tmp_path)))
    see(page, "Terbaca:", exact=False)
    settle(page)
    see(page, "3 perubahan: 2 bobot diubah", exact=False)
    changes = grid(page, "Perubahan")
    assert cell(changes, 0, 1) == "Indikator 'jenis_informasi': bobot diubah"
    assert (cell(changes, 1, 1), cell(changes, 2, 1)) == ("40", "30")
    shot(page, shots, "pustaka-01-pratinjau-perbedaan")

    page.get_by_role("button", name="Simpan ke pustaka", exact=True).click()
    see(page, "Disimpan ke pustaka sebagai", exact=False)
    settle(page)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Buat siklus (disiapkan)")
    year = form.get_by_label("Tahun")
    year.fill("2026")
    year.press("Tab")
    form.get_by_role("button", name="Buat siklus (disiapkan)", exact=True).click()
    see(page, "dibuat dari", exact=False)
    settle(page)
    shot(page, shots, "pustaka-02-siklus-dibuat")
    db = app.database()
    try:
        created = [c for c in list_cycles(db, SYSTEM) if c.methodology_version == "2026.1"]
    finally:
        db.dispose()
    assert [(c.year, c.status) for c in created] == [(2026, "prepared")]

    # What-if of the running cycle (picked again: creating the cycle chose the new one).
    running = app.demo.cycle_id
    page.goto(f"{app.url}")
    settle(page)
    picker = page.locator('[data-testid="stSelectbox"]').first
    picker.click()
    page.get_by_role("option", name="Monev KIP 2025 — Kabupaten Sukamaju", exact=False
                     ).first.click()
    settle(page)
    tab(page, "Metodologi")
    tab(page, "Simulasi")
    choose(page, "Metodologi pembanding",
           "Instrumen Nasional Monev Keterbukaan Informasi Publik 2025 "
           "(nasional-2025@2026.1)")
    page.get_by_role("button", name="Jalankan simulasi", exact=True).click()
    settle(page)
    assert int(metric(page, "Berubah")) > 0
    rows = grid(page, "Nilai simulasi")
    shot(page, shots, "pustaka-03-simulasi", rows)
    # The accessible table holds the values (the canvas shows them with a decimal comma,
    # checked by the AppTest): the body that moved most comes first.
    db = app.database()
    try:
        expected = what_if(db, SYSTEM, running,
                           load_methodology(db, SYSTEM, "nasional-2025@2026.1")).rows[0]
    finally:
        db.dispose()
    assert cell(rows, 0, 0) == expected.name
    assert Decimal(cell(rows, 2, 0)) == expected.stored.final
    assert Decimal(cell(rows, 5, 0)) == expected.whatif.final
