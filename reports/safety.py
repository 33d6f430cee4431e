"""Text from badan publik and evaluators made safe for spreadsheets, CSV, PDF and file names.

*Formula injection*: a badan publik named ``=HYPERLINK(...)`` or a reason starting with
``+``, ``-`` or ``@`` must never run as a formula when an official opens the file.

* xlsx: every text cell is written as a string cell (never a formula cell), and text that
  starts like a formula also gets Excel's own *quote prefix* (what Excel stores when
  someone types ``'=abc``), so editing the cell and pressing Enter keeps it text. The
  visible text is unchanged.
* CSV has no cell types: text that starts like a formula gets a leading apostrophe (the
  OWASP recommendation), e.g. ``'=HYPERLINK(...)``. Numbers are written by the exporters as
  numbers and are never escaped.

Control characters that XML 1.0 cannot carry are dropped (openpyxl would refuse the whole
workbook), and text for reportlab paragraphs is XML-escaped (a name with ``<`` or ``&``).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula (or a formula-like start)."""
    return text.startswith(FORMULA_START)


def clean(text: object) -> str:
    """Text without the control characters XML 1.0 (xlsx, PDF markup) cannot carry."""
    value = "" if text is None else str(text)
    return _ILLEGAL_XML.sub("", value)


def csv_text(text: object) -> str:
    """A CSV text field that no spreadsheet will run as a formula: ``'=1+1``."""
    value = clean(text)
    return "'" + value if starts_like_formula(value) else value


def pdf_text(text: object) -> str:
    """Text for a reportlab Paragraph (which parses a little XML markup)."""
    return escape(clean(text))


def slug(text: str, limit: int = 60) -> str:
    """An ASCII file-name part: ``Dinas Kominfo Kab. X`` → ``dinas-kominfo-kab-x``; longer
    than `limit`, it ends at the last whole word that fits (``…-kabupaten-sukamaju``,
    never ``…-sukamaju-fikt``), cut inside a word only when that word alone is longer."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")
    if len(value) > limit:
        head = value[:limit + 1]  # a word ending exactly at the limit is whole
        value = head.rsplit("-", 1)[0] if "-" in head[:limit] else value[:limit]
    return value.strip("-") or "badan-publik"


SHEET_TITLE_LIMIT = 31  # Excel's limit on a worksheet name
_SHEET_SWAP = str.maketrans({"[": "(", "]": ")", "/": "-", "\\": "-", ":": " ", "*": " ",
                             "?": " "})
# A unit a sheet name is shortened by: a bracketed part (kept or dropped whole) or a word.
_SHEET_UNIT = re.compile(r"\([^()]*\)|[^\s()]+|[()]")
_DANGLING = "-–—,;·"


def _fit(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` characters by whole words and whole bracketed
    parts (``Pemerintah Kabupaten-Kota (PPID Utama)`` → ``Pemerintah Kabupaten-Kota``);
    a first word longer than `limit` is cut (nothing else fits)."""
    if len(text) <= limit:
        return text
    end = 0
    for unit in _SHEET_UNIT.finditer(text):
        if unit.end() > limit:
            break
        end = unit.end()
    kept = text[:end].rstrip(_DANGLING + " ").strip("'")
    return kept or text[:limit].rstrip()


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts (≤ 31 characters, no ``[]:*?/\\``), unique in
    `taken` (case-insensitive, as Excel compares), which it is added to.

    Square brackets become round ones and slashes hyphens (``Desa/Kelurahan`` →
    ``Desa-Kelurahan``); a longer name is shortened by whole words and whole bracketed
    parts, never inside one; a taken name gets `` (2)``, `` (3)`` … after a base shortened
    the same way."""
    base = " ".join(clean(text).translate(_SHEET_SWAP).split()).strip("'") or "Kategori"
    title, n = _fit(base, SHEET_TITLE_LIMIT), 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = _fit(base, SHEET_TITLE_LIMIT - len(suffix)) + suffix
        n += 1
    taken.add(title.lower())
    return title
