"""What the exports share: a cycle's results, methodology and previous outcomes gathered in
one read transaction, the report cards built from them, and writing bytes to a target."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from monev.clock import WIB
from monev.cycles import load_cycle, methodology_of
from monev.exports import Target
from monev.outcomes import projection
from monev.outcomes.inputs import CycleResult
from monev.outcomes.previous import previous_outcomes
from monev.outcomes.publication import latest_publication
from questionnaires.model import Methodology
from reports.data import (
    CycleMeta,
    MethodologyInfo,
    Previous,
    ReportCard,
    category_stats,
    methodology_info,
    report_card,
)
from storage.models import Cycle


def _meta(session: Session, cycle: Cycle) -> CycleMeta:
    published = cycle.status == "published"
    publication = latest_publication(session, cycle.id) if published else None
    previous = session.get(Cycle, cycle.previous_cycle_id) if cycle.previous_cycle_id else None
    return CycleMeta(
        cycle_id=cycle.id, ki=cycle.ki, year=cycle.year, title=cycle.title,
        published=published, generated_at=datetime.now(WIB), zone=WIB,
        published_at=publication.published_at if publication else None,
        previous_title=previous.title if previous else "",
        previous_year=previous.year if previous else None)


@dataclass(frozen=True, slots=True)
class Gathered:
    """A cycle as the documents show it: its methodology, results and previous outcomes."""

    cycle: Cycle
    methodology: Methodology
    info: MethodologyInfo
    meta: CycleMeta
    results: list[CycleResult]
    previous: dict[int, Previous]


def gather(session: Session, cycle_id: int,
           detail: bool | Collection[int] = False) -> Gathered:
    """Everything the documents of cycle `cycle_id` show, read in `session`. Per-question
    scores (what a report card explains) are read for every badan publik with `detail`
    True, or for the badan publik ids it gives; a ranking needs none."""
    cycle = load_cycle(session, cycle_id)
    methodology = methodology_of(cycle)
    results = projection.ranked(session, cycle, detail=detail is True)
    if detail is not True and detail:
        results = projection.with_detail(session, cycle, results, detail)
    return Gathered(cycle, methodology, methodology_info(methodology),
                    _meta(session, cycle), results, previous_outcomes(session, cycle))


def cards(g: Gathered, body_ids: set[int] | None = None,
          category: str | None = None) -> Iterator[ReportCard]:
    """The report cards of the cycle (all, the given bodies', or one category's)."""
    stats = category_stats(g.results, g.info.decimals)
    for item in g.results:
        if body_ids is not None and item.body_id not in body_ids:
            continue
        if category is not None and item.result.category != category:
            continue
        yield report_card(g.meta, g.methodology, item, stats, info=g.info,
                          previous=g.previous.get(item.body_id))


def emit(target: Target, data: bytes) -> int:
    """Write `data` to a path or a binary file object; returns its size."""
    if isinstance(target, str | os.PathLike):
        Path(target).write_bytes(data)
    else:
        target.write(data)
    return len(data)


def size(target: Target) -> int:
    """How many bytes a writer put into `target` (a path, or a file object's position)."""
    if isinstance(target, str | os.PathLike):
        return Path(target).stat().st_size
    try:
        return int(target.tell())
    except (OSError, AttributeError):
        return 0
