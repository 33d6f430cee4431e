"""Answer values of any question: what people typed → a value, a value → text or JSON.

Forgiving where people are sloppy (case, spacing, synonyms, ``2`` vs ``2 – Ditetapkan``
vs ``Ditetapkan``), strict where it matters: a value that is not one of the question's
answers is an :class:`InvalidAnswer`, never a silent zero. Blank means not answered;
*Tidak ada kejadian (nihil)* is a valid answer only where the question allows it. Both are
decided here, once; everything else is the question's answer type
(:mod:`questionnaires.answer_types`).
"""

from __future__ import annotations

from typing import Any

from questionnaires import answer_types
from questionnaires.aliases import is_nil
from questionnaires.answer_types import InvalidAnswer, is_blank
from questionnaires.model import Question
from questionnaires.submission import NIL, NIL_LABEL, AnswerValue

__all__ = [
    "InvalidAnswer",
    "allowed_text",
    "coerce_answer",
    "display_value",
    "is_blank",
    "parse_answer",
    "value_from_json",
    "value_to_json",
]


def allowed_text(question: Question) -> str:
    """The answers a question accepts, as shown to people."""
    return answer_types.get(question.type).allowed_text(question)


def parse_answer(question: Question, raw: object) -> AnswerValue | None:
    """Value of `raw` for `question` (checklists: the whole answer in one cell)."""
    if is_blank(raw):
        return None
    spec = answer_types.get(question.type)
    if raw == NIL or is_nil(raw):
        if question.allow_na:
            return NIL
        raise spec.invalid(question, raw)
    return spec.parse(question, raw)


def coerce_answer(question: Question, value: object) -> AnswerValue | None:
    """An answer value from a value given as data or from typed text (a verifikator's
    widget, an appeal decision: read by the type's
    :meth:`~questionnaires.answer_types.AnswerTypeSpec.parse_verified`, which for a text
    question reads the points). ``None`` or blank text means not answered; raises
    :class:`InvalidAnswer` when it is not one of the question's answers."""
    spec = answer_types.get(question.type)
    if value is None or isinstance(value, str):
        if is_blank(value):
            return None
        if value == NIL or is_nil(value):
            if question.allow_na:
                return NIL
            raise spec.invalid(question, value)
        return spec.parse_verified(question, value)
    return spec.coerce(question, value)


def display_value(question: Question, value: Any) -> str:
    """An answer value as text: ``Ya``, ``2 – Ditetapkan``, ``a (RKA), b (DPA)``,
    ``85,5%``, ``3,5 poin``, ``-``."""
    if value is None:
        return "-"
    if value == NIL:
        return NIL_LABEL
    return answer_types.get(question.type).display(question, value)


def value_to_json(question: Question, value: Any) -> Any:
    """An answer value of `question` as stored in a JSON column."""
    if value is None or value == NIL:
        return value
    return answer_types.get(question.type).to_json(value)


def value_from_json(question: Question, stored: Any) -> Any:
    """A stored JSON answer of `question` back to its value."""
    if stored is None or stored == NIL:
        return stored
    return answer_types.get(question.type).from_json(stored)
