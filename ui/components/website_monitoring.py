"""The koordinator's section on website monitoring: start (or continue) a run over the
websites of the badan publik in scope, its progress, each body's newest visit, what
changed since the visit before (appeared, disappeared, broken) and, per body, a to-do list
ready to send to its PPID before the deadline. The buttons and the progress are
:mod:`ui.components.background_run`'s, as for link checks."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from monev.bodies import BodyInfo
from monev.cycles import CycleInfo
from monev.permissions import Actor
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
from ui.components import background_run
from ui.components import cycle as cyc
from ui.text import t, t_literal


def _pages(run: MonitorRunInfo) -> dict[str, str]:
    return {"pages": fmt.number(run.pages)}


PANEL = background_run.RunPanel(name="web", icon=":material/travel_explore:",
                                latest=latest_run, start=start_run, values=_pages)


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
    ok, run = background_run.controls(PANEL, db, who, cycle.id)
    if not ok:
        return
    if run is None:
        st.info(t("web.coord.never"))
        return
    st.fragment(_progress, run_every=background_run.refresh(run))(db, who, cycle.id, run.id)
    _visits(db, who, cycle)
    _changes(db, who, cycle)
    _todo(db, who, cycle)


def _progress(db: Workspace, who: Actor, cycle_id: int, run_id: int) -> None:
    """The newest run's progress (this module's fragment; read again while it runs, the
    whole page once it ends)."""
    background_run.progress(PANEL, db, who, cycle_id, run_id)


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
