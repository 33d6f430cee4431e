"""The methodology model: what a Komisi Informasi scores and how, as validated data.

A :class:`Methodology` (*metodologi monev*) holds the categories of badan publik, the
stages (*tahapan*: SAQ, presentasi, visitasi…) with their weights and gates, the
indicators of each stage, the SAQ questions, the predicate bands, the rounding rule and
the tie-breakers. Methodologies are loaded from YAML by :mod:`questionnaires.loader`;
nothing here reads files. Cross-reference rules (weights summing to 100, unknown codes,
band gaps) live in :mod:`questionnaires.validation` so that every finding can name the
file, the path inside it and the offending value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from questionnaires import answer_types

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnswerType(StrEnum):
    """The built-in answer types: how a question is answered and turned into points.

    Each is a module of :mod:`questionnaires.answer_types`, where their behaviour lives; a
    question may also name any other registered type (see :data:`TypeName`).
    """

    YES_NO = "yes_no"  # Ya/Tidak: Ya earns all points
    SCALE = "scale"  # graded answer (e.g. 0–3); each level earns a fraction of the points
    CHECKLIST = "checklist"  # penilaian kelengkapan: each item present earns its share
    NUMBER = "number"  # a count or ratio; thresholds map it to a share of the points
    TEXT = "text"  # sebutkan dan sertakan bukti: written text, the verifikator sets the points


class StageKind(StrEnum):
    """Where a stage's score comes from."""

    QUESTIONNAIRE = "questionnaire"  # SAQ: answers to questions, verified by a verifikator
    PANEL = "panel"  # presentasi / uji publik / visitasi: jurors score each aspect 0–100
    # pemantauan situs: what the newest finished website-monitoring run found (see Stage)
    MONITORING = "monitoring"


class MissingStagePolicy(StrEnum):
    """What a stage without any data does to the final score."""

    ZERO = "zero"  # the stage counts with score 0
    RENORMALISE = "renormalise"  # the final is weighted over the stages that have data


class EvidencePolicy(StrEnum):
    """Data dukung rule: what happens to an answer that has no evidence."""

    REQUIRED = "required"  # an answer without evidence earns 0 points
    FLAG = "flag"  # the answer still earns points but is flagged for the verifikator
    NONE = "none"  # no evidence asked for


class TieBreaker(StrEnum):
    """Criteria that separate equal final scores, applied in order (higher wins)."""

    SAQ_VERIFIED = "saq_verified"
    SAQ_RAW = "saq_raw"
    PANEL = "panel"  # the score of the methodology's panel stage(s), by stage order


def _type_name(value: object) -> object:
    """A registered answer type: a built-in one as its :class:`AnswerType` member."""
    if isinstance(value, StrEnum):
        value = value.value
    if not answer_types.known(value):
        raise PydanticCustomError("enum", "Input should be {expected}",
                                  {"expected": answer_types.expected()})
    try:
        return AnswerType(value)
    except ValueError:
        return str(value)


# A question's answer type: the name of a type registered in :mod:`questionnaires.answer_types`
# (built-ins are :class:`AnswerType` members, so ``q.type is AnswerType.SCALE`` holds).
TypeName = Annotated[AnswerType | str, BeforeValidator(_type_name)]


class Category(_Frozen):
    """Kategori badan publik: decides which questions apply and whom a BP is ranked against."""

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    description: str = ""


class GateComparison(StrEnum):
    """How a gate compares the earlier stage's score with its `min_score`."""

    AT_LEAST = "at_least"  # ≥ min_score (the default)
    ABOVE = "above"  # > min_score: exactly min_score stays out (KI Pusat 2023 "SAQ > 60")


class GateBasis(StrEnum):
    """Which score of the earlier stage a gate compares."""

    # The stage score as published: rounded half-up to the methodology's decimals (the
    # default): a SAQ of 59,9966 is published as 60,00 and passes "≥ 60".
    PUBLISHED = "published"
    EXACT = "exact"  # the unrounded score: 59,9966 stays below "≥ 60"


_COMPARISON_SYMBOLS = {">=": "at_least", "≥": "at_least", ">": "above"}


