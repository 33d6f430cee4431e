"""How the project's packages may depend on each other, read from the source with ``ast``.

- The app (``app.py`` and everything under ``ui/``) reaches the database only through
  ``monev`` (its use cases and :mod:`monev.workspace`), never through ``storage``.
- No import cycles among the modules of the project's packages. Imports inside functions
  count (they run as soon as the function does); imports under ``if TYPE_CHECKING:`` do
  not (they never run).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("monev", "questionnaires", "scoring", "storage", "reports", "ui", "auth",
            "evidence", "notifications", "monitoring", "jobs")

# Cycles being removed by another change; each must go as soon as that change lands.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Module name → file, for every module of the project's packages (and ``app``)."""
    found = {module_name(path): path for package in PACKAGES
             for path in sorted((ROOT / package).rglob("*.py"))}
    found["app"] = ROOT / "app.py"
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run (anywhere but under ``if TYPE_CHECKING:``)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The names of the modules `name` imports (project modules and third-party ones).

    ``from a.b import c`` is ``a.b.c`` when that is a module of the project, else ``a.b``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[:len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            full = f"{base}.{alias.name}"
            out.add(full if full in modules else base)
    return out


def import_graph() -> dict[str, set[str]]:
    """Project module → the project modules it imports."""
    modules = project_modules()
    return {name: {other for other in imported(name, path, modules)
                   if other in modules and other != name}
            for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_app_reaches_the_database_only_through_monev() -> None:
    modules = project_modules()
    offenders = sorted(
        f"{name} imports {other}" for name, path in modules.items()
        if name == "app" or name == "ui" or name.startswith("ui.")
        for other in imported(name, path, modules)
        if other == "storage" or other.startswith("storage."))
    assert offenders == [], "ui/ and app.py must go through monev (monev.workspace): " + \
        "; ".join(offenders)


def test_no_import_cycles_among_the_project_modules() -> None:
    found = [sorted(c) for c in cycles(import_graph()) if c not in KNOWN_CYCLES]
    assert found == [], f"import cycles: {found}"


def test_known_cycles_are_still_there() -> None:
    """An exception that no longer applies is removed from KNOWN_CYCLES."""
    found = set(cycles(import_graph()))
    assert [sorted(c) for c in KNOWN_CYCLES if c not in found] == []


def test_the_graph_sees_function_level_imports_and_skips_type_checking() -> None:
    graph = import_graph()
    assert "monev.imports" in graph["monev.demo"]  # module level
    # Function level: cli commands import the storage stack only when they run.
    assert any(other.startswith("monev.") for other in graph["monev.cli"])
    assert "storage.db" not in graph["monev.permissions"]  # only under TYPE_CHECKING
