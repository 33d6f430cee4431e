"""A scored website-monitoring stage, end to end, on SQLite and PostgreSQL: the fictional
sites of tests/monitoring (served locally) visited by a real run under the test methodology
tests/fixtures/situs.yaml (SAQ 60 + Pemantauan Situs 20 + Presentasi 20, the presentation
gated on SAQ ≥ 60 and Situs ≥ 50; items for an OPD: 1.1 Daftar Informasi Publik 2 points,
1.2 Informasi Berkala 3, 2.1 Permohonan Informasi 4).

Every body answers the SAQ in full (SAQ 100) and gets 80 and 90 from two jurors:

=====================  ===============================  =====  ======  ==================
body                   its site                          Situs  panel   final, predikat
=====================  ===============================  =====  ======  ==================
Kecamatan Sukamaju     everything                        100    85      97,00 Informatif
Kecamatan Lupa         no informasi berkala              66,67  85      90,33 Informatif
Kecamatan Tertutup     robots.txt forbids /ppid/         44,44  gate 0  68,89 Cukup
Kecamatan Putar        a redirect loop: not visited      0      gate 0  60,00 Cukup
Kecamatan Tanpa Situs  no address recorded               0      gate 0  60,00 Cukup
Kecamatan Baru         registered after the run: never   –      gate 0  60,00 Cukup
=====================  ===============================  =====  ======  ==================

The stored results follow the run in its own transaction (a rebuild yields the same), a
running or interrupted run changes nothing, the report card explains the stage item by item
and the ranking workbook shows it as a stage column.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.exports.ranking import ranking_book
from monev.exports.report_card import report_cards
from monev.outcomes.results import compute_results
from monev.panel import record_panel_score
from monev.permissions import SYSTEM
from monitoring import runs
from questionnaires.loader import Registry, load_methodology
from reports.ranking_xlsx import write_ranking_workbook
from reports.report_card import render_report_card
from storage.db import Database
from tests.monev.test_dashboard import FULL, submit
from tests.monev.test_projection import assert_projection_is_the_history
from tests.monitoring.fictional_sites import complete_site, loop_site, robots_site
from tests.monitoring.site_server import Site, SiteServer, serving
from tests.monitoring.test_monitoring_runs import FAST

SITUS = Path(__file__).resolve().parents[1] / "fixtures" / "situs.yaml"
D = Decimal


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry([load_methodology(SITUS)])


@pytest.fixture
def sites() -> Iterator[tuple[dict[str, Site], SiteServer]]:
    found = {"Kecamatan Sukamaju": complete_site("Kecamatan Sukamaju"),
             "Kecamatan Lupa": complete_site("Kecamatan Lupa", berkala=False, laporan=False),
             "Kecamatan Tertutup": robots_site(),
             "Kecamatan Putar": loop_site()}
    with serving(list(found.values())) as server:
        yield found, server


def _world(db: Database, registry: Registry, sites: dict[str, Site]
           ) -> tuple[int, dict[str, int]]:
    cycle = create_cycle(db, SYSTEM, methodology_id="situs", ki="KI Situs", year=2026,
                         registry=registry).id
    ids = {name: register_body(db, SYSTEM, cycle, name=name, category="opd",
                               websites=[site.url]).id for name, site in sites.items()}
    ids["Kecamatan Tanpa Situs"] = register_body(db, SYSTEM, cycle,
                                                 name="Kecamatan Tanpa Situs",
                                                 category="opd").id
    for body in ids.values():
        _answer(db, cycle, body)
    return cycle, ids


def _answer(db: Database, cycle: int, body: int) -> None:
    submit(db, cycle, body, FULL)
    for juror, points in (("j1", 80), ("j2", 90)):
        record_panel_score(db, SYSTEM, cycle, body, "panel", juror, "K", points,
                           expected_seq=0)


def _scores(db: Database, cycle: int) -> dict[str, tuple]:
    out = {}
    for entry in compute_results(db, SYSTEM, cycle):
        r = entry.result
        situs = r.stages["situs"]
        out[r.badan_publik] = (situs.score, situs.status.value, r.stages["panel"].score,
                               r.final, r.predicate.label if r.predicate else None)
    return out


def test_a_run_scores_the_monitoring_stage_from_what_it_found(
        db: Database, registry: Registry, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, _ = sites
    cycle, ids = _world(db, registry, served)
    before = _scores(db, cycle)
    assert {s[:2] for s in before.values()} == {(None, "missing")}  # nobody monitored yet
    assert before["Kecamatan Sukamaju"][3:] == (D("60.00"), "Cukup Informatif")

    run = runs.monitor(db, SYSTEM, cycle, settings=FAST)
    assert run.state == "finished"
    ids["Kecamatan Baru"] = register_body(db, SYSTEM, cycle, name="Kecamatan Baru",
                                          category="opd").id
    _answer(db, cycle, ids["Kecamatan Baru"])

    after = _scores(db, cycle)
    assert after == {
        "Kecamatan Sukamaju": (D("100.00"), "taken", D("85.00"), D("97.00"), "Informatif"),
        "Kecamatan Lupa": (D("66.67"), "taken", D("85.00"), D("90.33"), "Informatif"),
        "Kecamatan Tertutup": (D("44.44"), "taken", D("0.00"), D("68.89"),
                               "Cukup Informatif"),
        "Kecamatan Putar": (D("0.00"), "taken", D("0.00"), D("60.00"), "Cukup Informatif"),
        "Kecamatan Tanpa Situs": (D("0.00"), "taken", D("0.00"), D("60.00"),
                                  "Cukup Informatif"),
        "Kecamatan Baru": (None, "missing", D("0.00"), D("60.00"), "Cukup Informatif"),
    }
    # The stored rows were written when the run finished; a rebuild yields the same.
    assert_projection_is_the_history(db, cycle)

    # The report card: the stage, each item with what was found where and when, and the
    # items not found among the points lost.
    cards = {c.name: c for c in report_cards(db, SYSTEM, cycle)}
    lupa = cards["Kecamatan Lupa"]
    stage = next(s for s in lupa.stages if s.name == "Pemantauan Situs (Situs)")
    assert (stage.score, stage.status) == (D("66.67"), "Diikuti")
    site = {line.code: line for line in lupa.site}
    assert site["1.1"].found
    assert site["1.1"].finding.startswith("ditemukan di situs pada ")
    assert site["1.1"].finding.endswith(served["Kecamatan Lupa"].at("/ppid/dip-2025.pdf"))
    assert not site["1.2"].found
    assert "halaman yang diperiksa (" in site["1.2"].finding
    lost = [line for line in lupa.lost if line.stage == "situs"]
    assert [(line.code, line.indicator) for line in lost] == [
        ("1.2", "Pemantauan Situs (Situs)")]
    assert lost[0].contribution == D("6.6667")  # 3 of 9 points × 20 %
    assert lost[0].reason_text.startswith("tidak ditemukan di ")
    putar = {line.code: line.finding for line in cards["Kecamatan Putar"].site}
    assert putar["1.1"].startswith("situs tidak dapat diperiksa (")
    baru = cards["Kecamatan Baru"]
    assert baru.site == ()
    assert next(s.status for s in baru.stages if s.name.startswith("Pemantauan")) == \
        "Belum dipantau, dihitung 0"
    assert "Pemantauan Situs (Situs): belum dipantau, dihitung 0" in baru.remarks
    assert "syarat Situs ≥ 50 tidak terpenuhi" in cards["Kecamatan Tertutup"].remarks
    pdf = render_report_card(lupa)
    assert pdf.startswith(b"%PDF")

    # The ranking workbook: the stage is a column like the presentation.
    buffer = io.BytesIO()
    write_ranking_workbook(ranking_book(db, SYSTEM, cycle), buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    rows = [[c for c in row] for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    header = next(row for row in rows if "Pemantauan Situs (Situs)" in row)
    column = header.index("Pemantauan Situs (Situs)")
    lupa_row = next(row for row in rows if "Kecamatan Lupa" in row)
    assert D(str(lupa_row[column])) == D("66.67")


def test_only_a_finished_run_changes_scores(
        db: Database, registry: Registry, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, _ = sites
    cycle, ids = _world(db, registry, served)
    runs.monitor(db, SYSTEM, cycle, settings=FAST)
    first = _scores(db, cycle)

    # Lupa publishes its informasi berkala; a run that is interrupted changes nothing.
    lupa = served["Kecamatan Lupa"]
    lupa.pages.update(complete_site("Kecamatan Lupa").pages)
    info = runs.begin_run(db, SYSTEM, cycle, body_id=ids["Kecamatan Lupa"])

    def stop(done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        runs.execute_run(db, SYSTEM, info.id, settings=FAST, progress=stop)
    assert runs.get_run(db, SYSTEM, info.id).state == "interrupted"
    assert _scores(db, cycle) == first
    assert_projection_is_the_history(db, cycle)

    # Once a run of Lupa finishes, its score follows; the others keep theirs.
    again = runs.monitor(db, SYSTEM, cycle, body_id=ids["Kecamatan Lupa"], settings=FAST)
    assert again.state == "finished"
    second = _scores(db, cycle)
    assert second["Kecamatan Lupa"][:1] == (D("100.00"),)
    assert second["Kecamatan Lupa"][3] == D("97.00")
    assert {k: v for k, v in second.items() if k != "Kecamatan Lupa"} == \
        {k: v for k, v in first.items() if k != "Kecamatan Lupa"}
    assert_projection_is_the_history(db, cycle)
