"""Read a methodology workbook into a validated :class:`~questionnaires.model.Methodology`.

The file is untrusted: it is vetted like any upload (:func:`questionnaires.sources.classify`:
size, macros, encryption, zip bombs) and its sheets are read with calamine in a worker
process with a memory cap and a time limit (:mod:`questionnaires.isolation`), each sheet
bounded before it is parsed (:mod:`questionnaires.backends`). What comes back is plain rows
of cell values; turning them into a methodology happens here, in three passes that each
report every problem they find, by ``Lembar!Sel``:

1. layout: unknown or missing sheets (M150, M151), unknown, missing or doubled columns
   and form entries (M152–M154, M156), cells holding a formula without a value (D315);
2. cells: every cell read with its column's codec (M155: not a number, not in the list…),
   child rows attached to their parent (M157, M158); then the pydantic model, its errors
   mapped back to the cell each came from (M102);
3. rules across sheets: :func:`~questionnaires.validation.validate_methodology` (weights
   summing to 100, unknown references, band gaps…), each finding's path mapped to the cells
   it is about (``indicators[stage=saq].weight`` → ``Indikator!D2:D7``).

One mistake is reported once: a rule across sheets that reads a value already refused
(a weight typed ``25%`` is not also "the category's weights sum to 75"; a threshold's
fraction 1,5 is not also "the question's highest fraction is 1,5") is left out
(:data:`_READS`), and findings that say the same thing of several cells (eight questions
of an indicator whose code was overwritten) are one problem listing every cell.

A pass runs only when the one before found nothing: a rule across sheets needs every cell
read. Everything raises :class:`~questionnaires.errors.ProblemsError`, never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from questionnaires import answer_types, isolation
from questionnaires.aliases import normalise
from questionnaires.backends import Rows, cell_ref
from questionnaires.errors import VARIANTS, Location, Problem, ProblemsError, problem
from questionnaires.formats import Kind
from questionnaires.methodology_workbook.columns import (
    FORM_LABEL,
    FORM_VALUE,
    FORMS,
    IGNORED_SHEETS,
    LISTS_SHEET,
    PARENT,
    SHEETS,
    TABLE_BY_SHEET,
    TABLES,
    TOP_TABLES,
    BadCell,
    Codec,
    Column,
    Form,
    Table,
    is_blank,
    required,
)
from questionnaires.model import Methodology, number_text
from questionnaires.pydantic_messages import pydantic_message
from questionnaires.sources import Rejected, Source, classify, read_paths
from questionnaires.text import clean
from questionnaires.validation import validate_methodology
from reports.formatting import exact

__all__ = ["RawSheets", "parse_sheets", "read_methodology_workbook"]

log = logging.getLogger(__name__)

SHOWN_CHARS = 60  # of a cell's text quoted in a problem
DEFAULT_NAME = "metodologi.xlsx"

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class RawSheets:
    """What the worker read: every sheet's name, the rows (from A1) and the formula cells
    without a value of the sheets the methodology has, and whether each other sheet holds
    anything."""

    names: list[str]
    rows: dict[str, Rows]
    formulas: dict[str, dict[tuple[int, int], str]]
    content: dict[str, bool] = field(default_factory=dict)


def read_methodology_workbook(source: bytes | Path | Source | BinaryIO,
                              name: str = "") -> Methodology:
    """The methodology in a workbook: the bytes of an upload, a file path, a
    :class:`~questionnaires.sources.Source` or a binary file object (read whole); `name` is
    the file name shown in problems (default: the path's or file object's name, else
    ``metodologi.xlsx``).

    Raises :class:`ProblemsError` with every problem found: F2xx when the file cannot be
    read at all (not a workbook, damaged, too large, macros, password; F216/F217 when the
    reader ran out of memory or time), M159 for a text table, otherwise M1xx and D315 each
    at its ``Lembar!Sel``."""
    if isinstance(source, Path):
        got = next(read_paths([source]))
        if isinstance(got, Rejected):
            raise ProblemsError([got.problem])
        src = Source(name or got.name, got.data)
    elif isinstance(source, Source):
        src = Source(name, source.data) if name else source
    elif hasattr(source, "read"):
        own = getattr(source, "name", "")
        own = Path(own).name if isinstance(own, str) else ""
        src = Source(name or own or DEFAULT_NAME, bytes(source.read()))
    else:
        src = Source(name or DEFAULT_NAME, bytes(source))
    kind = classify(src)
    if isinstance(kind, Rejected):
        raise ProblemsError([kind.problem])
    if not kind.is_workbook or kind.open is None:
        raise ProblemsError([problem("M159", Location(file=src.name), detail=kind.label)])
    outcome = isolation.run(_extract, src, kind)
    if isinstance(outcome, isolation.Failure):
        raise ProblemsError([problem(outcome.code, Location(file=src.name),
                                     **outcome.context)])
    raw, found = outcome
    if found or raw is None:
        raise ProblemsError(found)
    return parse_sheets(raw, src.name)


def _known(name: str) -> bool:
    key = normalise(name)
    return any(key == normalise(s.sheet) for s in SHEETS)


def _extract(source: Source, kind: Kind) -> tuple[RawSheets | None, list[Problem]]:
    """In a worker: the rows of the methodology's sheets, or every problem opening them
    (an exception would not tell the user which sheet)."""
    assert kind.open is not None
    try:
        book = kind.open(source)
    except ProblemsError as exc:
        return None, exc.problems
    names = list(book.sheet_names)
    rows: dict[str, Rows] = {}
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    content: dict[str, bool] = {}
    found: list[Problem] = []
    ignored = {normalise(s) for s in IGNORED_SHEETS}
    for name in names:
        if normalise(name) in ignored:
            continue
        if not _known(name):
            content[name] = book.has_content(name)
            continue
        try:
            rows[name] = book.rows(name)
            formulas[name] = book.formulas(name)
        except ProblemsError as exc:
            found += exc.problems
    return (None, found) if found else (RawSheets(names, rows, formulas, content), [])


def parse_sheets(raw: RawSheets, file: str = "") -> Methodology:
    """The methodology in sheets already read (see :class:`RawSheets`); raises
    :class:`ProblemsError` with every problem (see the module docstring)."""
    return _Reader(raw, file).read()


def shown(raw: object) -> str:
    """A cell's content as a problem quotes it: cleaned, at most :data:`SHOWN_CHARS`; a
    number with a decimal comma, as it is typed (``1,5``)."""
    if isinstance(raw, float | Decimal) and not isinstance(raw, bool):
        with contextlib.suppress(ArithmeticError, ValueError):
            return number_text(Decimal(str(raw)))
    text = clean(raw)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True)
class _Spot:
    """Where a value came from: its sheet and cell, the column's header and the text."""

    sheet: str
    ref: str
    column: str = ""
    text: str = ""


