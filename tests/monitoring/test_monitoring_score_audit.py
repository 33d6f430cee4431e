"""A finished website-monitoring run that changes scores leaves its trace in the score trail
and the ranking workbook's Audit sheet, on SQLite and PostgreSQL: who started it (the
system: "Sistem (pemantauan situs)"), when, the monitoring stage's and the final score
before and after, and why ("pemantauan situs run #n"); a run that changes nothing adds
nothing. The world of tests/monitoring/test_monitoring_stage_scores.py (situs.yaml, the
fictional sites served locally)."""

from __future__ import annotations

import io

import openpyxl

from monev.accounts import actor_for, add_user
from monev.exports.ranking import ranking_book
from monev.permissions import SYSTEM
from monev.trail import score_trail
from monitoring import runs
from questionnaires.loader import Registry
from reports.data import AuditRow
from reports.ranking_xlsx import write_ranking_workbook
from storage.db import Database
from tests.monitoring.fictional_sites import robots_site
from tests.monitoring.site_server import Site, SiteServer
from tests.monitoring.test_monitoring_runs import FAST
from tests.monitoring.test_monitoring_stage_scores import _world, registry, sites

__all__ = ["registry", "sites"]  # the fixtures

KIND = "Pemantauan situs"
STAGE = "Pemantauan Situs (Situs)"


def monitored(db: Database, cycle: int) -> list[AuditRow]:
    return [row for row in score_trail(db, SYSTEM, cycle) if row.kind == KIND]


def test_a_run_that_changes_scores_is_in_the_trail_and_the_audit_sheet(
        db: Database, registry: Registry, sites: tuple[dict[str, Site], SiteServer]) -> None:
    served, _ = sites
    cycle, ids = _world(db, registry, served)

    # The first run (from the CLI: the system) scores every body it visited.
    runs.monitor(db, SYSTEM, cycle, settings=FAST)
    first = {row.body: row for row in monitored(db, cycle)}
    assert set(first) == {"Kecamatan Sukamaju", "Kecamatan Lupa", "Kecamatan Tertutup",
                          "Kecamatan Putar", "Kecamatan Tanpa Situs"}
    sukamaju = first["Kecamatan Sukamaju"]
    assert (sukamaju.item, sukamaju.old, sukamaju.new, sukamaju.reason, sukamaju.by) == (
        STAGE, "belum dipantau; nilai akhir 60,00 (Cukup Informatif)",
        "100,00; nilai akhir 97,00 (Informatif)", "pemantauan situs run #1",
        "Sistem (pemantauan situs)")
    assert sukamaju.at is not None
    assert sukamaju.category == "OPD"

    # Sukamaju's website changes (robots.txt now forbids /ppid/); an admin's run of it
    # lowers its Situs from 100 to 44,44 and its final score with it.
    add_user(db, SYSTEM, username="rina", password="Rahasia-Uji-2026!", role="admin",
             display_name="Rina Admin")
    served["Kecamatan Sukamaju"].pages.update(robots_site().pages)
    admin = actor_for(db, "rina")
    second = runs.monitor(db, admin, cycle, body_id=ids["Kecamatan Sukamaju"], settings=FAST)
    rows = monitored(db, cycle)
    assert len(rows) == 6
    change = rows[-1]
    assert (change.body, change.item, change.old, change.new, change.reason, change.by) == (
        "Kecamatan Sukamaju", STAGE, "100,00; nilai akhir 97,00 (Informatif)",
        "44,44; nilai akhir 68,89 (Cukup Informatif)", f"pemantauan situs run #{second.id}",
        "Rina Admin")
    assert change.at >= sukamaju.at

    # A run that finds the same changes no score: nothing more in the trail.
    runs.monitor(db, admin, cycle, body_id=ids["Kecamatan Sukamaju"], settings=FAST)
    assert len(monitored(db, cycle)) == 6

    # The ranking workbook's Audit sheet shows the change.
    buffer = io.BytesIO()
    write_ranking_workbook(ranking_book(db, SYSTEM, cycle), buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Audit"]
    rows_shown = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("pemantauan situs, penetapan)" in str(value) for value in rows_shown[0])
    assert ["Pemantauan situs", "Kecamatan Sukamaju", "OPD", STAGE,
            "100,00; nilai akhir 97,00 (Informatif)",
            "44,44; nilai akhir 68,89 (Cukup Informatif)",
            f"pemantauan situs run #{second.id}", "Rina Admin"] in [r[1:9] for r in rows_shown]
