"""Nilai panel: the jurors' scores of one badan publik (the panel tab of Verifikasi &
Panel) and the agreement between the jurors of a stage over all its badan publik.

Scores are typed in text fields, never browser number fields (which know no decimal comma:
``85,5`` became ``855``), and read the Indonesian way by the service
(:func:`monev.panel.parse_score`, Babel): ``85,5`` → 85,50; ``85.5`` is read as 85,50 too
(a point before one or two digits can only be a decimal point) and the message says so;
``1.000`` is a thousand and refused. Each aspect is saved or refused on its own: the
message lists what was saved (with the value as stored) and, per refused aspect, why; a
refused aspect keeps what was typed so it can be corrected, saved ones show the stored
value (``85,50``).

The scores and their seqs are a snapshot kept in the session: saves use the seq shown, so
a score someone else saved meanwhile is reported as a conflict, never overwritten.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from monev.errors import Conflict, ServiceError
from monev.panel import (
    PanelScoreInfo,
    StageAgreement,
    panel_agreement,
    panel_scores,
    record_panel_score,
)
from monev.panel_agreement import Level
from monev.permissions import Actor
from monev.workspace import Workspace
from questionnaires.model import Methodology
from ui import format as fmt
from ui.components import cycle as cyc
from ui.components.review import changed_at_text
from ui.format import Markdown, NumberTextError, plain
from ui.text import t, t_literal

FLASH = "eval_panel"


def _snapshot_key(cycle_id: int, body_id: int) -> str:
    return f"eval_panel_{cycle_id}_{body_id}"


def _agreement_key(cycle_id: int, stage: str) -> str:
    return f"eval_panel_agreement_{cycle_id}_{stage}"


def field_key(body_id: int, stage: str, juror: str, aspect: str) -> str:
    """The session key of the text field of one juror's score of one aspect."""
    return f"eval_panel_score_{body_id}_{stage}_{juror}_{aspect}"


def _reason_key(body_id: int) -> str:
    return f"eval_panel_reason_{body_id}"


def _current(score: PanelScoreInfo | None) -> Decimal | None:
    return None if score is None or score.withdrawn else score.score


