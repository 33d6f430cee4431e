"""Fixtures of the scoring tests: variants of mini and case builders (`mini` itself comes
from tests/conftest.py).

mini (tests/fixtures/mini.yaml): SAQ 80 % (A 60 %, B 40 %) + panel 20 % (aspect K 100 %),
gated at SAQ ≥ 60, missing panel counts 0. Questions: 1.1 A yes_no 2 pts; 1.2 A checklist
3 pts (a, b, c); 2.1 B scale 4 pts (0 / 0.5 / 1), OPD only; 2.2 B yes_no 1 pt, Desa only,
no evidence asked. So an OPD answers 1.1, 1.2, 2.1 (A out of 5, B out of 4) and a Desa
answers 1.1, 1.2, 2.2 (A out of 5, B out of 1).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from questionnaires.loader import parse_methodology
from questionnaires.model import Methodology
from questionnaires.submission import Answer, Submission
from scoring import Bonus, Case, PanelScore, Participation, Verification

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"
EVIDENCE = "https://ppid.example.go.id/data-dukung.pdf"


def mini_data() -> dict[str, Any]:
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


def variant(change: Callable[[dict[str, Any]], None]) -> Methodology:
    """mini with `change` applied to its YAML data, validated like any methodology."""
    data = copy.deepcopy(mini_data())
    change(data)
    return parse_methodology(data, "mini-variant.yaml")


def case(name: str, category: str, answers: Mapping[str, Any] | None = None, *,
         no_evidence: Iterable[str] = (), panel: Mapping[str, Any] | None = None,
         verified: Mapping[str, Any] | None = None, bonuses: Iterable[Any] = (),
         participation: Participation = Participation.SUBMITTED,
         methodology_id: str = "mini") -> Case:
    """A case: `answers` code → value (with evidence unless listed in `no_evidence`),
    `panel` juror → K score, `verified` code → verifikator value, `bonuses` points."""
    missing = set(no_evidence)
    sub = Submission(
        badan_publik=name, category=category, methodology_id=methodology_id,
        answers={code: Answer(question=code, value=value,
                              evidence="" if code in missing else EVIDENCE)
                 for code, value in (answers or {}).items()},
    )
    return Case(
        badan_publik=name, category=category, participation=participation, submission=sub,
        verifications={code: Verification(code, value, "diperiksa verifikator")
                       for code, value in (verified or {}).items()},
        panel=[PanelScore("panel", juror, "K", Decimal(str(score)))
               for juror, score in (panel or {}).items()],
        bonuses=[Bonus(f"bonus{n}", Decimal(str(points))) for n, points in enumerate(bonuses)],
    )


@pytest.fixture(scope="session")
def build() -> SimpleNamespace:
    return SimpleNamespace(case=case, variant=variant, data=mini_data, evidence=EVIDENCE)
