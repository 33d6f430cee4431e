"""Atur kata sandi: reached without a login — ask for a password link by e-mail (a
forgotten password), or, with the link's ``?token=…``, set a new (or a new account's
first) password (notifications.passwords)."""

from __future__ import annotations

import streamlit as st

from auth.passwords import MIN_LENGTH
from monev.errors import ServiceError
from notifications import passwords
from ui import state
from ui.format import plain
from ui.text import t

st.title(t("reset.title"))
token = st.query_params.get("token", "")
db = state.database()

if not token:
    st.caption(t("reset.request.help"))
    with st.form("reset_request"):
        typed = st.text_input(t("reset.request.field"), key="reset_typed")
        asked = st.form_submit_button(t("reset.request.send"), type="primary")
    if asked:
        try:
            told = passwords.request_reset(db, typed, state.client())
        except ServiceError as error:
            state.show_error(error)
        else:
            st.info(plain(told), icon=":material/mail:")
else:
    try:
        link = passwords.check_link(db, token)
    except ServiceError as error:
        state.show_error(error)
    else:
        st.markdown(t("reset.set.for", username=link.username, name=link.display_name))
        st.caption(t("account.password.help", length=MIN_LENGTH))
        with st.form("reset_set", clear_on_submit=True):
            new = st.text_input(t("reset.set.new"), type="password", key="reset_new")
            repeat = st.text_input(t("reset.set.repeat"), type="password", key="reset_repeat")
            save = st.form_submit_button(t("reset.set.save"), type="primary")
        if save:
            if new != repeat:
                st.error(t("reset.set.mismatch"))
            else:
                try:
                    username = passwords.set_password(db, token, new, state.client())
                except ServiceError as error:
                    state.show_error(error)
                else:
                    st.query_params.clear()
                    st.success(t("reset.set.done", username=username))
if state.actor() is None:  # the login page is registered while nobody is logged in
    st.page_link("ui/pages/login.py", label=t("reset.to_login"), icon=":material/login:")
