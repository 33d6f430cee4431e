"""The koordinator's section on website monitoring: start (or continue) a run over the
websites of the badan publik in scope, its progress, each body's newest visit, what
changed since the visit before (appeared, disappeared, broken) and, per body, a to-do list
ready to send to its PPID before the deadline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pandas as pd
import streamlit as st

from monev.bodies import BodyInfo
from monev.cycles import CycleInfo
from monev.errors import ServiceError
from monev.permissions import Action, Actor, allowed
from monev.workspace import Workspace
from monitoring.crawler import CrawlSettings
from monitoring.runs import (
    MonitorRunInfo,
    differences,
    findings,
    item_labels,
    latest_run,
    start_run,
    todo,
    visits,
)
from questionnaires.model import Methodology
from ui import format as fmt
from ui.components import cycle as cyc
from ui.format import Markdown
from ui.text import t, t_literal

_FLASH = "web_run"
REFRESH = timedelta(seconds=2)


def section(db: Workspace, who: Actor, cycle: CycleInfo, bodies: Sequence[BodyInfo],
            methodology: Methodology) -> None:
    """Website monitoring of the cycle, for the koordinator's page."""
    st.subheader(t("web.coord.heading"))
    labels = item_labels(methodology)
    if not labels:
        st.info(t("web.coord.no_signals"))
        return
    st.caption(t("web.coord.help", pages=fmt.number(CrawlSettings().max_pages),
                 items=", ".join(dict.fromkeys(labels.values()))))
    with_site = [b for b in bodies if b.websites]
    st.caption(t("web.coord.sites", with_site=fmt.number(len(with_site)),
                 total=fmt.number(len(bodies))))
    without = [b.name for b in bodies if not b.websites]
    if without:
        shown = ", ".join(without[:20]) + (" …" if len(without) > 20 else "")
        st.caption(t("web.coord.without", names=shown))
    ok, run = cyc.call(latest_run, db, who, cycle.id)
    if not ok:
        return
    if allowed(who, Action.CHECK_LINKS):
        _buttons(db, who, cycle, run)
    cyc.show_flash(_FLASH)
    if run is None:
        st.info(t("web.coord.never"))
        return
    st.fragment(_progress, run_every=REFRESH if run.running else None)(db, who, cycle.id,
                                                                       run.id)
    _visits(db, who, cycle)
    _changes(db, who, cycle)
    _todo(db, who, cycle)


def _buttons(db: Workspace, who: Actor, cycle: CycleInfo, run: MonitorRunInfo | None
             ) -> None:
    running = run is not None and run.running
    with st.container(horizontal=True):
        st.button(t("web.coord.start"), type="primary", key="web_start",
                  icon=":material/travel_explore:", disabled=running, on_click=_start,
                  args=(db, who, cycle.id, False), help=t("web.coord.start_help"))
        if run is not None and run.state == "interrupted":
            st.button(t("web.coord.resume"), key="web_resume", icon=":material/play_arrow:",
                      on_click=_start, args=(db, who, cycle.id, True),
                      help=t("web.coord.resume_help", done=fmt.number(run.done),
                             total=fmt.number(run.total)))


def _start(db: Workspace, who: Actor, cycle_id: int, resume: bool) -> None:
    """Start (or continue) a run in the background (a button's callback)."""
    try:
        run = start_run(db, who, cycle_id, resume=resume)
    except ServiceError as error:
        cyc.flash(_FLASH, "error", error.message)
        return
    cyc.flash(_FLASH, "success", t("web.coord.started", total=fmt.number(run.total)))


def _progress(db: Workspace, who: Actor, cycle_id: int, run_id: int) -> None:
    """The newest run's progress; read again while it runs, the whole page once it ends."""
    ok, run = cyc.call(latest_run, db, who, cycle_id)
    if not ok or run is None:
        return
    st.progress(run.share, text=t("web.coord.progress", done=fmt.number(run.done),
                                  total=fmt.number(run.total), pages=fmt.number(run.pages),
                                  state=run.state_label))
    started = t("web.coord.started_by", at=fmt.day(run.started_at), by=run.started_by)
    if run.finished_at is not None:
        started = Markdown(f"{started} {t('web.coord.finished_at', at=fmt.day(run.finished_at))}")
    st.caption(started)
    if run.state in ("interrupted", "failed"):
        st.warning(run.detail)
    elif run.detail:
        st.caption(run.detail)
    was_running = st.session_state.get("web_watching") == run_id
    if run.running:
        st.session_state["web_watching"] = run_id
    elif was_running:
        st.session_state.pop("web_watching", None)
        st.rerun()  # the run ended: the tables below are read again


def _visits(db: Workspace, who: Actor, cycle: CycleInfo) -> None:
    ok, seen = cyc.call(visits, db, who, cycle.id)
    ok_found, found = cyc.call(findings, db, who, cycle.id)
    if not (ok and ok_found) or not seen:
        return
    st.markdown(t("web.coord.visits"))
    rows = []
    for visit in seen:
        mine = [f for f in found if f.body_id == visit.body_id]
        rows.append({
            t_literal("web.coord.col.body"): visit.body_name,
            t_literal("web.coord.col.site"): visit.start_url or "-",
            t_literal("web.coord.col.outcome"): visit.outcome_label,
            t_literal("web.coord.col.pages"): visit.pages,
            t_literal("web.coord.col.found"): sum(f.found is True for f in mine),
            t_literal("web.coord.col.missing"): sum(f.found is False for f in mine),
            t_literal("web.coord.col.broken"): sum(f.broken for f in mine),
            t_literal("web.coord.col.checked"): fmt.day(visit.checked_at),
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={t_literal("web.coord.col.site"): st.column_config.LinkColumn()})


def _changes(db: Workspace, who: Actor, cycle: CycleInfo) -> None:
    ok, diffs = cyc.call(differences, db, who, cycle.id)
    if not ok:
        return
    compared = [d for d in diffs if d.before is not None]
    if not compared:
        return
    changed = [d for d in compared if d.changed]
    if not changed:
        st.caption(t("web.coord.no_changes"))
        return
    st.markdown(t("web.coord.changes", n=fmt.number(len(changed))))
    st.dataframe(pd.DataFrame([{
        t_literal("web.coord.col.body"): d.body_name,
        t_literal("web.coord.col.appeared"): ", ".join(f.item for f in d.appeared) or "-",
        t_literal("web.coord.col.disappeared"): ", ".join(f.item for f in d.disappeared)
        or "-",
        t_literal("web.coord.col.broken"): ", ".join(f.item for f in d.broken) or "-",
        t_literal("web.coord.col.checked"): fmt.day(d.after),
    } for d in changed]), hide_index=True, width="stretch")


def _todo(db: Workspace, who: Actor, cycle: CycleInfo) -> None:
    ok, lists = cyc.call(todo, db, who, cycle.id)
    if not ok:
        return
    if not lists:
        st.success(t("web.coord.all_good"))
        return
    st.markdown(t("web.coord.todo", n=fmt.number(len(lists))))
    for entry in lists:
        with st.expander(t("web.coord.todo_body", body=entry.body_name,
                           n=fmt.number(len(entry.items)))):
            st.text_area(t("web.coord.message"), entry.message(), height=200,
                         key=f"web_todo_{cycle.id}_{entry.body_id}")
