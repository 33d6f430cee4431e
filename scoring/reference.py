"""A straightforward reference of the scoring engine, for tests only.

:func:`score_reference` computes a :class:`~scoring.results.Result` the plain way — every
question scored afresh (:meth:`~scoring.plan.QuestionPlan.compute`, no memo), every sum
added in methodology order, nothing cached or shared — with the arithmetic of
:mod:`scoring.engine` (same additions in the same order, zeros skipped, the same roundings;
the engine also leaves out ``0 + x`` and ``x + 0`` where they cannot change the value), so
the two must agree on every field, down to the representation of each ``Decimal``.
The fast engine is checked against it on thousands of random cases
(``tests/scoring/test_scoring_fast_equals_reference.py``). Never used to publish scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext

from questionnaires.model import (
    EvidencePolicy,
    Methodology,
    MissingStagePolicy,
    StageKind,
    TieBreaker,
)
from scoring.gates import gate_reads, passes, stage_ranks
from scoring.inputs import Case, ScoringError
from scoring.plan import QuestionPlan
from scoring.predicate import band_for, sorted_bands
from scoring.results import (
    IndicatorScore,
    QuestionScore,
    Reason,
    Result,
    SiteItemScore,
    StageScore,
    StageStatus,
)
from scoring.rounding import EXACT, round_score

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def score_reference(case: Case, methodology: Methodology,
                    ranks: Mapping[str, int] | None = None, *,
                    provisional: bool = False) -> Result:
    """Score one BP without any memo or shortcut (the engine's specification, executable).

    `ranks`: the BP's rank within its category in each stage a rank gate reads (see
    :mod:`scoring.gates`); `provisional`: a rank not given admits the BP (a first pass of
    :func:`score_all_reference`) instead of raising :class:`ScoringError`."""
    with localcontext(EXACT):
        return _score(case, methodology, ranks or {}, provisional)


def score_all_reference(cases: Sequence[Case], methodology: Methodology) -> list[Result]:
    """Score many BPs the plain way: a first pass with every rank gate open, then per stage
    a rank gate reads (in stage order) its ranks from the last pass and a pass again."""
    _, ranked = gate_reads(methodology)
    ranks: list[dict[str, int]] = [{} for _ in cases]
    results = [score_reference(c, methodology, ranks[n], provisional=bool(ranked))
               for n, c in enumerate(cases)]
    for done, stage in enumerate(ranked, 1):
        for n, rank in enumerate(stage_ranks(results, stage)):
            if rank is not None:
                ranks[n][stage] = rank
        results = [score_reference(c, methodology, ranks[n], provisional=done < len(ranked))
                   for n, c in enumerate(cases)]
    return results


def _score(case: Case, m: Methodology, ranks: Mapping[str, int],
           provisional: bool) -> Result:
    categories = [c.code for c in m.categories]
    if case.category not in categories:
        raise ScoringError(f"kategori {case.category!r} tidak ada di metodologi {m.id}")
    sub = case.submission
    if sub is None or not case.participation.scored:
        return Result(badan_publik=case.badan_publik, category=case.category,
                      methodology_id=m.id, methodology_version=m.version,
                      participation=case.participation)
    if sub.methodology_id != m.id or sub.category != case.category:
        raise ScoringError(f"{case.badan_publik}: jawaban tidak cocok")
    kinds = {s.code: StageKind(s.kind) for s in m.stages}
    category = case.category
    exact_read, rank_read = gate_reads(m)
    q_inds = [i for i in m.indicators if kinds[i.stage] is StageKind.QUESTIONNAIRE]
    codes = {q.code for q in m.questions}
    for code, v in case.verifications.items():
        if code not in codes or v.question != code:
            raise ScoringError(f"{case.badan_publik}: verifikasi untuk pertanyaan {code!r} "
                               f"tidak dikenal")

    # Questions: earned and possible points per indicator, in methodology order.
    earned_raw = {i.code: ZERO for i in q_inds}
    earned = {i.code: ZERO for i in q_inds}
    possible = {i.code: ZERO for i in q_inds}
    for q in m.questions:
        if q.applies_to(case.category):
            possible[q.indicator] += q.points
    possible_raw = dict(possible)
    questions: list[QuestionScore] = []
    for q in m.questions:
        if not q.applies_to(case.category):
            questions.append(QuestionScore(
                code=q.code, indicator=q.indicator, possible=ZERO, earned_raw=ZERO,
                earned=ZERO, reason_raw=Reason.NOT_APPLICABLE, reason=Reason.NOT_APPLICABLE))
            continue
        plan = QuestionPlan(q, 0)
        answer = sub.answers.get(q.code)
        value = None if answer is None else answer.value
        has_evidence = value is not None and (
            EvidencePolicy(q.evidence) is EvidencePolicy.NONE
            or answer.evidence.strip() != "")  # type: ignore[union-attr]
        v = case.verifications.get(q.code)
        qs = plan.compute(value, has_evidence) if v is None else \
            plan.compute(value, has_evidence, v.value, True)
        questions.append(qs)
        if qs.earned_raw:
            earned_raw[q.indicator] += qs.earned_raw
        if qs.earned:
            earned[q.indicator] += qs.earned
        if qs.nil:
            possible_raw[q.indicator] -= q.points - qs.possible_raw
            possible[q.indicator] -= q.points - qs.possible

    # Panel rows grouped per stage and juror.
    panel_weights = {s.code: {i.code: i.weight_for(category) for i in m.indicators_of(s.code)}
                     for s in m.stages if kinds[s.code] is StageKind.PANEL}
    by_stage: dict[str, dict[str, dict[str, Decimal]]] = {}
    for row in case.panel:
        if row.stage not in panel_weights:
            raise ScoringError(f"{case.badan_publik}: {row.stage!r} bukan tahapan panel")
        if row.indicator not in panel_weights[row.stage]:
            raise ScoringError(f"{case.badan_publik}: aspek {row.indicator!r} tidak ada")
        scores = by_stage.setdefault(row.stage, {}).setdefault(row.juror, {})
        if row.indicator in scores:
            raise ScoringError(f"{case.badan_publik}: juri {row.juror} menilai aspek "
                               f"{row.indicator} lebih dari sekali")
        scores[row.indicator] = row.score

    decimals = m.rounding.decimals
    indicators: dict[str, IndicatorScore] = {}
    stages: dict[str, StageScore] = {}
    saq_raw = saq_verified = None
    num = den = ZERO
    site: list[SiteItemScore] = []
    for stage in m.stages:
        raw_r: Decimal | None = None
        jurors: dict[str, Decimal] = {}
        exact: Decimal | None
        if kinds[stage.code] is StageKind.QUESTIONNAIRE:
            raw = ver = raw_w = ver_w = ZERO
            for ind in m.indicators_of(stage.code):
                pr, pv = possible_raw[ind.code], possible[ind.code]
                r = earned_raw[ind.code] * HUNDRED / pr if pr else None
                v = earned[ind.code] * HUNDRED / pv if pv else None
                indicators[ind.code] = IndicatorScore(
                    ind.code, ind.stage, None if r is None else round_score(r, decimals),
                    None if v is None else round_score(v, decimals))
                weight = ind.weight_for(category)
                if r is not None:
                    raw += weight * r
                    raw_w += weight
                if v is not None:
                    ver += weight * v
                    ver_w += weight
            raw = raw / raw_w if raw_w else ZERO
            exact = ver / ver_w if ver_w else ZERO
            raw_r = round_score(raw, decimals)
            if saq_raw is None:
                saq_raw, saq_verified = raw_r, round_score(exact, decimals)
        elif kinds[stage.code] is StageKind.MONITORING:
            exact = None
            if case.findings:
                listed = set(stage.questions)
                earned_site = possible_site = ZERO
                for q in m.questions:
                    if q.signals is None or not q.applies_to(category) or \
                            (listed and q.code not in listed):
                        continue
                    possible_site += q.points
                    f = case.findings.get(q.code)
                    found = f is not None and f.found
                    if found:
                        earned_site += q.points
                    site.append(SiteItemScore(
                        stage.code, q.code, q.points, q.points if found else ZERO, found,
                        None if f is None else f.checked_at, "" if f is None else f.url,
                        0 if f is None else f.pages, "" if f is None else f.detail))
                exact = earned_site * HUNDRED / possible_site
        else:
            grouped = by_stage.get(stage.code)
            if not grouped:
                for ind in m.indicators_of(stage.code):
                    indicators[ind.code] = IndicatorScore(ind.code, ind.stage, None, None)
                exact = None
            else:
                weights = panel_weights[stage.code]
                count = Decimal(len(grouped))
                total = ZERO
                for juror in sorted(grouped):
                    juror_total = ZERO
                    for aspect, value in grouped[juror].items():
                        juror_total += weights[aspect] * value
                    juror_total /= HUNDRED
                    jurors[juror] = round_score(juror_total, decimals)
                    total += juror_total
                for ind in m.indicators_of(stage.code):
                    sums: Decimal | None = None  # Σ over the rows, in row order
                    for row in case.panel:
                        if row.stage == stage.code and row.indicator == ind.code:
                            sums = row.score if sums is None else sums + row.score
                    mean = (ZERO if sums is None else sums) / count
                    indicators[ind.code] = IndicatorScore(ind.code, ind.stage,
                                                          round_score(mean, decimals),
                                                          round_score(mean, decimals))
                exact = total / count
        status = StageStatus.TAKEN if exact is not None else StageStatus.MISSING
        for gate in stage.gates:  # all must hold; the first failed scores the stage
            prior = stages.get(gate.stage)
            if gate.top is not None and prior is not None and prior.rank is None \
                    and prior.status is StageStatus.TAKEN:
                if provisional:
                    continue  # decided by a later pass
                raise ScoringError(
                    f"{case.badan_publik}: tahapan {stage.code} hanya untuk {gate.top} "
                    f"teratas per kategori di {gate.stage}; peringkatnya di {gate.stage} "
                    f"tidak diberikan (score_all menghitungnya dari semua badan publik)")
            if not passes(gate, prior):
                status, exact = StageStatus.BELOW_GATE, gate.below_gate_score
                break
        if exact is None:
            counted = MissingStagePolicy(stage.missing) is MissingStagePolicy.ZERO
            stage_r = None
            if counted:
                den += stage.weight
        else:
            counted = True
            stage_r = round_score(exact, decimals)
            num += stage.weight * exact
            den += stage.weight
        rank = ranks.get(stage.code) if stage.code in rank_read and \
            status is StageStatus.TAKEN else None
        stages[stage.code] = StageScore(
            code=stage.code, score=stage_r, status=status, counted=counted, raw=raw_r,
            jurors=jurors, exact=exact if stage.code in exact_read else None, rank=rank)

    bonuses = tuple(case.bonuses)
    bonus = sum((b.points for b in bonuses), ZERO)
    final_exact = (num / den if den else ZERO) + bonus
    final = round_score(min(max(final_exact, ZERO), HUNDRED), decimals)
    return Result(
        badan_publik=case.badan_publik, category=case.category, methodology_id=m.id,
        methodology_version=m.version, participation=case.participation,
        questions=tuple(questions),
        notes={c: v.reason for c, v in case.verifications.items() if v.reason},
        indicators=indicators, saq_raw=saq_raw, saq_verified=saq_verified, stages=stages,
        bonus=bonus, bonuses=bonuses, final=final,
        predicate=band_for(final, sorted_bands(m)), final_exact=final_exact,
        site=tuple(site),
    )


def rank_reference(results: list[Result], methodology: Methodology) -> list[Result]:
    """Ranks the plain way: per category (methodology order), scored BPs by final, then the
    tie-breakers (higher first, a missing value lowest), then name; equal keys share a
    rank (1, 2, 2, 4); unscored BPs follow by name without a rank."""
    from dataclasses import replace

    order = {c.code: n for n, c in enumerate(methodology.categories)}
    breakers = [TieBreaker(b) for b in methodology.tie_breakers]
    panel = next((s.code for s in methodology.stages if s.kind == StageKind.PANEL), None)
    lowest = Decimal("-Infinity")

    def tie(r: Result, b: TieBreaker) -> Decimal:
        if b is TieBreaker.SAQ_VERIFIED:
            value = r.saq_verified
        elif b is TieBreaker.SAQ_RAW:
            value = r.saq_raw
        else:
            stage = r.stages.get(panel) if panel else None
            value = stage.score if stage else None
        return lowest if value is None else value

    out: list[Result] = []
    for category in sorted(order, key=order.__getitem__):
        mine = [r for r in results if r.category == category]
        scored = sorted((r for r in mine if r.final is not None),
                        key=lambda r: r.badan_publik)
        scored.sort(key=lambda r: tuple(tie(r, b) for b in breakers), reverse=True)
        scored.sort(key=lambda r: r.final, reverse=True)  # type: ignore[arg-type,return-value]
        rank = 0
        previous: tuple | None = None
        for position, r in enumerate(scored, 1):
            this = (r.final, *(tie(r, b) for b in breakers))
            if this != previous:
                rank = position
            previous = this
            out.append(replace(r, rank=rank))
        out.extend(replace(r, rank=None)
                   for r in sorted((r for r in mine if r.final is None),
                                   key=lambda r: r.badan_publik))
    return out
