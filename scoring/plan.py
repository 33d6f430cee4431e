"""Compiled scoring plans: everything about a (methodology, category) pair that does not
depend on a BP's answers, built once and cached.

A :class:`QuestionPlan` turns one answer (plus its verification) into a
:class:`~scoring.results.QuestionScore`; identical inputs give the same immutable object,
memoised per question, which is what keeps scoring 10,000 BPs well under a second.
:func:`gc_paused` keeps the cyclic garbage collector from walking the caller's whole heap
in the middle of a batch (the engine creates no reference cycles).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from threading import Lock

from questionnaires import answer_types
from questionnaires.model import (
    Band,
    EvidencePolicy,
    Indicator,
    Methodology,
    MissingStagePolicy,
    Question,
    Stage,
    StageKind,
)
from questionnaires.submission import NIL
from scoring.inputs import ScoringError
from scoring.predicate import sorted_bands
from scoring.results import QuestionScore, Reason

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MEMO_LIMIT = 4096  # per question; beyond it scores are computed without memoising
_PLAN_LIMIT = 64


def memo_key(value: object, has_evidence: bool, verified: object = None,
             checked: bool = False) -> tuple:
    """Memo key of a question's inputs; the classes keep ``True`` and ``1`` apart."""
    if checked:
        return (value.__class__, value, has_evidence, verified.__class__, verified)
    return (value.__class__, value, has_evidence)


class QuestionPlan:
    """One applicable question, precompiled: its answer type's scorer, memo."""

    __slots__ = (
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
        self.earned_by = answer_types.get(question.type).scorer(question)
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
        return earned, (Reason.ANSWERED_NO if earned == 0 else Reason.PARTIAL)

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
        return QuestionScore(
            code=self.code, indicator=self.indicator, possible=ZERO if nil else self.points,
            earned_raw=earned_raw, earned=earned, reason_raw=reason_raw, reason=reason,
            value=value, verified=verified if checked else None, flagged=flagged,
            possible_raw=ZERO if nil_raw else self.points, nil=nil or nil_raw,
        )


@dataclass(frozen=True, slots=True)
class StagePlan:
    stage: Stage
    indicators: tuple[Indicator, ...]
    slots: tuple[int, ...]  # questionnaire stages: indicator slots of this stage
    questionnaire: bool
    missing_counts_zero: bool


@dataclass(frozen=True, slots=True)
class CategoryPlan:
    """Everything needed to score BPs of one category under one methodology."""

    methodology: Methodology
    category: str
    # In methodology order: a QuestionPlan, or the fixed score of a not-applicable question.
    entries: tuple[QuestionPlan | QuestionScore, ...]
    by_code: dict[str, QuestionPlan | QuestionScore]
    # The same entries unpacked for the engine's loop: (entry, code, slot or -1 when not
    # applicable, memo, True when the question asks no evidence).
    hot: tuple[tuple, ...]
    indicators: tuple[Indicator, ...]  # questionnaire indicators, by slot
    possible: tuple[Decimal, ...]  # possible points per slot for this category
    stages: tuple[StagePlan, ...]
    panel_weights: dict[str, dict[str, Decimal]]  # panel stage → aspect → weight
    decimals: int
    bands: tuple[Band, ...]  # high → low
    # Memos of rounded scores: per slot (earned raw, earned) → (score, exact raw, exact
    # verified); panel (aspect, exact mean) → score. Bounded by MEMO_LIMIT.
    indicator_memo: tuple[dict[tuple[Decimal, Decimal], tuple], ...]
    panel_memo: dict[tuple[str, Decimal], object]


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
    possible = [ZERO] * len(q_inds)
    entries: list[QuestionPlan | QuestionScore] = []
    for q in methodology.questions:
        if q.indicator not in slot_of:
            raise ScoringError(f"pertanyaan {q.code}: indikator {q.indicator!r} bukan "
                               f"indikator kuesioner")
        if q.applies_to(category):
            entries.append(QuestionPlan(q, slot_of[q.indicator]))
            possible[slot_of[q.indicator]] += q.points
        else:
            entries.append(QuestionScore(
                code=q.code, indicator=q.indicator, possible=ZERO, earned_raw=ZERO,
                earned=ZERO, reason_raw=Reason.NOT_APPLICABLE, reason=Reason.NOT_APPLICABLE))
    stages = tuple(
        StagePlan(stage=s, indicators=methodology.indicators_of(s.code),
                  slots=tuple(slot_of[i.code] for i in methodology.indicators_of(s.code)
                              if i.code in slot_of),
                  questionnaire=kinds[s.code] is StageKind.QUESTIONNAIRE,
                  missing_counts_zero=MissingStagePolicy(s.missing) is MissingStagePolicy.ZERO)
        for s in methodology.stages
    )
    return CategoryPlan(
        methodology=methodology, category=category, entries=tuple(entries),
        by_code={e.code: e for e in entries},
        hot=tuple((e, e.code, e.slot, e.memo, e.policy is EvidencePolicy.NONE)
                  if isinstance(e, QuestionPlan) else (e, e.code, -1, None, False)
                  for e in entries), indicators=q_inds, possible=tuple(possible),
        stages=stages,
        panel_weights={p.stage.code: {i.code: i.weight for i in p.indicators}
                       for p in stages if not p.questionnaire},
        decimals=methodology.rounding.decimals, bands=sorted_bands(methodology),
        indicator_memo=tuple({} for _ in q_inds), panel_memo={},
    )


# Keyed on id(): the plan holds a reference to its methodology, so the id cannot be reused
# by another object while the entry lives; the identity check guards against stale keys.
_plans: dict[tuple[int, str], CategoryPlan] = {}
_lock = Lock()


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
