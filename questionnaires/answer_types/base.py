"""The extension point of answer types: what one type of question must say about itself.

An :class:`AnswerTypeSpec` is everything the rest of the tool needs to know about one answer
type (``yes_no``, ``scale``, ``checklist`` …): how a typed cell becomes a value, what a
complete question definition has, what the template offers in the answer cell, how many
points a value earns, how a value is shown and stored, what the evaluator picks it with,
and what the demo answers. Nothing here knows a particular type; the readers, the template,
the scoring plan and the pages ask the registry (:mod:`questionnaires.answer_types`).

Answer values are plain data (``bool``, ``int``, ``frozenset`` of item codes …). ``None``
(not answered) and :data:`~questionnaires.submission.NIL` (*Tidak ada kejadian*) are
handled once, before a type is asked (:mod:`questionnaires.answers`): a type never sees
them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING, Any, Literal

from questionnaires import layout
from questionnaires.aliases import parse_yes_no
from questionnaires.submission import NIL_LABEL
from questionnaires.text import clean

if TYPE_CHECKING:
    from questionnaires.model import ChecklistItem, Question
    from questionnaires.submission import AnswerValue

# Items of a question answered item by item (a checklist) are answered Ya/Tidak each.
YES_NO_OPTIONS = (layout.YES, layout.NO)

# Earned points of a (not None, not nihil) value; None when it is not one of the answers.
Scorer = Callable[[object], Decimal | None]


def is_blank(raw: object) -> bool:
    """Nothing typed: an empty cell, or text that cleans to nothing."""
    return raw is None or (isinstance(raw, str) and not clean(raw))


class InvalidAnswer(ValueError):
    """The text is not a valid answer; `allowed` says what would be."""

    def __init__(self, raw: object, allowed: str) -> None:
        self.raw = raw
        self.allowed = allowed
        super().__init__(f"{raw!r} bukan jawaban sah ({allowed})")


@dataclass(frozen=True, slots=True)
class Dropdown:
    """The list behind an answer cell of the template (Excel data validation).

    `options` are written to the hidden ``_pilihan`` sheet under the workbook name
    ``pilihan_<stem>`` (``pilihan_<stem>_<column>`` when `numbered`: one list per
    question set, e.g. each scale). `error` is what Excel says when something else is
    typed."""

    options: tuple[str, ...]
    stem: str
    error: str
    numbered: bool = False


def yes_no_dropdown(with_nil: bool = False) -> Dropdown:
    """The Ya/Tidak list (with *Tidak ada kejadian (nihil)* when `with_nil`)."""
    if with_nil:
        return Dropdown((*YES_NO_OPTIONS, NIL_LABEL), "ya_tidak_nihil",
                        f"Pilih {layout.YES}, {layout.NO} atau {NIL_LABEL} dari daftar, atau "
                        "kosongkan jika belum dijawab.")
    return Dropdown(YES_NO_OPTIONS, "ya_tidak",
                    f"Pilih {layout.YES} atau {layout.NO} dari daftar, atau kosongkan jika "
                    "belum dijawab.")


@dataclass(frozen=True, slots=True)
class CellCheck:
    """A check of an answer cell typed freely (an Excel data validation that is not a list).

    `kind`: ``decimal`` or ``whole`` (a number, between `minimum` and `maximum` when given),
    or ``any`` (no check: only the prompt). `title` and `prompt` are shown when the cell is
    selected (Excel keeps 32 and 255 characters); `error` when Excel refuses what was
    typed. Excel reads what is typed in its own locale (``85,5`` in an Indonesian Excel,
    ``85.5`` in an English one): the reader checks every answer again anyway. `as_text`:
    the cell is formatted as text, so Excel keeps what is typed as typed (``90%`` stays
    ``90%``; in a general cell Excel would store 0,9)."""

    kind: Literal["decimal", "whole", "any"]
    title: str
    prompt: str
    error: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    as_text: bool = False


@dataclass(frozen=True, slots=True)
class Widget:
    """How the evaluator picks a verified value, without naming a UI library.

    `kind`: ``select`` (one of `options`), ``multiselect`` (any of `options`; the value is
    the list picked) or ``text`` (typed; the service parses it like a cell). `heading` is
    the Markdown shown above the table of this type; `help` the tooltip of the value column
    ("" for the general one); `show_allowed` whether the table shows each question's
    allowed answers (when the options alone do not say what they mean)."""

    kind: Literal["select", "multiselect", "text"]
    options: tuple[str, ...]
    heading: str
    help: str = ""
    show_allowed: bool = True


def typed_cell(value: object, what: str) -> object:
    """What :func:`~questionnaires.template.write_filled` types for a plain value: text as
    it is, ``True``/``False`` as Ya/Tidak, numbers as numbers."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return layout.YES if value else layout.NO
    if isinstance(value, int | float | Decimal):
        return value
    raise ValueError(f"Jawaban {what} tidak dapat ditulis ke sel: {value!r}")


