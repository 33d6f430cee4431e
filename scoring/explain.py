"""Explanations for report cards: which questions lost points and why, and what it would
take to reach the next predikat.

A question's *contribution* is what its missing points would add to the final score:
missing / possible points of its indicator × indicator weight × the stage's share of the
counted stage weights. An item of a monitoring stage (website monitoring) not found on the
BP's site loses its points in that stage: missing / the stage's possible points × 100 ×
the stage's share; :func:`site_lines` says per item what was found where and when
(``ditemukan di situs pada 3 Mar 2026: https://…``, ``tidak ditemukan di 40 halaman yang
diperiksa (3 Mar 2026)``). Gates are not re-evaluated (a higher SAQ that would open a gated
stage is not credited with that stage's score); instead the gap lists the counted stages
that hold points back (:class:`StageGap`: missing under the `zero` policy, or below their
gate) with the most each could add.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_DOWN, Decimal, localcontext

from babel.dates import format_date

from questionnaires import answer_types
from questionnaires.model import (
    Band,
    Gate,
    GateBasis,
    GateComparison,
    Methodology,
    Question,
    Stage,
    number_text,
)
from reports.formatting import LOCALE, integer
from scoring.gates import compared_value, passes
from scoring.plan import HUNDRED, ZERO
from scoring.predicate import next_band
from scoring.results import (
    QuestionScore,
    Reason,
    Result,
    SiteItemScore,
    StageScore,
    StageStatus,
)
from scoring.rounding import EXACT, round_score

_NOT_LOST = (Reason.FULL, Reason.NOT_APPLICABLE, Reason.NIL)


@dataclass(frozen=True, slots=True)
class LostPoints:
    """Points one question did not earn (verified), why, and their worth in the final.

    An item of a monitoring stage not found on the site is one too: `stage` is the
    monitoring stage, `indicator` empty, `reason` :attr:`Reason.NOT_FOUND`, `detail` what
    website monitoring found (:func:`site_words`) and `advice` what to publish.

    `contribution` is rounded to the methodology's decimals + 2; `note` is the
    verifikator's reason, if any. `detail` says why the value earned what it earned where
    the reason alone does not (``Angka 80% mencapai ambang ≥ 75% → 2 dari 4 poin``,
    ``Menunggu penilaian verifikator``) and `advice` what would earn the rest, both from
    the question's answer type (:meth:`~questionnaires.answer_types.AnswerTypeSpec.explain`,
    ``advice``); empty otherwise.
    """

    question: str
    indicator: str
    stage: str
    reason: Reason
    possible: Decimal
    earned: Decimal
    missing: Decimal
    contribution: Decimal
    note: str = ""
    detail: str = ""
    advice: str = ""


# Reasons whose points come from the value itself (the answer type can say why).
_FROM_VALUE = (Reason.PARTIAL, Reason.ANSWERED_NO, Reason.OVERRIDDEN, Reason.AWAITING)


def type_words(question: Question | None, qs: QuestionScore) -> tuple[str, str]:
    """(detail, advice) of a question's score from its answer type (see
    :class:`LostPoints`); empty when the reason says it all (not answered, no evidence …)."""
    if question is None or qs.reason not in _FROM_VALUE:
        return "", ""
    value = qs.verified if qs.verified is not None else qs.value
    if value is None:
        return "", ""
    spec = answer_types.get(question.type)
    changed = qs.reason is Reason.OVERRIDDEN
    return (spec.explain(question, value, qs.earned, changed),
            spec.advice(question, value, qs.earned))


@dataclass(frozen=True, slots=True)
class StageGap:
    """A counted stage that holds the final back: `missing` (no data, counted as 0 under
    the `zero` policy) or `below_gate` (scored the gate's below_gate_score).

    `share` is the stage's part of the final in percent (weight / counted stage weights ×
    100); `points` the final-score points it could add at most (share − its current
    contribution, rounded). For a stage below its gate, the gate that closed it (the first
    of its gates the BP fails): `gate_stage` (code and name) is the earlier stage it reads,
    `gate_score` its minimum (None for a rank gate), `gate_rule` what it asks (``SAQ ≥
    60``), `gate_note` why the BP stays out (``di bawah ambang: SAQ 59,9966 < 60``) and
    `gate_reading` what the BP has there (``SAQ 59,9966``, ``peringkat SAQ ke-5``; see
    :func:`gate_reading`); otherwise they are empty / None.
    """

    stage: str
    name: str
    status: StageStatus
    weight: Decimal
    share: Decimal
    points: Decimal
    gate_stage: str = ""
    gate_stage_name: str = ""
    gate_score: Decimal | None = None
    gate_rule: str = ""
    gate_note: str = ""
    gate_reading: str = ""


def short_name(name: str) -> str:
    """A stage name's short form for a sentence: the abbreviation in brackets when it has
    one (``Kuesioner Penilaian Mandiri (SAQ) dan Verifikasi`` → ``SAQ``), else the name."""
    found = re.findall(r"\(([^()]{1,12})\)", name)
    return found[-1] if found else name


def stage_label(stage: Stage) -> str:
    """A stage's short name for a sentence (:func:`short_name` of its name)."""
    return short_name(stage.name)


