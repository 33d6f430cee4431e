"""The import report: one row per file with its outcome — Diterima, Diterima dengan
peringatan, Tidak berubah or Ditolak — then every reason of every refused file and every
warning of the files kept, each with its sheet and cell and how to fix it.

The files and their problems are shown in static tables (``st.table``): long names, notes,
messages and fixes wrap and are read in full (an interactive grid cuts them). Those cells
render Markdown, and the texts quote untrusted files (names, cell values), so every cell
goes through :func:`ui.format.plain`: a file can not inject a link, an image or
formatting, and a link written as text (the example link of a fix, an address in a cell)
stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from monev.errors import ServiceError
from monev.imports import FileImport, ImportStatus, import_batch
from monev.permissions import Actor
from monev.workspace import Workspace
from questionnaires.errors import Problem
from questionnaires.sources import Source
from ui import state
from ui.format import plain
from ui.text import t, t_literal


def where(problem: Problem) -> str:
    """``Lembar!Sel`` of a problem (``Kuesioner!E12``); the path in a file when it has one."""
    location = problem.location
    ref = "!".join(part for part in (location.sheet, location.cell) if part)
    return ref or location.path or "-"


def outcome(file: FileImport) -> str:
    """What happened to a file, as users read it; a stored file with warnings says so."""
    if file.status is ImportStatus.ACCEPTED and file.warnings:
        return t("coord.report.accepted_with_warnings")
    return file.status.label


def file_rows(files: Sequence[FileImport]) -> list[dict[str, Any]]:
    """One row per file, every text escaped for the Markdown cells of ``st.table``."""
    return [{
        t("coord.report.col.file"): plain(f.name),
        t("coord.report.col.body"): plain(f.badan_publik or "-"),
        t("coord.report.col.status"): plain(outcome(f)),
        t("coord.report.col.notes"): plain("; ".join(
            f.notes + [t_literal("coord.report.errors", n=len(f.errors))] * bool(f.errors)
            + [t_literal("coord.report.warnings", n=len(f.warnings))] * bool(f.warnings))),
    } for f in files]


def problem_rows(files: Iterable[FileImport]) -> list[dict[str, Any]]:
    """One row per problem, every text escaped for the Markdown cells of ``st.table``."""
    return [{
        t("coord.report.col.file"): plain(f.name),
        t("coord.report.col.where"): plain(where(p)),
        t("coord.report.col.kind"): t("coord.report.error" if p.is_error
                                      else "coord.report.warning"),
        t("coord.report.col.code"): plain(p.code),
        t("coord.report.col.problem"): plain(p.message),
        t("coord.report.col.fix"): plain(p.fix),
    } for f in files for p in f.problems]


def show(files: Sequence[FileImport]) -> None:
    """The report of one upload: counts per outcome, the files, then every problem."""
    st.subheader(t("coord.report.heading"))
    rejected = [f for f in files if f.status is ImportStatus.REJECTED]
    kept = [f for f in files if f.status is not ImportStatus.REJECTED]
    warned = [f for f in kept if f.warnings]
    counts = {
        ImportStatus.ACCEPTED.label: sum(f.status is ImportStatus.ACCEPTED and not f.warnings
                                         for f in files),
        t("coord.report.accepted_with_warnings"): sum(
            f.status is ImportStatus.ACCEPTED and bool(f.warnings) for f in files),
        ImportStatus.UNCHANGED.label: sum(f.status is ImportStatus.UNCHANGED for f in files),
        ImportStatus.REJECTED.label: len(rejected),
    }
    for column, (label, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(label, count)
    if rejected:
        st.error(t("coord.report.some_rejected", n=len(rejected)))
    if warned:
        st.warning(t("coord.report.some_warned", n=len(warned)))
    if files and not (rejected or warned):
        st.success(t("coord.report.all_ok", n=len(files)))
    st.table(pd.DataFrame(file_rows(files)), hide_index=True)
    if any(f.problems for f in rejected):
        st.markdown(t("coord.report.rejected_heading"))
        st.table(pd.DataFrame(problem_rows(rejected)), hide_index=True)
    if warned:
        st.markdown(t("coord.report.warned_heading"))
        st.table(pd.DataFrame(problem_rows(warned)), hide_index=True)


def run_import(db: Workspace, who: Actor, cycle_id: int,
               uploads: Iterable[tuple[str, bytes]]) -> list[FileImport] | None:
    """Import uploaded files (ZIPs opened first) as one batch with a progress bar; the
    files' reports, or None when the import was refused as a whole (the message is shown)."""
    sources = [Source(name, data) for name, data in uploads]
    if not sources:
        st.warning(t("coord.upload.empty"))
        return []
    bar = st.progress(0.0, text=t("coord.upload.reading"))

    def moved(done: int, total: int) -> None:
        bar.progress(done / total, text=t("coord.upload.progress", done=done, total=total))

    try:
        report = import_batch(db, who, cycle_id, sources, progress=moved)
    except ServiceError as error:
        bar.empty()
        state.show_error(error)
        return None
    if not report.files:
        bar.empty()
        st.warning(t("coord.upload.empty"))
        return []
    bar.progress(1.0, text=t("coord.upload.finished", total=len(report.files)))
    return report.files
