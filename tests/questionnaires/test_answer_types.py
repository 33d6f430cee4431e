"""Answer types behind one registry: the built-ins, and a toy ``percent`` type registered
here, in the test, that goes through the template, both readers, validation, display and
scoring without any other module knowing it.

What a new type still needs outside its own module is listed in :data:`OUTSIDE`, with why;
:func:`test_nothing_else_branches_on_a_type` keeps that list from growing. Besides, a type
must be registered where the built-ins are (``questionnaires/answer_types/__init__.py``):
files are read in worker processes, which know only the types registered on import
(:func:`test_a_type_registered_at_run_time_is_unknown_to_the_reader_workers`); the toy type
is therefore read in this process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

import openpyxl
import pytest
import yaml

from questionnaires import answer_types, layout
from questionnaires.answer_types import (
    AnswerTypeSpec,
    Dropdown,
    InvalidAnswer,
    Scorer,
    Widget,
    checklist,
    scale,
    typed_cell,
    yes_no,
)
from questionnaires.answers import (
    allowed_text,
    coerce_answer,
    display_value,
    parse_answer,
    value_from_json,
    value_to_json,
)
from questionnaires.batch import BatchReader, BatchResult, FileStatus, read_batch
from questionnaires.errors import ProblemsError
from questionnaires.loader import Registry, parse_methodology
from questionnaires.model import AnswerType, Methodology
from questionnaires.sources import read_paths
from questionnaires.submission import NIL
from questionnaires.template import write_filled, write_template
from scoring import Case, Reason, Verification, score
from tests.conftest import FIXTURES, answer_cell, edit_cells

ROOT = Path(__file__).resolve().parents[2]
LINK = "https://ppid.example.go.id/bukti"


class Percent(AnswerTypeSpec):
    """A whole percentage 0–100, typed ``75``, ``75%`` or ``75 %``; earns that share of the
    points. Typed freely (no dropdown), the evaluator types it too."""

    name = "percent"
    label = "Persentase"
    allows_nil = False

    def definition_problem(self, question: Any) -> str:
        return "persentase tidak boleh punya 'scale' atau 'items'" \
            if question.scale or question.items else ""

    def allowed(self, question: Any) -> str:
        return "bilangan bulat 0–100, mis. 75%"

    def parse(self, question: Any, raw: object) -> int:
        if isinstance(raw, bool):
            raise self.invalid(question, raw)
        if isinstance(raw, int | float):
            number: float = raw
        else:
            match = re.fullmatch(r"\s*(\d{1,3})\s*%?\s*", str(raw))
            if match is None:
                raise self.invalid(question, raw)
            number = int(match[1])
        if float(number).is_integer() and 0 <= number <= 100:
            return int(number)
        raise self.invalid(question, raw)

    def coerce(self, question: Any, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return self.parse(question, value)
        raise self.invalid(question, value)

    def dropdown(self, question: Any) -> Dropdown | None:
        return None

    def cells(self, question: Any, value: object) -> list[tuple[str, object]]:
        if isinstance(value, int) and not isinstance(value, bool):
            return [("", f"{value}%")]
        return [("", typed_cell(value, question.code))]

    def scorer(self, question: Any) -> Scorer:
        points = question.points

        def earned(value: object) -> Decimal | None:
            if value.__class__ is int and 0 <= value <= 100:  # type: ignore[operator]
                return points * value / 100  # type: ignore[operator]
            return None
        return earned

    def display(self, question: Any, value: Any) -> str:
        return f"{value}%" if isinstance(value, int) else str(value)

    def widget(self, questions: Sequence[Any]) -> Widget:
        return Widget("text", (), "**Persentase**", help="Ketik 0–100.")

    def widget_value(self, value: Any, text: str) -> Any:
        return text

    def demo_answer(self, question: Any, rng: Random, quality: float) -> int:
        return round(quality * 100)

    def demo_lower(self, question: Any, value: Any, rng: Random) -> tuple[int, str]:
        return value // 2, "Data dukung hanya menunjukkan separuhnya."


@pytest.fixture
def percent() -> Iterator[AnswerTypeSpec]:
    spec = answer_types.register(Percent())
    try:
        yield spec
    finally:
        answer_types.unregister(spec.name)


def _mini_data() -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def with_percent(percent: AnswerTypeSpec) -> Methodology:
    """mini with question 1.3 (indicator A, 2 points, every category) of type percent."""
    data = _mini_data()
    data["questions"].insert(2, {"code": "1.3", "indicator": "A", "type": "percent",
                                 "text": "Permohonan dijawab tepat waktu", "points": 2})
    return parse_methodology(data, "mini-persen.yaml")


def read_here(path: Path, methodology: Methodology) -> BatchResult:
    """Read `path` in this process (the toy type is not registered in the workers)."""
    return BatchReader(Registry([methodology]), isolated=False).read(list(read_paths([path])))


ANSWERS = {"1.1": "Ya", "1.2": {"a", "b"}, "2.1": 2}
EVIDENCE = {"1.1": LINK, "1.2": LINK, "1.3": LINK, "2.1": LINK}


# -- the registry ---------------------------------------------------------------------------


def test_registry_has_the_builtins_in_order():
    assert [s.name for s in answer_types.all()] == ["yes_no", "scale", "checklist", "number",
                                                    "text"]
    assert answer_types.get(AnswerType.SCALE) is scale.SPEC
    assert answer_types.get("yes_no") is yes_no.SPEC
    assert answer_types.get(AnswerType.CHECKLIST) is checklist.SPEC
    assert {s.name for s in answer_types.all()} == {t.value for t in AnswerType}
    with pytest.raises(KeyError, match="percent"):
        answer_types.get("percent")
    with pytest.raises(ValueError, match="sudah terdaftar"):
        answer_types.register(yes_no.YesNo())


def test_builtin_texts_and_values(mini):
    q11, q12, q21 = (mini.question_by_code[c] for c in ("1.1", "1.2", "2.1"))
    assert display_value(q11, True) == "Ya"
    assert display_value(q21, 1) == "1 – Draf"
    assert display_value(q12, frozenset({"b", "a"})) == "a (RKA), b (DPA)"
    assert display_value(q12, frozenset()) == "Tidak ada"
    assert display_value(q11, None) == "-"
    assert value_to_json(q12, frozenset({"c", "a"})) == ["a", "c"]
    assert value_from_json(q12, ["a", "c"]) == frozenset({"a", "c"})
    assert value_to_json(q11, NIL) == NIL
    assert coerce_answer(q12, ["a", "c"]) == frozenset({"a", "c"})
    assert coerce_answer(q21, 2) == 2
    assert coerce_answer(q11, "ya") is True
    with pytest.raises(InvalidAnswer):
        coerce_answer(q21, True)  # a bool is no scale level
    assert yes_no.SPEC.widget([q11]) == Widget("select", ("Ya", "Tidak"),
                                               "**Pertanyaan Ya/Tidak**", show_allowed=False)
    assert scale.SPEC.widget([q21]).options == ("0", "1", "2")
    assert checklist.SPEC.widget([q12]).kind == "multiselect"
    assert checklist.SPEC.widget([q12]).options == ("a", "b", "c")


# -- a toy type, through every place that reads, writes or scores answers -------------------


def test_toy_type_is_a_valid_question_type(with_percent, percent):
    q = with_percent.question_by_code["1.3"]
    assert q.type == "percent"
    assert answer_types.get(q.type) is percent
    assert allowed_text(q) == "bilangan bulat 0–100, mis. 75%"
    assert parse_answer(q, " 75 % ") == 75
    assert parse_answer(q, "") is None
    with pytest.raises(InvalidAnswer):
        parse_answer(q, NIL)  # allow_na is false
    assert display_value(q, 75) == "75%"
    assert coerce_answer(q, 40) == 40


def test_toy_type_definition_is_checked_by_its_module(percent):
    data = _mini_data()
    data["questions"].insert(2, {"code": "1.3", "indicator": "A", "type": "percent",
                                 "text": "x", "points": 2, "items": [{"code": "a", "label": "A"},
                                                                      {"code": "b", "label": "B"}]})
    with pytest.raises(ProblemsError) as caught:
        parse_methodology(data, "rusak.yaml")
    (found,) = caught.value.problems
    assert (found.code, found.location.path) == ("M110", "questions[2] (1.3).type")
    assert "persentase tidak boleh punya" in str(found)

    data["questions"][2].pop("items")
    data["questions"][2]["allow_na"] = True
    with pytest.raises(ProblemsError,
                       match="allow_na hanya untuk pertanyaan yes_no atau scale atau number"):
        parse_methodology(data, "rusak.yaml")


def test_unknown_type_names_every_registered_type(percent):
    data = _mini_data()
    data["questions"][0]["type"] = "persen"
    with pytest.raises(ProblemsError) as caught:
        parse_methodology(data, "rusak.yaml")
    (found,) = caught.value.problems
    assert ("harus salah satu dari: 'yes_no', 'scale', 'checklist', 'number', 'text' atau "
            "'percent'") in str(found)


def test_toy_type_in_the_template(with_percent, tmp_path):
    path = tmp_path / "templat.xlsx"
    write_template(with_percent, "opd", path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_QUESTIONS]
    cell = answer_cell(path, "1.3")
    row = ws[cell].row
    header = {c.value: c.column_letter for c in ws[layout.HEADER_ROW]}
    assert ws[f"{header[layout.COL_CHOICES]}{row}"].value == "bilangan bulat 0–100, mis. 75%"
    assert ws[cell].protection.locked is False  # typed freely in an input cell
    validated = {ref for dv in ws.data_validations.dataValidation
                 for ref in str(dv.sqref).split()}
    assert all(not _covers(ref, cell) for ref in validated)  # no dropdown: typed freely
    assert _covers_any(validated, answer_cell(path, "1.1"))  # the built-ins keep theirs


def _covers(ref: str, cell: str) -> bool:
    col, row = re.match(r"([A-Z]+)(\d+)", cell).groups()
    first, _, last = ref.partition(":")
    c1, r1 = re.match(r"([A-Z]+)(\d+)", first).groups()
    r2 = re.match(r"[A-Z]+(\d+)", last).group(1) if last else r1
    return c1 == col and int(r1) <= int(row) <= int(r2)


def _covers_any(refs: set[str], cell: str) -> bool:
    return any(_covers(ref, cell) for ref in refs)


def test_toy_type_read_from_a_filled_workbook(with_percent, tmp_path):
    path = tmp_path / "bp.xlsx"
    write_filled(with_percent, "opd", path, badan_publik="Dinas Kominfo",
                 answers={**ANSWERS, "1.3": 75}, evidence=EVIDENCE)
    assert openpyxl.load_workbook(path)[layout.SHEET_QUESTIONS][
        answer_cell(path, "1.3")].value == "75%"
    (sub,) = read_here(path, with_percent).submissions
    assert sub.answers["1.3"].value == 75

    edit_cells(path, layout.SHEET_QUESTIONS, {answer_cell(path, "1.3"): "banyak"})
    (report,) = read_here(path, with_percent).files
    assert report.status is FileStatus.REJECTED
    (error,) = report.errors
    assert error.code == "D303"
    assert error.location.cell == answer_cell(path, "1.3")
    assert "jenis jawaban Persentase" in str(error)  # the type by its label
    assert "bilangan bulat 0–100" in str(error)


def test_toy_type_read_from_a_responses_table(with_percent, tmp_path):
    path = tmp_path / "jawaban.csv"
    path.write_text("Nama Badan Publik,Kategori,1.1,1.2,1.3,Data Dukung 1.3,2.1\n"
                    f"Dinas A,opd,Ya,a,80%,{LINK},2 – Ditetapkan\n"
                    "Dinas B,opd,Tidak,b,101,,1\n", encoding="utf-8")
    (report,) = read_here(path, with_percent).files
    assert [(p.code, p.location.cell) for p in report.errors] == [("D303", "E3")]
    path.write_text("Nama Badan Publik,Kategori,1.1,1.2,1.3,Data Dukung 1.3,2.1\n"
                    f"Dinas A,opd,Ya,a,80%,{LINK},2 – Ditetapkan\n", encoding="utf-8")
    (sub,) = read_here(path, with_percent).submissions
    assert sub.answers["1.3"].value == 80


def test_toy_type_scores_through_the_plan(with_percent, tmp_path):
    path = tmp_path / "bp.xlsx"
    write_filled(with_percent, "opd", path, badan_publik="Dinas Kominfo",
                 answers={**ANSWERS, "1.3": 75}, evidence=EVIDENCE)
    (sub,) = read_here(path, with_percent).submissions
    result = score(Case("Dinas Kominfo", "opd", submission=sub), with_percent)
    q = next(qs for qs in result.questions if qs.code == "1.3")
    # 2 points × 75 / 100 = 1,5 of 2: a partial answer.
    assert (q.earned_raw, q.reason_raw, q.possible) == (Decimal("1.5"), Reason.PARTIAL, 2)
    # Indicator A: 1.1 earns 2, 1.2 (a, b of a, b, c) 3 × 2/3 = 2, 1.3 1,5 → 5,5 of 7.
    assert result.indicators["A"].raw == Decimal("78.57")

    verified = score(Case("Dinas Kominfo", "opd", submission=sub,
                          verifications={"1.3": Verification("1.3", 100)}), with_percent)
    q = next(qs for qs in verified.questions if qs.code == "1.3")
    assert (q.earned, q.reason) == (Decimal(2), Reason.OVERRIDDEN)
    lowered = score(Case("Dinas Kominfo", "opd", submission=sub,
                         verifications={"1.3": Verification("1.3", 0)}), with_percent)
    assert next(qs for qs in lowered.questions if qs.code == "1.3").earned == 0
    invalid = score(Case("Dinas Kominfo", "opd", submission=sub,
                         verifications={"1.3": Verification("1.3", True)}), with_percent)
    assert next(qs for qs in invalid.questions if qs.code == "1.3").reason is Reason.INVALID


# -- what a new type still needs elsewhere ---------------------------------------------------


def test_a_type_registered_at_run_time_is_unknown_to_the_reader_workers(with_percent,
                                                                         tmp_path):
    path = tmp_path / "bp.xlsx"
    write_filled(with_percent, "opd", path, badan_publik="Dinas Kominfo",
                 answers={**ANSWERS, "1.3": 75}, evidence=EVIDENCE)
    (report,) = read_batch([path], Registry([with_percent])).files
    # The worker cannot score or parse question 1.3: its process never registered 'percent'.
    assert report.status is FileStatus.REJECTED
    assert [p.code for p in report.problems] == ["F204"]

# Files outside questionnaires/answer_types/ (and the model, which names the built-ins) that
# still branch on a built-in type or read ``question.type.value`` (only AnswerType members
# have ``.value``; a registered type outside the enum is a plain ``str``), with why. The list
# may only shrink.
OUTSIDE: dict[str, str] = {}
SCANNED = ("app.py", "questionnaires", "scoring", "monev", "ui", "reports", "storage")
BRANCH = re.compile(r"AnswerType\.(?:YES_NO|SCALE|CHECKLIST)\b|\.type\.value\b")


def test_nothing_else_branches_on_a_type():
    found = set()
    for part in SCANNED:
        base = ROOT / part
        paths = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for path in paths:
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("questionnaires/answer_types/") or rel == "questionnaires/model.py":
                continue
            if BRANCH.search(path.read_text(encoding="utf-8")):
                found.add(rel)
    assert found <= OUTSIDE.keys(), sorted(found - OUTSIDE.keys())
