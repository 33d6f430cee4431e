"""Saving the same verification twice is a no-op, never a conflict with oneself; a change
by someone else (or a different change by oneself) since the seq one saw still is.

On SQLite and PostgreSQL (the ``db`` fixture). The double click is also raced for real: two
threads of the same verifikator send the same save against the same seq together.
"""

from __future__ import annotations

import pytest

from monev.errors import Conflict
from monev.verification import verify_answer, withdraw_verification
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Verification
from tests.monev.test_concurrency import race
from tests.monev.test_evaluation import (  # noqa: F401 (fixture)
    World,
    _fast_hashing,
    count,
    make_world,
)


@pytest.fixture
def w(db: Database, mini_registry: Registry) -> World:
    return make_world(db, mini_registry)


def test_the_same_save_sent_twice_is_a_noop(w: World) -> None:
    first = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak",
                          "Tautan tidak dapat dibuka", expected_seq=0)
    again = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak",
                          " Tautan tidak dapat dibuka ", expected_seq=0)  # the same view
    assert first.changed
    assert not again.changed
    assert (again.seq, again.value, again.changed_by) == (1, False, "VERIF1")
    assert count(w.db, Verification) == 1
    # Values given as data or as text are the same value.
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.2", ["a"], "DPA tidak ada",
                  expected_seq=0)
    assert not verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.2", "a",
                             "DPA tidak ada", expected_seq=0).changed
    assert count(w.db, Verification) == 2


def test_a_withdrawal_sent_twice_is_a_noop(w: World) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "x", expected_seq=0)
    withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Salah input",
                          expected_seq=1)
    again = withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Salah input",
                                  expected_seq=1)
    assert (again.changed, again.withdrawn, again.seq) == (False, True, 2)
    assert count(w.db, Verification) == 2


@pytest.mark.parametrize(("who", "value", "reason"), [
    ("verifier2", "Tidak", "Tautan tidak dapat dibuka"),  # someone else, the same save
    ("verifier", "Ya", "Tautan tidak dapat dibuka"),  # oneself, another value
    ("verifier", "Tidak", "Dokumen tidak sesuai"),  # oneself, another reason
])
def test_anything_else_since_is_still_a_conflict(w: World, who: str, value: str,
                                                 reason: str) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak",
                  "Tautan tidak dapat dibuka", expected_seq=0)
    with pytest.raises(Conflict) as caught:
        verify_answer(w.db, getattr(w, who), w.cycle_id, w.opd, "1.1", value, reason,
                      expected_seq=0)
    assert (caught.value.current, caught.value.current_seq) == (False, 1)
    assert caught.value.changed_by == "VERIF1"
    assert count(w.db, Verification) == 1


def test_two_rows_since_is_a_conflict_even_when_the_last_is_the_same_save(w: World) -> None:
    verify_answer(w.db, w.verifier2, w.cycle_id, w.opd, "1.1", "Ya", "DIP ada",
                  expected_seq=0)
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "Tautan mati",
                  expected_seq=1)
    with pytest.raises(Conflict):  # a view from before verif2's save: it never saw it
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "Tautan mati",
                      expected_seq=0)


def test_a_raced_double_click_saves_once_and_reports_no_conflict(w: World) -> None:
    for round_, value in enumerate(("Tidak", "Ya", "Tidak")):
        outcomes = race(2, lambda _i, seq=round_, value=value: verify_answer(
            w.db, w.verifier, w.cycle_id, w.opd, "1.1", value, f"klik ganda {seq}",
            expected_seq=seq))
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert sorted(info.changed for _, info in outcomes) == [False, True]
        assert {info.seq for _, info in outcomes} == {round_ + 1}
        assert count(w.db, Verification) == round_ + 1
