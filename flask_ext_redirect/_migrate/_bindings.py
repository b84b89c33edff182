"""What every name of a module means, scope by scope.

The model the binding check (:mod:`._binding_check`) and the fixers read:
every scope of a module (module, class, function, lambda, comprehension,
PEP 695 type parameters), what each binds and where (the block of compound
statements around each binding), and each read of a name. Names resolve as
Python resolves them: function scopes see enclosing functions but not class
bodies, ``global`` and ``nonlocal`` redirect, a comprehension's first
iterable is read in the enclosing scope, a walrus binds outside the
comprehension. The model is flow-insensitive: a name bound twice in a scope
means either binding, which errs on the side of refusing.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import functools
from collections.abc import Callable
from collections.abc import Iterable

#: Names every module has without binding them.
_IMPLICIT = frozenset(dir(builtins)) | {
    "__file__",
    "__name__",
    "__doc__",
    "__package__",
    "__spec__",
    "__loader__",
    "__path__",
    "__builtins__",
    "__annotations__",
    "__dict__",
    "__module__",
    "__qualname__",
    "__class__",
    "__debug__",
}

_COMPOUND = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Try,
    ast.With,
    ast.AsyncWith,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
    *((ast.Match,) if hasattr(ast, "Match") else ()),
)

#: What a compound statement holds besides statement lists: handlers of
#: ``try``, cases of ``match``.
_ITEMS: tuple[type[ast.AST], ...] = (
    ast.excepthandler,
    *((ast.match_case,) if hasattr(ast, "match_case") else ()),
)

#: Where a binding sits: the compound statements around it in its scope,
#: each as (its number in the module, the field and handler it is in).
Block = tuple[tuple[int, str], ...]


@dataclasses.dataclass
class Binding:
    """One place a name is bound."""

    name: str
    #: What it binds: ``"flask_wtf.Form"`` for an import, ``"*wtforms"`` for
    #: a star import, ``""`` for anything else (assignment, def, ...).
    meaning: str
    block: Block
    line: int
    #: The import statement, for imports.
    node: ast.stmt | None = None


@dataclasses.dataclass
class Scope:
    """A module, class, function, lambda, comprehension or type-parameter
    scope."""

    kind: str
    parent: Scope | None
    number: int
    #: The ``def``, ``lambda``, ``class`` or comprehension that makes it.
    node: ast.AST | None = None
    bindings: dict[str, list[Binding]] = dataclasses.field(default_factory=dict)
    globals: set[str] = dataclasses.field(default_factory=set)
    nonlocals: set[str] = dataclasses.field(default_factory=set)
    stars: list[Binding] = dataclasses.field(default_factory=list)
    #: (read node, scope it was read in), in source order.
    loads: list[ast.Name] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Model:
    """Every scope of a module, and what each read resolves to."""

    scopes: list[Scope]
    #: ``id(read)`` -> the dotted chain read through it (``a.b.c`` for the
    #: ``a`` of ``a.b.c``), where there is one.
    chains: dict[int, str] = dataclasses.field(default_factory=dict)

    @property
    def module(self) -> Scope:
        return self.scopes[0]

    @functools.cached_property
    def scope_of(self) -> dict[int, Scope]:
        """``id(read)`` -> the scope it is read in."""
        return {id(node): scope for scope in self.scopes for node in scope.loads}


def _import_meanings(node: ast.Import | ast.ImportFrom) -> Iterable[tuple[str, str]]:
    """(local name, meaning) for each name an import binds."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, alias.name
            else:
                top = alias.name.split(".")[0]
                yield top, top
        return
    base = "." * node.level + (node.module or "")
    for alias in node.names:
        if alias.name == "*":
            yield "*", "*" + base
        else:
            sep = "" if base.endswith(".") else "."
            yield alias.asname or alias.name, f"{base}{sep}{alias.name}"


