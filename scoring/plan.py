"""Compiled scoring plans: everything about a (methodology, category) pair that does not
depend on a BP's answers, built once and cached.

A :class:`QuestionPlan` turns one answer (plus its verification) into a
:class:`~scoring.results.QuestionScore`; identical inputs give the same immutable object,
memoised per question and, for the engine's batch lookup, in one table per methodology
(:class:`QuestionTables`): a question scores the same in every category that asks it, so
the category plans of a methodology share its question plans and that table.
:func:`gc_paused` keeps the cyclic garbage collector from walking the caller's whole heap
in the middle of a batch (the engine creates no reference cycles).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from threading import Lock

from questionnaires import answer_types
from questionnaires.model import (
    Band,
    EvidencePolicy,
    Gate,
    GateBasis,
    GateComparison,
    Indicator,
    Methodology,
    MissingStagePolicy,
    Question,
    Stage,
    StageKind,
)
from questionnaires.submission import NIL
from scoring.gates import gate_reads
from scoring.inputs import ScoringError
from scoring.predicate import sorted_bands
from scoring.results import IndicatorScore, QuestionScore, Reason, new_question_score
from scoring.rounding import round_score, step_of

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MEMO_LIMIT = 4096  # per question; beyond it scores are computed without memoising
UNIT_SCALE = 12  # earned points are summed as integers of 10^-UNIT_SCALE points when exact
SEQUENCE_BITS = 8  # per question in an indicator's sequence code
_PLAN_LIMIT = 64


class _Unanswered:
    """Stands in for the :class:`~questionnaires.submission.Answer` of a question the
    submission has no row for (the engine reads `value` and `evidence` of every question)."""

    __slots__ = ()
    value = None
    evidence = ""


UNANSWERED = _Unanswered()


def memo_key(value: object, has_evidence: bool, verified: object = None,
             checked: bool = False) -> tuple:
    """Memo key of a question's inputs; the classes keep ``True`` and ``1`` apart."""
    if checked:
        return (value.__class__, value, has_evidence, verified.__class__, verified)
    return (value.__class__, value, has_evidence)


class QuestionPlan:
    """One applicable question, precompiled: its answer type's scorer, memo."""

    __slots__ = (
        "awaits",
        "code",
        "earned_by",
        "indicator",
        "memo",
        "nil_ok",
        "points",
        "policy",
        "slot",
    )

    def __init__(self, question: Question, slot: int) -> None:
        self.code = question.code
        self.indicator = question.indicator
        self.slot = slot  # index of the indicator among the questionnaire indicators
        self.points = question.points
        # Enums re-coerced: a model_copy(update=...) can leave plain strings in the model.
        self.policy = EvidencePolicy(question.evidence)
        # Points of a value (None: not one of the answers), compiled once per question.
        spec = answer_types.get(question.type)
        self.earned_by = spec.scorer(question)
        # Values that earn nothing until the verifikator scores them (a text as written).
        self.awaits = spec.awaits_verifier
        self.memo: dict[tuple, QuestionScore] = {}
        self.nil_ok = question.allow_na

    def earn(self, value: object) -> tuple[Decimal, Reason]:
        """Points a (not None) value earns, ignoring evidence, and why."""
        if value.__class__ is str and value == NIL:
            return ZERO, (Reason.NIL if self.nil_ok else Reason.INVALID)
        earned = self.earned_by(value)
        if earned is None:
            return ZERO, Reason.INVALID
        if earned == self.points:
            return earned, Reason.FULL
        if earned == 0:
            return earned, (Reason.AWAITING if self.awaits(value) else Reason.ANSWERED_NO)
        return earned, Reason.PARTIAL

    def score(self, value: object, has_evidence: bool, verified: object = None,
              checked: bool = False) -> QuestionScore:
        """The question's score for a self-reported value and an optional verification.

        The engine inlines this lookup; keys must match :func:`memo_key`.
        """
        key = memo_key(value, has_evidence, verified, checked)
        try:
            found = self.memo.get(key)
        except TypeError:  # an unhashable value (a set instead of a frozenset)
            return self.compute(value, has_evidence, verified, checked)
        if found is None:
            found = self.remember(key, self.compute(value, has_evidence, verified, checked))
        return found

    def remember(self, key: tuple, found: QuestionScore) -> QuestionScore:
        if len(self.memo) < MEMO_LIMIT:
            self.memo[key] = found
        return found

    def compute(self, value: object, has_evidence: bool, verified: object = None,
                checked: bool = False) -> QuestionScore:
        flagged = False
        if value is None:
            earned_raw, reason_raw = ZERO, Reason.NOT_ANSWERED
        else:
            earned_raw, reason_raw = self.earn(value)
            if earned_raw > 0 and not has_evidence:
                if self.policy is EvidencePolicy.REQUIRED:
                    earned_raw, reason_raw = ZERO, Reason.NO_EVIDENCE
                elif self.policy is EvidencePolicy.FLAG:
                    flagged = True
        if not checked:
            earned, reason = earned_raw, reason_raw
        else:
            if verified is None:
                earned, reason = ZERO, Reason.NOT_ANSWERED
            else:
                earned, reason = self.earn(verified)
            differs = verified != value or verified.__class__ is not value.__class__
            nil_verified = reason is Reason.NIL
            if differs and reason is not Reason.INVALID:
                reason = Reason.OVERRIDDEN
        # A nihil answer leaves the question out of its indicator (earned and possible).
        nil_raw = reason_raw is Reason.NIL
        nil = nil_verified if checked else nil_raw
        return new_question_score(  # QuestionScore(...), cheaper
            code=self.code, indicator=self.indicator, possible=ZERO if nil else self.points,
            earned_raw=earned_raw, earned=earned, reason_raw=reason_raw, reason=reason,
            value=value, verified=verified if checked else None, flagged=flagged,
            possible_raw=ZERO if nil_raw else self.points, nil=nil or nil_raw,
        )


