"""``methodology``: a methodology as the workbook a KI edits (``export``) and checking one
(``check``); and how every command reads ``--methodology ID|ID@VERSI|BERKAS``
(:func:`resolve`, the one resolver of ``template``, ``score``, ``rank``, ``methodology
export``, ``cycle create``, ``whatif`` and ``library diff``).

- ``python -m monev methodology export ID|ID@VERSI|BERKAS -o BERKAS.xlsx`` writes a preset
  or a saved version of the library, or a methodology file (YAML or workbook), as the
  methodology workbook.
- ``python -m monev methodology check BERKAS.xlsx`` (or ``.yaml``) reads one: exit 0 with a
  short summary on stdout, or 1 with every problem on stderr, one per line as
  ``Lembar!Sel: [KODE] pesan. perbaikan``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, EXIT_REJECTED, Streams, acting, opened
from monev.cli.parsing import database_options
from monev.errors import NotFound, UsageError

if TYPE_CHECKING:
    from monev.permissions import Actor
    from questionnaires.errors import Problem
    from questionnaires.loader import Registry
    from questionnaires.model import Methodology
    from storage.db import Database


def add_parsers(sub: Any) -> None:
    """``methodology`` and its actions, on the program's subparsers `sub`."""
    group = sub.add_parser("methodology",
                           help="metodologi sebagai lembar kerja Excel: ekspor dan periksa")
    group.set_defaults(run=run)
    actions = group.add_subparsers(dest="action", required=True, parser_class=type(group),
                                   title="aksi", metavar="AKSI")
    p = actions.add_parser("export", parents=[database_options(suppress=True)],
                           help="tulis metodologi sebagai lembar kerja (.xlsx) yang dapat "
                                "diubah di Excel")
    p.add_argument("source", metavar="ID|BERKAS", help=METHODOLOGY_HELP)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="BERKAS.xlsx")
    p = actions.add_parser("check", help="periksa lembar kerja (.xlsx) atau berkas YAML "
                           "metodologi; setiap kesalahan disebut dengan lembar dan selnya")
    p.add_argument("path", type=Path, metavar="BERKAS.xlsx")


def run(args: argparse.Namespace, io: Streams) -> int:
    """Run one ``methodology`` action."""
    if args.action == "export":
        return export(args, io)
    return check(args, io)


def export(args: argparse.Namespace, io: Streams) -> int:
    """``methodology export``: the methodology `source` written as the workbook."""
    from questionnaires.methodology_workbook import write_methodology_workbook

    methodology, _ = resolve(args.source, io.err, database=args.database,
                             as_user=args.as_user)
    if args.output.is_dir():
        raise UsageError(f"Tidak dapat menulis {args.output}: itu folder; sebutkan nama "
                         f"berkas, mis. {args.output / 'metodologi.xlsx'}.")
    try:
        write_methodology_workbook(methodology, args.output)
    except OSError as exc:
        raise UsageError(f"Tidak dapat menulis {args.output}: "
                         f"{exc.strerror or exc}") from None
    print(f"Metodologi {methodology.id} versi {methodology.version} ditulis ke "
          f"{args.output}. Ubah di Excel, lalu periksa dengan 'python -m monev methodology "
          f"check {args.output}'.", file=io.err)
    return EXIT_OK


def check(args: argparse.Namespace, io: Streams) -> int:
    """``methodology check``: read the file; a summary, or every problem by cell."""
    from questionnaires.errors import ProblemsError
    from questionnaires.loader import load_methodology

    path: Path = args.path
    _must_be_file(path)
    try:
        methodology = load_methodology(path)
    except ProblemsError as exc:
        print(f"Metodologi tidak sah: {path} ({_count(exc.problems)})", file=io.err)
        print_problems(exc.problems, io.err)
        return EXIT_REJECTED
    print(summary(methodology), file=io.out)
    return EXIT_OK


# -- --methodology ID|BERKAS, for every command that takes it --------------------------------

METHODOLOGY_HELP = ("metodologi: id metodologi bawaan, ID@VERSI versi yang disimpan di pustaka "
                    "(python -m monev library list), atau berkas metodologi (lembar kerja "
                    ".xlsx atau .yaml)")


