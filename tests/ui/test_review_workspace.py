"""The review workspace through AppTest (mini methodology, real SQLite): the list of
questions with their states and a filter, previous/next, confirming, changing with a quick
reason and seeing the new score (the stored result), the same save twice as a no-op while
someone else's save is still a conflict, the cycle-wide appeals count and each
verifikator's progress.

The world and the helpers are those of tests/ui/test_evaluator_page.py.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from monev.appeals import file_appeal
from monev.permissions import SYSTEM
from monev.review import body_outcome
from monev.verification import verify_answer
from storage.models import Verification
from tests.conftest import MINI_OPD_EVIDENCE
from tests.monev.test_evaluation import add_submission, count
from tests.ui import test_evaluator_page as evaluator_page
from tests.ui.test_evaluator_page import (
    World,
    at_the_verdict,
    control,
    current,
    go_to,
    messages,
    open_page,
    question_list,
    review,
    verdict,
    ws_key,
)
from ui.format import score
from ui.text import t

UNCHECKED, CONFIRMED, CHANGED = (":gray[○ Belum diperiksa]", ":green[✓ Dikonfirmasi]",
                                 ":orange[✎ Diubah]")
STALE, APPEALED = ":red[⚠ Berubah sejak diverifikasi]", ":violet[⚑ Disanggah]"

template, world = evaluator_page.template, evaluator_page.world  # the page tests' fixtures


def final_score(world: World) -> str:
    """Dinas Kominfo's current final score as stored, as the page writes it."""
    return score(body_outcome(world.db, SYSTEM, world.cycle_id, world.kominfo).final)


def progress(at: AppTest) -> str:
    """The body's progress, as written above its bar."""
    return str(at.get("progress")[0].proto.text)


def show(at: AppTest, world: World, state: str) -> None:
    """Pick a filter of the question list."""
    at.segmented_control(key=ws_key(world, "filter")).set_value(state).run()
    assert not at.exception, at.exception


def test_states_and_filter(world: World) -> None:
    verify_answer(world.db, world.verifier, world.cycle_id, world.kominfo, "1.1", "Ya",
                  expected_seq=0)  # confirmed
    verify_answer(world.db, world.verifier, world.cycle_id, world.kominfo, "1.2", ["a"],
                  "DPA tidak ada", expected_seq=0)  # changed
    file_appeal(world.db, world.coordinator, world.cycle_id, world.kominfo, "DPA ada",
                question_code="1.2")
    at = open_page(world.verifier2)
    assert question_list(at, world) == {"1.1": CONFIRMED, "1.2": f"{APPEALED} · {CHANGED}",
                                        "2.1": UNCHECKED}
    labels = at.segmented_control(key=ws_key(world, "filter")).options
    assert labels == ["Semua (3)", "○ Belum diperiksa (1)", "✓ Dikonfirmasi (1)",
                      "✎ Diubah (1)",
                      # ⚠ is an emoji: Streamlit shows it as the option's icon
                      "Berubah sejak diverifikasi (0)", "⚑ Disanggah (1)"]
    assert progress(at) == "2 dari 3 pertanyaan diperiksa"
    show(at, world, "appealed")
    assert list(question_list(at, world)) == ["1.2"]
    assert current(at, world) == "1.2"  # the first question of the filter
    assert "Sanggah #1" in messages(at, "markdown")  # the open appeal, in the card
    assert "DPA ada" in [e.value for e in at.text]
    show(at, world, "unchecked")
    assert list(question_list(at, world)) == ["2.1"]
    show(at, world, "stale")
    assert "Tidak ada pertanyaan dengan status ini." in messages(at, "info")
    # A re-upload with another answer: confirmed becomes changed since verified.
    add_submission(world.db, world.cycle_id, world.kominfo,
                   {"1.1": False, "1.2": frozenset({"a", "b"}), "2.1": 1}, MINI_OPD_EVIDENCE)
    at = open_page(world.verifier2)
    assert question_list(at, world)["1.1"] == STALE
    assert progress(at) == "2 dari 3 pertanyaan diperiksa"


