"""The Verifikasi & Panel page through AppTest on a real SQLite database (mini methodology).

Verdicts are given in the review workspace, one question at a time, through its widgets
and buttons; the services' stored state is checked afterwards. The database
(one cycle, Dinas Kominfo with an imported questionnaire, two evaluators, a koordinator) is
built once per module and copied for each test.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from monev.accounts import actor_for, add_user
from monev.appeals import file_appeal, list_appeals
from monev.bodies import register_body
from monev.bonuses import bonuses
from monev.cycles import create_cycle
from monev.imports import import_batch
from monev.panel import panel_scores
from monev.permissions import SYSTEM, Actor
from monev.review import answers_for_review
from monev.verification import verify_answer
from questionnaires.loader import Registry
from questionnaires.model import Methodology
from questionnaires.sources import Source
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import Answer, Submission
from tests.conftest import MINI_OPD_ANSWERS, MINI_OPD_EVIDENCE, cheap_hashing
from tests.monev.test_evaluation import add_submission
from tests.ui.demo_db import served_copy, sign_in
from tests.ui.test_coordinator_page import frame_of, markdown_shown
from ui.format import link

ROOT = Path(__file__).resolve().parents[2]
PAGE = "ui/pages/evaluator.py"


@dataclass(frozen=True)
class World:
    url: str
    cycle_id: int
    kominfo: int
    verifier: Actor
    verifier2: Actor
    coordinator: Actor

    @property
    def db(self) -> Database:
        return Database(self.url)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, mini_registry: Registry,
             mini: Methodology) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("evaluator") / "monev.db"
    db = Database(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as mp:
        cheap_hashing(mp)
        cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Test", year=2025,
                             registry=mini_registry)
        kominfo = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd")
        register_body(db, SYSTEM, cycle.id, name="Desa Sukamaju", category="desa")
        for username, role, scope in (("verif1", "evaluator", ()),
                                      ("verif2", "evaluator", ()),
                                      ("ppid", "koordinator", (kominfo.id,))):
            add_user(db, SYSTEM, username=username, password="Rahasia-Uji-2025!", role=role,
                     display_name=username.upper(), scope=scope)
        buffer = io.BytesIO()
        write_filled(mini, "opd", buffer, badan_publik="Dinas Kominfo",
                     answers=MINI_OPD_ANSWERS, evidence=MINI_OPD_EVIDENCE)
        report = import_batch(db, actor_for(db, "ppid"), cycle.id,
                              [Source("kominfo.xlsx", buffer.getvalue())])
        assert report.ok, report.files[0].problems
        world = World("", cycle.id, kominfo.id, actor_for(db, "verif1"),
                      actor_for(db, "verif2"), actor_for(db, "ppid"))
    db.dispose()
    return path, world


@pytest.fixture
def world(template: tuple[Path, World], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    source, built = template
    with served_copy(source, tmp_path, monkeypatch) as url:
        yield World(url, built.cycle_id, built.kominfo, built.verifier, built.verifier2,
                    built.coordinator)


def open_page(who: Actor) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, who)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def ws_key(world: World, name: str) -> str:
    """A session key of the review workspace of Dinas Kominfo."""
    return f"ws_{world.cycle_id}_{world.kominfo}_{name}"


def question_list(at: AppTest, world: World) -> dict[str, str]:
    """The workspace's list: code → the states shown under its question, in order."""
    radio = at.radio(key=ws_key(world, "pick"))
    codes = [re.match(r"\*\*(.+?)\*\*", option).group(1) for option in radio.options]
    return dict(zip(codes, radio.proto.captions, strict=True))


def current(at: AppTest, world: World) -> str:
    """The code of the question in hand."""
    return str(at.radio(key=ws_key(world, "pick")).value)


def go_to(at: AppTest, world: World, code: str) -> None:
    at.radio(key=ws_key(world, "pick")).set_value(code).run()
    assert not at.exception, at.exception
    assert current(at, world) == code


def control(at: AppTest, kind: str, world: World, code: str) -> Any:
    """The value, quick-reason or reason control of question `code` (keyed by its seq)."""
    start = f"ws_{kind}_{world.kominfo}_{code}_"
    found = [w for w in (*at.radio, *at.pills, *at.text_input)
             if w.key and w.key.startswith(start)]
    assert len(found) == 1, (start, [w.key for w in found])
    return found[0]