def _shown(gate: Gate, value: Decimal, decimals: int) -> str:
    """The compared score with a decimal comma: a published one with its decimals
    (``60,00``), an exact one cut (never rounded up) to two more (``59,9966``)."""
    if GateBasis(gate.basis) is GateBasis.EXACT:
        cut = value.quantize(Decimal(1).scaleb(-(decimals + 2)), rounding=ROUND_DOWN)
        text = format(cut.normalize(), "f") if cut else "0"
    else:
        text = format(value, f".{decimals}f")
    return text.replace(".", ",")


def stage_names(*methodologies: Methodology) -> dict[str, str]:
    """Stage code → its short name for a sentence (:func:`stage_label`), over every
    methodology given (a later one's name wins: the new side of a comparison)."""
    return {s.code: stage_label(s) for m in methodologies for s in m.stages}


_names = stage_names


def gate_words(gate: Gate, names: Mapping[str, str]) -> str:
    """What `gate` asks, in Indonesian, the earlier stage named by `names` (code → short
    name; the code itself when not there): ``SAQ ≥ 60``, ``SAQ > 60``, ``SAQ ≥ 60 (nilai
    tepat)``, ``3 teratas per kategori di SAQ`` (:meth:`Gate.rule`). The one wording of a
    gate: the report card, the ranking, the verification page, the methodology check, its
    preview and difference, and the what-if all use it."""
    return gate.rule(names.get(gate.stage, gate.stage))


def gates_words(gates: Sequence[Gate], names: Mapping[str, str]) -> str:
    """Every gate of a stage, in order: ``SAQ > 60 dan 3 teratas per kategori di SAQ``
    (all must be passed; :func:`gate_words` each); empty without gates."""
    return " dan ".join(gate_words(g, names) for g in gates)


def gate_entry(gate: Gate, names: Mapping[str, str]) -> str:
    """A gate as a methodology defines it, with what a body that fails it scores for the
    gated stage: ``SAQ > 60; yang tidak lolos dinilai 0`` (:func:`gate_words`)."""
    below = number_text(gate.below_gate_score)
    return f"{gate_words(gate, names)}; yang tidak lolos dinilai {below}"


def gate_rule(gate: Gate, methodology: Methodology) -> str:
    """What `gate` asks, in Indonesian: ``SAQ ≥ 60``, ``SAQ > 60``, ``SAQ ≥ 60 (nilai
    tepat)``, ``3 teratas per kategori di SAQ`` (:func:`gate_words` with the stage's
    :func:`stage_label`)."""
    return gate_words(gate, stage_names(methodology))


