"""Current results as a projection of the history: after any sequence of writes, the
stored results (maintained one badan publik at a time, in each write's transaction) equal
rebuilding them from the history — on SQLite and on PostgreSQL, also when two writers
change the same badan publik at the same moment."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from monev.bodies import register_body, set_participation
from monev.bonuses import record_bonus, withdraw_bonus
from monev.cycles import load_cycle, methodology_of
from monev.errors import ServiceError
from monev.outcomes import inputs, projection
from monev.outcomes.records import record_of
from monev.outcomes.results import compute_results
from monev.panel import record_panel_score, withdraw_panel_score
from monev.permissions import SYSTEM
from monev.verification import verify_answer, withdraw_verification
from storage.db import Database
from storage.models import BadanPublik, Bonus, PanelScore, Verification
from tests.monev.test_dashboard import DESA, FULL, GOOD, POOR, World, make_world, submit


class _Rollback(Exception):
    pass


def maintained(db: Database, cycle_id: int) -> list[dict[str, Any]]:
    """The stored rows of the cycle, encoded (what a rebuild must reproduce)."""
    with db.read() as session:
        cycle = load_cycle(session, cycle_id)
        return sorted((projection.encode(e) for e in projection.stored(
            session, cycle, detail=True)), key=lambda r: r["badan_publik_id"])


def rebuilt(db: Database, cycle_id: int) -> list[dict[str, Any]]:
    """The rows a rebuild from the history writes (rolled back afterwards)."""
    rows: list[dict[str, Any]] = []
    try:
        with db.transaction() as session:
            cycle = load_cycle(session, cycle_id)
            projection.rebuild(session, cycle)
            rows = sorted((projection.encode(e) for e in projection.stored(
                session, cycle, detail=True)), key=lambda r: r["badan_publik_id"])
            raise _Rollback
    except _Rollback:
        pass
    return rows


def assert_projection_is_the_history(db: Database, cycle_id: int) -> None:
    assert maintained(db, cycle_id) == rebuilt(db, cycle_id)
    with db.read() as session:
        full = inputs.compute(session, load_cycle(session, cycle_id))
    assert [record_of(e.result) for e in compute_results(db, SYSTEM, cycle_id)] == \
        [record_of(e.result) for e in full]


def assert_read_again_is_read_afresh(db: Database, cycle_id: int) -> None:
    """What a read-only session gets through the process's kept results (only rows written
    since the last read decoded, only their categories ranked again) is a full read."""
    again = [record_of(e.result) for e in compute_results(db, SYSTEM, cycle_id)]
    with db.transaction() as session:  # a session that may write always reads every row
        cycle = load_cycle(session, cycle_id)
        afresh = [record_of(e.result) for e in projection.ranked(session, cycle)]
    assert again == afresh
    assert [record_of(e.result) for e in compute_results(db, SYSTEM, cycle_id)] == afresh


def _seq(db: Database, model: Any, **keys: Any) -> int:
    with db.read() as session:
        return session.scalar(select(func.coalesce(func.max(model.seq), 0)).filter_by(
            **keys)) or 0


def _random_answers(rng: random.Random, category: str) -> dict[str, Any]:
    if category == "desa":
        return dict(DESA) if rng.random() < 0.5 else {**DESA, "2.2": False}
    return dict(rng.choice((FULL, GOOD, POOR)))


def random_write(rng: random.Random, w: World, names: list[str]) -> str:
    """One random write of the kinds that change scores; returns what it did."""
    db, cycle_id, verifier = w.db, w.cycle_id, w.verifier
    name = rng.choice(names)
    body = w.bodies[name]
    category = "desa" if name.startswith("Desa") else "opd"
    question = rng.choice(("1.1", "1.2", "2.2" if category == "desa" else "2.1"))
    kind = rng.choice(("verify", "verify", "withdraw", "panel", "panel-withdraw", "bonus",
                       "bonus-withdraw", "submit", "participation", "register"))
    keys = {"cycle_id": cycle_id, "badan_publik_id": body}
    if kind == "verify":
        value = {"1.1": rng.choice(("Ya", "Tidak")), "2.2": rng.choice(("Ya", "Tidak")),
                 "1.2": rng.choice(([], ["a"], ["a", "b"], ["a", "b", "c"])),
                 "2.1": rng.choice((0, 1, 2))}[question]
        seq = _seq(db, Verification, question_code=question, **keys)
        verify_answer(db, verifier, cycle_id, body, question, value, "cek bukti",
                      expected_seq=seq)
    elif kind == "withdraw":
        seq = _seq(db, Verification, question_code=question, **keys)
        withdraw_verification(db, verifier, cycle_id, body, question, "salah baca",
                              expected_seq=seq)
    elif kind == "panel":
        juror = rng.choice(("j1", "j2"))
        seq = _seq(db, PanelScore, stage_code="panel", juror=juror, aspect="K", **keys)
        record_panel_score(db, verifier, cycle_id, body, "panel", juror, "K",
                           rng.randrange(0, 101), expected_seq=seq)
    elif kind == "panel-withdraw":
        juror = rng.choice(("j1", "j2"))
        seq = _seq(db, PanelScore, stage_code="panel", juror=juror, aspect="K", **keys)
        withdraw_panel_score(db, verifier, cycle_id, body, "panel", juror, "K", "ralat",
                             expected_seq=seq)
    elif kind == "bonus":
        seq = _seq(db, Bonus, code="hadir", **keys)
        record_bonus(db, verifier, cycle_id, body, "hadir",
                     Decimal(rng.randrange(-500, 501)) / 100, "pimpinan", expected_seq=seq)
    elif kind == "bonus-withdraw":
        seq = _seq(db, Bonus, code="hadir", **keys)
        withdraw_bonus(db, verifier, cycle_id, body, "hadir", "ralat", expected_seq=seq)
    elif kind == "submit":
        submit(db, cycle_id, body, _random_answers(rng, category))
    elif kind == "participation":
        with db.transaction() as session:
            set_participation(session, SYSTEM, load_cycle(session, cycle_id),
                              session.get(BadanPublik, body),
                              rng.choice(("registered", "submitted", "late", "not_submitted")))
    else:
        new = f"Dinas Baru {len(names)}"
        w.bodies[new] = register_body(db, SYSTEM, cycle_id, name=new, category="opd").id
        names.append(new)
    return f"{kind} {name} {question}"


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_keep_the_projection_equal_to_a_rebuild(db, mini_registry, seed):
    w = make_world(db, mini_registry)
    rng = random.Random(seed)
    names = sorted(w.bodies)
    done: list[str] = []
    for _ in range(30):
        try:
            done.append(random_write(rng, w, names))
        except ServiceError as refused:  # e.g. withdrawing what was never saved
            done.append(f"refused: {refused}")
            continue
        assert maintained(db, w.cycle_id) == rebuilt(db, w.cycle_id), done
        assert_read_again_is_read_afresh(db, w.cycle_id)
    assert_projection_is_the_history(db, w.cycle_id)
    assert_projection_is_the_history(db, w.previous_id)


def test_a_renamed_or_recategorised_body_is_scored_again(db, mini_registry):
    w = make_world(db, mini_registry)
    with db.transaction() as session:
        body = session.get(BadanPublik, w.bodies["Dinas C"])
        body.name = "Dinas C Baru"
        body.region = "Kec. Utara"
    assert_projection_is_the_history(db, w.cycle_id)
    with db.read() as session:
        [entry] = projection.stored(session, load_cycle(session, w.cycle_id),
                                    [w.bodies["Dinas C"]])
    assert (entry.result.badan_publik, entry.region) == ("Dinas C Baru", "Kec. Utara")


def test_a_new_cycle_starts_with_stored_results(db, mini_registry):
    w = make_world(db, mini_registry)
    with db.read() as session:
        cycle = load_cycle(session, w.cycle_id)
        assert projection.is_current(session, cycle)
        assert projection.state(session, cycle.id)[1] > 0
        assert methodology_of(cycle).id == "mini"


def _two_writers_at_once(db: Database, writes: list[Callable[[], Any]]) -> None:
    """Run `writes` in threads whose transactions have all flushed their history rows
    before any of them commits (so each one's scoring could miss the others')."""
    barrier = threading.Barrier(len(writes), timeout=20)
    errors: list[BaseException] = []

    def wait_for_the_others(session: Session, _context: Any) -> None:
        if any(isinstance(o, Verification) for o in session.new) and \
                not session.info.get("waited"):
            session.info["waited"] = True
            barrier.wait()

    def run(write: Callable[[], Any]) -> None:
        try:
            write()
        except BaseException as exc:  # reported below
            errors.append(exc)

    event.listen(Session, "after_flush", wait_for_the_others)
    try:
        threads = [threading.Thread(target=run, args=(write,)) for write in writes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        event.remove(Session, "after_flush", wait_for_the_others)
    assert not errors, errors


def test_two_verifikators_changing_one_body_at_once_leave_both_changes(
        postgres_url, mini_registry):
    """PostgreSQL lets both transactions run at once (SQLite serialises writers): each one
    scores the body before the other has committed, and the projection lock makes the
    second one score again after the first one's commit."""
    db = Database(postgres_url)
    try:
        w = make_world(db, mini_registry)
        body = w.bodies["Dinas B"]
        _two_writers_at_once(db, [
            lambda: verify_answer(db, w.verifier, w.cycle_id, body, "1.1", "Tidak",
                                  "DIP tidak ada", expected_seq=0),
            lambda: verify_answer(db, w.verifier, w.cycle_id, body, "2.1", 0,
                                  "SOP belum ditetapkan", expected_seq=0),
        ])
        assert maintained(db, w.cycle_id) == rebuilt(db, w.cycle_id)
        with db.read() as session:
            [entry] = projection.stored(session, load_cycle(session, w.cycle_id), [body],
                                        detail=True)
        assert set(entry.result.notes) == {"1.1", "2.1"}
    finally:
        db.dispose()


