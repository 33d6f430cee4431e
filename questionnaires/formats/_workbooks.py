"""What the zipped workbook kinds (.xlsx, .ods) share: limits checked on the ZIP directory
before a parser sees the file, and the refusal of a file named like a workbook that is not
one."""

from __future__ import annotations

import zipfile

from questionnaires.formats import Probe
from questionnaires.sources import Rejected, megabytes, refuse

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # one workbook, unzipped
MAX_SHEET_XML = 8 * 1024 * 1024  # uncompressed XML of one worksheet
MAX_RATIO = 100  # uncompressed / compressed of one workbook (legit templates: ~6)


def too_large(name: str, infos: list[zipfile.ZipInfo], compressed: int, *,
              largest: int = 0) -> Rejected | None:
    """F205 when the workbook unzips to more than :data:`MAX_UNCOMPRESSED` (or its
    `largest` part does) or compresses more than :data:`MAX_RATIO`:1 (a zip bomb)."""
    total = sum(i.file_size for i in infos)
    if max(total, largest) > MAX_UNCOMPRESSED:
        return refuse(name, "F205", detail=f"{megabytes(max(total, largest))}; batas "
                      f"{megabytes(MAX_UNCOMPRESSED)}")
    if compressed and total / compressed > MAX_RATIO:
        return refuse(name, "F205",
                      detail=f"rasio kompresi {total // compressed}:1; batas {MAX_RATIO}:1")
    return None


def misnamed(probe: Probe, suffixes: tuple[str, ...]) -> Rejected | None:
    """F204 for a file whose name says workbook (`suffixes`) but whose content no kind
    recognised: a ZIP without a workbook's parts, or bytes that are no workbook at all."""
    if probe.suffix not in suffixes:
        return None
    detail = (f"struktur {probe.suffix} tidak lengkap" if probe.is_zip
              else "bukan format Excel yang utuh")
    return refuse(probe.name, "F204", detail=detail)