@dataclass(slots=True)
class _Child:
    """A row of a child table, waiting for its parent's index; `refused`: its fields
    already reported."""

    parent_code: str
    key_spot: _Spot
    values: dict[str, Any]
    spots: dict[str, _Spot]
    refused: set[str]


class _Reader:
    def __init__(self, raw: RawSheets, file: str) -> None:
        self.raw = raw
        self.file = file
        self.found: list[Problem] = []
        self.data: dict[str, Any] = {}
        self.where: dict[Loc, _Spot] = {}
        self.reported: set[Loc] = set()  # values already refused: their pydantic errors too
        self.sheet_of: dict[str, str] = {}  # layout sheet name → the workbook's own name
        self.children: dict[str, list[_Child]] = {}
        self.refused_cells: set[tuple[str, str]] = set()  # (layout sheet, cell) not read
        self.refused_values: set[Loc] = set()  # model locations of values refused in pass 2

    # -- problems ----------------------------------------------------------------------

    def at(self, sheet: str, ref: str = "") -> Location:
        return Location(file=self.file, sheet=self.sheet_of.get(sheet, sheet), cell=ref)

    def add(self, code: str, sheet: str, ref: str = "", /, **context: object) -> None:
        """Problem `code` at `ref` of `sheet` (the layout's name); ``{sheet}`` in its text
        is the workbook's own name of the sheet unless `context` says otherwise."""
        context.setdefault("sheet", self.sheet_of.get(sheet, sheet))
        self.found.append(problem(code, self.at(sheet, ref), **context))

    # -- the passes --------------------------------------------------------------------

    def read(self) -> Methodology:
        self.sheets()
        for form in FORMS:
            rows = self.rows_of(form.sheet)
            if rows is not None:
                self.form(form, rows)
        for table in TABLES:
            rows = self.rows_of(table.sheet)
            if rows is not None:
                self.table(table, rows)
        self.attach_children()
        methodology: Methodology | None = None
        try:
            methodology = Methodology.model_validate(self.data)
        except ValidationError as exc:
            self.model_errors(exc)
        checked = methodology if methodology is not None else lenient_methodology(self.data)
        if any(p.code == "M150" for p in self.found):
            checked = None  # a sheet is missing: the rules would only list what it held
        if checked is not None:
            self.rules(checked, lenient=methodology is None)
        if self.found or methodology is None:
            raise ProblemsError(self.found or [problem(
                "M102", Location(file=self.file), detail="metodologi tidak dapat dibentuk",
                value="-")])
        return methodology

    def rules(self, m: Methodology, *, lenient: bool) -> None:
        """Pass 3 on `m`. On a `lenient` model (cells still wrong, already reported) a rule
        that cannot be checked is left out: the cells' problems say what to fix first."""
        try:
            found = validate_methodology(m, self.file)
        except Exception:
            if not lenient:
                raise
            log.debug("rules across sheets skipped on a lenient model", exc_info=True)
            return
        known = {(p.code, str(p.location)) for p in self.found}
        unread = {f"{self.sheet_of.get(sheet, sheet)}!{ref}" for sheet, ref in
                  self.refused_cells}
        fresh: list[Problem] = []
        for item in found:
            moved = self.relocate(item)
            cells = {f"{moved.location.sheet}!{ref}" for ref in expand_refs(
                moved.location.cell)}
            if (moved.code, str(moved.location)) not in known and not cells & unread \
                    and not self.repeats(item):
                fresh.append(moved)
        self.found += merge_same(fresh)

    def repeats(self, found: Problem) -> bool:
        """Whether rule finding `found` reads a value already refused in pass 2 (a cell
        that could not be read, or broke its field's bound): it would only repeat that
        mistake. What a rule reads of each item it names: :data:`_READS` by its code, else
        the field in its path."""
        match = _PATH.fullmatch(found.location.path.strip())
        if match is None or match["kind"] not in TOP_TABLES:
            return False
        kind = match["kind"]
        fields = _READS.get(found.code) or (
            (match["attr"].split(".")[0],) if match["attr"] else ())
        if not fields:
            return False
        refused = {loc[:3] for loc in self.reported | self.refused_values if len(loc) >= 3}
        return any((kind, i, name) in refused
                   for i in self.rows_named(kind, match["sel"], match["code"])
                   for name in fields)

    def rows_named(self, kind: str, sel: str | None, code: str | None) -> list[int]:
        """The indexes of the rows of table `kind` a path names (``[3]``, ``[*]``,
        ``[stage=saq]``, `` (code)``; every row when it names none)."""
        rows: list[dict[str, Any]] = self.data.get(kind, [])
        if sel is not None and sel.isdigit():
            return [int(sel)]
        if sel is not None and "=" in sel:
            name, _, value = sel.partition("=")
            return [i for i, row in enumerate(rows) if str(row.get(name.strip())) == value]
        if code is not None and sel is None:
            key = TOP_TABLES[kind].key
            return [i for i, row in enumerate(rows) if row.get(key) == code][:1]
        return list(range(len(rows)))

    def rows_of(self, sheet: str) -> Rows | None:
        name = self.sheet_of.get(sheet)
        return None if name is None else self.raw.rows.get(name, [])

    # -- pass 1: sheets, headers --------------------------------------------------------

    def sheets(self) -> None:
        by_key = {normalise(s.sheet): s.sheet for s in SHEETS}
        ignored = {normalise(s) for s in IGNORED_SHEETS}
        for name in self.raw.names:
            key = normalise(name)
            if key in by_key and by_key[key] not in self.sheet_of:
                self.sheet_of[by_key[key]] = name
            elif key not in ignored and self.raw.content.get(name, True):
                self.add("M151", name, sheet=name,
                         known=", ".join(s.sheet for s in SHEETS))
        found = ", ".join(n for n in self.raw.names if normalise(n) != normalise(
            LISTS_SHEET)) or "(tidak ada)"
        for spec in SHEETS:
            if spec.sheet not in self.sheet_of and spec.required:
                self.add("M150", spec.sheet, sheet=spec.sheet, found=found)

    def header(self, sheet: str, rows: Rows, known: dict[str, str],
               ) -> tuple[int, dict[str, int]]:
        """The header row's index (the first row holding anything; -1 for an empty sheet)
        and the column index of each known header (by its key in `known`: normalised
        header or alias → key). Unknown and doubled headers, and data below a blank header,
        are reported."""
        index = next((i for i, row in enumerate(rows) if any(not is_blank(v) for v in row)), -1)
        if index < 0:
            return -1, {}
        columns: dict[str, int] = {}
        labels = ", ".join(dict.fromkeys(known.values()))
        header = rows[index]
        for c, value in enumerate(header):
            if is_blank(value):
                below = next((r for r in range(index + 1, len(rows))
                              if c < len(rows[r]) and not is_blank(rows[r][c])), None)
                if below is not None:
                    self.add("M152", sheet, cell_ref(below, c), value="(tanpa judul)",
                             sheet=self.sheet_of.get(sheet, sheet), known=labels)
                continue
            key = known.get(normalise(value))
            if key is None:
                self.add("M152", sheet, cell_ref(index, c), value=shown(value),
                         sheet=self.sheet_of.get(sheet, sheet), known=labels)
            elif key in columns:
                self.add("M154", sheet, cell_ref(index, c), what="Kolom", value=shown(value),
                         sheet=self.sheet_of.get(sheet, sheet),
                         other=cell_ref(index, columns[key]))
            else:
                columns[key] = c
        return index, columns

    def refuse(self, sheet: str, ref: str, path: Loc, codec: Codec,
               target: dict[str, Any] | None) -> None:
        """A cell that could not be read (already reported). A number gets its codec's
        placeholder in `target`, so the rules across sheets can still be checked; what
        they find about this cell (a sum it is part of) is left out (:meth:`rules`)."""
        self.refused_cells.add((sheet, ref))
        if target is self.data:
            self.reported.add(path)
        if target is not None and codec.placeholder is not None and PARENT not in path:
            _put(target, path, codec.placeholder)

    def formula_without_value(self, sheet: str, r: int, c: int, raw: object) -> bool:
        """D315 for a cell holding a formula whose value was never calculated."""
        formula = self.raw.formulas.get(self.sheet_of.get(sheet, sheet), {}).get((r, c))
        if formula is None or not is_blank(raw):
            return False
        self.add("D315", sheet, cell_ref(r, c), formula=formula)
        return True

    # -- pass 2: forms -----------------------------------------------------------------

    def form(self, form: Form, rows: Rows) -> None:
        index, columns = self.header(form.sheet, rows, {
            normalise(FORM_LABEL): FORM_LABEL, normalise(FORM_VALUE): FORM_VALUE})
        if index < 0:
            columns = {}
        for header in (FORM_LABEL, FORM_VALUE):
            if header not in columns:
                self.add("M153", form.sheet, "A1", what="kolom", column=header,
                         sheet=self.sheet_of.get(form.sheet, form.sheet))
        if len(columns) < 2:
            return
        lc, vc = columns[FORM_LABEL], columns[FORM_VALUE]
        seen: dict[str, str] = {}
        counts: dict[str, int] = {}
        known = ", ".join(e.label for e in form.entries)
        for r in range(index + 1, len(rows)):
            row = rows[r]
            label = row[lc] if lc < len(row) else None
            value = row[vc] if vc < len(row) else None
            if is_blank(label):
                if not is_blank(value):
                    self.add("M156", form.sheet, cell_ref(r, lc), value="(kosong)",
                             sheet=self.sheet_of.get(form.sheet, form.sheet), known=known)
                continue
            entry = form.entry(str(label))
            if entry is None:
                self.add("M156", form.sheet, cell_ref(r, lc), value=shown(label),
                         sheet=self.sheet_of.get(form.sheet, form.sheet), known=known)
                continue
            ref = cell_ref(r, vc)
            if not entry.many and entry.field in seen:
                self.add("M154", form.sheet, cell_ref(r, lc), what="Isian", value=entry.label,
                         sheet=self.sheet_of.get(form.sheet, form.sheet),
                         other=seen[entry.field])
                continue
            seen.setdefault(entry.field, cell_ref(r, lc))
            path: Loc = tuple(entry.field.split("."))
            spot = _Spot(form.sheet, ref, entry.label, shown(value))
            self.where.setdefault(path, spot)
            if self.formula_without_value(form.sheet, r, vc, value):
                self.refuse(form.sheet, ref, path, entry.codec, None if entry.many else
                            self.data)
                continue
            if is_blank(value):
                continue
            try:
                decoded = entry.codec.read(value)
            except BadCell as exc:
                self.add("M155", form.sheet, ref, value=shown(value), column=entry.label,
                         detail=exc.detail, expected=exc.expected)
                self.refuse(form.sheet, ref, path, entry.codec, None if entry.many else
                            self.data)
                continue
            if entry.many:
                n = counts.get(entry.field, 0)
                counts[entry.field] = n + 1
                self.where[(*path, n)] = spot
                _put(self.data, path, decoded, append=True)
            else:
                _put(self.data, path, decoded)
        for entry in form.entries:
            if entry.field not in seen and required(Methodology, entry.field):
                self.add("M153", form.sheet, cell_ref(len(rows), lc), what="baris isian",
                         column=entry.label, sheet=self.sheet_of.get(form.sheet, form.sheet))
                self.reported.add(tuple(entry.field.split(".")))

    # -- pass 2: tables ----------------------------------------------------------------

    def table(self, table: Table, rows: Rows) -> None:
        known: dict[str, str] = {}
        for column in table.columns:
            known[normalise(column.header)] = column.header
            if column.field != PARENT:
                known.setdefault(normalise(column.field), column.header)
        index, found = self.header(table.sheet, rows, known)
        sheet_name = self.sheet_of.get(table.sheet, table.sheet)
        missing: set[str] = set()
        for column in table.columns:
            if column.header in found:
                continue
            if column.field == PARENT or required(table.model, column.field):
                missing.add(column.field)
                if index >= 0 or table.parent is None:
                    width = len(rows[index]) if index >= 0 else 0
                    self.add("M153", table.sheet, cell_ref(max(index, 0), width),
                             what="kolom", column=column.header, sheet=sheet_name)
        if table.parent is None:
            self.data.setdefault(table.field, [])
            self.where[(table.field,)] = _Spot(table.sheet, cell_ref(max(index, 0) + 1, 0),
                                               _key_header(table))
        if index < 0 or PARENT in missing:
            return
        cols = [(column, found[column.header]) for column in table.columns
                if column.header in found]
        for r in range(index + 1, len(rows)):
            row = rows[r]
            cells = {column.field: (row[c] if c < len(row) else None) for column, c in cols}
            if all(is_blank(v) for v in cells.values()) and not any(
                    (r, c) in self.raw.formulas.get(sheet_name, {}) for _, c in cols):
                continue
            self.table_row(table, r, cols, cells, missing)

    def table_row(self, table: Table, r: int, cols: list[tuple[Column, int]],
                  cells: dict[str, Any], missing: set[str]) -> None:
        values: dict[str, Any] = {}
        spots: dict[str, _Spot] = {}
        refused: set[str] = set(missing)
        parent_code = ""
        key_spot: _Spot | None = None
        for column, c in cols:
            raw = cells[column.field]
            spot = _Spot(table.sheet, cell_ref(r, c), column.header, shown(raw))
            if column.field == table.key:
                key_spot = spot
            if column.field != PARENT:
                spots[column.field] = spot
            if self.formula_without_value(table.sheet, r, c, raw):
                refused.add(column.field)
                self.refuse(table.sheet, spot.ref, tuple(column.field.split(".")),
                            column.codec, values)
                continue
            if is_blank(raw):
                if column.field == PARENT:
                    self.add("M102/lembar", table.sheet, spot.ref, column=column.header,
                             detail="wajib diisi", value="(kosong)")
                    return
                continue
            try:
                decoded = column.codec.read(raw)
            except BadCell as exc:
                self.add("M155", table.sheet, spot.ref, value=shown(raw), column=column.header,
                         detail=exc.detail, expected=exc.expected)
                refused.add(column.field)
                self.refuse(table.sheet, spot.ref, tuple(column.field.split(".")),
                            column.codec, values)
                continue
            if column.field == PARENT:
                parent_code = decoded
            else:
                _put(values, tuple(column.field.split(".")), decoded)
        row_spot = key_spot or _Spot(table.sheet, cell_ref(r, cols[0][1]) if cols else
                                     cell_ref(r, 0), _key_header(table))
        if table.parent is not None:
            if PARENT in refused:
                return
            child = _Child(parent_code, key_spot or row_spot, values, spots, refused)
            self.children.setdefault(table.sheet, []).append(child)
            return
        rows_list: list[dict[str, Any]] = self.data[table.field]
        prefix: Loc = (table.field, len(rows_list))
        rows_list.append(values)
        self.place(prefix, spots, row_spot, refused)

    def place(self, prefix: Loc, spots: dict[str, _Spot], row_spot: _Spot,
              refused: set[str]) -> None:
        """Record where each value of the row at `prefix` came from."""
        self.where[prefix] = row_spot
        for name, spot in spots.items():
            self.where[(*prefix, *name.split("."))] = spot
        for name in refused:
            self.reported.add((*prefix, *name.split(".")))

    def attach_children(self) -> None:
        for table in TABLES:
            if table.parent is None:
                continue
            parent = TABLE_BY_SHEET[table.parent.table]
            if parent.sheet not in self.sheet_of:
                continue  # its sheet is missing (M150): every row would be an orphan
            parents: list[dict[str, Any]] = self.data.get(parent.field, [])
            orphans: dict[str, list[str]] = {}
            index: dict[str, int] = {}
            for i, row in enumerate(parents):
                code = row.get(parent.key)
                if isinstance(code, str):
                    index.setdefault(code, i)
            first: dict[int, _Spot] = {}
            keys: dict[int, list[str]] = {}
            for child in self.children.get(table.sheet, []):
                pi = index.get(child.parent_code)
                if pi is None:
                    orphans.setdefault(child.parent_code, []).append(child.key_spot.ref)
                    continue
                target = parents[pi]
                if table.parent.many:
                    items = target.setdefault(table.parent.field, [])
                    prefix: Loc = (parent.field, pi, table.parent.field, len(items))
                    items.append(child.values)
                    keys.setdefault(pi, []).append(child.key_spot.ref)
                else:
                    if pi in first:
                        self.add("M158", table.sheet, child.key_spot.ref,
                                 what=parent.sheet, value=child.parent_code,
                                 sheet=self.sheet_of.get(table.sheet, table.sheet),
                                 other=first[pi].ref)
                        continue
                    first[pi] = child.key_spot
                    target[table.parent.field] = child.values
                    prefix = (parent.field, pi, table.parent.field)
                self.place(prefix, child.spots, child.key_spot, child.refused)
            for code, refs in orphans.items():  # one problem per unknown code
                self.add("M157", table.sheet, join_refs(refs), value=code,
                         what=parent.sheet.lower(),
                         parent=self.sheet_of.get(parent.sheet, parent.sheet))
            for pi, refs in keys.items():
                self.where[(parent.field, pi, table.parent.field)] = _Spot(
                    table.sheet, join_refs(refs), _key_header(table))

    # -- pass 2: the model -------------------------------------------------------------

    def model_errors(self, exc: ValidationError) -> None:
        for err in exc.errors():
            loc: Loc = tuple(err["loc"])
            if any(loc[:n] in self.reported for n in range(1, len(loc) + 1)):
                continue
            self.refused_values.add(loc)
            spot = self.spot(loc)
            detail = _detail(err)
            if err["type"] == "too_short" and loc in {(t.field,) for t in TOP_TABLES.values()}:
                detail = f"lembar belum berisi baris ({detail})"
            self.found.append(problem(
                "M102/lembar", Location(file=self.file, sheet=self.sheet_of.get(
                    spot.sheet, spot.sheet), cell=spot.ref),
                column=spot.column or "-", detail=detail, value=spot.text or "(kosong)"))

    def spot(self, loc: Loc) -> _Spot:
        """Where the value at model location `loc` came from (the nearest enclosing one
        that was recorded; a rule over a whole row points at its `row_rule` column)."""
        for n in range(len(loc), 0, -1):
            found = self.where.get(loc[:n])
            if found is None:
                continue
            if n == 2 and isinstance(loc[1], int) and loc[0] in TOP_TABLES:
                rule = TOP_TABLES[str(loc[0])].row_rule
                if rule and (*loc[:2], rule) in self.where:
                    return self.where[(*loc[:2], rule)]
            return found
        return _Spot(FORMS[0].sheet, "A1")

    # -- pass 3: rules across sheets ---------------------------------------------------

    def relocate(self, found: Problem) -> Problem:
        """`found` (located by a path in the methodology) located by sheet and cell, told
        in the workbook's words where the catalogue has them."""
        spots = self.spots_for_path(found.location.path)
        context = dict(found.context)
        if found.code == "M110" and "type" in context and answer_types.known(context["type"]):
            context["type"] = answer_types.get(context["type"]).label
        if "total" in context:  # a sum of weights, with a decimal comma: 99,5
            with contextlib.suppress(ArithmeticError):
                context["total"] = exact(Decimal(context["total"]))
        variant = f"{found.code}/lembar"
        if not spots:
            return problem(variant if variant in VARIANTS else found.code,
                           Location(file=self.file, path=found.location.path), **context)
        sheet = spots[0].sheet
        refs = join_refs([s.ref for s in spots if s.sheet == sheet])
        return problem(variant if variant in VARIANTS else found.code,
                       Location(file=self.file, sheet=self.sheet_of.get(sheet, sheet),
                                cell=refs), **context)

    def spots_for_path(self, path: str) -> list[_Spot]:
        match = _PATH.fullmatch(path.strip())
        if match is None:
            return []
        kind, sel, code, attr = match["kind"], match["sel"], match["code"], match["attr"]
        # A list index in the path (`gates.0.stage`) as the int the rows were recorded by.
        attrs: Loc = tuple(int(a) if a.isdigit() else a for a in attr.split(".")) \
            if attr else ()
        table = TOP_TABLES.get(kind)
        if table is None:  # a form entry: tie_breakers, id, provenance.…
            spot = self.where.get((kind, *attrs)) or self.where.get((kind,))
            return [spot] if spot else []
        rows: list[dict[str, Any]] = self.data.get(kind, [])
        if sel is not None and sel.isdigit():
            # A rule about a row itself (`questions[9]`: its code used twice) points at
            # the row's key cell, not at the column of a rule across its fields.
            return [self.spot((kind, int(sel), *(attrs or (table.key,))))]
        if sel == "*":
            chosen = list(range(len(rows)))
        elif sel is not None and "=" in sel:
            name, _, value = sel.partition("=")
            chosen = [i for i, row in enumerate(rows) if str(row.get(name.strip())) == value]
        elif code is not None:
            chosen = [i for i, row in enumerate(rows) if row.get(table.key) == code][:1]
            if not attrs:
                return [self.spot((kind, i)) for i in chosen]
        else:
            chosen = list(range(len(rows)))
            attrs = attrs or ((table.whole or table.key),)
        found = [self.spot((kind, i, *attrs)) for i in chosen]
        return found or [self.where.get((kind,), _Spot(table.sheet, "A2"))]


