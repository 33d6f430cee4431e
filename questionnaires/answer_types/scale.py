"""``scale``: a graded answer (e.g. 0–3); each level earns its fraction of the points.

Typed as ``2``, ``2.0``, ``2 – Ditetapkan`` (the dropdown text) or the label alone
(``ditetapkan``); the value is the level's ``int``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING, Any

from questionnaires import layout
from questionnaires.aliases import normalise
from questionnaires.answer_types.base import AnswerTypeSpec, Dropdown, Scorer, Widget, typed_cell
from questionnaires.submission import NIL_LABEL
from questionnaires.text import clean

if TYPE_CHECKING:
    from questionnaires.model import Question

_LEVEL = re.compile(r"^(\d+)(?:[.,]0+)?(?:\s*[-–—.:)]\s*(.*))?$")

# Reasons a verifikator gives when lowering a level (demo).
LOWER_REASONS = ("Data dukung hanya menunjukkan tingkat yang lebih rendah.",
                 "Laman diperiksa langsung: pemutakhiran terakhir lebih dari 3 bulan lalu.")


class Scale(AnswerTypeSpec):
    """Berjenjang: one level of ``question.scale``."""

    name = "scale"
    label = "Skala"

    def definition_problem(self, question: Question) -> str:
        if len(question.scale) < 2:
            return "skala perlu minimal 2 tingkat"
        if question.items:
            return "pertanyaan skala tidak boleh punya 'items'"
        top = max((lv.fraction for lv in question.scale), default=None)
        if top != 1:
            return f"fraksi tertinggi skala {top}, seharusnya 1"
        return ""

    def allowed(self, question: Question) -> str:
        return ", ".join(layout.scale_choice(lv.value, lv.label) for lv in question.scale)

    def parse(self, question: Question, raw: object) -> int:
        """A level typed as ``2``, ``2.0``, ``2 – Ditetapkan`` or ``ditetapkan``."""
        levels = {lv.value: lv for lv in question.scale}
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if float(raw).is_integer() and int(raw) in levels:
                return int(raw)
            raise self.invalid(question, raw)
        text = clean(raw)
        match = _LEVEL.match(text)
        if match and int(match.group(1)) in levels:
            level = levels[int(match.group(1))]
            label = match.group(2)
            if not label or normalise(label) == normalise(level.label):
                return level.value
        key = normalise(text)
        for level in question.scale:
            if key in (normalise(level.label),
                       normalise(layout.scale_choice(level.value, level.label))):
                return level.value
        raise self.invalid(question, raw)

    def coerce(self, question: Question, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return self.parse(question, value)
        raise self.invalid(question, value)

    def dropdown(self, question: Question) -> Dropdown:
        nil = (NIL_LABEL,) if question.allow_na else ()
        return Dropdown(
            (*(layout.scale_choice(lv.value, lv.label) for lv in question.scale), *nil),
            "skala", "Pilih salah satu tingkat dari daftar (lihat kolom "
            f"{layout.COL_CHOICES}), atau kosongkan jika belum dijawab.", numbered=True)

    def choices_text(self, question: Question) -> str:
        return "\n".join(self.dropdown(question).options)

    def cells(self, question: Question, value: object) -> list[tuple[str, object]]:
        if isinstance(value, bool):
            raise ValueError(f"Jawaban skala {question.code!r} tidak boleh bool: {value!r}")
        if isinstance(value, int) and (level := question.level(value)) is not None:
            return [("", layout.scale_choice(level.value, level.label))]
        return [("", typed_cell(value, question.code))]

    def scorer(self, question: Question) -> Scorer:
        levels = {lv.value: question.points * lv.fraction for lv in question.scale}

        def earned(value: object) -> Decimal | None:
            return levels.get(value) if value.__class__ is int else None  # type: ignore[arg-type]
        return earned

    def display(self, question: Question, value: Any) -> str:
        if isinstance(value, int):
            level = question.level(value)
            return layout.scale_choice(value, level.label) if level else str(value)
        return str(value)

    def widget(self, questions: Sequence[Question]) -> Widget:
        values = sorted({lv.value for q in questions for lv in q.scale})
        return Widget("select", tuple(str(v) for v in values),
                      "**Pertanyaan berjenjang** — pilih tingkat sesuai kolom Pilihan jawaban")

    def widget_value(self, value: Any, text: str) -> Any:
        return str(value)

    def demo_answer(self, question: Question, rng: Random, quality: float) -> int:
        levels = sorted(lv.value for lv in question.scale)
        index = round(quality * (len(levels) - 1) + rng.gauss(0, 0.6))
        return levels[min(len(levels) - 1, max(0, index))]

    def demo_lower(self, question: Question, value: Any, rng: Random) -> tuple[int, str]:
        reason = rng.choice(LOWER_REASONS)
        assert isinstance(value, int)
        return max(lv.value for lv in question.scale if lv.value < value), reason


SPEC = Scale()
