"""One normalisation of typed text, used for everything people type into a cell.

Answers, column headers, question codes, category names and badan publik names pass
through :func:`clean` when they are read, and through :func:`questionnaires.aliases.normalise`
(which builds on it) when they are compared, so text that looks identical to a person is
identical to the program: ``Syari’at`` (autocorrect) and ``Syari'at``, ``Ya`` followed by a
zero-width space copied from a web page and ``Ya``, a non-breaking space and a space.

:func:`is_link` is the rule for *data dukung*: only an http(s) address with a host counts
as evidence (uploaded files come later); any other text earns no evidence credit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Typographic quotes and dashes folded to their ASCII forms (after NFKC, which already
# maps full-width forms such as U+FF07 and U+FF0D).
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u0060": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe58": "-", "\ufe63": "-",
})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def _clean(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).translate(_FOLD)
    if not value.isascii() or not value.isprintable():
        # Control (Cc) and format (Cf: zero-width space/joiners, BOM, soft hyphen, bidi
        # marks) characters are invisible: dropped. Whitespace controls become spaces.
        value = "".join(
            " " if ch.isspace() else ch for ch in value
            if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf"))
    return _SPACE.sub(" ", value).strip()


def clean(text: object) -> str:
    """Typed text as the program keeps it: ``'  Ya\\u200b'`` → ``'Ya'``.

    Unicode NFKC; typographic quotes and dashes folded to ASCII; control and zero-width
    characters dropped; runs of whitespace (tabs, line breaks, non-breaking spaces) made
    one space; trimmed. ``None`` → ``''``; other values are turned into text first
    (``2.0`` → ``'2'``).
    """
    if text.__class__ is str:  # the hot path: most cells are text
        return _clean(text)  # type: ignore[arg-type]
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        return str(int(text))
    return _clean(text if isinstance(text, str) else str(text))


# scheme, a host (not empty, no spaces), then optionally a path, query or fragment.
_LINK = re.compile(r"https?://[^\s/?#@]+(?:@[^\s/?#@]+)?(?:[/?#]\S*)?", re.IGNORECASE)


# An address as written in a cell: up to a space, quote or angle bracket. Addresses run
# together by a separator ("https://a,https://b") are cut apart; punctuation closing a
# sentence is not part of one.
_FOUND = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_JOINED = re.compile(r"[,;|](?=https?://)", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>'\"»”’"


def links_in(text: str | None) -> list[str]:
    """The http(s) addresses in an evidence (*data dukung*) cell, in order, each once.

    A cell may hold several, separated by spaces, line breaks, commas or semicolons, and
    with labels: ``"DIP: https://a.go.id/dip.pdf;\nSOP: https://b.go.id/sop.pdf."`` →
    ``["https://a.go.id/dip.pdf", "https://b.go.id/sop.pdf"]``. An address needs a host
    (``https://`` alone is none); ``www.example.go.id`` (no scheme: a person cannot click it
    reliably), ``ada`` or ``lihat lampiran`` hold none.
    """
    found: list[str] = []
    for match in _FOUND.finditer(text or ""):
        for part in _JOINED.split(match.group(0)):
            link = part.rstrip(_TRAILING)
            if link.count("(") > link.count(")") and part[len(link):].startswith(")"):
                link += ")"  # https://id.wikipedia.org/wiki/X_(y)
            if _LINK.fullmatch(link) and link not in found:
                found.append(link)
    return found


def is_link(text: str) -> bool:
    """True when `text` holds at least one http(s) address with a host (see
    :func:`links_in`), i.e. counts as *data dukung*.

    ``https://ppid.example.go.id/dip`` and ``"DIP: https://a.go.id/dip.pdf; SOP:
    https://b.go.id/sop.pdf"`` → True; ``ada``, ``lihat lampiran``, ``https://``,
    ``www.example.go.id`` → False.
    """
    cleaned = clean(text)
    return _LINK.fullmatch(cleaned) is not None or bool(links_in(cleaned))
