"""Untrusted input files: recognise what they are and refuse the dangerous ones cheaply.

Everything here runs *before* any spreadsheet parser sees the bytes. :func:`classify`
refuses empty and oversized files, then asks the input formats of
:mod:`questionnaires.formats` — one module each: .xlsx, .xls, .ods, text tables, batch
ZIPs — which one the content is (macros, encryption and zip bombs are refused there, from
magic bytes and a ZIP's directory); :func:`expand` opens containers (batch ZIPs) into their
files. Nothing is extracted to disk.
"""

from __future__ import annotations

import codecs
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import charset_normalizer

from questionnaires.errors import Location, Problem, problem, technical_reason
from questionnaires.formats import (
    Kind,
    Probe,
    Unreadable,
    container_suffixes,
    identify,
    upload_suffixes,
)

MAX_FILE_BYTES = 20 * 1024 * 1024  # one workbook or table, as uploaded
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # one uploaded file (a batch ZIP); = the app's maxUploadSize
JUNK_PREFIXES = ("__MACOSX/",)
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
# What reading a ZIP's directory or one of its members can raise for a damaged or
# unsupported file: a bad CRC or header, a corrupt deflate/LZMA stream (zlib.error,
# LZMAError; bzip2 raises OSError), an unsupported method or an encrypted member
# (NotImplementedError/RuntimeError).
MEMBER_ERRORS = (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError,
                 zlib.error, lzma.LZMAError)


def __getattr__(name: str) -> object:
    """``UPLOAD_SUFFIXES``: what the upload widget offers and the docs list — every input
    format's suffixes (:func:`questionnaires.formats.upload_suffixes`), found when first
    asked for, after the format modules (which import this one) can load."""
    if name == "UPLOAD_SUFFIXES":
        return upload_suffixes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Source:
    """One input file held in memory; `name` is what users see (``batch.zip/a/b.xlsx``)."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Rejected:
    """A file refused before parsing, with the reason."""

    name: str
    problem: Problem


def refuse(name: str, code: str, **context: object) -> Rejected:
    """File `name` refused with the catalogued problem `code`."""
    return Rejected(name, problem(code, Location(file=name), **context))


def megabytes(size: int) -> str:
    """A size in bytes as ``12,5 MB``."""
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def _over_limit(name: str, size: int, suffix: str) -> Rejected | None:
    """F205 for a file larger than an upload may be, or — unless its name says it is a
    container (a batch ZIP) — larger than one questionnaire or table may be."""
    if size > MAX_UPLOAD_BYTES:
        return refuse(name, "F205", detail=f"{megabytes(size)}; batas "
                      f"{megabytes(MAX_UPLOAD_BYTES)}")
    if size > MAX_FILE_BYTES and suffix not in container_suffixes():
        return refuse(name, "F205", detail=f"{megabytes(size)}; batas "
                      f"{megabytes(MAX_FILE_BYTES)}")
    return None


def classify(source: Source) -> Kind | Rejected:
    """What `source` is (a :class:`~questionnaires.formats.Kind`), or why it is refused.
    Only magic bytes and, for a ZIP, its directory are looked at; nothing is parsed."""
    if not source.data:
        return refuse(source.name, "F212")
    probe = Probe(source, MEMBER_ERRORS)
    refused = _over_limit(source.name, len(source.data), probe.suffix)
    if refused is not None:
        return refused
    try:
        found = identify(probe)
    except Unreadable as exc:
        return refuse(source.name, "F204", detail=exc.reason)
    finally:
        probe.close()
    return found if found is not None else refuse(source.name, "F201")


def bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when `data` is UTF-16 text without a byte-order mark
    (Windows' "Unicode" without one), else None; only its first 4 KiB are looked at.

    Text in Latin script has a NUL byte in every other position there (the high byte of
    each ASCII character): at least 3/4 of the odd (LE) or even (BE) positions must be
    NUL, the head must decode without NUL or control characters other than tab and line
    breaks, and charset-normalizer must confirm the codec.
    """
    head = data[:4096]
    head = head[:len(head) - len(head) % 2]
    if not head:
        return None
    for codec, highs in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if highs.count(0) * 4 < len(highs) * 3:
            continue
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            return None
        if _CONTROL_TEXT.search(text) or charset_normalizer.from_bytes(
                head, cp_isolation=[codec.replace("-", "_")]).best() is None:
            return None
        return codec
    return None


_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_junk(member: str) -> bool:
    """Whether a ZIP member or a file in a folder is an operating system's litter
    (``__MACOSX/``, ``.DS_Store``, ``Thumbs.db``, ``~$`` lock files, ``._`` forks)."""
    base = PurePosixPath(member).name.lower()
    return (member.startswith(JUNK_PREFIXES) or base in JUNK_NAMES or base.startswith("~$")
            or base.startswith("._"))


def expand(sources: Iterable[Source]) -> Iterator[tuple[Source, Kind] | Rejected]:
    """Every readable file among `sources` (containers opened), or why one is refused."""
    for source in sources:
        kind = classify(source)
        if isinstance(kind, Rejected):
            yield kind
        elif kind.members is not None:
            yield from kind.members(source, 0)
        else:
            yield source, kind


def read_paths(paths: Iterable[Path]) -> Iterator[Source | Rejected]:
    """Sources from files or folders on disk (folders are walked, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not is_junk(child.relative_to(path).as_posix()):
                    yield from read_paths([child])
            continue
        try:
            refused = _over_limit(path.name, path.stat().st_size, path.suffix.lower())
            if refused is not None:
                yield refused
                continue
            yield Source(path.name, path.read_bytes())
        except OSError as exc:
            yield refuse(str(path), "F204", detail=technical_reason(exc))
