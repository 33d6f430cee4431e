"""Read a responses table: one row per badan publik, one column per question.

This is what a Google Forms export or a KI's own sheet looks like (CSV or xlsx). Columns
``Nama Badan Publik`` and ``Kategori`` are required; every other column is matched to a
question by its code (``2.1.3``, or ``2.1.3 Apakah …`` as forms often title them), by the
exact question text, to a checklist item (``2.1.3.a``), or to a question's evidence
(``Data Dukung 2.1.3``). An unmatched column is an error, not silently dropped. The table
is accepted whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from questionnaires import layout
from questionnaires.aliases import (
    EVIDENCE_PREFIXES,
    ID_CATEGORY_ALIASES,
    ID_NAME_ALIASES,
    IGNORED_TABLE_COLUMNS,
    normalise,
)
from questionnaires.answers import InvalidAnswer, allowed_text, is_blank, parse_answer, parse_item
from questionnaires.backends import Rows, cell_ref, cell_text
from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.loader import Registry
from questionnaires.model import AnswerType, EvidencePolicy, Methodology, Question
from questionnaires.submission import Answer, AnswerValue, Submission
from questionnaires.workbook import resolve_category

HEADER_SEARCH_ROWS = 10


@dataclass(slots=True)
class _Plan:
    """Which column holds what, for one methodology."""

    name: int
    category: int
    answers: dict[str, int] = field(default_factory=dict)  # question code → column
    items: dict[str, dict[str, int]] = field(default_factory=dict)  # question → item → col
    evidence: dict[str, int] = field(default_factory=dict)
    unmatched: list[int] = field(default_factory=list)


def looks_like_table(rows: Rows) -> bool:
    return _header_row(rows) is not None


def _header_row(rows: Rows) -> int | None:
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {normalise(v) for v in row if isinstance(v, str)}
        if keys & ID_NAME_ALIASES and keys & ID_CATEGORY_ALIASES:
            return r
    return None


def _match_column(methodology: Methodology, header: str) -> tuple[str, str, str] | None:
    """(kind, question code, item code) a header stands for, or None."""
    key = normalise(header)
    codes = {normalise(q.code): q for q in methodology.questions}
    first = key.split(" ")[0]
    for prefix in EVIDENCE_PREFIXES:
        if key.startswith(prefix + " "):
            code = key[len(prefix) + 1:].split(" ")[0]
            if code in codes:
                return ("evidence", codes[code].code, "")
        if key.endswith(" " + prefix) and first in codes:
            return ("evidence", codes[first].code, "")
    if first in codes:
        return ("answer", codes[first].code, "")
    code, dot, item_code = first.rpartition(".")
    if dot and code in codes:
        item = next((i for i in codes[code].items if normalise(i.code) == item_code), None)
        if item:
            return ("item", codes[code].code, item.code)
    for question in methodology.questions:
        if key == normalise(question.text):
            return ("answer", question.code, "")
    return None


def _plan(methodology: Methodology, header: list[object], name_col: int,
          category_col: int) -> _Plan:
    plan = _Plan(name=name_col, category=category_col)
    for c, value in enumerate(header):
        text = cell_text(value)
        if c in (name_col, category_col) or not text:
            continue
        match = _match_column(methodology, text)
        if match is None:
            if normalise(text) not in IGNORED_TABLE_COLUMNS:
                plan.unmatched.append(c)
            continue
        kind, code, item = match
        if kind == "answer":
            plan.answers.setdefault(code, c)
        elif kind == "item":
            plan.items.setdefault(code, {})[item] = c
        else:
            plan.evidence.setdefault(code, c)
    return plan


class ResponsesReader:
    """Reads responses tables against the methodologies of a registry."""

    def __init__(self, registry: Registry, expected_methodology: str | None = None) -> None:
        self.registry = registry
        self.expected = expected_methodology

    def parse(self, file: str, sheet: str,
              rows: Rows) -> tuple[list[Submission], list[Problem]]:
        """The table's submissions and warnings; any error raises for the whole table."""
        header_index = _header_row(rows)
        if header_index is None:
            raise ProblemsError([problem("D309", Location(file=file, sheet=sheet),
                                         missing=f"'{layout.ID_NAME}', '{layout.ID_CATEGORY}'")])
        header = rows[header_index]
        keys = [normalise(v) if isinstance(v, str) else "" for v in header]
        name_col = next(c for c, k in enumerate(keys) if k in ID_NAME_ALIASES)
        category_col = next(c for c, k in enumerate(keys) if k in ID_CATEGORY_ALIASES)
        methodology, plan = self._choose(file, header, name_col, category_col)
        at = Location(file=file, sheet=sheet)
        problems: list[Problem] = [
            problem("D308", Location(file=file, sheet=sheet, cell=cell_ref(header_index, c)),
                    value=cell_text(header[c]))
            for c in plan.unmatched
        ]
        submissions: list[Submission] = []
        missing_columns: set[str] = set()
        no_evidence: set[str] = set()
        for r in range(header_index + 1, len(rows)):
            row = rows[r]
            if all(is_blank(v) or cell_text(v) == "" for v in row):
                continue
            name = " ".join(cell_text(_get(row, name_col)).split())
            typed_category = cell_text(_get(row, category_col))
            if not name:
                problems.append(problem("D305", Location(file=file, sheet=sheet,
                                                         cell=cell_ref(r, name_col))))
                continue
            category = resolve_category(methodology, typed_category)
            if category is None:
                problems.append(problem(
                    "D306", Location(file=file, sheet=sheet, cell=cell_ref(r, category_col)),
                    value=typed_category or "(kosong)", methodology=methodology.id,
                    known=", ".join(f"{c.code} ({c.name})" for c in methodology.categories)))
                continue
            answers: dict[str, Answer] = {}
            for question in methodology.questions_for(category.code):
                if question.code not in plan.answers and question.code not in plan.items:
                    missing_columns.add(question.code)
                    continue
                try:
                    value, col = self._value(question, row, plan)
                except _TableCellError as exc:
                    problems.append(problem(
                        "D303", Location(file=file, sheet=sheet, cell=cell_ref(r, exc.col)),
                        value=exc.raw, question=question.code, type=question.type.value,
                        allowed=allowed_text(question)))
                    continue
                evidence_col = plan.evidence.get(question.code)
                if evidence_col is None and question.evidence is EvidencePolicy.REQUIRED:
                    no_evidence.add(question.code)
                answers[question.code] = Answer(
                    question=question.code, value=value,
                    evidence=cell_text(_get(row, evidence_col)) if evidence_col is not None
                    else "", cell=f"{sheet}!{cell_ref(r, col)}" if sheet else cell_ref(r, col))
            submissions.append(Submission(
                badan_publik=name, category=category.code, methodology_id=methodology.id,
                methodology_version=methodology.version, answers=answers,
                source=f"{file} baris {r + 1}"))
        if missing_columns:
            problems.append(problem("D302", at, codes=", ".join(
                q.code for q in methodology.questions if q.code in missing_columns)))
        if not submissions and not problems:
            problems.append(problem("D310", at))
        if problems:
            raise ProblemsError(problems)
        warnings = [problem("W401", at, codes=", ".join(
            q.code for q in methodology.questions if q.code in no_evidence))] if no_evidence else []
        return submissions, warnings

    def _choose(self, file: str, header: list[object], name_col: int,
                category_col: int) -> tuple[Methodology, _Plan]:
        """The methodology whose questions the columns match best (or the expected one)."""
        if self.expected:
            methodology = self.registry.get(self.expected)
            if methodology is None:
                raise ProblemsError([problem("F209", Location(file=file), value=self.expected,
                                             known=", ".join(self.registry.ids))])
            return methodology, _plan(methodology, header, name_col, category_col)
        scored = []
        for methodology in self.registry:
            plan = _plan(methodology, header, name_col, category_col)
            matched = len(plan.answers) + len(plan.items) + len(plan.evidence)
            scored.append((len(plan.unmatched), -matched, methodology.id, methodology, plan))
        scored.sort(key=lambda s: s[:3])
        best = scored[0] if scored else None
        if best is None or best[1] == 0:
            raise ProblemsError([problem("F215", Location(file=file),
                                         detail="tidak ada kolom yang cocok dengan kode "
                                                "pertanyaan")])
        if len(scored) > 1 and scored[1][:2] == best[:2]:
            raise ProblemsError([problem("F215", Location(file=file),
                                         detail="cocok dengan lebih dari satu metodologi: "
                                         f"{best[2]}, {scored[1][2]}")])
        return best[3], best[4]

    def _value(self, question: Question, row: list[object],
               plan: _Plan) -> tuple[AnswerValue | None, int]:
        if question.type is AnswerType.CHECKLIST and question.code in plan.items:
            present: set[str] = set()
            answered = False
            columns = plan.items[question.code]
            for item in question.items:
                col = columns.get(item.code)
                if col is None:
                    continue
                raw = _get(row, col)
                try:
                    mark = parse_item(question, item, raw)
                except InvalidAnswer:
                    raise _TableCellError(col, raw) from None
                answered = answered or mark is not None
                if mark:
                    present.add(item.code)
            first = min(columns.values())
            return (frozenset(present) if answered else None), first
        col = plan.answers[question.code]
        raw = _get(row, col)
        try:
            return parse_answer(question, raw), col
        except InvalidAnswer:
            raise _TableCellError(col, raw) from None


def _get(row: list[object], col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


class _TableCellError(Exception):
    def __init__(self, col: int, raw: object) -> None:
        self.col, self.raw = col, raw
        super().__init__(col)
