"""Input formats: every kind of file the readers take, one module of this package each.

A module here (its name not starting with ``_``) defines ``KIND = Kind(...)``: its key
(``Kind.XLSX`` finds it), a label, the suffixes the upload widget offers, how to recognise
such a file *by its content* (``detect``; the name only breaks ties and names a refusal),
and how to open it (``open``: a :class:`Sheets`, the same for a workbook and a text table)
— or, for a container such as a batch ZIP, how to list the files in it (``members``).
:func:`questionnaires.sources.classify` asks the kinds in their ``order``; adding a format
is adding a module here (plus its tests), nothing else.

Detection runs on untrusted bytes before any parser sees them: it looks at magic bytes
and a ZIP's directory (:class:`Probe`), never extracts anything, and refuses what is
dangerous (macros, encryption, zip bombs) with a catalogued problem.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol

from questionnaires.errors import technical_reason

if TYPE_CHECKING:
    from questionnaires.backends import Decoding, Rows
    from questionnaires.sources import Rejected, Source

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


class Sheets(Protocol):
    """An opened input file: named sheets of rows (a text table is one sheet named ``""``).

    ``rows(name)`` gives every row from A1, so indexes map to cell references;
    ``formulas``/``links`` the cells holding a formula without a stored value or an
    external hyperlink, (row, col) 0-based. `ragged`: rows keep their own length (a text
    table), else they are padded to the sheet's width. `decoding`: how a text table's bytes
    were decoded (a guessed encoding is said, W408); None for a workbook.
    """

    source: Source
    sheet_names: list[str]
    ragged: bool
    decoding: Decoding | None

    @property
    def visible_sheet_names(self) -> list[str]: ...

    def rows(self, name: str) -> Rows: ...

    def formulas(self, name: str) -> dict[tuple[int, int], str]: ...

    def links(self, name: str) -> dict[tuple[int, int], str]: ...

    def has_content(self, name: str) -> bool: ...


class Unreadable(Exception):
    """The bytes start like a ZIP but its directory cannot be read (F204 with `reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Probe:
    """What detection looks at: a file's bytes, its name's suffix (lower case), and — when
    the bytes are a ZIP archive — its directory, opened once on first use and never
    extracted. Reading ``archive`` of a damaged ZIP raises :class:`Unreadable`; `damaged`
    are the exceptions that mean one (:data:`questionnaires.sources.MEMBER_ERRORS`)."""

    def __init__(self, source: Source, damaged: tuple[type[BaseException], ...]) -> None:
        self.source = source
        self.suffix = PurePosixPath(source.name).suffix.lower()
        self.damaged = damaged
        self._archive: zipfile.ZipFile | None = None

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def data(self) -> bytes:
        return self.source.data

    @property
    def is_zip(self) -> bool:
        """Whether the bytes start like a ZIP archive (an .xlsx, an .ods, a batch ZIP)."""
        return self.data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC))

    @property
    def archive(self) -> zipfile.ZipFile | None:
        """The ZIP directory, or None when the bytes are not a ZIP."""
        if self._archive is None and self.is_zip:
            try:
                self._archive = zipfile.ZipFile(io.BytesIO(self.data))
            except self.damaged as exc:  # also NotImplementedError: "zip file version 14.2"
                raise Unreadable(technical_reason(exc)) from None
        return self._archive

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()


def _nothing(probe: Probe) -> Rejected | None:
    return None


def _by_key(key: str) -> Kind:
    """The registered kind `key` (how a kind is pickled to a worker process and back: by
    name, so ``kind is Kind.CSV`` holds there too)."""
    for kind in kinds():
        if kind.key == key:
            return kind
    raise KeyError(key)


class _Registered(type):
    """``Kind.XLSX``, ``Kind.CSV``…: a registered kind by its key in capitals."""

    def __getattr__(cls, name: str) -> Kind:
        if name.isupper():
            try:
                return _by_key(name.lower())
            except KeyError:
                pass
        raise AttributeError(f"type object 'Kind' has no attribute {name!r}")


@dataclass(frozen=True, eq=False)
class Kind(metaclass=_Registered):
    """One input format: how it is recognised and opened.

    `detect` looks at the content (:class:`Probe`); `misnamed` refuses a file whose name
    says it is this kind when no kind recognised its content (e.g. F204 "rusak" for random
    bytes named ``.xlsx``); a `fallback` kind is asked last, after every name was checked
    (a batch ZIP: any archive no other kind claims). `open` reads the file into
    :class:`Sheets`. A container (a batch ZIP) is never opened: `members` (source, nesting
    depth) yields the files in it, each classified, or why one is refused
    (:func:`questionnaires.sources.expand`). Containers may be as large as an upload
    (:data:`~questionnaires.sources.MAX_UPLOAD_BYTES`), any other file only
    :data:`~questionnaires.sources.MAX_FILE_BYTES`.
    """

    key: str  # "xlsx": Kind.XLSX
    label: str  # "Excel (.xlsx)"
    suffixes: tuple[str, ...]  # offered by the upload widget, lower case with the dot
    order: int  # detection order, low first
    detect: Callable[[Probe], bool | Rejected | None]
    open: Callable[[Source], Sheets] | None = None
    members: Callable[[Source, int], Iterator[tuple[Source, Kind] | Rejected]] | None = None
    misnamed: Callable[[Probe], Rejected | None] = _nothing
    is_workbook: bool = False  # a spreadsheet (several sheets, formulas, links)
    fallback: bool = False

    @property
    def container(self) -> bool:
        """Whether files of this kind hold other files (read one by one, never opened)."""
        return self.members is not None

    def __repr__(self) -> str:
        return f"Kind.{self.key.upper()}"

    def __reduce__(self) -> tuple[Callable[[str], Kind], tuple[str]]:
        return _by_key, (self.key,)


_KINDS: tuple[Kind, ...] = ()


def kinds() -> tuple[Kind, ...]:
    """Every registered kind, in detection order (the modules of this package, each with
    its ``KIND``; found on first use, so a format module may import anything)."""
    global _KINDS
    if not _KINDS:
        found = [importlib.import_module(f"{__name__}.{module.name}").KIND
                 for module in pkgutil.iter_modules(__path__)
                 if not module.name.startswith("_")]  # _name: shared by kinds, not one
        _KINDS = tuple(sorted(found, key=lambda kind: (kind.order, kind.key)))
    return _KINDS


def upload_suffixes() -> tuple[str, ...]:
    """What the upload widget offers: every kind's suffixes, in detection order."""
    return tuple(suffix for kind in kinds() for suffix in kind.suffixes)


def container_suffixes() -> frozenset[str]:
    """Suffixes of container kinds (a batch ZIP), which may be as large as an upload."""
    return frozenset(suffix for kind in kinds() if kind.container for suffix in kind.suffixes)


def identify(probe: Probe) -> Kind | Rejected | None:
    """The kind of the probed file, a refusal, or None when no kind takes it (F201).

    First every kind but the fallbacks by content, in order; then every kind whose name
    the file bears (a damaged or disguised file); then the fallbacks.
    """
    ordered = kinds()
    for kind in ordered:
        if not kind.fallback:
            verdict = kind.detect(probe)
            if verdict:
                return kind if verdict is True else verdict
    for kind in ordered:
        refused = kind.misnamed(probe)
        if refused is not None:
            return refused
    for kind in ordered:
        if kind.fallback:
            verdict = kind.detect(probe)
            if verdict:
                return kind if verdict is True else verdict
    return None
