"""Read a responses table: one row per badan publik, one column per question.

This is what a Google Forms export or a KI's own sheet looks like (CSV, TSV or a workbook).
Columns ``Nama Badan Publik`` and ``Kategori`` are required; ``Nama PPID``, ``Jabatan``,
``Kontak`` and ``Tanggal Pengisian`` (and their aliases) are read into the identity;
``Timestamp``, ``Email Address`` and the like are known and skipped. Every other column
is matched to a question by its code (``2.1.3``, or ``2.1.3 Apakah …`` as forms often title
them), by the exact question text, to a checklist item (``2.1.3.a``, or a Google Forms grid
column ``2.1.3 Apakah … [<item label or letter>]`` answered Ya/Tidak; a checklist answered
item by item needs a column for every item), or to a question's evidence (``Data Dukung
2.1.3``). The table is accepted whole or not at all, and nothing is resolved silently:

- a column that matches nothing, or a grid column naming no item of its question, is D308;
- a question (its answer, its evidence or one checklist item) with two columns is D314,
  naming every such column — which one is right is for a person to decide;
- every non-empty cell is read or reported: cells above the header row, in columns without
  a title, in rows without a badan publik (no name, category or answer: a note under the
  table, data dukung alone) or in columns of questions that do not apply to the row's
  category give one W405 per column or region, listing the cells;
- data dukung that is not an http(s) link earns no evidence credit (W404 per cell);
- a row without a single answer is still a submission (W406: *tidak mengisi SAQ*).

Rows of a delimited text file keep their own length (``ragged=True``). A row with more
cells than the header is D312 when an extra cell holds something (an unquoted ``89,95`` in
a comma-separated file shifts every later cell); trailing empty cells are harmless. A
shorter row is read with its missing trailing cells blank — hand-typed files and some
writers drop them — except when it is one record broken in two by an unquoted line break:
a short row followed by a short row that is no record of its own (its category is not a
category), their cells adding up to the header's plus one. Both are then D312.

In a workbook of several sheets (a Google Sheets download whose first sheet is a summary),
the sheet is chosen by content: :meth:`ResponsesReader.parse_sheets`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from questionnaires import answer_types, layout
from questionnaires.aliases import (
    EVIDENCE_PREFIXES,
    ID_CATEGORY_ALIASES,
    ID_NAME_ALIASES,
    IGNORED_TABLE_COLUMNS,
    identity_field,
    normalise,
)
from questionnaires.answers import InvalidAnswer, parse_answer
from questionnaires.backends import Decoding, Rows, cell_ref, cell_text, encoding_warning
from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.loader import Registry
from questionnaires.model import ChecklistItem, EvidencePolicy, Methodology, Question
from questionnaires.submission import Answer, AnswerValue, Identity, Submission
from questionnaires.text import clean, is_link
from questionnaires.unread import UnreadCells, shorten
from questionnaires.workbook import answer_problem, resolve_category, unanswered_problem

_UNSEEN = object()
HEADER_SEARCH_ROWS = 20  # rows above the header (titles) a table may have

_GRID = re.compile(r"^(?P<base>.*?)\s*\[(?P<inner>[^\[\]]*)\]$")
_ITEM_PREFIX = re.compile(r"^(?P<code>[A-Za-z0-9]{1,3})\s*[.):-]\s*(?P<label>.+)$")

ANSWER, ITEM, EVIDENCE, BAD_ITEM = "answer", "item", "evidence", "bad_item"
# Identity columns a form often asks besides the name and category: read into Identity.
IDENTITY_COLUMNS = (layout.ID_PPID, layout.ID_POSITION, layout.ID_CONTACT, layout.ID_DATE)


@dataclass(frozen=True, slots=True)
class _Target:
    """What one column header stands for: a question's answer, one checklist item of it,
    its evidence, or (``bad_item``) a grid column naming no item of the question."""

    kind: str
    question: str
    item: str = ""


@dataclass(slots=True)
class _Plan:
    """Which column holds what, for one methodology."""

    name: int
    category: int
    answers: dict[str, int] = field(default_factory=dict)  # question code → column
    items: dict[str, dict[str, int]] = field(default_factory=dict)  # question → item → col
    evidence: dict[str, int] = field(default_factory=dict)
    questions: dict[int, str] = field(default_factory=dict)  # column → question it serves
    unmatched: list[int] = field(default_factory=list)  # D308
    duplicates: list[tuple[str, str, list[int]]] = field(default_factory=list)  # D314
    untitled: set[int] = field(default_factory=set)  # columns without a header
    identity: dict[str, int] = field(default_factory=dict)  # Nama PPID, Jabatan, Kontak…
    matched: int = 0  # columns matched to a question

    @property
    def body_columns(self) -> set[int]:
        """Columns whose content makes a row a badan publik's row: name, category and
        answers (data dukung alone does not: a note under a link column is no body)."""
        return {self.name, self.category, *self.answers.values(),
                *(c for items in self.items.values() for c in items.values())}


def _header_row(rows: Rows) -> int | None:
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {normalise(v) for v in row if isinstance(v, str)}
        if keys & ID_NAME_ALIASES and keys & ID_CATEGORY_ALIASES:
            return r
    return None


def _question_of(methodology: Methodology, text: str) -> Question | None:
    """The question a header (without any grid bracket) names by code or exact text."""
    key = normalise(text)
    by_code = _codes(methodology)
    first = key.split(" ")[0]
    if first in by_code:
        return by_code[first]
    return next((q for q in methodology.questions if key == normalise(q.text)), None)


def _codes(methodology: Methodology) -> dict[str, Question]:
    return {normalise(q.code): q for q in methodology.questions}


def _items(question: Question) -> tuple[ChecklistItem, ...]:
    """The items `question` is answered by, one column each (checklists; else none)."""
    return answer_types.get(question.type).items(question)


def _grid_item(question: Question, inner: str) -> ChecklistItem | None:
    """The checklist item a grid bracket names: its label, its code (``a``), its row code
    (``1.2.a``), or code and label together (``a. RKA``, ``a) RKA``)."""
    key = normalise(inner)
    items = _items(question)
    for item in items:
        if key in (normalise(item.label), normalise(item.code),
                   normalise(layout.item_row_code(question.code, item.code))):
            return item
    prefixed = _ITEM_PREFIX.match(clean(inner))
    if prefixed:
        code, label = normalise(prefixed["code"]), normalise(prefixed["label"])
        return next((i for i in items
                     if normalise(i.code) == code and normalise(i.label) == label), None)
    return None


def _match_column(methodology: Methodology, header: str) -> _Target | None:
    """What a header stands for, or None when it names no question."""
    key = normalise(header)
    codes = _codes(methodology)
    first = key.split(" ")[0]
    for prefix in EVIDENCE_PREFIXES:
        if key.startswith(prefix + " "):
            code = key[len(prefix) + 1:].split(" ")[0]
            if code in codes:
                return _Target(EVIDENCE, codes[code].code)
        if key.endswith(" " + prefix) and first in codes:
            return _Target(EVIDENCE, codes[first].code)
    exact = next((q for q in methodology.questions if key == normalise(q.text)), None)
    if exact is not None:  # a question whose own text ends in brackets
        return _Target(ANSWER, exact.code)
    grid = _GRID.match(clean(header))
    if grid:
        question = _question_of(methodology, grid["base"])
        if question is not None:
            item = _grid_item(question, grid["inner"])
            if item is None:
                return _Target(BAD_ITEM, question.code)
            return _Target(ITEM, question.code, item.code)
    if first in codes:
        return _Target(ANSWER, codes[first].code)
    code, dot, item_code = first.rpartition(".")
    if dot and code in codes:
        item = next((i for i in _items(codes[code]) if normalise(i.code) == item_code), None)
        if item:
            return _Target(ITEM, codes[code].code, item.code)
    return None


def _identity_columns(header: list[object]) -> tuple[list[int], list[int]]:
    keys = [normalise(v) if isinstance(v, str) else "" for v in header]
    return ([c for c, k in enumerate(keys) if k in ID_NAME_ALIASES],
            [c for c, k in enumerate(keys) if k in ID_CATEGORY_ALIASES])


def _plan(methodology: Methodology, header: list[object]) -> _Plan:
    names, categories = _identity_columns(header)
    plan = _Plan(name=names[0], category=categories[0])
    for label, columns in ((layout.ID_NAME, names), (layout.ID_CATEGORY, categories)):
        if len(columns) > 1:
            plan.duplicates.append((f"'{label}'", "isian", columns))
    targets: dict[_Target, list[int]] = {}
    people: dict[str, list[int]] = {}
    for c, value in enumerate(header):
        if c in names or c in categories:
            continue
        text = cell_text(value)
        if not text:
            plan.untitled.add(c)
            continue
        known = identity_field(text)
        if known in IDENTITY_COLUMNS:
            people.setdefault(known, []).append(c)
            continue
        target = _match_column(methodology, text)
        if target is None:
            if normalise(text) not in IGNORED_TABLE_COLUMNS:
                plan.unmatched.append(c)
            continue
        if target.kind == BAD_ITEM:
            plan.unmatched.append(c)
            continue
        targets.setdefault(target, []).append(c)
        plan.questions[c] = target.question
        plan.matched += 1
    for known, columns in people.items():
        plan.identity[known] = columns[0]
        if len(columns) > 1:
            plan.duplicates.append((f"'{known}'", "isian", columns))
    for target, columns in targets.items():
        if target.kind == ANSWER:
            plan.answers[target.question] = columns[0]
        elif target.kind == ITEM:
            plan.items.setdefault(target.question, {})[target.item] = columns[0]
        else:
            plan.evidence[target.question] = columns[0]
        if len(columns) > 1:
            what = "data dukung" if target.kind == EVIDENCE else "jawaban" \
                if target.kind == ANSWER else f"untuk butir {target.item}"
            plan.duplicates.append((target.question, what, columns))
    for code, items in plan.items.items():
        if code in plan.answers:  # answered in one column and item by item as well
            plan.duplicates.append((code, "jawaban",
                                    sorted([plan.answers[code], *items.values()])))
    return plan


class ResponsesReader:
    """Reads responses tables against the methodologies of a registry."""

    def __init__(self, registry: Registry, expected_methodology: str | None = None) -> None:
        self.registry = registry
        self.expected = expected_methodology

    # -- a workbook of several sheets ------------------------------------------------------

    def parse_sheets(self, file: str, sheets: Sequence[tuple[str, Rows]],
                     formulas: Mapping[str, Mapping[tuple[int, int], str]] | None = None,
                     ) -> tuple[list[Submission], list[Problem]] | None:
        """Read the sheet of `sheets` (name, rows; visible ones, in workbook order) that is
        the responses table, or None when no sheet has the name and category headers (the
        file is then no responses table at all).

        The table is the sheet with the name and category headers and the most columns
        matched to questions, wherever it is; ties go to the first. With more than one
        non-empty sheet, W403 says which was read. When sheets have the headers but no
        question column, F215 names every sheet and what a table needs. A formula without a
        stored value in the table read (`formulas`: sheet → (row, col) → formula) is D315:
        read as blank it would change a score.
        """
        filled = [(name, rows) for name, rows in sheets
                  if any(cell_text(v) for row in rows for v in row)]
        candidates = []
        for position, (name, rows) in enumerate(filled):
            index = _header_row(rows)
            if index is not None:
                candidates.append((self._matched(rows[index]), -position, name, rows))
        if not candidates:
            return None
        matched, _, name, rows = max(candidates, key=lambda c: c[:2])
        if matched == 0:
            raise ProblemsError([problem("F215", Location(file=file), detail=(
                "tidak ada lembar dengan kolom pertanyaan; lembar yang ada: "
                + ", ".join(f"'{n}'" for n, _ in sheets)
                + f". Tabel jawaban memerlukan baris judul dengan kolom '{layout.ID_NAME}', "
                f"'{layout.ID_CATEGORY}' dan satu kolom per pertanyaan berjudul kode "
                "pertanyaan (mis. 2.1.3)"))])
        unvalued = (formulas or {}).get(name, {})
        if unvalued:
            raise ProblemsError([problem("D315", Location(file=file, sheet=name,
                                                          cell=cell_ref(r, c)), formula=text)
                                 for (r, c), text in sorted(unvalued.items())])
        submissions, warnings = self.parse(file, name, rows)
        if len(filled) > 1:
            others = ", ".join(f"'{n}'" for n, _ in filled if n != name)
            warnings.insert(0, problem("W403", Location(file=file, sheet=name), sheet=name,
                                       detail=f"memuat kolom '{layout.ID_NAME}', "
                                       f"'{layout.ID_CATEGORY}' dan {matched} kolom "
                                       f"pertanyaan; lembar lain yang tidak dibaca: {others}"))
        return submissions, warnings

    def _matched(self, header: list[object]) -> int:
        """Columns of `header` matched to questions, under the best-fitting methodology."""
        methodologies = [m for m in self.registry if not self.expected or m.id == self.expected]
        return max((_plan(m, header).matched for m in methodologies), default=0)

    # -- one table -------------------------------------------------------------------------

    def parse(self, file: str, sheet: str, rows: Rows, *, ragged: bool = False,
              decoding: Decoding | None = None) -> tuple[list[Submission], list[Problem]]:
        """The table's submissions and warnings; any error raises for the whole table.

        `ragged`: the rows come from a delimited text file and keep their own length, so a
        row with more (or, broken, fewer) cells than the header is D312. `decoding`: how
        that file's bytes were decoded; a guessed encoding with non-ASCII text in the cells
        is W408 (:func:`~questionnaires.backends.encoding_warning`), the first warning, and
        it also goes with the errors of a refused table, where a misread character may be
        the reason (``'4 Ð Paling …'`` for ``'4 – Paling …'``).
        """
        guessed = encoding_warning(file, rows, decoding) if decoding is not None else None
        if guessed is None:
            return self._parse(file, sheet, rows, ragged)
        try:
            submissions, warnings = self._parse(file, sheet, rows, ragged)
        except ProblemsError as exc:
            raise ProblemsError([*exc.problems, guessed]) from None
        return submissions, [guessed, *warnings]

    def _parse(self, file: str, sheet: str, rows: Rows,
               ragged: bool) -> tuple[list[Submission], list[Problem]]:
        header_index = _header_row(rows)
        if header_index is None:
            raise ProblemsError([problem("D309", Location(file=file, sheet=sheet),
                                         missing=f"'{layout.ID_NAME}', '{layout.ID_CATEGORY}'")])
        header = rows[header_index]
        methodology, plan = self._choose(file, header)
        table = _Table(file, sheet, rows, header_index, methodology, plan, ragged)
        return table.read()

    def _choose(self, file: str, header: list[object]) -> tuple[Methodology, _Plan]:
        """The methodology whose questions the columns match best (or the expected one)."""
        if self.expected:
            methodology = self.registry.get(self.expected)
            if methodology is None:
                raise ProblemsError([problem("F209", Location(file=file), value=self.expected,
                                             known=", ".join(self.registry.ids))])
            return methodology, _plan(methodology, header)
        scored = []
        for methodology in self.registry:
            plan = _plan(methodology, header)
            scored.append((len(plan.unmatched), -plan.matched, methodology.id, methodology,
                           plan))
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


class _Table:
    """One pass over the rows of a table whose columns are planned."""

    def __init__(self, file: str, sheet: str, rows: Rows, header_index: int,
                 methodology: Methodology, plan: _Plan, ragged: bool) -> None:
        self.file, self.sheet, self.rows = file, sheet, rows
        self.header_index, self.header = header_index, rows[header_index]
        self.methodology, self.plan, self.ragged = methodology, plan, ragged
        self.width = len(self.header)
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.unread = UnreadCells()
        self.missing_columns: set[str] = set()
        self.no_evidence: set[str] = set()
        self.body = plan.body_columns
        self.applicable: dict[str, tuple[tuple[Question, ...], frozenset[str]]] = {}
        # Parsed values by (question, item, type, cell value): a table repeats a few values
        # ("Ya", "Tidak", scale labels) in thousands of cells.
        self.parsed: dict[tuple[str, str, type, object], object] = {}
        self.missing_items = {  # checklist answered item by item, without every item column
            q.code: [layout.item_row_code(q.code, i.code) for i in _items(q)
                     if i.code not in plan.items[q.code]]
            for q in methodology.questions if q.code in plan.items}

    def at(self, r: int | None = None, c: int | None = None) -> Location:
        cell = cell_ref(r, c) if r is not None and c is not None else ""
        return Location(file=self.file, sheet=self.sheet, cell=cell)

    def read(self) -> tuple[list[Submission], list[Problem]]:
        self._check_header()
        for r in range(self.header_index):
            for c, value in enumerate(self.rows[r]):
                text = cell_text(value)
                if text:
                    self.unread.add(("above",), "di atas baris judul tabel", r, c, text)
        submissions: list[Submission] = []
        skip = False
        for r in range(self.header_index + 1, len(self.rows)):
            if skip:
                skip = False
                continue
            row = self.rows[r]
            if not any(cell_text(v) for v in row):
                continue
            if self.ragged and self._wrong_length(r):
                skip = self._broken(r)
                continue
            submission = self._row(r, row)
            if submission is not None:
                submissions.append(submission)
        at = self.at()
        if self.missing_columns:
            self.errors.append(problem("D302", at, codes=", ".join(
                sorted(self.missing_columns, key=_code_order))))
        if not submissions and not self.errors:
            self.errors.append(problem("D310", at))
        if self.errors:
            raise ProblemsError(self.errors)
        if self.no_evidence:
            self.warnings.insert(0, problem("W401", at, codes=", ".join(
                q.code for q in self.methodology.questions if q.code in self.no_evidence)))
        return submissions, self.warnings + self.unread.warnings(self.file, self.sheet)

    def _check_header(self) -> None:
        h = self.header_index
        for c in self.plan.unmatched:
            self.errors.append(problem("D308", self.at(h, c), value=cell_text(self.header[c])))
        for question, what, columns in self.plan.duplicates:
            listed = ", ".join(f"'{shorten(cell_text(self.header[c]))}' ({cell_ref(h, c)})"
                               for c in columns)
            self.errors.append(problem("D314", self.at(h, columns[0]), question=question,
                                       what=what, columns=listed))

    # -- rows of a delimited text file -----------------------------------------------------

    def _wrong_length(self, r: int) -> bool:
        """D312 for a row with something beyond the header's width, or a short row that is
        the first half of a record broken by a line break."""
        row = self.rows[r]
        if len(row) > self.width:
            extra = next((c for c in range(self.width, len(row)) if cell_text(row[c])), None)
            if extra is None:
                return False
            self.errors.append(problem("D312", self.at(r, extra), row=r + 1, count=len(row),
                                       expected=self.width))
            return True
        if len(row) < self.width and self._broken(r):
            for part in (r, r + 1):
                self.errors.append(problem(
                    "D312", self.at(part, len(self.rows[part]) - 1), row=part + 1,
                    count=len(self.rows[part]), expected=self.width))
            return True
        return False

    def _broken(self, r: int) -> bool:
        """Whether short row `r` and the next are one record split by a line break."""
        if r + 1 >= len(self.rows) or len(self.rows[r]) >= self.width:
            return False
        following = self.rows[r + 1]
        if len(self.rows[r]) + len(following) - 1 != self.width:
            return False
        typed = cell_text(_get(following, self.plan.category))
        return resolve_category(self.methodology, typed) is None

    # -- one badan publik --------------------------------------------------------------------

    def _row(self, r: int, row: list[object]) -> Submission | None:
        plan, methodology = self.plan, self.methodology
        filled = [c for c, v in enumerate(row) if v is not None and v != "" and cell_text(v)]
        for c in filled:
            if c >= self.width or c in plan.untitled:
                self.unread.add(("untitled", c), "kolom tanpa judul", r, c, cell_text(row[c]))
        if not any(c in self.body for c in filled):
            for c in filled:
                if c < self.width and c not in plan.untitled:
                    self.unread.add(("loose",), "baris tanpa nama badan publik dan tanpa "
                                    "jawaban", r, c, cell_text(row[c]))
            return None
        name = cell_text(_get(row, plan.name))
        typed_category = cell_text(_get(row, plan.category))
        if not name:
            self.errors.append(problem("D305", self.at(r, plan.name)))
            return None
        category = resolve_category(methodology, typed_category)
        if category is None:
            self.errors.append(problem(
                "D306", self.at(r, plan.category), value=typed_category or "(kosong)",
                methodology=methodology.id,
                known=", ".join(f"{c.code} ({c.name})" for c in methodology.categories)))
            return None
        if category.code not in self.applicable:
            questions = methodology.questions_for(category.code)
            self.applicable[category.code] = questions, frozenset(q.code for q in questions)
        applicable, codes = self.applicable[category.code]
        answers: dict[str, Answer] = {}
        for question in applicable:
            answer = self._answer(r, row, question)
            if answer is not None:
                answers[question.code] = answer
        for c in filled:
            code = plan.questions.get(c)
            if code is not None and code not in codes:
                self.unread.add(("not applicable", c, category.code),
                                f"kolom '{shorten(cell_text(self.header[c]))}': pertanyaan "
                                f"{code} tidak berlaku untuk kategori {category.name}",
                                r, c, cell_text(row[c]))
        submission = Submission(
            badan_publik=name, category=category.code, methodology_id=methodology.id,
            methodology_version=methodology.version, answers=answers,
            identity=self._identity(row) if plan.identity else Identity(),
            source=f"{self.file} baris {r + 1}",
            name_cell="!".join(x for x in (self.sheet, cell_ref(r, plan.name)) if x))
        unanswered = unanswered_problem({q.code: answers.get(q.code) for q in applicable},
                                        self.at(r, plan.name), value=name, row=r + 1)
        if unanswered is not None:
            self.warnings.append(unanswered)
        return submission

    def _identity(self, row: list[object]) -> Identity:
        """Nama PPID, Jabatan, Kontak and Tanggal Pengisian when the table has them."""
        typed = {known: _get(row, c) for known, c in self.plan.identity.items()}
        return Identity(ppid_name=cell_text(typed.get(layout.ID_PPID)),
                        position=cell_text(typed.get(layout.ID_POSITION)),
                        contact=cell_text(typed.get(layout.ID_CONTACT)),
                        filled_on=_date(typed.get(layout.ID_DATE)))

    def _answer(self, r: int, row: list[object], question: Question) -> Answer | None:
        plan = self.plan
        code = question.code
        if code not in plan.answers and code not in plan.items:
            self.missing_columns.add(code)
            return None
        try:
            value, col = self._value(question, row)
        except _TableCellError as exc:
            self.errors.append(answer_problem(self.at(r, exc.col), question, exc.raw,
                                              exc.allowed, exc.item))
            return None
        evidence = ""
        evidence_col = plan.evidence.get(code)
        if evidence_col is None:
            if question.evidence is EvidencePolicy.REQUIRED:
                self.no_evidence.add(code)
        else:
            evidence = cell_text(_get(row, evidence_col))
            if evidence and not is_link(evidence):
                self.warnings.append(problem("W404", self.at(r, evidence_col),
                                             value=shorten(evidence), question=code))
                evidence = ""
        ref = cell_ref(r, col)
        return Answer(question=code, value=value, evidence=evidence,
                      cell=f"{self.sheet}!{ref}" if self.sheet else ref)

    def _value(self, question: Question, row: list[object]) -> tuple[AnswerValue | None, int]:
        plan = self.plan
        if question.code in plan.items:  # answered item by item
            spec = answer_types.get(question.type)
            marks: dict[str, bool | None] = {}
            columns = plan.items[question.code]
            self.missing_columns.update(self.missing_items[question.code])
            for item in spec.items(question):
                col = columns.get(item.code)
                if col is None:
                    continue
                raw = _get(row, col)
                try:
                    marks[item.code] = self._parse(question, item, raw)
                except InvalidAnswer as exc:
                    raise _TableCellError(col, raw, exc.allowed, item) from None
            return spec.from_items(question, marks), min(columns.values())
        col = plan.answers[question.code]
        raw = _get(row, col)
        try:
            return self._parse(question, None, raw), col
        except InvalidAnswer as exc:
            raise _TableCellError(col, raw, exc.allowed) from None

    def _parse(self, question: Question, item: ChecklistItem | None, raw: object) -> Any:
        """The answer type's ``parse_item`` (for `item`) or :func:`parse_answer`, remembered
        per value."""
        key = (question.code, item.code if item else "", type(raw), raw)
        found = self.parsed.get(key, _UNSEEN)
        if found is _UNSEEN:
            try:
                found = (answer_types.get(question.type).parse_item(question, item, raw)
                         if item else parse_answer(question, raw))
            except InvalidAnswer as exc:
                found = exc
            self.parsed[key] = found
        if isinstance(found, InvalidAnswer):
            raise found
        return found


def _code_order(code: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in code.split("."))


def _date(value: object) -> date | None:
    """A date cell or typed date (``2025-08-01``, ``01/08/2025``, a Google Forms
    timestamp ``2025/08/01 10:00:00``); None when it is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)[:10]
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def _get(row: list[object], col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


class _TableCellError(Exception):
    def __init__(self, col: int, raw: object, allowed: str,
                 item: ChecklistItem | None = None) -> None:
        self.col, self.raw, self.allowed, self.item = col, raw, allowed, item
        super().__init__(col)