def test_files_stored_together_fall_back_one_by_one_when_their_transaction_fails(
        db, mini_registry, filled, monkeypatch):
    """Accepted files share a transaction (a savepoint each). When that transaction cannot
    commit — here scoring one badan publik's stored result fails — every file is stored
    again on its own: only the file at fault is refused, the others are stored with
    their results, and nothing of the failed file remains."""
    from monev.cycles import create_cycle
    from monev.imports import import_paths
    from storage.models import Submission

    cycle_id = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2025,
                            registry=mini_registry).id
    paths = [filled(f"{n}.xlsx", badan_publik=f"Dinas {n.upper()}") for n in "abc"]
    real = projection.score_bodies

    def failing_for_b(session, cycle, body_ids=None):  # type: ignore[no-untyped-def]
        scored = real(session, cycle, body_ids)
        if any(e.result.badan_publik == "Dinas B" for e in scored):
            raise RuntimeError("scoring failed")
        return scored

    monkeypatch.setattr(projection, "score_bodies", failing_for_b)
    report = import_paths(db, SYSTEM, cycle_id, paths)
    monkeypatch.setattr(projection, "score_bodies", real)
    assert [f.status.value for f in report.files] == ["accepted", "rejected", "accepted"]
    assert report.files[1].problems[0].code == "S509"
    with db.read() as session:
        names = set(session.scalars(select(BadanPublik.name).join(
            Submission, Submission.badan_publik_id == BadanPublik.id)))
    assert names == {"Dinas A", "Dinas C"}
    assert_projection_is_the_history(db, cycle_id)
    assert {r["name"] for r in maintained(db, cycle_id)} >= {"Dinas A", "Dinas C"}


