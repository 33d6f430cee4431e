"""The methodology library: the presets shipped with the app plus the versions admins saved,
read from an uploaded file, previewed, compared, saved, and turned into cycles.

A methodology is named by a **ref**: a preset by its id (``nasional-2025``), a saved
version by ``id@version`` (``nasional-2025@2026.1``). Looking up a bare id gives the preset
of that id, else the newest saved version of it; ``id@version`` names exactly one (a preset
too). ``(id, version)`` is unique across presets and saved versions: saving a definition
under an id and version that exist with *another* definition is refused (change the
version), saving the same definition again is a no-op (:func:`save_methodology`).
"Same" is by value (:func:`definition_hash`: a weight of ``10`` equals ``10.0``).

Saved versions never change and are never deleted. A cycle keeps its own frozen copy of the
methodology it was created from (:mod:`monev.cycles`): saving a new version of the same id
changes no cycle, running or published. For the same reason the per-cycle backup
(:mod:`monev.backup`) needs nothing from the library: a restored cycle carries its frozen
definition, and the library is installation-wide data outside any one cycle.

Rights: anyone logged in may list and read methodologies (they are not secret: the
templates carry them); saving a version is for admins (:attr:`Action.MANAGE_METHODOLOGIES`);
creating a cycle from one is :attr:`Action.MANAGE_CYCLES`.

Uploaded files are the methodology workbook (``.xlsx``; also ``.xls``, ``.ods``: read in an
isolated worker by :mod:`questionnaires.methodology_workbook`) or YAML (``.yaml``,
``.yml``); any problem raises :class:`InvalidMethodology` with every problem found, by
``Lembar!Sel`` in a workbook.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monev import cycles
from monev.audit import name_in, record, user_names
from monev.clock import WIB
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, require
from questionnaires import answer_types
from questionnaires.errors import Location, Problem, ProblemsError, problem
from questionnaires.loader import (
    WORKBOOK_SUFFIXES,
    YAML_SUFFIXES,
    Registry,
    parse_methodology,
    presets,
)
from questionnaires.methodology_diff import FIELD_LABELS, Change, diff_methodologies, plain
from questionnaires.model import Gate, Methodology, Stage
from reports import formatting
from scoring.explain import gate_entry, gate_words, stage_names
from storage.db import Database
from storage.models import SavedMethodology

__all__ = [
    "Available",
    "ChangeLine",
    "InvalidMethodology",
    "Preview",
    "Saved",
    "change_lines",
    "compare",
    "create_cycle_from",
    "definition_hash",
    "list_methodologies",
    "load_methodology",
    "preview",
    "read_methodology_file",
    "resolve",
    "save_methodology",
    "stage_names",
    "stage_views",
    "suggested_ref",
    "value_text",
    "workbook_download",
]

SEPARATOR = "@"
FILE_SUFFIXES = WORKBOOK_SUFFIXES + YAML_SUFFIXES
MAX_FILE_BYTES = 10 * 2**20  # a methodology workbook is a few hundred KB at most


class InvalidMethodology(UsageError):
    """An uploaded methodology file that cannot be used; `problems` lists every problem
    found (location by sheet and cell, or by path in a YAML file)."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"Metodologi dalam {source} tidak dapat dipakai ({len(problems)} "
                         f"masalah). Perbaiki berkasnya, lalu unggah lagi:\n{lines}")


# -- identity of a definition ------------------------------------------------------------------


