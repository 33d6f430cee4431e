"""The verifikator's review workspace: one badan publik's questions, one at a time.

Left, the list of its questions with each one's state (belum diperiksa, dikonfirmasi,
diubah, berubah sejak diverifikasi, disanggah) under a filter; right, the question in
hand: its full text, *definisi operasional*, the self-reported answer and its evidence link
(whole, opening in a new tab), the verdict — confirm the self-reported answer, or save
another value with a reason, the common ones a click away — with its outcome and the new
score shown right under the buttons, then the answer's history. Previous / next move
through the filtered list without scrolling back.

The value widget is what the question's answer type describes
(:meth:`~questionnaires.answer_types.AnswerTypeSpec.widget` for that one question); its
options are shown as the type displays them. Nothing here branches on a type.

Saves go through :func:`monev.verification.verify_answer` against the seq the evaluator
was shown (kept with the rows in the session): a value someone else saved meanwhile comes
back as a conflict shown with both values, never overwritten; the same save sent twice (a
double click) is a no-op. The score shown is the stored current result
(:func:`monev.review.body_outcome`), which every save updates in its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from monev.answer_values import same_answer
from monev.appeals import AppealInfo
from monev.errors import Conflict, ServiceError
from monev.permissions import Actor
from monev.portal import files_only
from monev.review import (
    STATE_STALE,
    STATES,
    BodyOutcome,
    HistoryEntry,
    ReviewRow,
    answer_history,
    answers_for_review,
    body_outcome,
)
from monev.verification import verify_answer
from monev.workspace import Workspace
from questionnaires import answer_types
from questionnaires.answer_types import Widget
from questionnaires.answers import InvalidAnswer, coerce_answer, display_value
from questionnaires.model import Methodology, Question
from questionnaires.submission import NIL, NIL_LABEL
from ui import format as fmt
from ui.components import cycle as cyc
from ui.components import evidence_files, link_checks, review, website_findings
from ui.format import Markdown, link, plain
from ui.text import t, t_literal

ALL = "all"  # the filter showing every question
QUICK_REASONS = ("eval.ws.quick.link", "eval.ws.quick.mismatch", "eval.ws.quick.expired")
LIST_HEIGHT = 640  # px: the question list scrolls inside this height, beside the question


def prefix(cycle_id: int, body_id: int) -> str:
    """The session keys of one badan publik's workspace start with this."""
    return f"ws_{cycle_id}_{body_id}_"


def forget(cycle_id: int | None = None) -> None:
    """Drop the loaded rows of every workspace (of one cycle), so they are read again: after
    a change made elsewhere on the page (an appeal decision writes a verification)."""
    start = "ws_" if cycle_id is None else f"ws_{cycle_id}_"
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(start)
                and k.endswith("_rows")]:
        del st.session_state[key]


# -- values of one question, as its answer type describes them -----------------------------------


def widget(question: Question) -> Widget:
    """How the evaluator picks the verified value of `question` (its answer type's widget
    for this one question; a select also offers *nihil* where the question allows it)."""
    edit = answer_types.get(question.type).widget([question])
    if edit.kind == "select" and question.allow_na and NIL_LABEL not in edit.options:
        edit = Widget(edit.kind, (*edit.options, NIL_LABEL), edit.heading, edit.help,
                      edit.show_allowed)
    return edit


def option_label(question: Question, edit: Widget, option: Any) -> str:
    """An option of the widget as the answer type shows it (``2`` → ``2 – Ditetapkan``,
    ``a`` → ``a (RKA)``); the option itself when it does not read as a value."""
    try:
        value = coerce_answer(question, [option] if edit.kind == "multiselect" else option)
    except InvalidAnswer:
        return str(option)
    return display_value(question, value)


def widget_value(question: Question, value: Any, text: str) -> Any:
    """What the widget holds for an answer value (None: nothing picked)."""
    if value is None:
        return None
    if value == NIL:
        return NIL_LABEL
    return answer_types.get(question.type).widget_value(value, text)


