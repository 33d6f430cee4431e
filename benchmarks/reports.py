"""Benchmark of the reports: report cards (PDF), their ZIP, and the ranking workbook.

Seeds cycles in bulk (:func:`benchmarks.storage.seed_cycle`: nasional-2025, verifications,
panel scores, non-participants) in SQLite — or PostgreSQL with ``--postgres`` — and times:

1. one report card: building its data and rendering the PDF (mean and worst of many
   badan publik) — target ≤ 200 ms; and ``export_report_card`` end to end (computes the
   whole cycle for ranks and category averages first);
2. the ZIP of all report cards of a cycle of 1,000 badan publik (``export_report_cards``),
   in one process and in ``--workers`` processes;
3. the ranking workbook of a cycle of 10,000 badan publik (``export_ranking``: results,
   score trail, previous cycle, xlsx) — target ≤ 10 s.

Prints a table (not a test); exit status 1 when a target is missed. Run with
``make bench`` or ``python -m benchmarks.reports --bps 10000 --cards 1000``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import parse_shared, report_checks  # noqa: E402
from benchmarks.storage import seed_cycle  # noqa: E402
from monev.exports.ranking import export_ranking  # noqa: E402
from monev.exports.report_card import export_report_card, report_cards  # noqa: E402
from monev.exports.report_cards import export_report_cards  # noqa: E402
from monev.permissions import SYSTEM  # noqa: E402
from questionnaires.loader import presets  # noqa: E402
from reports.report_card import render_report_card  # noqa: E402
from storage.db import Database  # noqa: E402

CARD_TARGET = 0.200
RANKING_TARGET = 10.0


def time_cards(db: Database, cycle_id: int, sample: int) -> tuple[list[float], int, int]:
    """Seconds to render each of `sample` report cards (data built once for all), their
    mean size, and the body id of one of them."""
    cards = report_cards(db, SYSTEM, cycle_id)
    scored = [c for c in cards if c.scored][:sample]
    render_report_card(scored[0])  # warm-up: imports, font metrics
    times = []
    size = 0
    for card in scored:
        start = time.perf_counter()
        data = render_report_card(card)
        times.append(time.perf_counter() - start)
        size += len(data)
    return times, size // max(len(scored), 1), scored[0].body_id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bps", type=int, default=10_000, help="BPs for the ranking workbook")
    parser.add_argument("--cards", "--n", type=int, default=1000,
                        help="BPs in the report-card cycle (--n as in the other benchmarks)")
    parser.add_argument("--sample", type=int, default=100, help="cards timed one by one")
    parser.add_argument("--methodology", default="nasional-2025")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the ZIP of report cards (also timed with 1)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--out", type=Path, default=None,
                        help="also write the workbook and the ZIP into this directory")
    args = parse_shared(parser, argv)
    methodology = presets().get(args.methodology)
    assert methodology is not None

    rows: list[tuple[str, float, str]] = []
    checks: list[tuple[str, bool]] = []
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            from tests.postgres import ThrowawayPostgres

            server = ThrowawayPostgres()
            server.start()
            url = server.create_database()
        else:
            url = f"sqlite:///{tmp}/bench.db"
        db = Database(url)
        try:
            start = time.perf_counter()
            small = seed_cycle(db, methodology, args.cards)
            big = seed_cycle(db, methodology, args.bps)
            print(f"seeded cycles of {args.cards} and {args.bps} BPs in "
                  f"{time.perf_counter() - start:.1f} s ({db.dialect})")

            times, size, body_id = time_cards(db, small, args.sample)
            mean, worst = statistics.fmean(times), max(times)
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else worst
            rows.append((f"report card: render one (mean of {len(times)})", mean,
                         f"{size / 1024:.0f} KB"))
            rows.append((f"report card: render one (95th percentile of {len(times)})", p95, ""))
            rows.append((f"report card: render one (worst of {len(times)})", worst, ""))
            checks.append((f"one report card in {mean * 1000:.0f} ms mean, {p95 * 1000:.0f} ms "
                           f"p95, {worst * 1000:.0f} ms worst (target p95 <= "
                           f"{CARD_TARGET * 1000:.0f} ms)", p95 <= CARD_TARGET))
            start = time.perf_counter()
            export_report_card(db, SYSTEM, small, body_id, io.BytesIO())
            rows.append((f"export_report_card end to end ({args.cards} BPs computed)",
                         time.perf_counter() - start, ""))

            for workers in sorted({1, args.workers}):
                buffer = io.BytesIO()
                start = time.perf_counter()
                info = export_report_cards(db, SYSTEM, small, buffer, workers=workers)
                elapsed = time.perf_counter() - start
                with zipfile.ZipFile(buffer) as archive:
                    assert len(archive.namelist()) == info.count == args.cards
                rows.append((f"ZIP of {info.count} report cards, {workers} process(es)",
                             elapsed, f"{info.size / 1_048_576:.1f} MB, "
                                      f"{elapsed / info.count * 1000:.0f} ms/card"))

            best = float("inf")
            for _ in range(2):
                book = io.BytesIO()
                start = time.perf_counter()
                exported = export_ranking(db, SYSTEM, big, book)
                best = min(best, time.perf_counter() - start)
            rows.append((f"ranking workbook of {exported.count} BPs (best of 2)", best,
                         f"{exported.size / 1_048_576:.1f} MB"))
            checks.append((f"ranking workbook of {args.bps} BPs in {best:.2f} s "
                           f"(target <= {RANKING_TARGET:.0f} s)",
                           best <= RANKING_TARGET or args.bps < 10_000))
            if args.out is not None:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / exported.file_name).write_bytes(book.getvalue())
                (args.out / info.file_name).write_bytes(buffer.getvalue())
        finally:
            db.dispose()
            if server is not None:
                server.stop()

    print()
    print(f"{'phase':<58} {'seconds':>9}  notes")
    for name, seconds, note in rows:
        print(f"{name:<58} {seconds:>9.3f}  {note}")
    return report_checks(checks)


if __name__ == "__main__":
    sys.exit(main())
