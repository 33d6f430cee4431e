"""The reader's warnings stay with the stored submission, and a questionnaire without a single
answer is kept but counts as *tidak mengisi SAQ* — in the database, in the results, and in
``python -m monev score``.

Every database test runs against SQLite and a real PostgreSQL (the `db` fixture).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from monev.backup import backup_cycle, restore_cycle
from monev.bodies import find_body, list_bodies, participation_rate, register_body
from monev.clock import today
from monev.cycles import create_cycle, set_deadline
from monev.imports import EMPTY_NOTE, ImportStatus, import_paths
from monev.outcomes.results import compute_results, cycle_records
from monev.permissions import SYSTEM
from monev.review import answers_for_review, verification_queue
from monev.services import score_files
from monev.submission_warnings import submission_warnings
from scoring.inputs import Participation as Status
from storage.db import Database
from storage.models import BadanPublik, Participation, Submission
from tests.conftest import answer_cell
from tests.monev.test_evaluation import add_submission

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
TABLE = ("Nama Badan Publik;Kategori;1.1;1.2;2.1;2.2\n"
         "Dinas Kesehatan;opd;Ya;a;2;\n"
         "Desa Sukamaju;desa;Tidak;b;;Ya\n")


@pytest.fixture
def cycle_id(db: Database, mini_registry) -> int:
    return create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Test", year=2025,
                        registry=mini_registry).id


def empty_workbook(filled: Callable[..., Path], name: str = "kosong.xlsx",
                   body: str = "Dinas Kosong") -> Path:
    return filled(name, badan_publik=body, answers={}, evidence={})


def status_of(db: Database, cycle_id: int, body_id: int) -> str | None:
    with db.read() as session:
        return session.scalar(select(Participation.status).where(
            Participation.cycle_id == cycle_id, Participation.badan_publik_id == body_id))


def current(db: Database, cycle_id: int, body_id: int) -> Submission:
    with db.read() as session:
        return session.scalars(select(Submission).where(
            Submission.cycle_id == cycle_id, Submission.badan_publik_id == body_id,
        ).order_by(Submission.version.desc())).first()


def results(db: Database, cycle_id: int) -> dict[str, Any]:
    return {r.result.badan_publik: r.result for r in compute_results(db, SYSTEM, cycle_id)}


# -- warnings kept with the submission ----------------------------------------------------------


def test_table_warnings_are_stored_with_every_submission_of_the_table(db, cycle_id,
                                                                      tmp_path):
    path = tmp_path / "rekap.csv"
    path.write_text(TABLE, encoding="utf-8")
    report = import_paths(db, SYSTEM, cycle_id, [path])
    (file,) = report.files
    assert file.status is ImportStatus.ACCEPTED
    [w401] = file.warnings
    for stored in file.submissions:
        [kept] = current(db, cycle_id, stored.badan_publik_id).warnings
        assert kept == {"code": "W401", "location": {"sheet": "", "cell": ""},
                        "message": w401.message, "fix": w401.fix}
        [shown] = submission_warnings(db, SYSTEM, cycle_id, stored.badan_publik_id)
        assert (shown.code, shown.where) == ("W401", "-")
        assert "data dukung" in shown.message
        assert shown.fix.startswith("Tambahkan kolom 'Data Dukung")
    assert {q.name: q.warnings for q in verification_queue(db, SYSTEM, cycle_id)} == {
        "Dinas Kesehatan": 1, "Desa Sukamaju": 1}


def test_a_file_without_warnings_stores_none(db, cycle_id, filled):
    report = import_paths(db, SYSTEM, cycle_id, [filled()])
    stored = report.files[0].submissions[0]
    assert current(db, cycle_id, stored.badan_publik_id).warnings == []
    assert submission_warnings(db, SYSTEM, cycle_id, stored.badan_publik_id) == []
    assert all(r.warnings == () for r in answers_for_review(
        db, SYSTEM, cycle_id, stored.badan_publik_id))


def test_review_marks_the_answers_whose_cell_has_a_warning(db, cycle_id, filled):
    """Warnings as the readers store them (W404 on a data dukung cell, W405 on a cell
    outside the questionnaire, W403 about the sheet): the review marks the answer on the
    warned row, and the list shows every warning with its sheet!cell and fix."""
    path = filled()
    report = import_paths(db, SYSTEM, cycle_id, [path])
    body_id = report.files[0].submissions[0].badan_publik_id
    row = answer_cell(path, "1.1")[1:]
    warnings = [
        {"code": "W404", "location": {"sheet": "Kuesioner", "cell": f"F{row}"},
         "message": "Data dukung 'ada' untuk pertanyaan 1.1 bukan tautan (http/https); "
                    "tidak dihitung sebagai data dukung",
         "fix": "Isi dengan tautan lengkap yang dapat dibuka, mis. "
                "https://ppid.example.go.id/dip.", "question": "1.1"},
        {"code": "W405", "location": {"sheet": "Kuesioner", "cell": "K200"},
         "message": "Sel berisi 'lihat lampiran' di luar bagian yang dibaca", "fix": "Hapus."},
        {"code": "W403", "location": {"sheet": "Kuesioner", "cell": ""},
         "message": "Lembar 'Kuesioner' yang dibaca", "fix": "Tidak perlu tindakan."},
    ]
    with db.transaction() as session:
        session.execute(update(Submission).where(Submission.badan_publik_id == body_id)
                        .values(warnings=warnings))
    shown = submission_warnings(db, SYSTEM, cycle_id, body_id)
    assert [(w.code, w.where, w.question) for w in shown] == [
        ("W404", f"Kuesioner!F{row}", "1.1"), ("W405", "Kuesioner!K200", ""),
        ("W403", "Kuesioner", "")]
    assert shown[0].fix.startswith("Isi dengan tautan lengkap")
    marks = {r.code: r.warnings for r in answers_for_review(db, SYSTEM, cycle_id, body_id)}
    assert marks == {"1.1": ("W404",), "1.2": (), "2.1": ()}
    [item] = verification_queue(db, SYSTEM, cycle_id)
    assert item.warnings == 3


def test_evidence_typed_as_ada_is_kept_as_a_warning_on_its_answer(db):
    """The real case file: `ada` typed where the link goes (nasional-2025, opd)."""
    cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Test", year=2025)
    report = import_paths(db, SYSTEM, cycle.id, [CASES / "evidence-typed-as-ada.xlsx"])
    (file,) = report.files
    assert file.status is ImportStatus.ACCEPTED, file.problems
    w404 = [w for w in file.warnings if w.code == "W404"]
    assert w404
    body_id = file.submissions[0].badan_publik_id
    stored = [w for w in submission_warnings(db, SYSTEM, cycle.id, body_id) if w.code == "W404"]
    assert [(w.sheet, w.cell, w.message) for w in stored] == [
        (w.location.sheet, w.location.cell, w.message) for w in w404]
    assert all(w.where == f"Kuesioner!{w.cell}" for w in stored)
    marked = {r.code for r in answers_for_review(db, SYSTEM, cycle.id, body_id)
              if "W404" in r.warnings}
    assert marked == {w.context["question"] for w in w404}  # e.g. {"4.2"}


# -- a questionnaire without a single answer ---------------------------------------------------


def test_an_empty_questionnaire_is_stored_but_the_body_did_not_submit(db, cycle_id, filled):
    full = filled("penuh.xlsx", badan_publik="Dinas Penuh")
    report = import_paths(db, SYSTEM, cycle_id, [empty_workbook(filled), full])
    empty, _ = report.files
    assert [f.status for f in report.files] == [ImportStatus.ACCEPTED] * 2
    assert [w.code for w in empty.warnings] == ["W406"]
    assert "tidak mengisi SAQ" in empty.warnings[0].message
    assert EMPTY_NOTE in empty.notes
    body_id = empty.submissions[0].badan_publik_id
    assert empty.submissions[0].empty
    assert status_of(db, cycle_id, body_id) == "not_submitted"
    stored = current(db, cycle_id, body_id)
    assert (stored.version, stored.file_name) == (1, "kosong.xlsx")  # the file is kept
    assert [w["code"] for w in stored.warnings] == ["W406"]

    scored = results(db, cycle_id)
    kosong, penuh = scored["Dinas Kosong"], scored["Dinas Penuh"]
    assert kosong.participation is Status.NOT_SUBMITTED
    assert (kosong.final, kosong.predicate, kosong.rank) == (None, None, None)
    assert penuh.participation is Status.SUBMITTED
    assert penuh.rank == 1
    records = {r["badan_publik"]: r for r in cycle_records(db, SYSTEM, cycle_id)}
    assert records["Dinas Kosong"]["status"] == "not_submitted"
    assert records["Dinas Kosong"]["nilai_akhir"] is None
    assert records["Dinas Kosong"]["peringkat"] is None
    rate = participation_rate(list_bodies(db, SYSTEM, cycle_id))
    assert (rate.returned, rate.invited) == (1, 2)
    # The verifikator sees why.
    [shown] = submission_warnings(db, SYSTEM, cycle_id, body_id)
    assert shown.code == "W406"


def test_a_later_upload_with_answers_makes_the_body_submitted_again(db, cycle_id, filled):
    first = import_paths(db, SYSTEM, cycle_id, [empty_workbook(filled)])
    body_id = first.files[0].submissions[0].badan_publik_id
    second = import_paths(db, SYSTEM, cycle_id, [filled("isi.xlsx", badan_publik="Dinas Kosong")])
    assert second.files[0].version == 2
    assert second.files[0].warnings == []
    assert status_of(db, cycle_id, body_id) == "submitted"
    assert current(db, cycle_id, body_id).warnings == []
    result = results(db, cycle_id)["Dinas Kosong"]
    assert result.participation is Status.SUBMITTED
    assert result.rank == 1
    # ... and an empty upload after that takes it back out of the ranking.
    third = import_paths(db, SYSTEM, cycle_id, [empty_workbook(filled, "lagi.xlsx")])
    assert third.files[0].version == 3
    assert status_of(db, cycle_id, body_id) == "not_submitted"
    assert results(db, cycle_id)["Dinas Kosong"].rank is None


def test_an_empty_questionnaire_after_the_deadline_is_not_submitted_not_late(db, cycle_id,
                                                                             filled):
    set_deadline(db, SYSTEM, cycle_id, "saq", today() - timedelta(days=1))
    report = import_paths(db, SYSTEM, cycle_id, [empty_workbook(filled)])
    stored = report.files[0].submissions[0]
    assert status_of(db, cycle_id, stored.badan_publik_id) == "not_submitted"
    assert not any("terlambat" in note for note in report.files[0].notes)
    later = import_paths(db, SYSTEM, cycle_id, [filled("isi.xlsx", badan_publik="Dinas Kosong")])
    assert later.files[0].submissions[0].late
    assert status_of(db, cycle_id, stored.badan_publik_id) == "late"


def test_an_empty_row_of_a_table_is_not_submitted_the_others_are(db, cycle_id, tmp_path):
    path = tmp_path / "rekap.csv"
    path.write_text("Nama Badan Publik;Kategori;1.1;1.2;2.1;Data Dukung 1.1;"
                    "Data Dukung 1.2;Data Dukung 2.1\n"
                    "Dinas Kesehatan;opd;Ya;a;2;https://a.go.id;https://a.go.id;"
                    "https://a.go.id\n"
                    "Dinas Kosong;opd;;;;;;\n"
                    "Dinas Sepi;opd;;;;;;\n", encoding="utf-8")
    report = import_paths(db, SYSTEM, cycle_id, [path])
    (file,) = report.files
    assert file.status is ImportStatus.ACCEPTED, file.problems
    by_name = {s.badan_publik: s for s in file.submissions}
    assert not by_name["Dinas Kesehatan"].empty
    assert by_name["Dinas Kosong"].empty
    assert by_name["Dinas Sepi"].empty
    assert [w.code for w in file.warnings] == ["W406", "W406"]  # one per empty row
    assert len({w.location for w in file.warnings}) == 2
    assert status_of(db, cycle_id, by_name["Dinas Kesehatan"].badan_publik_id) == "submitted"
    assert status_of(db, cycle_id, by_name["Dinas Kosong"].badan_publik_id) == "not_submitted"
    assert current(db, cycle_id, by_name["Dinas Kesehatan"].badan_publik_id).warnings == []
    assert [w["code"] for w in current(
        db, cycle_id, by_name["Dinas Kosong"].badan_publik_id).warnings] == ["W406"]


def test_results_treat_a_current_submission_without_answers_as_not_submitted(db, cycle_id):
    """Defence in depth: a stored submission with no answered value, whatever the
    participation row says, is never ranked with 0."""
    body = register_body(db, SYSTEM, cycle_id, name="Dinas Lama", category="opd",
                         status="submitted")
    add_submission(db, cycle_id, body.id, {"1.1": None, "1.2": None, "2.1": None}, {})
    result = results(db, cycle_id)["Dinas Lama"]
    assert result.participation is Status.NOT_SUBMITTED
    assert (result.final, result.rank) == (None, None)


def test_score_command_reports_an_empty_questionnaire_as_not_submitted(filled, mini_registry):
    run = score_files([empty_workbook(filled), filled("penuh.xlsx", badan_publik="Dinas Penuh")],
                      registry=mini_registry)
    by_name = {r.badan_publik: r for r in run.results}
    assert by_name["Dinas Kosong"].participation is Status.NOT_SUBMITTED
    assert (by_name["Dinas Kosong"].final, by_name["Dinas Kosong"].rank) == (None, None)
    assert by_name["Dinas Kosong"].predicate is None
    assert by_name["Dinas Penuh"].participation is Status.SUBMITTED
    assert by_name["Dinas Penuh"].rank == 1


# -- backup and restore ------------------------------------------------------------------------


@pytest.fixture
def other_backend(request: pytest.FixtureRequest, db: Database,
                  tmp_path: Path) -> Iterator[Database]:
    """A fresh database on the other backend than `db` (SQLite ⇄ PostgreSQL)."""
    if db.dialect == "sqlite":
        server = request.getfixturevalue("postgres_server")
        url = server.create_database()
        target = Database(url)
        yield target
        target.dispose()
        server.drop_database(url)
    else:
        target = Database(f"sqlite:///{tmp_path / 'target.db'}")
        yield target
        target.dispose()


def _warnings_by_body(db: Database, cycle_id: int) -> dict[str, list[list[dict]]]:
    with db.read() as session:
        rows = session.execute(select(BadanPublik.name, Submission.version, Submission.warnings)
                               .join(Submission, Submission.badan_publik_id == BadanPublik.id)
                               .where(Submission.cycle_id == cycle_id)
                               .order_by(BadanPublik.name, Submission.version))
        out: dict[str, list[list[dict]]] = {}
        for name, _, warnings in rows:
            out.setdefault(name, []).append(warnings)
        return out


def test_backup_and_restore_keep_the_warnings(db, cycle_id, filled, tmp_path, other_backend):
    table = tmp_path / "rekap.csv"
    table.write_text(TABLE, encoding="utf-8")
    import_paths(db, SYSTEM, cycle_id, [table, empty_workbook(filled)])
    import_paths(db, SYSTEM, cycle_id, [filled("isi.xlsx", badan_publik="Dinas Kosong")])
    before = _warnings_by_body(db, cycle_id)
    assert [w["code"] for w in before["Dinas Kosong"][0]] == ["W406"]
    assert before["Dinas Kosong"][1] == []
    assert [w["code"] for w in before["Dinas Kesehatan"][0]] == ["W401"]

    path = tmp_path / "cadangan.zip"
    backup_cycle(db, SYSTEM, cycle_id, path)
    restored = restore_cycle(other_backend, SYSTEM, path)
    assert _warnings_by_body(other_backend, restored.cycle_id) == before
    again = restore_cycle(db, SYSTEM, path, title="Salinan")  # same backend, bodies matched
    assert _warnings_by_body(db, again.cycle_id) == before


def _rewrite(path: Path, change: Callable[[dict[str, list[dict]]], None]) -> Path:
    """A backup as an older version wrote it: tables changed, manifest hashes updated."""
    import hashlib

    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    tables = {n[len("tables/"):-len(".json")]: json.loads(d)
              for n, d in members.items() if n.startswith("tables/")}
    change(tables)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in tables.items():
            data = json.dumps(rows, ensure_ascii=False).encode()
            manifest["members"][f"tables/{name}.json"] = {
                "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            archive.writestr(f"tables/{name}.json", data)
        archive.writestr("manifest.json", json.dumps(manifest))
    out = path.with_name("lama-" + path.name)
    out.write_bytes(buffer.getvalue())
    return out


def test_a_backup_from_before_the_warnings_column_restores_with_none(db, cycle_id, filled,
                                                                     tmp_path):
    import_paths(db, SYSTEM, cycle_id, [empty_workbook(filled)])
    path = tmp_path / "cadangan.zip"
    backup_cycle(db, SYSTEM, cycle_id, path)

    def drop_column(tables: dict[str, list[dict]]) -> None:
        for row in tables["submissions"]:
            del row["warnings"]

    restored = restore_cycle(db, SYSTEM, _rewrite(path, drop_column), title="Lama")
    assert _warnings_by_body(db, restored.cycle_id) == {"Dinas Kosong": [[]]}


def test_restore_recomputes_old_name_keys(db, cycle_id, tmp_path, other_backend):
    """A backup made before migration 0002 holds keys of the older normalisation; two
    bodies of it that are now one name stay two bodies, and lookups work on the result."""
    older = register_body(db, SYSTEM, cycle_id, name="Dinas A", category="opd",
                          aliases=("Badan A",))
    later = register_body(db, SYSTEM, cycle_id, name="Dinas B", category="opd")
    path = tmp_path / "cadangan.zip"
    backup_cycle(db, SYSTEM, cycle_id, path)

    def old_keys(tables: dict[str, list[dict]]) -> None:
        for row in tables["badan_publik"]:
            if row["id"] == older.id:  # typed with autocorrect's apostrophe
                row["name"], row["name_key"] = "Dinas Syari’at Islam", "dinas syari’at islam"
            if row["id"] == later.id:
                row["name"], row["name_key"] = "Dinas Syari'at Islam", "dinas syari'at islam"
        for row in tables["aliases"]:
            row["alias"], row["alias_key"] = "Badan Wakaf – Aceh", "badan wakaf – aceh"

    restored = restore_cycle(other_backend, SYSTEM, _rewrite(path, old_keys))
    assert restored.bodies_created == 2
    with other_backend.read() as session:
        found = find_body(session, "KI Test", "Dinas Syari'at\u200b Islam")
        assert found is not None
        assert found.name == "Dinas Syari’at Islam"  # the older of the two keeps the key
        keys = sorted(session.scalars(select(BadanPublik.name_key)))
        assert keys[0] == "dinas syari'at islam"
        assert "[" in keys[1]  # the other one stays apart, matched by no typed name
        alias = find_body(session, "KI Test", "Badan Wakaf - Aceh")
        assert alias is not None
        assert alias.id == found.id
