"""``outbox``: the e-mail outbox — send what is waiting (``outbox send``, what the app's
background worker does: the deadline reminders that are due, then every e-mail that is due)
and list the e-mails with their state (``outbox list``: ``to``, ``subject``, ``event``,
``state``, ``attempts``; ``--format table|json``; the table's *Jenis* is the kind's label,
as the admin page shows it, the JSON's ``event`` its code).

Without ``MONEV_SMTP_URL`` ``outbox send`` writes the reminders, sends nothing and says so
(exit 0: the notifications are in the app), with how many e-mails wait; with a
``MONEV_SMTP_URL`` that cannot be read it says why on stderr and exits 1 (cron notices).
A due reminder that reaches no one (the body has no address, account or koordinator) is
named on stderr with what to fill in. E-mails the server
refused for now wait for their next attempt: ``outbox send`` counts every one of them (this
run's and earlier runs' not yet due) and says when the first is tried again, in WIB; those
refused for good are ``failed`` with the server's answer (``outbox list --state failed``).

Times are WIB, as every listing prints them: the table's columns say so; the JSON has ISO
8601 times with their offset (``created_at``; ``next_attempt_at``, a waiting e-mail's next
attempt; ``sent_at``; ``null`` when none).

``outbox bounces`` reads the bounces that arrived in the sender's mailbox
(``MONEV_IMAP_URL``, :mod:`notifications.bounces`; the app's worker does it too) and prints
how many were read, how many marked an e-mail failed ("Gagal (dipantulkan)"), how many had
been recorded before and how many matched no e-mail (each described on stderr: a bounce
of an e-mail sent by hand from the same mailbox is not an error of the app). Exit 1 when
the mailbox cannot be read (unreachable, login refused: said how to fix it); without
``MONEV_IMAP_URL`` it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from monev.cli.base import EXIT_OK, EXIT_REJECTED, Streams, acting, opened, table
from monev.cli.parsing import database_options, whole_number

if TYPE_CHECKING:
    from monev.permissions import Actor
    from notifications.outbox import OutboxItem
    from storage.db import Database

FORMATS = ("table", "json")
STATES = ("waiting", "sent", "failed")
AGAIN = "jalankan outbox send lagi"  # how to send what a run's --limit left


def add_parsers(sub: Any) -> None:
    """``outbox`` and its actions, on the program's subparsers `sub`."""
    common = [database_options(suppress=True)]
    outbox = sub.add_parser("outbox", help="antrean e-mail notifikasi: kirim dan lihat",
                            parents=common)
    outbox.set_defaults(run=run)
    actions = outbox.add_subparsers(dest="action", required=True, parser_class=type(outbox),
                                    title="aksi", metavar="AKSI")
    p = actions.add_parser("send", parents=common,
                           help="tulis pengingat tenggat yang jatuh tempo lalu kirim e-mail "
                                "yang menunggu")
    p.add_argument("--limit", type=whole_number, default=200, metavar="N",
                   help="paling banyak N e-mail sekali jalan (bawaan: 200)")
    actions.add_parser("bounces", parents=common,
                       help="baca pantulan e-mail (laporan gagal kirim) dari kotak surat "
                            "MONEV_IMAP_URL dan tandai e-mail-nya gagal")
    p = actions.add_parser("list", parents=common, help="daftar e-mail dengan statusnya")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--state", choices=STATES, help="hanya e-mail dengan status ini")
    p.add_argument("--limit", type=whole_number, default=500, metavar="N")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # stored times are UTC


def _wib(value: datetime | None) -> str | None:
    """`value` as ISO 8601 in WIB (as ``evidence list --format json``); None stays None."""
    from monev.clock import WIB

    return None if value is None else _aware(value).astimezone(WIB).isoformat(
        timespec="seconds")


def record(item: OutboxItem) -> dict[str, Any]:
    """One e-mail as ``outbox list --format json`` prints it: the outbox's fields, its times
    in WIB."""
    return {**item.as_dict(), "created_at": _wib(item.created_at),
            "next_attempt_at": _wib(item.next_attempt_at), "sent_at": _wib(item.sent_at)}


def run(args: argparse.Namespace, io: Streams) -> int:
    """Send the outbox, read its bounces, or list it."""
    from notifications.outbox import STATES as LABELS
    from notifications.outbox import list_outbox

    with opened(args.database) as db:
        actor = acting(db, args.as_user)
        if args.action == "send":
            return _send(db, actor, args.limit, io)
        if args.action == "bounces":
            return _bounces(db, actor, io)
        items = list_outbox(db, actor, state=args.state, limit=args.limit)
    if args.format == "json":
        print(json.dumps([record(i) for i in items], ensure_ascii=False, indent=2),
              file=io.out)
        return EXIT_OK
    if not items:
        print("Antrean e-mail kosong.", file=io.out)
        return EXIT_OK
    from monev.clock import WIB
    from reports.formatting import SHORT_TIME, date_time

    def shown(value: datetime | None) -> str:
        return "-" if value is None else date_time(value, WIB, SHORT_TIME)

    print(table(("ID", "Kepada", "Subjek", "Jenis", "Status", "Percobaan", "Dibuat (WIB)",
                 "Dicoba lagi (WIB)", "Terkirim (WIB)", "Jawaban server"),
                [(str(i.id), i.to, i.subject, i.event_label, i.state_label or LABELS.get(
                    i.state, i.state), str(i.attempts), shown(i.created_at),
                  shown(i.next_attempt_at if i.attempts else None), shown(i.sent_at),
                  i.server_reply) for i in items]),
          file=io.out)
    return EXIT_OK


def _send(db: Database, actor: Actor, limit: int, io: Streams) -> int:
    """``outbox send``: one sending round, then what waits (module docstring)."""
    from notifications.outbox import send_now

    done = send_now(db, actor, limit=limit)
    if done.reminders:
        print(f"Pengingat tenggat ditulis: {done.reminders}.", file=io.out)
    if done.unreached:  # due reminders of bodies nobody can be told about
        print(done.unreached, file=io.err)
    if not done.configured:
        print(done.problem, file=io.err if done.unreadable else io.out)
        if done.waiting:
            print(done.sentence(AGAIN), file=io.out)
        return EXIT_REJECTED if done.unreadable else EXIT_OK
    print(done.sentence(AGAIN), file=io.out)
    for line in done.details:
        print(f"- {line}", file=io.err)
    if done.problem:
        print(done.problem, file=io.err)
    return EXIT_REJECTED if done.failed or done.problem else EXIT_OK


def _bounces(db: Database, actor: Actor, io: Streams) -> int:
    """``outbox bounces``: read the mailbox, print the counts (module docstring)."""
    from notifications.bounces import NOT_CONFIGURED
    from notifications.outbox import read_bounces_now

    report = read_bounces_now(db, actor)
    if report.problem == NOT_CONFIGURED:
        print(report.problem, file=io.out)
        return EXIT_OK
    if report.problem:  # MONEV_IMAP_URL unreadable, the server unreachable, login refused
        print(report.problem, file=io.err)
        return EXIT_REJECTED
    print(f"Pantulan dibaca: {report.read}; ditandai gagal sekarang: {report.matched}; "
          f"sudah tercatat sebelumnya: {report.already}; tidak cocok: {report.unmatched}.",
          file=io.out)
    if report.other:
        print(f"Laporan lain (tertunda atau terkirim, tidak mengubah apa pun): "
              f"{report.other}.", file=io.out)
    for line in report.details:  # bounces that match no e-mail of the outbox
        print(f"- {line}", file=io.err)
    return EXIT_OK
