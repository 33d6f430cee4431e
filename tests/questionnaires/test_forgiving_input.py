"""Reading is forgiving where people are sloppy: spellings, order, blank rows, lost metadata,
and the responses-table shape (Google Forms exports, a KI's own sheet)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from questionnaires import layout
from questionnaires.batch import FileStatus, read_batch
from tests.conftest import answer_cell, edit_cells


def read_one(path: Path, registry):
    result = read_batch([path], registry)
    assert [f.status for f in result.files] == [FileStatus.ACCEPTED], [
        str(p) for f in result.files for p in f.problems]
    (submission,) = result.submissions
    return submission


@pytest.mark.parametrize(("typed", "expected"), [
    ("Ya", True), ("ya", True), ("  YA ", True), ("Y", True), ("1", True), (1, True),
    ("✓", True), ("Tidak", False), ("tidak", False), ("T", False), ("0", False), (0, False),
    ("", None), (None, None),
])
def test_yes_no_spellings(typed, expected, filled, mini_registry):
    path = filled()
    edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, "1.1"): typed})
    assert read_one(path, mini_registry).answers["1.1"].value is expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("2 – Ditetapkan", 2), ("2", 2), (2, 2), (2.0, 2), ("ditetapkan", 2), ("1 - Draf", 1),
    ("0", 0), ("", None),
])
def test_scale_spellings(typed, expected, filled, mini_registry):
    path = filled()
    edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, "2.1"): typed})
    assert read_one(path, mini_registry).answers["2.1"].value == expected


def test_checklist_items_and_blank_checklist(filled, mini_registry):
    submission = read_one(filled(answers={"1.1": "Ya", "1.2": {"a", "c"}, "2.1": 2}),
                          mini_registry)
    assert submission.answers["1.2"].value == frozenset({"a", "c"})
    blank = read_one(filled("kosong.xlsx", answers={"1.1": None, "1.2": None, "2.1": None}),
                     mini_registry)
    assert all(a.value is None for a in blank.answers.values())  # not answered, no error


def test_reordered_rows_and_inserted_blank_rows(filled, mini_registry):
    path = filled()
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    first = int(answer_cell(path, "1.1")[1:])
    scale = int(answer_cell(path, "2.1")[1:])
    # move question 2.1 above 1.1 by swapping the rows' values, then insert blank rows
    a = [c.value for c in ws[first]]
    b = [c.value for c in ws[scale]]
    for col, (va, vb) in enumerate(zip(a, b, strict=True), start=1):
        ws.cell(row=first, column=col, value=vb)
        ws.cell(row=scale, column=col, value=va)
    ws.insert_rows(first + 1, amount=3)
    wb.save(path)
    submission = read_one(path, mini_registry)
    assert submission.answers["1.1"].value is True
    assert submission.answers["2.1"].value == 1
    assert submission.answers["1.2"].value == frozenset({"a", "b"})


def test_lost_metadata_answers_pasted_into_a_fresh_file(tmp_path, filled, mini_registry):
    """Someone copies the Kuesioner and Identitas into a new workbook: matched by codes."""
    source = openpyxl.load_workbook(filled())
    fresh = openpyxl.Workbook()
    fresh.active.title = "Identitas"
    fresh.active.append(["Nama Badan Publik", "Dinas Salin Tempel"])
    fresh.active.append(["Kategori", "OPD"])
    sheet = fresh.create_sheet("kuesioner ")  # sloppy sheet name
    sheet.append(["judul bebas"])
    for row in source[layout.SHEET_QUESTIONS].iter_rows(min_row=layout.HEADER_ROW,
                                                         values_only=True):
        sheet.append(list(row))
    path = tmp_path / "salinan.xlsx"
    fresh.save(path)
    submission = read_one(path, mini_registry)
    assert submission.badan_publik == "Dinas Salin Tempel"
    assert (submission.methodology_id, submission.category) == ("mini", "opd")
    assert submission.answers["1.2"].value == frozenset({"a", "b"})
    assert submission.answers["1.1"].evidence == "https://ppid.example.go.id/dip"


def test_responses_table_csv_like_a_google_forms_export(tmp_path, mini_registry):
    path = tmp_path / "jawaban.csv"
    path.write_text(
        "Timestamp,Nama Badan Publik,Kategori,1.1 Ada DIP?,Data Dukung 1.1,"
        "Kelengkapan,1.2 data dukung,2.1,Data Dukung 2.1,2.2,Data Dukung 2.2\n"
        '2025/06/01 10:00,Dinas Kesehatan,opd,Ya,http://a/dip,"RKA, LRA",http://a/k,'
        "2 – Ditetapkan,http://a/sop,,\n"
        ",,,,,,,,,,\n"
        "2025/06/02 11:00,Desa Sukamaju,Desa,tidak,,DPA,http://d/k,,,ya,\n",
        encoding="utf-8")
    result = read_batch([path], mini_registry)
    assert [f.status for f in result.files] == [FileStatus.ACCEPTED]
    dinkes, desa = result.submissions
    assert dinkes.badan_publik == "Dinas Kesehatan"
    assert dinkes.category == "opd"
    assert dinkes.answers["1.2"].value == frozenset({"a", "c"})  # matched by exact text
    assert dinkes.answers["2.1"].value == 2
    assert dinkes.answers["1.1"].evidence == "http://a/dip"
    assert desa.category == "desa"
    assert "2.1" not in desa.answers
    assert desa.answers["2.2"].value is True
    assert desa.source == "jawaban.csv baris 4"


def test_responses_table_xlsx_with_item_columns_and_semicolons(tmp_path, mini_registry):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nama Badan Publik", "Kategori", "1.1", "1.2.a", "1.2.b", "1.2.c", "2.1",
               "Data Dukung 1.1", "Data Dukung 1.2", "Data Dukung 2.1"])
    ws.append(["BUMD Air Minum", "opd", "Y", "Ya", "Tidak", "", 1, "l1", "l2", "l3"])
    path = tmp_path / "rekap.xlsx"
    wb.save(path)
    (submission,) = read_batch([path], mini_registry).submissions
    assert submission.answers["1.2"].value == frozenset({"a"})
    assert submission.answers["2.1"].value == 1


def test_responses_table_without_evidence_columns_warns(tmp_path, mini_registry):
    path = tmp_path / "tanpa-bukti.csv"
    path.write_text("Nama Badan Publik;Kategori;1.1;1.2;2.1\nDinas X;opd;Ya;a;2\n",
                    encoding="utf-8")
    result = read_batch([path], mini_registry)
    (report,) = result.files
    assert report.status is FileStatus.ACCEPTED
    assert [w.code for w in report.warnings] == ["W401"]
    assert "1.1" in str(report.warnings[0])


def test_responses_table_errors_reject_the_whole_table(tmp_path, mini_registry):
    path = tmp_path / "salah.csv"
    path.write_text("Nama Badan Publik,Kategori,1.1,1.2,2.1,Pertanyaan aneh\n"
                    "Dinas A,opd,Ya,a,2,x\n"
                    "Dinas B,puskesmas,Ya,a,2,x\n"
                    "Dinas C,opd,Mungkin,a,2,x\n", encoding="utf-8")
    result = read_batch([path], mini_registry)
    (report,) = result.files
    assert report.status is FileStatus.REJECTED
    codes = {(p.code, p.location.cell) for p in report.errors}
    assert codes == {("D308", "F1"), ("D306", "B3"), ("D303", "C4")}
    assert result.submissions == []
