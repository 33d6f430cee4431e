"""Badan publik (PPID portal): the body's own questionnaire filled online, its masa sanggah
and its report card.

Widgets → service calls → rendering; every decision is the services' (``monev``,
``evidence``): a badan publik account sees and changes nothing of other bodies, and only
in the phases the methodology gives it (:mod:`monev.permissions`).
"""

from __future__ import annotations

import streamlit as st

from monev.bodies import list_bodies
from monev.permissions import Role
from monev.portal import open_questionnaire
from ui import state
from ui.components import cycle as cyc
from ui.components import portal_appeal, portal_questionnaire
from ui.text import t

who = state.require_role(Role.BODY)
db = state.database()
st.title(t("portal.title"))
st.caption(t("portal.intro"))

info = cyc.pick_cycle(db, who)
if info is None:
    st.stop()
if who.body_id is None:  # an account of this role always has one body (monev.accounts)
    st.error(t("portal.no_body"))
    st.stop()
ok, mine = cyc.call(list_bodies, db, who, info.id)
if not ok:
    st.stop()
if not mine:
    st.info(t("portal.not_taking_part", cycle=info.title))
    st.stop()
ok, questionnaire = cyc.call(open_questionnaire, db, who, info.id, mine[0].id)
if not ok:
    st.stop()

portal_questionnaire.header(questionnaire)
fill_tab, appeal_tab, card_tab = st.tabs([t("portal.tab.fill"), t("portal.tab.appeal"),
                                          t("portal.tab.card")])
with fill_tab:
    portal_questionnaire.section(db, who, questionnaire)
with appeal_tab:
    portal_appeal.section(db, who, questionnaire)
with card_tab:
    portal_appeal.report_card(db, who, questionnaire)
