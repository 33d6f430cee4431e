"""Admin › Metodologi › Simulasi: the chosen cycle's answers, verifications and panel
scores scored under another methodology — a library version or the file just uploaded in
the library section — beside the stored results, movers first, with the inputs the other
methodology could not use; downloadable as a workbook. Nothing is written
(:mod:`monev.whatif`)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from monev import methodologies as lib
from monev.cycles import CycleInfo
from monev.exports import Subject
from monev.exports.whatif import file_name, whatif_workbook
from monev.permissions import Actor
from monev.whatif import WhatIf, what_if
from monev.workspace import Workspace
from reports.formatting import text_on
from ui import format as fmt
from ui.components.cycle import call
from ui.components.methodology_library import uploaded
from ui.text import t, t_literal

RESULT = "whatif_result"  # (cycle id, choice) → WhatIf
UPLOADED = "__unggahan__"  # the choice of the uploaded file


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _moved(value: int | None) -> str:
    return "-" if value is None else f"{value:+d}" if value else "0"


def rows_table(w: WhatIf) -> Styler:
    """Per badan publik, stored beside simulated; numbers with a decimal comma, predikat in
    their colours."""
    final, final_new = t_literal("whatif.col.stored_final"), t_literal("whatif.col.final")
    delta = t_literal("whatif.col.delta")
    predicate, predicate_new = (t_literal("whatif.col.stored_predicate"),
                                t_literal("whatif.col.predicate"))
    frame = pd.DataFrame([{
        t_literal("whatif.col.name"): r.name,
        t_literal("whatif.col.category"): r.category_name,
        final: _float(r.stored.final), predicate: r.stored.predicate or "-",
        t_literal("whatif.col.stored_rank"): r.stored.rank,
        final_new: _float(r.whatif.final), predicate_new: r.whatif.predicate or "-",
        t_literal("whatif.col.rank"): r.whatif.rank,
        delta: _float(r.delta), t_literal("whatif.col.rank_change"): _moved(r.rank_change),
        t_literal("whatif.col.note"): r.note or (r.status_label if r.stored.final is None
                                                 else "")} for r in w.rows])
    colours = {r.stored.predicate: r.stored.colour for r in w.rows if r.stored.colour}
    colours.update({r.whatif.predicate: r.whatif.colour for r in w.rows if r.whatif.colour})
    css = {label: f"background-color: {colour}; color: {text_on(colour)}"
           for label, colour in colours.items() if label and colour}
    ranks = [t_literal("whatif.col.stored_rank"), t_literal("whatif.col.rank")]
    return (frame.style.format(fmt.score, subset=[final, final_new], na_rep="–")
            .format(fmt.signed, subset=[delta], na_rep="–")
            .format(lambda rank: str(int(rank)), subset=ranks, na_rep="–")
            .map(lambda label: css.get(label, ""), subset=[predicate, predicate_new]))


def result(w: WhatIf) -> None:
    if w.same_definition:
        st.info(t("whatif.same"))
    if not w.published:
        st.caption(t("whatif.draft"))
    left, middle, right = st.columns(3)
    left.metric(t("whatif.metric.bodies"), fmt.number(len(w.rows)))
    middle.metric(t("whatif.metric.movers"), fmt.number(w.movers))
    right.metric(t("whatif.metric.predicates"), fmt.number(w.predicate_changes))
    st.dataframe(rows_table(w), hide_index=True, key="whatif_rows")
    if w.unused:
        st.markdown(f"##### {t('whatif.unused.heading')}")
        st.dataframe(pd.DataFrame([{t_literal("whatif.unused.kind"): u.kind_label,
                                    t_literal("whatif.unused.code"): u.code,
                                    t_literal("whatif.unused.label"): u.label or "-",
                                    t_literal("whatif.unused.bodies"): u.bodies}
                                   for u in w.unused]), hide_index=True)
    st.download_button(t("whatif.download"), data=lambda: whatif_workbook(w)[1],  # on click
                       file_name=whatif_workbook_name(w), on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml."
                            "sheet", icon=":material/download:", key="whatif_download")


def whatif_workbook_name(w: WhatIf) -> str:
    return file_name(Subject(w.year, w.ki))


def show(db: Workspace, who: Actor, cycle: CycleInfo | None) -> None:
    """The what-if section of the admin's Metodologi tab, for `cycle`."""
    st.subheader(t("whatif.heading"))
    if cycle is None:
        st.info(t("admin.need_cycle"))
        return
    st.caption(t("whatif.caption", title=cycle.title))
    ok, items = call(lib.list_methodologies, db, who)
    if not ok:
        return
    labels = {i.ref: f"{i.title} ({i.ref})" for i in items}
    file = uploaded()
    if file is not None:
        labels = {UPLOADED: t_literal("whatif.uploaded", name=file[0], id=file[1].id,
                                      version=file[1].version), **labels}
    choices = list(labels)
    choice = st.selectbox(t("whatif.against"), choices, key="whatif_choice",
                          format_func=labels.__getitem__)
    key = (cycle.id, choice, file[0] if file is not None and choice == UPLOADED else "")
    if st.button(t("whatif.run"), type="primary", key="whatif_run",
                 icon=":material/compare_arrows:"):
        if choice == UPLOADED and file is not None:
            ok, other = True, file[1]
        else:
            ok, other = call(lib.load_methodology, db, who, choice)
        if ok:
            ok, w = call(what_if, db, who, cycle.id, other)
            if ok:
                st.session_state[RESULT] = (key, w)
    kept = st.session_state.get(RESULT)
    if kept is not None and kept[0] == key:
        result(kept[1])
