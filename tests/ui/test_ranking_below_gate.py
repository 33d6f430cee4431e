"""The ranking page explains a stage a badan publik did not reach (below its gate): the
cell reads "0,00 · tidak mengikuti" (still a number to sort by), a caption under the table
says why, and the drill-down names the gate (world of tests/monev/test_dashboard.py:
Dinas D, SAQ 12, stays below the panel's gate SAQ ≥ 60)."""

from __future__ import annotations

from monev.accounts import actor_for
from tests.ui import test_ranking_page as ranking
from tests.ui.test_ranking_page import RANKING, frame_element, open_page, table

world = ranking.world  # the fixture


def test_a_stage_below_its_gate_is_explained_in_the_ranking(world) -> None:
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    frame = table(at)
    assert list(frame["Badan publik"]) == ["Dinas A", "Dinas B", "Dinas C", "Dinas D"]
    assert frame["Presentasi"].iloc[3] == 0  # the value stays a number
    shown = frame_element(at, RANKING).proto.arrow_data.styler.display_values
    assert "0,00 · tidak mengikuti".encode() in shown
    assert shown.count(b"tidak mengikuti") == 1  # Dinas D only; B, C: no panel yet
    captions = " ".join(str(c.value) for c in at.caption)
    assert ("Presentasi \"tidak mengikuti\": tidak mengikuti — SAQ di bawah ambang 60,00"
            in captions.replace("\\", ""))

    at.selectbox(key="rank_drill_body").set_value(world.bodies["Dinas D"]).run()
    assert not at.exception, at.exception
    captions = " ".join(str(c.value) for c in at.caption).replace("\\", "")
    # the drill-down names the gate and what this badan publik has there
    assert ("Presentasi: 0,00 (Tidak mengikuti — syarat SAQ ≥ 60 tidak terpenuhi (SAQ "
            "12,00))") in captions
    infos = " ".join(str(i.value) for i in at.info).replace("\\", "")
    assert ("Presentasi tidak dihitung: syarat SAQ ≥ 60 tidak terpenuhi (SAQ 12,00). Bila "
            "terpenuhi, tahapan ini (bobot 20 %) dapat menambah hingga") in infos
