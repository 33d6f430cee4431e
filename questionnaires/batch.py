"""Read a batch of uploads: workbooks, responses tables and ZIPs of them, in one go.

Every file ends up in the :class:`BatchResult` as accepted (with its submissions and any
warnings) or rejected (with every reason). One bad file never stops the others, a file
is never half-read, and any unexpected failure is reported as a damaged file rather
than a traceback. The same badan publik appearing in two files of one batch rejects all
of those files: which one is right is for a person to decide.
"""

from __future__ import annotations

import logging
import pickle
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from questionnaires import isolation, layout
from questionnaires.aliases import normalise
from questionnaires.backends import open_workbook, text_table
from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.loader import Registry
from questionnaires.lru import LRU
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
    # The badan publik a rejected file names, where its Identitas could still be read.
    names: list[str] = field(default_factory=list)

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
        self._state: bytes | None = None

    def read(self, sources: Iterable[Source | Rejected]) -> BatchResult:
        result = BatchResult()
        items = list(sources)
        for item in items:
            if isinstance(item, Rejected):
                result.files.append(FileReport(item.name, FileStatus.REJECTED,
                                               problems=[item.problem]))
        # ZIPs are opened and files vetted one by one while the workers already read the
        # first ones; `order` keeps where each refusal falls among the files read.
        order: list[Rejected | None] = []

        def readable() -> Iterator[tuple[Source, Kind]]:
            for item in expand(s for s in items if isinstance(s, Source)):
                if isinstance(item, Rejected):
                    order.append(item)
                else:
                    order.append(None)
                    yield item

        reports = iter(self.read_files(readable()))
        for item in order:
            if isinstance(item, Rejected):
                result.files.append(FileReport(item.name, FileStatus.REJECTED,
                                               problems=[item.problem]))
            else:
                result.files.append(next(reports))
        _reject_duplicates(result)
        return result

    def read_files(self, files: Iterable[tuple[Source, Kind]]) -> list[FileReport]:
        """One report per file, in order; each parsed in a worker process when isolated,
        so a file that exceeds the memory cap or the time limit is refused (F216, F217)
        and the others go on.

        Small files travel to the workers a few at a time (:func:`_calls`; fewer round
        trips). When such a call fails (a worker over the memory cap or the time limit
        of the call) its files are read again one per call, each with the whole time limit,
        so that only the file that caused it is refused.
        """
        if not self.isolated:
            return [self.read_one(source, kind) for source, kind in files]
        blob = self._worker_state()
        # The registry travels once, as a file each worker reads when it first needs it;
        # a worker that cannot read it answers _NEEDS_READER and is sent the registry.
        key, path = isolation.share(blob)
        calls: list[list[tuple[Source, Kind]]] = []

        def scheduled() -> Iterator[tuple[object, ...]]:
            for call in _calls(files):
                calls.append(call)
                yield key, path, None, call

        outcomes = isolation.run_all(_read_in_worker, scheduled(), timeout=_time_limit)
        again = [i for i, outcome in enumerate(outcomes) if outcome == _NEEDS_READER]
        for i, outcome in zip(again, isolation.run_all(
                _read_in_worker, [(key, path, blob, calls[i]) for i in again],
                timeout=_time_limit), strict=True):
            outcomes[i] = outcome
        # A call of several files that failed: each file alone (only its culprit fails).
        alone = [(i, file) for i, outcome in enumerate(outcomes)
                 if isinstance(outcome, isolation.Failure) and len(calls[i]) > 1
                 and not isolation.is_unusable(outcome) for file in calls[i]]
        if alone:
            retried = iter(self.read_files_alone(key, path, blob, [f for _, f in alone]))
            for i in dict.fromkeys(i for i, _ in alone):
                outcomes[i] = [next(retried) for _ in calls[i]]
        reports: list[FileReport] = []
        for call, outcome in zip(calls, outcomes, strict=True):
            if isinstance(outcome, list):
                reports += outcome
            else:
                reports += [_refusal(source, outcome) for source, _ in call]
        return reports

    def read_files_alone(self, key: str, path: str | None, blob: bytes,
                         files: list[tuple[Source, Kind]]) -> list[FileReport]:
        """Each file in a call of its own, with the registry sent along."""
        outcomes = isolation.run_all(_read_in_worker,
                                     [(key, path, blob, [file]) for file in files])
        return [outcome[0] if isinstance(outcome, list) else _refusal(source, outcome)
                for (source, _), outcome in zip(files, outcomes, strict=True)]

    def _worker_state(self) -> bytes:
        """What a worker needs to build this reader: the pickled registry."""
        if self._state is None:
            self._state = pickle.dumps((self.registry, self.methodology_id),
                                       protocol=pickle.HIGHEST_PROTOCOL)
        return self._state

    def read_one(self, source: Source, kind: Kind) -> FileReport:
        """Parse one file here (in this process); never raises."""
        try:
            submissions, warnings = self._parse(source, kind)
        except ProblemsError as exc:
            return FileReport(source.name, FileStatus.REJECTED, problems=exc.problems,
                              names=list(exc.names))
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


# Small files go to a worker together: up to isolation.FILES_PER_CALL of them and
# CALL_BYTES in one call (a questionnaire is about 25 KB). A call of several files has a
# shorter time limit than one file, far above what it takes (a few tens of milliseconds);
# a call that hits it, or the memory cap, is read again file by file, each with the
# whole limit, so only the file at fault is refused.
SMALL_FILE_BYTES = 64 * 1024
CALL_BYTES = 256 * 1024
CALL_TIME_LIMIT_S = 5.0


def _calls(files: Iterable[tuple[Source, Kind]]) -> Iterator[list[tuple[Source, Kind]]]:
    """`files` in order, in calls: small ones grouped, any other alone."""
    call: list[tuple[Source, Kind]] = []
    size = 0
    for source, kind in files:
        if len(source.data) > SMALL_FILE_BYTES:
            if call:
                yield call
                call, size = [], 0
            yield [(source, kind)]
            continue
        if call and (len(call) >= isolation.FILES_PER_CALL
                     or size + len(source.data) > CALL_BYTES):
            yield call
            call, size = [], 0
        call.append((source, kind))
        size += len(source.data)
    if call:
        yield call


def _time_limit(args: tuple[object, ...]) -> float:
    files = args[-1]
    assert isinstance(files, list)
    return isolation.TIME_LIMIT_S if len(files) == 1 else CALL_TIME_LIMIT_S


def _refusal(source: Source, failure: isolation.Failure) -> FileReport:
    return FileReport(source.name, FileStatus.REJECTED,
                      problems=[problem(failure.code, Location(file=source.name),
                                        **failure.context)])


# Readers built in a worker process, by the hash of their pickled registry (a worker
# serves every batch of its parent process); a worker reads the registry from the file
# the parent shared (isolation.share) when it first needs it, or, when it cannot, answers
# _NEEDS_READER and is sent the registry itself.
_WORKER_READERS: LRU[str, BatchReader] = LRU(8)
_NEEDS_READER = "needs-reader"


def _read_in_worker(key: str, path: str | None, blob: bytes | None,
                    files: list[tuple[Source, Kind]]) -> list[FileReport] | str:
    reader = _WORKER_READERS.get(key)
    if reader is None:
        blob = blob if blob is not None else isolation.shared(key, path)
        if blob is None:
            return _NEEDS_READER
        registry, methodology_id = pickle.loads(blob)  # our own parent wrote it
        reader = BatchReader(registry, methodology_id, isolated=False)
        _WORKER_READERS.put(key, reader)
    return [reader.read_one(source, kind) for source, kind in files]


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
