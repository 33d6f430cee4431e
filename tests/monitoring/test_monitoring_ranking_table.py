"""The ranking page's table shows a website-monitoring stage like every stage but the SAQ:
a column "Situs" (the short name of "Pemantauan Situs (Situs)", which is its help) right
after the SAQ, its scores with a decimal comma (AppTest; the world of
test_monitoring_lost_points.py; in view at 1400 px:
tests/e2e/test_ranking_stages_layout_browser.py)."""

from __future__ import annotations

import json

from tests.monitoring.test_monitoring_lost_points import World, open_ranking, registry, sites, world

__all__ = ["registry", "sites", "world"]  # the fixtures


def test_the_ranking_table_has_the_monitoring_stage(world: World) -> None:
    at = open_ranking(world)
    element = next(d for d in at.dataframe if "Nilai akhir" in d.value.columns)
    frame = element.value
    assert list(frame.columns)[5:8] == ["SAQ", "Situs", "Presentasi"]
    assert dict(zip(frame["Badan publik"], frame["Situs"], strict=True)) == {
        "Kecamatan Sukamaju": 100.0, "Kecamatan Lupa": 66.67, "Kecamatan Tertutup": 44.44,
        "Kecamatan Putar": 0.0, "Kecamatan Tanpa Situs": 0.0}
    shown = element.proto.arrow_data.styler.display_values
    assert b"44,44" in shown
    assert b"66,67" in shown
    config = json.loads(element.proto.columns)
    assert config["Situs"]["help"] == (
        "Pemantauan Situs (Situs): nilai tahapan ini (bobot 20 %), dari temuan pemantauan "
        "situs terakhir yang selesai.")
