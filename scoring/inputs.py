"""Evaluator inputs of the engine: everything known about one badan publik (a :class:`Case`).

The SAQ answers come as a :class:`~questionnaires.submission.Submission`; this module adds
what evaluators contribute afterwards — the verifikator's values (:class:`Verification`),
the jurors' aspect scores (:class:`PanelScore`), typed adjustments (:class:`Bonus`), what
website monitoring found on the BP's site (:class:`SiteFinding`) — and the BP's
participation status. All are frozen value objects; nothing here computes scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from questionnaires.submission import AnswerValue, Submission


class ScoringError(ValueError):
    """Inputs that cannot be scored as given (unknown codes, mismatched methodology…)."""


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScoringError(f"{what}: {value!r} bukan angka")
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ScoringError(f"{what}: {value!r} bukan angka") from None
    if not result.is_finite():
        raise ScoringError(f"{what}: {value!r} bukan angka")
    return result


class Participation(StrEnum):
    """Whether and how a BP took part; BPs that did not are never scored 0 silently."""

    SUBMITTED = "submitted"
    LATE = "late"  # scored like submitted, the status is kept for the report
    NOT_SUBMITTED = "not_submitted"
    NOT_REGISTERED = "not_registered"

    @property
    def label(self) -> str:
        return PARTICIPATION_LABELS[self]

    @property
    def scored(self) -> bool:
        return self in (Participation.SUBMITTED, Participation.LATE)


PARTICIPATION_LABELS: Mapping[Participation, str] = {
    Participation.SUBMITTED: "Mengisi SAQ",
    Participation.LATE: "Terlambat",
    Participation.NOT_SUBMITTED: "Tidak mengisi SAQ",
    Participation.NOT_REGISTERED: "Tidak register",
}


@dataclass(frozen=True, slots=True)
class Verification:
    """The verifikator's value for one question: confirms, lowers or rejects the answer.

    `value` uses the answer's normalised type (bool / scale level / checklist item codes).
    A verified value replaces the self-reported one; the evidence was checked, so the
    data dukung rule counts as satisfied.
    """

    question: str
    value: AnswerValue
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PanelScore:
    """One juror's score (0–100) of one aspect (indicator) of a panel stage."""

    stage: str
    juror: str
    indicator: str
    score: Decimal

    def __post_init__(self) -> None:
        score = _decimal(self.score, f"nilai juri {self.juror} ({self.indicator})")
        if not Decimal(0) <= score <= Decimal(100):
            raise ScoringError(f"nilai juri {self.juror} ({self.indicator}) harus 0–100: {score}")
        object.__setattr__(self, "score", score)


@dataclass(frozen=True, slots=True)
class Bonus:
    """A typed adjustment added to the final score (may be negative), e.g. head presents."""

    code: str
    points: Decimal
    reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", _decimal(self.points, f"bonus {self.code}"))


@dataclass(frozen=True, slots=True)
class SiteFinding:
    """What the newest finished website-monitoring run found on the BP's site for one item
    (a question with signals), for a monitoring stage
    (:attr:`questionnaires.model.StageKind.MONITORING`).

    `found`: a page or link matched the item's signals, at `url`, and what it leads to
    opens; `checked_at` when the site was visited (timezone-aware); `pages` how many pages
    that visit read; `detail` why the item is not found when there is more to say than
    "not in the pages read": the site could not be visited (0 pages), or — the site read —
    its link is broken (at `url`) or robots.txt forbade where it may be (empty
    otherwise)."""

    question: str
    found: bool
    checked_at: datetime
    url: str = ""
    pages: int = 0
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Case:
    """Everything known about one BP in one monev: the unit the engine scores.

    `verifications` is keyed by question code. A case whose participation is not scored
    (or without a submission) yields a result without scores, never a silent 0.
    `findings` (question code → :class:`SiteFinding`) is what the newest finished
    monitoring run that visited the BP found, per item; empty when no finished run
    visited it (a monitoring stage is then missing). Only a methodology with a monitoring
    stage reads it.
    """

    badan_publik: str
    category: str
    participation: Participation = Participation.SUBMITTED
    submission: Submission | None = None
    verifications: Mapping[str, Verification] = field(default_factory=dict)
    panel: Sequence[PanelScore] = ()
    bonuses: Sequence[Bonus] = ()
    findings: Mapping[str, SiteFinding] = field(default_factory=dict)