class _Panel:
    """The panel tab of one badan publik in one cycle."""

    def __init__(self, db: Workspace, who: Actor, cycle_id: int, body_id: int,
                 methodology: Methodology) -> None:
        self.db, self.who, self.cycle_id, self.body_id = db, who, cycle_id, body_id
        self.methodology = methodology
        self.snapshot_key = _snapshot_key(cycle_id, body_id)

    # -- data ------------------------------------------------------------------------------

    def scores(self) -> list[PanelScoreInfo] | None:
        if self.snapshot_key not in st.session_state:
            ok, scores = cyc.call(panel_scores, self.db, self.who, self.cycle_id, self.body_id)
            if not ok:
                return None
            st.session_state[self.snapshot_key] = scores
        return st.session_state[self.snapshot_key]

    def agreement(self, stage: str) -> StageAgreement | None:
        key = _agreement_key(self.cycle_id, stage)
        if key not in st.session_state:
            ok, found = cyc.call(panel_agreement, self.db, self.who, self.cycle_id, stage)
            if not ok:
                return None
            st.session_state[key] = found
        return st.session_state[key]

    def reload(self) -> None:
        """Forget the snapshot, the agreement and the fields: the next run reads afresh."""
        for key in list(st.session_state):
            if (key == self.snapshot_key or key.startswith("eval_panel_agreement_")
                    or key.startswith(f"eval_panel_score_{self.body_id}_")):
                st.session_state.pop(key, None)

    # -- saving ----------------------------------------------------------------------------

    def on_save(self, stage: str, juror: str, aspects: list[str]) -> None:
        names = {i.code: i.name for i in self.methodology.indicators}
        current = {(s.stage, s.juror, s.aspect): s
                   for s in st.session_state.get(self.snapshot_key, [])}
        reason = st.session_state.get(_reason_key(self.body_id), "")
        saved: list[str] = []
        refused: list[str] = []
        conflicts = 0
        for aspect in aspects:
            key = field_key(self.body_id, stage, juror, aspect)
            typed = str(st.session_state.get(key) or "").strip()
            now = current.get((stage, juror, aspect))
            stored = _current(now)
            if not typed:
                if stored is not None:  # a cleared field withdraws nothing
                    refused.append(t("eval.panel.cleared", aspect=names[aspect],
                                     score=fmt.score(stored)))
                    st.session_state[key] = fmt.score(stored)
                continue
            try:
                unchanged = stored is not None and fmt.parse_decimal(typed) == stored
            except NumberTextError:
                unchanged = False  # the service says what is wrong with it
            if unchanged:
                st.session_state[key] = fmt.score(stored)
                continue
            try:
                info = record_panel_score(self.db, self.who, self.cycle_id, self.body_id,
                                          stage, juror, aspect, typed,
                                          expected_seq=now.seq if now else 0, reason=reason)
            except Conflict as conflict:
                cyc.flash(FLASH, "warning", t(
                    "eval.panel.conflict", aspect=names[aspect], by=conflict.changed_by or "-",
                    at=changed_at_text(conflict.changed_at),
                    theirs=fmt.score(conflict.current), mine=typed))
                conflicts += 1
                continue
            except ServiceError as error:  # not a number, range, decimals, reason…
                refused.append(Markdown(f"**{plain(names[aspect])}**: "
                                        f"{plain(error.message)}"))
                continue
            st.session_state[key] = fmt.score(info.score)
            if "." in typed:  # say how a decimal point was read
                saved.append(t("eval.panel.saved_point", aspect=names[aspect],
                               score=fmt.score(info.score), typed=typed))
            else:
                saved.append(t("eval.panel.saved_one", aspect=names[aspect],
                               score=fmt.score(info.score)))
        if saved:
            cyc.flash(FLASH, "success", Markdown(
                t("eval.panel.saved", n=len(saved), juror=juror) + "\n"
                + "\n".join(f"- {line}" for line in saved)))
        if refused:
            cyc.flash(FLASH, "error", Markdown(
                t("eval.panel.refused", n=len(refused)) + "\n"
                + "\n".join(f"- {line}" for line in refused)))
        if not saved and not refused and not conflicts:
            cyc.flash(FLASH, "info", t("eval.panel.unchanged"))
        if not refused:
            st.session_state[_reason_key(self.body_id)] = ""
        st.session_state.pop(self.snapshot_key, None)
        for key in [k for k in st.session_state if k.startswith("eval_panel_agreement_")]:
            st.session_state.pop(key, None)

    # -- rendering -------------------------------------------------------------------------

    def grid(self, stage: str, shown: list[PanelScoreInfo]) -> None:
        aspects_all = {i.code: i.name for i in self.methodology.indicators}
        names = [aspects_all[i.code] for i in self.methodology.indicators_of(stage)]
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

    def form(self, stage: str, juror: str, scores: list[PanelScoreInfo]) -> None:
        aspects = self.methodology.indicators_of(stage)
        current = {(s.stage, s.juror, s.aspect): s for s in scores}
        with st.form(f"eval_panel_form_{self.body_id}"):
            for aspect in aspects:
                key = field_key(self.body_id, stage, juror, aspect.code)
                if key not in st.session_state:  # the stored score, with a decimal comma
                    stored = _current(current.get((stage, juror, aspect.code)))
                    st.session_state[key] = "" if stored is None else fmt.score(stored)
                st.text_input(aspect.name, key=key, placeholder=t_literal(
                    "eval.panel.score_hint"), help=t("eval.panel.score_help"))
            st.text_input(t("eval.panel.reason"), key=_reason_key(self.body_id),
                          help=t("eval.panel.reason_help"))
            st.form_submit_button(
                t("eval.panel.save"), type="primary", on_click=self.on_save,
                args=(stage, juror, [a.code for a in aspects]), key="eval_panel_save")
        cyc.show_flash(FLASH)  # the outcome of a save, right under its button

    def show(self) -> None:
        stages = self.methodology.panel_stages
        if not stages:
            st.info(t("eval.panel.none"))
            return
        scores = self.scores()
        if scores is None:
            return
        stage_names = {s.code: s.name for s in stages}
        stage = st.selectbox(t("eval.panel.stage"), list(stage_names),
                             format_func=stage_names.get, key=f"eval_panel_stage_{self.body_id}")
        shown = [s for s in scores if not s.withdrawn and s.stage == stage]
        if shown:  # one row per juror, one column per aspect
            self.grid(stage, shown)
        else:
            st.caption(t("eval.panel.empty"))
        jurors = sorted({s.juror for s in scores if s.stage == stage}, key=str.casefold)
        picked = st.selectbox(t("eval.panel.juror"), ["", *jurors],
                              format_func=lambda name: name or t_literal("eval.panel.new_juror"),
                              key=f"eval_panel_pick_{self.body_id}")
        juror = picked or " ".join(st.text_input(
            t("eval.panel.new_juror_name"), key=f"eval_panel_juror_{self.body_id}",
            help=t("eval.panel.juror_help"),
            placeholder=t_literal("eval.panel.juror_hint")).split())
        if juror:
            self.form(stage, juror, scores)
        else:
            cyc.show_flash(FLASH)
        st.button(t("eval.reload"), key="eval_panel_reload", on_click=self.reload,
                  help=t("eval.reload_help"))
        found = self.agreement(stage)
        if found is not None:
            show_agreement(found, stage_names[stage], self.methodology)


