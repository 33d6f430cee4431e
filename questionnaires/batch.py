"""Read a batch of uploads: workbooks, responses tables and ZIPs of them, in one go.

Every file ends up in the :class:`BatchResult` as accepted (with its submissions and any
warnings) or rejected (with every reason). One bad file never stops the others, a file
is never half-read, and any unexpected failure is reported as a damaged file rather
than a traceback. The same badan publik appearing in two files of one batch rejects all
of those files: which one is right is for a person to decide.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from questionnaires import isolation, layout
from questionnaires.aliases import normalise
from questionnaires.backends import open_workbook, text_table
from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.loader import Registry
from questionnaires.responses import ResponsesReader
from questionnaires.sources import Kind, Rejected, Source, expand, read_paths
from questionnaires.submission import Submission
from questionnaires.workbook import WorkbookReader, find_sheet

log = logging.getLogger(__name__)


class FileStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


STATUS_LABEL = {FileStatus.ACCEPTED: "Diterima", FileStatus.REJECTED: "Ditolak"}


@dataclass(slots=True)
class FileReport:
    """One input file: accepted with its submissions, or rejected with its reasons."""

    name: str
    status: FileStatus
    submissions: list[Submission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass(slots=True)
class BatchResult:
    files: list[FileReport] = field(default_factory=list)

    @property
    def submissions(self) -> list[Submission]:
        return [s for f in self.files if f.status is FileStatus.ACCEPTED for s in f.submissions]

    @property
    def accepted(self) -> list[FileReport]:
        return [f for f in self.files if f.status is FileStatus.ACCEPTED]

    @property
    def rejected(self) -> list[FileReport]:
        return [f for f in self.files if f.status is FileStatus.REJECTED]


class BatchReader:
    """Reads sources against a registry, optionally requiring one methodology."""

    def __init__(self, registry: Registry, methodology_id: str | None = None, *,
                 isolated: bool = True) -> None:
        self.registry = registry
        self.methodology_id = methodology_id
        self.isolated = isolated  # parse in worker processes (questionnaires.isolation)
        self.workbooks = WorkbookReader(registry, methodology_id)
        self.tables = ResponsesReader(registry, methodology_id)
        self._state: tuple[str, bytes] | None = None

    def read(self, sources: Iterable[Source | Rejected]) -> BatchResult:
        result = BatchResult()
        items = list(sources)
        for item in items:
            if isinstance(item, Rejected):
                result.files.append(FileReport(item.name, FileStatus.REJECTED,
                                               problems=[item.problem]))
        expanded = list(expand(s for s in items if isinstance(s, Source)))
        reports = iter(self.read_files([x for x in expanded if not isinstance(x, Rejected)]))
        for item in expanded:
            if isinstance(item, Rejected):
                result.files.append(FileReport(item.name, FileStatus.REJECTED,
                                               problems=[item.problem]))
            else:
                result.files.append(next(reports))
        _reject_duplicates(result)
        return result

    def read_files(self, files: list[tuple[Source, Kind]]) -> list[FileReport]:
        """One report per file, in order; each parsed in a worker process when isolated,
        so a file that exceeds the memory cap or the time limit is refused (F216, F217)
        and the others go on."""
        if not self.isolated or not files:
            return [self.read_one(source, kind) for source, kind in files]
        key, blob = self._worker_state()
        # The registry travels only to workers that have not seen it yet: each file goes
        # out with its hash, and a worker without the reader asks for it (_NEEDS_READER).
        outcomes = isolation.run_all(_read_in_worker,
                                     [(key, None, source, kind) for source, kind in files])
        again = [i for i, outcome in enumerate(outcomes) if outcome == _NEEDS_READER]
        for i, outcome in zip(again, isolation.run_all(
                _read_in_worker, [(key, blob, *files[i]) for i in again]), strict=True):
            outcomes[i] = outcome
        return [outcome if isinstance(outcome, FileReport) else FileReport(
                    source.name, FileStatus.REJECTED,
                    problems=[problem(outcome.code, Location(file=source.name),
                                      **outcome.context)])
                for (source, _), outcome in zip(files, outcomes, strict=True)]

    def _worker_state(self) -> tuple[str, bytes]:
        """What a worker needs to build this reader: the pickled registry and its hash."""
        if self._state is None:
            blob = pickle.dumps((self.registry, self.methodology_id),
                                protocol=pickle.HIGHEST_PROTOCOL)
            self._state = (hashlib.sha256(blob).hexdigest(), blob)
        return self._state

    def read_one(self, source: Source, kind: Kind) -> FileReport:
        """Parse one file here (in this process); never raises."""
        try:
            submissions, warnings = self._parse(source, kind)
        except ProblemsError as exc:
            return FileReport(source.name, FileStatus.REJECTED, problems=exc.problems)
        except MemoryError:
            return FileReport(source.name, FileStatus.REJECTED, problems=[
                problem("F216", Location(file=source.name),
                        limit=f"{isolation.MEMORY_LIMIT_MB} MB", detail="memori habis")])
        except Exception as exc:  # never a traceback for a user's file
            log.exception("unexpected failure reading %s", source.name)
            return FileReport(source.name, FileStatus.REJECTED, problems=[
                problem("F204", Location(file=source.name), detail=type(exc).__name__)])
        except BaseException as exc:
            # The Rust reader panicked on a damaged file (e.g. an .xls whose sector table
            # points past its end): pyo3 raises PanicException, a BaseException, which would
            # otherwise escape here (and cannot be pickled back from a worker).
            if type(exc).__name__ != "PanicException":
                raise
            log.error("reader panicked on %s: %s", source.name, exc)
            return FileReport(source.name, FileStatus.REJECTED, problems=[
                problem("F204", Location(file=source.name), detail="struktur berkas rusak")])
        return FileReport(source.name, FileStatus.ACCEPTED, submissions, warnings)

    def _parse(self, source: Source, kind: Kind) -> tuple[list[Submission], list[Problem]]:
        if kind is Kind.CSV:
            rows, decoding = text_table(source)
            return self.tables.parse(source.name, "", rows, ragged=True, decoding=decoding)
        workbook = open_workbook(source)
        names = list(workbook.sheet_names)
        if find_sheet(names, layout.SHEET_QUESTIONS) is None:
            visible = workbook.visible_sheet_names or names
            table = self.tables.parse_sheets(
                source.name, [(name, workbook.rows(name)) for name in visible],
                {name: workbook.formulas(name) for name in visible})
            if table is not None:  # the sheet chosen by content (W403 when there was a choice)
                return table
        submission, warnings = self.workbooks.read_opened(source, workbook)
        return [submission], warnings


# Readers built in a worker process, by the hash of their pickled registry (a worker
# serves every batch of its parent process); a worker without the reader a file needs
# answers _NEEDS_READER and is sent the registry.
_WORKER_READERS: dict[str, BatchReader] = {}
_NEEDS_READER = "needs-reader"


def _read_in_worker(key: str, blob: bytes | None, source: Source,
                    kind: Kind) -> FileReport | str:
    reader = _WORKER_READERS.get(key)
    if reader is None:
        if blob is None:
            return _NEEDS_READER
        registry, methodology_id = pickle.loads(blob)  # our own parent sent it
        if len(_WORKER_READERS) >= 8:
            _WORKER_READERS.clear()
        reader = _WORKER_READERS[key] = BatchReader(registry, methodology_id, isolated=False)
    return reader.read_one(source, kind)


def _reject_duplicates(result: BatchResult) -> None:
    hits: dict[tuple[str, str], list[tuple[FileReport, Submission]]] = defaultdict(list)
    for report in result.accepted:
        for submission in report.submissions:
            key = (submission.methodology_id, normalise(submission.badan_publik))
            hits[key].append((report, submission))
    for found in hits.values():
        if len(found) < 2:
            continue
        others = ", ".join(sorted(s.source or r.name for r, s in found))
        for report, submission in {id(r): (r, s) for r, s in found}.values():
            report.status = FileStatus.REJECTED
            sheet, cell = submission.name_location
            report.problems.append(problem("D307", Location(file=report.name, sheet=sheet,
                                                            cell=cell),
                                           value=found[0][1].badan_publik, others=others))


def read_batch(paths: Iterable[Path], registry: Registry,
               methodology_id: str | None = None) -> BatchResult:
    """Read files, folders and ZIPs from disk into one batch result."""
    return BatchReader(registry, methodology_id).read(list(read_paths(paths)))
