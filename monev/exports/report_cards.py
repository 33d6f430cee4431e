"""Every report card of a cycle (or of one category) in one ZIP, a folder per category."""

from __future__ import annotations

from monev.errors import UsageError
from monev.exports import Export, Exported, Subject, Target
from monev.exports._gather import cards, gather, size
from monev.permissions import Action, Actor, require
from monev.workspace import Workspace
from reports.report_card import write_report_cards_zip


def file_name(subject: Subject) -> str:
    return subject.name("rapor", suffix=".zip")


def export_report_cards(db: Workspace, actor: Actor, cycle_id: int, target_zip: Target, *,
                        category: str | None = None, workers: int = 1) -> Exported:
    """Every report card of the cycle (or of one category) as one ZIP, a folder per
    category, named ``<kategori>/<badan-publik>-<id>.pdf``.

    Rendering takes about 40 ms per card; ``workers > 1`` renders in that many processes
    (e.g. ``os.cpu_count()`` from the CLI).
    """
    with db.read() as session:
        require(session, actor, Action.EXPORT)
        g = gather(session, cycle_id, True)
    if category is not None and category not in {c.code for c in g.methodology.categories}:
        raise UsageError(f"Kategori '{category}' tidak dikenal dalam metodologi siklus ini.")
    count = write_report_cards_zip(cards(g, category=category), target_zip, workers=workers)
    return Exported(file_name(Subject(g.cycle.year, g.cycle.ki)), count, size(target_zip))


EXPORT = Export(
    key="report-cards", order=30, label="Rapor semua badan publik (ZIP)",
    noun="rapor semua badan publik",
    help="Satu rapor PDF per badan publik, dikelompokkan per kategori: nilai, indikator "
         "dibanding rata-rata kategori, butir yang kehilangan nilai, dan yang diperlukan "
         "untuk predikat berikutnya.",
    file_name=file_name, media_type="application/zip", action=Action.EXPORT,
    icon=":material/folder_zip:",
    produce=lambda db, actor, request, target: export_report_cards(
        db, actor, request.cycle_id, target, workers=request.workers))
