"""Penilaian panel: jurors' scores (0–100) of the aspects of a panel stage, and the
agreement between a stage's jurors (:func:`panel_agreement`).

Each (badan publik, stage, juror, aspect) is an item of the append-only history
(:mod:`monev.history`): saving is checked against the seq the caller saw, the stage lock and
the publication; changing or withdrawing a score needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monev.audit import name_in, user_name, user_names
from monev.bodies import load_body
from monev.cycles import ensure_changeable, load_cycle, methodology_of
from monev.errors import Conflict, UsageError
from monev.history import Item, appending, conflict, cycle_for_write, latest_rows
from monev.panel_agreement import FAR_POINTS, Agreement, Rating, agreement
from monev.permissions import Action, Actor, require
from questionnaires.model import Methodology, Stage, StageKind
from reports.formatting import NumberTextError, parse_decimal
from reports.formatting import plain as plain_number
from reports.formatting import score as score_text
from storage.db import Database
from storage.models import BadanPublik, PanelScore, utcnow

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PanelScoreInfo:
    """One juror's current score of one aspect (or the row just saved)."""

    cycle_id: int
    body_id: int
    stage: str
    juror: str
    aspect: str
    seq: int
    score: Decimal | None  # None when withdrawn
    old_score: Decimal | None
    withdrawn: bool
    reason: str
    changed_by: str
    changed_at: datetime
    changed: bool = True


def score_places(methodology: Methodology) -> int:
    """How many decimals a typed score may have: the methodology's rounding, at most the
    two that are stored."""
    return min(methodology.rounding.decimals, 2)


def _typed(value: Any) -> str:
    return " ".join(str(value).split())


def _point_hint(value: Any) -> str:
    return (" Tanda titik dibaca sebagai pemisah ribuan; untuk desimal pakai koma, "
            "mis. 85,5." if isinstance(value, str) and "." in value else "")


def parse_score(value: Any, what: str, low: Decimal = Decimal(0),
                high: Decimal = Decimal(100), *, places: int = 2) -> Decimal:
    """A score in [low, high] with at most `places` decimals, as a Decimal with 2 places.

    Text is read the Indonesian way (:func:`reports.formatting.parse_decimal`, Babel):
    ``85,5`` → 85.50, ``1.000,5`` → 1000.5 (out of range), ``85.5`` → 85.50 (a single point
    before one or two digits is a decimal point; ``85.500`` is 85500). Numbers (int,
    Decimal, float) are taken as they are. Raises :class:`UsageError` in Bahasa Indonesia
    naming `what` (e.g. "Nilai aspek Komitmen"): empty, not a number, too many decimals or
    out of range, with what was typed and how it was read.
    """
    if isinstance(value, bool) or value is None:
        raise UsageError(f"{what} wajib diisi dengan angka, mis. 85,5.")
    try:
        if isinstance(value, str):
            number = parse_decimal(value)
        elif isinstance(value, float):
            number = Decimal(str(value))
        else:
            number = Decimal(value)
    except NumberTextError as error:
        if error.kind == "empty":
            raise UsageError(f"{what} belum diisi; tulis angka, mis. 85,5.") from None
        raise UsageError(f"{what} '{_typed(value)}' bukan angka. Tulis angka dengan koma "
                         f"desimal, mis. 85,5.{_point_hint(value)}") from None
    except (InvalidOperation, TypeError, ValueError):
        raise UsageError(f"{what} '{_typed(value)}' bukan angka.") from None
    if not number.is_finite():
        raise UsageError(f"{what} '{_typed(value)}' bukan angka.")
    shown = _typed(value) if isinstance(value, str) else format(number, "f").replace(".", ",")
    if not low <= number <= high:
        raise UsageError(f"{what} harus antara {plain_number(low)} dan {plain_number(high)}; "
                         f"tertulis '{shown}'.{_point_hint(value)}")
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step):
        rounded = plain_number(number.quantize(step, ROUND_HALF_UP))
        if places == 0:
            raise UsageError(f"{what} '{shown}' harus bilangan bulat (tanpa angka "
                             f"desimal), mis. {rounded}.")
        raise UsageError(f"{what} '{shown}' memiliki lebih dari {places} angka "
                         f"desimal; bulatkan, mis. {rounded}.")
    return number.quantize(CENT)


