"""The ranking per category as a PDF for the annex of the KI's decree (all categories or
the chosen ones), with an optional decree number and signature block."""

from __future__ import annotations

from collections.abc import Sequence

from monev.errors import UsageError
from monev.exports import Export, Exported, Option, Request, Subject, Target
from monev.exports._gather import emit
from monev.exports.ranking import ranking_book
from monev.permissions import Action, Actor
from monev.workspace import Workspace
from reports.ranking_pdf import render_ranking_pdf
from reports.safety import slug


def file_name(subject: Subject, categories: Sequence[str] | None = None) -> str:
    one = (slug(categories[0], 30),) if categories and len(categories) == 1 else ()
    return subject.name("lampiran-peringkat", *one, suffix=".pdf")


def export_ranking_pdf(db: Workspace, actor: Actor, cycle_id: int, target: Target, *,
                       categories: Sequence[str] | None = None, decree_number: str = "",
                       signatory: str = "", signatory_title: str = "",
                       place: str = "") -> Exported:
    """The ranking per category as a PDF for the decree annex (all categories, or the
    given category codes), with an optional decree number and signature block."""
    book = ranking_book(db, actor, cycle_id, audit=False)
    known = {c for c, _ in book.methodology.categories}
    unknown = sorted(set(categories or ()) - known)
    if unknown:
        raise UsageError(f"Kategori tidak dikenal: {', '.join(unknown)}. Yang ada: "
                         f"{', '.join(sorted(known))}.")
    data = render_ranking_pdf(book, categories=categories, decree_number=decree_number,
                              signatory=signatory, signatory_title=signatory_title,
                              place=place)
    count = sum(len(c.rows) for c in book.categories
                if categories is None or c.code in categories)
    return Exported(file_name(Subject(book.meta.year, book.meta.ki), categories), count,
                    emit(target, data))


def _produce(db: Workspace, actor: Actor, request: Request, target: Target) -> Exported:
    options = request.options
    categories = options.get("category")
    return export_ranking_pdf(
        db, actor, request.cycle_id, target,
        categories=(categories,) if isinstance(categories, str) else categories,
        decree_number=str(options.get("decree_number", "")),
        signatory=str(options.get("signatory", "")),
        signatory_title=str(options.get("signatory_title", "")),
        place=str(options.get("place", "")))


EXPORT = Export(
    key="ranking-pdf", order=20, label="Lampiran keputusan (PDF)",
    noun="lampiran peringkat",
    help="Peringkat per kategori dalam satu PDF A4 untuk lampiran keputusan penetapan.",
    file_name=file_name, media_type="application/pdf", action=Action.EXPORT,
    icon=":material/picture_as_pdf:", produce=_produce, options=(
        Option("category", "kode kategori yang dimuat, dipisah koma (bawaan: semua)",
               metavar="KODE,KODE", many=True),
        Option("decree_number", "nomor keputusan pada lampiran", metavar="NOMOR"),
        Option("signatory", "nama penanda tangan lampiran", metavar="NAMA"),
        Option("signatory_title", "jabatan penanda tangan", metavar="JABATAN"),
        Option("place", "tempat penetapan pada blok tanda tangan", metavar="TEMPAT")))
