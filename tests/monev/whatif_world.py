"""A small cycle of the mini methodology for the what-if tests, with the scores worked out
by hand.

mini: SAQ 80 % (indicator A 60 %: 1.1 Ya/Tidak 2 points, 1.2 checklist a/b/c 3 points;
indicator B 40 %: 2.1 scale 0/½/1 × 4 points for OPD, 2.2 Ya/Tidak 1 point for desa),
presentation 20 % (aspect K) entered only with SAQ ≥ 60 (else 0), a missing presentation
counts 0. Predikat 90/80/60/40.

=============  ==========================  =====  =====  =====  =========  ============
badan publik   answers (verified)          A      B      SAQ    panel      final
=============  ==========================  =====  =====  =====  =========  ============
Dinas A        Ya, {a,b}, 1                80     50     68     80         70,40 (2)
Dinas B        Tidak, {a}, 2               20     100    52     gate → 0   41,60 (3)
Dinas C        Ya, {a,b,c}, 2              100    100    100    90         98,00 (1)
Dinas D        Ya→Tidak (verified), {a,b}  40     50     44     gate → 0   35,20 (4)
Desa E         Ya, {a}, 2.2 Ya             60     100    76     none → 0   60,80 (1)
Dinas Diam     registered, no SAQ          -      -      -      -          -
=============  ==========================  =====  =====  =====  =========  ============

With A 30 % and B 70 % (:func:`reweighted`): A 0,3·80+0,7·50 = 59 → below the gate →
47,20 (Kurang, 3rd); B 0,3·20+0,7·100 = 76 → 60,80 (Cukup, 2nd, no panel score → 0);
C 98,00 (1st, unchanged); D 0,3·40+0,7·50 = 47 → 37,60 (4th); E 0,3·60+0,7·100 = 88 →
70,40 (1st in desa).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from monev import bodies, imports, panel, verification
from monev.cycles import create_cycle
from monev.permissions import SYSTEM
from questionnaires.loader import Registry, parse_methodology
from questionnaires.model import Methodology
from storage.db import Database
from storage.models import Base

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OPD_EVIDENCE = {"1.1": "https://ppid.example.go.id/dip",
                "1.2": "https://ppid.example.go.id/anggaran",
                "2.1": "https://ppid.example.go.id/sop"}

# name → (category, answers)
ANSWERS: dict[str, tuple[str, dict[str, object]]] = {
    "Dinas A": ("opd", {"1.1": "Ya", "1.2": {"a", "b"}, "2.1": 1}),
    "Dinas B": ("opd", {"1.1": "Tidak", "1.2": {"a"}, "2.1": 2}),
    "Dinas C": ("opd", {"1.1": "Ya", "1.2": {"a", "b", "c"}, "2.1": 2}),
    "Dinas D": ("opd", {"1.1": "Ya", "1.2": {"a", "b"}, "2.1": 1}),
    "Desa E": ("desa", {"1.1": "Ya", "1.2": {"a"}, "2.2": "Ya"}),
}

# name → (final, predikat, rank) stored, and under reweighted()
STORED = {
    "Dinas A": (Decimal("70.40"), "Cukup Informatif", 2),
    "Dinas B": (Decimal("41.60"), "Kurang Informatif", 3),
    "Dinas C": (Decimal("98.00"), "Informatif", 1),
    "Dinas D": (Decimal("35.20"), "Tidak Informatif", 4),
    "Desa E": (Decimal("60.80"), "Cukup Informatif", 1),
    "Dinas Diam": (None, None, None),
}
REWEIGHTED = {
    "Dinas A": (Decimal("47.20"), "Kurang Informatif", 3),
    "Dinas B": (Decimal("60.80"), "Cukup Informatif", 2),
    "Dinas C": (Decimal("98.00"), "Informatif", 1),
    "Dinas D": (Decimal("37.60"), "Tidak Informatif", 4),
    "Desa E": (Decimal("70.40"), "Cukup Informatif", 1),
    "Dinas Diam": (None, None, None),
}
# Movers first, the largest change of the final score first; then the rest by category.
REWEIGHTED_ORDER = ["Dinas A", "Dinas B", "Desa E", "Dinas D", "Dinas C", "Dinas Diam"]


def mini_data() -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))


def variant(change: Callable[[dict[str, Any]], None], version: str = "2") -> Methodology:
    """mini with `change(data)` applied (and another version)."""
    data = mini_data()
    data["version"] = version
    change(data)
    return parse_methodology(data, "mini-varian.yaml")


def _weights(data: dict[str, Any]) -> None:
    for indicator in data["indicators"]:
        indicator["weight"] = {"A": 30, "B": 70}.get(indicator["code"], indicator["weight"])


def reweighted() -> Methodology:
    """mini with indicator A at 30 % and B at 70 %."""
    return variant(_weights)


def _restructure(data: dict[str, Any]) -> None:
    data["categories"] = [c for c in data["categories"] if c["code"] != "desa"]
    data["questions"] = [q for q in data["questions"] if q["code"] != "2.2"]
    for q in data["questions"]:
        if q["code"] == "1.1":
            q["code"] = "1.1b"
        if q["code"] == "1.2":  # the checklist became one Ya/Tidak question
            q["type"] = "yes_no"
            del q["items"]
    for indicator in data["indicators"]:
        if indicator["code"] == "K":
            indicator["code"] = "K2"


def restructured() -> Methodology:
    """mini without the desa category (and its question 2.2), question 1.1 renamed 1.1b,
    1.2 a Ya/Tidak question instead of a checklist, panel aspect K renamed K2."""
    return variant(_restructure)


@dataclass
class WhatIfWorld:
    db: Database
    mini: Methodology
    cycle: int
    ids: dict[str, int]

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table (what-if must leave all of it as it was)."""
        from sqlalchemy import select

        with self.db.read() as session:
            return {table.name: [tuple(row) for row in session.execute(
                select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables}


def build(db: Database, mini: Methodology, folder: Path) -> WhatIfWorld:
    """The cycle of the table above, through the services."""
    from questionnaires.template import write_filled

    cycle = create_cycle(db, SYSTEM, methodology_id="mini", ki="KI Simulasi", year=2025,
                         registry=Registry([mini])).id
    ids: dict[str, int] = {}
    paths = []
    for name, (category, answers) in ANSWERS.items():
        ids[name] = bodies.register_body(db, SYSTEM, cycle, name=name, category=category,
                                         region="Kota Uji").id
        path = folder / f"{name}.xlsx"
        write_filled(mini, category, path, badan_publik=name, answers=answers,
                     evidence={k: v for k, v in OPD_EVIDENCE.items() if k in answers})
        paths.append(path)
    ids["Dinas Diam"] = bodies.register_body(db, SYSTEM, cycle, name="Dinas Diam",
                                             category="opd", status="registered").id
    report = imports.import_paths(db, SYSTEM, cycle, paths)
    assert all(f.status is imports.ImportStatus.ACCEPTED for f in report.files), report
    verification.verify_answer(db, SYSTEM, cycle, ids["Dinas D"], "1.1", "Tidak",
                               "tidak ada DIP di laman", expected_seq=0)
    for name, score in (("Dinas A", 80), ("Dinas C", 90)):
        panel.record_panel_score(db, SYSTEM, cycle, ids[name], "panel", "Juri 1", "K", score,
                                 expected_seq=0)
    return WhatIfWorld(db, mini, cycle, ids)