def value_control(question: Question, key: str, now: Any, *, label: Markdown | None = None,
                  help: Markdown | None = None) -> None:
    """The control the verified value of `question` is picked with, under session key
    `key` (starting from `now`, the widget value of the current value; None: nothing):
    radio buttons (every option in full, one click), pills to switch on (one per option,
    for a value that is a set of them) or a text field, as the question's answer type
    describes it (:func:`widget`). The review workspace's verdict and an appeal decision
    (ui/pages/evaluator.py) both pick values with it; `label` and `help` (put before the
    answer type's own help) say what the value is for there. Works inside ``st.form``."""
    edit = widget(question)
    if key not in st.session_state and (now is not None or edit.kind != "select"):
        st.session_state[key] = now if now is not None else (
            [] if edit.kind == "multiselect" else "")
    label = label or t("eval.ws.value")
    help_ = edit.help or t("eval.ws.value_help")
    if help is not None:
        help_ = Markdown(f"{help} {help_}")
    if edit.kind == "select":  # radio labels render Markdown; nothing picked: None
        st.radio(label, list(edit.options), key=key, index=None,
                 format_func=lambda o: plain(option_label(question, edit, o)), help=help_)
    elif edit.kind == "multiselect":  # pills render Markdown
        st.pills(label, list(edit.options), selection_mode="multi", key=key,
                 format_func=lambda o: plain(option_label(question, edit, o)), help=help_)
    else:  # typed; the service parses it like a cell of the questionnaire
        st.text_input(label, key=key, help=help_)


def same_widget_value(picked: Any, shown: Any) -> bool:
    """Whether the widget still holds `shown` (what it started from): typed text compared
    trimmed, picked items in any order; nothing picked, blank text and no items alike."""
    def norm(value: Any) -> Any:
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, list | tuple | set | frozenset):
            return sorted(map(str, value)) or None
        return value
    return bool(norm(picked) == norm(shown))


def reason_of(quick: str | None, typed: str | None) -> str:
    """The reason saved: the quick reason picked, the typed text, or both (``quick: typed``)."""
    quick, typed = (quick or "").strip(), " ".join((typed or "").split())
    if quick and typed:
        return f"{quick}: {typed}"
    return quick or typed


# -- the rows in hand ---------------------------------------------------------------------------


def matches(row: ReviewRow, wanted: str | None) -> bool:
    """Whether the filter `wanted` (a state of :data:`monev.review.STATES`, or :data:`ALL`)
    shows `row`."""
    return wanted in (None, ALL) or wanted in row.states


def neighbour(codes: Sequence[str], code: str, step: int) -> str:
    """The code `step` places from `code` in `codes` (kept at the ends)."""
    if code not in codes:
        return codes[0]
    index = min(len(codes) - 1, max(0, codes.index(code) + step))
    return codes[index]


@dataclass(frozen=True, slots=True)
class Keys:
    """The session keys of one question's controls, for the seq they were shown with (a
    save moves the seq on, so the controls start again from the stored value)."""

    body_id: int
    code: str
    seq: int

    @property
    def value(self) -> str:
        return f"ws_value_{self.body_id}_{self.code}_{self.seq}"

    @property
    def quick(self) -> str:
        return f"ws_quick_{self.body_id}_{self.code}_{self.seq}"

    @property
    def reason(self) -> str:
        return f"ws_reason_{self.body_id}_{self.code}_{self.seq}"

    @property
    def flash(self) -> str:
        return f"ws_{self.body_id}_{self.code}"


