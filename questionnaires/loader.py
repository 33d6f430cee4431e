"""Load methodologies from YAML files (or methodology workbooks) and keep the registry of
available ones.

The presets ship in ``questionnaires/methodologies/*.yaml``; a KI can add its own file to
that folder (or pass another folder) without touching code. :func:`load_methodology` also
reads the methodology workbook (:mod:`questionnaires.methodology_workbook`). Loading
parses, builds the pydantic model and runs
:func:`~questionnaires.validation.validate_methodology`; any problem raises
:class:`~questionnaires.errors.ProblemsError` listing all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.model import Methodology
from questionnaires.pydantic_messages import pydantic_message
from questionnaires.validation import validate_methodology

PRESET_DIR = Path(__file__).parent / "methodologies"


def _path_of(loc: tuple[int | str, ...], data: Any) -> str:
    """Render a pydantic location as ``questions[3] (2.1.3).indicator`` using the data."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and key < len(node):
                node = node[key]
                if isinstance(node, dict) and ("code" in node or "label" in node):
                    label += f" ({node.get('code', node.get('label'))})"
            else:
                node = None
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)


def _value_at(loc: tuple[int | str, ...], data: Any) -> Any:
    node = data
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return "(tidak diisi)"
    return node


def parse_methodology(data: Any, source: str = "") -> Methodology:
    """Build and validate a methodology from already-parsed YAML/JSON data."""
    if not isinstance(data, dict):
        raise ProblemsError([problem("M101", Location(file=source),
                                     detail="isi berkas harus berupa pemetaan (key: nilai)")])
    try:
        methodology = Methodology.model_validate(data)
    except ValidationError as exc:
        found = [
            problem("M102", Location(file=source, path=_path_of(err["loc"], data)),
                    detail=pydantic_message(err), value=_value_at(err["loc"], data))
            for err in exc.errors()
        ]
        raise ProblemsError(found) from None
    found = validate_methodology(methodology, source)
    if found:
        raise ProblemsError(found)
    return methodology


# A methodology workbook (questionnaires.methodology_workbook); anything else is YAML.
WORKBOOK_SUFFIXES = (".xlsx", ".xltx", ".xls", ".ods")
YAML_SUFFIXES = (".yaml", ".yml")


def load_methodology(path: Path) -> Methodology:
    """Load one methodology file: a methodology workbook (``.xlsx``; also .xls, .ods —
    read in an isolated worker, problems by ``Lembar!Sel``) or YAML (any other name).
    Raises :class:`ProblemsError` with every problem."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from questionnaires.methodology_workbook import read_methodology_workbook

        return read_methodology_workbook(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"baris {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        raise ProblemsError([problem("M101", Location(file=path.name, path=where),
                                     detail=getattr(exc, "problem", None) or str(exc))]) from None
    return parse_methodology(data, path.name)


def load_directory(directory: Path) -> dict[str, Methodology]:
    """Load every ``*.yaml`` in `directory`; all problems of all files are raised together."""
    found: list[Problem] = []
    registry: dict[str, Methodology] = {}
    origin: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            m = load_methodology(path)
        except ProblemsError as exc:
            found += exc.problems
            continue
        if m.id in registry:
            found.append(problem("M114", Location(file=path.name, path="id"), value=m.id,
                                 other=origin[m.id]))
            continue
        registry[m.id] = m
        origin[m.id] = path.name
    if found:
        raise ProblemsError(found)
    return registry


class Registry:
    """The methodologies available to this installation, by id."""

    def __init__(self, methodologies: Iterable[Methodology]) -> None:
        self._by_id = {m.id: m for m in methodologies}

    def __contains__(self, methodology_id: object) -> bool:
        return methodology_id in self._by_id

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, methodology_id: str) -> Methodology | None:
        return self._by_id.get(methodology_id)

    @property
    def ids(self) -> list[str]:
        return list(self._by_id)


@lru_cache(maxsize=1)
def presets() -> Registry:
    """The methodologies shipped with monev-kip (loaded once per process)."""
    return Registry(load_directory(PRESET_DIR).values())
