"""Link checking (*pemeriksaan tautan data dukung*) in the app.

- :func:`show` — in the verifikator's review workspace, under a question's evidence link:
  each link's verdict ("perlu izin akses", "tautan tidak dapat dibuka", "bukan PDF",
  "lebih dari 2 MB" …) with its sentence and when it was checked (WIB), or that it has not
  been checked yet; who may check links checks this answer's again on the spot.
- :func:`coordinator_section` — the koordinator's tab: start a check of every link of the
  cycle (or continue an interrupted one), its progress while it runs (read again every two
  seconds), and per badan publik the links to fix, each with a message ready to send to
  its PPID before the questionnaire deadline.

Widgets → :mod:`evidence.link_runs` use cases → rendering; every decision (rights, what
is checked, one run at a time) is theirs. The buttons and the progress are
:mod:`ui.components.background_run`'s, as for website monitoring.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from evidence.link_runs import (
    LinkVerdict,
    check_answer_links,
    latest_run,
    link_verdicts,
    start_run,
)
from monev.bodies import BodyInfo
from monev.clock import today
from monev.cycles import CycleInfo
from monev.permissions import Action, Actor, allowed
from monev.workspace import Workspace
from questionnaires.model import Methodology
from questionnaires.text import links_in
from ui import format as fmt
from ui.components import background_run
from ui.components import cycle as cyc
from ui.format import Markdown
from ui.text import t, t_literal

PANEL = background_run.RunPanel(name="links", icon=":material/link:", latest=latest_run,
                                start=start_run)


def icon(verdict: LinkVerdict) -> Markdown:
    """The coloured icon of a verdict's severity (grey clock: not checked yet)."""
    return t(f"links.icon.{verdict.severity or 'unchecked'}")


def verdict_text(verdict: LinkVerdict) -> Markdown:
    """``✓ **PDF dapat dibuka** — PDF dapat dibuka (3 halaman, 2,3 kB) · diperiksa 30 Nov
    2026 10:05 WIB``; not yet checked says so."""
    if verdict.verdict is None:
        return t("links.ws.unchecked", icon=icon(verdict))
    return t("links.ws.verdict", icon=icon(verdict), label=verdict.label,
             detail=verdict.detail.rstrip("."), at=fmt.day(verdict.checked_at))


# -- the verifikator's workspace ----------------------------------------------------------------


def show(db: Workspace, who: Actor, cycle_id: int, body_id: int, question_code: str,
         evidence: str) -> None:
    """The verdict of each link in a question's evidence (nothing when it holds none), and
    for who may check links a button that checks this answer's links again now."""
    if not links_in(evidence):
        return
    shown = st.empty()  # the verdicts go above the button, the new ones after a click
    verdicts = None
    if allowed(who, Action.CHECK_LINKS) and st.button(
            t("links.ws.check_now"), key=f"links_now_{body_id}_{question_code}",
            icon=":material/link:", type="tertiary", help=t("links.ws.check_now_help")):
        with st.spinner(t("links.ws.checking")):
            ok, verdicts = cyc.call(check_answer_links, db, who, cycle_id, body_id,
                                    question_code)
        if not ok:
            verdicts = None
    if verdicts is None:
        ok, verdicts = cyc.call(link_verdicts, db, who, cycle_id, body_id=body_id,
                                question_code=question_code)
        if not ok:
            return
    if not verdicts:
        return
    with shown.container():
        if len(verdicts) == 1:
            st.markdown(t("links.ws.one", verdict=verdict_text(verdicts[0])))
            return
        st.markdown(t("links.ws.many"))
        for verdict in verdicts:
            st.markdown(t("links.ws.item", link=fmt.link(verdict.url),
                          verdict=verdict_text(verdict)))


# -- the koordinator's tab ---------------------------------------------------------------------


