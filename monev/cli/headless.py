"""The commands that work on files, without a cycle: ``methodologies``, ``template``,
``score`` and ``rank``. ``--methodology`` takes a preset's id, a saved version of the
library (``ID@VERSI``: then the database is read) or a methodology file (workbook or YAML;
:func:`monev.cli.methodology.resolve`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, EXIT_REJECTED, Streams
from monev.cli.methodology import METHODOLOGY_HELP, resolve
from monev.cli.parsing import database_options
from monev.errors import UsageError
from monev.outcomes.records import FORMATS, render, result_record

if TYPE_CHECKING:
    from questionnaires.batch import BatchResult


def add_parsers(sub: Any) -> None:
    """The four commands, on the program's subparsers `sub`."""
    p = sub.add_parser("methodologies",
                       help="daftar metodologi bawaan (yang disimpan di pustaka: library list)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(run=methodologies)

    library = [database_options(suppress=True)]  # for a saved version (ID@VERSI)
    p = sub.add_parser("template", parents=library,
                       help="tulis templat kuesioner (.xlsx) untuk satu kategori")
    p.add_argument("--methodology", required=True, metavar="ID|ID@VERSI|BERKAS",
                   help=METHODOLOGY_HELP)
    p.add_argument("--category", required=True, metavar="KODE")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="BERKAS.xlsx")
    p.set_defaults(run=template)

    p = sub.add_parser("score", parents=library,
                       help="baca kuesioner terisi, nilai dan peringkat")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="berkas .xlsx, .csv, ZIP, atau folder")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--methodology", metavar="ID|ID@VERSI|BERKAS",
                   help="tolak berkas untuk metodologi lain; " + METHODOLOGY_HELP)
    p.set_defaults(run=score)

    p = sub.add_parser("rank", parents=library,
                       help="predikat dan peringkat untuk nilai akhir dari sistem lain")
    p.add_argument("path", type=Path, metavar="BERKAS.csv")
    p.add_argument("--methodology", required=True, metavar="ID|ID@VERSI|BERKAS",
                   help=METHODOLOGY_HELP)
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=rank)


def methodologies(args: argparse.Namespace, io: Streams) -> int:
    """``methodologies``: id, year, categories and title of each preset methodology (those
    shipped with the program). Versions saved in a database's library are listed by
    ``library list``: a hint on stderr says so (stdout stays machine-readable)."""
    from monev import services

    items = services.list_methodologies()
    if args.format == "json":
        print(json.dumps([m.as_dict() for m in items], ensure_ascii=False, indent=2),
              file=io.out)
    else:
        width = max((len(m.id) for m in items), default=2)
        print(f"{'ID':<{width}}  Tahun  Kategori / Judul", file=io.out)
        for m in items:
            print(f"{m.id:<{width}}  {m.year:<5}  {', '.join(m.categories)}\n"
                  f"{'':<{width}}         {m.title}", file=io.out)
    print("Ini metodologi bawaan. Versi yang disimpan di pustaka sebuah basis data: "
          "python -m monev library list (pakai sebagai --methodology ID@VERSI).", file=io.err)
    return EXIT_OK


def template(args: argparse.Namespace, io: Streams) -> int:
    """``template``: a questionnaire workbook for one category."""
    from monev import services

    chosen, registry = resolve(args.methodology, io.err, database=args.database,
                               as_user=args.as_user)
    try:
        methodology = services.make_template(chosen.id, args.category, args.output, registry)
    except OSError as exc:
        raise UsageError(f"Tidak dapat menulis {args.output}: "
                         f"{exc.strerror or exc}") from None
    print(f"Templat {methodology.id} kategori {args.category} ditulis ke {args.output}",
          file=io.err)
    return EXIT_OK


def score(args: argparse.Namespace, io: Streams) -> int:
    """``score``: read filled questionnaires, score and rank them per category."""
    from monev import services

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise UsageError("Berkas tidak ditemukan: " + ", ".join(str(p) for p in missing))
    chosen, registry = (resolve(args.methodology, io.err, database=args.database,
                                as_user=args.as_user) if args.methodology
                        else (None, None))
    run = services.score_files(args.paths, chosen.id if chosen else None, registry)
    # The participation status is shown only when some body did not fill its SAQ.
    with_status = any(not r.participation.scored for r in run.results)
    records = [result_record(r, with_status=with_status) for r in run.results]
    codes = services.indicator_codes(run.methodologies.values())
    if records or args.format != "table":
        print(render(records, args.format, codes), file=io.out)
    report_batch(run.batch, io.err)
    return EXIT_REJECTED if run.batch.rejected else EXIT_OK


def rank(args: argparse.Namespace, io: Streams) -> int:
    """``rank``: predikat and rank for final scores computed elsewhere."""
    from monev import services
    from questionnaires.errors import ProblemsError

    if not args.path.exists():
        raise UsageError(f"Berkas tidak ditemukan: {args.path}")
    if args.path.is_dir():
        raise UsageError(f"{args.path} adalah folder, bukan berkas; rank membaca satu tabel "
                         f"nilai (.csv atau .xlsx).")
    chosen, registry = resolve(args.methodology, io.err, database=args.database,
                               as_user=args.as_user)
    try:
        _, records = services.rank_file(args.path, chosen.id, registry)
    except ProblemsError as exc:
        print(f"Ditolak: {args.path.name}", file=io.err)
        for p in exc.problems:
            print(f"  {p}", file=io.err)
        return EXIT_REJECTED
    print(render(records, args.format), file=io.out)
    return EXIT_OK


def report_batch(batch: BatchResult, err: TextIO) -> None:
    """Rejected files with every reason, warnings, and a one-line summary, on stderr."""
    from questionnaires.batch import STATUS_LABEL, FileStatus

    for report in batch.files:
        if report.status is FileStatus.REJECTED:
            print(f"{STATUS_LABEL[report.status]}: {report.name}", file=err)
            for p in report.errors:
                print(f"  {p}", file=err)
        for p in report.warnings:
            print(f"Peringatan: {p}", file=err)
    empty = sum(1 for s in batch.submissions if s.is_empty)
    scored = f"{len(batch.submissions) - empty} badan publik dinilai"
    if empty:
        scored += f", {empty} tidak mengisi SAQ"
    print(f"{len(batch.files)} berkas dibaca: {len(batch.accepted)} diterima, "
          f"{len(batch.rejected)} ditolak; {scored}.", file=err)
