"""`python -m monev results --cycle ID` shows the score of a website-monitoring stage like
every stage but the SAQ — a column as in the ranking workbook — as a table, CSV and JSON,
current and once published (the world of test_monitoring_lost_points.py: one finished run;
Situs 100 · 66,67 · 44,44 · 0 · 0; the Presentasi 0 below its gate Situs ≥ 50)."""

from __future__ import annotations

import csv
import io
import json

from monev.cli import main
from tests.monitoring.test_monitoring_lost_points import World, registry, sites, world

__all__ = ["registry", "sites", "world"]  # the fixtures

SITUS = {"Kecamatan Sukamaju": "100.00", "Kecamatan Lupa": "66.67",
         "Kecamatan Tertutup": "44.44", "Kecamatan Putar": "0.00",
         "Kecamatan Tanpa Situs": "0.00"}


def results(world: World, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(["results", "--cycle", str(world.cycle), *argv, "--database", world.url],
                out, err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def test_results_show_the_monitoring_stage_in_every_format(world: World) -> None:
    lines = results(world).splitlines()
    assert lines[0].split()[:12] == ["Badan", "Publik", "Kategori", "A", "B", "K", "SAQ",
                                     "Pemantauan", "Situs", "(Situs)", "Presentasi", "Nilai"]
    tertutup = next(line for line in lines if line.startswith("Kecamatan Tertutup"))
    assert tertutup.split()[2:10] == ["opd", "100,00", "100,00", "85,00", "100,00", "44,44",
                                      "0,00", "68,89"]

    rows = list(csv.DictReader(io.StringIO(results(world, "--format", "csv"))))
    assert list(rows[0])[:9] == ["badan_publik", "kategori", "indikator_A", "indikator_B",
                                 "indikator_K", "saq", "tahapan_situs", "tahapan_panel",
                                 "nilai_akhir"]
    assert {r["badan_publik"]: r["tahapan_situs"] for r in rows} == SITUS
    assert {r["badan_publik"]: r["tahapan_panel"] for r in rows}["Kecamatan Lupa"] == "85.00"

    records = json.loads(results(world, "--format", "json"))
    assert {r["badan_publik"]: r["tahapan"]["situs"] for r in records} == {
        name: float(value) for name, value in SITUS.items()}


def test_published_results_keep_the_monitoring_stage(world: World) -> None:
    def run(*argv: str) -> int:
        return main([*argv, "--database", world.url], io.StringIO(), io.StringIO())

    assert run("cycle", "publish", "--cycle", str(world.cycle)) == 0
    rows = list(csv.DictReader(io.StringIO(results(world, "--format", "csv"))))
    assert {r["badan_publik"]: r["tahapan_situs"] for r in rows} == SITUS
    lines = results(world).splitlines()
    assert "Pemantauan Situs (Situs)" in lines[0]
