"""Property tests: scores stay in [0, 100], one more Ya never lowers a score, and the
ranking does not depend on the order of its input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Participation, rank, rank_scores, score, score_all

HUNDRED = Decimal(100)
APPLIES = {"1.1": {"opd", "desa"}, "1.2": {"opd", "desa"}, "2.1": {"opd"}, "2.2": {"desa"}}
YES_NO = ("1.1", "2.2")
VALUES = {
    "1.1": st.booleans(),
    "1.2": st.frozensets(st.sampled_from("abc")),
    "2.1": st.sampled_from([0, 1, 2]),
    "2.2": st.booleans(),
}
SCORES = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def case_args(draw, participation=None):
    """Keyword arguments of the conftest `case` builder for a random BP of mini."""
    category = draw(st.sampled_from(["opd", "desa"]))
    codes = [c for c, cats in APPLIES.items() if category in cats]
    answers = {c: draw(st.none() | VALUES[c]) for c in codes if draw(st.booleans())}
    return {
        "category": category,
        "answers": answers,
        "no_evidence": draw(st.sets(st.sampled_from(codes))),
        "verified": {c: draw(VALUES[c]) for c in draw(st.sets(st.sampled_from(codes)))},
        "panel": draw(st.dictionaries(st.sampled_from(["J1", "J2", "J3"]), SCORES,
                                      max_size=3)),
        "bonuses": draw(st.lists(st.decimals(min_value=-10, max_value=10, places=2),
                                 max_size=2)),
        "participation": participation or draw(st.sampled_from(list(Participation))),
    }


@pytest.fixture(scope="session")
def methodologies(mini, build):
    """mini and variants: renormalise, no gate, flag evidence, a non-zero below-gate score."""
    def renormalise(d):
        d["stages"][1]["missing"] = "renormalise"

    def no_gate(d):
        del d["stages"][1]["gate"]

    def flag(d):
        for q in d["questions"]:
            q["evidence"] = "flag"

    def gate_50(d):
        d["stages"][1]["gate"]["below_gate_score"] = 50
        d["stages"][1]["missing"] = "renormalise"
    return [mini, *(build.variant(f) for f in (renormalise, no_gate, flag, gate_50))]


def _in_range(value):
    return value is None or Decimal(0) <= value <= HUNDRED


@settings(max_examples=300, deadline=None)
@given(args=case_args(), which=st.integers(0, 4))
def test_every_score_is_between_0_and_100(methodologies, build, args, which):
    m = methodologies[which]
    r = score(build.case("BP", **args), m)
    assert all(_in_range(i.raw) and _in_range(i.verified) for i in r.indicators.values())
    assert all(_in_range(s.score) and _in_range(s.raw) for s in r.stages.values())
    assert all(_in_range(t) for s in r.stages.values() for t in s.jurors.values())
    assert all(_in_range(v) for v in (r.saq_raw, r.saq_verified, r.final))
    assert all(Decimal(0) <= q.earned <= q.possible for q in r.questions)
    assert all(Decimal(0) <= q.earned_raw <= q.possible for q in r.questions)
    if args["participation"] in (Participation.SUBMITTED, Participation.LATE):
        assert r.final is not None
        assert r.predicate.lower <= r.final
        assert r.final == r.final.quantize(Decimal("0.01"))
    else:
        assert (r.final, r.predicate) == (None, None)


def _not_lower(before, after):
    pairs = [(before.saq_raw, after.saq_raw), (before.saq_verified, after.saq_verified),
             (before.final, after.final)]
    for code, ind in before.indicators.items():
        pairs += [(ind.raw, after.indicators[code].raw),
                  (ind.verified, after.indicators[code].verified)]
    for code, stage in before.stages.items():
        pairs += [(stage.score, after.stages[code].score), (stage.raw, after.stages[code].raw)]
    # A stage may go from below the gate (0) to missing (None): compare where both exist.
    return all(new >= old for old, new in pairs if old is not None and new is not None)


@settings(max_examples=300, deadline=None)
@given(args=case_args(Participation.SUBMITTED), which=st.sampled_from([0, 1, 2, 3]),
       data=st.data())
def test_one_more_ya_never_lowers_a_score(methodologies, build, args, which, data):
    m = methodologies[which]  # all with below_gate_score 0
    open_questions = [c for c in YES_NO if args["category"] in APPLIES[c]
                      and not (args["answers"].get(c) is True
                               and c not in args["no_evidence"])]
    if not open_questions:
        return
    code = data.draw(st.sampled_from(open_questions))
    before = score(build.case("BP", **args), m)
    more = {**args, "answers": {**args["answers"], code: True},
            "no_evidence": args["no_evidence"] - {code}}
    after = score(build.case("BP", **more), m)
    assert _not_lower(before, after)


@settings(max_examples=150, deadline=None)
@given(many=st.lists(case_args(), max_size=12), which=st.integers(0, 4),
       order=st.randoms(use_true_random=False))
def test_shuffling_never_changes_the_ranking(methodologies, build, many, which, order):
    m = methodologies[which]
    cases = [build.case(f"BP {n:02d}", **args) for n, args in enumerate(many)]
    shuffled = cases[:]
    order.shuffle(shuffled)
    first, second = rank(score_all(cases, m), m), rank(score_all(shuffled, m), m)
    assert first == second
    # Standard competition ranking on the published final when there are no tie-breakers.
    for r in first:
        if r.final is None:
            assert r.rank is None
        else:
            better = [o for o in first if o.category == r.category and o.final is not None
                      and o.final > r.final]
            assert r.rank >= 1 + len(better)  # tie-breakers may only push it down


@settings(max_examples=150, deadline=None)
@given(finals=st.lists(st.none() | st.decimals(min_value=0, max_value=100, places=3),
                       max_size=15),
       categories=st.lists(st.sampled_from(["opd", "desa"]), min_size=15, max_size=15),
       order=st.randoms(use_true_random=False))
def test_rank_scores_is_competition_ranking_and_order_free(mini, finals, categories, order):
    rows = [(f"BP {n:02d}", categories[n], f) for n, f in enumerate(finals)]
    shuffled = rows[:]
    order.shuffle(shuffled)
    ranked = rank_scores(rows, mini)
    assert ranked == rank_scores(shuffled, mini)
    for r in ranked:
        if r.final is None:
            assert r.rank is None
            continue
        better = [o for o in ranked if o.category == r.category and o.final is not None
                  and o.final > r.final]
        assert r.rank == 1 + len(better)
