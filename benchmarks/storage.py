"""Benchmark of the storage layer, on SQLite and on PostgreSQL, beside the headless pipeline.

1. Import N generated workbooks (default 1,000) into a cycle with the import service —
   one transaction per file — and compare with reading + scoring the same files headless
   (``monev score``), so the cost of storage shows as a ratio.
   Target: ≤ 3× the headless pipeline on SQLite (every file's transaction also writes the
   badan publik's stored current result).
2. Read the results of a cycle of 10,000 badan publik from the database (seeded in bulk,
   with verifications, panel scores and non-participants; its stored results rebuilt once
   after seeding, as any bulk write must) — target ≤ 0,5 s; and time that rebuild.

PostgreSQL is a throwaway server started for the run (``tests/postgres.py``). Run with
``make bench`` or ``python -m benchmarks.storage --n 200``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from benchmarks import parse_shared, report_checks  # noqa: E402
from benchmarks.pipeline import generate, random_answer  # noqa: E402
from monev.cycles import create_cycle, load_cycle  # noqa: E402
from monev.outcomes import projection  # noqa: E402
from monev.outcomes.results import compute_results  # noqa: E402
from monev.permissions import SYSTEM  # noqa: E402
from questionnaires.aliases import normalise  # noqa: E402
from questionnaires.loader import Registry, presets  # noqa: E402
from questionnaires.model import AnswerType, Methodology  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import (  # noqa: E402
    Answer,
    BadanPublik,
    PanelScore,
    Participation,
    Submission,
    Verification,
    utcnow,
)
from storage.queries import value_to_json  # noqa: E402

RESULTS_TARGET = 0.5  # seconds: results of a 10,000-body cycle read from the database
IMPORT_TARGET = 3.0  # importing into SQLite, as a multiple of the headless pipeline


def seed_cycle(db: Database, methodology: Methodology, n: int, seed: int = 11, *,
               registry: Registry | None = None) -> int:
    """A cycle of `n` badan publik written in bulk (not through the import service);
    `registry` holds `methodology` when it is not a preset."""
    rng = random.Random(seed)
    cycle = create_cycle(db, SYSTEM, methodology_id=methodology.id, ki=f"KI Bench {n}",
                         year=2025, title=f"Bench {n} {time.time_ns()}", registry=registry)
    categories = [c.code for c in methodology.categories]
    panel = methodology.panel_stages[0] if methodology.panel_stages else None
    aspects = [i.code for i in methodology.indicators_of(panel.code)] if panel else []
    now = utcnow()
    with db.transaction() as session:
        ki = load_cycle(session, cycle.id).ki
        bodies, participation, submissions, answers, verifications, scores = ([] for _ in
                                                                              range(6))
        for i in range(n):
            category = categories[i % len(categories)]
            name = f"Badan Publik {i:05d}"
            bodies.append({"id": i + 1, "ki": ki, "name": name, "name_key": normalise(name),
                           "category": category, "region": f"Kec. {i % 17}",
                           "ppid_name": "", "ppid_contact": "", "created_at": now})
            status = "not_submitted" if i % 25 == 0 else "submitted"
            participation.append({"cycle_id": cycle.id, "badan_publik_id": i + 1,
                                  "status": status, "updated_at": now, "version": 1})
            if status != "submitted":
                continue
            submissions.append({"id": i + 1, "cycle_id": cycle.id, "badan_publik_id": i + 1,
                                "version": 1, "file_name": f"bp-{i}.xlsx", "sha256": "0" * 64,
                                "identity": {}, "late": False, "uploaded_at": now})
            for q in methodology.questions_for(category):
                raw = random_answer(q, rng)
                if raw is None:
                    value = None
                elif q.type is AnswerType.YES_NO:
                    value = raw != "Tidak"
                elif q.type is AnswerType.SCALE:
                    value = raw
                else:
                    value = sorted(raw)  # type: ignore[arg-type]
                answers.append({"submission_id": i + 1, "question_code": q.code,
                                "value": value, "evidence": "https://x", "note": "",
                                "cell": ""})
                if rng.random() < 0.1:
                    verifications.append({
                        "cycle_id": cycle.id, "badan_publik_id": i + 1,
                        "question_code": q.code, "seq": 1,
                        "value": value_to_json(False if q.type is AnswerType.YES_NO
                                               else value),
                        "old_value": value, "withdrawn": False, "reason": "bukti tidak sah",
                        "phase": "verifikasi", "created_at": now})
            if panel and i % 3 == 0:
                for juror in ("juri-1", "juri-2", "juri-3"):
                    for aspect in aspects:
                        scores.append({"cycle_id": cycle.id, "badan_publik_id": i + 1,
                                       "stage_code": panel.code, "juror": juror,
                                       "aspect": aspect, "seq": 1,
                                       "score": rng.randint(50, 100), "withdrawn": False,
                                       "reason": "", "created_at": now})
        offset = _next_id(session, BadanPublik)
        for row in bodies:
            row["id"] += offset
        for row in participation + verifications + scores:
            row["badan_publik_id"] += offset
        sub_offset = _next_id(session, Submission)
        for row in submissions:
            row["badan_publik_id"] += offset
            row["id"] += sub_offset
        for row in answers:
            row["submission_id"] += sub_offset
        for model, rows in ((BadanPublik, bodies), (Participation, participation),
                            (Submission, submissions), (Answer, answers),
                            (Verification, verifications), (PanelScore, scores)):
            for start in range(0, len(rows), 5000):
                session.execute(insert(model), rows[start:start + 5000])
    if db.dialect == "postgresql":
        with db.engine.begin() as connection:
            for table in ("badan_publik", "submissions"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))")
    rebuild_results(db, cycle.id)  # a bulk write around the ORM: stored results by hand
    return cycle.id


def rebuild_results(db: Database, cycle_id: int) -> float:
    """Rebuild the cycle's stored current results from its history; returns seconds."""
    start = time.perf_counter()
    with db.transaction() as session:
        projection.rebuild(session, load_cycle(session, cycle_id))
    return time.perf_counter() - start


