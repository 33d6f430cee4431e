"""A verifikator scores ``number`` and ``text`` answers in the review workspace (AppTest, real
SQLite; tests/fixtures/angka-uraian.yaml): the written text shown whole, points typed with a
decimal comma in the type's own text field, refusals that say what to type, the stored new
score. The helpers are those of tests/ui/test_evaluator_page.py.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.imports import import_batch
from monev.permissions import SYSTEM
from monev.review import body_outcome
from questionnaires.loader import Registry, load_methodology
from questionnaires.sources import Source
from questionnaires.template import write_filled
from storage.db import Database
from tests.conftest import FIXTURES, cheap_hashing
from tests.ui.demo_db import served_copy
from tests.ui.test_evaluator_page import (
    World,
    at_the_verdict,
    control,
    go_to,
    messages,
    open_page,
    review,
    verdict,
)

D = Decimal
LINK = "https://ppid.example.go.id/rekap.pdf"
TEXT = "Inovasi: permohonan lewat WhatsApp.\nBukti: SK Kepala Dinas No. 12/2025."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    m = load_methodology(FIXTURES / "angka-uraian.yaml")
    registry = Registry([m])
    path = tmp_path_factory.mktemp("angka-uraian") / "monev.db"
    db = Database(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as mp:
        cheap_hashing(mp)
        cycle = create_cycle(db, SYSTEM, methodology_id=m.id, ki="KI Uji", year=2025,
                             registry=registry)
        kominfo = register_body(db, SYSTEM, cycle.id, name="Dinas Kominfo", category="opd")
        for username, role, scope in (("verif1", "evaluator", ()),
                                      ("verif2", "evaluator", ()),
                                      ("ppid", "koordinator", (kominfo.id,))):
            add_user(db, SYSTEM, username=username, password="Rahasia-Uji-2025!", role=role,
                     display_name=username.upper(), scope=scope)
        buffer = io.BytesIO()
        write_filled(m, "opd", buffer, badan_publik="Dinas Kominfo",
                     answers={"1.1": "Ya", "1.2": "85,5", "1.3": 12, "2.1": TEXT},
                     evidence={c: LINK for c in ("1.1", "1.2", "1.3", "2.1")})
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


def test_the_verifikator_types_the_points_of_a_text_answer(world: World) -> None:
    at = open_page(world.verifier)
    go_to(at, world, "2.1")
    shown = messages(at, "markdown")
    assert "Inovasi: permohonan lewat WhatsApp." in shown  # the written text, whole
    assert "poin 0 sampai 5" in messages(at, "caption")  # what to type, under the question
    field = control(at, "value", world, "2.1")
    assert field.value == ""  # no points yet: nothing assumed
    assert field.help.startswith("Poin untuk uraian dan buktinya: poin 0 sampai 5")

    # nothing to confirm (the written text is not points): no confirm button, but what to do
    buttons = {b.key for b in at.button}
    assert f"ws_confirm_{world.kominfo}_2.1" not in buttons
    assert f"ws_save_{world.kominfo}_2.1" in buttons
    assert at.button(key=f"ws_save_{world.kominfo}_2.1").label == "Simpan poin"
    how = at_the_verdict(at, world, "info")
    assert "dinilai verifikator" in how
    assert "ketik poinnya (0 sampai 5, dengan koma desimal, mis. 3,5) dan tuliskan " \
           "alasannya" in how
    assert "Belum dinilai" in at_the_verdict(at, world, "markdown")
    assert "✓ Konfirmasi" not in messages(at, "markdown")
    verdict(at, world, "2.1", "7", reason="Bukti lengkap")  # more than the question's 5
    refused = at_the_verdict(at, world, "error")
    assert "Jawaban '7' tidak sah untuk pertanyaan 2.1" in refused
    assert "poin 0 sampai 5, paling banyak 1 angka di belakang koma" in refused
    assert review(world)["2.1"].verified is None  # nothing saved

    verdict(at, world, "2.1", "3,5", reason="SK ada, layanan WA belum berjalan")
    assert "**2.1** tersimpan: 3,5 poin." in at_the_verdict(at, world, "success")
    row = review(world)["2.1"]
    assert (row.verified, row.verified_text) == (D("3.5"), "3,5 poin")
    assert row.states == ("confirmed",)  # scored: the verdict, not a change of the text
    assert "✓ **Dinilai 3,5 poin** oleh VERIF1" in at_the_verdict(at, world, "markdown")
    # SAQ verified: A = (2 + 2 + 1) / 8 = 62,5; B = 3,5 / 5 = 70 → 0,6 × 62,5 + 0,4 × 70
    assert body_outcome(world.db, SYSTEM, world.cycle_id, world.kominfo).saq_verified == \
        D("65.50")
    assert control(at, "value", world, "2.1").value == "3,5"  # the field shows what is stored


def test_the_verifikator_lowers_a_number(world: World) -> None:
    at = open_page(world.verifier)
    go_to(at, world, "1.2")
    assert "**Jawaban mandiri:** 85,5%" in messages(at, "markdown")
    assert control(at, "value", world, "1.2").value == "85,5"
    verdict(at, world, "1.2", "72,0", reason="Rekap: 72 dari 100 tepat waktu")
    assert "**1.2** tersimpan: 72%." in at_the_verdict(at, world, "success")
    assert review(world)["1.2"].verified == D(72)
    # 72 is below 75: 0 of 4 → A = (2 + 0 + 1) / 8 = 37,5; SAQ = 0,6 × 37,5 + 0,4 × 0 = 22,5
    assert body_outcome(world.db, SYSTEM, world.cycle_id, world.kominfo).saq_verified == \
        D("22.50")
