"""The fast engine (memoised lookups, shared frozen scores, integer keys) gives exactly the
results of the plain reference computation (:mod:`scoring.reference`), field by field.

Thousands of random badan publik over the presets in questionnaires/methodologies/, variants
of them with other gates, missing-stage policies, evidence rules and tie-breakers, variants
with gates of every form (≥ or >, published or exact, a rank gate, several in a row) and
per-category indicator weights, and the mini fixtures with and without *nihil* (and with
three stages, rank gates reading a panel stage): random answers (valid, invalid, nihil, unanswered,
missing rows, answers to questions not asked of the category, an unhashable set), evidence
present, blank or whitespace, verifications (also of questions not asked), juror rows,
bonuses, every participation status. Each case is scored cold, then again with warm memos
in another order, one by one, and with memos too small to hold anything; every ``Decimal``
must match in value and in representation (``str``), except ``final_exact``, which keeps
full precision and is only compared by value (a memo may hand back an equal sum written
with another exponent, as the engine always did).
"""

from __future__ import annotations

import copy
import random
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from questionnaires.loader import parse_methodology
from questionnaires.model import AnswerType, Methodology, Question, StageKind
from questionnaires.submission import NIL, Answer, Submission
from scoring import Bonus, Case, PanelScore, Participation, ScoringError, Verification, engine, plan
from scoring.engine import score, score_all
from scoring.gates import gate_reads
from scoring.ranking import rank
from scoring.reference import rank_reference, score_all_reference, score_reference

ROOT = Path(__file__).resolve().parents[2]
PRESETS = sorted((ROOT / "questionnaires" / "methodologies").glob("*.yaml"))
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
EVIDENCE = ["https://ppid.example.go.id/dip.pdf", "https://x", "", "   ", "ada", "\t\n"]


def _load(path: Path, change=None, name: str = "") -> Methodology:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if change is not None:
        data = copy.deepcopy(data)
        change(data)
    return parse_methodology(data, name or path.name)


def _other_policies(data: dict[str, Any]) -> None:
    """Gate with a non-zero below-gate score, the other missing policy, flags, saq_raw."""
    first = next(s["code"] for s in data["stages"] if s["kind"] == "questionnaire")
    for stage in data["stages"]:
        if stage["kind"] == "panel":
            stage.pop("gate", None)
            stage["gates"] = [{"stage": first, "min_score": 55, "below_gate_score": "12.5"}]
            stage["missing"] = "zero" if stage.get("missing") == "renormalise" else "renormalise"
    for n, q in enumerate(data["questions"]):
        q["evidence"] = ("flag", "none", "required")[n % 3]
    panel = any(s["kind"] == "panel" for s in data["stages"])
    data["tie_breakers"] = ["saq_raw", "panel"] if panel else ["saq_raw"]


def _rotated(weights: list[Any]) -> list[Any]:
    """The same weights one place on (so a category's weights still sum to 100)."""
    return weights[1:] + weights[:1]


def _gates_and_weights(data: dict[str, Any]) -> None:
    """Per-category weights (the first two categories' weights rotated within each stage)
    and, on each panel stage, a threshold on the exact score with > (about half pass) and a
    rank gate."""
    first = next(s["code"] for s in data["stages"] if s["kind"] == "questionnaire")
    for stage in data["stages"]:
        indicators = [i for i in data["indicators"] if i["stage"] == stage["code"]]
        for category in data["categories"][:2]:
            rotated = _rotated([i["weight"] for i in indicators])
            if len(indicators) == 1:
                continue
            for ind, weight in zip(indicators, rotated, strict=True):
                ind.setdefault("weights", {})[category["code"]] = weight
            indicators = indicators[::-1]  # another order for the next category
        if stage["kind"] == "panel":
            stage.pop("gate", None)
            stage["gates"] = [
                {"stage": first, "min_score": "20.5", "comparison": "above", "basis": "exact",
                 "below_gate_score": "12.5"},
                {"stage": first, "top": 40, "below_gate_score": 7},
            ]
    if not any(s["kind"] == "panel" for s in data["stages"]):  # a questionnaire stage only
        data["stages"][0]["weight"] = 70
        data["stages"].append({"code": "presentasi", "name": "Presentasi", "kind": "panel",
                               "weight": 30, "gates": [{"stage": first, "top": 25}]})
        data["indicators"].append({"code": "P", "name": "Presentasi", "stage": "presentasi",
                                   "weight": 100})


