"""What goes where in the methodology workbook: one table per sheet, one entry per column.

Everything the reader and the writer know about the workbook's layout is here, so that a
new model field is one new :class:`Column` (or :class:`Entry`) in the table of its sheet:
its Indonesian header, the model field it holds, how a cell becomes a value and back
(a :class:`Codec`) and the help text the Petunjuk sheet shows. The writer writes, the
reader reads and the Petunjuk explains exactly these tables;
``tests/questionnaires/test_methodology_workbook.py`` fails for a model field that no table
holds.

Two kinds of sheets:

- a :class:`Form` (``Identitas``, ``Sumber``): one value per row, ``Isian`` | ``Nilai``;
  an entry with ``many`` may repeat (one list element per row);
- a :class:`Table` (``Kategori``, ``Tahapan``…): a header row, then one model object per
  row. A table with a :class:`Parent` (``Gerbang``, ``Skala``, ``Butir``) holds objects
  nested in the rows of another table: its first column names the parent's code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel

from questionnaires import answer_types
from questionnaires.aliases import normalise, parse_yes_no
from questionnaires.model import (
    Band,
    Category,
    ChecklistItem,
    EvidencePolicy,
    Gate,
    GateBasis,
    Indicator,
    Methodology,
    MissingStagePolicy,
    Question,
    ScaleLevel,
    Signals,
    Stage,
    StageKind,
    Threshold,
    TieBreaker,
)
from questionnaires.text import clean
from reports.formatting import NumberTextError, parse_decimal

# -- codecs: a cell and the model value it holds --------------------------------------------

EXCEL_DIGITS = 15  # significant digits a number cell keeps exactly (Excel, openpyxl)


class BadCell(ValueError):
    """A cell that cannot be read as its column's value: `detail` says why, `expected`
    what would be accepted (both in Indonesian, for M155)."""

    def __init__(self, detail: str, expected: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.expected = expected


def is_blank(raw: object) -> bool:
    """An empty cell, or one holding only spaces."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


class Codec:
    """How one column's cells are read and written. `format` is what the Petunjuk sheet
    says a cell holds; `text` whether the writer formats the cell as text (``@``) so that
    Excel keeps what is typed (``1.10`` stays a code, not the number 1.1)."""

    format: str = ""
    text: bool = False
    # What an unreadable cell counts as while the rules across sheets are checked (None:
    # the rules wait until it is fixed); see reader.refuse.
    placeholder: Any = None

    def read(self, raw: object) -> Any:
        """The value of a non-blank cell; raises :class:`BadCell`."""
        raise NotImplementedError

    def write(self, value: Any) -> object:
        """What the writer puts in the cell for the model's `value` (None: left blank)."""
        raise NotImplementedError

    def options(self) -> tuple[str, ...]:
        """The labels of a dropdown (empty: typed freely)."""
        return ()


class Text(Codec):
    """Free text, kept as typed (line breaks included); a number cell as its digits."""

    format = "teks"
    text = True

    def read(self, raw: object) -> str:
        return raw if isinstance(raw, str) else clean(raw)

    def write(self, value: Any) -> object:
        return value if value not in ("", None) else None


class Code(Codec):
    """A code (``opd``, ``2.1.3``): cleaned of stray spaces and invisible characters."""

    format = "kode tanpa spasi (huruf, angka, titik, garis bawah, tanda hubung)"
    text = True

    def read(self, raw: object) -> str:
        return clean(raw)

    def write(self, value: Any) -> object:
        return value if value not in ("", None) else None


class Integer(Codec):
    format = "bilangan bulat"
    placeholder = 0

    def read(self, raw: object) -> int:
        if isinstance(raw, bool):
            raise BadCell("bukan bilangan bulat", "bilangan bulat, misalnya 2")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = clean(raw)
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        raise BadCell("bukan bilangan bulat", "bilangan bulat, misalnya 2")

    def write(self, value: Any) -> object:
        return value


def number_from_cell(value: float | int) -> Decimal:
    """A number cell as the Decimal a person typed: ``40.0`` → ``40``, ``0.1`` → ``0.1``
    (the shortest text that reads back as the same float)."""
    if isinstance(value, int):
        return Decimal(value)
    if value.is_integer():
        return Decimal(int(value))
    return Decimal(repr(value))


