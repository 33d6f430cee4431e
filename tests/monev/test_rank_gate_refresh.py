"""Stored results under a rank gate kept current without scoring the whole cycle again
(monev.outcomes.rank_refresh): after any sequence of writes the stored rows equal a
rebuild from the history — ranks of the others of the category moved, stages opened and
closed for them — on SQLite and PostgreSQL.

mini (tests/fixtures/mini.yaml) with the panel for the top 2 of each category in SAQ
(instead of SAQ ≥ 60): OPDs A (SAQ 100), B and C (68, tied), D (12); Desa G alone in its
category (see tests/monev/test_dashboard.py's world).
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
import yaml
from sqlalchemy import event

from monev.cycles import load_cycle
from monev.errors import ServiceError
from monev.outcomes import projection, rank_refresh
from monev.outcomes.results import compute_results
from monev.permissions import SYSTEM
from questionnaires.loader import Registry, parse_methodology
from scoring.results import StageStatus
from storage.db import Database
from storage.models import BadanPublik
from tests.monev.test_dashboard import FULL, POOR, make_world, submit
from tests.monev.test_projection import (
    assert_projection_is_the_history,
    assert_read_again_is_read_afresh,
    maintained,
    random_write,
    rebuilt,
)
from tests.scoring.conftest import MINI


def _mini(change: Any) -> Registry:
    data = copy.deepcopy(yaml.safe_load(MINI.read_text(encoding="utf-8")))
    change(data)
    return Registry([parse_methodology(data, "mini-top.yaml")])


def _top_two(data: dict[str, Any]) -> None:
    data["stages"][1]["gate"] = {"stage": "saq", "top": 2}


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Cycle ids of every whole-cycle rebuild done while the test runs."""
    done: list[int] = []
    real = projection.rebuild

    def counting(session, cycle):  # type: ignore[no-untyped-def]
        done.append(cycle.id)
        return real(session, cycle)

    monkeypatch.setattr(projection, "rebuild", counting)
    return done


def _panels(db: Database, cycle_id: int) -> dict[str, tuple[StageStatus, int | None]]:
    return {e.result.badan_publik: (e.result.stages["panel"].status,
                                    e.result.stages["saq"].rank)
            for e in compute_results(db, SYSTEM, cycle_id) if e.result.stages}


def test_one_submission_moves_the_others_without_a_rebuild(db: Database, rebuilds):
    w = make_world(db, _mini(_top_two))
    # OPD ranks in SAQ: A 100 (1), B 68 and C 68 (2, 2: both in), D 12 (4, out).
    assert _panels(db, w.cycle_id) == {
        "Dinas A": (StageStatus.TAKEN, 1), "Dinas B": (StageStatus.MISSING, 2),
        "Dinas C": (StageStatus.MISSING, 2), "Dinas D": (StageStatus.BELOW_GATE, 4),
        "Desa G": (StageStatus.MISSING, 1)}
    rebuilds.clear()
    # D submits every answer (SAQ 100): D and A share the 1st place, B and C drop to 3rd
    # and leave the panel; only D's data changed and nothing is rebuilt.
    submit(db, w.cycle_id, w.bodies["Dinas D"], FULL)
    assert _panels(db, w.cycle_id) == {
        "Dinas A": (StageStatus.TAKEN, 1), "Dinas B": (StageStatus.BELOW_GATE, 3),
        "Dinas C": (StageStatus.BELOW_GATE, 3), "Dinas D": (StageStatus.MISSING, 1),
        "Desa G": (StageStatus.MISSING, 1)}
    assert rebuilds == []
    assert_projection_is_the_history(db, w.cycle_id)
    # D falls back to 12: B and C are back in, ranks as before.
    rebuilds.clear()
    submit(db, w.cycle_id, w.bodies["Dinas D"], POOR)
    assert rebuilds == []
    assert _panels(db, w.cycle_id)["Dinas B"] == (StageStatus.MISSING, 2)
    assert maintained(db, w.cycle_id) == rebuilt(db, w.cycle_id)


def test_only_the_rows_that_change_are_written(db: Database):
    w = make_world(db, _mini(_top_two))
    written: list[Any] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("INSERT INTO BODY_RESULTS",
                                                  "UPDATE BODY_RESULTS")):
            written.append(parameters)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        # C loses one point (GOOD → SAQ 68 minus 1.2's "b": 56): C drops from 2nd to 3rd;
        # B, now 2nd alone, keeps its rank: C's row alone is written.
        submit(db, w.cycle_id, w.bodies["Dinas C"],
               {"1.1": True, "1.2": frozenset({"a"}), "2.1": 1})
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    rows = [p for params in written for p in (params if isinstance(params, list)
                                              else [params])]
    assert len(rows) == 1
    assert _panels(db, w.cycle_id)["Dinas C"] == (StageStatus.BELOW_GATE, 3)
    assert_projection_is_the_history(db, w.cycle_id)


def test_a_recategorised_body_leaves_one_ranking_and_joins_another(db: Database):
    w = make_world(db, _mini(_top_two))
    with db.transaction() as session:
        session.get(BadanPublik, w.bodies["Dinas A"]).category = "desa"
    # Without A the OPDs are B, C (1, 1) and D (3); A (no 2.2 answered as a desa) joins
    # Desa G.
    panels = _panels(db, w.cycle_id)
    assert (panels["Dinas B"], panels["Dinas D"]) == ((StageStatus.MISSING, 1),
                                                      (StageStatus.BELOW_GATE, 3))
    assert_projection_is_the_history(db, w.cycle_id)


@pytest.mark.parametrize("seed", [3, 4])
def test_random_writes_under_a_rank_gate_equal_a_rebuild(db: Database, seed: int, rebuilds):
    w = make_world(db, _mini(_top_two))
    rng = random.Random(seed)
    names = sorted(w.bodies)
    done: list[str] = []
    for _ in range(30):
        rebuilds.clear()
        try:
            done.append(random_write(rng, w, names))
        except ServiceError as refused:
            done.append(f"refused: {refused}")
            continue
        assert rebuilds == [], done  # the write kept the rows without a rebuild
        assert maintained(db, w.cycle_id) == rebuilt(db, w.cycle_id), done
        assert_read_again_is_read_afresh(db, w.cycle_id)
    assert_projection_is_the_history(db, w.cycle_id)


def _chained(data: dict[str, Any]) -> None:
    """A third stage for the top 1 in the panel, itself for the top 2 in SAQ."""
    data["stages"][0]["weight"] = 70
    data["stages"][1]["gate"] = {"stage": "saq", "top": 2}
    data["stages"].append({"code": "wawancara", "name": "Wawancara", "kind": "panel",
                           "weight": 10, "gate": {"stage": "panel", "top": 1}})
    data["indicators"].append({"code": "W", "name": "Wawancara", "stage": "wawancara",
                               "weight": 100})


def test_a_ranked_stage_behind_a_rank_gate_rebuilds(db: Database, rebuilds):
    registry = _mini(_chained)
    m = registry.get("mini")
    assert m is not None
    assert not rank_refresh.applies(m)  # panel scores depend on SAQ ranks
    assert rank_refresh.applies(_mini(_top_two).get("mini"))  # type: ignore[arg-type]
    w = make_world(db, registry)
    rebuilds.clear()
    submit(db, w.cycle_id, w.bodies["Dinas D"], FULL)
    assert rebuilds == [w.cycle_id]
    with db.read() as session:
        assert projection.is_current(session, load_cycle(session, w.cycle_id))
    assert_projection_is_the_history(db, w.cycle_id)
