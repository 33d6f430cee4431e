"""A stage a ranked badan publik has no score for (a late body, or one the jurors have not
scored) is explained in the decree annex instead of a bare "–" that counts as 0 (mini
world: Desa Maju has SAQ 100 and no panel scores; mini counts a missing stage as 0, so its
final is 80,00)."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader
from reports_world import World

from monev.exports.ranking import ranking_book
from monev.exports.ranking_pdf import export_ranking_pdf
from reports.ranking_pdf import render_ranking_pdf


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def test_the_annex_says_a_stage_without_scores_was_not_scored_and_counts_zero(
        world: World) -> None:
    buffer = io.BytesIO()
    export_ranking_pdf(world.db, world.official, world.cycle_id, buffer, categories=["desa"])
    text = pdf_text(buffer.getvalue())
    assert "1 Desa Maju 100,00 0,00** tidak dinilai 80,00" in text
    assert ("** Presentasi: tidak dinilai — tidak ada nilai tahapan ini; 1 badan publik, "
            "nilai tahapannya dihitung 0,00 sesuai metodologi.") in text
    assert "–" not in text.split("Kategori Desa", 1)[1]  # no bare dash in the table


def test_a_category_where_everyone_has_every_stage_has_no_such_note(world: World) -> None:
    buffer = io.BytesIO()
    export_ranking_pdf(world.db, world.official, world.cycle_id, buffer, categories=["opd"])
    text = pdf_text(buffer.getvalue())
    assert "tidak dinilai —" not in text
    assert "**" not in text


def test_with_renormalised_weights_the_annex_says_so(world: World) -> None:
    """A methodology that shares a missing stage's weight out prints the dash, not 0,00."""
    book = ranking_book(world.db, world.official, world.cycle_id)
    stages = tuple(replace(s, missing="bobot dibagi ulang atas tahapan yang diikuti")
                   for s in book.methodology.stages)
    book = replace(book, methodology=replace(book.methodology, stages=stages))
    text = pdf_text(render_ranking_pdf(book, categories=["desa"]))
    assert "1 Desa Maju 100,00 –** tidak dinilai 80,00" in text
    assert ("** Presentasi: tidak dinilai — tidak ada nilai tahapan ini; 1 badan publik, "
            "bobot tahapan ini dibagi ulang atas tahapan yang diikuti sesuai metodologi.") \
        in text