def canonical(methodology: Methodology) -> str:
    """The methodology as canonical JSON: keys sorted, numbers by value (``10.0`` → ``"10"``),
    no whitespace, and every field that holds its default value left out (at any depth).
    Two definitions that mean the same have the same text; and a field added to the model
    later with a default (say a question's evidence size limit) changes the text of no
    methodology written before it, so the fingerprint of a saved version stays put."""
    return json.dumps(plain(methodology.model_dump(exclude_defaults=True)), sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"))


def definition_hash(methodology: Methodology) -> str:
    """SHA-256 (hex) of :func:`canonical`: what "the same definition" means here (the
    methodology's fingerprint in the library, the preview and the what-if)."""
    return hashlib.sha256(canonical(methodology).encode()).hexdigest()


def _stored_hash(row: SavedMethodology) -> str:
    """A saved version's fingerprint as :func:`definition_hash` computes it today, from its
    stored definition (the ``definition_sha256`` column keeps what was computed when it was
    saved, possibly by an earlier rule or model); that column when the definition no
    longer reads."""
    try:
        return definition_hash(_parse_saved(row))
    except ProblemsError:
        return row.definition_sha256


def ref_of(methodology_id: str, version: str | None = None) -> str:
    """``id@version`` (or ``id`` when `version` is None)."""
    return methodology_id if version is None else f"{methodology_id}{SEPARATOR}{version}"


# -- listing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Available:
    """One methodology of the library. `ref` picks it (:func:`load_methodology`): the id of
    a preset, ``id@version`` of a saved version. For a saved one: when, by whom, and the
    file it was read from (name and SHA-256)."""

    ref: str
    id: str
    version: str
    title: str
    ki: str
    year: int
    categories: tuple[str, ...]
    preset: bool
    definition_sha256: str
    saved_at: datetime | None = None
    saved_by: str = ""
    source_name: str = ""
    source_sha256: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for the command line."""
        return {"ref": self.ref, "id": self.id, "version": self.version, "title": self.title,
                "ki": self.ki, "year": self.year, "categories": list(self.categories),
                "preset": self.preset, "definition_sha256": self.definition_sha256,
                "saved_at": self.saved_at.isoformat() if self.saved_at else None,
                "saved_by": self.saved_by, "source_name": self.source_name,
                "source_sha256": self.source_sha256}


def _preset_entry(m: Methodology) -> Available:
    return Available(m.id, m.id, m.version, m.title, m.ki, m.year,
                     tuple(c.code for c in m.categories), True, definition_hash(m))


def _saved_entry(row: SavedMethodology, names: dict[int, str]) -> Available:
    codes = tuple(str(c.get("code", "")) for c in row.definition.get("categories", ()))
    return Available(ref_of(row.methodology_id, row.version), row.methodology_id,
                     row.version, row.title, row.ki, row.year, codes, False,
                     _stored_hash(row), row.saved_at, name_in(names, row.saved_by_id),
                     row.source_name, row.source_sha256)


def _order(item: Available) -> tuple[Any, ...]:
    return (item.year, item.id, not item.preset,
            item.saved_at.timestamp() if item.saved_at else 0.0, item.version)


def _entries(session: Session, registry: Registry) -> list[Available]:
    names = user_names(session)
    rows = session.scalars(select(SavedMethodology).order_by(SavedMethodology.id))
    items = [_preset_entry(m) for m in registry] + [_saved_entry(r, names) for r in rows]
    return sorted(items, key=_order)


def list_methodologies(db: Database, actor: Actor,
                       registry: Registry | None = None) -> list[Available]:
    """Every methodology a cycle can be created from or compared with: the presets of
    `registry` (default the shipped ones) and the saved versions, by year, id, presets
    before saved versions, saved versions oldest first. Raises PermissionDenied."""
    registry = registry or presets()
    with db.read() as session:
        require(session, actor, Action.VIEW)
        return _entries(session, registry)


def suggested_ref(items: Iterable[Available]) -> str:
    """The ref a new cycle's form suggests: the newest year, and within it the version saved
    last (after the presets); "" when there is none."""
    newest = max(items, key=lambda i: (i.year, not i.preset,
                                       i.saved_at.timestamp() if i.saved_at else 0.0, i.id),
                 default=None)
    return newest.ref if newest is not None else ""


# -- loading ------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _parse(frozen: str) -> Methodology:
    return parse_methodology(json.loads(frozen), "pustaka metodologi")


def _parse_saved(row: SavedMethodology) -> Methodology:
    """A saved version's methodology (parsed once per distinct definition)."""
    return _parse(json.dumps(row.definition, sort_keys=True))


def _load(session: Session, ref: str, registry: Registry) -> Methodology:
    methodology_id, _, version = ref.strip().partition(SEPARATOR)
    preset = registry.get(methodology_id)
    if not version:
        if preset is not None:
            return preset
        row = session.scalars(select(SavedMethodology).where(
            SavedMethodology.methodology_id == methodology_id).order_by(
            SavedMethodology.saved_at.desc(), SavedMethodology.id.desc())).first()
    else:
        if preset is not None and preset.version == version:
            return preset
        row = session.scalar(select(SavedMethodology).where(
            SavedMethodology.methodology_id == methodology_id,
            SavedMethodology.version == version))
    if row is None:
        raise NotFound(unknown_message(ref, [item.ref for item in _entries(session, registry)]))
    return _parse_saved(row)


def unknown_message(ref: str, known: Iterable[str]) -> str:
    """The one message for a methodology `ref` found nowhere, naming the refs there are
    (`known`: presets' ids and saved ``id@versi``), for the CLI and the app alike."""
    return (f"Metodologi '{ref}' tidak dikenal. Yang tersedia: {', '.join(known)} (lihat "
            f"'python -m monev library list'); atau sebutkan berkas metodologi (.xlsx, "
            f".yaml).")


def load_methodology(db: Database, actor: Actor, ref: str,
                     registry: Registry | None = None) -> Methodology:
    """The methodology `ref` names (see the module doc). Raises NotFound (listing the
    refs there are), PermissionDenied."""
    registry = registry or presets()
    with db.read() as session:
        require(session, actor, Action.VIEW)
        return _load(session, ref, registry)


def workbook_download(db: Database, actor: Actor, ref: str,
                      registry: Registry | None = None) -> tuple[str, bytes]:
    """The library's methodology `ref` as the methodology workbook a KI edits in Excel:
    (suggested file name, bytes). Raises NotFound, PermissionDenied."""
    from questionnaires.methodology_workbook import (
        methodology_workbook_bytes,
        workbook_filename,
    )

    methodology = load_methodology(db, actor, ref, registry)
    return workbook_filename(methodology), methodology_workbook_bytes(methodology)


def is_file_name(text: str) -> bool:
    """Whether `text` names a methodology file (by its suffix) rather than a ref."""
    return text.strip().lower().endswith(FILE_SUFFIXES)


def resolve(db: Database, actor: Actor, text: str,
            registry: Registry | None = None) -> Methodology:
    """A methodology from what a command line is given: a ref of the library, or the path
    of a methodology file (``.yaml``, ``.yml``, ``.xlsx``). Raises NotFound, UsageError
    (a missing or unreadable file), InvalidMethodology, PermissionDenied."""
    if not is_file_name(text):
        return load_methodology(db, actor, text, registry)
    require(db, actor, Action.VIEW)
    path = Path(text)
    if path.is_dir():
        raise UsageError(f"{path} adalah folder, bukan berkas metodologi.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"Berkas tidak ditemukan: {path}") from None
    except OSError as exc:
        raise UsageError(f"Berkas {path} tidak dapat dibaca: {exc.strerror or exc}") from None
    return read_methodology_file(path.name, data)


# -- reading an uploaded file -------------------------------------------------------------------


def _read_yaml(name: str, data: bytes) -> Methodology:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProblemsError([problem("M101", Location(file=name),
                                     detail="berkas bukan teks UTF-8")]) from None
    try:
        parsed = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"baris {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        raise ProblemsError([problem("M101", Location(file=name, path=where),
                                     detail=getattr(exc, "problem", None) or str(exc))]
                            ) from None
    return parse_methodology(parsed, name)