class ReviewWorkspace:
    """The workspace of one badan publik in one cycle (built on every run; what must last
    between runs is in the session under :func:`prefix`)."""

    def __init__(self, db: Workspace, who: Actor, cycle_id: int, body_id: int, body_name: str,
                 methodology: Methodology, appeals: Mapping[int, AppealInfo]) -> None:
        self.db, self.who, self.cycle_id = db, who, cycle_id
        self.body_id, self.body_name = body_id, body_name
        self.methodology, self.appeals = methodology, appeals
        key = prefix(cycle_id, body_id)
        self.ROWS, self.CURRENT = f"{key}rows", f"{key}current"
        self.PICK, self.FILTER, self.PENDING = f"{key}pick", f"{key}filter", f"{key}pending"
        self.score: BodyOutcome | None = None  # read once per run

    # -- session state ---------------------------------------------------------------------

    def rows(self) -> list[ReviewRow] | None:
        """The rows as the evaluator was shown them (read once, then after each save)."""
        if self.ROWS not in st.session_state:
            ok, rows = cyc.call(answers_for_review, self.db, self.who, self.cycle_id,
                                self.body_id)
            if not ok:
                return None
            st.session_state[self.ROWS] = rows
        return list(st.session_state[self.ROWS])

    def reload(self) -> None:
        """Read the rows again on the next run (their values, states and seqs)."""
        st.session_state.pop(self.ROWS, None)

    def row(self, code: str) -> ReviewRow | None:
        """The row of question `code` as shown (None when the rows are being read again)."""
        return next((r for r in st.session_state.get(self.ROWS, []) if r.code == code), None)

    def pending(self) -> dict[str, review.Pending]:
        """Question code → the save that met a conflict, until the evaluator chooses."""
        return st.session_state.setdefault(self.PENDING, {})

    def current(self, codes: Sequence[str], shown: Sequence[str]) -> str:
        """The question in hand: the one kept in the session when it is one of `codes`,
        else the first of `shown`."""
        code = st.session_state.get(self.CURRENT)
        if code not in codes:
            code = st.session_state[self.CURRENT] = shown[0]
        return str(code)

    def go(self, code: str) -> None:
        """Put question `code` in hand (from a callback, before the list is drawn)."""
        st.session_state[self.CURRENT] = code
        st.session_state[self.PICK] = code

    def outcome(self) -> BodyOutcome | None:
        """The body's stored current result (None when it cannot be read: the page has
        shown why elsewhere, and a save's message then leaves the score out)."""
        try:
            return body_outcome(self.db, self.who, self.cycle_id, self.body_id)
        except ServiceError:
            return None

    # -- callbacks -----------------------------------------------------------------------

    def _picked(self) -> None:
        st.session_state[self.CURRENT] = st.session_state.get(self.PICK)

    def _filtered(self) -> None:
        """A new filter: stay on the question in hand when it matches, else go to the
        first question that does."""
        wanted = st.session_state.get(self.FILTER)
        rows = st.session_state.get(self.ROWS, [])
        shown = [r.code for r in rows if matches(r, wanted)]
        if shown and st.session_state.get(self.CURRENT) not in shown:
            self.go(shown[0])

    def _step(self, codes: Sequence[str], code: str, step: int) -> None:
        self.go(neighbour(codes, code, step))

    def _save(self, code: str, seq: int, confirm: bool) -> None:
        """Save the verdict on `code` shown with `seq`: the self-reported answer
        (`confirm`) or the value picked, with the reason given."""
        row, keys = self.row(code), Keys(self.body_id, code, seq)
        question = self.methodology.question_by_code.get(code)
        if row is None or question is None or (not confirm and keys.value not in
                                                st.session_state):
            return  # a click on controls no longer shown (the rows were read again)
        # Confirming sends the self-reported value as stored (whatever its type); a typed
        # value is sent as typed, trimmed.
        if confirm and row.scored_by_verifier:  # nothing self-reported to confirm
            cyc.flash(keys.flash, "error", t("eval.ws.scored.no_confirm", code=code))
            return
        value = row.self_reported if confirm else st.session_state.get(keys.value)
        if not confirm and isinstance(value, str):
            value = value.strip()
        if not confirm and value in (None, ""):
            cyc.flash(keys.flash, "error", t("eval.ws.no_value", code=code))
            return
        quick = st.session_state.get(keys.quick)
        if quick and (confirm or same_answer(question, value, row.self_reported)):
            # a quick reason says why an answer is changed: saved with the self-reported
            # value it would record "confirmed" and "the document does not match" at once
            cyc.flash(keys.flash, "warning", t("eval.ws.quick_unchanged", code=code,
                                               reason=quick))
            return
        reason = reason_of(quick, st.session_state.get(keys.reason))
        before = self.outcome()
        try:
            info = verify_answer(self.db, self.who, self.cycle_id, self.body_id, code, value,
                                 reason, expected_seq=seq)
        except Conflict as conflict:
            self.pending()[code] = review.pending(self.methodology, code, value, reason,
                                                  conflict)
            return
        except ServiceError as error:
            cyc.flash(keys.flash, "error", plain(error.message, lines=True))
            return
        self.reload()
        self.pending().pop(code, None)  # an earlier conflict is settled by this save
        if not info.changed:
            cyc.flash(keys.flash, "info", t("eval.ws.unchanged", code=code))
            return
        self._saved(keys.flash, code, display_value(question, info.value), before)

    def _saved(self, flash: str, code: str, shown: str, before: BodyOutcome | None) -> None:
        message = t("eval.ws.saved", code=code, value=shown)
        after = self.outcome()
        if after is not None and after.final is not None:
            predicate = after.predicate or "-"
            if before is not None and before.final is not None and before.final != after.final:
                message += " " + t("eval.ws.score_changed", body=self.body_name,
                                   before=fmt.score(before.final),
                                   after=fmt.score(after.final), predicate=predicate)
            else:
                message += " " + t("eval.ws.score_same", body=self.body_name,
                                   after=fmt.score(after.final), predicate=predicate)
            if after.closed_stages and (before is None
                                        or after.closed_stages != before.closed_stages
                                        or before.final != after.final):
                message += " " + " ".join(after.closed_stages)
        cyc.flash(flash, "success", Markdown(message))

    def _keep_theirs(self, code: str) -> None:
        self.pending().pop(code, None)
        self.reload()
        cyc.flash(Keys(self.body_id, code, 0).flash, "info", t("eval.conflict.kept", code=code))

    def _save_mine(self, code: str) -> None:
        item = self.pending().get(code)
        question = self.methodology.question_by_code.get(code)
        if item is None or question is None:
            return
        flash = Keys(self.body_id, code, 0).flash
        before = self.outcome()
        try:
            info = verify_answer(self.db, self.who, self.cycle_id, self.body_id, code,
                                 item.value, item.reason, expected_seq=item.current_seq)
        except Conflict as conflict:
            self.pending()[code] = review.pending(self.methodology, code, item.value,
                                                  item.reason, conflict)
            cyc.flash(flash, "warning", t("eval.conflict.again", code=code))
            return
        except ServiceError as error:
            cyc.flash(flash, "error", plain(error.message, lines=True))
            return
        self.pending().pop(code, None)
        self.reload()
        self._saved(flash, code, display_value(question, info.value), before)

    # -- rendering -------------------------------------------------------------------------

    def show(self) -> None:
        """The workspace: the body's progress and score, the filter, the list of questions
        and the question in hand (a refusal to read them is shown instead)."""
        rows = self.rows()
        if rows is None:
            return
        if not rows:
            st.info(t("eval.ws.empty"))
            return
        self.score = self.outcome()
        self._header(rows, self.score)
        counts = {state: sum(state in r.states for r in rows) for state in STATES}
        labels = {ALL: t_literal("eval.ws.filter.all", n=len(rows)),
                  **{s: t_literal(f"eval.ws.filter.{s}", n=counts[s]) for s in STATES}}
        wanted = st.segmented_control(
            t("eval.ws.filter"), list(labels), format_func=labels.get, key=self.FILTER,
            default=ALL, required=True, on_change=self._filtered, width="stretch")
        st.button(t("eval.ws.reload"), key=f"ws_reload_{self.body_id}", on_click=self.reload,
                  help=t("eval.ws.reload_help"), type="tertiary", icon=":material/refresh:")
        listed, card = st.columns([5, 7], gap="medium")
        shown = [r for r in rows if matches(r, wanted)]
        if not shown:
            listed.info(t("eval.ws.filter.empty"))
            return
        # The question in hand stays in hand (and listed) after a save moved it out of the
        # filter, until the evaluator moves on; a new filter moves on (see _filtered).
        code = self.current([r.code for r in rows], [r.code for r in shown])
        codes = [r.code for r in rows if matches(r, wanted) or r.code == code]
        by_code = {r.code: r for r in rows}
        st.session_state[self.PICK] = code
        with listed, st.container(height=LIST_HEIGHT, border=True):
            st.radio(t("eval.ws.list"), codes, key=self.PICK, on_change=self._picked,
                     format_func=lambda c: t("eval.ws.list_item", code=c,
                                             text=by_code[c].text),
                     captions=[state_caption(by_code[c]) for c in codes],
                     label_visibility="collapsed", width="stretch")
        with card:
            self._question(by_code[code], codes)

    def _header(self, rows: Sequence[ReviewRow], outcome: BodyOutcome | None) -> None:
        checked = sum(r.checked for r in rows)
        progress, final, saq = st.columns(3)
        progress.markdown(t("eval.ws.progress_label"))
        progress.progress(checked / len(rows),
                          text=t("eval.ws.progress", checked=checked, total=len(rows)))
        if outcome is None or outcome.final is None:
            final.metric(t("eval.ws.final"), "-", help=t("eval.ws.final_help"))
            return
        final.metric(t("eval.ws.final"), fmt.score(outcome.final),
                     help=t("eval.ws.final_help"))
        final.caption(t("eval.ws.predicate", predicate=outcome.predicate or "-"))
        saq.metric(t("eval.ws.saq"), fmt.score(outcome.saq_verified),
                   help=t("eval.ws.saq_help"))
        saq.caption(t("eval.ws.saq_raw", score=fmt.score(outcome.saq_raw)))
        for sentence in outcome.closed_stages:  # why a stage does not count
            st.caption(sentence)

    def _question(self, row: ReviewRow, codes: Sequence[str]) -> None:
        question = self.methodology.question_by_code[row.code]
        index = codes.index(row.code)
        # Previous, where, next: one row that wraps rather than cutting a label.
        with st.container(horizontal=True, vertical_alignment="center",
                          horizontal_alignment="distribute"):
            st.button(t("eval.ws.prev"), key=f"ws_prev_{self.body_id}", wrap=True,
                      disabled=index == 0, on_click=self._step, args=(codes, row.code, -1))
            st.markdown(t("eval.ws.position", i=index + 1, n=len(codes)), width="content")
            st.button(t("eval.ws.next"), key=f"ws_next_{self.body_id}", wrap=True,
                      disabled=index == len(codes) - 1,
                      on_click=self._step, args=(codes, row.code, 1))
        with st.container(border=True, key=f"ws_question_{self.body_id}"):
            st.markdown(t("eval.ws.heading", code=row.code, indicator=row.indicator_name))
            st.markdown(t("eval.ws.text", text=row.text))
            st.markdown(t("eval.ws.guidance", text=row.guidance) if row.guidance
                        else t("eval.ws.no_guidance"))
            st.caption(t("eval.ws.allowed", allowed=row.allowed,
                         points=fmt.score(question.points)))
        with st.container(border=True, key=f"ws_answer_{self.body_id}"):
            st.markdown(t("eval.ws.self_reported", value=row.self_reported_text))
            st.markdown(t("eval.ws.evidence", link=evidence_link(row.evidence)))
            link_checks.show(self.db, self.who, self.cycle_id, self.body_id, row.code,
                             row.evidence)
            evidence_files.show(self.db, self.who, self.cycle_id, self.body_id, row.code)
            website_findings.show(self.db, self.who, self.cycle_id, self.body_id, question)
            if row.note:
                st.markdown(t("eval.ws.note", note=row.note))
            if row.warnings:
                st.warning(t("eval.ws.warnings", codes=", ".join(row.warnings)))
        for appeal_id in row.open_appeals:
            self._appeal(appeal_id)
        self._verdict(row, question, codes)
        st.markdown(t("eval.ws.history"))
        ok, entries = cyc.call(answer_history, self.db, self.who, self.cycle_id,
                               self.body_id, row.code)
        if ok:
            st.markdown(history_text(entries))

    def _appeal(self, appeal_id: int) -> None:
        appeal = self.appeals.get(appeal_id)
        if appeal is None:
            return
        with st.container(border=True):
            st.markdown(t("eval.ws.appeal", id=appeal.id, by=appeal.filed_by,
                          at=fmt.day(appeal.filed_at)))
            st.text(appeal.claim, width="stretch")
            if appeal.evidence:
                st.markdown(t("eval.appeal.evidence", link=link(appeal.evidence)))

    def _verdict(self, row: ReviewRow, question: Question, codes: Sequence[str]) -> None:
        keys = Keys(self.body_id, row.code, row.seq)
        points = self.score
        with st.container(border=True, key=f"ws_verdict_{self.body_id}"):
            st.markdown(t("eval.ws.verdict"))
            st.markdown(verdict_text(row))
            if row.scored_by_verifier:  # the body wrote; the verifikator gives the points
                st.info(t("eval.ws.scored.how", points=fmt.number(question.points)),
                        icon=":material/edit_note:")
            if STATE_STALE in row.states:
                st.warning(t("eval.ws.stale"))
            if points is not None and row.code in points.questions:
                st.caption(points_text(points.questions[row.code]))
            now = widget_value(question, row.verified, row.verified_text or "") if row.checked \
                else widget_value(question, row.self_reported, row.self_reported_text)
            value_control(question, keys.value, now)
            quick = {key: t_literal(key) for key in QUICK_REASONS}
            st.pills(t("eval.ws.quick"), list(quick.values()), key=keys.quick,
                     help=t("eval.ws.quick_help"))
            st.text_input(t("eval.ws.reason"), key=keys.reason,
                          placeholder=t_literal("eval.ws.reason_hint"))
            index = codes.index(row.code)
            # A row of buttons that wraps onto the next line rather than cutting a label.
            with st.container(horizontal=True, gap="small"):
                if not row.scored_by_verifier:
                    st.button(t("eval.ws.confirm"),
                              key=f"ws_confirm_{self.body_id}_{row.code}",
                              help=t("eval.ws.confirm_help", value=row.self_reported_text),
                              on_click=self._save, args=(row.code, row.seq, True), wrap=True)
                st.button(t("eval.ws.scored.save" if row.scored_by_verifier
                            else "eval.ws.save"), key=f"ws_save_{self.body_id}_{row.code}",
                          type="primary", on_click=self._save,
                          args=(row.code, row.seq, False), wrap=True)
                st.button(t("eval.ws.next"), key=f"ws_next_below_{self.body_id}",
                          disabled=index == len(codes) - 1, wrap=True,
                          on_click=self._step, args=(codes, row.code, 1))
            # The outcome of a save, right under the buttons that made it.
            cyc.show_flash(keys.flash)
            pending = self.pending().get(row.code)
            if pending is not None:
                self._conflict(pending)

    def _conflict(self, p: review.Pending) -> None:
        st.warning(t("eval.conflict.message", code=p.code, by=p.by, at=p.at, theirs=p.theirs,
                     mine=p.mine))
        keep, mine = st.columns(2)
        keep.button(t("eval.conflict.keep"), key=f"eval_keep_{self.body_id}_{p.code}",
                    on_click=self._keep_theirs, args=(p.code,), width="stretch")
        mine.button(t("eval.conflict.save_mine"), key=f"eval_mine_{self.body_id}_{p.code}",
                    on_click=self._save_mine, args=(p.code,), type="primary",
                    width="stretch")


