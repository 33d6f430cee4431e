"""Parse untrusted files in a warm pool of worker processes, each with a memory cap and a
time limit, so that one hostile or broken file never takes the app or the CLI down.

A file that makes its worker exceed the memory cap (the Rust reader aborts when an
allocation fails; Python raises MemoryError) or run past the time limit ends as a
:class:`Failure` with a catalogued code (F216, F217); the pool replaces the worker and the
other files of the batch go on. Workers are started once per process (``forkserver``: forked
from a clean server that has the readers imported, so a replacement costs milliseconds, and
never forked from a multi-threaded server such as Streamlit) and reused, each for at most
:data:`TASKS_PER_WORKER` files.

Settings (environment): ``MONEV_PARSE_MEMORY_MB`` (address space of one worker, default
1536), ``MONEV_PARSE_TIMEOUT_S`` (seconds per file, default 30), ``MONEV_PARSE_WORKERS``
(default: the CPUs, at most 4), ``MONEV_PARSE_ISOLATION=0`` parses in the calling process
(for debugging only). A worker's own error output goes to ``MONEV_LOG_FILE`` (or nowhere;
to stderr with ``MONEV_DEBUG=1``).
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.util
import os
import resource
import threading
from collections.abc import Callable, Sequence
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
TASKS_PER_WORKER = 500
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
            _pool = ProcessPool(max_workers=max(1, WORKERS), max_tasks=TASKS_PER_WORKER,
                                initializer=_limit_worker,
                                initargs=(MEMORY_LIMIT_MB * 1024 * 1024, _error_output()),
                                context=context)
        return _pool


def _ready() -> int:
    return os.getpid()


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


def run_all(function: Callable[..., T], calls: Sequence[tuple[Any, ...]],
            ) -> list[T | Failure]:
    """``function(*args)`` for each of `calls`, in worker processes, in order.

    `function` must be a module-level function whose arguments and result pickle. Each call
    ends as its result or a :class:`Failure` (memory cap, time limit, a crashed worker);
    nothing raises. With isolation off, calls run here (a Python MemoryError still becomes
    a Failure).
    """
    if not calls:
        return []
    if not enabled():
        return [_call_here(function, args) for args in calls]
    try:
        pool = _get_pool()
        futures = [pool.schedule(function, args=args, timeout=TIME_LIMIT_S) for args in calls]
    except (OSError, RuntimeError) as exc:  # no processes on this host: parse here
        log.warning("worker pool unavailable (%s); parsing in process", exc)
        return [_call_here(function, args) for args in calls]
    out: list[T | Failure] = []
    unusable: Failure | None = None
    for future in futures:
        if unusable is not None:
            future.cancel()
            out.append(unusable)
            continue
        try:
            # Files are awaited in order, so this one has waited at most for the files
            # running beside it: longer means the pool itself stalled. (A file over the
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
                                        "detail": "proses pembaca tidak dapat dijalankan"})
            out.append(unusable)
        except Exception as exc:  # every way a worker can fail on a file ends as a Failure
            if not isinstance(exc, TimeoutError | ProcessExpired | MemoryError):
                log.error("worker failed: %r", exc)
            out.append(_failure(exc))
    return out


def _call_here(function: Callable[..., T], args: tuple[Any, ...]) -> T | Failure:
    try:
        return function(*args)
    except MemoryError as exc:
        return _failure(exc)


def run(function: Callable[..., T], *args: Any) -> T | Failure:
    """One call of :func:`run_all`."""
    return run_all(function, [args])[0]
