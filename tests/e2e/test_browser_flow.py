"""End to end in a real browser, over the demo monev (Kabupaten Sukamaju, 2025 running):

1. the koordinator PPID logs in and uploads a ZIP of two filled questionnaires — Dinas
   Kesehatan (in their scope, now with every answer and its data dukung) and Dinas
   Perhubungan (outside their scope) — and sees the import report: one accepted, one
   rejected;
2. the evaluator logs in, picks Dinas Kesehatan and lowers a Ya answer to Tidak with a
   reason in the review workspace (the question picked from its list), and saves;
3. the pejabat logs in and sees Dinas Kesehatan's new final score, rank and predikat in
   the ranking and in the drill-down (with the lowered question and its reason);
4. the pejabat downloads the ranking workbook, which holds the new score.

Expected numbers are computed by the services in this process from the same database.
Every step leaves a screenshot in ``out/e2e/``.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from monev.accounts import actor_for
from monev.demo import DOMAIN
from monev.outcomes import dashboard
from monev.permissions import SYSTEM
from monev.review import answers_for_review, verification_queue
from questionnaires.loader import presets
from questionnaires.model import AnswerType, Methodology
from questionnaires.template import write_filled
from tests.e2e.conftest import QUESTIONNAIRE_UPLOADER, SHOTS, VIEWPORT, App
from ui.format import score

TARGET = "Dinas Kesehatan"  # in the demo koordinator's scope
OUTSIDE = "Dinas Perhubungan"  # not in it
REASON = "Tautan data dukung tidak dapat dibuka saat verifikasi (uji e2e)."
WAIT = 60_000  # ms; a first render computes the demo's results
ROW = 35  # px: height of a row (and of the header) of st.dataframe / st.data_editor


def full_answers(methodology: Methodology, category: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in methodology.questions_for(category):
        if q.type is AnswerType.YES_NO:
            answers[q.code] = True
        elif q.type is AnswerType.SCALE:
            answers[q.code] = max(level.value for level in q.scale)
        elif q.type is AnswerType.CHECKLIST:
            answers[q.code] = frozenset(item.code for item in q.items)
    return answers


def questionnaire_zip(folder: Path) -> Path:
    methodology = presets().get("nasional-2025")
    assert methodology is not None
    answers = full_answers(methodology, "opd")
    archive = folder / "kuesioner-opd.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for name, slug in ((TARGET, "dinkes"), (OUTSIDE, "dishub")):
            buffer = io.BytesIO()
            write_filled(methodology, "opd", buffer, badan_publik=name, answers=answers,
                         evidence={code: f"https://{slug}.{DOMAIN}/ppid/{code}.pdf"
                                   for code in answers})
            out.writestr(f"kuesioner-{slug}.xlsx", buffer.getvalue())
    return archive


def outcome(app: App) -> tuple[dashboard.Row, int]:
    """Dinas Kesehatan as the pejabat's dashboard shows it now (computed here)."""
    db = app.database()
    try:
        board = dashboard.dashboard(db, actor_for(db, "pejabat"), app.demo.cycle_id)
        row = next(r for r in board.rows if r.name == TARGET)
        ranked = next(c for c in board.categories if c.code == row.category).ranked
        assert row.final is not None
        return row, len(ranked)
    finally:
        db.dispose()


def ya_answer(app: App) -> str:
    """A question of Dinas Kesehatan answered Ya (the uploaded version 2) and not verified
    otherwise: lowering it to Tidak lowers the score."""
    db = app.database()
    try:
        body = next(q.body_id for q in verification_queue(db, SYSTEM, app.demo.cycle_id)
                    if q.name == TARGET)
        return next(r.code for r in answers_for_review(db, SYSTEM, app.demo.cycle_id, body)
                    if r.self_reported is True and r.verified in (None, True))
    finally:
        db.dispose()


# -- browser helpers --------------------------------------------------------------------------


