"""What a sheet's XML says before any grid is built: its used range and its formula cells.

A spreadsheet reader builds a dense grid from A1 to the farthest cell, so a 21 KB .xlsx with
one cell in A1 and one in XFD1048576 asks for 17 billion cells. Before any sheet is handed to
the parser, :class:`WorkbookScan` reads the sheet's own XML (``xl/worksheets/*.xml`` of an
.xlsx, ``content.xml`` of an .ods) and finds the highest row and column that hold something,
how many cells do, and which cells hold a formula without a stored value (a file written by a
program that does not calculate: the reader would see a blank). Nothing is expanded: repeated
rows and columns of an .ods are counted, not materialised.

Shapes: rows and columns are 1-based counts (``rows=94`` → the last cell is in row 94);
formula cells are keyed by 0-based ``(row, column)`` as the grid from A1 is indexed.
Raises nothing for malformed XML: what cannot be scanned is left to the parser, which
refuses it with a catalogued error.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from posixpath import join, normpath

from questionnaires.sources import MEMBER_ERRORS

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(slots=True)
class SheetScan:
    """The used range of one sheet: ``rows`` × ``columns`` from A1, ``cells`` with content,
    and the formula cells without a stored value, (row, col) 0-based → formula text."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # False when rows/columns/cells are only upper bounds (the cheapest path below): enough
    # to bound the parser, not to tell whether the sheet holds anything.
    exact: bool = True
    # Cells carrying an external hyperlink, (row, col) 0-based → its address: a data dukung
    # typed as "DIP 2025" and linked to the document in Excel (Ctrl+K).
    links: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def area(self) -> int:
        """Cells of the dense grid a reader builds from A1 to the farthest cell."""
        return self.rows * self.columns


def column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


# -- xlsx -----------------------------------------------------------------------------------

_NS = rb"(?:[\w.-]+:)?"
_END = rb"(?=[\s/>])"  # the tag name ends here (not <row-…>, <table:table-row-group>)
# The attributes of a start tag, quotes respected (XML allows ">" inside a value).
_ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
# A cell's content stops at the next cell: an unclosed <c> (which the parser refuses) is not
# matched, instead of each one searching to the end of the sheet (quadratic: 8 000 unclosed
# cells took 16 s).
_CELL_CONTENT = rb"[^<]*(?:<(?!" + _NS + rb"c[\s/>])[^<]*)*?"
_XLSX_TOKEN = re.compile(
    rb"<" + _NS + rb"row" + _END + rb"(" + _ATTRS + rb")>"
    rb"|<" + _NS + rb"c" + _END + rb"(" + _ATTRS + rb"?)(?:/>|>(" + _CELL_CONTENT + rb")</"
    + _NS + rb"c>)", re.S)
# References as the parser reads them: either quote, spaces around "=", any column length
# (a reference past XFD is still a cell the parser places, far away).
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]+)(\d+)["']""")
# A value element with text (not <v/>, <v />, <v></v>), or an inline string.
_HAS_VALUE = re.compile(rb"<" + _NS + rb"v(?:\s[^>]*)?(?<!/)>(?!</)|<" + _NS + rb"is[\s>]")
# Every cell start tag that is not self-closing, whatever its prefix or attributes.
_OPEN_CELL = re.compile(rb"<" + _NS + rb"c(?:\s" + _ATTRS + rb")?(?<!/)>")
# Attributes after the reference, none of them a second reference (which the parser would
# take instead of the first).
_OTHER_ATTRS = rb'(?: (?!r=)[\w:.-]+="[^"]*")*'
_VALUE_TEXT = re.compile(rb"<" + _NS + rb"v(?:\s[^>]*)?>([^<]*)<")
_FORMULA = re.compile(rb"<" + _NS + rb"f\b[^>]*?(?:/>|>(.*?)</" + _NS + rb"f>)", re.S)


