"""Turn what a person typed in an answer cell into a normalised answer value.

Forgiving where people are sloppy (case, spacing, synonyms, ``2`` vs ``2 – Ditetapkan``
vs ``Ditetapkan``), strict where it matters: a value that is not one of the question's
answers is an :class:`InvalidAnswer`, never a silent zero. Blank means not answered.
"""

from __future__ import annotations

import re

from questionnaires import layout
from questionnaires.aliases import is_nil, normalise, parse_yes_no
from questionnaires.model import AnswerType, ChecklistItem, Question
from questionnaires.submission import NIL, NIL_LABEL, AnswerValue
from questionnaires.text import clean


class InvalidAnswer(ValueError):
    """The text is not a valid answer; `allowed` says what would be."""

    def __init__(self, raw: object, allowed: str) -> None:
        self.raw = raw
        self.allowed = allowed
        super().__init__(f"{raw!r} bukan jawaban sah ({allowed})")


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not clean(raw))


def allowed_text(question: Question) -> str:
    """The answers a question accepts, as shown to people."""
    if question.type is AnswerType.SCALE:
        text = ", ".join(layout.scale_choice(lv.value, lv.label) for lv in question.scale)
    elif question.type is AnswerType.CHECKLIST:
        text = "butir " + ", ".join(f"{i.code} ({i.label})" for i in question.items)
    else:
        text = f"{layout.YES}, {layout.NO}" if question.allow_na else \
            f"{layout.YES} atau {layout.NO}"
    if question.allow_na:
        text = f"{text} atau {NIL_LABEL}"
    return text


def parse_answer(question: Question, raw: object) -> AnswerValue | None:
    """Value of `raw` for `question` (checklists: the whole answer in one cell)."""
    if is_blank(raw):
        return None
    if raw == NIL or is_nil(raw):
        if question.allow_na:
            return NIL
        raise InvalidAnswer(raw, allowed_text(question))
    if question.type is AnswerType.YES_NO:
        value = parse_yes_no(raw)
        if value is None:
            raise InvalidAnswer(raw, allowed_text(question))
        return value
    if question.type is AnswerType.SCALE:
        return parse_scale(question, raw)
    return parse_checklist(question, raw)


def parse_scale(question: Question, raw: object) -> int:
    """A level typed as ``2``, ``2.0``, ``2 – Ditetapkan`` or ``ditetapkan``."""
    levels = {lv.value: lv for lv in question.scale}
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer() and int(raw) in levels:
            return int(raw)
        raise InvalidAnswer(raw, allowed_text(question))
    text = clean(raw)
    match = re.match(r"^(\d+)(?:[.,]0+)?(?:\s*[-–—.:)]\s*(.*))?$", text)
    if match and int(match.group(1)) in levels:
        level = levels[int(match.group(1))]
        label = match.group(2)
        if not label or normalise(label) == normalise(level.label):
            return level.value
    key = normalise(text)
    for level in question.scale:
        if key in (normalise(level.label), normalise(layout.scale_choice(level.value,
                                                                         level.label))):
            return level.value
    raise InvalidAnswer(raw, allowed_text(question))


def _item_for(question: Question, token: str) -> ChecklistItem | None:
    key = normalise(token)
    return next((i for i in question.items
                 if key in (normalise(i.code), normalise(i.label),
                            normalise(layout.item_row_code(question.code, i.code)))), None)


def parse_checklist(question: Question, raw: object) -> frozenset[str]:
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
            raise InvalidAnswer(raw, allowed_text(question))
        present.add(item.code)
    return frozenset(present)


def parse_item(question: Question, item: ChecklistItem, raw: object) -> bool | None:
    """A checklist item answered on its own row (Ya/Tidak)."""
    if is_blank(raw):
        return None
    value = parse_yes_no(raw)
    if value is None:
        raise InvalidAnswer(raw, f"{layout.YES} atau {layout.NO}")
    return value
