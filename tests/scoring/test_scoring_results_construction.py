"""The engine's fast constructors (scoring.results.new_* and result_with_rank) build the
same frozen objects as the dataclasses' own __init__ and dataclasses.replace."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from scoring.inputs import Participation
from scoring.results import (
    IndicatorScore,
    QuestionScore,
    Reason,
    Result,
    StageScore,
    StageStatus,
    new_indicator_score,
    new_question_score,
    new_result,
    new_stage_score,
    result_with_rank,
)


def _values(cls: type) -> dict[str, object]:
    return {f.name: f"{f.name}-value" for f in dataclasses.fields(cls)}


@pytest.mark.parametrize(("cls", "build"), [
    (Result, new_result), (StageScore, new_stage_score),
    (QuestionScore, new_question_score), (IndicatorScore, new_indicator_score),
])
def test_fast_constructor_builds_the_frozen_dataclass(cls, build):
    values = _values(cls)
    fast = build(*values.values())
    assert type(fast) is cls
    assert fast == cls(**values)
    assert dataclasses.asdict(fast) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(fast, dataclasses.fields(cls)[0].name, "changed")


def test_result_with_rank_is_replace():
    stage = StageScore("saq", Decimal("71.25"), StageStatus.TAKEN, True, Decimal("71.25"))
    question = QuestionScore("1.1", "k", Decimal(2), Decimal(2), Decimal(2), Reason.FULL,
                             Reason.FULL, True)
    result = Result("Dinas A", "opd", "m", "1", Participation.SUBMITTED,
                    questions=(question,), stages={"saq": stage}, final=Decimal("71.25"))
    ranked = result_with_rank(result, 3)
    assert type(ranked) is Result
    assert ranked == dataclasses.replace(result, rank=3)
    assert ranked.stages is result.stages
    assert result.rank is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        ranked.rank = 4  # type: ignore[misc]
