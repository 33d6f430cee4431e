"""Ranking per category: by published final descending, then the methodology's
tie-breakers, equal BPs sharing a rank (standard competition ranking: 1, 2, 2, 4).

Unscored BPs (final None) get no rank and follow the ranked ones. Output order is by
category (methodology order), rank, then name — independent of the input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from questionnaires.model import Band, Methodology, StageKind, TieBreaker
from scoring.inputs import ScoringError
from scoring.plan import gc_paused
from scoring.predicate import band_for, sorted_bands
from scoring.results import Result, result_with_rank
from scoring.rounding import round_score

_LOWEST = Decimal("Infinity")  # sort key of a missing tie-breaker value (keys are negated)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """An externally scored final (e.g. a past year's published table)."""

    badan_publik: str
    category: str
    final: Decimal | None


@dataclass(frozen=True, slots=True)
class RankedScore:
    """A :class:`ScoreRow` with its rounded final, predikat and rank in its category."""

    badan_publik: str
    category: str
    final: Decimal | None
    predicate: Band | None
    rank: int | None


def _neg(value: Decimal | None) -> Decimal:
    return _LOWEST if value is None else -value


def _tie_values(result: Result, breakers: Sequence[TieBreaker],
                panel: str | None) -> tuple[Decimal, ...]:
    values = []
    for breaker in breakers:  # TieBreaker values (coerced by rank)
        if breaker is TieBreaker.SAQ_VERIFIED:
            values.append(_neg(result.saq_verified))
        elif breaker is TieBreaker.SAQ_RAW:
            values.append(_neg(result.saq_raw))
        else:
            stage = result.stages.get(panel) if panel else None
            values.append(_neg(stage.score if stage else None))
    return tuple(values)


def _assign(keyed: list[tuple], with_rank: Callable[[T, int | None], T]) -> list[T]:
    """Sort (*group, name, item) tuples and give ranks: equal groups share a rank.

    A group is (category order, 0, −final, *negated tie values) for a ranked item and
    (category order, 1) for an unranked one; (category, name) pairs are unique, so the
    items themselves are never compared. The group is spread out in the tuple rather than
    nested: sorting compares fewer tuples (about twice as fast).
    """
    keyed.sort()
    out: list[T] = []
    append = out.append
    previous: tuple | None = None
    category = None
    position = rank = 0
    for entry in keyed:
        item = entry[-1]
        if entry[0] != category:
            category, position = entry[0], 0
        if entry[1]:
            append(with_rank(item, None))
            continue
        position += 1
        group = entry[:-2]
        if group != previous:
            rank, previous = position, group
        append(with_rank(item, rank))
    return out


def _check(order: dict[str, int], seen: set[tuple[str, str]], category: str, name: str,
           methodology: Methodology) -> int:
    """The category's position; rejects unknown categories and a BP listed twice."""
    position = order.get(category)
    if position is None:
        raise ScoringError(f"{name}: kategori {category!r} tidak ada di metodologi "
                           f"{methodology.id}")
    if (category, name) in seen:
        raise ScoringError(f"{name} muncul lebih dari sekali di kategori {category}")
    seen.add((category, name))
    return position


def _ranked(items: Iterable[T], methodology: Methodology,
            key: Callable[[T], tuple[str, str, Decimal | None, tuple[Decimal, ...]]],
            with_rank: Callable[[T, int | None], T]) -> list[T]:
    """Sort `items` and assign ranks; `key` gives (category, name, final, tie values)."""
    order = {c.code: n for n, c in enumerate(methodology.categories)}
    keyed: list[tuple] = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        category, name, final, ties = key(item)
        position = _check(order, seen, category, name, methodology)
        keyed.append((position, 1, name, item) if final is None
                     else (position, 0, -final, *ties, name, item))
    return _assign(keyed, with_rank)


def _keep_or_rank(r: Result, value: int | None) -> Result:
    return r if r.rank == value else result_with_rank(r, value)


def rank(results: Iterable[Result], methodology: Methodology) -> list[Result]:
    """Results with `rank` filled, ordered by category, rank, name (see module doc)."""
    breakers = tuple(TieBreaker(b) for b in methodology.tie_breakers)
    panel = next((s.code for s in methodology.stages if s.kind == StageKind.PANEL), None)
    order = {c.code: n for n, c in enumerate(methodology.categories)}
    mid = methodology.id
    presets = breakers == (TieBreaker.SAQ_VERIFIED, TieBreaker.PANEL) and panel is not None
    keyed: list[tuple] = []
    append = keyed.append
    seen: set[tuple[str, str]] = set()
    with gc_paused():
        for r in results:
            if r.methodology_id != mid:
                raise ScoringError(f"{r.badan_publik}: dinilai dengan metodologi "
                                   f"{r.methodology_id!r}, bukan {mid!r}")
            name, category, final = r.badan_publik, r.category, r.final
            position = order.get(category)
            known = len(seen)
            seen.add((category, name))
            if position is None or len(seen) == known:  # _check, inlined (one hash)
                _check(order, seen, category, name, methodology)  # raises
            if final is None:
                append((position, 1, name, r))
            elif presets:  # the presets' tie-breakers (_tie_values), inlined
                saq, stage = r.saq_verified, r.stages.get(panel)  # type: ignore[arg-type]
                score = stage.score if stage else None
                append((position, 0, -final, _LOWEST if saq is None else -saq,
                        _LOWEST if score is None else -score, name, r))
            else:
                append((position, 0, -final, *_tie_values(r, breakers, panel), name, r))
        ranked = _assign(keyed, _keep_or_rank)
        keyed.clear()  # before the collector resumes: it would walk every key
        seen.clear()
    return ranked


def rank_scores(rows: Iterable[ScoreRow | tuple[str, str, Decimal | None]],
                methodology: Methodology) -> list[RankedScore]:
    """Rank externally scored finals: rounded half-up, classified, ranked (ties share)."""
    decimals = methodology.rounding.decimals
    bands = sorted_bands(methodology)
    prepared: list[RankedScore] = []
    for row in rows:
        name, category, final = (row.badan_publik, row.category, row.final) \
            if isinstance(row, ScoreRow) else row
        if final is not None:
            if not isinstance(final, Decimal) or not Decimal(0) <= final <= Decimal(100):
                raise ScoringError(f"{name}: nilai akhir {final!r} harus Decimal 0–100")
            final = round_score(final, decimals)
        prepared.append(RankedScore(name, category, final,
                                    band_for(final, bands)
                                    if final is not None else None, None))
    return _ranked(prepared, methodology,
                   lambda r: (r.category, r.badan_publik, r.final, ()),
                   lambda r, value: replace(r, rank=value))