# What a rule across sheets reads of each item its finding names, by the finding's code,
# where that is more than the field in its path: a question's definition (M110) reads its
# levels, items and thresholds; a category's weights (M120) fall back to the indicator's
# own weight; the sums of weights (M103, M104) read the weights.
_READS: dict[str, tuple[str, ...]] = {
    "M110": ("type", "scale", "items", "thresholds", "min_value", "max_value", "decimals"),
    "M120": ("weight", "weights"),
    "M104": ("weight",),
    "M103": ("weight",),
}


def merge_same(found: list[Problem]) -> list[Problem]:
    """Findings that say the same (code, sheet, message) of several cells as one problem
    at all of them (``Pertanyaan!B14:B21``), in the order they first appear."""
    groups: dict[tuple[str, str, str, str], list[Problem]] = {}
    for p in found:
        groups.setdefault((p.code, p.location.sheet, p.message, p.fix), []).append(p)
    merged = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1 or not first.location.sheet:
            merged += group
            continue
        refs = join_refs([ref for p in group for ref in expand_refs(p.location.cell)])
        merged.append(replace(first, location=replace(first.location, cell=refs)))
    return merged


# `questions[12] (2.1.3).indicator`, `stages[*].weight`, `indicators[stage=saq].weight`,
# `indicators (jenis_informasi)`, `bands`, `tie_breakers` (questionnaires.validation).
_PATH = re.compile(r"(?P<kind>[A-Za-z_]+)(?:\[(?P<sel>[^\]]*)\])?(?: \((?P<code>[^)]*)\))?"
                   r"(?:\.(?P<attr>[\w.]+))?")


