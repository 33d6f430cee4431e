"""The demo monev seeded by ``make run``: what it holds, that it runs once, its accounts, and
dates that follow the day it is seeded (an upload tried in the demo is on time)."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from monev import cli
from monev.accounts import authenticate
from monev.appeals import list_appeals
from monev.bodies import list_bodies
from monev.cli.demo import report
from monev.clock import today
from monev.cycles import list_cycles
from monev.demo import (
    ACCOUNTS,
    BODIES,
    COORDINATOR_SCOPE,
    LATE,
    NOT_SUBMITTED,
    SCOPE,
    deadlines,
    seed_demo,
)
from monev.outcomes.results import compute_results
from monev.permissions import SYSTEM, Role
from monev.review import verification_queue
from questionnaires.loader import presets
from questionnaires.template import write_filled
from storage.db import Database
from storage.models import Event, PanelScore, Submission, User, Verification
from tests.ui.demo_db import demo_copy, demo_template, sign_in
from tests.ui.test_coordinator_page import frame_of

APP = str(Path(__file__).resolve().parents[2] / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _db(tmp_path: Path) -> Database:
    return Database(demo_copy(tmp_path))


def test_seed_reports_what_it_made():
    _, info = demo_template()
    assert info.seeded
    assert info.seconds > 0  # reported to the user; how fast is for benchmarks, not tests
    counts = info.counts
    assert 35 <= counts["badan_publik"] <= 45
    assert counts["not_submitted"] == 3
    assert counts["late"] == 2
    assert counts["submitted"] + counts["late"] + counts["not_submitted"] \
        == counts["badan_publik"]
    assert counts["verifications"] >= 40
    assert 10 <= counts["lowered"] < counts["verifications"]
    assert counts["panel_scores"] > 0
    assert counts["panel_scores"] % 12 == 0  # 3 jurors x 4 aspects per badan publik
    assert counts["open_appeals"] == 1
    assert {a.role for a in info.accounts} == set(Role)


def test_seeded_database_holds_the_demo(tmp_path: Path):
    db = _db(tmp_path)
    _, info = demo_template()
    cycles = {c.id: c for c in list_cycles(db, SYSTEM)}
    assert set(cycles) == {info.cycle_id, info.previous_cycle_id}
    assert cycles[info.previous_cycle_id].status == "published"
    assert cycles[info.cycle_id].status == "open"

    bodies = list_bodies(db, SYSTEM, info.cycle_id)
    assert len(bodies) == len(BODIES)
    assert {b.category for b in bodies} == {"opd", "pemkab", "kecamatan", "desa", "bumd"}
    status = {b.name: b.participation for b in bodies}
    for name, kept in NOT_SUBMITTED.items():
        assert status[name] == kept
    assert all(status[name] == "late" for name in LATE)
    assert Counter(status.values())["submitted"] == len(BODIES) - len(NOT_SUBMITTED) - len(LATE)

    results = {r.result.badan_publik: r.result for r in compute_results(db, SYSTEM,
                                                                        info.cycle_id)}
    scored = [r for r in results.values() if r.final is not None]
    assert len(scored) == len(BODIES) - len(NOT_SUBMITTED)
    assert all(results[name].final is None for name in NOT_SUBMITTED)
    # Varied answers: at least four predikat bands appear.
    assert len({r.predicate.label for r in scored}) >= 4
    # Verifications lowered some answers, with reasons kept.
    assert any(r.saq_verified < r.saq_raw for r in scored)
    assert sum(len(r.notes) for r in scored) == info.counts["lowered"]
    # Panel scores for everyone at or above the gate of 60, nobody else.
    with db.read() as session:
        panel_bodies = set(session.scalars(select(PanelScore.badan_publik_id).where(
            PanelScore.cycle_id == info.cycle_id)))
        verifications = session.scalar(select(func.count(Verification.id)).where(
            Verification.cycle_id == info.cycle_id))
        uploaders = dict(session.execute(
            select(Submission.badan_publik_id, User.username)
            .join(User, User.id == Submission.uploaded_by_id)
            .where(Submission.cycle_id == info.cycle_id)).all())
    above = {b.id for b in bodies if results[b.name].saq_verified is not None
             and results[b.name].saq_verified >= 60}
    assert panel_bodies == above
    assert verifications == info.counts["verifications"]
    queue = verification_queue(db, SYSTEM, info.cycle_id)
    assert any(item.verified == 0 for item in queue)  # work left for the evaluator
    # Imported through the pipeline: the koordinator uploaded the OPDs in their scope.
    scope_ids = {b.id for b in bodies if b.name in SCOPE}
    assert {uploaders[i] for i in scope_ids} == {"koordinator"}
    assert set(uploaders.values()) == {"koordinator", "admin"}

    appeals = list_appeals(db, SYSTEM, info.cycle_id)
    assert [a.status for a in appeals] == ["open"]
    assert appeals[0].body_name in SCOPE
    assert appeals[0].question_code
    db.dispose()


def test_demo_accounts_log_in(tmp_path: Path):
    db = _db(tmp_path)
    for account in ACCOUNTS:
        who = authenticate(db, account.username, account.password)
        assert who is not None
        assert who.role is account.role
        if account.role is Role.COORDINATOR:
            assert who.scope is not None
            assert len(who.scope) == len(COORDINATOR_SCOPE)
    assert authenticate(db, "admin", "salah-sandi") is None
    db.dispose()


def test_second_seed_changes_nothing(tmp_path: Path):
    db = _db(tmp_path)
    with db.read() as session:
        events = session.scalar(select(func.count(Event.id)))
    again = seed_demo(db)
    assert not again.seeded
    assert "tidak dibuat" in again.message
    assert [a.username for a in again.accounts] == [a.username for a in ACCOUNTS]
    with db.read() as session:
        assert session.scalar(select(func.count(Event.id))) == events
    assert "tidak dibuat" in report(again)
    assert "admin-demo" in report(again)
    db.dispose()


def test_seed_refuses_a_database_with_users(tmp_path: Path):
    from monev.accounts import add_user

    db = Database(f"sqlite:///{tmp_path / 'own.db'}")
    add_user(db, SYSTEM, username="kepala", password="Rahasia-Uji-2025!", role="admin")
    info = seed_demo(db)
    assert not info.seeded
    assert info.accounts == ()
    assert list_cycles(db, SYSTEM) == []
    db.dispose()


def test_cli_demo_prints_the_accounts(tmp_path: Path):
    out, err = io.StringIO(), io.StringIO()
    url = demo_copy(tmp_path)
    code = cli.main(["demo", "--database", url], out=out, err=err)
    assert code == 0, err.getvalue()
    text = out.getvalue()
    assert "tidak dibuat" in text
    for account in ACCOUNTS:
        assert account.username in text
        assert account.password in text
    assert "Kata sandi" in text


def test_deadlines_follow_the_day_the_demo_is_seeded(tmp_path: Path):
    """Seeded any day, the running cycle's SAQ deadline is weeks ahead (it was extended after
    the two late uploads, as the audit trail shows); the published cycle keeps its year's."""
    db = _db(tmp_path)
    _, info = demo_template()
    assert info.seeded_on is not None
    assert info.seeded_on >= today() - timedelta(days=1)  # seeded by this test process
    cycles = {c.id: c for c in list_cycles(db, SYSTEM)}
    running = {s.code: s.deadline for s in cycles[info.cycle_id].stages}
    assert running == {"saq": info.seeded_on + timedelta(days=21),
                       "visitasi": info.seeded_on + timedelta(days=56)}
    assert running["saq"] > today()
    published = {s.code: s.deadline for s in cycles[info.previous_cycle_id].stages}
    assert published == {"saq": date(2024, 7, 31), "visitasi": date(2024, 9, 30)}
    with db.read() as session:
        changes = [(e.old, e.new) for e in session.scalars(
            select(Event).where(Event.action == "stage.deadline",
                                Event.cycle_id == info.cycle_id,
                                Event.entity_id == "saq").order_by(Event.id))]
    missed = deadlines(info.seeded_on).saq_missed
    assert changes == [(None, missed.isoformat()),
                       (missed.isoformat(), running["saq"].isoformat())]
    db.dispose()


