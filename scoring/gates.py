"""Gates as data: which earlier scores a methodology's gates read, whether a BP passes a
gate, and the ranks a rank gate needs (pure).

A stage's gates (:class:`~questionnaires.model.Gate`) all must hold for a BP to take the
stage; the first it fails scores the stage its ``below_gate_score``. A threshold gate
compares the earlier stage's published score (rounded half-up to the methodology's
decimals, the default) or its exact score with ``min_score`` (≥ by default, or >). A rank
gate (``top: N``) admits the BPs whose rank within their category in the earlier stage is
at most N: the BPs of the category that *took* the earlier stage (status taken) are
ranked by its published score, highest first, equal scores sharing a rank (1, 2, 2, 4),
so all tied at the N-th place enter. A rank therefore depends on the other BPs of the
category: :func:`scoring.engine.score_all` computes it (one more pass over the cases per
stage a rank gate reads), while :func:`scoring.engine.score` of one case takes it from the
caller (``ranks``).

The engine decides gates inline, on its own lookups (:mod:`scoring.plan`); the reference
(:mod:`scoring.reference`) and the explanations (:mod:`scoring.explain`) use the functions
here, on a result's :class:`~scoring.results.StageScore` values: a stage that a gate reads
by its exact score keeps it in ``StageScore.exact``, one a rank gate reads keeps the BP's
rank in ``StageScore.rank`` (None elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from questionnaires.model import Gate, GateBasis, GateComparison, Methodology
from scoring.results import Result, StageScore, StageStatus


def gate_reads(methodology: Methodology) -> tuple[frozenset[str], tuple[str, ...]]:
    """(codes of the stages some gate reads by their exact score, codes of the stages some
    rank gate reads, in stage order)."""
    exact: set[str] = set()
    ranked: set[str] = set()
    for stage in methodology.stages:
        for gate in stage.gates:
            if gate.top is not None:
                ranked.add(gate.stage)
            elif GateBasis(gate.basis) is GateBasis.EXACT:
                exact.add(gate.stage)
    return frozenset(exact), tuple(s.code for s in methodology.stages if s.code in ranked)


def compared_value(gate: Gate, prior: StageScore | None) -> Decimal | None:
    """The earlier stage's score a threshold gate compares: published or exact (None when
    the BP has none)."""
    if prior is None:
        return None
    return prior.exact if GateBasis(gate.basis) is GateBasis.EXACT else prior.score


def passes(gate: Gate, prior: StageScore | None) -> bool:
    """Whether a BP whose earlier stage (the gate's `stage`) scored `prior` passes `gate`.

    A rank gate needs ``prior.rank`` for a BP that took the earlier stage; raises
    ValueError without it."""
    if gate.top is not None:
        if prior is None or prior.status is not StageStatus.TAKEN:
            return False
        if prior.rank is None:
            raise ValueError(f"peringkat tahapan {gate.stage!r} tidak diketahui")
        return prior.rank <= gate.top
    value = compared_value(gate, prior)
    if value is None or gate.min_score is None:
        return False
    if GateComparison(gate.comparison) is GateComparison.ABOVE:
        return value > gate.min_score
    return value >= gate.min_score


def rank_dependent(methodology: Methodology) -> frozenset[str]:
    """Codes of the stages whose score can depend on other BPs' scores: a stage behind a
    rank gate, or behind a gate that reads such a stage (in stage order). A stage a rank
    gate reads that is not among them has a score of the BP's own data alone, so one BP's
    new score there moves the others' ranks but no other BP's score in it."""
    found: set[str] = set()
    for stage in methodology.stages:
        if any(g.top is not None or g.stage in found for g in stage.gates):
            found.add(stage.code)
    return frozenset(found)


def stage_ranks(results: Sequence[Result], stage: str) -> list[int | None]:
    """Per result (same order): its rank within its category in `stage` by the published
    score, among the results that took the stage (1, 2, 2, 4); None for the others."""
    scored: list[tuple[str, Decimal | None]] = []
    for r in results:
        st = r.stages.get(stage)
        scored.append((r.category, st.score if st is not None
                       and st.status is StageStatus.TAKEN else None))
    return ranks_within_category(scored)


def ranks_within_category(scored: Sequence[tuple[str, Decimal | None]]) -> list[int | None]:
    """Per (category, published score in a stage, None when the BP did not take it): its
    rank within its category, highest first, equal scores sharing a rank (1, 2, 2, 4);
    None for those without a score (:func:`stage_ranks` on results)."""
    by_category: dict[str, list[tuple[Decimal, int]]] = {}
    for n, (category, value) in enumerate(scored):
        if value is not None:
            by_category.setdefault(category, []).append((value, n))
    out: list[int | None] = [None] * len(scored)
    for group in by_category.values():
        group.sort(key=lambda pair: pair[0], reverse=True)
        rank = 0
        previous: Decimal | None = None
        for position, (value, n) in enumerate(group, 1):
            if value != previous:
                rank, previous = position, value
            out[n] = rank
    return out
