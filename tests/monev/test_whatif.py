"""What-if (monev.whatif) on SQLite and PostgreSQL: scoring a cycle under its own
methodology reproduces the stored results exactly; changed weights move exactly the bodies
worked out by hand (whatif_world), movers first; inputs another methodology cannot use are
reported; nothing is ever written. And on the demo cycle (40 badan publik, verifications,
panel scores, late and missing submissions): every final, predikat and rank reproduced."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from whatif_world import (
    REWEIGHTED,
    REWEIGHTED_ORDER,
    STORED,
    WhatIfWorld,
    build,
    restructured,
    reweighted,
    variant,
)

from monev.errors import PermissionDenied
from monev.exports.whatif import SHEET_CHANGES, SHEET_ROWS, SHEET_UNUSED, export_whatif
from monev.outcomes.results import compute_results
from monev.permissions import SYSTEM, Actor, Role
from monev.whatif import WhatIf, default_comparison, what_if
from questionnaires.loader import Registry
from questionnaires.model import Methodology
from storage.db import Database
from tests.ui.demo_db import demo_copy, demo_template


@pytest.fixture
def world(db: Database, mini: Methodology, tmp_path: Path) -> WhatIfWorld:
    return build(db, mini, tmp_path)


def outcomes(w: WhatIf, side: str) -> dict[str, tuple]:
    return {r.name: (getattr(r, side).final, getattr(r, side).predicate, getattr(r, side).rank)
            for r in w.rows}


def test_the_world_is_scored_as_worked_out_by_hand(world: WhatIfWorld):
    stored = {e.result.badan_publik: e.result
              for e in compute_results(world.db, SYSTEM, world.cycle)}
    assert {name: (r.final, r.predicate.label if r.predicate else None, r.rank)
            for name, r in stored.items()} == STORED


def test_its_own_methodology_reproduces_the_stored_results(world: WhatIfWorld):
    before = world.snapshot()
    w = what_if(world.db, SYSTEM, world.cycle, world.mini)
    assert w.same_definition
    assert outcomes(w, "whatif") == outcomes(w, "stored") == STORED
    assert (w.movers, w.unused, w.changes) == (0, (), ())
    # A copy that differs only in its title goes through the adapting path: the same.
    retitled = variant(lambda data: data.update(title="Mini, judul lain"), version="1")
    again = what_if(world.db, SYSTEM, world.cycle, retitled)
    assert not again.same_definition
    assert outcomes(again, "whatif") == STORED
    assert (again.movers, again.unused) == (0, ())
    assert [(c.section, c.field) for c in again.changes] == [("title", "")]
    assert world.snapshot() == before


def test_changed_weights_move_the_expected_bodies_movers_first(world: WhatIfWorld):
    before = world.snapshot()
    w = what_if(world.db, SYSTEM, world.cycle, reweighted())
    assert outcomes(w, "stored") == STORED
    assert outcomes(w, "whatif") == REWEIGHTED
    assert [r.name for r in w.rows] == REWEIGHTED_ORDER
    assert w.movers == 4
    assert w.predicate_changes == 2  # A Cukup → Kurang, B Kurang → Cukup
    rows = {r.name: r for r in w.rows}
    assert (str(rows["Dinas A"].delta), rows["Dinas A"].rank_change) == ("-23.20", -1)
    assert (str(rows["Dinas B"].delta), rows["Dinas B"].rank_change) == ("19.20", 1)
    assert not rows["Dinas C"].moved
    assert rows["Dinas Diam"].status == "not_submitted"
    assert w.unused == ()
    assert [(c.section, c.code, c.field) for c in w.changes] == [
        ("version", "", ""), ("indicators", "A", "weight"), ("indicators", "B", "weight")]
    assert (w.other.id, w.other.version, w.stored_methodology.version) == ("mini", "2", "1")
    assert world.snapshot() == before


def test_each_mover_says_why_it_moved(world: WhatIfWorld):
    """A 30 / B 70 (whatif_world's table): Dinas A's SAQ falls to 59 and the presentation
    gate (SAQ ≥ 60) shuts; Dinas B's rises to 76 and it opens; Dinas D only reweighted;
    Dinas C did not move and has no note."""
    rows = {r.name: r for r in what_if(world.db, SYSTEM, world.cycle, reweighted()).rows}
    weights = "bobot indikator Indikator A 60% → 30%, Indikator B 40% → 70%"
    assert rows["Dinas A"].note == (
        "Presentasi kini tidak dihitung (dinilai 0,00): syarat SAQ ≥ 60 tidak terpenuhi "
        f"(SAQ 59,00); {weights}.")
    assert rows["Dinas B"].note == (
        "Presentasi kini dihitung; sebelumnya syarat SAQ ≥ 60 tidak terpenuhi (SAQ 52,00); "
        f"{weights}.")
    assert rows["Dinas D"].note == weights[0].upper() + weights[1:] + "."
    assert rows["Dinas C"].note == ""


def test_a_new_rank_gate_is_named_with_the_bodys_rank(world: WhatIfWorld):
    """A second gate on the presentation, the top 1 of each category in SAQ: Dinas A
    (SAQ 68, 2nd behind Dinas C's 100) loses its panel score, 70,40 → 54,40."""
    def top_one(data: dict) -> None:
        panel = data["stages"][1]
        panel["gates"] = [panel.pop("gate"), {"stage": "saq", "top": 1}]

    rows = {r.name: r for r in what_if(world.db, SYSTEM, world.cycle, variant(top_one)).rows}
    a = rows["Dinas A"]
    assert (str(a.stored.final), str(a.whatif.final)) == ("70.40", "54.40")
    assert a.note == ("Presentasi kini tidak dihitung (dinilai 0,00): syarat 1 teratas per "
                      "kategori di SAQ tidak terpenuhi (peringkat SAQ ke-2).")
    assert rows["Dinas C"].note == ""  # 1st: still in


def test_inputs_another_methodology_cannot_use_are_reported(world: WhatIfWorld):
    w = what_if(world.db, SYSTEM, world.cycle, restructured())
    assert [(u.kind, u.code, u.bodies) for u in w.unused] == [
        ("category", "desa", 1),  # Desa E: no such category, no what-if score (and its
        # answers are not counted below)
        ("answer", "1.1", 4),  # renamed 1.1b: nobody answered that
        ("invalid", "1.2", 4),  # the checklist became Ya/Tidak: {a, b} is no answer
        ("verification", "1.1", 1),  # Dinas D's
        ("panel", "panel/K", 2),  # aspect K renamed K2: Dinas A's and C's scores
        ("new_question", "1.1b", 4),  # earns nothing for the four OPDs
    ]
    labels = {u.kind: u.label for u in w.unused}
    assert (labels["category"], labels["answer"], labels["panel"]) == (
        "Desa", "Ada DIP?", "Presentasi — Komitmen")
    assert w.unused[0].kind_label.startswith("Kategori tidak ada")
    desa = next(r for r in w.rows if r.name == "Desa E")
    assert (desa.whatif.final, desa.whatif.rank) == (None, None)
    assert desa.moved
    assert desa.note == "Kategori 'Desa' tidak ada dalam metodologi mini."
    # The OPDs earn only 2.1 now (A 0 %: nothing answered 1.1b or validly 1.2).
    opd = {r.name: r.whatif.final for r in w.rows if r.category == "opd"}
    assert opd["Dinas C"] is not None
    assert opd["Dinas C"] < STORED["Dinas C"][0]


def test_what_if_is_for_those_who_see_unpublished_scores(world: WhatIfWorld):
    koordinator = Actor(id=None, username="koor", role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        what_if(world.db, koordinator, world.cycle, reweighted())
    pejabat = Actor(id=None, username="pej", role=Role.OFFICIAL)
    assert what_if(world.db, pejabat, world.cycle, reweighted()).movers == 4


def test_the_workbook_shows_both_sides_movers_first(world: WhatIfWorld, tmp_path: Path):
    from monev import methodologies

    methodologies.save_methodology(world.db, SYSTEM, reweighted(),
                                   registry=Registry([world.mini]))
    buffer = io.BytesIO()
    done = export_whatif(world.db, SYSTEM, world.cycle, buffer, "mini@2")
    assert done.count == 6
    assert done.file_name.startswith("peringkat-monev-kip-2025-ki-simulasi-simulasi-")
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames == [SHEET_ROWS, SHEET_UNUSED, SHEET_CHANGES]
    ws = wb[SHEET_ROWS]
    header = [c.value for c in ws[5]]
    assert header[:3] == ["No", "Badan publik", "Kategori"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6)]
    assert [r[1] for r in rows] == REWEIGHTED_ORDER
    first = dict(zip(header, rows[0], strict=True))
    assert (first["Nilai akhir tersimpan"], first["Predikat tersimpan"],
            first["Peringkat tersimpan"]) == (70.4, "Cukup Informatif", 2)
    assert (first["Nilai akhir simulasi"], first["Predikat simulasi"],
            first["Peringkat simulasi"], first["Selisih nilai"]) == (
        47.2, "Kurang Informatif", 3, -23.2)
    assert ws.cell(row=6, column=6).number_format == "0.00"
    assert (first["Status"], first["Keterangan"]) == (
        "Mengisi SAQ", "Presentasi kini tidak dihitung (dinilai 0,00): syarat SAQ ≥ 60 tidak "
        "terpenuhi (SAQ 59,00); bobot indikator Indikator A 60% → 30%, Indikator B 40% → 70%.")
    assert "DRAF" in ws["A3"].value
    changes = [[c.value for c in row] for row in wb[SHEET_CHANGES].iter_rows(min_row=6)]
    assert ["Indikator", "A", "Indikator 'A': bobot diubah", "60", "30"] in changes


def test_without_a_choice_the_newest_other_version_is_compared(world: WhatIfWorld):
    from monev import methodologies

    registry = Registry([world.mini])
    # Only the cycle's own methodology: the what-if is of itself.
    assert default_comparison(world.db, SYSTEM, world.cycle, registry) == world.mini
    methodologies.save_methodology(world.db, SYSTEM, reweighted(), registry=registry)
    chosen = default_comparison(world.db, SYSTEM, world.cycle, registry)
    assert (chosen.id, chosen.version) == ("mini", "2")


def test_the_demo_cycle_is_reproduced_exactly(tmp_path: Path):
    """40 badan publik with verifications, panel scores, a bonus-free gate, late and
    missing submissions: every final, predikat and rank, under the preset itself and under
    a copy that differs only in its title (scored through the adapting path)."""
    _, info = demo_template()
    db = Database(demo_copy(tmp_path))
    try:
        stored = {e.result.badan_publik: e.result
                  for e in compute_results(db, SYSTEM, info.cycle_id)}
        expected = {name: (r.final, r.predicate.label if r.predicate else None, r.rank)
                    for name, r in stored.items()}
        from monev.cycles import cycle_methodology

        own = cycle_methodology(db, SYSTEM, info.cycle_id)
        for other in (own, own.model_copy(update={"title": "Salinan"})):
            w = what_if(db, SYSTEM, info.cycle_id, other)
            assert outcomes(w, "whatif") == expected
            assert w.movers == 0
            assert w.unused == ()
        assert len(expected) == 40
        assert sum(1 for v in expected.values() if v[0] is not None) == 37
    finally:
        db.dispose()
