"""The questionnaire workbook layout shared by the template writer and the reader.

One place names the sheets, the header labels, the identity fields and the hidden
metadata keys, so the writer and the reader cannot drift apart. The reader finds the
header row and the columns by their labels (see :mod:`questionnaires.aliases`), never by
position, so people may insert rows or move columns.
"""

from __future__ import annotations

SHEET_GUIDE = "Petunjuk"
SHEET_IDENTITY = "Identitas"
SHEET_QUESTIONS = "Kuesioner"
SHEET_META = "_meta"  # hidden: methodology id/version, category, fingerprint
SHEET_CHOICES = "_pilihan"  # hidden: lists behind the answer dropdowns

# Kuesioner columns, in template order (A…I). The reader only needs CODE and ANSWER;
# EVIDENCE and NOTE are read when present.
COL_CODE = "Kode"
COL_INDICATOR = "Indikator"
COL_QUESTION = "Pertanyaan"
COL_GUIDANCE = "Definisi Operasional"
COL_ANSWER = "Jawaban"
COL_EVIDENCE = "Tautan Data Dukung"
COL_NOTE = "Keterangan"
COL_CHOICES = "Pilihan Jawaban"
COL_POINTS = "Poin Maksimal"
QUESTION_COLUMNS = (
    COL_CODE, COL_INDICATOR, COL_QUESTION, COL_GUIDANCE, COL_ANSWER, COL_EVIDENCE, COL_NOTE,
    COL_CHOICES, COL_POINTS,
)
HEADER_ROW = 4  # 1-based row of the header in templates (the reader searches for it)

# Identitas: label in column A, value in column B, in this order from row 3.
ID_NAME = "Nama Badan Publik"
ID_CATEGORY = "Kategori"
ID_PPID = "Nama PPID"
ID_POSITION = "Jabatan"
ID_CONTACT = "Kontak (e-mail/telepon)"
ID_DATE = "Tanggal Pengisian"
IDENTITY_FIELDS = (ID_NAME, ID_CATEGORY, ID_PPID, ID_POSITION, ID_CONTACT, ID_DATE)
IDENTITY_FIRST_ROW = 3

# _meta: key in column A, value in column B.
META_GENERATOR = "generator"
META_METHODOLOGY = "methodology_id"
META_VERSION = "methodology_version"
META_CATEGORY = "category"
META_FINGERPRINT = "fingerprint"
META_CREATED = "created_at"
GENERATOR = "monev-kip"

# Checklist items get their own row under the question, coded "<question>.<item>".
ITEM_SEPARATOR = "."

# Shown (locked) in the answer cell of a checklist question: items are answered below.
CHECKLIST_HINT = "(isi per butir di bawah)"

YES = "Ya"
NO = "Tidak"


def item_row_code(question_code: str, item_code: str) -> str:
    return f"{question_code}{ITEM_SEPARATOR}{item_code}"


def scale_choice(value: int, label: str) -> str:
    """The dropdown text of one scale level, e.g. ``2 – Ditetapkan``."""
    return f"{value} – {label}"
