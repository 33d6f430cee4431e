"""The ranking table as an official reads it (AppTest, the world of
``tests/ui/test_ranking_page.py``): who and where come first — rank, name, region — then
the result and what makes it (SAQ, every other stage under its short name with its full
name as help, the bonus), sized to fit 1400 px; the change against the previous cycle and
the details (SAQ before verification, indicators) scroll beside the pinned rank and name.
The download buttons' labels are checked whole in a real browser
(tests/e2e/test_official_layout_browser.py), the stage columns in view there too
(tests/e2e/test_ranking_stages_layout_browser.py).
"""

from __future__ import annotations

import json

from monev.accounts import actor_for
from tests.ui import test_ranking_page as ranking
from tests.ui.test_ranking_page import RANKING, frame_element, open_page, table

world = ranking.world  # the fixture


def test_the_region_comes_right_after_the_name(world: ranking.World) -> None:
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    columns = list(table(at).columns)
    assert columns[:9] == ["Peringkat", "Badan publik", "Wilayah", "Nilai akhir", "Predikat",
                           "SAQ", "Presentasi", "± Peringkat", "± Predikat"]
    assert columns[9:] == ["SAQ mandiri", "Indikator A", "Indikator B", "Komitmen"]
    config = json.loads(frame_element(at, RANKING).proto.columns)
    assert config["Badan publik"]["pinned"]
    assert config["Peringkat"]["pinned"]
    assert config["SAQ"]["help"] == "SAQ terverifikasi: nilai SAQ setelah verifikasi (bobot " \
        "80 %)."
    assert config["Presentasi"]["help"] == "Presentasi: nilai tahapan ini (bobot 20 %)."
    # Dinas D did not reach the presentation: room for "0,00 · tidak mengikuti"
    assert config["Presentasi"]["width"] > config["SAQ"]["width"]
    buttons = [b.label for b in at.get("download_button")]
    assert "Rapor semua badan publik (ZIP)" in buttons  # the label whole, not shortened
