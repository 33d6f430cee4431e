"""The import report: one row per file (accepted, unchanged, rejected) and one row per
problem with its sheet and cell and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from monev.errors import ServiceError
from monev.imports import FileImport, ImportStatus, import_batch
from monev.permissions import Actor
from questionnaires.errors import Problem
from questionnaires.sources import Source
from storage.db import Database
from ui import state
from ui.text import t

# The bar moves at most this many times: files go to the service in as few calls as that
# allows (each call still stores every file in its own transaction).



def where(problem: Problem) -> str:
    """``Lembar!Sel`` of a problem (``Kuesioner!E12``); the path in a file when it has one."""
    location = problem.location
    ref = "!".join(part for part in (location.sheet, location.cell) if part)
    return ref or location.path or "-"


def file_rows(files: Sequence[FileImport]) -> list[dict[str, Any]]:
    return [{
        t("coord.report.col.file"): f.name,
        t("coord.report.col.body"): f.badan_publik or "-",
        t("coord.report.col.status"): f.status.label,
        t("coord.report.col.notes"): "; ".join(
            f.notes + [t("coord.report.errors", n=len(f.errors))] * bool(f.errors)
            + [t("coord.report.warnings", n=len(f.warnings))] * bool(f.warnings)),
    } for f in files]


def problem_rows(files: Sequence[FileImport]) -> list[dict[str, Any]]:
    return [{
        t("coord.report.col.file"): f.name,
        t("coord.report.col.where"): where(p),
        t("coord.report.col.kind"): t("coord.report.error" if p.is_error
                                      else "coord.report.warning"),
        t("coord.report.col.code"): p.code,
        t("coord.report.col.problem"): p.message,
        t("coord.report.col.fix"): p.fix,
    } for f in files for p in f.problems]


def show(files: Sequence[FileImport]) -> None:
    """The report of one upload: counts, the files, then every problem."""
    st.subheader(t("coord.report.heading"))
    accepted = sum(f.status is ImportStatus.ACCEPTED for f in files)
    unchanged = sum(f.status is ImportStatus.UNCHANGED for f in files)
    rejected = sum(f.status is ImportStatus.REJECTED for f in files)
    a, b, c = st.columns(3)
    a.metric(ImportStatus.ACCEPTED.label, accepted)
    b.metric(ImportStatus.UNCHANGED.label, unchanged)
    c.metric(ImportStatus.REJECTED.label, rejected)
    if rejected:
        st.error(t("coord.report.some_rejected", n=rejected))
    elif files:
        st.success(t("coord.report.all_ok", n=len(files)))
    st.dataframe(pd.DataFrame(file_rows(files)), hide_index=True, width="stretch")
    problems = problem_rows(files)
    if problems:
        st.markdown(t("coord.report.problems"))
        st.dataframe(pd.DataFrame(problems), hide_index=True, width="stretch")


def run_import(db: Database, who: Actor, cycle_id: int,
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
