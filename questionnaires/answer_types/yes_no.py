"""``yes_no``: *Ya* earns all the question's points, *Tidak* none.

Typed as ``Ya``/``Tidak`` and their many spellings (:func:`~questionnaires.aliases.parse_yes_no`:
``ya``, ``Y``, ``1``, ``✓``, ``tidak ada`` …); the value is ``True`` for Ya.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING, Any

from questionnaires import layout
from questionnaires.aliases import parse_yes_no
from questionnaires.answer_types.base import (
    YES_NO_OPTIONS,
    AnswerTypeSpec,
    Dropdown,
    Scorer,
    Widget,
    typed_cell,
    yes_no_dropdown,
)

if TYPE_CHECKING:
    from questionnaires.model import Question

ZERO = Decimal(0)

# Reasons a verifikator gives when turning a Ya into a Tidak (demo).
LOWER_REASONS = ("Tautan data dukung tidak dapat dibuka saat verifikasi.",
                 "Dokumen pada tautan belum ditetapkan (tanpa tanda tangan dan nomor).")


class YesNo(AnswerTypeSpec):
    """Ya/Tidak."""

    name = "yes_no"
    label = "Ya/Tidak"

    def definition_problem(self, question: Question) -> str:
        if question.scale or question.items:
            return "pertanyaan Ya/Tidak tidak boleh punya 'scale' atau 'items'"
        return ""

    def allowed(self, question: Question) -> str:
        if question.allow_na:
            return f"{layout.YES}, {layout.NO}"
        return f"{layout.YES} atau {layout.NO}"

    def parse(self, question: Question, raw: object) -> bool:
        value = parse_yes_no(raw)
        if value is None:
            raise self.invalid(question, raw)
        return value

    def coerce(self, question: Question, value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise self.invalid(question, value)

    def dropdown(self, question: Question) -> Dropdown:
        return yes_no_dropdown(question.allow_na)

    def cells(self, question: Question, value: object) -> list[tuple[str, object]]:
        return [("", typed_cell(value, question.code))]

    def scorer(self, question: Question) -> Scorer:
        points = question.points

        def earned(value: object) -> Decimal | None:
            if value is True:
                return points
            if value is False:
                return ZERO
            return None
        return earned

    def display(self, question: Question, value: Any) -> str:
        if isinstance(value, bool):
            return layout.YES if value else layout.NO
        return str(value)

    def widget(self, questions: Sequence[Question]) -> Widget:
        return Widget("select", YES_NO_OPTIONS, "**Pertanyaan Ya/Tidak**", show_allowed=False)

    def widget_value(self, value: Any, text: str) -> Any:
        return text

    def demo_answer(self, question: Question, rng: Random, quality: float) -> bool:
        return rng.random() < quality + 0.05

    def demo_lower(self, question: Question, value: Any, rng: Random) -> tuple[bool, str]:
        return False, rng.choice(LOWER_REASONS)


SPEC = YesNo()