def _three_stages(data: dict[str, Any]) -> None:
    """mini with a third stage gated by a rank in the panel stage and the exact SAQ: SAQ
    60 %, panel 20 % (SAQ ≥ 40 on the exact score), visitasi 20 % (top 30 of the category
    in the panel stage, then SAQ > 50); desa weighs A 25 / B 75."""
    data["stages"][0]["weight"] = 60
    data["stages"][1]["gate"] = {"stage": "saq", "min_score": 40, "basis": "exact"}
    data["stages"].append({"code": "visitasi", "name": "Visitasi", "kind": "panel",
                           "weight": 20, "missing": "renormalise",
                           "gates": [{"stage": "panel", "top": 30, "below_gate_score": 5},
                                     {"stage": "saq", "min_score": 50, "comparison": ">"}]})
    data["indicators"].append({"code": "V1", "name": "Visitasi 1", "stage": "visitasi",
                               "weight": 70})
    data["indicators"].append({"code": "V2", "name": "Visitasi 2", "stage": "visitasi",
                               "weight": 30, "weights": {"desa": 60}})
    data["indicators"][-2]["weights"] = {"desa": 40}
    data["indicators"][0]["weights"] = {"desa": 25}
    data["indicators"][1]["weights"] = {"desa": 75}


def _nil_everywhere(data: dict[str, Any]) -> None:
    """mini where 1.1 (yes_no) and 2.1 (scale) allow nihil, without tie-breakers."""
    for q in data["questions"]:
        if q["code"] in ("1.1", "2.1"):
            q["allow_na"] = True
    data["tie_breakers"] = []


def methodologies() -> list[Methodology]:
    """Fresh objects (so fresh plans and memos) of every methodology the test uses."""
    out = [_load(p) for p in PRESETS]
    out += [_load(p, _other_policies, f"other-{p.name}") for p in PRESETS]
    out += [_load(p, _gates_and_weights, f"gates-{p.name}") for p in PRESETS]
    return [*out, _load(MINI), _load(MINI, _nil_everywhere, "mini-nil.yaml"),
            _load(MINI, _three_stages, "mini-three.yaml")]


def _label(n: int, m: Methodology) -> str:
    kind = n // len(PRESETS) if n < 3 * len(PRESETS) else 0
    return m.id + ("", "-other", "-gates")[kind] + ("-three" if len(m.stages) == 3 and
                                                     n >= 3 * len(PRESETS) else "")


def _value(q: Question, rng: random.Random) -> Any:
    """A valid value mostly; sometimes nihil, an invalid one or another type's value."""
    roll = rng.random()
    if roll < 0.06:
        return NIL
    if roll < 0.12:  # invalid for this question
        return rng.choice([0, 1, 7, -1, True, False, frozenset({"zz"}), frozenset()])
    if q.type is AnswerType.YES_NO:
        return rng.random() < 0.6
    if q.type is AnswerType.SCALE:
        return rng.choice(q.scale).value
    return frozenset(i.code for i in q.items if rng.random() < 0.6)


def _answer(q: Question, rng: random.Random) -> Answer:
    evidence = rng.choice(EVIDENCE)
    if rng.random() < 0.08:
        return Answer(question=q.code, value=None, evidence=evidence)
    if rng.random() < 0.01 and q.type is AnswerType.CHECKLIST:  # an unhashable set
        return Answer.model_construct(question=q.code, value={i.code for i in q.items[:2]},
                                      evidence=evidence, note="", cell="")
    return Answer(question=q.code, value=_value(q, rng), evidence=evidence)


def random_case(m: Methodology, n: int, rng: random.Random) -> Case:
    category = rng.choice([c.code for c in m.categories])
    name = f"BP {n:05d}"
    participation = rng.choices(list(Participation), weights=[85, 6, 6, 3])[0]
    answers = {}
    for q in m.questions:
        asked = q.applies_to(category)
        if (asked and rng.random() < 0.9) or (not asked and rng.random() < 0.1):
            answers[q.code] = _answer(q, rng)
    submission = None if rng.random() < 0.03 else Submission(
        badan_publik=name, category=category, methodology_id=m.id, answers=answers)
    verifications = {}
    if rng.random() < 0.4:
        for q in rng.sample(list(m.questions), rng.randint(1, 4)):
            verifications[q.code] = Verification(q.code, _value(q, rng),
                                                 rng.choice(["", "diperiksa"]))
    panel = []
    for stage in m.stages:
        if stage.kind is not StageKind.PANEL or rng.random() < 0.3:
            continue
        aspects = [i.code for i in m.indicators_of(stage.code)]
        for juror in rng.sample(["J1", "J2", "J3", "J4"], rng.randint(1, 4)):
            for aspect in rng.sample(aspects, rng.randint(1, len(aspects))):
                places = rng.choice([0, 1, 2, 3])
                score_ = Decimal(rng.randint(0, 100 * 10 ** places)).scaleb(-places)
                panel.append(PanelScore(stage.code, juror, aspect, score_))
    rng.shuffle(panel)
    bonuses = [Bonus(f"b{k}", Decimal(rng.randint(-500, 500)).scaleb(-2))
               for k in range(rng.choice([0, 0, 0, 1, 2]))]
    return Case(badan_publik=name, category=category, participation=participation,
                submission=submission, verifications=verifications, panel=panel,
                bonuses=bonuses)


