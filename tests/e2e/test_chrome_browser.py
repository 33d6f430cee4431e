"""Everything a koordinator reads is Indonesian and whole, in a real browser over the demo
monev (Kabupaten Sukamaju on the national instrument), at a common laptop width:

1. Streamlit's chrome: no ⋮ menu (Print, Record screen, Made with Streamlit), no "Stop"
   next to the running indicator, no "Press Enter to submit form" under the login fields;
   the file uploader reads "Pilih berkas" and "Maks. 200 MB per berkas";
2. the template downloaded in the demo cycle names the cycle's KI, not KI Pusat;
3. a refused workbook in the import report names its badan publik (from its Identitas)
   and the answer type in Indonesian, and every cell of the report (the long "Masalah" and
   "Cara memperbaiki" too) is read whole inside its cell.

Screenshots go to ``out/e2e/`` (``3x-…``).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from monev.demo import DOMAIN, KI, YEAR
from questionnaires import layout
from questionnaires.loader import presets
from questionnaires.sources import MAX_UPLOAD_BYTES
from questionnaires.template import write_filled
from tests.e2e.conftest import QUESTIONNAIRE_UPLOADER, App
from tests.e2e.test_browser_flow import WAIT, full_answers, see, settle, shot, static_rows
from tests.e2e.test_browser_flow import static_table as table_with
from tests.e2e.test_readable_tables_browser import UNREADABLE

LAPTOP = {"width": 1280, "height": 900}
LONG_BODY = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"  # in the scope
ENGLISH = ("Record screen", "Made with Streamlit", "Print", "Stop", "Upload",
           "Browse files", "200MB per file", "Press Enter")


def visible_english(page: Any) -> list[str]:
    """English chrome words a person can see on the page (text at size 0 is not seen)."""
    found = page.evaluate("""words => {
        const seen = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            const style = getComputedStyle(element);
            const box = element.getBoundingClientRect();
            if (style.display === 'none' || style.visibility === 'hidden'
                || parseFloat(style.fontSize) === 0 || !box.width || !box.height) continue;
            if (element.closest('[style*="display: none"], [hidden], [aria-hidden="true"]'))
                continue;
            for (const word of words)
                if (node.textContent.includes(word)) seen.push(word + ': ' + node.textContent);
        }
        return seen;
    }""", list(ENGLISH))
    return list(found)


def refused_zip(folder: Path) -> Path:
    """A workbook of the long-named OPD with 'Mungkin' for a Ya/Tidak question."""
    methodology = presets().get("nasional-2025")
    assert methodology is not None
    answers = full_answers(methodology, "opd")
    question = next(q.code for q in methodology.questions_for("opd")
                    if str(q.type) == "yes_no")
    answers[question] = "Mungkin"
    buffer = io.BytesIO()
    write_filled(methodology, "opd", buffer, badan_publik=LONG_BODY, answers=answers,
                 evidence={code: f"https://ppid.{DOMAIN}/{code}.pdf" for code in answers})
    archive = folder / "kiriman.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("opd/kuesioner_dpmptsp_final_revisi.xlsx", buffer.getvalue())
    return archive


def test_chrome_template_and_report_read_in_indonesian(app: App, chromium: Any, shots: Path,
                                                       tmp_path: Path) -> None:
    context = chromium.new_context(locale="id-ID", viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    page.goto(app.url)
    page.get_by_label("Nama pengguna").fill("koordinator")
    page.get_by_label("Kata sandi").fill("koordinator-demo")
    page.wait_for_timeout(300)
    assert not page.locator('[data-testid="InputInstructions"]').first.is_visible()
    shot(page, shots, "30-login-tanpa-petunjuk-inggris")
    page.get_by_role("button", name="Masuk", exact=True).click()
    see(page, "Unggah kuesioner")
    settle(page)

    # 1. the chrome
    assert not page.locator('[data-testid="stMainMenu"]').is_visible()
    assert page.get_by_text("Record screen").count() == 0
    # The status widget's buttons ("Stop") are hidden, its running icon is not: a sample
    # widget like Streamlit's, in the page's own style sheet.
    hidden = page.evaluate("""() => {
        const widget = document.createElement('div');
        widget.dataset.testid = 'stStatusWidget';
        widget.innerHTML = '<div data-testid="stStatusWidgetRunningIcon">x</div>'
            + '<button kind="header">Stop</button>';
        document.body.appendChild(widget);
        const shown = [getComputedStyle(widget.querySelector('button')).display,
                       getComputedStyle(widget.firstChild).display];
        widget.remove();
        return shown;
    }""")
    assert hidden[0] == "none"
    assert hidden[1] != "none"
    uploader = page.locator('[data-testid="stFileUploader"]').first  # the questionnaires'
    label = uploader.locator('[data-testid="stFileUploaderDropzone"] button p')
    assert label.inner_text().strip() == "Pilih berkas"  # the text itself (ui/chrome.py)
    limit = uploader.locator('[data-testid="stFileUploaderDropzoneInstructions"] span')
    assert limit.inner_text().startswith(f"Maks. {MAX_UPLOAD_BYTES // 2**20} MB per berkas")
    assert visible_english(page) == []
    shot(page, shots, "31-unggah-berbahasa-indonesia", uploader)
    uploader.screenshot(path=str(shots / "31b-kotak-unggah.png"))

    # 2. the template names the cycle's KI
    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("button", name="Unduh templat Perangkat Daerah (OPD) (.xlsx)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(str(saved))
    guide = openpyxl.load_workbook(saved)[layout.SHEET_GUIDE]
    lines = [str(row[0].value) for row in guide.iter_rows() if row[0].value]
    assert f"Komisi Informasi: {KI}" in lines
    assert f"Tahun: {YEAR}" in lines
    assert not any("Komisi Informasi Pusat" in line for line in lines)

    # 3. the report of a refused workbook
    page.locator(QUESTIONNAIRE_UPLOADER).set_input_files(
        str(refused_zip(tmp_path)))
    see(page, "kiriman.zip")
    page.get_by_role("button", name="Unggah", exact=True).click()
    see(page, "Laporan unggahan")
    settle(page)
    files = table_with(page, "Catatan")
    (row,) = static_rows(files)
    assert (row["Status"], row["Badan publik"]) == ("Ditolak", LONG_BODY)
    problems = table_with(page, "Cara memperbaiki")
    (problem,) = static_rows(problems)
    assert problem["Kode"] == "D303"
    assert "— jenis jawaban Ya/Tidak" in problem["Masalah"]
    assert "yes_no" not in problem["Masalah"]
    for shown in (files, problems):
        shown.scroll_into_view_if_needed()
        assert shown.evaluate(UNREADABLE) == []
    shot(page, shots, "32-laporan-ditolak-terbaca", problems)
    problems.screenshot(path=str(shots / "32b-tabel-masalah.png"))
    assert visible_english(page) == []
    assert "Traceback" not in page.content()
    context.close()
