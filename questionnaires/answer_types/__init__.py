"""Answer types, one module each, behind one registry.

Every behaviour that depends on a question's answer type — reading a typed cell, checking
the question's definition, the template's answer cell and dropdown, points, display,
storage, the evaluator's widget, demo answers — is a method of that type's
:class:`AnswerTypeSpec` (:mod:`.base`). The rest of the tool asks :func:`get`; nothing
outside this package branches on a type's name.

Built in: :mod:`.yes_no`, :mod:`.scale`, :mod:`.checklist`, :mod:`.number` (a count or
ratio scored by thresholds) and :mod:`.text` (written text, scored by the verifikator). A
new type is a module here
with a subclass of :class:`AnswerTypeSpec`, registered at the end of this file (and tests).
Register it here, not at run time elsewhere: files are read in worker processes
(:mod:`questionnaires.isolation`), which know the types registered when this package is
imported. The methodology model accepts every registered name as ``type``
(:class:`~questionnaires.model.Question`); the built-in names are also the members of
:class:`~questionnaires.model.AnswerType`, other names stay plain ``str`` (so read a type as
``str(question.type)``, never ``.value``).
"""

from __future__ import annotations

from questionnaires.answer_types import checklist, number, scale, text, yes_no
from questionnaires.answer_types.base import (
    AnswerTypeSpec,
    CellCheck,
    Dropdown,
    InvalidAnswer,
    Scorer,
    Widget,
    is_blank,
    typed_cell,
    yes_no_dropdown,
)

__all__ = [
    "AnswerTypeSpec",
    "CellCheck",
    "Dropdown",
    "InvalidAnswer",
    "Scorer",
    "Widget",
    "all",
    "expected",
    "foreign_fields",
    "get",
    "is_blank",
    "known",
    "register",
    "typed_cell",
    "unregister",
    "yes_no_dropdown",
]

_registry: dict[str, AnswerTypeSpec] = {}


def register(spec: AnswerTypeSpec) -> AnswerTypeSpec:
    """Make `spec` the answer type named ``spec.name``; raises ValueError for a name that
    is taken. Returns `spec`."""
    name = str(spec.name)
    if name in _registry:
        raise ValueError(f"tipe jawaban {name!r} sudah terdaftar")
    _registry[name] = spec
    return spec


def unregister(name: str) -> None:
    """Forget the answer type `name` (for tests that register a type of their own)."""
    _registry.pop(str(name), None)


def get(type_: str) -> AnswerTypeSpec:
    """The answer type of a question's ``type`` (an :class:`~questionnaires.model.AnswerType`
    or its name); raises KeyError for a name that is not registered."""
    try:
        return _registry[str(type_)]
    except KeyError:
        raise KeyError(f"tipe jawaban {type_!r} tidak dikenal (dikenal: {expected()})") from None


def all() -> tuple[AnswerTypeSpec, ...]:
    """Every registered answer type, in registration order (built-ins first)."""
    return tuple(_registry.values())


def known(name: object) -> bool:
    """Whether `name` is a registered answer type."""
    return isinstance(name, str) and str(name) in _registry


def expected() -> str:
    """The registered names as a validation message lists them: ``'a', 'b' or 'c'``."""
    names = [f"'{name}'" for name in _registry]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def foreign_fields(question: object) -> list[tuple[str, str]]:
    """The type-specific fields (:attr:`AnswerTypeSpec.fields`) set on `question` that its
    own type does not use: (field, the types that use it, as ``Angka ('number') atau
    Uraian ('text')``)."""
    own = get(question.type).fields  # type: ignore[attr-defined]
    found = []
    users: dict[str, list[str]] = {}
    for spec in _registry.values():
        for field in spec.fields:
            users.setdefault(field, []).append(f"{spec.label} ('{spec.name}')")
    defaults = type(question).model_fields  # type: ignore[attr-defined]
    for field, info in defaults.items():  # in the model's order
        if field in own or field not in users:
            continue
        if getattr(question, field) != info.get_default(call_default_factory=True):
            found.append((field, " atau ".join(users[field])))
    return found


for _builtin in (yes_no.SPEC, scale.SPEC, checklist.SPEC, number.SPEC, text.SPEC):
    register(_builtin)
