"""A small two-year monev (mini methodology) with everything the reports show: verified and
lowered answers, an appeal, jurors' scores with a correction, a bonus, a badan publik
whose name looks like a formula, one without data dukung, one that never submitted, a
second category, and a published previous cycle to compare with.

Expected outcomes of the 2025 cycle (SAQ 80 % + panel 20 %, panel gate SAQ ≥ 60):

=====================  ========  =====  =====  =====================  ====
badan publik           category  SAQ    panel  final                  rank
=====================  ========  =====  =====  =====================  ====
Dinas Arsip            opd       100    85     98,00 (+1 bonus)       1
Dinas Bina Marga       opd       68     85     71,40 Cukup            2
=HYPERLINK("…")        opd       40     0      32,00 Tidak            3
Dinas Diam             opd       –      –      Tidak mengisi SAQ      –
Desa Maju              desa      100    –      80,00 Menuju           1
=====================  ========  =====  =====  =====================  ====
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from monev.accounts import actor_for, add_user
from monev.appeals import decide_appeal, file_appeal
from monev.bodies import register_body, set_participation
from monev.bonuses import record_bonus
from monev.cycles import create_cycle, load_cycle
from monev.outcomes.publication import publish
from monev.panel import record_panel_score
from monev.permissions import SYSTEM, Actor
from monev.verification import verify_answer
from questionnaires.loader import Registry
from storage.db import Database
from storage.models import Answer, BadanPublik, Submission
from storage.queries import value_to_json

EVIL = '=HYPERLINK("http://contoh.invalid/x","klik")'
FULL = {"1.1": True, "1.2": frozenset({"a", "b", "c"}), "2.1": 2}
LINK = "https://ppid.example.go.id/dok"


@dataclass
class World:
    db: Database
    previous_id: int
    cycle_id: int
    bodies: dict[str, int]
    verifier: Actor
    official: Actor
    coordinator: Actor


def submit(db: Database, cycle_id: int, body_id: int, answers: Mapping[str, Any],
           evidence: Mapping[str, str] | None = None, *, uploaded_by: int | None = None) -> None:
    """Store a submission as the import service would, and mark the BP submitted."""
    evidence = {code: LINK for code in answers} if evidence is None else evidence
    with db.transaction() as session:
        version = (session.scalar(select(func.max(Submission.version)).where(
            Submission.cycle_id == cycle_id, Submission.badan_publik_id == body_id)) or 0) + 1
        row = Submission(cycle_id=cycle_id, badan_publik_id=body_id, version=version,
                         file_name=f"bp-{body_id}.xlsx", uploaded_by_id=uploaded_by,
                         sha256=hashlib.sha256(f"{cycle_id}/{body_id}/{version}".encode())
                         .hexdigest())
        session.add(row)
        session.flush()
        for code, value in answers.items():
            session.add(Answer(submission_id=row.id, question_code=code,
                               value=value_to_json(value), evidence=evidence.get(code, "")))
        set_participation(session, SYSTEM, load_cycle(session, cycle_id),
                          session.get(BadanPublik, body_id), "submitted")


def make_world(db: Database, registry: Registry) -> World:
    for username, role, name in (("verif", "evaluator", "Verifikator Satu"),
                                 ("pejabat", "pejabat", "Ibu Pejabat")):
        add_user(db, SYSTEM, username=username, password="Rahasia-Uji-2025!", role=role,
                 display_name=name)
    previous = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2024,
                            registry=registry)
    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Uji", year=2025,
                         previous_cycle_id=previous.id, registry=registry)
    bodies: dict[str, int] = {}
    for name, category, region in (("Dinas Arsip", "opd", "Kota Uji"),
                                   ("Dinas Bina Marga", "opd", "Kota Uji"),
                                   (EVIL, "opd", "-Wilayah"),
                                   ("Dinas Diam", "opd", ""),
                                   ("Desa Maju", "desa", "Kec. Uji")):
        bodies[name] = register_body(db, SYSTEM, cycle.id, name=name, category=category,
                                     region=region, status="registered").id
    add_user(db, SYSTEM, username="ppid", password="Rahasia-Uji-2025!", role="koordinator",
             display_name="PPID Bina Marga", scope=[bodies["Dinas Bina Marga"]])
    verifier, official = actor_for(db, "verif"), actor_for(db, "pejabat")
    coordinator = actor_for(db, "ppid")

    # 2024: Dinas Arsip 44,80 (rank 2), Dinas Bina Marga 80,00 (rank 1); published.
    for name in ("Dinas Arsip", "Dinas Bina Marga"):
        register_body(db, SYSTEM, previous.id, name=name, category="opd")
    submit(db, previous.id, bodies["Dinas Arsip"],
           {"1.1": True, "1.2": frozenset({"a"}), "2.1": 1})
    submit(db, previous.id, bodies["Dinas Bina Marga"], FULL)
    publish(db, SYSTEM, previous.id)

    # 2025
    submit(db, cycle.id, bodies["Dinas Arsip"], FULL, uploaded_by=None)
    submit(db, cycle.id, bodies["Dinas Bina Marga"], {**FULL, "2.1": 1},
           uploaded_by=coordinator.id)
    submit(db, cycle.id, bodies[EVIL], {"1.1": True, "1.2": None, "2.1": 2},
           {"2.1": LINK})  # 1.1 without data dukung, 1.2 not answered
    submit(db, cycle.id, bodies["Desa Maju"], {"1.1": True, "1.2": frozenset({"a", "b", "c"}),
                                               "2.2": True})
    arsip, bina = bodies["Dinas Arsip"], bodies["Dinas Bina Marga"]
    verify_answer(db, verifier, cycle.id, arsip, "1.1", "Ya", expected_seq=0)
    verify_answer(db, verifier, cycle.id, bina, "1.2", "a, b", "LRA tidak ditemukan di situs",
                  expected_seq=0)
    appeal = file_appeal(db, coordinator, cycle.id, bina, "LRA ada di menu anggaran",
                         question_code="1.2", evidence="https://ppid.example.go.id/lra")
    decide_appeal(db, verifier, appeal.id, False, "Tautan mengarah ke LRA tahun lalu",
                  expected_version=appeal.version)
    for body, scores in ((arsip, (("j1", 90), ("j2", 70))), (bina, (("j1", 80), ("j2", 90)))):
        for juror, value in scores:
            record_panel_score(db, verifier, cycle.id, body, "panel", juror, "K", value,
                               expected_seq=0)
    record_panel_score(db, verifier, cycle.id, arsip, "panel", "j2", "K", 80,
                       expected_seq=1, reason="Salah input nilai juri 2")
    record_bonus(db, verifier, cycle.id, arsip, "hadir", 1, "Pimpinan hadir langsung",
                 expected_seq=0)
    return World(db, previous.id, cycle.id, bodies, verifier, official, coordinator)

