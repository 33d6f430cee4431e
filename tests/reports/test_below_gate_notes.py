"""A stage a badan publik did not reach (below the stage's gate) is explained wherever its
score is printed: the decree annex, the ranking workbook, the report card — never a bare
``0,00`` (mini world: Presentasi needs SAQ ≥ 60; the formula-named OPD has SAQ 40)."""

from __future__ import annotations

import io

import openpyxl
from pypdf import PdfReader
from reports_world import EVIL, World

from monev.exports.ranking import export_ranking, ranking_book
from monev.exports.ranking_pdf import export_ranking_pdf
from monev.exports.report_card import export_report_card

NOTE = "tidak mengikuti — SAQ di bawah ambang 60,00"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def test_the_ranking_rows_know_the_stages_not_reached(world: World) -> None:
    book = ranking_book(world.db, world.official, world.cycle_id)
    rows = {r.name: r for c in book.categories for r in c.rows}
    assert rows[EVIL].below_gate == frozenset({"panel"})
    assert rows["Dinas Bina Marga"].below_gate == frozenset()
    (panel,) = book.methodology.other_stages
    assert panel.below_gate_note == NOTE


def test_the_decree_annex_explains_the_stage_score(world: World) -> None:
    buffer = io.BytesIO()
    export_ranking_pdf(world.db, world.official, world.cycle_id, buffer, categories=["opd"])
    text = pdf_text(buffer.getvalue())
    assert f"{EVIL} 40,00 0,00* tidak mengikuti 32,00" in text
    assert f"* Presentasi: {NOTE}; 1 badan publik tidak mengikuti tahapan ini" in text
    assert "2 Dinas Bina Marga 68,00 85,00 71,40" in text  # a stage taken: the score alone


def test_the_ranking_workbook_marks_the_score_and_says_why(world: World) -> None:
    buffer = io.BytesIO()
    export_ranking(world.db, world.official, world.cycle_id, buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["OPD"]
    assert sheet["A3"].value == f"* Presentasi: {NOTE} (lihat Keterangan)"
    header = [c.value for c in sheet[4]]
    rows = {r[1].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=5)}
    below = rows[EVIL]["Presentasi"]
    assert (below.value, below.data_type) == (0, "n")  # still a number to sort and sum
    assert below.number_format == '0.00" *"'  # shown as "0,00 *"
    # Keterangan: this badan publik's own reading of the gate
    assert rows[EVIL]["Keterangan"].value == (
        "Presentasi tidak dihitung (dinilai 0,00): syarat SAQ ≥ 60 tidak terpenuhi (SAQ 40,00)")
    taken = rows["Dinas Bina Marga"]["Presentasi"]
    assert (taken.value, taken.number_format) == (85, "0.00")
    # A category where everybody took every stage has no note.
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Desa"]["A3"].value is None


def test_the_report_card_says_the_stage_was_not_taken(world: World) -> None:
    buffer = io.BytesIO()
    export_report_card(world.db, world.official, world.cycle_id, world.bodies[EVIL], buffer)
    text = pdf_text(buffer.getvalue())
    assert ("Presentasi 20 % 0,00 Tidak mengikuti — syarat SAQ ≥ 60 tidak terpenuhi (SAQ "
            "40,00)") in text
