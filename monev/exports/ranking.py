"""The ranking workbook (xlsx): a cover, a sheet per category with the predikat colours and
the change against the previous cycle, the methodology, and the score-change audit trail."""

from __future__ import annotations

from monev.exports import Export, Exported, Subject, Target
from monev.exports._gather import gather, size
from monev.permissions import Action, Actor, require
from monev.trail import score_changes
from monev.workspace import Workspace
from reports.data import RankingBook, ranking_categories
from reports.ranking_xlsx import write_ranking_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ranking_book(db: Workspace, actor: Actor, cycle_id: int, *,
                 audit: bool = True) -> RankingBook:
    """Everything the ranking workbook and annex show (also for a page to preview)."""
    with db.read() as session:
        require(session, actor, Action.EXPORT)
        g = gather(session, cycle_id)
        trail = tuple(score_changes(session, g.cycle, g.methodology)) if audit else ()
    return RankingBook(meta=g.meta, methodology=g.info,
                       categories=ranking_categories(g.results, g.info, g.previous),
                       audit=trail)


def file_name(subject: Subject) -> str:
    return subject.name("peringkat", suffix=".xlsx")


def export_ranking(db: Workspace, actor: Actor, cycle_id: int, target: Target) -> Exported:
    """The ranking workbook (xlsx): cover, a sheet per category, Metodologi, Audit."""
    book = ranking_book(db, actor, cycle_id)
    write_ranking_workbook(book, target)
    return Exported(file_name(Subject(book.meta.year, book.meta.ki)),
                    sum(len(c.rows) for c in book.categories), size(target))


EXPORT = Export(
    key="ranking", order=10, label="Unduh peringkat (Excel)", noun="buku kerja peringkat",
    help="Buku kerja peringkat: sampul, satu lembar per kategori dengan warna predikat dan "
         "perubahan, metodologi, dan jejak audit.",
    draft_help="Buku kerja peringkat hasil sementara (ditandai DRAF): sampul, satu lembar "
               "per kategori, metodologi, dan jejak audit.",
    file_name=file_name, media_type=XLSX, action=Action.EXPORT,
    produce=lambda db, actor, request, target: export_ranking(db, actor, request.cycle_id,
                                                              target))
