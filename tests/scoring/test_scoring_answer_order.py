"""A submission's answers score the same whatever their order in the submission and
whatever else it holds: the engine takes them as they are when they are exactly the
category's questions in methodology order, and looks each one up otherwise."""

from __future__ import annotations

from questionnaires.submission import Answer, Submission
from scoring import Case, score
from scoring.reference import score_reference

EVIDENCE = "https://ppid.example.go.id/data-dukung.pdf"
VALUES = {"1.1": True, "1.2": frozenset({"a", "c"}), "2.1": 2, "2.2": True}


def _case(mini, codes: list[str]) -> Case:
    answers = {c: Answer(question=c, value=VALUES[c], evidence=EVIDENCE) for c in codes}
    sub = Submission(badan_publik="Dinas A", category="opd", methodology_id=mini.id,
                     answers=answers)
    return Case(badan_publik="Dinas A", category="opd", submission=sub)


def test_answer_order_and_extra_rows_do_not_change_the_score(mini):
    in_order = score(_case(mini, ["1.1", "1.2", "2.1"]), mini)  # exactly the OPD questions
    assert in_order == score_reference(_case(mini, ["1.1", "1.2", "2.1"]), mini)
    assert in_order.final is not None
    for codes in (["2.1", "1.2", "1.1"],  # another order
                  ["1.1", "1.2", "2.1", "2.2"],  # a row of a question not asked of OPD
                  ["1.1", "2.1", "2.2"]):  # one missing, one extra: as many rows
        case = _case(mini, codes)
        assert score(case, mini) == score_reference(case, mini)
    assert score(_case(mini, ["2.1", "1.2", "1.1"]), mini) == in_order
