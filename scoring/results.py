"""Outputs of the engine: per-question, per-indicator and per-stage scores and the result.

Every reported score is already rounded with the methodology's rounding (2 decimals when
published); the engine keeps full precision internally. Results are frozen; the mappings
inside them must be treated as read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

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
class StageScore:
    """One stage of one BP.

    `score` is the rounded score that counts (verified for a questionnaire; the gate's
    below_gate_score when below the gate); None when the stage is missing — then `counted`
    says whether it was counted as 0 (policy zero) or left out (renormalise). `raw` is the
    self-reported score of a questionnaire stage; `jurors` maps juror → total of a panel.
    """

    code: str
    score: Decimal | None
    status: StageStatus
    counted: bool
    raw: Decimal | None = None
    jurors: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Result:
    """The scored (or, for non-participants, unscored) outcome of one BP.

    `notes` maps question code → the verifikator's reason (only non-empty reasons).
    `saq_raw`/`saq_verified` are those of the first questionnaire stage. `final` is the
    published (clamped, rounded) score; `final_exact` keeps the unrounded, unclamped
    weighted stages + bonuses for explanations only. `rank` is filled by ranking.
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

    @property
    def scored(self) -> bool:
        return self.final is not None
