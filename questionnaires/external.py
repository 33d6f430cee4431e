"""Read final scores computed elsewhere (earlier years, another system) for ranking.

A CSV or xlsx table with columns ``badan_publik``, ``kategori`` and ``nilai_akhir``
(``89,95`` or ``89.95``; Indonesian labels such as ``Nama Badan Publik`` and ``Nilai
Akhir`` also work). Every row is checked; any problem rejects the table, with the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from questionnaires.aliases import ID_CATEGORY_ALIASES, ID_NAME_ALIASES, normalise
from questionnaires.backends import Rows, cell_ref, cell_text, csv_rows, open_workbook, sheet_rows
from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.model import Methodology
from questionnaires.sources import Kind, Rejected, Source, classify
from questionnaires.workbook import resolve_category

NAME_KEYS = ID_NAME_ALIASES | {"badan publik"}
CATEGORY_KEYS = ID_CATEGORY_ALIASES
FINAL_KEYS = frozenset({"nilai akhir", "nilai", "skor akhir", "total", "nilai total"})


@dataclass(frozen=True, slots=True)
class ScoredRow:
    badan_publik: str
    category: str
    final: Decimal


def parse_score(text: str) -> Decimal | None:
    """``89,95`` / ``89.95`` / ``90`` → Decimal; None when it is not a score 0–100."""
    value = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d+)?", value) is None:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None
    return number if Decimal(0) <= number <= Decimal(100) else None


def read_scored(source: Source, methodology: Methodology) -> list[ScoredRow]:
    kind = classify(source)
    if isinstance(kind, Rejected):
        raise ProblemsError([kind.problem])
    if kind is Kind.CSV:
        rows, sheet = csv_rows(source), ""
    elif kind in (Kind.XLSX, Kind.XLS):
        workbook = open_workbook(source)
        sheet = workbook.sheet_names[0]
        rows = sheet_rows(source, workbook, sheet)
    else:
        raise ProblemsError([problem("F201", Location(file=source.name))])
    return parse_scored(source.name, sheet, rows, methodology)


def parse_scored(file: str, sheet: str, rows: Rows, methodology: Methodology) -> list[ScoredRow]:
    at = Location(file=file, sheet=sheet)
    if not rows:
        raise ProblemsError([problem("F212", at)])
    keys = [normalise(v) for v in rows[0]]
    columns = {}
    for field, names in (("badan_publik", NAME_KEYS), ("kategori", CATEGORY_KEYS),
                         ("nilai_akhir", FINAL_KEYS)):
        col = next((c for c, k in enumerate(keys) if k in names), None)
        if col is not None:
            columns[field] = col
    missing = [f for f in ("badan_publik", "kategori", "nilai_akhir") if f not in columns]
    if missing:
        raise ProblemsError([problem("D309", at, missing=", ".join(missing))])
    problems: list[Problem] = []
    out: list[ScoredRow] = []
    known = ", ".join(f"{c.code} ({c.name})" for c in methodology.categories)
    for r, row in enumerate(rows[1:], start=1):
        cells = {f: cell_text(row[c]) if c < len(row) else "" for f, c in columns.items()}
        if not any(cells.values()):
            continue
        here = {f: Location(file=file, sheet=sheet, cell=cell_ref(r, c))
                for f, c in columns.items()}
        if not cells["badan_publik"]:
            problems.append(problem("D305", here["badan_publik"]))
            continue
        category = resolve_category(methodology, cells["kategori"])
        if category is None:
            problems.append(problem("D306", here["kategori"], value=cells["kategori"] or "(kosong)",
                                    methodology=methodology.id, known=known))
            continue
        final = parse_score(cells["nilai_akhir"])
        if final is None:
            problems.append(problem("D311", here["nilai_akhir"], value=cells["nilai_akhir"],
                                    column="nilai_akhir",
                                    detail="harus angka 0–100, mis. 89,95"))
            continue
        out.append(ScoredRow(" ".join(cells["badan_publik"].split()), category.code, final))
    if problems:
        raise ProblemsError(problems)
    if not out:
        raise ProblemsError([problem("D310", at)])
    return out
