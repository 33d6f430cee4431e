"""Reading *Tidak ada kejadian (nihil)*: accepted in its common spellings on questions that
allow it (``allow_na``), a D303 error naming the allowed answers everywhere else."""

from __future__ import annotations

import openpyxl
import pytest

from questionnaires import layout
from questionnaires.answers import allowed_text, parse_answer
from questionnaires.batch import FileStatus, read_batch
from questionnaires.submission import NIL, NIL_LABEL
from questionnaires.template import write_template
from tests.conftest import answer_cell, edit_cells

SPELLINGS = ["Tidak ada kejadian (nihil)", "nihil", " NIHIL ", "Nihil.", "N/A", "n/a", "NA",
             "tidak relevan", "Tidak Relevan", "tidak ada kejadian"]


@pytest.mark.parametrize("typed", SPELLINGS)
def test_workbook_spellings(typed, filled, mini_nil, mini_nil_registry):
    path = filled(methodology=mini_nil)
    edit_cells(path, layout.SHEET_QUESTIONS,
               {answer_cell(path, "1.1"): typed, answer_cell(path, "2.1"): typed})
    result = read_batch([path], mini_nil_registry)
    assert [f.status for f in result.files] == [FileStatus.ACCEPTED]
    (sub,) = result.submissions
    assert sub.answers["1.1"].value == NIL
    assert sub.answers["2.1"].value == NIL
    assert sub.answers["1.2"].value == frozenset({"a", "b"})  # untouched


def test_write_filled_round_trips_nihil(filled, mini_nil, mini_nil_registry):
    path = filled(methodology=mini_nil, answers={"1.1": NIL, "1.2": {"a"}, "2.1": NIL})
    wb = openpyxl.load_workbook(path)
    assert wb[layout.SHEET_QUESTIONS][answer_cell(path, "1.1")].value == NIL_LABEL
    (sub,) = read_batch([path], mini_nil_registry).submissions
    assert (sub.answers["1.1"].value, sub.answers["2.1"].value) == (NIL, NIL)


def test_responses_table_spellings(tmp_path, mini_nil_registry):
    path = tmp_path / "jawaban.csv"
    path.write_text(
        "Nama Badan Publik,Kategori,1.1,Data Dukung 1.1,1.2,Data Dukung 1.2,2.1,"
        "Data Dukung 2.1\n"
        "Dinas A,opd,N/A,,a,http://a/k,tidak relevan,\n"
        "Dinas B,opd,Tidak ada kejadian (nihil),,b,http://b/k,1 – Draf,http://b/s\n",
        encoding="utf-8")
    result = read_batch([path], mini_nil_registry)
    assert [f.status for f in result.files] == [FileStatus.ACCEPTED]
    a, b = result.submissions
    assert (a.answers["1.1"].value, a.answers["2.1"].value) == (NIL, NIL)
    assert (b.answers["1.1"].value, b.answers["2.1"].value) == (NIL, 1)


def test_nihil_without_allow_na_is_d303_naming_the_allowed_answers(filled, mini,
                                                                   mini_registry, tmp_path):
    path = filled()
    edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, "1.1"): "nihil"})
    (report,) = read_batch([path], mini_registry).files
    assert report.status is FileStatus.REJECTED
    (error,) = report.errors
    assert error.code == "D303"
    assert "Ya atau Tidak" in str(error)
    assert NIL_LABEL not in str(error)

    table = tmp_path / "tabel.csv"
    table.write_text("Nama Badan Publik,Kategori,1.1,1.2,2.1\nDinas A,opd,Ya,a,N/A\n",
                     encoding="utf-8")
    (report,) = read_batch([table], mini_registry).files
    assert report.status is FileStatus.REJECTED
    assert [(p.code, p.location.cell) for p in report.errors] == [("D303", "E2")]
    assert "2 – Ditetapkan" in str(report.errors[0])


def test_allowed_text_and_other_invalid_answers_name_nihil(mini_nil, filled,
                                                          mini_nil_registry):
    q11 = mini_nil.question_by_code["1.1"]
    assert allowed_text(q11) == f"Ya, Tidak atau {NIL_LABEL}"
    assert allowed_text(mini_nil.question_by_code["2.1"]).endswith(f"atau {NIL_LABEL}")
    assert parse_answer(q11, "ya") is True  # the usual answers still work
    path = filled(methodology=mini_nil)
    edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, "1.1"): "Mungkin"})
    (report,) = read_batch([path], mini_nil_registry).files
    assert [p.code for p in report.errors] == ["D303"]
    assert NIL_LABEL in str(report.errors[0])


def test_template_offers_nihil_only_where_allowed(tmp_path, mini_nil):
    from tests.questionnaires.test_template import row_of, validation_lists

    path = tmp_path / "nil.xlsx"
    write_template(mini_nil, "opd", path)
    wb = openpyxl.load_workbook(path)
    lists = validation_lists(wb)
    answer = layout.QUESTION_COLUMNS.index(layout.COL_ANSWER) + 1
    choices = layout.QUESTION_COLUMNS.index(layout.COL_CHOICES) + 1
    col = openpyxl.utils.get_column_letter(answer)
    ws = wb[layout.SHEET_QUESTIONS]
    r11, r21 = row_of(wb, "1.1"), row_of(wb, "2.1")
    assert lists[f"{col}{r11}"] == [layout.YES, layout.NO, NIL_LABEL]
    assert lists[f"{col}{r21}"] == ["0 – Tidak ada", "1 – Draf", "2 – Ditetapkan", NIL_LABEL]
    assert lists[f"{col}{row_of(wb, '1.2.a')}"] == [layout.YES, layout.NO]
    assert NIL_LABEL in ws.cell(r11, choices).value
    assert NIL_LABEL in ws.cell(r21, choices).value
    assert NIL_LABEL not in ws.cell(row_of(wb, "1.2"), choices).value
