"""The koordinator's section on website monitoring: start (or continue) a run over the
websites of the badan publik in scope, its progress (counted within the koordinator's
scope when the run covers other bodies too), each body's newest visit with its items
counted by outcome (found and working, broken link, not found, forbidden by robots.txt:
they add up), what changed since the visit before (appeared, broken, disappeared), and, per
body, a to-do list ready to send to its PPID before the deadline. The buttons and the
progress are :mod:`ui.components.background_run`'s, as for link checks. A published cycle
is not monitored again."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from monev.bodies import BodyInfo
from monev.cycles import CycleInfo
from monev.permissions import Actor
from monev.workspace import Workspace
from monitoring.crawler import CrawlSettings
from monitoring.runs import (
    CHANGE_LABELS,
    MonitorRunInfo,
    checked_day,
    count_statuses,
    differences,
    findings,
    item_labels,
    latest_run,
    start_run,
    todo,
    visits,
)
from monitoring.status import BLOCKED, BROKEN, FOUND, NOT_FOUND, SITE_OK
from questionnaires.model import Methodology
from ui import format as fmt
from ui.components import background_run
from ui.components import cycle as cyc
from ui.text import t, t_literal

# The columns counting a visit's items, one outcome each (they add up to the items).
COUNTED = ((FOUND, "web.coord.col.found"), (BROKEN, "web.coord.col.broken"),
           (NOT_FOUND, "web.coord.col.missing"), (BLOCKED, "web.coord.col.blocked"))


def _progress_values(run: MonitorRunInfo) -> dict[str, str]:
    """The progress text's values: pages read, and within the reader's scope when the run
    covers other bodies too."""
    values = {"pages": fmt.number(run.pages), "where": ""}
    if run.other_scope:
        values.update(done=fmt.number(run.scope_done or 0),
                      total=fmt.number(run.scope_total or 0),
                      where=t("web.coord.in_scope"))
    return values


PANEL = background_run.RunPanel(name="web", icon=":material/travel_explore:",
                                latest=latest_run, start=start_run, values=_progress_values)


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
    closed = t("web.coord.published") if cycle.status == "published" else None
    ok, run = background_run.controls(PANEL, db, who, cycle.id, closed=closed)
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
    whole page once it ends), and what it covers when that is more than the reader's
    scope."""
    run = background_run.progress(PANEL, db, who, cycle_id, run_id)
    if run is not None and run.other_scope:
        st.caption(t("web.coord.scope_note", id=fmt.number(run.id), by=run.started_by,
                     total=fmt.number(run.total), mine=fmt.number(run.scope_total or 0)))


def _visits(db: Workspace, who: Actor, cycle: CycleInfo) -> None:
    """Each body's newest visit: its outcome, its items counted by outcome (they add up;
    none for a site that was not read), the day, pages read and the address."""
    ok, seen = cyc.call(visits, db, who, cycle.id)
    ok_found, found = cyc.call(findings, db, who, cycle.id)
    if not (ok and ok_found) or not seen:
        return
    st.markdown(t("web.coord.visits"))
    rows = []
    for visit in seen:
        counts = count_statuses([f for f in found if f.body_id == visit.body_id])
        read = visit.outcome == SITE_OK
        rows.append({
            t_literal("web.coord.col.body"): visit.body_name,
            t_literal("web.coord.col.outcome"): visit.outcome_label,
            **{t_literal(key): fmt.number(counts[status]) if read else "–"
               for status, key in COUNTED},
            t_literal("web.coord.col.checked"): checked_day(visit.checked_at),
            t_literal("web.coord.col.pages"): visit.pages,
            t_literal("web.coord.col.site"): visit.start_url or "-",
        })
    counted = {t_literal(key): st.column_config.TextColumn(
        help=t_literal(f"{key}_help"), alignment="right") for _, key in COUNTED}
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
        t_literal("web.coord.col.body"): st.column_config.TextColumn(pinned=True),
        **counted,
        t_literal("web.coord.col.checked"): st.column_config.TextColumn(
            help=t_literal("web.coord.col.checked_help")),
        t_literal("web.coord.col.site"): st.column_config.LinkColumn()})
    st.caption(t("web.coord.counts_help"))


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
        t_literal("web.coord.col.item"): f.item,
        t_literal("web.coord.col.question"): f.item_text,
        t_literal("web.coord.col.change"): CHANGE_LABELS[kind],
        t_literal("web.coord.col.checked"): checked_day(d.after),
    } for d in changed for kind, f in d.changes]), hide_index=True, width="stretch")


def _todo(db: Workspace, who: Actor, cycle: CycleInfo) -> None:
    ok, lists = cyc.call(todo, db, who, cycle.id)
    if not ok:
        return
    if not lists:
        st.success(t("web.coord.all_good"))
        return
    st.markdown(t("web.coord.todo", n=fmt.number(len(lists)), by=lists[0].by))
    for entry in lists:
        heading = (t("web.coord.todo_no_address", body=entry.body_name) if entry.no_address
                   else t("web.coord.todo_body", body=entry.body_name,
                          n=fmt.number(len(entry.items))))
        with st.expander(heading):
            if entry.no_address:
                st.caption(fmt.plain(entry.items[0].text))
            message = entry.message()
            # Keyed by the message itself: a new run (or deadline) shows its own text, while
            # what the koordinator typed into this one stays until the message changes.
            st.text_area(t("web.coord.message"), message, height=200,
                         key=f"web_todo_{cycle.id}_{entry.body_id}_"
                             f"{zlib.crc32(message.encode()):08x}")