def test_a_restored_cycle_has_its_stored_results(db, mini_registry, tmp_path):
    """A restore writes rows around the ORM; it computes the cycle's stored results in the
    same transaction, so the restored cycle reads as the original without a rebuild."""
    from monev.backup import backup_cycle, restore_cycle

    w = make_world(db, mini_registry)
    target = tmp_path / "cadangan.zip"
    backup_cycle(db, SYSTEM, w.cycle_id, target)
    restored = restore_cycle(db, SYSTEM, target, title="Pulihan 2025").cycle_id
    with db.read() as session:
        assert projection.is_current(session, load_cycle(session, restored))
    assert maintained(db, restored) != []
    assert_projection_is_the_history(db, restored)
    names = sorted(r["name"] for r in maintained(db, restored))
    assert names == sorted(r["name"] for r in maintained(db, w.cycle_id))


def test_results_read_again_after_a_rebuild_are_the_rebuilt_ones(db, mini_registry):
    """Rows damaged around the ORM are what `results rebuild` is for: once it has run,
    reading again (through the kept results of the process) gives the rebuilt rows."""
    from sqlalchemy import update

    from monev.outcomes.results import rebuild_results
    from storage.models import BodyResult

    w = make_world(db, mini_registry)
    before = [record_of(e.result) for e in compute_results(db, SYSTEM, w.cycle_id)]
    with db.transaction() as session:
        session.execute(update(BodyResult).where(BodyResult.cycle_id == w.cycle_id)
                        .values(summary={"i": [], "s": [], "sr": None, "sv": None,
                                         "b": None, "bs": [], "f": None, "fx": None,
                                         "p": None, "n": {}}, final=None))
    (rebuilt_cycle,) = rebuild_results(db, SYSTEM, w.cycle_id)
    assert rebuilt_cycle.differed > 0
    assert [record_of(e.result) for e in compute_results(db, SYSTEM, w.cycle_id)] == before
    assert_read_again_is_read_afresh(db, w.cycle_id)


