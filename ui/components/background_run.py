"""A background run on the koordinator's page (link checks, website monitoring): the buttons
that start one or continue an interrupted one, and the newest run's progress, read again
while it runs.

Each kind is a :class:`RunPanel`: its use cases (:mod:`evidence.link_runs`,
:mod:`monitoring.runs`) and its name, the prefix of its widget keys and of its catalog
texts (``<name>.coord.<key>`` for every key of :data:`TEXT_KEYS`). A page shows the progress
in a fragment of its own module (Streamlit tells fragments apart by function and
container, and both kinds share a tab)::

    ok, run = background_run.controls(PANEL, db, who, cycle.id)
    ...
    st.fragment(_progress, run_every=background_run.refresh(run))(db, who, cycle.id, run.id)

    def _progress(db, who, cycle_id, run_id):
        background_run.progress(PANEL, db, who, cycle_id, run_id)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import streamlit as st

from monev.errors import ServiceError
from monev.permissions import Action, Actor, allowed
from monev.workspace import Workspace
from ui import format as fmt
from ui.components import cycle as cyc
from ui.format import Markdown
from ui.text import t

REFRESH = timedelta(seconds=2)
# The catalog keys each panel has under ``<name>.coord.`` (``links.coord.start`` …).
TEXT_KEYS = ("start", "start_help", "resume", "resume_help", "started", "progress",
             "started_by", "finished_at")


def _no_values(run: Any) -> dict[str, str]:
    return {}


@dataclass(frozen=True, slots=True)
class RunPanel:
    """One kind of background run as the koordinator's page shows it.

    `name` prefixes the widget and session keys (``links`` → ``links_start``,
    ``links_resume``, ``links_watching``; its messages are kept as ``links_run``) and the
    catalog keys (``links.coord.start`` …, see :data:`TEXT_KEYS`); `icon` is the start
    button's. `latest(db, who, cycle_id)` reads the cycle's newest run
    (None before the first), `start(db, who, cycle_id, resume=…)` starts one in the
    background. The progress text gets ``done``, ``total`` and ``state``, and whatever
    `values(run)` adds."""

    name: str
    icon: str
    latest: Callable[[Workspace, Actor, int], Any]
    start: Callable[..., Any]
    values: Callable[[Any], dict[str, str]] = field(default=_no_values)

    def text(self, key: str, **values: Any) -> Markdown:
        return t(f"{self.name}.coord.{key}", **values)

    @property
    def flash(self) -> str:
        return f"{self.name}_run"


def refresh(run: Any) -> timedelta | None:
    """How often the progress is read again: every :data:`REFRESH` while `run` runs."""
    return REFRESH if run.running else None


def controls(panel: RunPanel, db: Workspace, who: Actor, cycle_id: int, *,
             closed: Markdown | None = None) -> tuple[bool, Any]:
    """Read the cycle's newest run and show the start (and continue) buttons to who may
    start one — or, when the cycle takes no run (`closed`: why, e.g. its results are
    published), that reason instead of the buttons — then the outcome of the last click;
    (False, None) when reading was refused (its message shown), else (True, the run or
    None)."""
    ok, run = cyc.call(panel.latest, db, who, cycle_id)
    if not ok:
        return False, None
    if allowed(who, Action.CHECK_LINKS):
        if closed is not None:
            st.info(closed)
        else:
            _buttons(panel, db, who, cycle_id, run)
    cyc.show_flash(panel.flash)
    return True, run


def _buttons(panel: RunPanel, db: Workspace, who: Actor, cycle_id: int, run: Any) -> None:
    running = run is not None and run.running
    with st.container(horizontal=True):
        st.button(panel.text("start"), type="primary", key=f"{panel.name}_start",
                  icon=panel.icon, disabled=running, on_click=_start,
                  args=(panel, db, who, cycle_id, False), help=panel.text("start_help"))
        interrupted = run is not None and run.state == "interrupted"
        if interrupted and not run.not_yours:
            st.button(panel.text("resume"), key=f"{panel.name}_resume",
                      icon=":material/play_arrow:", on_click=_start,
                      args=(panel, db, who, cycle_id, True),
                      help=panel.text("resume_help", done=fmt.number(run.done),
                                      total=fmt.number(run.total)))
    if interrupted and run.not_yours:  # someone else's wider run: no button to refuse
        st.caption(run.not_yours)


def _start(panel: RunPanel, db: Workspace, who: Actor, cycle_id: int, resume: bool) -> None:
    """Start (or continue) a run in the background (a button's callback): the outcome is
    shown at the next run."""
    try:
        run = panel.start(db, who, cycle_id, resume=resume)
    except ServiceError as error:
        cyc.flash(panel.flash, "error", error.message)
        return
    cyc.flash(panel.flash, "success", panel.text("started", total=fmt.number(run.total)))


def progress(panel: RunPanel, db: Workspace, who: Actor, cycle_id: int, run_id: int) -> Any:
    """The newest run's progress (the body of a page's fragment): read again while it runs,
    and the whole page once it ends (what it found, shown below). Returns the run read
    (None when there is none, or reading was refused)."""
    ok, run = cyc.call(panel.latest, db, who, cycle_id)
    if not ok or run is None:
        return None
    values = {"done": fmt.number(run.done), "total": fmt.number(run.total),
              **panel.values(run), "state": run.state_label}
    st.progress(run.share, text=panel.text("progress", **values))
    started = panel.text("started_by", at=fmt.day(run.started_at), by=run.started_by)
    if run.finished_at is not None:
        ended = panel.text("finished_at", at=fmt.day(run.finished_at))
        started = Markdown(f"{started} {ended}")
    st.caption(started)
    if run.state in ("interrupted", "failed"):
        st.warning(run.detail)
    elif run.detail:
        st.caption(run.detail)
    watching = f"{panel.name}_watching"
    was_running = st.session_state.get(watching) == run_id
    if run.running:
        st.session_state[watching] = run_id
    elif was_running:
        st.session_state.pop(watching, None)
        st.rerun()  # the run ended: what is shown below is read again
    return run
