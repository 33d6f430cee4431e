"""``number`` and ``text`` answers where people type them: parsing with a decimal comma,
the question's definition, the template's answer cell (check, help, rule), a filled
workbook read back, a Google Forms responses table, and the verifikator's typed points.

tests/fixtures/angka-uraian.yaml: 1.2 number 0–100 %, 1 decimal, nihil allowed, ≥ 90 → 4,
≥ 75 → 2; 1.3 number of days, whole, ≥ 0; 2.1 text, 5 points, 1 decimal.
"""

from __future__ import annotations

import copy
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from monev.answer_values import coerce_answer as verifier_value
from monev.errors import UsageError
from questionnaires import answer_types, layout
from questionnaires.answers import (
    InvalidAnswer,
    allowed_text,
    coerce_answer,
    display_value,
    parse_answer,
    value_from_json,
    value_to_json,
)
from questionnaires.batch import FileStatus, read_batch
from questionnaires.errors import ProblemsError
from questionnaires.loader import Registry, load_methodology, parse_methodology, presets
from questionnaires.model import Methodology
from questionnaires.submission import NIL, Answer
from questionnaires.template import write_filled, write_template
from storage import queries
from tests.conftest import FIXTURES, answer_cell, edit_cells

D = Decimal
FIXTURE = FIXTURES / "angka-uraian.yaml"
LINK = "https://ppid.example.go.id/rekap.pdf"
TEXT = "Inovasi: permohonan lewat WhatsApp.\nBukti: SK Kepala Dinas No. 12/2025."


@pytest.fixture(scope="module")
def m() -> Methodology:
    return load_methodology(FIXTURE)


def data() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def questions(m: Methodology):
    return (m.question_by_code[c] for c in ("1.2", "1.3", "2.1"))


# -- typed answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "value"), [
    ("85,5", D("85.5")), ("85,5 %", D("85.5")), ("85,5%", D("85.5")), (" 90 ", D(90)),
    ("85.5", D("85.5")),  # one point before one digit can only be a decimal point
    ("100,0", D(100)), (85.5, D("85.5")), (90, D(90)), (D("75.0"), D(75)),
    ("", None), ("   ", None), (None, None), ("nihil", NIL), ("Tidak ada kejadian", NIL),
])
def test_number_typed_the_indonesian_way(m, raw, value):
    q12, _, _ = questions(m)
    assert parse_answer(q12, raw) == value
    if isinstance(value, Decimal):
        assert str(parse_answer(q12, raw)) == str(value)  # shortest form: 100, not 100.0


@pytest.mark.parametrize("raw", ["abc", "101", "-1", "85,55", "1.234,5", "8.5.1", "1e2",
                                 True, float("nan")])
def test_number_refused_names_range_and_decimals(m, raw):
    q12, _, _ = questions(m)
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(q12, raw)
    assert caught.value.allowed == ("angka 0 sampai 100 (%), paling banyak 1 angka di "
                                    "belakang koma, mis. 85,5 atau Tidak ada kejadian (nihil)")


def test_count_of_days_is_whole_and_thousands_use_the_point(m):
    _, q13, _ = questions(m)
    assert parse_answer(q13, "1.234") == D(1234)  # Indonesian thousands
    assert parse_answer(q13, "12 hari") == D(12)
    assert allowed_text(q13) == "bilangan bulat paling sedikit 0 (hari), mis. 12"
    for raw in ("12,5", "-3", "nihil"):  # a count has no decimals; 1.3 allows no nihil
        with pytest.raises(InvalidAnswer):
            parse_answer(q13, raw)


def test_text_answer_is_the_text_written(m):
    _, _, q21 = questions(m)
    assert parse_answer(q21, f"  {TEXT}\n\n\n") == TEXT
    assert parse_answer(q21, "Satu\n\n\nDua  tiga") == "Satu\n\nDua tiga"
    assert parse_answer(q21, 2025) == "2025"  # a number in the cell is its text
    assert parse_answer(q21, "") is None
    with pytest.raises(InvalidAnswer, match="uraian jawaban"):
        parse_answer(q21, "nihil")  # no Tidak ada kejadian for a text: leave it blank


def test_the_verifikator_types_points_for_a_text_question(m):
    _, _, q21 = questions(m)
    assert coerce_answer(q21, "3,5") == D("3.5")
    assert coerce_answer(q21, "5 poin") == D(5)
    assert coerce_answer(q21, D("0")) == D(0)
    assert coerce_answer(q21, "") is None
    for raw in ("6", "3,55", "-1", "bagus", TEXT):
        with pytest.raises(UsageError) as caught:
            verifier_value(q21, raw)
        assert caught.value.message.endswith(
            "Jawaban yang diterima: poin 0 sampai 5, paling banyak 1 angka di belakang koma "
            "(mis. 2,5).")
    # a number question's verifikator types the number the evidence shows
    q12, _, _ = questions(m)
    assert coerce_answer(q12, "80,5") == D("80.5")
    with pytest.raises(UsageError, match="angka 0 sampai 100"):
        verifier_value(q12, "120")


