"""Raw readers: bytes in, rows of cell values out. No knowledge of questionnaires.

The readers the input formats (:mod:`questionnaires.formats`) open files with, each giving
named sheets of rows (:class:`~questionnaires.formats.Sheets`): workbooks (.xlsx, .xls,
.ods) are read with python-calamine (fast, does not expand XML entities), each sheet only
after its used range was bounded from its own XML (:func:`open_workbook`); text tables
(.csv, .tsv, .txt) with the standard library after sniffing the encoding and delimiter (a
guessed encoding is said: :func:`encoding_warning`), as one sheet (:func:`open_text_table`).
Every failure becomes a catalogued :class:`~questionnaires.errors.Problem`, never a
traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass

import charset_normalizer
import python_calamine as calamine

from questionnaires.errors import Location, Problem, ProblemsError, problem, technical_reason
from questionnaires.sheetscan import SheetScan, WorkbookScan
from questionnaires.sources import Source, bomless_utf16
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

    ragged = False  # rows are padded to the sheet's width
    decoding: Decoding | None = None  # cells are typed, not decoded text

    def __init__(self, source: Source, book: calamine.CalamineWorkbook,
                 scans: WorkbookScan) -> None:
        self.source = source
        self.book = book
        self.scans = scans
        self.sheet_names: list[str] = list(book.sheet_names)

    @property
    def visible_sheet_names(self) -> list[str]:
        """Sheets a person sees (hidden and very hidden ones left out)."""
        return [m.name for m in self.book.sheets_metadata
                if m.visible is calamine.SheetVisibleEnum.Visible]

    def formulas(self, name: str) -> dict[tuple[int, int], str]:
        scan = self.scans.scan(name)
        return scan.formulas if scan is not None else {}

    def links(self, name: str) -> dict[tuple[int, int], str]:
        """Cells of the sheet that carry an external hyperlink, (row, col) → address."""
        scan = self.scans.scan(name)
        return scan.links if scan is not None else {}

    def has_content(self, name: str) -> bool:
        """Whether the sheet holds any cell (from its XML; True when it cannot tell)."""
        scan = self.scans.scan(name, exact=True)
        return scan is None or scan.cells > 0

    def rows(self, name: str) -> Rows:
        """All rows of sheet `name` from A1 (so indexes map to cell references)."""
        at = Location(file=self.source.name, sheet=name)
        _check_bounds(at, name, self.scans.scan(name))
        try:
            sheet = self.book.get_sheet_by_name(name)
            if sheet.total_height > MAX_ROWS:
                raise ProblemsError([problem("F206", at, sheet=name, rows=sheet.total_height,
                                             limit=MAX_ROWS)])
            return sheet.to_python(skip_empty_area=False)
        except calamine.CalamineError as exc:
            raise _refuse(self.source, "F204", detail=technical_reason(exc)) from None


def open_workbook(source: Source) -> Workbook:
    """Open a workbook (.xlsx, .xls, .ods) that :func:`questionnaires.sources.classify` has
    already vetted; raises :class:`ProblemsError` (F202, F204) when it cannot be opened, and
    F206/F218 for an .ods with a sheet out of bounds (its parser reads every sheet on
    opening, so all are bounded first)."""
    scans = WorkbookScan(source.data)
    for name, scan in scans.read_on_open():
        _check_bounds(Location(file=source.name, sheet=name), name, scan)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(source.data))
    except calamine.PasswordError:
        raise _refuse(source, "F202") from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise _refuse(source, "F204", detail=technical_reason(exc)) from None
    return Workbook(source, book, scans)


def _check_bounds(at: Location, name: str, scan: SheetScan | None) -> None:
    """Refuse a sheet whose used range is over the limits (F206 rows, F218 columns/cells)."""
    if scan is None:
        return
    if scan.rows > MAX_ROWS and scan.columns <= MAX_COLUMNS:
        raise ProblemsError([problem("F206", at, sheet=name, rows=_count(scan.rows),
                                     limit=_count(MAX_ROWS))])
    if scan.columns > MAX_COLUMNS or scan.area > MAX_GRID_CELLS:
        detail = (f"sel terjauh {cell_ref(scan.rows - 1, scan.columns - 1)}: "
                  f"{_count(scan.rows)} baris × {_count(scan.columns)} kolom; batas "
                  f"{_count(MAX_ROWS)} baris, {_count(MAX_COLUMNS)} kolom, "
                  f"{_count(MAX_GRID_CELLS)} sel")
        raise ProblemsError([problem("F218", at, sheet=name, detail=detail)])


def _count(number: int) -> str:
    """``1048576`` → ``1.048.576`` (Indonesian thousands separator)."""
    return f"{number:,}".replace(",", ".")


# Encodings spreadsheet programs write text tables in, besides UTF-8 and UTF-16 with a BOM:
# Excel and LibreOffice on Windows (cp1252, a superset of latin-1 for text) and Excel for
# Mac (mac_roman); which of the two wrote a file is a guess (:func:`decode`). charset-
# normalizer is asked about these only: unrestricted, it reads a short cp1252 file with one
# ’ as cp1250 or a Cyrillic code page.
TEXT_ENCODINGS = ("utf_8", "cp1252", "mac_roman")
ENCODING_LABELS = {  # as W408 names them
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE", "utf-32": "UTF-32",
    "cp1252": "Windows-1252 (Excel/LibreOffice di Windows)",
    "mac_roman": "Mac Roman (Excel untuk Mac)",
}
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Non-ASCII characters Indonesian and English text plausibly holds: typographic
# punctuation, and the accented letters of loanwords and names (Café, Müller, Señor).
_PLAUSIBLE_MARKS = frozenset("’‘“”–—…•·°€£©®™§«»×\u00a0")
_PLAUSIBLE_LETTERS = frozenset("àáâäçèéêëìíîïñòóôöùúûüÀÁÂÄÇÈÉÊËÌÍÎÏÑÒÓÔÖÙÚÛÜ")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
SCORED_CHARACTERS = 10_000  # non-ASCII characters looked at to choose an 8-bit encoding
DELIMITERS = ("\t", ";", ",")  # in order of preference when the content cannot tell
SNIFF_CHARS = 64 * 1024  # text looked at to choose the delimiter
SNIFF_RECORDS = 50
SAMPLE_WORDS = 5  # words W408 shows as read
SAMPLE_CELLS = 500  # cells with non-ASCII text searched for them (a table repeats words)


@dataclass(frozen=True, slots=True)
class Decoding:
    """How a text table was decoded: the codec, and whether the bytes said so (a BOM, or
    valid UTF-8 / UTF-16) or it is a guess among the 8-bit :data:`TEXT_ENCODINGS`."""

    encoding: str
    certain: bool

    @property
    def label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)


def decode(data: bytes) -> tuple[str, Decoding]:
    """Text of a CSV/TSV/TXT file, and how it was decoded.

    Certain: a byte-order mark (UTF-8, UTF-16 LE/BE as Excel's "Unicode text", UTF-32);
    UTF-16 without one (:func:`~questionnaires.sources.bomless_utf16`: NUL bytes in every
    other position); valid UTF-8. Otherwise a guess between cp1252 and mac_roman (which
    decodes any byte), which cannot be told apart with certainty: the reading with the
    fewest :func:`implausible` characters wins, then the one charset-normalizer finds least
    chaotic, then cp1252. Bytes that do not fit the encoding a mark announced become U+FFFD
    and the decoding is no longer certain.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, encoding)
    utf16 = bomless_utf16(data)
    if utf16 is not None:
        return _decode_as(data, utf16)
    try:
        return data.decode("utf-8"), Decoding("utf-8", certain=True)
    except UnicodeDecodeError:
        pass
    readings = []
    for order, encoding in enumerate(TEXT_ENCODINGS[1:]):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
            continue
        readings.append((implausible(text), order, encoding, text))
    readings.sort()
    if len(readings) > 1 and readings[0][0] == readings[1][0]:
        # Least "chaos" (mojibake) then; not charset-normalizer's language coherence, which
        # on short Indonesian text prefers mac_roman's 'Syariíat' to cp1252's 'Syari’at'.
        chaos = {m.encoding: m.chaos for m in charset_normalizer.from_bytes(
            data, cp_isolation=list(TEXT_ENCODINGS[1:]))}
        readings.sort(key=lambda r: (r[0], chaos.get(r[2], 1.0), r[1]))
    _, _, encoding, text = readings[0]
    return text, Decoding(encoding, certain=False)


