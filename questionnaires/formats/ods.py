"""OpenDocument spreadsheets (LibreOffice's .ods, and its template .ots), read with
calamine.

Recognised by a ZIP whose ``mimetype`` member names an OpenDocument file, checked like an
.xlsx by its ZIP directory only: LibreOffice Basic macros, size and compression ratio, a
missing ``content.xml``. Any other OpenDocument file (a text document) is refused; a ZIP
whose ``mimetype`` is something else is left to the other kinds (a batch ZIP that happens
to hold a file named "mimetype").
"""

from __future__ import annotations

from questionnaires.backends import open_workbook
from questionnaires.errors import technical_reason
from questionnaires.formats import Kind, Probe
from questionnaires.formats._workbooks import misnamed, too_large
from questionnaires.sources import MEMBER_ERRORS, Rejected, refuse

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SUFFIXES = (".ods", ".ots")


def detect(probe: Probe) -> bool | Rejected | None:
    archive = probe.archive
    if archive is None or "mimetype" not in archive.namelist():
        return None
    name = probe.name
    try:
        with archive.open("mimetype") as member:  # a few bytes; never a bomb's worth
            mimetype = member.read(256).strip()
    except MEMBER_ERRORS as exc:
        return refuse(name, "F204", detail=technical_reason(exc))
    if not mimetype.startswith(b"application/vnd.oasis.opendocument."):
        return None
    if mimetype not in (MIMETYPE, MIMETYPE + b"-template"):
        return refuse(name, "F201")
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if any(n.lower().startswith("basic/") for n in names):
        return refuse(name, "F203", detail="makro LibreOffice Basic")
    if "content.xml" not in names:
        return refuse(name, "F204", detail="content.xml tidak ada")
    return too_large(name, infos, len(probe.data),
                     largest=archive.getinfo("content.xml").file_size) or True


KIND = Kind(key="ods", label="OpenDocument (.ods)", suffixes=(".ods",), order=30,
            detect=detect, open=open_workbook,
            misnamed=lambda probe: misnamed(probe, SUFFIXES), is_workbook=True)