class _Builder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.scopes: list[Scope] = []
        self.scope = self._new("module", None)
        self.block: Block = ()
        self.compound = 0
        self.chains: dict[int, str] = {}

    def _new(self, kind: str, parent: Scope | None) -> Scope:
        scope = Scope(kind, parent, len(self.scopes))
        self.scopes.append(scope)
        return scope

    def bind(
        self, name: str, line: int, meaning: str = "", node: ast.stmt | None = None
    ) -> None:
        scope = self.scope
        if name in scope.globals:
            scope = self.scopes[0]
        elif name in scope.nonlocals:
            # Bound in the enclosing function that owns it (see owner()).
            found = owner(scope, name, self.scopes)
            if found is None or found is scope:
                return
            scope = found
        binding = Binding(name, meaning, self.block, line, node)
        scope.bindings.setdefault(name, []).append(binding)

    # ----------------------------------------------------------- blocks

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, _COMPOUND):
            self.compound += 1
            number = self.compound
            for field, value in ast.iter_fields(node):
                if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                    self.compound_body(number, field, value)
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        if isinstance(item, _ITEMS):
                            self.compound_item(number, f"{field}[{i}]", item)
                        elif isinstance(item, ast.AST):
                            self.visit(item)
                elif isinstance(value, ast.AST):
                    self.visit(value)
            return
        super().generic_visit(node)

    def compound_body(self, number: int, field: str, body: list[ast.stmt]) -> None:
        saved = self.block
        self.block = (*saved, (number, field))
        for stmt in body:
            self.visit(stmt)
        self.block = saved

    def compound_item(self, number: int, field: str, item: ast.AST) -> None:
        saved = self.block
        self.block = (*saved, (number, field))
        self.visit(item)
        self.block = saved

    # ----------------------------------------------------------- scopes

    def _in_scope(
        self, kind: str, run: Callable[[], None], node: ast.AST | None = None
    ) -> None:
        saved_scope, saved_block = self.scope, self.block
        self.scope = self._new(kind, saved_scope)
        self.scope.node = node
        self.block = ()
        run()
        self.scope, self.block = saved_scope, saved_block

    def _type_params(self, node: ast.AST, run: Callable[[], None]) -> None:
        params = getattr(node, "type_params", None)
        if not params:
            run()
            return

        def inner() -> None:
            for param in params:
                self.bind(param.name, param.lineno)
                self.visit(param)
            run()

        self._in_scope("type-params", inner)

    def visit_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    ) -> None:
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
        args = node.args
        for default in [*args.defaults, *args.kw_defaults]:
            if default is not None:
                self.visit(default)
        self.compound += 1

        def annotations() -> None:
            for arg in self._all_args(args):
                if arg.annotation is not None:
                    self.visit(arg.annotation)
            if not isinstance(node, ast.Lambda) and node.returns is not None:
                self.visit(node.returns)

        def body() -> None:
            for arg in self._all_args(args):
                self.bind(arg.arg, arg.lineno)
            if isinstance(node, ast.Lambda):
                self.visit(node.body)
            else:
                for stmt in node.body:
                    self.visit(stmt)

        def whole() -> None:
            annotations()
            self._in_scope("function", body, node)

        self._type_params(node, whole)
        if not isinstance(node, ast.Lambda):
            self.bind(node.name, node.lineno)

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    @staticmethod
    def _all_args(args: ast.arguments) -> list[ast.arg]:
        found = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        if args.vararg:
            found.append(args.vararg)
        if args.kwarg:
            found.append(args.kwarg)
        return found

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.compound += 1

        def whole() -> None:
            for base in node.bases:
                self.visit(base)
            for keyword in node.keywords:
                self.visit(keyword.value)
            self._in_scope("class", body, node)

        def body() -> None:
            for stmt in node.body:
                self.visit(stmt)

        self._type_params(node, whole)
        self.bind(node.name, node.lineno)

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    ) -> None:
        # The first iterable is evaluated in the enclosing scope.
        self.visit(node.generators[0].iter)

        def inner() -> None:
            for i, generator in enumerate(node.generators):
                if i:
                    self.visit(generator.iter)
                self.visit(generator.target)
                for test in generator.ifs:
                    self.visit(test)
            if isinstance(node, ast.DictComp):
                self.visit(node.key)
                self.visit(node.value)
            else:
                self.visit(node.elt)

        self._in_scope("comprehension", inner, node)

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_DictComp = _comprehension
    visit_GeneratorExp = _comprehension

    # --------------------------------------------------------- bindings

    def visit_Attribute(self, node: ast.Attribute) -> None:
        parts = [node.attr]
        value = node.value
        while isinstance(value, ast.Attribute):
            parts.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name) and id(value) not in self.chains:
            # The outermost attribute is visited first: the longest chain.
            self.chains[id(value)] = ".".join([value.id, *reversed(parts)])
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.scope.loads.append(node)
        else:
            self.bind(node.id, node.lineno)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        # ``(x): int`` with no value (``simple`` 0) binds nothing: Python
        # treats the parenthesized name as an expression, not a local.
        if node.value is None and not node.simple and isinstance(node.target, ast.Name):
            self.visit(node.annotation)
            return
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        scope = self.scope
        # The target binds in the first enclosing non-comprehension scope.
        saved = scope
        while scope.kind == "comprehension" and scope.parent is not None:
            scope = scope.parent
        self.scope = scope
        self.visit(node.target)
        self.scope = saved

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for name, meaning in _import_meanings(node):
            if name == "*":
                self.scope.stars.append(
                    Binding("*", meaning, self.block, node.lineno, node)
                )
            else:
                self.bind(name, node.lineno, meaning, node)

    visit_ImportFrom = visit_Import

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.globals.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.nonlocals.update(node.names)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.bind(node.name, node.lineno)
        for stmt in node.body:
            self.visit(stmt)

    def visit_alias(self, node: ast.alias) -> None:  # pragma: no cover
        pass

    def _capture(self, node: ast.AST) -> None:
        for field in ("name", "rest"):
            value = getattr(node, field, None)
            if isinstance(value, str):
                self.bind(value, getattr(node, "lineno", 0))
        super().generic_visit(node)

    visit_MatchAs = _capture
    visit_MatchStar = _capture
    visit_MatchMapping = _capture


