"""Raw readers: bytes in, rows of cell values out. No knowledge of questionnaires.

Workbooks are read with python-calamine (fast, does not expand XML entities); CSV with
the standard library after sniffing the encoding and delimiter. Every failure becomes a
catalogued :class:`~questionnaires.errors.Problem`, never a traceback.
"""

from __future__ import annotations

import csv
import io

import python_calamine as calamine

from questionnaires.errors import Location, ProblemsError, problem
from questionnaires.sources import Source
from questionnaires.text import clean

MAX_ROWS = 10_000  # rows of one sheet; a questionnaire has a few hundred at most

Rows = list[list[object]]


def _refuse(source: Source, code: str, **context: object) -> ProblemsError:
    return ProblemsError([problem(code, Location(file=source.name), **context)])


def open_workbook(source: Source) -> calamine.CalamineWorkbook:
    """Open a workbook that :func:`questionnaires.sources.classify` has already vetted."""
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(source.data))
    except calamine.PasswordError:
        raise _refuse(source, "F202") from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise _refuse(source, "F204", detail=_short(exc)) from None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def sheet_rows(source: Source, workbook: calamine.CalamineWorkbook, name: str) -> Rows:
    """All rows of sheet `name` from A1 (so indexes map to cell references)."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        if sheet.total_height > MAX_ROWS:
            raise ProblemsError([problem("F206", Location(file=source.name, sheet=name),
                                         sheet=name, rows=sheet.total_height,
                                         limit=MAX_ROWS)])
        return sheet.to_python(skip_empty_area=False)
    except calamine.CalamineError as exc:
        raise _refuse(source, "F204", detail=_short(exc)) from None


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def csv_rows(source: Source) -> Rows:
    """Rows of a CSV table; the delimiter (`,` `;` tab) is sniffed from the header."""
    text = decode_text(source.data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows: Rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if len(rows) > MAX_ROWS:
        raise ProblemsError([problem("F206", Location(file=source.name), sheet="CSV",
                                     rows=len(rows), limit=MAX_ROWS)])
    return rows


def cell_ref(row: int, col: int) -> str:
    """Excel reference of a 0-based (row, col): (13, 4) → ``E14``."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def cell_text(value: object) -> str:
    """A cell as cleaned text (:func:`questionnaires.text.clean`): ``2.0`` → ``2``,
    ``None``/``''`` → ``''``, ``'Ya\u200b'`` → ``'Ya'``."""
    return clean(value)