def coordinator_section(db: Workspace, who: Actor, cycle: CycleInfo,
                        bodies: Sequence[BodyInfo], methodology: Methodology) -> None:
    """Start or continue a check, its progress, and the links each badan publik should fix."""
    limit = fmt.file_size(methodology.evidence_max_bytes)
    st.subheader(t("links.coord.heading"))
    st.caption(t("links.coord.help", limit=limit))
    ok, run = background_run.controls(PANEL, db, who, cycle.id)
    if not ok:
        return
    if run is None:
        st.info(t("links.coord.never"))
    else:
        interval = background_run.refresh(run)
        st.fragment(_progress, run_every=interval)(db, who, cycle.id, run.id)
    if not bodies:
        return
    ok, verdicts = cyc.call(link_verdicts, db, who, cycle.id)
    if not ok:
        return
    if run is None:  # nothing checked yet: how many there are to check
        if verdicts:
            st.metric(t("links.coord.count"), fmt.number(len(verdicts)))
        return
    _to_fix(verdicts, cycle, methodology, limit)


def _progress(db: Workspace, who: Actor, cycle_id: int, run_id: int) -> None:
    """The newest run's progress (this module's fragment; read again while it runs, and
    the whole page once it ends: its list of links to fix)."""
    background_run.progress(PANEL, db, who, cycle_id, run_id)


def _to_fix(verdicts: Sequence[LinkVerdict], cycle: CycleInfo, methodology: Methodology,
            limit: str) -> None:
    """The counts, then per badan publik its links to fix with a message for its PPID."""
    if not verdicts:
        st.info(t("links.coord.no_links"))
        return
    fix = [v for v in verdicts if v.needs_fixing]
    unchecked = sum(v.verdict is None for v in verdicts)
    total, good = st.columns(2)
    total.metric(t("links.coord.count"), fmt.number(len(verdicts)))
    good.metric(t("links.coord.to_fix"), fmt.number(len(fix)))
    if unchecked:
        st.caption(t("links.coord.unchecked", n=fmt.number(unchecked)))
    if not fix:
        if unchecked < len(verdicts):
            st.success(t("links.coord.all_good"))
        return
    deadline = _deadline(cycle, methodology)
    st.markdown(t("links.coord.list", n=fmt.number(len({v.body_id for v in fix}))))
    for body_id in dict.fromkeys(v.body_id for v in fix):
        mine = [v for v in fix if v.body_id == body_id]
        name = mine[0].body_name
        with st.expander(t("links.coord.body", body=name, n=fmt.number(len(mine)))):
            st.dataframe(pd.DataFrame([{
                t_literal("links.coord.col.question"): v.question_code,
                t_literal("links.coord.col.url"): v.url,
                t_literal("links.coord.col.verdict"): v.label,
                t_literal("links.coord.col.detail"): v.detail,
                t_literal("links.coord.col.checked"): fmt.day(v.checked_at),
            } for v in mine]), hide_index=True, width="stretch",
                column_config={t_literal("links.coord.col.url"): st.column_config.LinkColumn()})
            st.text_area(t("links.coord.message"), message(name, mine, cycle, deadline, limit),
                         height=220, key=f"links_message_{cycle.id}_{body_id}",
                         help=t("links.coord.message_help"))


def _deadline(cycle: CycleInfo, methodology: Methodology) -> str:
    """The questionnaire stage's deadline as written in the message ("" when none)."""
    stages = methodology.questionnaire_stages
    code = stages[0].code if stages else None
    found = next((s.deadline for s in cycle.stages if s.code == code), None)
    return fmt.day(found) if found is not None and found >= today() else ""


def message(body: str, verdicts: Sequence[LinkVerdict], cycle: CycleInfo, deadline: str,
            limit: str) -> str:
    """A plain-text message to a badan publik's PPID listing its links to fix."""
    lines = [t_literal("links.msg.greeting", body=body), "",
             t_literal("links.msg.intro", title=cycle.title, date=fmt.day(today()),
                       limit=limit), ""]
    for v in verdicts:
        lines += [t_literal("links.msg.item", code=v.question_code, url=v.url),
                  f"   {v.detail}"]
    lines.append("")
    lines.append(t_literal("links.msg.deadline", deadline=deadline) if deadline
                 else t_literal("links.msg.no_deadline"))
    return "\n".join(lines)
