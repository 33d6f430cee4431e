"""Published results as open data: one CSV and/or one JSON file of the records frozen at
the cycle's latest publication (never results that are not yet published)."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal, cast

from sqlalchemy import select

from monev.clock import WIB
from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, UsageError
from monev.exports import Export, Exported, Option, Request, Subject, Target
from monev.exports._gather import emit
from monev.permissions import Action, Actor, require
from monev.workspace import Workspace
from reports.data import MethodologyInfo, methodology_info
from reports.formatting import zip_member
from reports.open_data import OpenDataset, OpenRecord, to_csv, to_json
from storage.models import BadanPublik, Publication, PublishedResult

OpenDataFormat = Literal["csv", "json", "both"]
OPEN_DATA_FORMATS = ("csv", "json", "both")


def open_dataset(db: Workspace, actor: Actor, cycle_id: int,
                 seq: int | None = None) -> OpenDataset:
    """The records frozen at the cycle's latest (or the given) publication."""
    with db.read() as session:
        require(session, actor, Action.EXPORT)
        cycle = load_cycle(session, cycle_id)
        query = select(Publication).where(Publication.cycle_id == cycle.id)
        query = (query.where(Publication.seq == seq) if seq
                 else query.order_by(Publication.seq.desc()).limit(1))
        publication = session.scalar(query)
        if publication is None:
            raise NotFound(f"Siklus '{cycle.title}' belum ditetapkan: data terbuka hanya "
                           f"memuat hasil yang sudah ditetapkan.")
        info = methodology_info(methodology_of(cycle))
        rows = session.execute(
            select(PublishedResult.record, PublishedResult.status, BadanPublik.region)
            .join(BadanPublik, BadanPublik.id == PublishedResult.badan_publik_id)
            .where(PublishedResult.publication_id == publication.id)
            .order_by(PublishedResult.id))
        records = tuple(_open_record(record, status, region, info)
                        for record, status, region in rows)
        return OpenDataset(
            ki=cycle.ki, year=cycle.year, title=cycle.title,
            methodology_id=cycle.methodology_id,
            methodology_version=cycle.methodology_version, methodology_title=info.title,
            publication=publication.seq, published_at=publication.published_at,
            indicators=info.indicators, records=records,
            reopened_at=publication.reopened_at, reopen_reason=publication.reopen_reason)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _open_record(record: dict[str, Any], status: str, region: str,
                 info: MethodologyInfo) -> OpenRecord:
    category = record.get("kategori", "")
    return OpenRecord(
        rank=record.get("peringkat"), name=record.get("badan_publik", ""), category=category,
        category_name=info.category_name(category), region=region or "",
        status=record.get("status", status),
        indicators={k: _dec(v) for k, v in (record.get("indikator") or {}).items()},
        saq=_dec(record.get("saq")), final=_dec(record.get("nilai_akhir")),
        predicate=record.get("predikat"))


def file_name(subject: Subject) -> str:
    """The ZIP; the files in it (or in a folder) are named alike, ``.csv`` / ``.json``."""
    return subject.name("hasil", suffix=".zip")


def export_open_data(db: Workspace, actor: Actor, cycle_id: int,
                     target: str | os.PathLike[str] | IO[bytes],
                     fmt: OpenDataFormat = "both") -> Exported:
    """Published results as open data: ``<stem>.csv`` and/or ``<stem>.json``.

    `target` is a directory (created if needed), a path ending in ``.zip``, or a binary
    file object (written as a ZIP).
    """
    if fmt not in OPEN_DATA_FORMATS:
        raise UsageError(f"Format data terbuka '{fmt}' tidak dikenal: pilih csv, json atau "
                         f"both.")
    dataset = open_dataset(db, actor, cycle_id)
    subject = Subject(dataset.year, dataset.ki)
    stem = subject.name("hasil", suffix="")
    files: dict[str, bytes] = {}
    if fmt in ("csv", "both"):
        files[f"{stem}.csv"] = to_csv(dataset).encode("utf-8")
    if fmt in ("json", "both"):
        files[f"{stem}.json"] = to_json(dataset).encode("utf-8")
    n = len(dataset.records)
    if isinstance(target, str | os.PathLike) and not str(target).lower().endswith(".zip"):
        folder = Path(target)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        return Exported(file_name(subject), n, sum(len(d) for d in files.values()),
                        tuple(files))
    buffer = io.BytesIO()
    made = datetime.now(UTC)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():  # dated in WIB, not by the server's clock
            archive.writestr(zip_member(name, made, WIB, zipfile.ZIP_DEFLATED), data)
    return Exported(file_name(subject), n, emit(target, buffer.getvalue()), tuple(files))


def _produce(db: Workspace, actor: Actor, request: Request, target: Target) -> Exported:
    fmt = request.options.get("format", "both")
    return export_open_data(db, actor, request.cycle_id, target, cast(OpenDataFormat, fmt))


EXPORT = Export(
    key="open-data", order=50, label="Data terbuka (CSV + JSON)", noun="data terbuka",
    help="Hasil yang sudah ditetapkan sebagai data terbuka.",
    file_name=file_name, media_type="application/zip", action=Action.EXPORT,
    icon=":material/dataset:", produce=_produce, published_only=True, writes_folder=True,
    options=(Option("format", "format data terbuka", metavar="FORMAT",
                    choices=OPEN_DATA_FORMATS, default="both"),))
