"""Read one filled questionnaire workbook (the SAQ template) into a :class:`Submission`.

The header row and its columns are found by label, rows by their question code, so
reordered rows, inserted blank rows and moved columns are fine. The hidden ``_meta``
sheet names the methodology, category and question-set fingerprint; when it was lost
(answers pasted into a fresh file) the methodology is recognised from the question codes
and the category from the Identitas sheet. All problems of a file are collected and
raised together; a file with any error yields nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from questionnaires import answer_types, layout
from questionnaires.aliases import header_field, identity_field, normalise
from questionnaires.answers import InvalidAnswer, allowed_text, is_blank, parse_answer
from questionnaires.backends import Rows, Workbook, cell_ref, cell_text
from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.loader import Registry
from questionnaires.model import Category, ChecklistItem, Methodology, Question
from questionnaires.sources import Source
from questionnaires.submission import Answer, AnswerValue, Identity, Submission
from questionnaires.template import category_row_texts
from questionnaires.text import clean, is_link
from questionnaires.unread import UnreadCells, shorten

HEADER_SEARCH_ROWS = 30
_CODE_LIKE = re.compile(r"^[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class _Row:
    index: int  # 0-based row in the sheet
    answer: object
    evidence: str
    note: str


@dataclass(slots=True)
class _Columns:
    header_row: int
    code: int
    answer: int
    evidence: int | None
    note: int | None
    text: frozenset[int] = frozenset()  # the template's own text (indicator, question, …)
    labels: dict[int, str] = field(default_factory=dict)  # header label of each column

    @property
    def read(self) -> tuple[int, ...]:
        """The columns whose cells the reader uses on a question row."""
        return tuple(c for c in (self.code, self.answer, self.evidence, self.note)
                     if c is not None)


# Columns of the template that only show the methodology's text: never read, never reported.
TEMPLATE_TEXT_COLUMNS = frozenset(normalise(label) for label in (
    layout.COL_INDICATOR, layout.COL_QUESTION, layout.COL_GUIDANCE, layout.COL_CHOICES,
    layout.COL_POINTS, "No", "Nomor"))
# Sheets of the template; any other sheet holding something is reported (W407).
TEMPLATE_SHEETS = frozenset(normalise(name) for name in (
    layout.SHEET_GUIDE, layout.SHEET_IDENTITY, layout.SHEET_QUESTIONS, layout.SHEET_META,
    layout.SHEET_CHOICES))


def find_sheet(names: list[str], wanted: str) -> str | None:
    key = normalise(wanted)
    return next((n for n in names if normalise(n) == key), None)


def resolve_category(methodology: Methodology, text: str) -> Category | None:
    """A category typed as its code, its name, or ``Name [code]`` as templates show it."""
    bracket = re.search(r"\[([^\]]+)\]\s*$", text)
    candidates = [bracket.group(1)] if bracket else []
    candidates.append(text)
    for candidate in candidates:
        key = normalise(candidate)
        for category in methodology.categories:
            if key in (normalise(category.code), normalise(category.name)):
                return category
    return None


def read_meta(rows: Rows) -> dict[str, str]:
    return {cell_text(r[0]): cell_text(r[1]) for r in rows if len(r) >= 2 and cell_text(r[0])}


def read_identity(rows: Rows, formulas: dict[tuple[int, int], str] | None = None,
                  used: set[tuple[int, int]] | None = None) -> dict[str, tuple[str, str]]:
    """Identity fields → (value, cell): a known label, then the next non-empty cell.

    A cell holding a formula without a stored value counts as filled (its value is then
    ``''`` and the caller reports it, D315). The label and value cells are added to `used`.
    """
    formulas = formulas or {}
    found: dict[str, tuple[str, str]] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            field_ = identity_field(value) if isinstance(value, str) else None
            if field_ is None or field_ in found:
                continue
            rest = [(cc, v) for cc, v in enumerate(row[c + 1:], start=c + 1)
                    if not is_blank(v) or (r, cc) in formulas]
            if used is not None:
                used.add((r, c))
            if rest:
                cc, v = rest[0]
                found[field_] = (_date_text(v) if field_ == layout.ID_DATE else cell_text(v),
                                 cell_ref(r, cc))
                if used is not None:
                    used.add((r, cc))
            else:
                found[field_] = ("", cell_ref(r, c + 1))
            break
    return found


def _identity_problems(file: str, sheet: str, rows: Rows,
                       formulas: dict[tuple[int, int], str]) -> tuple[
                           dict[str, tuple[str, str]], list[Problem]]:
    """The identity fields, D315 for a value that is a formula without a stored value, and
    W405 for what else was typed on the sheet (below its title)."""
    used: set[tuple[int, int]] = set()
    identity = read_identity(rows, formulas, used)
    problems = [problem("D315", Location(file=file, sheet=sheet, cell=cell_ref(r, c)),
                        formula=text)
                for (r, c), text in sorted(formulas.items()) if (r, c) in used]
    first = min((r for r, _ in used), default=len(rows))
    unread = UnreadCells()
    for r in range(first, len(rows)):
        for c, value in enumerate(rows[r]):
            if (r, c) in used:
                continue
            text = formulas.get((r, c)) or cell_text(value)
            if text:
                unread.add(("identity",), "bukan isian identitas yang dikenali", r, c, text)
    return identity, problems + unread.warnings(file, sheet)


def _date_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return cell_text(value)


def _parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def find_columns(rows: Rows) -> _Columns | None:
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields: dict[str, int] = {}
        for c, value in enumerate(row):
            field_ = header_field(value) if isinstance(value, str) else None
            if field_ and field_ not in fields:
                fields[field_] = c
        if layout.COL_CODE in fields and layout.COL_ANSWER in fields:
            labels = {c: cell_text(v) for c, v in enumerate(row) if cell_text(v)}
            text = frozenset(c for c, label in labels.items()
                             if normalise(label) in TEMPLATE_TEXT_COLUMNS)
            return _Columns(r, fields[layout.COL_CODE], fields[layout.COL_ANSWER],
                            fields.get(layout.COL_EVIDENCE), fields.get(layout.COL_NOTE),
                            text, labels)
    return None


def _cell(row: list[object], col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


class WorkbookReader:
    """Reads questionnaire workbooks against the methodologies of a registry."""

    def __init__(self, registry: Registry, expected_methodology: str | None = None) -> None:
        self.registry = registry
        self.expected = expected_methodology
        self._codes: dict[str, frozenset[str]] = {}
        self._texts: dict[tuple[str, str, str], dict[str, dict[str, object]]] = {}
        self._plans: dict[tuple[str, str, str], tuple[
            tuple[tuple[Question, tuple[str, ...]], ...], frozenset[str]]] = {}
        # Row code → column → the template's text there, by questionnaire and text columns.
        self._expected: dict[tuple[object, ...], dict[str, dict[int, object]]] = {}

    # -- entry point -----------------------------------------------------------------------

    def read_opened(self, source: Source,
                    workbook: Workbook) -> tuple[Submission, list[Problem]]:
        """The submission of an opened workbook and its warnings; raises
        :class:`ProblemsError` with every error of the file."""
        names = list(workbook.sheet_names)
        id_sheet = find_sheet(names, layout.SHEET_IDENTITY)
        identity: dict[str, tuple[str, str]] = {}
        before: list[Problem] = []
        if id_sheet:
            identity, before = _identity_problems(source.name, id_sheet, workbook.rows(id_sheet),
                                                  workbook.formulas(id_sheet))
        # A refused file still says whose it is when its Identitas names the body.
        named = " ".join(identity.get(layout.ID_NAME, ("", ""))[0].split())
        sheet = find_sheet(names, layout.SHEET_QUESTIONS)
        if sheet is None:
            raise ProblemsError([problem("F207", Location(file=source.name),
                                         sheet=layout.SHEET_QUESTIONS,
                                         found=", ".join(names) or "-")],
                                names=(named,) if named else ())
        if not id_sheet:  # the name of the badan publik is only there
            before.append(problem("F219", Location(file=source.name),
                                  sheet=layout.SHEET_IDENTITY, found=", ".join(names)))
        rows = workbook.rows(sheet)
        meta_sheet = find_sheet(names, layout.SHEET_META)
        meta = read_meta(workbook.rows(meta_sheet)) if meta_sheet else {}
        for name in names:
            if normalise(name) not in TEMPLATE_SHEETS and workbook.has_content(name):
                scan = workbook.scans.scan(name)
                before.append(problem("W407", Location(file=source.name, sheet=name),
                                      sheet=name, cells=scan.cells if scan else "beberapa"))
        try:
            return self.parse(source.name, sheet, rows, meta, identity,
                              formulas=workbook.formulas(sheet), links=workbook.links(sheet),
                              before=before)
        except ProblemsError as exc:
            if named and not exc.names:
                raise ProblemsError(exc.problems, names=(named,)) from None
            raise

    # -- parsing ---------------------------------------------------------------------------

    def parse(self, file: str, sheet: str, rows: Rows, meta: dict[str, str],
              identity: dict[str, tuple[str, str]], *,
              formulas: dict[tuple[int, int], str] | None = None,
              links: dict[tuple[int, int], str] | None = None,
              before: list[Problem] | None = None) -> tuple[Submission, list[Problem]]:
        """The submission of a Kuesioner sheet and its warnings; raises
        :class:`ProblemsError` with every error (those in `before` included)."""
        at = Location(file=file, sheet=sheet)
        formulas = formulas or {}
        columns = find_columns(rows)
        if columns is None:
            raise ProblemsError([problem("F208", at,
                                         missing=f"'{layout.COL_CODE}' dan '{layout.COL_ANSWER}'")])
        found, problems = self._collect_rows(file, sheet, rows, columns, links)
        problems = list(before or []) + problems + _formula_problems(file, sheet, columns,
                                                                     formulas)
        errors = [p for p in problems if p.is_error]
        if errors:  # formulas without values: nothing below can be trusted
            raise ProblemsError(errors)
        methodology = self._methodology(file, meta, found)
        category = self._category(file, methodology, meta, identity)
        if meta.get(layout.META_FINGERPRINT) and (
                meta.get(layout.META_VERSION) != methodology.version
                or meta[layout.META_FINGERPRINT] != methodology.fingerprint(category.code)):
            raise ProblemsError([problem("F211", Location(file=file))])
        answers, more = self._answers(file, sheet, methodology, category, found, columns)
        problems += more
        problems += _unread(file, sheet, rows, columns, found, formulas,
                            self._template_columns(methodology, category.code, columns))
        name, name_cell = identity.get(layout.ID_NAME, ("", ""))
        if not name.strip():
            id_sheet = layout.SHEET_IDENTITY
            problems.append(problem("D305", Location(file=file, sheet=id_sheet,
                                                     cell=name_cell)))
        errors = [p for p in problems if p.is_error]
        if errors:
            raise ProblemsError(errors)
        unanswered = unanswered_problem(answers, at)
        if unanswered is not None:
            problems.append(unanswered)
        submission = Submission(
            badan_publik=" ".join(name.split()),
            category=category.code,
            methodology_id=methodology.id,
            methodology_version=methodology.version,
            answers=answers,
            identity=Identity(
                ppid_name=identity.get(layout.ID_PPID, ("", ""))[0],
                position=identity.get(layout.ID_POSITION, ("", ""))[0],
                contact=identity.get(layout.ID_CONTACT, ("", ""))[0],
                filled_on=_parse_date(identity.get(layout.ID_DATE, ("", ""))[0]),
            ),
            source=file,
            name_cell=f"{layout.SHEET_IDENTITY}!{name_cell}" if name_cell else "",
        )
        return submission, problems

    def _template_texts(self, methodology: Methodology,
                        category: str) -> dict[str, dict[str, object]]:
        """Row code → normalised column label → what the template writes there."""
        key = (methodology.id, methodology.version, category)
        if key not in self._texts:
            self._texts[key] = {
                code: {normalise(label): value for label, value in row.items()
                       if value is not None}
                for code, row in category_row_texts(methodology, category).items()}
        return self._texts[key]

    def _template_columns(self, methodology: Methodology, category: str,
                          columns: _Columns) -> dict[str, dict[int, object]]:
        """Row code → text column (by position) → what the template writes there."""
        keys = tuple(sorted((c, normalise(columns.labels.get(c, ""))) for c in columns.text))
        key = (methodology.id, methodology.version, category, keys)
        found = self._expected.get(key)
        if found is None:
            if len(self._expected) >= 256:
                self._expected.clear()
            found = self._expected[key] = {
                code: {c: texts.get(label) for c, label in keys}
                for code, texts in self._template_texts(methodology, category).items()}
        return found

    def _collect_rows(self, file: str, sheet: str, rows: Rows, columns: _Columns,
                      links: dict[tuple[int, int], str] | None = None,
                      ) -> tuple[dict[str, _Row], list[Problem]]:
        """Question rows by code (D304 for a code seen twice). A data dukung cell whose text
        is not a link but which carries an http(s) hyperlink (Excel's Ctrl+K) is read as
        that link."""
        found: dict[str, _Row] = {}
        problems: list[Problem] = []
        code_col, answer_col = columns.code, columns.answer
        evidence_col, note_col = columns.evidence, columns.note
        links = links or {}
        for r in range(columns.header_row + 1, len(rows)):
            row = rows[r]
            width = len(row)
            raw = row[code_col] if code_col < width else None
            if raw is None or raw == "":  # most rows of a sheet have a code; blanks are quick
                continue
            code = cell_text(raw)
            if not code:
                continue
            if code in found:
                problems.append(problem(
                    "D304", Location(file=file, sheet=sheet, cell=cell_ref(r, code_col)),
                    value=code, other=f"baris {found[code].index + 1}"))
                continue
            evidence = cell_text(row[evidence_col]) if evidence_col is not None \
                and evidence_col < width else ""
            linked = links.get((r, evidence_col)) if evidence_col is not None and links \
                else None
            if linked and is_link(linked) and not is_link(evidence):
                evidence = clean(linked)
            found[code] = _Row(r, row[answer_col] if answer_col < width else None, evidence,
                               cell_text(row[note_col]) if note_col is not None
                               and note_col < width else "")
        return found, problems

    def _all_codes(self, methodology: Methodology) -> frozenset[str]:
        key = methodology.id
        if key not in self._codes:
            codes = set()
            for q in methodology.questions:
                codes.add(q.code)
                codes.update(layout.item_row_code(q.code, i.code)
                             for i in answer_types.get(q.type).items(q))
            self._codes[key] = frozenset(codes)
        return self._codes[key]

    def _methodology(self, file: str, meta: dict[str, str],
                     found: dict[str, _Row]) -> Methodology:
        at = Location(file=file, sheet=layout.SHEET_META)
        known = ", ".join(self.registry.ids)
        if meta.get(layout.META_METHODOLOGY):
            mid = meta[layout.META_METHODOLOGY]
            methodology = self.registry.get(mid)
            if methodology is None:
                raise ProblemsError([problem("F209", at, value=mid, known=known)])
        else:
            codes = {c for c in found if any(ch.isdigit() for ch in c)}
            candidates = [m for m in self.registry if codes and codes <= self._all_codes(m)]
            if self.expected and any(m.id == self.expected for m in candidates):
                candidates = [m for m in candidates if m.id == self.expected]
            if len(candidates) != 1:
                detail = ("cocok dengan lebih dari satu metodologi: "
                          + ", ".join(m.id for m in candidates)) if candidates else (
                    "tidak ada metodologi yang memuat semua kode yang ada di berkas")
                raise ProblemsError([problem("F215", Location(file=file), detail=detail)])
            methodology = candidates[0]
        if self.expected and methodology.id != self.expected:
            raise ProblemsError([problem("F210", Location(file=file), what="metodologi",
                                         value=methodology.id, expected=self.expected)])
        return methodology

    def _category(self, file: str, methodology: Methodology, meta: dict[str, str],
                  identity: dict[str, tuple[str, str]]) -> Category:
        typed, cell = identity.get(layout.ID_CATEGORY, ("", ""))
        at = Location(file=file, sheet=layout.SHEET_IDENTITY, cell=cell)
        known = ", ".join(f"{c.code} ({c.name})" for c in methodology.categories)
        from_identity = resolve_category(methodology, typed) if typed else None
        if typed and from_identity is None:
            raise ProblemsError([problem("D306", at, value=typed, methodology=methodology.id,
                                         known=known)])
        meta_code = meta.get(layout.META_CATEGORY, "")
        if meta_code:
            category = methodology.category(meta_code)
            if category is None:
                raise ProblemsError([problem("D306", Location(file=file), value=meta_code,
                                             methodology=methodology.id, known=known)])
            if from_identity is not None and from_identity.code != category.code:
                raise ProblemsError([problem("F210", at, what="kategori",
                                             value=from_identity.code,
                                             expected=category.code)])
            return category
        if from_identity is None:
            raise ProblemsError([problem("D306", at, value=typed or "(kosong)",
                                         methodology=methodology.id, known=known)])
        return from_identity

    def _answers(self, file: str, sheet: str, methodology: Methodology, category: Category,
                 found: dict[str, _Row], columns: _Columns,
                 ) -> tuple[dict[str, Answer], list[Problem]]:
        problems: list[Problem] = []
        answers: dict[str, Answer] = {}
        missing: list[str] = []
        plan, expected = self._plan(methodology, category.code)
        for question, items in plan:
            row = found.get(question.code)
            item_rows = [found.get(code) for code in items]  # none unless answered per item
            by_item = any(item_rows)
            if by_item:
                missing += [code for code, r in zip(items, item_rows, strict=True) if r is None]
            elif row is None:
                missing.append(question.code)
                continue
            try:
                value, cell = self._value(question, row, item_rows, columns)
            except _CellError as exc:
                problems.append(answer_problem(Location(file=file, sheet=sheet, cell=exc.cell),
                                               question, exc.raw, exc.allowed, exc.item))
                continue
            evidence = row.evidence if row else ""
            if evidence and not is_link(evidence):
                problems.append(problem(
                    "W404", Location(file=file, sheet=sheet,
                                     cell=cell_ref(row.index, columns.evidence or 0)),
                    value=shorten(evidence), question=question.code))
                evidence = ""
            answers[question.code] = Answer(
                question=question.code, value=value, evidence=evidence,
                note=row.note if row else "", cell=f"{sheet}!{cell}")
        for code, row in found.items():
            if code not in expected and any(ch.isdigit() for ch in code) and _CODE_LIKE.match(code):
                problems.append(problem(
                    "D301", Location(file=file, sheet=sheet, cell=cell_ref(row.index,
                                                                           columns.code)),
                    value=code, methodology=methodology.id, category=category.code))
        if missing:
            problems.append(problem("D302", Location(file=file, sheet=sheet),
                                    codes=", ".join(missing)))
        return answers, problems

    def _plan(self, methodology: Methodology, category: str) -> tuple[
            tuple[tuple[Question, tuple[str, ...]], ...], frozenset[str]]:
        """The questions of a category, each with the row codes of its items, and every
        row code the questionnaire has."""
        key = (methodology.id, methodology.version, category)
        found = self._plans.get(key)
        if found is None:
            plan = tuple((q, tuple(layout.item_row_code(q.code, i.code)
                                   for i in answer_types.get(q.type).items(q)))
                         for q in methodology.questions_for(category))
            codes = frozenset(code for q, items in plan for code in (q.code, *items))
            found = self._plans[key] = (plan, codes)
        return found

    def _value(self, question: Question, row: _Row | None, item_rows: list[_Row | None],
               columns: _Columns) -> tuple[AnswerValue | None, str]:
        if any(item_rows):  # answered item by item
            spec = answer_types.get(question.type)
            marks: dict[str, bool | None] = {}
            for item, item_row in zip(spec.items(question), item_rows, strict=True):
                if item_row is None:
                    continue
                try:
                    marks[item.code] = spec.parse_item(question, item, item_row.answer)
                except InvalidAnswer as exc:
                    raise _CellError(cell_ref(item_row.index, columns.answer), exc.raw,
                                     exc.allowed, item) from None
            first = next(r for r in item_rows if r is not None)
            anchor = row or first
            return spec.from_items(question, marks), cell_ref(anchor.index, columns.answer)
        assert row is not None
        raw = row.answer
        if item_rows and normalise(raw) == normalise(layout.CHECKLIST_HINT):
            raw = None  # the hint the template shows where items are answered below
        try:
            return parse_answer(question, raw), cell_ref(row.index, columns.answer)
        except InvalidAnswer as exc:
            raise _CellError(cell_ref(row.index, columns.answer), exc.raw,
                             allowed_text(question)) from None


_LISTED = 12  # question codes a W409 names before "… dan N lainnya"


def unanswered_problem(answers: Mapping[str, Answer | None], at: Location,
                       **context: object) -> Problem | None:
    """The warning for the questions of `answers` (code → answer or None, every question
    asked of the category, in methodology order) left blank: W406 when none is answered
    (*tidak mengisi SAQ*), W409 naming them when some are (each scores 0), None when all
    are. `context` goes into the message (e.g. ``value``/``row`` of a table row)."""
    blank = [code for code, a in answers.items() if a is None or not a.answered]
    if not blank:
        return None
    if len(blank) == len(answers):
        return problem("W406", at, **context)
    codes = ", ".join(blank[:_LISTED])
    if len(blank) > _LISTED:
        codes += f" dan {len(blank) - _LISTED} lainnya"
    return problem("W409", at, count=len(blank), total=len(answers), codes=codes, **context)


def answer_problem(at: Location, question: Question, raw: object, allowed: str,
                   item: ChecklistItem | None = None) -> Problem:
    """D303 for an answer `raw` that `question` does not accept, at cell `at`; for one item
    of a checklist answered item by item, the item and its cell are named too (``… untuk
    butir a (RKA) di sel Kuesioner!E7, pertanyaan 1.2 — …``), not just the question."""
    spec = answer_types.get(question.type)
    kind = spec.label
    if item is None:
        # "Isi salah satu: Ya atau Tidak" where the answer is picked from a list; "Isi angka
        # 0 sampai 100 (%), …" where it is typed (a number, a text)
        fill = allowed if spec.dropdown(question) is None else f"salah satu: {allowed}"
        return problem("D303", at, value=raw, question=question.code, type=kind,
                       allowed=fill)
    cell = "!".join(part for part in (at.sheet, at.cell) if part)
    return problem("D303/butir", at, value=raw, question=question.code, type=kind,
                   allowed=allowed, item=item.code, label=item.label, cell=cell or "-")


class _CellError(Exception):
    def __init__(self, cell: str, raw: object, allowed: str,
                 item: ChecklistItem | None = None) -> None:
        self.cell, self.raw, self.allowed, self.item = cell, raw, allowed, item
        super().__init__(cell)


def _formula_problems(file: str, sheet: str, columns: _Columns,
                      formulas: dict[tuple[int, int], str]) -> list[Problem]:
    """D315 for every formula without a stored value where the reader reads (codes, answers,
    data dukung, notes below the header): read as blank, it would change the score."""
    read = set(columns.read)
    return [problem("D315", Location(file=file, sheet=sheet, cell=cell_ref(r, c)),
                    formula=text)
            for (r, c), text in sorted(formulas.items())
            if r > columns.header_row and c in read]


def _unread(file: str, sheet: str, rows: Rows, columns: _Columns, found: dict[str, _Row],
            formulas: dict[tuple[int, int], str],
            template: dict[str, dict[int, object]]) -> list[Problem]:
    """W405 for every non-empty cell below the header that the reader did not use.

    On a question row the code, answer, data dukung and note are read, and the template's
    own text columns are skipped while they still hold the template's text; an answer typed
    into one of them (say ``Ya`` under Pilihan Jawaban) or any other change is reported. On
    any other row (no code, or a code this questionnaire does not have), in columns without
    a known title and above the header (but for the template's title in column A), every
    non-empty cell is reported.
    """
    read = set(columns.read)
    # Row → what the template wrote in each of its text columns on that row (`template`:
    # the same by row code).
    expected: dict[int, dict[int, object]] = {}
    for code, row in found.items():
        texts = template.get(code)
        if texts is not None:
            expected[row.index] = texts
    unread = UnreadCells()

    def check(r: int, c: int, value: object) -> None:
        text = formulas.get((r, c)) or cell_text(value)
        if not text:
            return
        on_row = expected.get(r)
        label = columns.labels.get(c)
        if on_row is None:
            unread.add(("no code",), "baris tanpa kode pertanyaan yang dikenal", r, c, text)
        elif c in columns.text:
            wrote = on_row.get(c)
            if wrote is not None and normalise(text) == normalise(wrote):
                return
            unread.add(("changed", c), f"isi sel di kolom '{shorten(label or '')}' berbeda "
                       "dari templat; jawaban hanya dibaca dari kolom Jawaban", r, c, text)
        else:
            detail = f"kolom '{shorten(label)}'" if label else "kolom tanpa judul"
            unread.add(("column", c), detail, r, c, text)

    for r in range(min(columns.header_row, len(rows))):  # the template's title is in column A
        for c, value in enumerate(rows[r]):
            text = formulas.get((r, c)) or cell_text(value)
            if c > 0 and text:
                unread.add(("above",), "di atas baris judul kolom", r, c, text)
    for r in range(columns.header_row + 1, len(rows)):
        on_row = expected.get(r)
        for c, value in enumerate(rows[r]):
            if value == "" or value is None:
                if (r, c) in formulas:
                    check(r, c, value)
                continue
            if on_row is not None and (c in read or on_row.get(c, _NOTHING) == value):
                continue  # read, or still the template's own text (the common case)
            check(r, c, value)
    for r, c in sorted(formulas):  # formula cells without a value beyond the parsed grid
        if r > columns.header_row and (r >= len(rows) or c >= len(rows[r])):
            check(r, c, None)
    return unread.warnings(file, sheet)


_NOTHING = object()
