"""What a person reads about a refused questionnaire is Indonesian and whole: an answer
type by its Indonesian name (never ``yes_no``), and whose file it was when its Identitas
sheet still names the badan publik; a template names the KI and year of the cycle it is
downloaded in."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from questionnaires import answer_types, layout
from questionnaires.batch import BatchReader, FileStatus, read_batch
from questionnaires.loader import Registry, presets
from questionnaires.model import Methodology
from questionnaires.sources import Source
from questionnaires.template import write_filled, write_template
from tests.conftest import MINI_OPD_ANSWERS

INTERNAL_NAMES = ("yes_no", "scale", "checklist")


def filled(mini: Methodology, answers: dict[str, object], name: str = "Dinas Kesehatan") -> bytes:
    buffer = io.BytesIO()
    write_filled(mini, "opd", buffer, badan_publik=name, answers=answers)
    return buffer.getvalue()


@pytest.mark.parametrize(("code", "typed", "label"), [
    ("1.1", "Mungkin", "Ya/Tidak"),
    ("1.2", {"a": "Mungkin"}, "Kelengkapan (butir)"),
    ("2.1", "Sembilan", "Skala"),
])
def test_a_wrong_answer_names_the_answer_type_in_indonesian(
        mini_registry: Registry, mini: Methodology, code: str, typed: object,
        label: str) -> None:
    data = filled(mini, {**MINI_OPD_ANSWERS, code: typed})
    (report,) = BatchReader(mini_registry, isolated=False).read(
        [Source("dinkes.xlsx", data)]).files
    (error,) = report.errors
    assert error.code == "D303"
    question = next(q for q in mini.questions if q.code == code)
    assert answer_types.get(question.type).label == label
    assert error.message.endswith(f"pertanyaan {code} — jenis jawaban {label}")
    assert not any(name in error.message for name in INTERNAL_NAMES)
    if code == "1.1":  # picked from a list: one of them
        assert error.fix == "Isi salah satu: Ya atau Tidak; atau kosongkan jika belum dijawab."


def test_a_wrong_answer_in_a_responses_table_names_the_type_in_indonesian(
        tmp_path: Path, mini_registry: Registry) -> None:
    path = tmp_path / "jawaban.csv"
    path.write_text("Nama Badan Publik,Kategori,1.1,1.2,2.1\n"
                    "Dinas A,opd,Mungkin,a,2\n", encoding="utf-8")
    (report,) = read_batch([path], mini_registry).files
    (error,) = report.errors
    assert error.message == ("Jawaban 'Mungkin' tidak sah untuk pertanyaan 1.1 — jenis "
                             "jawaban Ya/Tidak")


def test_a_wrong_checklist_item_names_the_item_and_its_cell(
        mini_registry: Registry, mini: Methodology) -> None:
    """Answered item by item, the refusal says which item row (butir b, its cell) is wrong,
    not only the question, so the person finds the row without counting."""
    data = filled(mini, {**MINI_OPD_ANSWERS, "1.2": {"a": "Ya", "b": "Mungkin", "c": "Ya"}})
    (report,) = BatchReader(mini_registry, isolated=False).read(
        [Source("dinkes.xlsx", data)]).files
    (error,) = report.errors
    book = openpyxl.load_workbook(io.BytesIO(data))
    (cell,) = [f"E{row[0].row}" for row in book[layout.SHEET_QUESTIONS].iter_rows()
               if row[0].value == layout.item_row_code("1.2", "b")]
    assert (error.code, error.location.cell) == ("D303", cell)
    assert error.message == (f"Jawaban 'Mungkin' tidak sah untuk butir b (DPA) di sel "
                             f"Kuesioner!{cell}, pertanyaan 1.2 — jenis jawaban "
                             "Kelengkapan (butir)")
    assert error.fix == "Isi butir b dengan salah satu: Ya atau Tidak; atau kosongkan jika " \
        "belum dijawab."


def test_a_wrong_checklist_item_in_a_responses_table_names_the_item_and_its_cell(
        tmp_path: Path, mini_registry: Registry) -> None:
    path = tmp_path / "jawaban.csv"
    path.write_text("Nama Badan Publik,Kategori,1.1,1.2.a,1.2.b,1.2.c,2.1\n"
                    "Dinas A,opd,Ya,Ya,Ya,Entah,2\n", encoding="utf-8")
    (report,) = read_batch([path], mini_registry).files
    (error,) = report.errors
    assert error.location.cell == "F2"
    assert error.message == ("Jawaban 'Entah' tidak sah untuk butir c (LRA) di sel F2, "
                             "pertanyaan 1.2 — jenis jawaban Kelengkapan (butir)")


def test_a_refused_workbook_says_whose_it_is_from_its_identitas(
        mini_registry: Registry, mini: Methodology) -> None:
    data = filled(mini, {**MINI_OPD_ANSWERS, "1.1": "Mungkin"},
                  name="  Dinas   Kesehatan  Kabupaten ")
    result = BatchReader(mini_registry).read([Source("dinkes.xlsx", data)])  # in a worker
    (report,) = result.files
    assert report.status is FileStatus.REJECTED
    assert report.names == ["Dinas Kesehatan Kabupaten"]


def test_a_workbook_without_a_kuesioner_sheet_still_says_whose_it_is(
        mini_registry: Registry, mini: Methodology) -> None:
    book = openpyxl.load_workbook(io.BytesIO(filled(mini, dict(MINI_OPD_ANSWERS))))
    book.security = None
    book[layout.SHEET_QUESTIONS].title = "Jawaban"
    buffer = io.BytesIO()
    book.save(buffer)
    (report,) = BatchReader(mini_registry, isolated=False).read(
        [Source("dinkes.xlsx", buffer.getvalue())]).files
    assert [p.code for p in report.errors] == ["F207"]
    assert report.names == ["Dinas Kesehatan"]


def test_a_refused_file_without_a_readable_name_names_nobody(
        mini_registry: Registry, mini: Methodology) -> None:
    data = filled(mini, {**MINI_OPD_ANSWERS, "1.1": "Mungkin"}, name="")
    (report,) = BatchReader(mini_registry, isolated=False).read(
        [Source("tanpa-nama.xlsx", data)]).files
    assert report.status is FileStatus.REJECTED
    assert report.names == []


def sheet_texts(data: bytes) -> dict[str, str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: "\n".join(str(c.value) for row in ws.iter_rows() for c in row
                                if c.value is not None) for ws in book.worksheets}


def test_a_template_names_the_cycles_ki_and_year() -> None:
    national = presets().get("nasional-2025")
    assert national is not None
    assert national.ki == "Komisi Informasi Pusat"
    buffer = io.BytesIO()
    write_template(national, "opd", buffer, ki="Komisi Informasi Kabupaten Sukamaju",
                   year=2026)
    texts = sheet_texts(buffer.getvalue())
    assert "Komisi Informasi: Komisi Informasi Kabupaten Sukamaju" in texts[layout.SHEET_GUIDE]
    assert "Tahun: 2026" in texts[layout.SHEET_GUIDE]
    assert texts[layout.SHEET_QUESTIONS].splitlines()[1].startswith(
        "Komisi Informasi Kabupaten Sukamaju · 2026 · Kategori: ")
    assert "Komisi Informasi Pusat" not in texts[layout.SHEET_GUIDE] + \
        texts[layout.SHEET_QUESTIONS]
    # The methodology's own names when no cycle is given.
    buffer = io.BytesIO()
    write_template(national, "opd", buffer)
    assert "Komisi Informasi: Komisi Informasi Pusat" in sheet_texts(
        buffer.getvalue())[layout.SHEET_GUIDE]


def test_a_template_for_a_cycle_is_read_like_the_methodologys_own(
        mini_registry: Registry, mini: Methodology) -> None:
    """The KI and year are text for people: the reader accepts the workbook as it is."""
    buffer = io.BytesIO()
    write_template(mini, "opd", buffer, ki="Komisi Informasi Kabupaten Sukamaju", year=2026)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    identity = book[layout.SHEET_IDENTITY]
    for row in identity.iter_rows():
        if row[0].value == layout.ID_NAME:
            row[1].value = "Dinas Kominfo"
    out = io.BytesIO()
    book.save(out)
    (report,) = BatchReader(mini_registry, isolated=False).read(
        [Source("kominfo.xlsx", out.getvalue())]).files
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    assert not [p for p in report.warnings if p.code == "W405"]
