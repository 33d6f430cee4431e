"""No lost edits: real concurrent sessions on SQLite and on PostgreSQL.

Each thread calls the service, which opens its own session (its own connection) from the
same :class:`Database`. A :class:`threading.Barrier` releases the threads together, so they
save from the same stale view. Exactly one wins; every other one gets a Conflict naming the
winner's value, and the history gains exactly one row. The deterministic tests hold a
transaction open in the main thread to force the interleavings that matter: a stale read
that then collides on ``UNIQUE(…, seq)`` (PostgreSQL), and a lock or publication committed
while a verification is under way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import select, text

from monev import bonuses, history, panel, verification
from monev.appeals import decide_appeal, file_appeal
from monev.bonuses import record_bonus
from monev.errors import Conflict, StageLocked
from monev.panel import panel_scores, record_panel_score
from monev.review import KIND_VERIFICATION, answer_history
from monev.verification import verify_answer, withdraw_verification
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Appeal, Bonus, Cycle, PanelScore, StageState, Verification
from tests.monev.test_evaluation import (  # noqa: F401 (fixture)
    World,
    _fast_hashing,
    count,
    make_world,
)


@pytest.fixture
def w(db: Database, mini_registry: Registry) -> World:
    return make_world(db, mini_registry)


def race(n: int, action: Callable[[int], Any]) -> list[tuple[str, Any]]:
    """Run action(0…n-1) in n threads released together; ("ok", result) or ("conflict",
    the Conflict) per thread. Any other exception fails the test."""
    barrier = threading.Barrier(n)

    def run(i: int) -> tuple[str, Any]:
        barrier.wait(timeout=30)
        try:
            return "ok", action(i)
        except Conflict as exc:
            return "conflict", exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def split(outcomes: list[tuple[str, Any]]) -> tuple[Any, list[Conflict]]:
    winners = [r for kind, r in outcomes if kind == "ok"]
    losers = [r for kind, r in outcomes if kind == "conflict"]
    assert len(winners) == 1, outcomes
    assert len(losers) == len(outcomes) - 1
    return winners[0], losers


def wait_until_blocked(db: Database, future: Future[Any], timeout: float = 15) -> None:
    """Return once the other session waits on a lock held by the main thread."""
    if db.dialect != "postgresql":
        time.sleep(0.4)  # SQLite: it queues on BEGIN IMMEDIATE; nothing to observe
        assert not future.done(), future.result()
        return
    deadline = time.monotonic() + timeout
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"))
            conn.rollback()  # activity statistics are a snapshot per transaction
            if waiting:
                return
            assert not future.done(), future.result()
            time.sleep(0.01)
    raise AssertionError("the other session never waited for the lock")


# -- verifications ----------------------------------------------------------------------------


def test_two_verifikators_save_the_same_answer(w: World) -> None:
    """Both saw seq n and save different values: one wins, the other is told who and what."""
    actors = (w.verifier, w.verifier2)
    values = ("Tidak", "Ya")
    for round_ in range(4):
        seq = round_
        rows_before = count(w.db, Verification)

        def save(i: int, seq: int = seq, round_: int = round_) -> Any:
            value = values[(i + round_) % 2]
            return verify_answer(w.db, actors[i], w.cycle_id, w.opd, "1.1", value,
                                 f"ronde {round_} oleh {i}", expected_seq=seq)

        winner, (loser,) = split(race(2, save))
        assert winner.seq == seq + 1
        assert loser.current == winner.value
        assert loser.attempted is (not winner.value)
        assert loser.current_seq == seq + 1
        assert loser.changed_by == winner.changed_by
        assert count(w.db, Verification) == rows_before + 1
    history = answer_history(w.db, w.official, w.cycle_id, w.opd, "1.1")
    verifications = [h for h in history if h.kind == KIND_VERIFICATION]
    assert [h.seq for h in verifications] == [1, 2, 3, 4]
    # Each row's old value is the value the previous winner saved: no edit was lost.
    for before, after in pairwise(verifications):
        assert after.old_value == before.value


def test_eight_sessions_one_winner(w: World) -> None:
    subsets = [frozenset(s) for s in ((), "a", "b", "c", "ab", "ac", "bc", "abc")]

    def save(i: int) -> Any:
        return verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.2", subsets[i],
                             f"versi {i}", expected_seq=0)

    winner, losers = split(race(len(subsets), save))
    assert all(c.current == winner.value and c.current_seq == 1 for c in losers)
    assert count(w.db, Verification) == 1


def test_stale_read_collides_on_the_unique_seq(w: World,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The other session reads seq 0 while the main thread's seq 1 is not yet committed.

    On PostgreSQL its insert of seq 1 waits on the unique index and then fails; the failure
    is reported as a Conflict naming the committed value. On SQLite it waits on BEGIN
    IMMEDIATE and then sees seq 1 directly.
    """
    calls: list[int] = []
    real_raced = history.raced

    def spy(*args: Any, **kwargs: Any) -> Conflict:
        calls.append(1)
        return real_raced(*args, **kwargs)

    monkeypatch.setattr(history, "raced", spy)
    with ThreadPoolExecutor(1) as pool, w.db.transaction() as session:
        session.add(Verification(cycle_id=w.cycle_id, badan_publik_id=w.opd,
                                 question_code="1.1", seq=1, value=False, old_value=True,
                                 reason="tidak ada DIP", created_by_id=w.verifier2.id))
        session.flush()
        future = pool.submit(verify_answer, w.db, w.verifier, w.cycle_id, w.opd, "1.1",
                             "Ya", expected_seq=0)
        wait_until_blocked(w.db, future)
    with pytest.raises(Conflict) as caught:
        future.result(timeout=30)
    assert caught.value.current is False
    assert caught.value.attempted is True
    assert caught.value.current_seq == 1
    assert caught.value.changed_by == "VERIF2"
    assert count(w.db, Verification) == 1
    assert len(calls) == (1 if w.db.dialect == "postgresql" else 0)


