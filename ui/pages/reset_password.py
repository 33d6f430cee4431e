"""Atur kata sandi: reached without a login — ask for a password link by e-mail (a
forgotten password), or, with the link's ``?token=…``, set a new (or a new account's
first) password (notifications.passwords).

Once done the form gives way to the outcome: after a link was asked for, the answer of
:func:`~notifications.passwords.request_reset` (the same whether or not the account exists)
and a way back to the login page; after a password was set from a link, the success and the
way to log in with it (the token leaves the address). A refusal (e-mail not configured, a
demo account, too many requests, a used or expired link) is shown as an error above the
form.
"""

from __future__ import annotations

import streamlit as st

from auth.passwords import MIN_LENGTH
from monev.errors import ServiceError
from notifications import passwords
from ui import state
from ui.format import plain
from ui.text import t

SENT = "reset_sent"  # session key: the answer to the link just asked for
DONE = "reset_done"  # session key: the username whose password was just set


def _to_login(label: str, *, done: bool = False) -> None:
    """The way to the login page (registered while nobody is logged in); once a password
    was set (`done`) while another account is logged in here, the way out of it."""
    actor = state.actor()
    if actor is None:
        st.page_link("ui/pages/login.py", label=label, icon=":material/login:")
    elif done:
        st.caption(t("reset.logged_in_as", name=actor.name))
        st.page_link("ui/pages/logout.py", label=t("nav.logout"), icon=":material/logout:")


st.title(t("reset.title"))
token = st.query_params.get("token", "")
db = state.database()
sent = st.session_state.pop(SENT, None)
done = st.session_state.pop(DONE, None)

if done is not None:
    st.success(t("reset.set.done", username=done), icon=":material/check_circle:")
    _to_login(t("reset.login_now"), done=True)
elif sent is not None and not token:
    st.info(plain(sent), icon=":material/mail:")
    _to_login(t("reset.to_login"))
    st.button(t("reset.request.again"), key="reset_again")  # the form again
elif not token:
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
            st.session_state[SENT] = told
            st.rerun()
    _to_login(t("reset.to_login"))
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
                    st.session_state[DONE] = username
                    st.query_params.clear()  # the used link leaves the address
                    st.rerun()
    _to_login(t("reset.to_login"))
