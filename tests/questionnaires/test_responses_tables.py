"""Responses tables (one row per badan publik) as people really send them: Google Forms
exports with grid columns or a question added twice, CSV/TSV in the encodings Excel,
LibreOffice and Google write, workbooks whose first sheet is a summary, and cells the
reader does not read. Every outcome is a score, a submission or a coded problem with its
cell."""

from __future__ import annotations

import codecs
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from monev.services import score_files
from questionnaires.batch import FileReport, FileStatus, read_batch
from questionnaires.loader import Registry, presets
from questionnaires.sources import Kind, Source, classify

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "fixtures" / "cases"

HEADER = "Nama Badan Publik,Kategori,1.1,Data Dukung 1.1,1.2,Data Dukung 1.2,2.1,Data Dukung 2.1"
ROW = "Dinas Kesehatan,opd,Ya,https://a.go.id/1,\"RKA, DPA\",https://a.go.id/2,2,https://a.go.id/3"


def read_file(tmp_path: Path, name: str, content: str | bytes, registry: Registry,
              encoding: str = "utf-8") -> FileReport:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode(encoding))
    else:
        path.write_bytes(content)
    (report,) = read_batch([path], registry).files
    return report


def accepted(report: FileReport) -> FileReport:
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    return report


def codes(report: FileReport) -> list[tuple[str, str]]:
    return [(p.code, p.location.cell) for p in report.problems]


