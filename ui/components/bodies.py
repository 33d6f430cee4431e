"""Badan publik in scope with their participation, as table rows for the pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monev.bodies import PARTICIPATION_LABELS, BodyInfo, participation_rate
from questionnaires.model import Methodology
from ui.text import t

__all__ = ["body_rows", "category_name", "participation_rate"]


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
