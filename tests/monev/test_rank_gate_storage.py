"""A rank gate in a stored cycle: one badan publik's new submission opens or closes a stage
for another of its category, and the stored results follow (on SQLite and PostgreSQL).

mini with the panel for the top 1 of each category in SAQ (instead of SAQ ≥ 60); panel
missing counts 0. OPD SAQ: GOOD 68, POOR 12, FULL 100 (A 60 %, B 40 %, see mini).
"""

from __future__ import annotations

import copy
from decimal import Decimal

import yaml

from monev.bodies import register_body
from monev.cycles import create_cycle, load_cycle
from monev.outcomes import inputs
from monev.outcomes.results import compute_results
from monev.permissions import SYSTEM
from questionnaires.loader import Registry, parse_methodology
from scoring.explain import gate_note
from scoring.results import StageStatus
from storage.db import Database
from tests.monev.test_dashboard import FULL, GOOD, POOR, submit
from tests.monev.test_projection import assert_projection_is_the_history
from tests.scoring.conftest import MINI

D = Decimal


def _top_one() -> Registry:
    data = copy.deepcopy(yaml.safe_load(MINI.read_text(encoding="utf-8")))
    data["stages"][1]["gate"] = {"stage": "saq", "top": 1}
    return Registry([parse_methodology(data, "mini-top.yaml")])


def _panels(db: Database, cycle_id: int) -> dict[str, tuple[StageStatus, int | None]]:
    return {e.result.badan_publik: (e.result.stages["panel"].status,
                                    e.result.stages["saq"].rank)
            for e in compute_results(db, SYSTEM, cycle_id)}


def test_a_submission_that_overtakes_another_closes_its_stage(db: Database) -> None:
    registry = _top_one()
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2025,
                         registry=registry)
    a = register_body(db, SYSTEM, cycle.id, name="Dinas A", category="opd").id
    b = register_body(db, SYSTEM, cycle.id, name="Dinas B", category="opd").id
    submit(db, cycle.id, a, GOOD)
    submit(db, cycle.id, b, POOR)
    # A (68) is first: it may take the panel (no jurors yet: missing, counted 0); B (12)
    # is second and stays out.
    assert _panels(db, cycle.id) == {"Dinas A": (StageStatus.MISSING, 1),
                                     "Dinas B": (StageStatus.BELOW_GATE, 2)}
    assert_projection_is_the_history(db, cycle.id)
    # B submits again with every answer (SAQ 100): now B is first and A's panel closes,
    # though only B's data changed.
    submit(db, cycle.id, b, FULL)
    assert _panels(db, cycle.id) == {"Dinas A": (StageStatus.BELOW_GATE, 2),
                                     "Dinas B": (StageStatus.MISSING, 1)}
    assert_projection_is_the_history(db, cycle.id)
    with db.read() as session:
        results = {e.result.badan_publik: e.result
                   for e in inputs.compute(session, load_cycle(session, cycle.id))}
        # One body scored alone (a fallback of the review page) is still ranked among
        # every body of its category.
        (alone,) = inputs.score_bodies(session, load_cycle(session, cycle.id), [a])
    assert (alone.result.stages, alone.result.final) == (results["Dinas A"].stages,
                                                          results["Dinas A"].final)
    m = registry.get("mini")
    assert m is not None
    assert gate_note(results["Dinas A"], m, "panel") == (
        "di luar 1 teratas kategorinya: peringkat SAQ ke-2")
    # A: 0.8 × 68 + 0.2 × 0 = 54.40 either way (below the gate or missing under zero).
    assert results["Dinas A"].final == D("54.40")
