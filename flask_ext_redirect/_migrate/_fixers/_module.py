"""One parsed module as the fixers see it: its text, tree and names.

The fixers rename and move names; what makes that safe is knowing every
place a name is bound, read or spelled as a string. One walk of the tree
collects all of it, and the fixers ask.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from .._model import Edit
from .._model import Message
from .._model import Unsafe
from .._source import LineIndex
from .._source import newline_of

if TYPE_CHECKING:
    from ..._scan import Scan
    from .._bindings import Model
    from .._releases import Releases


@dataclasses.dataclass
class Names:
    """Where each name of a module is bound and read, in any scope."""

    #: Name -> the nodes that bind it (imports, assignments, ``def``,
    #: ``class``, parameters, ``global``/``nonlocal``, ``except ... as``...).
    bound: dict[str, list[ast.AST]] = dataclasses.field(default_factory=dict)
    #: Name -> the ``ast.Name`` nodes that read it.
    loads: dict[str, list[ast.Name]] = dataclasses.field(default_factory=dict)
    #: Every string constant of the module (``getattr(m, "Form")``,
    #: ``__all__``, string annotations).
    strings: set[str] = dataclasses.field(default_factory=set)
    #: ``from m import *`` statements.
    stars: list[ast.ImportFrom] = dataclasses.field(default_factory=list)
    #: Every import statement, call and ``name.attr`` node, in tree order:
    #: the fixers look here instead of walking the tree again.
    imports: list[ast.Import | ast.ImportFrom] = dataclasses.field(default_factory=list)
    calls: list[ast.Call] = dataclasses.field(default_factory=list)
    name_attributes: list[ast.Attribute] = dataclasses.field(default_factory=list)
    classes: list[ast.ClassDef] = dataclasses.field(default_factory=list)

    def bind(self, name: str, node: ast.AST) -> None:
        self.bound.setdefault(name, []).append(node)


_AST = ast.AST
_SKIP = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _collect(tree: ast.Module) -> Names:
    """One pass over the whole tree (a hand-written walk: ``ast.walk``
    costs twice as much, and this runs on every file a fixer reads)."""
    names = Names()
    loads = names.loads
    bind = names.bind
    stack: list[ast.AST] = [tree]
    pop = stack.pop
    append = stack.append
    while stack:
        node = pop()
        kind = type(node)
        if kind is ast.Name:
            assert isinstance(node, ast.Name)
            if type(node.ctx) is ast.Load:
                loads.setdefault(node.id, []).append(node)
            else:
                bind(node.id, node)
            continue
        if kind is ast.Constant:
            assert isinstance(node, ast.Constant)
            if type(node.value) is str:
                names.strings.add(node.value)
            continue
        if kind is ast.Attribute:
            assert isinstance(node, ast.Attribute)
            if type(node.value) is ast.Name:
                names.name_attributes.append(node)
        elif kind is ast.Call:
            assert isinstance(node, ast.Call)
            names.calls.append(node)
        elif kind is ast.Import or kind is ast.ImportFrom:
            assert isinstance(node, (ast.Import, ast.ImportFrom))
            names.imports.append(node)
            for alias in node.names:
                if alias.name == "*":
                    assert isinstance(node, ast.ImportFrom)
                    names.stars.append(node)
                elif alias.asname is not None:
                    bind(alias.asname, node)
                else:
                    bind(alias.name.split(".")[0], node)
            continue
        elif kind in _SCOPES:
            assert isinstance(node, _SCOPES)
            bind(node.name, node)
            if isinstance(node, ast.ClassDef):
                names.classes.append(node)
        elif kind is ast.arg:
            assert isinstance(node, ast.arg)
            bind(node.arg, node)
        elif kind is ast.Global or kind is ast.Nonlocal:
            assert isinstance(node, (ast.Global, ast.Nonlocal))
            for name in node.names:
                bind(name, node)
            continue
        elif kind is ast.ExceptHandler:
            assert isinstance(node, ast.ExceptHandler)
            if node.name:
                bind(node.name, node)
        elif kind.__name__ in ("TypeVar", "ParamSpec", "TypeVarTuple"):
            # PEP 695 type parameters (3.12+): ``def f[Form](x: Form)``.
            bind(getattr(node, "name"), node)  # noqa: B009
        elif kind.__name__.startswith("Match"):
            # match statements (3.10+): capture patterns bind names.
            for field in ("name", "rest"):
                value = getattr(node, field, None)
                if isinstance(value, str):
                    bind(value, node)
        for field in node._fields:
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST) and not isinstance(item, _SKIP):
                        append(item)
            elif isinstance(value, _AST) and not isinstance(value, _SKIP):
                append(value)
    # The walk went in no particular order; the fixers want source order.
    names.imports.sort(key=_position)
    names.calls.sort(key=_position)
    names.name_attributes.sort(key=_position)
    for nodes in names.bound.values():
        nodes.sort(key=_position)
    return names


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


@dataclasses.dataclass
class Context:
    """What a run knows beyond the module's own text."""

    #: Module-level names that other modules of the tree import from this
    #: one (``from .forms import Form``): they must stay importable.
    exported: frozenset[str] = frozenset()
    #: Lines not to rewrite (refused by the binding check in an earlier
    #: attempt), as a test on a line of the current text.
    skipped: Callable[[int], bool] = lambda line: False
    #: ``dist -> version`` the code will run on (``--target`` pins, else
    #: what is installed); see :mod:`.._releases`.
    releases: Releases | None = None