def test_display_and_json(m):
    q12, q13, q21 = questions(m)
    assert display_value(q12, D("85.5")) == "85,5%"
    assert display_value(q13, D(1234)) == "1.234 hari"
    assert display_value(q21, TEXT) == TEXT
    assert display_value(q21, D("3.5")) == "3,5 poin"
    for q, value in ((q12, D("85.5")), (q13, D(12)), (q21, D("3.5")), (q21, TEXT),
                     (q12, NIL)):
        stored = value_to_json(q, value)
        assert stored == queries.value_to_json(value)  # the type and storage agree
        assert value_from_json(q, stored) == value == queries.value_from_json(stored)
        assert type(queries.value_from_json(stored)) is type(value)
    assert value_to_json(q12, D("85.5")) == {"decimal": "85.5"}


def test_answers_keep_their_class(m):
    # pydantic keeps a Decimal a Decimal (not an int) and a text a str
    assert Answer(question="1.2", value=D(90)).value.__class__ is Decimal
    assert Answer(question="2.1", value=TEXT).value == TEXT


# -- the definition --------------------------------------------------------------------------


def _problems(change) -> list[tuple[str, str, str]]:
    d = copy.deepcopy(data())
    change(d)
    with pytest.raises(ProblemsError) as caught:
        parse_methodology(d, "angka.yaml")
    return [(p.code, p.location.path, str(p)) for p in caught.value.problems]


@pytest.mark.parametrize(("change", "path", "detail"), [
    (lambda d: d["questions"][1].pop("thresholds"), "questions[1] (1.2).type",
     "pertanyaan Angka perlu ambang 'thresholds'"),
    (lambda d: d["questions"][1]["thresholds"].append({"lower": 90, "fraction": 0.8}),
     "questions[1] (1.2).type", "ambang ≥ 90 ditulis lebih dari sekali"),
    (lambda d: d["questions"][1].update(min_value=100, max_value=0),
     "questions[1] (1.2).type", "min_value 100 lebih besar dari max_value 0"),
    (lambda d: d["questions"][1].update(max_value=80), "questions[1] (1.2).type",
     "ambang ≥ 90 tidak dapat dicapai (max_value 80)"),
    (lambda d: d["questions"][1]["thresholds"].__setitem__(0, {"lower": 90, "fraction": 0.9}),
     "questions[1] (1.2).type", "fraksi tertinggi ambang 0,9, seharusnya 1"),
    (lambda d: d["questions"][1].update(max_value=99.55), "questions[1] (1.2).type",
     "max_value 99,55 punya lebih banyak desimal dari 'decimals' (1)"),
    (lambda d: d["questions"][0].update(thresholds=[{"lower": 1, "fraction": 1}]),
     "questions[0] (1.1).thresholds", "'thresholds' hanya untuk pertanyaan Angka ('number')"),
    (lambda d: d["questions"][0].update(decimals=1),
     "questions[0] (1.1).decimals",
     "'decimals' hanya untuk pertanyaan Angka ('number') atau Uraian ('text')"),
    (lambda d: d["questions"][3].update(unit="%"),
     "questions[3] (2.1).unit", "'unit' hanya untuk pertanyaan Angka ('number')"),
    (lambda d: d["questions"][3].update(allow_na=True), "questions[3] (2.1)",
     "allow_na hanya untuk pertanyaan yes_no atau scale atau number"),
])
def test_each_definition_rule(change, path, detail):
    found = _problems(change)
    assert any(p == path and detail in text for _, p, text in found), found


def test_fingerprints_of_other_questions_do_not_move(m, mini):
    # the fields of number questions enter the fingerprint; a rule change is a new question set
    d = data()
    d["questions"][1]["thresholds"][1]["lower"] = 80
    assert parse_methodology(d, "x.yaml").fingerprint("opd") != m.fingerprint("opd")
    d = data()
    d["questions"][1]["unit"] = "persen"  # shown only
    assert parse_methodology(d, "x.yaml").fingerprint("opd") == m.fingerprint("opd")
    # questions without those fields hash as before them (templates out there stay valid)
    for methodology in (mini, *presets()):
        for category in methodology.categories:
            assert methodology.fingerprint(category.code) == _fingerprint_before(
                methodology, category.code)