def test_next_and_previous_move_through_the_filtered_list(world: World) -> None:
    at = open_page(world.verifier)
    prev, next_ = f"ws_prev_{world.kominfo}", f"ws_next_{world.kominfo}"
    assert at.button(key=prev).disabled
    assert "Pertanyaan 1 dari 3" in messages(at, "markdown")
    at.button(key=next_).click().run()
    assert current(at, world) == "1.2"
    assert "Pertanyaan 2 dari 3" in messages(at, "markdown")
    assert "Kelengkapan" in messages(at, "markdown")  # the question's text, in hand
    at.button(key=f"ws_next_below_{world.kominfo}").click().run()  # the one by the buttons
    assert current(at, world) == "2.1"
    assert at.button(key=next_).disabled
    at.button(key=prev).click().run()
    assert current(at, world) == "1.2"
    # Within a filter: only the questions shown (as read again: someone else checked 1.2).
    verify_answer(world.db, world.verifier2, world.cycle_id, world.kominfo, "1.2", ["a", "b"],
                  expected_seq=0)
    assert question_list(at, world)["1.2"] == UNCHECKED  # as loaded
    at.button(key=f"ws_reload_{world.kominfo}").click().run()
    assert question_list(at, world)["1.2"] == CONFIRMED
    show(at, world, "unchecked")
    assert list(question_list(at, world)) == ["1.1", "2.1"]
    assert current(at, world) == "1.1"
    at.button(key=next_).click().run()
    assert current(at, world) == "2.1"
    assert "Pertanyaan 2 dari 2" in messages(at, "markdown")


def test_confirming_shows_the_outcome_and_the_score_by_the_button(world: World) -> None:
    at = open_page(world.verifier)
    verdict(at, world, "1.1", confirm=True)
    success = at_the_verdict(at, world, "success")
    assert "**1.1** tersimpan: Ya." in success
    assert t("eval.ws.score_same", body="Dinas Kominfo", after=final_score(world),
             predicate=body_outcome(world.db, SYSTEM, world.cycle_id,
                                    world.kominfo).predicate) in success
    assert review(world)["1.1"].verified is True
    assert question_list(at, world)["1.1"] == CONFIRMED
    assert not messages(at, "warning")
    # The success is shown once, by the buttons, not at the top of the tab.
    assert messages(at, "success") == success


def test_changing_with_a_quick_reason_shows_the_new_score(world: World) -> None:
    at = open_page(world.verifier)
    before = final_score(world)
    go_to(at, world, "2.1")
    assert control(at, "value", world, "2.1").value == "1"  # shown as "1 – Draf"
    quick = control(at, "quick", world, "2.1")
    assert quick.options == ["Tautan tidak dapat dibuka", "Dokumen tidak sesuai",
                             "Dokumen kedaluwarsa"]
    verdict(at, world, "2.1", "0", quick="Dokumen kedaluwarsa", reason="SK tahun 2019")
    row = review(world)["2.1"]
    assert (row.verified, row.reason) == (0, "Dokumen kedaluwarsa: SK tahun 2019")
    after = final_score(world)
    assert after != before
    success = at_the_verdict(at, world, "success")
    assert "**2.1** tersimpan: 0 – Tidak ada." in success
    assert f"kini **{after}**" in success
    assert f"sebelumnya {before}" in success
    assert at.metric[0].value == after  # the stored result, shown above the list
    assert question_list(at, world)["2.1"] == CHANGED
    # A quick reason alone is a reason.
    go_to(at, world, "1.1")
    verdict(at, world, "1.1", "Tidak", quick="Tautan tidak dapat dibuka")
    assert review(world)["1.1"].reason == "Tautan tidak dapat dibuka"


def test_the_same_save_twice_is_a_noop_never_a_conflict(world: World) -> None:
    at = open_page(world.verifier)
    shown = at.session_state[ws_key(world, "rows")]  # the view the first click was made on
    verdict(at, world, "1.1", "Tidak", quick="Tautan tidak dapat dibuka")
    assert "**1.1** tersimpan: Tidak." in at_the_verdict(at, world, "success")
    # Clicked again: the controls now hold the stored value.
    at.button(key=f"ws_save_{world.kominfo}_1.1").click().run()
    assert "Tidak ada yang berubah" in at_the_verdict(at, world, "info")
    # A double click's second click, made on the view before the first one was saved.
    at.session_state[ws_key(world, "rows")] = shown
    at.run()
    verdict(at, world, "1.1", "Tidak", quick="Tautan tidak dapat dibuka")
    assert "Tidak ada yang berubah" in at_the_verdict(at, world, "info")
    assert not messages(at, "warning")
    assert "lebih dulu" not in messages(at, "markdown")
    assert count(world.db, Verification) == 1