_EXPONENT = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")


class Number(Codec):
    """A decimal number: a number cell, or text typed the Indonesian way (``12,5``; read by
    :func:`reports.formatting.parse_decimal`, so ``12.5`` is 12,5 too but ``1.000`` is a
    thousand).

    Written as a number cell when that reads back as exactly the same Decimal (same digits
    and exponent: ``40``, ``0.25``), else as text with a decimal comma (``40,0``,
    ``33,33333333333333333``), so every value round-trips exactly."""

    format = "angka; desimal dengan koma, mis. 12,5"
    placeholder = Decimal(0)
    _EXPECTED = "angka dengan koma desimal, misalnya 12,5"

    def read(self, raw: object) -> Decimal:
        if isinstance(raw, bool):
            raise BadCell("bukan angka", self._EXPECTED)
        if isinstance(raw, int | float):
            if not math.isfinite(raw):
                raise BadCell("bukan angka", self._EXPECTED)
            return number_from_cell(raw)
        text = clean(raw)
        try:
            return parse_decimal(text)
        except NumberTextError:
            pass
        if _EXPONENT.fullmatch(text):  # how the writer keeps 1E+1 exact
            return Decimal(text)
        try:
            parse_decimal(text.removesuffix("%").strip())
        except NumberTextError:
            raise BadCell("bukan angka", self._EXPECTED) from None
        raise BadCell("tulis angka tanpa tanda %", "angka tanpa %, misalnya 40")

    def write(self, value: Any) -> object:
        if value is None:
            return None
        number = Decimal(value)
        if number.is_finite() and len(number.as_tuple().digits) <= EXCEL_DIGITS:
            cell: int | float = int(number) if number == number.to_integral_value() \
                and number.as_tuple().exponent == 0 else float(number)
            if str(number_from_cell(cell)) == str(number):
                return cell
        text = f"{number:f}".replace(".", ",")
        try:
            same = str(parse_decimal(text)) == str(number)
        except NumberTextError:
            same = False
        return text if same else str(number)  # 1E+1 stays 1E+1 (read below)


class YesNo(Codec):
    format = "Ya atau Tidak"

    def read(self, raw: object) -> bool:
        value = parse_yes_no(raw)
        if value is None:
            raise BadCell("bukan Ya atau Tidak", "Ya atau Tidak")
        return value

    def write(self, value: Any) -> object:
        return "Ya" if value else "Tidak"

    def options(self) -> tuple[str, ...]:
        return ("Ya", "Tidak")


class Choice(Codec):
    """One of a list, shown by its Indonesian label; the model's own value (``panel``) is
    accepted too. `choices` gives (value, label) pairs, asked each time (answer types are
    registered at import, so a new type is offered without a change here)."""

    def __init__(self, choices: Callable[[], tuple[tuple[str, str], ...]], *,
                 placeholder: str | None = None) -> None:
        self._choices = choices
        self.placeholder = placeholder

    @property
    def format(self) -> str:  # type: ignore[override]
        return "pilih dari daftar: " + "; ".join(self.options())

    def read(self, raw: object) -> str:
        key = normalise(raw)
        for value, label in self._choices():
            if key in (normalise(label), normalise(value)):
                return value
        raise BadCell("tidak ada dalam daftar", "salah satu dari: " + "; ".join(self.options()))

    def write(self, value: Any) -> object:
        if value is None:
            return None
        name = value.value if isinstance(value, StrEnum) else str(value)
        return dict(self._choices()).get(name, name)

    def options(self) -> tuple[str, ...]:
        return tuple(label for _, label in self._choices())


def enum_choices(enum: type[StrEnum], labels: dict[str, str]) -> Choice:
    """A :class:`Choice` of every member of `enum`, labelled by `labels` (by value; a
    member without a label is shown by its value)."""
    return Choice(lambda: tuple((m.value, labels.get(m.value, m.value)) for m in enum))


class CodeList(Codec):
    """Several codes in one cell, separated by commas (``opd, pemkab``)."""

    format = "kode dipisah koma, mis. opd, pemkab"
    text = True

    def read(self, raw: object) -> tuple[str, ...]:
        return tuple(part for part in (clean(p) for p in re.split(r"[,;]", clean(raw))) if part)

    def write(self, value: Any) -> object:
        return ", ".join(value) if value else None