def show_agreement(found: StageAgreement, stage_name: str, methodology: Methodology) -> None:
    """Agreement between the jurors of a stage: alpha with its reading and what it rests
    on (or why it cannot be computed yet), the scores far from the other jurors' and each
    juror's scores against the others'."""
    a = found.agreement
    st.subheader(t("eval.agreement.heading", stage=stage_name))
    if a.alpha is None:
        st.info(t("eval.agreement.missing", why=t(f"eval.agreement.why.{a.missing}",
                                                     bodies=a.bodies, jurors=a.jurors)))
    else:
        left, right = st.columns([1, 3])
        left.metric(t("eval.agreement.alpha"), fmt.number(round(a.alpha, 3)))
        kind = {Level.RELIABLE: st.success, Level.TENTATIVE: st.warning,
                Level.LOW: st.error}[a.level]
        with right:
            kind(t(f"eval.agreement.level.{a.level}"))
        st.caption(t("eval.agreement.basis", values=a.values, units=a.units,
                     jurors=a.jurors, bodies=a.bodies))
    with st.expander(t("eval.agreement.meaning_title")):
        st.markdown(t("eval.agreement.meaning", threshold=fmt.score(a.threshold)))
    names = {i.code: i.name for i in methodology.indicators}
    st.markdown(t("eval.agreement.far_heading"))
    st.caption(t("eval.agreement.far_rule", threshold=fmt.score(a.threshold)))
    if a.far:
        st.dataframe(pd.DataFrame([{
            t_literal("eval.agreement.col.body"): found.body_names.get(f.body, str(f.body)),
            t_literal("eval.agreement.col.aspect"): names.get(f.aspect, f.aspect),
            t_literal("eval.agreement.col.juror"): f.juror,
            t_literal("eval.agreement.col.score"): fmt.score(f.score),
            t_literal("eval.agreement.col.median"): fmt.score(f.others_median),
            t_literal("eval.agreement.col.difference"): fmt.signed(f.difference),
        } for f in a.far]), hide_index=True, width="stretch")
    else:
        st.caption(t("eval.agreement.far_none"))
    if a.summaries:
        st.caption(t("eval.agreement.jurors_caption"))
        st.dataframe(pd.DataFrame([{
            t_literal("eval.agreement.col.juror"): s.juror,
            t_literal("eval.agreement.col.scores"): s.scores,
            t_literal("eval.agreement.col.checked"): s.checked,
            t_literal("eval.agreement.col.far"): s.far,
            t_literal("eval.agreement.col.mean"): fmt.signed(s.mean_difference),
        } for s in a.summaries]), hide_index=True, width="stretch")


def show(db: Workspace, who: Actor, cycle_id: int, body_id: int,
         methodology: Methodology) -> None:
    """The panel tab of Verifikasi & Panel for one badan publik of a cycle: its jurors'
    scores (juror × aspect), the form to save one juror's scores (typed with a decimal
    comma, each aspect saved or refused on its own) and the agreement between the jurors
    of the chosen stage."""
    _Panel(db, who, cycle_id, body_id, methodology).show()
