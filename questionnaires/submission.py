"""What a badan publik reported: the answers of one filled questionnaire.

A :class:`Submission` is the validated result of reading one workbook or one row of a
responses table. Answer values are already normalised to the question's answer type:

- ``yes_no`` → ``bool`` (``True`` = Ya),
- ``scale`` → ``int`` (the level's value),
- ``checklist`` → ``frozenset[str]`` of the item codes marked present,
- ``number`` → ``Decimal`` (shortest form: ``85.5``),
- ``text`` → ``str``, the text written (the verifikator's points are a ``Decimal``),
- ``"nihil"`` (:data:`NIL`) → *Tidak ada kejadian*, only for questions with ``allow_na``:
  the question is left out of its indicator's earned and possible points,
- ``None`` → not answered (scores 0, never an error).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from questionnaires.text import is_link

NIL: Final = "nihil"  # the value of a "Tidak ada kejadian (nihil)" answer (JSON-safe)
NIL_LABEL: Final = "Tidak ada kejadian (nihil)"  # how it is shown and offered in dropdowns
# Each value is validated as its own class (pydantic's smart union: a Decimal stays a
# Decimal, ``2`` an int); "nihil" is the one str that is not a text answer.
AnswerValue = bool | int | Decimal | frozenset[str] | Literal["nihil"] | str


class Answer(BaseModel):
    """Jawaban: the self-reported value of one question with its data dukung link."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    value: AnswerValue | None = None
    evidence: str = ""  # tautan data dukung as typed; only an http(s) link counts
    note: str = ""  # keterangan
    cell: str = ""  # where it was read, e.g. "Kuesioner!E14" (for messages)

    @property
    def answered(self) -> bool:
        return self.value is not None

    @property
    def has_evidence(self) -> bool:
        """Data dukung counts only as an http(s) link (:func:`questionnaires.text.is_link`)."""
        return is_link(self.evidence)


class Identity(BaseModel):
    """Identitas: who filled the questionnaire."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ppid_name: str = ""
    position: str = ""  # jabatan
    contact: str = ""
    filled_on: date | None = None


class Submission(BaseModel):
    """One badan publik's filled SAQ, as read from one file (or one table row)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    badan_publik: str = Field(min_length=1)
    category: str
    methodology_id: str
    methodology_version: str = ""
    answers: dict[str, Answer] = Field(default_factory=dict)
    identity: Identity = Identity()
    source: str = ""  # file name (and row, for a responses table)
    name_cell: str = ""  # where the name was read, e.g. "Identitas!B3" (for messages)

    def answer(self, code: str) -> Answer | None:
        return self.answers.get(code)

    @property
    def name_location(self) -> tuple[str, str]:
        """(sheet, cell) of the name, for a :class:`~questionnaires.errors.Location`."""
        sheet, _, cell = self.name_cell.rpartition("!")
        return sheet, cell

    @property
    def is_empty(self) -> bool:
        """No question answered at all: the body counts as *tidak mengisi SAQ* (W406)."""
        return not any(a.answered for a in self.answers.values())
