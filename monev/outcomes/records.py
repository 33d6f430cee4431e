"""Result records as the CLI prints them: one per badan publik, as table, CSV or JSON.

The record keys are a contract shared with later exports: ``badan_publik``, ``kategori``,
``indikator`` (code → score), ``saq``, ``nilai_akhir``, ``predikat``, ``peringkat``, and
for records read from a cycle in the database ``tahapan`` (stage code → score of every
stage but the SAQ: a panel, a website-monitoring stage…, as the ranking workbook's stage
columns) and ``status`` (participation: submitted, late, not_submitted, not_registered);
keys missing from the records are left out (records published before ``tahapan`` was
added have none). The
table is for people (decimal comma, Bahasa Indonesia headers); CSV and JSON are for
machines (decimal point) and CSV text cells are escaped so they never run as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from questionnaires.model import Methodology, StageKind
from reports.formatting import score
from reports.safety import csv_text
from scoring.inputs import PARTICIPATION_LABELS, Participation
from scoring.results import Result

RECORD_KEYS = ("badan_publik", "kategori", "indikator", "saq", "tahapan", "nilai_akhir",
               "predikat", "peringkat", "status")
# The columns of `score` (questionnaire files: no stage scores, no participation status).
SCORE_KEYS = ("badan_publik", "kategori", "indikator", "saq", "nilai_akhir", "predikat",
              "peringkat")
FORMATS = ("table", "csv", "json")


def result_record(result: Result, *, with_status: bool = False) -> dict[str, Any]:
    """One badan publik's record (the keys above; `status` = participation when asked)."""
    record: dict[str, Any] = {
        "badan_publik": result.badan_publik,
        "kategori": result.category,
        "indikator": {code: s.verified for code, s in result.indicators.items()},
        "saq": result.saq_verified,
        "nilai_akhir": result.final,
        "predikat": result.predicate.label if result.predicate else None,
        "peringkat": result.rank,
    }
    if with_status:
        record["status"] = result.participation.value
    return record


def stage_columns(methodology: Methodology) -> list[tuple[str, str]]:
    """(code, name) of every stage but the SAQ (the first questionnaire stage), in
    methodology order: the stages whose scores a cycle's records carry (``tahapan``)."""
    saq = next((s for s in methodology.stages if s.kind is StageKind.QUESTIONNAIRE), None)
    return [(s.code, s.name) for s in methodology.stages if s is not saq]


def record_of(result: Result, stages: Iterable[str] | None = None) -> dict[str, Any]:
    """The record of one badan publik read from a cycle (the `score` keys, ``tahapan`` —
    the score of each stage of `stages`, None when it has none — and `status`), as
    published and as `results` prints it. Without `stages`: no ``tahapan``."""
    record = result_record(result, with_status=True)
    if stages is not None:
        scores = {code: stage.score for code, stage in result.stages.items()}
        record["tahapan"] = {code: scores.get(code) for code in stages}
    return record


def format_score(value: Decimal | None) -> str:
    """A score as Indonesians write it: ``89,95``; ``-`` when there is none."""
    return score(value, empty="-")



def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def to_json(records: Sequence[dict[str, Any]]) -> str:
    def convert(record: dict[str, Any]) -> dict[str, Any]:
        out = dict(record)
        for key in ("saq", "nilai_akhir"):
            if key in out:
                out[key] = _number(out[key])
        for key in ("indikator", "tahapan"):
            if key in out:
                out[key] = {k: _number(v) for k, v in out[key].items()}
        return out

    return json.dumps([convert(r) for r in records], ensure_ascii=False, indent=2)


def _keys(records: Sequence[dict[str, Any]], keys: Sequence[str] | None) -> list[str]:
    """The columns: those of the records (in contract order), or `keys` when there are none."""
    if records:
        return [k for k in RECORD_KEYS if k in records[0]]
    return list(SCORE_KEYS if keys is None else keys)