def verdict(at: AppTest, world: World, code: str, value: Any = None, *, quick: str = "",
            reason: str = "", confirm: bool = False) -> None:
    """Give the verdict on `code` as the evaluator does: pick a value (or confirm), a quick
    reason and/or a typed one, then press the button."""
    assert current(at, world) == code
    if value is not None:
        control(at, "value", world, code).set_value(value)
    if quick:
        control(at, "quick", world, code).set_value(quick)
    if reason:
        control(at, "reason", world, code).input(reason)
    button = f"ws_confirm_{world.kominfo}_{code}" if confirm else f"ws_save_{world.kominfo}_{code}"
    at.button(key=button).click().run()
    assert not at.exception, at.exception


def at_the_verdict(at: AppTest, world: World, kind: str) -> str:
    """The messages of `kind` shown inside the verdict box (next to the buttons)."""
    box = at.main.get_by_key(f"ws_verdict_{world.kominfo}")
    return "\n".join(e.value for e in box.get(kind))


def messages(at: AppTest, kind: str) -> str:
    return "\n".join(e.value for e in at.get(kind))


def review(world: World) -> dict[str, Any]:
    return {r.code: r for r in answers_for_review(world.db, SYSTEM, world.cycle_id,
                                                  world.kominfo)}


# -- verification: the review workspace (more in tests/ui/test_review_workspace.py) ------------


def test_queue_and_workspace(world: World) -> None:
    at = open_page(world.verifier)
    queue = at.dataframe[0].value
    assert list(queue["Badan publik"]) == ["Dinas Kominfo"]
    assert queue.iloc[0]["Terverifikasi"] == "0 dari 3 (0,0%)"
    # progress reads as text (screen readers, copy), never a raw fraction in a bar column
    assert "Kemajuan" not in queue.columns
    assert not [c for c in queue.columns if queue[c].dtype.kind == "f"]
    # Every applicable question listed with its state; the first one in hand, whole.
    assert question_list(at, world) == dict.fromkeys(("1.1", "1.2", "2.1"),
                                                     ":gray[○ Belum diperiksa]")
    assert current(at, world) == "1.1"
    shown = messages(at, "markdown")
    assert "Ada DIP?" in shown
    assert "**Jawaban mandiri:** Ya" in shown
    assert f"**Data dukung:** {link(MINI_OPD_EVIDENCE['1.1'])}" in shown
    assert control(at, "value", world, "1.1").value == "Ya"  # starts from the answer


def test_reupload_after_verification_is_flagged(world: World) -> None:
    verify_answer(world.db, world.verifier, world.cycle_id, world.kominfo, "1.1", "Tidak",
                  "DIP tidak ditemukan", expected_seq=0)
    add_submission(world.db, world.cycle_id, world.kominfo,
                   {"1.1": False, "1.2": frozenset({"a", "b"}), "2.1": 1}, MINI_OPD_EVIDENCE)
    at = open_page(world.verifier)
    assert at.dataframe[0].value.iloc[0]["Berubah"] == 1
    assert question_list(at, world)["1.1"] == ":red[⚠ Berubah sejak diverifikasi]"
    assert "diunggah ulang dengan nilai lain sejak diverifikasi" in at_the_verdict(
        at, world, "warning")


def test_lowering_with_a_reason_is_saved(world: World) -> None:
    at = open_page(world.verifier)
    verdict(at, world, "1.1", "Tidak", reason="DIP tidak ditemukan di situs")
    assert "**1.1** tersimpan: Tidak." in at_the_verdict(at, world, "success")
    at.button(key=f"ws_next_{world.kominfo}").click().run()
    verdict(at, world, "1.2", ["a"], reason="DPA tidak diunggah")
    assert "**1.2** tersimpan: a (RKA)." in at_the_verdict(at, world, "success")
    rows = review(world)
    assert (rows["1.1"].verified, rows["1.1"].reason, rows["1.1"].verified_by) == (
        False, "DIP tidak ditemukan di situs", "VERIF1")
    assert rows["1.2"].verified == frozenset({"a"})
    # The workspace is read again: the stored value, its state, the queue's count.
    assert control(at, "value", world, "1.2").value == ["a"]
    assert question_list(at, world)["1.2"] == ":orange[✎ Diubah]"
    assert at.dataframe[0].value.iloc[0]["Terverifikasi"] == "2 dari 3 (66,7%)"


