"""Verifikasi & panel: the queue of badan publik to verify, the review table of one badan
publik (verified value and reason per answer, conflicts shown with both values), the
history of an answer, jurors' panel scores, bonuses, and appeals to decide.

Widgets → service calls → rendering. Saves run in button callbacks against what the
evaluator was shown (the seq / version kept in the session), never against a fresh read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

from monev.appeals import AppealInfo, decide_appeal, list_appeals
from monev.bonuses import BonusInfo, bonuses, record_bonus
from monev.errors import Conflict, ServiceError
from monev.panel import PanelScoreInfo, panel_scores, record_panel_score
from monev.permissions import Role
from monev.review import answer_history, answers_for_review, verification_queue
from monev.submission_warnings import submission_warnings
from questionnaires.answers import allowed_text
from ui import format as fmt
from ui import state
from ui.components import cycle as cyc
from ui.components import review
from ui.components.bodies import category_name
from ui.format import Markdown, link, plain
from ui.text import t, t_literal

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
st.dataframe(pd.DataFrame([{
    t("eval.queue.col.name"): q.name,
    t("eval.queue.col.category"): category_name(methodology, q.category),
    t("eval.queue.col.progress"): q.verified / q.total if q.total else 1.0,
    t("eval.queue.col.verified"): t_literal("eval.queue.count", verified=q.verified,
                                            total=q.total),
    t("eval.queue.col.appeals"): q.open_appeals,
    t("eval.queue.col.changed"): q.changed_since_verified,
    t("eval.queue.col.warnings"): q.warnings,
    t("eval.queue.col.version"): q.submission_version,
    t("eval.queue.col.uploaded"): fmt.day(q.uploaded_at)
    + (f" ({t_literal('eval.queue.late')})" if q.late else ""),
} for q in queue]), hide_index=True, width="stretch", column_config={
    t("eval.queue.col.progress"): st.column_config.ProgressColumn(
        t("eval.queue.col.progress"), min_value=0.0, max_value=1.0, format="percent")})
by_id = {q.body_id: q for q in queue}
body_id: int = st.selectbox(
    t("eval.queue.pick"), list(by_id), key="eval_body",
    # Names only: a keyed select box keeps showing the label it had when chosen.
    format_func=lambda i: by_id[i].name)
item = by_id[body_id]

# -- snapshots of what the evaluator is shown ----------------------------------------------------
SNAP = f"eval_snapshot_{cycle_id}_{body_id}"
CONFLICTS = f"eval_conflicts_{cycle_id}_{body_id}"
PANEL = f"eval_panel_{cycle_id}_{body_id}"
BONUS = f"eval_bonus_{cycle_id}_{body_id}"
APPEALS = f"eval_appeals_{cycle_id}"


def _next_generation() -> int:
    st.session_state["eval_generation"] = st.session_state.get("eval_generation", 0) + 1
    return st.session_state["eval_generation"]


def _snapshot() -> review.Snapshot | None:
    snap = st.session_state.get(SNAP)
    if snap is None:
        ok, rows = cyc.call(answers_for_review, db, who, cycle_id, body_id)
        if not ok:
            return None
        snap = review.Snapshot(_next_generation(), rows, {r.code: r.seq for r in rows})
        st.session_state[SNAP] = snap
    return snap


def _reload(*keys: str) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def _settle() -> None:
    """Reload the table once nothing waits for the evaluator (no conflicts, no refusals)."""
    snap = st.session_state.get(SNAP)
    if not st.session_state.get(CONFLICTS) and snap is not None and not snap.refused:
        _reload(SNAP, CONFLICTS)


def _on_save() -> None:
    snap = st.session_state.get(SNAP)
    if snap is None:
        return
    edited = review.changes(snap, body_id, st.session_state)
    if not edited:
        cyc.flash("eval_review", "info", t("eval.review.nothing"))
        return
    outcome = review.save(db, who, cycle_id, body_id, snap, methodology, edited)
    if outcome.saved:
        cyc.flash("eval_review", "success", t("eval.review.saved", n=len(outcome.saved),
                                                codes=", ".join(outcome.saved)))
    if outcome.refused:
        cyc.flash("eval_review", "error", Markdown(t("eval.review.refused") + "\n" + "\n".join(
            f"- **{plain(code)}**: {message}" for code, message in outcome.refused)))
    pending = {p.code: p for p in st.session_state.get(CONFLICTS, [])}
    pending.update({p.code: p for p in outcome.conflicts})
    st.session_state[CONFLICTS] = list(pending.values())
    snap.refused = bool(outcome.refused)
    if not outcome.saved and not outcome.refused and not outcome.conflicts:
        cyc.flash("eval_review", "info", t("eval.review.unchanged"))
    _settle()


def _drop_conflict(code: str) -> None:
    st.session_state[CONFLICTS] = [p for p in st.session_state.get(CONFLICTS, [])
                                   if p.code != code]


def _keep_theirs(code: str) -> None:
    snap = st.session_state.get(SNAP)
    if snap is not None:
        snap.skip.add(code)
    _drop_conflict(code)
    cyc.flash("eval_review", "info", t("eval.conflict.kept", code=code))
    _settle()


def _save_mine(code: str) -> None:
    snap = st.session_state.get(SNAP)
    item_ = next((p for p in st.session_state.get(CONFLICTS, []) if p.code == code), None)
    if snap is None or item_ is None:
        return
    try:
        again = review.save_again(db, who, cycle_id, body_id, snap, methodology, item_)
    except ServiceError as error:
        cyc.flash("eval_review", "error", plain(error.message, lines=True))
        return
    if again is not None:
        st.session_state[CONFLICTS] = [again if p.code == code else p
                                       for p in st.session_state.get(CONFLICTS, [])]
        cyc.flash("eval_review", "warning", t("eval.conflict.again", code=code))
        return
    _drop_conflict(code)
    cyc.flash("eval_review", "success", t("eval.conflict.saved", code=code))
    _settle()


tab_review, tab_history, tab_panel, tab_bonus, tab_appeals = st.tabs([
    t("eval.tab.review"), t("eval.tab.history"), t("eval.tab.panel"), t("eval.tab.bonus"),
    t("eval.tab.appeals", n=item.open_appeals)])

# -- verification ------------------------------------------------------------------------------
snap = _snapshot()
with tab_review:
    st.caption(t("eval.review.about", name=item.name, version=item.submission_version,
                 file=item.file_name))
    cyc.show_flash("eval_review")
    if item.warnings:
        ok_warnings, warnings = cyc.call(submission_warnings, db, who, cycle_id, body_id)
        if ok_warnings and warnings:
            review.show_warnings(warnings, item.file_name)
    if snap is not None and (changed := [r.code for r in snap.rows
                                         if r.changed_since_verified]):
        st.warning(t("eval.review.changed", n=len(changed), codes=", ".join(changed)))
    for p in st.session_state.get(CONFLICTS, []):
        with st.container(border=True):
            st.warning(t("eval.conflict.message", code=p.code, by=p.by, at=p.at,
                         theirs=p.theirs, mine=p.mine))
            keep, mine = st.columns(2)
            keep.button(t("eval.conflict.keep"), key=f"eval_keep_{body_id}_{p.code}",
                        on_click=_keep_theirs, args=(p.code,))
            mine.button(t("eval.conflict.save_mine"), key=f"eval_mine_{body_id}_{p.code}",
                        on_click=_save_mine, args=(p.code,), type="primary")
    if snap is not None:
        with st.form(f"eval_review_form_{body_id}"):
            for kind in review.kinds():  # one table per answer type, under its heading
                rows = snap.of_kind(kind)
                if rows:
                    review.editor(kind, rows, methodology, snap.editor_key(kind, body_id))
            st.form_submit_button(t("eval.review.save"), type="primary", on_click=_on_save,
                                  key="eval_save")
        st.button(t("eval.reload"), key="eval_review_reload", on_click=_reload,
                  args=(SNAP, CONFLICTS), help=t("eval.reload_help"))

# -- history of an answer ----------------------------------------------------------------------
with tab_history:
    if snap is not None and snap.rows:
        texts = {r.code: f"{r.code} — {r.text}" for r in snap.rows}
        code = st.selectbox(t("eval.history.pick"), list(texts), format_func=texts.get,
                            key=f"eval_history_code_{body_id}")
        ok, entries = cyc.call(answer_history, db, who, cycle_id, body_id, code)
        if ok:
            st.dataframe(pd.DataFrame(review.history_rows(entries)), hide_index=True,
                         width="stretch")

# -- panel scores ------------------------------------------------------------------------------


def _panel_snapshot() -> list[PanelScoreInfo] | None:
    if PANEL not in st.session_state:
        ok, scores = cyc.call(panel_scores, db, who, cycle_id, body_id)
        if not ok:
            return None
        st.session_state[PANEL] = {"generation": _next_generation(), "scores": scores}
    return st.session_state[PANEL]["scores"]


def _panel_key(stage: str, juror: str, aspect: str) -> str:
    generation = st.session_state.get(PANEL, {}).get("generation", 0)
    return f"eval_panel_score_{body_id}_{stage}_{juror}_{aspect}_{generation}"


def _on_panel(stage: str, juror: str, aspects: list[str]) -> None:
    scores = {(s.stage, s.juror, s.aspect): s
              for s in st.session_state.get(PANEL, {}).get("scores", [])}
    reason = st.session_state.get(f"eval_panel_reason_{body_id}", "")
    saved = 0
    for aspect in aspects:
        value = st.session_state.get(_panel_key(stage, juror, aspect))
        if value is None:
            continue
        typed = f"{value:.2f}"
        current = scores.get((stage, juror, aspect))
        if current is not None and current.score == Decimal(typed):
            continue  # unchanged: nothing to save
        try:
            record_panel_score(db, who, cycle_id, body_id, stage, juror, aspect, typed,
                               expected_seq=current.seq if current else 0, reason=reason)
            saved += 1
        except Conflict as conflict:
            cyc.flash("eval_panel", "warning", t(
                "eval.panel.conflict", aspect=aspect, by=conflict.changed_by or "-",
                at=review.changed_at_text(conflict.changed_at),
                theirs=fmt.score(conflict.current), mine=fmt.score(Decimal(typed))))
        except ServiceError as error:
            cyc.flash("eval_panel", "error", plain(error.message, lines=True))
    if saved:
        cyc.flash("eval_panel", "success", t("eval.panel.saved", n=saved, juror=juror))
    st.session_state[f"eval_panel_reason_{body_id}"] = ""
    _reload(PANEL)


with tab_panel:
    stages = methodology.panel_stages
    scores = _panel_snapshot() if stages else None
    cyc.show_flash("eval_panel")
    if not stages:
        st.info(t("eval.panel.none"))
    elif scores is not None:
        aspects_all = {i.code: i.name for i in methodology.indicators}
        stage_names = {s.code: s.name for s in stages}
        stage = st.selectbox(t("eval.panel.stage"), list(stage_names),
                             format_func=stage_names.get, key=f"eval_panel_stage_{body_id}")
        shown = [s for s in scores if not s.withdrawn and s.stage == stage]
        if shown:  # one row per juror, one column per aspect
            names = [aspects_all[i.code] for i in methodology.indicators_of(stage)]
            grid = pd.DataFrame([{t("eval.panel.col.juror"): s.juror,
                                  "aspect": aspects_all.get(s.aspect, s.aspect),
                                  "score": fmt.score(s.score)} for s in shown])
            grid = grid.pivot(index=t("eval.panel.col.juror"), columns="aspect",
                              values="score").reindex(columns=names).fillna("-")
            grid.columns.name = None
            st.dataframe(grid, width="stretch")
            with st.expander(t("eval.panel.details")):
                st.dataframe(pd.DataFrame([{
                    t("eval.panel.col.juror"): s.juror,
                    t("eval.panel.col.aspect"): aspects_all.get(s.aspect, s.aspect),
                    t("eval.panel.col.score"): fmt.score(s.score),
                    t("eval.panel.col.reason"): s.reason or "-",
                    t("eval.panel.col.by"): f"{s.changed_by}, {fmt.day(s.changed_at)}",
                } for s in shown]), hide_index=True, width="stretch")
        else:
            st.caption(t("eval.panel.empty"))
        jurors = sorted({s.juror for s in scores if s.stage == stage}, key=str.casefold)
        picked = st.selectbox(t("eval.panel.juror"), ["", *jurors],
                              format_func=lambda name: name or t("eval.panel.new_juror"),
                              key=f"eval_panel_pick_{body_id}")
        juror = picked or " ".join(st.text_input(
            t("eval.panel.new_juror_name"), key=f"eval_panel_juror_{body_id}",
            help=t("eval.panel.juror_help"),
            placeholder=t("eval.panel.juror_hint")).split())
        if juror:
            aspects = methodology.indicators_of(stage)
            current = {(s.stage, s.juror, s.aspect): s for s in scores}
            with st.form(f"eval_panel_form_{body_id}"):
                for aspect in aspects:
                    now = current.get((stage, juror, aspect.code))
                    st.number_input(
                        aspect.name, min_value=0.0, max_value=100.0, step=0.01,
                        format="%.2f", key=_panel_key(stage, juror, aspect.code),
                        value=float(now.score) if now and now.score is not None else None,
                        help=t("eval.panel.score_help"))
                st.text_input(t("eval.panel.reason"), key=f"eval_panel_reason_{body_id}",
                              help=t("eval.panel.reason_help"))
                st.form_submit_button(
                    t("eval.panel.save"), type="primary", on_click=_on_panel,
                    args=(stage, juror, [a.code for a in aspects]), key="eval_panel_save")

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
    points = st.session_state.get(f"eval_bonus_points_{body_id}")
    reason = st.session_state.get(f"eval_bonus_reason_{body_id}", "")
    current = {b.code: b for b in st.session_state.get(BONUS, [])}.get(code)
    try:
        saved = record_bonus(db, who, cycle_id, body_id, code,
                             None if points is None else f"{points:.2f}", reason,
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
            st.number_input(t("eval.bonus.points"), min_value=-100.0, max_value=100.0,
                            step=0.01, format="%.2f", value=None,
                            key=f"eval_bonus_points_{body_id}")
            st.text_input(t("eval.bonus.reason"), key=f"eval_bonus_reason_{body_id}")
            st.form_submit_button(t("eval.bonus.save"), type="primary", on_click=_on_bonus,
                                  key="eval_bonus_save")

# -- appeals -----------------------------------------------------------------------------------


def _appeals_snapshot() -> list[AppealInfo] | None:
    if APPEALS not in st.session_state:
        ok, appeals = cyc.call(list_appeals, db, who, cycle_id)
        if not ok:
            return None
        st.session_state[APPEALS] = appeals
    return st.session_state[APPEALS]


def _on_decide(appeal_id: int) -> None:
    appeal = next((a for a in st.session_state.get(APPEALS, []) if a.id == appeal_id), None)
    if appeal is None:
        return
    accepted = st.session_state.get(f"eval_appeal_decision_{appeal_id}") == "accept"
    new_value: Any = (st.session_state.get(f"eval_appeal_value_{appeal_id}") or "").strip()
    reason = st.session_state.get(f"eval_appeal_reason_{appeal_id}", "")
    try:
        decided = decide_appeal(db, who, appeal_id, accepted, reason,
                                new_value=new_value or None,
                                expected_version=appeal.version)
    except ServiceError as error:  # a Conflict names who decided first
        cyc.flash("eval_appeal", "error", plain(error.message, lines=True))
    else:
        cyc.flash("eval_appeal", "success", t("eval.appeal.decided", id=decided.id,
                                                status=decided.status_label))
        _reload(SNAP, CONFLICTS)
    _reload(APPEALS)


with tab_appeals:
    appeals = _appeals_snapshot()
    cyc.show_flash("eval_appeal")
    if appeals is not None:
        everyone = st.toggle(t("eval.appeal.all"), key="eval_appeal_all")
        visible = [a for a in appeals if everyone or a.body_id == body_id]
        open_ = [a for a in visible if a.status == "open"]
        if not open_:
            st.info(t("eval.appeal.none"))
        questions = methodology.question_by_code
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
                             key=f"eval_appeal_decision_{a.id}")
                    if question is not None:
                        st.text_input(t("eval.appeal.new_value"),
                                      key=f"eval_appeal_value_{a.id}",
                                      help=t("eval.appeal.new_value_help",
                                             allowed=allowed_text(question)))
                    st.text_area(t("eval.appeal.reason"), key=f"eval_appeal_reason_{a.id}")
                    st.form_submit_button(t("eval.appeal.save"), type="primary",
                                          on_click=_on_decide, args=(a.id,),
                                          key=f"eval_appeal_save_{a.id}")
        decided = [a for a in visible if a.status != "open"]
        if decided:
            st.markdown(t("eval.appeal.decided_list"))
            st.dataframe(pd.DataFrame([{
                t("eval.appeal.col.id"): a.id,
                t("eval.appeal.col.body"): a.body_name,
                t("eval.appeal.col.question"): a.question_code or t("eval.appeal.whole"),
                t("eval.appeal.col.status"): a.status_label,
                t("eval.appeal.col.reason"): a.decision_reason,
                t("eval.appeal.col.by"): f"{a.decided_by}, {fmt.day(a.decided_at)}",
            } for a in decided]), hide_index=True, width="stretch")
        st.button(t("eval.reload"), key="eval_appeals_reload", on_click=_reload,
                  args=(APPEALS,))