def read_methodology_file(name: str, data: bytes) -> Methodology:
    """The methodology in an uploaded file `name` (its suffix says the format) with content
    `data`, validated. Raises InvalidMethodology with every problem, UsageError for a file
    of another kind, an empty one or one over :data:`MAX_FILE_BYTES`."""
    suffix = Path(name).suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise UsageError(f"Berkas {name} bukan berkas metodologi: unggah lembar kerja "
                         f"metodologi (.xlsx) atau berkas YAML (.yaml, .yml).")
    if not data:
        raise UsageError(f"Berkas {name} kosong. Unggah berkas metodologi yang terisi.")
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"Berkas {name} terlalu besar ({len(data) / 2**20:.1f} MB; paling "
                         f"besar {MAX_FILE_BYTES // 2**20} MB untuk berkas metodologi).")
    try:
        if suffix in YAML_SUFFIXES:
            return _read_yaml(name, data)
        from questionnaires.methodology_workbook import read_methodology_workbook

        return read_methodology_workbook(data, name=name)
    except ProblemsError as exc:
        raise InvalidMethodology(name, exc.problems) from None


# -- saving -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Saved:
    """What :func:`save_methodology` did: the library entry, and whether it was stored now
    (False: the same definition was already there, as a preset or saved before)."""

    entry: Available
    created: bool


