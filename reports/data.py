"""Plain data the report writers take, and pure builders of it from scoring results.

Nothing here (or anywhere in :mod:`reports`) reads the database: :mod:`monev.exports`
gathers results, names and the score-change trail through the services and hands these
objects to the writers. Builders take anything with ``body_id``, ``region`` and ``result``
attributes (a :class:`monev.outcomes.results.CycleResult`), a :class:`Methodology` and,
where the previous cycle is known, a mapping body id → :class:`Previous`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import Protocol

from questionnaires.model import (
    Band,
    Gate,
    Methodology,
    MissingStagePolicy,
    Stage,
    StageKind,
    TieBreaker,
)
from reports.formatting import plain, signed, text_on
from reports.formatting import score as score_text
from scoring.explain import (
    StageGap,
    gate_sentence,
    lost_points,
    next_predicate_gap,
    short_name,
    site_lines,
)
from scoring.results import Reason, Result, StageStatus
from scoring.rounding import round_score

STAGE_KIND_LABELS = {StageKind.QUESTIONNAIRE: "Kuesioner (SAQ)",
                     StageKind.PANEL: "Penilaian panel/juri",
                     StageKind.MONITORING: "Pemantauan situs"}
# A monitoring stage without a score: no finished website-monitoring run visited the body.
NOT_MONITORED = "Belum dipantau"
MISSING_LABELS = {MissingStagePolicy.ZERO: "dihitung 0",
                  MissingStagePolicy.RENORMALISE: "bobot dibagi ulang atas tahapan yang diikuti"}
TIE_BREAKER_LABELS = {TieBreaker.SAQ_VERIFIED: "nilai SAQ terverifikasi",
                      TieBreaker.SAQ_RAW: "nilai SAQ mandiri",
                      TieBreaker.PANEL: "nilai tahapan panel"}


class Scored(Protocol):
    """What the builders need of a scored badan publik (monev.outcomes.results.CycleResult)."""

    @property
    def body_id(self) -> int: ...

    @property
    def region(self) -> str: ...

    @property
    def result(self) -> Result: ...


# -- methodology and cycle ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BandInfo:
    label: str
    lower: Decimal
    upper: Decimal | None  # the highest score in the band (as published), None = up to 100
    colour: str  # "#1B5E20"

    @property
    def rgb(self) -> str:
        """``1B5E20`` (openpyxl colours)."""
        return self.colour.lstrip("#").upper()

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on the band colour."""
        return text_on(self.colour)


def _gates_text(stage: Stage, stage_names: Mapping[str, str]) -> str:
    """A stage's gates in a sentence: ``SAQ minimal 60`` (≥ on the published score), else
    the gate's rule (``SAQ > 60``, ``3 teratas per kategori di SAQ``); several joined by
    "dan"; "" without gates."""
    parts = []
    for g in stage.gates:
        name = stage_names.get(g.stage, g.stage)
        simple = g.top is None and g.comparison == "at_least" and g.basis == "published"
        parts.append(f"{name} minimal {g.min_score}" if simple else g.rule(name))
    return " dan ".join(parts)


