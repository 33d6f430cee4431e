"""Evidence files (*data dukung*) in the app: a question's files with a download button each
(the verifikator's review workspace, beside the evidence link), and the koordinator's form
to attach a PDF or image to a question of a badan publik, with the body's files to withdraw.

Widgets → :mod:`evidence.files` use cases → rendering; every decision (rights, content
checks, locks) is theirs. A file is shown as ``SK PPID.pdf · 1,2 MB · 3 halaman ·
diunggah 30 Nov 2026 10:05 WIB oleh PPID``; its bytes are read only when its download
button is clicked. A file whose bytes are missing from the store says so instead of
offering a download that would fail.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import streamlit as st

from evidence.files import (
    EvidenceFileInfo,
    attach_file,
    fetch_file,
    list_files,
    withdraw_file,
)
from evidence.inspect import UPLOAD_SUFFIXES
from monev.bodies import BodyInfo
from monev.cycles import CycleInfo
from monev.errors import ServiceError
from monev.permissions import Actor
from monev.workspace import Workspace
from questionnaires.model import Methodology
from ui import format as fmt
from ui.components import cycle as cyc
from ui.format import Markdown
from ui.text import t

_FLASH = "evidence_attach"


def describe(file: EvidenceFileInfo) -> Markdown:
    """``**SK PPID.pdf** · 1,2 MB · 3 halaman · diunggah 30 Nov 2026 10:05 WIB oleh PPID``
    (an appeal's new evidence says which appeal)."""
    values = {"name": file.file_name, "size": fmt.file_size(file.size_bytes),
              "at": fmt.day(file.uploaded_at), "by": file.uploaded_by}
    text = (t("evidence.file", pages=fmt.number(file.pages), **values)
            if file.pages is not None else t("evidence.file_image", **values))
    if file.appeal_id is not None:
        text = Markdown(f"{text} · {t('evidence.appeal', id=file.appeal_id)}")
    return text


def _download(db: Workspace, who: Actor, file: EvidenceFileInfo, key: str) -> None:
    """The file's download button (its bytes read, with the rights, when clicked)."""
    st.download_button(
        t("evidence.download"), data=lambda: fetch_file(db, who, file.id).data,
        file_name=file.download_name, mime=file.media_type, on_click="ignore",
        icon=":material/download:", key=f"{key}_download_{file.id}",
        help=t("evidence.download_help", name=file.file_name,
               size=fmt.file_size(file.size_bytes)))


def file_rows(db: Workspace, who: Actor, files: Sequence[EvidenceFileInfo], key: str, *,
              withdraw: bool = False) -> None:
    """One line per file with its download button (and, with `withdraw`, a button that
    withdraws it); widget keys start with `key`."""
    for file in files:
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.markdown(describe(file), width="stretch")
            if file.stored:
                _download(db, who, file, key)
            if withdraw:
                st.button(t("evidence.withdraw"), key=f"{key}_withdraw_{file.id}",
                          icon=":material/delete:", on_click=_withdraw,
                          args=(db, who, file),
                          help=t("evidence.withdraw_help", name=file.file_name,
                                 code=file.question_code))
        if not file.stored:
            st.warning(t("evidence.lost", name=file.file_name))


def show(db: Workspace, who: Actor, cycle_id: int, body_id: int, question_code: str) -> None:
    """The evidence files of one question of a badan publik, each with its download."""
    ok, files = cyc.call(list_files, db, who, cycle_id, body_id=body_id,
                         question_code=question_code)
    if not ok:
        return
    if not files:
        st.caption(t("evidence.none"))
        return
    st.markdown(t("evidence.heading"))
    file_rows(db, who, files, f"ev_{cycle_id}_{body_id}_{question_code}")


def _withdraw(db: Workspace, who: Actor, file: EvidenceFileInfo) -> None:
    """Withdraw `file` (a button's callback): the outcome is shown at the next run."""
    try:
        withdraw_file(db, who, file.id)
    except ServiceError as error:
        cyc.flash(_FLASH, "error", error.message)
        return
    cyc.flash(_FLASH, "success", t("evidence.withdrawn", file=file.file_name,
                                   code=file.question_code))


def attach_section(db: Workspace, who: Actor, cycle: CycleInfo, bodies: Sequence[BodyInfo],
                   methodology: Methodology) -> None:
    """The koordinator's form: pick a badan publik and a question, upload a PDF or image;
    then the body's files, each to download or withdraw."""
    st.subheader(t("evidence.attach.heading"))
    st.caption(t("evidence.attach.help",
                 limit=fmt.file_size(methodology.evidence_max_bytes)))
    if not bodies:
        return
    by_id = {b.id: b for b in bodies}
    body_id = st.selectbox(t("evidence.attach.body"), list(by_id),
                           format_func=lambda i: by_id[i].name, key="ev_attach_body")
    body = by_id[body_id]
    texts = {q.code: f"{q.code} — {q.text}" for q in methodology.questions_for(body.category)}
    code = st.selectbox(t("evidence.attach.question"), list(texts),
                        format_func=lambda c: texts.get(c, c), key="ev_attach_question")
    with st.form("ev_attach_form", clear_on_submit=True, border=False):
        # The widget's limit (whole MiB) shows the methodology's; the content check
        # refuses anything over the exact limit with its own reason (E602).
        upload = st.file_uploader(
            t("evidence.attach.file"), type=list(UPLOAD_SUFFIXES), key="ev_attach_file",
            max_upload_size=max(1, math.ceil(methodology.evidence_max_bytes / 2**20)))
        submitted = st.form_submit_button(t("evidence.attach.go"), type="primary",
                                          icon=":material/upload:")
    if submitted:
        if upload is None:
            st.warning(t("evidence.attach.pick"))
        else:
            ok, done = cyc.call(attach_file, db, who, cycle.id, body.id, code, upload.name,
                                upload.getvalue())
            if ok:
                key = "evidence.attach.done" if done.created else "evidence.attach.same"
                st.success(t(key, file=done.file.file_name, code=done.file.question_code,
                             body=body.name))
    cyc.show_flash(_FLASH)
    ok, files = cyc.call(list_files, db, who, cycle.id, body_id=body.id)
    if not ok:
        return
    st.markdown(t("evidence.attach.list", body=body.name))
    if not files:
        st.caption(t("evidence.attach.none_body"))
        return
    for question in dict.fromkeys(f.question_code for f in files):
        st.caption(t("evidence.attach.question_of", code=question))
        file_rows(db, who, [f for f in files if f.question_code == question], "ev_attach",
                  withdraw=True)
