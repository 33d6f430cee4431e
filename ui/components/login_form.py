"""The login form: on the login page, and in place of any page reached without a login
(a bookmark, a typed URL), so the user lands on that page once logged in."""

from __future__ import annotations

import time

import streamlit as st

from monev.sessions import LoginRefused
from ui import state
from ui.format import plain
from ui.text import t

COOKIE_HANDOVER_SECONDS = 0.4


def login_form(*, heading: bool = True) -> None:
    """Show the form; on success log in and rerun the current page."""
    if heading:
        st.title(t("auth.heading"))
        st.caption(t("app.tagline"))
    ended = state.session_ended_message()
    if ended:
        st.warning(plain(ended, lines=True), icon=":material/lock_clock:")
    if st.session_state.pop("just_logged_out", False):  # set by ui/pages/logout.py
        st.info(t("auth.logged_out"))
    with st.form("login"):
        username = st.text_input(t("auth.username"), key="login_username")
        password = st.text_input(t("auth.password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    st.page_link("ui/pages/reset_password.py", label=t("auth.forgot"), icon=":material/key:")
    if submitted:
        try:
            state.log_in(username, password)
        except LoginRefused as refused:
            st.error(plain(refused.message, lines=True), icon=":material/block:")
        else:
            # Hand the cookie to the browser before the (possibly slow) page renders, so
            # a reload right after logging in finds it; it is rendered again on every run.
            state.sync_cookie(in_sidebar=False)
            time.sleep(COOKIE_HANDOVER_SECONDS)
            st.rerun()
