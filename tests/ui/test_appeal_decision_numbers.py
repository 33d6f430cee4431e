"""Deciding an appeal on a ``number`` or ``text`` question (AppTest, real SQLite,
tests/fixtures/angka-uraian.yaml): the number typed with a decimal comma, or the points, in
the review workspace's text field for the type, refused the way a verdict is.

The world is that of tests/ui/test_number_text_workspace.py; the helpers are in
tests/ui/test_appeal_decision.py.
"""

from __future__ import annotations

from decimal import Decimal

from monev.appeals import file_appeal, list_appeals
from monev.permissions import SYSTEM
from monev.verification import verify_answer
from tests.ui import test_number_text_workspace as number_text
from tests.ui.test_appeal_decision import appeal_value, decide
from tests.ui.test_evaluator_page import World, messages, open_page, review

template, world = number_text.template, number_text.world  # number and text questions


def test_a_number_appeal_takes_a_decimal_comma(world: World) -> None:
    w = world
    verify_answer(w.db, w.verifier, w.cycle_id, w.kominfo, "1.2", "72", "Rekap: 72 tepat waktu",
                  expected_seq=0)
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.kominfo,
                         "Rekap yang benar 91,5%", question_code="1.2")
    at = open_page(w.verifier2)
    field = appeal_value(at, appeal.id)
    assert field.value == "72"  # the verified value, as the workspace writes it
    assert "Ketik angka 0 sampai 100 (%)" in field.help
    decide(at, appeal.id, "accept", "Rekap baru sah", "91.5.0")
    refused = messages(at, "error")
    assert "Jawaban '91.5.0' tidak sah untuk pertanyaan 1.2" in refused
    assert list_appeals(w.db, SYSTEM, w.cycle_id)[0].status == "open"
    decide(at, appeal.id, "accept", "Rekap baru sah", "91,5")
    assert "Nilai 1.2 kini: 91,5%." in messages(at, "success")
    assert review(w)["1.2"].verified == Decimal("91.5")


def test_a_text_appeal_takes_points(world: World) -> None:
    w = world
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.kominfo, "Inovasi sudah berjalan",
                         question_code="2.1")
    at = open_page(w.verifier)
    field = appeal_value(at, appeal.id)
    assert field.value == ""  # no points yet
    assert "poin 0 sampai 5" in field.help
    decide(at, appeal.id, "accept", "Bukti layanan WA terlampir", "4,5")
    assert "Nilai 2.1 kini: 4,5 poin." in messages(at, "success")
    assert review(w)["2.1"].verified == Decimal("4.5")
