"""What the ranking page shows: counts per predikat and participation, the rows of each
category with the change against the previous cycle, category averages — and how they are
built from ranked results (:func:`rows_of`, :func:`category_view`, :func:`summary_of`) or
narrowed to some categories and regions (:func:`narrow`). Reading and caching them is
:mod:`monev.outcomes.dashboard`."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from monev.outcomes.inputs import CycleResult
from reports.data import (
    BandInfo,
    IndicatorInfo,
    MethodologyInfo,
    Previous,
    StageInfo,
    below_gate,
)
from scoring.inputs import Participation
from scoring.rounding import round_score

STATUS_ORDER = (Participation.SUBMITTED, Participation.LATE, Participation.NOT_SUBMITTED,
                Participation.NOT_REGISTERED)



# -- what the page shows ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BandCount:
    label: str
    colour: str
    lower: Decimal
    count: int


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: Participation
    label: str
    count: int

    @property
    def took_part(self) -> bool:
        return self.status.scored


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over the badan publik in view. `bands` counts scored badan publik only;
    the others are in `statuses` (every status, in a fixed order)."""

    bodies: int
    returned: int  # submitted on time or late
    scored: int
    bands: tuple[BandCount, ...]  # high → low, every band (0 included)
    statuses: tuple[StatusCount, ...]

    @property
    def participation_rate(self) -> float | None:
        """Returned / invited (the share KIs announce); None when nobody is in view."""
        return self.returned / self.bodies if self.bodies else None

    @property
    def not_taking_part(self) -> tuple[StatusCount, ...]:
        return tuple(s for s in self.statuses if not s.took_part)


@dataclass(frozen=True, slots=True)
class Row:
    """One badan publik in the ranking. `rank_change` is places gained since the previous
    cycle (positive = up; None when not comparable: no previous rank or another category);
    `predicate_change` is bands gained (positive = a better predikat)."""

    body_id: int
    name: str
    region: str
    category: str
    participation: Participation
    status: str  # participation label
    rank: int | None
    # indicator code → verified score; stage code → score (every stage but the SAQ);
    # codes that do not apply (or a stage not taken) may be missing: use .get()
    indicators: Mapping[str, Decimal | None]
    saq_raw: Decimal | None
    saq: Decimal | None
    stages: Mapping[str, Decimal | None]
    bonus: Decimal | None
    final: Decimal | None
    predicate: str | None
    colour: str | None
    previous: Previous | None = None
    rank_change: int | None = None
    predicate_change: int | None = None
    final_change: Decimal | None = None
    below_gate: frozenset[str] = frozenset()  # stages not taken: below their gate

    @property
    def scored(self) -> bool:
        return self.final is not None


@dataclass(frozen=True, slots=True)
class CategoryView:
    """The ranking of one category: ranked rows by rank, then the unranked ones by name,
    with the final scores and indicator averages of its scored rows."""

    code: str
    name: str
    rows: tuple[Row, ...]
    finals: tuple[Decimal, ...]
    average_final: Decimal | None
    averages: Mapping[str, Decimal | None]  # indicator code → average verified score

    @property
    def ranked(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def unranked(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.rank is None)


@dataclass(frozen=True, slots=True)
class Dashboard:
    cycle_id: int
    title: str
    ki: str
    year: int
    published: bool
    published_at: datetime | None
    published_only: bool  # a koordinator's view: published results of their scope
    previous_title: str  # "" when the cycle names no previous cycle
    methodology: MethodologyInfo
    categories: tuple[CategoryView, ...]
    summary: Summary
    regions: tuple[str, ...]  # every region of the rows in view (before narrowing)
    version: tuple[Any, ...]

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_title)

    @property
    def bands(self) -> tuple[BandInfo, ...]:
        return self.methodology.bands

    @property
    def indicators(self) -> tuple[IndicatorInfo, ...]:
        return self.methodology.indicators

    @property
    def other_stages(self) -> tuple[StageInfo, ...]:
        return self.methodology.other_stages

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for c in self.categories for r in c.rows)

    def row(self, body_id: int) -> Row | None:
        return next((r for r in self.rows if r.body_id == body_id), None)


# -- building --------------------------------------------------------------------------------


def mean(values: Iterable[Decimal], decimals: int) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return round_score(sum(values, Decimal(0)) / len(values), decimals)


