"""Every text of the import report and of the verifikator's warnings is read in full, in a
real browser 1500 px wide (the size of the new-user test that found names, notes, messages
and fixes cut off), over the demo monev:

1. the koordinator uploads a ZIP with long file names (one without a single space, one
   naming a link and an e-mail address) for OPDs with long names, their data dukung typed
   as 'ada' (a W404 warning each, whose fix holds an example link): every cell of the files
   table and of the problem tables shows its whole text inside its cell and the page, and
   no text in them is a link; the upload help explains the widget's own limit;
2. the evaluator opens one of them: the table of the file's warnings shows every message
   and fix in full, the example link as text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from monev.demo import DOMAIN
from questionnaires.errors import problem
from questionnaires.loader import presets
from questionnaires.sources import MAX_FILE_BYTES, MAX_UPLOAD_BYTES
from questionnaires.template import write_filled
from tests.e2e.conftest import QUESTIONNAIRE_UPLOADER, App
from tests.e2e.test_browser_flow import (
    choose,
    full_answers,
    log_in,
    see,
    settle,
    shot,
    static_rows,
    static_table,
)

WIDE = {"width": 1500, "height": 1000}
LONG_BODY = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
BODIES = {  # file name in the ZIP → badan publik (all in the demo koordinator's scope)
    "opd/kuesioner_Dinas_Penanaman_Modal_dan_Pelayanan_Terpadu_Satu_Pintu_2025_final.xlsx":
        LONG_BODY,
    "opd/Kuesioner Dinas Komunikasi dan Informatika (revisi kedua, sudah diperiksa).xlsx":
        "Dinas Komunikasi dan Informatika",
    "opd/[klik](https://contoh.invalid) ppid@contoh.invalid *disdikbud*.xlsx":
        "Dinas Pendidikan dan Kebudayaan",
}
UNTYPED = ("1.1", "1.8")  # the questions whose data dukung is typed 'ada' (W404)
ZIP = "kiriman-opd.zip"  # short: the widget's chip shortens a long name

# Cells whose text does not fit: cut inside the cell, beyond the table or the window, or
# the table itself scrolling sideways; and every link inside the table.
UNREADABLE = """t => {
    const bad = [];
    const frame = t.getBoundingClientRect();
    const scroller = t.querySelector('table').parentElement;
    if (scroller.scrollWidth > scroller.clientWidth + 1) bad.push('tabel bergulir ke samping');
    for (const cell of t.querySelectorAll('th, td')) {
        const text = cell.querySelector('[data-testid="stMarkdownContainer"]') || cell;
        const box = cell.getBoundingClientRect();
        if (text.scrollWidth > text.clientWidth + 1) bad.push('terpotong: ' + cell.innerText);
        for (const code of cell.querySelectorAll('code'))
            if (code.getBoundingClientRect().right > box.right + 1)
                bad.push('keluar sel: ' + code.innerText);
        if (box.right > frame.right + 1 || box.right > window.innerWidth)
            bad.push('di luar tabel: ' + cell.innerText);
    }
    for (const link of t.querySelectorAll('a')) bad.push('tautan: ' + link.outerHTML);
    return bad;
}"""


def upload_zip(folder: Path) -> Path:
    methodology = presets().get("nasional-2025")
    assert methodology is not None
    answers = full_answers(methodology, "opd")
    archive = folder / ZIP
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in BODIES.items():
            evidence = {code: f"https://ppid.{DOMAIN}/{code}.pdf" for code in answers}
            evidence.update(dict.fromkeys(UNTYPED, "ada"))
            buffer = io.BytesIO()
            write_filled(methodology, "opd", buffer, badan_publik=body, answers=answers,
                         evidence=evidence)
            out.writestr(name, buffer.getvalue())
    return archive


def readable(table: Any) -> None:
    table.scroll_into_view_if_needed()
    assert table.evaluate(UNREADABLE) == []


def w404(question: str) -> tuple[str, str]:
    """The message and fix of the W404 warning, as the catalog writes them."""
    warning = problem("W404", value="ada", question=question)
    return warning.message, warning.fix


def test_report_and_warnings_are_read_in_full(app: App, chromium: Any, shots: Path,
                                              tmp_path: Path) -> None:
    # 1. koordinator: the report of a ZIP of long names
    page = log_in(chromium, app, "koordinator", "koordinator-demo", viewport=WIDE)
    see(page, "Unggah kuesioner")
    settle(page)
    limit = page.locator('[data-testid="stFileUploaderDropzoneInstructions"] span').first
    shown = f"Maks. {MAX_UPLOAD_BYTES // 2**20} MB per berkas"  # relabelled: ui/chrome.py
    assert limit.inner_text().startswith(shown)
    uploader = page.locator('[data-testid="stFileUploader"]').first
    uploader.locator('[data-testid="stTooltipIcon"]').hover()
    tooltip = page.locator('[data-testid="stTooltipContent"]')
    tooltip.wait_for()
    assert f'"{shown}" di kotak unggah' in tooltip.inner_text()
    assert f"paling besar {MAX_FILE_BYTES // 2**20} MB" in tooltip.inner_text()
    page.mouse.move(0, 0)

    page.locator(QUESTIONNAIRE_UPLOADER).set_input_files(
        str(upload_zip(tmp_path)))
    see(page, ZIP)
    page.get_by_role("button", name="Unggah", exact=True).click()
    see(page, "Laporan unggahan")
    settle(page)
    files = static_table(page, "Catatan")
    shot(page, shots, "20-laporan-nama-panjang", files)
    rows = {row["Berkas"]: row for row in static_rows(files)}
    assert set(rows) == {f"{ZIP}/{name}" for name in BODIES}
    for name, body in BODIES.items():
        assert rows[f"{ZIP}/{name}"]["Badan publik"] == body
        assert rows[f"{ZIP}/{name}"]["Status"] == "Diterima dengan peringatan"
        assert "2 peringatan" in rows[f"{ZIP}/{name}"]["Catatan"]
    readable(files)

    warned = static_table(page, "Cara memperbaiki")
    warnings = static_rows(warned)
    assert len(warnings) == len(BODIES) * len(UNTYPED)
    for row in warnings:
        message, fix = w404(next(q for q in UNTYPED if f"pertanyaan {q} " in row["Masalah"]))
        assert (row["Kode"], row["Masalah"], row["Cara memperbaiki"]) == ("W404", message, fix)
    # The example link of the fix (https://ppid.example.go.id/dip) is text: inline code.
    for link in re.findall(r"https?://[^\s]+[^\s.,;)]", w404(UNTYPED[0])[1]):
        assert warned.locator("code", has_text=link).first.is_visible()
    readable(warned)
    shot(page, shots, "21-peringatan-terbaca-penuh", warned)
    assert "Traceback" not in page.content()
    page.context.close()

    # 2. evaluator: the warnings of the file of the longest name
    page = log_in(chromium, app, "evaluator", "evaluator-demo", viewport=WIDE)
    see(page, "Antrean verifikasi", exact=False)
    choose(page, "Badan publik yang diverifikasi", LONG_BODY)
    see(page, f"{LONG_BODY} · unggahan versi", exact=False)
    listed = static_table(page, "Cara memperbaiki")
    shot(page, shots, "22-verifikator-peringatan", listed)
    rows = static_rows(listed)
    assert [row["Pertanyaan"] for row in rows] == list(UNTYPED)
    for row in rows:
        message, fix = w404(row["Pertanyaan"])
        assert (row["Kode"], row["Peringatan"], row["Cara memperbaiki"]) == ("W404", message,
                                                                              fix)
        assert row["Lembar!Sel"].startswith("Kuesioner!")
    readable(listed)
    caption = see(page, f"{LONG_BODY} · unggahan versi", exact=False)
    assert next(iter(BODIES)).rpartition("/")[2] in caption.inner_text()
    page.context.close()