@dataclass(frozen=True, slots=True)
class QuestionTables:
    """What the category plans of one methodology share; an index is a question's place
    in ``methodology.questions``."""

    methodology: Methodology
    plans: dict[str, QuestionPlan]  # question code → its plan
    # (index, value class, value, evidence present) → (score, units, sequence code): see
    # CategoryPlan.lookup. Bounded by MEMO_LIMIT per question.
    lookup: dict[tuple, tuple[QuestionScore, int | float | None, int | float]]
    value_codes: tuple[dict[str, int], ...]  # per index, keyed on the earned points' text
    shifts: tuple[int, ...]  # per index: SEQUENCE_BITS × its place among its indicator's


@dataclass(frozen=True, slots=True)
class StagePlan:
    stage: Stage
    indicators: tuple[Indicator, ...]
    slots: tuple[int, ...]  # questionnaire stages: indicator slots of this stage
    questionnaire: bool
    missing_counts_zero: bool
    # The stage's fields the engine reads per BP (plain attributes are faster to read).
    code: str
    weight: Decimal
    # The stage's gates (see scoring.gates), in order: (earlier stage, kind, bound,
    # below_gate_score, below_gate_score rounded); kind is GATE_AT_LEAST / GATE_ABOVE on
    # the published score, + GATE_EXACT on the exact one, or GATE_TOP (bound: N).
    gates: tuple[tuple[str, int, Decimal | int, Decimal, Decimal], ...]
    keep_exact: bool  # a gate reads this stage's exact score: StageScore.exact is kept
    ranked: bool  # a rank gate reads this stage: StageScore.rank is kept
    # Questionnaire stages: indicator codes of `slots`; callables picking the outcomes of
    # `slots`, and of the slots with possible points in the plan (`live`), out of the
    # list of all slots' outcomes; Σ weight of the live slots (added in slot order).
    # Weights are the indicators' weights for the plan's category.
    slot_codes: tuple[str, ...]
    slot_weights: tuple[Decimal, ...]
    pick: Callable[[list], Sequence]
    live: Callable[[list], Sequence]
    live_weight: Decimal
    # A monitoring stage: its items for the plan's category, (question code, points) in
    # methodology order, and Σ points (added in that order); None for other stages.
    site: tuple[tuple[str, Decimal], ...] | None = None
    site_possible: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class CategoryPlan:
    """Everything needed to score BPs of one category under one methodology."""

    methodology: Methodology
    category: str
    # In methodology order: a QuestionPlan, or the fixed score of a not-applicable question.
    entries: tuple[QuestionPlan | QuestionScore, ...]
    by_code: dict[str, QuestionPlan | QuestionScore]
    indicators: tuple[Indicator, ...]  # questionnaire indicators, by slot
    weights: tuple[Decimal, ...]  # their weights for the category, by slot
    possible: tuple[Decimal, ...]  # possible points per slot for this category
    stages: tuple[StagePlan, ...]
    # panel stage → aspect → weight (for the category)
    panel_weights: dict[str, dict[str, Decimal]]
    decimals: int
    step: Decimal  # of a published score: scoring.rounding.step_of(decimals)
    bands: tuple[Band, ...]  # high → low
    band_edges: tuple[tuple[Decimal, Band], ...]  # (lower, band), high → low
    methodology_id: str
    methodology_version: str
    # Memos of rounded scores: per slot (earned raw, earned, possible raw, possible) →
    # (score, exact raw, exact verified, weight × exact raw, weight × exact verified), and
    # the same keyed on the earned points in units (see `lookup`), on the sequence code of
    # the earned points when some are not exact in units, or on the earned points, for the
    # common case (no verification, no nihil answer: possible points are the plan's,
    # verified = raw); panel (aspect, exact mean) → score. A Decimal in a key is its text
    # (exact, and far cheaper than hashing an inexact Decimal). Each bounded by MEMO_LIMIT.
    indicator_memo: tuple[dict[tuple[str, str, str, str], tuple], ...]
    units_memo: tuple[dict[int, tuple], ...]
    sequence_memo: tuple[dict[int, tuple], ...]  # keyed on a sequence code (see `lookup`)
    earned_memo: tuple[dict[str, tuple], ...]
    panel_memo: dict[tuple[str, str], object]
    # The engine's batch view of the questions asked of the category (see
    # scoring.engine._question_scores); a position is an index into `asked`:
    asked: tuple[QuestionPlan, ...]  # in methodology order
    codes: tuple[str, ...]  # their codes
    absent: tuple[_Unanswered, ...]  # UNANSWERED once per question (default of the lookup)
    indices: tuple[int, ...]  # per position: the question's index in the methodology
    position: dict[str, int]  # code → position
    not_asked: list[QuestionScore]  # the fixed scores of the other questions
    # (scores of `asked` + `not_asked`) → every question's score in methodology order
    merge: Callable[[list[QuestionScore]], tuple[QuestionScore, ...]]
    # Shared by the methodology's plans (QuestionTables): (index, value class, value,
    # evidence present) → (score, units, sequence code): every question's scores in one
    # dict, so one map() looks up a submission. Units are the earned points × 10^UNIT_SCALE
    # as an int when that is exact (NaN otherwise, None for a nihil answer); the sequence
    # code is the number of the earned value among the question's earned values seen
    # (`value_codes`, 0 for none), shifted left by SEQUENCE_BITS × the question's index
    # among its indicator's questions in the methodology (`shifts`), so that the sum over
    # an indicator's questions identifies the sequence of their earned points (NaN past
    # 2^SEQUENCE_BITS - 1 values). Bounded by MEMO_LIMIT per question.
    lookup: dict[tuple, tuple[QuestionScore, int | float | None, int | float]]
    value_codes: tuple[dict[str, int], ...]  # per index, keyed on the earned points' text
    shifts: tuple[int, ...]  # per index
    # Per slot: a callable picking the slot's items out of a list by position (a slice
    # when its questions are contiguous).
    groups: tuple[Callable[[list], Sequence], ...]
    # Per panel stage: aspect code → its score, for a BP without juror rows (a dict: one
    # dict.update with a dict copies it at C speed, with pairs it unpacks each pair).
    panel_absent: dict[str, dict[str, IndicatorScore]]