def log_in(chromium: Any, app: App, username: str, password: str,
           viewport: dict[str, int] | None = None) -> Any:
    """A fresh browser session (Indonesian locale) logged in as `username`."""
    context = chromium.new_context(locale="id-ID", viewport=viewport or VIEWPORT,
                                   accept_downloads=True)
    page = context.new_page()
    page.goto(app.url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    see(page, "Masuk sebagai", exact=False)
    return page


def see(page: Any, text: str, *, exact: bool = True) -> Any:
    """The first element showing `text`, once it is visible."""
    found = page.get_by_text(text, exact=exact).first
    found.wait_for(timeout=WAIT)
    return found


def settle(page: Any) -> None:
    """Wait until Streamlit has finished running the script (the status widget is gone)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=WAIT)
    page.wait_for_timeout(300)


def shot(page: Any, shots: Path, name: str, anchor: Any = None) -> Path:
    if anchor is not None:
        anchor.scroll_into_view_if_needed()
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def choose(page: Any, label: str, option: str) -> None:
    """Pick `option` in the Streamlit select box labelled `label`."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def grid(page: Any, header: str) -> Any:
    """The first st.dataframe / st.data_editor with a column `header`, with its cells
    there (a grid fills its accessible table only once it has been in view)."""
    frames = page.locator('[data-testid="stDataFrame"]')
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        for index in range(frames.count()):
            frame = frames.nth(index)
            if frame.locator("th").count() == 0:
                frame.scroll_into_view_if_needed(timeout=WAIT)
                frame.locator("th").first.wait_for(state="attached", timeout=WAIT)
            if frame.locator("th", has_text=header).count():
                frame.scroll_into_view_if_needed(timeout=WAIT)
                frame.locator("#glide-cell-0-0").wait_for(state="attached", timeout=WAIT)
                return frame
        page.wait_for_timeout(250)  # not drawn yet
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "gagal-tabel.png"), full_page=True)
    raise AssertionError(f"no table with a column {header!r} among {frames.count()} "
                         f"(see gagal-tabel.png)")


def cell(table: Any, column: int, row: int) -> str:
    """Text of a cell, from the grid's accessible table (the grid itself is a canvas)."""
    return str(table.locator(f"#glide-cell-{column}-{row}").inner_text()).strip()


def row_of(table: Any, column: int, text: str) -> int:
    rows = table.locator("tr").count() - 1
    for row in range(rows):
        if cell(table, column, row) == text:
            return row
    raise AssertionError(f"{text!r} not in column {column} of the table")


def edit_cell(page: Any, table: Any, row: int, column: int) -> None:
    """Open the editor of a cell of an st.data_editor: click the row's first cell (rows
    are 35 px high under a 35 px header), move right with the keyboard, press Enter."""
    box = table.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + ROW * (row + 1) + ROW // 2)
    page.wait_for_timeout(200)
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)


def static_table(page: Any, header: str, nth: int = 0) -> Any:
    """The `nth` st.table with a column `header` (a real HTML table: its cells wrap)."""
    tables = page.locator('[data-testid="stTable"]').filter(
        has=page.locator("th", has_text=header))
    table = tables.nth(nth)
    table.wait_for(timeout=WAIT)
    return table


def static_rows(table: Any) -> list[dict[str, str]]:
    """The rows of an st.table as its reader sees them: header → the cell's text."""
    return list(table.evaluate("""t => {
        const heads = [...t.querySelectorAll('thead th')].map(h => h.innerText.trim());
        return [...t.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
            [...tr.querySelectorAll('th, td')].map((c, i) => [heads[i], c.innerText.trim()])));
    }"""))


