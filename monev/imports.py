"""Import a batch of uploaded questionnaires into a cycle: one transaction per file.

Files are read against the cycle's *own* frozen methodology, so a workbook for another
methodology (F210) or a template downloaded before the methodology changed (F211) is
refused by the reader. Every accepted file is then stored in its own transaction: it lands
whole (a new :class:`~storage.models.Submission` version per badan publik, with all its
answers, the participation status and an audit event) or not at all, and a failure in one
file never touches the files before or after it.

The reader's warnings about an accepted file (``W4xx``: data dukung that is not a link, a
cell the reader does not read, which sheet was read …) are stored with each submission
they concern (:attr:`storage.models.Submission.warnings`), so the verifikator sees them. A
questionnaire without a single answer is stored with warning ``W406``, but the badan publik
counts as *tidak mengisi SAQ* (``not_submitted``), never as submitted with a score of 0; a
later upload with answers makes it submitted (or late) again.

An upload identical (same SHA-256) to the badan publik's current submission stores nothing
and is reported as unchanged. The :class:`ImportReport` lists every file: accepted,
unchanged or rejected, with the reader's :class:`~questionnaires.errors.Problem` objects
(sheet and cell included) and the storage's own refusals, also as problems (``S5xx``).
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monev.audit import record
from monev.bodies import add_body, find_body, set_participation
from monev.clock import WIB
from monev.cycles import (
    ensure_changeable,
    load_cycle,
    methodology_of,
    questionnaire_stage,
    with_owner_cycle,
)
from monev.errors import PermissionDenied, ServiceError, StageLocked
from monev.history import current_submissions
from monev.permissions import Action, Actor, Role, require
from monev.submission_warnings import answer_rows, cell_rows
from notifications.events import submission_received
from questionnaires.batch import BatchReader, FileReport, FileStatus
from questionnaires.errors import Location, Problem, problem
from questionnaires.loader import Registry, presets
from questionnaires.model import Methodology
from questionnaires.sources import Rejected, Source, expand, read_paths
from questionnaires.submission import Submission as ReadSubmission
from storage.db import Database
from storage.models import Answer, BadanPublik, Cycle, StageState, Submission, utcnow
from storage.queries import value_to_json

log = logging.getLogger(__name__)

# Attempts per file when a concurrent import of the same badan publik took the version
# number (or registered the same body) first: the file is simply stored again on top.
_ATTEMPTS = 3

UNCHANGED_NOTE = "sama dengan unggahan sebelumnya; tidak ada yang berubah"
EMPTY_NOTE = "tidak ada satu jawaban pun: dicatat tidak mengisi SAQ"
EMPTY_CODE = "W406"


class ImportStatus(StrEnum):
    """What became of a file (or of one badan publik of a responses table)."""

    ACCEPTED = "accepted"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {ImportStatus.ACCEPTED: "Diterima", ImportStatus.UNCHANGED: "Tidak berubah",
                 ImportStatus.REJECTED: "Ditolak"}

@dataclass(frozen=True, slots=True)
class StoredSubmission:
    """One badan publik of an imported file, as it now stands in the database."""

    badan_publik: str  # the registered name (an alias in the file is resolved)
    badan_publik_id: int
    submission_id: int
    version: int
    unchanged: bool = False  # identical to the current submission: nothing stored
    late: bool = False
    registered: bool = False  # the body was registered by this import
    empty: bool = False  # no answer at all: participation is "not_submitted"

    @property
    def notes(self) -> list[str]:
        """What a person should know about this body's upload (not errors)."""
        notes = [UNCHANGED_NOTE] if self.unchanged else []
        if self.registered:
            notes.append("badan publik baru didaftarkan")
        if self.empty and not self.unchanged:
            notes.append(EMPTY_NOTE)
        elif self.late and not self.unchanged:
            notes.append("diunggah setelah batas waktu (terlambat)")
        return notes


