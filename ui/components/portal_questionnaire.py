"""The badan publik's online questionnaire (PPID portal): where it stands, one question at a
time with its answer, data dukung link and files, the overview of every answer, and the
submit.

Widgets → :mod:`monev.portal` and :mod:`evidence.files` use cases → rendering; every
decision (the answer's parsing and its message, rights, phases, locks) is theirs. An answer
is saved with its own button ("Simpan", "Simpan & lanjut"), in a callback, against the
version the page showed; the widgets of a question are keyed by that version, so after a
save they show what is stored. Numbers are typed and shown with a decimal comma (``85,5``);
times are WIB.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from evidence.files import attach_file, list_files
from evidence.inspect import UPLOAD_SUFFIXES
from monev.errors import ServiceError
from monev.permissions import Actor, Phase
from monev.portal import (
    ASK_ITEMS,
    ASK_LINE,
    ASK_SELECT,
    SUBMITTED,
    PortalQuestion,
    Questionnaire,
    save_answer,
    save_identity,
    submit,
)
from monev.workspace import Workspace
from questionnaires import layout
from ui import format as fmt
from ui.components import cycle as cyc
from ui.components import evidence_files, link_checks
from ui.text import t, t_literal

_FLASH = "portal_fill"  # messages of a question's buttons, shown by them
_FLASH_TOP = "portal_top"  # of the Identitas and the submit, shown above the questions
_BLANK = ""  # "not answered", in a select box or an item's choice


def pick_key(q: Questionnaire) -> str:
    """The session key of the question shown (its code)."""
    return f"portal_pick_{q.cycle_id}"


def slug(code: str) -> str:
    """A question code in a widget key (``1.2`` → ``1_2``: the key is also a CSS class)."""
    return code.replace(".", "_")


def _base(q: Questionnaire, question: PortalQuestion) -> str:
    """The prefix of a question's widget keys: a save (a new version) gives fresh widgets
    showing what is stored."""
    return f"portal_{q.cycle_id}_{slug(question.code)}_{question.version}"


# -- where it stands -------------------------------------------------------------------------


def header(q: Questionnaire) -> None:
    """Body, phase, deadline, state and progress."""
    st.markdown(t("portal.body", body=q.body_name, category=q.category_name))
    deadline = fmt.day(q.deadline) if q.deadline else t_literal("portal.no_deadline")
    st.caption(t("portal.status", phase=q.phase.label, state=q.state_label,
                 deadline=deadline))
    st.progress(q.answered / q.total if q.total else 0.0,
                text=t_literal("portal.progress", answered=q.answered, total=q.total))
    if q.phase is Phase.FILLING and q.state == SUBMITTED:
        st.success(t("portal.sent", at=fmt.day(q.submitted_at),
                     version=q.submission_version or "-"), icon=":material/task_alt:")
        st.caption(t("portal.sent_locked"))
    elif q.phase is Phase.FILLING and q.reopen_reason:
        # The sentence ends with its own full stop (a reason typed as a sentence has one).
        st.warning(t("portal.reopened", reason=q.reopen_reason.rstrip(" .")),
                   icon=":material/lock_open:")
    elif q.phase is Phase.VERIFYING:
        st.info(t("portal.phase.verifying", deadline=deadline), icon=":material/hourglass:")
    elif q.phase is Phase.APPEALS:
        st.info(t("portal.phase.appeals"), icon=":material/gavel:")
    elif q.phase is Phase.PUBLISHED:
        st.info(t("portal.phase.published"), icon=":material/verified:")


# -- one question ----------------------------------------------------------------------------


def _label(question: PortalQuestion) -> str:
    mark = "✓" if question.answered else "○"
    text = question.text if len(question.text) <= 90 else question.text[:89] + "…"
    return f"{mark} {question.code} — {text}"


def _move(key: str, codes: Sequence[str], step: int) -> None:
    current = st.session_state.get(key, codes[0])
    index = codes.index(current) if current in codes else 0
    st.session_state[key] = codes[max(0, min(len(codes) - 1, index + step))]


def _typed(q: Questionnaire, question: PortalQuestion) -> str | dict[str, str]:
    """What the question's widgets hold now."""
    base = _base(q, question)
    if question.ask == ASK_ITEMS:
        return {code: st.session_state.get(f"{base}_item_{code}") or _BLANK
                for code, _ in question.items}
    return st.session_state.get(f"{base}_value") or _BLANK


def _save(db: Workspace, who: Actor, q: Questionnaire, question: PortalQuestion,
          advance: bool) -> None:
    """Save the question's widgets (a button's callback); on success, with `advance`, show
    the next question."""
    base = _base(q, question)
    try:
        saved = save_answer(db, who, q.cycle_id, q.body_id, question.code,
                            _typed(q, question),
                            evidence=st.session_state.get(f"{base}_link", ""),
                            note=st.session_state.get(f"{base}_note", ""),
                            expected_version=question.version)
    except ServiceError as error:
        cyc.flash(_FLASH, "error", error.message)
        return
    cyc.flash(_FLASH, "success", t("portal.saved", code=saved.code, answer=saved.shown,
                                   at=fmt.day(saved.updated_at)))
    if advance:
        _move(pick_key(q), [x.code for x in q.questions], 1)