# -- texts ---------------------------------------------------------------------------------------


def state_caption(row: ReviewRow) -> str:
    """The states of a row as the list shows them under its question."""
    return " · ".join(t(f"eval.ws.state.{state}") for state in row.states)


def verdict_text(row: ReviewRow) -> Markdown:
    """The answer's current verification (its value, who, when, why), or that there is
    none."""
    if not row.checked:
        return t("eval.ws.scored.unchecked" if row.scored_by_verifier else "eval.ws.unchecked")
    if row.scored_by_verifier:  # the points the verifikator gave
        text = t("eval.ws.scored.done", value=row.verified_text or "-",
                 by=row.verified_by or "-", at=fmt.day(row.verified_at))
    elif row.verified == row.self_reported:  # the value is the one just above
        text = t("eval.ws.verified", by=row.verified_by or "-", at=fmt.day(row.verified_at))
    else:
        text = t("eval.ws.changed", value=row.verified_text or "-", by=row.verified_by or "-",
                 at=fmt.day(row.verified_at))
    return Markdown(f"{text} {t('eval.ws.reason_was', reason=row.reason)}") if row.reason \
        else text


def points_text(points: Any) -> Markdown:
    if points.earned_raw != points.earned or points.possible_raw != points.possible:
        return t("eval.ws.points_raw", earned=fmt.score(points.earned),
                 possible=fmt.score(points.possible), raw=fmt.score(points.earned_raw))
    return t("eval.ws.points", earned=fmt.score(points.earned),
             possible=fmt.score(points.possible))


