"""Exports of a cycle: the ranking workbook, the decree-annex PDF, report cards (one PDF or
all of them as a ZIP) and open data of published results.

Each use case checks the permission (:data:`Action.EXPORT`: evaluators, officials, admins),
gathers everything in one read transaction through the services and queries, and hands
plain data to :mod:`reports`, which never touches the database. `target` is a path or a
binary file object (``io.BytesIO()`` for a download button); each returns
:class:`Exported` with a suggested file name.

Results of an open cycle are computed now and marked *DRAF* in every document; once the
cycle is published they are final (changes are refused until it is reopened). The change
against the previous cycle uses that cycle's latest publication, or its current results
when it was never published.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, PermissionDenied, UsageError
from monev.permissions import Action, Actor, allowed, require
from monev.results import CycleResult, compute
from monev.trail import score_changes
from questionnaires.model import Methodology
from reports.data import (
    CycleMeta,
    MethodologyInfo,
    Previous,
    RankingBook,
    ReportCard,
    category_stats,
    methodology_info,
    ranking_categories,
    report_card,
)
from reports.open_data import OpenDataset, OpenRecord, to_csv, to_json
from reports.ranking_pdf import render_ranking_pdf
from reports.ranking_xlsx import write_ranking_workbook
from reports.report_card import card_file_name, render_report_card, write_report_cards_zip
from reports.safety import slug
from storage.db import Database
from storage.models import BadanPublik, Cycle, Publication, PublishedResult

Target = str | os.PathLike[str] | IO[bytes]
OpenDataFormat = Literal["csv", "json", "both"]
OPEN_DATA_FORMATS = ("csv", "json", "both")


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: a suggested file name, how many badan publik it holds, its size
    in bytes (for a directory: the sum of the files) and, for open data, the files."""

    file_name: str
    count: int
    size: int
    files: tuple[str, ...] = ()  # the files written into a directory or a ZIP


# -- shared gathering -----------------------------------------------------------------------


def base_name(year: int, ki: str) -> str:
    """``monev-kip-2025-ki-jawa-tengah``: the stem of every exported file name."""
    return f"monev-kip-{year}-{slug(ki, 40)}"


def _latest_publication(session: Session, cycle_id: int) -> Publication | None:
    return session.scalar(select(Publication).where(Publication.cycle_id == cycle_id)
                          .order_by(Publication.seq.desc()).limit(1))


def _meta(session: Session, cycle: Cycle) -> CycleMeta:
    published = cycle.status == "published"
    publication = _latest_publication(session, cycle.id) if published else None
    previous = session.get(Cycle, cycle.previous_cycle_id) if cycle.previous_cycle_id else None
    return CycleMeta(
        cycle_id=cycle.id, ki=cycle.ki, year=cycle.year, title=cycle.title,
        published=published, generated_at=datetime.now(UTC),
        published_at=publication.published_at if publication else None,
        previous_title=previous.title if previous else "",
        previous_year=previous.year if previous else None)


def previous_outcomes(session: Session, cycle: Cycle) -> dict[int, Previous]:
    """Badan publik id → its outcome in the previous cycle (published if ever, else now)."""
    if cycle.previous_cycle_id is None:
        return {}
    previous = load_cycle(session, cycle.previous_cycle_id)
    publication = _latest_publication(session, previous.id)
    if publication is not None:
        rows = session.execute(select(
            PublishedResult.badan_publik_id, PublishedResult.rank, PublishedResult.final,
            PublishedResult.predicate, PublishedResult.category).where(
            PublishedResult.publication_id == publication.id))
        return {body_id: Previous(rank, None if final is None else Decimal(final), predicate,
                                  category)
                for body_id, rank, final, predicate, category in rows}
    return {item.body_id: Previous(item.result.rank, item.result.final,
                                   item.result.predicate.label if item.result.predicate
                                   else None, item.result.category)
            for item in compute(session, previous)}


@dataclass(frozen=True, slots=True)
class _Gathered:
    cycle: Cycle
    methodology: Methodology
    info: MethodologyInfo
    meta: CycleMeta
    results: list[CycleResult]
    previous: dict[int, Previous]


def _gather(session: Session, cycle_id: int) -> _Gathered:
    cycle = load_cycle(session, cycle_id)
    methodology = methodology_of(cycle)
    return _Gathered(cycle, methodology, methodology_info(methodology),
                     _meta(session, cycle), compute(session, cycle),
                     previous_outcomes(session, cycle))


def _emit(target: Target, data: bytes) -> int:
    if isinstance(target, str | os.PathLike):
        Path(target).write_bytes(data)
    else:
        target.write(data)
    return len(data)


def _size(target: Target) -> int:
    if isinstance(target, str | os.PathLike):
        return Path(target).stat().st_size
    try:
        return int(target.tell())
    except (OSError, AttributeError):
        return 0


# -- ranking --------------------------------------------------------------------------------


def ranking_book(db: Database, actor: Actor, cycle_id: int, *,
                 audit: bool = True) -> RankingBook:
    """Everything the ranking workbook and annex show (also for a page to preview)."""
    with db.read() as session:
        require(session, actor, Action.EXPORT)
        g = _gather(session, cycle_id)
        trail = tuple(score_changes(session, g.cycle, g.methodology)) if audit else ()
    return RankingBook(meta=g.meta, methodology=g.info,
                       categories=ranking_categories(g.results, g.info, g.previous),
                       audit=trail)


