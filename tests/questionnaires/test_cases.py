"""The real files people sent (``tests/fixtures/cases``, from ../shared/cases) and files of
the same kinds: each ends accepted, accepted with warnings, or refused, never with a silent
difference in the score.

The baseline is the nasional-2025 / opd template filled with the best answer and an
evidence link everywhere: SAQ 100, final 80,00 (no visitasi yet), Menuju Informatif.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwt

from monev.services import score_files
from questionnaires import layout
from questionnaires.batch import FileStatus, read_batch
from questionnaires.loader import presets
from scoring.inputs import Participation
from tests.conftest import answer_cell, edit_cells

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
BASELINE = CASES / "baseline-all-best-answers.xlsx"
BODY = "Dinas Komunikasi dan Informatika"


def only(run, name: str):
    """The single result of body `name` in a score run."""
    found = [r for r in run.results if r.badan_publik == name]
    assert len(found) == 1, [r.badan_publik for r in run.results]
    return found[0]


def report_of(run, file: str):
    return next(f for f in run.batch.files if f.name == file)


def assert_like_baseline(result) -> None:
    assert result.saq_raw == Decimal("100.00")
    assert result.final == Decimal("80.00")
    assert result.predicate.label == "Menuju Informatif"
    assert result.rank == 1


def copy_case(tmp_path: Path, name: str, as_name: str | None = None) -> Path:
    target = tmp_path / (as_name or name)
    shutil.copyfile(CASES / name, target)
    return target


KUESIONER_XML = "xl/worksheets/sheet3.xml"  # the Kuesioner sheet of the template


def edit_member(path: Path, member: str, edit: Callable[[str], str]) -> None:
    """Rewrite one XML part of a workbook (or .ods) in place, as another program would."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, edit(data.decode()).encode()
                             if info.filename == member else data)