def test_missing_reason_is_refused_and_the_edit_kept(world: World) -> None:
    at = open_page(world.verifier)
    verdict(at, world, "1.1", "Tidak")
    refused = at_the_verdict(at, world, "error")
    assert "Alasan wajib" in refused
    assert "1.1" in refused
    assert review(world)["1.1"].verified_text is None  # nothing stored
    assert control(at, "value", world, "1.1").value == "Tidak"  # kept, to be corrected
    verdict(at, world, "1.1", reason="Tautan mati")
    rows = review(world)
    assert (rows["1.1"].verified, rows["1.1"].seq) == (False, 1)
    # 2.1 confirmed as answered: no reason needed.
    go_to(at, world, "2.1")
    verdict(at, world, "2.1", confirm=True)
    assert "**2.1** tersimpan: 1 – Draf." in at_the_verdict(at, world, "success")
    assert review(world)["2.1"].verified == 1


def test_conflict_shows_both_values_and_lets_the_evaluator_choose(world: World) -> None:
    at = open_page(world.verifier)  # the workspace is loaded with seq 0 everywhere
    verify_answer(world.db, world.verifier2, world.cycle_id, world.kominfo, "1.1", "Tidak",
                  "Tautan mati", expected_seq=0)
    verify_answer(world.db, world.verifier2, world.cycle_id, world.kominfo, "2.1", 0,
                  "SOP belum ada", expected_seq=0)
    verdict(at, world, "1.1", confirm=True, reason="DIP ada di halaman PPID")
    warnings = at_the_verdict(at, world, "warning")
    assert "disimpan lebih dulu oleh VERIF2 pada" in warnings
    assert "nilai mereka **Tidak**; nilai Anda **Ya**" in warnings
    go_to(at, world, "2.1")
    verdict(at, world, "2.1", "2", reason="SOP ditetapkan")
    assert "nilai mereka **0 – Tidak ada**; nilai Anda **2 – Ditetapkan**" in at_the_verdict(
        at, world, "warning")
    rows = review(world)
    assert (rows["1.1"].verified, rows["2.1"].verified) == (False, 0)  # nothing overwritten

    at.button(key=f"eval_keep_{world.kominfo}_2.1").click().run()
    assert "dipertahankan" in at_the_verdict(at, world, "info")
    go_to(at, world, "1.1")
    at.button(key=f"eval_mine_{world.kominfo}_1.1").click().run()
    assert not at.exception, at.exception
    assert "**1.1** tersimpan: Ya." in at_the_verdict(at, world, "success")
    rows = review(world)
    assert (rows["1.1"].verified, rows["1.1"].seq, rows["1.1"].verified_by) == (True, 2,
                                                                                 "VERIF1")
    assert (rows["2.1"].verified, rows["2.1"].seq) == (0, 1)  # theirs kept
    assert not messages(at, "warning")
    # The workspace was read again: 1.1 shows the stored value and saves nothing stale.
    verdict(at, world, "1.1", confirm=True)
    assert "Tidak ada yang berubah" in at_the_verdict(at, world, "info")
    assert (review(world)["1.1"].seq, review(world)["2.1"].seq) == (2, 1)


def test_history_of_an_answer(world: World) -> None:
    verify_answer(world.db, world.verifier2, world.cycle_id, world.kominfo, "1.1", "Tidak",
                  "Tautan mati", expected_seq=0)
    at = open_page(world.verifier)
    [history] = [m.value for m in at.markdown if "Jawaban mandiri (unggahan)" in m.value]
    uploaded, verified = history.split("\n- ")
    assert "Jawaban mandiri (unggahan) · PPID" in uploaded
    assert "Nilai: Ya" in uploaded
    assert "Berkas: kominfo.xlsx" in uploaded
    assert "Hasil verifikasi · VERIF2" in verified
    assert "Nilai: Tidak (sebelumnya Ya)" in verified
    assert "Alasan / keterangan: Tautan mati" in verified