def _comparison(value: object) -> object:
    """``≥``/``>=``/``>`` as written by people, else the enum's own value."""
    if isinstance(value, str) and value.strip() in _COMPARISON_SYMBOLS:
        return _COMPARISON_SYMBOLS[value.strip()]
    return value


class Gate(_Frozen):
    """One entry condition of a stage, on an earlier `stage`; a BP that fails it does not
    take the gated stage and scores `below_gate_score` for it (KI Pusat 2025: 0).

    Either a threshold — the earlier stage's score compared with `min_score` by
    `comparison` (≥ or >) on the published (rounded) or the exact score (`basis`) — or a
    rank: ``top: N`` admits the N best of each category in the earlier stage (KI Sumbar:
    presentasi for the top 3 of each category). A rank gate ranks the BPs of the category
    that took the earlier stage (status taken) by its published score, highest first,
    equal scores sharing a rank (1, 2, 2, 4), and admits every rank ≤ N: all tied at the
    N-th place enter. A BP without a score in the earlier stage (missing) never passes.
    """

    stage: str
    min_score: Decimal | None = Field(default=None, ge=0, le=100)
    comparison: Annotated[GateComparison, BeforeValidator(_comparison)] = \
        GateComparison.AT_LEAST
    basis: GateBasis = GateBasis.PUBLISHED
    top: int | None = Field(default=None, ge=1)
    # A BP below the gate scores this for the gated stage (KI Pusat 2025: 0).
    below_gate_score: Decimal = Field(default=Decimal(0), ge=0, le=100)

    @property
    def by_rank(self) -> bool:
        """A rank gate (``top: N``) rather than a threshold."""
        return self.top is not None

    def rule(self, stage_name: str) -> str:
        """What the gate asks, in Indonesian, naming the earlier stage `stage_name`:
        ``SAQ ≥ 60``, ``SAQ > 60``, ``SAQ ≥ 62,5 (nilai tepat)``, ``3 teratas per kategori
        di SAQ``."""
        if self.top is not None:
            return f"{self.top} teratas per kategori di {stage_name}"
        symbol = ">" if GateComparison(self.comparison) is GateComparison.ABOVE else "≥"
        bound = "?" if self.min_score is None else number_text(self.min_score)
        exact = " (nilai tepat)" if GateBasis(self.basis) is GateBasis.EXACT else ""
        return f"{stage_name} {symbol} {bound}{exact}"


def number_text(value: Decimal) -> str:
    """A bound as people write it, with a decimal comma: ``60``, ``62,5``, ``59,995``."""
    if value == value.to_integral_value():
        return format(value.to_integral_value(), "f")
    return format(value.normalize(), "f").replace(".", ",")


def _legacy_gate(data: Any) -> Any:
    """``gate: {...}`` (one gate, or null: the form before ``gates``) as ``gates: [...]``."""
    if isinstance(data, dict) and "gate" in data:
        data = dict(data)
        gate = data.pop("gate")
        if "gates" in data:
            raise PydanticCustomError(
                "gate_and_gates", "isi 'gate' atau 'gates', jangan keduanya")
        data["gates"] = [] if gate is None else [gate]
    return data


class Stage(_Frozen):
    """Tahapan penilaian with its weight (percent) in the final score.

    `gates` are the stage's entry conditions, in order: a BP takes the stage only when it
    passes every one; the first it fails gives the stage its ``below_gate_score``. A YAML
    file may still write one gate as ``gate: {...}``.

    A **monitoring** stage (``kind: monitoring``, *pemantauan situs*) is scored from the
    findings of website monitoring (:mod:`monitoring`), not from answers or jurors. Its
    *items* are the SAQ questions listed in `questions` (empty: every question that has
    :class:`Signals`), those that apply to the BP's category. Each item is worth the
    question's points and earns them when the BP's visit in the newest *finished*
    monitoring run that visited it found the item (a site that could not be visited, or
    has no address recorded, found nothing); the stage score is 100 × earned / possible,
    rounded like every stage. A BP never visited by a finished run has no score for the
    stage: its `missing` policy decides, as for a panel stage not yet scored. A monitoring
    stage has no indicators; its gates work as any stage's, and later stages may be gated
    on it. Checked by :mod:`questionnaires.validation` (M122, M123): every listed question
    exists and has signals, every category has at least one item.
    """

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    kind: StageKind
    weight: Decimal = Field(ge=0, le=100)
    gates: tuple[Gate, ...] = ()
    missing: MissingStagePolicy = MissingStagePolicy.ZERO
    description: str = ""
    # A monitoring stage's items: question codes (empty: every question with signals).
    questions: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _one_gate(cls, data: Any) -> Any:
        return _legacy_gate(data)

    @property
    def gate(self) -> Gate | None:
        """The first gate (None without gates): for readers that show one gate."""
        return self.gates[0] if self.gates else None


