"""The import report as a koordinator reads it (AppTest, mini methodology): a wrong answer
names the answer type in Indonesian (and a checklist's item and cell), and a refused file
whose Identitas names its badan publik shows that name instead of "-"."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from questionnaires.model import Methodology
from tests.conftest import MINI_OPD_ANSWERS
from tests.ui import test_coordinator_page as coordinator
from tests.ui.test_coordinator_page import World, frame_of, open_page, workbook, zip_bytes

# The koordinator page's world: a cycle of the mini methodology, a koordinator of two OPDs.
template = coordinator.template
world = coordinator.world


def upload(at: AppTest, name: str, data: bytes, media_type: str) -> None:
    at.file_uploader(key="coord_upload").set_value([(name, data, media_type)]).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception


def test_refused_files_name_their_body_and_the_answer_type_in_indonesian(
        world: World, mini: Methodology) -> None:
    files = {
        "dinkes.xlsx": workbook(mini, "Dinas Kesehatan",
                                answers={**MINI_OPD_ANSWERS, "1.1": "Mungkin"}),
        "kominfo.xlsx": workbook(mini, "Dinas Kominfo",
                                 answers={**MINI_OPD_ANSWERS, "2.1": "Sembilan"}),
        "tanpa-nama.xlsx": workbook(mini, "", answers={**MINI_OPD_ANSWERS, "1.1": "Mungkin"}),
        "bappeda.xlsx": workbook(mini, "Bappeda",
                                 answers={**MINI_OPD_ANSWERS, "1.2": {"a": "Ya", "b": "Entah"}}),
    }
    at = open_page(world.coordinator)
    upload(at, "kiriman.zip", zip_bytes(files), "application/zip")

    report = frame_of(at, "Catatan").set_index("Berkas")
    assert set(report["Status"]) == {"Ditolak"}
    assert report.loc["kiriman.zip/dinkes.xlsx", "Badan publik"] == "Dinas Kesehatan"
    assert report.loc["kiriman.zip/kominfo.xlsx", "Badan publik"] == "Dinas Kominfo"
    assert report.loc["kiriman.zip/tanpa-nama.xlsx", "Badan publik"] == "-"

    problems = frame_of(at, "Cara memperbaiki")
    messages = dict(zip(problems["Berkas"] + " " + problems["Kode"], problems["Masalah"],
                        strict=True))
    assert messages["kiriman.zip/dinkes.xlsx D303"] == (
        "Jawaban 'Mungkin' tidak sah untuk pertanyaan 1.1 — jenis jawaban Ya/Tidak")
    assert messages["kiriman.zip/kominfo.xlsx D303"] == (
        "Jawaban 'Sembilan' tidak sah untuk pertanyaan 2.1 — jenis jawaban Skala")
    # A checklist item: which butir and which cell, not only the question.
    checklist = messages["kiriman.zip/bappeda.xlsx D303"]
    assert checklist.startswith("Jawaban 'Entah' tidak sah untuk butir b (DPA) di sel "
                                "Kuesioner!E"), checklist
    assert checklist.endswith(", pertanyaan 1.2 — jenis jawaban Kelengkapan (butir)")
    shown = " ".join(problems["Masalah"]) + " ".join(problems["Cara memperbaiki"])
    for internal in ("yes_no", "scale", "checklist"):
        assert internal not in shown
