"""Scoring engine of monev-kip: pure functions from answers and evaluations to scores,
predikat, ranks and explanations. No I/O; imports only the questionnaire models.

- :mod:`scoring.inputs` — what evaluators provide (:class:`Case` and its parts)
- :mod:`scoring.results` — what the engine reports (:class:`Result` and its parts)
- :mod:`scoring.plan` — per (methodology, category) compiled plans, cached
- :mod:`scoring.engine` — :func:`score`, :func:`score_all`
- :mod:`scoring.ranking` — :func:`rank`, :func:`rank_scores`
- :mod:`scoring.predicate` — :func:`classify`
- :mod:`scoring.rounding` — :func:`round_score`
- :mod:`scoring.explain` — :func:`lost_points`, :func:`next_predicate_gap`
"""

from scoring.engine import score, score_all
from scoring.explain import Gap, LostPoints, StageGap, lost_points, next_predicate_gap
from scoring.inputs import (
    PARTICIPATION_LABELS,
    Bonus,
    Case,
    PanelScore,
    Participation,
    ScoringError,
    Verification,
)
from scoring.predicate import classify, next_band
from scoring.ranking import RankedScore, ScoreRow, rank, rank_scores
from scoring.results import (
    REASON_LABELS,
    STAGE_STATUS_LABELS,
    IndicatorScore,
    QuestionScore,
    Reason,
    Result,
    StageScore,
    StageStatus,
)
from scoring.rounding import round_score

__all__ = [
    "PARTICIPATION_LABELS",
    "REASON_LABELS",
    "STAGE_STATUS_LABELS",
    "Bonus",
    "Case",
    "Gap",
    "IndicatorScore",
    "LostPoints",
    "PanelScore",
    "Participation",
    "QuestionScore",
    "RankedScore",
    "Reason",
    "Result",
    "ScoreRow",
    "ScoringError",
    "StageGap",
    "StageScore",
    "StageStatus",
    "Verification",
    "classify",
    "lost_points",
    "next_band",
    "next_predicate_gap",
    "rank",
    "rank_scores",
    "round_score",
    "score",
    "score_all",
]
