"""Parse untrusted files in a warm pool of worker processes, each with a memory cap and a
time limit, so that one hostile or broken file never takes the app or the CLI down.

A file that makes its worker exceed the memory cap (the Rust reader aborts when an
allocation fails; Python raises MemoryError) or run past the time limit ends as a
:class:`Failure` with a catalogued code (F216, F217); the pool replaces the worker and the
other files of the batch go on. Workers are started once per process (``forkserver``: forked
from a clean server that has the readers imported, so a replacement costs milliseconds, and
never forked from a multi-threaded server such as Streamlit) and reused, each for at most
:data:`TASKS_PER_WORKER` files. Calls are handed to the pool as the caller produces them;
:mod:`questionnaires.batch` sends small files a few per call (fewer round trips) under a
shorter time limit, and reads the files of a failed call again one per call, each with the
whole limit, so the refusals are those of one file per call. Data every worker needs once
(a reader's registry) travels as a private file checked by its hash (:func:`share`).

Settings (environment): ``MONEV_PARSE_MEMORY_MB`` (address space of one worker, default
1536), ``MONEV_PARSE_TIMEOUT_S`` (seconds per file, default 30), ``MONEV_PARSE_WORKERS``
(default: the CPUs, at most 4), ``MONEV_PARSE_ISOLATION=0`` parses in the calling process
(for debugging only). A worker's own error output goes to ``MONEV_LOG_FILE`` (or nowhere;
to stderr with ``MONEV_DEBUG=1``).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import multiprocessing
import multiprocessing.util
import os
import resource
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

log = logging.getLogger(__name__)

T = TypeVar("T")


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


MEMORY_LIMIT_MB = int(_env_number("MONEV_PARSE_MEMORY_MB", 1536))
TIME_LIMIT_S = _env_number("MONEV_PARSE_TIMEOUT_S", 30)
WORKERS = int(_env_number("MONEV_PARSE_WORKERS", min(4, os.cpu_count() or 1)))
TASKS_PER_WORKER = 500  # files; a call may read up to FILES_PER_CALL of them
FILES_PER_CALL = 8  # small files a batch hands a worker in one call (questionnaires.batch)
# Why the files left of a batch are refused when the pool itself cannot run them.
UNUSABLE_DETAIL = "proses pembaca tidak dapat dijalankan"
# Modules a worker needs, imported once in the fork server (the reader stack).
PRELOAD = ["questionnaires.batch", "questionnaires.external"]


def enabled() -> bool:
    """Whether files are parsed in worker processes (the default)."""
    return os.environ.get("MONEV_PARSE_ISOLATION", "1").strip().lower() not in (
        "0", "off", "false", "no")


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a worker could not finish a file: a catalog code and its context."""

    code: str  # F216 memory or crash, F217 time limit
    context: dict[str, str] = field(default_factory=dict)


def _error_output() -> str | None:
    """Where a worker's own error output goes: None keeps stderr (``MONEV_DEBUG=1``)."""
    if os.environ.get("MONEV_DEBUG", "").strip() not in ("", "0"):
        return None
    return os.environ.get("MONEV_LOG_FILE", "").strip() or os.devnull


def _limit_worker(memory_bytes: int, error_output: str | None) -> None:
    """Worker initializer: cap the address space; no core dumps of hostile files; what the
    reader prints when it fails (Rust's "memory allocation of … bytes failed", a backtrace)
    goes to ``MONEV_LOG_FILE`` when set, else nowhere (``MONEV_DEBUG=1``: to stderr) — the
    user gets the catalogued refusal instead."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.environ["RUST_BACKTRACE"] = "0"
    if error_output is not None:
        try:
            fd = os.open(error_output, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        except OSError:
            fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 2)
        os.close(fd)


_pool: ProcessPool | None = None
_lock = threading.Lock()


def _get_pool() -> ProcessPool:
    global _pool
    with _lock:
        if _pool is None or not _pool.active:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _pool = ProcessPool(max_workers=max(1, WORKERS),
                                max_tasks=max(1, TASKS_PER_WORKER // FILES_PER_CALL),
                                initializer=_limit_worker,
                                initargs=(MEMORY_LIMIT_MB * 1024 * 1024, _error_output()),
                                context=context)
        return _pool


def _ready() -> int:
    return os.getpid()


def peak_memory_mb() -> tuple[int, float]:
    """The calling process and its peak memory (max RSS, MB): run in the workers, what the
    benchmark adds to its own peak."""
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warm_up() -> None:
    """Start the workers now (the benchmark does, so that start-up is not timed; otherwise
    the first parse starts them)."""
    if enabled():
        run_all(_ready, [()] * max(1, WORKERS))


def shutdown(*, wait: bool = True) -> None:
    """Stop the workers (at exit; tests may call it to start afresh); the next parse starts
    a new pool. `wait`: until they have exited (at most 10 s)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.stop()
        if wait:
            pool.join(timeout=10)


# At exit, before multiprocessing joins the children of a process (which would wait for the
# workers forever): also in a process that is itself a multiprocessing child, where atexit
# handlers never run.
multiprocessing.util.Finalize(None, shutdown, exitpriority=100)


