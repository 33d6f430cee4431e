"""Koordinator PPID: questionnaire templates, uploads with an import report, the badan
publik in scope with their participation (their online questionnaires and PPID accounts),
the check of their evidence links (what each must
fix), published results, and appeals (masa sanggah).

Widgets → service calls → rendering; every decision is the services' (``monev``).
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from monev.appeals import file_appeal, list_appeals
from monev.bodies import list_bodies
from monev.outcomes.publication import published_records
from monev.permissions import Role
from monev.services import make_template
from questionnaires.loader import Registry
from questionnaires.model import Methodology
from questionnaires.sources import MAX_FILE_BYTES, MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES
from questionnaires.template import template_filename
from ui import format as fmt
from ui import state
from ui.components import bodies as body_view
from ui.components import cycle as cyc
from ui.components import (
    evidence_files,
    import_report,
    link_checks,
    portal_coordinator,
    published,
    website_monitoring,
)
from ui.text import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_KEY = "coord_report"


@st.cache_data(show_spinner=False, max_entries=32)
def template_bytes(methodology: Methodology, category: str, ki: str, year: int) -> bytes:
    """The empty questionnaire of one category of the cycle's own methodology, naming the
    cycle's KI and year."""
    buffer = io.BytesIO()
    make_template(methodology.id, category, buffer, registry=Registry([methodology]), ki=ki,
                  year=year)
    return buffer.getvalue()


who = state.require_role(Role.COORDINATOR, Role.ADMIN)
db = state.database()
st.title(t("coord.title"))
st.caption(t("coord.intro"))

info = cyc.pick_cycle(db, who)
if info is None:
    st.stop()
ok, methodology = cyc.call(cyc.cycle_methodology, db, who, info.id)
ok_bodies, bodies = cyc.call(list_bodies, db, who, info.id)
if not (ok and ok_bodies):
    st.stop()
st.caption(t("coord.cycle_status", status=info.status_label, methodology=methodology.title))

upload_tab, bodies_tab, links_tab, results_tab, appeals_tab = st.tabs([
    t("coord.tab.upload"), t("coord.tab.bodies"), t("coord.tab.links"), t("coord.tab.results"),
    t("coord.tab.appeals")])