def _compile(methodology: Methodology, category: str) -> CategoryPlan:
    # Only the tuples are read, never the model's cached lookups (stale after model_copy).
    codes = [c.code for c in methodology.categories]
    if category not in codes:
        known = ", ".join(codes)
        raise ScoringError(f"kategori {category!r} tidak ada di metodologi "
                           f"{methodology.id} (dikenal: {known})")
    kinds = {s.code: StageKind(s.kind) for s in methodology.stages}
    q_inds = tuple(i for i in methodology.indicators
                   if kinds.get(i.stage) is StageKind.QUESTIONNAIRE)
    slot_of = {ind.code: n for n, ind in enumerate(q_inds)}
    tables = _tables_for(methodology, slot_of)
    possible = [ZERO] * len(q_inds)
    entries: list[QuestionPlan | QuestionScore] = []
    indices: list[int] = []
    for index, q in enumerate(methodology.questions):
        if q.applies_to(category):
            entries.append(tables.plans[q.code])
            indices.append(index)
            possible[slot_of[q.indicator]] += q.points
        else:
            entries.append(QuestionScore(
                code=q.code, indicator=q.indicator, possible=ZERO, earned_raw=ZERO,
                earned=ZERO, reason_raw=Reason.NOT_APPLICABLE, reason=Reason.NOT_APPLICABLE))
    asked = [e for e in entries if isinstance(e, QuestionPlan)]
    not_asked = [e for e in entries if not isinstance(e, QuestionPlan)]
    # Methodology order as indices into asked + not_asked.
    order, a, b = [], 0, len(asked)
    for e in entries:
        if isinstance(e, QuestionPlan):
            order.append(a)
            a += 1
        else:
            order.append(b)
            b += 1
    exact_read, rank_read = gate_reads(methodology)
    stages = tuple(_stage_plan(methodology, s, kinds[s.code] is StageKind.QUESTIONNAIRE,
                               slot_of, possible, category, s.code in exact_read,
                               s.code in rank_read) for s in methodology.stages)
    return CategoryPlan(
        methodology=methodology, category=category, entries=tuple(entries),
        by_code={e.code: e for e in entries},
        indicators=q_inds, weights=tuple(i.weight_for(category) for i in q_inds),
        possible=tuple(possible),
        stages=stages,
        panel_weights={p.stage.code: {i.code: i.weight_for(category) for i in p.indicators}
                       for p in stages if not p.questionnaire and p.site is None},
        decimals=methodology.rounding.decimals, step=step_of(methodology.rounding.decimals),
        bands=sorted_bands(methodology),
        band_edges=tuple((b.lower, b) for b in sorted_bands(methodology)),
        methodology_id=methodology.id, methodology_version=methodology.version,
        indicator_memo=tuple({} for _ in q_inds), units_memo=tuple({} for _ in q_inds),
        sequence_memo=tuple({} for _ in q_inds), earned_memo=tuple({} for _ in q_inds),
        value_codes=tables.value_codes, shifts=tables.shifts,
        panel_memo={}, asked=tuple(asked), codes=tuple(e.code for e in asked),
        absent=(UNANSWERED,) * len(asked), indices=tuple(indices),
        position={e.code: n for n, e in enumerate(asked)}, not_asked=not_asked,
        merge=_merger(order), lookup=tables.lookup,
        groups=tuple(_picker([n for n, e in enumerate(asked) if e.slot == slot])
                     for slot in range(len(q_inds))),
        panel_absent={p.stage.code: {i.code: IndicatorScore(i.code, i.stage, None, None)
                                     for i in p.indicators}
                      for p in stages if not p.questionnaire and p.site is None},
    )