@dataclass(frozen=True, slots=True)
class StageInfo:
    code: str
    name: str
    kind: str  # label
    weight: Decimal
    gate: str  # "SAQ minimal 60" or ""
    missing: str  # label of the missing-stage policy
    questionnaire: bool
    gate_stage_name: str = ""  # the stage whose score opens this one ("SAQ")
    gate_min: Decimal | None = None  # the score it takes there; None: no gate
    gates: tuple[Gate, ...] = ()  # every gate of the stage, in order
    gate_rules: tuple[str, ...] = ()  # what each gate asks: "SAQ > 60" (Gate.rule)
    monitoring: bool = False  # scored from website monitoring

    @property
    def below_gate_note(self) -> str:
        """What a score of this stage means for a badan publik below its gate, printed
        with (or instead of) that score, for every badan publik alike: ``tidak mengikuti —
        SAQ di bawah ambang 60,00`` (one gate, ≥ on the published score), else the gates'
        rules: ``tidak mengikuti — syarat SAQ > 60 tidak terpenuhi``, ``… syarat 3 teratas
        per kategori di SAQ tidak terpenuhi``, several joined by "atau" (any one closes
        it). One badan publik's own reading: :meth:`MethodologyInfo.closed_note`."""
        gate = self.gates[0] if len(self.gates) == 1 else None
        simple = gate is not None and gate.top is None and \
            gate.comparison == "at_least" and gate.basis == "published"
        if self.gate_min is not None and (simple or not self.gate_rules):
            return (f"tidak mengikuti — {self.gate_stage_name} di bawah ambang "
                    f"{score_text(self.gate_min)}")
        if not self.gate_rules:
            return "tidak mengikuti — di bawah ambang"
        rules = " atau ".join(f"syarat {rule} tidak terpenuhi" for rule in self.gate_rules)
        return f"tidak mengikuti — {rules}"

    @property
    def below_gate_status(self) -> str:
        """The same as a status of its own: ``Tidak mengikuti — SAQ di bawah ambang 60,00``."""
        note = self.below_gate_note
        return note[0].upper() + note[1:]


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    code: str
    name: str
    stage: str
    stage_name: str
    weight: Decimal  # within its stage, for a category without a weight of its own
    weights: tuple[tuple[str, Decimal], ...] = ()  # (category, weight) where it differs

    def weight_for(self, category: str) -> Decimal:
        """The indicator's weight within its stage for badan publik of `category`
        (:meth:`questionnaires.model.Indicator.weight_for`)."""
        return next((w for code, w in self.weights if code == category), self.weight)


@dataclass(frozen=True, slots=True)
class MethodologyInfo:
    id: str
    version: str
    title: str
    ki: str
    year: int
    legal_basis: tuple[str, ...]
    stages: tuple[StageInfo, ...]
    indicators: tuple[IndicatorInfo, ...]
    bands: tuple[BandInfo, ...]  # high → low
    categories: tuple[tuple[str, str], ...]  # (code, name)
    decimals: int
    tie_breakers: tuple[str, ...]  # labels
    sources: tuple[str, ...] = ()

    @property
    def saq_stage(self) -> StageInfo | None:
        """The first questionnaire stage (whose score is "the SAQ")."""
        return next((s for s in self.stages if s.questionnaire), None)

    @property
    def other_stages(self) -> tuple[StageInfo, ...]:
        """Every stage but the SAQ (panel, visitasi…), in methodology order."""
        saq = self.saq_stage
        return tuple(s for s in self.stages if s is not saq)

    def band(self, label: str | None) -> BandInfo | None:
        return next((b for b in self.bands if b.label == label), None)

    def category_name(self, code: str) -> str:
        return dict(self.categories).get(code, code)

    def indicator_name(self, code: str) -> str:
        return next((i.name for i in self.indicators if i.code == code), code)

    def closed_note(self, result: Result, stage: str) -> str:
        """Why `result` did not take `stage`, with what it has where the closing gate
        looks: ``syarat SAQ > 60 tidak terpenuhi (SAQ 58,16)``, ``syarat 3 teratas per
        kategori di SAQ tidak terpenuhi (peringkat SAQ ke-5)``; empty when it is not below
        the stage's gate (:func:`scoring.explain.gate_sentence`)."""
        info = next((s for s in self.stages if s.code == stage), None)
        if info is None:
            return ""
        names = {s.code: short_name(s.name) for s in self.stages}
        return gate_sentence(result, stage, info.gates, names, self.decimals)


def band_info(band: Band, upper: Decimal | None = None) -> BandInfo:
    return BandInfo(band.label, band.lower, band.upper if band.upper is not None else upper,
                    band.colour)


