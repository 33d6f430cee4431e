"""What website monitoring found for one item, as one outcome, and the words for it.

Every item of a visit ends in exactly one *status*, so counts add up to the items:

=================  =============================================================  ==========
status             when                                                           scored
=================  =============================================================  ==========
:data:`FOUND`      a page or link matched and what it leads to opens               earned
:data:`BROKEN`     a link matched, but what it leads to does not open (HTTP 404,   not earned
                   a time-out, a PDF that does not open…: :data:`BROKEN_VERDICTS`)
:data:`NOT_FOUND`  nothing matched in the pages read                               not earned
:data:`BLOCKED`    nothing matched in the pages robots.txt allowed, while it       not earned
                   forbade part of the site — or the whole site (its first page)
:data:`NOT_VISITED` the site could not be read (unreachable, a redirect loop…)     not earned
:data:`NO_ADDRESS` no website address recorded for the body                        not earned
=================  =============================================================  ==========

The law asks the information to be *available*: a link that does not open is not, and what
robots.txt keeps the monitor from reading the KI cannot see either — neither earns the
item's points, and both say why.

This module is light (no HTTP client, no parser): the scoring inputs
(:func:`monev.outcomes.inputs.site_findings`) read it as the crawler and the runs do.
"""

from __future__ import annotations

import re

# Site outcomes (``monitoring_sites.outcome``).
SITE_OK = "ok"  # at least one page was read
NO_WEBSITE = "no_website"  # no address recorded for the body
UNREACHABLE = "unreachable"  # no page could be read (detail says why)
ROBOTS = "robots"  # robots.txt forbids the first page (or could not be read)

# Item statuses.
FOUND = "found"
BROKEN = "broken"
NOT_FOUND = "not_found"
BLOCKED = "blocked"
NOT_VISITED = "not_visited"
NO_ADDRESS = "no_address"
STATUSES = (FOUND, BROKEN, NOT_FOUND, BLOCKED, NOT_VISITED, NO_ADDRESS)
STATUS_LABELS = {FOUND: "ditemukan", BROKEN: "tautan rusak", NOT_FOUND: "tidak ditemukan",
                 BLOCKED: "dilarang robots.txt", NOT_VISITED: "tidak diperiksa",
                 NO_ADDRESS: "alamat situs belum dicatat"}

# The ``doc_verdict`` of an item not found while robots.txt forbade part of the site (the
# finding's detail names what it forbade).
ROBOTS_HIDDEN = "robots"

# The evidence link verdicts (:data:`evidence.links.VERDICTS`, severity ``bad``) of a link
# that does not open. A PDF over the size limit (``too_large``) is there: not broken.
BROKEN_VERDICTS = frozenset({"broken_pdf", "encrypted_pdf", "sign_in", "not_found",
                             "http_error", "server_error", "unreachable", "timeout",
                             "too_many_redirects", "bad_address"})

# What to do about a body without a website address (the koordinator's to-do, the CLI).
NO_ADDRESS_TODO = ("Alamat situs belum dicatat — isi di Admin › Badan publik (atau "
                   "'python -m monev bodies set-website'); bila belum diketahui, minta "
                   "alamatnya dari PPID badan publik ini.")
# How to let the monitor read loopback and private addresses (README: link checking).
PRIVATE_HINT = ("Bila situs itu memang di jaringan internal, admin server dapat "
                "mengizinkannya dengan variabel lingkungan MONEV_LINK_CHECK_PRIVATE=1 "
                "(lihat README).")


def is_broken(verdict: str | None) -> bool:
    """Whether a linked document with this evidence link verdict does not open."""
    return (verdict or "") in BROKEN_VERDICTS


def item_status(site_outcome: str, matched: bool, doc_verdict: str) -> str:
    """The status of an item from its stored row (`matched`: ``monitoring_findings.found``)
    and its visit's outcome."""
    if site_outcome == NO_WEBSITE:
        return NO_ADDRESS
    if site_outcome == ROBOTS:
        return BLOCKED
    if site_outcome != SITE_OK:
        return NOT_VISITED
    if matched:
        return BROKEN if is_broken(doc_verdict) else FOUND
    return BLOCKED if doc_verdict == ROBOTS_HIDDEN else NOT_FOUND


_HTTP = re.compile(r"HTTP (\d{3})")
_HTTP_WORDS = {"not_found": "berkas tidak ada", "server_error": "server galat",
               "sign_in": "perlu izin akses", "http_error": "ditolak server"}
_LABELS = {"broken_pdf": "PDF rusak", "encrypted_pdf": "PDF dilindungi kata sandi",
           "bad_address": "alamat tidak sah"}


def broken_reason(verdict: str, detail: str) -> str:
    """Why a link does not open, short: ``HTTP 404, berkas tidak ada``, ``server tidak
    menjawab dalam 5 detik``, ``PDF rusak``."""
    status = _HTTP.search(detail)
    if verdict in _HTTP_WORDS and status:
        return f"HTTP {status.group(1)}, {_HTTP_WORDS[verdict]}"
    if verdict in _LABELS:
        return _LABELS[verdict]
    why = detail.split(": ", 1)[1] if ": " in detail else detail
    why = re.split(r"; |\. ", why, maxsplit=1)[0].rstrip(".")
    return lower_first(why) or "tidak dapat dibuka"


def broken_sentence(verdict: str, detail: str) -> str:
    """``ditemukan, tetapi tautannya rusak: HTTP 404, berkas tidak ada``."""
    return f"ditemukan, tetapi tautannya rusak: {broken_reason(verdict, detail)}"


def robots_note(prefixes: list[str], links: int) -> str:
    """``robots.txt situs melarang /ppid/: 3 tautan tidak dibuka``."""
    shown = ", ".join(prefixes[:3]) + (" …" if len(prefixes) > 3 else "")
    return f"robots.txt situs melarang {shown}: {links} tautan tidak dibuka"


def blocked_detail(pages: str, note: str) -> str:
    """An item not found while robots.txt forbade part of the site: ``Tidak ditemukan di 7
    halaman yang boleh dibaca; robots.txt situs melarang /ppid/: 3 tautan tidak dibuka.``
    (`pages` as shown)."""
    return f"Tidak ditemukan di {pages} halaman yang boleh dibaca; {note}."


def note_of(detail: str) -> str:
    """The robots.txt note of :func:`blocked_detail`'s sentence ("" for another)."""
    head, _, note = detail.partition("; robots.txt ")
    return f"robots.txt {note.rstrip('.')}" if note and head else ""


def short_text(text: str, limit: int = 80) -> str:
    """A question's text cut at a word to at most `limit` characters, ``…`` when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
