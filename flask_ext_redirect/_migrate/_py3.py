"""The Python 3 engine: ``ast`` finds the nodes, edits go in by offset."""

from __future__ import annotations

import ast
import bisect
import re
import warnings
from collections.abc import Iterator

from ._imports import is_legacy
from ._imports import module_for
from ._imports import rewrite_statement
from ._imports import Statement
from ._model import Edit
from ._model import Rewrite
from ._model import Unsafe
from ._source import apply_edits
from ._source import LineIndex
from ._source import newline_of
from ._targets import Targets

_LITERAL = re.compile(r"([rRuU]?)('''|\"\"\"|'|\")(.*)\2\Z", re.DOTALL)
_GAP = r"[\s\\]*\.[\s\\]*"
_IMPORTERS = {"__import__", "import_module"}


def _chain_key(node: ast.Attribute) -> tuple[str, ...] | None:
    """``("flask", "ext", "foo")`` for ``flask.ext.foo``, ``("flaskext",
    "foo")`` for ``flaskext.foo``, else None."""
    value = node.value
    if isinstance(value, ast.Name) and value.id == "flaskext":
        return ("flaskext", node.attr)
    if (
        isinstance(value, ast.Attribute)
        and value.attr == "ext"
        and isinstance(value.value, ast.Name)
        and value.value.id == "flask"
    ):
        return ("flask", "ext", node.attr)
    return None


def _is_flask_ext(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "ext"
        and isinstance(node.value, ast.Name)
        and node.value.id == "flask"
    )