def _decode_as(data: bytes, encoding: str) -> tuple[str, Decoding]:
    try:
        return data.decode(encoding), Decoding(encoding, certain=True)
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace"), Decoding(encoding, certain=False)


def implausible(text: str) -> int:
    """How many of the first :data:`SCORED_CHARACTERS` non-ASCII characters of `text` are
    unlikely in Indonesian or English text, which is what a wrong 8-bit reading produces.

    Plausible: typographic punctuation (’ “ ” – — … •, no-break space…) and the accented
    letters of names and loanwords (é, ü, ñ…) inside a word of consistent case. So
    ``CafŽ`` (mac_roman é read as cp1252), ``CafÈ`` and ``SyariÕat`` (an uppercase letter
    after a lowercase one), ``4 ñ Paling`` (a letter standing alone), ``ìYaî`` (a lowercase
    letter before an uppercase one), symbols (``∞``, ``¬``, ``Ð``) and control characters
    each count one. cp1252's ’ read as mac_roman (``Syariíat``) does not count: that
    reading is told apart only by the order of preference.
    """
    count = 0
    for match in itertools.islice(_NON_ASCII.finditer(text), SCORED_CHARACTERS):
        ch, at = match.group(), match.start()
        if ch in _PLAUSIBLE_MARKS:
            continue
        if ch not in _PLAUSIBLE_LETTERS:
            count += 1
            continue
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if ((not before.isalpha() and not after.isalpha())
                or (ch.isupper() and before.islower()) or (ch.islower() and after.isupper())):
            count += 1
    return count


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
    """Rows of a delimited text table (.csv, .tsv, .txt): :func:`text_table` without how
    it was decoded."""
    return text_table(source)[0]


