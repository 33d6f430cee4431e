"""Results computed from the database equal the headless pipeline's, and publication
freezes them; non-participants keep their status instead of a silent 0."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from monev.accounts import add_user
from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.errors import PermissionDenied, StageLocked, UsageError
from monev.outcomes.publication import publish, published_records, reopen
from monev.outcomes.results import compute_results, cycle_records
from monev.permissions import SYSTEM, Actor, Role
from questionnaires.batch import read_batch
from scoring.engine import score_all
from scoring.inputs import Case
from scoring.ranking import rank
from storage.models import Answer, BadanPublik, Submission
from storage.queries import value_to_json

EVALUATOR = Actor(id=None, username="eva", role=Role.EVALUATOR)


def store(db, cycle_id: int, submission) -> None:
    """Store a read submission as the import service would (version 1)."""
    with db.transaction() as session:
        from monev.bodies import find_body

        body = find_body(session, "KI Uji", submission.badan_publik)
        row = Submission(cycle_id=cycle_id, badan_publik_id=body.id, version=1,
                         file_name=submission.source, sha256="x" * 64)
        session.add(row)
        session.flush()
        for code, answer in submission.answers.items():
            session.add(Answer(submission_id=row.id, question_code=code,
                               value=value_to_json(answer.value), evidence=answer.evidence))
        from monev.bodies import set_participation
        from monev.cycles import load_cycle
        set_participation(session, SYSTEM, load_cycle(session, cycle_id), body, "submitted")


@pytest.fixture
def cycle(db, mini_registry, filled):
    info = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2025,
                        registry=mini_registry)
    batch = read_batch([
        filled("a.xlsx", badan_publik="Dinas A"),
        filled("b.xlsx", badan_publik="Dinas B", answers={"1.1": "Tidak", "1.2": {"a"},
                                                          "2.1": 2}),
        filled("c.xlsx", badan_publik="Dinas C"),
    ], mini_registry)
    for s in batch.submissions:
        register_body(db, SYSTEM, info.id, name=s.badan_publik, category=s.category)
        store(db, info.id, s)
    register_body(db, SYSTEM, info.id, name="Dinas Diam", category="opd")
    return info, batch


def test_results_from_the_database_equal_the_headless_pipeline(db, cycle, mini):
    info, batch = cycle
    expected = rank(score_all([Case(s.badan_publik, s.category, submission=s)
                               for s in batch.submissions], mini), mini)
    stored = {r.result.badan_publik: r.result for r in compute_results(db, SYSTEM, info.id)}
    for want in expected:
        got = stored[want.badan_publik]
        assert (got.final, got.saq_verified, got.rank, got.predicate) == (
            want.final, want.saq_verified, want.rank, want.predicate)
        assert got.indicators == want.indicators


def test_non_participants_keep_their_status(db, cycle):
    info, _ = cycle
    records = {r["badan_publik"]: r for r in cycle_records(db, SYSTEM, info.id)}
    silent = records["Dinas Diam"]
    assert silent["status"] == "not_registered"
    assert silent["nilai_akhir"] is None
    assert silent["peringkat"] is None
    assert records["Dinas A"]["peringkat"] == 1
    assert records["Dinas C"]["peringkat"] == 1  # the same answers share the rank
    assert records["Dinas B"]["peringkat"] == 3


def test_publication_freezes_results_and_blocks_changes(db, cycle):
    info, _ = cycle
    before = cycle_records(db, SYSTEM, info.id)
    publication = publish(db, SYSTEM, info.id)
    assert publication.seq == 1
    assert publication.scored == 3
    assert published_records(db, EVALUATOR, info.id) == before
    with pytest.raises(UsageError):
        publish(db, SYSTEM, info.id)
    # a change after publication is refused until the cycle is reopened with a reason
    with db.transaction() as session:
        from monev.cycles import ensure_changeable, load_cycle
        with pytest.raises(StageLocked):
            ensure_changeable(session, load_cycle(session, info.id), "saq")
    with pytest.raises(UsageError):
        reopen(db, SYSTEM, info.id, reason=" ")
    reopen(db, SYSTEM, info.id, reason="Putusan pleno: sanggah Dinas B diterima")
    assert publish(db, SYSTEM, info.id).seq == 2
    assert published_records(db, SYSTEM, info.id, seq=1) == before


def test_coordinators_see_published_results_of_their_scope_only(db, cycle):
    info, _ = cycle
    with db.read() as session:
        from sqlalchemy import select
        body_a = session.scalar(select(BadanPublik.id).where(BadanPublik.name == "Dinas A"))
    add_user(db, SYSTEM, username="koor", password="Rahasia-Uji-2025!", role="koordinator",
             scope=[body_a])
    coordinator = Actor(id=None, username="koor", role=Role.COORDINATOR,
                        scope=frozenset({body_a}))
    with pytest.raises(PermissionDenied):
        cycle_records(db, coordinator, info.id)
    publish(db, SYSTEM, info.id)
    records = cycle_records(db, coordinator, info.id)
    assert [r["badan_publik"] for r in records] == ["Dinas A"]
    assert records[0]["nilai_akhir"] == Decimal(records[0]["nilai_akhir"])


def test_rebuild_repairs_stored_results_and_says_what_it_fixed(db, cycle):
    """`results rebuild` (admins) writes every participant's stored result again from the
    history and counts the rows that were wrong; a second run finds nothing to fix."""
    import io

    from sqlalchemy import delete, update

    from monev.cli import main
    from monev.outcomes.results import rebuild_results
    from storage.models import BodyResult

    info, _ = cycle
    expected = cycle_records(db, SYSTEM, info.id)
    with db.transaction() as session:  # damage: one row lost, one row wrong
        body_a, body_b = sorted(session.scalars(select(BadanPublik.id).where(
            BadanPublik.name.in_(["Dinas A", "Dinas B"]))))
        session.execute(delete(BodyResult).where(BodyResult.badan_publik_id == body_a))
        session.execute(update(BodyResult).where(BodyResult.badan_publik_id == body_b)
                        .values(summary={"rusak": True}))
    with pytest.raises(PermissionDenied):
        rebuild_results(db, EVALUATOR, info.id)
    [done] = rebuild_results(db, SYSTEM, info.id)
    assert (done.cycle_id, done.rows, done.differed) == (info.id, 4, 2)
    assert cycle_records(db, SYSTEM, info.id) == expected
    out, err = io.StringIO(), io.StringIO()
    assert main(["results", "rebuild", "--cycle", str(info.id), "--database", db.url],
                out, err) == 0
    assert "4 badan publik dihitung ulang dari riwayat; sudah sesuai riwayat." in \
        out.getvalue()
