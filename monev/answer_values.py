"""Answer values a verifikator types: :func:`coerce_answer` reads one given as a value or as
text, with the refusal in Bahasa Indonesia; what a value means per answer type is in
:mod:`questionnaires.answer_types` (shown with :func:`questionnaires.answers.display_value`).
"""

from __future__ import annotations

from typing import Any

from monev.errors import UsageError
from questionnaires import answers
from questionnaires.answers import InvalidAnswer, display_value
from questionnaires.model import Question


def coerce_answer(question: Question, value: Any) -> Any:
    """An answer value from a value or from text typed by a verifikator.

    Raises :class:`UsageError` (in Bahasa Indonesia) when it is not one of the question's
    answers. ``None`` or blank text means *not answered* (earns nothing).
    """
    try:
        return answers.coerce_answer(question, value)
    except InvalidAnswer as exc:
        shown = display_value(question, value) if not isinstance(value, str) else value
        raise UsageError(f"Jawaban '{shown}' tidak sah untuk pertanyaan {question.code}. "
                         f"Jawaban yang diterima: {exc.allowed}.") from None


def same_answer(question: Question, value: Any, reported: Any) -> bool:
    """Whether `value` (as picked or typed by a verifikator) is the answer `reported`, read
    as the answer type reads it (``"1"`` picked is the level 1 reported; a checklist's items
    in any order and container). A value that is not one of the question's answers is not."""
    if value is None or reported is None:
        return value is None and reported is None
    try:
        picked = answers.coerce_answer(question, value)
    except InvalidAnswer:
        return False
    sets = (list, tuple, set, frozenset)
    if isinstance(picked, sets) and isinstance(reported, sets):
        return set(picked) == set(reported)
    return bool(picked == reported)
