"""Benchmarks: `make bench` runs them; they print figures against in-run baselines.

Every benchmark module prints all its figures, then its targets through
:func:`report_checks` (exit status 1 when one was missed). :func:`run_all` — what
``make bench`` calls — runs every module even when an earlier one missed a target or
failed, then prints one summary line listing every missed target and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# In the order `make bench` runs them (the quick headless one first).
MODULES = ("benchmarks.pipeline", "benchmarks.storage", "benchmarks.rank_gate",
           "benchmarks.reports", "benchmarks.app", "benchmarks.monitoring")
MISSED_FILE_ENV = "BENCH_MISSED_FILE"  # where report_checks appends missed targets
ROOT = Path(__file__).resolve().parent.parent


def report_checks(checks: list[tuple[str, bool]], benchmark: str | None = None) -> int:
    """Print each target as ok/MISSED; the exit status is 1 when any was missed.

    Missed targets are also appended, as ``<benchmark>: <target>`` lines, to the file named
    by ``BENCH_MISSED_FILE`` when it is set, for :func:`run_all`'s summary.
    """
    name = benchmark or _running_module()
    print()
    for text, ok in checks:
        print(f"[{'ok' if ok else 'MISSED'}] {text}")
    missed = [text for text, ok in checks if not ok]
    target = os.environ.get(MISSED_FILE_ENV)
    if missed and target:
        with open(target, "a", encoding="utf-8") as file:
            file.writelines(f"{name}: {text}\n" for text in missed)
    return 1 if missed else 0


def parse_shared(parser: argparse.ArgumentParser,
                 argv: list[str] | None) -> argparse.Namespace:
    """Parse the options this benchmark knows; `make bench BENCH_ARGS=…` hands the same
    options to every benchmark, so the others' options are ignored (and said so)."""
    args, ignored = parser.parse_known_args(argv)
    if ignored:
        print(f"({parser.prog}: ignoring options of other benchmarks: {' '.join(ignored)})")
    return args


def _running_module() -> str:
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return spec.name if spec is not None else Path(sys.argv[0]).stem


def run_all(argv: list[str] | None = None, modules: tuple[str, ...] = MODULES) -> int:
    """Run every benchmark module with the same arguments, each in its own process, to the
    end; then print every missed target and one summary line. Returns 0 when all targets
    were met, 1 when one was missed or a benchmark failed."""
    argv = list(sys.argv[1:] if argv is None else argv)
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        missed_file = Path(tmp) / "missed.txt"
        missed_file.touch()
        env = {**os.environ, MISSED_FILE_ENV: str(missed_file)}
        for module in modules:
            print(f"\n=== {module} {' '.join(argv)}".rstrip(), flush=True)
            status = subprocess.run([sys.executable, "-m", module, *argv], cwd=ROOT,
                                    env=env, check=False).returncode
            missed_here = any(line.startswith(f"{module}: ")
                              for line in missed_file.read_text(encoding="utf-8").splitlines())
            if status != 0 and not missed_here:  # it stopped before reporting its targets
                failed.append(f"{module} (exit status {status})")
        missed = missed_file.read_text(encoding="utf-8").splitlines()
    print()
    if not missed and not failed:
        print(f"make bench: every target met ({len(modules)} benchmarks)")
        return 0
    for line in missed:
        print(f"[MISSED] {line}")
    for line in failed:
        print(f"[FAILED] {line}")
    parts = []
    if missed:
        parts.append(f"{len(missed)} target(s) missed: " + "; ".join(missed))
    if failed:
        parts.append("failed without reporting its targets: " + ", ".join(failed))
    print("make bench: " + " | ".join(parts))
    return 1