GATE_AT_LEAST, GATE_ABOVE, GATE_EXACT, GATE_TOP = 0, 1, 2, 4  # StagePlan.gates kinds


def _gate_plan(gate: Gate, decimals: int) -> tuple[str, int, Decimal | int, Decimal, Decimal]:
    below = gate.below_gate_score
    if gate.top is not None:
        return gate.stage, GATE_TOP, gate.top, below, round_score(below, decimals)
    kind = GATE_ABOVE if GateComparison(gate.comparison) is GateComparison.ABOVE \
        else GATE_AT_LEAST
    if GateBasis(gate.basis) is GateBasis.EXACT:
        kind += GATE_EXACT
    bound = gate.min_score if gate.min_score is not None else HUNDRED + 1  # never passed
    return gate.stage, kind, bound, below, round_score(below, decimals)


def _stage_plan(methodology: Methodology, stage: Stage, questionnaire: bool,
                slot_of: dict[str, int], possible: list[Decimal], category: str,
                keep_exact: bool, ranked: bool) -> StagePlan:
    indicators = methodology.indicators_of(stage.code)
    slots = tuple(slot_of[i.code] for i in indicators if i.code in slot_of)
    live = [slot for slot in slots if possible[slot]]
    live_weight = ZERO
    for ind in indicators:
        if ind.code in slot_of and possible[slot_of[ind.code]]:
            live_weight += ind.weight_for(category)
    site: tuple[tuple[str, Decimal], ...] | None = None
    site_possible = ZERO
    if StageKind(stage.kind) is StageKind.MONITORING:
        listed = set(stage.questions)  # from the tuples (see _compile), as monitoring_items
        site = tuple((q.code, q.points) for q in methodology.questions
                     if q.signals is not None and q.applies_to(category)
                     and (not listed or q.code in listed))
        if not site:
            raise ScoringError(f"tahapan {stage.code}: tidak ada pertanyaan bersinyal yang "
                               f"dipantau untuk kategori {category!r}")
        for _, points in site:
            site_possible += points
    return StagePlan(
        stage=stage, indicators=indicators, slots=slots, questionnaire=questionnaire,
        missing_counts_zero=MissingStagePolicy(stage.missing) is MissingStagePolicy.ZERO,
        code=stage.code, weight=stage.weight,
        gates=tuple(_gate_plan(g, methodology.rounding.decimals) for g in stage.gates),
        keep_exact=keep_exact, ranked=ranked,
        slot_codes=tuple(i.code for i in indicators if i.code in slot_of),
        slot_weights=tuple(i.weight_for(category) for i in indicators if i.code in slot_of),
        pick=_picker(list(slots)), live=_picker(live), live_weight=live_weight,
        site=site, site_possible=site_possible)