def build(tree: ast.Module) -> Model:
    """The scopes of a parsed module."""
    builder = _Builder()
    for stmt in tree.body:
        builder.visit(stmt)
    return Model(builder.scopes, builder.chains)


def owner(scope: Scope, name: str, scopes: list[Scope]) -> Scope | None:
    """The scope whose binding of ``name`` a read in ``scope`` sees."""
    if name in scope.globals:
        return scopes[0] if name in scopes[0].bindings else None
    if name not in scope.nonlocals and (
        name in scope.bindings or (scope.kind == "module" and scope.stars)
    ):
        return scope
    current = scope.parent
    while current is not None:
        if current.kind == "class":
            current = current.parent
            continue
        if name in current.globals:
            return scopes[0] if name in scopes[0].bindings else None
        if name in current.bindings or (current.kind == "module" and current.stars):
            return current
        current = current.parent
    return None


#: ``module -> names its star import binds``, where that is known;
#: an unknown module may bind any name.
StarExports = Callable[[str], "frozenset[str] | None"]


def meaning_of(
    scope: Scope, name: str, scopes: list[Scope], star_exports: StarExports
) -> frozenset[str]:
    """Every object a read of ``name`` in ``scope`` may be: import targets,
    ``"=local"`` for other bindings, ``"*module:name"`` for a star import
    that may bind it, ``"builtin"``, or ``"unbound"``."""
    found = owner(scope, name, scopes)
    if found is None:
        return frozenset({"builtin" if name in _IMPLICIT else "unbound"})
    meanings = {b.meaning or "=local" for b in found.bindings.get(name, [])}
    for star in found.stars:
        module = star.meaning[1:]
        exports = star_exports(module)
        if exports is None or name in exports:
            meanings.add(f"*{module}:{name}")
    if not meanings:
        meanings.add("builtin" if name in _IMPLICIT else "unbound")
    return frozenset(meanings)