def _next_id(session, model) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    return session.scalar(select(func.coalesce(func.max(model.id), 0)))


def time_compute(db: Database, cycle_id: int, repeat: int = 3) -> float:
    """The first read of the cycle's results in a process (nothing kept from an earlier
    read: every row decoded and ranked); best of `repeat`."""
    best = float("inf")
    for _ in range(repeat):
        projection._KEPT.clear()
        start = time.perf_counter()
        results = compute_results(db, SYSTEM, cycle_id)
        best = min(best, time.perf_counter() - start)
    assert results
    return best


def time_read_after_verification(db: Database, cycle_id: int) -> float:
    """Reading the results again after one score of one badan publik changed (a juror's
    corrected score; the rows read before are kept by the process: one row is decoded,
    one category ranked again)."""
    from monev.panel import record_panel_score

    compute_results(db, SYSTEM, cycle_id)
    with db.read() as session:
        row = session.execute(select(PanelScore).where(PanelScore.cycle_id == cycle_id)
                              .order_by(PanelScore.badan_publik_id).limit(1)).scalar_one()
        body, stage, juror, aspect, score = (row.badan_publik_id, row.stage_code, row.juror,
                                             row.aspect, row.score)
    record_panel_score(db, SYSTEM, cycle_id, body, stage, juror, aspect,
                       (score + 1) % 101, expected_seq=1, reason="ralat (benchmark)")
    start = time.perf_counter()
    results = compute_results(db, SYSTEM, cycle_id)
    elapsed = time.perf_counter() - start
    assert results
    return elapsed


def time_import(db: Database, paths: list[Path], methodology: Methodology) -> float:
    from monev.imports import import_paths

    cycle = create_cycle(db, SYSTEM, methodology_id=methodology.id, ki="KI Bench Impor",
                         year=2025, title=f"Impor {time.time_ns()}")
    start = time.perf_counter()
    report = import_paths(db, SYSTEM, cycle.id, paths)
    elapsed = time.perf_counter() - start
    rejected = [f for f in report.files if f.status == "rejected"]
    assert not rejected, rejected[:3]
    return elapsed


def time_headless(paths: list[Path]) -> float:
    from monev.services import score_files

    start = time.perf_counter()
    score_files(paths)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="workbooks to import (1000)")
    parser.add_argument("--bps", type=int, default=10_000, help="BPs in the big cycle")
    parser.add_argument("--methodology", default="nasional-2025")
    parser.add_argument("--dir", type=Path, default=ROOT / "out" / "bench")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parse_shared(parser, argv)

    methodology = presets().get(args.methodology)
    assert methodology is not None
    import hashlib

    digest = hashlib.sha256(methodology.model_dump_json().encode()).hexdigest()[:12]
    paths = generate(methodology, args.n, args.dir / f"{methodology.id}-{digest}")
    headless = time_headless(paths)

    rows: list[tuple[str, float, str]] = [
        (f"headless: read+score {len(paths)} workbooks", headless, "1.00x")]
    checks: list[tuple[str, bool]] = []
    backends: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        backends.append(("SQLite", f"sqlite:///{tmp}/bench.db"))
        server = None
        if not args.skip_postgres:
            from tests.postgres import ThrowawayPostgres

            server = ThrowawayPostgres()
            server.start()
            backends.append(("PostgreSQL", server.create_database()))
        try:
            for label, url in backends:
                db = Database(url)
                imported = time_import(db, paths, methodology)
                rows.append((f"{label}: import {len(paths)} workbooks", imported,
                             f"{imported / headless:.2f}x"))
                start = time.perf_counter()
                cycle_id = seed_cycle(db, methodology, args.bps)
                print(f"{label}: seeded {args.bps} BPs in {time.perf_counter() - start:.1f} s")
                computed = time_compute(db, cycle_id)
                rows.append((f"{label}: results of {args.bps} BPs from the DB (1st read)",
                             computed, ""))
                checks.append((f"{label}: results of {args.bps} BPs, first read in a "
                               f"process, in {computed:.2f} s (target <= {RESULTS_TARGET} s)",
                               computed <= RESULTS_TARGET or args.bps < 10_000))
                again = time_read_after_verification(db, cycle_id)
                rows.append((f"{label}:  read again after one verification", again, ""))
                checks.append((f"{label}: results of {args.bps} BPs read again after one "
                               f"verification in {again:.2f} s (target <= {RESULTS_TARGET} s)",
                               again <= RESULTS_TARGET or args.bps < 10_000))
                rebuilt = rebuild_results(db, cycle_id)
                rows.append((f"{label}: rebuild stored results of {args.bps} BPs", rebuilt,
                             ""))
                if label == "SQLite":
                    checks.append((f"SQLite: import {len(paths)} workbooks "
                                   f"{imported / headless:.2f}x the headless pipeline "
                                   f"(target <= {IMPORT_TARGET}x)",
                                   imported / headless <= IMPORT_TARGET))
                db.dispose()
        finally:
            if server is not None:
                server.stop()

    print()
    print(f"{'phase':<52} {'seconds':>9} {'vs headless':>12}")
    for name, seconds, ratio in rows:
        print(f"{name:<52} {seconds:>9.2f} {ratio:>12}")
    return report_checks(checks)


if __name__ == "__main__":
    sys.exit(main())
