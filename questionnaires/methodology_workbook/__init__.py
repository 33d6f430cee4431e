"""The methodology as a workbook: what a KI staff member edits in Excel instead of YAML.

In the spirit of XLSForm: one sheet per kind of thing, one row per thing, headers and
sheet names in Bahasa Indonesia, dropdowns where a value comes from a list, and a Petunjuk
sheet explaining every column. The layout lives in :mod:`.columns` (one table per sheet —
adding a model field is adding a column there), the writer in :mod:`.writer`, the reader in
:mod:`.reader`.

- :func:`write_methodology_workbook` (``m, target``) writes any methodology, presets
  included; :func:`methodology_workbook_bytes` gives the bytes of a download.
- :func:`read_methodology_workbook` (``source: bytes | Path | Source | BinaryIO``) reads
  one back — an untrusted upload, read in an isolated worker — into a validated
  :class:`~questionnaires.model.Methodology`, or raises
  :class:`~questionnaires.errors.ProblemsError` with every problem by ``Lembar!Sel``.

A methodology written and read back is equal, with the same fingerprints.
"""

from questionnaires.methodology_workbook.reader import parse_sheets, read_methodology_workbook
from questionnaires.methodology_workbook.writer import (
    methodology_workbook_bytes,
    workbook_filename,
    write_methodology_workbook,
)

__all__ = [
    "methodology_workbook_bytes",
    "parse_sheets",
    "read_methodology_workbook",
    "workbook_filename",
    "write_methodology_workbook",
]
