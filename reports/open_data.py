"""Open data: the published results of a cycle as CSV and JSON, in the spirit of UU 14/2008.

Only results frozen at publication (penetapan) go here, never provisional ones. Files are
for machines: UTF-8, decimal point, two-decimal scores, one row per badan publik, stable
column names (``indikator_<kode>``). Badan publik that were not scored are listed with
their participation status and empty scores (never 0). CSV text fields that start like a
formula are escaped (see :mod:`reports.safety`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from reports.data import IndicatorInfo
from reports.formatting import decimal_text
from reports.safety import csv_text

STATUS_LABELS = {"submitted": "Mengisi SAQ", "late": "Terlambat",
                 "not_submitted": "Tidak mengisi SAQ", "not_registered": "Tidak register"}


@dataclass(frozen=True, slots=True)
class OpenRecord:
    """One badan publik's published result."""

    rank: int | None
    name: str
    category: str  # code
    category_name: str
    region: str
    status: str  # participation code ("submitted", "not_submitted"…)
    indicators: Mapping[str, Decimal | None]
    saq: Decimal | None
    final: Decimal | None
    predicate: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True, slots=True)
class OpenDataset:
    """A publication and its records."""

    ki: str
    year: int
    title: str
    methodology_id: str
    methodology_version: str
    methodology_title: str
    publication: int  # sequence number of the publication (1 = first penetapan)
    published_at: datetime
    indicators: tuple[IndicatorInfo, ...]
    records: tuple[OpenRecord, ...]
    reopened_at: datetime | None = None
    reopen_reason: str = ""


def csv_columns(indicators: Sequence[IndicatorInfo]) -> list[str]:
    return (["peringkat", "badan_publik", "kategori", "nama_kategori", "wilayah", "status",
             "keterangan_status"] + [f"indikator_{i.code}" for i in indicators]
            + ["saq", "nilai_akhir", "predikat"])


def to_csv(dataset: OpenDataset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_columns(dataset.indicators))
    for r in dataset.records:
        writer.writerow(
            ["" if r.rank is None else r.rank, csv_text(r.name), csv_text(r.category),
             csv_text(r.category_name), csv_text(r.region), r.status,
             csv_text(r.status_label)]
            + [decimal_text(r.indicators.get(i.code)) for i in dataset.indicators]
            + [decimal_text(r.saq), decimal_text(r.final), csv_text(r.predicate or "")])
    return buffer.getvalue()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def to_json(dataset: OpenDataset) -> str:
    payload: dict[str, Any] = {
        "metadata": {
            "komisi_informasi": dataset.ki,
            "tahun": dataset.year,
            "judul": dataset.title,
            "metodologi": {"id": dataset.methodology_id,
                           "versi": dataset.methodology_version,
                           "judul": dataset.methodology_title},
            "penetapan_ke": dataset.publication,
            "ditetapkan_pada": dataset.published_at.isoformat(),
            "dibuka_kembali_pada": (dataset.reopened_at.isoformat()
                                    if dataset.reopened_at else None),
            "alasan_dibuka_kembali": dataset.reopen_reason or None,
            "jumlah_badan_publik": len(dataset.records),
            "dasar": "UU 14/2008 tentang Keterbukaan Informasi Publik",
        },
        "indikator": [{"kode": i.code, "nama": i.name, "tahapan": i.stage,
                       "bobot": float(i.weight)} for i in dataset.indicators],
        "hasil": [
            {"peringkat": r.rank, "badan_publik": r.name, "kategori": r.category,
             "nama_kategori": r.category_name, "wilayah": r.region, "status": r.status,
             "keterangan_status": r.status_label,
             "indikator": {i.code: _number(r.indicators.get(i.code))
                           for i in dataset.indicators},
             "saq": _number(r.saq), "nilai_akhir": _number(r.final),
             "predikat": r.predicate}
            for r in dataset.records],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
