"""Non-empty cells a reader does not use, gathered into W405 warnings.

Templates lose their sheet protection in other programs, so people type wherever they like.
A reader uses what has an unambiguous meaning and hands every other non-empty cell to
:class:`UnreadCells`, which reports them per column or region (one W405 each, naming the
cells), so no typed value disappears without a word.
"""

from __future__ import annotations

from questionnaires.backends import cell_ref
from questionnaires.errors import Location, Problem, problem

LISTED_CELLS = 8  # cells named in one W405 before "… dan N sel lain"
SHOWN_CHARS = 60  # characters of a typed value quoted in a message


def shorten(text: str) -> str:
    """`text` cut to :data:`SHOWN_CHARS` characters for a message (``…`` when cut)."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1].rstrip() + "…"


class UnreadCells:
    """Cells nobody reads, by region key: ``add`` each, then ``warnings`` once."""

    def __init__(self) -> None:
        self.regions: dict[tuple[object, ...], tuple[str, list[tuple[int, int, str]]]] = {}

    def add(self, key: tuple[object, ...], detail: str, r: int, c: int, text: str) -> None:
        """Cell (r, c) (0-based) holding `text`, in region `key` described by `detail`."""
        self.regions.setdefault(key, (detail, []))[1].append((r, c, text))

    def warnings(self, file: str, sheet: str) -> list[Problem]:
        """One W405 per region: its range as the location, up to LISTED_CELLS cells named."""
        out = []
        for detail, cells in self.regions.values():
            refs = [cell_ref(r, c) for r, c, _ in cells]
            listed = ", ".join(refs[:LISTED_CELLS])
            if len(refs) > LISTED_CELLS:
                listed += f" dan {len(refs) - LISTED_CELLS} sel lain"
            top = min(r for r, _, _ in cells), min(c for _, c, _ in cells)
            bottom = max(r for r, _, _ in cells), max(c for _, c, _ in cells)
            where = refs[0] if len(refs) == 1 else f"{cell_ref(*top)}:{cell_ref(*bottom)}"
            out.append(problem("W405", Location(file=file, sheet=sheet, cell=where),
                               value=shorten(cells[0][2]),
                               detail=f"{detail}; {len(refs)} sel: {listed}"
                               if len(refs) > 1 else detail))
        return out
