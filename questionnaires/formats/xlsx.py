"""Excel workbooks (Office Open XML: .xlsx, and its template .xltx), read with calamine.

Recognised by a ZIP holding ``[Content_Types].xml``. Refused from the ZIP directory alone:
macros (a ``vbaProject.bin``, a macro-enabled content type, or the name of a macro
workbook — .xlsm, .xltm, .xlam — whatever it holds), a worksheet or a whole workbook too
large once unzipped, a zip bomb's compression ratio, and a ZIP without a workbook part.
"""

from __future__ import annotations

import zipfile

from questionnaires.backends import open_workbook
from questionnaires.errors import technical_reason
from questionnaires.formats import Kind, Probe
from questionnaires.formats._workbooks import MAX_SHEET_XML, misnamed, too_large
from questionnaires.sources import MEMBER_ERRORS, Rejected, megabytes, refuse

MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
SUFFIXES = (".xlsx", ".xltx")


def check(name: str, archive: zipfile.ZipFile, compressed: int) -> Rejected | None:
    """Refuse macro workbooks and zip bombs by looking at the ZIP directory only."""
    infos = archive.infolist()
    names = {i.filename.lower() for i in infos}
    if "xl/vbaproject.bin" in names or any(n.endswith(".bin") and "vba" in n for n in names):
        return refuse(name, "F203", detail="vbaProject.bin")
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_XML:
            return refuse(name, "F205", detail=f"lembar {info.filename} berukuran "
                          f"{megabytes(info.file_size)} setelah diekstrak; batas "
                          f"{megabytes(MAX_SHEET_XML)}")
    refused = too_large(name, infos, compressed)
    if refused is not None:
        return refused
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        return refuse(name, "F201")
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        return refuse(name, "F204", detail="[Content_Types].xml tidak ada")
    except MEMBER_ERRORS as exc:
        return refuse(name, "F204", detail=technical_reason(exc))
    if b"macroEnabled" in types:
        return refuse(name, "F203", detail="jenis isi macroEnabled")
    return None


def detect(probe: Probe) -> bool | Rejected | None:
    if probe.suffix in MACRO_SUFFIXES:  # refused by name, before anything is opened
        return refuse(probe.name, "F203", detail=f"ekstensi {probe.suffix}")
    archive = probe.archive
    if archive is None or "[Content_Types].xml" not in archive.namelist():
        return None
    return check(probe.name, archive, len(probe.data)) or True


KIND = Kind(key="xlsx", label="Excel (.xlsx)", suffixes=(".xlsx",), order=10, detect=detect,
            open=open_workbook, misnamed=lambda probe: misnamed(probe, SUFFIXES),
            is_workbook=True)