def closing_gate(result: Result, methodology: Methodology, stage: str) -> Gate | None:
    """The gate that kept the BP out of `stage` (the first of its gates it fails); None
    when the stage is not below its gate."""
    gates = next((s.gates for s in methodology.stages if s.code == stage), ())
    return closing_gate_of(result, stage, gates)


def closing_gate_of(result: Result, stage: str, gates: Sequence[Gate]) -> Gate | None:
    """:func:`closing_gate` given the stage's `gates` (for callers holding them, not the
    methodology)."""
    st = result.stages.get(stage)
    if st is None or st.status is not StageStatus.BELOW_GATE:
        return None
    for gate in gates:
        try:
            if not passes(gate, result.stages.get(gate.stage)):
                return gate
        except ValueError:  # a rank not known: this is the gate in question
            return gate
    return gates[0] if gates else None


def gate_reading(gate: Gate, prior: StageScore | None, name: str, decimals: int) -> str:
    """What a BP has in the earlier stage `name` that `gate` reads, for a sentence: ``SAQ
    58,16`` (the published score), ``SAQ 59,9966`` (a gate on the exact score: cut, never
    rounded up, to two more decimals), ``tidak ada nilai SAQ``; for a rank gate
    ``peringkat SAQ ke-5``, ``tidak mengikuti SAQ``, ``peringkat SAQ belum diketahui``."""
    if gate.top is not None:
        if prior is None or prior.status is not StageStatus.TAKEN:
            return f"tidak mengikuti {name}"
        if prior.rank is None:
            return f"peringkat {name} belum diketahui"
        return f"peringkat {name} ke-{prior.rank}"
    value = compared_value(gate, prior)
    if value is None:
        return f"tidak ada nilai {name}"
    return f"{name} {_shown(gate, value, decimals)}"


def gate_sentence(result: Result, stage: str, gates: Sequence[Gate],
                  names: Mapping[str, str], decimals: int) -> str:
    """Why `result` did not take `stage` (whose gates are `gates`), as a report says it:
    ``syarat SAQ > 60 tidak terpenuhi (SAQ 58,16)``, ``syarat 3 teratas per kategori di
    SAQ tidak terpenuhi (peringkat SAQ ke-5)``; `names` gives the earlier stages' short
    names (:func:`short_name`), `decimals` the methodology's. Empty when the stage is not
    below its gate."""
    gate = closing_gate_of(result, stage, gates)
    if gate is None:
        return ""
    name = names.get(gate.stage, gate.stage)
    reading = gate_reading(gate, result.stages.get(gate.stage), name, decimals)
    return f"syarat {gate_words(gate, names)} tidak terpenuhi ({reading})"


def closed_note(result: Result, methodology: Methodology, stage: str) -> str:
    """:func:`gate_sentence` of `stage` in `methodology`: ``syarat SAQ > 60 tidak terpenuhi
    (SAQ 58,16)``; empty when the BP is not below the stage's gate."""
    gates = next((s.gates for s in methodology.stages if s.code == stage), ())
    return gate_sentence(result, stage, gates, _names(methodology),
                         methodology.rounding.decimals)


def gate_note(result: Result, methodology: Methodology, stage: str) -> str:
    """Why the BP did not take `stage`, in Indonesian (empty when it is not below its
    gate): ``di bawah ambang: SAQ 59,9966 < 60`` (an exact gate: the exact score cut to
    two more decimals), ``di bawah ambang: SAQ 60,00 ≤ 60`` (a gate ``> 60`` on the
    published score), ``di bawah ambang: tidak ada nilai Visitasi``, ``di luar 3 teratas
    kategorinya: peringkat SAQ ke-5``, ``di luar 3 teratas kategorinya: tidak mengikuti
    Visitasi``."""
    gate = closing_gate(result, methodology, stage)
    if gate is None:
        return ""
    name = _names(methodology).get(gate.stage, gate.stage)
    prior: StageScore | None = result.stages.get(gate.stage)
    if gate.top is not None:
        where = f"di luar {gate.top} teratas kategorinya"
        if prior is None or prior.status is not StageStatus.TAKEN:
            return f"{where}: tidak mengikuti {name}"
        if prior.rank is None:
            return f"{where}: peringkat {name} tidak diketahui"
        return f"{where}: peringkat {name} ke-{prior.rank}"
    value = compared_value(gate, prior)
    if value is None or gate.min_score is None:
        return f"di bawah ambang: tidak ada nilai {name}"
    symbol = "≤" if GateComparison(gate.comparison) is GateComparison.ABOVE else "<"
    shown = _shown(gate, value, methodology.rounding.decimals)
    return f"di bawah ambang: {name} {shown} {symbol} {number_text(gate.min_score)}"


