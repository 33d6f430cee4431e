"""Verifikasi & panel: the queue of badan publik to verify and each verifikator's progress,
the review workspace of one badan publik (one question at a time: its evidence, history
and verdict, conflicts shown with both values; :mod:`ui.components.review_workspace`),
jurors' panel scores, bonuses, and appeals to decide (the tab counts the cycle's open ones).

Widgets → service calls → rendering. Saves run in button callbacks against what the
evaluator was shown (the seq / version kept in the session), never against a fresh read.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from monev.appeals import AppealInfo, decide_appeal, list_appeals
from monev.bonuses import BonusInfo, bonuses, record_bonus
from monev.errors import Conflict, ServiceError
from monev.permissions import Role
from monev.review import ReviewRow, answers_for_review, verification_queue, verifier_progress
from monev.submission_warnings import submission_warnings
from questionnaires.answers import display_value
from questionnaires.model import Question
from ui import format as fmt
from ui import state
from ui.components import cycle as cyc
from ui.components import panel_scores as panel_tab
from ui.components import review, review_workspace
from ui.components.bodies import category_name
from ui.format import Markdown, link, plain
from ui.text import TEXT, t, t_literal

who = state.require_role(Role.EVALUATOR, Role.ADMIN)
db = state.database()
st.title(t("eval.title"))
st.caption(t("eval.intro"))

info = cyc.pick_cycle(db, who)
if info is None:
    st.stop()
ok, methodology = cyc.call(cyc.cycle_methodology, db, who, info.id)
ok_queue, queue = cyc.call(verification_queue, db, who, info.id)
if not (ok and ok_queue):
    st.stop()
st.caption(t("eval.cycle_status", status=info.status_label, methodology=methodology.title))
if info.status == "published":
    st.info(t("eval.published"))
cycle_id = info.id

# -- the queue ----------------------------------------------------------------------------------
st.subheader(t("eval.queue.heading"))
if not queue:
    st.info(t("eval.queue.empty"))
    st.stop()
# What a verifikator acts on first — the body, its progress, open appeals, answers changed
# since verified, the file's warnings — fits a 1400 px window beside the menu (about 940 px
# of grid); the body's name stays pinned while the rest scrolls into view.
QUEUE_WIDTHS = {"eval.queue.col.name": 380, "eval.queue.col.verified": 150,
                "eval.queue.col.appeals": 125, "eval.queue.col.changed": 95,
                "eval.queue.col.warnings": 105, "eval.queue.col.category": 260,
                "eval.queue.col.version": 75, "eval.queue.col.uploaded": 230}
st.dataframe(pd.DataFrame([{
    t_literal("eval.queue.col.name"): q.name,
    # Progress as text that reads the same on screen, to a screen reader and when copied
    # ("11 dari 31 (35,5%)"): a ProgressColumn's cell holds the raw fraction (0.3548387).
    t_literal("eval.queue.col.verified"): t_literal(
        "eval.queue.count", verified=q.verified, total=q.total,
        percent=fmt.percent(q.verified / q.total if q.total else 1)),
    t_literal("eval.queue.col.appeals"): q.open_appeals,
    t_literal("eval.queue.col.changed"): q.changed_since_verified,
    t_literal("eval.queue.col.warnings"): q.warnings,
    t_literal("eval.queue.col.category"): category_name(methodology, q.category),
    t_literal("eval.queue.col.version"): q.submission_version,
    t_literal("eval.queue.col.uploaded"): fmt.day(q.uploaded_at)
    + (f" ({t_literal('eval.queue.late')})" if q.late else ""),
} for q in queue]), hide_index=True, width="stretch", column_config={
    t_literal(key): st.column_config.Column(
        width=width, pinned=key == "eval.queue.col.name" or None,
        help=t_literal(f"{key}_help") if f"{key}_help" in TEXT else None)
    for key, width in QUEUE_WIDTHS.items()})
ok_progress, progress = cyc.call(verifier_progress, db, who, cycle_id)
if ok_progress:
    with st.expander(t("eval.progress.heading")):
        if progress:
            st.dataframe(pd.DataFrame([{
                t("eval.progress.col.name"): p.name,
                t("eval.progress.col.answers"): p.answers,
                t("eval.progress.col.bodies"): p.bodies,
                t("eval.progress.col.last"): fmt.day(p.last_at),
            } for p in progress]), hide_index=True, width="stretch")
        else:
            st.caption(t("eval.progress.none"))
by_id = {q.body_id: q for q in queue}
body_id: int = st.selectbox(
    t("eval.queue.pick"), list(by_id), key="eval_body",
    # Names only: a keyed select box keeps showing the label it had when chosen.
    format_func=lambda i: by_id[i].name)
item = by_id[body_id]

# -- what the evaluator is shown, kept in the session --------------------------------------------
BONUS = f"eval_bonus_{cycle_id}_{body_id}"
APPEALS = f"eval_appeals_{cycle_id}"


def _reload(*keys: str) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def _appeals_snapshot() -> list[AppealInfo] | None:
    if APPEALS not in st.session_state:
        ok, appeals = cyc.call(list_appeals, db, who, cycle_id)
        if not ok:
            return None
        st.session_state[APPEALS] = appeals
    return st.session_state[APPEALS]


appeals = _appeals_snapshot()
open_appeals = [a for a in appeals or [] if a.status == "open"]
# The appeals tab counts the open appeals of the whole cycle (its label says so). A new
# count is a new label, and the browser then opens the default tab: after a decision (or
# reloading the appeals) that is the appeals tab, where its message is.
APPEALS_TAB = "eval_tab_appeals"
labels = [t("eval.tab.review"), t("eval.tab.panel"), t("eval.tab.bonus"),
          t("eval.tab.appeals", n=len(open_appeals))]
tab_review, tab_panel, tab_bonus, tab_appeals = st.tabs(
    labels, default=labels[3] if st.session_state.pop(APPEALS_TAB, False) else None)

# -- verification: the review workspace, one question at a time ------------------------------------
with tab_review:
    st.caption(t("eval.review.about", name=item.name, version=item.submission_version,
                 file=item.file_name))
    if item.warnings:
        ok_warnings, warnings = cyc.call(submission_warnings, db, who, cycle_id, body_id)
        if ok_warnings and warnings:
            review.show_warnings(warnings, item.file_name)
    review_workspace.ReviewWorkspace(db, who, cycle_id, body_id, item.name, methodology,
                                     {a.id: a for a in open_appeals}).show()

# -- panel scores (ui/components/panel_scores.py) ---------------------------------------------
with tab_panel:
    panel_tab.show(db, who, cycle_id, body_id, methodology)

# -- bonuses -----------------------------------------------------------------------------------


def _bonus_snapshot() -> list[BonusInfo] | None:
    if BONUS not in st.session_state:
        ok, rows = cyc.call(bonuses, db, who, cycle_id, body_id)
        if not ok:
            return None
        st.session_state[BONUS] = rows
    return st.session_state[BONUS]


def _on_bonus() -> None:
    code = st.session_state.get(f"eval_bonus_code_{body_id}", "").strip()
    points = st.session_state.get(f"eval_bonus_points_{body_id}", "")
    reason = st.session_state.get(f"eval_bonus_reason_{body_id}", "")
    current = {b.code: b for b in st.session_state.get(BONUS, [])}.get(code)
    try:
        saved = record_bonus(db, who, cycle_id, body_id, code, points, reason,
                             expected_seq=current.seq if current else 0)
    except Conflict as conflict:
        cyc.flash("eval_bonus", "warning", t(
            "eval.bonus.conflict", code=code, by=conflict.changed_by or "-",
            at=review.changed_at_text(conflict.changed_at), theirs=fmt.score(conflict.current),
            mine=fmt.score(conflict.attempted)))
    except ServiceError as error:
        cyc.flash("eval_bonus", "error", plain(error.message, lines=True))
    else:
        cyc.flash("eval_bonus", "success", t("eval.bonus.saved", code=saved.code,
                                               points=fmt.score(saved.points)))
    _reload(BONUS)


with tab_bonus:
    rows = _bonus_snapshot()
    cyc.show_flash("eval_bonus")
    if rows is not None:
        shown = [b for b in rows if not b.withdrawn]
        if shown:
            st.dataframe(pd.DataFrame([{
                t("eval.bonus.col.code"): b.code,
                t("eval.bonus.col.points"): fmt.score(b.points),
                t("eval.bonus.col.reason"): b.reason,
                t("eval.bonus.col.by"): f"{b.changed_by}, {fmt.day(b.changed_at)}",
            } for b in shown]), hide_index=True, width="stretch")
        else:
            st.caption(t("eval.bonus.empty"))
        with st.form(f"eval_bonus_form_{body_id}", clear_on_submit=True):
            st.text_input(t("eval.bonus.code"), key=f"eval_bonus_code_{body_id}",
                          placeholder="kehadiran_pimpinan", help=t("eval.bonus.code_help"))
            st.text_input(t("eval.bonus.points"), key=f"eval_bonus_points_{body_id}",
                          placeholder=t_literal("eval.bonus.points_hint"),
                          help=t("eval.bonus.points_help"))
            st.text_input(t("eval.bonus.reason"), key=f"eval_bonus_reason_{body_id}")
            st.form_submit_button(t("eval.bonus.save"), type="primary", on_click=_on_bonus,
                                  key="eval_bonus_save")

# -- appeals -----------------------------------------------------------------------------------


def _reload_appeals() -> None:
    st.session_state[APPEALS_TAB] = True  # stay on the appeals tab whatever its new count
    _reload(APPEALS)


def _on_decide(appeal_id: int, value_key: str | None, shown: Any) -> None:
    """Decide the appeal as the form says; `value_key` holds the answer's value (picked
    with the review workspace's control, which started from `shown`): a value the decider
    changed is sent as the new value, one left as it was is not."""
    appeal = next((a for a in st.session_state.get(APPEALS, []) if a.id == appeal_id), None)
    if appeal is None:
        return
    decision = st.session_state.get(f"eval_appeal_decision_{appeal_id}")
    if decision is None:  # no default: accepting or rejecting is always a choice
        cyc.flash("eval_appeal", "error", t("eval.appeal.pick_decision", id=appeal_id))
        return
    accepted = decision == "accept"
    new_value: Any = None
    if value_key is not None:
        picked = st.session_state.get(value_key)
        if not review_workspace.same_widget_value(picked, shown):
            new_value = picked.strip() if isinstance(picked, str) else picked
            if new_value in (None, ""):  # a value typed over and then cleared
                new_value = None
    reason = st.session_state.get(f"eval_appeal_reason_{appeal_id}", "")
    try:
        decided = decide_appeal(db, who, appeal_id, accepted, reason, new_value=new_value,
                                expected_version=appeal.version)
    except ServiceError as error:  # a Conflict names who decided first
        cyc.flash("eval_appeal", "error", plain(error.message, lines=True))
    else:
        message = t("eval.appeal.decided", id=decided.id, status=decided.status_label)
        if decided.verification is not None:  # the answer's value it set, as shown
            question = methodology.question_by_code.get(decided.question_code or "")
            value = display_value(question, decided.verification.value) if question \
                else str(decided.verification.value)
            message = Markdown(f"{message} " + t("eval.appeal.value_set",
                                                  code=decided.question_code, value=value))
        elif decided.question_code and accepted:
            message = Markdown(f"{message} " + t("eval.appeal.value_kept",
                                                  code=decided.question_code))
        cyc.flash("eval_appeal", "success", message)
        review_workspace.forget(cycle_id)  # an accepted appeal may change an answer
    _reload_appeals()


def _answers(body_id: int, cache: dict[int, dict[str, ReviewRow] | None]) -> \
        dict[str, ReviewRow] | None:
    """The answers of `body_id` as they are now (read once per run), by question code."""
    if body_id not in cache:
        ok, rows = cyc.call(answers_for_review, db, who, cycle_id, body_id)
        cache[body_id] = {r.code: r for r in rows} if ok else None
    return cache[body_id]


def _appeal_value(a: AppealInfo, question: Question,
                  rows: dict[str, ReviewRow] | None) -> tuple[str | None, Any]:
    """The value of an appeal's answer, picked with the review workspace's control for its
    answer type (items, a number with a decimal comma, a level …) starting from the current
    value: (the session key, the widget value it started from); (None, None) when the
    answer cannot be read."""
    row = (rows or {}).get(question.code)
    if row is None:
        return None, None
    shown = review_workspace.widget_value(question, row.verified, row.verified_text or "") \
        if row.checked else review_workspace.widget_value(question, row.self_reported,
                                                          row.self_reported_text)
    key = f"eval_appeal_value_{a.id}_{row.seq}"  # a save elsewhere starts it afresh
    current = row.verified_text if row.checked else row.self_reported_text
    review_workspace.value_control(question, key, shown, label=t("eval.appeal.new_value"),
                                   help=t("eval.appeal.new_value_help",
                                          current=current or "-"))
    return key, shown


with tab_appeals:
    cyc.show_flash("eval_appeal")
    if appeals is not None:
        everyone = st.toggle(t("eval.appeal.all"), key="eval_appeal_all")
        visible = [a for a in appeals if everyone or a.body_id == body_id]
        open_ = [a for a in visible if a.status == "open"]
        if not open_ and open_appeals:
            st.info(t("eval.appeal.none_here", body=item.name, n=len(open_appeals)))
        elif not open_:
            st.info(t("eval.appeal.none"))
        questions = methodology.question_by_code
        answers: dict[int, dict[str, ReviewRow] | None] = {}
        for a in open_:
            question = questions.get(a.question_code or "")
            with st.container(border=True):
                st.markdown(t("eval.appeal.header", id=a.id, body=a.body_name,
                              question=f"{question.code} — {question.text}" if question
                              else t("eval.appeal.whole")))
                # The claim as typed, line breaks kept: never Markdown.
                st.markdown(t("eval.appeal.claim"))
                st.text(a.claim, width="stretch")
                if a.evidence:  # a link only when it is an http(s) address
                    st.markdown(t("eval.appeal.evidence", link=link(a.evidence)))
                st.caption(t("eval.appeal.filed", by=a.filed_by, at=fmt.day(a.filed_at)))
                with st.form(f"eval_appeal_form_{a.id}"):
                    st.radio(t("eval.appeal.decision"), ["accept", "reject"], horizontal=True,
                             format_func={"accept": t("eval.appeal.accept"),
                                          "reject": t("eval.appeal.reject")}.get,
                             index=None, key=f"eval_appeal_decision_{a.id}")
                    value_key, shown = _appeal_value(a, question, _answers(a.body_id, answers)) \
                        if question is not None else (None, None)
                    st.text_area(t("eval.appeal.reason"), key=f"eval_appeal_reason_{a.id}")
                    st.form_submit_button(t("eval.appeal.save"), type="primary",
                                          on_click=_on_decide, args=(a.id, value_key, shown),
                                          key=f"eval_appeal_save_{a.id}")
        decided = [a for a in visible if a.status != "open"]
        if decided:
            st.markdown(t("eval.appeal.decided_list"))
            # A static table: the reasons and who decided when wrap, read in full; every
            # text escaped for its Markdown cells (names and reasons are typed by people).
            st.table(pd.DataFrame([{
                t("eval.appeal.col.id"): str(a.id),
                t("eval.appeal.col.body"): plain(a.body_name),
                t("eval.appeal.col.question"): plain(a.question_code) if a.question_code
                else t("eval.appeal.whole"),
                t("eval.appeal.col.status"): plain(a.status_label),
                t("eval.appeal.col.reason"): plain(a.decision_reason),
                t("eval.appeal.col.by"): plain(f"{a.decided_by}, {fmt.day(a.decided_at)}"),
            } for a in decided]), hide_index=True)
        st.button(t("eval.reload"), key="eval_appeals_reload", on_click=_reload_appeals)
