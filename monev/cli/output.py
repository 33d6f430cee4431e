"""What the commands that run a background job print besides their table
(``links check``, ``monitor``): progress on stderr while the run works, and records as CSV
or JSON for machines (``--format csv|json``; the table stays each command's own).
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

FORMATS = ("table", "csv", "json")


class Meter:
    """Progress on stderr: a line at most once a second (rewritten in place on a
    terminal), and the last one; :meth:`finish` ends with the run's outcome.

    `line` is the progress sentence with ``{done}``, ``{total}`` and ``{percent}``, e.g.
    ``"Memeriksa tautan data dukung: {done} dari {total} alamat ({percent}%)"``. An
    instance is the `progress` callback of a run (``meter(done, total)``)."""

    def __init__(self, err: TextIO, line: str) -> None:
        self.err = err
        self.line = line
        self.tty = bool(getattr(err, "isatty", lambda: False)())
        self.last = 0.0
        self.shown: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 1.0:
            return
        self.last = now
        self.shown = (done, total)
        percent = f"{100 * done / total:.0f}" if total else "100"
        text = self.line.format(done=done, total=total, percent=percent)
        print(f"\r{text}" if self.tty else text, end="" if self.tty else "\n",
              file=self.err, flush=True)

    def finish(self, outcome: str) -> None:
        """End the progress line (on a terminal) and print `outcome`, the run's last word."""
        if self.tty and self.shown is not None:
            print(file=self.err)
        print(outcome, file=self.err)


def csv_cell(value: object) -> object:
    """A record's value as a CSV cell: empty for None, ``true``/``false``, numbers as they
    are, text escaped so that no spreadsheet runs it as a formula
    (:func:`reports.safety.csv_text`)."""
    from reports.safety import csv_text

    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return value
    return csv_text(value)


def machine_text(rows: Sequence[Mapping[str, Any]], keys: Sequence[str], fmt: str) -> str:
    """`rows` as ``json`` (a list of objects, UTF-8 as it is) or ``csv`` (a header of
    `keys`, then a line a row, cells by :func:`csv_cell`). Raises ValueError for any other
    `fmt` (a command renders its ``table`` itself)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2)
    if fmt != "csv":
        raise ValueError(f"not a machine format: {fmt}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([csv_cell(row[key]) for key in keys])
    return buffer.getvalue().rstrip("\n")