# -- templates and uploads ---------------------------------------------------------------------
with upload_tab:
    st.subheader(t("coord.template.heading"))
    codes = [c.code for c in methodology.categories]
    mine = [b.category for b in bodies if b.category in codes]
    category = st.selectbox(
        t("coord.template.category"), codes, index=codes.index(mine[0]) if mine else 0,
        format_func=lambda code: body_view.category_name(methodology, code),
        key="coord_template_category")
    st.download_button(
        t("coord.template.download",
          category=body_view.category_name(methodology, category)),
        data=template_bytes(methodology, category, info.ki, info.year),
        file_name=template_filename(methodology, category), mime=XLSX,
        on_click="ignore", icon=":material/download:", key="coord_template_download")
    st.caption(t("coord.template.help"))

    st.subheader(t("coord.upload.heading"))
    # The widget offers exactly what the readers read, up to the readers' own size limit
    # (.streamlit/config.toml's maxUploadSize is MAX_UPLOAD_BYTES in MB; a test keeps them so).
    uploads = st.file_uploader(
        t("coord.upload.label"), type=list(UPLOAD_SUFFIXES), accept_multiple_files=True,
        key="coord_upload",
        help=t("coord.upload.help", formats=", ".join(UPLOAD_SUFFIXES),
               upload_mb=MAX_UPLOAD_BYTES // 2**20, file_mb=MAX_FILE_BYTES // 2**20))
    upload_id = (info.id, tuple(f.file_id for f in uploads or []))
    if st.button(t("coord.upload.go"), type="primary", disabled=not uploads,
                 key="coord_upload_go"):
        files = import_report.run_import(db, who, info.id,
                                         [(f.name, f.getvalue()) for f in uploads or []])
        if files is not None:
            st.session_state[REPORT_KEY] = {"upload": upload_id, "files": files}
            ok_bodies, fresh = cyc.call(list_bodies, db, who, info.id)
            bodies = fresh if ok_bodies else bodies
    last = st.session_state.get(REPORT_KEY)
    if uploads and last is not None and last["upload"] == upload_id:
        import_report.show(last["files"])

# -- badan publik in scope and participation ---------------------------------------------------
with bodies_tab:
    rate = body_view.participation_rate(bodies)
    st.metric(t("coord.bodies.rate_label"),
              t("coord.bodies.rate", returned=rate.returned, invited=rate.invited,
                percent=fmt.percent(rate.share)))
    problems = body_view.email_problems(db, who, info.id)  # e-mail that did not arrive
    if bodies:
        body_view.email_warning(bodies, problems)
        st.dataframe(pd.DataFrame(body_view.body_rows(bodies, methodology, problems)),
                     hide_index=True, width="stretch", column_config={
                         t("coord.bodies.col.email"): st.column_config.TextColumn(
                             width="medium")})
    else:
        st.info(t("coord.bodies.none"))
    cyc.show_flash("coord_contacts")
    saved = body_view.contacts_form(db, who, info.id, bodies, problems)  # e-mail, websites
    if saved:
        cyc.flash("coord_contacts", "success", saved)
        st.rerun()
    evidence_files.attach_section(db, who, info, bodies, methodology)
    portal_coordinator.section(db, who, info, bodies)  # online SAQ, PPID accounts

# -- evidence links: check them, and tell each badan publik what to fix ------------------------
with links_tab:
    link_checks.coordinator_section(db, who, info, bodies, methodology)
    website_monitoring.section(db, who, info, bodies, methodology)  # the bodies' websites

# -- published results -------------------------------------------------------------------------
with results_tab:
    if info.status != "published":
        st.info(t("coord.results.not_published"))
    else:
        ok, records = cyc.call(published_records, db, who, info.id)
        body_ids = {b.name: b.id for b in bodies} if ok_bodies else {}
        if ok and records:
            st.dataframe(pd.DataFrame(published.result_rows(records, methodology)),
                         hide_index=True, width="stretch")
            names = [r["badan_publik"] for r in records]
            chosen = st.selectbox(t("coord.results.pick"), range(len(records)),
                                  format_func=names.__getitem__, key="coord_results_body")
            published.breakdown(records[chosen], methodology)
            body_id = body_ids.get(records[chosen]["badan_publik"])
            if body_id is not None:
                published.report_card_button(db, who, info.id, body_id,
                                             records[chosen]["badan_publik"])
        elif ok:
            st.info(t("coord.results.none"))

# -- appeals (masa sanggah) --------------------------------------------------------------------
with appeals_tab:
    st.subheader(t("coord.appeal.heading"))
    st.caption(t("coord.appeal.help"))
    if not bodies:
        st.info(t("coord.bodies.none"))
    else:
        by_id = {b.id: b for b in bodies}
        body_id = st.selectbox(t("coord.appeal.body"), list(by_id),
                               format_func=lambda i: by_id[i].name, key="coord_appeal_body")
        questions = methodology.questions_for(by_id[body_id].category)
        texts = {q.code: f"{q.code} — {q.text}" for q in questions}
        # Kept when refused (the koordinator corrects the link, not retypes the claim).
        with st.form("coord_appeal_form", clear_on_submit=False):
            question = st.selectbox(t("coord.appeal.question"), ["", *texts],
                                    format_func=lambda c: texts.get(c, t("coord.appeal.whole")),
                                    key="coord_appeal_question")
            claim = st.text_area(t("coord.appeal.claim"), key="coord_appeal_claim",
                                 placeholder=t("coord.appeal.claim_hint"))
            evidence = st.text_input(t("coord.appeal.evidence"), key="coord_appeal_evidence",
                                     placeholder="https://")
            submitted = st.form_submit_button(t("coord.appeal.submit"), type="primary")
        if submitted:
            ok, filed = cyc.call(file_appeal, db, who, info.id, body_id, claim,
                                 question_code=question or None, evidence=evidence)
            if ok:
                for key in ("coord_appeal_question", "coord_appeal_claim",
                            "coord_appeal_evidence"):
                    st.session_state.pop(key, None)  # an empty form at the next click
                st.success(t("coord.appeal.filed", id=filed.id, body=filed.body_name))
    ok, appeals = cyc.call(list_appeals, db, who, info.id)
    if ok and appeals:
        st.markdown(t("coord.appeal.list"))
        st.dataframe(pd.DataFrame([{
            t("coord.appeal.col.id"): a.id,
            t("coord.appeal.col.body"): a.body_name,
            t("coord.appeal.col.question"): a.question_code or t("coord.appeal.whole"),
            t("coord.appeal.col.claim"): a.claim,
            t("coord.appeal.col.status"): a.status_label,
            t("coord.appeal.col.filed"): fmt.day(a.filed_at),
            t("coord.appeal.col.decision"): a.decision_reason or "-",
        } for a in appeals]), hide_index=True, width="stretch")
