"""Read final scores computed elsewhere (earlier years, another system) for ranking.

A CSV or xlsx table with columns ``badan_publik``, ``kategori`` and ``nilai_akhir``
(``89,95`` or ``89.95``; Indonesian labels such as ``Nama Badan Publik`` and ``Nilai
Akhir`` also work). Every row is checked; any problem rejects the table, with the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from questionnaires import isolation
from questionnaires.aliases import ID_CATEGORY_ALIASES, ID_NAME_ALIASES, normalise
from questionnaires.backends import Rows, cell_ref, cell_text, csv_rows, open_workbook
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
    """The rows of a scores table (CSV, xlsx, xls or ods), parsed in a worker process
    (:mod:`questionnaires.isolation`); raises :class:`ProblemsError` with every problem of
    the file (F2xx when it cannot be read, D3xx for its rows)."""
    kind = classify(source)
    if isinstance(kind, Rejected):
        raise ProblemsError([kind.problem])
    if kind is not Kind.CSV and not kind.is_workbook:
        raise ProblemsError([problem("F201", Location(file=source.name))])
    outcome = isolation.run(_read_scored, source, kind, methodology)
    if isinstance(outcome, isolation.Failure):
        raise ProblemsError([problem(outcome.code, Location(file=source.name),
                                     **outcome.context)])
    rows, problems = outcome
    if problems:
        raise ProblemsError(problems)
    return rows


def _read_scored(source: Source, kind: Kind,
                 methodology: Methodology) -> tuple[list[ScoredRow], list[Problem]]:
    """In a worker: the rows, or the problems (an exception would not tell the user)."""
    try:
        if kind is Kind.CSV:
            return parse_scored(source.name, "", csv_rows(source), methodology,
                                ragged=True), []
        workbook = open_workbook(source)
        sheet = workbook.sheet_names[0]
        return parse_scored(source.name, sheet, workbook.rows(sheet), methodology), []
    except ProblemsError as exc:
        return [], exc.problems


def _width(row: list[object]) -> int:
    """Cells up to the last one that is not blank (trailing blanks do not count)."""
    for n in range(len(row), 0, -1):
        if cell_text(row[n - 1]):
            return n
    return 0


def _row_list(numbers: list[int]) -> str:
    """``[2, 3]`` → ``2 dan 3``; ``[2, 3, 5]`` → ``2, 3 dan 5``."""
    text = [str(n) for n in numbers]
    return text[0] if len(text) == 1 else f"{', '.join(text[:-1])} dan {text[-1]}"


def parse_scored(file: str, sheet: str, rows: Rows, methodology: Methodology, *,
                 ragged: bool = False) -> list[ScoredRow]:
    """Check every row of a scores table and return them, or raise :class:`ProblemsError`
    with every problem found.

    `rows` start with the header row. A row with a value beyond the header's last column is
    refused (D312): in a comma-separated file an unquoted ``89,95`` is two cells. With
    `ragged` (CSV, where each row has its own length) a row with fewer cells than the header
    is refused too. A badan publik listed twice in one category (names compared after
    :func:`~questionnaires.aliases.normalise`) is refused naming every row (D313).
    """
    at = Location(file=file, sheet=sheet)
    if not rows:
        raise ProblemsError([problem("F212", at)])
    keys = [normalise(v) for v in rows[0]]
    columns = {}
    twice: list[Problem] = []
    for field, names in (("badan_publik", NAME_KEYS), ("kategori", CATEGORY_KEYS),
                         ("nilai_akhir", FINAL_KEYS)):
        found = [c for c, k in enumerate(keys) if k in names]
        if found:
            columns[field] = found[0]
        if len(found) > 1:  # which one holds the score is for a person to say
            twice.append(problem("D316", Location(file=file, sheet=sheet,
                                                  cell=cell_ref(0, found[1])), field=field,
                                 columns=", ".join(f"'{cell_text(rows[0][c])}' "
                                                   f"({cell_ref(0, c)})" for c in found)))
    if twice:
        raise ProblemsError(twice)
    missing = [f for f in ("badan_publik", "kategori", "nilai_akhir") if f not in columns]
    if missing:
        raise ProblemsError([problem("D309", at, missing=", ".join(missing))])
    expected = _width(rows[0])
    problems: list[Problem] = []
    out: list[ScoredRow] = []
    seen: dict[tuple[str, str], list[int]] = {}  # (normalised name, category) → row indexes
    first_name: dict[tuple[str, str], str] = {}
    known = ", ".join(f"{c.code} ({c.name})" for c in methodology.categories)
    for r, row in enumerate(rows[1:], start=1):
        width = _width(row)
        if width == 0:
            continue  # a blank line
        if width > expected:  # a value beyond the header's last column
            count = width
            col = next(c for c in range(expected, width) if cell_text(row[c]))
        elif ragged and len(row) < expected:  # a CSV row that stops early
            count = col = len(row)
        else:
            count = col = expected
        if count != expected:
            problems.append(problem("D312", Location(file=file, sheet=sheet,
                                                     cell=cell_ref(r, col)),
                                    row=r + 1, count=count, expected=expected))
            continue  # its cells are shifted: checking them would mislead
        cells = {f: cell_text(row[c]) if c < len(row) else "" for f, c in columns.items()}
        here = {f: Location(file=file, sheet=sheet, cell=cell_ref(r, c))
                for f, c in columns.items()}
        name = " ".join(cells["badan_publik"].split())
        if not name:
            problems.append(problem("D305", here["badan_publik"]))
        category = resolve_category(methodology, cells["kategori"])
        if category is None:
            problems.append(problem("D306", here["kategori"],
                                    value=cells["kategori"] or "(kosong)",
                                    methodology=methodology.id, known=known))
        final = parse_score(cells["nilai_akhir"])
        if final is None:
            problems.append(problem("D311", here["nilai_akhir"], value=cells["nilai_akhir"],
                                    column="nilai_akhir",
                                    detail="harus angka 0–100, mis. 89,95"))
        if not name or category is None:
            continue
        key = (normalise(name), category.code)
        seen.setdefault(key, []).append(r)
        first_name.setdefault(key, name)
        if final is not None and len(seen[key]) == 1:
            out.append(ScoredRow(name, category.code, final))
    for key, indexes in seen.items():
        if len(indexes) > 1:
            cell = cell_ref(indexes[1], columns["badan_publik"])
            problems.append(problem("D313", Location(file=file, sheet=sheet, cell=cell),
                                    value=first_name[key],
                                    rows=_row_list([i + 1 for i in indexes])))
    if problems:
        raise ProblemsError(problems)
    if not out:
        raise ProblemsError([problem("D310", at)])
    return out