def next_version(version: str) -> str:
    """A version to suggest after `version`: its last number plus one (``2025.1`` →
    ``2025.2``), else ``.2`` appended."""
    head, dot, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}{dot}{int(last) + 1}"
    return f"{version}.2"


def _conflict(m: Methodology, existing: str) -> UsageError:
    return UsageError(
        f"Metodologi '{m.id}' versi '{m.version}' sudah ada di pustaka ({existing}) dengan isi "
        f"yang berbeda; versi yang tersimpan tidak pernah diubah, karena siklus dan templat "
        f"merujuknya. Ubah isian versi metodologi (mis. menjadi '{next_version(m.version)}') "
        f"lalu simpan lagi sebagai versi baru.")


def save_methodology(db: Database, actor: Actor, methodology: Methodology, *,
                     source_name: str = "", source_data: bytes | None = None,
                     registry: Registry | None = None) -> Saved:
    """Save `methodology` as a new version of the library (an admin): nothing when the same
    definition is already there under its id and version (a preset or a saved version);
    refused (UsageError) when another definition is. `source_name`/`source_data`: the file
    it was read from (its name and content, kept as SHA-256). Audited as
    ``methodology.save``. Raises UsageError, PermissionDenied."""
    registry = registry or presets()
    digest = definition_hash(methodology)
    source_sha = hashlib.sha256(source_data).hexdigest() if source_data is not None else ""
    preset = registry.get(methodology.id)
    if preset is not None and preset.version == methodology.version:
        require(db, actor, Action.MANAGE_METHODOLOGIES)
        if definition_hash(preset) != digest:
            raise _conflict(methodology, "metodologi bawaan aplikasi")
        return Saved(_preset_entry(preset), False)
    try:
        with db.transaction() as session:
            actor = require(session, actor, Action.MANAGE_METHODOLOGIES)
            found = _existing(session, methodology, digest)
            if found is not None:
                return Saved(found, False)
            row = SavedMethodology(
                methodology_id=methodology.id, version=methodology.version,
                title=methodology.title, ki=methodology.ki, year=methodology.year,
                definition=methodology.model_dump(mode="json"), definition_sha256=digest,
                saved_by_id=actor.id, source_name=source_name[:300],
                source_sha256=source_sha)
            session.add(row)
            session.flush()
            record(session, actor, "methodology.save", entity="methodology",
                   entity_id=ref_of(methodology.id, methodology.version),
                   new={"title": methodology.title, "definition_sha256": digest,
                        "source_name": source_name, "source_sha256": source_sha})
            session.flush()
            return Saved(_saved_entry(row, user_names(session)), True)
    except IntegrityError:  # saved by someone else at the same moment: decide again
        with db.read() as session:
            found = _existing(session, methodology, digest)
            if found is None:  # pragma: no cover - the row that collided is there
                raise
            return Saved(found, False)


def _existing(session: Session, m: Methodology, digest: str) -> Available | None:
    """The saved entry of `m`'s id and version when it has `digest`; raises the conflict
    when it has another; None when there is none."""
    row = session.scalar(select(SavedMethodology).where(
        SavedMethodology.methodology_id == m.id, SavedMethodology.version == m.version))
    if row is None:
        return None
    names = user_names(session)
    if row.definition_sha256 != digest and _stored_hash(row) != digest:
        raise _conflict(m, f"disimpan oleh {name_in(names, row.saved_by_id)} pada "
                           f"{row.saved_at.astimezone(WIB):%Y-%m-%d %H.%M} WIB")
    return _saved_entry(row, names)