def evidence_link(text: str) -> Markdown:
    """The evidence whole: a link opening in a new tab when it is a web address, the
    attached files (listed below it) when the answer was sent online with files and no
    link (:func:`monev.portal.files_only`), else the text and why it cannot be opened."""
    if not text.strip():
        return t("eval.ws.evidence_none")
    if files_only(text):
        return t("eval.ws.evidence_files")
    if fmt.web_address(text) is not None:
        return link(text)
    return t("eval.ws.evidence_not_link", text=text)


def history_text(entries: Sequence[HistoryEntry]) -> Markdown:
    """The answer's history, oldest first, as a Markdown list that reads in a narrow column:
    when, what and who; then the value and the one before, why, and the file, evidence or
    appeal it came with (every text from outside escaped, a web address as a link)."""
    items = []
    for e in entries:
        lines = [t("eval.ws.history.entry", at=fmt.day(e.at), kind=e.kind_label,
                   by=e.by or "-")]
        if e.unchanged:  # sent again with this answer as it was: not a change
            lines.append(t("eval.ws.history.unchanged", version=e.submission_version))
            items.append("- " + "  \n  ".join(lines))
            continue
        if e.value_text:
            lines.append(t("eval.ws.history.value_old", value=e.value_text, old=e.old_text)
                         if e.old_text and e.old_text != e.value_text
                         else t("eval.ws.history.value", value=e.value_text))
        if e.reason:
            lines.append(t("eval.ws.history.reason", reason=e.reason))
        if source := _source(e):
            lines.append(source)
        items.append("- " + "  \n  ".join(lines))
    return Markdown("\n".join(items))


def _source(entry: HistoryEntry) -> Markdown:
    if entry.file_name and not entry.online:  # online: the label says so, no file
        return t("eval.ws.history.file", file=entry.file_name)
    if entry.evidence:
        return t("eval.ws.history.evidence", link=link(entry.evidence))
    if entry.appeal_id:
        return t("eval.ws.history.appeal", id=entry.appeal_id)
    return Markdown("")
