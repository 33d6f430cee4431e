"""Akun saya: who is logged in, how long the session lasts, and changing one's own
password (every other session of the account then ends)."""

import streamlit as st

from auth.passwords import MIN_LENGTH
from auth.settings import SessionPolicy
from monev.errors import ServiceError
from monev.sessions import change_own_password
from ui import state
from ui.text import t

who = state.require_role()
st.title(t("account.heading"))
st.markdown(t("account.who", name=who.name, username=who.username, role=who.role.label))
policy = SessionPolicy.from_env()
st.caption(t("account.session", idle=int(policy.idle.total_seconds() // 60),
             hours=int(policy.max_age.total_seconds() // 3600)))

st.subheader(t("account.password.heading"))
st.caption(t("account.password.help", length=MIN_LENGTH))
with st.form("change_password", clear_on_submit=True):
    current = st.text_input(t("account.password.current"), type="password",
                            key="account_current_password")
    new = st.text_input(t("account.password.new"), type="password",
                        key="account_new_password")
    repeat = st.text_input(t("account.password.repeat"), type="password",
                           key="account_repeat_password")
    submitted = st.form_submit_button(t("account.password.save"), type="primary")
if submitted:
    if new != repeat:
        st.error(t("account.password.mismatch"))
    else:
        try:
            change_own_password(state.database(), who, state.session_token(), current, new,
                                state.client())
        except ServiceError as error:
            state.show_error(error)
        else:
            st.success(t("account.password.saved"), icon=":material/check_circle:")