def _fingerprint_before(m: Methodology, category: str) -> str:
    """The fingerprint as computed before number and text questions existed."""
    payload = [
        [q.code, q.indicator, str(q.type), str(q.points),
         [[lv.value, str(lv.fraction)] for lv in q.scale],
         [[i.code, str(i.weight)] for i in q.items], q.evidence.value]
        + ([True] if q.allow_na else [])
        for q in m.questions_for(category)]
    raw = json.dumps([m.id, m.version, category, payload], separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


# -- the template ----------------------------------------------------------------------------


def _validations(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[layout.SHEET_QUESTIONS]
    found = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            found[ref] = dv
    return found


def _row(path: Path, code: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[layout.SHEET_QUESTIONS]
    header = [c.value for c in ws[layout.HEADER_ROW]]
    for row in ws.iter_rows(min_row=layout.HEADER_ROW + 1, values_only=True):
        if row[0] == code:
            return dict(zip(header, row, strict=False))
    raise KeyError(code)


def test_template_cells_of_number_and_text(m, tmp_path):
    path = tmp_path / "templat.xlsx"
    write_template(m, "opd", path)
    checks = _validations(path)
    days = checks[answer_cell(path, "1.3")]
    assert (days.type, days.operator, days.formula1) == ("whole", "between", "0")
    assert days.showErrorMessage
    assert "bilangan bulat paling sedikit 0 (hari)" in days.error
    assert days.prompt.startswith("Ketik bilangan bulat paling sedikit 0 (hari), mis. 12")
    assert "≥ 0 hari → 2 poin; > 10 hari → 1 poin; > 17 hari → 0 poin" in days.prompt
    # a percentage: a text cell (Excel would store "90%" as 0,9), help only
    share = checks[answer_cell(path, "1.2")]
    assert share.type is None
    assert ws_answer(path, "1.2").number_format == "@"
    assert ws_answer(path, "1.3").number_format == "General"
    assert "≥ 90% → 4 poin; ≥ 75% → 2 poin; lainnya 0 poin" in \
        share.prompt
    text = checks[answer_cell(path, "2.1")]
    assert text.type is None
    assert "Poin diberikan verifikator" in text.prompt
    ws = openpyxl.load_workbook(path)[layout.SHEET_QUESTIONS]
    for code in ("1.2", "1.3", "2.1"):
        assert ws[answer_cell(path, code)].protection.locked is False
    assert _row(path, "1.2")[layout.COL_CHOICES].startswith(
        "angka 0 sampai 100 (%), paling banyak 1 angka di belakang koma, mis. 85,5 atau "
        "Tidak ada kejadian (nihil)\nPoin: ≥ 90% → 4 poin; ≥ 75% → 2 poin; lainnya 0 poin")
    assert _row(path, "2.1")[layout.COL_CHOICES] == (
        "Tulis uraian jawaban (teks); poin 0 sampai 5 ditetapkan verifikator setelah "
        "memeriksa bukti")
    guide = [r[0] for r in openpyxl.load_workbook(path)[layout.SHEET_GUIDE].iter_rows(
        values_only=True) if r[0]]
    assert any("Pertanyaan angka: ketik angkanya di kolom Jawaban" in g for g in guide)
    assert any("Pertanyaan uraian" in g and "menunggu penilaian verifikator" in g
               for g in guide)


def ws_answer(path: Path, code: str):
    return openpyxl.load_workbook(path)[layout.SHEET_QUESTIONS][answer_cell(path, code)]


def test_template_decimal_check_between_bounds(tmp_path):
    d = data()
    d["questions"][1]["allow_na"] = False  # nihil would have to pass the check
    d["questions"][1]["unit"] = "poin indeks"  # not a percentage: a number cell
    path = tmp_path / "templat.xlsx"
    m2 = parse_methodology(d, "tanpa-nihil.yaml")
    write_template(m2, "opd", path)
    share = _validations(path)[answer_cell(path, "1.2")]
    assert (share.type, share.operator, share.formula1, share.formula2) == (
        "decimal", "between", "0", "100")
    assert share.error.startswith("Isi angka 0 sampai 100 (poin indeks).")
    assert len(share.prompt) <= 255
    assert len(share.promptTitle) <= 32


# -- filled workbooks and responses tables ---------------------------------------------------


EVIDENCE = {"1.1": LINK, "1.2": LINK, "1.3": LINK, "2.1": LINK}


def test_filled_workbook_read_back(m, tmp_path):
    path = tmp_path / "bp.xlsx"
    write_filled(m, "opd", path, badan_publik="Dinas Kominfo",
                 answers={"1.1": "Ya", "1.2": "85,5", "1.3": D(12), "2.1": TEXT},
                 evidence=EVIDENCE)
    ws = openpyxl.load_workbook(path)[layout.SHEET_QUESTIONS]
    assert ws[answer_cell(path, "1.3")].value == 12  # a number cell, taken as it is
    (sub,) = read_batch([path], Registry([m])).submissions
    assert {c: a.value for c, a in sub.answers.items()} == {
        "1.1": True, "1.2": D("85.5"), "1.3": D(12), "2.1": TEXT}
    # what Excel keeps when "90%" is typed into the text cell, or a number cell holds 90
    for typed in ("90%", 90):
        edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, "1.2"): typed})
        (sub,) = read_batch([path], Registry([m])).submissions
        assert sub.answers["1.2"].value == D(90)


