"""Untrusted uploads in a real browser, over the demo monev:

1. the upload widget takes every format the reader reads (.ods and .xls included), with no
   refusal from the browser side;
2. the koordinator uploads the 21 KB workbook with cells in A1 and XFD1048576 together with
   a responses table of Dinas Kesehatan that has no data dukung columns: the workbook is
   refused with its code, the table is kept with a warning whose fix is shown in full (the
   static table wraps it: nothing is cut or hidden behind a scroll bar), and the server keeps
   serving — a second upload in the same session is read.
"""

from __future__ import annotations

import csv
import io
import urllib.request
from pathlib import Path
from typing import Any

from questionnaires.loader import presets
from questionnaires.model import AnswerType
from questionnaires.sources import UPLOAD_SUFFIXES
from tests.e2e.conftest import QUESTIONNAIRE_UPLOADER, App
from tests.e2e.test_browser_flow import TARGET, log_in, metric, see, settle, shot

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "fixtures" / "cases"
FIX_W401 = "Tambahkan kolom 'Data Dukung <kode>' berisi tautan bukti untuk setiap pertanyaan."


def responses_table(folder: Path) -> Path:
    """Dinas Kesehatan's answers as one row of a Google Forms-style table, every answer the
    best one, and no 'Data Dukung' columns (W401)."""
    methodology = presets().get("nasional-2025")
    assert methodology is not None
    row = {"Nama Badan Publik": TARGET, "Kategori": "opd"}
    for q in methodology.questions_for("opd"):
        if q.type is AnswerType.YES_NO:
            row[q.code] = "Ya"
        elif q.type is AnswerType.SCALE:
            row[q.code] = max(q.scale, key=lambda level: level.value).label
        else:
            row[q.code] = ", ".join(item.code for item in q.items)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    path = folder / "jawaban-dinkes.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def chooser(page: Any) -> Any:
    return page.locator(QUESTIONNAIRE_UPLOADER)


def healthy(app: App) -> bool:
    with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=5) as response:
        return bool(response.read().strip() == b"ok")


def test_hostile_workbook_refused_warning_readable_server_alive(
        app: App, chromium: Any, shots: Path, tmp_path: Path) -> None:
    page = log_in(chromium, app, "koordinator", "koordinator-demo")
    see(page, "Unggah kuesioner")
    settle(page)

    # 1. The browser accepts every format the reader reads (the English "files are not
    #    allowed" refusal came from the widget's own type list).
    accept = chooser(page).get_attribute("accept") or ""
    for suffix in UPLOAD_SUFFIXES:
        assert suffix in accept, accept
    ods = tmp_path / "diskominfo.ods"
    ods.write_bytes((CASES / "questionnaire-saved-as-ods.ods").read_bytes())
    xls = tmp_path / "lama.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE header
    chooser(page).set_input_files([str(ods), str(xls)])
    see(page, "diskominfo.ods")
    see(page, "lama.xls")
    page.wait_for_timeout(500)
    assert page.get_by_text("files are not allowed", exact=False).count() == 0
    assert page.locator('[data-testid="stFileChipIconError"]').count() == 0
    shot(page, shots, "10-unggah-ods-xls-diterima-widget")
    page.context.close()

    page = log_in(chromium, app, "koordinator", "koordinator-demo")
    see(page, "Unggah kuesioner")
    settle(page)

    # 2. The hostile workbook and the table without data dukung, in one upload.
    hostile = tmp_path / "dua-sel-berjauhan.xlsx"
    hostile.write_bytes((CASES / "two-cells-far-apart-21kb.xlsx").read_bytes())
    chooser(page).set_input_files([str(hostile), str(responses_table(tmp_path))])
    see(page, "jawaban-dinkes.csv")
    page.get_by_role("button", name="Unggah", exact=True).click()
    see(page, "Laporan unggahan")
    settle(page)
    assert healthy(app)
    # The files table comes first; then the tables of problems, each with its fix.
    tables = page.locator('[data-testid="stTable"]').filter(has_text="Cara memperbaiki")
    refused = tables.filter(has_text="dua-sel-berjauhan.xlsx").first
    refused_text = refused.inner_text()
    assert "F218" in refused_text or "F216" in refused_text, refused_text
    warned = tables.filter(has_text="W401").first
    shot(page, shots, "11-ditolak-dan-peringatan", warned)
    assert metric(page, "Diterima dengan peringatan") == "1"
    assert metric(page, "Ditolak") == "1"
    fix = warned.get_by_text(FIX_W401, exact=True)
    assert fix.is_visible()
    # Wrapped, not cut: the cell shows all its text inside the page's width.
    clipped = fix.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    assert not clipped
    box = fix.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= page.viewport_size["width"]

    # 3. The same session carries on: the same two files again are read once more (the
    #    table changes nothing now; the workbook is refused again).
    page.get_by_role("button", name="Unggah", exact=True).click()
    page.wait_for_timeout(500)
    settle(page)
    assert metric(page, "Tidak berubah") == "1"
    assert metric(page, "Ditolak") == "1"
    shot(page, shots, "12-sesi-berlanjut", see(page, "Laporan unggahan"))
    assert healthy(app)
    assert "Traceback" not in page.content()
    page.context.close()
