"""Outputs of the engine: per-question, per-indicator and per-stage scores and the result.

Every reported score is already rounded with the methodology's rounding (2 decimals when
published); the engine keeps full precision internally. Results are frozen; the mappings
inside them must be treated as read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from questionnaires.model import Band
from questionnaires.submission import AnswerValue
from scoring.inputs import Bonus, Participation


class Reason(StrEnum):
    """Why a question earned what it earned."""

    FULL = "full"
    PARTIAL = "partial"
    ANSWERED_NO = "answered_no"  # Tidak, level 0 or an empty checklist
    NOT_ANSWERED = "not_answered"
    NO_EVIDENCE = "no_evidence"  # data dukung required but missing
    NOT_APPLICABLE = "not_applicable"  # the question is not asked of this category
    OVERRIDDEN = "overridden"  # the verifikator's value differs from the self-reported one
    INVALID = "invalid_value"  # a value that is not one of the question's options
    NIL = "nil"  # "Tidak ada kejadian (nihil)": left out of earned and possible points
    # A value only the verifikator scores (a text answer) not scored yet: 0 until then.
    AWAITING = "awaiting_verifier"
    # An item of a monitoring stage its website-monitoring visit did not find.
    NOT_FOUND = "not_found_on_site"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS: Mapping[Reason, str] = {
    Reason.FULL: "Nilai penuh",
    Reason.PARTIAL: "Sebagian",
    Reason.ANSWERED_NO: "Dijawab tidak / tidak ada",
    Reason.NOT_ANSWERED: "Tidak dijawab",
    Reason.NO_EVIDENCE: "Tanpa data dukung",
    Reason.NOT_APPLICABLE: "Tidak berlaku untuk kategori ini",
    Reason.OVERRIDDEN: "Diubah verifikator",
    Reason.INVALID: "Jawaban tidak sah",
    Reason.NIL: "Nihil (tidak ada kejadian)",
    Reason.AWAITING: "Menunggu penilaian verifikator",
    Reason.NOT_FOUND: "Tidak ditemukan di situs",
}


class StageStatus(StrEnum):
    TAKEN = "taken"
    BELOW_GATE = "below_gate"  # scored the gate's below_gate_score
    MISSING = "missing"  # no data; the stage's missing policy decides

    @property
    def label(self) -> str:
        return STAGE_STATUS_LABELS[self]


STAGE_STATUS_LABELS: Mapping[StageStatus, str] = {
    StageStatus.TAKEN: "Diikuti",
    StageStatus.BELOW_GATE: "Di bawah ambang batas",
    StageStatus.MISSING: "Tidak ada data",
}


@dataclass(frozen=True, slots=True)
class QuestionScore:
    """Points of one question, self-reported (`*_raw`) and verified.

    `verified` is the verifikator's value (None when there is none; the verifikator's
    reason is in :attr:`Result.notes`). `flagged` marks an answer earning points without
    the data dukung its `flag` evidence rule asks for.

    `possible` is what the question adds to its indicator's possible points (verified),
    `possible_raw` the same for the self-reported score: both are the question's points,
    except 0 for a question not asked of the category and for a *nihil* answer (then `nil`
    is True; a verifikator may confirm or override it, so the two can differ).
    """

    code: str
    indicator: str
    possible: Decimal
    earned_raw: Decimal
    earned: Decimal
    reason_raw: Reason
    reason: Reason
    value: AnswerValue | None = None
    verified: AnswerValue | None = None
    flagged: bool = False
    possible_raw: Decimal = Decimal(0)
    nil: bool = False


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """Indicator score 0–100 (rounded); None when no question of it applies (or every one
    applying was answered *nihil*): the stage is then weighted over its other indicators.

    For a panel indicator (aspect) `raw` and `verified` are both the mean of the jurors.
    """

    code: str
    stage: str
    raw: Decimal | None
    verified: Decimal | None


@dataclass(frozen=True, slots=True)
class SiteItemScore:
    """One item of a monitoring stage (a question with signals): worth `possible` (the
    question's points), it `earned` them when the BP's visit `found` it (at `url`);
    `checked_at` when the site was visited, `pages` the pages that visit read, `detail`
    why nothing could be found (a site that could not be visited), else empty. An item the
    visit did not look for reads as not found, with `checked_at` None."""

    stage: str
    question: str
    possible: Decimal
    earned: Decimal
    found: bool
    checked_at: datetime | None
    url: str = ""
    pages: int = 0
    detail: str = ""


@dataclass(frozen=True, slots=True)
class StageScore:
    """One stage of one BP.

    `score` is the rounded score that counts (verified for a questionnaire; the gate's
    below_gate_score when below the gate); None when the stage is missing — then `counted`
    says whether it was counted as 0 (policy zero) or left out (renormalise). `raw` is the
    self-reported score of a questionnaire stage; `jurors` maps juror → total of a panel.

    For the gates of later stages (:mod:`scoring.gates`): `exact` is the unrounded score
    that counts, kept only for a stage some gate compares by its exact score; `rank` the
    BP's rank within its category by the published score, among the BPs that took the
    stage, kept only for a stage some rank gate reads (both None elsewhere).
    """

    code: str
    score: Decimal | None
    status: StageStatus
    counted: bool
    raw: Decimal | None = None
    jurors: Mapping[str, Decimal] = field(default_factory=dict)
    exact: Decimal | None = field(default=None, repr=False)
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """The scored (or, for non-participants, unscored) outcome of one BP.

    `notes` maps question code → the verifikator's reason (only non-empty reasons).
    `saq_raw`/`saq_verified` are those of the first questionnaire stage. `final` is the
    published (clamped, rounded) score; `final_exact` keeps the unrounded, unclamped
    weighted stages + bonuses for explanations only. `rank` is filled by ranking.
    `site` holds the items of the methodology's monitoring stages that have findings
    (:class:`SiteItemScore`, by stage then methodology order); empty otherwise.
    """

    badan_publik: str
    category: str
    methodology_id: str
    methodology_version: str
    participation: Participation
    questions: tuple[QuestionScore, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)
    indicators: Mapping[str, IndicatorScore] = field(default_factory=dict)
    saq_raw: Decimal | None = None
    saq_verified: Decimal | None = None
    stages: Mapping[str, StageScore] = field(default_factory=dict)
    bonus: Decimal | None = None
    bonuses: tuple[Bonus, ...] = ()
    final: Decimal | None = None
    predicate: Band | None = None
    rank: int | None = None
    final_exact: Decimal | None = field(default=None, repr=False)
    site: tuple[SiteItemScore, ...] = ()

    @property
    def scored(self) -> bool:
        return self.final is not None


# -- Fast construction for the engine and the ranking ---------------------------------------
# A frozen dataclass's __init__ calls object.__setattr__ per field, and so would setting the
# slots through their member descriptors: a C call that packs its arguments in a tuple per
# field. Scoring and ranking 10,000 BPs build 40,000 of these objects. The functions below
# take every field (no defaults), fill a new instance of a plain twin class with the same
# __slots__ (plain attribute stores, the interpreter's fastest), then make it an instance
# of the frozen class by assigning __class__, which Python allows between classes of the
# same layout: the same objects, three times as fast. Generated like dataclasses generates
# __init__, so they follow the fields of the classes.

def _generated(cls: type, name: str, params: str, values: dict[str, str]) -> Callable[..., Any]:
    """A function `name(params)` returning a new `cls` whose field f is set to the
    expression ``values.get(f, f)``."""
    names = [f.name for f in fields(cls)]
    slots = cls.__dict__["__slots__"]
    if cls.__bases__ != (object,) or tuple(slots) != tuple(names):
        raise TypeError(f"{cls.__name__}: a twin needs the fields as its only slots")
    twin = type(f"_{cls.__name__}Fields", (), {"__slots__": slots})
    source = (f"def {name}({params}):\n    obj = _new(_twin)\n"
              + "".join(f"    obj.{n} = {values.get(n, n)}\n" for n in names)
              + "    obj.__class__ = _cls\n    return obj\n")
    namespace: dict[str, Any] = {"_new": object.__new__, "_twin": twin, "_cls": cls}
    exec(source, namespace)  # built from the dataclass's own field names only
    return namespace[name]  # type: ignore[no-any-return]


def _positional_constructor(cls: type, optional: tuple[str, ...] = (),
                            empty: tuple[str, ...] = ()) -> Callable[..., Any]:
    """`optional`: trailing fields that may be left out (None); `empty`: trailing fields
    that may be left out (an empty tuple)."""
    names = [f"{f.name}=None" if f.name in optional else f"{f.name}=()" if f.name in empty
             else f.name for f in fields(cls)]
    return _generated(cls, f"new_{cls.__name__}", ", ".join(names), {})


def _copy_with(cls: type, changed: str) -> Callable[[Any, Any], Any]:
    values = {f.name: f"old.{f.name}" for f in fields(cls) if f.name != changed}
    return _generated(cls, f"copy_{cls.__name__}", f"old, {changed}", values)


new_result: Callable[..., Result] = _positional_constructor(Result, empty=("site",))
"""``Result(...)`` with every field given (positionally in field order, or by name);
`site` may be left out (no monitoring items)."""
new_stage_score: Callable[..., StageScore] = _positional_constructor(StageScore,
                                                                    ("exact", "rank"))
"""``StageScore(...)`` with every field given (positionally in field order, or by name);
`exact` and `rank` may be left out (None)."""
new_question_score: Callable[..., QuestionScore] = _positional_constructor(QuestionScore)
"""``QuestionScore(...)`` with every field given (positionally in field order, or by name)."""
new_indicator_score: Callable[..., IndicatorScore] = _positional_constructor(IndicatorScore)
"""``IndicatorScore(...)`` with every field given (positionally in field order, or by name)."""
result_with_rank: Callable[[Result, int | None], Result] = _copy_with(Result, "rank")
"""``dataclasses.replace(result, rank=rank)``, without its per-call introspection."""
