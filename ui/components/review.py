"""The evaluator's review tables: one ``st.data_editor`` per answer type, and saving the
edited rows through :func:`monev.verification.verify_answer` against the seq the page loaded.

A column of a data editor has one list of options for all its rows, so questions are
grouped by answer type, and each type describes its widget
(:meth:`~questionnaires.answer_types.AnswerTypeSpec.widget`: Ya/Tidak questions get a
select box of Ya and Tidak, scale questions a select box of levels with each question's
levels shown beside it, checklist questions a multi-select of item codes); this module only
maps that description to ``st.column_config``. The service checks every value against its
own question and refuses anything else with a message naming the question.

The rows and their seqs are a *snapshot* kept in the session: the save uses the seq shown
to the evaluator, so a value someone else saved meanwhile is reported as a conflict and
never overwritten silently. The editor's output is never fed back as its input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from monev.errors import Conflict, ServiceError
from monev.permissions import Actor
from monev.review import ReviewRow
from monev.submission_warnings import SubmissionWarning
from monev.verification import verify_answer
from monev.workspace import Workspace
from questionnaires import answer_types
from questionnaires.answer_types import AnswerTypeSpec, Widget
from questionnaires.answers import display_value
from questionnaires.model import Methodology
from ui import format as fmt
from ui.format import plain, web_address
from ui.text import t, t_literal

VALUE = "value"
REASON = "reason"
ROW_HEIGHT = 35  # Streamlit's default row height in pixels


@dataclass(slots=True)
class Snapshot:
    """What the evaluator sees of one badan publik: rows as loaded, seqs as now known."""

    generation: int
    rows: list[ReviewRow]
    seq: dict[str, int] = field(default_factory=dict)  # code → seq to save against
    skip: set[str] = field(default_factory=set)  # conflicts resolved "keep theirs"
    refused: bool = False  # the last save left rows unsaved (their edits stay in the table)

    def editor_key(self, kind: AnswerTypeSpec, body_id: int) -> str:
        return editor_key(kind, body_id, self.generation)

    def of_kind(self, kind: AnswerTypeSpec) -> list[ReviewRow]:
        return [r for r in self.rows if r.answer_type == kind.name]


def kinds() -> tuple[AnswerTypeSpec, ...]:
    """The answer types, in the order their tables are shown (one table per type)."""
    return answer_types.all()


def editor_key(kind: AnswerTypeSpec, body_id: int, generation: int) -> str:
    return f"eval_editor_{kind.name}_{body_id}_{generation}"


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


@dataclass(slots=True)
class Outcome:
    saved: list[str] = field(default_factory=list)
    # (code, message as Markdown: a catalog text or the service's message escaped)
    refused: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[Pending] = field(default_factory=list)


# -- the tables --------------------------------------------------------------------------------


def cell_value(row: ReviewRow) -> Any:
    """The editable "Nilai verifikasi" cell of a row: its current verified value."""
    if row.verified_text is None or row.verified is None:
        return None
    return answer_types.get(row.answer_type).widget_value(row.verified, row.verified_text)


def widget(kind: AnswerTypeSpec, rows: Sequence[ReviewRow],
           methodology: Methodology) -> Widget:
    """How the value column of `rows` (all of answer type `kind`) is edited; its options
    are every answer their questions accept."""
    questions = [methodology.question_by_code[r.code] for r in rows
                 if r.code in methodology.question_by_code]
    return kind.widget(questions)


def frame(rows: Sequence[ReviewRow]) -> pd.DataFrame:
    return pd.DataFrame({
        "code": [r.code for r in rows],
        "indicator": [r.indicator_name for r in rows],
        "question": [r.text for r in rows],
        "self_reported": [r.self_reported_text for r in rows],
        "changed": [t_literal("eval.review.changed_mark") if r.changed_since_verified else ""
                    for r in rows],
        "warning": [t_literal("eval.review.warning_mark", codes=", ".join(r.warnings))
                    if r.warnings else "" for r in rows],
        # A link only when it opens a web page; anything else is shown as text beside it.
        "evidence": [web_address(r.evidence) for r in rows],
        "evidence_text": [None if web_address(r.evidence) or not r.evidence else r.evidence
                          for r in rows],
        "allowed": [r.allowed for r in rows],
        VALUE: pd.Series([cell_value(r) for r in rows], dtype=object),
        REASON: ["" for _ in rows],
        "last": [_last(r) for r in rows],
    })


def _last(row: ReviewRow) -> str:
    if row.verified_text is None:
        return "-"
    text = t_literal("eval.review.last", value=row.verified_text, by=row.verified_by,
                     at=fmt.day(row.verified_at))
    return f"{text} — {row.reason}" if row.reason else text


def column_config(edit: Widget) -> dict[str, Any]:
    cc = st.column_config
    label, choices = t("eval.review.col.value"), list(edit.options)
    help_ = edit.help or t("eval.review.help.value")
    value: Any
    if edit.kind == "multiselect":
        value = cc.MultiselectColumn(label, options=choices, width="medium", help=help_)
    elif edit.kind == "select":
        value = cc.SelectboxColumn(label, options=choices, help=help_)
    else:  # typed; the service parses it like a cell of the questionnaire
        value = cc.TextColumn(label, help=help_)
    return {
        "code": cc.TextColumn(t("eval.review.col.code"), width="small", pinned=True),
        "indicator": cc.TextColumn(t("eval.review.col.indicator")),
        "question": cc.TextColumn(t("eval.review.col.question"), width="medium"),
        "self_reported": cc.TextColumn(t("eval.review.col.self_reported"), width="medium"),
        "changed": cc.TextColumn(t("eval.review.col.changed"), width="small",
                                 help=t("eval.review.help.changed")),
        "warning": cc.TextColumn(t("eval.review.col.warning"), width="small",
                                 help=t("eval.review.help.warning")),
        "evidence": cc.LinkColumn(t("eval.review.col.evidence"), width="medium",
                                  help=t("eval.review.help.evidence")),
        "evidence_text": cc.TextColumn(t("eval.review.col.evidence_text"), width="medium",
                                       help=t("eval.review.help.evidence_text")),
        "allowed": cc.TextColumn(t("eval.review.col.allowed")),
        VALUE: value,
        REASON: cc.TextColumn(t("eval.review.col.reason"), width="medium",
                              help=t("eval.review.help.reason")),
        "last": cc.TextColumn(t("eval.review.col.last")),
    }


def editor(kind: AnswerTypeSpec, rows: Sequence[ReviewRow], methodology: Methodology,
           key: str) -> None:
    """The heading and the table of the rows of answer type `kind`."""
    edit = widget(kind, rows, methodology)
    st.markdown(edit.heading)
    data = frame(rows)
    # The editable columns come right after what the evaluator checks, so they are visible
    # without scrolling sideways; every row is shown (no inner scrolling).
    order = ["code", "question", "self_reported",
             *(["changed"] if any(r.changed_since_verified for r in rows) else []),
             *(["warning"] if any(r.warnings for r in rows) else []),
             "evidence",
             *(["evidence_text"] if data["evidence_text"].notna().any() else []),
             VALUE, REASON,
             *(["allowed"] if edit.show_allowed else []), "indicator", "last"]
    st.data_editor(data, key=key, hide_index=True, num_rows="fixed", width="stretch",
                   height=(len(rows) + 1) * ROW_HEIGHT + 3, placeholder="—",
                   column_order=order, disabled=[c for c in data.columns
                                                 if c not in (VALUE, REASON)],
                   column_config=column_config(edit))


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
    """The warnings kept with the current submission, above the review tables: a static
    table, so the message and the fix wrap and are read in full."""
    st.warning(t("eval.warnings.summary", n=len(warnings), file=file_name))
    st.table(pd.DataFrame(warning_rows(warnings)), hide_index=True)


# -- saving ------------------------------------------------------------------------------------


def changes(snapshot: Snapshot, body_id: int,
            session_state: Mapping[str, Any]) -> list[tuple[ReviewRow, Any, str]]:
    """(row, chosen value, reason) of every edited row, from the editors' edited_rows."""
    out = []
    for kind in kinds():
        rows = snapshot.of_kind(kind)
        edits = (session_state.get(snapshot.editor_key(kind, body_id)) or {}).get(
            "edited_rows", {})
        for index, edited in sorted(edits.items(), key=lambda kv: int(kv[0])):
            position = int(index)
            if not 0 <= position < len(rows) or not edited:
                continue
            row = rows[position]
            if row.code in snapshot.skip:
                continue
            value = edited.get(VALUE, cell_value(row))
            reason = str(edited.get(REASON) or "").strip()
            out.append((row, value, reason))
    return out