def lenient_methodology(data: dict[str, Any]) -> Methodology | None:
    """`data` as a Methodology whose values have their types but may break a field's
    constraints (a weight over 100, a negative point, a code with a space), so the rules
    across sheets can still be checked while cells are wrong; None when a value every rule
    needs is missing or of the wrong type."""
    try:
        built = _lenient(Methodology, data)
    except _Incomplete:
        return None
    bands = built.bands
    if all(isinstance(getattr(b, "lower", None), Decimal) for b in bands):
        built = built.model_copy(update={"bands": tuple(sorted(
            bands, key=lambda b: b.lower, reverse=True))})
    return built


class _Incomplete(Exception):
    """A required value is missing: no lenient model."""


def _lenient(model: type[BaseModel], data: object) -> Any:
    if not isinstance(data, dict):
        raise _Incomplete
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            if info.is_required():
                raise _Incomplete
            values[name] = info.get_default(call_default_factory=True)
            continue
        values[name] = _lenient_value(info.annotation, data[name])
    return model.model_construct(**values)


def _lenient_value(annotation: Any, value: object) -> Any:
    """`value` validated by the field's type alone (no constraints); a nested model that
    breaks a constraint inside is built leniently too."""
    try:
        return TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        pass
    nested = [a for a in (get_args(annotation) or (annotation,))
              if isinstance(a, type) and issubclass(a, BaseModel)]
    if not nested:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            nested = [annotation]
        else:
            raise _Incomplete
    if isinstance(value, list):
        return tuple(_lenient(nested[0], item) for item in value)
    return _lenient(nested[0], value)