def text_table(source: Source) -> tuple[Rows, Decoding]:
    """Rows of a delimited text table (.csv, .tsv, .txt), as many cells as each line has,
    and how its bytes were decoded (for :func:`encoding_warning`).

    Encoding: :func:`decode`; delimiter: :func:`sniff_delimiter`. Rows keep their own
    length (a row with more or fewer cells than the header is for the caller to judge).
    More than :data:`MAX_ROWS` rows is refused (F206); a line the csv module cannot parse
    (a field over its size limit) is F204.
    """
    text, decoding = decode(source.data)
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    try:
        rows: Rows = list(itertools.islice(reader, MAX_ROWS + 1))
    except csv.Error as exc:
        raise _refuse(source, "F204",
                      detail=f"baris {reader.line_num}: {technical_reason(exc)}") from None
    if len(rows) > MAX_ROWS:
        raise ProblemsError([problem("F206", Location(file=source.name), sheet="CSV",
                                     rows=f"lebih dari {MAX_ROWS}", limit=MAX_ROWS)])
    return rows, decoding


class TextTable:
    """A delimited text table opened like a workbook: one sheet named ``""`` holding its
    rows, each as long as its line (`ragged`), no formulas or links, and how its bytes were
    decoded (`decoding`, for :func:`encoding_warning`)."""

    ragged = True
    SHEET = ""

    def __init__(self, source: Source, rows: Rows, decoding: Decoding) -> None:
        self.source = source
        self.table = rows
        self.decoding: Decoding | None = decoding
        self.sheet_names: list[str] = [self.SHEET]

    @property
    def visible_sheet_names(self) -> list[str]:
        return list(self.sheet_names)

    def rows(self, name: str) -> Rows:
        return self.table

    def formulas(self, name: str) -> dict[tuple[int, int], str]:
        return {}

    def links(self, name: str) -> dict[tuple[int, int], str]:
        return {}

    def has_content(self, name: str) -> bool:
        return any(self.table)


def open_text_table(source: Source) -> TextTable:
    """Read a delimited text table (:func:`text_table`) as one sheet; raises
    :class:`ProblemsError` (F204, F206) when it cannot be read."""
    rows, decoding = text_table(source)
    return TextTable(source, rows, decoding)


def encoding_warning(file: str, rows: Rows, decoding: Decoding) -> Problem | None:
    """W408 when the encoding of a text table was guessed and its cells hold non-ASCII
    characters: which encoding was used, how many cells it concerns and up to
    :data:`SAMPLE_WORDS` of their words as read (``'CafŽ' (A2)``), so a misread name or
    answer is never silent. None when the encoding was certain or the text is ASCII (every
    8-bit encoding reads ASCII alike)."""
    if decoding.certain:
        return None
    samples: dict[str, str] = {}  # word as read → its first cell
    cells = 0
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if not isinstance(value, str) or value.isascii():
                continue
            cells += 1
            if len(samples) < SAMPLE_WORDS and cells <= SAMPLE_CELLS:
                for word in _non_ascii_words(value):
                    samples.setdefault(word, cell_ref(r, c))
    if not cells:
        return None
    shown = ", ".join(f"'{word}' ({ref})" for word, ref in
                      itertools.islice(samples.items(), SAMPLE_WORDS))
    return problem("W408", Location(file=file), encoding=decoding.label, cells=cells,
                   samples=shown)


# A whole word holding a non-ASCII character, tried only from the start of a word (an
# unanchored \S*… retried from every position of a long word: quadratic, 21 s for one
# 40 000-character cell).
_WORD = re.compile(r"(?<!\S)\S*?[^\x00-\x7f]\S*")
SAMPLE_CHARS = 40


def _non_ascii_words(text: str) -> list[str]:
    """The words of `text` holding a non-ASCII character; one without an ASCII letter or
    digit (``Ð``, ``–``) comes with its neighbours (``4 Ð Paling``) to be recognisable."""
    words = []
    for match in itertools.islice(_WORD.finditer(text), SAMPLE_WORDS):
        word = match.group()
        if not any(ch.isascii() and ch.isalnum() for ch in word):
            before = text[max(0, match.start() - SAMPLE_CHARS):match.start()].split()[-1:]
            after = text[match.end():match.end() + SAMPLE_CHARS].split()[:1]
            word = " ".join([*before, word, *after])
        words.append(word if len(word) <= SAMPLE_CHARS else word[:SAMPLE_CHARS - 1] + "…")
    return words


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