def changed_at_text(text: str) -> str:
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
    theirs = _shown(methodology, code, conflict.current)
    mine = _shown(methodology, code, conflict.attempted if conflict.attempted is not None
                  else value)
    return Pending(code, value, reason, theirs, mine, conflict.changed_by or "-",
                   changed_at_text(conflict.changed_at), conflict.current_seq)


def save(db: Workspace, who: Actor, cycle_id: int, body_id: int, snapshot: Snapshot,
         methodology: Methodology,
         edited: Iterable[tuple[ReviewRow, Any, str]]) -> Outcome:
    """Save each edited row against the seq the evaluator saw; the service decides."""
    outcome = Outcome()
    for row, value, reason in edited:
        if value is None:
            outcome.refused.append((row.code, t("eval.review.no_value", code=row.code)))
            continue
        try:
            info = verify_answer(db, who, cycle_id, body_id, row.code, value, reason,
                                 expected_seq=snapshot.seq.get(row.code, row.seq))
        except Conflict as conflict:
            outcome.conflicts.append(pending(methodology, row.code, value, reason, conflict))
        except ServiceError as error:
            outcome.refused.append((row.code, plain(error.message)))
        else:
            snapshot.seq[row.code] = info.seq
            if info.changed:
                outcome.saved.append(row.code)
    return outcome


def save_again(db: Workspace, who: Actor, cycle_id: int, body_id: int, snapshot: Snapshot,
               methodology: Methodology, item: Pending) -> Pending | None:
    """Save the evaluator's value over the newer one they have now seen; a newer conflict
    comes back as a new :class:`Pending` (other refusals raise)."""
    try:
        info = verify_answer(db, who, cycle_id, body_id, item.code, item.value, item.reason,
                             expected_seq=item.current_seq)
    except Conflict as conflict:
        return pending(methodology, item.code, item.value, item.reason, conflict)
    snapshot.seq[item.code] = info.seq
    return None


# -- history -----------------------------------------------------------------------------------


def history_rows(entries: Iterable[Any]) -> list[dict[str, Any]]:
    return [{
        t("eval.history.col.at"): fmt.day(e.at),
        t("eval.history.col.kind"): e.kind_label,
        t("eval.history.col.value"): e.value_text or "-",
        t("eval.history.col.old"): e.old_text or "-",
        t("eval.history.col.reason"): e.reason or "-",
        t("eval.history.col.by"): e.by or "-",
        t("eval.history.col.source"): e.file_name or e.evidence or (
            f"#{e.appeal_id}" if e.appeal_id else "-"),
    } for e in entries]
