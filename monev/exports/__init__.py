"""Exports of a cycle: every document officials take away, one module of this package each.

A module here (its name not starting with ``_``) defines ``EXPORT = Export(...)`` — its key
(the CLI's ``export KEY``), an Indonesian label, help and noun, the file name it suggests,
its media type, who may run it (a :class:`~monev.permissions.Action`), whether it is of one
badan publik (``needs_body``) or takes options, and the use case that produces it — next to
that use case. The CLI's ``export`` command and the officials' page (Peringkat & dasbor)
list :func:`registry`; adding an export is adding a module here (plus its tests).

Each use case checks the permission itself, gathers everything in one read transaction
(:mod:`monev.exports._gather`) and hands plain data to :mod:`reports`, which never touches
the database. `target` is a path or a binary file object (``io.BytesIO()`` for a download
button); each returns :class:`Exported` with the file name it suggests.

Results of an open cycle are read as they stand and marked *DRAF* in every document; once
the cycle is published they are final (changes are refused until it is reopened). The
change against the previous cycle uses that cycle's latest publication, or its current
results when it was never published.
"""

from __future__ import annotations

import importlib
import io
import os
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from monev.clock import today
from monev.errors import UsageError
from monev.permissions import Action, Actor, allowed
from monev.workspace import Workspace
from reports.safety import slug

Target = str | os.PathLike[str] | IO[bytes]
OptionValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: a suggested file name, how many badan publik it holds, its size
    in bytes (for a directory: the sum of the files) and, for open data, the files."""

    file_name: str
    count: int
    size: int
    files: tuple[str, ...] = ()  # the files written into a directory or a ZIP


def base_name(year: int, ki: str) -> str:
    """``monev-kip-2025-ki-jawa-tengah``: the stem of every exported file name (the KI's
    name shortened by whole words)."""
    return f"monev-kip-{year}-{slug(ki, 50)}"


@dataclass(frozen=True, slots=True)
class Subject:
    """What an export is of, as far as its file name says: the cycle's year and KI, for
    an export of one badan publik that body's id and name, and the day it is made (today
    in WIB, the time the app shows: an export made at 01:00 WIB is of that day)."""

    year: int
    ki: str
    body_id: int | None = None
    body_name: str = ""
    day: date = field(default_factory=today)

    @property
    def stem(self) -> str:
        return base_name(self.year, self.ki)

    def name(self, prefix: str, *parts: str, suffix: str) -> str:
        """``<prefix>-<stem>[-<part>…]-<YYYY-MM-DD><suffix>``, e.g.
        ``peringkat-monev-kip-2025-ki-jawa-tengah-2025-11-29.xlsx``."""
        return "-".join((prefix, self.stem, *parts, self.day.isoformat())) + suffix


@dataclass(frozen=True, slots=True)
class Option:
    """A setting of one export beyond its cycle and body, e.g. the open-data format.

    `name` is the keyword the export's producer receives and, as ``--name-with-dashes``,
    the CLI option. `choices`: the allowed values (any text when empty); `many`: a
    comma-separated list (a tuple); `default`: the value when none is given."""

    name: str
    help: str  # Indonesian
    metavar: str = "TEKS"
    choices: tuple[str, ...] = ()
    many: bool = False
    default: OptionValue | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def value(self, given: str | None) -> OptionValue | None:
        """`given` (as typed) as the producer takes it; refuses a value not among
        `choices`."""
        if given is None:
            return self.default
        values = tuple(v.strip() for v in given.split(",") if v.strip()) if self.many \
            else (given.strip(),)
        wrong = [v for v in values if self.choices and v not in self.choices]
        if wrong:
            raise UsageError(f"{self.flag}: '{wrong[0]}' tidak dikenal; pilih "
                             f"{', '.join(self.choices)}.")
        return values if self.many else values[0]


@dataclass(frozen=True, slots=True)
class Request:
    """One run of an export: of which cycle (and badan publik), with which options, and
    how many processes it may render in (the CLI gives it every core; a page one)."""

    cycle_id: int
    body_id: int | None = None
    options: Mapping[str, OptionValue] = field(default_factory=dict)
    workers: int = 1


Produce = Callable[[Workspace, Actor, Request, Target], Exported]


@dataclass(frozen=True, slots=True)
class Export:
    """One document an export produces, as the CLI and the officials' page list it."""

    key: str  # "ranking-pdf": python -m monev export ranking-pdf
    label: str  # the download button: "Lampiran keputusan (PDF)"
    help: str  # what it holds (button tooltip, CLI help)
    noun: str  # in a sentence: "Tidak dapat menulis {noun} ke folder …"
    file_name: Callable[[Subject], str]  # the suggested file name
    media_type: str  # "application/pdf"
    action: Action  # who may run it (the use case checks it again, with scope)
    produce: Produce
    order: int  # place in the lists, low first
    icon: str = ":material/download:"  # the download button's
    needs_body: bool = False  # of one badan publik (--body, the drill-down)
    options: tuple[Option, ...] = ()
    published_only: bool = False  # only of published results (open data)
    draft_help: str | None = None  # help while the results are not yet published
    writes_folder: bool = False  # a path not ending in .zip is a folder of files

    def allowed(self, actor: Actor) -> bool:
        """Whether `actor`'s role may run it (scope and publication are checked on run)."""
        return allowed(actor, self.action)

    def offered(self, actor: Actor, *, published: bool) -> bool:
        """Whether a page offers it to `actor` for a cycle that is (not) `published`."""
        return self.allowed(actor) and (published or not self.published_only)

    def help_for(self, *, published: bool) -> str:
        return self.help if published or self.draft_help is None else self.draft_help

    def run(self, db: Workspace, actor: Actor, request: Request, target: Target) -> Exported:
        """Produce it into `target`; a missing body or an unknown option is a usage error."""
        if self.needs_body and request.body_id is None:
            raise UsageError(f"{self.key} memerlukan --body ID badan publik.")
        known = {o.name for o in self.options}
        unknown = sorted(set(request.options) - known)
        if unknown:
            raise UsageError(f"{self.key} tidak memakai {', '.join(unknown)}.")
        return self.produce(db, actor, request, target)

    def data(self, db: Workspace, actor: Actor, request: Request) -> bytes:
        """Produce it in memory (a download button's data; several files come as a ZIP)."""
        buffer = io.BytesIO()
        self.run(db, actor, request, buffer)
        return buffer.getvalue()


_REGISTRY: tuple[Export, ...] = ()


def registry() -> tuple[Export, ...]:
    """Every export, in their order (the modules of this package, each with its
    ``EXPORT``; found on first use)."""
    global _REGISTRY
    if not _REGISTRY:
        found = [importlib.import_module(f"{__name__}.{module.name}").EXPORT
                 for module in pkgutil.iter_modules(__path__)
                 if not module.name.startswith("_")]
        _REGISTRY = tuple(sorted(found, key=lambda export: (export.order, export.key)))
    return _REGISTRY


def get(key: str) -> Export:
    """The export `key`; a usage error naming the known ones when there is none."""
    for export in registry():
        if export.key == key:
            return export
    raise UsageError(f"Ekspor '{key}' tidak dikenal. Yang ada: "
                     f"{', '.join(e.key for e in registry())}.")
