"""Delimited text tables (.csv, .tsv, .txt): a responses table exported from Google Forms
or saved from a spreadsheet program, in whichever encoding and with whichever delimiter
it was written (:func:`questionnaires.backends.text_table`).

Recognised by its name and by bytes that read as text: UTF-8, UTF-16 with or without a
byte-order mark (Excel's "Unicode text"), or an 8-bit encoding without the control bytes
of binary data. Opened as one sheet named ``""`` whose rows keep their own length.
"""

from __future__ import annotations

import codecs
import re

from questionnaires.backends import open_text_table
from questionnaires.formats import Kind, Probe
from questionnaires.sources import bomless_utf16

SUFFIXES = (".csv", ".tsv", ".txt")
HEAD_BYTES = 4096  # looked at to tell text from binary data
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def looks_like_text(data: bytes) -> bool:
    """Whether the first :data:`HEAD_BYTES` of `data` read as text in an encoding
    spreadsheet programs write tables in."""
    head = data[:HEAD_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" (tab-separated UTF-16 with a byte-order mark): NUL bytes
        # are half of every ASCII character there, so it is text when it decodes.
        return _decodes_utf16(head)
    if b"\x00" in head:
        return bomless_utf16(head) is not None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 4 KiB boundary is still text; otherwise an
        # 8-bit encoding: cp1252, or mac_roman (which decodes any byte, so only without
        # the control bytes of binary data).
        return (exc.start >= len(head) - 3 or _decodes_cp1252(head)
                or not _CONTROL_BYTES.search(head))
    return True


def _decodes_utf16(head: bytes) -> bool:
    try:
        text = codecs.getincrementaldecoder("utf-16")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def _decodes_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def detect(probe: Probe) -> bool:
    return probe.suffix in SUFFIXES and not probe.is_zip and looks_like_text(probe.data)


KIND = Kind(key="csv", label="Tabel teks (.csv, .tsv, .txt)", suffixes=SUFFIXES, order=40,
            detect=detect, open=open_text_table)