# -- comparing and previewing -------------------------------------------------------------------


def compare(old: Methodology, new: Methodology) -> tuple[Change, ...]:
    """Every difference from `old` to `new` (see :mod:`questionnaires.methodology_diff`)."""
    return diff_methodologies(old, new)


def _gate(value: Mapping[str, Any]) -> Gate | None:
    """`value` as a gate when it is one (a stage's gate as the difference holds it)."""
    if "stage" not in value or not set(value) <= set(Gate.model_fields) or not (
            "min_score" in value or "top" in value):
        return None
    try:
        return Gate.model_validate(value)
    except ValueError:
        return None


def value_text(value: Any, names: Mapping[str, str] | None = None) -> str:
    """A value of a :class:`Change` as people read it: numbers with a decimal comma
    (``12,5``), yes/no as ``ya``/``tidak``, an item added or removed by its text or name,
    a gate as the report card says it (``SAQ > 60; yang tidak lolos dinilai 0``:
    :func:`scoring.explain.gate_entry`, the earlier stage by its short name in `names`,
    else its code), other nested parts as ``bobot: 60, tahapan: saq``, lists joined by
    ``; ``; ``-`` for nothing."""
    names = names or {}
    if value is None or value == () or value == []:
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return str(value)  # a year, a number of decimals
    if isinstance(value, Decimal | float):
        return formatting.plain(value)
    if isinstance(value, dict):
        gate = _gate(value)
        if gate is not None:
            return gate_entry(gate, names)
        for key in ("text", "name", "label"):
            if isinstance(value.get(key), str) and value[key]:
                return value[key]
        return ", ".join(f"{FIELD_LABELS.get(k, k)}: {value_text(v, names)}"
                         for k, v in value.items() if v not in (None, "", (), []))
    if isinstance(value, list | tuple):
        return "; ".join(value_text(v, names) for v in value)
    return str(getattr(value, "value", value))


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """A :class:`Change` as a table row people read: what changed (``Tahapan 'visitasi':
    gerbang ditambahkan``), the value before and after (:func:`value_text`)."""

    change: Change
    what: str
    old: str
    new: str


def change_lines(changes: Iterable[Change],
                 names: Mapping[str, str] | None = None) -> tuple[ChangeLine, ...]:
    """`changes` as rows (:class:`ChangeLine`); `names`: the stages' short names for the
    gates (:func:`stage_names` of both methodologies)."""
    return tuple(ChangeLine(c, c.describe(), value_text(c.old, names),
                            value_text(c.new, names)) for c in changes)


@dataclass(frozen=True, slots=True)
class GateView:
    """An entry gate (*gerbang*) of a stage: the earlier stage; a threshold (`min_score`,
    compared ``at_least`` (≥) or ``above`` (>), on the ``published`` or ``exact`` score)
    or a rank (`top`: the N best of each category); the score below it; and `rule`, what
    it asks as the report card says it (``SAQ > 60``, ``3 teratas per kategori di SAQ``:
    :func:`scoring.explain.gate_words`)."""

    stage: str
    min_score: Decimal | None
    below: Decimal | None
    comparison: str = "at_least"
    basis: str = "published"
    top: int | None = None
    rule: str = ""


@dataclass(frozen=True, slots=True)
class StageView:
    """A stage as previewed: weight (percent), kind, its gates (none, one, or several in a
    row) and what a missing score does."""

    code: str
    name: str
    kind: str  # "questionnaire" or "panel"
    weight: Decimal
    gates: tuple[GateView, ...] = ()
    missing: str = "zero"

    @property
    def gate_stage(self) -> str:
        return self.gates[0].stage if self.gates else ""

    @property
    def gate_min(self) -> Decimal | None:
        return self.gates[0].min_score if self.gates else None


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """An indicator of a stage with its weight in the stage for the category (its own
    weight for that category where the methodology gives one) and, for a questionnaire
    stage, how many questions and points it has in the category."""

    code: str
    name: str
    stage: str
    weight: Decimal
    questions: int
    points: Decimal


