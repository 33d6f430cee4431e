"""Keluar: forget the session and go back to the login page."""

import streamlit as st

from ui import state

state.log_out()
st.session_state["just_logged_out"] = True  # the login page (login.py) says so once
st.rerun()