def test_reading_again_after_one_change_decodes_only_that_row(db, mini_registry, monkeypatch):
    """A process that has read a cycle's results reads the rows written since, not the
    whole cycle again, and ranks only their category again — and gets the full read."""
    w = make_world(db, mini_registry)
    decoded: list[str] = []
    ranked_categories: list[set[str]] = []
    result, rank_entries = projection._Decoder.result, projection.rank_entries

    def counting_result(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        decoded.append(name)
        return result(self, name, *args, **kwargs)

    def counting_rank(entries, methodology):  # type: ignore[no-untyped-def]
        entries = list(entries)
        ranked_categories.append({e.result.category for e in entries})
        return rank_entries(entries, methodology)

    monkeypatch.setattr(projection._Decoder, "result", counting_result)
    monkeypatch.setattr(projection, "rank_entries", counting_rank)
    projection._KEPT.clear()
    first = compute_results(db, SYSTEM, w.cycle_id)
    assert sorted(decoded) == sorted(e.result.badan_publik for e in first)  # each row once
    decoded.clear()
    ranked_categories.clear()
    assert compute_results(db, SYSTEM, w.cycle_id)  # nothing written since: nothing read
    assert decoded == []
    assert ranked_categories == []
    verify_answer(db, w.verifier, w.cycle_id, w.bodies["Dinas A"], "1.1", "Tidak",
                  "DIP tidak ditemukan di situs", expected_seq=0)
    again = [record_of(e.result) for e in compute_results(db, SYSTEM, w.cycle_id)]
    assert decoded == ["Dinas A"]
    assert ranked_categories == [{"opd"}]
    assert_read_again_is_read_afresh(db, w.cycle_id)
    assert again == [record_of(e.result) for e in compute_results(db, SYSTEM, w.cycle_id)]
