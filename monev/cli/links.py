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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from monev.cli.base import EXIT_OK, Streams, acting, opened, table
from monev.cli.monitor import CYCLE_HELP, FORMAT_HELP
from monev.cli.output import FORMATS, Meter, machine_text
from monev.cli.parsing import database_options, whole_number
from monev.errors import UsageError
from monitoring.status import PRIVATE_HINT

if TYPE_CHECKING:
    from evidence.link_runs import LinkVerdict
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
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID", help=CYCLE_HELP)
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)
    p.add_argument("--resume", action="store_true",
                   help="lanjutkan pemeriksaan yang terputus (hanya tautan yang belum "
                        "diperiksa)")
    p.add_argument("--concurrency", type=whole_number, default=8, metavar="N",
                   help="tautan yang diperiksa bersamaan (bawaan: 8)")
    p = actions.add_parser("show", parents=common,
                           help="cetak hasil pemeriksaan terakhir tanpa memeriksa ulang")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID", help=CYCLE_HELP)
    p.add_argument("--format", choices=FORMATS, default="table", help=FORMAT_HELP)


def run(args: argparse.Namespace, io: Streams) -> int:
    """Check or show the links of ``--cycle``."""
    from evidence.link_runs import check_links, link_verdicts
    from evidence.links import CheckSettings

    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if args.action == "check":
            if not 1 <= args.concurrency <= 64:
                raise UsageError("--concurrency berisi bilangan 1 sampai 64.")
            meter = Meter(io.err, "Memeriksa tautan data dukung: {done} dari {total} alamat "
                                  "({percent}%)")
            info = check_links(db, actor, args.cycle, resume=args.resume,
                               settings=CheckSettings.from_environment(
                                   concurrency=args.concurrency),
                               progress=meter)
            meter.finish(f"Pemeriksaan tautan {info.id}: {info.state_label}, {info.done} dari "
                         f"{info.total} alamat tautan diperiksa (alamat yang dipakai beberapa "
                         f"jawaban diperiksa sekali).")
        verdicts = link_verdicts(db, actor, args.cycle)
    print(render(verdicts, args.format), file=io.out)
    if not verdicts:
        print("Tidak ada tautan data dukung pada kuesioner siklus ini.", file=io.err)
    private = sum("jaringan internal" in (v.detail or "") for v in verdicts)
    if private:
        print(f"{private} tautan mengarah ke alamat jaringan internal dan tidak dibuka. "
              f"{PRIVATE_HINT}", file=io.err)
    return EXIT_OK


def records(verdicts: Sequence[LinkVerdict]) -> list[dict[str, Any]]:
    return [v.record() for v in verdicts]


def render(verdicts: Sequence[LinkVerdict], fmt: str) -> str:
    """The verdicts as ``table``, ``csv`` or ``json``."""
    if fmt != "table":
        return machine_text(records(verdicts), RECORD_KEYS, fmt)
    from jobs.background import checked_text

    return table(HEADERS, [
        (v.body_name, v.question_code, v.url, "-" if v.status_code is None
         else str(v.status_code), v.label, v.detail or "-", checked_text(v.checked_at))
        for v in verdicts])