@dataclass(frozen=True, slots=True)
class Gap:
    """What separates a BP from the next predikat.

    `needed` = next band's lower bound − published final. `questions` is the smallest set
    of lost questions whose full points reach it (largest contribution first); when they
    cannot (`reachable` False) it lists every lost question. `gain` is their total
    contribution (rounded). `reachable` speaks of those questions alone; `stages` lists
    the counted stages that are missing or below their gate, in methodology order (a
    missing stage that is not counted, policy `renormalise`, is not among them).
    """

    band: Band
    needed: Decimal
    questions: tuple[LostPoints, ...]
    gain: Decimal
    reachable: bool
    stages: tuple[StageGap, ...] = ()


def _counted_weight(result: Result, methodology: Methodology) -> Decimal:
    return sum((s.weight for s in methodology.stages
                if (st := result.stages.get(s.code)) is not None and st.counted), ZERO)


def _stage_gaps(result: Result, methodology: Methodology) -> tuple[StageGap, ...]:
    """Counted stages missing or below their gate, with the most they could add."""
    counted = _counted_weight(result, methodology)
    if not counted:
        return ()
    decimals = methodology.rounding.decimals
    stage_by_code = {s.code: s for s in methodology.stages}
    names = _names(methodology)
    found = []
    for stage in methodology.stages:
        st = result.stages.get(stage.code)
        if st is None or not st.counted or st.status is StageStatus.TAKEN:
            continue
        gate = closing_gate(result, methodology, stage.code)
        current = gate.below_gate_score if gate is not None else ZERO
        points = stage.weight * (HUNDRED - current) / counted
        if points <= 0:
            continue
        gate_stage = stage_by_code.get(gate.stage) if gate is not None else None
        found.append(StageGap(
            stage=stage.code, name=stage.name, status=st.status, weight=stage.weight,
            share=round_score(stage.weight * HUNDRED / counted, decimals),
            points=round_score(points, decimals),
            gate_stage=gate.stage if gate is not None else "",
            gate_stage_name=gate_stage.name if gate_stage is not None else "",
            gate_score=gate.min_score if gate is not None else None,
            gate_rule=gate_rule(gate, methodology) if gate is not None else "",
            gate_note=gate_note(result, methodology, stage.code),
            gate_reading=gate_reading(gate, result.stages.get(gate.stage),
                                      names.get(gate.stage, gate.stage), decimals)
            if gate is not None else ""))
    return tuple(found)


# -- website monitoring --------------------------------------------------------------------

WIB = timezone(timedelta(hours=7), "WIB")  # the app's one time zone (monev.clock.WIB)


