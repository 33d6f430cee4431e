"""Excel 97-2003 workbooks (.xls, an OLE2 compound file), read with calamine.

Recognised by the OLE2 signature. An Office Open XML workbook protected with a password is
an OLE2 file too, holding an ``EncryptedPackage``: refused as such (F202), whatever its
name.
"""

from __future__ import annotations

from questionnaires.backends import open_workbook
from questionnaires.formats import Kind, Probe
from questionnaires.sources import Rejected, refuse

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def detect(probe: Probe) -> bool | Rejected | None:
    if not probe.data.startswith(OLE_MAGIC):
        return None
    if ENCRYPTED_MARK in probe.data:
        return refuse(probe.name, "F202")
    return True


def misnamed(probe: Probe) -> Rejected | None:
    """Bytes named .xls that are no workbook (a ZIP named .xls is read as a batch ZIP)."""
    if probe.suffix != ".xls" or probe.is_zip:
        return None
    return refuse(probe.name, "F204", detail="bukan format Excel yang utuh")


KIND = Kind(key="xls", label="Excel 97-2003 (.xls)", suffixes=(".xls",), order=20,
            detect=detect, open=open_workbook, misnamed=misnamed, is_workbook=True)
