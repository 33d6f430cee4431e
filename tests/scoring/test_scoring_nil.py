"""*Tidak ada kejadian (nihil)*: an opt-in answer (``allow_na``) that leaves a question out
of both the earned and the possible points of its indicator; an indicator left without
possible points scores None and its stage is weighted over the remaining indicators.

mini (see conftest): SAQ 80 % (A 60 %, B 40 %) + panel 20 % (missing counts 0). OPD answers
1.1 (A, yes_no, 2 pts), 1.2 (A, checklist a/b/c, 3 pts) and 2.1 (B, scale 0/1/2 → 0/½/1 of
4 pts). Here 1.1 and 2.1 allow nihil.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from questionnaires.errors import ProblemsError
from questionnaires.submission import NIL
from scoring import score
from scoring.explain import lost_points
from scoring.results import Reason

D = Decimal


@pytest.fixture(scope="module")
def nil_mini(build):
    def allow(data):
        for q in data["questions"]:
            if q["code"] in ("1.1", "2.1"):
                q["allow_na"] = True
    return build.variant(allow)


def test_nihil_removes_the_question_from_earned_and_possible(build, nil_mini):
    r = score(build.case("Dinas", "opd", {"1.1": NIL, "1.2": {"a", "b", "c"}, "2.1": 1}),
              nil_mini)
    q = {x.code: x for x in r.questions}
    assert (q["1.1"].reason_raw, q["1.1"].reason, q["1.1"].nil) == (Reason.NIL, Reason.NIL,
                                                                     True)
    assert (q["1.1"].earned, q["1.1"].possible, q["1.1"].possible_raw) == (0, 0, 0)
    assert Reason.NIL.label == "Nihil (tidak ada kejadian)"
    # A: 1.2 earns 3 of 3 (1.1 is out of both) → 100, not 3 / 5 = 60
    # B: 2.1 level 1 earns ½ × 4 = 2 of 4 → 50
    assert (r.indicators["A"].raw, r.indicators["A"].verified) == (D(100), D(100))
    assert r.indicators["B"].verified == D(50)
    # SAQ = (60 × 100 + 40 × 50) / (60 + 40) = 80; final = (80 × 80 + 20 × 0) / 100 = 64
    assert (r.saq_raw, r.saq_verified) == (D(80), D(80))
    assert r.final == D(64)
    # the same answered Tidak: A = 3 / 5 = 60 → SAQ (60 × 60 + 40 × 50) / 100 = 56
    tidak = score(build.case("Dinas", "opd", {"1.1": False, "1.2": {"a", "b", "c"},
                                               "2.1": 1}), nil_mini)
    assert tidak.saq_verified == D(56)


def test_an_indicator_all_nihil_scores_none_and_the_stage_renormalises(build, nil_mini):
    r = score(build.case("Dinas", "opd", {"1.1": True, "1.2": {"a"}, "2.1": NIL}), nil_mini)
    # B's only OPD question (2.1) is nihil: B has no possible points → None, weight left out
    assert (r.indicators["B"].raw, r.indicators["B"].verified) == (None, None)
    # A: 1.1 earns 2 + 1.2 one of three items ⅓ × 3 = 1 → 3 of 5 = 60
    assert r.indicators["A"].verified == D(60)
    # SAQ = 60 × 60 / 60 = 60 (B's 40 % excluded), not 60 × 60 / 100 = 36
    assert (r.saq_raw, r.saq_verified) == (D(60), D(60))
    assert r.stages["saq"].score == D(60)
    # final = (80 × 60 + 20 × 0) / 100 = 48 (panel missing, counted 0)
    assert r.final == D(48)
    # 1.2 lost 2 of A's 5 points; A is the whole SAQ now: 2 / 5 × 60 / 60 × 80 = 32
    # (= 80 − 48, the final with 1.2 complete)
    (lost,) = [x for x in lost_points(r, nil_mini) if x.question == "1.2"]
    assert lost.contribution == D(32)
    assert "2.1" not in {x.question for x in lost_points(r, nil_mini)}


def test_verifikator_confirms_or_overrides_nihil(build, nil_mini):
    # self-reported nihil, verified Tidak: raw leaves 1.1 out, verified counts it as 0
    r = score(build.case("Dinas", "opd", {"1.1": NIL, "1.2": {"a", "b", "c"}, "2.1": 2},
                         verified={"1.1": False}), nil_mini)
    q = {x.code: x for x in r.questions}
    assert (q["1.1"].reason_raw, q["1.1"].reason) == (Reason.NIL, Reason.OVERRIDDEN)
    assert (q["1.1"].possible_raw, q["1.1"].possible) == (D(0), D(2))
    # raw: A 3/3 = 100, B 4/4 = 100 → 100; verified: A 3/5 = 60 → 60 × 60 + 40 × 100 = 76
    assert (r.indicators["A"].raw, r.indicators["A"].verified) == (D(100), D(60))
    assert (r.saq_raw, r.saq_verified) == (D(100), D(76))
    # self-reported Ya, verified nihil: verified A = 3 / 3 = 100
    r = score(build.case("Dinas", "opd", {"1.1": True, "1.2": {"a", "b", "c"}, "2.1": 2},
                         verified={"1.1": NIL}), nil_mini)
    assert (r.indicators["A"].raw, r.indicators["A"].verified) == (D(100), D(100))
    assert r.questions[0].reason is Reason.OVERRIDDEN
    # confirmed nihil keeps the reason
    r = score(build.case("Dinas", "opd", {"1.1": NIL, "1.2": set(), "2.1": 2},
                         verified={"1.1": NIL}), nil_mini)
    assert r.questions[0].reason is Reason.NIL
    assert r.indicators["A"].verified == D(0)  # 1.2: 0 of 3


def test_nihil_where_not_allowed_is_invalid_and_keeps_its_points_possible(build, mini):
    r = score(build.case("Dinas", "opd", {"1.1": NIL, "1.2": {"a", "b", "c"}, "2.1": 2}),
              mini)
    q = r.questions[0]
    assert (q.reason, q.possible, q.nil) == (Reason.INVALID, D(2), False)
    assert r.indicators["A"].verified == D(60)  # 3 of 5


def test_allow_na_is_refused_on_a_checklist(build):
    def allow(data):
        data["questions"][1]["allow_na"] = True  # 1.2, a checklist
    with pytest.raises(ProblemsError, match="allow_na hanya untuk"):
        build.variant(allow)


def test_scores_are_memoised_per_value_class(build, nil_mini):
    cases = [build.case(f"BP {n}", "opd", {"1.1": NIL if n % 2 else True, "1.2": {"a"},
                                          "2.1": 2}) for n in range(4)]
    first = [score(c, nil_mini) for c in cases]
    again = [score(c, nil_mini) for c in cases]
    assert [r.saq_verified for r in first] == [r.saq_verified for r in again]
    # odd: A 1/3 → 33.33…, even: A 3/5 = 60; B 100
    assert [r.indicators["A"].verified for r in first] == [D(60), D("33.33")] * 2
