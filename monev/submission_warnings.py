"""The reader's warnings about an accepted file (W4xx), as kept with its submission.

When a file is accepted with warnings (data dukung typed as text, a badan publik that
answered nothing…), :mod:`monev.imports` stores them with the submission; the evaluator's
queue counts them and the review table marks the answers they concern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monev.bodies import load_body
from monev.cycles import load_cycle
from monev.permissions import Action, Actor, require
from monev.verification import current_submission
from storage.db import Database
from storage.models import Submission

_CELL = re.compile(r"^\$?[A-Za-z]{1,3}\$?(\d+)$")


def cell_rows(sheet: str, cell: str) -> frozenset[tuple[str, int]]:
    """(sheet, row number) of every row a cell (``F14``) or range (``F4:F5``) touches;
    empty when `cell` names no cell."""
    ends = [_CELL.match(part.strip()) for part in cell.split(":")] if cell.strip() else []
    if not ends or len(ends) > 2 or not all(ends):
        return frozenset()
    rows = sorted(int(m.group(1)) for m in ends if m is not None)
    return frozenset((sheet, row) for row in range(rows[0], rows[-1] + 1))


def answer_rows(cell: str) -> frozenset[tuple[str, int]]:
    """(sheet, row) of a stored answer cell such as ``Kuesioner!E14``."""
    sheet, _, ref = cell.rpartition("!")
    return cell_rows(sheet, ref)


@dataclass(frozen=True, slots=True)
class SubmissionWarning:
    """A warning the reader gave when it accepted the current submission's file (W4xx),
    as stored with the submission: where (sheet, cell), what, and how to fix it."""

    code: str
    sheet: str
    cell: str
    message: str
    fix: str
    question: str = ""  # the question it concerns, when the reader named one

    @property
    def where(self) -> str:
        """``Kuesioner!F14``; ``Kuesioner`` or ``-`` when the warning has no cell."""
        return "!".join(part for part in (self.sheet, self.cell) if part) or "-"

    def rows(self) -> frozenset[tuple[str, int]]:
        """(sheet, row number) of every row its cell or range touches (none without)."""
        return cell_rows(self.sheet, self.cell)


def stored_warnings(submission: Submission | None) -> list[SubmissionWarning]:
    """The warnings kept with a submission (see :attr:`storage.models.Submission.warnings`);
    entries that are not mappings are skipped."""
    if submission is None:
        return []
    out = []
    for item in submission.warnings or []:
        if not isinstance(item, dict):
            continue
        location = item.get("location") if isinstance(item.get("location"), dict) else {}
        out.append(SubmissionWarning(
            code=str(item.get("code", "")), sheet=str(location.get("sheet") or ""),
            cell=str(location.get("cell") or ""), message=str(item.get("message", "")),
            fix=str(item.get("fix", "")), question=str(item.get("question") or "")))
    return out


def warnings_on(warnings: list[SubmissionWarning], code: str, cell: str) -> tuple[str, ...]:
    """Codes of the warnings about one answer: naming its question, or on its row."""
    rows = answer_rows(cell)
    return tuple(dict.fromkeys(
        w.code for w in warnings if w.question == code or rows & w.rows()))


def submission_warnings(db: Database, actor: Actor, cycle_id: int,
                        body_id: int) -> list[SubmissionWarning]:
    """The reader's warnings about the file of a badan publik's current submission (empty
    when it has none, or no submission). Raises :class:`NotFound` or
    :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.VIEW_SCORES)
        cycle = load_cycle(session, cycle_id)
        body = load_body(session, cycle, body_id)
        return stored_warnings(current_submission(session, cycle, body, required=False))
