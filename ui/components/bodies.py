"""Badan publik in scope with their participation, and the participation rate KIs announce.

Service gap: the rate (returned / invited) is counted here from ``list_bodies`` because no
``monev`` use case returns it; "returned" means the SAQ came in (on time or late).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from monev.bodies import PARTICIPATION_LABELS, BodyInfo
from questionnaires.model import Methodology
from ui.text import t

RETURNED = frozenset({"submitted", "late"})


@dataclass(frozen=True, slots=True)
class Rate:
    returned: int
    invited: int

    @property
    def share(self) -> float:
        return self.returned / self.invited if self.invited else 0.0


def participation_rate(bodies: Sequence[BodyInfo]) -> Rate:
    return Rate(sum(b.participation in RETURNED for b in bodies), len(bodies))


def category_name(methodology: Methodology, code: str) -> str:
    category = methodology.category(code)
    return category.name if category else code


def body_rows(bodies: Sequence[BodyInfo], methodology: Methodology) -> list[dict[str, Any]]:
    return [{
        t("coord.bodies.col.name"): b.name,
        t("coord.bodies.col.category"): category_name(methodology, b.category),
        t("coord.bodies.col.region"): b.region or "-",
        t("coord.bodies.col.status"): PARTICIPATION_LABELS.get(b.participation or "", "-"),
        t("coord.bodies.col.ppid"): b.ppid_name or "-",
    } for b in bodies]