class Indicator(_Frozen):
    """Indikator: a scored aspect of one stage, weighted (percent) within that stage.

    For a panel stage the indicators are the aspects jurors score 0–100. `weights` maps a
    category code to the indicator's weight for BPs of that category (e.g. a KI weighing
    barang dan jasa less for desa); a category not listed uses `weight`. Each category's
    weights in a stage sum to 100 (checked by :mod:`questionnaires.validation`).
    """

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    stage: str
    weight: Decimal = Field(ge=0, le=100)
    weights: dict[str, Annotated[Decimal, Field(ge=0, le=100)]] = {}
    description: str = ""

    def weight_for(self, category: str) -> Decimal:
        """The indicator's weight within its stage for BPs of `category`."""
        return self.weights.get(category, self.weight)


class ScaleLevel(_Frozen):
    """One level of a `scale` question: the grade typed, its label and the share of points."""

    value: int = Field(ge=0)
    label: str = Field(min_length=1)
    fraction: Decimal = Field(ge=0, le=1)


class ChecklistItem(_Frozen):
    """One item of a `checklist` question (e.g. RKA, DPA, LRA for *informasi berkala*)."""

    code: str = Field(pattern=r"^[a-z0-9]{1,3}$")
    label: str = Field(min_length=1)
    weight: Decimal = Field(default=Decimal(1), gt=0)


class Threshold(_Frozen):
    """One step of a `number` question: values from `lower` up earn `fraction` of the points.

    A value *reaches* the threshold when it is ≥ `lower` (``inclusive: true``, the default)
    or > `lower` (``inclusive: false``). It earns the fraction of the highest threshold it
    reaches — ordered by `lower`, and at an equal `lower` the exclusive one above the
    inclusive one — and 0 when it reaches none. So ``[{lower: 90, fraction: 1}, {lower: 75,
    fraction: 0.5}]`` reads "≥ 90 → all points, ≥ 75 → half, else 0", and a rule where less
    is better (days to answer) is written from 0 up: ``[{lower: 0, fraction: 1}, {lower:
    10, inclusive: false, fraction: 0.5}, {lower: 17, inclusive: false, fraction: 0}]``
    (0–10 → all, over 10 up to 17 → half, over 17 → 0).
    """

    lower: Decimal
    fraction: Decimal = Field(ge=0, le=1)
    inclusive: bool = True


# Kinds of linked document a signal may ask for (website monitoring): the code → how users
# read it. A document's kind is told by its content (a PDF by ``%PDF-``), else its type.
DOCUMENT_TYPES: dict[str, str] = {
    "pdf": "PDF",
    "html": "halaman web",
    "office": "dokumen Office (Word, Excel, PowerPoint)",
    "image": "gambar",
}


class Signals(_Frozen):
    """What on a badan publik's website evidences a question: what website monitoring
    (:mod:`monitoring`) looks for. A page or link *matches* when any one signal does:

    - `link_texts`: menu and link texts (*Daftar Informasi Publik*, *Informasi Berkala*) —
      a link whose text, or title attribute, contains one (case and spacing ignored);
    - `title_words`: words in a page's title (or first heading) — a page whose title
      contains one;
    - `url_patterns`: address patterns — a link or page whose address (path and query,
      lower case) matches one, with ``*`` for any characters (``*/informasi-berkala*``);
      a pattern without ``*`` matches anywhere in the address;
    - `document_types`: the kinds of document that evidence it (:data:`DOCUMENT_TYPES`:
      ``pdf``, ``html``, ``office``, ``image``): a matched link is followed and what it
      leads to is recorded; a match of one of these kinds is preferred over others.

    A question without signals is not looked for (nothing is recorded for it). At least one
    text, title or address signal is needed (checked by :mod:`questionnaires.validation`,
    M121); signals do not change how answers score (not in the fingerprint).
    """

    link_texts: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()
    url_patterns: tuple[str, ...] = ()
    document_types: tuple[str, ...] = ()

    @field_validator("link_texts", "title_words", "url_patterns", "document_types",
                     mode="after")
    @classmethod
    def _clean(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(" ".join(v.split()) for v in values if v.strip()))

    @property
    def empty(self) -> bool:
        """No text, title or address signal (document types alone find nothing)."""
        return not (self.link_texts or self.title_words or self.url_patterns)


