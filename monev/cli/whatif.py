"""``whatif``: a cycle's answers scored under another methodology beside its stored results
(:mod:`monev.whatif`), as a table, CSV or JSON; nothing is written.

Per badan publik (movers first): the stored and the what-if ``nilai_akhir``, ``predikat``
and ``peringkat``, their differences and a note. The table (for people: decimal commas,
Indonesian headers) is followed by the inputs the other methodology could not use; CSV
(for machines: decimal points, text never a formula) lists the rows and puts those notes on
stderr; JSON holds everything. ``--methodology`` is read as every command reads it
(:func:`monev.cli.methodology.resolve`: an id, ``ID@VERSI`` or a file); a methodology file
that cannot be used exits with 2 and every problem on stderr by ``Lembar!Sel``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from monev.cli.base import EXIT_OK, Streams, acting, opened, table
from monev.cli.parsing import database_options, whole_number

if TYPE_CHECKING:
    from monev.whatif import Row, WhatIf

FORMATS = ("table", "csv", "json")
# ``status`` is the participation code as `results` and the open data write it
# (submitted, late, not_submitted, not_registered); ``keterangan_status`` the same in
# Indonesian (Mengisi SAQ, Terlambat …), as the open data's column of that name.
CSV_KEYS = ("badan_publik", "kategori", "status", "keterangan_status",
            "nilai_akhir_tersimpan", "predikat_tersimpan", "peringkat_tersimpan",
            "nilai_akhir_simulasi", "predikat_simulasi", "peringkat_simulasi",
            "selisih_nilai", "selisih_peringkat", "berubah", "keterangan")


def add_parsers(sub: Any) -> None:
    """``whatif``, on the program's subparsers `sub`."""
    p = sub.add_parser(
        "whatif", parents=[database_options(suppress=True)],
        help="simulasi: nilai siklus bila dinilai dengan metodologi lain (tanpa mengubah data)",
        description="Nilai, predikat dan peringkat tersimpan sebuah siklus berdampingan dengan "
                    "hasil bila jawaban, verifikasi dan nilai panel yang sama dinilai dengan "
                    "metodologi lain. Tidak ada data yang diubah.")
    p.add_argument("--cycle", required=True, type=whole_number, metavar="ID")
    p.add_argument("--methodology", required=True, metavar="ID|BERKAS",
                   help="metodologi pembanding: ID atau ID@VERSI dari pustaka (python -m "
                        "monev library list), atau berkas metodologi (.xlsx, .yaml)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, io_: Streams) -> int:
    """Print the what-if of ``--cycle`` under ``--methodology`` (read as every command reads
    it: :func:`monev.cli.methodology.resolve`)."""
    from monev.cli.methodology import resolve
    from monev.whatif import what_if

    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        other, _ = resolve(args.methodology, io_.err, db=db, actor=actor)
        w = what_if(db, actor, args.cycle, other)
    if args.format == "json":
        print(json.dumps(as_json(w), ensure_ascii=False, indent=2), file=io_.out)
    elif args.format == "csv":
        io_.out.write(as_csv(w))
        _notes(w, io_.err)
    else:
        print(as_table(w), file=io_.out)
    return EXIT_OK


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def record(row: Row) -> dict[str, Any]:
    """One badan publik as JSON: stored and what-if (``simulasi``) side by side."""
    def side(o: Any) -> dict[str, Any]:
        return {"nilai_akhir": _number(o.final), "predikat": o.predicate,
                "peringkat": o.rank}

    return {"badan_publik": row.name, "kategori": row.category, "status": row.status,
            "keterangan_status": row.status_label, "tersimpan": side(row.stored),
            "simulasi": side(row.whatif),
            "selisih_nilai": _number(row.delta), "selisih_peringkat": row.rank_change,
            "berubah": row.moved, "keterangan": row.note}


def as_json(w: WhatIf) -> dict[str, Any]:
    """Everything: the cycle, both methodologies, the rows, the unused inputs, the changes."""
    from monev.whatif import UNUSED_LABELS

    def name(m: Any) -> dict[str, str]:
        return {"id": m.id, "versi": m.version, "judul": m.title}

    return {"siklus": {"id": w.cycle_id, "judul": w.title, "ki": w.ki, "tahun": w.year,
                       "ditetapkan": w.published},
            "metodologi_tersimpan": name(w.stored_methodology),
            "metodologi_simulasi": name(w.other), "sama": w.same_definition,
            "berubah": w.movers, "badan_publik": [record(r) for r in w.rows],
            "tak_terpakai": [{"jenis": u.kind, "uraian_jenis": UNUSED_LABELS[u.kind],
                              "kode": u.code, "uraian": u.label, "badan_publik": u.bodies}
                             for u in w.unused],
            "perubahan": [c.as_dict() for c in w.changes]}


def _csv_value(value: object) -> str:
    from reports.safety import csv_text

    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    return csv_text(value)


def as_csv(w: WhatIf) -> str:
    """One row per badan publik (:data:`CSV_KEYS`), decimal points."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_KEYS)
    for r in w.rows:
        writer.writerow([_csv_value(v) for v in (
            r.name, r.category, r.status, r.status_label, r.stored.final, r.stored.predicate,
            r.stored.rank,
            r.whatif.final, r.whatif.predicate, r.whatif.rank, r.delta, r.rank_change,
            r.moved, r.note)])
    return buffer.getvalue()


def _head(w: WhatIf) -> str:
    s, o = w.stored_methodology, w.other
    lines = [f"Siklus {w.cycle_id} ({w.title}): tersimpan {s.id} versi {s.version}, "
             f"simulasi {o.id} versi {o.version}.",
             f"{w.movers} dari {len(w.rows)} badan publik berubah (nilai, predikat atau "
             f"peringkat), {w.predicate_changes} berganti predikat; yang berubah lebih dulu."]
    if w.same_definition:
        lines.append("Metodologi pembanding sama dengan metodologi siklus: hasilnya sama.")
    if not w.published:
        lines.append("Hasil tersimpan masih sementara (belum ditetapkan).")
    return "\n".join(lines)


def as_table(w: WhatIf) -> str:
    """The rows for people (decimal commas), why each mover moved, then the unused
    inputs."""
    from reports.formatting import score, signed

    def rank(value: int | None) -> str:
        return "-" if value is None else str(value)

    def moved(value: int | None) -> str:
        return "-" if value is None else f"{value:+d}" if value else "0"

    rows = [[r.name, r.category_name, score(r.stored.final), r.stored.predicate or "-",
             rank(r.stored.rank), score(r.whatif.final), r.whatif.predicate or "-",
             rank(r.whatif.rank), signed(r.delta),
             moved(r.rank_change)]
            for r in w.rows]
    out = [_head(w), "", table(
        ["Badan publik", "Kategori", "Nilai", "Predikat", "Peringkat", "Nilai simulasi",
         "Predikat simulasi", "Peringkat simulasi", "Selisih", "± Peringkat"], rows)]
    notes = [f"- {r.name}: {r.note}" for r in w.rows if r.note]
    if notes:  # a sentence each: below the table, not a column as wide as the sentence
        out += ["", "Mengapa berubah:", *notes]
    if w.unused:
        out += ["", "Masukan yang tidak dipakai simulasi:",
                table(["Jenis", "Kode", "Uraian", "Badan publik"],
                      [[u.kind_label, u.code, u.label or "-", str(u.bodies)]
                       for u in w.unused])]
    return "\n".join(out)


def _notes(w: WhatIf, err: TextIO) -> None:
    print(_head(w), file=err)
    for u in w.unused:
        print(f"Tidak dipakai: {u.kind_label}: {u.code} ({u.bodies} badan publik)", file=err)