def _failure(exc: BaseException) -> Failure:
    limit = f"{MEMORY_LIMIT_MB} MB"
    if isinstance(exc, TimeoutError):  # concurrent.futures.TimeoutError since Python 3.11
        return Failure("F217", {"seconds": f"{TIME_LIMIT_S:g}"})
    if isinstance(exc, ProcessExpired):
        return Failure("F216", {"limit": limit, "detail": "proses pembaca berhenti mendadak"})
    if isinstance(exc, MemoryError):
        return Failure("F216", {"limit": limit, "detail": "memori habis"})
    return Failure("F216", {"limit": limit, "detail": type(exc).__name__})


def run_all(function: Callable[..., T], calls: Iterable[tuple[Any, ...]], *,
            timeout: Callable[[tuple[Any, ...]], float] | None = None,
            ) -> list[T | Failure]:
    """``function(*args)`` for each of `calls`, in worker processes, in order.

    `function` must be a module-level function whose arguments and result pickle. Each call
    ends as its result or a :class:`Failure` (memory cap, time limit, a crashed worker);
    nothing raises. Calls are handed to the workers as `calls` yields them, so a generator
    that prepares them one by one keeps the workers busy meanwhile. `timeout(args)`: the
    time limit of one call, at most :data:`TIME_LIMIT_S` (the default). With isolation off,
    calls run here (a Python MemoryError still becomes a Failure).
    """
    if not enabled():
        return [_call_here(function, args) for args in calls]
    pending = iter(calls)
    first = next(pending, None)
    if first is None:
        return []
    pending = itertools.chain([first], pending)
    taken: list[tuple[Any, ...]] = []
    futures = []
    try:
        pool = _get_pool()
        for args in pending:
            taken.append(args)
            limit = TIME_LIMIT_S if timeout is None else min(TIME_LIMIT_S, timeout(args))
            futures.append(pool.schedule(function, args=args, timeout=limit))
    except (OSError, RuntimeError) as exc:  # no processes on this host: parse here
        log.warning("worker pool unavailable (%s); parsing in process", exc)
        for future in futures:
            future.cancel()
        return [_call_here(function, args) for args in (*taken, *pending)]
    out: list[T | Failure] = []
    unusable: Failure | None = None
    for future in futures:
        if unusable is not None:
            future.cancel()
            out.append(unusable)
            continue
        try:
            # Calls are awaited in order, so this one has waited at most for the calls
            # running beside it: longer means the pool itself stalled. (A call over its
            # time limit ends its future with a TimeoutError too, but the future is done.)
            out.append(future.result(timeout=2 * TIME_LIMIT_S + 60))
        except (BrokenProcessPool, CancelledError, TimeoutError) as exc:
            if isinstance(exc, TimeoutError) and future.done():
                out.append(_failure(exc))
                continue
            # No worker could start (a memory cap too low for the reader itself?), or the
            # pool stalled or was stopped: the files left are refused, never parsed without
            # the cap; the next batch starts a new pool.
            log.error("worker pool unusable (%r); files refused", exc)
            shutdown(wait=False)
            unusable = Failure("F216", {"limit": f"{MEMORY_LIMIT_MB} MB",
                                        "detail": UNUSABLE_DETAIL})
            out.append(unusable)
        except Exception as exc:  # every way a worker can fail on a file ends as a Failure
            if not isinstance(exc, TimeoutError | ProcessExpired | MemoryError):
                log.error("worker failed: %r", exc)
            out.append(_failure(exc))
    return out


def is_unusable(failure: Failure) -> bool:
    """Whether `failure` says the pool could not run the call at all (not the call's own
    fault: trying again in the same batch would not help)."""
    return failure.context.get("detail") == UNUSABLE_DETAIL


# -- data every worker needs once (a reader's registry) -------------------------------------

_shared_dir: str | None = None
_shared: dict[str, str] = {}


def share(blob: bytes) -> tuple[str, str | None]:
    """`blob`'s SHA-256 and a file holding it that workers can read (:func:`shared`), so
    that data every worker needs once travels once, not with every call. The file is
    written once per process in a private directory (removed at exit); None when it cannot
    be written (the caller then sends the blob itself)."""
    global _shared_dir
    key = hashlib.sha256(blob).hexdigest()
    with _lock:
        path = _shared.get(key)
        if path is None:
            try:
                if _shared_dir is None:
                    _shared_dir = tempfile.mkdtemp(prefix="monev-workers-")  # mode 0700
                    multiprocessing.util.Finalize(None, _remove_shared, exitpriority=50)
                path = os.path.join(_shared_dir, key)
                with open(path, "wb") as file:
                    file.write(blob)
            except OSError as exc:
                log.warning("cannot share worker data (%s); sent with each call", exc)
                return key, None
            _shared[key] = path
    return key, path


def shared(key: str, path: str | None) -> bytes | None:
    """In a worker: what :func:`share` wrote under `key`, or None when the file is gone or
    does not hold it (its hash is checked before anyone reads it)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            blob = file.read()
    except OSError:
        return None
    return blob if hashlib.sha256(blob).hexdigest() == key else None


def _remove_shared() -> None:
    global _shared_dir
    with _lock:
        folder, _shared_dir = _shared_dir, None
        _shared.clear()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _call_here(function: Callable[..., T], args: tuple[Any, ...]) -> T | Failure:
    try:
        return function(*args)
    except MemoryError as exc:
        return _failure(exc)


def run(function: Callable[..., T], *args: Any) -> T | Failure:
    """One call of :func:`run_all`."""
    return run_all(function, [args])[0]