def _panel_stage(methodology: Methodology, stage: str) -> Stage:
    found = methodology.stage_by_code.get(stage.strip())
    if found is None or found.kind is not StageKind.PANEL:
        known = ", ".join(f"{s.code} ({s.name})" for s in methodology.panel_stages) or "tidak ada"
        raise UsageError(f"Tahapan '{stage}' bukan tahapan penilaian panel siklus ini. "
                         f"Tahapan panel: {known}.")
    return found


def _aspect(methodology: Methodology, stage: Stage, aspect: str) -> str:
    aspects = methodology.indicators_of(stage.code)
    if aspect.strip() not in {i.code for i in aspects}:
        known = ", ".join(f"{i.code} ({i.name})" for i in aspects)
        raise UsageError(f"Aspek '{aspect}' tidak dinilai pada tahapan {stage.name}. "
                         f"Aspek: {known}.")
    return aspect.strip()


def _juror(juror: str) -> str:
    name = " ".join(juror.split())
    if not name:
        raise UsageError("Nama juri wajib diisi.")
    return name


def _panel_info(session: Session, row: PanelScore, *, changed: bool = True) -> PanelScoreInfo:
    return PanelScoreInfo(
        cycle_id=row.cycle_id, body_id=row.badan_publik_id, stage=row.stage_code,
        juror=row.juror, aspect=row.aspect, seq=row.seq, score=row.score,
        old_score=row.old_score, withdrawn=row.withdrawn, reason=row.reason,
        changed_by=user_name(session, row.created_by_id), changed_at=row.created_at,
        changed=changed)


def _score_conflict(session: Session, item: Item, attempted: Any) -> Conflict:
    keys = dict(item.keys)
    body = load_body(session, load_cycle(session, item.cycle_id), item.body_id)
    latest = item.latest(session)
    current = None if latest is None or latest.withdrawn else latest.score
    shown = score_text(current, empty="-")
    return conflict(session, latest, lambda who, at: (
        f"Nilai juri {keys['juror']} untuk aspek {keys['aspect']} ({body.name}) sudah diubah "
        f"oleh {who} ({at}); nilainya kini {shown}. Periksa nilai terbaru, lalu simpan lagi "
        f"bila masih perlu."), current=current, attempted=attempted)


def _save_panel(db: Database, actor: Actor, cycle_id: int, body_id: int, stage: str,
                juror: str, aspect: str, score: Any, reason: str, expected_seq: int,
                withdraw: bool) -> PanelScoreInfo:
    reason = reason.strip()
    with appending(db, _score_conflict, expected_seq) as write:
        session = write.session
        actor = require(session, actor, Action.SCORE_PANEL)
        juror = _juror(juror)
        cycle = cycle_for_write(session, cycle_id)
        body = load_body(session, cycle, body_id)
        methodology = methodology_of(cycle)
        stage_ = _panel_stage(methodology, stage)
        aspect_ = _aspect(methodology, stage_, aspect)
        aspect_name = methodology.indicator_by_code[aspect_].name
        value = None if withdraw else parse_score(
            score, f"Nilai aspek {aspect_name}",
            places=score_places(methodology))
        ensure_changeable(session, cycle, stage_.code)
        latest = write.latest(Item(PanelScore, cycle.id, body.id, (
            ("stage_code", stage_.code), ("juror", juror), ("aspect", aspect_))), value)
        current = None if latest is None or latest.withdrawn else latest.score
        if withdraw:
            if current is None:
                raise UsageError(f"Belum ada nilai juri {juror} untuk aspek {aspect_name}; "
                                 f"tidak ada yang dapat dicabut.")
            if not reason:
                raise UsageError("Alasan pencabutan nilai panel wajib diisi.")
        elif current is not None:
            if value == current and reason in ("", latest.reason):
                return _panel_info(session, latest, changed=False)
            if value != current and not reason:
                raise UsageError(
                    f"Alasan wajib diisi untuk mengubah nilai juri {juror} aspek "
                    f"{aspect_name} dari {score_text(current)} menjadi {score_text(value)}.")
        row = write.append(score=value, old_score=current, withdrawn=withdraw, reason=reason,
                           created_by_id=actor.id, created_at=utcnow())
        return _panel_info(session, row)