def metric(page: Any, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return str(box.locator('[data-testid="stMetricValue"]').inner_text()).strip()


# -- the flow ---------------------------------------------------------------------------------


def test_upload_verify_rank_download(app: App, chromium: Any, shots: Path,
                                     tmp_path: Path) -> None:
    before, _ = outcome(app)

    # 1. koordinator: upload a ZIP, see the import report
    page = log_in(chromium, app, "koordinator", "koordinator-demo")
    see(page, "Unggah kuesioner")
    settle(page)
    shot(page, shots, "01-koordinator-masuk")
    page.locator(QUESTIONNAIRE_UPLOADER).set_input_files(
        str(questionnaire_zip(tmp_path)))
    see(page, "kuesioner-opd.zip")
    page.get_by_role("button", name="Unggah", exact=True).click()
    see(page, "Laporan unggahan")
    settle(page)
    shot(page, shots, "02-koordinator-laporan-unggahan", see(page, "Laporan unggahan"))
    report = {row["Badan publik"]: row for row in static_rows(static_table(page, "Catatan"))}
    assert report[TARGET]["Berkas"] == "kuesioner-opd.zip/kuesioner-dinkes.xlsx"
    assert report[TARGET]["Status"] == "Diterima"
    assert report[OUTSIDE]["Status"] == "Ditolak"
    problems = page.locator('[data-testid="stTable"]').filter(has_text="Cara memperbaiki")
    assert "di luar cakupan Anda" in problems.first.inner_text()  # a static table: wrapped
    assert metric(page, "Diterima") == "1"
    assert metric(page, "Ditolak") == "1"
    page.context.close()
    uploaded, _ = outcome(app)
    assert uploaded.final > before.final  # every answer now, with data dukung

    # 2. evaluator: lower a Ya answer of Dinas Kesehatan to Tidak, with a reason, in the
    #    review workspace (one question at a time)
    code = ya_answer(app)
    page = log_in(chromium, app, "evaluator", "evaluator-demo")
    see(page, "Antrean verifikasi", exact=False)
    choose(page, "Badan publik yang diverifikasi", TARGET)
    see(page, f"{TARGET} · unggahan versi 2", exact=False)
    page.get_by_role("radiogroup", name="Daftar pertanyaan").locator("label").filter(
        has_text=re.compile(rf"^{re.escape(code)}\s")).click()
    settle(page)
    verdict = page.locator('[class*="st-key-ws_verdict_"]')
    verdict.get_by_role("radiogroup", name="Nilai verifikasi").get_by_text(
        "Tidak", exact=True).click()
    settle(page)
    reason = verdict.get_by_label("Alasan atau keterangan")
    reason.fill(REASON)
    reason.press("Enter")
    settle(page)
    shot(page, shots, "03-evaluator-menurunkan-jawaban", verdict)
    verdict.get_by_role("button", name="Simpan nilai verifikasi").click()
    see(page, f"{code} tersimpan: Tidak.", exact=False)
    settle(page)
    shot(page, shots, "04-evaluator-tersimpan", see(page, "tersimpan: Tidak", exact=False))
    page.context.close()
    lowered, ranked = outcome(app)
    assert lowered.final < uploaded.final

    # 3. pejabat: the new score, rank and predikat, in the ranking and the drill-down
    page = log_in(chromium, app, "pejabat", "pejabat-demo")
    see(page, "Peringkat per kategori")
    settle(page)
    shot(page, shots, "05-pejabat-dasbor")
    ranking = grid(page, "± Peringkat")
    at = row_of(ranking, 1, TARGET)
    assert cell(ranking, 0, at) == str(lowered.rank)
    # columns: rank, name, Wilayah, Nilai akhir, Predikat; the grid's accessible table
    # holds the number (the canvas shows it as 73,81)
    assert Decimal(cell(ranking, 3, at).replace(",", ".")) == lowered.final
    assert cell(ranking, 4, at) == lowered.predicate
    shot(page, shots, "06-pejabat-peringkat", see(page, "Peringkat per kategori"))
    choose(page, "Pilih badan publik", TARGET)
    see(page, "Pertanyaan yang kehilangan nilai")
    assert metric(page, "Nilai akhir") == score(lowered.final)
    badge = page.locator('[data-testid="rank-predicate"]')
    assert badge.locator("span").inner_text().strip() == lowered.predicate
    assert metric(page, "Peringkat dalam kategori") == f"{lowered.rank} dari {ranked}"
    see(page, "Rincian badan publik").scroll_into_view_if_needed()
    shot(page, shots, "07-pejabat-rincian")
    lost = grid(page, "Nilai / maks.")
    shot(page, shots, "08-pejabat-kehilangan-nilai")
    reason = cell(lost, 4, row_of(lost, 0, code))
    assert reason == f"Diturunkan verifikator: {REASON}"

    # 4. the ranking workbook, downloaded by the browser
    with page.expect_download(timeout=WAIT) as download:
        page.get_by_role("button", name="Unduh peringkat (Excel)").click()
    saved = shots / download.value.suggested_filename
    download.value.save_as(str(saved))
    assert re.fullmatch(r"peringkat-monev-kip-2025-.+\.xlsx", saved.name)
    book = openpyxl.load_workbook(saved, read_only=True, data_only=True)
    found = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             if TARGET in row]
    assert found, "Dinas Kesehatan is not in the downloaded workbook"
    assert any(isinstance(v, int | float) and Decimal(str(v)) == lowered.final
               for v in found[0])
    shot(page, shots, "09-pejabat-unduh", page.get_by_role("button",
                                                          name="Unduh peringkat (Excel)"))
    page.context.close()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The test process computes expected numbers with a cache of its own."""
    dashboard.clear_cache()
