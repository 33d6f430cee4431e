"""Masuk: the login form. On success the actor is kept in the session and the app reruns
with the pages of that role."""

import streamlit as st

from monev.accounts import authenticate
from ui import state
from ui.text import t

st.title(t("auth.heading"))
st.caption(t("app.tagline"))
if st.session_state.pop("just_logged_out", False):  # set by logout.py
    st.info(t("auth.logged_out"))
with st.form("login"):
    username = st.text_input(t("auth.username"), key="login_username")
    password = st.text_input(t("auth.password"), type="password", key="login_password")
    submitted = st.form_submit_button(t("auth.submit"), type="primary")
if submitted:
    who = authenticate(state.database(), username, password)
    if who is None:
        st.error(t("auth.failed"))
    else:
        state.log_in(who)
        st.rerun()
