"""Keluar: forget the session and go back to the login page."""

import streamlit as st

from ui import state

state.log_out()
st.rerun()