def test_exception_inside_verification_leaves_nothing(w: World,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The row was flushed to the database; the failure after it rolls everything back."""

    def fail(session: Any, row: Verification, *args: Any, **kwargs: Any) -> Any:
        assert session.scalar(select(Verification.id).where(Verification.id == row.id))
        raise RuntimeError("koneksi terputus")

    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "2.1", 0, "SOP belum ada",
                  expected_seq=0)
    monkeypatch.setattr(verification, "_verification_info", fail)
    with pytest.raises(RuntimeError, match="koneksi terputus"):
        verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "x", expected_seq=0)
    with pytest.raises(RuntimeError, match="koneksi terputus"):
        withdraw_verification(w.db, w.verifier, w.cycle_id, w.opd, "2.1", "x", expected_seq=1)
    monkeypatch.undo()
    assert count(w.db, Verification) == 1
    history = answer_history(w.db, w.verifier, w.cycle_id, w.opd, "1.1")
    assert [h.kind for h in history] == ["jawaban_mandiri"]
    # Nothing half-written blocks the next save: seq 0 is still the current view.
    info = verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "x",
                         expected_seq=0)
    assert info.seq == 1


def test_lock_committed_during_verification_is_respected(w: World) -> None:
    """A stage lock committed while a verification waits is seen by it (FOR SHARE)."""
    with ThreadPoolExecutor(1) as pool, w.db.transaction() as session:
        state = session.scalars(select(StageState).where(
            StageState.cycle_id == w.cycle_id, StageState.stage_code == "saq")).one()
        state.locked = True
        session.flush()
        future = pool.submit(verify_answer, w.db, w.verifier, w.cycle_id, w.opd, "1.1",
                             "Tidak", "x", expected_seq=0)
        wait_until_blocked(w.db, future)
    with pytest.raises(StageLocked):
        future.result(timeout=30)
    assert count(w.db, Verification) == 0


def test_publication_committed_during_verification_is_respected(w: World) -> None:
    with ThreadPoolExecutor(1) as pool, w.db.transaction() as session:
        cycle = session.get(Cycle, w.cycle_id)
        assert cycle is not None
        cycle.status = "published"
        session.flush()
        future = pool.submit(verify_answer, w.db, w.verifier, w.cycle_id, w.opd, "1.1",
                             "Tidak", "x", expected_seq=0)
        wait_until_blocked(w.db, future)
    with pytest.raises(StageLocked, match="sudah ditetapkan"):
        future.result(timeout=30)
    assert count(w.db, Verification) == 0


# -- panel scores and bonuses ---------------------------------------------------------------


def test_two_sessions_save_the_same_panel_score(w: World) -> None:
    scores = (Decimal("75.00"), Decimal("82.50"))

    def save(i: int) -> Any:
        return record_panel_score(w.db, (w.verifier, w.verifier2)[i], w.cycle_id, w.opd,
                                  "panel", "Juri A", "K", scores[i], expected_seq=0)

    winner, (loser,) = split(race(2, save))
    assert loser.current == winner.score
    assert loser.attempted == scores[1 - scores.index(winner.score)]
    assert loser.current_seq == 1
    assert count(w.db, PanelScore) == 1
    (current,) = panel_scores(w.db, w.official, w.cycle_id, w.opd)
    assert (current.score, current.seq) == (winner.score, 1)


def test_panel_scores_of_different_jurors_do_not_conflict(w: World) -> None:
    def save(i: int) -> Any:
        return record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", f"Juri {i}",
                                  "K", 70 + i, expected_seq=0)

    outcomes = race(4, save)
    assert [kind for kind, _ in outcomes] == ["ok"] * 4
    assert count(w.db, PanelScore) == 4


def test_exception_inside_panel_score_leaves_nothing(w: World,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("gagal")

    monkeypatch.setattr(panel, "_panel_info", fail)
    monkeypatch.setattr(bonuses, "_bonus_info", fail)
    with pytest.raises(RuntimeError):
        record_panel_score(w.db, w.verifier, w.cycle_id, w.opd, "panel", "Juri A", "K", 80,
                           expected_seq=0)
    with pytest.raises(RuntimeError):
        record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "hadir", 2, "x", expected_seq=0)
    assert (count(w.db, PanelScore), count(w.db, Bonus)) == (0, 0)


def test_two_sessions_save_the_same_bonus(w: World) -> None:
    def save(i: int) -> Any:
        return record_bonus(w.db, w.verifier, w.cycle_id, w.opd, "kehadiran", i + 1,
                            f"alasan {i}", expected_seq=0)

    winner, (loser,) = split(race(2, save))
    assert loser.current == winner.points
    assert count(w.db, Bonus) == 1


# -- appeals ----------------------------------------------------------------------------------


def test_two_evaluators_decide_the_same_appeal(w: World) -> None:
    verify_answer(w.db, w.verifier, w.cycle_id, w.opd, "1.1", "Tidak", "Tautan mati",
                  expected_seq=0)
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "DIP ada",
                         question_code="1.1")

    def decide(i: int) -> Any:
        if i == 0:
            return decide_appeal(w.db, w.verifier, appeal.id, True, "Terbukti",
                                 new_value="Ya", expected_version=1)
        return decide_appeal(w.db, w.verifier2, appeal.id, False, "Tidak terbukti",
                             expected_version=1)

    winner, (loser,) = split(race(2, decide))
    assert loser.current == winner.status
    assert loser.current_seq == 2
    with w.db.read() as session:
        stored = session.get(Appeal, appeal.id)
        assert stored is not None
        assert (stored.status, stored.version) == (winner.status, 2)
    assert count(w.db, Verification) == (2 if winner.status == "accepted" else 1)


def test_appeal_decision_and_verifikator_race_on_the_same_answer(w: World) -> None:
    """An accepted appeal and a plain verification of the same answer: both land in order
    or one is refused — never two rows with the same seq, never a lost value."""
    appeal = file_appeal(w.db, w.coordinator, w.cycle_id, w.opd, "SOP ditetapkan",
                         question_code="2.1")

    def act(i: int) -> Any:
        if i == 0:
            return decide_appeal(w.db, w.verifier, appeal.id, True, "SK terlampir",
                                 new_value=2, expected_version=1)
        return verify_answer(w.db, w.verifier2, w.cycle_id, w.opd, "2.1", 0, "Tidak ada SOP",
                             expected_seq=0)

    outcomes = race(2, act)
    with w.db.read() as session:
        rows = session.scalars(select(Verification).where(
            Verification.question_code == "2.1").order_by(Verification.seq)).all()
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
        for before, after in pairwise(rows):
            assert after.old_value == before.value
        appeal_row = session.get(Appeal, appeal.id)
        assert appeal_row is not None
    kinds = [kind for kind, _ in outcomes]
    assert len(rows) == kinds.count("ok")
    assert (appeal_row.status == "accepted") == (kinds[0] == "ok")
