"""`make bench` runs every benchmark to the end, even after a missed target or a failure,
then lists every missed target in a last line and exits non-zero.

The benchmarks themselves take minutes; these run the same runner over small benchmark
modules written here, each a real program that reports its targets with report_checks.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks import run_all

ROOT = Path(__file__).resolve().parents[1]

MODULES = {
    "bench_fast": """
        from benchmarks import report_checks
        raise SystemExit(report_checks([("fast: 0.1 s (target <= 1 s)", True)]))
    """,
    "bench_slow": """
        import sys
        from benchmarks import report_checks
        print("slow: figures", sys.argv[1:])
        raise SystemExit(report_checks([("slow: 1.9x faster (target >= 5x)", False),
                                        ("slow: 0.2 s (target <= 1 s)", True),
                                        ("slow: 28x the floor (target <= 3x)", False)]))
    """,
    "bench_broken": """
        raise RuntimeError("the benchmark itself failed")
    """,
    "bench_last": """
        from benchmarks import report_checks
        print("last: figures")
        raise SystemExit(report_checks([("last: 2 s (target <= 3 s)", True)]))
    """,
}


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, code in MODULES.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}:{ROOT}")
    return tmp_path


def test_every_benchmark_runs_and_every_missed_target_is_listed(
        modules: Path, capfd: pytest.CaptureFixture[str]):
    status = run_all(["--n", "20"], ("bench_fast", "bench_slow", "bench_broken", "bench_last"))
    out = capfd.readouterr().out
    assert status == 1
    assert "slow: figures ['--n', '20']" in out  # the same arguments to every benchmark
    assert "last: figures" in out  # still run after a miss and a failure
    last = out.strip().splitlines()[-1]
    assert last == ("make bench: 2 target(s) missed: "
                    "bench_slow: slow: 1.9x faster (target >= 5x); "
                    "bench_slow: slow: 28x the floor (target <= 3x) | "
                    "failed without reporting its targets: bench_broken (exit status 1)")


def test_all_targets_met_exits_0(modules: Path, capfd: pytest.CaptureFixture[str]):
    assert run_all([], ("bench_fast", "bench_last")) == 0
    assert capfd.readouterr().out.strip().splitlines()[-1] == (
        "make bench: every target met (2 benchmarks)")


def test_a_benchmark_module_alone_exits_1_on_a_miss(modules: Path):
    result = subprocess.run([sys.executable, "-m", "bench_slow"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "[MISSED] slow: 1.9x faster (target >= 5x)" in result.stdout
    assert "[ok] slow: 0.2 s (target <= 1 s)" in result.stdout


def test_the_real_benchmarks_accept_each_others_options():
    # `make bench BENCH_ARGS=…` hands the same options to all of them.
    for module in ("benchmarks.pipeline", "benchmarks.storage", "benchmarks.rank_gate",
                   "benchmarks.reports", "benchmarks.app"):
        result = subprocess.run([sys.executable, "-m", module, "--skip-postgres",
                                 "--sample", "5", "--help"], cwd=ROOT, capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage:")
