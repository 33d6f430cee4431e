"""Nilai tambahan: typed adjustments (−100…100 points) of a badan publik's final score.

Each (badan publik, bonus code) is an item of the append-only history
(:mod:`monev.history`): saving is checked against the seq the caller saw and the
publication (stage locks do not block bonuses); every bonus and withdrawal needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from monev.audit import user_name
from monev.bodies import load_body
from monev.cycles import ensure_changeable, load_cycle, methodology_of
from monev.errors import Conflict, UsageError
from monev.history import Item, appending, conflict, cycle_for_write, latest_rows
from monev.panel import parse_score, score_places
from monev.permissions import Action, Actor, require
from reports.formatting import score as score_text
from storage.db import Database
from storage.models import Bonus, utcnow


@dataclass(frozen=True, slots=True)
class BonusInfo:
    """A bonus (typed adjustment of the final score) as now stored."""

    cycle_id: int
    body_id: int
    code: str
    seq: int
    points: Decimal | None  # None when withdrawn
    old_points: Decimal | None
    withdrawn: bool
    reason: str
    changed_by: str
    changed_at: datetime
    changed: bool = True


def _bonus_code(code: str) -> str:
    code = code.strip()
    if not code or any(ch.isspace() for ch in code) or len(code) > 100:
        raise UsageError("Kode nilai tambahan wajib diisi, tanpa spasi "
                         "(mis. 'kehadiran_pimpinan').")
    return code


def _bonus_info(session: Session, row: Bonus, *, changed: bool = True) -> BonusInfo:
    return BonusInfo(
        cycle_id=row.cycle_id, body_id=row.badan_publik_id, code=row.code, seq=row.seq,
        points=row.points, old_points=row.old_points, withdrawn=row.withdrawn,
        reason=row.reason, changed_by=user_name(session, row.created_by_id),
        changed_at=row.created_at, changed=changed)


def _bonus_conflict(session: Session, item: Item, attempted: Any) -> Conflict:
    code = dict(item.keys)["code"]
    body = load_body(session, load_cycle(session, item.cycle_id), item.body_id)
    latest = item.latest(session)
    current = None if latest is None or latest.withdrawn else latest.points
    shown = score_text(current, empty="-")
    return conflict(session, latest, lambda who, at: (
        f"Nilai tambahan '{code}' untuk {body.name} sudah diubah oleh {who} ({at}); nilainya "
        f"kini {shown}. Periksa nilai terbaru, lalu simpan lagi bila masih perlu."),
        current=current, attempted=attempted)


def _save_bonus(db: Database, actor: Actor, cycle_id: int, body_id: int, code: str,
                points: Any, reason: str, expected_seq: int, withdraw: bool) -> BonusInfo:
    reason = reason.strip()
    with appending(db, _bonus_conflict, expected_seq) as write:
        session = write.session
        actor = require(session, actor, Action.BONUS)
        code = _bonus_code(code)
        if not reason:
            raise UsageError("Alasan nilai tambahan wajib diisi.")
        cycle = cycle_for_write(session, cycle_id)
        body = load_body(session, cycle, body_id)
        value = None if withdraw else parse_score(
            points, f"Nilai tambahan '{code}'", Decimal(-100),
            places=score_places(methodology_of(cycle)))
        ensure_changeable(session, cycle, None)
        latest = write.latest(Item(Bonus, cycle.id, body.id, (("code", code),)), value)
        current = None if latest is None or latest.withdrawn else latest.points
        if withdraw and current is None:
            raise UsageError(f"Belum ada nilai tambahan '{code}' untuk {body.name}; tidak "
                             f"ada yang dapat dicabut.")
        row = write.append(points=value, old_points=current, withdrawn=withdraw, reason=reason,
                           created_by_id=actor.id, created_at=utcnow())
        return _bonus_info(session, row)


def record_bonus(db: Database, actor: Actor, cycle_id: int, body_id: int, code: str,
                 points: Any, reason: str, *, expected_seq: int) -> BonusInfo:
    """Save a bonus (−100…100 points, at most 2 decimals — fewer when the methodology
    rounds to fewer; typed text is read as :func:`monev.panel.parse_score` reads it, e.g.
    ``2,5``; a reason is always required).

    Only publication blocks bonuses; stage locks do not. Raises :class:`Conflict` (someone
    saved since `expected_seq`), :class:`StageLocked` (published), :class:`NotFound`,
    :class:`UsageError` or :class:`PermissionDenied`.
    """
    return _save_bonus(db, actor, cycle_id, body_id, code, points, reason, expected_seq,
                       withdraw=False)


def withdraw_bonus(db: Database, actor: Actor, cycle_id: int, body_id: int, code: str,
                   reason: str, *, expected_seq: int) -> BonusInfo:
    """Withdraw a bonus (with a reason; errors as :func:`record_bonus`)."""
    return _save_bonus(db, actor, cycle_id, body_id, code, None, reason, expected_seq,
                       withdraw=True)


def bonuses(db: Database, actor: Actor, cycle_id: int, body_id: int) -> list[BonusInfo]:
    """The latest row of every bonus code of a badan publik, by code (withdrawn ones
    flagged, with the seq to save against). Raises :class:`NotFound` or
    :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        latest = latest_rows(session, Bonus, cycle.id, (Bonus.code,), body_id=body.id,
                             withdrawn=True)
        return [_bonus_info(session, latest[key]) for key in sorted(latest)]
