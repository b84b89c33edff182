"""The package's import structure: imports flow one way, and no module
reaches into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "flask_ext_redirect"

#: The redirect's runtime: what the start-up finder and a legacy import load,
#: and the helpers they load on first use.
RUNTIME = {
    "flask_ext_redirect",
    "flask_ext_redirect._error",
    "flask_ext_redirect._extensions",
    "flask_ext_redirect._failures",
    "flask_ext_redirect._flaskext_alias",
    "flask_ext_redirect._loader_extras",
    "flask_ext_redirect._names",
    "flask_ext_redirect._recorder",
    "flask_ext_redirect._redirect",
    "flask_ext_redirect._warning",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line) for every import
    of the file, function-level ones included: a lazy import is an edge too.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, None, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.extend((base, alias.name, node.lineno) for alias in node.names)
    return found


def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for module, imported, _ in _imports(name, path):
            target = f"{module}.{imported}" if imported else module
            if target not in modules:
                target = module
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def _cycle(graph: dict[str, set[str]], among: set[str]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node] & among):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(among):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_runtime_imports_flow_one_way() -> None:
    """No import circle among the redirect's runtime modules, lazy imports
    included: the rule sits at the bottom and the loader's helpers import
    it, never the loader."""
    modules = _modules()
    assert RUNTIME <= set(modules)
    assert _cycle(_graph(modules), RUNTIME) is None


def test_the_rule_imports_nothing_of_the_package() -> None:
    """_names, which the loader, the codemod and doctor resolve by, stands on
    the standard library alone."""
    modules = _modules()
    assert _graph(modules)["flask_ext_redirect._names"] == set()


def test_no_private_names_cross_modules() -> None:
    """No module imports another module's private names (``from ._redirect
    import _search``); private modules themselves may be imported."""
    modules = _modules()
    crossing = [
        f"{path.relative_to(ROOT)}:{line}: {imported} from {module}"
        for name, path in modules.items()
        for module, imported, line in _imports(name, path)
        if imported
        and imported.startswith("_")
        and not imported.startswith("__")
        and module.startswith("flask_ext_redirect")
        and f"{module}.{imported}" not in modules
    ]
    assert crossing == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ._b import f\n", {"flask_ext_redirect._a": {"flask_ext_redirect._b"}}),
        (
            "def g():\n    from . import _b\n",
            {"flask_ext_redirect._a": {"flask_ext_redirect._b"}},
        ),
    ],
)
def test_graph_sees_module_and_lazy_imports(
    tmp_path: Path, source: str, expected: dict[str, set[str]]
) -> None:
    """The checks above can fail: a top-level and a function-level import
    both make an edge."""
    a = tmp_path / "_a.py"
    a.write_text(source, "utf-8")
    modules = {"flask_ext_redirect._a": a, "flask_ext_redirect._b": a}
    graph = _graph(modules)
    assert graph["flask_ext_redirect._a"] == expected["flask_ext_redirect._a"]
    graph["flask_ext_redirect._b"] = {"flask_ext_redirect._a"}
    assert _cycle(graph, set(modules)) is not None