class Question(_Frozen):
    """Pertanyaan SAQ with its points, answer type and data dukung rule.

    ``allow_na: true`` (default false) marks a question that can legitimately not apply to
    a badan publik in a year — e.g. keberatan answered on time when there was no keberatan.
    Such a question also accepts the answer *Tidak ada kejadian (nihil)*
    (:data:`questionnaires.submission.NIL`), which removes the question from both the
    earned and the possible points of its indicator (reason ``nil``). Only questions of a
    type that allows it may (``yes_no``, ``scale`` and ``number``; a checklist is answered
    item by item, a text question is scored by the verifikator).

    Fields of one answer type only (checked by :mod:`questionnaires.validation`):
    ``scale`` (scale), ``items`` (checklist); for ``number``: ``thresholds`` (see
    :class:`Threshold`), ``unit`` (shown after the number: ``%``, ``hari``,
    ``permohonan``), ``min_value`` / ``max_value`` (inclusive bounds of a valid answer; none
    when absent) and ``decimals`` (decimal places an answer may have, default 2; 0 for a
    count); for ``text``: ``decimals`` (of the points the verifikator types, default 2).

    ``signals`` (any type): what website monitoring looks for as evidence (:class:`Signals`).
    """

    code: str = Field(pattern=CODE_PATTERN)
    indicator: str
    text: str = Field(min_length=1)
    guidance: str = ""  # definisi operasional: what counts as a Ya and as evidence
    type: TypeName
    points: Decimal = Field(gt=0)
    scale: tuple[ScaleLevel, ...] = ()
    items: tuple[ChecklistItem, ...] = ()
    evidence: EvidencePolicy = EvidencePolicy.REQUIRED
    # Category codes the question applies to; empty means every category.
    categories: tuple[str, ...] = ()
    legal_basis: str = ""
    allow_na: bool = False  # "Tidak ada kejadian (nihil)" is a valid answer (see above)
    thresholds: tuple[Threshold, ...] = ()  # number
    unit: str = ""  # number
    min_value: Decimal | None = None  # number
    max_value: Decimal | None = None  # number
    decimals: int | None = Field(default=None, ge=0, le=6)  # number, text (None: 2)
    # What on the website evidences it (website monitoring); None: not looked for.
    signals: Signals | None = None

    @model_validator(mode="after")
    def _na_only_where_allowed(self) -> Question:
        if self.allow_na and not answer_types.get(self.type).allows_nil:
            allowing = " atau ".join(s.name for s in answer_types.all() if s.allows_nil)
            raise ValueError(f"allow_na hanya untuk pertanyaan {allowing}")
        return self

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories

    def item(self, code: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.code == code), None)

    def level(self, value: int) -> ScaleLevel | None:
        return next((lv for lv in self.scale if lv.value == value), None)


class Band(_Frozen):
    """Predikat band: scores from `lower` (inclusive) up to the next band's lower bound."""

    label: str = Field(min_length=1)
    lower: Decimal = Field(ge=0, le=100)
    # Optional upper bound as published ("80 – 89,99"); checked for gaps and overlaps.
    upper: Decimal | None = Field(default=None, ge=0, le=100)
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")


class Rounding(_Frozen):
    """How published scores are rounded (half-up to 2 decimals, then classified)."""

    decimals: int = Field(default=2, ge=0, le=4)
    mode: str = Field(default="half_up", pattern=r"^half_up$")


class Provenance(_Frozen):
    """Where a methodology comes from, how sure we are, and what we assumed."""

    sources: tuple[str, ...] = ()
    confidence: str = ""
    assumptions: tuple[str, ...] = ()
    notes: str = ""


