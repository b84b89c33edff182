"""What every name of a module means, scope by scope: the binding check.

``migrate --upgrade`` renames and moves imported names. Before anything is
written, :func:`check` holds the rewritten text against the text the
fixers started from and lists what could now mean something else:

- every name read, in every scope, must resolve to what it resolved to
  before, the renames of the fixers' tables applied (``flask_wtf.Form``
  read as ``Form`` may be read as ``FlaskForm`` or as ``Form`` bound to
  ``flask_wtf.FlaskForm``); a name no binding reached stays unbound, and a
  bound one never becomes unbound;
- a star import that may bind the name read counts as one of its meanings
  (``from wtforms import *`` may rebind ``Form``): renaming the name changes
  which star names reach it, so the check sees the difference;
- an import is removed only where the same scope binds the same names to
  the same objects in the same block or an enclosing one (not in the other
  branch of an ``if`` or in another function);
- a module-level name that other modules import (``from .forms import
  Form``) or list in ``__all__`` stays bound at module level.

Names are resolved as Python does: function scopes see enclosing functions
but not class bodies, ``global`` and ``nonlocal`` redirect, PEP 695 type
parameters bind in a scope of their own. The check is flow-insensitive
where that errs on the side of refusing: a name bound twice in a scope
means either binding.
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

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
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


@dataclasses.dataclass(frozen=True)
class Problem:
    """A difference the rewrite would make: the read or binding at ``line``
    of the text the fixers started from, and the imports behind it."""

    line: int
    text: str
    #: Lines (of the text the fixers started from) of the import
    #: statements whose rewrite caused it: refused first.
    culprits: tuple[int, ...]


def _reads(
    model: Model, star_exports: StarExports
) -> list[list[tuple[ast.Name, str, frozenset[str]]]]:
    """For each scope, its reads in source order: (node, dotted chain,
    meanings)."""
    out = []
    for scope in model.scopes:
        reads = []
        for node in sorted(scope.loads, key=lambda n: (n.lineno, n.col_offset)):
            meanings = meaning_of(scope, node.id, model.scopes, star_exports)
            reads.append((node, model.chains.get(id(node), node.id), meanings))
        out.append(reads)
    return out


Translate = Callable[[str], "tuple[str, ...]"]


def _extend(meaning: str, chain: str) -> str:
    """The object read: an import's target followed by the attributes read
    through it (``wtforms`` + ``.validators.Required``)."""
    if meaning.startswith(("*", "=")) or meaning in ("builtin", "unbound"):
        return meaning
    rest = chain.partition(".")[2]
    return f"{meaning}.{rest}" if rest else meaning


def _culprits(scope: Scope, name: str, model: Model) -> tuple[int, ...]:
    found = owner(scope, name, model.scopes)
    if found is None:
        return ()
    lines = [b.line for b in found.bindings.get(name, []) if b.node is not None]
    lines += [s.line for s in found.stars]
    return tuple(sorted(set(lines)))


def check(
    before: ast.Module,
    after: ast.Module,
    translate: Translate,
    star_exports: StarExports,
    exported: frozenset[str] = frozenset(),
    restructured: bool = False,
) -> list[Problem]:
    """What the rewrite from ``before`` to ``after`` may have changed.

    :param translate: Maps an object's dotted name before the rewrite to
        the names it may have after (itself, then each rename of the
        fixers' tables in turn).
    :param star_exports: What a star import of a module binds, if known.
    :param exported: Module-level names that other modules import from
        this one; they must stay bound at module level.
    :param restructured: A fixer rewrote code, not only names (the
        ``flask-script`` conversion of a ``manage.py``): reads cannot be
        paired one to one, so only new unbound names and lost exports are
        looked for.
    """
    old = build(before)
    new = build(after)
    if restructured:
        return _new_unbound(old, new, star_exports) + _exports(old, new, exported)
    problems: list[Problem] = []
    if len(old.scopes) != len(new.scopes):
        return [Problem(0, "the rewrite changed the scopes of the module", ())]
    old_reads = _reads(old, star_exports)
    new_reads = _reads(new, star_exports)
    for scope, reads, reads_after in zip(old.scopes, old_reads, new_reads):
        if len(reads) != len(reads_after):
            problems.append(Problem(0, "the rewrite changed which names are read", ()))
            continue
        for (node, chain, meanings), (node_after, chain_after, meanings_after) in zip(
            reads, reads_after
        ):
            kept = {_extend(m, chain) for m in meanings}
            got = {_extend(m, chain_after) for m in meanings_after}
            # Each rename is made or refused (target check): either is fine.
            if _same(kept, got, translate):
                continue
            want = {translate(m)[-1] for m in kept}
            problems.append(
                Problem(
                    node.lineno,
                    _describe(node.id, node_after.id, want, got),
                    _culprits(scope, node.id, old),
                )
            )
    problems += _removed_imports(old, new, translate)
    problems += _exports(old, new, exported)
    return problems


def _same(kept: set[str], got: set[str], translate: Translate) -> bool:
    """Whether ``got`` is ``kept`` with each meaning renamed zero or more
    steps along its chain of renames."""
    if kept == got:
        return True
    steps = {m: translate(m) for m in kept}
    if len(got) > len(kept):
        return False
    return all(any(g in s for s in steps.values()) for g in got) and all(
        any(g in s for g in got) for s in steps.values()
    )


def _describe(old: str, new: str, want: set[str], got: set[str]) -> str:
    name = old if old == new else f"'{old}' (now '{new}')"
    if old == new:
        name = f"'{old}'"
    if "unbound" in got and "unbound" not in want:
        return f"{name} would no longer be bound here (NameError)"
    stars = sorted(m.split(":")[0][1:] for m in got | want if m.startswith("*"))
    if stars:
        return (
            f"{name} may also be bound by 'from {stars[0]} import *', so the "
            "rewrite could change which object it is"
        )
    return (
        f"{name} would mean {', '.join(sorted(got))} instead of "
        f"{', '.join(sorted(want))}"
    )


def _new_unbound(old: Model, new: Model, star_exports: StarExports) -> list[Problem]:
    """Names read somewhere after the rewrite that no binding reaches, and
    that were not read unbound before."""

    def unbound(model: Model) -> dict[str, int]:
        found: dict[str, int] = {}
        for reads in _reads(model, star_exports):
            for node, _, meanings in reads:
                if meanings == {"unbound"}:
                    found.setdefault(node.id, node.lineno)
        return found

    was = unbound(old)
    return [
        Problem(line, f"'{name}' would not be bound where it is read (NameError)", ())
        for name, line in sorted(unbound(new).items())
        if name not in was
    ]


def _removed_imports(old: Model, new: Model, translate: Translate) -> list[Problem]:
    """An import removed from a block where no import in the same or an
    enclosing block of the same scope binds the same object."""
    problems = []
    for scope, scope_after in zip(old.scopes, new.scopes):
        after: dict[str, list[Binding]] = {}
        for bindings in scope_after.bindings.values():
            for binding in bindings:
                if binding.node is not None:
                    after.setdefault(binding.meaning, []).append(binding)
        for name, bindings in scope.bindings.items():
            for binding in bindings:
                if binding.node is None:
                    continue
                steps = translate(binding.meaning)
                new_names = {name} | {s.rpartition(".")[2] for s in steps}
                if any(
                    b.name in new_names and binding.block[: len(b.block)] == b.block
                    for target in steps
                    for b in after.get(target, [])
                ):
                    continue
                problems.append(
                    Problem(
                        binding.line,
                        f"the import of '{name}' would be removed here, and "
                        "nothing else in this block binds it",
                        (binding.line,),
                    )
                )
    return problems


def _exports(old: Model, new: Model, exported: frozenset[str]) -> list[Problem]:
    problems = []
    for name in sorted(exported):
        bindings = old.module.bindings.get(name)
        if bindings and name not in new.module.bindings:
            problems.append(
                Problem(
                    bindings[0].line,
                    f"'{name}' is imported from this module elsewhere in the tree"
                    " and would no longer be importable from it",
                    tuple(b.line for b in bindings if b.node is not None),
                )
            )
    return problems