class Phrases(Codec):
    """Several phrases in one cell, separated by semicolons (``Daftar Informasi Publik;
    DIP``): a phrase may hold spaces and commas."""

    format = "frasa dipisah titik koma, mis. Daftar Informasi Publik; DIP"
    text = True

    def read(self, raw: object) -> tuple[str, ...]:
        return tuple(part for part in (clean(p) for p in clean(raw).split(";")) if part)

    def write(self, value: Any) -> object:
        return "; ".join(value) if value else None


class CategoryWeights(Codec):
    """Weights per category in one cell, ``kategori: bobot`` pairs separated by semicolons
    (``desa: 30; bumd: 12,5``); each weight is read and written like a :class:`Number`."""

    format = "kode kategori: bobot, dipisah titik koma, mis. desa: 30; bumd: 12,5"
    text = True
    _EXPECTED = "pasangan kode kategori dan bobot, mis. desa: 30; bumd: 12,5"

    def __init__(self) -> None:
        self.placeholder = {}  # an unreadable cell: no weights of its own (never changed)

    def read(self, raw: object) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for part in filter(None, (p.strip() for p in clean(raw).split(";"))):
            code, sep, number = part.replace("=", ":").partition(":")
            code = clean(code)
            if not sep or not code or not number.strip():
                raise BadCell(f"'{part}' bukan pasangan kategori: bobot", self._EXPECTED)
            if code in out:
                raise BadCell(f"kategori '{code}' disebut dua kali", self._EXPECTED)
            try:
                out[code] = Number().read(number.strip())
            except BadCell as exc:
                raise BadCell(f"bobot '{number.strip()}' untuk {code}: {exc.detail}",
                              self._EXPECTED) from None
        return out

    def write(self, value: Any) -> object:
        if not value:
            return None
        parts = []
        for code, weight in value.items():
            cell = Number().write(weight)
            text = cell if isinstance(cell, str) else str(cell).replace(".", ",")
            parts.append(f"{code}: {text}")
        return "; ".join(parts)


class Comparison(Choice):
    """A gate's comparison from its dropdown label, or typed as ``≥``, ``>=`` or ``>``."""

    _SYMBOLS: ClassVar[dict[str, str]] = {"≥": "at_least", ">=": "at_least", ">": "above"}

    def __init__(self) -> None:
        super().__init__(lambda: (("at_least", "≥ (paling sedikit)"),
                                  ("above", "> (lebih dari)")))

    def read(self, raw: object) -> str:
        symbol = self._SYMBOLS.get(clean(raw).replace(" ", ""))
        return symbol if symbol is not None else super().read(raw)


GATE_COMPARISON = Comparison()
GATE_BASIS = enum_choices(GateBasis, {"published": "Nilai diumumkan (dibulatkan)",
                                      "exact": "Nilai tepat (tanpa pembulatan)"})


class Colour(Codec):
    format = "warna #RRGGBB, mis. #1E8449"
    text = True

    def read(self, raw: object) -> str:
        text = clean(raw)
        return text if text.startswith("#") else f"#{text}"

    def write(self, value: Any) -> object:
        return value


# An unreadable answer type counts as Ya/Tidak while the rules across sheets are checked:
# what that changes is about the type's own cell (M110), which is left out.
ANSWER_TYPE = Choice(lambda: tuple((str(s.name), s.label) for s in answer_types.all()),
                     placeholder="yes_no")
STAGE_KIND = enum_choices(StageKind, {"questionnaire": "Kuesioner (SAQ)",
                                      "panel": "Panel (juri)",
                                      "monitoring": "Pemantauan situs"})
MISSING = enum_choices(MissingStagePolicy, {"zero": "Dihitung 0",
                                            "renormalise": "Bobot dibagi ke tahapan lain"})
EVIDENCE = enum_choices(EvidencePolicy, {"required": "Wajib",
                                         "flag": "Ditandai bila tidak ada",
                                         "none": "Tidak diminta"})
TIE_BREAKER = enum_choices(TieBreaker, {"saq_verified": "SAQ terverifikasi",
                                        "saq_raw": "SAQ mandiri",
                                        "panel": "Nilai panel"})
