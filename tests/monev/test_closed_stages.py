"""A verifikator who lowers an answer across a gate reads why the final fell so far: the
stage the gate keeps shut, what it scores, and the one gate the body failed with what it
has there — as the ranking page and the report card say it (scoring.explain)."""

from __future__ import annotations

import copy

import yaml

from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.permissions import SYSTEM
from monev.review import body_outcome
from questionnaires.loader import Registry, parse_methodology
from storage.db import Database
from tests.monev.test_dashboard import FULL, GOOD, make_world, submit
from tests.scoring.conftest import MINI


def test_a_stage_below_its_gate_is_explained_with_the_outcome(db, mini_registry):
    w = make_world(db, mini_registry)
    outcomes = {name: body_outcome(db, w.verifier, w.cycle_id, body)
                for name, body in w.bodies.items()}
    scored = {n: o for n, o in outcomes.items() if o.final is not None}
    below = {n: o for n, o in scored.items() if o.saq_verified is not None
             and o.saq_verified < 60}
    above = {n: o for n, o in scored.items() if o.saq_verified is not None
             and o.saq_verified >= 60}
    assert below, "the world has a body below the SAQ gate"
    assert above, "and one above it"
    for outcome in below.values():
        saq = f"{outcome.saq_verified:.2f}".replace(".", ",")
        assert outcome.closed_stages == (
            f"Presentasi tidak dihitung (dinilai 0,00): syarat SAQ ≥ 60 tidak terpenuhi "
            f"(SAQ {saq}).",)
    for outcome in above.values():
        assert outcome.closed_stages == ()


def test_only_the_gate_the_body_failed_is_named_with_its_rank(db: Database):
    """mini's presentation behind two gates, SAQ ≥ 60 and the top 1 of each category in
    SAQ. Dinas A (SAQ 68) passes the first and is 2nd behind Dinas B (SAQ 100): the note
    names the rank gate and A's rank, not the ≥ 60 it met."""
    data = copy.deepcopy(yaml.safe_load(MINI.read_text(encoding="utf-8")))
    data["stages"][1].pop("gate")
    data["stages"][1]["gates"] = [{"stage": "saq", "min_score": 60},
                                  {"stage": "saq", "top": 1}]
    registry = Registry([parse_methodology(data, "mini-dua-gerbang.yaml")])
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2025,
                         registry=registry)
    a = register_body(db, SYSTEM, cycle.id, name="Dinas A", category="opd").id
    b = register_body(db, SYSTEM, cycle.id, name="Dinas B", category="opd").id
    submit(db, cycle.id, a, GOOD)
    submit(db, cycle.id, b, FULL)
    assert body_outcome(db, SYSTEM, cycle.id, a).closed_stages == (
        "Presentasi tidak dihitung (dinilai 0,00): syarat 1 teratas per kategori di SAQ "
        "tidak terpenuhi (peringkat SAQ ke-2).",)
    assert body_outcome(db, SYSTEM, cycle.id, b).closed_stages == ()
