"""Numbers and dates as Indonesians read them: ``89,95``, ``1.234``, ``23 November 2026``,
times in WIB — the app's names for :mod:`reports.formatting`, where they are made (Babel,
locale id_ID), with ``-`` where there is no value. Scores are rounded by ``scoring`` before
they get here. Numbers typed by a person (in a text field, never a browser number field,
which knows no decimal comma) are read by :func:`parse_decimal`: ``85,5`` → 85.5.

And text from outside the app shown safely: :func:`plain` for text put into Markdown,
:func:`link` / :func:`web_address` for evidence links (clickable only when http(s))."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote, urlsplit

from monev.clock import WIB
from reports import formatting
from reports.formatting import NumberTextError, file_size, number, parse_decimal, percent

__all__ = ["LONG_WORD", "Markdown", "NumberTextError", "chart_text", "code", "day",
           "file_size", "link", "number", "parse_decimal", "percent", "plain", "score",
           "signed", "web_address"]


def score(value: Decimal | float | None) -> str:
    """A score with two decimals: ``89,95``; ``-`` when there is none."""
    return formatting.score(value, empty="-")


def signed(value: Decimal | float | None) -> str:
    """A difference with its sign and two decimals: ``+1,25``, ``-21,00``; ``-`` when there
    is none."""
    return formatting.signed(value, empty="-")


def day(value: date | datetime | None) -> str:
    """A date as ``23 November 2026``; a time in WIB as ``23 Nov 2026 17:05 WIB``; ``-``
    when there is none."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return formatting.date_time(value, WIB, formatting.SHORT_TIME)
    return formatting.long_date(value)


# -- text from outside, shown in Markdown ------------------------------------------------------
#
# Streamlit renders Markdown in st.markdown, st.caption, st.info/warning/error/success, labels
# (widgets, tabs, expanders, metrics, buttons), tooltips and the cells of st.table. Text that
# came from outside the app — names, aliases, reasons, appeals, decisions, notes, links, file
# names, titles — goes through :func:`plain` before it is put into such a string; the catalog's
# ``t()`` does so with every value it fills in.
#
# What Streamlit 1.67's renderer does with a source (frontend StreamlitMarkdown, checked in
# Chromium by tests/e2e/test_plain_text_browser.py):
# - CommonMark + GFM (micromark): an ASCII punctuation character may be backslash-escaped,
#   and an escaped character starts nothing. Escaped everywhere: ``\ ` * _ [ ] < | ~ $``
#   (emphasis, code, links and images, HTML and autolinks, tables, strikethrough, math), a
#   ``:`` before a letter (``:red[…]`` directives) and an ``&`` before a letter or ``#``
#   (entities); and a first word of a line that starts a block (``#``, ``>x``, ``-``,
#   ``1.``, ``===``, ``::name``). Other punctuation starts nothing there
#   and stays as it is, so ordinary sentences ("Catatan: 14:03, 2025-11-29.") are unchanged;
# - but some rewrites work on the *text* after parsing, where escapes are already resolved:
#   GFM's autolink literals (``http(s)://…``, ``www.…``, e-mail addresses), the icon
#   ``:material_name:``, the logo ``:streamlit:``, emoji shortcodes ``:smile:`` and the arrows
#   ``->``, ``<-``, ``<->``, ``--``, ``>=``, ``<=``, ``~=`` standing alone. A word that could
#   form one of these is shown as inline code, which none of them touches;
# - and one rewrite works on the source itself, code spans included: ``:material/`` becomes
#   ``:material_``. The escaped slash (``\:material\/``) avoids it; a code span is split there.

class Markdown(str):
    """Text that is already Markdown and is shown as it is: a catalog text from ``t()``, or
    outside text passed through :func:`plain` or :func:`link`. ``t()`` fills in such values
    unchanged and escapes every other value."""

    __slots__ = ()


_ALWAYS = re.compile(r"([\\`*_\[\]<|~$])|(:)(?=[^\W\d])|(&)(?=[A-Za-z#])")
# What starts a block when it is the first word of a line: a quote (``>x``), a directive
# block (``::name``), a heading (``#``…``######``), a list item (``-``, ``+``, ``1.``, ``1)``),
# a setext underline or thematic break (``===``, ``---``).
_LINE_START = re.compile(r"^([>:])|^(#{1,6}|[-+]|[-=]+)$|^(\d{1,9})([.)])$")
# GitHub-flavoured Markdown turns text that looks like a link — ``http(s)://…``, ``www.…``
# (even a bare "www."), an e-mail address — into a live link *after* parsing, whatever was
# escaped: such a word is shown as inline code instead, which is never linked (the
# punctuation around it stays outside: "mis. `https://ppid.example.go.id/dip`.").
_LINKLIKE = re.compile(r"://|www\.|@", re.IGNORECASE)
# Shortcodes rewritten in the text after parsing: emoji (names with a letter, ``+1``,
# ``-1``, ``100``, ``1234``), ``:material_icon:``, ``:streamlit:`` — not times (``14:03:07``).
_NAME = r"(?:[\w+-]*[^\W\d][\w+-]*|[+-]1|100|1234)"
_SHORTCODE = re.compile(f":{_NAME}:")
_OPENS_SHORTCODE = re.compile(f":{_NAME}$")  # closed by a colon right after the word
_CLOSES_SHORTCODE = re.compile(f"^{_NAME}:")  # opened by a colon right before it
_ARROWS = frozenset({"->", "<-", "<->", "--", ">=", "<=", "~="})
_MATERIAL = ":material/"
# Streamlit caps the text of a table cell at 400 px and breaks it only between words: a
# longer word (a file name with underscores, a path in a ZIP) would be cut off. Inline code
# breaks anywhere, so a word longer than this is shown as code too.
LONG_WORD = 40
_OPENING = "([{<'\"‘“«"
_CLOSING = ".,;:!?)]}>'\"’”»"


