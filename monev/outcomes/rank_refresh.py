"""Stored results kept current under a rank gate without scoring the whole cycle again.

With a rank gate (a stage for the top N of each category in an earlier stage, see
:mod:`scoring.gates`) one badan publik's new score can move the others' ranks in that
earlier stage, and so open or close the gated stage for them. Ranks are per category, so
only the categories of the bodies written can change; and when no stage a rank gate reads
is itself behind a rank gate (:func:`scoring.gates.rank_dependent` — the usual case:
presentasi for the top 3 in SAQ) the others' scores in it cannot change at all, only their
ranks. :func:`refresh_ranked` then

1. scores the bodies written from the history, ranked among the stored scores of the
   other bodies of their categories (old and new category: a re-categorised body leaves
   one and joins another);
2. ranks those categories again; a body whose rank moved but whose rank gates decide as
   before gets only its stored rank changed (its row's summary patched); a body for which
   a rank gate now decides otherwise is scored again from the history with its new ranks;
3. writes those rows with the refresh's generation (readers that keep rows re-read them).

The rows are what a rebuild writes (tests/monev/test_rank_gate_refresh.py checks it after
random writes). With a stage a rank gate reads behind another rank gate it returns False
and the caller rebuilds the cycle (:func:`monev.outcomes.projection.rebuild`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Text, bindparam, cast, delete, select, update
from sqlalchemy.orm import Session

from monev.cycles import methodology_of
from monev.outcomes.inputs import CycleResult, build_cases
from questionnaires.model import Gate, Methodology
from scoring import score
from scoring.gates import gate_reads, rank_dependent, ranks_within_category
from scoring.plan import gc_paused
from scoring.results import Result, StageStatus
from storage.models import BodyResult, Cycle

_TAKEN = StageStatus.TAKEN.value
_RANK = 7  # a stored stage entry: code, score, status, counted, raw, jurors, exact, rank


def applies(methodology: Methodology) -> bool:
    """Whether :func:`refresh_ranked` can keep `methodology`'s rows (it has rank gates, and
    none of the stages they read is behind a rank gate)."""
    ranked = gate_reads(methodology)[1]
    return bool(ranked) and not set(ranked) & rank_dependent(methodology)


def _rank_gates(methodology: Methodology, stage: str) -> list[Gate]:
    return [g for s in methodology.stages for g in s.gates if g.top is not None
            and g.stage == stage]


def _admits(gates: Sequence[Gate], rank: int | None) -> tuple[bool, ...]:
    return tuple(rank is not None and rank <= g.top for g in gates)  # type: ignore[operator]


def _scores_of(result: Result, stage: str) -> Decimal | None:
    st = result.stages.get(stage)
    return st.score if st is not None and st.status is StageStatus.TAKEN else None


Insert = Callable[[Session, int, int, Iterable[CycleResult]], int]


def refresh_ranked(session: Session, cycle: Cycle, body_ids: Collection[int],
                   generation: int, insert: Insert) -> bool:
    """Write the rows of the bodies of `body_ids` and of the others of their categories
    whose rows change (see the module doc), with `generation`; `insert` writes new rows
    (:func:`monev.outcomes.projection._insert`: the projection's encoding). False (nothing
    written) when the methodology needs a rebuild instead (:func:`applies`)."""
    methodology = methodology_of(cycle)
    if not applies(methodology):
        return False
    ranked = gate_reads(methodology)[1]
    gates = {stage: _rank_gates(methodology, stage) for stage in ranked}
    ids = sorted(body_ids)
    with gc_paused():
        cases, index = build_cases(session, cycle, methodology, ids)
        # Scores in the ranked stages depend on the body's own data alone (applies): any
        # ranks give them; rank 1 opens every rank gate (the engine's provisional pass).
        opened = {stage: 1 for stage in ranked}
        provisional = [score(case, methodology, opened) for case in cases]
        categories = {c.category for c in cases} | set(session.scalars(
            select(BodyResult.category).where(BodyResult.cycle_id == cycle.id,
                                              BodyResult.badan_publik_id.in_(ids))))
        # The other bodies of those categories as stored: id, category, summary.
        others: list[tuple[int, str, dict[str, Any]]] = [
            (row[0], row[1], orjson.loads(row[2])) for row in session.connection().execute(
                select(BodyResult.badan_publik_id, BodyResult.category,
                       cast(BodyResult.summary, Text))
                .where(BodyResult.cycle_id == cycle.id,
                       BodyResult.category.in_(sorted(categories)),
                       BodyResult.badan_publik_id.not_in(ids))).all()]  # (fetchall)
        entries = [{e[0]: e for e in summary["s"]} for _, _, summary in others]
        # New ranks per ranked stage: the bodies written first, then the others.
        new_ranks: dict[str, list[int | None]] = {}
        for stage in ranked:
            scored = [(r.category, _scores_of(r, stage)) for r in provisional]
            for (_, category, _), by_stage in zip(others, entries, strict=True):
                entry = by_stage.get(stage)
                scored.append((category, Decimal(entry[1]) if entry is not None
                               and entry[2] == _TAKEN and entry[1] is not None else None))
            new_ranks[stage] = ranks_within_category(scored)
        written = len(provisional)
        results = [score(case, methodology, {
            stage: rank for stage in ranked if (rank := new_ranks[stage][n]) is not None})
            for n, case in enumerate(cases)]
        # The others whose ranks moved: a new rank only, or scored again.
        again: dict[int, dict[str, int]] = {}
        patched: list[dict[str, Any]] = []
        for n, ((body_id, _, summary), by_stage) in enumerate(zip(others, entries,
                                                                  strict=True)):
            moved = False
            rescore = False
            for stage in ranked:
                entry = by_stage.get(stage)
                new = new_ranks[stage][written + n]
                old = entry[_RANK] if entry is not None and len(entry) > _RANK else None
                if new == old:
                    continue
                moved = True
                if _admits(gates[stage], new) != _admits(gates[stage], old):
                    rescore = True
                elif entry is not None:
                    if len(entry) <= _RANK:
                        entry.extend([None] * (_RANK + 1 - len(entry)))
                    entry[_RANK] = new
            if rescore:
                again[body_id] = {stage: rank for stage in ranked
                                  if (rank := new_ranks[stage][written + n]) is not None}
            elif moved:
                patched.append({"cycle": cycle.id, "body": body_id,
                                "new_summary": summary})
        found = [CycleResult(*index[r.badan_publik], r) for r in results]
        if again:
            cases_again, index_again = build_cases(session, cycle, methodology, again)
            for case in cases_again:
                body_id, region = index_again[case.badan_publik]
                found.append(CycleResult(body_id, region,
                                         score(case, methodology, again[body_id])))
        session.execute(delete(BodyResult).where(
            BodyResult.cycle_id == cycle.id,
            BodyResult.badan_publik_id.in_(sorted({*ids, *again}))))
        insert(session, cycle.id, generation, found)
        if patched:  # Core executemany: the ORM's bulk update costs several times more
            table = BodyResult.__table__
            session.connection().execute(
                update(table).where(table.c.cycle_id == bindparam("cycle"),
                                    table.c.badan_publik_id == bindparam("body"))
                .values(summary=bindparam("new_summary"), generation=generation), patched)
    return True
