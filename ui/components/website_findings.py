"""What website monitoring found for one question of one badan publik, beside its
self-reported answer in the verifikator's review workspace: suggested evidence
("ditemukan: Daftar Informasi Publik 2025 (alamat), PDF 12 halaman, 6,7 kB · diperiksa 3
Mar 2026 10:12 WIB" / "Tautan rusak: … ditemukan, tetapi tidak dapat dibuka" / "tidak
ditemukan di 40 halaman yang diperiksa" / "tidak ditemukan di 7 halaman yang boleh dibaca;
robots.txt situs melarang /ppid/…"), never a decision — the verifikator decides. Nothing is
shown for a question without website signals."""

from __future__ import annotations

import streamlit as st

from monev.permissions import Actor
from monev.workspace import Workspace
from monitoring.runs import Finding, findings
from monitoring.status import BLOCKED, BROKEN
from questionnaires.model import Question
from ui import format as fmt
from ui.components import cycle as cyc
from ui.format import Markdown
from ui.text import t


def finding_text(finding: Finding) -> Markdown:
    """One finding as the workspace shows it (icon, its outcome, where, the document,
    when): each status in words of its own."""
    at = fmt.day(finding.checked_at)
    if finding.found is None:
        return t("web.ws.not_visited", icon=t("web.icon.none"),
                 detail=finding.detail.removeprefix("Tidak diperiksa: ").rstrip("."), at=at)
    what = finding.link_text or finding.page_title or finding.url
    if finding.status == BROKEN:
        return t("web.ws.broken", icon=t("web.icon.broken"), what=what,
                 link=fmt.link(finding.url),
                 detail=finding.detail.rstrip("."), at=at)
    if finding.status == BLOCKED:
        return t("web.ws.blocked", icon=t("web.icon.blocked"),
                 pages=fmt.number(finding.pages), note=finding.reason, at=at)
    if not finding.found:
        return t("web.ws.not_found", icon=t("web.icon.missing"),
                 pages=fmt.number(finding.pages), at=at)
    document = finding.document
    key = "web.ws.found_document" if document else "web.ws.found"
    return t(key, icon=t("web.icon.found"), what=what, link=fmt.link(finding.url),
             document=document, at=at)


def show(db: Workspace, who: Actor, cycle_id: int, body_id: int, question: Question) -> None:
    """The newest website finding for `question` of the body (a caption when its site was
    never monitored); nothing for a question without signals."""
    if question.signals is None:
        return
    ok, found = cyc.call(findings, db, who, cycle_id, body_id=body_id, item=question.code)
    if not ok:
        return
    if not found:
        st.caption(t("web.ws.never"))
        return
    st.markdown(finding_text(found[0]))
    st.caption(t("web.ws.decide"))
