"""Read what ``doctor``'s recall rules need from one module (in workers):
every import (guarded or not), Python 2 constructs that still parse,
Flask-SQLAlchemy calls that need an application context, environment
reads, ``csrf_enabled=`` keywords.

Every file is read this way, also those the prefilter skips: an import of
a module that exists nowhere is a failure whatever else the file names.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import warnings

from ._py2_names import BUILTINS
from ._py2_names import METHODS
from ._py2_names import ORDERING
from ._py2_names import STRING_CONSTANTS

#: Exceptions whose handler makes a failing import an expected one.
_IMPORT_GUARDS = frozenset({"ImportError", "ModuleNotFoundError", "Exception"})
#: Handlers that make a missing builtin an expected one.
_NAME_GUARDS = frozenset({"NameError", "Exception"})
#: Words in an ``if`` test that make a branch Python-version specific, or
#: check for what it then uses (``hasattr(d, "iterkeys")``).
_VERSION_WORDS = (
    "version_info", "PY2", "PY3", "sys.version", "IS_PY", "PYTHON2", "hasattr(",
)  # fmt: skip
#: An ``if`` test that never runs its body: imports for type checkers.
_TYPE_CHECKING = ("TYPE_CHECKING",)
#: Methods of a context manager that push an application context.
_CONTEXT_METHODS = frozenset({"app_context", "test_request_context", "request_context"})
#: Flask-SQLAlchemy's module, however the code spells it.
_FSA_MODULES = frozenset(
    {"flask_sqlalchemy", "flask.ext.sqlalchemy", "flaskext.sqlalchemy"}
)
#: What needs an app context on a ``SQLAlchemy`` object.
_DB_CALLS = frozenset({"create_all", "drop_all", "reflect", "get_engine"})


@dataclasses.dataclass(frozen=True)
class SourceImport:
    """One import statement's module (and names, for ``from`` imports)."""

    #: As written, without the leading dots.
    module: str
    #: The names of a ``from`` import; empty for ``import a.b``.
    names: tuple[str, ...]
    level: int
    line: int
    col: int
    #: In a ``try`` whose handler catches ImportError: failing is expected.
    guarded: bool
    #: Inside a function: runs when it is called.
    deferred: bool
    #: In a branch of an ``if`` (not the ``__main__`` block): may never run.
    conditional: bool = False


@dataclasses.dataclass(frozen=True)
class Spot:
    """A use found in the source."""

    #: The name, method, key or callee concerned.
    what: str
    line: int
    col: int
    deferred: bool
    #: More about it (a receiver, ``"subscript"``, ``"main"``, ...).
    detail: str = ""


@dataclasses.dataclass
class SourceFacts:
    """What the recall rules need from one file."""

    imports: list[SourceImport] = dataclasses.field(default_factory=list)
    #: Removed builtins the module uses and never binds.
    py2_names: list[Spot] = dataclasses.field(default_factory=list)
    #: ``.iteritems()`` and the like (``detail``: the receiver's source).
    py2_methods: list[Spot] = dataclasses.field(default_factory=list)
    #: ``string.letters`` and the like.
    string_attrs: list[Spot] = dataclasses.field(default_factory=list)
    #: Classes defining ``__cmp__`` without any ordering method.
    cmp_classes: list[Spot] = dataclasses.field(default_factory=list)
    #: Methods the module defines (a class's own ``iteritems`` is fine).
    defined_methods: set[str] = dataclasses.field(default_factory=set)
    #: It sorts or compares without a key somewhere (``sorted(x)``).
    sorts: bool = False
    #: Flask-SQLAlchemy uses that need an app context and run outside one
    #: (``detail``: the receiver name, then ``|main`` or ``|call:LINE``).
    app_context: list[Spot] = dataclasses.field(default_factory=list)
    #: Names bound to ``SQLAlchemy(...)`` here.
    db_names: set[str] = dataclasses.field(default_factory=set)
    #: Model classes here: class name -> the ``db`` name of its base.
    models: dict[str, str] = dataclasses.field(default_factory=dict)
    #: ``from X import name``: local name -> (module, level).
    from_names: dict[str, tuple[str, int]] = dataclasses.field(default_factory=dict)
    #: ``os.environ["KEY"]`` (detail ``subscript``) or ``.get``/``getenv``.
    environ: list[Spot] = dataclasses.field(default_factory=list)
    #: Calls passing ``csrf_enabled=`` (``what``: the callee's source).
    csrf: list[Spot] = dataclasses.field(default_factory=list)
    #: Has an ``if __name__ == "__main__":`` block.
    main_block: bool = False
    #: Module-level names bound to ``Flask(...)``, and whether it defines
    #: ``create_app``: where an entry point's application is.
    apps: list[str] = dataclasses.field(default_factory=list)
    factory: bool = False
    #: Read by pattern, not parsed: imports only (see :mod:`._skim`).
    approximate: bool = False


