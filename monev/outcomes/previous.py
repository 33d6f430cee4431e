"""Outcomes of the badan publik in the previous cycle, for the change of rank, predikat and
score a ranking shows (the cycle names its previous one: ``previous_cycle_id``)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.cycles import load_cycle
from monev.outcomes import projection
from monev.outcomes.publication import latest_publication
from reports.data import Previous
from storage.models import Cycle, PublishedResult


def previous_outcomes(session: Session, cycle: Cycle, *,
                      published_only: bool = False) -> dict[int, Previous]:
    """Badan publik id → its outcome in the previous cycle: as last published, else (unless
    `published_only`, what a koordinator PPID may compare with) its current result."""
    if cycle.previous_cycle_id is None:
        return {}
    previous = load_cycle(session, cycle.previous_cycle_id)
    publication = latest_publication(session, previous.id)
    if publication is not None:
        rows = session.execute(select(
            PublishedResult.badan_publik_id, PublishedResult.rank, PublishedResult.final,
            PublishedResult.predicate, PublishedResult.category).where(
            PublishedResult.publication_id == publication.id))
        return {body_id: Previous(rank, None if final is None else Decimal(str(final)),
                                  predicate, category)
                for body_id, rank, final, predicate, category in rows}
    if published_only:
        return {}
    return {item.body_id: Previous(item.result.rank, item.result.final,
                                   item.result.predicate.label if item.result.predicate
                                   else None, item.result.category)
            for item in projection.ranked(session, previous)}
