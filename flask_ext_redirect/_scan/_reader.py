"""Read one Python 3 module's tree: resolve names through imports, scope by
scope, and record every use with its position.

Names are bound the way Python binds them, statically:

- module and class bodies are read in order, so a later ``Markup = None``
  unbinds an earlier ``from flask import Markup`` from there on (in a branch,
  ``try: from x import A`` / ``except ImportError: A = None``, the import
  wins: it is what runs where the import works);
- a function body is read after the whole module, as it runs when called,
  against the module's final bindings; a name assigned anywhere in a
  function (a parameter, a loop target, ``x = ...``) is local throughout
  it and shadows the import of the same name, as in Python;
- class bodies are not seen from the functions nested in them;
  comprehension variables shadow only inside the comprehension.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import sys
from collections.abc import Iterable
from collections.abc import Sequence

from .._migrate._source import LineIndex
from ._model import Base
from ._model import Call
from ._model import ClassDef
from ._model import ConfigKey
from ._model import Import
from ._model import Keyword
from ._model import MethodUse
from ._model import Reference
from ._model import Scan
from ._model import Span
from ._names import canonical

_BUILTINS = frozenset(dir(builtins))
_CONFIG_METHODS = {
    "get": "get",
    "setdefault": "setdefault",
    "pop": "pop",
    "update": "update",
    "from_mapping": "update",
}
_CTX = {ast.Load: "load", ast.Store: "store", ast.Del: "del"}
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While)
_IMPORTERS = frozenset({"__import__", "importlib.import_module"})
#: Exceptions whose handler makes its ``try`` body a guard: what a missing
#: module, name or keyword raises, or anything.
_GUARDING = frozenset(
    {
        "ImportError",
        "ModuleNotFoundError",
        "AttributeError",
        "TypeError",
        "Exception",
        "BaseException",
    }
)
#: (guard, conditions, enclosing ``if`` branches) where a function was
#: defined, for reading its body later.
_Context = tuple[str, frozenset[str], int]


class _Scope:
    """Bindings of one scope: what each name means so far.

    ``bindings[name]`` is a qualified name, or None for "bound, but not to
    something imported".
    """

    __slots__ = (
        "kind",
        "bindings",
        "locals",
        "globals",
        "nonlocals",
        "parent",
        "branch",
        "config_class",
        "deferred",
        "types",
        "class_type",
        "guards",
        "name",
    )

    def __init__(
        self,
        kind: str,
        parent: _Scope | None,
        local_names: frozenset[str] = frozenset(),
        global_names: frozenset[str] = frozenset(),
        nonlocal_names: frozenset[str] = frozenset(),
    ) -> None:
        self.kind = kind
        self.parent = parent
        self.bindings: dict[str, str | None] = {}
        #: Function scopes: every name bound anywhere in the body.
        self.locals = local_names
        #: Names declared ``global``: read and bound in the module.
        self.globals = global_names
        #: Names declared ``nonlocal``: read and bound in an enclosing
        #: function (neither bound nor local here, so lookups go outward).
        self.nonlocals = nonlocal_names
        #: How many branches (``if``, loops, ``except``) enclose the
        #: statement being read.
        self.branch = 0
        #: Class scopes: the class's name holds "config".
        self.config_class = False
        #: Code here runs when a function is called, not at import.
        self.deferred: bool = kind == "function" or (
            parent is not None and parent.deferred
        )
        #: Names bound to an instance of a known class (see
        #: :attr:`.Call.receiver_type`), or imported relatively
        #: (``from:.module.name``).
        self.types: dict[str, str] = {}
        #: Class scopes: what ``self`` is in its methods (None: unknown).
        self.class_type: str | None = None
        #: Names bound to an import or alias under a guard: uses of the
        #: name are guarded as much (``except ImportError: from flask
        #: import Markup``, then ``Markup(...)``).
        self.guards: dict[str, str] = {}
        #: Function scopes: the function's name.
        self.name = ""


class _Reader:
    def __init__(self, text: str, methods: frozenset[str] | None) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.methods = methods
        self.scan = Scan()
        self.module = _Scope("module", None)
        self.scope = self.module
        self.stars: list[str] = []
        self.pending: list[
            tuple[ast.FunctionDef | ast.AsyncFunctionDef, _Scope, _Context]
        ] = []
        #: Why the code being read is guarded (see :attr:`.Call.guard`).
        self.guard = ""
        #: Names the enclosing tests mention.
        self.conditions: frozenset[str] = frozenset()
        #: How many ``if``/``match`` branches enclose the code being read.
        self.in_if = 0
        #: Names bound by an import that a ``try`` guards, or to the result
        #: of a guard test: a test naming one is itself a guard.
        self.flags: set[str] = set()
        #: Module-level functions -> the class of what they return, where
        #: known (``def create_app(): app = Flask(...); return app``).
        self.returns: dict[str, str] = {}

    # ------------------------------------------------------------ positions

    def span(self, node: ast.AST) -> Span:
        lineno: int = node.lineno  # type: ignore[attr-defined]
        col: int = node.col_offset  # type: ignore[attr-defined]
        end_lineno: int = getattr(node, "end_lineno", None) or lineno
        end_col: int = getattr(node, "end_col_offset", None) or col
        return self.span_of(lineno, col, end_lineno, end_col)

    def span_of(self, lineno: int, col: int, end_lineno: int, end_col: int) -> Span:
        """A span from ``ast``'s UTF-8 byte columns."""
        index = self.index
        start = index.offset_utf8(lineno, col)
        end = index.offset_utf8(end_lineno, end_col)
        return Span(
            lineno,
            start - index.starts[lineno - 1],
            end_lineno,
            end - index.starts[end_lineno - 1],
            start,
            end,
        )

    def tail_span(self, node: ast.Attribute) -> Span:
        """The span of an attribute's name (``b`` in ``a . b``)."""
        whole = self.span(node)
        start = whole.end - len(node.attr)
        return Span(
            whole.end_lineno,
            whole.end_col - len(node.attr),
            whole.end_lineno,
            whole.end_col,
            start,
            whole.end,
        )

    # ------------------------------------------------------------- bindings

    def owner(self, name: str) -> _Scope | None:
        """The scope whose binding of ``name`` the code being read sees
        (None: not bound in any)."""
        scope: _Scope | None = self.scope
        first = True
        while scope is not None:
            if scope.kind == "class" and not first:
                scope = scope.parent
                continue
            if name in scope.globals:
                scope = self.module
            if name in scope.bindings or name in scope.locals:
                return scope
            if scope is self.module:
                break
            first = False
            scope = scope.parent
        return None

    def lookup(self, name: str) -> str | None:
        scope = self.owner(name)
        if scope is not None:
            return scope.bindings.get(name)
        if len(self.stars) == 1 and name not in _BUILTINS:
            return canonical(f"{self.stars[0]}.{name}")
        return None

    def guard_of(self, node: ast.expr) -> str:
        """The guard the code being read is under, or else the one its
        root name was bound under."""
        if self.guard:
            return self.guard
        while isinstance(node, (ast.Attribute, ast.Call)):
            node = node.value if isinstance(node, ast.Attribute) else node.func
        if isinstance(node, ast.Name):
            scope = self.owner(node.id)
            if scope is not None:
                return scope.guards.get(node.id, "")
        return ""

    def type_of(self, node: ast.expr) -> str | None:
        """The class a receiver is an instance of, where known."""
        if isinstance(node, ast.Name):
            scope = self.owner(node.id)
            return None if scope is None else scope.types.get(node.id)
        if isinstance(node, ast.Call):
            # ``Flask(__name__).run()``; not ``query.filter().all()``, whose
            # callee makes no instance of itself.
            made = self.instance_type(node)
            if made is not None and made.rpartition(".")[2][:1].isupper():
                return made
        return None

    def instance_type(self, call: ast.Call) -> str | None:
        """What ``Callee(...)`` makes: the callee's qualified name, or for
        a class of this module, what ``self`` is in it."""
        callee = self.resolve(call.func)
        if callee is not None:
            return callee
        if isinstance(call.func, ast.Name):
            scope = self.owner(call.func.id)
            found = None if scope is None else scope.types.get(call.func.id)
            if found is not None and found.startswith("class:"):
                return found[len("class:") :] or None
        return None

    def bind(self, name: str, qualname: str | None) -> None:
        scope = self.scope
        if name in scope.globals:
            scope = self.module
        elif name in scope.nonlocals:
            owner = _nonlocal_owner(scope, name)
            if owner is None:
                return  # pragma: no cover - a SyntaxError, never parsed
            scope = owner
        if qualname is None and scope.branch and scope.bindings.get(name):
            return  # ``except ImportError: Name = None`` keeps the import
        scope.bindings[name] = qualname
        scope.types.pop(name, None)
        if qualname is not None and self.guard:
            scope.guards[name] = self.guard
        else:
            scope.guards.pop(name, None)

    def bind_target(self, target: ast.expr, value: ast.expr | None) -> None:
        """Bind the names an assignment target stores to."""
        if isinstance(target, ast.Name):
            alias = self.resolve(value) if value is not None else None
            self.bind(target.id, alias)
            if isinstance(value, ast.Call):
                made = self.instance_type(value)
                if made is None and isinstance(value.func, ast.Name):
                    scope = self.owner(value.func.id)
                    origin = None if scope is None else scope.types.get(value.func.id)
                    if scope is self.module and origin is None:
                        # A function of this module: what it returns is
                        # known once its body is read (see run()).
                        made = "returns:" + value.func.id
                    elif origin is not None and origin.startswith("from:"):
                        made = origin + "()"  # ``from .factory import create_app``
                if made is not None:
                    self.set_type(target.id, made)
            elif (
                value is not None
                and self.scope is self.module
                and self.guard_test(value)
            ):
                self.flags.add(target.id)  # ``HAS_X = hasattr(flask, "x")``
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind_target(element, None)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, None)

    def set_type(self, name: str, kind: str) -> None:
        scope = self.scope
        if name in scope.globals:
            scope = self.module
        scope.types[name] = kind

    def resolve(self, node: ast.expr | None) -> str | None:
        """The qualified name an expression stands for, or None."""
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            if base is not None:
                return canonical(f"{base}.{node.attr}")
        return None

    # ------------------------------------------------------------ statements

    def run(self, tree: ast.Module) -> Scan:
        self.body(tree.body)
        while self.pending:
            node, parent, context = self.pending.pop(0)
            outer = self.context()
            self.restore(context)
            try:
                self.function_body(node, parent)
            finally:
                self.restore(outer)
        scan = self.scan
        self.resolve_returns()
        scan.instances = {
            name: kind
            for name, kind in self.module.types.items()
            if not kind.startswith("class:")
        }
        for name, kind in self.returns.items():
            if self.module.bindings.get(name, "") is None:
                scan.instances.setdefault(name, "returns:" + kind)
        for items in (
            scan.imports,
            scan.references,
            scan.calls,
            scan.methods,
            scan.classes,
            scan.config_keys,
        ):
            # Source order; of two uses starting together, the inner first.
            items.sort(key=_position)
        return scan

    def resolve_returns(self) -> None:
        """Replace ``returns:function`` by what the function returns (or
        nothing), now that every function body has been read."""

        def known(kind: str | None) -> str | None:
            if kind is not None and kind.startswith("returns:"):
                return self.returns.get(kind[len("returns:") :])
            return kind

        types = self.module.types
        for name, kind in list(types.items()):
            if kind.startswith("returns:"):
                made = known(kind)
                if made is None:
                    del types[name]
                else:
                    types[name] = made
        scan = self.scan
        scan.methods = [
            dataclasses.replace(m, receiver_type=known(m.receiver_type))
            if m.receiver_type and m.receiver_type.startswith("returns:")
            else m
            for m in scan.methods
        ]
        scan.calls = [
            dataclasses.replace(c, receiver_type=known(c.receiver_type))
            if c.receiver_type and c.receiver_type.startswith("returns:")
            else c
            for c in scan.calls
        ]

    # ---------------------------------------------------------------- guards

    def context(self) -> _Context:
        return (self.guard, self.conditions, self.in_if)

    def restore(self, context: _Context) -> None:
        self.guard, self.conditions, self.in_if = context

    def guarded(
        self, statements: Iterable[ast.stmt], test: tuple[str, frozenset[str]]
    ) -> None:
        """Read a branch of an ``if``: under the test's guard (when not
        already guarded), with its names among the conditions."""
        outer = self.context()
        guard, names = test
        if guard and not self.guard:
            self.guard = guard
        self.conditions = self.conditions | names
        self.in_if += 1
        try:
            self.branch(statements)
        finally:
            self.restore(outer)

    def guarded_expr(self, nodes: Iterable[ast.expr], test: ast.expr) -> None:
        outer = self.context()
        guard, names = self.inspect_test(test)
        if guard and not self.guard:
            self.guard = guard
        self.conditions = self.conditions | names
        try:
            for node in nodes:
                self.expr(node)
        finally:
            self.restore(outer)

    def inspect_test(self, test: ast.expr) -> tuple[str, frozenset[str]]:
        """Why a test guards what it decides (see :meth:`guard_test`), and
        the names and attribute names it mentions."""
        nodes = list(ast.walk(test))
        names = frozenset(w for w in map(_word, nodes) if w is not None)
        return self.guard_test(test, nodes, names), names

    def guard_test(
        self,
        test: ast.expr,
        nodes: Sequence[ast.AST] | None = None,
        names: frozenset[str] | None = None,
    ) -> str:
        """Why a test guards what it decides (``""``: it does not): it
        checks for an attribute, a version, a feature flag or
        ``TYPE_CHECKING``."""
        if nodes is None:
            nodes = list(ast.walk(test))
        if names is not None and not any(
            _maybe_guard(n) or n in self.flags for n in names
        ):
            return ""  # no name that could make it a guard: the usual case
        called: set[int] = set()
        compared: set[int] = set()
        for node in nodes:
            if isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name) and node.func.id in (
                    "hasattr",
                    "getattr",
                ):
                    return f"a {node.func.id}() check"
                called.add(id(node.func))
            elif isinstance(node, ast.Compare):
                compared.update(id(n) for n in ast.walk(node))
        for node in nodes:
            word = _word(node)
            if word is None or id(node) in called:
                continue  # ``has_request_context()`` is no feature flag
            if word == "TYPE_CHECKING":
                return "if TYPE_CHECKING"
            if word in self.flags:
                return f"a check of {word}, set where a feature is looked for"
            lower = word.lower()
            if word == "version_info" or (
                id(node) in compared
                and ("version" in lower or lower.endswith(("_major", "_minor")))
            ):
                return "a version check"
            if lower.startswith(("has_", "have_", "is_py", "py2", "py3")) or (
                lower.endswith("_available")
            ):
                return f"a check of the feature flag {word}"
        return ""

    def body(self, statements: Iterable[ast.stmt]) -> None:
        outer = self.guard
        try:
            for statement in statements:
                self.statement(statement)
                if not self.guard and _skips_without_module(statement):
                    # ``pytest.importorskip("x")``: what follows runs only
                    # where x imports.
                    self.guard = "pytest.importorskip()"
        finally:
            self.guard = outer

    def branch(self, statements: Iterable[ast.stmt]) -> None:
        self.scope.branch += 1
        try:
            self.body(statements)
        finally:
            self.scope.branch -= 1

    def statement(self, node: ast.stmt) -> None:
        kind = type(node)
        if kind is ast.Return:
            value = node.value  # type: ignore[attr-defined]
            scope = self.scope
            if value is not None and scope.kind == "function" and scope.name:
                self.expr(value)
                made = self.type_of(value)
                if made is not None and not made.startswith(("from:", "returns:")):
                    self.returns.setdefault(scope.name, made)
                return
        if kind is ast.Import:
            self.import_(node)  # type: ignore[arg-type]
        elif kind is ast.ImportFrom:
            self.import_from(node)  # type: ignore[arg-type]
        elif kind is ast.Assign:
            assign: ast.Assign = node  # type: ignore[assignment]
            self.expr(assign.value)
            for target in assign.targets:
                self.store(target)
                self.bind_target(target, assign.value)
            self.class_config(assign.targets)
        elif kind is ast.AnnAssign:
            ann: ast.AnnAssign = node  # type: ignore[assignment]
            self.expr(ann.annotation)
            if ann.value is not None:
                self.expr(ann.value)
                self.bind_target(ann.target, ann.value)
            if _binds(ann):
                self.store(ann.target)
            self.class_config([ann.target])
        elif kind is ast.AugAssign:
            aug: ast.AugAssign = node  # type: ignore[assignment]
            self.expr(aug.value)
            self.expr(aug.target)
            self.bind_target(aug.target, None)
        elif kind in _FUNCTIONS:
            self.function(node)  # type: ignore[arg-type]
        elif kind is ast.ClassDef:
            self.class_(node)  # type: ignore[arg-type]
        elif kind in _BRANCHES:
            self.loop_or_if(node)
        elif kind is ast.Try or kind.__name__ == "TryStar":
            self.try_(node)  # type: ignore[arg-type]
        elif kind in (ast.With, ast.AsyncWith):
            with_: ast.With = node  # type: ignore[assignment]
            for item in with_.items:
                self.expr(item.context_expr)
                if item.optional_vars is not None:
                    self.store(item.optional_vars)
                    self.bind_target(item.optional_vars, None)
            self.body(with_.body)
        elif kind is ast.Delete:
            for target in node.targets:  # type: ignore[attr-defined]
                self.store(target)
                if isinstance(target, ast.Name):
                    self.bind(target.id, None)
        elif kind in (ast.Global, ast.Nonlocal):
            pass  # collected with the function's locals
        elif kind.__name__ == "Match":
            self.match(node)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    self.statement(child)
                elif isinstance(child, ast.expr):
                    self.expr(child)

    def loop_or_if(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self.expr(node.iter)
            self.store(node.target)
            self.scope.branch += 1
            try:
                self.bind_target(node.target, None)
            finally:
                self.scope.branch -= 1
        else:
            self.expr(node.test)  # type: ignore[attr-defined]
            if isinstance(node, ast.If):
                # Both branches: the one for releases with the name and
                # the one for releases without it.
                test = self.inspect_test(node.test)
                self.guarded(node.body, test)
                self.guarded(node.orelse, test)
                return
        self.branch(node.body)  # type: ignore[attr-defined]
        self.branch(node.orelse)  # type: ignore[attr-defined]

    def try_(self, node: ast.Try) -> None:
        caught = [_catches(h.type) for h in node.handlers]
        guard = next((c for c in caught if c), "")
        if guard:
            outer = self.context()
            if not self.guard:
                self.guard = f"try/except {guard}"
            try:
                self.body(node.body)
            finally:
                self.restore(outer)
            # Names the guarded imports bind are feature flags.
            for statement in node.body:
                if isinstance(statement, (ast.Import, ast.ImportFrom)):
                    for alias in statement.names:
                        name = alias.asname or alias.name.partition(".")[0]
                        self.flags.add(name)
        else:
            self.body(node.body)
        for handler, kind in zip(node.handlers, caught):
            if handler.type is not None:
                self.expr(handler.type)
            self.scope.branch += 1
            outer = self.context()
            if kind and not self.guard:
                # The fallback: runs only where the guarded code failed.
                self.guard = f"the except {kind} fallback"
            try:
                if handler.name:
                    self.bind(handler.name, None)
                self.body(handler.body)
            finally:
                self.scope.branch -= 1
                self.restore(outer)
        self.branch(node.orelse)
        self.body(node.finalbody)

    def match(self, node: ast.stmt) -> None:
        self.expr(node.subject)  # type: ignore[attr-defined]
        for case in node.cases:  # type: ignore[attr-defined]
            self.scope.branch += 1
            try:
                for sub in ast.walk(case.pattern):
                    name = getattr(sub, "name", None) or getattr(sub, "rest", None)
                    if isinstance(name, str):
                        self.bind(name, None)
                    value = getattr(sub, "value", None)
                    if isinstance(value, ast.expr):
                        self.expr(value)
                    cls = getattr(sub, "cls", None)
                    if isinstance(cls, ast.expr):
                        self.expr(cls)
                if case.guard is not None:
                    self.expr(case.guard)
                self.in_if += 1
                self.body(case.body)
            finally:
                self.in_if -= 1
                self.scope.branch -= 1

    def import_(self, node: ast.Import) -> None:
        span = self.span(node)
        names = self.alias_spans(node, span)
        for alias, name_span in zip(node.names, names):
            qualname = canonical(alias.name)
            self.scan.imports.append(
                Import(
                    module=qualname,
                    name=None,
                    asname=alias.asname,
                    level=0,
                    qualname=qualname,
                    written=alias.name,
                    span=span,
                    name_span=name_span,
                    deferred=self.scope.deferred,
                    guard=self.guard,
                    conditional=self.in_if > 0,
                )
            )
            if alias.asname:
                self.bind(alias.asname, qualname)
            else:
                top = alias.name.partition(".")[0]
                self.bind(top, top)

    def import_from(self, node: ast.ImportFrom) -> None:
        span = self.span(node)
        names = self.alias_spans(node, span)
        written = node.module or ""
        module = canonical(written) if node.level == 0 else "." * node.level + written
        for alias, name_span in zip(node.names, names):
            if node.level:
                qualname = f"{module}.{alias.name}" if written else module + alias.name
            else:
                qualname = canonical(f"{module}.{alias.name}")
            self.scan.imports.append(
                Import(
                    module=module,
                    name=alias.name,
                    asname=alias.asname,
                    level=node.level,
                    qualname=qualname,
                    written=written,
                    span=span,
                    name_span=name_span,
                    deferred=self.scope.deferred,
                    guard=self.guard,
                    conditional=self.in_if > 0,
                )
            )
            if alias.name == "*":
                if node.level == 0 and self.scope is self.module:
                    self.stars.append(module)
                continue
            self.bind(alias.asname or alias.name, None if node.level else qualname)
            if node.level:
                self.set_type(alias.asname or alias.name, "from:" + qualname)

    def alias_spans(self, node: ast.Import | ast.ImportFrom, whole: Span) -> list[Span]:
        """Where each ``name [as asname]`` of an import statement is."""
        if sys.version_info >= (3, 10):
            return [self.span(alias) for alias in node.names]
        return _alias_spans_39(self.text, whole, node)  # pragma: no cover

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.expr(decorator)
        self.arguments(node.args)
        if node.returns is not None:
            self.expr(node.returns)
        self.bind(node.name, None)
        self.pending.append((node, self.scope, self.context()))

    def arguments(self, args: ast.arguments) -> None:
        for default in args.defaults:
            self.expr(default)
        for kw_default in args.kw_defaults:
            if kw_default is not None:
                self.expr(kw_default)
        for arg in _all_args(args):
            if arg.annotation is not None:
                self.expr(arg.annotation)

    def function_body(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, parent: _Scope
    ) -> None:
        span = self.span(node)
        walrus = ":=" in self.text[span.start : span.end]
        local_names, global_names, nonlocal_names = _function_names(
            node.args, node.body, walrus
        )
        outer = self.scope
        self.scope = _Scope(
            "function", parent, local_names, global_names, nonlocal_names
        )
        if parent is self.module:
            self.scope.name = node.name
        positional = [*node.args.posonlyargs, *node.args.args]
        if parent.kind == "class" and parent.class_type and positional:
            if not any(_word(d) == "staticmethod" for d in node.decorator_list):
                # ``self`` (or ``cls``: for the class-level attributes looked
                # for, the same answer).
                self.scope.types[positional[0].arg] = parent.class_type
        try:
            self.body(node.body)
        finally:
            self.scope = outer

    def class_(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.expr(decorator)
        bases = []
        for base in node.bases:
            bases.append(Base(self.resolve(base), self.span(base)))
            self.expr(base)
        for keyword in node.keywords:
            self.expr(keyword.value)
        self.scan.classes.append(
            ClassDef(node.name, self.span(node), tuple(bases), self.scope.deferred)
        )
        outer = self.scope
        self.scope = _Scope("class", outer)
        self.scope.config_class = "config" in node.name.lower()
        class_type = self.scope.class_type = self.class_type(node, bases)
        try:
            self.body(node.body)
        finally:
            self.scope = outer
        self.bind(node.name, None)
        # Read back by instance_type: ``Name(...)`` makes one of these.
        self.set_type(node.name, "class:" + (class_type or ""))

    def class_type(self, node: ast.ClassDef, bases: Sequence[Base]) -> str | None:
        """What ``self`` is in the class's methods: its first base that
        resolves through imports; ``local:Name`` when it has no base but
        ``object`` or classes of this module that have none either; None
        when a base is unknown (it may be Flask's)."""
        found: str | None = f"local:{node.name}"
        for base, resolved in zip(node.bases, bases):
            if resolved.qualname is not None:
                return resolved.qualname
            if isinstance(base, ast.Name) and base.id == "object":
                continue
            inherited = self.type_of_class(base)
            if inherited is None:
                return None
            if not inherited.startswith("local:"):
                return inherited
        return found

    def type_of_class(self, base: ast.expr) -> str | None:
        if not isinstance(base, ast.Name):
            return None
        scope = self.owner(base.id)
        found = None if scope is None else scope.types.get(base.id)
        if found is None or not found.startswith("class:"):
            return None
        return found[len("class:") :] or None

    def class_config(self, targets: Sequence[ast.expr]) -> None:
        """Upper-case attributes of a ``class Config:`` are configuration."""
        if not self.scope.config_class:
            return
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                self.scan.config_keys.append(
                    ConfigKey(
                        target.id, self.span(target), "class", self.scope.deferred
                    )
                )

    # ----------------------------------------------------------- expressions

    def store(self, target: ast.expr) -> None:
        """Read what a store target reads (``a.b[c] = ...`` reads ``a``)."""
        if isinstance(target, ast.Name):
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.store(element)
        elif isinstance(target, ast.Starred):
            self.store(target.value)
        else:
            self.expr(target)

    def expr(self, node: ast.expr) -> None:
        kind = type(node)
        if kind is ast.Name:
            name: ast.Name = node  # type: ignore[assignment]
            if type(name.ctx) is ast.Load:
                qualname = self.lookup(name.id)
                if qualname is not None:
                    self.scan.references.append(
                        Reference(
                            qualname,
                            self.span(node),
                            "name",
                            "load",
                            self.scope.deferred,
                            self.guard_of(node),
                        )
                    )
        elif kind is ast.Attribute:
            self.attribute(node)  # type: ignore[arg-type]
        elif kind is ast.Call:
            self.call(node)  # type: ignore[arg-type]
        elif kind is ast.Subscript:
            sub: ast.Subscript = node  # type: ignore[assignment]
            key = _string(sub.slice)
            if key is not None and _is_config(sub.value):
                access = {"load": "read", "store": "write"}.get(
                    _CTX.get(type(sub.ctx), "load"), "delete"
                )
                self.scan.config_keys.append(
                    ConfigKey(key, self.span(sub.slice), access, self.scope.deferred)
                )
            self.expr(sub.value)
            self.expr(sub.slice)
        elif kind in _COMPREHENSIONS:
            self.comprehension(node)  # type: ignore[arg-type]
        elif kind is ast.Lambda:
            lam: ast.Lambda = node  # type: ignore[assignment]
            self.arguments(lam.args)
            local_names, _, _ = _function_names(lam.args, [])
            outer = self.scope
            self.scope = _Scope("function", outer, local_names)
            try:
                self.expr(lam.body)
            finally:
                self.scope = outer
        elif kind is ast.IfExp:
            ifexp: ast.IfExp = node  # type: ignore[assignment]
            self.expr(ifexp.test)
            self.guarded_expr((ifexp.body, ifexp.orelse), ifexp.test)
        elif kind is ast.BoolOp:
            # ``hasattr(x, "y") and x.y``: what follows a test runs only
            # when it holds (or, after ``or``, when it fails).
            boolop: ast.BoolOp = node  # type: ignore[assignment]
            first, *rest = boolop.values
            self.expr(first)
            self.guarded_expr(rest, first)
        elif kind is ast.NamedExpr:
            walrus: ast.NamedExpr = node  # type: ignore[assignment]
            self.expr(walrus.value)
            outer = self.scope
            while self.scope.kind == "comprehension" and self.scope.parent:
                self.scope = self.scope.parent
            try:
                self.bind(walrus.target.id, None)
            finally:
                self.scope = outer
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expr(child)
                elif isinstance(child, ast.keyword):
                    self.expr(child.value)
                elif isinstance(child, ast.comprehension):  # pragma: no cover
                    self.expr(child.iter)

    def attribute(self, node: ast.Attribute) -> None:
        qualname = self.resolve(node)
        if qualname is not None:
            ctx = _CTX.get(type(node.ctx), "load")
            self.scan.references.append(
                Reference(
                    qualname,
                    self.span(node),
                    "attribute",
                    ctx,
                    self.scope.deferred,
                    self.guard_of(node),
                )
            )
            return
        if self.methods is None or node.attr in self.methods:
            self.scan.methods.append(
                MethodUse(
                    node.attr,
                    self.span(node),
                    self.tail_span(node),
                    deferred=self.scope.deferred,
                    guard=self.guard_of(node.value),
                    receiver_type=self.type_of(node.value),
                    receiver_path=_path(node.value),
                    conditions=self.conditions,
                    store=not isinstance(node.ctx, ast.Load),
                )
            )
        self.expr(node.value)

    def call(self, node: ast.Call) -> None:
        func = node.func
        callee = self.resolve(func)
        method = None
        if callee is None and isinstance(func, ast.Attribute):
            method = func.attr
        star_args = any(isinstance(a, ast.Starred) for a in node.args)
        positional = sum(1 for a in node.args if not isinstance(a, ast.Starred))
        receiver_type = None
        receiver_path = ""
        guard = ""
        wanted = method is not None and (self.methods is None or method in self.methods)
        if callee is not None or wanted:
            guard = self.guard_of(func)
            if isinstance(func, ast.Attribute):
                receiver_type = self.type_of(func.value)
                receiver_path = _path(func.value)
        if callee is not None or wanted:
            keywords = tuple(self.keyword(k) for k in node.keywords)
            self.scan.calls.append(
                Call(
                    callee=callee,
                    method=method,
                    span=self.span(node),
                    func_span=self.span(func),
                    args=positional,
                    keywords=keywords,
                    star_args=star_args,
                    star_kwargs=any(k.arg is None for k in node.keywords),
                    deferred=self.scope.deferred,
                    guard=guard,
                    receiver_type=receiver_type,
                    receiver_path=receiver_path,
                    conditions=self.conditions,
                )
            )
        if method is not None and isinstance(func, ast.Attribute):
            self.config_call(func, node)
            if self.methods is None or method in self.methods:
                self.scan.methods.append(
                    MethodUse(
                        method,
                        self.span(func),
                        self.tail_span(func),
                        positional,
                        tuple(k.arg for k in node.keywords),
                        self.scope.deferred,
                        guard,
                        receiver_type,
                        receiver_path,
                        self.conditions,
                    )
                )
            self.expr(func.value)
        else:
            self.expr(func)
        if callee in _IMPORTERS or (
            callee is None
            and isinstance(func, ast.Name)
            and func.id == "__import__"
            and self.lookup("__import__") is None
        ):
            self.dynamic_import(node)
        for arg in node.args:
            self.expr(arg)
        for keyword in node.keywords:
            self.expr(keyword.value)

    def keyword(self, node: ast.keyword) -> Keyword:
        span = self.span(node)
        if node.arg is None:
            return Keyword(None, span, span)
        end = span.start + len(node.arg)
        name_span = Span(span.lineno, span.col, span.lineno, span.col + len(node.arg),
                         span.start, end)  # fmt: skip
        return Keyword(node.arg, span, name_span)

    def config_call(self, func: ast.Attribute, node: ast.Call) -> None:
        access = _CONFIG_METHODS.get(func.attr)
        if access is None or not _is_config(func.value):
            return
        keys = self.scan.config_keys
        if access == "update":
            for keyword in node.keywords:
                if keyword.arg is not None:
                    keys.append(
                        ConfigKey(
                            keyword.arg,
                            self.keyword(keyword).name_span,
                            access,
                            self.scope.deferred,
                        )
                    )
            for arg in node.args:
                if isinstance(arg, ast.Dict):
                    for dict_key in arg.keys:
                        key = _string(dict_key)
                        if key is not None and dict_key is not None:
                            keys.append(
                                ConfigKey(
                                    key,
                                    self.span(dict_key),
                                    access,
                                    self.scope.deferred,
                                )
                            )
        elif node.args:
            key = _string(node.args[0])
            if key is not None:
                keys.append(
                    ConfigKey(key, self.span(node.args[0]), access, self.scope.deferred)
                )

    def dynamic_import(self, node: ast.Call) -> None:
        if not node.args:
            return
        written = _string(node.args[0])
        if written is None or not written or written.startswith("."):
            return
        qualname = canonical(written)
        self.scan.imports.append(
            Import(
                module=qualname,
                name=None,
                asname=None,
                level=0,
                qualname=qualname,
                written=written,
                span=self.span(node),
                name_span=self.span(node.args[0]),
                dynamic=True,
                deferred=self.scope.deferred,
                guard=self.guard,
                conditional=self.in_if > 0,
            )
        )

    def comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        generators = node.generators
        # The first iterable is evaluated outside, the rest inside.
        self.expr(generators[0].iter)
        targets: set[str] = set()
        for generator in generators:
            for sub in ast.walk(generator.target):
                if isinstance(sub, ast.Name):
                    targets.add(sub.id)
        outer = self.scope
        self.scope = _Scope("comprehension", outer, frozenset(targets))
        try:
            for i, generator in enumerate(generators):
                if i:
                    self.expr(generator.iter)
                self.store(generator.target)
                for condition in generator.ifs:
                    self.expr(condition)
            if isinstance(node, ast.DictComp):
                self.expr(node.key)
                self.expr(node.value)
            else:
                self.expr(node.elt)
        finally:
            self.scope = outer


def _skips_without_module(statement: ast.stmt) -> bool:
    value = getattr(statement, "value", None)
    return (
        isinstance(statement, (ast.Expr, ast.Assign))
        and isinstance(value, ast.Call)
        and _word(value.func) == "importorskip"
    )


def _word(node: ast.AST) -> str | None:
    """The last name of a name or attribute (``t.TYPE_CHECKING``:
    ``TYPE_CHECKING``)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _maybe_guard(word: str) -> bool:
    """Whether a name could make a test a guard (see
    :meth:`_Reader.guard_test`; feature flags are checked there)."""
    lower = word.lower()
    return (
        word in ("hasattr", "getattr", "TYPE_CHECKING", "version_info")
        or "version" in lower
        or lower.endswith(("_major", "_minor", "_available"))
        or lower.startswith(("has_", "have_", "is_py", "py2", "py3"))
    )


def _catches(handler: ast.expr | None) -> str:
    """What a handler catches, when it makes its ``try`` a guard."""
    if handler is None:
        return "(bare)"
    names = handler.elts if isinstance(handler, ast.Tuple) else [handler]
    for name in names:
        word = _word(name)
        if word in _GUARDING:
            return word
    return ""


def _path(node: ast.expr) -> str:
    """A receiver as written, calls as ``()``: ``Post.query.filter()``."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            parts.append("?")
            break
    text = ""
    for part in reversed(parts):
        if part == "()":
            text += part
        else:
            text += ("." if text else "") + part
    return text


def _position(item: object) -> tuple[int, int]:
    span: Span = item.span  # type: ignore[attr-defined]
    return (span.start, span.end)


def _all_args(args: ast.arguments) -> list[ast.arg]:
    found = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    if args.vararg is not None:
        found.append(args.vararg)
    if args.kwarg is not None:
        found.append(args.kwarg)
    return found


def _function_names(
    args: ast.arguments, body: Sequence[ast.stmt], walrus: bool = False
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A function's local names (as ``symtable`` would call them), the names
    it declares ``global`` and those it declares ``nonlocal``.

    Only statements bind names (besides ``:=``), so only statements are
    walked, not the expressions in them: most of a function's nodes.

    :param walrus: The body holds ``:=``; its targets are looked for too.
    """
    local_names = {arg.arg for arg in _all_args(args)}
    globals_: set[str] = set()
    nonlocals: set[str] = set()
    stack: list[ast.stmt] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Global):
            globals_.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            nonlocals.update(node.names)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                _stored(target, local_names)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            if _binds(node):
                _stored(node.target, local_names)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                _stored(target, local_names)
        elif isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            local_names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    local_names.add((alias.asname or alias.name).partition(".")[0])
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            _stored(node.target, local_names)
            stack.extend(node.body)
            stack.extend(node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    _stored(item.optional_vars, local_names)
            stack.extend(node.body)
        elif isinstance(node, (ast.If, ast.While)):
            stack.extend(node.body)
            stack.extend(node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            stack.extend(node.body)  # type: ignore[attr-defined]
            stack.extend(node.orelse)  # type: ignore[attr-defined]
            stack.extend(node.finalbody)  # type: ignore[attr-defined]
            for handler in node.handlers:  # type: ignore[attr-defined]
                if handler.name:
                    local_names.add(handler.name)
                stack.extend(handler.body)
        elif type(node).__name__ == "Match":
            for case in node.cases:  # type: ignore[attr-defined]
                for sub in ast.walk(case.pattern):
                    for attr in ("name", "rest"):
                        value = getattr(sub, attr, None)
                        if isinstance(value, str):
                            local_names.add(value)
                stack.extend(case.body)
    if walrus:
        for statement in body:
            for sub in ast.walk(statement):
                if isinstance(sub, ast.NamedExpr):
                    local_names.add(sub.target.id)
    # ``nonlocal`` names live in an enclosing function, ``global`` ones in
    # the module: either way, not here.
    return (
        frozenset(local_names - globals_ - nonlocals),
        frozenset(globals_),
        frozenset(nonlocals),
    )


def _nonlocal_owner(scope: _Scope, name: str) -> _Scope | None:
    """The enclosing function whose variable ``nonlocal name`` in ``scope``
    names (class bodies skipped, further ``nonlocal`` declarations
    followed)."""
    outer = scope.parent
    while outer is not None and outer.kind != "module":
        if outer.kind == "function" and name in outer.locals:
            return outer
        outer = outer.parent
    return None


def _stored(target: ast.expr, names: set[str]) -> None:
    """The names an assignment target binds (``a.b = ...`` binds none)."""
    if isinstance(target, ast.Name):
        names.add(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _stored(element, names)
    elif isinstance(target, ast.Starred):
        _stored(target.value, names)


def _string(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_config(node: ast.expr) -> bool:
    """``app.config``, ``current_app.config``, ``self.config`` or ``config``."""
    if isinstance(node, ast.Attribute):
        return node.attr == "config"
    return isinstance(node, ast.Name) and node.id == "config"


def _alias_spans_39(
    text: str, whole: Span, node: ast.Import | ast.ImportFrom
) -> list[Span]:  # pragma: no cover - Python 3.9 has no alias positions
    """Find each alias in the statement's tokens (3.9's ``ast`` has none)."""
    import io
    import tokenize

    source = text[whole.start : whole.end]
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type in (tokenize.NAME, tokenize.OP)
    ]
    # Skip to the names: after ``import`` (both statement kinds have one).
    position = next(i for i, t in enumerate(tokens) if t.string == "import") + 1
    lines = source.split("\n")
    spans = []
    for alias in node.names:
        parts = alias.name.split(".")
        while tokens[position].string in ("(", ","):
            position += 1
        first = tokens[position]
        position += 2 * len(parts) - 1
        last = tokens[position - 1]
        if alias.asname:
            last = tokens[position + 1]
            position += 2
        start_line, start_col = first.start
        end_line, end_col = last.end

        def offset(line: int, col: int) -> int:
            return whole.start + sum(len(x) + 1 for x in lines[: line - 1]) + col

        base_col = whole.col
        spans.append(
            Span(
                whole.lineno + start_line - 1,
                start_col + (base_col if start_line == 1 else 0),
                whole.lineno + end_line - 1,
                end_col + (base_col if end_line == 1 else 0),
                offset(start_line, start_col),
                offset(end_line, end_col),
            )
        )
    return spans


def scan_tree(
    text: str, tree: ast.Module, methods: frozenset[str] | None = None
) -> Scan:
    """Read a parsed module.

    :param text: The decoded source the tree was parsed from.
    :param tree: Its tree.
    :param methods: Only record method uses (and method calls) of these
        names; all of them when None.
    """
    return _Reader(text, methods).run(tree)


def _binds(node: ast.AnnAssign | ast.AugAssign) -> bool:
    # An assignment binds its name, and so does an annotated name alone ("x:
    # int" makes x local), but not a parenthesized one with no value, "(x):
    # int", which only evaluates the annotation.
    if isinstance(node, ast.AugAssign) or node.value is not None:
        return True
    return bool(node.simple) or not isinstance(node.target, ast.Name)
