"""The difference between two methodologies, as a list of structured changes (pure).

:func:`diff_methodologies` compares every field of two :class:`~questionnaires.model.Methodology`
definitions by value (``10`` and ``10.0`` are the same weight): lists of coded items
(categories, stages, indicators, questions — and any other list whose items carry a
``code``) are matched by code, predikat bands by label; anything else field by field. The
result says, for a KI deciding on next year's instrument, *what* changed:

- ``Change(section="indicators", code="A", kind=CHANGED, field="weight", old=60, new=50)``:
  a weight changed (stage and indicator weights, per-category weights alike);
- ``Change(section="questions", code="1.4", kind=ADDED, new={...})``: a question added
  (``REMOVED`` with ``old=`` for one removed);
- ``Change(section="questions", code="1.1", kind=CHANGED, field="text", ...)``: reworded;
- ``Change(section="stages", code="visitasi", kind=ADDED, field="gates", new={...})``:
  a gate (*gerbang*) added to a stage (``REMOVED`` with ``old=``: one removed; ``CHANGED``
  with both: a gate on the same earlier stage and of the same form — threshold or rank —
  whose bound, comparison, basis or score below it changed), one change per gate;
- ``Change(section="bands", code="Informatif", kind=CHANGED, field="lower", ...)``;
- ``Change(section="version", kind=CHANGED, old="2025.1", new="2025.2")``: a scalar field
  of the methodology itself (id, version, title, ki, year); ``section="provenance"`` or
  ``"rounding"`` with `field` for one of their fields.

Values are kept as the model gives them (``Decimal``, ``str``, dicts and lists for nested
parts); :func:`plain` turns them into JSON-ready data. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from questionnaires.model import Methodology

# Lists matched by a key other than "code".
_KEYS = {"bands": "label"}

# How people read a change (Bahasa Indonesia); a field not listed is shown by its name.
SECTION_LABELS = {
    "id": "Kode metodologi", "version": "Versi", "title": "Judul", "ki": "Komisi Informasi",
    "year": "Tahun", "legal_basis": "Dasar hukum", "provenance": "Sumber dan asumsi",
    "categories": "Kategori", "stages": "Tahapan", "indicators": "Indikator",
    "questions": "Pertanyaan", "bands": "Predikat", "rounding": "Pembulatan",
    "tie_breakers": "Penentu peringkat",
}
FIELD_LABELS = {
    "weight": "bobot", "weights": "bobot per kategori", "text": "teks", "name": "nama",
    "gate": "gerbang", "gates": "gerbang", "points": "poin",
    "guidance": "definisi operasional", "type": "jenis jawaban", "indicator": "indikator",
    "categories": "kategori", "evidence": "data dukung", "scale": "skala", "items": "butir",
    "allow_na": "boleh nihil", "lower": "batas bawah", "upper": "batas atas",
    "colour": "warna", "kind": "jenis", "missing": "bila tidak ada nilai",
    "description": "keterangan", "stage": "tahapan", "legal_basis": "dasar hukum",
    "sources": "sumber", "confidence": "tingkat keyakinan", "assumptions": "asumsi",
    "notes": "catatan", "decimals": "jumlah desimal", "mode": "cara pembulatan",
    "code": "kode", "label": "label", "min_score": "nilai minimum",
    "below_gate_score": "nilai bila tidak lolos gerbang", "value": "nilai",
    "fraction": "fraksi",
    "thresholds": "ambang poin", "unit": "satuan", "min_value": "angka minimum",
    "max_value": "angka maksimum", "inclusive": "termasuk batas",
    "comparison": "pembanding gerbang", "basis": "dasar nilai gerbang",
    "top": "peringkat teratas", "questions": "pertanyaan dipantau",
}
KIND_LABELS = {"added": "ditambahkan", "removed": "dihapus", "changed": "diubah"}


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. `section` is the methodology's field (``"questions"``, ``"stages"``,
    ``"version"``…); `code` the item's code within a list (a band's label; ``""`` for the
    methodology's own fields); `field` the item's (or a nested part's) field that changed
    (``""`` for an item added or removed, or a scalar section). `old`/`new`: the values
    (for an item added or removed, the whole item as a dict)."""

    section: str
    code: str
    kind: ChangeKind
    field: str = ""
    old: Any = None
    new: Any = None

    @property
    def is_weight(self) -> bool:
        """A weight changed (a stage's, an indicator's, or a per-category one)."""
        return self.kind is ChangeKind.CHANGED and "weight" in self.field

    @property
    def is_rewording(self) -> bool:
        """A question's text changed."""
        return (self.section == "questions" and self.kind is ChangeKind.CHANGED
                and self.field == "text")

    @property
    def section_label(self) -> str:
        return SECTION_LABELS.get(self.section, self.section)

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    @property
    def is_gate(self) -> bool:
        """A stage's gate added, removed or changed (`old`/`new`: the gate as a dict)."""
        return self.section == "stages" and self.field == "gates"

    def describe(self) -> str:
        """In a sentence: ``Indikator 'A': bobot diubah``, ``Pertanyaan '1.4' ditambahkan``,
        ``Tahapan 'visitasi': gerbang ditambahkan``, ``Versi diubah``, ``Sumber dan asumsi:
        asumsi diubah``."""
        what = self.section_label + (f" '{self.code}'" if self.code else "")
        if self.field:
            return f"{what}: {self.field_label} {KIND_LABELS[self.kind.value]}"
        return f"{what} {KIND_LABELS[self.kind.value]}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"section", "code", "kind", "field", "old", "new"}``."""
        return {"section": self.section, "code": self.code, "kind": self.kind.value,
                "field": self.field, "old": plain(self.old), "new": plain(self.new)}


