"""Pieces of the verification screen shared by the review workspace
(:mod:`ui.components.review_workspace`) and the page: a verification that met a conflict
(both values, until the evaluator chooses), times as a conflict reports them, and the
reader's warnings about the uploaded file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from monev.errors import Conflict
from monev.submission_warnings import SubmissionWarning
from questionnaires.answers import display_value
from questionnaires.model import Methodology
from ui import format as fmt
from ui.format import plain
from ui.text import t


@dataclass(frozen=True, slots=True)
class Pending:
    """A verification that met a conflict: both values, until the evaluator chooses."""

    code: str
    value: Any  # what the evaluator chose (as sent to the service)
    reason: str
    theirs: str
    mine: str
    by: str
    at: str
    current_seq: int


def changed_at_text(text: str) -> str:
    """A conflict's time (``2025-11-29 14:03:07 UTC``) as the app shows times (WIB)."""
    try:
        return fmt.day(datetime.strptime(text, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC))
    except ValueError:
        return text or "-"


def _shown(methodology: Methodology, code: str, value: Any) -> str:
    question = methodology.question_by_code.get(code)
    if question is None:
        return str(value)
    if isinstance(value, list):
        value = frozenset(value)
    if isinstance(value, str):
        return value
    return display_value(question, value)


def pending(methodology: Methodology, code: str, value: Any, reason: str,
            conflict: Conflict) -> Pending:
    """The :class:`Pending` of a save of `value` to question `code` refused by `conflict`."""
    theirs = _shown(methodology, code, conflict.current)
    mine = _shown(methodology, code, conflict.attempted if conflict.attempted is not None
                  else value)
    return Pending(code, value, reason, theirs, mine, conflict.changed_by or "-",
                   changed_at_text(conflict.changed_at), conflict.current_seq)


# -- the reader's warnings --------------------------------------------------------------------


def warning_rows(warnings: Iterable[SubmissionWarning]) -> list[dict[str, str]]:
    """One row per warning: code, sheet!cell, what the reader found, how to fix it — every
    text escaped for the Markdown cells of ``st.table`` (they quote the uploaded file)."""
    return [{
        t("eval.warnings.col.code"): plain(w.code),
        t("eval.warnings.col.where"): plain(w.where),
        t("eval.warnings.col.question"): plain(w.question or "-"),
        t("eval.warnings.col.message"): plain(w.message),
        t("eval.warnings.col.fix"): plain(w.fix),
    } for w in warnings]


def show_warnings(warnings: Sequence[SubmissionWarning], file_name: str) -> None:
    """The warnings kept with the current submission, above the review workspace: a static
    table, so the message and the fix wrap and are read in full."""
    st.warning(t("eval.warnings.summary", n=len(warnings), file=file_name))
    st.table(pd.DataFrame(warning_rows(warnings)), hide_index=True)