def methodology_info(methodology: Methodology) -> MethodologyInfo:
    stage_names = {s.code: s.name for s in methodology.stages}
    step = Decimal(1).scaleb(-methodology.rounding.decimals)
    bands = []
    ceiling: Decimal | None = None
    for band in sorted(methodology.bands, key=lambda b: b.lower, reverse=True):
        bands.append(band_info(band, ceiling))
        ceiling = band.lower - step
    stages = tuple(
        StageInfo(code=s.code, name=s.name, kind=STAGE_KIND_LABELS[s.kind], weight=s.weight,
                  gate=_gates_text(s, stage_names),
                  missing=MISSING_LABELS[s.missing],
                  questionnaire=s.kind is StageKind.QUESTIONNAIRE,
                  gate_stage_name=stage_names.get(s.gate.stage, s.gate.stage) if s.gate else "",
                  gate_min=s.gate.min_score if s.gate else None, gates=tuple(s.gates),
                  gate_rules=tuple(g.rule(short_name(stage_names.get(g.stage, g.stage)))
                                   for g in s.gates),
                  monitoring=s.kind is StageKind.MONITORING)
        for s in methodology.stages)
    return MethodologyInfo(
        id=methodology.id, version=methodology.version, title=methodology.title,
        ki=methodology.ki, year=methodology.year, legal_basis=tuple(methodology.legal_basis),
        stages=stages,
        indicators=tuple(IndicatorInfo(i.code, i.name, i.stage, stage_names.get(i.stage, i.stage),
                                       i.weight, tuple(i.weights.items()))
                         for i in methodology.indicators),
        bands=tuple(bands),
        categories=tuple((c.code, c.name) for c in methodology.categories),
        decimals=methodology.rounding.decimals,
        tie_breakers=tuple(TIE_BREAKER_LABELS.get(t, str(t)) for t in methodology.tie_breakers),
        sources=tuple(methodology.provenance.sources))


