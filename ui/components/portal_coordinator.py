"""The koordinator's part of the PPID portal (Koordinator PPID › Badan publik): the online
questionnaires of the badan publik in scope (state, progress, when sent), reopening a sent
one before the deadline with a reason, and the accounts of the bodies' PPID (list, create).

Widgets → :mod:`monev.portal` and :mod:`monev.accounts` use cases → rendering; rights,
deadlines and password rules are theirs. Times are WIB.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from monev.accounts import add_body_account, body_accounts
from monev.bodies import BodyInfo
from monev.cycles import CycleInfo
from monev.permissions import Action, Actor, allowed
from monev.portal import SUBMITTED, portal_statuses, reopen
from monev.workspace import Workspace
from ui import format as fmt
from ui.components import cycle as cyc
from ui.text import t, t_literal

_FLASH = "portal_coord"


def statuses(db: Workspace, who: Actor, cycle: CycleInfo) -> None:
    """The online questionnaires of the bodies in scope, and the reopen form."""
    st.subheader(t("portal.coord.heading"))
    st.caption(t("portal.coord.help"))
    ok, rows = cyc.call(portal_statuses, db, who, cycle.id)
    if not ok:
        return
    cyc.show_flash(_FLASH)
    started = [r for r in rows if r.state != "new"]
    if not started:
        st.caption(t("portal.coord.none"))
    else:
        st.dataframe(pd.DataFrame([{
            t_literal("portal.coord.col.body"): r.body_name,
            t_literal("portal.coord.col.state"): r.state_label,
            t_literal("portal.coord.col.progress"): t_literal(
                "portal.coord.progress", answered=r.answered, total=r.total),
            t_literal("portal.coord.col.updated"): fmt.day(r.updated_at),
            t_literal("portal.coord.col.sent"): fmt.day(r.submitted_at),
            t_literal("portal.coord.col.reopened"): r.reopen_reason or "-",
        } for r in started]), hide_index=True, width="stretch")
    sent = {r.body_id: r for r in rows if r.state == SUBMITTED}
    if not sent or not allowed(who, Action.REOPEN_QUESTIONNAIRE):
        return
    with st.form(f"portal_reopen_{cycle.id}", clear_on_submit=True):
        st.markdown(t("portal.coord.reopen.heading"))
        body_id = st.selectbox(t("portal.coord.reopen.body"), list(sent),
                               format_func=lambda i: sent[i].body_name,
                               key=f"portal_reopen_body_{cycle.id}")
        reason = st.text_area(t("portal.coord.reopen.reason"),
                              placeholder=t_literal("portal.coord.reopen.hint"))
        go = st.form_submit_button(t("portal.coord.reopen.go"), icon=":material/lock_open:")
    if go:
        ok, done = cyc.call(reopen, db, who, cycle.id, body_id, reason)
        if ok:
            cyc.flash(_FLASH, "success", t("portal.coord.reopen.done", body=done.body_name))
            st.rerun()


def accounts(db: Workspace, who: Actor, bodies: Sequence[BodyInfo]) -> None:
    """The PPID accounts of the bodies in scope, and the form making one."""
    if not allowed(who, Action.MANAGE_BODY_ACCOUNTS):
        return
    st.subheader(t("portal.accounts.heading"))
    st.caption(t("portal.accounts.help"))
    ok, found = cyc.call(body_accounts, db, who)
    if ok and found:
        st.dataframe(pd.DataFrame([{
            t_literal("portal.accounts.col.username"): a.username,
            t_literal("portal.accounts.col.name"): a.display_name,
            t_literal("portal.accounts.col.body"): ", ".join(a.scope),
            t_literal("portal.accounts.col.active"): t_literal(
                "portal.accounts.active" if a.active else "portal.accounts.inactive"),
            t_literal("portal.accounts.col.last"): fmt.day(a.last_login),
        } for a in found]), hide_index=True, width="stretch")
    elif ok:
        st.caption(t("portal.accounts.none"))
    if not bodies:
        return
    by_id = {b.id: b for b in bodies}
    counter = "portal_account_form"
    cyc.show_flash(counter)
    with st.form(f"{counter}_{st.session_state.get(counter, 0)}", clear_on_submit=False):
        st.markdown(t("portal.accounts.add"))
        body_id = st.selectbox(t("portal.accounts.body"), list(by_id),
                               format_func=lambda i: by_id[i].name, key="portal_account_body")
        username = st.text_input(t("portal.accounts.username"))
        name = st.text_input(t("portal.accounts.name"),
                             placeholder=t_literal("portal.accounts.name_hint"))
        password = st.text_input(t("portal.accounts.password"), type="password",
                                 help=t_literal("portal.accounts.password_help"))
        again = st.text_input(t("portal.accounts.repeat"), type="password")
        go = st.form_submit_button(t("portal.accounts.go"), icon=":material/person_add:")
    if go:
        if password != again:
            st.error(t("portal.accounts.mismatch"))
            return
        ok, info = cyc.call(add_body_account, db, who, body_id=body_id, username=username,
                            password=password, display_name=name)
        if ok:
            st.session_state[counter] = st.session_state.get(counter, 0) + 1  # empty form
            cyc.flash(counter, "success", t("portal.accounts.done", username=info.username,
                                            body=by_id[body_id].name))
            st.rerun()


def section(db: Workspace, who: Actor, cycle: CycleInfo, bodies: Sequence[BodyInfo]) -> None:
    """Online questionnaires, then the PPID accounts."""
    statuses(db, who, cycle)
    accounts(db, who, bodies)
