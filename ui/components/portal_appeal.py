"""The badan publik's masa sanggah (PPID portal): its answers as verified, with the
verifikator's reasons, its appeals with their decisions and files, and the form to file one
with new evidence (a link and/or a PDF or image); then its report card once published.

Widgets → :mod:`monev.portal`, :mod:`monev.appeals` and :mod:`evidence.files` use cases →
rendering; when the body may see or do what is decided there (the phases of
:mod:`monev.permissions`). Times are WIB.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from evidence.files import list_files
from evidence.inspect import UPLOAD_SUFFIXES
from monev.appeals import list_appeals
from monev.permissions import Actor, Phase
from monev.portal import Questionnaire, file_appeal, verified_answers
from monev.workspace import Workspace
from ui import format as fmt
from ui.components import cycle as cyc
from ui.components import evidence_files, published
from ui.text import t, t_literal

_FLASH = "portal_appeal"


def verified_table(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """Every answer as verified: the body's answer, the verifikator's, why, when."""
    ok, rows = cyc.call(verified_answers, db, who, q.cycle_id, q.body_id)
    if not ok:
        return
    st.subheader(t("portal.verified.heading"))
    checked = sum(1 for r in rows if r.verified)
    changed = sum(1 for r in rows if r.changed)
    st.caption(t("portal.verified.summary", checked=checked, total=len(rows),
                 changed=changed))
    # What the verifikator changed first, then what was confirmed, then the rest; the
    # verdict and its reason before the (long) question text.
    ordered = sorted(rows, key=lambda r: (not r.changed, not r.verified))
    st.dataframe(pd.DataFrame([{
        t_literal("portal.verified.code"): r.code,
        t_literal("portal.verified.reported"): r.reported,
        t_literal("portal.verified.result"): (r.verified_text if r.verified
                                              else t_literal("portal.verified.unchecked")),
        t_literal("portal.verified.reason"): r.reason or "-",
        t_literal("portal.verified.when"): fmt.day(r.verified_at),
        t_literal("portal.verified.appeals"): ", ".join(
            t_literal("portal.verified.appeal", id=i, status=s) for i, s in r.appeals) or "-",
        t_literal("portal.verified.question"): r.text,
    } for r in ordered]), hide_index=True, width="stretch")


def appeal_form(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """File an appeal about one answer (or the result as a whole) with new evidence."""
    st.subheader(t("portal.appeal.heading"))
    st.caption(t("portal.appeal.help", limit=fmt.file_size(q.evidence_max_bytes)))
    texts = {x.code: f"{x.code} — {x.text}" for x in q.questions}
    counter = f"portal_appeal_form_{q.cycle_id}"
    with st.form(f"{counter}_{st.session_state.get(counter, 0)}", clear_on_submit=False):
        code = st.selectbox(t("portal.appeal.question"), ["", *texts],
                            format_func=lambda c: texts.get(c, t_literal("portal.appeal.whole")))
        claim = st.text_area(t("portal.appeal.claim"),
                             placeholder=t_literal("portal.appeal.claim_hint"))
        link = st.text_input(t("portal.appeal.link"), placeholder="https://")
        upload = st.file_uploader(
            t("portal.appeal.file"), type=list(UPLOAD_SUFFIXES),
            max_upload_size=max(1, math.ceil(q.evidence_max_bytes / 2**20)))
        sent = st.form_submit_button(t("portal.appeal.go"), type="primary",
                                     icon=":material/gavel:")
    if sent:
        file = (upload.name, upload.getvalue()) if upload is not None else None
        ok, filed = cyc.call(file_appeal, db, who, q.cycle_id, q.body_id, claim,
                             question_code=code or None, link=link, file=file)
        if ok:
            st.session_state[counter] = st.session_state.get(counter, 0) + 1  # empty form
            cyc.flash(_FLASH, "success", t(
                "portal.appeal.filed_file" if filed.file else "portal.appeal.filed",
                id=filed.appeal.id, file=filed.file.file_name if filed.file else ""))
            st.rerun()
    cyc.show_flash(_FLASH)


def appeals_list(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """The body's appeals with their decisions, and the files filed with them."""
    ok, appeals = cyc.call(list_appeals, db, who, q.cycle_id)
    if not ok or not appeals:
        return
    st.markdown(t("portal.appeal.list"))
    st.dataframe(pd.DataFrame([{
        t_literal("portal.appeal.col.id"): a.id,
        t_literal("portal.appeal.col.question"): a.question_code
        or t_literal("portal.appeal.whole"),
        t_literal("portal.appeal.col.claim"): a.claim,
        t_literal("portal.appeal.col.link"): a.evidence or "-",
        t_literal("portal.appeal.col.status"): a.status_label,
        t_literal("portal.appeal.col.filed"): fmt.day(a.filed_at),
        t_literal("portal.appeal.col.decision"): a.decision_reason or "-",
    } for a in appeals]), hide_index=True, width="stretch")
    ok, files = cyc.call(list_files, db, who, q.cycle_id, body_id=q.body_id, purpose="appeal")
    if ok and files:
        st.markdown(t("portal.appeal.files"))
        evidence_files.file_rows(db, who, files, f"portal_appeal_files_{q.cycle_id}")


def section(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """The masa sanggah tab: from the masa sanggah on, the verified answers, the form while
    it lasts, and the appeals filed."""
    if q.phase not in (Phase.APPEALS, Phase.PUBLISHED):
        st.info(t("portal.appeal.not_yet"), icon=":material/schedule:")
        return
    verified_table(db, who, q)
    if q.phase is Phase.APPEALS:
        appeal_form(db, who, q)
    appeals_list(db, who, q)


def report_card(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """The report card of the body (PDF), once the results are published."""
    if q.phase is not Phase.PUBLISHED:
        st.info(t("portal.card.not_yet"), icon=":material/schedule:")
        return
    st.caption(t("portal.card.help"))
    published.report_card_button(db, who, q.cycle_id, q.body_id, q.body_name)
