"""Raw readers: bytes in, rows of cell values out. No knowledge of questionnaires.

Workbooks (.xlsx, .xls, .ods) are read with python-calamine (fast, does not expand XML
entities), each sheet only after its used range was bounded from its own XML; CSV with
the standard library after sniffing the encoding and delimiter. Every failure becomes a
catalogued :class:`~questionnaires.errors.Problem`, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections import Counter

import charset_normalizer
import python_calamine as calamine

from questionnaires.errors import Location, ProblemsError, problem
from questionnaires.sheetscan import WorkbookScan
from questionnaires.sources import Source
from questionnaires.text import clean

MAX_ROWS = 10_000  # rows of one sheet; a questionnaire has a few hundred at most
MAX_COLUMNS = 2_000  # a responses table of a large instrument has a few hundred
MAX_GRID_CELLS = 2_000_000  # rows × columns from A1 that a parser may build for one sheet

Rows = list[list[object]]


def _refuse(source: Source, code: str, **context: object) -> ProblemsError:
    return ProblemsError([problem(code, Location(file=source.name), **context)])


class Workbook:
    """An opened spreadsheet whose sheets are bounded before they are parsed.

    ``rows(name)`` first checks the sheet's used range from its own XML
    (:mod:`questionnaires.sheetscan`): more than :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS`
    columns or :data:`MAX_GRID_CELLS` cells from A1 is refused (F218) before the parser
    builds the grid. ``formulas(name)`` names the cells holding a formula without a stored
    value, (row, col) 0-based → formula text.
    """

    def __init__(self, source: Source, book: calamine.CalamineWorkbook) -> None:
        self.source = source
        self.book = book
        self.scans = WorkbookScan(source.data)
        self.sheet_names: list[str] = list(book.sheet_names)

    @property
    def sheets_metadata(self) -> list[calamine.SheetMetadata]:
        return self.book.sheets_metadata

    @property
    def visible_sheet_names(self) -> list[str]:
        """Sheets a person sees (hidden and very hidden ones left out)."""
        return [m.name for m in self.book.sheets_metadata
                if m.visible is calamine.SheetVisibleEnum.Visible]

    def formulas(self, name: str) -> dict[tuple[int, int], str]:
        scan = self.scans.scan(name)
        return scan.formulas if scan is not None else {}

    def has_content(self, name: str) -> bool:
        """Whether the sheet holds any cell (from its XML; True when it cannot tell)."""
        scan = self.scans.scan(name, exact=True)
        return scan is None or scan.cells > 0

    def rows(self, name: str) -> Rows:
        """All rows of sheet `name` from A1 (so indexes map to cell references)."""
        at = Location(file=self.source.name, sheet=name)
        scan = self.scans.scan(name)
        if scan is not None and scan.rows > MAX_ROWS and scan.columns <= MAX_COLUMNS:
            raise ProblemsError([problem("F206", at, sheet=name, rows=scan.rows,
                                         limit=MAX_ROWS)])
        if scan is not None and (scan.columns > MAX_COLUMNS or scan.area > MAX_GRID_CELLS):
            detail = (f"sel terjauh {cell_ref(scan.rows - 1, scan.columns - 1)}: "
                      f"{_count(scan.rows)} baris × {_count(scan.columns)} kolom; batas "
                      f"{_count(MAX_ROWS)} baris, {_count(MAX_COLUMNS)} kolom, "
                      f"{_count(MAX_GRID_CELLS)} sel")
            raise ProblemsError([problem("F218", at, sheet=name, detail=detail)])
        try:
            sheet = self.book.get_sheet_by_name(name)
            if sheet.total_height > MAX_ROWS:
                raise ProblemsError([problem("F206", at, sheet=name, rows=sheet.total_height,
                                             limit=MAX_ROWS)])
            return sheet.to_python(skip_empty_area=False)
        except calamine.CalamineError as exc:
            raise _refuse(self.source, "F204", detail=_short(exc)) from None


def open_workbook(source: Source) -> Workbook:
    """Open a workbook (.xlsx, .xls, .ods) that :func:`questionnaires.sources.classify` has
    already vetted; raises :class:`ProblemsError` (F202, F204) when it cannot be opened."""
    try:
        return Workbook(source, calamine.CalamineWorkbook.from_filelike(io.BytesIO(source.data)))
    except calamine.PasswordError:
        raise _refuse(source, "F202") from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise _refuse(source, "F204", detail=_short(exc)) from None


def _count(number: int) -> str:
    """``1048576`` → ``1.048.576`` (Indonesian thousands separator)."""
    return f"{number:,}".replace(",", ".")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


# Encodings spreadsheet programs write text tables in, besides UTF-8 and UTF-16 with a BOM:
# Excel and LibreOffice on Windows (cp1252, a superset of latin-1 for text) and Excel for
# Mac (mac_roman). charset-normalizer chooses among these only: unrestricted, it reads a
# short cp1252 file with one ’ as cp1250 or a Cyrillic code page.
TEXT_ENCODINGS = ("utf_8", "cp1252", "mac_roman")
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DELIMITERS = ("\t", ";", ",")  # in order of preference when the content cannot tell
SNIFF_CHARS = 64 * 1024  # text looked at to choose the delimiter
SNIFF_RECORDS = 50


def decode_text(data: bytes) -> str:
    """Text of a CSV/TSV/TXT file in whichever encoding it was written.

    A byte-order mark decides (UTF-8, UTF-16 LE/BE as Excel's "Unicode text", UTF-32);
    then valid UTF-8 is UTF-8; anything else is detected by charset-normalizer among the
    8-bit :data:`TEXT_ENCODINGS` (cp1252 unless mac_roman reads clearly better), with
    latin-1 (which decodes any byte) as the last resort.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Least "chaos" (mojibake) wins; ties go to the order of TEXT_ENCODINGS, not to
    # charset-normalizer's language coherence, which on short Indonesian text prefers
    # mac_roman's 'Syariíat' to cp1252's 'Syari’at'.
    matches = charset_normalizer.from_bytes(data, cp_isolation=list(TEXT_ENCODINGS[1:]))
    ranked = [(m.chaos, TEXT_ENCODINGS.index(m.encoding), m) for m in matches
              if m.encoding in TEXT_ENCODINGS]
    if ranked:
        return str(min(ranked, key=lambda x: x[:2])[2])
    return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter (tab, ``;`` or ``,``) of a delimited text table.

    Each candidate parses the first records (quotes respected, so a header such as
    ``"1.1 Apakah A, B?"`` does not count its comma); the one under which the most records
    share one width of at least two cells wins; then the one leaving fewer stray quote
    characters in cells (a wrong delimiter cuts quoted cells open); then tab, ``;`` (Excel
    in an Indonesian locale), ``,``. A file of one column gets ``,``.
    """
    sample = text[:SNIFF_CHARS]
    truncated = len(sample) < len(text)
    best, best_key = ",", (0, 0, 0)
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            records = list(itertools.islice(
                csv.reader(io.StringIO(sample), delimiter=delimiter), SNIFF_RECORDS + 1))
        except csv.Error:
            continue
        if truncated and records:
            records.pop()  # probably cut in the middle
        widths = Counter(len(r) for r in records if len(r) >= 2)
        if not widths:
            continue
        # Under a wrong delimiter a quoted cell is cut open and its quotes stay behind.
        stray = sum(1 for r in records for v in r if '"' in v)
        key = (widths.most_common(1)[0][1], -stray, len(DELIMITERS) - rank)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def csv_rows(source: Source) -> Rows:
    """Rows of a delimited text table (.csv, .tsv, .txt), as many cells as each line has.

    Encoding: :func:`decode_text`; delimiter: :func:`sniff_delimiter`. Rows keep their own
    length (a row with more or fewer cells than the header is for the caller to judge).
    More than :data:`MAX_ROWS` rows is refused (F206); a line the csv module cannot parse
    (a field over its size limit) is F204.
    """
    text = decode_text(source.data)
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    try:
        rows: Rows = list(itertools.islice(reader, MAX_ROWS + 1))
    except csv.Error as exc:
        raise _refuse(source, "F204", detail=f"baris {reader.line_num}: {_short(exc)}") from None
    if len(rows) > MAX_ROWS:
        raise ProblemsError([problem("F206", Location(file=source.name), sheet="CSV",
                                     rows=f"lebih dari {MAX_ROWS}", limit=MAX_ROWS)])
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
