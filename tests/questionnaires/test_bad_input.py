"""Every kind of bad upload gets its catalogued error, and the rest of the batch survives.

Each test reads the bad file in one batch together with a good workbook and asserts the
error code, where it points, and that the good file was still accepted.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from questionnaires import layout
from questionnaires.batch import BatchResult, FileStatus, read_batch
from questionnaires.loader import Registry
from questionnaires.model import Methodology
from tests.conftest import answer_cell, edit_cells, zip_of


def batch_with_good(bad: Path, filled, registry: Registry, **kwargs) -> BatchResult:
    good = filled("baik.xlsx", badan_publik="Dinas Baik")
    return read_batch([good, bad], registry, **kwargs)


def only_rejection(result: BatchResult, name: str) -> list[str]:
    """Codes of the rejected file `name`; asserts the good file came through."""
    by_name = {f.name: f for f in result.files}
    assert by_name["baik.xlsx"].status is FileStatus.ACCEPTED
    assert [s.badan_publik for s in result.submissions] == ["Dinas Baik"]
    report = by_name[name]
    assert report.status is FileStatus.REJECTED
    return [p.code for p in report.errors]


def test_not_a_spreadsheet(tmp_path, filled, mini_registry):
    bad = tmp_path / "surat.pdf"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "surat.pdf") == ["F201"]


def test_random_bytes_named_xlsx_is_damaged(tmp_path, filled, mini_registry):
    bad = tmp_path / "kuesioner.xlsx"
    bad.write_bytes(b"this is not a workbook at all")
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "kuesioner.xlsx") == ["F204"]


def test_password_protected(tmp_path, filled, mini_registry):
    plain = filled("polos.xlsx", badan_publik="Dinas Rahasia")
    bad = tmp_path / "berpassword.xlsx"
    with plain.open("rb") as src, bad.open("wb") as out:
        OOXMLFile(src).encrypt("rahasia", out)
    plain.unlink()
    result = batch_with_good(bad, filled, mini_registry)
    codes = only_rejection(result, "berpassword.xlsx")
    assert codes == ["F202"]
    message = str(result.files[-1].errors[0])
    assert "kata sandi" in message


def test_xlsm_extension_is_refused(tmp_path, filled, mini_registry):
    source = filled("makro.xlsx", badan_publik="Dinas Makro")
    bad = source.rename(tmp_path / "makro.xlsm")
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "makro.xlsm") == ["F203"]


def test_macro_inside_an_xlsx_is_refused(tmp_path, filled, mini_registry):
    source = filled("asli.xlsx", badan_publik="Dinas Makro")
    with zipfile.ZipFile(source) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    source.unlink()
    members["xl/vbaProject.bin"] = b"\x00" * 64
    bad = zip_of(tmp_path / "menyamar.xlsx", members)
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "menyamar.xlsx") == ["F203"]


def test_truncated_file(tmp_path, filled, mini_registry):
    source = filled("utuh.xlsx", badan_publik="Dinas Terpotong")
    data = source.read_bytes()
    source.unlink()
    bad = tmp_path / "terpotong.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "terpotong.xlsx") == ["F204"]


def test_zip_bomb_is_refused_before_parsing(tmp_path, filled, mini_registry):
    source = filled("asli.xlsx", badan_publik="Dinas Bom")
    with zipfile.ZipFile(source) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    source.unlink()
    members["xl/worksheets/sheet2.xml"] = b" " * (60 * 1024 * 1024)  # ~60 KB compressed
    bad = zip_of(tmp_path / "bom.xlsx", members)
    assert bad.stat().st_size < 1024 * 1024
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "bom.xlsx") == ["F205"]


def test_oversized_sheet_is_refused(tmp_path, filled, mini_registry):
    source = filled("besar.xlsx", badan_publik="Dinas Besar")
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_QUESTIONS]
    for r in range(100, 12_100):
        ws.cell(row=r, column=7, value="x")
    wb.save(source)
    result = batch_with_good(source, filled, mini_registry)
    codes = only_rejection(result, "besar.xlsx")
    assert codes == ["F206"]
    assert "Kuesioner" in str(result.files[-1].errors[0])


def test_workbook_for_another_methodology(tmp_path, filled, mini, mini_registry):
    other = mini.model_copy(update={"id": "lain", "title": "Metodologi lain"})
    registry = Registry([mini, other])
    bad = filled("lain.xlsx", badan_publik="Dinas Lain", methodology=other)
    result = batch_with_good(bad, filled, registry, methodology_id="mini")
    assert only_rejection(result, "lain.xlsx") == ["F210"]
    assert "lain" in str(result.files[-1].errors[0])


def test_identity_category_contradicting_the_template(tmp_path, filled, mini_registry):
    bad = filled("kategori.xlsx", badan_publik="Desa Salah")
    edit_cells(bad, layout.SHEET_IDENTITY, {"B4": "Desa [desa]"})
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "kategori.xlsx") == ["F210"]


def test_unknown_question_code(tmp_path, filled, mini_registry):
    bad = filled("kode.xlsx", badan_publik="Dinas Kode")
    ref = answer_cell(bad, "1.1")
    edit_cells(bad, layout.SHEET_QUESTIONS, {f"A{ref[1:]}": "9.9"})
    result = batch_with_good(bad, filled, mini_registry)
    codes = only_rejection(result, "kode.xlsx")
    assert "D301" in codes
    assert "D302" in codes  # and 1.1 is now missing
    unknown = next(p for p in result.files[-1].errors if p.code == "D301")
    assert unknown.location.cell == f"A{ref[1:]}"


def test_deleted_question_row(tmp_path, filled, mini_registry):
    bad = filled("hapus.xlsx", badan_publik="Dinas Hapus")
    ref = answer_cell(bad, "2.1")
    wb = openpyxl.load_workbook(bad)
    wb[layout.SHEET_QUESTIONS].delete_rows(int(ref[1:]))
    wb.save(bad)
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "hapus.xlsx") == ["D302"]
    assert "2.1" in str(result.files[-1].errors[0])


def test_invalid_answer_names_the_cell(tmp_path, filled, mini_registry):
    bad = filled("jawaban.xlsx", badan_publik="Dinas Ragu")
    ref = answer_cell(bad, "1.1")
    edit_cells(bad, layout.SHEET_QUESTIONS, {ref: "Mungkin"})
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "jawaban.xlsx") == ["D303"]
    error = result.files[-1].errors[0]
    assert f"Kuesioner!{ref}" in str(error)
    assert "Mungkin" in error.message
    assert "Ya atau Tidak" in error.fix


def test_scale_out_of_range(tmp_path, filled, mini_registry):
    bad = filled("skala.xlsx", badan_publik="Dinas Skala")
    ref = answer_cell(bad, "2.1")
    edit_cells(bad, layout.SHEET_QUESTIONS, {ref: 7})
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "skala.xlsx") == ["D303"]
    assert result.files[-1].errors[0].location.cell == ref


def test_every_error_of_a_file_is_listed(tmp_path, filled, mini_registry):
    bad = filled("banyak.xlsx", badan_publik="Dinas Banyak Salah")
    edit_cells(bad, layout.SHEET_QUESTIONS, {answer_cell(bad, "1.1"): "Mungkin",
                                             answer_cell(bad, "2.1"): "sepuluh"})
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "banyak.xlsx") == ["D303", "D303"]


def test_same_badan_publik_twice_in_one_batch(tmp_path, filled, mini_registry):
    first = filled("a.xlsx", badan_publik="Dinas Kembar")
    second = filled("b.xlsx", badan_publik="  dinas   KEMBAR ")
    result = read_batch([filled("baik.xlsx", badan_publik="Dinas Baik"), first, second],
                        mini_registry)
    by_name = {f.name: f for f in result.files}
    assert by_name["baik.xlsx"].status is FileStatus.ACCEPTED
    for name in ("a.xlsx", "b.xlsx"):
        assert by_name[name].status is FileStatus.REJECTED
        assert [p.code for p in by_name[name].errors] == ["D307"]
        assert "a.xlsx" in str(by_name[name].errors[0])
        assert "b.xlsx" in str(
            by_name[name].errors[0])
    assert [s.badan_publik for s in result.submissions] == ["Dinas Baik"]


def test_missing_badan_publik_name(tmp_path, filled, mini_registry):
    bad = filled("tanpa-nama.xlsx", badan_publik="")
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "tanpa-nama.xlsx") == ["D305"]
    assert result.files[-1].errors[0].location.sheet == layout.SHEET_IDENTITY


def test_no_questionnaire_sheet(tmp_path, filled, mini_registry):
    bad = tmp_path / "lain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["A1"] = "apa saja"
    wb.save(bad)
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "lain.xlsx") == ["F207"]


def test_outdated_template(tmp_path, filled, mini, mini_registry):
    changed = mini.model_copy(update={"questions": tuple(
        q.model_copy(update={"points": q.points + 1}) for q in mini.questions)})
    bad = filled("usang.xlsx", badan_publik="Dinas Usang", methodology=changed)
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "usang.xlsx") == ["F211"]


def test_zip_with_bad_members_and_unsafe_names(tmp_path, filled, mini_registry):
    good = filled("x.xlsx", badan_publik="Dinas Dalam Zip").read_bytes()
    archive = zip_of(tmp_path / "kiriman.zip", {
        "opd/dinas.xlsx": good,
        "opd/rusak.xlsx": b"rusak",
        "../jahat.xlsx": good,
        "__MACOSX/opd/._dinas.xlsx": b"junk",
        "opd/~$dinas.xlsx": b"lock",
    })
    result = batch_with_good(archive, filled, mini_registry)
    by_name = {f.name: f for f in result.files}
    assert by_name["kiriman.zip/opd/dinas.xlsx"].status is FileStatus.ACCEPTED
    assert [p.code for p in by_name["kiriman.zip/opd/rusak.xlsx"].errors] == ["F204"]
    assert [p.code for p in by_name["kiriman.zip/../jahat.xlsx"].errors] == ["F213"]
    assert sorted(s.badan_publik for s in result.submissions) == ["Dinas Baik",
                                                                 "Dinas Dalam Zip"]
    assert len(result.files) == 4  # junk from macOS and Excel lock files is ignored


def test_nested_zip_one_level_is_read(tmp_path, filled, mini_registry):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("kec/bp.xlsx", filled("y.xlsx", badan_publik="Kecamatan Satu").read_bytes())
    outer = zip_of(tmp_path / "semua.zip", {"bagian1.zip": inner.getvalue()})
    result = read_batch([outer], mini_registry)
    assert [s.badan_publik for s in result.submissions] == ["Kecamatan Satu"]


def test_empty_file(tmp_path, filled, mini_registry):
    bad = tmp_path / "kosong.xlsx"
    bad.write_bytes(b"")
    result = batch_with_good(bad, filled, mini_registry)
    assert only_rejection(result, "kosong.xlsx") == ["F212"]


@pytest.mark.parametrize("code", ["F201", "F202", "F203", "F204", "F205", "D303", "D307"])
def test_messages_are_indonesian_and_actionable(code: str, mini: Methodology):
    from questionnaires.errors import CATALOG, Location, problem

    rendered = problem(code, Location(file="a.xlsx", sheet="Kuesioner", cell="E14"),
                       value="x", question="1.1", type="yes_no", allowed="Ya atau Tidak",
                       others="a.xlsx, b.xlsx", detail="d")
    assert str(rendered).startswith(f"[{code}] a.xlsx › Kuesioner!E14: ")
    assert CATALOG[code].fix
    assert "?" not in rendered.message