@dataclass(frozen=True, slots=True)
class CycleMeta:
    """The cycle a report is about, and when it was made. `zone`: the time zone the
    documents show times in (the app's, WIB; stored times are UTC)."""

    cycle_id: int
    ki: str
    year: int
    title: str
    published: bool  # False: provisional results ("DRAF")
    generated_at: datetime
    published_at: datetime | None = None
    previous_title: str = ""  # the previous cycle, when one is linked
    previous_year: int | None = None
    zone: tzinfo = UTC

    @property
    def status_label(self) -> str:
        return "Ditetapkan" if self.published else "Belum ditetapkan (hasil sementara)"

    @property
    def label(self) -> str:
        """The cycle's title, with the KI and the year added when the title lacks them."""
        parts = [self.title]
        if self.ki not in self.title:
            parts.append(self.ki)
        if str(self.year) not in self.title:
            parts.append(f"tahun {self.year}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Previous:
    """A badan publik's outcome in the previous cycle."""

    rank: int | None
    final: Decimal | None
    predicate: str | None
    category: str = ""


# -- ranking --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RankingRow:
    body_id: int
    name: str
    region: str
    category: str
    status: str  # participation label
    scored: bool
    rank: int | None
    indicators: Mapping[str, Decimal | None]  # indicator code → verified score
    saq_raw: Decimal | None
    saq: Decimal | None
    stages: Mapping[str, Decimal | None]  # every stage but the SAQ → its score
    bonus: Decimal | None
    final: Decimal | None
    predicate: BandInfo | None
    previous: Previous | None = None
    remarks: str = ""
    below_gate: frozenset[str] = frozenset()  # codes of the stages it did not reach

    @property
    def final_change(self) -> Decimal | None:
        if self.previous is None or self.previous.final is None or self.final is None:
            return None
        return self.final - self.previous.final

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous cycle (positive = moved up); None when either
        rank is missing or the badan publik was ranked in another category then."""
        prev = self.previous
        if prev is None or prev.rank is None or self.rank is None:
            return None
        if prev.category and prev.category != self.category:
            return None
        return prev.rank - self.rank


@dataclass(frozen=True, slots=True)
class CategoryRanking:
    code: str
    name: str
    rows: tuple[RankingRow, ...]

    @property
    def ranked(self) -> tuple[RankingRow, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def unranked(self) -> tuple[RankingRow, ...]:
        return tuple(r for r in self.rows if r.rank is None)


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One change in the score trail: who changed what, when, from what to what, and why."""

    at: datetime
    kind: str  # "Verifikasi", "Nilai panel", "Penetapan hasil"…
    body: str
    category: str
    item: str  # question code, "stage · juror · aspect", bonus code, or what changed
    old: str | Decimal | None
    new: str | Decimal | None
    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class RankingBook:
    """Everything the ranking workbook and the decree-annex PDF show."""

    meta: CycleMeta
    methodology: MethodologyInfo
    categories: tuple[CategoryRanking, ...]
    audit: tuple[AuditRow, ...] = ()

    @property
    def has_bonus(self) -> bool:
        return any(r.bonus is not None for c in self.categories for r in c.rows)

    @property
    def has_previous(self) -> bool:
        return self.meta.previous_year is not None


def _remarks(result: Result, methodology: MethodologyInfo) -> str:
    notes = []
    if result.scored:
        for stage in methodology.stages:
            score = result.stages.get(stage.code)
            if score is not None and score.status is not StageStatus.TAKEN:
                state = score.status.label
                if score.status is StageStatus.BELOW_GATE:
                    why = methodology.closed_note(result, stage.code)
                    if why:  # "Presentasi tidak dihitung (dinilai 0,00): syarat … (SAQ 58,16)"
                        notes.append(f"{stage.name} tidak dihitung (dinilai "
                                     f"{score_text(score.score)}): {why}")
                        continue
                    state = f"{stage.below_gate_note}, dinilai {score_text(score.score)}"
                elif score.status is StageStatus.MISSING:
                    if stage.monitoring:
                        state = NOT_MONITORED.lower()
                    state += ", dihitung 0" if score.counted else ", tidak dihitung"
                notes.append(f"{stage.name}: {state}")
        for bonus in result.bonuses:
            text = f"Nilai tambahan {bonus.code} ({signed(bonus.points)})"
            notes.append(f"{text}: {bonus.reason}" if bonus.reason else text)
    return "; ".join(notes)


def ranking_row(entry: Scored, methodology: MethodologyInfo,
                previous: Previous | None = None) -> RankingRow:
    result = entry.result
    others = {s.code: (result.stages[s.code].score if s.code in result.stages else None)
              for s in methodology.other_stages}
    return RankingRow(
        body_id=entry.body_id, name=result.badan_publik, region=entry.region,
        category=result.category, status=result.participation.label, scored=result.scored,
        rank=result.rank,
        indicators={i.code: (s.verified if (s := result.indicators.get(i.code)) else None)
                    for i in methodology.indicators},
        saq_raw=result.saq_raw, saq=result.saq_verified, stages=others,
        bonus=result.bonus if result.bonuses else None, final=result.final,
        predicate=methodology.band(result.predicate.label) if result.predicate else None,
        previous=previous, remarks=_remarks(result, methodology),
        below_gate=below_gate(result))


def below_gate(result: Result) -> frozenset[str]:
    """The codes of the stages `result` did not take part in because it stayed below their
    gate (scored the gate's below-gate score, usually 0)."""
    return frozenset(code for code, stage in result.stages.items()
                     if stage.status is StageStatus.BELOW_GATE)


def ranking_categories(entries: Iterable[Scored], methodology: MethodologyInfo,
                       previous: Mapping[int, Previous] | None = None,
                       ) -> tuple[CategoryRanking, ...]:
    """Rows grouped by category in methodology order; within a category ranked rows by
    rank (then name), then the unranked ones by name."""
    previous = previous or {}
    grouped: dict[str, list[RankingRow]] = defaultdict(list)
    for entry in entries:
        row = ranking_row(entry, methodology, previous.get(entry.body_id))
        grouped[row.category].append(row)
    order = [code for code, _ in methodology.categories]
    order += sorted(set(grouped) - set(order))
    out = []
    for code in order:
        rows = grouped.get(code)
        if not rows:
            continue
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.name.casefold()))
        out.append(CategoryRanking(code, methodology.category_name(code), tuple(rows)))
    return tuple(out)


# -- report card ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryStats:
    """Averages of the scored badan publik of one category (rounded to the methodology's
    decimals)."""

    ranked: int
    final: Decimal | None
    indicators: Mapping[str, Decimal | None]