def test_an_upload_tried_in_the_demo_is_on_time(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch):
    """The koordinator re-uploads a questionnaire for one of their OPDs: accepted (with the
    unanswered questions named), no 'terlambat' anywhere, and the body stays 'submitted'."""
    url = demo_copy(tmp_path)
    monkeypatch.setenv("MONEV_DATABASE_URL", url)
    _, info = demo_template()
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, "koordinator", url)
    at.run()
    at.switch_page("ui/pages/coordinator.py").run()
    assert not at.exception, at.exception
    buffer = io.BytesIO()
    write_filled(presets().get("nasional-2025"), "opd", buffer, badan_publik=SCOPE[1],
                 answers={"1.8": "Ya"})
    at.file_uploader(key="coord_upload").set_value(
        [("dinkes-2025.xlsx", buffer.getvalue(), XLSX)]).run()
    at.button(key="coord_upload_go").click().run()
    assert not at.exception, at.exception
    files = frame_of(at, "Berkas")
    # Only 1.8 answered: accepted, with the blank questions named (W409, each scores 0).
    assert list(files["Status"]) == ["Diterima dengan peringatan"], files.to_dict()
    shown = "\n".join([str(v) for v in files.astype(str).to_numpy().ravel()]
                      + [str(e.value) for kind in ("markdown", "success", "warning", "info")
                         for e in at.get(kind)])
    assert "terlambat" not in shown.casefold()
    db = Database(url)
    status = {b.name: b.participation for b in list_bodies(db, SYSTEM, info.cycle_id)}
    assert status[SCOPE[1]] == "submitted"
    db.dispose()
    st.cache_resource.clear()