def _stages(records: Sequence[dict[str, Any]],
            stages: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The stage columns: (code, name) given, else the records' stage codes."""
    if stages or not records:
        return list(stages)
    return [(code, code) for code in records[0].get("tahapan", {})]


def to_csv(records: Sequence[dict[str, Any]], indicator_codes: Sequence[str],
           keys: Sequence[str] | None = None, stages: Sequence[tuple[str, str]] = ()) -> str:
    """Records as CSV: ``indikator_<code>`` and ``tahapan_<code>`` columns, decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    keys = _keys(records, keys)
    stage_codes = [code for code, _ in _stages(records, stages)]
    header: list[str] = []
    for key in keys:
        if key == "indikator":
            header += [f"indikator_{code}" for code in indicator_codes]
        elif key == "tahapan":
            header += [f"tahapan_{code}" for code in stage_codes]
        else:
            header.append(key)
    writer.writerow(header)
    for record in records:
        row: list[str] = []
        for key in keys:
            value = record[key]
            if key in ("indikator", "tahapan"):
                row += ["" if value.get(c) is None else f"{value[c]:.2f}"
                        for c in (indicator_codes if key == "indikator" else stage_codes)]
            elif isinstance(value, Decimal):
                row.append(f"{value:.2f}")
            elif value is None:
                row.append("")
            else:
                row.append(csv_text(value))
        writer.writerow(row)
    return buffer.getvalue()


def status_label(value: object) -> str:
    """A participation status as people read it ("Terlambat"); unknown values as they are."""
    if value is None:
        return "-"
    try:
        return PARTICIPATION_LABELS[Participation(str(value))]
    except ValueError:
        return str(value)


def to_table(records: Sequence[dict[str, Any]], indicator_codes: Sequence[str],
             keys: Sequence[str] | None = None,
             stages: Sequence[tuple[str, str]] = ()) -> str:
    """An aligned text table with Indonesian headers (a stage by its name) and decimal
    commas."""
    keys = _keys(records, keys)
    shown_stages = _stages(records, stages)
    labels = {"badan_publik": "Badan Publik", "kategori": "Kategori", "saq": "SAQ",
              "nilai_akhir": "Nilai Akhir", "predikat": "Predikat", "peringkat": "Peringkat",
              "status": "Status"}
    header: list[str] = []
    for key in keys:
        if key == "indikator":
            header += list(indicator_codes)
        elif key == "tahapan":
            header += [name for _, name in shown_stages]
        else:
            header.append(labels[key])
    lines = [header]
    for record in records:
        row: list[str] = []
        for key in keys:
            value = record[key]
            if key == "indikator":
                row += [format_score(value.get(c)) for c in indicator_codes]
            elif key == "tahapan":
                row += [format_score(value.get(c)) for c, _ in shown_stages]
            elif isinstance(value, Decimal) or (value is None and key in ("saq", "nilai_akhir")):
                row.append(format_score(value))
            elif key == "status":
                row.append(status_label(value))
            else:
                row.append("-" if value is None else str(value))
        lines.append(row)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = {i for i, h in enumerate(header) if h not in ("Badan Publik", "Kategori",
                                                           "Predikat", "Status")}
    out = []
    for n, line in enumerate(lines):
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                 for i, cell in enumerate(line)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def render(records: Sequence[dict[str, Any]], fmt: str,
           indicator_codes: Sequence[str] = (), keys: Sequence[str] | None = None,
           stages: Sequence[tuple[str, str]] = ()) -> str:
    """Records as `fmt`; `keys` are the columns when there are no records (default: score's);
    `stages` the (code, name) of the ``tahapan`` columns (:func:`stage_columns`)."""
    if fmt == "json":
        return to_json(records)
    if fmt == "csv":
        return to_csv(records, indicator_codes, keys, stages)
    return to_table(records, indicator_codes, keys, stages)