def _merger(order: list[int]) -> Callable[[list[QuestionScore]], tuple[QuestionScore, ...]]:
    """A callable returning the items at `order` of a list, as a tuple."""
    if order == list(range(len(order))):
        return tuple
    if len(order) == 1:
        return lambda items: (items[0],)
    return itemgetter(*order)


def _picker(positions: list[int]) -> Callable[[list], Sequence]:
    """A C-level callable returning the items at `positions` (in order) of a list."""
    if not positions:
        return itemgetter(slice(0, 0))
    if positions == list(range(positions[0], positions[-1] + 1)):
        return itemgetter(slice(positions[0], positions[-1] + 1))
    return itemgetter(*positions)  # two or more positions: a tuple


# Keyed on id(): the plan holds a reference to its methodology, so the id cannot be reused
# by another object while the entry lives; the identity check guards against stale keys.
_plans: dict[tuple[int, str], CategoryPlan] = {}
_tables: dict[int, QuestionTables] = {}
_lock = Lock()


def _tables_for(methodology: Methodology, slot_of: dict[str, int]) -> QuestionTables:
    """The question tables of `methodology` (shared by its category plans), built on first
    use. Raises :class:`ScoringError` for a question of a panel indicator."""
    found = _tables.get(id(methodology))
    if found is not None and found.methodology is methodology:
        return found
    plans: dict[str, QuestionPlan] = {}
    shifts: list[int] = []
    seen = dict.fromkeys(slot_of, 0)
    for q in methodology.questions:
        if q.indicator not in slot_of:
            raise ScoringError(f"pertanyaan {q.code}: indikator {q.indicator!r} bukan "
                               f"indikator kuesioner")
        plans[q.code] = QuestionPlan(q, slot_of[q.indicator])
        shifts.append(SEQUENCE_BITS * seen[q.indicator])
        seen[q.indicator] += 1
    built = QuestionTables(methodology=methodology, plans=plans, lookup={},
                           value_codes=tuple({} for _ in shifts), shifts=tuple(shifts))
    with _lock:
        if len(_tables) >= _PLAN_LIMIT:
            _tables.pop(next(iter(_tables)))
        _tables[id(methodology)] = built
    return built


def plan_for(methodology: Methodology, category: str) -> CategoryPlan:
    """The compiled plan of (methodology, category), built on first use."""
    key = (id(methodology), category)
    found = _plans.get(key)
    if found is not None and found.methodology is methodology:
        return found
    built = _compile(methodology, category)
    with _lock:
        if len(_plans) >= _PLAN_LIMIT:
            _plans.pop(next(iter(_plans)))
        _plans[key] = built
    return built


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC for a batch; it resumes (if it was on) afterwards.

    Scoring 10,000 BPs allocates ~100,000 small objects; with the caller's submissions in
    memory (a million objects) that triggers a full collection costing ~0.5 s mid-batch.
    Nothing the engine allocates forms a cycle, so reference counting frees it all.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