def site_day(at: datetime) -> str:
    """The day a site was visited, in WIB: ``3 Mar 2026``."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(WIB)
    return format_date(local, "d MMM y", locale=LOCALE)


def site_words(item: SiteItemScore) -> str:
    """What website monitoring found for one item of a monitoring stage, in Indonesian:
    ``ditemukan di situs pada 3 Mar 2026: https://…/dip.pdf``, ``tidak ditemukan di 40
    halaman yang diperiksa (3 Mar 2026)``, ``situs tidak dapat diperiksa (3 Mar 2026): …``
    (the visit's own sentence), ``tidak dicari pada pemantauan situs terakhir``; for a site
    that was read, the item's own reason when monitoring gave one: ``ditemukan, tetapi
    tautannya rusak: HTTP 404, berkas tidak ada (3 Mar 2026): https://…``."""
    if item.checked_at is None:
        return "tidak dicari pada pemantauan situs terakhir"
    day = site_day(item.checked_at)
    if item.found:
        return f"ditemukan di situs pada {day}: {item.url}" if item.url else \
            f"ditemukan di situs pada {day}"
    if item.detail and item.pages:  # read, yet not earned: a broken link, robots.txt
        return f"{item.detail} ({day}): {item.url}" if item.url else f"{item.detail} ({day})"
    if item.detail:
        why = item.detail.removeprefix("Tidak diperiksa: ")
        return f"situs tidak dapat diperiksa ({day}): {why[:1].lower()}{why[1:]}"
    return f"tidak ditemukan di {integer(item.pages)} halaman yang diperiksa ({day})"


def site_advice(question: Question | None, item: SiteItemScore | None = None) -> str:
    """What would earn a monitoring item's points, by what the visit saw (`item`):
    not found — ``Umumkan Daftar Informasi Publik di situs resmi/PPID agar ditemukan pada
    pemantauan berikutnya.``; found on a page that was read but its link does not open —
    ``Perbaiki tautan Daftar Informasi Publik …``; kept from the visit by the site's
    robots.txt (a read site, a reason, no address) — ``Izinkan pemantauan membaca …``."""
    what = "informasi ini"
    if question is not None and question.signals is not None:
        texts = question.signals.link_texts or question.signals.title_words
        if texts:
            what = texts[0]
    if item is not None and not item.found and item.pages:
        if item.url:  # found, yet its link does not open (site_words says why)
            return (f"Perbaiki tautan {what} agar dokumennya dapat dibuka; pemantauan "
                    f"berikutnya memeriksanya lagi.")
        if item.detail:  # robots.txt kept the visit from part of the site
            return (f"Izinkan pemantauan membaca bagian situs yang dilarang robots.txt, atau "
                    f"umumkan {what} di halaman yang boleh dibaca, agar ditemukan pada "
                    f"pemantauan berikutnya.")
    return f"Umumkan {what} di situs resmi/PPID agar ditemukan pada pemantauan berikutnya."


@dataclass(frozen=True, slots=True)
class SiteLine:
    """One item of a monitoring stage as explained: `stage` (code), `question` (code),
    `possible` and `earned` points, `found`, and `text` what website monitoring found
    where and when (:func:`site_words`)."""

    stage: str
    question: str
    possible: Decimal
    earned: Decimal
    found: bool
    text: str


def site_lines(result: Result, stage: str | None = None) -> tuple[SiteLine, ...]:
    """Every item of the result's monitoring stages (of `stage` only, when given), in
    methodology order, with what was found where and when; empty for a BP no finished
    monitoring run visited."""
    return tuple(SiteLine(i.stage, i.question, i.possible, i.earned, i.found, site_words(i))
                 for i in result.site if stage is None or i.stage == stage)


def _site_lost(result: Result, methodology: Methodology, counted: Decimal, decimals: int,
               start: int) -> list[tuple[Decimal, int, LostPoints]]:
    """Lost points of the items of monitoring stages not found on the site."""
    if not result.site:
        return []
    stage_by_code = {s.code: s for s in methodology.stages}
    question_by_code = {q.code: q for q in methodology.questions}
    possible: dict[str, Decimal] = {}
    for item in result.site:
        possible[item.stage] = possible.get(item.stage, ZERO) + item.possible
    found = []
    for order, item in enumerate(result.site, start):
        if item.earned >= item.possible:
            continue
        stage = stage_by_code[item.stage]
        st = result.stages.get(stage.code)
        missing = item.possible - item.earned
        exact = ZERO
        if counted and st is not None and st.counted and st.status is StageStatus.TAKEN:
            exact = missing / possible[item.stage] * HUNDRED * stage.weight / counted
        found.append((exact, order, LostPoints(
            question=item.question, indicator="", stage=stage.code, reason=Reason.NOT_FOUND,
            possible=item.possible, earned=item.earned, missing=missing,
            contribution=round_score(exact, decimals), detail=site_words(item),
            advice=site_advice(question_by_code.get(item.question), item))))
    return found


def _lost(result: Result, methodology: Methodology) -> list[tuple[Decimal, LostPoints]]:
    """(exact contribution, lost points) per question that lost points, by contribution."""
    if result.final is None:
        return []
    counted = _counted_weight(result, methodology)
    possible: dict[str, Decimal] = {}
    for qs in result.questions:
        possible[qs.indicator] = possible.get(qs.indicator, ZERO) + qs.possible
    decimals = methodology.rounding.decimals + 2
    category = result.category
    # From the tuples, not the model's cached lookups (stale after a model_copy).
    indicator_by_code = {i.code: i for i in methodology.indicators}
    stage_by_code = {s.code: s for s in methodology.stages}
    # A stage is weighted over its indicators with possible points (see the engine).
    stage_weight: dict[str, Decimal] = {}
    for code, points in possible.items():
        if points:
            ind = indicator_by_code[code]
            stage_weight[ind.stage] = stage_weight.get(ind.stage, ZERO) + ind.weight_for(category)
    question_by_code = {q.code: q for q in methodology.questions}
    found = []
    for order, qs in enumerate(result.questions):
        if qs.reason in _NOT_LOST or qs.earned >= qs.possible:
            continue
        ind = indicator_by_code[qs.indicator]
        stage = stage_by_code[ind.stage]
        st = result.stages.get(stage.code)
        missing = qs.possible - qs.earned
        detail, advice = type_words(question_by_code.get(qs.code), qs)
        exact = ZERO
        if counted and st is not None and st.counted and st.status is StageStatus.TAKEN:
            exact = (missing / possible[qs.indicator] * ind.weight_for(category) * HUNDRED
                     / stage_weight[stage.code] * stage.weight / counted)
        found.append((exact, order, LostPoints(
            question=qs.code, indicator=qs.indicator, stage=stage.code, reason=qs.reason,
            possible=qs.possible, earned=qs.earned, missing=missing,
            contribution=round_score(exact, decimals),
            note=result.notes.get(qs.code, ""), detail=detail, advice=advice)))
    found += _site_lost(result, methodology, counted, decimals, len(result.questions))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [(exact, lost) for exact, _, lost in found]


def lost_points(result: Result, methodology: Methodology) -> tuple[LostPoints, ...]:
    """Every question that lost points (verified), largest contribution first."""
    with localcontext(EXACT):
        return tuple(lost for _, lost in _lost(result, methodology))


def next_predicate_gap(result: Result, methodology: Methodology) -> Gap | None:
    """The gap to the next predikat; None when unscored or already in the top band."""
    if result.final is None or result.predicate is None or result.final_exact is None:
        return None
    target = next_band(result.predicate, methodology)
    if target is None:
        return None
    decimals = methodology.rounding.decimals
    with localcontext(EXACT):
        chosen = []
        gain = ZERO
        reached = False
        for exact, lost in _lost(result, methodology):
            if exact <= 0:
                break
            chosen.append(lost)
            gain += exact
            new = round_score(min(max(result.final_exact + gain, ZERO), HUNDRED), decimals)
            if new >= target.lower:
                reached = True
                break
        if not reached:
            chosen = [lost for _, lost in _lost(result, methodology)]
        return Gap(band=target, needed=round_score(target.lower - result.final, decimals),
                   questions=tuple(chosen), gain=round_score(gain, decimals),
                   reachable=reached, stages=_stage_gaps(result, methodology))