def test_the_files_warnings_are_shown_and_their_answers_marked(world: World) -> None:
    """Warnings stored with the submission (as the readers give them) are listed with
    sheet!cell, message and fix; the answer on the warned row says so in the workspace."""
    db = world.db
    with db.transaction() as session:
        cell = session.scalar(select(Answer.cell).join(
            Submission, Submission.id == Answer.submission_id).where(
            Submission.badan_publik_id == world.kominfo, Answer.question_code == "1.1"))
        row = cell.rpartition("!")[2][1:]
        session.execute(update(Submission).where(
            Submission.badan_publik_id == world.kominfo).values(warnings=[
                {"code": "W404", "location": {"sheet": "Kuesioner", "cell": f"F{row}"},
                 "message": "Data dukung 'ada' untuk pertanyaan 1.1 bukan tautan "
                            "(http/https); tidak dihitung sebagai data dukung",
                 "fix": "Isi dengan tautan lengkap yang dapat dibuka, mis. "
                        "https://ppid.example.go.id/dip.", "question": "1.1"}]))
    db.dispose()
    at = open_page(world.verifier)
    assert at.dataframe[0].value.iloc[0]["Peringatan"] == 1
    assert "kominfo.xlsx) diterima dengan 1 peringatan" in markdown_shown(
        messages(at, "warning"))
    # A static table (texts wrap, nothing is cut) of Markdown cells, escaped.
    assert not any("Cara memperbaiki" in d.value.columns for d in at.dataframe)
    listed = frame_of(at, "Cara memperbaiki")
    assert listed.iloc[0]["Lembar!Sel"] == f"Kuesioner!F{row}"
    assert listed.iloc[0]["Kode"] == "W404"
    assert listed.iloc[0]["Pertanyaan"] == "1.1"
    assert listed.iloc[0]["Peringatan"] == ("Data dukung 'ada' untuk pertanyaan 1.1 bukan "
                                            "tautan (http/https); tidak dihitung sebagai data "
                                            "dukung")
    assert listed.iloc[0]["Cara memperbaiki"] == ("Isi dengan tautan lengkap yang dapat "
                                                  "dibuka, mis. https://ppid.example.go.id/dip.")
    # The example link is inline code: shown as text, never a live link.
    raw = next(t.value for t in at.table if "Cara memperbaiki" in t.value.columns)
    assert raw.iloc[0]["Cara memperbaiki"].endswith(" `https://ppid.example.go.id/dip`.")
    marked = "peringatan pada jawaban ini (W404)"
    assert marked in messages(at, "warning")  # 1.1, in hand
    go_to(at, world, "2.1")
    assert marked not in messages(at, "warning")


def test_no_warnings_no_list(world: World) -> None:
    at = open_page(world.verifier)
    assert at.dataframe[0].value.iloc[0]["Peringatan"] == 0
    assert "peringatan" not in messages(at, "warning")
    assert not any("Cara memperbaiki" in d.value.columns for d in at.dataframe)
    assert not any("Cara memperbaiki" in d.value.columns for d in at.table)


# -- panel, bonus, appeals ---------------------------------------------------------------------


def panel_fields(at: AppTest) -> list[Any]:
    return [n for n in at.text_input if n.key.startswith("eval_panel_score_")]


def test_panel_score_saved_and_change_needs_reason(world: World) -> None:
    at = open_page(world.verifier)
    at.text_input(key=f"eval_panel_juror_{world.kominfo}").input("Dr. Siti Aminah").run()
    [score] = panel_fields(at)
    score.input("85,5")  # a decimal comma, typed in a text field
    at.button(key="eval_panel_save").click().run()
    assert not at.exception, at.exception
    assert "1 nilai juri Dr. Siti Aminah tersimpan." in messages(at, "success")
    assert "Komitmen: 85,50" in messages(at, "success")
    [saved] = panel_scores(world.db, SYSTEM, world.cycle_id, world.kominfo)
    assert (saved.stage, saved.juror, saved.aspect, saved.score) == (
        "panel", "Dr. Siti Aminah", "K", Decimal("85.50"))
    grid = next(d.value for d in at.dataframe if "Komitmen" in d.value.columns)
    assert grid.loc["Dr. Siti Aminah", "Komitmen"] == "85,50"  # juror × aspect

    [score] = panel_fields(at)
    assert score.value == "85,50"  # the current score is shown with a decimal comma
    score.input("90")
    at.button(key="eval_panel_save").click().run()
    assert "Alasan wajib" in messages(at, "error")
    [score] = panel_fields(at)
    assert score.value == "90"  # a refused value stays as typed, to be corrected
    at.text_input(key=f"eval_panel_reason_{world.kominfo}").input("Salah ketik")
    at.button(key="eval_panel_save").click().run()
    [saved] = panel_scores(world.db, SYSTEM, world.cycle_id, world.kominfo)
    assert (saved.score, saved.reason, saved.seq) == (Decimal("90.00"), "Salah ketik", 2)


