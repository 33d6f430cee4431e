"""Deciding an appeal (Verifikasi & Panel › Sanggah) through AppTest on a real SQLite database:
the answer's value is picked with the review workspace's control for its answer type — the
items of a checklist as pills, a level as radio buttons, a number typed with a decimal comma
— starting from the current value, refused the way a verdict is, and a value left as it was
is not a new value. Number and text questions: tests/ui/test_appeal_decision_numbers.py.

The world and helpers are those of tests/ui/test_evaluator_page.py (mini methodology).
"""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from monev.appeals import file_appeal, list_appeals
from monev.permissions import SYSTEM
from monev.verification import verify_answer
from tests.ui import test_evaluator_page as evaluator_page
from tests.ui.test_evaluator_page import World, messages, open_page, review

template, world = evaluator_page.template, evaluator_page.world  # the mini world


def appeal_value(at: AppTest, appeal_id: int) -> Any:
    """The value control of appeal `appeal_id`'s form (keyed by the answer's seq)."""
    found = [w for w in (*at.radio, *at.pills, *at.text_input)
             if w.key and w.key.startswith(f"eval_appeal_value_{appeal_id}_")]
    assert len(found) == 1, [w.key for w in found]
    return found[0]


def decide(at: AppTest, appeal_id: int, decision: str, reason: str, value: Any = None) -> None:
    at.radio(key=f"eval_appeal_decision_{appeal_id}").set_value(decision)
    if value is not None:
        control = appeal_value(at, appeal_id)
        if hasattr(control, "input"):
            control.input(value)
        else:
            control.set_value(value)
    at.text_area(key=f"eval_appeal_reason_{appeal_id}").input(reason)
    at.button(key=f"eval_appeal_save_{appeal_id}").click().run()
    assert not at.exception, at.exception


def test_a_checklist_appeal_is_decided_by_picking_items(world: World) -> None:
    appeal = file_appeal(world.db, world.coordinator, world.cycle_id, world.kominfo,
                         "LRA ada di situs", question_code="1.2")
    at = open_page(world.verifier)
    pills = appeal_value(at, appeal.id)
    # The workspace's pills, one per item as the answer type shows it, from the current value
    assert pills.options == ["a (RKA)", "b (DPA)", "c (LRA)"]
    assert sorted(pills.value) == ["a", "b"]
    assert pills.label == "Nilai jawaban bila sanggah diterima"
    assert "nilai saat ini (a (RKA), b (DPA))" in pills.help
    assert "Butir yang benar-benar ada" in pills.help  # the answer type's own help
    assert not any(w.key.startswith(f"eval_appeal_value_{appeal.id}") for w in at.text_input)
    decide(at, appeal.id, "accept", "LRA terverifikasi", ["a", "b", "c"])
    assert "Sanggah #1 diputus: Diterima. Nilai 1.2 kini: a (RKA), b (DPA), c (LRA)." in \
        messages(at, "success")
    assert review(world)["1.2"].verified == frozenset({"a", "b", "c"})
    assert [a.status for a in list_appeals(world.db, SYSTEM, world.cycle_id)] == ["accepted"]


def test_a_value_left_as_it_was_is_not_a_new_value(world: World) -> None:
    verify_answer(world.db, world.verifier, world.cycle_id, world.kominfo, "1.2", ["a"],
                  "DPA tidak ada", expected_seq=0)
    appeal = file_appeal(world.db, world.coordinator, world.cycle_id, world.kominfo,
                         "DPA ada", question_code="1.2")
    at = open_page(world.verifier2)
    assert appeal_value(at, appeal.id).value == ["a"]  # the verified value, not the reported
    decide(at, appeal.id, "accept", "Sebagian terbukti")
    assert "Sanggah #1 diputus: Diterima. Nilai 1.2 tidak diubah." in messages(at, "success")
    row = review(world)["1.2"]
    assert (row.verified, row.seq) == (frozenset({"a"}), 1)  # no verification written


def test_a_rejected_appeal_with_a_changed_value_is_refused(world: World) -> None:
    appeal = file_appeal(world.db, world.coordinator, world.cycle_id, world.kominfo,
                         "SOP sudah ditetapkan", question_code="2.1")
    at = open_page(world.verifier)
    levels = appeal_value(at, appeal.id)
    assert levels.options == ["0 – Tidak ada", "1 – Draf", "2 – Ditetapkan"]  # radio
    assert levels.value == "1"
    decide(at, appeal.id, "reject", "Tidak terbukti", "2")
    assert "Nilai baru hanya dapat diberikan bila sanggah diterima." in messages(at, "error")
    assert list_appeals(world.db, SYSTEM, world.cycle_id)[0].status == "open"
    decide(at, appeal.id, "accept", "SK penetapan terlampir", "2")
    assert "Nilai 2.1 kini: 2 – Ditetapkan." in messages(at, "success")
    assert review(world)["2.1"].verified == 2