def _same(a: Any, b: Any) -> bool:
    """Equal by value: Decimals by number, enums by value, tuples as lists."""
    return plain(a) == plain(b)


def plain(value: Any) -> Any:
    """`value` as JSON-ready data: a Decimal as its shortest text (``"10"`` for 10.0),
    an enum as its value, tuples as lists (recursively)."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _key_of(section: str, items: Iterable[Any]) -> str | None:
    """The key the items of list `section` are matched by, or None (compared whole)."""
    items = list(items)
    key = _KEYS.get(section, "code")
    if items and all(isinstance(i, Mapping) and key in i for i in items):
        return key
    return None


def _fields(section: str, code: str, old: Mapping[str, Any], new: Mapping[str, Any],
            prefix: str = "") -> Iterator[Change]:
    """Field-by-field changes of one item (or of the methodology's nested part)."""
    for name in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(name), new.get(name)
        if _same(a, b):
            continue
        if section == "stages" and name == "gates" and not prefix:
            yield from _gates(code, list(a or ()), list(b or ()))
        else:
            yield Change(section, code, ChangeKind.CHANGED, f"{prefix}{name}", a, b)


def _gate_form(gate: Mapping[str, Any]) -> tuple[Any, bool]:
    """What pairs an old gate with a new one: the earlier stage and threshold-or-rank."""
    return gate.get("stage"), gate.get("top") is not None


def _gates(code: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    """One change per gate of stage `code`: the gates in both (by value) are left out; a
    remaining old gate pairs with the first remaining new one of the same form
    (:func:`_gate_form`: ``CHANGED``); the rest are ``REMOVED`` and ``ADDED``."""
    new = list(new)
    left = []
    for gate in old:
        same = next((n for n, other in enumerate(new) if _same(gate, other)), None)
        if same is None:
            left.append(gate)
        else:
            new.pop(same)
    for gate in left:
        pair = next((n for n, other in enumerate(new)
                     if _gate_form(other) == _gate_form(gate)), None)
        if pair is None:
            yield Change("stages", code, ChangeKind.REMOVED, "gates", old=gate)
        else:
            yield Change("stages", code, ChangeKind.CHANGED, "gates", gate, new.pop(pair))
    for gate in new:
        yield Change("stages", code, ChangeKind.ADDED, "gates", new=gate)


def _list(section: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    key = _key_of(section, [*old, *new])
    if key is None:
        if not _same(old, new):
            yield Change(section, "", ChangeKind.CHANGED, "", old, new)
        return
    before = {str(item[key]): item for item in old}
    after = {str(item[key]): item for item in new}
    for code, item in before.items():
        if code not in after:
            yield Change(section, code, ChangeKind.REMOVED, old=item)
        else:
            yield from _fields(section, code, item, after[code])
    for code, item in after.items():
        if code not in before:
            yield Change(section, code, ChangeKind.ADDED, new=item)


def diff_methodologies(old: Methodology, new: Methodology) -> tuple[Change, ...]:
    """Every difference from `old` to `new`, in the methodology's field order (within a
    list: the items of `old` in their order, then those only in `new`). Empty when the two
    define the same thing."""
    a, b = old.model_dump(), new.model_dump()
    changes: list[Change] = []
    for section in [*a, *(k for k in b if k not in a)]:
        x, y = a.get(section), b.get(section)
        if _same(x, y):
            continue
        if isinstance(x, list | tuple) and isinstance(y, list | tuple):
            changes += _list(section, list(x), list(y))
        elif isinstance(x, Mapping) and isinstance(y, Mapping):
            changes += _fields(section, "", x, y)
        else:
            changes.append(Change(section, "", ChangeKind.CHANGED, "", x, y))
    return tuple(changes)
