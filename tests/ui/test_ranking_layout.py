"""The ranking table as an official reads it (AppTest, the world of
``tests/ui/test_ranking_page.py``): who and where come first — rank, name, region — then
the result and its change, so at 1400 px the region is not the column cut at the table's
edge; the details (indicators, stages) scroll beside the pinned rank and name. The download
buttons' labels are checked whole in a real browser (tests/e2e/test_official_layout_browser.py).
"""

from __future__ import annotations

from monev.accounts import actor_for
from tests.ui import test_ranking_page as ranking
from tests.ui.test_ranking_page import open_page, table

world = ranking.world  # the fixture


def test_the_region_comes_right_after_the_name(world: ranking.World) -> None:
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    columns = list(table(at).columns)
    assert columns[:7] == ["Peringkat", "Badan publik", "Wilayah", "Nilai akhir", "Predikat",
                           "± Peringkat", "± Predikat"]
    assert columns[-1] != "Wilayah"  # the details follow
    buttons = [b.label for b in at.get("download_button")]
    assert "Rapor semua badan publik (ZIP)" in buttons  # the label whole, not shortened