def category_stats(entries: Iterable[Scored], decimals: int = 2) -> dict[str, CategoryStats]:
    finals: dict[str, list[Decimal]] = defaultdict(list)
    ranked: dict[str, int] = defaultdict(int)
    sums: dict[str, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        result = entry.result
        if result.rank is not None:
            ranked[result.category] += 1
        if result.final is None:
            continue
        finals[result.category].append(result.final)
        for code, score in result.indicators.items():
            if score.verified is not None:
                sums[result.category][code].append(score.verified)

    def mean(values: Sequence[Decimal]) -> Decimal | None:
        return round_score(sum(values, Decimal(0)) / len(values), decimals) if values else None

    return {cat: CategoryStats(ranked[cat], mean(finals.get(cat, [])),
                               {code: mean(v) for code, v in sums[cat].items()})
            for cat in set(finals) | set(ranked)}


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    code: str
    name: str
    stage: str  # stage name
    weight: Decimal  # within its stage, for the badan publik's category
    score: Decimal | None
    average: Decimal | None  # category average

    @property
    def label(self) -> str:
        """The name with the weight, for a chart: ``Jenis Informasi (bobot 30 %)``."""
        return f"{self.name} (bobot {plain(self.weight)} %)"


@dataclass(frozen=True, slots=True)
class StageLine:
    name: str
    weight: Decimal
    score: Decimal | None
    status: str  # "Diikuti", "Tidak mengikuti — SAQ di bawah ambang 60,00"…
    raw: Decimal | None = None  # self-reported score of a questionnaire stage


@dataclass(frozen=True, slots=True)
class LostLine:
    """A question where points were lost, and why (an item of a monitoring stage not found
    on the site is one: its `indicator` is the stage's name, its `detail` the finding)."""

    code: str
    text: str
    indicator: str  # indicator name
    possible: Decimal
    earned_raw: Decimal | None
    earned: Decimal
    reason: Reason
    note: str  # the verifikator's reason
    contribution: Decimal  # what the missing points are worth in the final score
    # From the answer type (scoring.explain.LostPoints): why the value earned what it did
    # (a number's threshold, a text awaiting the verifikator) and what would earn the rest.
    detail: str = ""
    advice: str = ""
    stage: str = ""  # the stage's code (a question may lose points in SAQ and on the site)

    @property
    def reason_text(self) -> str:
        if self.detail:
            return f"{self.detail}; catatan verifikator: {self.note}" if self.note else \
                self.detail
        if self.reason is Reason.OVERRIDDEN:
            lowered = self.earned_raw is not None and self.earned < self.earned_raw
            text = "Diturunkan verifikator" if lowered else "Diubah verifikator"
            return f"{text}: {self.note}" if self.note else text
        return f"{self.reason.label}; catatan verifikator: {self.note}" if self.note else \
            self.reason.label


@dataclass(frozen=True, slots=True)
class GapInfo:
    """What it would take to reach the next predikat."""

    band: BandInfo
    needed: Decimal  # points of the final score still missing
    questions: tuple[str, ...]  # codes of the smallest set of lost questions that suffice
    gain: Decimal  # what those questions add
    reachable: bool  # False: even all lost SAQ points do not reach the band
    stages: tuple[StageGap, ...] = ()  # counted stages missing or below their gate
    keys: tuple[tuple[str, str], ...] = ()  # (stage, question) of each of `questions`


@dataclass(frozen=True, slots=True)
class SiteItemLine:
    """An item of a monitoring stage on a report card: the stage's name, the question
    (code, text), its points earned of possible, found or not, and what website
    monitoring found where and when (:func:`scoring.explain.site_words`)."""

    stage: str
    code: str
    text: str
    possible: Decimal
    earned: Decimal
    found: bool
    finding: str


@dataclass(frozen=True, slots=True)
class ReportCard:
    meta: CycleMeta
    methodology_title: str
    body_id: int
    name: str
    category: str
    category_name: str
    region: str
    status: str
    scored: bool
    final: Decimal | None
    predicate: BandInfo | None
    rank: int | None
    ranked_in_category: int
    category_final: Decimal | None  # category average of the final score
    saq_raw: Decimal | None
    saq: Decimal | None
    stages: tuple[StageLine, ...]
    bonus: Decimal | None
    indicators: tuple[IndicatorLine, ...]
    lost: tuple[LostLine, ...]
    gap: GapInfo | None
    top_band: bool  # already in the highest predikat
    previous: Previous | None = None
    remarks: str = ""
    bands: tuple[BandInfo, ...] = field(default=())
    site: tuple[SiteItemLine, ...] = ()  # the items of monitoring stages, if any


def report_card(meta: CycleMeta, methodology: Methodology, entry: Scored,
                stats: Mapping[str, CategoryStats], *, info: MethodologyInfo | None = None,
                previous: Previous | None = None) -> ReportCard:
    """The report card of one badan publik (pure: from its result and its category)."""
    info = info or methodology_info(methodology)
    result = entry.result
    category_stat = stats.get(result.category)
    averages: Mapping[str, Decimal | None] = category_stat.indicators if category_stat else {}
    indicators = tuple(
        IndicatorLine(i.code, i.name, i.stage_name, i.weight_for(result.category),
                      s.verified if (s := result.indicators.get(i.code)) else None,
                      averages.get(i.code))
        for i in info.indicators
        if ((s := result.indicators.get(i.code)) is not None and s.verified is not None)
        or averages.get(i.code) is not None)
    stages = []
    for stage in info.stages:
        score = result.stages.get(stage.code)
        if score is None:
            continue
        status = score.status.label
        if score.status is StageStatus.BELOW_GATE:
            why = info.closed_note(result, stage.code)
            status = f"Tidak mengikuti — {why}" if why else stage.below_gate_status
        elif score.status is StageStatus.MISSING and stage.monitoring:
            status = NOT_MONITORED + (", dihitung 0" if score.counted else ", tidak dihitung")
        stages.append(StageLine(stage.name, stage.weight, score.score, status,
                                score.raw))
    questions = {q.code: q for q in methodology.questions}
    raw_earned = {q.code: q.earned_raw for q in result.questions}
    stage_name = {s.code: s.name for s in info.stages}
    lost = tuple(
        LostLine(code=lp.question, text=questions[lp.question].text
                 if lp.question in questions else lp.question,
                 indicator=info.indicator_name(lp.indicator) if lp.indicator
                 else stage_name.get(lp.stage, lp.stage), possible=lp.possible,
                 earned_raw=raw_earned.get(lp.question) if lp.indicator else None,
                 earned=lp.earned, reason=lp.reason, note=lp.note,
                 contribution=lp.contribution, detail=lp.detail, advice=lp.advice,
                 stage=lp.stage)
        for lp in lost_points(result, methodology))
    site = tuple(
        SiteItemLine(stage_name.get(line.stage, line.stage), line.question,
                     questions[line.question].text if line.question in questions
                     else line.question, line.possible, line.earned, line.found, line.text)
        for line in site_lines(result))
    gap = None
    top = False
    if result.predicate is not None:
        found = next_predicate_gap(result, methodology)
        if found is None:
            top = True
        else:
            gap = GapInfo(band=info.band(found.band.label) or band_info(found.band),
                          needed=found.needed, questions=tuple(q.question for q in found.questions),
                          gain=found.gain, reachable=found.reachable, stages=found.stages,
                          keys=tuple((q.stage, q.question) for q in found.questions))
    return ReportCard(
        meta=meta, methodology_title=info.title, body_id=entry.body_id,
        name=result.badan_publik, category=result.category,
        category_name=info.category_name(result.category), region=entry.region,
        status=result.participation.label, scored=result.scored, final=result.final,
        predicate=info.band(result.predicate.label) if result.predicate else None,
        rank=result.rank, ranked_in_category=category_stat.ranked if category_stat else 0,
        category_final=category_stat.final if category_stat else None,
        saq_raw=result.saq_raw, saq=result.saq_verified, stages=tuple(stages),
        bonus=result.bonus if result.bonuses else None, indicators=indicators, lost=lost,
        gap=gap, top_band=top, previous=previous, remarks=_remarks(result, info),
        bands=info.bands, site=site)

