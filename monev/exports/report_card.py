"""The report card (PDF) of one badan publik: its scores against its category's average,
what it lost and why, and what it takes to reach the next predikat."""

from __future__ import annotations

from collections.abc import Sequence

from monev.cycles import load_cycle
from monev.errors import NotFound, PermissionDenied
from monev.exports import Export, Exported, Request, Subject, Target
from monev.exports._gather import cards, emit, gather
from monev.permissions import Action, Actor, allowed, require
from monev.workspace import Workspace
from reports.data import ReportCard
from reports.report_card import render_report_card
from reports.safety import slug


def report_cards(db: Workspace, actor: Actor, cycle_id: int, *,
                 body_ids: Sequence[int] | None = None) -> list[ReportCard]:
    """The report cards' data (all badan publik of the cycle, or the given ones)."""
    with db.read() as session:
        require(session, actor, Action.EXPORT)
        g = gather(session, cycle_id, True if body_ids is None else set(body_ids))
    return list(cards(g, None if body_ids is None else set(body_ids)))


def file_name(subject: Subject) -> str:
    """``rapor-monev-kip-2025-ki-x-dinas-kominfo-12-2025-11-29.pdf``: unique by body id."""
    return subject.name("rapor", slug(subject.body_name), str(subject.body_id), suffix=".pdf")


def export_report_card(db: Workspace, actor: Actor, cycle_id: int, body_id: int,
                       target: Target) -> Exported:
    """The report card (PDF) of one badan publik.

    A koordinator PPID may download the cards of the badan publik in their scope once the
    results are published (before that, scores are not theirs to see).
    """
    with db.read() as session:
        actor = require(session, actor, Action.REPORT_CARD, bodies=[body_id])
        if not allowed(actor, Action.VIEW_SCORES) and (
                load_cycle(session, cycle_id).status != "published"):
            raise PermissionDenied("Rapor badan publik dapat diunduh koordinator PPID setelah "
                                   "hasil siklus ditetapkan.")
        g = gather(session, cycle_id, {body_id})
    found = list(cards(g, {body_id}))
    if not found:
        raise NotFound(f"Badan publik dengan id {body_id} tidak ikut dalam siklus "
                       f"'{g.cycle.title}'.")
    card = found[0]
    size = emit(target, render_report_card(card))
    return Exported(file_name(Subject(g.cycle.year, g.cycle.ki, body_id, card.name)), 1, size)


def _produce(db: Workspace, actor: Actor, request: Request, target: Target) -> Exported:
    assert request.body_id is not None  # Export.run refuses a request without one
    return export_report_card(db, actor, request.cycle_id, request.body_id, target)


EXPORT = Export(
    key="report-card", order=40, label="Unduh rapor (PDF)", noun="rapor",
    help="Rapor satu badan publik: nilai, indikator dibanding rata-rata kategori, butir yang "
         "kehilangan nilai, dan yang diperlukan untuk predikat berikutnya.",
    file_name=file_name, media_type="application/pdf", action=Action.REPORT_CARD,
    icon=":material/picture_as_pdf:", produce=_produce, needs_body=True)
