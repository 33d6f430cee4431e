"""Answer values as evaluators see and type them: the per-answer-type part of monev/.

An answer value is ``True``/``False`` (ya/tidak), a scale level (``int``), a checklist's
present items (``frozenset`` of item codes), ``"nihil"`` (:data:`NIL`, not applicable) or
None (not answered). :func:`display_value` shows one; :func:`coerce_answer` reads one that a
verifikator gave as a value or as text. These two functions are the only code in the use
cases that branches on :class:`~questionnaires.model.AnswerType`.
"""

from __future__ import annotations

from typing import Any

from monev.errors import UsageError
from questionnaires import layout
from questionnaires.answers import InvalidAnswer, allowed_text, parse_answer
from questionnaires.model import AnswerType, Question
from questionnaires.submission import NIL, NIL_LABEL


def display_value(question: Question, value: Any) -> str:
    """An answer value as text: ``Ya``, ``2 – Ditetapkan``, ``a (RKA), b (DPA)``, ``-``."""
    if value is None:
        return "-"
    if value == NIL:
        return NIL_LABEL
    if question.type is AnswerType.YES_NO and isinstance(value, bool):
        return layout.YES if value else layout.NO
    if question.type is AnswerType.SCALE and isinstance(value, int):
        level = question.level(value)
        return layout.scale_choice(value, level.label) if level else str(value)
    if question.type is AnswerType.CHECKLIST and isinstance(value, frozenset | set | list):
        if not value:
            return "Tidak ada"
        parts = []
        for code in sorted(value):
            item = question.item(code)
            parts.append(f"{code} ({item.label})" if item else str(code))
        return ", ".join(parts)
    return str(value)


def coerce_answer(question: Question, value: Any) -> Any:
    """An answer value from a value or from text typed by a verifikator.

    Raises :class:`UsageError` (in Bahasa Indonesia) when it is not one of the question's
    answers. ``None`` or blank text means *not answered* (earns nothing).
    """
    try:
        if value is None or isinstance(value, str):
            return parse_answer(question, value)
        if question.type is AnswerType.YES_NO and isinstance(value, bool):
            return value
        if question.type is AnswerType.SCALE and isinstance(value, int) \
                and not isinstance(value, bool):
            return parse_answer(question, value)
        if question.type is AnswerType.CHECKLIST and isinstance(
                value, frozenset | set | list | tuple):
            codes = set()
            for code in value:
                item = question.item(str(code))
                if item is None:
                    raise InvalidAnswer(value, allowed_text(question))
                codes.add(item.code)
            return frozenset(codes)
        raise InvalidAnswer(value, allowed_text(question))
    except InvalidAnswer as exc:
        shown = display_value(question, value) if not isinstance(value, str) else value
        raise UsageError(f"Jawaban '{shown}' tidak sah untuk pertanyaan {question.code}. "
                         f"Jawaban yang diterima: {exc.allowed}.") from None