def test_bonus_saved(world: World) -> None:
    at = open_page(world.verifier)
    at.text_input(key=f"eval_bonus_code_{world.kominfo}").input("kehadiran_pimpinan")
    at.text_input(key=f"eval_bonus_points_{world.kominfo}").input("2,5")
    at.text_input(key=f"eval_bonus_reason_{world.kominfo}").input("Bupati hadir")
    at.button(key="eval_bonus_save").click().run()
    assert not at.exception, at.exception
    assert "tersimpan: 2,50 poin" in messages(at, "success")
    [bonus] = bonuses(world.db, SYSTEM, world.cycle_id, world.kominfo)
    assert (bonus.code, bonus.points, bonus.reason) == ("kehadiran_pimpinan",
                                                        Decimal("2.50"), "Bupati hadir")
    at.text_input(key=f"eval_bonus_code_{world.kominfo}").input("terlambat")
    at.text_input(key=f"eval_bonus_points_{world.kominfo}").input("1.000")
    at.text_input(key=f"eval_bonus_reason_{world.kominfo}").input("Terlambat")
    at.button(key="eval_bonus_save").click().run()
    assert ("Nilai tambahan 'terlambat' harus antara -100 dan 100; tertulis '1.000'"
            in messages(at, "error"))
    assert len(bonuses(world.db, SYSTEM, world.cycle_id, world.kominfo)) == 1


def test_appeal_accepted_with_a_new_value(world: World) -> None:
    appeal = file_appeal(world.db, world.coordinator, world.cycle_id, world.kominfo,
                         "LRA ada di situs", question_code="1.2",
                         evidence="https://ppid.example.go.id/lra")
    at = open_page(world.verifier)
    assert any("Sanggah #1" in m.value for m in at.markdown)
    # No decision is preselected: saving without choosing one is refused.
    assert at.radio(key=f"eval_appeal_decision_{appeal.id}").value is None
    at.button(key=f"eval_appeal_save_{appeal.id}").click().run()
    assert "Pilih putusan sanggah #1 (Terima atau Tolak)" in messages(at, "error")
    assert list_appeals(world.db, SYSTEM, world.cycle_id)[0].status == "open"
    # A decision without a reason is refused with the service's message.
    at.radio(key=f"eval_appeal_decision_{appeal.id}").set_value("reject")
    at.button(key=f"eval_appeal_save_{appeal.id}").click().run()
    assert "Alasan putusan sanggah wajib diisi" in messages(at, "error")
    at.radio(key=f"eval_appeal_decision_{appeal.id}").set_value("accept")
    # the items picked as in the review workspace (ui/components/review_workspace.py)
    [value] = [w for w in at.pills if w.key.startswith(f"eval_appeal_value_{appeal.id}_")]
    value.set_value(["a", "b", "c"])
    at.text_area(key=f"eval_appeal_reason_{appeal.id}").input("LRA terverifikasi")
    at.button(key=f"eval_appeal_save_{appeal.id}").click().run()
    assert not at.exception, at.exception
    assert "Sanggah #1 diputus: Diterima." in messages(at, "success")
    [decided] = list_appeals(world.db, SYSTEM, world.cycle_id)
    assert (decided.status, decided.decision_reason) == ("accepted", "LRA terverifikasi")
    rows = review(world)
    assert rows["1.2"].verified == frozenset({"a", "b", "c"})
    assert "Tidak ada sanggah terbuka." in messages(at, "info")