ROUNDING_MODE = Choice(lambda: (("half_up", "Setengah ke atas"),))

# -- sheets --------------------------------------------------------------------------------

PARENT = "@parent"  # the field of a child table's first column: the parent's code


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Table`: header, the model field (dotted for a nested one),
    codec, help for the Petunjuk sheet and the cell's width. `refers_to`: the sheet whose
    codes the column names (its dropdown lists them)."""

    header: str
    field: str
    codec: Codec
    help: str
    width: int = 16
    refers_to: str = ""


@dataclass(frozen=True)
class Parent:
    """Where a child table's rows go: into field `field` of the row of table `table` whose
    code the first column names; `many`: a list of them, else at most one."""

    table: str  # the parent table's sheet
    field: str
    many: bool = True


@dataclass(frozen=True)
class Table:
    """A sheet of one model object per row (after a header row).

    `field`: the Methodology field the rows form (a child table: see `parent`); `model`
    the rows' class; `key` the field naming a row (its code); `whole` the field whose
    column a problem about the whole table points at (e.g. the band bounds); `row_rule`
    the field whose cell a problem about a whole row points at (a rule across fields).
    """

    sheet: str
    field: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    purpose: str
    key: str = "code"
    whole: str = ""
    row_rule: str = ""
    parent: Parent | None = None
    required: bool = True  # a workbook without this sheet is refused (M150)

    def column(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)


@dataclass(frozen=True)
class Entry:
    """One row of a :class:`Form`: label, the Methodology field (dotted), codec, help;
    `many`: the row may repeat, one list element each."""

    label: str
    field: str
    codec: Codec
    help: str
    many: bool = False


@dataclass(frozen=True)
class Form:
    """A sheet of labelled values: ``Isian`` | ``Nilai``, one entry per row."""

    sheet: str
    entries: tuple[Entry, ...]
    purpose: str
    required: bool = True

    def entry(self, label: str) -> Entry | None:
        key = normalise(label)
        return next((e for e in self.entries
                     if key in (normalise(e.label), normalise(e.field))), None)


FORM_LABEL, FORM_VALUE = "Isian", "Nilai"

IDENTITY = Form("Identitas", (
    Entry("Kode metodologi", "id", Code(),
          "Kode unik metodologi, mis. ki-jateng-2025. Disimpan di setiap templat kuesioner; "
          "ganti bila isi metodologi diubah menjadi metodologi lain."),
    Entry("Versi", "version", Text(),
          "Versi metodologi, mis. 2025.1. Naikkan setiap kali isi diubah; templat kuesioner "
          "versi lama dikenali sebagai usang."),
    Entry("Judul", "title", Text(), "Judul metodologi seperti ditampilkan di aplikasi."),
    Entry("Komisi Informasi", "ki", Text(), "KI pemilik metodologi, mis. Komisi Informasi "
          "Provinsi Jawa Tengah."),
    Entry("Tahun", "year", Integer(), "Tahun monev (2008–2100)."),
    Entry("Desimal pembulatan", "rounding.decimals", Integer(),
          "Banyak desimal nilai yang diumumkan (0–4; biasanya 2)."),
    Entry("Cara pembulatan", "rounding.mode", ROUNDING_MODE,
          "Cara membulatkan nilai yang diumumkan (setengah ke atas)."),
    Entry("Penentu peringkat seri", "tie_breakers", TIE_BREAKER,
          "Penentu urutan bila nilai akhir sama, satu per baris, berurutan; baris ini boleh "
          "diulang atau dikosongkan.", many=True),
    Entry("Batas ukuran data dukung (byte)", "evidence_max_bytes", Integer(),
          "Ukuran terbesar satu berkas data dukung (PDF atau gambar) per pertanyaan, dalam "
          "byte: 2000000 = 2 MB."),
), "Identitas metodologi: kode, versi, judul, KI, tahun, pembulatan, penentu peringkat "
   "seri dan batas ukuran data dukung.")

PROVENANCE = Form("Sumber", (
    Entry("Dasar hukum", "legal_basis", Text(),
          "Peraturan yang mendasari metodologi, satu per baris (boleh diulang).", many=True),
    Entry("Sumber", "provenance.sources", Text(),
          "Dari mana bobot, gerbang dan pertanyaan diambil, satu per baris (boleh diulang).",
          many=True),
    Entry("Tingkat keyakinan", "provenance.confidence", Text(),
          "Seberapa yakin isi metodologi sesuai instrumen resmi, dan bagian mana yang belum."),
    Entry("Asumsi", "provenance.assumptions", Text(),
          "Pilihan yang tidak bersumber, satu per baris (boleh diulang).", many=True),
    Entry("Catatan", "provenance.notes", Text(), "Catatan lain tentang metodologi."),
), "Asal-usul metodologi: dasar hukum, sumber, tingkat keyakinan, asumsi dan catatan.",
    required=True)

_CODE_HELP = ("Kode unik: huruf, angka, titik, garis bawah atau tanda hubung, tanpa spasi.")

CATEGORIES = Table("Kategori", "categories", Category, (
    Column("Kode", "code", Code(), _CODE_HELP + " Dipakai di kolom Kategori lembar "
           "Pertanyaan, mis. opd.", 14),
    Column("Nama", "name", Text(), "Nama kategori badan publik.", 40),
    Column("Deskripsi", "description", Text(), "Siapa saja yang termasuk kategori ini.", 60),
), "Kategori badan publik: menentukan pertanyaan yang berlaku dan kelompok peringkat.")

STAGES = Table("Tahapan", "stages", Stage, (
    Column("Kode", "code", Code(), _CODE_HELP, 14),
    Column("Nama", "name", Text(), "Nama tahapan, mis. Presentasi.", 36),
    Column("Jenis", "kind", STAGE_KIND,
           "Kuesioner (SAQ): nilai dari jawaban pertanyaan; Panel (juri): juri menilai "
           "setiap aspek 0–100; Pemantauan situs: nilai dari temuan pemantauan situs "
           "terakhir yang selesai (setiap pertanyaan bersinyal yang ditemukan mendapat "
           "poinnya).", 18),
    Column("Bobot (%)", "weight", Number(),
           "Bobot tahapan dalam nilai akhir, dalam persen; jumlah semua tahapan 100.", 11),
    Column("Bila tanpa data", "missing", MISSING,
           "Bila badan publik tidak punya nilai tahapan ini: dihitung 0, atau bobotnya "
           "dibagi ke tahapan lain yang diikuti.", 24),
    Column("Deskripsi", "description", Text(), "Penjelasan tahapan.", 60),
    Column("Pertanyaan dipantau", "questions", CodeList(),
           "Hanya untuk jenis Pemantauan situs: kode pertanyaan bersinyal yang dinilai, "
           "dipisah koma; kosong berarti semua pertanyaan yang punya baris di lembar "
           "Sinyal.", 22, refers_to="Pertanyaan"),
), "Tahapan penilaian berurutan, dengan bobot dan jenisnya. Syarat masuk tahapan ada di "
   "lembar Gerbang.", whole="kind")

GATES = Table("Gerbang", "gates", Gate, (
    Column("Tahapan", PARENT, Code(),
           "Kode tahapan yang dijaga: hanya badan publik yang lolos gerbang mengikutinya.",
           14, refers_to="Tahapan"),
    Column("Tahapan acuan", "stage", Code(),
           "Kode tahapan sebelumnya yang nilainya menentukan lolos, mis. saq.", 14,
           refers_to="Tahapan"),
    Column("Nilai minimum", "min_score", Number(),
           "Nilai tahapan acuan yang harus dicapai (0–100). Kosongkan untuk gerbang "
           "peringkat.", 14),
    Column("Pembanding", "comparison", GATE_COMPARISON,
           "≥: nilai yang sama dengan nilai minimum lolos; >: harus lebih dari nilai minimum "
           "(60,00 tidak lolos '> 60'). Kosong: ≥.", 18),
    Column("Dasar nilai", "basis", GATE_BASIS,
           "Nilai diumumkan: nilai tahapan acuan setelah dibulatkan (SAQ 59,9966 diumumkan "
           "60,00 dan lolos ≥ 60); Nilai tepat: tanpa pembulatan (59,9966 tidak lolos). "
           "Kosong: nilai diumumkan.", 26),
    Column("Peringkat teratas", "top", Integer(),
           "Gerbang peringkat: jumlah badan publik teratas setiap kategori di tahapan acuan "
           "yang lolos, mis. 3 (nilai sama di batas lolos semua). Kosongkan bila memakai "
           "nilai minimum.", 14),
    Column("Nilai bila tidak lolos", "below_gate_score", Number(),
           "Nilai tahapan yang dijaga bagi badan publik yang tidak lolos (0–100; biasanya 0).",
           14),
), "Gerbang (syarat masuk) tahapan: badan publik baru mengikuti tahapan bila nilainya di "
   "tahapan acuan mencapai nilai minimum, atau bila termasuk peringkat teratas kategorinya. "
   "Satu tahapan boleh punya beberapa baris: semuanya harus dipenuhi, dan baris pertama yang "
   "tidak dipenuhi menentukan nilainya. Tahapan tanpa baris di sini diikuti semua badan "
   "publik.", key=PARENT, parent=Parent("Tahapan", "gates"))

INDICATORS = Table("Indikator", "indicators", Indicator, (
    Column("Kode", "code", Code(), _CODE_HELP, 22),
    Column("Nama", "name", Text(), "Nama indikator atau aspek panel.", 36),
    Column("Tahapan", "stage", Code(),
           "Kode tahapan indikator ini. Indikator tahapan berjenis Panel adalah aspek panel "
           "yang dinilai juri 0–100 (tanpa pertanyaan).", 14, refers_to="Tahapan"),
    Column("Bobot (%)", "weight", Number(),
           "Bobot dalam tahapannya, dalam persen; jumlah indikator satu tahapan 100.", 11),
    Column("Bobot per kategori", "weights", CategoryWeights(),
           "Bobot lain untuk kategori tertentu, mis. desa: 30; bumd: 25 (kategori yang tidak "
           "disebut memakai Bobot (%)); bobot satu kategori di satu tahapan juga berjumlah "
           "100. Biasanya kosong.", 22),
    Column("Deskripsi", "description", Text(), "Penjelasan indikator atau aspek.", 60),
), "Indikator setiap tahapan dan aspek panel: baris yang tahapannya berjenis Panel adalah "
   "aspek yang dinilai juri; baris tahapan Kuesioner adalah indikator SAQ yang diisi "
   "pertanyaan.", whole="weight")

QUESTIONS = Table("Pertanyaan", "questions", Question, (
    Column("Kode", "code", Code(), _CODE_HELP + " Biasanya berjenjang, mis. 2.1.3.", 10),
    Column("Indikator", "indicator", Code(), "Kode indikator (tahapan Kuesioner) pertanyaan "
           "ini.", 22, refers_to="Indikator"),
    Column("Pertanyaan", "text", Text(), "Teks pertanyaan seperti dibaca badan publik.", 60),
    Column("Definisi operasional", "guidance", Text(),
           "Apa yang dihitung sebagai jawaban Ya dan sebagai data dukung.", 50),
    Column("Jenis jawaban", "type", ANSWER_TYPE,
           "Cara menjawab: Ya/Tidak; Skala (tingkatnya di lembar Skala); Kelengkapan (butirnya "
           "di lembar Butir); Angka (jumlah atau persentase; ambang poinnya di lembar Ambang); "
           "Uraian (teks; poin ditetapkan verifikator).", 20),
    Column("Poin", "points", Number(), "Poin maksimal pertanyaan (lebih dari 0).", 8),
    Column("Data dukung", "evidence", EVIDENCE,
           "Wajib: jawaban tanpa data dukung bernilai 0; Ditandai: tetap bernilai tetapi "
           "ditandai untuk verifikator; Tidak diminta.", 22),
    Column("Kategori", "categories", CodeList(),
           "Kode kategori yang menjawab pertanyaan ini, dipisah koma; kosong berarti semua "
           "kategori.", 22, refers_to="Kategori"),
    Column("Nihil boleh", "allow_na", YesNo(),
           "Ya bila jawaban 'Tidak ada kejadian (nihil)' sah (pertanyaan tidak dihitung); "
           "hanya untuk jenis yang mengizinkannya.", 12),
    Column("Dasar hukum", "legal_basis", Text(), "Pasal yang mewajibkan, bila ada.", 30),
    Column("Satuan", "unit", Text(),
           "Jenis Angka: satuan yang ditampilkan di belakang angka, mis. % atau hari "
           "(kosongkan untuk jenis lain).", 10),
    Column("Angka minimum", "min_value", Number(),
           "Jenis Angka: jawaban terkecil yang sah (termasuk), mis. 0; kosong: tanpa batas.",
           11),
    Column("Angka maksimum", "max_value", Number(),
           "Jenis Angka: jawaban terbesar yang sah (termasuk), mis. 100; kosong: tanpa batas.",
           11),
    Column("Desimal", "decimals", Integer(),
           "Jenis Angka: banyak angka di belakang koma yang boleh diisi (0 untuk jumlah); "
           "jenis Uraian: desimal poin yang diketik verifikator. Kosong: 2.", 9),
), "Pertanyaan SAQ, satu per baris, dengan indikator, jenis jawaban, poin dan aturan data "
   "dukung.", row_rule="allow_na")

SCALE = Table("Skala", "scale", ScaleLevel, (
    Column("Pertanyaan", PARENT, Code(), "Kode pertanyaan berjenis Skala.", 12,
           refers_to="Pertanyaan"),
    Column("Nilai", "value", Integer(), "Angka tingkat yang dipilih badan publik (0, 1, 2…).",
           8),
    Column("Label", "label", Text(), "Arti tingkat ini, mis. Lengkap dan mutakhir.", 50),
    Column("Fraksi poin", "fraction", Number(),
           "Bagian poin pertanyaan yang didapat (0–1; tingkat tertinggi 1).", 12),
), "Tingkat jawaban pertanyaan berjenis Skala: satu baris per tingkat, paling sedikit dua.",
    key=PARENT, parent=Parent("Pertanyaan", "scale"))

ITEMS = Table("Butir", "items", ChecklistItem, (
    Column("Pertanyaan", PARENT, Code(), "Kode pertanyaan berjenis Kelengkapan.", 12,
           refers_to="Pertanyaan"),
    Column("Kode butir", "code", Code(), "Kode butir: 1–3 huruf kecil atau angka, mis. a.", 10),
    Column("Label", "label", Text(), "Dokumen atau informasi yang diperiksa.", 50),
    Column("Bobot", "weight", Number(),
           "Bobot relatif butir dalam pertanyaan (lebih dari 0; biasanya 1).", 10),
), "Butir pertanyaan berjenis Kelengkapan: setiap butir yang ada mendapat bagiannya dari poin "
   "pertanyaan; paling sedikit dua butir.", key=PARENT, parent=Parent("Pertanyaan", "items"))

THRESHOLDS = Table("Ambang", "thresholds", Threshold, (
    Column("Pertanyaan", PARENT, Code(), "Kode pertanyaan berjenis Angka.", 12,
           refers_to="Pertanyaan"),
    Column("Mulai dari", "lower", Number(),
           "Angka batas ambang, mis. 90 (untuk ≥ 90 %).", 11),
    Column("Termasuk batas", "inclusive", YesNo(),
           "Ya: angka yang sama dengan batas mencapai ambang (≥); Tidak: harus lebih dari "
           "batas (>). Kosong: Ya.", 12),
    Column("Fraksi poin", "fraction", Number(),
           "Bagian poin pertanyaan bila ambang tercapai (0–1; tertinggi 1). Angka mendapat "
           "fraksi ambang tertinggi yang dicapainya; tidak mencapai satu pun: 0.", 12),
), "Ambang pertanyaan berjenis Angka: satu baris per ambang, mis. ≥ 90 → 1 dan ≥ 75 → 0,5 "
   "(di bawah 75 mendapat 0). Bila makin kecil makin baik (hari), mulai dari 0: ≥ 0 → 1, "
   "> 10 → 0,5, > 17 → 0.", key=PARENT, parent=Parent("Pertanyaan", "thresholds"),
    required=False)

SIGNALS = Table("Sinyal", "signals", Signals, (
    Column("Pertanyaan", PARENT, Code(), "Kode pertanyaan yang dibuktikan di situs badan "
           "publik.", 12, refers_to="Pertanyaan"),
    Column("Teks tautan atau menu", "link_texts", Phrases(),
           "Teks menu atau tautan yang dicari, dipisah titik koma, mis. Daftar Informasi "
           "Publik; DIP (huruf besar-kecil diabaikan).", 40),
    Column("Kata di judul halaman", "title_words", Phrases(),
           "Kata di judul halaman yang dicari, dipisah titik koma, mis. Informasi Berkala.",
           30),
    Column("Pola alamat", "url_patterns", Phrases(),
           "Pola alamat halaman atau dokumen, dipisah titik koma; * berarti huruf apa saja, "
           "mis. */informasi-berkala*.", 30),
    Column("Jenis dokumen", "document_types", CodeList(),
           "Jenis dokumen yang membuktikan, dipisah koma: pdf, html, office, image "
           "(kosong: apa saja).", 16),
), "Sinyal pemantauan situs: apa di situs badan publik yang membuktikan pertanyaan (teks "
   "menu atau tautan, kata di judul halaman, pola alamat, jenis dokumen); satu baris per "
   "pertanyaan yang diperiksa di situs. Pertanyaan tanpa baris di sini tidak dicari.",
    key=PARENT, parent=Parent("Pertanyaan", "signals", many=False), required=False)

BANDS = Table("Predikat", "bands", Band, (
    Column("Predikat", "label", Text(), "Nama predikat, mis. Informatif.", 24),
    Column("Batas bawah", "lower", Number(),
           "Nilai terendah predikat (termasuk); satu predikat harus mulai dari 0.", 12),
    Column("Batas atas", "upper", Number(),
           "Nilai tertinggi seperti diumumkan, mis. 89,99 (boleh kosong).", 12),
    Column("Warna", "colour", Colour(), "Warna predikat di laporan, #RRGGBB.", 12),
), "Predikat dan rentang nilainya, dengan warna di laporan.", key="label", whole="lower")

# In workbook order (the Petunjuk sheet comes first, written by the writer).
FORMS: tuple[Form, ...] = (IDENTITY, PROVENANCE)
TABLES: tuple[Table, ...] = (CATEGORIES, STAGES, GATES, INDICATORS, QUESTIONS, SCALE, ITEMS,
                             THRESHOLDS, SIGNALS, BANDS)
SHEETS: tuple[Form | Table, ...] = (IDENTITY, PROVENANCE, CATEGORIES, STAGES, GATES,
                                    INDICATORS, QUESTIONS, SCALE, ITEMS, THRESHOLDS, SIGNALS,
                                    BANDS)
GUIDE_SHEET = "Petunjuk"
LISTS_SHEET = "_daftar"  # hidden: the lists behind the dropdowns
IGNORED_SHEETS = (GUIDE_SHEET, LISTS_SHEET)

TABLE_BY_SHEET = {t.sheet: t for t in TABLES}
TOP_TABLES = {t.field: t for t in TABLES if t.parent is None}  # "questions" → QUESTIONS


def required(model: type[BaseModel], dotted: str) -> bool:
    """Whether the (possibly nested, dotted) field of `model` has no default: a row, column
    or form entry without it is refused."""
    owner: Any = model
    for part in dotted.split("."):
        info = owner.model_fields.get(part)
        if info is None or not info.is_required():
            return False
        owner = info.annotation
    return True


def children(table: Table) -> tuple[Table, ...]:
    """The child tables whose rows nest in `table`'s rows."""
    return tuple(t for t in TABLES if t.parent is not None and t.parent.table == table.sheet)


def covered_fields() -> set[tuple[str, str]]:
    """(model class name, field name) of every field some sheet holds; nested objects (the
    rows of a child table, ``rounding``, ``provenance``) count by their own fields."""
    out: set[tuple[str, str]] = set()
    for form in FORMS:
        for entry in form.entries:
            owner: type[BaseModel] = Methodology
            for part in entry.field.split("."):
                out.add((owner.__name__, part))
                annotation = owner.model_fields[part].annotation
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    owner = annotation
    for table in TABLES:
        if table.parent is None:
            out.add(("Methodology", table.field))
        else:
            parent = TABLE_BY_SHEET[table.parent.table]
            out.add((parent.model.__name__, table.parent.field))
        for column in table.columns:
            if column.field != PARENT:
                out.add((table.model.__name__, column.field.split(".")[0]))
    return out