def test_a_save_by_someone_else_is_still_a_conflict(world: World) -> None:
    at = open_page(world.verifier)
    # Another verifikator saves the very same value and reason first.
    verify_answer(world.db, world.verifier2, world.cycle_id, world.kominfo, "1.1", "Tidak",
                  "Tautan tidak dapat dibuka", expected_seq=0)
    verdict(at, world, "1.1", "Tidak", quick="Tautan tidak dapat dibuka")
    warning = at_the_verdict(at, world, "warning")
    assert "disimpan lebih dulu oleh VERIF2 pada" in warning
    assert "nilai mereka **Tidak**; nilai Anda **Tidak**" in warning
    assert at.button(key=f"eval_keep_{world.kominfo}_1.1")  # both choices offered
    assert at.button(key=f"eval_mine_{world.kominfo}_1.1")
    assert review(world)["1.1"].verified_by == "VERIF2"
    assert count(world.db, Verification) == 1


def test_appeals_tab_counts_the_whole_cycle_and_decisions_have_no_default(
        world: World) -> None:
    desa = next(b for b in list_bodies(world) if b != world.kominfo)
    file_appeal(world.db, SYSTEM, world.cycle_id, desa, "Hasil desa keliru")
    at = open_page(world.verifier)
    labels = [tab.label for tab in at.tabs]
    assert "Sanggah (1 terbuka di siklus ini)" in labels  # Desa Sukamaju's, not shown here
    assert "Tidak ada sanggah terbuka untuk Dinas Kominfo. 1 sanggah masih terbuka" in \
        messages(at, "info")
    at.toggle(key="eval_appeal_all").set_value(True).run()
    [radio] = [r for r in at.radio if r.key and r.key.startswith("eval_appeal_decision_")]
    assert radio.value is None
    file_appeal(world.db, world.coordinator, world.cycle_id, world.kominfo, "DIP ada",
                question_code="1.1")
    at = open_page(world.verifier)
    assert "Sanggah (2 terbuka di siklus ini)" in [tab.label for tab in at.tabs]


def test_progress_per_verifikator(world: World) -> None:
    at = open_page(world.verifier)
    assert "Belum ada jawaban yang diverifikasi" in messages(at, "caption")
    for code, value in (("1.1", "Ya"), ("2.1", 1)):
        verify_answer(world.db, world.verifier, world.cycle_id, world.kominfo, code, value,
                      expected_seq=0)
    verify_answer(world.db, world.verifier2, world.cycle_id, world.kominfo, "1.2",
                  ["a", "b"], expected_seq=0)
    at = open_page(world.verifier)
    people = next(d.value for d in at.dataframe if "Verifikator" in d.value.columns)
    assert list(people["Verifikator"]) == ["VERIF1", "VERIF2"]
    assert list(people["Jawaban diperiksa"]) == [2, 1]
    assert list(people["Badan publik"]) == [1, 1]
    assert progress(at) == "3 dari 3 pertanyaan diperiksa"  # this body's progress


def test_the_question_in_hand_stays_listed_after_leaving_the_filter(world: World) -> None:
    at = open_page(world.verifier)
    show(at, world, "unchecked")
    verdict(at, world, "1.1", confirm=True)
    # 1.1 is no longer unchecked, but stays in hand with its message until moving on.
    assert current(at, world) == "1.1"
    assert list(question_list(at, world)) == ["1.1", "1.2", "2.1"]
    assert "**1.1** tersimpan: Ya." in at_the_verdict(at, world, "success")
    at.button(key=f"ws_next_{world.kominfo}").click().run()
    assert current(at, world) == "1.2"
    assert list(question_list(at, world)) == ["1.2", "2.1"]


def list_bodies(world: World) -> list[int]:
    from monev.bodies import list_bodies as bodies

    return [b.id for b in bodies(world.db, SYSTEM, world.cycle_id)]


def test_a_quick_reason_with_the_self_reported_value_is_not_saved(world: World) -> None:
    """A quick reason says why an answer is changed: with the self-reported value kept (or
    with Konfirmasi) nothing is saved and the verifikator is told to pick a new value."""
    at = open_page(world.verifier)
    go_to(at, world, "2.1")
    reported = control(at, "value", world, "2.1").value
    verdict(at, world, "2.1", reported, quick="Dokumen tidak sesuai")
    warning = at_the_verdict(at, world, "warning")
    assert "Belum disimpan: alasan 'Dokumen tidak sesuai' untuk mengubah jawaban" in warning
    assert review(world)["2.1"].verified is None  # nothing saved
    assert question_list(at, world)["2.1"] == UNCHECKED
    verdict(at, world, "2.1", quick="Dokumen tidak sesuai", confirm=True)
    assert review(world)["2.1"].verified is None
