"""Admin › Metodologi › Pustaka: the methodologies a cycle can be created from (presets and
saved versions, each downloadable as the workbook a KI edits in Excel), and the way in for
a KI's own instrument: upload a methodology workbook (or YAML) → preview per category →
the difference from another methodology → save as a new version → create a cycle from it.

Every step is one call of :mod:`monev.methodologies` (which checks the rights again); an
uploaded file is read once per upload (kept in the session) and nothing is stored before
the admin presses *Simpan*. A refused file shows every problem with its ``Lembar!Sel``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from monev import methodologies as lib
from monev.cycles import CycleInfo
from monev.errors import ServiceError
from monev.permissions import Actor
from monev.workspace import Workspace
from questionnaires.errors import Problem
from questionnaires.methodology_diff import Change, ChangeKind
from questionnaires.model import Methodology
from ui import format as fmt
from ui.components.cycle import call, choose_cycle, flash, new_cycle_fields, show_flash
from ui.components.import_report import where
from ui.format import plain
from ui.text import t, t_literal

UPLOAD = "library_upload"
PARSED = "library_parsed"  # file_id → (file name, Methodology | InvalidMethodology, bytes)
SAVED = "library_saved_ref"  # the ref of the version saved (or found) from the upload
FLASH = "library"


def percent(value: Any) -> str:
    return t_literal("admin.percent", value=fmt.number(value))


def table(rows: list[dict[str, Any]]) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)


# -- the library ------------------------------------------------------------------------------


def library_table(items: Sequence[lib.Available]) -> None:
    table([{t_literal("library.col.ref"): i.ref, t_literal("library.col.title"): i.title,
            t_literal("library.col.version"): i.version,
            t_literal("library.col.year"): str(i.year),
            t_literal("library.col.origin"): t_literal("library.origin.preset") if i.preset
            else t_literal("library.origin.saved", by=i.saved_by, at=fmt.day(i.saved_at)),
            t_literal("library.col.source"): i.source_name or "-"} for i in items])


def download(db: Workspace, who: Actor, items: Sequence[lib.Available]) -> None:
    """A download of any library methodology as the methodology workbook."""
    refs = [i.ref for i in items]
    labels = {i.ref: f"{i.title} ({i.ref})" for i in items}
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    ref = left.selectbox(t("library.download.pick"), refs, key="library_download_ref",
                         format_func=labels.__getitem__)

    def data() -> bytes:
        return lib.workbook_download(db, who, ref)[1]

    with right:
        st.download_button(t("library.download.button"), data=data,
                           file_name=f"metodologi-{ref.replace('@', '-v')}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet",
                           on_click="ignore", icon=":material/download:",
                           key="library_download", help=t("library.download.help"))


# -- an uploaded file -------------------------------------------------------------------------


def uploaded() -> tuple[str, Methodology, bytes] | None:
    """The methodology of the file in the uploader (name, methodology, content), when it
    was read without problems; for the what-if section too."""
    file = st.session_state.get(UPLOAD)
    if file is None:
        return None
    parsed = st.session_state.get(PARSED, {}).get(file.file_id)
    if parsed is None or not isinstance(parsed[1], Methodology):
        return None
    return parsed


def read(file: Any) -> tuple[str, Methodology | ServiceError, bytes]:
    """The file read (once per upload: kept in the session by its file id)."""
    kept: dict[str, Any] = st.session_state.setdefault(PARSED, {})
    if file.file_id not in kept:
        data = file.getvalue()
        try:
            outcome: Methodology | ServiceError = lib.read_methodology_file(file.name, data)
        except ServiceError as error:
            outcome = error
        kept.clear()  # only the file in hand is kept
        kept[file.file_id] = (file.name, outcome, data)
    return kept[file.file_id]


def problems(name: str, error: ServiceError) -> None:
    found: list[Problem] = getattr(error, "problems", [])
    if not found:
        st.error(plain(error.message, lines=True))
        return
    st.error(t("library.invalid", name=name, count=fmt.number(len(found))),
             icon=":material/error:")
    st.table(pd.DataFrame([{t_literal("library.problem.where"): plain(where(p)),
                            t_literal("library.problem.message"): plain(p.message),
                            t_literal("library.problem.fix"): plain(p.fix)}
                           for p in found]))


# -- preview ----------------------------------------------------------------------------------


def one_gate(g: lib.GateView) -> str:
    """``SAQ > 60 (yang tidak lolos dinilai 0,00)``: the gate's rule as the report card
    words it (:attr:`lib.GateView.rule`)."""
    return t_literal("library.gate.rule", rule=g.rule, below=fmt.score(g.below))


def gate_text(stage: lib.StageView) -> str:
    """Each gate of the stage (:func:`one_gate`), in order (``-`` for none)."""
    return t_literal("library.gate.and").join(one_gate(g) for g in stage.gates) or "-"


def preview(m: Methodology) -> None:
    view = lib.preview(m)
    st.subheader(t("library.preview.heading"))
    names = {c.code: c.name for c in view.categories}
    code = st.selectbox(t("library.preview.category"), list(names),
                        format_func=names.__getitem__, key="library_preview_category")
    category = next(c for c in view.categories if c.code == code)
    st.markdown(f"##### {t('library.preview.stages')}")
    table([{t_literal("library.col.code"): s.code, t_literal("library.col.name"): s.name,
            t_literal("library.col.kind"): t_literal(f"admin.method.kind.{s.kind}"),
            t_literal("library.col.weight"): percent(s.weight),
            t_literal("library.col.gate"): gate_text(s)} for s in category.stages])
    st.markdown(f"##### {t('library.preview.indicators')}")
    stage_names = {s.code: s.name for s in category.stages}
    panel = {s.code for s in category.stages if s.kind == "panel"}  # aspects: no questions
    table([{t_literal("library.col.stage"): stage_names.get(i.stage, i.stage),
            t_literal("library.col.code"): i.code, t_literal("library.col.name"): i.name,
            t_literal("library.col.weight"): percent(i.weight),
            t_literal("library.col.questions"): "-" if i.stage in panel
            else fmt.number(i.questions),
            t_literal("library.col.points"): "-" if i.stage in panel else fmt.number(i.points)}
           for i in category.indicators])
    heading = t("library.preview.questions", count=fmt.number(len(category.questions)),
                points=fmt.number(category.points))
    st.markdown(f"##### {heading}")
    table([{t_literal("library.col.code"): q.code,
            t_literal("library.col.indicator"): q.indicator,
            t_literal("library.col.question"): q.text,
            t_literal("library.col.type"): q.type_label,
            t_literal("library.col.points"): fmt.number(q.points),
            t_literal("library.col.evidence"): t_literal(f"admin.method.evidence.{q.evidence}")}
           for q in category.questions])
    st.markdown(f"##### {t('library.preview.bands')}")
    table([{t_literal("library.col.band"): b.label,
            t_literal("library.col.from"): fmt.score(b.lower),
            t_literal("library.col.to"): t_literal("library.band.below", upper=fmt.score(b.upper))
            if b.upper is not None else t_literal("library.band.top")} for b in view.bands])


# -- difference -------------------------------------------------------------------------------


def counts(changes: Sequence[Change]) -> dict[str, str]:
    questions = [c for c in changes if c.section == "questions"]
    return {"count": fmt.number(len(changes)),
            "weights": fmt.number(sum(1 for c in changes if c.is_weight)),
            "added": fmt.number(sum(1 for c in questions if c.kind is ChangeKind.ADDED)),
            "removed": fmt.number(sum(1 for c in questions if c.kind is ChangeKind.REMOVED)),
            "reworded": fmt.number(sum(1 for c in changes if c.is_rewording))}


def difference(db: Workspace, who: Actor, m: Methodology,
               items: Sequence[lib.Available]) -> None:
    st.subheader(t("library.diff.heading"))
    refs = [i.ref for i in items]
    labels = {i.ref: f"{i.title} ({i.ref})" for i in items}
    digest = lib.definition_hash(m)
    same_id = [i.ref for i in items if i.id == m.id and i.definition_sha256 != digest]
    default = same_id[-1] if same_id else lib.suggested_ref(items)
    ref = st.selectbox(t("library.diff.against"), refs, key="library_diff_ref",
                       index=refs.index(default) if default in refs else 0,
                       format_func=labels.__getitem__)
    ok, other = call(lib.load_methodology, db, who, ref)
    if not ok:
        return
    changes = lib.compare(other, m)
    if not changes:
        st.info(t("library.diff.none", ref=ref))
        return
    st.caption(t("library.diff.summary", **counts(changes)))
    table([{t_literal("library.diff.col.change"): line.what,
            t_literal("library.diff.col.old"): line.old,
            t_literal("library.diff.col.new"): line.new}
           for line in lib.change_lines(changes, lib.stage_names(other, m))])


# -- saving and a cycle from it ---------------------------------------------------------------


def save(db: Workspace, who: Actor, name: str, m: Methodology, data: bytes) -> None:
    st.subheader(t("library.save.heading"))
    st.caption(t("library.save.help", id=m.id, version=m.version))
    if st.button(t("library.save.button"), type="primary", key="library_save",
                 icon=":material/library_add:"):
        ok, saved = call(lib.save_methodology, db, who, m, source_name=name, source_data=data)
        if ok:
            st.session_state[SAVED] = saved.entry.ref
            flash(FLASH, "success", t("library.save.done" if saved.created
                                      else "library.save.same", ref=saved.entry.ref))
            st.rerun()


def create_cycle(db: Workspace, who: Actor, ref: str, cycles: Sequence[CycleInfo]) -> None:
    st.subheader(t("library.cycle.heading", ref=ref))
    with st.form("library_cycle"):
        ki, year, title, previous = new_cycle_fields("library_cycle", cycles)
        if st.form_submit_button(t("library.cycle.submit"), type="primary"):
            ok, info = call(lib.create_cycle_from, db, who, ref, ki=ki, year=year,
                            title=title, previous_cycle_id=previous, prepared=True)
            if ok:
                choose_cycle(db, who, info.id)
                flash(FLASH, "success", t("library.cycle.done", title=info.title, ref=ref))
                st.session_state.pop(SAVED, None)
                st.rerun()


# -- the section ------------------------------------------------------------------------------


def show(db: Workspace, who: Actor, cycles: Sequence[CycleInfo]) -> None:
    """The library section of the admin's Metodologi tab."""
    show_flash(FLASH)
    st.subheader(t("library.heading"))
    st.caption(t("library.caption"))
    ok, items = call(lib.list_methodologies, db, who)
    if not ok:
        return
    library_table(items)
    download(db, who, items)

    st.subheader(t("library.upload.heading"))
    file = st.file_uploader(t("library.upload.label"), type=[s.lstrip(".") for s in
                                                            lib.FILE_SUFFIXES],
                            key=UPLOAD, help=t("library.upload.help"))
    if file is not None:
        name, outcome, data = read(file)
        if isinstance(outcome, ServiceError):
            problems(name, outcome)
        else:
            st.success(t("library.read", title=outcome.title, id=outcome.id,
                         version=outcome.version, ki=outcome.ki, year=outcome.year))
            preview(outcome)
            difference(db, who, outcome, items)
            save(db, who, name, outcome, data)
    saved = st.session_state.get(SAVED)
    if saved:
        create_cycle(db, who, saved, cycles)