@pytest.mark.parametrize(("code", "typed"), [("1.2", "abc"), ("1.2", "150"),
                                             ("1.2", "85,55"), ("1.3", "2,5")])
def test_a_wrong_number_is_refused_at_its_cell(m, tmp_path, code, typed):
    path = tmp_path / "bp.xlsx"
    write_filled(m, "opd", path, badan_publik="Dinas Kominfo",
                 answers={"1.2": "85,5", "1.3": 3, "2.1": TEXT}, evidence=EVIDENCE)
    edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, code): typed})
    (report,) = read_batch([path], Registry([m])).files
    assert report.status is FileStatus.REJECTED
    (error,) = report.errors
    assert (error.code, error.location.cell) == ("D303", answer_cell(path, code))
    text = str(error)
    assert f"Jawaban '{typed}' tidak sah untuk pertanyaan {code} — jenis jawaban Angka" in text
    assert allowed_text(m.question_by_code[code]) in text
    # A number is typed, not picked from a list: "Isi angka …", never "Isi salah satu: …".
    assert error.fix == (f"Isi {allowed_text(m.question_by_code[code])}; atau kosongkan "
                         f"jika belum dijawab.")
    assert error.fix.startswith(("Isi angka ", "Isi bilangan bulat "))


def test_responses_table_from_google_forms(m, tmp_path):
    path = tmp_path / "jawaban.csv"
    header = ("Timestamp,Nama Badan Publik,Kategori,1.1,Data Dukung 1.1,1.2,Data Dukung 1.2,"
              "1.3,Data Dukung 1.3,2.1,Data Dukung 2.1")
    multi = TEXT.replace('"', '""')
    path.write_text(
        f"{header}\n"
        f'2025/08/01 10:00:00,Dinas A,opd,Ya,{LINK},"85,5",{LINK},12,{LINK},"{multi}",{LINK}\n'
        f'2025/08/01 11:00:00,Dinas B,opd,Ya,{LINK},"92 %",{LINK},"1.234",{LINK},,\n',
        encoding="utf-8")
    result = read_batch([path], Registry([m]))
    (report,) = result.files
    assert report.status is FileStatus.ACCEPTED, [str(p) for p in report.problems]
    a, b = result.submissions
    assert (a.answers["1.2"].value, a.answers["1.3"].value, a.answers["2.1"].value) == (
        D("85.5"), D(12), TEXT)
    assert (b.answers["1.2"].value, b.answers["1.3"].value, b.answers["2.1"].value) == (
        D(92), D(1234), None)

    path.write_text(f"{header}\n"
                    f'x,Dinas A,opd,Ya,{LINK},"85,5",{LINK},tiga,{LINK},Uraian,{LINK}\n',
                    encoding="utf-8")
    (report,) = read_batch([path], Registry([m])).files
    (error,) = report.errors
    assert (error.code, error.location.cell) == ("D303", "H2")
    assert "bilangan bulat paling sedikit 0 (hari)" in str(error)


def test_types_are_registered_for_the_reader_workers(m, tmp_path):
    # read in worker processes (the default): the types are registered on import there too
    assert answer_types.get("number").label == "Angka"
    assert answer_types.get("text").label == "Uraian"
    test_filled_workbook_read_back(m, tmp_path)


def test_stored_values_given_as_data_are_checked_by_their_type(m):
    # what a program checking stored answers (the what-if) gives: the written text is a
    # valid text answer, the verifikator's points a valid verified value
    _, _, q21 = questions(m)
    spec = answer_types.get(q21.type)
    assert spec.coerce(q21, TEXT) == TEXT
    assert spec.coerce(q21, D("3.5")) == D("3.5")
    for bad in (D(6), True, frozenset(), "nihil"):
        with pytest.raises(InvalidAnswer):
            spec.coerce(q21, bad)
