"""flask_sqlite3's modules import one another in layers, never in a circle
(imports for type checking included: a circle there turns into an
ImportError as soon as one of them is needed at run time).
"""

from __future__ import annotations

import ast
from pathlib import Path

import flask_sqlite3

PACKAGE = Path(flask_sqlite3.__file__).parent


def _imports_of(path: Path) -> set[str]:
    """The package's own modules that ``path`` imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module is not None:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("flask_sqlite3."):
                found.add(node.module.split(".")[1])
    return found


def _graph() -> dict[str, set[str]]:
    return {
        path.stem: _imports_of(path)
        for path in sorted(PACKAGE.glob("_*.py"))
        if path.stem != "__init__"
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` as a list of names, or None."""
    done: set[str] = set()

    def visit(name: str, stack: list[str]) -> list[str] | None:
        if name in stack:
            return [*stack[stack.index(name) :], name]
        if name in done or name not in graph:
            return None
        for imported in sorted(graph[name]):
            found = visit(imported, [*stack, name])
            if found:
                return found
        done.add(name)
        return None

    for name in graph:
        found = visit(name, [])
        if found:
            return found
    return None


def test_private_modules_import_in_layers() -> None:
    """No circle among flask_sqlite3's private modules, counting imports
    under ``if TYPE_CHECKING:`` (_state, _extension and _cli had one).
    """
    graph = _graph()
    assert {"_extension", "_state", "_cli"} <= set(graph)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_cycle_finder_finds_a_circle() -> None:
    """The check above can fail: a two-module circle is reported."""
    assert _cycle({"_a": {"_b"}, "_b": {"_a"}}) == ["_a", "_b", "_a"]
