"""``links``: the evidence links (*tautan data dukung*) of a cycle — check them all now
(``links check``, progress on stderr) or print the stored verdicts (``links show``).

Both print one record per link of the current submissions — ``badan_publik``,
``pertanyaan``, ``url``, ``status`` (HTTP), ``verdict`` (a code of
:data:`evidence.links.VERDICTS`), ``keterangan`` (the sentence the app shows) and
``checked_at`` (ISO 8601 in WIB) — read with :func:`evidence.link_runs.link_verdicts`, the
same the app shows. The table is for people (Indonesian headers, times in WIB); CSV and
JSON for machines (CSV text cells escaped so they never run as formulas).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, Streams, acting, opened, table
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError

if TYPE_CHECKING:
    from evidence.link_runs import LinkVerdict, RunInfo

FORMATS = ("table", "csv", "json")
RECORD_KEYS = ("badan_publik", "pertanyaan", "url", "status", "verdict", "keterangan",
               "checked_at")
HEADERS = ("Badan Publik", "Pertanyaan", "Tautan", "Status", "Hasil", "Keterangan",
           "Diperiksa")


def add_parsers(sub: Any) -> None:
    """``links`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]

    links = sub.add_parser("links", help="periksa tautan data dukung sebuah siklus",
                           parents=common)
    links.set_defaults(run=run)
    actions = links.add_subparsers(dest="action", required=True, parser_class=type(links),
                                   title="aksi", metavar="AKSI")
    p = actions.add_parser(
        "check", parents=common,
        help="periksa semua tautan data dukung siklus sekarang (kemajuan di stderr), lalu "
             "cetak hasilnya")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--resume", action="store_true",
                   help="lanjutkan pemeriksaan yang terputus (hanya tautan yang belum "
                        "diperiksa)")
    p.add_argument("--concurrency", type=whole_number, default=8, metavar="N",
                   help="tautan yang diperiksa bersamaan (bawaan: 8)")
    p = actions.add_parser("show", parents=common,
                           help="cetak hasil pemeriksaan terakhir tanpa memeriksa ulang")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--format", choices=FORMATS, default="table")


def run(args: argparse.Namespace, io: Streams) -> int:
    """Check or show the links of ``--cycle``."""
    from evidence.link_runs import check_links, link_verdicts
    from evidence.links import CheckSettings

    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if args.action == "check":
            if not 1 <= args.concurrency <= 64:
                raise UsageError("--concurrency berisi bilangan 1 sampai 64.")
            meter = _Meter(io.err)
            info = check_links(db, actor, args.cycle, resume=args.resume,
                               settings=CheckSettings.from_environment(
                                   concurrency=args.concurrency),
                               progress=meter)
            meter.finish(info)
        verdicts = link_verdicts(db, actor, args.cycle)
    print(render(verdicts, args.format), file=io.out)
    if not verdicts:
        print("Tidak ada tautan data dukung pada kuesioner siklus ini.", file=io.err)
    return EXIT_OK


class _Meter:
    """Progress on stderr: a line at most once a second (rewritten in place on a
    terminal), and the last one."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.tty = bool(getattr(err, "isatty", lambda: False)())
        self.last = 0.0
        self.shown: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 1.0:
            return
        self.last = now
        self.shown = (done, total)
        text = _progress_text(done, total)
        print(f"\r{text}" if self.tty else text, end="" if self.tty else "\n",
              file=self.err, flush=True)

    def finish(self, info: RunInfo) -> None:
        if self.tty and self.shown is not None:
            print(file=self.err)
        print(f"Pemeriksaan tautan {info.id}: {info.state_label}, {info.done} dari "
              f"{info.total} alamat tautan diperiksa (alamat yang dipakai beberapa jawaban "
              f"diperiksa sekali).", file=self.err)


def _progress_text(done: int, total: int) -> str:
    percent = f"{100 * done / total:.0f}" if total else "100"
    return f"Memeriksa tautan data dukung: {done} dari {total} alamat ({percent}%)"


def records(verdicts: Sequence[LinkVerdict]) -> list[dict[str, Any]]:
    return [v.record() for v in verdicts]


def render(verdicts: Sequence[LinkVerdict], fmt: str) -> str:
    """The verdicts as ``table``, ``csv`` or ``json``."""
    rows = records(verdicts)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        from reports.safety import csv_text

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(RECORD_KEYS)
        for row in rows:
            writer.writerow(["" if row[key] is None else
                             row[key] if isinstance(row[key], int) else csv_text(row[key])
                             for key in RECORD_KEYS])
        return buffer.getvalue().rstrip("\n")
    from evidence.link_runs import checked_text

    return table(HEADERS, [
        (v.body_name, v.question_code, v.url, "-" if v.status_code is None
         else str(v.status_code), v.label, v.detail or "-", checked_text(v.checked_at))
        for v in verdicts])