@dataclass(slots=True)
class FileImport:
    """One input file: stored, unchanged or rejected, with every reason."""

    name: str
    status: ImportStatus
    sha256: str = ""
    submissions: list[StoredSubmission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # information: unchanged, late, new BP
    names_in_file: list[str] = field(default_factory=list)  # BP names as read

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def badan_publik(self) -> str:
        """The registered name(s), or the name(s) read from a rejected file."""
        names = [s.badan_publik for s in self.submissions] or self.names_in_file
        return ", ".join(names)

    @property
    def version(self) -> int | None:
        """The submission version of a single-body file (None when rejected or several)."""
        return self.submissions[0].version if len(self.submissions) == 1 else None


@dataclass(slots=True)
class ImportReport:
    """Every file of one import into a cycle, in the order read."""

    cycle_id: int
    files: list[FileImport] = field(default_factory=list)

    def _with(self, status: ImportStatus) -> list[FileImport]:
        return [f for f in self.files if f.status is status]

    @property
    def accepted(self) -> list[FileImport]:
        return self._with(ImportStatus.ACCEPTED)

    @property
    def unchanged(self) -> list[FileImport]:
        return self._with(ImportStatus.UNCHANGED)

    @property
    def rejected(self) -> list[FileImport]:
        return self._with(ImportStatus.REJECTED)

    @property
    def stored(self) -> list[StoredSubmission]:
        """Submission versions this import created."""
        return [s for f in self.files for s in f.submissions if not s.unchanged]

    @property
    def ok(self) -> bool:
        return not self.rejected


class _Refused(Exception):
    """Rolls the file's transaction back, carrying why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _service_problem(code: str, file: str, **context: object) -> Problem:
    return problem(code, Location(file=file), **context)


def _message_problem(code: str, file: str, message: str) -> Problem:
    """A service error's message as a problem: first sentence the rule, the rest the fix."""
    text = message.strip()
    head, sep, tail = text.partition(". ")
    if not sep:
        head, tail = text.rstrip("."), ""
    return problem(code, Location(file=file), detail=head, fix=tail)


def _error_problem(file: str, exc: ServiceError) -> Problem:
    if isinstance(exc, StageLocked):
        code = "S503"
    elif isinstance(exc, PermissionDenied):
        code = "S504"
    else:
        code = "S505"
    return _message_problem(code, file, exc.message)


def _answer_rows(read: ReadSubmission) -> set[tuple[str, int]]:
    """The (sheet, row) of every answer cell of a submission (``Kuesioner!E14``)."""
    rows: set[tuple[str, int]] = set()
    for answer in read.answers.values():
        rows |= answer_rows(answer.cell)
    return rows


def warnings_for(file_report: FileReport, read: ReadSubmission) -> list[Problem]:
    """The warnings of `file_report` that concern submission `read`.

    A workbook holds one submission: all of them. In a responses table (one row per badan
    publik) a warning on a cell belongs to the submission of that row; a warning about the
    whole file or sheet (no cell, or a cell in no badan publik's row) to every submission.
    A questionnaire without any answer gets ``W406`` when the reader did not give it.
    """
    warnings = file_report.warnings
    if len(file_report.submissions) > 1:
        mine = _answer_rows(read)
        anyone = set().union(*(_answer_rows(s) for s in file_report.submissions))
        kept = []
        for warning in warnings:
            at = cell_rows(warning.location.sheet, warning.location.cell)
            if not at & anyone or at & mine:  # about the file, or about this row
                kept.append(warning)
        warnings = kept
    if read.is_empty and not any(w.code == EMPTY_CODE for w in warnings):
        warnings = [*warnings, problem(EMPTY_CODE, Location(
            file=read.source or file_report.name))]
    return warnings


def stored_warning(warning: Problem) -> dict[str, Any]:
    """A reader's warning as kept in :attr:`storage.models.Submission.warnings`."""
    stored: dict[str, Any] = {
        "code": warning.code,
        "location": {"sheet": warning.location.sheet, "cell": warning.location.cell},
        "message": warning.message,
        "fix": warning.fix,
    }
    question = warning.context.get("question")
    if question:
        stored["question"] = question
    return stored


def _reader_registry(frozen: Methodology, registry: Registry | None) -> Registry:
    """The cycle's frozen methodology, plus others so the reader can name them (F210)."""
    others = [m for m in (registry if registry is not None else presets())
              if m.id != frozen.id]
    return Registry([frozen, *others])


def _read(reader: BatchReader, sources: Iterable[Source | Rejected],
          ) -> list[tuple[FileReport, bytes]]:
    """Every file (ZIPs opened) read by `reader`, in input order, with its bytes."""
    items: list[Source | Rejected] = []
    for item in sources:
        if isinstance(item, Rejected):
            items.append(item)
        else:
            items += [x if isinstance(x, Rejected) else x[0] for x in expand([item])]
    readable = [x for x in items if isinstance(x, Source)]
    # Each expanded Source is one non-ZIP file: the reader reports it as exactly one file,
    # in order, after the Rejected items given to it (none here).
    reports = reader.read(readable).files
    assert [r.name for r in reports] == [s.name for s in readable]
    by_source = iter(zip(reports, readable, strict=True))
    out: list[tuple[FileReport, bytes]] = []
    for item in items:
        if isinstance(item, Rejected):
            out.append((FileReport(item.name, FileStatus.REJECTED, problems=[item.problem]),
                        b""))
        else:
            report, source = next(by_source)
            out.append((report, source.data))
    return out


def _name_owner_cycles(db: Database, actor: Actor, cycle: Cycle,
                       read: list[tuple[FileReport, bytes]]) -> None:
    """A workbook of another methodology (F210): say which cycle it belongs to."""
    if not any(p.code == "F210" for report, _ in read for p in report.problems):
        return
    with db.read() as session:
        require(session, actor, Action.IMPORT)
        for report, _ in read:
            report.problems = [with_owner_cycle(session, cycle, p) for p in report.problems]


def _reject_alias_duplicates(db: Database, cycle: Cycle,
                             read: list[tuple[FileReport, bytes]]) -> None:
    """Two files naming one registered body (by name and alias) in one batch: reject both,
    as the reader does for two files with the same name (D307)."""
    with db.read() as session:
        hits: dict[int, list[tuple[FileReport, str]]] = defaultdict(list)
        for report, _ in read:
            if report.status is not FileStatus.ACCEPTED:
                continue
            for submission in report.submissions:
                body = find_body(session, cycle.ki, submission.badan_publik)
                if body is not None:
                    hits[body.id].append((report, submission.badan_publik))
    for found in hits.values():
        if len({id(r) for r, _ in found}) < 2:
            continue
        others = ", ".join(sorted(r.name for r, _ in found))
        for report in {id(r): r for r, _ in found}.values():
            report.status = FileStatus.REJECTED
            report.problems.append(problem("D307", Location(file=report.name),
                                           value=found[0][1], others=others))


def import_batch(db: Database, actor: Actor, cycle_id: int,
                 sources: Iterable[Source | Rejected], *,
                 registry: Registry | None = None,
                 progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Read uploaded files and store each accepted one in its own transaction.

    `registry` holds other methodologies the reader may recognise, only to name them when
    refusing a workbook made for one of them (default: the presets); files are always
    read against the cycle's frozen methodology. `progress(done, total)` is called after
    each file (for a progress bar). Raises :class:`PermissionDenied` when the actor may
    not import at all; every other refusal is per file in the report.
    """
    with db.read() as session:
        actor = require(session, actor, Action.IMPORT)
        cycle = load_cycle(session, cycle_id)
    methodology = methodology_of(cycle)
    reader = BatchReader(_reader_registry(methodology, registry), methodology.id)
    read = _read(reader, sources)
    _name_owner_cycles(db, actor, cycle, read)
    _reject_alias_duplicates(db, cycle, read)
    report = ImportReport(cycle_id)
    waiting: list[tuple[FileReport, bytes]] = []

    def done(file: FileImport) -> None:
        report.files.append(file)
        if progress is not None:
            progress(len(report.files), len(read))

    def store_waiting() -> None:
        for file in _store_files(db, actor, cycle_id, waiting):
            done(file)
        waiting.clear()

    for file_report, data in read:
        if file_report.status is not FileStatus.REJECTED:
            waiting.append((file_report, data))
            if len(waiting) == FILES_PER_TRANSACTION:
                store_waiting()
            continue
        store_waiting()  # the report keeps the input order
        done(FileImport(file_report.name, ImportStatus.REJECTED,
                        hashlib.sha256(data).hexdigest() if data else "",
                        problems=list(file_report.problems),
                        names_in_file=[s.badan_publik for s in file_report.submissions]
                        or list(file_report.names)))
    store_waiting()
    return report


def import_paths(db: Database, actor: Actor, cycle_id: int, paths: Iterable[Path | str], *,
                 registry: Registry | None = None) -> ImportReport:
    """:func:`import_batch` of files, folders and ZIPs on disk."""
    return import_batch(db, actor, cycle_id, read_paths(Path(p) for p in paths),
                        registry=registry)


# Accepted files are stored a few at a time in one transaction, each inside its own
# savepoint: a file refused or failing rolls back to its savepoint only, and the stored
# results of the files' badan publik are written once per transaction (see
# monev.outcomes.projection). Should the transaction itself fail, its files are stored
# again one by one, each in its own transaction.
FILES_PER_TRANSACTION = 25


def _store_files(db: Database, actor: Actor, cycle_id: int,
                 files: list[tuple[FileReport, bytes]]) -> list[FileImport]:
    """Store `files` in one transaction (a savepoint each); see FILES_PER_TRANSACTION."""
    if not files:
        return []
    try:
        with db.transaction() as session:
            _checked(session, actor, cycle_id)  # once for the transaction, not per savepoint
            return [_store_file(_savepoint(session), actor, cycle_id, report, data)
                    for report, data in files]
    except ServiceError:  # no right, a locked stage…: each file says so on its own below
        pass
    except Exception:  # e.g. the commit: each file again on its own, each refused alone
        log.warning("storing %d files together failed; storing them one by one", len(files),
                    exc_info=True)
    return [_store_file(db.transaction, actor, cycle_id, report, data)
            for report, data in files]


def _savepoint(session: Session) -> Callable[[], AbstractContextManager[Session]]:
    @contextmanager
    def begin() -> Iterator[Session]:
        with session.begin_nested():
            yield session

    return begin


def _store_file(begin: Callable[[], AbstractContextManager[Session]], actor: Actor,
                cycle_id: int, file_report: FileReport, data: bytes) -> FileImport:
    """Store one read file inside `begin()` (its own transaction, or a savepoint)."""
    sha = hashlib.sha256(data).hexdigest()
    result = FileImport(file_report.name, ImportStatus.REJECTED, sha,
                        problems=list(file_report.problems),
                        names_in_file=[s.badan_publik for s in file_report.submissions])
    for attempt in range(_ATTEMPTS):
        try:
            with begin() as session:
                stored = _store(session, actor, cycle_id, file_report, sha)
            break
        except _Refused as exc:
            result.problems = exc.problems + result.problems
            return result
        except ServiceError as exc:
            result.problems.insert(0, _error_problem(file_report.name, exc))
            return result
        except IntegrityError:
            if attempt + 1 < _ATTEMPTS:  # a concurrent import took the version: again
                continue
            log.exception("import of %s kept conflicting", file_report.name)
            result.problems.insert(0, _message_problem(
                "S509", file_report.name, "Berkas bersamaan diunggah oleh orang lain dan tidak "
                "dapat disimpan. Tidak ada yang tersimpan dari berkas ini; unggah lagi."))
            return result
        except Exception as exc:  # never a traceback for one file; the others go on
            log.exception("unexpected failure storing %s", file_report.name)
            result.problems.insert(0, _message_problem(
                "S509", file_report.name, f"Galat tak terduga saat menyimpan berkas "
                f"({type(exc).__name__}). Tidak ada yang tersimpan dari berkas ini; "
                f"unggah lagi atau hubungi admin bila berulang."))
            return result
    result.submissions = stored
    if all(s.unchanged for s in stored):
        result.status = ImportStatus.UNCHANGED
        result.notes.append(UNCHANGED_NOTE)
        return result
    result.status = ImportStatus.ACCEPTED
    # The W406 the reader did not give (one per empty questionnaire) into the report.
    for read in file_report.submissions:
        result.problems += [w for w in warnings_for(file_report, read)
                            if w.code == EMPTY_CODE and w not in result.problems]
    for s in stored:
        prefix = f"{s.badan_publik}: " if len(stored) > 1 else ""
        result.notes += [prefix + note for note in s.notes]
    return result


# Deadlines are calendar dates as a KI announces them, read in Western Indonesia Time
# (WIB), whatever zone the server runs in.
DEADLINE_ZONE = WIB


_CHECKED = "monev.imports.checked"  # Session.info: (cycle id, actor id) → _checked's answer


def _checked(session: Session, actor: Actor, cycle_id: int) -> tuple[Actor, Cycle, Any]:
    """(actor, cycle, SAQ deadline or None) once the account has been read again with its
    right to import and the cycle and its SAQ stage found open for changes; raises
    :class:`ServiceError` otherwise.

    Checked once per transaction: :func:`ensure_changeable` holds the cycle and stage rows
    ``FOR SHARE`` until it ends, so nothing checked can change meanwhile. A batch checks
    before its first savepoint (row locks taken inside a savepoint that is rolled back — a
    refused file — would be let go)."""
    checked: dict[tuple[int, int | None], tuple[Actor, Cycle, Any]] = \
        session.info.setdefault(_CHECKED, {})
    found = checked.get((cycle_id, actor.id))
    if found is None:
        actor = require(session, actor, Action.IMPORT)
        cycle = load_cycle(session, cycle_id)
        stage = questionnaire_stage(cycle)
        ensure_changeable(session, cycle, stage)
        deadline = session.scalar(select(StageState.deadline).where(
            StageState.cycle_id == cycle.id, StageState.stage_code == stage))
        found = checked[(cycle_id, actor.id)] = (actor, cycle, deadline)
    return found


def _store(session: Session, actor: Actor, cycle_id: int, file_report: FileReport,
           sha: str) -> list[StoredSubmission]:
    """Everything of one file, inside its transaction; raises to roll it all back.

    The account is read again here: reading a batch takes a while, and an account
    disabled (or a scope changed) meanwhile stores nothing more.
    """
    actor, cycle, deadline = _checked(session, actor, cycle_id)
    uploaded_at = utcnow()
    late = deadline is not None and uploaded_at.astimezone(DEADLINE_ZONE).date() > deadline
    stored: list[StoredSubmission] = []
    for read in file_report.submissions:
        body, registered = _body(session, actor, cycle, file_report.name, read)
        require(session, actor, Action.IMPORT, bodies=[body.id])
        current = current_submissions(session, cycle.id, [body.id]).get(body.id)
        if current is not None and current.sha256 == sha:
            stored.append(StoredSubmission(body.name, body.id, current.id, current.version,
                                           unchanged=True, late=current.late))
            continue
        version = current.version + 1 if current is not None else 1
        warnings = warnings_for(file_report, read)
        row = Submission(cycle_id=cycle.id, badan_publik_id=body.id, version=version,
                         file_name=file_report.name, sha256=sha,
                         identity=read.identity.model_dump(mode="json"), late=late,
                         uploaded_by_id=actor.id, uploaded_at=uploaded_at,
                         warnings=[stored_warning(w) for w in warnings])
        session.add(row)
        session.flush()
        if read.answers:  # one executemany (ORM objects per answer cost more than the rest)
            session.execute(insert(Answer), [
                {"submission_id": row.id, "question_code": code,
                 "value": value_to_json(answer.value), "evidence": answer.evidence,
                 "note": answer.note, "cell": answer.cell}
                for code, answer in read.answers.items()])
        # A questionnaire without one answer is kept (the file, its warnings), but the body
        # did not fill the SAQ: it is never ranked with 0.
        empty = read.is_empty
        status = "not_submitted" if empty else "late" if late else "submitted"
        set_participation(session, actor, cycle, body, status,
                          reason=f"unggahan {file_report.name} versi {version}"
                          + (" tanpa satu jawaban pun" if empty else ""))
        record(session, actor, "import", cycle_id=cycle.id, entity="submission",
               entity_id=row.id, old=current.version if current is not None else None,
               new={"badan_publik_id": body.id, "version": version,
                    "file": file_report.name, "sha256": sha, "late": late,
                    "answers": len(read.answers), "empty": empty,
                    "warnings": [w.code for w in warnings]})
        session.flush()
        submission_received(session, cycle, body, row, empty=empty,
                            answers=len(read.answers), uploaded_by=actor.name,
                            uploader_id=actor.id)
        stored.append(StoredSubmission(body.name, body.id, row.id, version, late=late,
                                       registered=registered, empty=empty))
    return stored


def _body(session: Session, actor: Actor, cycle: Cycle, file: str,
          read: ReadSubmission) -> tuple[BadanPublik, bool]:
    """The registered body a submission is for (registered now when an admin imports)."""
    body = find_body(session, cycle.ki, read.badan_publik)
    if body is None:
        if actor.role is Role.COORDINATOR:
            sheet, cell = read.name_location
            raise _Refused([problem("S501", Location(file=file, sheet=sheet, cell=cell),
                                    name=read.badan_publik, ki=cycle.ki)])
        require(session, actor, Action.REGISTER_BODY)
        contact = read.identity.contact
        body = add_body(session, actor, cycle, name=read.badan_publik,
                        category=read.category, ppid_name=read.identity.ppid_name,
                        ppid_contact=contact)
        return body, True
    if body.category != read.category:
        methodology = methodology_of(cycle)

        def label(code: str) -> str:
            category = methodology.category(code)
            return f"{code} ({category.name})" if category else code

        raise _Refused([_service_problem("S502", file, name=body.name,
                                         registered=label(body.category),
                                         category=label(read.category))])
    return body, False