class Methodology(_Frozen):
    """A complete, versioned scoring scheme of one KI for one year."""

    id: str = Field(pattern=CODE_PATTERN)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    ki: str = Field(min_length=1)
    year: int = Field(ge=2008, le=2100)
    legal_basis: tuple[str, ...] = ()
    provenance: Provenance = Provenance()
    categories: tuple[Category, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=1)
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = ()
    bands: tuple[Band, ...] = Field(min_length=1)
    rounding: Rounding = Rounding()
    tie_breakers: tuple[TieBreaker, ...] = ()
    # The largest evidence file (data dukung) a question takes, in bytes (KI Pusat: 2 MB).
    evidence_max_bytes: int = Field(default=2_000_000, gt=0, le=100_000_000)

    @field_validator("bands")
    @classmethod
    def _bands_high_to_low(cls, bands: tuple[Band, ...]) -> tuple[Band, ...]:
        return tuple(sorted(bands, key=lambda b: b.lower, reverse=True))

    def model_copy(self, *, update: Mapping[str, Any] | None = None,
                   deep: bool = False) -> Methodology:
        """A copy without the cached lookups below (they would describe the original)."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _CACHED:
            copied.__dict__.pop(name, None)
        return copied

    # -- lookups (cached; dropped by model_copy) -------------------------------------------

    @cached_property
    def category_by_code(self) -> dict[str, Category]:
        return {c.code: c for c in self.categories}

    @cached_property
    def stage_by_code(self) -> dict[str, Stage]:
        return {s.code: s for s in self.stages}

    @cached_property
    def indicator_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    @cached_property
    def question_by_code(self) -> dict[str, Question]:
        return {q.code: q for q in self.questions}

    def category(self, code: str) -> Category | None:
        return self.category_by_code.get(code)

    def indicators_of(self, stage: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.stage == stage)

    def questions_for(self, category: str) -> tuple[Question, ...]:
        """The SAQ questions a BP of this category answers, in methodology order."""
        return tuple(q for q in self.questions if q.applies_to(category))

    @property
    def questionnaire_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.kind is StageKind.QUESTIONNAIRE)

    @property
    def panel_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.kind is StageKind.PANEL)

    @property
    def monitoring_stages(self) -> tuple[Stage, ...]:
        """The stages scored from website monitoring (usually none)."""
        return tuple(s for s in self.stages if s.kind is StageKind.MONITORING)

    def monitoring_items(self, stage: Stage, category: str) -> tuple[Question, ...]:
        """The items of monitoring `stage` for BPs of `category`, in methodology order:
        the questions it lists (else every question with signals) that apply to the
        category and have signals (see :class:`Stage`)."""
        listed = set(stage.questions)
        return tuple(q for q in self.questions
                     if q.signals is not None and q.applies_to(category)
                     and (not listed or q.code in listed))

    def fingerprint(self, category: str) -> str:
        """A short hash of everything in the question set that changes how answers score.

        Stored in every template so a workbook filled against an older question set is
        recognised instead of being scored against the wrong questions.
        """
        cached = self._fingerprints.get(category)
        if cached is None:
            cached = self._fingerprints[category] = self._compute_fingerprint(category)
        return cached

    @cached_property
    def _fingerprints(self) -> dict[str, str]:
        return {}

    def _compute_fingerprint(self, category: str) -> str:
        payload = [
            [q.code, q.indicator, str(q.type), str(q.points),
             [[lv.value, str(lv.fraction)] for lv in q.scale],
             [[i.code, str(i.weight)] for i in q.items], q.evidence.value]
            + ([True] if q.allow_na else []) + _number_rule(q)
            for q in self.questions_for(category)
        ]
        raw = json.dumps([self.id, self.version, category, payload], separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _number_rule(q: Question) -> list[object]:
    """What the fields of ``number`` and ``text`` questions add to the fingerprint (nothing
    for a question without them, so other questions keep their fingerprints)."""
    if not (q.thresholds or q.min_value is not None or q.max_value is not None
            or q.decimals is not None):
        return []
    return [[[str(t.lower), str(t.fraction), t.inclusive] for t in q.thresholds],
            None if q.min_value is None else str(q.min_value),
            None if q.max_value is None else str(q.max_value), q.decimals]


_CACHED = tuple(name for name, value in vars(Methodology).items()
                if isinstance(value, cached_property))