def record_panel_score(db: Database, actor: Actor, cycle_id: int, body_id: int, stage: str,
                       juror: str, aspect: str, score: Any, *, expected_seq: int,
                       reason: str = "") -> PanelScoreInfo:
    """Save one juror's score (0–100, at most 2 decimals) of one aspect of a panel stage.

    A reason is required when an existing score is changed; saving the same score again
    without a new reason changes nothing (``changed`` False). Raises :class:`Conflict`
    (someone saved since `expected_seq`), :class:`StageLocked`, :class:`NotFound`,
    :class:`UsageError` or :class:`PermissionDenied`.
    """
    return _save_panel(db, actor, cycle_id, body_id, stage, juror, aspect, score, reason,
                       expected_seq, withdraw=False)


def withdraw_panel_score(db: Database, actor: Actor, cycle_id: int, body_id: int, stage: str,
                         juror: str, aspect: str, reason: str, *,
                         expected_seq: int) -> PanelScoreInfo:
    """Withdraw one juror's score of one aspect (with a reason; errors as
    :func:`record_panel_score`)."""
    return _save_panel(db, actor, cycle_id, body_id, stage, juror, aspect, None, reason,
                       expected_seq, withdraw=True)


def panel_scores(db: Database, actor: Actor, cycle_id: int,
                 body_id: int) -> list[PanelScoreInfo]:
    """The current score of every (stage, juror, aspect) of a badan publik, with its seq,
    in the methodology's stage and aspect order (jurors by name).

    A score whose latest row is a withdrawal is listed with ``withdrawn`` True and score
    None, so that a page still knows the seq to save a new score against. Raises
    :class:`NotFound` or :class:`PermissionDenied`.
    """
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        methodology = methodology_of(cycle)
        latest = latest_rows(session, PanelScore, cycle.id, (
            PanelScore.stage_code, PanelScore.juror, PanelScore.aspect), body_id=body.id,
            withdrawn=True)
        stage_order = {s.code: n for n, s in enumerate(methodology.stages)}
        aspect_order = {i.code: n for n, i in enumerate(methodology.indicators)}
        names = user_names(session)
        out = []
        for (stage, juror, aspect), row in sorted(latest.items(), key=lambda kv: (
                stage_order.get(kv[0][0], 99), kv[0][1].casefold(),
                aspect_order.get(kv[0][2], 99))):
            out.append(PanelScoreInfo(
                cycle_id=cycle.id, body_id=body.id, stage=stage, juror=juror, aspect=aspect,
                seq=row.seq, score=row.score, old_score=row.old_score, withdrawn=row.withdrawn,
                reason=row.reason, changed_by=name_in(names, row.created_by_id),
                changed_at=row.created_at))
        return out


@dataclass(frozen=True, slots=True)
class StageAgreement:
    """Agreement between the jurors of one panel stage of a cycle (all its badan publik)."""

    stage: str
    agreement: Agreement
    body_names: dict[int, str]  # badan publik id → name, for the far scores


def panel_agreement(db: Database, actor: Actor, cycle_id: int, stage: str, *,
                    threshold: Decimal = FAR_POINTS) -> StageAgreement:
    """Krippendorff's alpha (interval) between the jurors of a panel stage over every badan
    publik of the cycle, and the scores far from the other jurors' (more than `threshold`
    points from their median): see :mod:`monev.panel_agreement` for the rules. Current
    scores only (withdrawn ones left out). Raises :class:`UsageError` (not a panel stage),
    :class:`NotFound` or :class:`PermissionDenied`.
    """
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        stage_ = _panel_stage(methodology_of(cycle), stage)
        latest = latest_rows(session, PanelScore, cycle.id, (
            PanelScore.badan_publik_id, PanelScore.stage_code, PanelScore.juror,
            PanelScore.aspect))
        ratings = [Rating(body, aspect, juror, row.score)
                   for (body, code, juror, aspect), row in latest.items()
                   if code == stage_.code and row.score is not None]
        found = agreement(ratings, threshold=threshold)
        ids = {f.body for f in found.far}
        names = {id_: name for id_, name in session.execute(
            select(BadanPublik.id, BadanPublik.name).where(BadanPublik.id.in_(ids)))}
        return StageAgreement(stage_.code, found, names)