def read_source(text: str) -> SourceFacts | None:
    """The facts of a Python 3 module, or None when it does not parse."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    return read_tree(tree, text)


#: Words whose presence makes the expressions inside functions worth
#: visiting: a file without any of them yields nothing there (visiting
#: every expression node costs more than parsing).
_EXPRESSION_WORDS = frozenset(
    {*BUILTINS, *METHODS, "environ", "getenv", "csrf_enabled"}
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IMPORTS_STRING = re.compile(r"^[ \t]*import[ \t]+string\b", re.M)
_SORTS = re.compile(r"\.sort\(\s*\)|\bsorted\((?![^)\n]*key=)")


def read_tree(tree: ast.Module, text: str) -> SourceFacts:
    """The facts of a parsed module (``text`` is its source)."""
    words = set(_WORD.findall(text))
    reader = _Reader(
        expressions=bool(words & _EXPRESSION_WORDS)
        or bool(_IMPORTS_STRING.search(text))
    )
    try:
        reader.visit(tree)
        reader.called_functions()
    except RecursionError:  # pragma: no cover - absurdly nested code
        pass
    reader.facts.sorts = bool(_SORTS.search(text))
    reader.finish()
    return reader.facts


def _handled(handlers: list[ast.ExceptHandler], names: frozenset[str]) -> bool:
    for handler in handlers:
        if handler.type is None:
            return True
        types = (
            handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        )
        for node in types:
            name = (
                node.attr
                if isinstance(node, ast.Attribute)
                else getattr(node, "id", "")
            )
            if name in names:
                return True
    return False


def _is_main_test(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(
            isinstance(c, ast.Constant) and c.value == "__main__"
            for c in test.comparators
        )
    )


#: Fields of compound statements that hold statements.
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


class _Reader(ast.NodeVisitor):
    """:param expressions: Visit the expressions inside functions too (else
    only module-level code, statements, and the bodies of functions the
    module calls)."""

    def __init__(self, expressions: bool = True) -> None:
        self.expressions = expressions
        #: Functions the module calls, visited again for their db uses only.
        self.revisiting = False
        self.function_nodes: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.facts = SourceFacts()
        self.depth = 0  # functions and lambdas entered
        self.import_guard = 0
        self.branch = 0
        self.name_guard = 0
        self.version_branch = 0
        self.app_context = 0
        self.in_main = False
        self.bound: set[str] = set()
        self.uses: list[Spot] = []
        #: Module-level ``import string`` (and not rebound).
        self.string_module = False
        #: Names imported from Flask-SQLAlchemy's module meaning SQLAlchemy.
        self.sqlalchemy_names: set[str] = set()
        self.fsa_modules: set[str] = set()
        #: Top-level functions: name -> app-context uses in their bodies.
        self.function_uses: dict[str, list[Spot]] = {}
        self.current_function: str | None = None
        self.decorated: set[str] = set()
        #: Module-level calls of top-level functions: name -> line.
        self.module_calls: list[tuple[str, int]] = []
        self.db_uses: list[tuple[Spot, str | None]] = []

    def generic_visit(self, node: ast.AST) -> None:
        if self.expressions or self.depth == 0:
            super().generic_visit(node)
            return
        for field in _BODIES:
            children = getattr(node, field, None)
            # Statement lists only: a lambda's or an IfExp's body is one
            # expression.
            if isinstance(children, list):
                for child in children:
                    self.visit(child)

    def called_functions(self) -> None:
        """Visit the expressions of top-level functions the module calls,
        where the first visit skipped them (for their db uses)."""
        if self.expressions:
            return
        called = {n for n, _ in self.module_calls} - self.decorated
        self.expressions = self.revisiting = True
        for name in sorted(called & set(self.function_nodes)):
            self.current_function = name
            self.depth = 1
            for stmt in self.function_nodes[name].body:
                self.visit(stmt)
        self.depth = 0
        self.current_function = None

    # ------------------------------------------------------------ structure

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.bound.add(node.name)
        for deco in node.decorator_list:
            self.visit(deco)
        args = node.args
        for arg in (
            *args.posonlyargs,
            *args.args,
            *args.kwonlyargs,
            args.vararg,
            args.kwarg,
        ):
            if arg is not None:
                self.bound.add(arg.arg)
        for default in (*args.defaults, *args.kw_defaults):
            if default is not None:
                self.visit(default)
        top = self.depth == 0 and self.current_function is None
        outer = self.current_function
        if top:
            self.function_nodes[node.name] = node
            self.current_function = node.name
            self.function_uses.setdefault(node.name, [])
            if node.decorator_list:
                self.decorated.add(node.name)
        self.depth += 1
        for stmt in node.body:
            self.visit(stmt)
        self.depth -= 1
        self.current_function = outer

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
            self.bound.add(arg.arg)
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if self.revisiting:
            return
        self.bound.add(node.name)
        methods = {
            stmt.name
            for stmt in node.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        self.facts.defined_methods |= methods
        if "__cmp__" in methods and not methods & ORDERING:
            self.facts.cmp_classes.append(
                Spot(node.name, node.lineno, node.col_offset, self.depth > 0)
            )
        for base in node.bases:
            if (
                isinstance(base, ast.Attribute)
                and base.attr == "Model"
                and isinstance(base.value, ast.Name)
            ):
                self.facts.models[node.name] = base.value.id
        self.generic_visit(node)

    def visit_Try(self, node: ast.Try) -> None:
        imports = _handled(node.handlers, _IMPORT_GUARDS)
        names = _handled(node.handlers, _NAME_GUARDS)
        self.import_guard += imports
        self.name_guard += names
        for stmt in node.body:
            self.visit(stmt)
        self.import_guard -= imports
        self.name_guard -= names
        for handler in node.handlers:
            if handler.name:
                self.bound.add(handler.name)
            # The fallback of a guarded import is itself guarded only by
            # being the fallback: ``except ImportError: from x import y``.
            self.import_guard += imports
            for stmt in handler.body:
                self.visit(stmt)
            self.import_guard -= imports
        for stmt in (*node.orelse, *node.finalbody):
            self.visit(stmt)

    visit_TryStar = visit_Try  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> None:
        if _is_main_test(node.test) and self.depth == 0:
            self.facts.main_block = True
            self.visit(node.test)
            was = self.in_main
            self.in_main = True
            for stmt in node.body:
                self.visit(stmt)
            self.in_main = was
            for stmt in node.orelse:
                self.visit(stmt)
            return
        self.branch += 1
        try:
            self._if(node)
        finally:
            self.branch -= 1

    def _if(self, node: ast.If) -> None:
        test = ast.unparse(node.test)
        version = any(w in test for w in _VERSION_WORDS)
        # Imports of one Python version's branch, or for type checkers only,
        # are expected to fail elsewhere.
        guard = version or any(w in test for w in _TYPE_CHECKING)
        self.version_branch += version
        self.import_guard += guard
        self.generic_visit(node)
        self.version_branch -= version
        self.import_guard -= guard

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        pushes = any(
            isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Attribute)
            and item.context_expr.func.attr in _CONTEXT_METHODS
            for item in node.items
        )
        self.app_context += pushes
        self.generic_visit(node)
        self.app_context -= pushes

    visit_With = _with
    visit_AsyncWith = _with

    # -------------------------------------------------------------- imports

    def visit_Import(self, node: ast.Import) -> None:
        if self.revisiting:
            return
        for alias in node.names:
            self._import(alias.name, (), 0, node)
            self.bound.add(alias.asname or alias.name.partition(".")[0])
            if alias.name == "string" and alias.asname is None and self.depth == 0:
                self.string_module = True
            if alias.name in _FSA_MODULES:
                self.fsa_modules.add(alias.asname or alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if self.revisiting:
            return
        module = node.module or ""
        names = tuple(a.name for a in node.names)
        self._import(module, names, node.level, node)
        for alias in node.names:
            local = alias.asname or alias.name
            self.bound.add(local)
            if alias.name != "*":
                self.facts.from_names[local] = (module, node.level)
            if module in _FSA_MODULES and alias.name == "SQLAlchemy":
                self.sqlalchemy_names.add(local)

    def _import(
        self, module: str, names: tuple[str, ...], level: int, node: ast.stmt
    ) -> None:
        self.facts.imports.append(
            SourceImport(
                module,
                names,
                level,
                node.lineno,
                node.col_offset,
                self.import_guard > 0,
                self.depth > 0,
                self.branch > 0,
            )
        )

    # ---------------------------------------------------------- expressions

    def visit_Global(self, node: ast.Global) -> None:
        self.bound.update(node.names)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.bound.add(node.id)
            return
        if node.id in BUILTINS and not self.name_guard and not self.version_branch:
            self.uses.append(
                Spot(node.id, node.lineno, node.col_offset, self._deferred())
            )

    def visit_arg(self, node: ast.arg) -> None:
        self.bound.add(node.arg)

    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        if isinstance(value, ast.Call) and self._is_sqlalchemy(value.func):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.facts.db_names.add(target.id)
        if isinstance(value, ast.Call) and self.depth == 0:
            func = value.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            if name == "Flask":
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.facts.apps.append(target.id)
        self.generic_visit(node)

    def _is_sqlalchemy(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id in self.sqlalchemy_names
        return (
            isinstance(func, ast.Attribute)
            and func.attr == "SQLAlchemy"
            and ast.unparse(func.value) in self.fsa_modules
        )

    def visit_Attribute(self, node: ast.Attribute) -> None:
        value = node.value
        if isinstance(value, ast.Name) and isinstance(node.ctx, ast.Load):
            if value.id == "string" and node.attr in STRING_CONSTANTS:
                self.facts.string_attrs.append(
                    Spot(node.attr, node.lineno, node.col_offset, self._deferred())
                )
            if node.attr in ("session", "query", "engine"):
                self._db_use(node.attr, value.id, node)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if (
            isinstance(node.ctx, ast.Load)
            and isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and _is_environ(node.value)
        ):
            self.facts.environ.append(
                Spot(
                    key.value,
                    node.lineno,
                    node.col_offset,
                    self._deferred(),
                    "subscript",
                )
            )
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr in METHODS and not self.version_branch and not self.name_guard:
                self.facts.py2_methods.append(
                    Spot(
                        func.attr,
                        func.end_lineno or node.lineno,
                        (func.end_col_offset or 0) - len(func.attr),
                        self._deferred(),
                        ast.unparse(func.value)[:60],
                    )
                )
            if func.attr in _DB_CALLS and isinstance(func.value, ast.Name):
                self._db_use(func.attr, func.value.id, node)
            if (
                func.attr in ("get", "getenv")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and (_is_environ(func.value) or ast.unparse(func.value) == "os")
            ):
                self.facts.environ.append(
                    Spot(
                        node.args[0].value,
                        node.lineno,
                        node.col_offset,
                        self._deferred(),
                        "get",
                    )
                )
        elif isinstance(func, ast.Name):
            if self.depth == 0 and not self.app_context:
                self.module_calls.append((func.id, node.lineno))
        for keyword in node.keywords:
            if keyword.arg == "csrf_enabled":
                self.facts.csrf.append(
                    Spot(
                        ast.unparse(func)[:60],
                        keyword.value.lineno,
                        keyword.value.col_offset - len("csrf_enabled="),
                        self._deferred(),
                    )
                )
        self.generic_visit(node)

    # ---------------------------------------------------------------- helpers

    def _deferred(self) -> bool:
        return self.depth > 0

    def _db_use(self, what: str, receiver: str, node: ast.AST) -> None:
        if self.app_context:
            return
        spot = Spot(
            what,
            getattr(node, "lineno", 0),
            getattr(node, "col_offset", 0),
            self._deferred(),
            receiver + ("|main" if self.in_main else ""),
        )
        if self.depth == 0:
            self.db_uses.append((spot, None))
        elif self.current_function is not None and self.depth == 1:
            self.db_uses.append((spot, self.current_function))

    def finish(self) -> None:
        facts = self.facts
        facts.py2_names = [u for u in self.uses if u.what not in self.bound]
        if not self.string_module:
            facts.string_attrs = []  # ``string`` is something else here
        facts.factory = "create_app" in self.function_uses
        called: dict[str, int] = {}
        for name, line in self.module_calls:
            if name in self.function_uses and name not in self.decorated:
                called.setdefault(name, line)
        for spot, function in self.db_uses:
            if function is None:
                facts.app_context.append(spot)
            elif function in called:
                facts.app_context.append(
                    dataclasses.replace(
                        spot,
                        deferred=False,
                        detail=f"{spot.detail}|call:{called[function]}",
                    )
                )


def _is_environ(node: ast.expr) -> bool:
    """``os.environ`` or a bare ``environ`` (``from os import environ``)."""
    if isinstance(node, ast.Attribute):
        return (
            node.attr == "environ"
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        )
    return isinstance(node, ast.Name) and node.id == "environ"
