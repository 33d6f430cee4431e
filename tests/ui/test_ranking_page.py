"""Peringkat & dasbor page (AppTest, real SQLite database) for every role: the ranking and
the download for evaluators, officials and admins; a clear "belum ditetapkan" message for a
koordinator before publication and only their scope after it; filters, the drill-down, and
reruns that do not recompute scores.

The world is the one of ``tests/monev/test_dashboard.py`` (mini methodology, known finals:
A 100,00 · B 54,40 · C 54,40 · D 9,60 in OPD; G 80,00 in Desa; E and F do not take part).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.outcomes.publication import publish
from monev.permissions import SYSTEM, Actor
from monev.verification import verify_answer
from storage.db import Database
from tests.monev.test_dashboard import World, make_world
from tests.ui.demo_db import sign_in

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "ui/pages/ranking.py"


@pytest.fixture
def world(tmp_path: Path, mini_registry, monkeypatch) -> World:
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    monkeypatch.setenv("MONEV_DATABASE_URL", url)
    db = Database(url)
    built = make_world(db, mini_registry)
    yield built
    db.dispose()


def open_page(who: Actor, cycle_id: int) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, who)
    at.session_state["cycle_id"] = cycle_id
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# Tables (st.dataframe is not a widget here: no key) by a column only they have.
RANKING, UNRANKED, LOST = "Nilai akhir", "Status", "Alasan"


def frame_element(at: AppTest, column: str):
    return next(d for d in at.dataframe if column in d.value.columns)


def table(at: AppTest, column: str = RANKING) -> pd.DataFrame:
    return frame_element(at, column).value


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


@pytest.mark.parametrize("username", ["pejabat", "verif"])
def test_officials_and_evaluators_see_the_ranking_and_the_download(world, username):
    at = open_page(actor_for(world.db, username), world.cycle_id)
    assert "Hasil sementara" in texts(at.warning)
    shown = metrics(at)
    assert (shown["Badan publik"], shown["Mengisi SAQ"], shown["Tingkat partisipasi"]) == (
        "7", "5", "71,4%")
    assert (shown["Tidak mengisi SAQ"], shown["Tidak register"]) == ("1", "1")
    assert (shown["Informatif"], shown["Menuju Informatif"], shown["Kurang Informatif"],
            shown["Tidak Informatif"], shown["Cukup Informatif"]) == ("1", "1", "2", "1", "0")
    ranking = table(at)
    assert list(ranking["Peringkat"]) == [1, 2, 2, 4]
    assert list(ranking["Badan publik"]) == ["Dinas A", "Dinas B", "Dinas C", "Dinas D"]
    assert list(ranking["Predikat"]) == ["Informatif", "Kurang Informatif",
                                         "Kurang Informatif", "Tidak Informatif"]
    assert list(ranking["± Peringkat"]) == ["▲ 1", "▼ 1", "▲ 1", "baru"]
    assert list(ranking["± Predikat"])[:2] == ["▲ dari Kurang Informatif",
                                               "▼ dari Informatif"]
    assert list(ranking["Nilai akhir"]) == [100.0, 54.4, 54.4, 9.6]
    assert "Presentasi" in ranking.columns  # the panel stage
    unranked = table(at, UNRANKED)
    assert list(unranked["Status"]) == ["Tidak mengisi SAQ", "Tidak register"]
    assert len(at.get("plotly_chart")) == 3  # counts, distribution, drill-down indicators
    buttons = at.get("download_button")
    assert [b.label for b in buttons] == [  # open data only once published
        "Unduh peringkat (Excel)", "Lampiran keputusan (PDF)", "Rapor semua badan publik (ZIP)",
        "Simulasi metodologi (Excel)"]


def test_the_admin_sees_everything_too(world):
    add_user(world.db, SYSTEM, username="kepala", password="Rahasia-Uji-2025!", role="admin")
    at = open_page(actor_for(world.db, "kepala"), world.cycle_id)
    assert metrics(at)["Badan publik"] == "7"
    assert len(at.get("download_button")) == 4


def test_numbers_in_the_ranking_have_a_decimal_comma(world):
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    shown = frame_element(at, RANKING).proto.arrow_data.styler.display_values
    for value in (b"54,40", b"100,00", b"9,60"):
        assert value in shown
    assert b"54.40" not in shown
    styles = frame_element(at, RANKING).proto.arrow_data.styler.styles
    assert "background-color: #1B5E20" in styles  # Informatif in its band colour
    assert "background-color: #EF6C00" in styles  # Kurang Informatif


def test_a_koordinator_sees_a_clear_message_before_publication(world):
    at = open_page(world.coordinator, world.cycle_id)
    assert "belum ditetapkan" in texts(at.info)
    assert not at.metric
    assert not at.dataframe
    assert not at.get("download_button")


def test_a_koordinator_sees_only_their_scope_after_publication(world):
    publish(world.db, world.official, world.cycle_id)
    at = open_page(world.coordinator, world.cycle_id)
    assert "sudah ditetapkan" in texts(at.success)
    shown = metrics(at)
    assert (shown["Badan publik"], shown["Mengisi SAQ"], shown["Informatif"]) == (
        "2", "1", "1")
    ranking = table(at)
    assert list(ranking["Badan publik"]) == ["Dinas A"]
    assert list(ranking["Peringkat"]) == [1]
    assert list(table(at, UNRANKED)["Badan publik"]) == ["Dinas E"]
    assert not at.get("download_button")  # exports are for evaluators and officials
    assert "Dinas B" not in " ".join(at.selectbox(key="rank_drill_body").options)
    official = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    assert [b.label for b in official.get("download_button")][-1] == "Data terbuka (CSV + JSON)"


def test_filters_by_category_and_region(world):
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    at.multiselect(key="rank_filter_category").set_value(["desa"]).run()
    assert metrics(at)["Badan publik"] == "1"
    assert list(table(at)["Badan publik"]) == ["Desa G"]
    at.multiselect(key="rank_filter_category").set_value([]).run()
    at.multiselect(key="rank_filter_region").set_value(["Kec. Barat"]).run()
    assert (metrics(at)["Badan publik"], metrics(at)["Menuju Informatif"]) == ("1", "1")
    at.multiselect(key="rank_filter_region").set_value(["Kec. Timur"]).run()
    assert metrics(at)["Badan publik"] == "6"


def test_category_picker_and_drilldown(world):
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    at.radio(key="rank_category").set_value("desa").run()
    assert list(table(at)["Badan publik"]) == ["Desa G"]
    at.radio(key="rank_category").set_value("opd").run()
    at.selectbox(key="rank_drill_body").set_value(world.bodies["Dinas B"]).run()
    assert not at.exception
    shown = metrics(at)
    assert (shown["Nilai akhir"], shown["Peringkat dalam kategori"]) == ("54,40", "2 dari 4")
    badge = next(m.value for m in at.markdown if "rank-predicate" in m.value)
    assert "Kurang Informatif" in badge
    assert "background-color: #EF6C00" in badge  # in its band colour
    gap = texts(at.info)
    for part in ("Cukup Informatif", "5,60", "2.1"):
        assert part in gap
    lost = table(at, LOST)
    assert list(lost["Kode"]) == ["2.1", "1.2"]
    assert list(lost["Nilai / maks."]) == ["2,00 / 4,00", "2,00 / 3,00"]
    assert "Siklus sebelumnya: peringkat 1" in texts(at.caption)


def test_the_verifikators_reason_shows_in_the_drilldown(world):
    verify_answer(world.db, world.verifier, world.cycle_id, world.bodies["Dinas D"], "1.2",
                  [], "Tautan RKA rusak", expected_seq=0)
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    at.selectbox(key="rank_drill_body").set_value(world.bodies["Dinas D"]).run()
    reasons = " ".join(table(at, LOST)["Alasan"])
    assert "Tautan RKA rusak" in reasons


def test_reruns_do_not_recompute_and_a_verification_rescores_one_body(world, computations):
    at = open_page(actor_for(world.db, "pejabat"), world.cycle_id)
    assert computations.full == []  # read from the stored results: nothing scored
    at.run()
    at.selectbox(key="rank_drill_body").set_value(world.bodies["Dinas C"]).run()
    at.multiselect(key="rank_filter_category").set_value(["opd"]).run()
    assert computations.full == []  # nothing changed: nothing computed
    assert computations.rescored == []
    verify_answer(world.db, world.verifier, world.cycle_id, world.bodies["Dinas B"], "1.1",
                  "Tidak", "DIP tidak ada di situs", expected_seq=0)
    at.run()
    assert computations.full == []
    assert computations.rescored == ["Dinas B"]  # only the changed badan publik
    ranking = table(at)
    assert list(ranking["Badan publik"]) == ["Dinas A", "Dinas C", "Dinas B", "Dinas D"]
    assert list(ranking["Peringkat"]) == [1, 2, 3, 4]
    assert metrics(at)["Tidak Informatif"] == "2"


def ranked_in_category(at: AppTest) -> int:
    """The number of ranked badan publik the category caption states."""
    caption = next(c.value for c in at.caption if "badan publik dinilai" in c.value)
    return int(caption.split()[0])


def test_a_big_category_is_shown_a_page_at_a_time_with_a_search(tmp_path, monkeypatch):
    """Thousands of ranked rows are not sent at once: 100 per page, the page picked, the
    caption says which ranks are shown, and a search by name finds a badan publik."""
    from benchmarks.storage import seed_cycle
    from questionnaires.loader import presets

    url = f"sqlite:///{tmp_path / 'besar.db'}"
    monkeypatch.setenv("MONEV_DATABASE_URL", url)
    db = Database(url)
    try:
        methodology = presets().get("nasional-2025")
        cycle_id = seed_cycle(db, methodology, 5 * 130)  # 130 per category, 5 % unscored
        add_user(db, SYSTEM, username="kepala", password="Rahasia-Uji-2025!",
                 role="pejabat")
        at = open_page(actor_for(db, "kepala"), cycle_id)
        assert len(table(at)) == 100
        caption = texts(at.caption)
        assert f"Menampilkan peringkat 1–100 dari {ranked_in_category(at)} badan publik" in caption
        first_page = table(at)
        assert first_page["Peringkat"].iloc[0] == 1
        at.number_input(key=f"rank_page_{at.radio(key='rank_category').value}") \
            .set_value(2).run()
        second = table(at)
        assert 0 < len(second) < 100
        assert min(second["Peringkat"]) >= max(first_page["Peringkat"])
        assert "Menampilkan peringkat 101–" in texts(at.caption)
        name = second["Badan publik"].iloc[0]
        at.text_input(key="rank_search").set_value(name[-5:]).run()
        found = table(at)
        assert list(found["Badan publik"]) == [name]
        at.text_input(key="rank_search").set_value("tidak ada nama ini").run()
        assert "Tidak ada badan publik bernama 'tidak ada nama ini'" in texts(at.info)
    finally:
        db.dispose()