@dataclass(frozen=True, slots=True)
class QuestionView:
    code: str
    indicator: str
    text: str
    type_label: str
    points: Decimal
    evidence: str  # "required", "flag" or "none"
    allow_na: bool


@dataclass(frozen=True, slots=True)
class CategoryView:
    """What a badan publik of one category is scored with."""

    code: str
    name: str
    stages: tuple[StageView, ...]
    indicators: tuple[IndicatorView, ...]
    questions: tuple[QuestionView, ...]

    @property
    def points(self) -> Decimal:
        return sum((q.points for q in self.questions), Decimal(0))


@dataclass(frozen=True, slots=True)
class BandView:
    label: str
    lower: Decimal
    upper: Decimal | None  # the next band's lower bound (exclusive); None for the top one
    colour: str


@dataclass(frozen=True, slots=True)
class Preview:
    """A methodology as an admin checks it before saving: identity, per category the
    stages, weights and questions, and the predikat bands (highest first)."""

    id: str
    version: str
    title: str
    ki: str
    year: int
    categories: tuple[CategoryView, ...]
    bands: tuple[BandView, ...]
    decimals: int
    definition_sha256: str


def _gates(stage: Stage, names: Mapping[str, str]) -> tuple[GateView, ...]:
    """The stage's gates, each with its :func:`~scoring.explain.gate_words`."""
    return tuple(GateView(g.stage, g.min_score, g.below_gate_score, str(g.comparison),
                          str(g.basis), g.top, gate_words(g, names)) for g in stage.gates)


def stage_views(methodology: Methodology) -> tuple[StageView, ...]:
    """The methodology's stages as previewed (weights, kinds, gates with their rules)."""
    names = stage_names(methodology)
    return tuple(StageView(s.code, s.name, str(s.kind), s.weight, _gates(s, names),
                           str(s.missing)) for s in methodology.stages)


def preview(methodology: Methodology) -> Preview:
    """The preview of `methodology` (pure: nothing is read or stored)."""
    m = methodology
    stages = stage_views(m)
    categories = []
    for category in m.categories:
        asked = m.questions_for(category.code)
        indicators = tuple(
            IndicatorView(i.code, i.name, i.stage,
                          getattr(i, "weights", {}).get(category.code, i.weight),
                          sum(1 for q in asked if q.indicator == i.code),
                          sum((q.points for q in asked if q.indicator == i.code), Decimal(0)))
            for i in m.indicators)
        questions = tuple(
            QuestionView(q.code, q.indicator, q.text, answer_types.get(q.type).label,
                         q.points, q.evidence.value, q.allow_na) for q in asked)
        categories.append(CategoryView(category.code, category.name, stages, indicators,
                                       questions))
    bands, upper = [], None
    for band in m.bands:  # highest first
        bands.append(BandView(band.label, band.lower, upper, band.colour))
        upper = band.lower
    return Preview(m.id, m.version, m.title, m.ki, m.year, tuple(categories), tuple(bands),
                   m.rounding.decimals, definition_hash(m))


# -- cycles -------------------------------------------------------------------------------------


def create_cycle_from(db: Database, actor: Actor, ref: str, *, ki: str, year: int,
                      title: str = "", previous_cycle_id: int | None = None,
                      prepared: bool = True,
                      registry: Registry | None = None) -> cycles.CycleInfo:
    """Create a cycle (prepared, unless `prepared` is False) with a frozen copy of the
    library's methodology `ref` (a preset or a saved version): see
    :func:`monev.cycles.create_cycle`. Raises NotFound, UsageError, PermissionDenied."""
    methodology = load_methodology(db, actor, ref, registry)
    return cycles.create_cycle(db, actor, methodology_id=methodology.id, ki=ki, year=year,
                               title=title, previous_cycle_id=previous_cycle_id,
                               registry=Registry([methodology]), prepared=prepared)