def assert_same(fast: Any, ref: Any, path: str = "result") -> None:
    """Equal field by field, of the same types; Decimals also equal as text."""
    assert type(fast) is type(ref), f"{path}: {type(fast)} != {type(ref)}"
    if is_dataclass(fast):
        for f in fields(fast):
            a, b = getattr(fast, f.name), getattr(ref, f.name)
            if f.name == "final_exact":
                assert a == b, f"{path}.final_exact: {a} != {b}"
            else:
                assert_same(a, b, f"{path}.{f.name}")
    elif isinstance(fast, dict):
        assert list(fast) == list(ref), f"{path}: keys {list(fast)} != {list(ref)}"
        for key in fast:
            assert_same(fast[key], ref[key], f"{path}[{key!r}]")
    elif isinstance(fast, tuple | list):
        assert len(fast) == len(ref), f"{path}: {len(fast)} items != {len(ref)}"
        for n, (a, b) in enumerate(zip(fast, ref, strict=True)):
            assert_same(a, b, f"{path}[{n}]")
    elif isinstance(fast, Decimal):
        assert str(fast) == str(ref), f"{path}: {fast} != {ref}"
    else:
        assert fast == ref, f"{path}: {fast!r} != {ref!r}"


def _ranks(result: Any) -> dict[str, int]:
    """The ranks a result's stages were given (what one case scored alone needs)."""
    return {code: st.rank for code, st in result.stages.items() if st.rank is not None}


def _check(m: Methodology, count: int, seed: int) -> None:
    rng = random.Random(seed)
    cases = [random_case(m, n, rng) for n in range(count)]
    expected = score_all_reference(cases, m)
    if not gate_reads(m)[1]:  # without rank gates each case alone scores the same
        assert expected == [score_reference(c, m) for c in cases]
    cold = score_all(cases, m)
    for fast, ref in zip(cold, expected, strict=True):
        assert_same(fast, ref, fast.badan_publik)
    order = list(range(count))
    rng.shuffle(order)
    warm = score_all([cases[n] for n in order], m)
    for n, fast in zip(order, warm, strict=True):
        assert_same(fast, expected[n], fast.badan_publik)
    for n in order[:50]:
        assert_same(score(cases[n], m, _ranks(expected[n])), expected[n],
                    cases[n].badan_publik)
        assert_same(score_reference(cases[n], m, _ranks(expected[n])), expected[n],
                    cases[n].badan_publik)
    assert_same(rank(cold, m), rank_reference(expected, m), "ranking")


@pytest.mark.parametrize("which", range(len(methodologies())),
                         ids=[_label(n, m) for n, m in enumerate(methodologies())])
def test_fast_engine_equals_reference(which):
    m = methodologies()[which]
    _check(m, 700, seed=which)


def test_fast_engine_equals_reference_with_memos_full(monkeypatch):
    # With memos that hold (almost) nothing, every score is computed afresh and objects
    # are no longer shared: the results must not change.
    monkeypatch.setattr(engine, "MEMO_LIMIT", 1)
    monkeypatch.setattr(plan, "MEMO_LIMIT", 1)
    for n, m in enumerate(methodologies()):
        _check(m, 150, seed=100 + n)


def test_memos_stay_bounded(monkeypatch):
    monkeypatch.setattr(engine, "MEMO_LIMIT", 5)
    monkeypatch.setattr(plan, "MEMO_LIMIT", 5)
    m = methodologies()[0]
    rng = random.Random(7)
    score_all([random_case(m, n, rng) for n in range(400)], m)
    for category in m.categories:
        p = plan.plan_for(m, category.code)
        assert len(p.lookup) <= 5 * len(p.entries)
        for memos in (p.indicator_memo, p.units_memo, p.sequence_memo, p.earned_memo):
            assert all(len(memo) <= 5 for memo in memos)
        assert all(len(q.memo) <= 5 for q in p.entries if isinstance(q, plan.QuestionPlan))
        assert all(len(codes) <= engine._SEQUENCE_VALUES for codes in p.value_codes)


def test_both_refuse_what_does_not_fit():
    m = methodologies()[-3]  # mini
    base = random_case(m, 1, random.Random(3))
    sub = Submission(badan_publik="X", category="opd", methodology_id="mini", answers={})
    bad = [
        Case("X", "opd", submission=sub, verifications={"9.9": Verification("9.9", True)}),
        Case("X", "opd", submission=sub, verifications={"1.1": Verification("1.2", True)}),
        Case("X", "opd", submission=sub, panel=[PanelScore("panel", "J1", "A", Decimal(5))]),
        Case("X", "opd", submission=sub, panel=[PanelScore("saq", "J1", "K", Decimal(5))]),
        Case("X", "opd", submission=sub, panel=[PanelScore("panel", "J1", "K", Decimal(5))] * 2),
        Case("X", "kementerian", submission=sub),
        Case("X", "desa", submission=sub),
    ]
    for case in bad:
        with pytest.raises(ScoringError):
            score_reference(case, m)
        with pytest.raises(ScoringError):
            score(case, m)
    assert_same(score(base, m), score_reference(base, m))
