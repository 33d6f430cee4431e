"""Benchmark of one verification save in a big cycle, with and without a rank gate.

Every write keeps the cycle's stored results current in the same transaction
(:mod:`monev.outcomes.projection`): normally it scores the one badan publik written again.
With a rank gate (a stage for the top N of each category, KI Sumbar's presentasi for the
top 3) one body's score can open or close that stage for the others of its category, so
more than the one body is scored again. The figure: the time of one verification save
(a verifikator lowering one answer, with its reason) in a cycle of 10,000 badan publik
(seeded in bulk as in :mod:`benchmarks.storage`) under ``nasional-2025``, and under the
same methodology with its visitasi gate made "top 10 per category in SAQ".
Target: the save with a rank gate ≤ 0,5 s, on SQLite and on PostgreSQL (a throwaway
server, ``tests/postgres.py``; ``--skip-postgres`` leaves it out).

Run with ``make bench`` or ``python -m benchmarks.rank_gate --bps 2000``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from benchmarks import parse_shared, report_checks  # noqa: E402
from benchmarks.storage import seed_cycle  # noqa: E402
from monev.accounts import actor_for, add_user  # noqa: E402
from monev.permissions import SYSTEM  # noqa: E402
from monev.verification import verify_answer  # noqa: E402
from questionnaires.loader import Registry, parse_methodology, presets  # noqa: E402
from questionnaires.model import Methodology  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Answer, Submission, Verification  # noqa: E402

SAVE_TARGET = 0.5  # seconds: one verification save in a 10,000-body cycle with a rank gate
TOP = 10  # the rank gate: top 10 of each category in SAQ take the visitasi
PASSWORD = "Gelas-Kopi-Pagar-Hujan-7301!"
SAVES = 5  # saves timed per cycle (each lowers another answer); the median is reported


def rank_gate_variant(methodology: Methodology, top: int = TOP) -> Methodology:
    """`methodology` with every gated stage's gates replaced by "top `top` per category" in
    the stage its first gate read (id suffixed ``-top``)."""
    data = methodology.model_dump(mode="json")
    data["id"] = f"{methodology.id}-top"
    for stage in data["stages"]:
        if stage["gates"]:
            stage["gates"] = [{"stage": stage["gates"][0]["stage"], "top": top}]
    return parse_methodology(data, "rank-gate-bench.yaml")


def time_saves(db: Database, cycle_id: int, saves: int = SAVES) -> list[tuple[float, float]]:
    """Seconds (elapsed, and CPU of this process) of `saves` verification saves, each
    lowering the first unverified answer of another badan publik (spread over the
    categories), through the service a verifikator's page calls."""
    verifier = actor_for(db, "verif-bench")
    with db.read() as session:
        verified = select(Verification.badan_publik_id).where(
            Verification.cycle_id == cycle_id)
        targets = session.execute(
            select(Submission.badan_publik_id, func.min(Answer.question_code))
            .join(Answer, Answer.submission_id == Submission.id)
            .where(Submission.cycle_id == cycle_id, Answer.value.is_not(None),
                   Submission.badan_publik_id.not_in(verified))
            .group_by(Submission.badan_publik_id)
            .order_by(Submission.badan_publik_id).limit(saves * 7)).all()[::7]
    times = []
    for body_id, code in targets[:saves]:
        start, cpu = time.perf_counter(), time.process_time()
        verify_answer(db, verifier, cycle_id, body_id, code, None,
                      "bukti tidak dapat dibuka (benchmark)", expected_seq=0)
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bps", type=int, default=10_000, help="BPs in the cycle (10000)")
    parser.add_argument("--methodology", default="nasional-2025")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parse_shared(parser, argv)

    plain = presets().get(args.methodology)
    assert plain is not None, args.methodology
    ranked = rank_gate_variant(plain)
    registry = Registry([plain, ranked])
    rows: list[tuple[str, float]] = []
    checks: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        server = None
        if not args.skip_postgres:
            from tests.postgres import ThrowawayPostgres

            server = ThrowawayPostgres()
            server.start()
        try:
            for label in ("SQLite",) + (("PostgreSQL",) if server is not None else ()):
                for methodology, what in ((plain, "no rank gate"),
                                          (ranked, f"rank gate top {TOP}")):
                    # A database of its own per cycle (the seeded badan publik share names).
                    url = (f"sqlite:///{tmp}/{methodology.id}.db" if server is None
                           or label == "SQLite" else server.create_database())
                    db = Database(url)
                    add_user(db, SYSTEM, username="verif-bench", password=PASSWORD,
                             role="evaluator", display_name="Verifikator Bench")
                    start = time.perf_counter()
                    cycle_id = seed_cycle(db, methodology, args.bps, registry=registry)
                    print(f"{label}: seeded {args.bps} BPs ({methodology.id}) in "
                          f"{time.perf_counter() - start:.1f} s", flush=True)
                    times = time_saves(db, cycle_id)
                    saved = median([wall for wall, _ in times])
                    # CPU time beside the elapsed time: on a busy machine the elapsed
                    # time grows with the load, the CPU time of the save much less.
                    print(f"{label}: saves ({what}), elapsed (CPU) in s: " + ", ".join(
                        f"{wall:.3f} ({cpu:.3f})" for wall, cpu in times), flush=True)
                    rows.append((f"{label}: one verification save, {what}", saved))
                    rows.append((f"{label}:  its CPU time in this process",
                                 median([cpu for _, cpu in times])))
                    if methodology is ranked:
                        checks.append((
                            f"{label}: one verification save in a {args.bps}-BP cycle with a "
                            f"rank gate in {saved:.2f} s (target <= {SAVE_TARGET} s)",
                            saved <= SAVE_TARGET or args.bps < 10_000))
                    db.dispose()
        finally:
            if server is not None:
                server.stop()

    print()
    print(f"{'phase':<60} {'seconds':>9}")
    for name, seconds in rows:
        print(f"{name:<60} {seconds:>9.3f}")
    return report_checks(checks)


if __name__ == "__main__":
    sys.exit(main())
