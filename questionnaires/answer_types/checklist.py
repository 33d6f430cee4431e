"""``checklist`` (*penilaian kelengkapan*): each item present earns its share of the points.

Answered item by item (Ya/Tidak on the item rows of the template, or grid columns of a
responses table), or in one cell as codes (``a, c``) or labels (``RKA; DPA``); the value is
the ``frozenset`` of the item codes present, stored in JSON as a sorted list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING, Any

from questionnaires import layout
from questionnaires.aliases import normalise, parse_yes_no
from questionnaires.answer_types.base import (
    AnswerTypeSpec,
    Dropdown,
    Scorer,
    Widget,
    typed_cell,
)
from questionnaires.text import clean

if TYPE_CHECKING:
    from questionnaires.model import ChecklistItem, Question

ZERO = Decimal(0)

# Reasons a verifikator gives when an item turns out missing (demo).
LOWER_REASONS = ("Salah satu dokumen tidak ditemukan pada laman PPID.",
                 "Dokumen yang diunggah adalah dokumen tahun sebelumnya.")


class Checklist(AnswerTypeSpec):
    """Kelengkapan: the items of ``question.items`` that are present."""

    name = "checklist"
    label = "Kelengkapan (butir)"
    allows_nil = False  # answered item by item: "none present" is the empty set

    def definition_problem(self, question: Question) -> str:
        if len(question.items) < 2:
            return "checklist perlu minimal 2 butir"
        if question.scale:
            return "checklist tidak boleh punya 'scale'"
        return ""

    def allowed(self, question: Question) -> str:
        return "butir " + ", ".join(f"{i.code} ({i.label})" for i in question.items)

    def parse(self, question: Question, raw: object) -> frozenset[str]:
        """Items marked present, typed as codes (``a, c``) or labels (``RKA; DPA``).

        Google Forms joins checkbox answers with ``", "``; labels may be given in any case.
        ``Tidak ada`` (or another No word) means none of the items.
        """
        if parse_yes_no(raw) is False:
            return frozenset()
        text = clean(raw)
        # Whole labels first, so a label containing a separator still matches.
        present: set[str] = set()
        remaining = normalise(text)
        for item in sorted(question.items, key=lambda i: -len(i.label)):
            label = normalise(item.label)
            if len(label) > 3 and re.search(rf"(^| ){re.escape(label)}( |,|;|$)", remaining):
                present.add(item.code)
                remaining = re.sub(rf"(^| ){re.escape(label)}(?= |,|;|$)", " ", remaining)
        for token in re.split(r"[,;\n]+", remaining):
            if not token.strip():
                continue
            item = _item_for(question, token)
            if item is None:
                raise self.invalid(question, raw)
            present.add(item.code)
        return frozenset(present)

    def coerce(self, question: Question, value: object) -> frozenset[str]:
        if not isinstance(value, frozenset | set | list | tuple):
            raise self.invalid(question, value)
        codes = set()
        for code in value:
            item = question.item(str(code))
            if item is None:
                raise self.invalid(question, value)
            codes.add(item.code)
        return frozenset(codes)

    def items(self, question: Question) -> tuple[ChecklistItem, ...]:
        return question.items

    def from_items(self, question: Question,
                   marks: Mapping[str, bool | None]) -> frozenset[str] | None:
        if all(mark is None for mark in marks.values()):
            return None
        return frozenset(code for code, mark in marks.items() if mark)

    def dropdown(self, question: Question) -> Dropdown | None:
        return None  # the question's own cell holds the hint; items have the Ya/Tidak list

    def choices_text(self, question: Question) -> str:
        return f"Isi tiap butir: {layout.YES} / {layout.NO}"

    def cells(self, question: Question, value: object) -> list[tuple[str, object]]:
        """One answer per item row: a set (or list/tuple) of item codes → Ya on those and
        Tidak on the others; or a mapping item code → text/bool for each item row."""
        if value is None:
            return []
        item_codes = {i.code for i in question.items}
        if isinstance(value, Mapping):
            per_item = dict(value)
        elif isinstance(value, Set | list | tuple):
            per_item = {i: layout.YES if i in value else layout.NO for i in item_codes}
            per_item.update({i: layout.YES for i in value})  # unknown codes are caught below
        else:
            raise ValueError(f"Pertanyaan kelengkapan {question.code!r} dijawab per butir: "
                             "beri himpunan kode butir atau pemetaan butir → jawaban, bukan "
                             f"{value!r}")
        unknown = sorted(str(i) for i in per_item if i not in item_codes)
        if unknown:
            raise ValueError(f"Butir tidak dikenal untuk {question.code!r}: "
                             f"{', '.join(unknown)}")
        return [(i.code, typed_cell(per_item[i.code], question.code))
                for i in question.items if i.code in per_item]

    def scorer(self, question: Question) -> Scorer:
        weights = {i.code: i.weight for i in question.items}
        total = sum(weights.values(), ZERO)
        points = question.points
        known = weights.keys()

        def earned(value: object) -> Decimal | None:
            if not isinstance(value, frozenset | set) or not value <= known:
                return None
            share = sum((weights[c] for c in value), ZERO)
            return points * share / total
        return earned

    def display(self, question: Question, value: Any) -> str:
        if not isinstance(value, frozenset | set | list):
            return str(value)
        if not value:
            return "Tidak ada"
        parts = []
        for code in sorted(value):
            item = question.item(code)
            parts.append(f"{code} ({item.label})" if item else str(code))
        return ", ".join(parts)

    def to_json(self, value: Any) -> Any:
        return sorted(value) if isinstance(value, frozenset | set) else value

    def from_json(self, stored: Any) -> Any:
        return frozenset(stored) if isinstance(stored, list) else stored

    def widget(self, questions: Sequence[Question]) -> Widget:
        return Widget("multiselect", tuple(sorted({i.code for q in questions for i in q.items})),
                      "**Penilaian kelengkapan** — pilih butir yang ada sesuai kolom "
                      "Pilihan jawaban",
                      help="Butir yang benar-benar ada menurut data dukung; kosongkan semua "
                           "butir bila tidak ada satu pun.")

    def widget_value(self, value: Any, text: str) -> Any:
        return sorted(value)

    def demo_answer(self, question: Question, rng: Random,
                    quality: float) -> frozenset[str]:
        return frozenset(i.code for i in question.items if rng.random() < quality + 0.05)

    def demo_lower(self, question: Question, value: Any,
                   rng: Random) -> tuple[frozenset[str], str]:
        reason = rng.choice(LOWER_REASONS)
        assert isinstance(value, frozenset)
        dropped = sorted(value)[-1]
        item = question.item(dropped)
        label = item.label if item else dropped
        return value - {dropped}, f"{reason} Butir tidak terbukti: {label}."


def _item_for(question: Question, token: str) -> ChecklistItem | None:
    key = normalise(token)
    return next((i for i in question.items
                 if key in (normalise(i.code), normalise(i.label),
                            normalise(layout.item_row_code(question.code, i.code)))), None)


SPEC = Checklist()