class AnswerTypeSpec(ABC):
    """One answer type. Subclass it in a module of this package and :func:`register` an
    instance (see :mod:`questionnaires.answer_types`).

    Class attributes: `name` is the type as written in a methodology (``type: yes_no``);
    `label` its name for people; `allows_nil` whether its questions may allow
    *Tidak ada kejadian (nihil)* (``allow_na``); `fields` the fields of
    :class:`~questionnaires.model.Question` that only questions of this type (and of the
    other types naming them) may set — validation refuses them on any other question;
    `scored_by_verifier` whether the points come from the verifikator alone (``text``: the
    badan publik writes, the verifikator types the points, each with a written reason, see
    :func:`monev.verification.write_verification`).
    """

    name: str
    label: str
    allows_nil: bool = True
    fields: frozenset[str] = frozenset()
    scored_by_verifier: bool = False

    # -- the question definition -----------------------------------------------------------

    @abstractmethod
    def definition_problem(self, question: Question) -> str:
        """What the question's definition lacks or has too much of for this type (the
        detail of M110), or ``""`` when it is complete."""

    # -- typed answers ---------------------------------------------------------------------

    @abstractmethod
    def allowed(self, question: Question) -> str:
        """The answers the question accepts, as shown to people (without nihil)."""

    def allowed_text(self, question: Question) -> str:
        """:meth:`allowed`, with *Tidak ada kejadian (nihil)* when the question allows it."""
        text = self.allowed(question)
        return f"{text} atau {NIL_LABEL}" if question.allow_na else text

    def invalid(self, question: Question, raw: object) -> InvalidAnswer:
        """The error for `raw`, naming every answer the question accepts."""
        return InvalidAnswer(raw, self.allowed_text(question))

    @abstractmethod
    def parse(self, question: Question, raw: object) -> AnswerValue:
        """The value of a cell or typed text that is neither blank nor nihil (the whole
        answer in one cell); raises :class:`InvalidAnswer`."""

    @abstractmethod
    def coerce(self, question: Question, value: object) -> AnswerValue:
        """A value given as data (not text, not None): by a program or the evaluator's
        widget. Returns the normalised value; raises :class:`InvalidAnswer`."""

    def parse_verified(self, question: Question, raw: object) -> AnswerValue:
        """A value typed by a verifikator (or in an appeal decision) that is neither blank
        nor nihil; by default read like a cell (:meth:`parse`). A type whose verified value
        is not what the badan publik types (a text question: the points) reads it here.
        Raises :class:`InvalidAnswer`."""
        return self.parse(question, raw)

    # -- answered item by item (checklists) ------------------------------------------------

    def items(self, question: Question) -> tuple[ChecklistItem, ...]:
        """The items the question is answered by, one Ya/Tidak each: on their own rows of
        the template (``<question>.<item>``) or in grid columns of a responses table.
        Empty (the default) when the whole answer is one cell."""
        return ()

    def parse_item(self, question: Question, item: ChecklistItem, raw: object) -> bool | None:
        """One item answered on its own row or column: Ya, Tidak, or None when blank."""
        if is_blank(raw):
            return None
        value = parse_yes_no(raw)
        if value is None:
            raise InvalidAnswer(raw, f"{layout.YES} atau {layout.NO}")
        return value

    def from_items(self, question: Question,
                   marks: Mapping[str, bool | None]) -> AnswerValue | None:
        """The value of a question answered item by item (`marks`: item code → Ya, Tidak
        or None when blank, for the items that have a row or column)."""
        raise NotImplementedError(f"{self.name} tidak dijawab per butir")

    # -- the template ----------------------------------------------------------------------

    @abstractmethod
    def dropdown(self, question: Question) -> Dropdown | None:
        """The list behind the question's answer cell (nihil included when the question
        allows it), or None when the cell is typed freely (or answered item by item)."""

    def choices_text(self, question: Question) -> str:
        """The Pilihan Jawaban column of the question's row (before the notes on nihil and
        data dukung)."""
        dropdown = self.dropdown(question)
        return " / ".join(dropdown.options) if dropdown else self.allowed_text(question)

    def cell_check(self, question: Question) -> CellCheck | None:
        """The check and help of the question's answer cell when it has no list
        (:meth:`dropdown` None); None (the default): typed without a check."""
        return None

    def guide(self, questions: Sequence[Question]) -> str:
        """A step of the template's *Cara mengisi* for `questions` (all of this type, at
        least one): how to answer them; ``""`` (the default) when the general steps say
        it all."""
        return ""

    @abstractmethod
    def cells(self, question: Question, value: object) -> list[tuple[str, object]]:
        """What a PPID types for `value` (not None, not nihil): (``""`` for the question's
        own answer cell or an item code, typed value). Raises ValueError when `value`
        cannot be typed for this question."""

    # -- points ----------------------------------------------------------------------------

    @abstractmethod
    def scorer(self, question: Question) -> Scorer:
        """A function from a value (not None, not nihil) to the points it earns out of
        ``question.points``, or None when the value is not one of the answers. Built once
        per question by the scoring plan: it runs for every answer, so precompute."""

    def awaits_verifier(self, value: Any) -> bool:
        """Whether `value` (not None, not nihil) earns nothing only because the verifikator
        has not scored it yet (a ``text`` answer as written): the scoring plan gives it the
        reason :attr:`~scoring.results.Reason.AWAITING`, not "answered no". False (the
        default) for types whose values score themselves."""
        return False

    def explain(self, question: Question, value: Any, earned: Decimal, changed: bool) -> str:
        """Why `value` — the value scored: the verified one if any, else the self-reported
        one; not None, not nihil — earned `earned` points, in one phrase for a report card,
        when the reason alone does not say it (a threshold reached, points set by the
        verifikator); `changed`: the verifikator set another value than the self-reported
        one. ``""`` (the default): the reason's label says it."""
        return ""

    def advice(self, question: Question, value: Any, earned: Decimal) -> str:
        """What the badan publik can do to earn the points `value` did not (report card);
        ``""`` (the default): the general advice of its reason."""
        return ""

    # -- showing and storing ---------------------------------------------------------------

    @abstractmethod
    def display(self, question: Question, value: Any) -> str:
        """A value (not None, not nihil) as people read it; anything that is not a value of
        this type as ``str(value)``."""

    def to_json(self, value: Any) -> Any:
        """A value as stored in a JSON column (the default: as it is)."""
        return value

    def from_json(self, stored: Any) -> Any:
        """The stored JSON back to a value (the default: as it is)."""
        return stored

    # -- the evaluator ---------------------------------------------------------------------

    @abstractmethod
    def widget(self, questions: Sequence[Question]) -> Widget:
        """How the evaluator picks verified values of `questions` (all of this type, shown
        in one table): one list of options serves every row."""

    @abstractmethod
    def widget_value(self, value: Any, text: str) -> Any:
        """The widget's cell for a current verified value (not None) and its text."""

    # -- the demo --------------------------------------------------------------------------

    @abstractmethod
    def demo_answer(self, question: Question, rng: Random, quality: float) -> AnswerValue:
        """A plausible self-reported value of a badan publik of `quality` (0 to 1)."""

    @abstractmethod
    def demo_lower(self, question: Question, value: Any,
                   rng: Random) -> tuple[AnswerValue, str]:
        """A lower value a verifikator could set for `value` (which earns something), with
        a typical reason in Bahasa Indonesia."""
