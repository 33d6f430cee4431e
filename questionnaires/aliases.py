"""The many ways people type the same thing, mapped to one meaning.

Answers (``Ya``, ``ya``, ``Y``, ``1``, ``✓`` …), column headers (``Kode``, ``No. Kode``,
``Tautan Data Dukung``, ``Link Bukti`` …), identity labels, category and badan publik names
are compared after :func:`normalise`: the one cleaning of typed text
(:func:`questionnaires.text.clean`: NFKC, quotes and dashes folded, invisible characters
dropped), then lower case, no accents, punctuation and spaces collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from questionnaires import layout
from questionnaires.text import clean


def normalise(text: object) -> str:
    """Comparable form of a cell: lower case, no accents, single spaces, no punctuation."""
    return _normalise(clean(text))


@lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    value = unicodedata.normalize("NFKD", text)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = re.sub(r"[\s_:*()\[\]/\\-]+", " ", value.casefold())
    return value.strip(" .")


YES_WORDS = frozenset({
    "ya", "y", "iya", "yes", "ada", "sudah", "benar", "1", "v", "√", "✓", "✔", "☑",
    "true", "ok",
})
NO_WORDS = frozenset({
    "tidak", "t", "tdk", "tidak ada", "belum", "belum ada", "no", "n", "0", "false", "✗", "✘",
    "salah",
})


NIL_WORDS = frozenset(normalise(w) for w in (
    "Tidak ada kejadian (nihil)", "tidak ada kejadian", "nihil", "nil", "N/A", "NA", "n.a.",
    "tidak relevan", "tidak berlaku", "tidak ada kejadian nihil",
))


def is_nil(raw: object) -> bool:
    """True when the text means *Tidak ada kejadian (nihil)* (``nihil``, ``N/A`` …)."""
    return isinstance(raw, str) and normalise(raw) in NIL_WORDS


def parse_yes_no(raw: object) -> bool | None:
    """True for a Ya, False for a Tidak, None when the text is neither."""
    if isinstance(raw, bool):
        return raw
    key = normalise(raw)
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    return None


def _aliases(*names: str) -> frozenset[str]:
    return frozenset(normalise(n) for n in names)


HEADER_ALIASES: dict[str, frozenset[str]] = {
    layout.COL_CODE: _aliases("Kode", "Kode Pertanyaan", "Kode Soal", "No Kode", "ID"),
    layout.COL_ANSWER: _aliases("Jawaban", "Jawab", "Isian", "Jawaban (pilih)", "Nilai Mandiri"),
    layout.COL_EVIDENCE: _aliases(
        "Tautan Data Dukung", "Data Dukung", "Link Data Dukung", "Tautan Bukti", "Link Bukti",
        "Bukti", "Dokumen Pembuktian", "URL Data Dukung", "Link"),
    layout.COL_NOTE: _aliases("Keterangan", "Catatan", "Ket"),
}

ID_NAME_ALIASES = _aliases(
    layout.ID_NAME, "Nama Badan Publik", "Badan Publik", "Nama Instansi", "Instansi",
    "Nama BP", "Nama OPD", "Nama Lembaga")
ID_CATEGORY_ALIASES = _aliases(layout.ID_CATEGORY, "Kategori Badan Publik", "Klaster", "Jenis BP")
IDENTITY_ALIASES: dict[str, frozenset[str]] = {
    layout.ID_NAME: ID_NAME_ALIASES,
    layout.ID_CATEGORY: ID_CATEGORY_ALIASES,
    layout.ID_PPID: _aliases(layout.ID_PPID, "Nama PPID", "PPID", "Nama Pengisi"),
    layout.ID_POSITION: _aliases(layout.ID_POSITION, "Jabatan PPID", "Jabatan Pengisi"),
    layout.ID_CONTACT: _aliases(layout.ID_CONTACT, "Kontak", "Email", "E-mail", "Telepon", "No HP"),
    layout.ID_DATE: _aliases(layout.ID_DATE, "Tanggal", "Tanggal Isi"),
}

# Responses tables (one row per badan publik): extra columns people add that are not
# questions and must not be reported as unknown.
IGNORED_TABLE_COLUMNS = _aliases(
    "Timestamp", "Stempel waktu", "Cap waktu", "Waktu", "No", "Nomor", "Email Address",
    "Alamat email", "Alamat Email", "Skor", "Score", "Total", "Nilai")
EVIDENCE_PREFIXES = ("data dukung", "tautan data dukung", "link data dukung", "bukti", "link")


def identity_field(label: object) -> str | None:
    """The identity field a label in column A of the Identitas sheet stands for."""
    key = normalise(label)
    for field, names in IDENTITY_ALIASES.items():
        if key in names:
            return field
    return None


def header_field(label: object) -> str | None:
    key = normalise(label)
    for field, names in HEADER_ALIASES.items():
        if key in names:
            return field
    return None
