"""Keluar: end the session (in the database and the browser's cookie) and go back to the
login page."""

import streamlit as st

from ui import state

state.log_out()
st.session_state["just_logged_out"] = True  # the login form says so once
st.rerun()