def save_workbook(path: Path, sheets: dict[str, list[list[object]]],
                  hidden: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


# -- the real files ------------------------------------------------------------------------


def test_question_added_twice_to_the_form_is_refused_naming_both_columns():
    run = score_files([CASES / "responses-two-columns-one-question.csv"])
    (report,) = run.batch.files
    assert report.status is FileStatus.REJECTED
    assert run.results == []
    (error,) = report.errors
    assert (error.code, error.location.cell) == ("D314", "Q1")
    assert "2.1" in error.message
    assert "(Q1)" in error.message
    assert "(R1)" in error.message


def test_google_forms_grid_columns_score_like_the_baseline():
    run = score_files([CASES / "google-forms-grid-columns.csv"])
    (report,) = run.batch.files
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    assert report.warnings == []
    (result,) = run.results
    assert (result.badan_publik, result.category) == ("Dinas Kesehatan", "opd")
    assert result.saq_verified == Decimal(100)
    assert result.final == Decimal(80)
    assert result.predicate is not None
    assert result.predicate.label == "Menuju Informatif"


def test_cli_scores_the_grid_export_and_refuses_the_duplicate_column():
    done = subprocess.run(
        [sys.executable, "-m", "monev", "score", "--format", "csv",
         str(CASES / "google-forms-grid-columns.csv"),
         str(CASES / "responses-two-columns-one-question.csv")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "Dinas Kesehatan" in done.stdout
    assert "100" in done.stdout
    assert "[D314]" in done.stderr
    assert "(R1)" in done.stderr


# -- duplicate columns are never resolved silently -------------------------------------------


def test_duplicate_columns_in_a_workbook_table_are_refused(tmp_path, mini_registry):
    path = save_workbook(tmp_path / "rekap.xlsx", {"Jawaban": [
        ["Nama Badan Publik", "Kategori", "1.1", "Data Dukung 1.1", "1.2.a", "1.2.b", "1.2.c",
         "2.1", "Data Dukung 2.1", "Bukti 1.1", "1.2 Kelengkapan [RKA]"],
        ["Dinas A", "opd", "Ya", "https://a/1", "Ya", "Ya", "Tidak", 2, "https://a/3",
         "https://a/1b", "Ya"],
    ]})
    (report,) = read_batch([path], mini_registry).files
    assert report.status is FileStatus.REJECTED
    errors = {(p.code, p.location.cell): p.message for p in report.errors}
    assert set(errors) == {("D314", "D1"), ("D314", "E1")}
    assert "data dukung" in errors["D314", "D1"]
    assert "(J1)" in errors["D314", "D1"]
    assert "butir a" in errors["D314", "E1"]
    assert "(K1)" in errors["D314", "E1"]


def test_a_checklist_in_one_column_and_item_by_item_is_refused(tmp_path, mini_registry):
    report = read_file(tmp_path, "dua.csv",
                       "Nama Badan Publik;Kategori;1.1;1.2;1.2.a;1.2.b;1.2.c;2.1\n"
                       "Dinas A;opd;Ya;RKA;Ya;Tidak;Tidak;2\n", mini_registry)
    assert report.status is FileStatus.REJECTED
    assert codes(report) == [("D314", "D1")]
    assert "(E1)" in report.errors[0].message
    assert "(G1)" in report.errors[0].message


def test_two_name_columns_are_refused(tmp_path, mini_registry):
    report = read_file(tmp_path, "nama.csv",
                       "Nama Badan Publik,Kategori,Nama Instansi,1.1,1.2,2.1\n"
                       "Dinas A,opd,Dinas B,Ya,a,2\n", mini_registry)
    assert report.status is FileStatus.REJECTED
    assert codes(report) == [("D314", "A1")]


# -- Google Forms grid columns ---------------------------------------------------------------


def test_grid_columns_by_item_letter_label_or_code_and_label(tmp_path, mini_registry):
    report = accepted(read_file(
        tmp_path, "grid.csv",
        "Nama Badan Publik,Kategori,1.1 Ada DIP?,1.2 Kelengkapan [a],Kelengkapan [DPA],"
        "1.2 Kelengkapan [c. LRA],2.1,Data Dukung 1.1,Data Dukung 1.2,Data Dukung 2.1\n"
        "Dinas A,opd,Ya,Ya,Tidak,Ya,1,https://a/1,https://a/2,https://a/3\n"
        "Dinas B,opd,Ya,,,,1,https://a/1,,https://a/3\n", mini_registry))
    first, second = report.submissions
    assert first.answers["1.2"].value == frozenset({"a", "c"})
    assert first.answers["1.2"].cell == "D2"
    assert second.answers["1.2"].value is None  # no item answered: not answered
    assert [(p.code, p.location.cell) for p in report.warnings] == [("W409", "A3")]
    assert "1 dari 3 pertanyaan belum dijawab dan bernilai 0: 1.2" in report.warnings[0].message


def test_grid_column_naming_no_item_is_d308(tmp_path, mini_registry):
    report = read_file(tmp_path, "grid.csv",
                       "Nama Badan Publik,Kategori,1.1,1.2 Kelengkapan [a],1.2 Kelengkapan [b],"
                       "1.2 Kelengkapan [c],1.2 Kelengkapan [Neraca],2.1 SOP [Ya]\n"
                       "Dinas A,opd,Ya,Ya,Ya,Ya,Ya,2\n", mini_registry)
    assert report.status is FileStatus.REJECTED
    assert sorted(codes(report)) == [("D302", ""), ("D308", "G1"), ("D308", "H1")]
    assert "2.1" in next(p for p in report.errors if p.code == "D302").message  # its only column


def test_grid_without_a_column_for_every_item_names_the_missing_item(tmp_path, mini_registry):
    report = read_file(tmp_path, "grid.csv",
                       "Nama Badan Publik,Kategori,1.1,1.2 Kelengkapan [RKA],"
                       "1.2 Kelengkapan [DPA],2.1\nDinas A,opd,Ya,Ya,Ya,2\n", mini_registry)
    assert report.status is FileStatus.REJECTED
    (error,) = report.errors
    assert error.code == "D302"
    assert "1.2.c" in error.message


def test_grid_answer_that_is_not_ya_or_tidak_names_its_cell(tmp_path, mini_registry):
    report = read_file(tmp_path, "grid.csv",
                       "Nama Badan Publik,Kategori,1.1,1.2 K [a],1.2 K [b],1.2 K [c],2.1\n"
                       "Dinas A,opd,Ya,Ya,Mungkin,Ya,2\n", mini_registry)
    assert codes(report) == [("D303", "E2")]
    assert "Ya atau Tidak" in report.errors[0].fix


# -- every non-empty cell is read or reported --------------------------------------------------


def test_cells_outside_the_table_are_reported_once_per_region(tmp_path, mini_registry):
    path = save_workbook(tmp_path / "rekap.xlsx", {"Rekap": [
        ["Rekap SAQ Kabupaten Sukamaju 2025"],
        [],
        ["Nama Badan Publik", "Kategori", "1.1", "1.2", "2.1", None, "Data Dukung 2.1"],
        ["Dinas A", "opd", "Ya", "a", 2, "catatan 1", "https://a/3"],
        ["Dinas B", "opd", "Ya", "a", 2, "catatan 2", "https://b/3"],
        ["Dinas C", "opd", "Tidak", "b", 1, None, "https://c/3"],
        [],
        [None, None, None, None, None, None, "Sumber: rekap manual"],
    ]})
    (report,) = read_batch([path], mini_registry).files
    accepted(report)
    unread = {p.location.cell: p for p in report.warnings if p.code == "W405"}
    assert set(unread) == {"A1", "F4:F5", "G8"}
    assert "Rekap SAQ" in unread["A1"].message
    assert "di atas baris judul" in unread["A1"].message
    assert "kolom tanpa judul" in unread["F4:F5"].message
    assert "F4, F5" in unread["F4:F5"].message
    assert "tanpa nama badan publik" in unread["G8"].message
    assert len(report.submissions) == 3


def test_an_answer_to_a_question_of_another_category_is_reported(tmp_path, mini_registry):
    report = accepted(read_file(tmp_path, "campur.csv",
                                "Nama Badan Publik;Kategori;1.1;1.2;2.1;2.2\n"
                                "Desa Sukamaju;desa;Ya;a;2;Ya\n"
                                "Dinas A;opd;Ya;a;2;\n", mini_registry))
    (unread,) = [p for p in report.warnings if p.code == "W405"]
    assert unread.location.cell == "E2"
    assert "2.1" in unread.message
    assert "Desa" in unread.message
    assert "2.1" not in report.submissions[0].answers


def test_many_unread_cells_are_one_warning_listing_some(tmp_path, mini_registry):
    lines = ["Nama Badan Publik,Kategori,1.1,1.2,2.1,"] + [
        f"Dinas {n},opd,Ya,a,2,x{n}" for n in range(30)]
    report = accepted(read_file(tmp_path, "banyak.csv", "\n".join(lines) + "\n", mini_registry))
    (unread,) = [p for p in report.warnings if p.code == "W405"]
    assert unread.location.cell == "F2:F31"
    assert "30 sel" in unread.message
    assert "22 sel lain" in unread.message


# -- rows with more or fewer cells than the header (CSV) ---------------------------------------


def test_a_row_with_more_cells_than_the_header_is_d312(tmp_path, mini_registry):
    report = read_file(tmp_path, "geser.csv",
                       "Nama Badan Publik,Kategori,1.1,1.2,2.1\n"
                       "Dinas A,opd,Ya,a,2\n"
                       "Dinas B,opd,Ya,RKA,DPA,2\n", mini_registry)
    assert report.status is FileStatus.REJECTED
    assert codes(report) == [("D312", "F3")]
    assert "Baris 3 berisi 6 sel" in report.errors[0].message


def test_trailing_empty_cells_and_short_rows_read_as_blank(tmp_path, mini_registry):
    report = accepted(read_file(tmp_path, "pendek.csv",
                                "Nama Badan Publik,Kategori,1.1,1.2,2.1\n"
                                "Dinas A,opd,Ya,a,2,,\n"
                                "Dinas B,opd,Ya\n", mini_registry))
    a, b = report.submissions
    assert a.answers["2.1"].value == 2
    assert b.answers["1.1"].value is True
    assert b.answers["2.1"].value is None


def test_a_record_broken_by_a_line_break_is_d312_on_both_rows(tmp_path, mini_registry):
    report = read_file(tmp_path, "patah.csv",
                       "Nama Badan Publik,Kategori,1.1,1.2,2.1\n"
                       "Dinas A,opd,Ya,RKA\n"
                       "DPA,2\n", mini_registry)
    assert report.status is FileStatus.REJECTED
    assert codes(report) == [("D312", "D2"), ("D312", "B3")]


# -- data dukung and empty rows ----------------------------------------------------------------


def test_evidence_that_is_not_a_link_earns_nothing_and_is_named(tmp_path, mini_registry):
    report = accepted(read_file(tmp_path, "bukti.csv", HEADER.replace(",1.2,", ",1.2,") + "\n"
                                + ROW.replace("https://a.go.id/1", "ada") + "\n"
                                + "Dinas B,opd,Ya,,a,,2,\n", mini_registry))
    (typed,) = [p for p in report.warnings if p.code == "W404"]
    assert typed.location.cell == "D2"
    assert "'ada'" in typed.message
    assert "1.1" in typed.message
    a, b = report.submissions
    assert a.answers["1.1"].evidence == ""
    assert not a.answers["1.1"].has_evidence
    assert a.answers["1.2"].evidence == "https://a.go.id/2"
    assert b.answers["1.1"].evidence == ""  # blank: nothing to say


def test_evidence_typed_as_ada_scores_no_points(tmp_path):
    source = (CASES / "google-forms-grid-columns.csv").read_text(encoding="utf-8")
    path = tmp_path / "ada.csv"
    path.write_text(source.replace("https://ppid.contoh.go.id/1.8", "ada"), encoding="utf-8")
    run = score_files([path])
    (report,) = run.batch.files
    assert [p.code for p in report.warnings] == ["W404"]
    (result,) = run.results
    assert result.saq_verified is not None
    assert result.saq_verified < Decimal(100)


def test_a_row_without_any_answer_is_kept_and_warned(tmp_path, mini_registry):
    report = accepted(read_file(tmp_path, "kosong.csv",
                                "Nama Badan Publik,Kategori,1.1,1.2,2.1\n"
                                "Dinas A,opd,Ya,a,2\n"
                                "Dinas Kosong,opd,,,\n", mini_registry))
    assert [s.badan_publik for s in report.submissions] == ["Dinas A", "Dinas Kosong"]
    assert report.submissions[1].is_empty
    (empty,) = [p for p in report.warnings if p.code == "W406"]
    assert empty.location.cell == "A3"


# -- encodings and delimiters ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "encoding", "delimiter"), [
    ("utf8.csv", "utf-8", ","),
    ("utf8-bom.csv", "utf-8-sig", ";"),
    ("cp1252.csv", "cp1252", ";"),
    ("mac.csv", "mac_roman", ","),
    ("excel-unicode.txt", "utf-16", "\t"),
    ("utf16-be.txt", "utf-16-be-bom", "\t"),
    ("tab.tsv", "utf-8", "\t"),
])
def test_text_tables_in_the_encodings_spreadsheets_write(tmp_path, mini_registry, name,
                                                         encoding, delimiter):
    rows = [["Nama Badan Publik", "Kategori", "1.1 Ada DIP?", "1.2", "2.1"],
            ["Bank Syari’at Aceh – Cabang Kota", "opd", "Ya", "RKA, DPA", "2 – Ditetapkan"],
            ["Dinas Pariwisata dan Café", "opd", "Tidak", "LRA", "1"]]
    quote = '"' if delimiter == "," else ""
    text = "\r\n".join(delimiter.join(
        f'{quote}{v}{quote}' if quote and "," in v else v for v in row) for row in rows) + "\r\n"
    if encoding == "utf-16-be-bom":
        content: bytes = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        content = text.encode(encoding)
    assert classify(Source(name, content)) is Kind.CSV
    report = accepted(read_file(tmp_path, name, content, mini_registry))
    first, second = report.submissions
    assert first.badan_publik == "Bank Syari'at Aceh - Cabang Kota"
    assert first.answers["1.2"].value == frozenset({"a", "b"})
    assert first.answers["2.1"].value == 2
    assert second.badan_publik == "Dinas Pariwisata dan Café"
    assert second.answers["1.1"].value is False


def test_semicolon_table_with_commas_in_quoted_headers_and_answers(tmp_path, mini_registry):
    report = accepted(read_file(
        tmp_path, "titik-koma.csv",
        'Nama Badan Publik;Kategori;"1.1 Ada DIP, dan diumumkan?";1.2;2.1\n'
        "Dinas A;opd;Ya;RKA, DPA, LRA;2\n", mini_registry))
    (submission,) = report.submissions
    assert submission.answers["1.2"].value == frozenset({"a", "b", "c"})


def test_comma_table_whose_quoted_headers_hold_semicolons(tmp_path, mini_registry):
    report = accepted(read_file(
        tmp_path, "koma.csv",
        'Nama Badan Publik,Kategori,"1.1 Ada DIP; diumumkan?",1.2,2.1\n'
        'Dinas A,opd,Ya,"RKA; DPA",2\n', mini_registry))
    (submission,) = report.submissions
    assert submission.answers["1.2"].value == frozenset({"a", "b"})


def test_the_same_body_in_cp1252_and_utf8_is_one_body(tmp_path, mini_registry):
    table = "Nama Badan Publik;Kategori;1.1;1.2;2.1\n{name};opd;Ya;a;2\n"
    (tmp_path / "a.csv").write_bytes(table.format(name="Bank Syari’at").encode("cp1252"))
    (tmp_path / "b.csv").write_text(table.format(name="Bank Syari'at"), encoding="utf-8")
    result = read_batch([tmp_path / "a.csv", tmp_path / "b.csv"], mini_registry)
    assert [f.status for f in result.files] == [FileStatus.REJECTED] * 2
    assert {p.code for f in result.files for p in f.errors} == {"D307"}


# -- which sheet of a workbook ---------------------------------------------------------------


RESPONSES = [
    ["Timestamp", "Nama Badan Publik", "Kategori", "1.1", "Data Dukung 1.1", "1.2",
     "Data Dukung 1.2", "2.1", "Data Dukung 2.1"],
    ["2025/08/01", "Dinas A", "opd", "Ya", "https://a/1", "a", "https://a/2", 2, "https://a/3"],
]
SUMMARY = [["Nama Badan Publik", "Kategori", "Nilai"], ["Dinas A", "opd", 80]]


def test_a_summary_sheet_first_is_passed_over_and_the_choice_is_said(tmp_path, mini_registry):
    path = save_workbook(tmp_path / "unduhan.xlsx", {
        "Ringkasan": SUMMARY, "Form Responses 1": RESPONSES, "Catatan": [["dibuat otomatis"]]})
    (report,) = read_batch([path], mini_registry).files
    accepted(report)
    (submission,) = report.submissions
    assert submission.answers["2.1"].value == 2
    assert submission.answers["2.1"].cell == "Form Responses 1!H2"
    (said,) = report.warnings
    assert (said.code, said.location.sheet) == ("W403", "Form Responses 1")
    assert "'Ringkasan'" in said.message
    assert "'Catatan'" in said.message


def test_one_filled_sheet_needs_no_word_and_hidden_sheets_are_not_read(tmp_path,
                                                                        mini_registry):
    path = save_workbook(tmp_path / "satu.xlsx", {
        "Lama": RESPONSES, "Jawaban": RESPONSES, "Kosong": []}, hidden=("Lama",))
    (report,) = read_batch([path], mini_registry).files
    accepted(report)
    assert report.warnings == []
    assert report.submissions[0].answers["1.1"].cell == "Jawaban!D2"


def test_no_sheet_with_question_columns_names_the_sheets(tmp_path, mini_registry):
    path = save_workbook(tmp_path / "ringkasan.xlsx", {
        "Ringkasan": SUMMARY, "Grafik": [["lihat grafik"]]})
    (report,) = read_batch([path], mini_registry).files
    assert report.status is FileStatus.REJECTED
    (error,) = report.errors
    assert error.code == "F215"
    assert "'Ringkasan', 'Grafik'" in error.message
    assert "Nama Badan Publik" in error.message


def test_nasional_2025_grid_export_saved_as_a_workbook_with_a_summary(tmp_path):
    import csv

    with (CASES / "google-forms-grid-columns.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    path = save_workbook(tmp_path / "unduhan.xlsx", {"Ringkasan": SUMMARY,
                                                    "Jawaban Formulir 1": rows})
    run = score_files([path])
    (report,) = run.batch.files
    assert [p.code for p in report.problems] == ["W403"]
    (result,) = run.results
    assert result.saq_verified == Decimal(100)
    assert presets().get("nasional-2025") is not None


def test_identity_columns_of_a_form_are_read_not_refused(tmp_path, mini_registry):
    report = accepted(read_file(
        tmp_path, "identitas.csv",
        "Timestamp,Email Address,Nama Badan Publik,Kategori,Nama PPID,Jabatan,No HP,"
        "Tanggal Pengisian,1.1,1.2,2.1\n"
        "2025/08/01 10:00:00,a@b.go.id,Dinas A,opd,Siti,Sekretaris,0812,01/08/2025,Ya,a,2\n",
        mini_registry))
    (submission,) = report.submissions
    identity = submission.identity
    assert (identity.ppid_name, identity.position, identity.contact) == (
        "Siti", "Sekretaris", "0812")
    assert identity.filled_on is not None
    assert identity.filled_on.isoformat() == "2025-08-01"