def _answer_widgets(q: Questionnaire, question: PortalQuestion, disabled: bool) -> None:
    base = _base(q, question)
    label = t("portal.q.answer")
    if question.ask == ASK_SELECT:
        options = [_BLANK, *question.options]
        typed = question.typed if question.typed in options else _BLANK
        st.selectbox(label, options, index=options.index(typed),
                     format_func=lambda o: o or t_literal("portal.blank"),
                     key=f"{base}_value", disabled=disabled, help=question.prompt)
    elif question.ask == ASK_ITEMS:
        st.markdown(t("portal.q.items"))
        marks = question.typed if isinstance(question.typed, dict) else {}
        choices = [_BLANK, layout.YES, layout.NO]
        for code, item in question.items:
            mark = marks.get(code, _BLANK)
            st.radio(t_literal("portal.q.item", code=code, label=item), choices,
                     index=choices.index(mark) if mark in choices else 0, horizontal=True,
                     format_func=lambda o: o or t_literal("portal.blank_short"),
                     key=f"{base}_item_{code}", disabled=disabled)
    elif question.ask == ASK_LINE:
        st.text_input(label, value=str(question.typed), key=f"{base}_value",
                      placeholder=t_literal("portal.q.number_hint"), help=question.prompt,
                      disabled=disabled)
    else:
        st.text_area(label, value=str(question.typed), key=f"{base}_value",
                     help=question.prompt, disabled=disabled, height=140)