def _escape(text: str, *, line_start: bool = False) -> str:
    """`text` (no whitespace in it) with what could start a construct escaped; at the start
    of a line (`line_start`) also what starts a block there."""
    escaped = _ALWAYS.sub(lambda m: "\\" + m[0], text)
    if line_start:
        escaped = _LINE_START.sub(
            lambda m: f"\\{m[0]}" if m[1] or m[2] else f"{m[3]}\\{m[4]}", escaped)
    return escaped.replace(":material/", ":material\\/")


def _span(text: str) -> str:
    """`text` as one inline code span (its backticks kept: a longer fence)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _code(word: str) -> str:
    """`word` as inline code; split around each ``:material/`` (which Streamlit rewrites in
    code spans too) with the colon escaped between the spans."""
    first, *rest = word.split(_MATERIAL)
    spans = [_span(first) if first else ""]
    spans += [_span("material/" + part) for part in rest]
    return "\\:".join(spans)


def code(text: object) -> Markdown:
    """`text` as inline code, shown literally (whitespace folded; its backticks kept by a
    longer fence); empty text gives nothing."""
    folded = " ".join(str(text).split())
    return Markdown(_code(folded) if folded else "")


def _shown(word: str, *, code: bool = False, line_start: bool = False) -> str:
    """One word, escaped; as code (its surrounding punctuation escaped) when it could form
    a link, an icon, an emoji or an arrow, or is too long to wrap."""
    if word in _ARROWS:  # an arrow is a whole word between spaces
        return _code(word)
    core = word.lstrip(_OPENING)
    lead = word[:len(word) - len(core)]
    stripped = core.rstrip(_CLOSING)
    trail, core = core[len(stripped):], stripped
    if core and (code or _LINKLIKE.search(word) or _SHORTCODE.search(word)
                 or len(core) > LONG_WORD):
        return _escape(lead, line_start=line_start) + _code(core) + _escape(trail)
    return _escape(word, line_start=line_start)


def _line(words: list[str], *, colon_before: bool = False, colon_after: bool = False) -> str:
    shown = []
    last = len(words) - 1
    for index, word in enumerate(words):
        # A colon of the text around (``{name}: {score}``) could close a shortcode that a
        # word at the edge opens (``x:smile`` + ``:``): such an edge word is code.
        code = ((index == last and colon_after and _OPENS_SHORTCODE.search(word) is not None)
                or (index == 0 and colon_before and _CLOSES_SHORTCODE.search(word) is not None))
        shown.append(_shown(word, code=code, line_start=index == 0))
    return " ".join(shown)


def plain(text: object, *, lines: bool = False, colon_before: bool = False,
          colon_after: bool = False) -> Markdown:
    """`text` as Markdown that shows it literally: every Markdown character escaped, a word
    that could turn into a link, icon, emoji or arrow (or is too long to wrap) as inline code.

    Whitespace is folded into single spaces: the result is one line (for table cells and
    for filling in a sentence). With ``lines=True`` the text's line breaks are kept (as
    Markdown hard breaks; an empty line starts a new paragraph). `colon_before` /
    `colon_after`: the Markdown around it has a colon right before / after it.
    """
    source = str(text)
    if not lines:
        return Markdown(_line(source.split(), colon_before=colon_before,
                              colon_after=colon_after))
    rows = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    last = len(rows) - 1
    return Markdown("  \n".join(
        _line(row.split(), colon_before=colon_before and index == 0,
              colon_after=colon_after and index == last) for index, row in enumerate(rows)))


def web_address(text: object) -> str | None:
    """`text` (trimmed) when it is an address a browser opens as a web page — ``http://``
    or ``https://`` with a host, no spaces, control characters or backslashes; else None
    (``javascript:``, ``data:``, ``file:``, ``www.…`` without a scheme, a plain word)."""
    candidate = str(text or "").strip()
    if not candidate or "\\" in candidate or any(
            c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return candidate


# A destination's characters: percent-encoded unless URL-safe; then every ASCII punctuation
# character backslash-escaped (no entity, no ``:material/`` rewrite, parentheses balanced).
_URL_SAFE = "!#$%&'*+,-./:;=?@[]_~"
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def link(text: object) -> Markdown:
    """An evidence link typed or uploaded by someone: a Markdown link (shown as the address
    itself, opening in a new tab — Streamlit gives Markdown links ``target="_blank"``) when
    it is an http(s) address (:func:`web_address`), otherwise the text shown literally."""
    address = web_address(text)
    if address is None:
        return plain(text)
    destination = _PUNCTUATION.sub(r"\\\1", quote(address, safe=_URL_SAFE))
    return Markdown(f"[{plain(address)}]({destination})")


def chart_text(text: object) -> str:
    """A name from outside in a Plotly chart (legend, hover text): Plotly reads ``<b>``,
    ``<a href>``, ``<br>``… and ``%{…}`` in such texts, so ``&``, ``<``, ``>`` and ``%`` are
    written as entities, which Plotly shows as the characters themselves."""
    return html.escape(str(text), quote=False).replace("%", "&#37;")
