"""The Koordinator PPID page through AppTest on a real SQLite database (mini methodology).

The database (a cycle, three badan publik, a koordinator whose scope is two of them) is
built once per module and copied for each test.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.appeals import list_appeals
from monev.bodies import register_body, set_participation
from monev.cycles import create_cycle, load_cycle
from monev.imports import import_batch
from monev.outcomes.publication import publish
from monev.permissions import SYSTEM, Actor
from monev.review import answers_for_review
from questionnaires import layout
from questionnaires.loader import Registry
from questionnaires.model import Methodology
from questionnaires.sources import Source
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import BadanPublik
from tests.conftest import MINI_OPD_ANSWERS, MINI_OPD_EVIDENCE, cheap_hashing
from tests.ui.demo_db import served_copy, sign_in

ROOT = Path(__file__).resolve().parents[2]
PAGE = "ui/pages/coordinator.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class World:
    url: str
    cycle_id: int
    kominfo: int  # opd, in the koordinator's scope
    dinkes: int  # opd, in scope
    desa: int  # desa, outside the scope
    coordinator: Actor


def workbook(mini: Methodology, badan_publik: str, *, category: str = "opd",
             answers: Mapping[str, object] = MINI_OPD_ANSWERS) -> bytes:
    buffer = io.BytesIO()
    write_filled(mini, category, buffer, badan_publik=badan_publik, answers=answers,
                 evidence={k: v for k, v in MINI_OPD_EVIDENCE.items() if k in answers})
    return buffer.getvalue()


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory,
             mini_registry: Registry) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("coordinator") / "monev.db"
    db = Database(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as mp:
        cheap_hashing(mp)
        cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Test", year=2025,
                             registry=mini_registry)
        kominfo = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd")
        dinkes = register_body(db, SYSTEM, cycle.id, name="Dinas Kesehatan", category="opd")
        desa = register_body(db, SYSTEM, cycle.id, name="Desa Sukamaju", category="desa")
        add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2025!", role="koordinator",
                 display_name="PPID Kominfo", scope=(kominfo.id, dinkes.id))
        coordinator = actor_for(db, "ppid")
    db.dispose()
    return path, World("", cycle.id, kominfo.id, dinkes.id, desa.id, coordinator)


@pytest.fixture
def world(template: tuple[Path, World], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    source, built = template
    with served_copy(source, tmp_path, monkeypatch) as url:
        yield World(url, built.cycle_id, built.kominfo, built.dinkes, built.desa,
                    built.coordinator)


def open_page(who: Actor) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, who)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


# A backslash before ASCII punctuation is Markdown's escape: the reader sees the character;
# a code span (a fence of backticks, padded with a space when its text starts or ends with
# a backtick) shows its text as it is.
MARKDOWN_SHOWN = re.compile(r"(?P<fence>`+)(?P<code>.+?)(?P=fence)(?!`)"
                            r"|\\(?P<char>[!-/:-@\[-`{-~])")


def markdown_shown(text: str) -> str:
    """What a Markdown cell of ``st.table`` shows for `text` (escapes and fences removed)."""
    def shown(match: re.Match[str]) -> str:
        if match["char"] is not None:
            return match["char"]
        code = match["code"]
        return code[1:-1] if len(code) > 2 and code[0] == code[-1] == " " else code
    return MARKDOWN_SHOWN.sub(shown, text)


def frame_of(at: AppTest, column: str, nth: int = 0):
    """The `nth` table (interactive or static) shown with `column`, as users read it."""
    frames = [df.value for df in at.dataframe]
    frames += [table.value.map(lambda v: markdown_shown(v) if isinstance(v, str) else v)
               for table in at.table]
    found = [f for f in frames if column in f.columns]
    if len(found) <= nth:
        raise AssertionError(f"no table {nth} with column {column!r}")
    return found[nth]


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "error", "warning", "success", "info",
                                  "caption") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


# -- tests -------------------------------------------------------------------------------------


def test_zip_upload_reports_accepted_and_rejected_file_with_cell(
        world: World, mini: Methodology) -> None:
    bad = workbook(mini, "Dinas Kesehatan", answers={**MINI_OPD_ANSWERS, "1.1": "Mungkin"})
    batch = zip_bytes({"kominfo.xlsx": workbook(mini, "Dinas Kominfo"), "dinkes.xlsx": bad})
    at = open_page(world.coordinator)
    at.file_uploader(key="coord_upload").set_value([("kuesioner.zip", batch,
                                                     "application/zip")]).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception

    assert at.get("progress"), "a progress bar while importing"
    files = frame_of(at, "Berkas").set_index("Berkas")
    assert files.loc["kuesioner.zip/kominfo.xlsx", "Status"] == "Diterima"
    assert files.loc["kuesioner.zip/kominfo.xlsx", "Badan publik"] == "Dinas Kominfo"
    assert files.loc["kuesioner.zip/dinkes.xlsx", "Status"] == "Ditolak"
    problems = frame_of(at, "Lembar!Sel")
    d303 = problems[problems["Kode"] == "D303"].iloc[0]
    assert d303["Berkas"] == "kuesioner.zip/dinkes.xlsx"
    assert d303["Lembar!Sel"].startswith(f"{layout.SHEET_QUESTIONS}!E")
    assert "Mungkin" in d303["Masalah"]
    assert d303["Cara memperbaiki"]
    assert "1 berkas ditolak" in texts(at)
    # Stored: the accepted file is what the evaluator now reviews.
    rows = answers_for_review(Database(world.url), SYSTEM, world.cycle_id, world.kominfo)
    assert {r.code: r.self_reported_text for r in rows}["1.1"] == "Ya"

    # A rerun (any widget) imports nothing again and keeps the report of this upload.
    at.selectbox(key="coord_template_category").set_value("desa").run()
    assert frame_of(at, "Berkas").shape[0] == 2
    assert "Tidak berubah" not in frame_of(at, "Berkas")["Status"].str.cat()


def test_upload_outside_scope_is_refused_with_the_message(
        world: World, mini: Methodology) -> None:
    at = open_page(world.coordinator)
    data = workbook(mini, "Desa Sukamaju", category="desa", answers={"1.1": "Ya", "2.2": "Ya"})
    at.file_uploader(key="coord_upload").set_value([("desa.xlsx", data, XLSX)]).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception
    files = frame_of(at, "Berkas")
    assert files.iloc[0]["Status"] == "Ditolak"
    problems = frame_of(at, "Masalah")
    assert "di luar cakupan Anda" in " ".join(problems["Masalah"] + " " +
                                               problems["Cara memperbaiki"])


def test_template_download_and_participation_rate(world: World, mini: Methodology) -> None:
    db = Database(world.url)
    import_batch(db, world.coordinator, world.cycle_id,
                 [Source("kominfo.xlsx", workbook(mini, "Dinas Kominfo"))])
    at = open_page(world.coordinator)
    button = at.get("download_button")[0]
    assert button.proto.label == "Unduh templat OPD (.xlsx)"
    # The koordinator sees the two badan publik in scope; one has returned its SAQ.
    assert at.metric[0].value == "1 dari 2 badan publik (50,0%)"
    bodies = frame_of(at, "Status partisipasi").set_index("Badan publik")
    assert set(bodies.index) == {"Dinas Kominfo", "Dinas Kesehatan"}
    assert bodies.loc["Dinas Kominfo", "Status partisipasi"] == "Mengisi SAQ"
    assert "belum ditetapkan" in texts(at)


def test_published_breakdown_and_appeal(world: World, mini: Methodology) -> None:
    db = Database(world.url)
    import_batch(db, world.coordinator, world.cycle_id,
                 [Source("kominfo.xlsx", workbook(mini, "Dinas Kominfo"))])
    at = open_page(world.coordinator)
    # Appeal before publication: about answer 1.2 of Dinas Kominfo.
    at.selectbox(key="coord_appeal_body").set_value(world.kominfo).run()
    at.selectbox(key="coord_appeal_question").set_value("1.2")  # in the form: no rerun
    at.text_area(key="coord_appeal_claim").input("Butir c (LRA) ada di situs PPID")
    at.text_input(key="coord_appeal_evidence").input("https://ppid.example.go.id/lra")
    submit = next(b for b in at.button if b.label == "Ajukan sanggah")
    submit.click().run()
    assert not at.exception, at.exception
    assert "Sanggah #1 untuk Dinas Kominfo sudah diajukan." in texts(at)
    [appeal] = list_appeals(db, SYSTEM, world.cycle_id)
    assert (appeal.question_code, appeal.evidence) == ("1.2", "https://ppid.example.go.id/lra")

    with db.transaction() as session:  # Dinas Kesehatan never submits
        cycle = load_cycle(session, world.cycle_id)
        body = session.get(BadanPublik, world.dinkes)
        set_participation(session, SYSTEM, cycle, body, "not_submitted")
    publish(db, SYSTEM, world.cycle_id)
    at = open_page(world.coordinator)
    results = frame_of(at, "Predikat").set_index("Badan publik")
    assert set(results.index) == {"Dinas Kominfo", "Dinas Kesehatan"}  # own scope only
    assert results.loc["Dinas Kominfo", "Peringkat"] == "1"
    assert results.loc["Dinas Kesehatan", "Nilai akhir"] == "-"
    at.selectbox(key="coord_results_body").set_value(
        list(results.index).index("Dinas Kominfo")).run()
    indicators = frame_of(at, "Indikator").set_index("Indikator")
    assert list(indicators.index) == ["Indikator A", "Indikator B", "Komitmen"]
    assert indicators.loc["Indikator A", "Nilai"] == "80,00"  # 1.1 Ya, 1.2 two of three
    assert indicators.loc["Indikator B", "Nilai"] == "50,00"  # 2.1 Draf
    assert [m.value for m in at.metric][-3:] == ["54,40", "Kurang Informatif", "1"]
    assert [d.label for d in at.get("download_button")][-1] == "Unduh rapor (PDF)"
    # After publication an appeal is refused with the service's message, no traceback.
    at.text_area(key="coord_appeal_claim").input("Terlambat")
    next(b for b in at.button if b.label == "Ajukan sanggah").click().run()
    assert not at.exception, at.exception
    assert any("sudah ditetapkan" in e.value for e in at.error)


def test_outcomes_are_distinct_and_every_warning_and_reason_is_listed_in_full(
        world: World, mini: Methodology) -> None:
    """Diterima, Diterima dengan peringatan, Tidak berubah and Ditolak; warnings of kept
    files and reasons of refused ones in static tables (texts wrap, nothing is cut), with
    what a file says shown literally (no Markdown from an uploaded name)."""
    table = (b"Nama Badan Publik,Kategori,1.1,1.2,2.1\n"
             b'Dinas Kominfo,opd,Ya,"RKA, DPA",Draf\n')  # no Data Dukung columns
    bad_name = "[klik](https://contoh.invalid) *dinkes*.xlsx"
    bad = workbook(mini, "Dinas Kesehatan", answers={**MINI_OPD_ANSWERS, "1.1": "Mungkin"})
    at = open_page(world.coordinator)
    at.file_uploader(key="coord_upload").set_value(
        [("jawaban.csv", table, "text/csv"), (bad_name, bad, XLSX)]).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception

    files = frame_of(at, "Berkas").set_index("Berkas")
    assert files.loc["jawaban.csv", "Status"] == "Diterima dengan peringatan"
    assert files.loc["jawaban.csv", "Catatan"] == "1 peringatan"
    assert files.loc[bad_name, "Status"] == "Ditolak"
    assert {m.label: m.value for m in at.metric[:4]} == {
        "Diterima": "0", "Diterima dengan peringatan": "1", "Tidak berubah": "0",
        "Ditolak": "1"}
    shown = texts(at)
    assert "1 berkas ditolak" in shown
    assert "1 berkas diterima dan disimpan dengan peringatan" in shown
    assert "**Berkas yang ditolak**" in shown
    assert "**Peringatan pada berkas yang diterima**" in shown

    # Static tables: every text in full; the refused file's reasons first, then warnings.
    assert not [df for df in at.dataframe if "Cara memperbaiki" in df.value.columns]
    reasons = frame_of(at, "Cara memperbaiki", 0)
    assert set(reasons["Berkas"]) == {bad_name}
    assert "D303" in set(reasons["Kode"])
    warnings = frame_of(at, "Cara memperbaiki", 1)
    [w401] = warnings.to_dict("records")
    assert (w401["Berkas"], w401["Kode"], w401["Jenis"]) == ("jawaban.csv", "W401",
                                                              "Peringatan")
    assert w401["Masalah"] == ("Tidak ada kolom data dukung untuk pertanyaan 1.1, 1.2, 2.1; "
                               "jawaban 'Ya' tanpa data dukung tidak mendapat nilai")
    assert w401["Cara memperbaiki"] == ("Tambahkan kolom 'Data Dukung <kode>' berisi tautan "
                                        "bukti untuk setiap pertanyaan.")
    # The Markdown cells hold the name escaped: no link, no emphasis; the address in it is
    # inline code (GitHub-flavoured Markdown links a bare address even when escaped).
    named = [cell for table in at.table for cell in table.value["Berkas"] if "dinkes" in cell]
    assert len(named) == 2  # the files table and the refused file's reasons
    for raw in named:
        assert raw.startswith("\\[`klik](https://contoh.invalid`)")
        assert "\\*dinkes\\*" in raw

    # The same table again: nothing changes, and the report says so.
    at.file_uploader(key="coord_upload").set_value([("jawaban.csv", table, "text/csv")]).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception
    assert frame_of(at, "Berkas").iloc[0]["Status"] == "Tidak berubah"
    assert {m.label: m.value for m in at.metric}["Tidak berubah"] == "1"
