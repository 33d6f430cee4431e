"""Importing batches into a cycle: one transaction per file, versions, scope, locks, lateness.

Every test runs against SQLite and a real PostgreSQL (the `db` fixture).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import monev.imports as imports_module
from monev.accounts import actor_for, add_user
from monev.bodies import register_body
from monev.clock import today
from monev.cycles import create_cycle, set_deadline, set_lock
from monev.errors import PermissionDenied
from monev.history import current_submissions
from monev.imports import ImportStatus, import_batch, import_paths
from monev.permissions import SYSTEM, Actor
from questionnaires.loader import presets
from questionnaires.sources import Source
from storage.db import Database
from storage.models import (
    Answer,
    BadanPublik,
    Event,
    Participation,
    StageState,
    Submission,
)
from storage.queries import answers_of, value_from_json
from tests.conftest import zip_of


@pytest.fixture
def cycle_id(db: Database, mini_registry) -> int:
    return create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Test", year=2025,
                        registry=mini_registry).id


def count(db: Database, model, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def body_named(db: Database, name: str) -> BadanPublik | None:
    with db.read() as session:
        return session.scalar(select(BadanPublik).where(BadanPublik.name == name))


def status_of(db: Database, cycle_id: int, body_id: int) -> str | None:
    with db.read() as session:
        return session.scalar(select(Participation.status).where(
            Participation.cycle_id == cycle_id, Participation.badan_publik_id == body_id))


def coordinator(db: Database, scope: list[int], username: str = "koor") -> Actor:
    add_user(db, SYSTEM, username=username, password="Rahasia-Uji-2025!", role="koordinator",
             display_name="Koordinator", scope=scope)
    return actor_for(db, username)


def register(db: Database, cycle_id: int, name: str, category: str = "opd",
             aliases: tuple[str, ...] = ()) -> int:
    return register_body(db, SYSTEM, cycle_id, name=name, category=category,
                         aliases=aliases).id


def codes(report) -> list[list[str]]:
    return [[p.code for p in f.errors] for f in report.files]


# -- batches and transactions ------------------------------------------------------------


def test_good_files_are_stored_and_report_lists_each(db, cycle_id, filled):
    a = filled("a.xlsx", badan_publik="Dinas A")
    b = filled("b.xlsx", badan_publik="Dinas B", answers={"1.1": "Ya", "2.1": 2})
    report = import_paths(db, SYSTEM, cycle_id, [a, b])
    assert [(f.name, f.status, f.badan_publik, f.version) for f in report.files] == [
        ("a.xlsx", ImportStatus.ACCEPTED, "Dinas A", 1),
        ("b.xlsx", ImportStatus.ACCEPTED, "Dinas B", 1)]
    assert report.ok
    assert len(report.stored) == 2
    assert all(len(f.sha256) == 64 for f in report.files)
    assert count(db, Submission) == 2
    body_b = body_named(db, "Dinas B").id
    with db.read() as session:
        sub = current_submissions(session, cycle_id)[body_b]
        assert sub.file_name == "b.xlsx"
        assert sub.uploaded_by_id is None  # SYSTEM
        assert sub.uploaded_at is not None
        answers = {a.question_code: value_from_json(a.value) for a in answers_of(
            session, [sub.id])[sub.id]}
    assert answers["1.1"] is True
    assert answers["2.1"] == 2
    assert answers["1.2"] is None
    assert count(db, Event, Event.action == "import") == 2


def test_bad_middle_file_leaves_no_rows_and_others_are_stored(db, cycle_id, filled):
    a = filled("a.xlsx", badan_publik="Dinas A")
    bad = filled("b.xlsx", badan_publik="Dinas Rusak",
                 answers={"1.1": "Mungkin", "1.2": {"a"}, "2.1": 1})
    c = filled("c.xlsx", badan_publik="Dinas C")
    report = import_paths(db, SYSTEM, cycle_id, [a, bad, c])
    assert [f.status for f in report.files] == [
        ImportStatus.ACCEPTED, ImportStatus.REJECTED, ImportStatus.ACCEPTED]
    assert codes(report)[1] == ["D303"]
    bad_problem = report.files[1].errors[0]
    assert bad_problem.location.sheet == "Kuesioner"
    assert bad_problem.location.cell
    assert not report.ok
    assert count(db, Submission) == 2
    assert body_named(db, "Dinas Rusak") is None
    assert count(db, BadanPublik) == 2
    assert count(db, Participation) == 2
    assert count(db, Answer) == 2 * 3


def test_failure_inside_a_files_transaction_rolls_back_only_that_file(
        db, cycle_id, filled, monkeypatch):
    paths = [filled(f"{n}.xlsx", badan_publik=f"Dinas {n}") for n in ("A", "B", "C")]
    real = imports_module.record
    calls = {"n": 0}

    def failing_record(*args, **kwargs):  # the last write of each file's transaction
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk penuh")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports_module, "record", failing_record)
    report = import_paths(db, SYSTEM, cycle_id, paths)
    assert [f.status for f in report.files] == [
        ImportStatus.ACCEPTED, ImportStatus.REJECTED, ImportStatus.ACCEPTED]
    assert codes(report)[1] == ["S509"]
    assert "RuntimeError" in report.files[1].errors[0].message
    # File B had registered its body, its participation, a submission and its answers
    # before the failure: none of it is left.
    assert body_named(db, "Dinas B") is None
    assert count(db, Submission) == 2
    assert count(db, Answer) == 6
    assert count(db, Participation) == 2
    assert count(db, Event, Event.action == "body.add") == 2
    assert count(db, Event, Event.action == "import") == 2


def test_zip_members_are_separate_files(db, cycle_id, filled, tmp_path):
    a = filled("a.xlsx", badan_publik="Dinas A")
    b = filled("b.xlsx", badan_publik="Dinas B", answers={"1.1": "Mungkin"})
    archive = zip_of(tmp_path / "batch.zip", {"x/a.xlsx": a.read_bytes(),
                                               "x/b.xlsx": b.read_bytes()})
    report = import_paths(db, SYSTEM, cycle_id, [archive])
    assert [(f.name, f.status) for f in report.files] == [
        ("batch.zip/x/a.xlsx", ImportStatus.ACCEPTED),
        ("batch.zip/x/b.xlsx", ImportStatus.REJECTED)]
    assert count(db, Submission) == 1


def test_unreadable_source_is_reported(db, cycle_id, filled):
    good = filled("a.xlsx", badan_publik="Dinas A")
    report = import_batch(db, SYSTEM, cycle_id, [Source("kosong.xlsx", b""),
                                                 Source(good.name, good.read_bytes())])
    assert [(f.name, f.status) for f in report.files] == [
        ("kosong.xlsx", ImportStatus.REJECTED), ("a.xlsx", ImportStatus.ACCEPTED)]
    assert codes(report)[0] == ["F212"]


# -- the cycle's own methodology ------------------------------------------------------------


def test_workbook_for_another_methodology_is_refused(db, cycle_id, tmp_path):
    from questionnaires.template import write_filled

    nasional = presets().get("nasional-2025")
    path = tmp_path / "nasional.xlsx"
    write_filled(nasional, "opd", path, badan_publik="Dinas A", answers={})
    report = import_paths(db, SYSTEM, cycle_id, [path])
    assert codes(report) == [["F210"]]
    assert count(db, Submission) == 0


def test_outdated_template_is_refused(db, cycle_id, filled, mini):
    newer = mini.model_copy(update={"version": "2"})
    report = import_paths(db, SYSTEM, cycle_id, [filled(methodology=newer)])
    assert codes(report) == [["F211"]]
    assert count(db, Submission) == 0


# -- versions -----------------------------------------------------------------------------


def test_identical_reupload_is_a_no_op(db, cycle_id, filled):
    path = filled()
    first = import_paths(db, SYSTEM, cycle_id, [path])
    again = import_paths(db, SYSTEM, cycle_id, [path])
    assert first.files[0].status is ImportStatus.ACCEPTED
    file = again.files[0]
    assert file.status is ImportStatus.UNCHANGED
    assert again.ok
    assert file.version == 1
    assert file.badan_publik == "Dinas Kominfo"
    assert file.notes == ["sama dengan unggahan sebelumnya; tidak ada yang berubah"]
    assert again.stored == []
    assert count(db, Submission) == 1
    assert count(db, Event, Event.action == "import") == 1


def test_changed_reupload_is_version_two_and_current(db, cycle_id, filled):
    import_paths(db, SYSTEM, cycle_id, [filled("v1.xlsx")])
    report = import_paths(db, SYSTEM, cycle_id, [filled(
        "v2.xlsx", answers={"1.1": "Tidak", "1.2": {"c"}, "2.1": 2})])
    assert report.files[0].status is ImportStatus.ACCEPTED
    assert report.files[0].version == 2
    assert count(db, Submission) == 2
    with db.read() as session:
        body = session.scalar(select(BadanPublik))
        current = current_submissions(session, cycle_id)[body.id]
        assert (current.version, current.file_name) == (2, "v2.xlsx")
        values = {a.question_code: value_from_json(a.value)
                  for a in answers_of(session, [current.id])[current.id]}
    assert values == {"1.1": False, "1.2": frozenset({"c"}), "2.1": 2}


def test_reupload_of_an_older_file_is_a_new_version(db, cycle_id, filled, tmp_path):
    v1 = filled("v1.xlsx")
    v2 = filled("v2.xlsx", answers={"1.1": "Tidak"})
    for path in (v1, v2, v1):
        import_paths(db, SYSTEM, cycle_id, [path])
    with db.read() as session:
        current = next(iter(current_submissions(session, cycle_id).values()))
    assert (current.version, current.file_name) == (3, "v1.xlsx")


# -- bodies: registration, aliases, categories ------------------------------------------------


def test_admin_import_registers_an_unknown_body(db, cycle_id, filled):
    report = import_paths(db, SYSTEM, cycle_id, [filled(badan_publik="Dinas Baru")])
    file = report.files[0]
    assert file.status is ImportStatus.ACCEPTED
    assert file.submissions[0].registered
    assert "badan publik baru didaftarkan" in file.notes
    body = body_named(db, "Dinas Baru")
    assert body is not None
    assert body.category == "opd"
    assert body.ki == "KI Test"
    assert status_of(db, cycle_id, body.id) == "submitted"


def test_coordinator_cannot_import_an_unregistered_body(db, cycle_id, filled):
    known = register(db, cycle_id, "Dinas Kominfo")
    koor = coordinator(db, [known])
    report = import_paths(db, koor, cycle_id, [filled(badan_publik="Dinas Baru")])
    assert codes(report) == [["S501"]]
    assert "belum terdaftar" in report.files[0].errors[0].message
    assert report.files[0].badan_publik == "Dinas Baru"
    assert body_named(db, "Dinas Baru") is None
    assert count(db, Submission) == 0


def test_coordinator_in_scope_accepted_out_of_scope_refused(db, cycle_id, filled):
    mine = register(db, cycle_id, "Dinas Kominfo")
    register(db, cycle_id, "Dinas Lain")
    koor = coordinator(db, [mine])
    report = import_paths(db, koor, cycle_id, [
        filled("mine.xlsx", badan_publik="Dinas Kominfo"),
        filled("other.xlsx", badan_publik="Dinas Lain")])
    assert [f.status for f in report.files] == [ImportStatus.ACCEPTED, ImportStatus.REJECTED]
    assert codes(report)[1] == ["S504"]
    assert "di luar cakupan" in report.files[1].errors[0].message
    with db.read() as session:
        sub = session.scalar(select(Submission))
        assert sub.uploaded_by_id == koor.id
    assert count(db, Submission) == 1
    assert status_of(db, cycle_id, mine) == "submitted"


def test_roles_that_may_not_import_are_refused(db, cycle_id, filled):
    add_user(db, SYSTEM, username="eva", password="Rahasia-Uji-2025!", role="evaluator")
    with pytest.raises(PermissionDenied, match="mengunggah kuesioner"):
        import_paths(db, actor_for(db, "eva"), cycle_id, [filled()])
    assert count(db, Submission) == 0


def test_category_mismatch_is_refused(db, cycle_id, filled):
    register(db, cycle_id, "Dinas Kominfo", category="desa")
    report = import_paths(db, SYSTEM, cycle_id, [filled(category="opd")])
    assert codes(report) == [["S502"]]
    message = report.files[0].errors[0].message
    assert "desa (Desa)" in message
    assert "opd (OPD)" in message
    assert count(db, Submission) == 0


def test_alias_matches_the_registered_body(db, cycle_id, filled):
    body_id = register(db, cycle_id, "Dinas Kominfo", aliases=("Diskominfo",))
    report = import_paths(db, SYSTEM, cycle_id, [filled(badan_publik="diskominfo")])
    file = report.files[0]
    assert file.status is ImportStatus.ACCEPTED
    assert file.badan_publik == "Dinas Kominfo"
    assert not file.submissions[0].registered
    assert file.submissions[0].badan_publik_id == body_id
    assert count(db, BadanPublik) == 1


def test_two_files_for_one_body_by_alias_are_both_refused(db, cycle_id, filled):
    register(db, cycle_id, "Dinas Kominfo", aliases=("Diskominfo",))
    report = import_paths(db, SYSTEM, cycle_id, [
        filled("a.xlsx", badan_publik="Dinas Kominfo"),
        filled("b.xlsx", badan_publik="Diskominfo")])
    assert codes(report) == [["D307"], ["D307"]]
    assert count(db, Submission) == 0


# -- stage locks, publication and deadlines ---------------------------------------------------


def test_locked_saq_stage_refuses_uploads(db, cycle_id, filled):
    set_lock(db, SYSTEM, cycle_id, "saq", True)
    report = import_paths(db, SYSTEM, cycle_id, [filled()])
    assert codes(report) == [["S503"]]
    assert "dikunci" in report.files[0].errors[0].message
    assert count(db, Submission) == 0
    assert count(db, BadanPublik) == 0
    set_lock(db, SYSTEM, cycle_id, "saq", False, reason="perpanjangan")
    assert import_paths(db, SYSTEM, cycle_id, [filled()]).ok


def test_locked_panel_stage_does_not_block_uploads(db, cycle_id, filled):
    set_lock(db, SYSTEM, cycle_id, "panel", True)
    assert import_paths(db, SYSTEM, cycle_id, [filled()]).ok


def test_published_cycle_refuses_uploads(db, cycle_id, filled):
    from monev.outcomes.publication import publish

    publish(db, SYSTEM, cycle_id)
    report = import_paths(db, SYSTEM, cycle_id, [filled()])
    assert codes(report) == [["S503"]]
    assert "ditetapkan" in report.files[0].errors[0].message
    assert count(db, Submission) == 0


def test_upload_after_the_deadline_is_late(db, cycle_id, filled):
    set_deadline(db, SYSTEM, cycle_id, "saq", today() - timedelta(days=2))
    report = import_paths(db, SYSTEM, cycle_id, [filled()])
    file = report.files[0]
    assert file.status is ImportStatus.ACCEPTED
    assert file.submissions[0].late
    assert any("terlambat" in n for n in file.notes)
    with db.read() as session:
        sub = session.scalar(select(Submission))
        assert sub.late
    assert status_of(db, cycle_id, file.submissions[0].badan_publik_id) == "late"


def test_upload_before_the_deadline_is_on_time(db, cycle_id, filled):
    set_deadline(db, SYSTEM, cycle_id, "saq", today() + timedelta(days=2))
    report = import_paths(db, SYSTEM, cycle_id, [filled()])
    stored = report.files[0].submissions[0]
    assert not stored.late
    assert status_of(db, cycle_id, stored.badan_publik_id) == "submitted"
    with db.read() as session:
        assert session.scalar(select(StageState.deadline).where(
            StageState.stage_code == "saq")) == today() + timedelta(days=2)


def test_unknown_cycle_is_not_found(db, filled):
    from monev.errors import NotFound

    with pytest.raises(NotFound, match="tidak ditemukan"):
        import_paths(db, SYSTEM, 999, [Path(filled())])


# -- responses tables: several badan publik in one file ----------------------------------------

TABLE = ("Nama Badan Publik;Kategori;1.1;1.2;2.1;2.2\n"
         "Dinas Kesehatan;opd;Ya;a;2;\n"
         "Desa Sukamaju;desa;Tidak;b;;Ya\n")


def test_a_table_lands_whole_with_its_warnings(db, cycle_id, tmp_path):
    path = tmp_path / "rekap.csv"
    path.write_text(TABLE, encoding="utf-8")
    report = import_paths(db, SYSTEM, cycle_id, [path])
    (file,) = report.files
    assert file.status is ImportStatus.ACCEPTED
    assert [(s.badan_publik, s.version) for s in file.submissions] == [
        ("Dinas Kesehatan", 1), ("Desa Sukamaju", 1)]
    assert file.version is None
    assert file.badan_publik == "Dinas Kesehatan, Desa Sukamaju"
    assert [w.code for w in file.warnings] == ["W401"]
    with db.read() as session:
        shas = set(session.scalars(select(Submission.sha256)))
    assert shas == {file.sha256}
    again = import_paths(db, SYSTEM, cycle_id, [path])
    assert again.files[0].status is ImportStatus.UNCHANGED
    assert count(db, Submission) == 2


def test_a_table_with_one_body_out_of_scope_stores_nothing(db, cycle_id, tmp_path):
    mine = register(db, cycle_id, "Dinas Kesehatan")
    register(db, cycle_id, "Desa Sukamaju", category="desa")
    koor = coordinator(db, [mine])
    path = tmp_path / "rekap.csv"
    path.write_text(TABLE, encoding="utf-8")
    report = import_paths(db, koor, cycle_id, [path])
    assert codes(report) == [["S504"]]
    assert report.files[0].badan_publik == "Dinas Kesehatan, Desa Sukamaju"
    assert count(db, Submission) == 0
    assert status_of(db, cycle_id, mine) == "invited"


def test_concurrent_uploads_for_one_body_become_two_versions(db, cycle_id, filled,
                                                             monkeypatch):
    """Both sessions read "no submission yet"; the later insert takes version 2, not an
    error (PostgreSQL retries after the unique version check; SQLite queues writers)."""
    import contextlib
    import threading

    body_id = register(db, cycle_id, "Dinas Kominfo")
    barrier = threading.Barrier(2, timeout=2)
    real = imports_module.current_submissions
    waited: set[int] = set()

    def in_step(*args, **kwargs):
        found = real(*args, **kwargs)
        if threading.get_ident() not in waited:  # first attempt of each thread only
            waited.add(threading.get_ident())
            # SQLite: the other thread is queued behind BEGIN IMMEDIATE and never arrives.
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return found

    monkeypatch.setattr(imports_module, "current_submissions", in_step)
    paths = [filled("a.xlsx"), filled("b.xlsx", answers={"1.1": "Tidak"})]
    reports: list = []
    threads = [threading.Thread(target=lambda p=p: reports.append(
        import_paths(db, SYSTEM, cycle_id, [p]))) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.files[0].status for r in reports] == [ImportStatus.ACCEPTED] * 2
    assert sorted(r.files[0].version for r in reports) == [1, 2]
    with db.read() as session:
        versions = sorted(session.scalars(select(Submission.version).where(
            Submission.badan_publik_id == body_id)))
    assert versions == [1, 2]


def test_progress_is_reported_after_each_file(db, cycle_id, filled):
    from monev.imports import import_batch
    from questionnaires.sources import Source

    paths = [filled(f"{n}.xlsx", badan_publik=f"Dinas {n}") for n in "abc"]
    seen: list[tuple[int, int]] = []
    report = import_batch(db, SYSTEM, cycle_id, [Source(p.name, p.read_bytes()) for p in paths],
                          progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert len(report.accepted) == 3
