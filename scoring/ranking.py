"""Ranking per category: by published final descending, then the methodology's
tie-breakers, equal BPs sharing a rank (standard competition ranking: 1, 2, 2, 4).

Unscored BPs (final None) get no rank and follow the ranked ones. Output order is by
category (methodology order), rank, then name — independent of the input order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import TypeVar

from questionnaires.model import Band, Methodology, StageKind, TieBreaker
from scoring.inputs import ScoringError
from scoring.plan import gc_paused
from scoring.predicate import band_for, sorted_bands
from scoring.results import Result
from scoring.rounding import round_score

_LOWEST = Decimal("Infinity")  # sort key of a missing tie-breaker value (keys are negated)
T = TypeVar("T")
_RESULT_FIELDS = tuple(f.name for f in fields(Result))
_new = object.__new__
_set = object.__setattr__


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


def _ranked(items: Iterable[T], methodology: Methodology,
            key: Callable[[T], tuple[str, str, Decimal | None, tuple[Decimal, ...]]],
            with_rank: Callable[[T, int | None], T]) -> list[T]:
    """Sort `items` and assign ranks; `key` gives (category, name, final, tie values)."""
    order = {c.code: n for n, c in enumerate(methodology.categories)}
    keyed: list[tuple[tuple[Hashable, ...], T]] = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        category, name, final, ties = key(item)
        if category not in order:
            raise ScoringError(f"{name}: kategori {category!r} tidak ada di metodologi "
                               f"{methodology.id}")
        if (category, name) in seen:
            raise ScoringError(f"{name} muncul lebih dari sekali di kategori {category}")
        seen.add((category, name))
        if final is None:
            keyed.append(((order[category], 1, name), item))
        else:
            keyed.append(((order[category], 0, -final, *ties, name), item))
    keyed.sort(key=lambda pair: pair[0])
    out: list[T] = []
    previous: tuple[Hashable, ...] | None = None
    position = rank = 0
    for sort_key, item in keyed:
        if previous is None or sort_key[0] != previous[0]:
            position = 0
        if sort_key[1] == 1:
            out.append(with_rank(item, None))
            previous = sort_key
            continue
        position += 1
        if previous is None or sort_key[:-1] != previous[:-1]:
            rank = position
        out.append(with_rank(item, rank))
        previous = sort_key
    return out


def rank(results: Iterable[Result], methodology: Methodology) -> list[Result]:
    """Results with `rank` filled, ordered by category, rank, name (see module doc)."""
    breakers = tuple(TieBreaker(b) for b in methodology.tie_breakers)
    panel = next((s.code for s in methodology.stages if s.kind == StageKind.PANEL), None)

    def key(r: Result) -> tuple[str, str, Decimal | None, tuple[Decimal, ...]]:
        if r.methodology_id != methodology.id:
            raise ScoringError(f"{r.badan_publik}: dinilai dengan metodologi "
                               f"{r.methodology_id!r}, bukan {methodology.id!r}")
        ties = _tie_values(r, breakers, panel) if r.final is not None else ()
        return r.category, r.badan_publik, r.final, ties

    def with_rank(r: Result, value: int | None) -> Result:
        if r.rank == value:
            return r
        new = _new(Result)  # dataclasses.replace, without its per-call introspection
        for name in _RESULT_FIELDS:
            _set(new, name, getattr(r, name))
        _set(new, "rank", value)
        return new

    with gc_paused():
        return _ranked(results, methodology, key, with_rank)


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
