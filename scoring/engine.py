"""The scoring engine: one :class:`~scoring.inputs.Case` + a methodology → a
:class:`~scoring.results.Result`. Pure: no I/O; the only state is the cache of compiled
plans and their memos (:mod:`scoring.plan`), which never changes a result.

Questions earn points (raw from the self-reported answers with the data dukung rule;
verified with the verifikator's value where there is one), indicators are earned/possible
× 100 (a *nihil* answer leaves both), a questionnaire stage is Σ weight × score / Σ weight
over its indicators with possible points (verified counts), a panel
stage is the mean of the jurors' weighted totals, gates and missing-stage policies decide
which stages count, and the final is Σ w·s / Σ w over counted stages plus bonuses, clamped
to [0, 100] and rounded half-up before it is classified. Full precision is kept until then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, localcontext

from questionnaires.model import Methodology
from questionnaires.submission import Answer
from scoring.inputs import Case, PanelScore, ScoringError, Verification
from scoring.plan import HUNDRED, MEMO_LIMIT, ZERO, CategoryPlan, StagePlan, gc_paused, plan_for
from scoring.predicate import band_for
from scoring.results import IndicatorScore, QuestionScore, Result, StageScore, StageStatus
from scoring.rounding import EXACT, round_score


def score(case: Case, methodology: Methodology) -> Result:
    """Score one BP. Raises :class:`ScoringError` for inputs that do not fit the methodology."""
    with localcontext(EXACT):
        return _score(case, methodology)


def score_all(cases: Iterable[Case], methodology: Methodology) -> list[Result]:
    """Score many BPs (results in input order; see :func:`scoring.ranking.rank`)."""
    with localcontext(EXACT), gc_paused():
        return [_score(case, methodology) for case in cases]


def _score(case: Case, m: Methodology) -> Result:
    plan = plan_for(m, case.category)
    sub = case.submission
    if sub is None or not case.participation.scored:
        return Result(badan_publik=case.badan_publik, category=case.category,
                      methodology_id=m.id, methodology_version=m.version,
                      participation=case.participation)
    if sub.methodology_id != m.id:
        raise ScoringError(f"{case.badan_publik}: jawaban untuk metodologi "
                           f"{sub.methodology_id!r}, bukan {m.id!r}")
    if sub.category != case.category:
        raise ScoringError(f"{case.badan_publik}: kategori jawaban {sub.category!r} "
                           f"berbeda dengan {case.category!r}")
    questions, earned_raw, earned, possible_raw, possible = _questions(
        plan, sub.answers, case.verifications, case)
    panel = _group_panel(plan, case.panel, case)
    decimals = plan.decimals

    indicators: dict[str, IndicatorScore] = {}
    stages: dict[str, StageScore] = {}
    rounded: dict[str, Decimal | None] = {}
    saq_raw = saq_verified = None
    num = den = ZERO
    for sp in plan.stages:
        stage = sp.stage
        raw_r: Decimal | None = None
        jurors: dict[str, Decimal] = {}
        exact: Decimal | None
        if sp.questionnaire:
            raw, exact = _questionnaire(plan, sp, earned_raw, earned, possible_raw, possible,
                                        indicators, decimals)
            raw_r = round_score(raw, decimals)
            if saq_raw is None:
                saq_raw, saq_verified = raw_r, round_score(exact, decimals)
        else:
            exact = _panel(plan, sp, panel.get(stage.code), indicators, jurors, decimals)
        status = StageStatus.TAKEN if exact is not None else StageStatus.MISSING
        gate = stage.gate
        if gate is not None:
            prior = rounded.get(gate.stage)
            if prior is None or prior < gate.min_score:
                status, exact = StageStatus.BELOW_GATE, gate.below_gate_score
        if exact is None:
            counted = sp.missing_counts_zero
            stage_r = None
            if counted:
                den += stage.weight
        else:
            counted = True
            stage_r = round_score(exact, decimals)
            num += stage.weight * exact
            den += stage.weight
        rounded[stage.code] = stage_r
        stages[stage.code] = StageScore(code=stage.code, score=stage_r, status=status,
                                        counted=counted, raw=raw_r, jurors=jurors)

    bonuses = tuple(case.bonuses)
    bonus = sum((b.points for b in bonuses), ZERO)
    final_exact = (num / den if den else ZERO) + bonus
    final = round_score(min(max(final_exact, ZERO), HUNDRED), decimals)
    return Result(
        badan_publik=case.badan_publik, category=case.category, methodology_id=m.id,
        methodology_version=m.version, participation=case.participation,
        questions=questions,
        notes={c: v.reason for c, v in case.verifications.items() if v.reason},
        indicators=indicators, saq_raw=saq_raw, saq_verified=saq_verified, stages=stages,
        bonus=bonus, bonuses=bonuses, final=final, predicate=band_for(final, plan.bands),
        final_exact=final_exact,
    )


def _questions(plan: CategoryPlan, answers: Mapping[str, Answer],
               verifications: Mapping[str, Verification], case: Case,
               ) -> tuple[tuple[QuestionScore, ...], list[Decimal], list[Decimal],
                          Sequence[Decimal], Sequence[Decimal]]:
    """Every methodology question's score, earned points (raw, verified) per slot and
    possible points (raw, verified) per slot — the plan's, less the *nihil* answers'."""
    if verifications:
        for code, v in verifications.items():
            if code not in plan.by_code or v.question != code:
                raise ScoringError(f"{case.badan_publik}: verifikasi untuk pertanyaan "
                                   f"{code!r} tidak dikenal")
    n = len(plan.indicators)
    earned_raw = [ZERO] * n
    earned = [ZERO] * n
    possible_raw: Sequence[Decimal] = plan.possible
    possible: Sequence[Decimal] = plan.possible
    out: list[QuestionScore] = []
    append = out.append
    get_answer = answers.get
    for q, code, slot, memo, evidence_free in plan.hot:
        if slot < 0:  # not applicable to this category: a fixed score
            append(q)  # type: ignore[arg-type]
            continue
        answer = get_answer(code)
        if answer is None or answer.value is None:
            value, has_evidence = None, False
        else:
            value = answer.value
            # Answer.has_evidence, inlined (hot loop).
            has_evidence = evidence_free or answer.evidence.strip() != ""
        # Inlined QuestionPlan.score (same keys as plan.memo_key): this loop is the hot path.
        v = verifications.get(code) if verifications else None
        if v is None:
            key: tuple = (value.__class__, value, has_evidence)
        else:
            key = (value.__class__, value, has_evidence, v.value.__class__, v.value)
        try:
            qs = memo.get(key)
        except TypeError:  # unhashable value: compute without the memo
            qs = q.score(value, has_evidence, *(() if v is None else (v.value, True)))
        if qs is None:
            qs = q.remember(key, q.compute(
                value, has_evidence, *(() if v is None else (v.value, True))))
        append(qs)
        if qs.earned_raw:
            earned_raw[slot] += qs.earned_raw
        if qs.earned:
            earned[slot] += qs.earned
        if qs.nil:  # rare: copy the plan's possible points on the first nihil answer
            if possible_raw is plan.possible:
                possible_raw, possible = list(plan.possible), list(plan.possible)
            possible_raw[slot] -= q.points - qs.possible_raw  # type: ignore[index]
            possible[slot] -= q.points - qs.possible  # type: ignore[index]
    return tuple(out), earned_raw, earned, possible_raw, possible


def _questionnaire(plan: CategoryPlan, sp: StagePlan, earned_raw: list[Decimal],
                   earned: list[Decimal], possible_raw: Sequence[Decimal],
                   possible: Sequence[Decimal], indicators: dict[str, IndicatorScore],
                   decimals: int) -> tuple[Decimal, Decimal]:
    """Raw and verified stage score; fills the stage's indicator scores (rounded).

    The stage is Σ weight × score / Σ weight over the indicators that have possible
    points: an indicator none of whose questions applies (or all answered *nihil*) scores
    None and its weight leaves the denominator. With no such indicator at all the stage
    scores 0.
    """
    raw = ver = raw_w = ver_w = ZERO
    for slot in sp.slots:
        ind = plan.indicators[slot]
        memo = plan.indicator_memo[slot]
        pr, pv = possible_raw[slot], possible[slot]
        key = (earned_raw[slot], earned[slot], pr, pv)
        found = memo.get(key)
        if found is None:
            r = key[0] * HUNDRED / pr if pr else None
            v = key[1] * HUNDRED / pv if pv else None
            found = (IndicatorScore(ind.code, ind.stage,
                                    None if r is None else round_score(r, decimals),
                                    None if v is None else round_score(v, decimals)), r, v)
            if len(memo) < MEMO_LIMIT:
                memo[key] = found
        indicators[ind.code] = found[0]
        weight = ind.weight
        if found[1] is not None:
            raw += weight * found[1]
            raw_w += weight
        if found[2] is not None:
            ver += weight * found[2]
            ver_w += weight
    return (raw / raw_w if raw_w else ZERO), (ver / ver_w if ver_w else ZERO)


def _group_panel(plan: CategoryPlan, rows: Sequence[PanelScore], case: Case,
                 ) -> dict[str, tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]]]:
    """Per panel stage: juror → aspect → score, and aspect → Σ score over jurors.

    Rejects rows of unknown stages or aspects and a juror scoring an aspect twice.
    Sums of short decimals are exact, so the order of the rows never matters.
    """
    grouped: dict[str, tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]]] = {}
    weights_of = plan.panel_weights
    for row in rows:
        stage, aspect, juror, value = row.stage, row.indicator, row.juror, row.score
        entry = grouped.get(stage)
        if entry is None:
            if stage not in weights_of:
                raise ScoringError(f"{case.badan_publik}: {stage!r} bukan tahapan panel")
            entry = grouped[stage] = ({}, {})
        if aspect not in weights_of[stage]:
            raise ScoringError(f"{case.badan_publik}: aspek {aspect!r} tidak ada di "
                               f"tahapan {stage}")
        by_juror, sums = entry
        scores = by_juror.get(juror)
        if scores is None:
            scores = by_juror[juror] = {}
        elif aspect in scores:
            raise ScoringError(f"{case.badan_publik}: juri {juror} menilai aspek "
                               f"{aspect} lebih dari sekali")
        scores[aspect] = value
        sums[aspect] = sums[aspect] + value if aspect in sums else value
    return grouped


def _panel(plan: CategoryPlan, sp: StagePlan,
           grouped: tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]] | None,
           indicators: dict[str, IndicatorScore], jurors: dict[str, Decimal],
           decimals: int) -> Decimal | None:
    """Mean of juror totals (None without rows); fills aspect means and juror totals.

    A juror's total is Σ aspect weight × score / 100, an aspect they did not score
    counting 0; aspect means count it 0 as well, so Σ weight × mean / 100 = stage score.
    """
    if not grouped:
        for ind in sp.indicators:
            indicators[ind.code] = IndicatorScore(ind.code, ind.stage, None, None)
        return None
    by_juror, sums = grouped
    weights = plan.panel_weights[sp.stage.code]
    count = Decimal(len(by_juror))
    total = ZERO
    for juror in sorted(by_juror):
        juror_total = ZERO
        for aspect, value in by_juror[juror].items():
            juror_total += weights[aspect] * value
        juror_total /= HUNDRED
        jurors[juror] = round_score(juror_total, decimals)
        total += juror_total
    memo = plan.panel_memo
    for ind in sp.indicators:
        mean = sums.get(ind.code, ZERO) / count
        found = memo.get((ind.code, mean))
        if found is None:
            found = IndicatorScore(ind.code, ind.stage, *(round_score(mean, decimals),) * 2)
            if len(memo) < MEMO_LIMIT:
                memo[(ind.code, mean)] = found
        indicators[ind.code] = found  # type: ignore[assignment]
    return total / count