class Module:
    """A Python 3 module being upgraded: text, tree, and what fixers found."""

    def __init__(
        self,
        text: str,
        tree: ast.Module,
        context: Context | None = None,
    ) -> None:
        self.text = text
        self.tree = tree
        self.index = LineIndex(text)
        self.newline = newline_of(text)
        self.context = context or Context()
        #: Things the user should know that are not errors.
        self.notes: list[Message] = []
        #: What was refused (the rest of the file is still rewritten).
        self.refusals: list[Message] = []
        #: ``(statement, "import x")``: imports to add after a statement.
        self.pending: list[tuple[ast.stmt, str]] = []

    @functools.cached_property
    def names(self) -> Names:
        """Bindings, reads and strings of the whole module."""
        return _collect(self.tree)

    @functools.cached_property
    def imports(self) -> list[ast.Import | ast.ImportFrom]:
        """Every import statement, at any depth, in source order: a walk of
        the statements only, much cheaper than :attr:`names`."""
        found: list[ast.Import | ast.ImportFrom] = []
        stack: list[ast.stmt] = list(reversed(self.tree.body))
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append(node)
                continue
            inner: list[ast.stmt] = []
            for field in ("body", "orelse", "finalbody"):
                value = getattr(node, field, None)
                if isinstance(value, list):
                    inner += value
            for handler in getattr(node, "handlers", None) or ():
                inner += handler.body
            for case in getattr(node, "cases", None) or ():
                inner += case.body
            stack.extend(reversed(inner))
        return found

    @functools.cached_property
    def scan(self) -> Scan:
        """The shared scanner's reading of the module (the one ``doctor``
        uses): imports, references and calls resolved to qualified names
        through imports and scopes, with exact spans."""
        from ..._scan._reader import scan_tree

        return scan_tree(self.text, self.tree, frozenset())

    @functools.cached_property
    def all_names(self) -> set[str]:
        """The names the module lists in ``__all__`` (re-exports)."""
        found: set[str] = set()
        for node in self.tree.body:
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
                if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                    value = node.value
                    if value is not None:
                        for sub in ast.walk(value):
                            if isinstance(sub, ast.Constant) and isinstance(
                                sub.value, str
                            ):
                                found.add(sub.value)
        return found

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Offsets of a node's first and last character (exclusive)."""
        lineno = getattr(node, "lineno")  # noqa: B009 - every caller's node has it
        end_line = getattr(node, "end_lineno", None) or lineno
        end_col = getattr(node, "end_col_offset", None) or 0
        return (
            self.index.offset_utf8(lineno, getattr(node, "col_offset")),  # noqa: B009
            self.index.offset_utf8(end_line, end_col),
        )

    def replace_name(self, node: ast.Name, new: str) -> Edit:
        """An edit renaming one ``ast.Name``, checked against the text."""
        start, end = self.span(node)
        if self.text[start:end] != node.id:
            raise Unsafe(node.lineno, f"cannot find '{node.id}' in the text here")
        return Edit(start, end, new)

    @functools.cached_property
    def bindings(self) -> Model:
        """Every scope of the module and what its names are bound to."""
        from .._bindings import build

        return build(self.tree)

    @functools.cached_property
    def places(self) -> dict[int, tuple[list[ast.stmt], int]]:
        """``id(statement) -> (the statement list holding it, its index)``."""
        found: dict[int, tuple[list[ast.stmt], int]] = {}
        stack: list[list[ast.stmt]] = [self.tree.body]
        while stack:
            body = stack.pop()
            for i, node in enumerate(body):
                found[id(node)] = (body, i)
                for field in ("body", "orelse", "finalbody"):
                    value = getattr(node, field, None)
                    if (
                        isinstance(value, list)
                        and value
                        and isinstance(value[0], ast.stmt)
                    ):
                        stack.append(value)
                for handler in getattr(node, "handlers", None) or ():
                    stack.append(handler.body)
                for case in getattr(node, "cases", None) or ():
                    stack.append(case.body)
        return found

    def skipped(self, line: int) -> bool:
        """Whether an earlier attempt refused what is on this line."""
        return self.context.skipped(line)

    def refuse(self, line: int, text: str) -> None:
        """Leave one statement, use or call as it is, and say why."""
        message = Message(line, text)
        if message not in self.refusals:
            self.refusals.append(message)

    def needs(self, requirement: str, line: int, what: str) -> bool:
        """Whether the releases the code runs on satisfy ``requirement``
        (``"Flask>=2.0"``); when they don't, refuse ``what`` at ``line``."""
        if self.context.releases is None:
            return True
        missing = self.context.releases.missing(requirement)
        if missing is None:
            return True
        self.refuse(line, f"{what} needs {requirement}, but {missing}")
        return False

    def note(self, line: int, text: str) -> None:
        """Tell the user something about a line (printed as a note)."""
        self.notes.append(Message(line, text))

    def statement_lines(self, node: ast.stmt) -> tuple[int, int]:
        """Offsets of the start of the statement's first line and of the start
        of the line after its last line.

        :raise Unsafe: when other code shares those lines (``;``, or a
            one-line ``if x: import y``), so new lines cannot go after it.
        """
        start, end = self.span(node)
        line_start = self.index.starts[node.lineno - 1]
        if self.text[line_start:start].strip(" \t\f"):
            raise Unsafe(node.lineno, "the statement shares its line with other code")
        last = node.end_lineno or node.lineno
        rest = self.text[end : self.index.starts[last]]
        stripped = rest.strip(" \t\f\r\n")
        if stripped and not stripped.startswith("#"):
            raise Unsafe(node.lineno, "the statement shares its line with other code")
        return line_start, self.index.starts[last]

    def indent_of(self, node: ast.stmt) -> str:
        """The indentation of the statement's first line."""
        line_start = self.index.starts[node.lineno - 1]
        start, _ = self.span(node)
        return self.text[line_start:start]

    def insert_after(self, node: ast.stmt, lines: list[str]) -> Edit:
        """An edit adding statements (same indentation) after ``node``."""
        _, after = self.statement_lines(node)
        indent = self.indent_of(node)
        body = "".join(f"{indent}{line}{self.newline}" for line in lines)
        last = node.end_lineno or node.lineno
        if after == len(self.text) and not self.index.lines[last - 1].endswith(
            ("\n", "\r")
        ):
            # The statement ends the file without a newline: keep it so.
            return Edit(after, after, self.newline + body.rstrip("\r\n"))
        return Edit(after, after, body)