def export_ranking(db: Database, actor: Actor, cycle_id: int, target: Target) -> Exported:
    """The ranking workbook (xlsx): cover, a sheet per category, Metodologi, Audit."""
    book = ranking_book(db, actor, cycle_id)
    write_ranking_workbook(book, target)
    name = f"peringkat-{base_name(book.meta.year, book.meta.ki)}.xlsx"
    return Exported(name, sum(len(c.rows) for c in book.categories), _size(target))


def export_ranking_pdf(db: Database, actor: Actor, cycle_id: int, target: Target, *,
                       categories: Sequence[str] | None = None, decree_number: str = "",
                       signatory: str = "", signatory_title: str = "",
                       place: str = "") -> Exported:
    """The ranking per category as a PDF for the decree annex (all categories, or the
    given category codes), with an optional decree number and signature block."""
    book = ranking_book(db, actor, cycle_id, audit=False)
    known = {c for c, _ in book.methodology.categories}
    unknown = sorted(set(categories or ()) - known)
    if unknown:
        raise UsageError(f"Kategori tidak dikenal: {', '.join(unknown)}. Yang ada: "
                         f"{', '.join(sorted(known))}.")
    data = render_ranking_pdf(book, categories=categories, decree_number=decree_number,
                              signatory=signatory, signatory_title=signatory_title,
                              place=place)
    size = _emit(target, data)
    count = sum(len(c.rows) for c in book.categories
                if categories is None or c.code in categories)
    stem = f"lampiran-peringkat-{base_name(book.meta.year, book.meta.ki)}"
    if categories and len(categories) == 1:
        stem += f"-{slug(categories[0], 30)}"
    return Exported(f"{stem}.pdf", count, size)


# -- report cards ---------------------------------------------------------------------------


def _cards(g: _Gathered, body_ids: set[int] | None = None,
           category: str | None = None) -> Iterator[ReportCard]:
    stats = category_stats(g.results, g.info.decimals)
    for item in g.results:
        if body_ids is not None and item.body_id not in body_ids:
            continue
        if category is not None and item.result.category != category:
            continue
        yield report_card(g.meta, g.methodology, item, stats, info=g.info,
                          previous=g.previous.get(item.body_id))


def report_cards(db: Database, actor: Actor, cycle_id: int, *,
                 body_ids: Sequence[int] | None = None) -> list[ReportCard]:
    """The report cards' data (all badan publik of the cycle, or the given ones)."""
    with db.read() as session:
        require(session, actor, Action.EXPORT)
        g = _gather(session, cycle_id)
    return list(_cards(g, None if body_ids is None else set(body_ids)))


def export_report_card(db: Database, actor: Actor, cycle_id: int, body_id: int,
                       target: Target) -> Exported:
    """The report card (PDF) of one badan publik.

    A koordinator PPID may download the cards of the badan publik in their scope once the
    results are published (before that, scores are not theirs to see).
    """
    with db.read() as session:
        actor = require(session, actor, Action.REPORT_CARD, bodies=[body_id])
        if not allowed(actor, Action.VIEW_SCORES) and (
                load_cycle(session, cycle_id).status != "published"):
            raise PermissionDenied("Rapor badan publik dapat diunduh koordinator PPID setelah "
                                   "hasil siklus ditetapkan.")
        g = _gather(session, cycle_id)
    cards = list(_cards(g, {body_id}))
    if not cards:
        raise NotFound(f"Badan publik dengan id {body_id} tidak ikut dalam siklus "
                       f"'{g.cycle.title}'.")
    card = cards[0]
    size = _emit(target, render_report_card(card))
    name = card_file_name(card).split("/")[-1]
    return Exported(f"rapor-{base_name(g.cycle.year, g.cycle.ki)}-{name}", 1, size)


def export_report_cards(db: Database, actor: Actor, cycle_id: int, target_zip: Target, *,
                        category: str | None = None, workers: int = 1) -> Exported:
    """Every report card of the cycle (or of one category) as one ZIP, a folder per
    category, named ``<kategori>/<badan-publik>-<id>.pdf``.

    Rendering takes about 40 ms per card; ``workers > 1`` renders in that many processes
    (e.g. ``os.cpu_count()`` from the CLI).
    """
    with db.read() as session:
        require(session, actor, Action.EXPORT)
        g = _gather(session, cycle_id)
    if category is not None and category not in {c.code for c in g.methodology.categories}:
        raise UsageError(f"Kategori '{category}' tidak dikenal dalam metodologi siklus ini.")
    count = write_report_cards_zip(_cards(g, category=category), target_zip, workers=workers)
    return Exported(f"rapor-{base_name(g.cycle.year, g.cycle.ki)}.zip", count,
                    _size(target_zip))


# -- open data ------------------------------------------------------------------------------


def open_dataset(db: Database, actor: Actor, cycle_id: int,
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


def export_open_data(db: Database, actor: Actor, cycle_id: int,
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
    stem = f"hasil-{base_name(dataset.year, dataset.ki)}"
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
        return Exported(f"{stem}.zip", n, sum(len(d) for d in files.values()), tuple(files))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    size = _emit(target, buffer.getvalue())
    return Exported(f"{stem}.zip", n, size, tuple(files))
