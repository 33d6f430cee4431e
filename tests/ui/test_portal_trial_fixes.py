"""What a first trial of the PPID portal in a browser found, through AppTest on a copy of the
demo database (the `demo` fixture of tests/ui/conftest.py)."""

from __future__ import annotations

from evidence.files import attach_file
from monev import portal
from monev.permissions import SYSTEM
from tests.evidence.evidence_samples import pdf_bytes
from tests.ui.demo_db import Demo, open_page

PAGE = "ui/pages/portal.py"


def test_a_reopen_reason_typed_as_a_sentence_reads_once(demo: Demo):
    portal.submit(demo.db, demo.ppid, demo.cycle, demo.body, allow_incomplete=True)
    portal.reopen(demo.db, SYSTEM, demo.cycle, demo.body,
                  "Tautan 3.1 tidak dapat dibuka (404); ganti dengan tautan yang benar.")
    at = open_page(demo.ppid, PAGE)
    [warning] = [w.value for w in at.warning if "dibuka kembali" in w.value]
    assert "tautan yang benar. Perbaiki jawabannya" in warning
    assert ".." not in warning
    # Said by whoever reopened it (here the admin), not always "Koordinator PPID".
    assert warning.startswith("Kuesioner Anda dibuka kembali dengan alasan: Tautan 3.1")


def test_the_overview_lists_each_answers_files_beside_its_link(demo: Demo):
    # A question answered with a file and no link read "-" as its data dukung.
    code = next(x.code for x in demo.questionnaire().questions if not x.answered)
    attach_file(demo.db, demo.ppid, demo.cycle, demo.body, code, "SK Camat.pdf",
                pdf_bytes(2, "SK Camat"))
    at = open_page(demo.ppid, PAGE)
    [frame] = [df.value for df in at.dataframe if "Berkas data dukung" in df.value.columns]
    row = frame[frame["Kode"] == code].iloc[0]
    assert (row["Tautan data dukung"], row["Berkas data dukung"]) == ("-", "SK Camat.pdf")
    assert set(frame["Berkas data dukung"]) == {"-", "SK Camat.pdf"}