# Fast path, for sheets where every cell starts with its reference and none holds a formula
# (what Excel, LibreOffice, Google Sheets and openpyxl write): the cells whose first child is
# a value, an inline string or a formula, in one pass of the regex engine. Patterns are
# built for the namespace prefix the sheet uses (usually none), so they start with a literal.
@lru_cache(maxsize=8)
def _fast_patterns(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    p = re.escape(prefix)
    content = re.compile(rb"<" + p + rb'c r="([A-Za-z]+)(\d+)"' + _OTHER_ATTRS + rb">"
                         rb"(?=<" + p + rb"(?:v>[^<]|is[\s>]|f[\s/>]))")
    formula = re.compile(rb"<" + p + rb"f[\s/>]")
    return content, formula


# Cheapest path, for the questionnaire template as Excel, LibreOffice and openpyxl write it:
# when every cell tag is unprefixed and starts with a reference within A1:Z9999 and no cell
# holds a formula, the sheet is within FAST_ROWS × FAST_COLUMNS whatever else it holds.
FAST_ROWS, FAST_COLUMNS = 9_999, 26
_PREFIXED = re.compile(rb":[cf][\s/>]")
_BEYOND_FAST = re.compile(
    rb'<f[\s/>]|<c(?:>|/>|\s+(?!r="[A-Z]\d{1,4}"' + _OTHER_ATTRS + rb"\s*/?>))")


# A cell whose stored value is a formula error (#REF!, #N/A, #DIV/0! …): the parser reads it
# as blank, so it is found cell by cell and reported like a formula without a value.
_ERROR_CELL = re.compile(rb"""\st\s*=\s*["']e["']""")


def scan_xlsx_sheet(xml: bytes) -> SheetScan:
    """The used range of one ``xl/worksheets/sheetN.xml`` (see :class:`SheetScan`)."""
    # (a quoted e is rare enough that the literal test saves a regex pass on most sheets;
    # a sheet without any single quote, the usual case, needs one search less)
    if (b'"e"' in xml or (b"'" in xml and b"'e'" in xml)) and _ERROR_CELL.search(
            xml) is not None:
        return _scan_xlsx_cells(xml)
    if _PREFIXED.search(xml) is None and _BEYOND_FAST.search(xml) is None:
        return SheetScan(rows=FAST_ROWS, columns=FAST_COLUMNS, cells=xml.count(b"<c "),
                         exact=False)
    at = xml.find(b"sheetData")
    prefix = xml[xml.rfind(b"<", 0, at) + 1:at] if at > 0 else b""
    if not re.fullmatch(rb"(?:[\w.-]+:)?", prefix):
        return _scan_xlsx_cells(xml)
    content, formula = _fast_patterns(prefix)
    tag = b"<" + prefix + b"c"
    if (xml.count(tag + b" ") == xml.count(tag + b' r="') and tag + b">" not in xml
            and tag + b"/>" not in xml and formula.search(xml) is None):
        refs = content.findall(xml)
        if len(refs) != len(_OPEN_CELL.findall(xml)):
            # a cell the fast pattern does not see (another prefix, a quote, a child before
            # its value…) may still be one the parser places: count cell by cell
            return _scan_xlsx_cells(xml)
        if not refs:
            return SheetScan()
        columns = {letters for letters, _ in refs}  # a few distinct values: cheap to compare
        rows = {digits for _, digits in refs}
        return SheetScan(rows=max(map(int, rows)), columns=max(map(column_number, columns)),
                         cells=len(refs))
    return _scan_xlsx_cells(xml)


def _scan_xlsx_cells(xml: bytes) -> SheetScan:
    """Cell by cell: rows and cells without references, formulas without stored values and
    cells holding a formula error (both in ``formulas``: they would read as blank)."""
    scan = SheetScan()
    row = col = 0
    formulas = scan.formulas
    for match in _XLSX_TOKEN.finditer(xml):
        row_attrs, cell_attrs, inner = match.groups()
        if row_attrs is not None:
            numbers = _ROW_NUMBER.findall(row_attrs)
            row = max(map(int, numbers)) if numbers else row + 1
            col = 0
            continue
        refs = _CELL_REF.findall(cell_attrs)
        if refs:  # a repeated attribute (malformed): the parser may take either, bound both
            col = max(column_number(letters) for letters, _ in refs)
            row = max(int(digits) for _, digits in refs)
        else:
            col += 1
        if not inner:
            continue
        has_value = _HAS_VALUE.search(inner) is not None
        formula = _FORMULA.search(inner) if b"<" in inner else None
        if not has_value and formula is None:
            continue
        scan.cells += 1
        scan.rows = max(scan.rows, row)
        scan.columns = max(scan.columns, col)
        text = (formula.group(1) or b"").decode("utf-8", "replace").strip() if formula else ""
        shown = (f"={text}" if text else "rumus bersama") if formula is not None else ""
        if formula is not None and not has_value:
            formulas[(row - 1, col - 1)] = shown
        elif _ERROR_CELL.search(b" " + cell_attrs) is not None:
            error = _VALUE_TEXT.search(inner)
            value = html.unescape(error.group(1).decode("utf-8", "replace")) if error else "#?"
            formulas[(row - 1, col - 1)] = f"{shown} → {value}" if shown else value
    return scan


_HYPERLINK_TAG = re.compile(rb"<(?:[\w.-]+:)?hyperlink\s[^>]*>")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet\s[^>]*>")
_RELATIONSHIP_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w.:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


def _attributes(tag: bytes) -> dict[str, str]:
    """Attributes of one start tag, prefixes dropped (``r:id`` → ``id``), values unescaped."""
    # (findall would give b"" for the quote not used: a single-quoted value read as empty)
    return {m.group(1).decode("utf-8", "replace").rsplit(":", 1)[-1]:
            html.unescape((m.group(2) if m.group(2) is not None else m.group(3)).decode(
                "utf-8", "replace"))
            for m in _ATTRIBUTE.finditer(tag)}


def _member(archive: zipfile.ZipFile, part: str) -> str:
    """The archive member of `part`, whose case and path separator the parser ignores
    (XL/Workbook.xml is the workbook; a relationship to /XL/WORKSHEETS/SHEET2.XML opens
    xl/worksheets/sheet2.xml, and so does a member named xl\\worksheets\\sheet2.xml)."""
    if part in archive.NameToInfo:
        return part
    folded = part.replace("\\", "/").lower()
    return next((n for n in archive.namelist() if n.replace("\\", "/").lower() == folded),
                part)


def xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part (``xl/worksheets/sheet3.xml``) from the workbook XML.

    Two small parts read by their start tags only (no DTDs or entities are expanded).
    """
    try:
        book = archive.read(_member(archive, "xl/workbook.xml"))
        rels = archive.read(_member(archive, "xl/_rels/workbook.xml.rels"))
    except MEMBER_ERRORS:
        return {}
    return dict(_sheet_parts(book, rels))


@lru_cache(maxsize=64)  # files from one template share these two parts byte for byte
def _sheet_parts(book: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    targets = {}
    for tag in _RELATIONSHIP_TAG.findall(rels):
        found = _attributes(tag)
        target = found.get("Target", "")
        if found.get("Id") and target:
            targets[found["Id"]] = target.lstrip("/") if target.startswith("/") else normpath(
                join("xl", target))
    parts = {}
    for tag in _SHEET_TAG.findall(book):
        found = _attributes(tag)
        if "name" in found and found.get("id") in targets:
            # a name given twice: the parser reads the first sheet of that name
            parts.setdefault(found["name"], targets[found["id"]])
    return tuple(parts.items())


# -- ods ------------------------------------------------------------------------------------

# Attributes quote-aware and a cell's content stopping at the next cell, as for .xlsx: an
# unclosed cell once searched to the end of content.xml from every one (52 s for 8 000).
_ODS_CELL_CONTENT = rb"[^<]*(?:<(?!table:(?:covered-)?table-cell[\s/>])[^<]*)*?"
_ODS_TOKEN = re.compile(
    rb"<table:table" + _END + rb"(" + _ATTRS + rb"?)(/?)>"
    rb"|(</table:table>)"
    rb"|<table:table-row" + _END + rb"(" + _ATTRS + rb"?)(/?)>"
    rb"|(</table:table-row>)"
    rb"|<table:(?:covered-)?table-cell" + _END
    + rb"(" + _ATTRS + rb"?)(?:/>|>(" + _ODS_CELL_CONTENT
    + rb")</table:(?:covered-)?table-cell>)", re.S)
# Values as the parser reads them: either quote, spaces around "=" (a repeat count written
# table:number-rows-repeated='100000' was not counted and the parser built the rows).
_ODS_NAME = re.compile(rb"""\btable:name\s*=\s*(["'])(.*?)\1""", re.S)
_ROWS_REPEATED = re.compile(rb"""\btable:number-rows-repeated\s*=\s*["'](\d+)["']""")
_COLUMNS_REPEATED = re.compile(rb"""\btable:number-columns-repeated\s*=\s*["'](\d+)["']""")
_ODS_FORMULA = re.compile(rb'\btable:formula="([^"]*)"')
_ODS_VALUE = re.compile(
    rb"\boffice:(?:value|string-value|date-value|time-value|boolean-value)\s*=")


def _unescape(text: bytes) -> str:
    value = text.decode("utf-8", "replace")
    for entity, char in (("&quot;", '"'), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"),
                         ("&amp;", "&")):
        value = value.replace(entity, char)
    return value


def scan_ods(content: bytes) -> dict[str, SheetScan]:
    """Sheet name → used range, from an .ods ``content.xml`` (repeats counted, not expanded)."""
    sheets: dict[str, SheetScan] = {}
    scan: SheetScan | None = None
    row = col = repeat = 0
    row_has_content = False
    for match in _ODS_TOKEN.finditer(content):
        (table_attrs, table_closed, table_end, row_attrs, row_closed, row_end,
         cell_attrs, inner) = match.groups()
        if table_attrs is not None:
            name = _ODS_NAME.search(table_attrs)
            scan = SheetScan()
            if name:
                sheets[_unescape(name.group(2))] = scan
            row = 0
            if table_closed:
                scan = None
        elif table_end is not None:
            scan = None
        elif scan is None:
            continue
        elif row_attrs is not None:
            found = _ROWS_REPEATED.search(row_attrs)
            repeat = int(found.group(1)) if found else 1
            col, row_has_content = 0, False
            if row_closed:
                row += repeat
        elif row_end is not None:
            if row_has_content:
                scan.rows = max(scan.rows, row + repeat)
            row += repeat
        elif cell_attrs is not None:
            found = _COLUMNS_REPEATED.search(cell_attrs)
            width = int(found.group(1)) if found else 1
            first = col
            col += width
            formula = _ODS_FORMULA.search(cell_attrs)
            has_value = _ODS_VALUE.search(cell_attrs) is not None or bool(
                inner and inner.strip())
            if not has_value and formula is None:
                continue
            row_has_content = True
            scan.cells += width * max(repeat, 1)
            scan.columns = max(scan.columns, col)
            if formula is not None and not has_value:
                text = _unescape(formula.group(1))
                text = text.split(":", 1)[1] if text.startswith("of:") else text
                scan.formulas[(row, first)] = text if text.startswith("=") else f"={text}"
    return sheets


# -- one workbook ---------------------------------------------------------------------------


class WorkbookScan:
    """Scans of the sheets of one .xlsx or .ods, each made on first request and kept.

    ``scan(name)`` returns None for formats without sheet XML (.xls) or a sheet whose XML
    cannot be found; the parser's own limits and the worker's memory cap then apply.
    """

    def __init__(self, data: bytes) -> None:
        self._archive: zipfile.ZipFile | None = None
        self._parts: dict[str, str] = {}
        self._scans: dict[str, SheetScan] = {}
        self._ods = False
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except MEMBER_ERRORS:
            return
        names = set(archive.namelist())
        try:
            ods = "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE
        except MEMBER_ERRORS:  # a damaged member: left to the parser, which refuses it
            ods = False
        if ods:
            self._ods = True
            try:
                self._scans = scan_ods(archive.read("content.xml"))
            except MEMBER_ERRORS:
                self._scans = {}
            return
        self._archive = archive
        self._parts = xlsx_sheet_parts(archive)

    def read_on_open(self) -> list[tuple[str, SheetScan]]:
        """The sheets a parser builds as soon as it opens the file (every sheet of an .ods;
        an .xlsx sheet is built only when asked for)."""
        return list(self._scans.items()) if self._ods else []

    def scan(self, name: str, *, exact: bool = False) -> SheetScan | None:
        """The sheet's scan (`exact`: counted cell by cell, not only bounded)."""
        if name in self._scans or self._ods or self._archive is None:
            found = self._scans.get(name)
            if not exact or found is None or found.exact:
                return found
            self._scans.pop(name)
        part = self._parts.get(name)
        if part is None:
            return None
        try:
            xml = self._archive.read(_member(self._archive, part))
        except MEMBER_ERRORS:
            return None
        self._scans[name] = found = _scan_xlsx_cells(xml) if exact else scan_xlsx_sheet(xml)
        if b"hyperlink " in xml:  # <hyperlink … or <x:hyperlink … (one search for both)
            found.links = self._links(part, xml)
        return found

    def _links(self, part: str, xml: bytes) -> dict[tuple[int, int], str]:
        """External hyperlinks of a worksheet: its <hyperlink ref r:id> and its rels part."""
        assert self._archive is not None
        folder, _, base = part.rpartition("/")
        try:
            rels = self._archive.read(f"{folder}/_rels/{base}.rels")
        except MEMBER_ERRORS:
            return {}
        targets = {}
        for tag in _RELATIONSHIP_TAG.findall(rels):
            found = _attributes(tag)
            if found.get("TargetMode", "").lower() == "external" and found.get("Id"):
                targets[found["Id"]] = found.get("Target", "")
        links = {}
        for tag in _HYPERLINK_TAG.findall(xml):
            found = _attributes(tag)
            ref = _REF.fullmatch(found.get("ref", "").split(":")[0].encode())
            if ref and found.get("id") in targets:
                cell = (int(ref.group(2)) - 1, column_number(ref.group(1)) - 1)
                links[cell] = targets[found["id"]]
        return links
