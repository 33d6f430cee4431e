"""Penetapan: publish a cycle's results (frozen), and reopen it with a reason.

Publishing computes the results once more inside the write transaction, stores every
badan publik's record as it stands, and marks the cycle published; every change is then
refused until an official or admin reopens the cycle with a reason. Reopening keeps the
earlier publication and its records; publishing again adds a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monev.audit import record
from monev.cycles import load_cycle, methodology_of
from monev.errors import NotFound, UsageError
from monev.outcomes import projection
from monev.outcomes.inputs import CycleResult
from monev.outcomes.records import record_of, stage_columns
from monev.permissions import Action, Actor, require
from notifications.events import results_published
from questionnaires.model import Methodology
from scoring.inputs import Participation
from scoring.results import IndicatorScore, Result
from storage.db import Database
from storage.models import BadanPublik, Cycle, Publication, PublishedResult, utcnow


@dataclass(frozen=True, slots=True)
class PublicationInfo:
    cycle_id: int
    seq: int
    published_at: datetime
    bodies: int
    scored: int


def _json_record(record_: dict[str, Any]) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {k: plain(v) for k, v in record_.items()}


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _from_json(record_: dict[str, Any]) -> dict[str, Any]:
    """A stored record with its scores as Decimals again (the keys of records.RECORD_KEYS)."""
    out = dict(record_)
    for key in ("saq", "nilai_akhir"):
        out[key] = _dec(out.get(key))
    out["indikator"] = {k: _dec(v) for k, v in out.get("indikator", {}).items()}
    if "tahapan" in out:  # published since stage scores are part of the record
        out["tahapan"] = {k: _dec(v) for k, v in out["tahapan"].items()}
    return out


def latest_publication(session: Session, cycle_id: int) -> Publication | None:
    """The cycle's newest publication (also after it was reopened), or None."""
    return session.scalar(select(Publication).where(Publication.cycle_id == cycle_id)
                          .order_by(Publication.seq.desc()).limit(1))


def published_entries(session: Session, publication: Publication,
                      methodology: Methodology) -> list[CycleResult]:
    """The records frozen at `publication` as results (indicator, SAQ, final, predikat and
    rank only: what was published), in publication order."""
    bands = {b.label: b for b in methodology.bands}
    stage_of = {i.code: i.stage for i in methodology.indicators}
    rows = session.execute(
        select(PublishedResult.badan_publik_id, PublishedResult.status,
               PublishedResult.record, BadanPublik.region)
        .join(BadanPublik, BadanPublik.id == PublishedResult.badan_publik_id)
        .where(PublishedResult.publication_id == publication.id)
        .order_by(PublishedResult.id))
    out = []
    for body_id, status, stored, region in rows:
        r = _from_json(stored)
        indicators = {code: IndicatorScore(code, stage_of.get(code, ""), None, value)
                      for code, value in r["indikator"].items()}
        result = Result(
            badan_publik=r.get("badan_publik", ""), category=r.get("kategori", ""),
            methodology_id=methodology.id, methodology_version=methodology.version,
            participation=Participation(r.get("status") or status),
            indicators=indicators, saq_verified=r["saq"], final=r["nilai_akhir"],
            predicate=bands.get(r.get("predikat") or ""), rank=r.get("peringkat"))
        out.append(CycleResult(body_id, region or "", result))
    return out


def _current(session: Session, cycle: Cycle) -> list[CycleResult]:
    """The current results, ranked, inside a write transaction (rebuilt when stale)."""
    if not projection.is_current(session, cycle):
        projection.rebuild(session, cycle)
    return projection.ranked(session, cycle)


def publish(db: Database, actor: Actor, cycle_id: int) -> PublicationInfo:
    with db.transaction() as session:
        actor = require(session, actor, Action.PUBLISH)
        cycle = load_cycle(session, cycle_id)
        if cycle.status == "published":
            raise UsageError(f"Siklus '{cycle.title}' sudah ditetapkan.")
        results = _current(session, cycle)
        seq = (session.scalar(select(func.max(Publication.seq)).where(
            Publication.cycle_id == cycle.id)) or 0) + 1
        publication = Publication(cycle_id=cycle.id, seq=seq, published_by_id=actor.id)
        session.add(publication)
        session.flush()
        stages = [code for code, _ in stage_columns(methodology_of(cycle))]
        for item in results:
            r = item.result
            session.add(PublishedResult(
                publication_id=publication.id, badan_publik_id=item.body_id,
                category=r.category, status=r.participation.value, final=r.final,
                predicate=r.predicate.label if r.predicate else None, rank=r.rank,
                record=_json_record(record_of(r, stages))))
        cycle.status = "published"
        cycle.version += 1
        record(session, actor, "cycle.publish", cycle_id=cycle.id, entity="cycle",
               entity_id=cycle.id, old="open", new="published")
        session.flush()
        results_published(session, cycle, publication)
        return PublicationInfo(cycle.id, seq, publication.published_at, len(results),
                               sum(1 for i in results if i.result.final is not None))


def reopen(db: Database, actor: Actor, cycle_id: int, reason: str) -> None:
    with db.transaction() as session:
        actor = require(session, actor, Action.PUBLISH)
        if not reason.strip():
            raise UsageError("Membuka kembali hasil yang sudah ditetapkan memerlukan alasan.")
        cycle = load_cycle(session, cycle_id)
        if cycle.status != "published":
            raise UsageError(f"Siklus '{cycle.title}' belum ditetapkan.")
        latest = latest_publication(session, cycle.id)
        if latest is not None:
            latest.reopened_at = utcnow()
            latest.reopened_by_id = actor.id
            latest.reopen_reason = reason.strip()
        cycle.status = "open"
        cycle.version += 1
        record(session, actor, "cycle.reopen", cycle_id=cycle.id, entity="cycle",
               entity_id=cycle.id, old="published", new="open", reason=reason.strip())


def published_records(db: Database, actor: Actor, cycle_id: int,
                      seq: int | None = None) -> list[dict[str, Any]]:
    """Records frozen at the latest (or the given) publication, in rank order.

    A koordinator PPID sees only the badan publik in their scope (a badan publik account:
    its own).
    """
    with db.read() as session:
        actor = require(session, actor, Action.VIEW)
        cycle = load_cycle(session, cycle_id)
        query = select(Publication).where(Publication.cycle_id == cycle.id)
        query = query.where(Publication.seq == seq) if seq else query.order_by(
            Publication.seq.desc()).limit(1)
        publication = session.scalar(query)
        if publication is None:
            raise NotFound(f"Siklus '{cycle.title}' belum pernah ditetapkan.")
        rows = session.scalars(select(PublishedResult).where(
            PublishedResult.publication_id == publication.id).order_by(PublishedResult.id))
        if actor.scope is not None:  # a koordinator, a badan publik account
            return [_from_json(r.record) for r in rows if r.badan_publik_id in actor.scope]
        return [_from_json(r.record) for r in rows]