def band_order(info: MethodologyInfo) -> dict[str, int]:
    """Predikat label → its position from the bottom (a higher number is better)."""
    return {b.label: len(info.bands) - n for n, b in enumerate(info.bands)}


def category_view(code: str, name: str, rows: Iterable[Row], indicators: Iterable[str],
                   decimals: int) -> CategoryView:
    rows = tuple(rows)
    scored = [r for r in rows if r.final is not None]
    finals = tuple(r.final for r in scored if r.final is not None)
    averages = {code: mean((v for r in scored if (v := r.indicators.get(code)) is not None),
                            decimals) for code in indicators}
    return CategoryView(code, name, rows, finals, mean(finals, decimals), averages)


def summary_of(rows: Iterable[Row], info: MethodologyInfo) -> Summary:
    rows = tuple(rows)
    by_band: dict[str, int] = {}
    by_status: dict[Participation, int] = {}
    for row in rows:
        by_status[row.participation] = by_status.get(row.participation, 0) + 1
        if row.final is not None and row.predicate is not None:
            by_band[row.predicate] = by_band.get(row.predicate, 0) + 1
    bands = tuple(BandCount(b.label, b.colour, b.lower, by_band.get(b.label, 0))
                  for b in info.bands)
    statuses = tuple(StatusCount(s, s.label, by_status.get(s, 0)) for s in STATUS_ORDER)
    returned = sum(by_status.get(s, 0) for s in STATUS_ORDER if s.scored)
    return Summary(bodies=len(rows), returned=returned,
                   scored=sum(1 for r in rows if r.final is not None), bands=bands,
                   statuses=statuses)


def rows_of(info: MethodologyInfo, previous: Mapping[int, Previous],
            entries: Iterable[CycleResult]) -> dict[str, list[Row]]:
    """Rows per category code (methodology order), ranked rows by rank then name, then
    the unranked ones by name; `previous` gives each body's outcome in the previous cycle."""
    order = band_order(info)
    bands = {b.label: b for b in info.bands}
    others = {s.code for s in info.other_stages}
    labels = {p: p.label for p in Participation}
    grouped: dict[str, list[Row]] = {code: [] for code, _ in info.categories}
    for entry in entries:
        r = entry.result
        before = previous.get(entry.body_id)
        band = bands.get(r.predicate.label) if r.predicate is not None else None
        rank_change = predicate_change = final_change = None
        if before is not None:
            if before.rank is not None and r.rank is not None and (
                    not before.category or before.category == r.category):
                rank_change = before.rank - r.rank
            if band is not None and before.predicate in order:
                predicate_change = order[band.label] - order[before.predicate]
            if before.final is not None and r.final is not None:
                final_change = r.final - before.final
        grouped.setdefault(r.category, []).append(Row(
            body_id=entry.body_id, name=r.badan_publik, region=entry.region,
            category=r.category, participation=r.participation,
            status=labels[r.participation], rank=r.rank,
            indicators={c: s.verified for c, s in r.indicators.items()},
            saq_raw=r.saq_raw, saq=r.saq_verified,
            stages={c: st.score for c, st in r.stages.items() if c in others},
            bonus=r.bonus if r.bonuses else None, final=r.final,
            predicate=band.label if band else None, colour=band.colour if band else None,
            previous=before, rank_change=rank_change, predicate_change=predicate_change,
            final_change=final_change, below_gate=below_gate(r)))
    for rows in grouped.values():
        rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.name.casefold()))
    return {code: rows for code, rows in grouped.items() if rows}


def narrow(board: Dashboard, *, categories: Collection[str] | None = None,
           regions: Collection[str] | None = None) -> Dashboard:
    """The dashboard limited to some categories and/or regions (None or empty = all):
    counts, distributions and averages are those of the rows left; ranks stay the
    ranks in the whole category."""
    if not categories and not regions:
        return board
    codes = [i.code for i in board.indicators]
    views = []
    for view in board.categories:
        if categories and view.code not in categories:
            continue
        rows = [r for r in view.rows if not regions or r.region in regions]
        if rows:
            views.append(category_view(view.code, view.name, rows, codes,
                                        board.methodology.decimals))
    kept = [r for v in views for r in v.rows]
    return replace(board, categories=tuple(views), summary=summary_of(kept, board.methodology))