def _key_header(table: Table) -> str:
    column = table.column(table.key)
    return column.header if column else table.columns[0].header


def _put(target: dict[str, Any], path: Loc, value: Any, *, append: bool = False) -> None:
    node = target
    for part in path[:-1]:
        node = node.setdefault(str(part), {})
    if append:
        node.setdefault(str(path[-1]), []).append(value)
    else:
        node[str(path[-1])] = value


def _detail(err: Any) -> str:
    text = pydantic_message(err)
    return text.removeprefix("Value error, ")


def expand_refs(text: str) -> list[str]:
    """The cells of an Excel reference list: ``D2:D4,F7`` → D2, D3, D4, F7 (ranges within
    one column, as :func:`join_refs` writes them)."""
    cells: list[str] = []
    for part in filter(None, text.split(",")):
        m = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", part)
        if m is None or m[1] != m[3]:
            cells.append(part)
            continue
        cells += [f"{m[1]}{row}" for row in range(int(m[2]), int(m[4]) + 1)]
    return cells


def join_refs(refs: list[str]) -> str:
    """Cells as an Excel reference list: ``['D2', 'D3', 'D4', 'D7']`` → ``D2:D4,D7``
    (runs within one column joined; order kept otherwise)."""
    parsed = []
    for ref in dict.fromkeys(refs):
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        if m is None:
            parsed.append((ref, -1))
        else:
            parsed.append((m[1], int(m[2])))
    out: list[str] = []
    i = 0
    while i < len(parsed):
        col, row = parsed[i]
        if row < 0:
            out.append(col)
            i += 1
            continue
        j = i
        while j + 1 < len(parsed) and parsed[j + 1][0] == col and parsed[j + 1][1] == \
                parsed[j][1] + 1:
            j += 1
        out.append(f"{col}{row}" if j == i else f"{col}{row}:{col}{parsed[j][1]}")
        i = j + 1
    return ",".join(out)

