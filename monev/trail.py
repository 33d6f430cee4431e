"""The score trail of a whole cycle: every change that can move a score, with who, when,
old, new and why — for the Audit sheet of the ranking workbook.

It reads the append-only history tables (verifications incl. those decided in the masa
sanggah, panel scores, bonuses: every row, withdrawals too) and the audit events that
change what is scored (uploads, participation, appeals, locks, publication and
reopening, a website-monitoring run that changed a monitoring stage's score), in a handful
of queries for the whole cycle, oldest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.audit import name_in, user_names
from monev.cycles import load_cycle, methodology_of
from monev.outcomes.projection import MONITORING_SCORE
from monev.permissions import Action, Actor, require
from questionnaires.answers import display_value
from questionnaires.model import Methodology
from reports import formatting as fmt
from reports.data import AuditRow
from storage.db import Database
from storage.models import Appeal, BadanPublik, Bonus, Cycle, Event, PanelScore, Verification
from storage.queries import value_from_json

PARTICIPATION_LABELS = {"invited": "Diundang", "registered": "Terdaftar",
                        "submitted": "Mengisi SAQ", "late": "Terlambat",
                        "not_submitted": "Tidak mengisi SAQ"}
APPEAL_LABELS = {"open": "Diajukan", "accepted": "Diterima", "rejected": "Ditolak",
                 "withdrawn": "Dicabut"}
CYCLE_LABELS = {"open": "Berjalan", "published": "Ditetapkan"}

# Audit events that change what is scored, with their label.
EVENT_LABELS = {
    "import": "Unggahan SAQ",
    "participation": "Status keikutsertaan",
    "appeal.file": "Sanggah diajukan",
    "appeal.decide": "Sanggah diputus",
    "stage.lock": "Tahapan dikunci",
    "stage.unlock": "Kunci tahapan dibuka",
    "cycle.publish": "Penetapan hasil",
    "cycle.reopen": "Hasil dibuka kembali",
    "cycle.restore": "Pemulihan data",
    MONITORING_SCORE: "Pemantauan situs",
}
# Who changed a score when a monitoring run no account started did (the CLI as the system).
MONITORING_SYSTEM = "Sistem (pemantauan situs)"
_ORDER = {"verification": 2, "panel": 3, "bonus": 4, "event": 1}


def _event_value(action: str, value: Any) -> str | None:
    if value is None:
        return None
    if action == "participation":
        return PARTICIPATION_LABELS.get(str(value), str(value))
    if action == "appeal.decide":
        return APPEAL_LABELS.get(str(value), str(value))
    if action in ("cycle.publish", "cycle.reopen"):
        return CYCLE_LABELS.get(str(value), str(value))
    if action in ("stage.lock", "stage.unlock"):
        return "terkunci" if value else "terbuka"
    if action == "import":
        if isinstance(value, Mapping):
            text = f"versi {value.get('version', '?')}: {value.get('file', '')}".rstrip(": ")
            return text + (" (terlambat)" if value.get("late") else "")
        return f"versi {value}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _monitored(value: Any, stage_names: Mapping[str, str]) -> str | None:
    """A monitoring run's scores of one body (``{"tahapan": {code: score}, "nilai_akhir":
    …, "predikat": …}``) as read: ``44,44; nilai akhir 68,89 (Cukup Informatif)``; a stage
    never monitored reads "belum dipantau"; each stage by name when there are several."""
    if not isinstance(value, Mapping):
        return None
    stages = value.get("tahapan") or {}
    parts = []
    for code, stage_score in stages.items():
        shown = "belum dipantau" if stage_score is None else fmt.score(Decimal(stage_score))
        parts.append(shown if len(stages) == 1 else f"{stage_names.get(code, code)} {shown}")
    final = value.get("nilai_akhir")
    band = value.get("predikat")
    parts.append("nilai akhir " + ("-" if final is None else fmt.score(Decimal(final)))
                 + (f" ({band})" if band else ""))
    return "; ".join(parts)


def score_changes(session: Session, cycle: Cycle,
                  methodology: Methodology | None = None) -> list[AuditRow]:
    """Every score-relevant change of the cycle, oldest first."""
    methodology = methodology or methodology_of(cycle)
    names = user_names(session)
    category_names = {c.code: c.name for c in methodology.categories}
    bodies = {bid: (name, category_names.get(category, category))
              for bid, name, category in session.execute(
        select(BadanPublik.id, BadanPublik.name, BadanPublik.category)
        .where(BadanPublik.ki == cycle.ki))}
    questions = {q.code: q for q in methodology.questions}
    stage_names = {s.code: s.name for s in methodology.stages}
    aspect_names = {i.code: i.name for i in methodology.indicators}
    appeals = {aid: (body_id, question) for aid, body_id, question in session.execute(
        select(Appeal.id, Appeal.badan_publik_id, Appeal.question_code)
        .where(Appeal.cycle_id == cycle.id))}
    found: list[tuple[datetime, int, int, AuditRow]] = []

    def body(body_id: int | None) -> tuple[str, str]:
        found = bodies.get(body_id)  # type: ignore[arg-type]
        if found is None:
            return ("", "") if body_id is None else (f"#{body_id}", "")
        return found

    shown: dict[tuple[str, str], str] = {}

    def show(code: str, stored: Any) -> str:
        key = (code, repr(stored))
        text = shown.get(key)
        if text is None:
            question = questions.get(code)
            value = value_from_json(stored)
            text = display_value(question, value) if question else (
                "-" if value is None else str(value))
            shown[key] = text
        return text

    for (rid, at, body_id, code, value, old, withdrawn, reason, phase,
         by) in session.execute(select(
            Verification.id, Verification.created_at, Verification.badan_publik_id,
            Verification.question_code, Verification.value, Verification.old_value,
            Verification.withdrawn, Verification.reason, Verification.phase,
            Verification.created_by_id).where(Verification.cycle_id == cycle.id)):
        name, category = body(body_id)
        if withdrawn:
            kind, new = "Verifikasi dicabut", "(kembali ke jawaban mandiri)"
        else:
            kind = "Verifikasi (sanggah)" if phase == "sanggah" else "Verifikasi"
            new = show(code, value)
        found.append((at, _ORDER["verification"], rid, AuditRow(
            at=at, kind=kind, body=name, category=category, item=code,
            old=show(code, old), new=new, reason=reason or "", by=name_in(names, by))))

    for (rid, at, body_id, stage, juror, aspect, score, old, withdrawn, reason,
         by) in session.execute(select(
            PanelScore.id, PanelScore.created_at, PanelScore.badan_publik_id,
            PanelScore.stage_code, PanelScore.juror, PanelScore.aspect, PanelScore.score,
            PanelScore.old_score, PanelScore.withdrawn, PanelScore.reason,
            PanelScore.created_by_id).where(PanelScore.cycle_id == cycle.id)):
        name, category = body(body_id)
        item = (f"{stage_names.get(stage, stage)} · {juror} · "
                f"{aspect_names.get(aspect, aspect)}")
        found.append((at, _ORDER["panel"], rid, AuditRow(
            at=at, kind="Nilai panel dicabut" if withdrawn else "Nilai panel", body=name,
            category=category, item=item, old=_decimal(old),
            new=None if withdrawn else _decimal(score), reason=reason or "",
            by=name_in(names, by))))

    for (rid, at, body_id, code, points, old, withdrawn, reason, by) in session.execute(select(
            Bonus.id, Bonus.created_at, Bonus.badan_publik_id, Bonus.code, Bonus.points,
            Bonus.old_points, Bonus.withdrawn, Bonus.reason, Bonus.created_by_id)
            .where(Bonus.cycle_id == cycle.id)):
        name, category = body(body_id)
        found.append((at, _ORDER["bonus"], rid, AuditRow(
            at=at, kind="Nilai tambahan dicabut" if withdrawn else "Nilai tambahan",
            body=name, category=category, item=code, old=_decimal(old),
            new=None if withdrawn else _decimal(points), reason=reason or "",
            by=name_in(names, by))))

    for (rid, at, action, entity, entity_id, old, new, reason, by) in session.execute(select(
            Event.id, Event.at, Event.action, Event.entity, Event.entity_id, Event.old,
            Event.new, Event.reason, Event.user_id).where(
            Event.cycle_id == cycle.id, Event.action.in_(list(EVENT_LABELS)))):
        name, category, item = "", "", ""
        if entity == "badan_publik" and entity_id.isdigit():
            name, category = body(int(entity_id))
        elif action == "import" and isinstance(new, Mapping):
            name, category = body(new.get("badan_publik_id"))
            item = "SAQ"
        elif entity == "appeal":
            body_id, question = appeals.get(int(entity_id) if entity_id.isdigit() else -1,
                                            (None, None))
            name, category = body(body_id)
            item = f"sanggah #{entity_id}" + (f", butir {question}" if question else "")
            if action == "appeal.file":
                new = None
        elif entity == "stage":
            item = stage_names.get(entity_id, entity_id)
        elif entity == "cycle":
            item = cycle.title
        if action == MONITORING_SCORE:  # a finished website-monitoring run
            codes = (new or old or {}).get("tahapan") or {}
            item = ", ".join(stage_names.get(code, code) for code in codes)
            found.append((at, _ORDER["event"], rid, AuditRow(
                at=at, kind=EVENT_LABELS[action], body=name, category=category, item=item,
                old=_monitored(old, stage_names), new=_monitored(new, stage_names),
                reason=reason or "",
                by=MONITORING_SYSTEM if by is None else name_in(names, by))))
            continue
        found.append((at, _ORDER["event"], rid, AuditRow(
            at=at, kind=EVENT_LABELS[action], body=name, category=category, item=item,
            old=_event_value(action, old), new=_event_value(action, new),
            reason=reason or "", by=name_in(names, by))))

    found.sort(key=lambda t: (t[0], t[1], t[2]))
    return [row for *_, row in found]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def score_trail(db: Database, actor: Actor, cycle_id: int) -> list[AuditRow]:
    """The cycle's score trail (for evaluators, officials and admins)."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        return score_changes(session, load_cycle(session, cycle_id))