def with_stored_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells a stored (cached) text value, as Excel does on saving."""
    def edit(xml: str) -> str:
        for ref, value in values.items():
            xml, count = re.subn(
                rf'<c r="{ref}"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)?</c>',
                rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v></c>', xml)
            assert count == 1, ref
        return xml

    edit_member(path, KUESIONER_XML, edit)


# -- the baseline and the same questionnaire in other shapes ----------------------------------

def test_baseline_scores_saq_100_and_menuju_informatif():
    run = score_files([BASELINE])
    assert report_of(run, BASELINE.name).problems == []
    assert_like_baseline(only(run, BODY))


def test_questionnaire_saved_as_ods_reads_like_the_xlsx():
    run = score_files([CASES / "questionnaire-saved-as-ods.ods"])
    report = report_of(run, "questionnaire-saved-as-ods.ods")
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    assert_like_baseline(only(run, BODY))


def test_ods_inside_a_batch_zip_is_one_workbook(tmp_path):
    batch = tmp_path / "kiriman.zip"
    with zipfile.ZipFile(batch, "w") as archive:
        archive.write(CASES / "questionnaire-saved-as-ods.ods", "opd/kominfo.ods")
    run = score_files([batch])
    assert [f.name for f in run.batch.files] == ["kiriman.zip/opd/kominfo.ods"]
    assert_like_baseline(only(run, BODY))


def test_xls_responses_table_is_read(tmp_path):
    """An Excel 97-2003 (.xls) responses table: read like the .xlsx one."""
    methodology = presets().get("nasional-2025")
    questions = methodology.questions_for("opd")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Jawaban")
    header = [layout.ID_NAME, layout.ID_CATEGORY]
    values: list[object] = [BODY, "opd"]
    for q in questions:
        if q.type.value == "checklist":
            for item in q.items:
                header.append(layout.item_row_code(q.code, item.code))
                values.append("Ya")
        else:
            header.append(q.code)
            values.append("Ya" if q.type.value == "yes_no" else max(lv.value for lv in q.scale))
        header.append(f"Data Dukung {q.code}")
        values.append(f"https://ppid.contoh.go.id/{q.code}")
    for c, (title, value) in enumerate(zip(header, values, strict=True)):
        sheet.write(0, c, title)
        sheet.write(1, c, value)
    path = tmp_path / "jawaban.xls"
    book.save(str(path))
    run = score_files([path])
    report = report_of(run, "jawaban.xls")
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    assert_like_baseline(only(run, BODY))


# -- formulas without stored values -----------------------------------------------------------

def test_formula_answers_without_stored_values_are_refused_naming_every_cell():
    run = score_files([CASES / "answers-as-formulas-without-stored-values.xlsx", BASELINE])
    report = report_of(run, "answers-as-formulas-without-stored-values.xlsx")
    assert report.status is FileStatus.REJECTED
    assert {p.code for p in report.errors} == {"D315"}
    cells = [p.location.cell for p in report.errors]
    assert len(cells) == 14
    assert cells[:3] == ["E31", "E40", "E52"]
    first = report.errors[0]
    assert first.location.sheet == "Kuesioner"
    assert "galat rumus tanpa nilai yang dapat dibaca (=Rekap!B1)" in str(first)
    assert "Excel atau LibreOffice" in first.fix
    # The baseline of the same batch is scored as usual.
    assert_like_baseline(only(run, BODY))


def test_formula_with_a_stored_value_is_read(tmp_path):
    path = copy_case(tmp_path, "answers-as-formulas-without-stored-values.xlsx", "dihitung.xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet3.xml").decode()
    refs = re.findall(r'<c r="([A-Z]+\d+)"[^>]*><f>', xml)
    assert len(refs) == 14
    with_stored_values(path, dict.fromkeys(refs, "Ya"))
    run = score_files([path])
    report = report_of(run, "dihitung.xlsx")
    assert report.status is FileStatus.ACCEPTED
    assert {p.code for p in report.warnings} == {"W407"}  # the Rekap sheet is not read
    assert only(run, BODY).saq_raw == Decimal("100.00")


def test_formula_in_identitas_is_refused(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "nama-rumus.xlsx")
    edit_cells(path, layout.SHEET_IDENTITY, {"B3": "=Petunjuk!A1"})
    result = read_batch([path], presets())
    report = result.files[0]
    assert report.status is FileStatus.REJECTED
    d315 = [p for p in report.errors if p.code == "D315"]
    assert [(p.location.sheet, p.location.cell) for p in d315] == [("Identitas", "B3")]


def test_formula_in_evidence_and_code_cells_is_refused(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "tautan-rumus.xlsx")
    evidence = answer_cell(path, "2.1").replace("E", "F")
    edit_cells(path, layout.SHEET_QUESTIONS, {evidence: '=CONCAT("https://", "x.go.id")'})
    report = read_batch([path], presets()).files[0]
    assert report.status is FileStatus.REJECTED
    assert [p.location.cell for p in report.errors if p.code == "D315"] == [evidence]


# -- invisible and look-alike characters ------------------------------------------------------

def test_answer_with_zero_width_space_reads_as_ya():
    run = score_files([CASES / "answer-with-zero-width-space.xlsx"])
    assert report_of(run, "answer-with-zero-width-space.xlsx").problems == []
    assert_like_baseline(only(run, BODY))


@pytest.mark.parametrize("typed", [
    "Ya\u00a0",  # non-breaking space
    "\ufeffYa",  # byte order mark pasted from a text file
    "Y\u00ada",  # soft hyphen
    "\u200fYa\u200e",  # right-to-left and left-to-right marks
    "Ｙａ",  # full-width letters (an IME)
    "Ya\t",
])
def test_other_invisible_characters_in_answers(tmp_path, typed):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "tak-terlihat.xlsx")
    edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, "2.1"): typed})
    run = score_files([path])
    assert report_of(run, "tak-terlihat.xlsx").problems == []
    assert only(run, BODY).saq_raw == Decimal("100.00")


def test_invisible_characters_in_codes_and_category(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "kode.xlsx")
    cell = answer_cell(path, "2.1").replace("E", "A")
    edit_cells(path, layout.SHEET_QUESTIONS, {cell: "2.1\u200b"})
    edit_cells(path, layout.SHEET_IDENTITY, {"B4": "Perangkat Daerah (OPD) [opd]\u00a0"})
    run = score_files([path])
    assert report_of(run, "kode.xlsx").problems == []
    assert only(run, BODY).saq_raw == Decimal("100.00")


def test_same_body_with_curly_and_straight_apostrophe_is_one_body():
    files = [CASES / "same-body-straight-apostrophe.xlsx",
             CASES / "same-body-curly-apostrophe.xlsx"]
    result = read_batch(files, presets())
    assert [f.status for f in result.files] == [FileStatus.REJECTED] * 2
    for report in result.files:
        assert [p.code for p in report.errors] == ["D307"]
        assert (report.errors[0].location.sheet, report.errors[0].location.cell) == (
            "Identitas", "B3")
        assert "same-body-curly-apostrophe.xlsx" in str(report.errors[0])
        assert "same-body-straight-apostrophe.xlsx" in str(report.errors[0])
    alone = score_files([files[1]])
    assert [r.badan_publik for r in alone.results] == ["Dinas Syari'at Islam"]


@pytest.mark.parametrize("other", [
    "Dinas Syari\u2018at Islam",  # left single quote
    "Dinas  Syari'at\u00a0Islam",  # doubled and non-breaking spaces
    "Dinas Syari\u02bcat Isl\u200bam",  # modifier apostrophe and a zero-width space
])
def test_other_spellings_of_the_same_body_collide(tmp_path, other):
    first = copy_case(tmp_path, "same-body-straight-apostrophe.xlsx", "a.xlsx")
    second = copy_case(tmp_path, "same-body-straight-apostrophe.xlsx", "b.xlsx")
    edit_cells(second, layout.SHEET_IDENTITY, {"B3": other})
    result = read_batch([first, second], presets())
    assert [[p.code for p in f.errors] for f in result.files] == [["D307"], ["D307"]]


# -- evidence that is not a link --------------------------------------------------------------

def test_evidence_typed_as_ada_earns_no_evidence_credit():
    run = score_files([CASES / "evidence-typed-as-ada.xlsx", BASELINE])
    report = report_of(run, "evidence-typed-as-ada.xlsx")
    assert report.status is FileStatus.ACCEPTED
    ada_warning = [p for p in report.warnings if p.code == "W404"]
    assert [p.location.cell for p in ada_warning] == ["F71"]
    assert "'ada'" in ada_warning[0].message
    assert "4.2" in ada_warning[0].message
    ada = [r for r in run.results if r.badan_publik != BODY or r.saq_raw != Decimal("100.00")]
    assert len(ada) == 1  # the baseline keeps 100; this one lost 4.2's points
    lost = next(q for q in ada[0].questions if q.code == "4.2")
    assert lost.earned_raw == 0
    assert ada[0].saq_raw < Decimal("100.00")
    # Whatever else the file leaves blank is named too (W409), never scored 0 silently.
    others = {p.code for p in report.warnings} - {"W404"}
    assert others <= {"W409"}


def test_ada_as_the_only_evidence_of_one_answer_in_a_blank_questionnaire(tmp_path):
    """Only 4.2 answered (Ya, data dukung 'ada'): W404 on its evidence cell, and W409 naming
    the 30 other questions left blank (each 0); SAQ 0, nothing read silently."""
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "hanya-4-2.xlsx")
    questions = presets().get("nasional-2025").questions_for("opd")
    sheet = openpyxl.load_workbook(path, read_only=True)[layout.SHEET_QUESTIONS]
    rows = {row[0]: n for n, row in enumerate(sheet.iter_rows(values_only=True), 1) if row}
    blanks: dict[str, object] = {}
    for code, row in rows.items():  # every answer and evidence cell but 4.2's
        if isinstance(code, str) and re.match(r"^\d", code) and code != "4.2":
            blanks[f"E{row}"] = blanks[f"F{row}"] = None
    blanks[f"F{rows['4.2']}"] = "ada"
    edit_cells(path, layout.SHEET_QUESTIONS, blanks)
    run = score_files([path])
    report = report_of(run, "hanya-4-2.xlsx")
    assert report.status is FileStatus.ACCEPTED
    assert sorted(p.code for p in report.warnings) == ["W404", "W409"]
    [w409] = [p for p in report.warnings if p.code == "W409"]
    assert w409.message.startswith(f"{len(questions) - 1} dari {len(questions)} pertanyaan "
                                   "belum dijawab dan bernilai 0: 1.1, 1.2")
    assert "lainnya" in w409.message
    assert w409.location.sheet == layout.SHEET_QUESTIONS
    assert only(run, BODY).saq_raw == Decimal("0.00")


@pytest.mark.parametrize(("typed", "counts"), [
    ("lihat lampiran", False),
    ("www.ppid.contoh.go.id/dip", False),  # no scheme: not a link a person can open
    ("https://", False),
    ("ftp://ppid.contoh.go.id/dip.pdf", False),
    ("https://ppid.contoh.go.id/dip", True),
    ("HTTP://PPID.CONTOH.GO.ID/DIP", True),
    ("  https://drive.google.com/file/d/abc/view\u200b ", True),
    # several documents for one question, as PPIDs write them: each a link
    ("https://ppid.contoh.go.id/dip.pdf\nhttps://ppid.contoh.go.id/sop.pdf", True),
    ("https://ppid.contoh.go.id/dip.pdf; https://ppid.contoh.go.id/sop.pdf", True),
    ("DIP: https://ppid.contoh.go.id/dip.pdf, SOP: https://ppid.contoh.go.id/sop.pdf.", True),
    ("DIP dan SOP ada di website", False),
])
def test_only_http_links_count_as_evidence(tmp_path, typed, counts):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "bukti.xlsx")
    evidence = answer_cell(path, "2.1").replace("E", "F")
    edit_cells(path, layout.SHEET_QUESTIONS, {evidence: typed})
    run = score_files([path])
    report = report_of(run, "bukti.xlsx")
    assert [(p.code, p.location.cell) for p in report.warnings] == (
        [] if counts else [("W404", evidence)])
    assert (only(run, BODY).saq_raw == Decimal("100.00")) is counts


# -- cells typed outside what is read --------------------------------------------------------

def test_cells_typed_outside_the_questionnaire_are_reported(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "catatan.xlsx")
    row = int(answer_cell(path, "2.1")[1:])
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    ws[f"K{row}"] = "sudah dicek pak Budi"
    ws[f"K{row + 1}"] = "ok"
    ws[f"E{ws.max_row + 2}"] = "Ya"  # an answer on a row without a question code
    ws_id = wb[layout.SHEET_IDENTITY]
    ws_id["C10"] = "catatan identitas"  # below the identity fields
    wb.save(path)
    report = read_batch([path], presets()).files[0]
    assert report.status is FileStatus.ACCEPTED
    warnings = {(p.code, p.location.sheet, p.location.cell): str(p) for p in report.warnings}
    assert ("W405", "Kuesioner", f"K{row}:K{row + 1}") in warnings
    assert "kolom tanpa judul; 2 sel" in warnings[("W405", "Kuesioner", f"K{row}:K{row + 1}")]
    no_code = [k for k in warnings if k[0] == "W405" and k[2].startswith("E")]
    assert len(no_code) == 1
    assert "baris tanpa kode pertanyaan" in warnings[no_code[0]]
    assert ("W405", "Identitas", "C10") in warnings


def test_a_questionnaire_without_any_answer_is_not_ranked(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "kosong.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    for row in ws.iter_rows(min_row=layout.HEADER_ROW + 1):
        if row[0].value and row[4].value != layout.CHECKLIST_HINT:
            row[4].value = None
    wb.save(path)
    run = score_files([path, BASELINE.parent / "same-body-straight-apostrophe.xlsx"])
    report = report_of(run, "kosong.xlsx")
    assert report.status is FileStatus.ACCEPTED
    assert [p.code for p in report.warnings] == ["W406"]
    empty = only(run, BODY)
    assert empty.participation is Participation.NOT_SUBMITTED
    assert empty.final is None
    assert empty.rank is None


# -- hostile sizes ----------------------------------------------------------------------------

def test_two_cells_far_apart_is_refused_and_the_batch_goes_on():
    run = score_files([CASES / "two-cells-far-apart-21kb.xlsx", BASELINE])
    report = report_of(run, "two-cells-far-apart-21kb.xlsx")
    assert report.status is FileStatus.REJECTED
    assert [p.code for p in report.errors] == ["F218"]
    assert "XFD1048576" in report.errors[0].message
    assert_like_baseline(only(run, BODY))


def test_many_columns_many_rows_is_refused_before_parsing(tmp_path):
    """16,384 columns × 10,000 rows written sparsely: refused from the sheet XML."""
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "lebar.xlsx")
    extra = "".join(f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
                    for r in range(200, 10_001, 50))
    edit_member(path, KUESIONER_XML, lambda xml: xml.replace("</sheetData>",
                                                             extra + "</sheetData>"))
    report = read_batch([path], presets()).files[0]
    assert [p.code for p in report.errors] == ["F218"]


def test_a_missing_identitas_sheet_is_named(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "tanpa-identitas.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb[layout.SHEET_IDENTITY]
    wb.save(path)
    report = read_batch([path], presets()).files[0]
    assert report.status is FileStatus.REJECTED
    missing = [p for p in report.errors if p.code == "F219"]
    assert len(missing) == 1
    assert "'Identitas'" in missing[0].message
    assert "Kuesioner" in missing[0].message  # the sheets that are there


def test_cli_score_shows_who_did_not_fill_the_saq(tmp_path, capsys):
    from monev.cli import main

    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "kosong.xlsx")
    wb = openpyxl.load_workbook(path)
    for row in wb[layout.SHEET_QUESTIONS].iter_rows(min_row=layout.HEADER_ROW + 1):
        if row[0].value and row[4].value != layout.CHECKLIST_HINT:
            row[4].value = None
    wb[layout.SHEET_IDENTITY]["B3"] = "Dinas Kosong"
    wb.save(path)
    assert main(["score", str(path), str(BASELINE), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert lines[0].endswith(",status")
    kosong = next(line for line in lines if line.startswith("Dinas Kosong"))
    assert kosong.endswith(",not_submitted")
    assert "1 badan publik dinilai, 1 tidak mengisi SAQ" in err
    assert "[W406] kosong.xlsx" in err


def test_formula_without_value_in_a_responses_table_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Jawaban"
    ws.append([layout.ID_NAME, layout.ID_CATEGORY, "2.1", "Data Dukung 2.1"])
    ws.append([BODY, "opd", "=Rekap!B2", "https://ppid.contoh.go.id/2.1"])
    path = tmp_path / "tabel-rumus.xlsx"
    wb.save(path)
    report = read_batch([path], presets()).files[0]
    assert report.status is FileStatus.REJECTED
    assert [(p.code, p.location.sheet, p.location.cell) for p in report.errors] == [
        ("D315", "Jawaban", "C2")]


@pytest.mark.parametrize(("cell_xml", "shown"), [
    ('<c r="{ref}" t="e"><f>Rekap!A1</f><v>#REF!</v></c>', "=Rekap!A1 → #REF!"),
    ('<c r="{ref}" t="e"><v>#N/A</v></c>', "#N/A"),
])
def test_formula_errors_in_answers_are_refused(tmp_path, cell_xml, shown):
    """A stored formula error reads as blank: refused, never a silently lower score."""
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "galat.xlsx")
    ref = answer_cell(path, "2.1")

    def edit(xml: str) -> str:
        xml, count = re.subn(rf'<c r="{ref}"[^>]*>.*?</c>', cell_xml.format(ref=ref), xml)
        assert count == 1
        return xml

    edit_member(path, KUESIONER_XML, edit)
    report = read_batch([path], presets()).files[0]
    assert report.status is FileStatus.REJECTED
    assert [(p.code, p.location.cell) for p in report.errors] == [("D315", ref)]
    assert f"({shown})" in report.errors[0].message


@pytest.mark.parametrize(("column", "label"), [
    ("D", "Definisi Operasional"), ("H", "Pilihan Jawaban"), ("I", "Poin Maksimal")])
def test_an_answer_typed_into_a_template_text_column_is_reported(tmp_path, column, label):
    """The template's own text columns are skipped only while they hold the template's text:
    `Ya` typed under Pilihan Jawaban (and the Jawaban cell left empty) is not lost silently."""
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "kolom-salah.xlsx")
    answer = answer_cell(path, "4.2")
    edit_cells(path, layout.SHEET_QUESTIONS, {answer: None, f"{column}{answer[1:]}": "Ya"})
    run = score_files([path])
    report = report_of(run, "kolom-salah.xlsx")
    assert [(p.code, p.location.cell) for p in report.warnings] == [
        ("W405", f"{column}{answer[1:]}"), ("W409", "")]
    assert f"isi sel di kolom '{label}' berbeda dari templat" in report.warnings[0].message
    assert "1 dari 31 pertanyaan belum dijawab dan bernilai 0: 4.2" in report.warnings[1].message
    assert only(run, BODY).saq_raw < Decimal("100.00")  # 4.2 unanswered, and said so


def test_text_below_the_questionnaire_and_formulas_outside_it_are_reported(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "di-bawah.xlsx")
    edit_cells(path, layout.SHEET_QUESTIONS, {
        "A200": "catatan di kolom kode", "C200": "jawaban saya Ya", "K10": "=SUM(I5:I94)"})
    report = read_batch([path], presets()).files[0]
    assert report.status is FileStatus.ACCEPTED
    found = {(p.location.cell, p.context["value"]) for p in report.warnings}
    assert found == {("A200:C200", "catatan di kolom kode"), ("K10", "=SUM(I5:I94)")}


def test_the_template_unchanged_gives_no_warning_in_any_format():
    run = score_files([BASELINE, CASES / "questionnaire-saved-as-ods.ods"])
    assert [p for f in run.batch.files for p in f.problems if p.code != "D307"] == []


def test_ods_with_a_far_away_cell_is_refused_before_it_is_parsed(tmp_path):
    """The .ods twin of the 21 KB case: repeated empty rows and columns, then one cell at
    XFD1048576. The .ods parser builds every sheet on opening, so it is bounded first."""
    far = ('<table:table-row table:number-rows-repeated="1048000"><table:table-cell/>'
           '</table:table-row><table:table-row><table:table-cell '
           'table:number-columns-repeated="16383"/><table:table-cell office:value-type="string">'
           '<text:p>z</text:p></table:table-cell></table:table-row>')

    def edit(text: str) -> str:
        end = text.index("</table:table>", text.index('table:name="Kuesioner"'))
        return text[:end] + far + text[end:]

    path = copy_case(tmp_path, "questionnaire-saved-as-ods.ods", "jauh.ods")
    edit_member(path, "content.xml", edit)
    run = score_files([path, BASELINE])
    report = report_of(run, "jauh.ods")
    assert [(p.code, p.location.sheet) for p in report.errors] == [("F218", "Kuesioner")]
    assert "XFD" in report.errors[0].message
    assert_like_baseline(only(run, BODY))


def test_evidence_typed_as_text_with_an_excel_hyperlink_reads_the_link(tmp_path):
    """'DIP 2025' shown in the cell, linked (Ctrl+K) to the document: the link is the data
    dukung; a hyperlink to something that is not http(s) does not count."""
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "tautan-excel.xlsx")
    first = answer_cell(path, "2.1").replace("E", "F")
    second = answer_cell(path, "4.2").replace("E", "F")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    ws[first] = "DIP 2025"
    ws[first].hyperlink = "https://ppid.contoh.go.id/dip-2025.pdf"
    ws[second] = "lihat berkas"
    ws[second].hyperlink = "file:///C:/Users/ppid/register.xlsx"
    wb.save(path)
    run = score_files([path])
    report = report_of(run, "tautan-excel.xlsx")
    assert [(p.code, p.location.cell) for p in report.warnings] == [("W404", second)]
    submission = run.batch.submissions[0]
    assert submission.answers["2.1"].evidence == "https://ppid.contoh.go.id/dip-2025.pdf"
    assert submission.answers["4.2"].evidence == ""


def test_a_note_above_the_header_is_reported(tmp_path):
    path = copy_case(tmp_path, "baseline-all-best-answers.xlsx", "di-atas.xlsx")
    edit_cells(path, layout.SHEET_QUESTIONS, {"F2": "catatan di atas judul"})
    report = read_batch([path], presets()).files[0]
    assert [(p.code, p.location.cell) for p in report.warnings] == [("W405", "F2")]