def question_form(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """The question picked (with "Sebelumnya"/"Berikutnya"), its answer, link, note and
    files; "Simpan" and "Simpan & lanjut" while it may be changed."""
    codes = [x.code for x in q.questions]
    key = pick_key(q)
    if st.session_state.get(key) not in codes:
        st.session_state[key] = next((x.code for x in q.questions if not x.answered),
                                     codes[0])
    by_code = {x.code: x for x in q.questions}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox(t("portal.pick"), codes, format_func=lambda c: _label(by_code[c]),
                     key=key, width="stretch")
        st.button(t("portal.previous"), key=f"{key}_prev", on_click=_move,
                  args=(key, codes, -1), icon=":material/arrow_back:")
        st.button(t("portal.next"), key=f"{key}_next", on_click=_move,
                  args=(key, codes, 1), icon=":material/arrow_forward:")
    question = by_code[st.session_state[key]]
    base = _base(q, question)
    with st.container(border=True):
        st.markdown(t("portal.q.heading", code=question.code, text=question.text))
        st.caption(t("portal.q.meta", indicator=question.indicator, kind=question.type_label,
                     allowed=question.allowed))
        if question.guidance:
            st.caption(t("portal.q.guidance", text=question.guidance))
        disabled = not q.editable
        _answer_widgets(q, question, disabled)
        st.text_input(t("portal.q.link"), value=question.evidence, key=f"{base}_link",
                      placeholder="https://", disabled=disabled,
                      help=t_literal(f"portal.q.evidence.{question.evidence_rule}"))
        st.text_input(t("portal.q.note"), value=question.note, key=f"{base}_note",
                      disabled=disabled)
        if q.editable:
            with st.container(horizontal=True):
                st.button(t("portal.save"), key=f"{base}_save", on_click=_save,
                          args=(db, who, q, question, False), icon=":material/save:")
                st.button(t("portal.save_next"), key=f"{base}_save_next", type="primary",
                          on_click=_save, args=(db, who, q, question, True),
                          icon=":material/arrow_forward:")
        cyc.show_flash(_FLASH)
        if question.updated_at is not None and question.version:
            st.caption(t("portal.q.saved_at", at=fmt.day(question.updated_at),
                          by=question.updated_by))
        if q.state == SUBMITTED and question.evidence:
            link_checks.show(db, who, q.cycle_id, q.body_id, question.code, question.evidence)
        _files(db, who, q, question)


def _files(db: Workspace, who: Actor, q: Questionnaire, question: PortalQuestion) -> None:
    """The question's evidence files (download; withdraw while it may be changed) and the
    upload of another one."""
    ok, files = cyc.call(list_files, db, who, q.cycle_id, body_id=q.body_id,
                         question_code=question.code, purpose="answer")
    if not ok:
        return
    st.markdown(t("portal.files.heading", limit=fmt.file_size(q.evidence_max_bytes)))
    if files:
        evidence_files.file_rows(db, who, files, f"portal_files_{q.cycle_id}",
                                 withdraw=q.editable)
    else:
        st.caption(t("portal.files.none"))
    if not q.editable:
        return
    counter = f"portal_upload_{q.cycle_id}_{slug(question.code)}"
    key = f"{counter}_{st.session_state.get(counter, 0)}"
    # The widget's limit (whole MiB) shows the methodology's; the content check refuses
    # anything over the exact limit with its own reason (E602).
    upload = st.file_uploader(t("portal.files.upload"), type=list(UPLOAD_SUFFIXES), key=key,
                              max_upload_size=max(1, math.ceil(q.evidence_max_bytes / 2**20)))
    if st.button(t("portal.files.go"), key=f"{key}_go", disabled=upload is None,
                 icon=":material/upload:"):
        assert upload is not None
        ok, done = cyc.call(attach_file, db, who, q.cycle_id, q.body_id, question.code,
                            upload.name, upload.getvalue())
        if ok:
            st.session_state[counter] = st.session_state.get(counter, 0) + 1
            which = "portal.files.done" if done.created else "portal.files.same"
            cyc.flash(_FLASH, "success", t(which, file=done.file.file_name,
                                           code=question.code))
            st.rerun()


# -- the whole questionnaire -----------------------------------------------------------------


def identity_form(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """Who fills the questionnaire (the workbook's Identitas sheet)."""
    with st.expander(t("portal.identity.heading"), expanded=not q.identity["ppid_name"]):
        with st.form(f"portal_identity_{q.cycle_id}_{q.version}", border=False):
            name = st.text_input(t("portal.identity.name"), value=q.identity["ppid_name"],
                                 disabled=not q.editable)
            position = st.text_input(t("portal.identity.position"),
                                     value=q.identity["position"], disabled=not q.editable)
            contact = st.text_input(t("portal.identity.contact"),
                                    value=q.identity["contact"], disabled=not q.editable)
            saved = st.form_submit_button(t("portal.identity.save"), disabled=not q.editable)
        if saved:
            ok, _ = cyc.call(save_identity, db, who, q.cycle_id, q.body_id, ppid_name=name,
                             position=position, contact=contact)
            if ok:
                cyc.flash(_FLASH_TOP, "success", t("portal.identity.saved"))
                st.rerun()


# The columns a PPID checks — code (pinned), question, answer, link, files — fit a 1400 px
# window beside the menu (about 900 px of grid in the expander); a long question is cut
# (whole on hover), the note follows.
OVERVIEW_WIDTHS = {"portal.overview.code": 60, "portal.overview.question": 290,
                   "portal.overview.answer": 120, "portal.overview.link": 200,
                   "portal.overview.files": 180, "portal.overview.note": 220}


def overview(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """Every question with its saved answer and data dukung (its link and its files), as
    one table."""
    with st.expander(t("portal.overview.heading", answered=q.answered, total=q.total)):
        ok, found = cyc.call(list_files, db, who, q.cycle_id, body_id=q.body_id,
                             purpose="answer")
        files: dict[str, list[str]] = {}
        for file in found if ok else []:
            files.setdefault(file.question_code, []).append(file.file_name)
        st.dataframe(pd.DataFrame([{
            t_literal("portal.overview.code"): x.code,
            t_literal("portal.overview.question"): x.text,
            t_literal("portal.overview.answer"): x.shown,
            t_literal("portal.overview.link"): x.evidence or "-",
            t_literal("portal.overview.files"): ", ".join(files.get(x.code, ())) or "-",
            t_literal("portal.overview.note"): x.note or "-",
        } for x in q.questions]), hide_index=True, width="stretch", column_config={
            t_literal(key): st.column_config.Column(
                width=width, pinned=key == "portal.overview.code" or None)
            for key, width in OVERVIEW_WIDTHS.items()})


def submit_section(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """Send the questionnaire (saying what is still unanswered)."""
    if not q.editable:
        return
    st.subheader(t("portal.submit.heading"))
    st.caption(t("portal.submit.help"))
    missing = q.unanswered
    confirmed = True
    if missing:
        shown = ", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
        st.warning(t("portal.submit.missing", count=len(missing), total=q.total,
                     codes=shown))
        confirmed = st.checkbox(t("portal.submit.confirm", count=len(missing)),
                                key=f"portal_confirm_{q.cycle_id}_{q.version}")
    if st.button(t("portal.submit.go"), type="primary", key=f"portal_submit_{q.cycle_id}",
                 disabled=not confirmed or not q.answered, icon=":material/send:"):
        ok, sent = cyc.call(submit, db, who, q.cycle_id, q.body_id,
                            allow_incomplete=bool(missing))
        if ok:
            key = "portal.submit.unchanged" if sent.unchanged else "portal.submit.done"
            cyc.flash(_FLASH_TOP, "success", t(key, version=sent.version,
                                               answered=sent.answered, total=sent.total))
            st.rerun()


def section(db: Workspace, who: Actor, q: Questionnaire) -> None:
    """The questionnaire tab: identity, one question at a time, the overview, the submit."""
    cyc.show_flash(_FLASH_TOP)
    if q.editable:
        st.caption(t("portal.fill.help"))
    identity_form(db, who, q)
    question_form(db, who, q)
    overview(db, who, q)
    submit_section(db, who, q)
