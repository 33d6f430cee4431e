"""Batch ZIPs: many questionnaires or tables in one upload, folders allowed, one level of
nested ZIPs.

Any ZIP archive that no other kind recognised (an .xlsx or .ods is a ZIP too) and whose
name does not say it is a workbook. Never opened as such: its members are walked — junk
(``__MACOSX/``, ``.DS_Store``, ``~$`` lock files) skipped, unsafe names, too many members,
too much data or a member's zip-bomb ratio refused — and each is classified like an
upload of its own. Nothing is extracted to disk.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from questionnaires.errors import technical_reason
from questionnaires.formats import Kind, Probe
from questionnaires.sources import (
    MAX_FILE_BYTES,
    MEMBER_ERRORS,
    Rejected,
    Source,
    classify,
    is_junk,
    megabytes,
    refuse,
)

MAX_BATCH_MEMBERS = 5000
MAX_BATCH_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
MAX_MEMBER_RATIO = 1000  # uncompressed / compressed of one member
MAX_NESTING = 1  # a ZIP inside the uploaded ZIP is read; deeper ones are refused


def _unsafe(member: str) -> str:
    path = PurePosixPath(member.replace("\\", "/"))
    if path.is_absolute() or (member[1:2] == ":"):
        return "jalur absolut"
    if ".." in path.parts:
        return "jalur mengandung '..'"
    return ""


def members(source: Source, depth: int = 0) -> Iterator[tuple[Source, Kind] | Rejected]:
    """The files inside a batch ZIP (folders flattened into the name), each unparsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.data))
    except MEMBER_ERRORS as exc:
        yield refuse(source.name, "F204", detail=technical_reason(exc))
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and not is_junk(i.filename)]
        if not infos:  # nothing to read (empty, or only folders and junk): never silently
            yield refuse(source.name, "F212")
            return
        if len(infos) > MAX_BATCH_MEMBERS:
            yield refuse(source.name, "F214", count=len(infos), limit=MAX_BATCH_MEMBERS)
            return
        total = sum(i.file_size for i in infos)
        if total > MAX_BATCH_UNCOMPRESSED:
            yield refuse(source.name, "F205", detail=f"{megabytes(total)}; batas "
                         f"{megabytes(MAX_BATCH_UNCOMPRESSED)}")
            return
        for info in infos:
            name = f"{source.name}/{info.filename}"
            reason = _unsafe(info.filename)
            if reason:
                yield refuse(name, "F213", value=info.filename, detail=reason)
                continue
            if info.file_size > MAX_FILE_BYTES:
                yield refuse(name, "F205", detail=f"{megabytes(info.file_size)}; batas "
                             f"{megabytes(MAX_FILE_BYTES)}")
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_MEMBER_RATIO:
                yield refuse(name, "F205", detail=f"rasio kompresi "
                             f"{info.file_size // info.compress_size}:1")
                continue
            try:
                data = archive.read(info)
            except MEMBER_ERRORS as exc:
                reason = "terenkripsi" if info.flag_bits & 0x1 else technical_reason(exc)
                yield refuse(name, "F204", detail=reason)
                continue
            member = Source(name, data)
            kind = classify(member)
            if isinstance(kind, Rejected):
                yield kind
            elif kind.members is not None:
                if depth >= MAX_NESTING:
                    yield refuse(name, "F213", value=info.filename,
                                 detail="ZIP di dalam ZIP lebih dari satu tingkat")
                else:
                    yield from kind.members(member, depth + 1)
            else:
                yield member, kind


def detect(probe: Probe) -> bool:
    return probe.archive is not None


KIND = Kind(key="zip", label="ZIP berisi berkas-berkas di atas", suffixes=(".zip",),
            order=90, detect=detect, members=members, fallback=True)