def resolve(value: str | Path, err: TextIO, *, db: Database | None = None,
            actor: Actor | None = None, database: str | None = None,
            as_user: str | None = None) -> tuple[Methodology, Registry]:
    """The methodology ``--methodology`` names, and a registry holding it for the services;
    the one way every command reads it:

    - a preset by its id (no database needed);
    - a methodology file (workbook or YAML) by its path (a :class:`Path`, an existing
      file, or a name with a slash or a methodology suffix);
    - else a ref of the library (:mod:`monev.methodologies`): ``id@versi`` of a saved
      version (or of a preset), or the id of a methodology saved only there (its newest
      version). It is looked up in `db` as `actor`, else in the database ``--database``
      (`database`, else the configured one) as `as_user` — when there is one: a SQLite
      file that does not exist is not created just to find nothing in it.

    A file that is not a valid methodology prints every problem on `err` (``Lembar!Sel:
    [KODE] …``) and raises :class:`UsageError`; so does a name found nowhere (listing the
    presets and the saved versions)."""
    from questionnaires.errors import ProblemsError
    from questionnaires.loader import Registry, load_methodology, presets

    text = str(value).strip()
    registry = presets()
    preset = registry.get(text)
    if preset is not None and not isinstance(value, Path):
        return preset, registry
    path = Path(text)
    if not isinstance(value, Path) and not path.exists() and not _looks_like_path(text):
        own = _from_library(text, db, actor, database, as_user)
        return own, Registry([own])
    _must_be_file(path)
    try:
        own = load_methodology(path)
    except ProblemsError as exc:
        print(f"Metodologi tidak sah: {path} ({_count(exc.problems)})", file=err)
        print_problems(exc.problems, err)
        raise UsageError("Perbaiki berkas metodologi, lalu ulangi.") from None
    return own, Registry([own])


def _from_library(ref: str, db: Database | None, actor: Actor | None, database: str | None,
                  as_user: str | None) -> Methodology:
    """The library's methodology `ref` (see :func:`resolve`); UsageError naming what there is
    when it is not there."""
    from monev import methodologies as lib
    from monev.permissions import SYSTEM
    from questionnaires.loader import presets

    if db is None:
        if not _library_exists(database):
            raise UsageError(_unknown(ref, [m.id for m in presets()]))
        with opened(database) as own:
            return _from_library(ref, own, acting(own, as_user), None, None)
    actor = actor or SYSTEM
    try:
        return lib.load_methodology(db, actor, ref)
    except NotFound:
        known = [i.ref for i in lib.list_methodologies(db, actor)]
        raise UsageError(_unknown(ref, known)) from None


def _unknown(ref: str, known: Iterable[str]) -> str:
    from monev.methodologies import unknown_message

    return unknown_message(ref, known)


def _library_exists(database: str | None) -> bool:
    """Whether the database `database` (else the configured one) may hold saved versions:
    anything but a SQLite file that does not exist (or one in memory)."""
    from monev.workspace import configured_url

    url = (database or configured_url()).strip()
    if not url.startswith("sqlite:"):
        return True
    file = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    return file not in ("", ":memory:") and Path(file).exists()


def _looks_like_path(text: str) -> bool:
    from questionnaires.loader import WORKBOOK_SUFFIXES, YAML_SUFFIXES

    return ("/" in text or "\\" in text
            or Path(text).suffix.lower() in (*WORKBOOK_SUFFIXES, *YAML_SUFFIXES))


def _must_be_file(path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"{path} adalah folder, bukan berkas metodologi (.xlsx atau .yaml).")
    if not path.is_file():
        raise UsageError(f"Berkas tidak ditemukan: {path}")


def problem_line(p: Problem) -> str:
    """``Pertanyaan!E12: [M102] Isian tidak sah … . Perbaiki …`` (the place inside the file
    first — a cell, else a path in a YAML file — without the file's name)."""
    loc = p.location
    where = "!".join(part for part in (loc.sheet, loc.cell) if part) or loc.path
    text = f"[{p.code}] {p.message}. {p.fix}"
    return f"{where}: {text}" if where else text


def print_problems(problems: Iterable[Problem], err: TextIO) -> None:
    for p in problems:
        print(f"  {problem_line(p)}", file=err)


def _count(problems: list[Problem]) -> str:
    return f"{len(problems)} masalah"


def summary(m: Methodology) -> str:
    """A few lines saying what the methodology holds (for ``check``)."""
    from questionnaires.methodology_workbook.columns import STAGE_KIND
    from questionnaires.model import StageKind
    from reports.formatting import plain
    from scoring.explain import gates_words, stage_names

    names = stage_names(m)
    stages = []
    for s in m.stages:
        text = f"{s.code} {plain(s.weight)} % ({STAGE_KIND.write(s.kind)}"
        if s.gates:
            text += f"; gerbang: {gates_words(s.gates, names)}"
        stages.append(text + ")")
    questions = sum(1 for _ in m.questions)
    aspects = sum(1 for i in m.indicators
                  if (st := m.stage_by_code.get(i.stage)) and st.kind is StageKind.PANEL)
    lines = [
        f"Metodologi sah: {m.id} versi {m.version} — {m.title} ({m.ki}, {m.year})",
        f"Kategori ({len(m.categories)}): {', '.join(c.code for c in m.categories)}",
        f"Tahapan: {'; '.join(stages)}",
        f"Indikator: {len(m.indicators) - aspects}, aspek panel: {aspects}, pertanyaan: "
        f"{questions}, predikat: {', '.join(b.label for b in m.bands)}",
        "Sidik jari kuesioner: " + ", ".join(f"{c.code} {m.fingerprint(c.code)}"
                                             for c in m.categories),
    ]
    return "\n".join(lines)
