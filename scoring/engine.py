"""The scoring engine: one :class:`~scoring.inputs.Case` + a methodology → a
:class:`~scoring.results.Result`. Pure: no I/O; the only state is the cache of compiled
plans and their memos (:mod:`scoring.plan`), which never changes a result.

Questions earn points (raw from the self-reported answers with the data dukung rule;
verified with the verifikator's value where there is one), indicators are earned/possible
× 100 (a *nihil* answer leaves both), a questionnaire stage is Σ weight × score / Σ weight
over its indicators with possible points (verified counts), a panel
stage is the mean of the jurors' weighted totals, a monitoring stage is 100 × the points of
its items found on the BP's site (:attr:`~scoring.inputs.Case.findings`) / their possible
points (missing without findings), gates and missing-stage policies decide
which stages count, and the final is Σ w·s / Σ w over counted stages plus bonuses, clamped
to [0, 100] and rounded half-up before it is classified. Full precision is kept until then.

Speed comes from doing per BP only what depends on its answers, at C speed where the
interpreter allows (``map``/``zip``/``sum`` over the plan's tuples):

- A submission's question scores are looked up in one ``map`` over the table of
  (question, value class, value, evidence present) →
  :class:`~scoring.results.QuestionScore` that the category plans of a methodology share
  (identical inputs share one frozen score; a cold run computes each distinct answer once,
  whatever the category).
- An indicator's outcome is memoised on an int summed from its questions' table entries:
  its earned points in exact units (:func:`_units`) or else the sequence of its earned
  values (:func:`_sequence_code`). A ``Decimal`` in a memo key is its text: hashing an
  inexact ``Decimal`` costs a modular power.
- Everything that does not depend on the BP (questions not asked of the category, panel
  aspects without jurors, stage weights, a below-gate score rounded) is built once per
  plan; the per-BP path inlines small helpers (rounding, clamping, participation).
- Results are built through generated constructors (:mod:`scoring.results`: a twin class
  with the same slots, then ``__class__`` assignment), three times faster than a frozen
  dataclass's ``__init__``; :func:`score_all` pauses the cyclic GC.

Whatever is computed is computed with the same additions in the same order as the plain
computation (:mod:`scoring.reference`), except ``0 + x`` and ``x + 0``, skipped where they
cannot change the value; a test compares every field on thousands of random cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from operator import attrgetter, itemgetter, truth

from questionnaires.model import EvidencePolicy, Methodology
from questionnaires.submission import Answer
from scoring.gates import gate_reads, stage_ranks
from scoring.inputs import (
    Case,
    PanelScore,
    Participation,
    ScoringError,
    SiteFinding,
    Verification,
)
from scoring.plan import (
    GATE_ABOVE,
    GATE_EXACT,
    GATE_TOP,
    HUNDRED,
    MEMO_LIMIT,
    SEQUENCE_BITS,
    UNIT_SCALE,
    ZERO,
    CategoryPlan,
    StagePlan,
    gc_paused,
    plan_for,
)
from scoring.predicate import band_for
from scoring.results import (
    IndicatorScore,
    QuestionScore,
    Reason,
    Result,
    SiteItemScore,
    StageScore,
    StageStatus,
    new_indicator_score,
    new_result,
    new_stage_score,
)
from scoring.rounding import EXACT, SNAP, round_score

_VALUE = attrgetter("value")
_EVIDENCE = attrgetter("evidence")
_EARNED_RAW = attrgetter("earned_raw")
_EARNED = attrgetter("earned")
_NIL = attrgetter("nil")
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_UNITS_BOUND = Decimal(10) ** 28
_INEXACT = float("nan")
_SEQUENCE_VALUES = 2 ** SEQUENCE_BITS - 1
_THIRD = itemgetter(2)
_FOURTH = itemgetter(3)
# A lookup entry: (question score, units, sequence code), see CategoryPlan.lookup.
_Entry = tuple[QuestionScore, int | float | None, int | float]
_strip = str.strip
_NO_EVIDENCE = EvidencePolicy.NONE
_NO_EVIDENCE_GIVEN = Reason.NO_EVIDENCE
_TAKEN, _MISSING, _BELOW_GATE = StageStatus.TAKEN, StageStatus.MISSING, StageStatus.BELOW_GATE
_SCORED = (Participation.SUBMITTED, Participation.LATE)
# An indicator's memoised outcome: (score, exact raw, exact verified, weight × exact raw,
# weight × exact verified); the exact values are None without possible points.
_Outcome = tuple[IndicatorScore, Decimal | None, Decimal | None, Decimal | None,
                 Decimal | None]


def score(case: Case, methodology: Methodology,
          ranks: Mapping[str, int] | None = None) -> Result:
    """Score one BP. Raises :class:`ScoringError` for inputs that do not fit the methodology.

    A rank gate (``top: N``, see :mod:`scoring.gates`) depends on the other BPs of the
    category, which one case does not have: `ranks` gives the BP's rank within its
    category in each stage a rank gate reads (stage code → rank, as
    :func:`scoring.gates.stage_ranks` computes it over every BP of the category; kept in
    ``StageScore.rank``). Without it a BP that took such a stage raises ScoringError;
    :func:`score_all` computes the ranks itself.
    """
    with localcontext(EXACT):
        return _score(case, methodology, plan_for(methodology, case.category), ranks)


def score_all(cases: Iterable[Case], methodology: Methodology) -> list[Result]:
    """Score many BPs (results in input order; see :func:`scoring.ranking.rank`).

    With rank gates the cases are all the BPs ranked: ranks are computed among them, per
    category. Then the BPs are scored once with every rank gate open (each provisional),
    and again once per stage a rank gate reads, in stage order, with that stage's ranks
    from the pass before (its scores depend only on earlier stages, whose rank gates are
    already decided); the last pass is the result.
    """
    ranked = gate_reads(methodology)[1]
    if not ranked:
        return _score_pass(cases, methodology, None, False)
    cases = list(cases)
    ranks: list[dict[str, int]] = [{} for _ in cases]
    results = _score_pass(cases, methodology, ranks, True)
    for done, stage in enumerate(ranked, 1):
        for n, rank in enumerate(stage_ranks(results, stage)):
            if rank is not None:
                ranks[n][stage] = rank
        results = _score_pass(cases, methodology, ranks, done < len(ranked))
    return results


def _score_pass(cases: Iterable[Case], methodology: Methodology,
                ranks: list[dict[str, int]] | None, provisional: bool) -> list[Result]:
    plans: dict[str, CategoryPlan] = {}
    out: list[Result] = []
    append = out.append
    with localcontext(EXACT), gc_paused():
        for n, case in enumerate(cases):
            plan = plans.get(case.category)
            if plan is None:
                plan = plans[case.category] = plan_for(methodology, case.category)
            if ranks is None:
                append(_score(case, methodology, plan))
            else:
                append(_score(case, methodology, plan, ranks[n], provisional))
    return out


def _score(case: Case, m: Methodology, plan: CategoryPlan,
           ranks: Mapping[str, int] | None = None, provisional: bool = False) -> Result:
    sub = case.submission
    if sub is None or case.participation not in _SCORED:  # Participation.scored, inlined
        return Result(badan_publik=case.badan_publik, category=case.category,
                      methodology_id=m.id, methodology_version=m.version,
                      participation=case.participation)
    if sub.methodology_id != plan.methodology_id:
        raise ScoringError(f"{case.badan_publik}: jawaban untuk metodologi "
                           f"{sub.methodology_id!r}, bukan {m.id!r}")
    if sub.category != case.category:
        raise ScoringError(f"{case.badan_publik}: kategori jawaban {sub.category!r} "
                           f"berbeda dengan {case.category!r}")
    verifications = case.verifications
    questions, looked_up = _question_scores(plan, sub.answers, verifications, case)
    outcomes, same = _indicator_outcomes(plan, questions, looked_up)
    panel = _group_panel(plan, case.panel, case) if case.panel else None
    decimals, step = plan.decimals, plan.step

    indicators: dict[str, IndicatorScore] = {}
    stages: dict[str, StageScore] = {}
    rounded: dict[str, Decimal | None] = {}
    exacts: dict[str, Decimal | None] = {}
    saq_raw = saq_verified = None
    num = den = ZERO
    site: tuple[SiteItemScore, ...] = ()
    for sp in plan.stages:
        code = sp.code
        raw_r: Decimal | None = None
        jurors: dict[str, Decimal] = {}
        exact: Decimal | None
        exact_r: Decimal | None = None  # round_score(exact), when already computed
        if sp.questionnaire:
            raw, exact = _questionnaire(sp, outcomes, indicators, same)
            raw_r = (raw.quantize(SNAP, ROUND_HALF_EVEN, EXACT) if raw.adjusted() < 10
                     else raw).quantize(step, ROUND_HALF_UP, EXACT)  # round_score, inlined
            exact_r = raw_r if same else round_score(exact, decimals)
            if saq_raw is None:
                saq_raw, saq_verified = raw_r, exact_r
        elif panel is None or code not in panel:
            if sp.site is None:  # a panel stage without juror rows
                indicators.update(plan.panel_absent[code])
                exact = None
            else:  # a monitoring stage
                exact, items = _site(sp, case.findings)
                site += items
        else:
            exact = _panel(plan, sp, panel[code], indicators, jurors, decimals)
        status = _TAKEN if exact is not None else _MISSING
        if sp.gates:  # all must hold; the first failed scores the stage
            for prior_code, kind, bound, below, below_r in sp.gates:
                if kind == GATE_TOP:
                    prior_stage = stages.get(prior_code)
                    if prior_stage is None or prior_stage.status is not _TAKEN:
                        passed = False
                    elif prior_stage.rank is not None:
                        passed = prior_stage.rank <= bound
                    elif provisional:
                        continue  # decided in a later pass (score_all)
                    else:
                        raise ScoringError(
                            f"{case.badan_publik}: tahapan {code} hanya untuk {bound} "
                            f"teratas per kategori di {prior_code}; peringkatnya di "
                            f"{prior_code} tidak diberikan (score_all menghitungnya dari "
                            f"semua badan publik)")
                else:
                    prior = (exacts if kind & GATE_EXACT else rounded).get(prior_code)
                    passed = prior is not None and (
                        prior > bound if kind & GATE_ABOVE else prior >= bound)
                if not passed:
                    status, exact, exact_r = _BELOW_GATE, below, below_r
                    break
        if exact is None:
            counted = sp.missing_counts_zero
            stage_r = None
            if counted:
                den += sp.weight
        else:
            counted = True
            stage_r = exact_r if exact_r is not None else round_score(exact, decimals)
            weighted = sp.weight * exact
            num = weighted if num is ZERO and weighted else num + weighted  # 0 + x is x
            den += sp.weight
        rounded[code] = stage_r
        exacts[code] = exact
        stages[code] = new_stage_score(
            code, stage_r, status, counted, raw_r, jurors, exact if sp.keep_exact else None,
            ranks.get(code) if sp.ranked and ranks and status is _TAKEN else None)

    bonuses = tuple(case.bonuses)
    final_exact = num / den if den else ZERO
    if bonuses:
        bonus = sum((b.points for b in bonuses), ZERO)
        final_exact += bonus
    else:
        bonus = ZERO  # x + 0 is x (x is not -0: num starts as +0)
    # min(max(final_exact, ZERO), HUNDRED), then round_score, inlined
    clamped = ZERO if final_exact < ZERO else HUNDRED if final_exact > HUNDRED else final_exact
    final = (clamped.quantize(SNAP, ROUND_HALF_EVEN, EXACT) if clamped.adjusted() < 10
             else clamped).quantize(step, ROUND_HALF_UP, EXACT)
    predicate = None
    for lower, band in plan.band_edges:  # band_for, inlined
        if final >= lower:
            predicate = band
            break
    if predicate is None:
        predicate = band_for(final, plan.bands)  # raises: below every band
    return new_result(
        case.badan_publik, case.category, plan.methodology_id, plan.methodology_version,
        case.participation, plan.merge(questions + plan.not_asked),
        {c: v.reason for c, v in verifications.items() if v.reason} if verifications else {},
        indicators, saq_raw, saq_verified, stages, bonus, bonuses, final, predicate, None,
        final_exact, site)


def _question_scores(plan: CategoryPlan, answers: Mapping[str, object],
                     verifications: Mapping[str, Verification],
                     case: Case) -> tuple[list[QuestionScore], list[_Entry] | None]:
    """The scores of the questions asked of the category (`plan.asked`, in methodology
    order) and the lookup entries they came from (None when there are verifications:
    entries describe raw points).

    The whole submission is looked up at C speed: per question the key (its index in the
    methodology, value class, value, evidence present) — the class keeps ``True`` and ``1``
    apart — in the table the methodology's plans share; only keys never seen (or
    unhashable values) are computed, by :func:`_fill`. Verified questions are then scored
    with their verification.
    """
    if verifications:
        by_code = plan.by_code
        for code, v in verifications.items():
            if code not in by_code or v.question != code:
                raise ScoringError(f"{case.badan_publik}: verifikasi untuk pertanyaan "
                                   f"{code!r} tidak dikenal")
    # A submission usually holds exactly the questions asked of its category, in
    # methodology order: its answers are then taken as they are, without a lookup each.
    given = list(answers.values())
    if len(given) != len(plan.codes) or tuple(answers) != plan.codes:
        given = list(map(answers.get, plan.codes, plan.absent))
    values = list(map(_VALUE, given))
    # The keys are not kept: zip reuses its tuple once dict.get has let go of it. All four
    # have one item per position (no strict=: a keyword argument costs a parse per call).
    try:
        pairs = list(map(plan.lookup.get, zip(  # noqa: B905
            plan.indices, map(type, values), values,
            map(truth, map(_strip, map(_EVIDENCE, given))))))
    except TypeError:  # an unhashable value (a set instead of a frozenset)
        pairs = [None] * len(values)
    if not all(pairs):  # a pair is always true: only misses are false
        _fill(plan, pairs, given)
    found: list[QuestionScore] = list(map(_FIRST, pairs))  # type: ignore[arg-type]
    if not verifications:
        return found, pairs  # type: ignore[return-value]
    asked, position = plan.asked, plan.position
    for code, v in verifications.items():
        n = position.get(code)
        if n is None:
            continue  # not asked of this category: the fixed score stays
        q = asked[n]
        value = values[n]
        has_evidence = value is not None and (
            q.policy is _NO_EVIDENCE or given[n].evidence.strip() != "")
        found[n] = q.score(value, has_evidence, v.value, True)
    return found, None


def _fill(plan: CategoryPlan, pairs: list, given: list[Answer]) -> None:
    """Compute the lookup entries missing from `pairs` (for the answers `given`, in
    position order); remember them in the methodology's shared table.

    A value that earns nothing by itself (or a question that asks no evidence) scores
    the same with and without evidence: the entry of the other evidence state is reused.
    """
    lookup, asked, indices = plan.lookup, plan.asked, plan.indices
    limit = MEMO_LIMIT * len(plan.entries)
    n = -1
    for _ in range(pairs.count(None)):
        n = pairs.index(None, n + 1)
        answer = given[n]
        value = answer.value
        has_evidence = answer.evidence.strip() != ""
        index = indices[n]
        key = (index, type(value), value, has_evidence)
        q = asked[n]
        asks_none = q.policy is _NO_EVIDENCE
        hashable = True
        try:
            pair = lookup.get((index, type(value), value, not has_evidence))
        except TypeError:  # an unhashable value is computed every time
            pair, hashable = None, False
        if pair is not None and not asks_none:
            other = pair[0]
            if other.earned_raw or other.reason_raw is _NO_EVIDENCE_GIVEN:
                pair = None  # the evidence made the difference
        if pair is None:
            qs = q.compute(value, value is not None and (has_evidence or asks_none))
            pair = (qs, _units(qs), _sequence_code(plan, index, qs.earned_raw))
        pairs[n] = pair
        if hashable and len(lookup) < limit:
            lookup[key] = pair


def _sequence_code(plan: CategoryPlan, index: int, earned: Decimal) -> int | float:
    """The number of `earned` among the earned values of the methodology's question
    `index`, shifted to its place in its indicator (see CategoryPlan.lookup); NaN past
    the limit."""
    if not earned:
        return 0
    codes = plan.value_codes[index]
    earned_text = str(earned)  # see _plain_outcome
    code = codes.get(earned_text, 0)
    if not code:
        if len(codes) >= _SEQUENCE_VALUES:
            return _INEXACT
        code = codes[earned_text] = len(codes) + 1
    return code << plan.shifts[index]  # type: ignore[no-any-return]


def _units(qs: QuestionScore) -> int | float | None:
    """`qs`'s raw earned points × 10^UNIT_SCALE as an int when that is exact; NaN when it
    is not (e.g. 5/6 of a checklist's points); None for a *nihil* answer.

    Every partial sum of fewer than a million multiples of 10^-UNIT_SCALE below 10^28
    units each has at most 34 significant digits, so it is exact in ``Decimal`` whatever
    the order of the additions: the int sum of an indicator's units identifies the value
    of its sum of earned points (a memo keyed on it hands back that value, maybe written
    with another exponent, as ``Decimal`` keys always did). A NaN among them makes the sum
    NaN (the indicator is then keyed on its sequence of earned values, whose order
    matters); a None makes it raise TypeError (the BP is then scored the general way).
    """
    if qs.nil:
        return None
    earned = qs.earned_raw
    if not earned:
        return 0
    scaled = earned.scaleb(UNIT_SCALE)
    if scaled != scaled.to_integral_value() or abs(scaled) >= _UNITS_BOUND:
        return _INEXACT
    return int(scaled)


def _indicator_outcomes(plan: CategoryPlan, found: list[QuestionScore],
                        looked_up: list[_Entry] | None) -> tuple[list[_Outcome], bool]:
    """Per questionnaire slot: the indicator's memoised outcome (see :data:`_Outcome`), and
    whether raw and verified are the same for every indicator.

    Without verifications and *nihil* answers (`looked_up` given), possible points are the
    plan's and an indicator's outcome is memoised on the int sum of its questions' units;
    when some are inexact, on the sequence code of its earned points, and else on their
    ``Decimal`` sum. Otherwise (the general way) raw and verified earned points are summed
    and possible points are the plan's less what *nihil* answers leave out. Earned points
    are always Σ over the slot's question scores in methodology order, zeros skipped
    (``sum`` of ``filter``: the same additions as a loop).
    """
    groups = plan.groups
    out: list[_Outcome] = []
    if looked_up is not None:
        units = list(map(_SECOND, looked_up))
        append = out.append
        try:
            for pick, memo in zip(groups, plan.units_memo):  # noqa: B905  (one per slot)
                total = sum(pick(units))  # type: ignore[arg-type]  # a None raises TypeError
                # A NaN total (some units inexact) is a new float object: never found.
                outcome = memo.get(total)
                if outcome is None:
                    outcome = _missed_outcome(plan, len(out), total, found, looked_up)
                append(outcome)
            return out, True
        except TypeError:  # a nihil answer: the general way
            out.clear()
    possible_raw, possible = list(plan.possible), list(plan.possible)
    asked = plan.asked
    if any(map(_NIL, found)):
        for n, qs in enumerate(found):
            if qs.nil:
                q = asked[n]
                possible_raw[q.slot] -= q.points - qs.possible_raw
                possible[q.slot] -= q.points - qs.possible
    for slot, memo in enumerate(plan.indicator_memo):
        group = groups[slot](found)
        points = (sum(filter(None, map(_EARNED_RAW, group)), ZERO),
                  sum(filter(None, map(_EARNED, group)), ZERO), possible_raw[slot],
                  possible[slot])
        key = tuple(map(str, points))  # see _plain_outcome
        outcome = memo.get(key)
        if outcome is None:
            outcome = _outcome(plan, slot, *points)
            if len(memo) < MEMO_LIMIT:
                memo[key] = outcome
        out.append(outcome)
    return out, False


def _missed_outcome(plan: CategoryPlan, slot: int, total: int | float,
                    found: list[QuestionScore], looked_up: list[_Entry]) -> _Outcome:
    """The outcome of `slot` whose units `total` its units memo lacks: from the memo of
    sequence codes when the units are not all exact (NaN), else computed
    (:func:`_plain_outcome`); memoised."""
    pick = plan.groups[slot]
    outcome = None
    if total == total:  # not NaN: every earned point is exact in units
        memo = plan.units_memo[slot]
    else:
        total = sum(map(_THIRD, pick(looked_up)))
        memo = plan.sequence_memo[slot]
        outcome = memo.get(total)
    if outcome is None:
        outcome = _plain_outcome(plan, slot, pick(found))
        if len(memo) < MEMO_LIMIT and total == total:
            memo[total] = outcome
    return outcome


def _plain_outcome(plan: CategoryPlan, slot: int,
                   group: Sequence[QuestionScore]) -> _Outcome:
    """The outcome of an indicator whose possible points are the plan's and whose
    verified points are the raw ones, memoised on the ``Decimal`` sum of earned points.

    Memos are keyed on the text of a ``Decimal``, which is exact (value and exponent):
    hashing an inexact ``Decimal`` (34 digits, a negative exponent) takes a modular power,
    about 20 times as long as writing it out.
    """
    earned = sum(filter(None, map(_EARNED_RAW, group)), ZERO)
    memo = plan.earned_memo[slot]
    key = str(earned)
    outcome = memo.get(key)
    if outcome is None:
        possible = plan.possible[slot]
        outcome = _outcome(plan, slot, earned, earned, possible, possible)
        if len(memo) < MEMO_LIMIT:
            memo[key] = outcome
    return outcome


def _outcome(plan: CategoryPlan, slot: int, earned_raw: Decimal, earned: Decimal,
             possible_raw: Decimal, possible: Decimal) -> _Outcome:
    ind = plan.indicators[slot]
    weight = plan.weights[slot]  # for the plan's category
    decimals = plan.decimals
    r = earned_raw * HUNDRED / possible_raw if possible_raw else None
    if earned is earned_raw and possible is possible_raw:  # verified = raw
        r_r = None if r is None else round_score(r, decimals)
        weighted = None if r is None else weight * r
        return new_indicator_score(ind.code, ind.stage, r_r, r_r), r, r, weighted, weighted
    v = earned * HUNDRED / possible if possible else None
    return (new_indicator_score(ind.code, ind.stage,
                                None if r is None else round_score(r, decimals),
                                None if v is None else round_score(v, decimals)),
            r, v, None if r is None else weight * r, None if v is None else weight * v)


def _questionnaire(sp: StagePlan, outcomes: list[_Outcome],
                   indicators: dict[str, IndicatorScore],
                   same: bool) -> tuple[Decimal, Decimal]:
    """Raw and verified stage score; fills the stage's indicator scores (rounded).

    The stage is Σ weight × score / Σ weight over the indicators that have possible
    points: an indicator none of whose questions applies (or all answered *nihil*) scores
    None and its weight leaves the denominator. With no such indicator at all the stage
    scores 0. When every indicator's raw and verified are the `same`, so are the stage's,
    and the indicators with possible points are those of the plan (`sp.live`).
    """
    mine = sp.pick(outcomes)
    indicators.update(zip(sp.slot_codes, map(_FIRST, mine)))  # noqa: B905  (same lengths)
    if same:
        weight = sp.live_weight
        raw = sum(map(_FOURTH, sp.live(outcomes)), ZERO) / weight if weight else ZERO
        return raw, raw
    raw = ver = raw_w = ver_w = ZERO
    for weight, (_, r, v, weighted_r, weighted_v) in zip(sp.slot_weights, mine, strict=True):
        if r is not None:
            raw += weighted_r  # type: ignore[operator]
            raw_w += weight
        if v is not None:
            ver += weighted_v  # type: ignore[operator]
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
           grouped: tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]],
           indicators: dict[str, IndicatorScore], jurors: dict[str, Decimal],
           decimals: int) -> Decimal:
    """Mean of juror totals of a stage with juror rows; fills aspect means and juror totals.

    A juror's total is Σ aspect weight × score / 100, an aspect they did not score
    counting 0; aspect means count it 0 as well, so Σ weight × mean / 100 = stage score.
    """
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
        key = (ind.code, str(mean))  # see _plain_outcome
        found = memo.get(key)
        if found is None:
            found = IndicatorScore(ind.code, ind.stage, *(round_score(mean, decimals),) * 2)
            if len(memo) < MEMO_LIMIT:
                memo[key] = found
        indicators[ind.code] = found  # type: ignore[assignment]
    return total / count


def _site(sp: StagePlan, findings: Mapping[str, SiteFinding],
          ) -> tuple[Decimal | None, tuple[SiteItemScore, ...]]:
    """A monitoring stage's exact score and its items: each item earns its points when its
    finding says found; the score is 100 × earned / possible. (None, ()) for a BP without
    findings (no finished monitoring run visited it: the stage is missing)."""
    if not findings:
        return None, ()
    earned = ZERO
    items = []
    stage = sp.code
    for code, points in sp.site:  # type: ignore[union-attr]  # a monitoring stage's plan
        f = findings.get(code)
        if f is None:  # not looked for by that visit: not found
            items.append(SiteItemScore(stage, code, points, ZERO, False, None))
        elif f.found:
            earned += points
            items.append(SiteItemScore(stage, code, points, points, True, f.checked_at,
                                       f.url, f.pages, f.detail))
        else:
            items.append(SiteItemScore(stage, code, points, ZERO, False, f.checked_at,
                                       f.url, f.pages, f.detail))
    return earned * HUNDRED / sp.site_possible, tuple(items)