class _Engine:
    def __init__(self, text: str, targets: Targets) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.newline = newline_of(text)
        self.targets = targets
        self.result = Rewrite(text)
        self.edits: list[Edit] = []
        self.chains: dict[tuple[str, ...], str] = {}
        self.rebinds: list[tuple[int, str]] = []
        self.bound: set[str] = set()
        self.uses: dict[str, int] = {}

    def span(self, node: ast.expr | ast.stmt) -> tuple[int, int]:
        end_line = node.end_lineno or node.lineno
        end_col = node.end_col_offset or 0
        return (
            self.index.offset_utf8(node.lineno, node.col_offset),
            self.index.offset_utf8(end_line, end_col),
        )

    def run(self, tree: ast.Module) -> Rewrite:
        chain_nodes: list[tuple[ast.Attribute, tuple[str, ...]]] = []
        ext_nodes: list[ast.Attribute] = []
        chained: set[int] = set()
        statements: set[int] = set()
        for node in _walk(tree, _interesting_lines(self.index)):
            if isinstance(node, ast.Import):
                self.visit_import(node)
            elif isinstance(node, ast.ImportFrom):
                self.visit_from(node)
            elif isinstance(node, ast.Expr):
                statements.add(id(node.value))
            elif isinstance(node, ast.Attribute):
                key = _chain_key(node)
                if key is not None:
                    chain_nodes.append((node, key))
                    chained.add(id(node.value))
                if _is_flask_ext(node):
                    ext_nodes.append(node)
            elif isinstance(node, ast.Call):
                self.visit_call(node, id(node) in statements)
            elif isinstance(node, ast.Name) and node.id in ("flask", "flaskext"):
                self.uses.setdefault(node.id, 0)
                self.uses[node.id] += 1
        for ext in ext_nodes:
            if id(ext) not in chained:
                raise Unsafe(ext.lineno, "'flask.ext' used without an extension name")
        for node, key in chain_nodes:
            self.visit_chain(node, key)
        self.fix_rebinds()
        new = apply_edits(self.text, self.edits)
        if new != self.text:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ast.parse(new)
            except SyntaxError as e:  # pragma: no cover - a bug if it happens
                raise Unsafe(e.lineno or 0, f"rewrite would not parse: {e.msg}") from e
        self.result.text = new
        return self.result

    def add(self, stmt: Statement) -> None:
        offset = len(self.edits)
        self.edits.extend(stmt.edits)
        self.chains.update(stmt.chains)
        self.rebinds.extend((offset + i, root) for i, root in stmt.rebinds)

    def statement(self, node: ast.stmt) -> None:
        start, end = self.span(node)
        self.add(
            rewrite_statement(
                self.text, start, end, self.index, self.targets, self.newline,
                self.result,
            )
        )  # fmt: skip

    def visit_import(self, node: ast.Import) -> None:
        legacy = False
        for alias in node.names:
            parts = alias.name.split(".")
            if is_legacy(parts):
                legacy = True
                if parts == ["flaskext"] and alias.asname is None:
                    self.bound.add("flaskext")
            elif alias.asname is None and parts[0] in ("flask", "flaskext"):
                self.bound.add(parts[0])
            if alias.asname in ("flask", "flaskext"):
                self.bound.add(alias.asname)
        if legacy:
            before = len(self.edits)
            self.statement(node)
            # A kept ``import flaskext.foo`` still binds ``flaskext``.
            if len(self.edits) == before:
                self.bound.update(
                    a.name.split(".")[0] for a in node.names if a.asname is None
                )

    def visit_from(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if (alias.asname or alias.name) in ("flask", "flaskext"):
                self.bound.add(alias.asname or alias.name)
        if node.level == 0 and node.module and is_legacy(node.module.split(".")):
            self.statement(node)

    def visit_call(self, node: ast.Call, is_statement: bool) -> None:
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else None
        )
        if name not in _IMPORTERS or not node.args:
            return
        arg = node.args[0]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            for sub in ast.walk(arg):
                if (
                    isinstance(sub, ast.Constant)
                    and isinstance(sub.value, str)
                    and sub.value.startswith(("flask.ext", "flaskext"))
                ):
                    raise Unsafe(
                        node.lineno,
                        f"{name}() builds a legacy module name at run time; "
                        "rewrite it by hand",
                    )
            return
        parts = arg.value.split(".")
        if not is_legacy(parts):
            return
        if parts == ["flask", "ext"] or parts == ["flaskext"]:
            if parts == ["flask", "ext"]:
                raise Unsafe(node.lineno, f"{name}('flask.ext') names no extension")
            return
        if name == "__import__" and not is_statement and not _has_fromlist(node):
            raise Unsafe(
                node.lineno,
                "__import__() of a dotted name returns the top package, and "
                "the new name has none; rewrite it by hand",
            )
        new = module_for(parts, node.lineno, self.targets, self.result)
        if new is None:
            return
        start, end = self.span(arg)
        match = _LITERAL.match(self.text, start, end)
        if match is None or match.group(3) != arg.value:
            raise Unsafe(node.lineno, "cannot rewrite this string literal safely")
        prefix, quote = match.group(1), match.group(2)
        self.edits.append(Edit(start, end, f"{prefix}{quote}{new}{quote}"))

    def visit_chain(self, node: ast.Attribute, key: tuple[str, ...]) -> None:
        new = self.chains.get(key)
        if new is None:
            if key[0] == "flask":
                raise Unsafe(
                    node.lineno,
                    f"'{'.'.join(key)}' is used, but this module does not "
                    f"'import {'.'.join(key)}'",
                )
            return
        start, end = self.span(node)
        pattern = _GAP.join(re.escape(p) for p in key) + r"\Z"
        if re.match(pattern, self.text[start:end]) is None:
            raise Unsafe(node.lineno, f"cannot rewrite '{'.'.join(key)}' here")
        self.edits.append(Edit(start, end, new))
        self.uses[key[0]] -= 1

    def fix_rebinds(self) -> None:
        """Keep ``flask`` bound where ``import flask.ext.foo`` used to bind it."""
        done: set[str] = set()
        for i, root in self.rebinds:
            if root in done or root in self.bound or self.uses.get(root, 0) <= 0:
                continue
            edit = self.edits[i]
            self.edits[i] = Edit(edit.start, edit.end, f"{root}, {edit.new}")
            done.add(root)


_INTERESTING = re.compile(r"flask|__import__|import_module")


def _interesting_lines(index: LineIndex) -> list[int]:
    """Line numbers where a node this engine cares about can be: every
    import, chain and call it looks at has one of these words on its line."""
    lines: list[int] = []
    for match in _INTERESTING.finditer(index.text):
        line = index.line_of(match.start())
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _walk(tree: ast.AST, lines: list[int]) -> Iterator[ast.AST]:
    """Like ``ast.walk``, parents first, but skipping every subtree whose
    lines hold none of ``lines`` (most of a module)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        first = getattr(node, "lineno", None)
        if first is not None:
            i = bisect.bisect_left(lines, first)
            if i == len(lines) or lines[i] > (
                getattr(node, "end_lineno", None) or first
            ):
                continue
        yield node
        for name in reversed(node._fields):
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(v for v in reversed(value) if isinstance(v, ast.AST))


def _has_fromlist(node: ast.Call) -> bool:
    if len(node.args) >= 4:
        return True
    return any(k.arg == "fromlist" for k in node.keywords)


def rewrite(text: str, tree: ast.Module, targets: Targets) -> Rewrite:
    """Rewrite Python 3 source whose tree is ``tree``.

    :raise Unsafe: when the file cannot be rewritten safely.
    """
    return _Engine(text, targets).run(tree)
