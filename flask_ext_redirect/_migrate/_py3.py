"""The Python 3 engine: ``ast`` finds the nodes, edits go in by offset.

One walk over the tree (skipping the subtrees whose lines never mention
``flask``, ``__import__`` or ``import_module``) rewrites the import
statements and string imports, and records where every name containing
``flask`` is bound and used, scope by scope. Dotted uses such as
``flask.ext.foo.X`` are rewritten afterwards, and only where ``flask``
resolves to the imported package and the new name would resolve to the
rewritten import: a parameter, an assignment or any other binding of
``flask`` keeps its meaning, and a use that could read either is refused.
"""

from __future__ import annotations

import ast
import bisect
import re
import tokenize
import warnings

from . import _calls
from . import _scopes
from ._imports import is_legacy
from ._imports import rewrite_statement
from ._imports import Statement
from ._model import Edit
from ._model import Rewrite
from ._model import Unsafe
from ._scopes import Binding
from ._scopes import Scope
from ._source import apply_edits
from ._source import LineIndex
from ._source import newline_of
from ._source import split_lines
from ._targets import Targets

_GAP = r"[\s\\]*\.[\s\\]*"
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_TYPE_PARAMS = tuple(
    getattr(ast, name)
    for name in ("TypeVar", "ParamSpec", "TypeVarTuple")
    if hasattr(ast, name)
)


def _chain_key(node: ast.Attribute) -> tuple[tuple[str, ...], ast.Name] | None:
    """``("flask", "ext", "foo")`` for ``flask.ext.foo``, ``("flaskext",
    "foo")`` for ``flaskext.foo``, with the root name; else None."""
    value = node.value
    if isinstance(value, ast.Name) and value.id == "flaskext":
        return ("flaskext", node.attr), value
    if (
        isinstance(value, ast.Attribute)
        and value.attr == "ext"
        and isinstance(value.value, ast.Name)
        and value.value.id == "flask"
    ):
        return ("flask", "ext", node.attr), value.value
    return None


def _is_flask_ext(node: ast.Attribute) -> bool:
    return (
        node.attr == "ext"
        and isinstance(node.value, ast.Name)
        and node.value.id == "flask"
    )


def first_line(node: ast.AST) -> int | None:
    """The first line a node owns: a decorated definition starts at its
    first decorator, not at ``def``/``class`` (its ``lineno``)."""
    line: int | None = getattr(node, "lineno", None)
    if line is not None and isinstance(node, _DEFS) and node.decorator_list:
        line = min(line, *(d.lineno for d in node.decorator_list))
    return line


def _relevant(name: str) -> bool:
    return "flask" in name


class _Chain:
    __slots__ = ("node", "key", "root", "scope")

    def __init__(
        self, node: ast.Attribute, key: tuple[str, ...], root: ast.Name, scope: Scope
    ) -> None:
        self.node = node
        self.key = key
        self.root = root
        self.scope = scope


class _Import:
    """A plain ``import flask.ext.foo`` (no ``as``) that was rewritten."""

    __slots__ = ("line", "scope", "root", "new", "binding")

    def __init__(
        self, line: int, scope: Scope, root: str, new: str, binding: Binding
    ) -> None:
        self.line = line
        self.scope = scope
        self.root = root
        self.new = new
        self.binding = binding


class _Engine:
    def __init__(self, text: str, targets: Targets) -> None:
        self.text = text
        self.index = LineIndex(text)
        self.newline = newline_of(text)
        self.targets = targets
        self.result = Rewrite(text)
        self.edits: list[Edit] = []
        self.scopes: list[Scope] = []
        self.chains: list[_Chain] = []
        self.bare: list[tuple[ast.Attribute, Scope]] = []
        self.uses: list[tuple[ast.Name, Scope]] = []
        self.imports: list[_Import] = []
        #: Legacy prefix -> its new dotted name, from the rewritten imports.
        self.new_names: dict[tuple[str, ...], str] = {}
        #: Scope -> legacy prefixes its rewritten imports bind.
        self.keys: dict[int, set[tuple[str, ...]]] = {}
        self.statements: set[int] = set()
        #: ids of the ``flask.ext`` nodes inside ``flask.ext.foo`` chains.
        self.chained: set[int] = set()

    def span(self, node: ast.expr | ast.stmt) -> tuple[int, int]:
        end_line = node.end_lineno or node.lineno
        end_col = node.end_col_offset or 0
        return (
            self.index.offset_utf8(node.lineno, node.col_offset),
            self.index.offset_utf8(end_line, end_col),
        )

    def new_scope(self, kind: str, parent: Scope | None) -> Scope:
        scope = Scope(kind, parent)
        self.scopes.append(scope)
        return scope

    def run(self, tree: ast.Module) -> Rewrite:
        self.walk(tree, _interesting_lines(self.index))
        _scopes.effective(self.scopes)
        self.check_imports()
        rewritten = self.rewrite_chains()
        self.check_bare()
        self.fix_rebinds(rewritten)
        if self.new_names and _TYPE_COMMENT.search(self.text):
            self.type_comments()
        self.result.text = apply_edits(self.text, self.edits)
        return self.result

    # ----------------------------------------------------------- the walk

    def walk(self, tree: ast.Module, lines: list[int]) -> None:
        """Visit every node on an interesting line, parents first, in
        source order, each with the scope it is evaluated in."""
        module = self.new_scope(_scopes.MODULE, None)
        stack: list[tuple[ast.AST, Scope]] = [(tree, module)]
        while stack:
            node, scope = stack.pop()
            first = first_line(node)
            if first is not None:
                i = bisect.bisect_left(lines, first)
                if i == len(lines) or lines[i] > (
                    getattr(node, "end_lineno", None) or first
                ):
                    continue
            children = self.visit(node, scope)
            if children is None:
                children = [(child, scope) for child in ast.iter_child_nodes(node)]
            stack.extend(reversed(children))

    def visit(self, node: ast.AST, scope: Scope) -> list[tuple[ast.AST, Scope]] | None:
        """Record what ``node`` binds or uses; return its children with the
        scopes they run in when those are not ``scope``."""
        if isinstance(node, ast.Name):
            if _relevant(node.id):
                if isinstance(node.ctx, ast.Load):
                    self.uses.append((node, scope))
                else:
                    scope.bind(node.id, Binding(_scopes.OTHER, node.lineno))
        elif isinstance(node, ast.Attribute):
            found = _chain_key(node)
            if found is not None:
                self.chains.append(_Chain(node, found[0], found[1], scope))
                self.chained.add(id(node.value))
            elif _is_flask_ext(node):
                self.bare.append((node, scope))
        elif isinstance(node, ast.Call):
            self.visit_call(node)
        elif isinstance(node, ast.Expr):
            self.statements.add(id(node.value))
        elif isinstance(node, ast.Import):
            self.visit_import(node, scope)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                name = alias.asname or alias.name
                if _relevant(name):
                    scope.bind(name, Binding(_scopes.OTHER, node.lineno))
            if node.level == 0 and node.module and is_legacy(node.module.split(".")):
                self.statement(node)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names = scope.globals if isinstance(node, ast.Global) else scope.nonlocals
            names.update(n for n in node.names if _relevant(n))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return self.visit_function(node, scope)
        elif isinstance(node, ast.ClassDef):
            self.bind_name(node.name, node.lineno, scope)
            body = self.new_scope(_scopes.CLASS, scope)
            # Type parameters (3.12) and their bounds: checked and read as
            # if in the enclosing scope, which their annotation scope sees.
            outside: list[ast.AST] = [*getattr(node, "type_params", ())]
            outside += [*node.decorator_list, *node.bases]
            outside.extend(node.keywords)
            return [(n, scope) for n in outside] + [(n, body) for n in node.body]
        elif isinstance(node, _COMPREHENSIONS):
            return self.visit_comprehension(node, scope)
        elif isinstance(node, ast.NamedExpr):
            target = scope
            while target.kind == _scopes.COMPREHENSION and target.parent is not None:
                target = target.parent
            if isinstance(node.target, ast.Name):
                self.bind_name(node.target.id, node.lineno, target)
            return [(node.value, scope)]
        elif isinstance(node, ast.AnnAssign) and not node.simple and not node.value:
            # ``(flask): int`` annotates without binding (PEP 526).
            children: list[ast.AST] = [node.annotation]
            if not isinstance(node.target, ast.Name):
                children.append(node.target)
            return [(n, scope) for n in children]
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                self.bind_name(node.name, node.lineno, scope)
        elif type(node).__name__ in ("MatchAs", "MatchStar", "MatchMapping"):
            captured = getattr(node, "name", None) or getattr(node, "rest", None)
            if captured:
                self.bind_name(captured, getattr(node, "lineno", 0), scope)
        elif isinstance(node, _TYPE_PARAMS):
            if _relevant(node.name):
                raise Unsafe(
                    node.lineno,
                    f"a type parameter is named {node.name!r}; "
                    "rewrite this file by hand",
                )
        return None

    def bind_name(self, name: str, line: int, scope: Scope) -> None:
        if _relevant(name):
            scope.bind(name, Binding(_scopes.OTHER, line))

    def visit_function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: Scope
    ) -> list[tuple[ast.AST, Scope]]:
        args = node.args
        outside: list[ast.AST] = []
        if not isinstance(node, ast.Lambda):
            self.bind_name(node.name, node.lineno, scope)
            outside.extend(getattr(node, "type_params", ()))
            outside.extend(node.decorator_list)
        outside.extend(args.defaults)
        outside.extend(d for d in args.kw_defaults if d is not None)
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        params.extend(a for a in (args.vararg, args.kwarg) if a is not None)
        outside.extend(a.annotation for a in params if a.annotation is not None)
        if not isinstance(node, ast.Lambda) and node.returns is not None:
            outside.append(node.returns)
        inner = self.new_scope(_scopes.FUNCTION, scope)
        for param in params:
            self.bind_name(param.arg, param.lineno, inner)
        children = [(n, scope) for n in outside]
        if isinstance(node, ast.Lambda):
            children.append((node.body, inner))
        else:
            children.extend((n, inner) for n in node.body)
        return children

    def visit_comprehension(
        self,
        node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
        scope: Scope,
    ) -> list[tuple[ast.AST, Scope]]:
        # The first iterable is evaluated outside, everything else inside.
        inner = self.new_scope(_scopes.COMPREHENSION, scope)
        children: list[tuple[ast.AST, Scope]] = []
        for i, gen in enumerate(node.generators):
            children.append((gen.iter, scope if i == 0 else inner))
            children.append((gen.target, inner))
            children.extend((cond, inner) for cond in gen.ifs)
        if isinstance(node, ast.DictComp):
            children += [(node.key, inner), (node.value, inner)]
        else:
            children.append((node.elt, inner))
        return children

    # ----------------------------------------------------------- imports

    def statement(self, node: ast.Import | ast.ImportFrom) -> Statement:
        start, end = self.span(node)
        stmt = rewrite_statement(
            self.text, start, end, self.index, self.targets, self.newline,
            self.result,
        )  # fmt: skip
        offset = len(self.edits)
        self.edits.extend(stmt.edits)
        stmt.rebinds = [(offset + i, root) for i, root in stmt.rebinds]
        return stmt

    def visit_import(self, node: ast.Import, scope: Scope) -> None:
        bindings: list[tuple[ast.alias, Binding]] = []
        for alias in node.names:
            if alias.asname is not None:
                name, kind = alias.asname, alias.name
            else:
                name = kind = alias.name.split(".")[0]
            if _relevant(name):
                binding = Binding(_scopes.IMPORT + kind, node.lineno)
                scope.bind(name, binding)
                bindings.append((alias, binding))
        if not any(is_legacy(a.name.split(".")) for a in node.names):
            return
        stmt = self.statement(node)
        # Each plain legacy alias that was renamed no longer binds its root
        # (``flask``); it binds the new name's root instead.
        rebinds = iter(stmt.rebinds)
        for alias, binding in bindings:
            parts = alias.name.split(".")
            if alias.asname is not None or not is_legacy(parts):
                continue
            key = tuple(parts[: 3 if parts[0] == "flask" else 2])
            new = stmt.chains.get(key)
            if new is None:
                continue
            binding.edit = next(rebinds)[0]
            root = new.split(".")[0]
            scope.bind(root, Binding(_scopes.IMPORT + root, node.lineno))
            self.imports.append(_Import(node.lineno, scope, parts[0], new, binding))
            self.new_names[key] = new
            self.keys.setdefault(id(scope.owner(root)), set()).add(key)

    def check_imports(self) -> None:
        """Refuse renamed imports whose new name would bind elsewhere or
        clash with another binding of that name."""
        for imp in self.imports:
            if imp.scope.owner(imp.root) is not imp.scope:
                raise Unsafe(
                    imp.line,
                    f"this import binds a global or nonlocal '{imp.root}', but "
                    f"'import {imp.new}' would bind its name here only; "
                    "rewrite it by hand",
                )
            root = imp.new.split(".")[0]
            for other in _scopes.bindings(imp.scope.owner(root), root):
                if other.kind != _scopes.IMPORT + root:
                    raise Unsafe(
                        imp.line,
                        f"'{root}' already names something else in this scope "
                        f"(line {other.line}); 'import {imp.new}' would change "
                        "it, rewrite by hand",
                    )

    # ----------------------------------------------------------- string imports

    def visit_call(self, node: ast.Call) -> None:
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else None
        )
        if name not in _calls.IMPORTERS:
            return
        args = [self.arg(a, None) for a in node.args if not isinstance(a, ast.Starred)]
        args += [self.arg(k.value, k.arg) for k in node.keywords if k.arg is not None]
        starred = any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        )
        call = _calls.Call(
            name, node.lineno, args, starred, id(node) in self.statements
        )
        self.edits.extend(_calls.decide(call, self.text, self.targets, self.result))

    def arg(self, value: ast.expr, keyword: str | None) -> _calls.Arg:
        start, end = self.span(value)
        try:
            literal: object = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            literal = _calls.NOT_LITERAL
        mentions = literal is _calls.NOT_LITERAL and any(
            isinstance(sub, ast.Constant)
            and isinstance(sub.value, str)
            and sub.value.startswith(("flask.ext", "flaskext"))
            for sub in ast.walk(value)
        )
        return _calls.Arg(literal, start, end, keyword, mentions_legacy=mentions)

    # ----------------------------------------------------------- dotted uses

    def rewrite_chains(self) -> set[int]:
        """Rewrite ``flask.ext.foo`` uses; return the ids of their roots."""
        rewritten: set[int] = set()
        found: list[tuple[_Chain, str, int, int]] = []
        misplaced: set[tuple[int, tuple[str, ...]]] = set()
        for chain in self.chains:
            new = self.new_name(chain)
            if new is None:
                continue
            start, end = self.span(chain.node)
            if _chain_pattern(chain.key).match(self.text, start, end) is None:
                misplaced.add((chain.node.lineno, chain.key))
            found.append((chain, new, start, end))
        for chain, new, start, end in found:
            if (chain.node.lineno, chain.key) not in misplaced:
                self.edits.append(Edit(start, end, new))
                rewritten.add(id(chain.root))
        for line, key in misplaced:
            rewritten.update(self.relocate(line, key))
        return rewritten

    def relocate(self, line: int, key: tuple[str, ...]) -> list[int]:
        """Rewrite the uses of ``key`` on ``line`` whose reported columns
        are not where the text has them.

        Python 3.9 gives wrong columns to expressions inside multi-line
        f-strings. Where every use of the name on that line fits on it and
        is to be rewritten, and the line holds exactly as many spellings of
        the name, those spellings are the uses; otherwise the file is
        refused.
        """
        dotted = ".".join(key)
        same = [c for c in self.chains if c.key == key and c.node.lineno == line]
        news = [self.new_name(c) for c in same]
        if any(c.node.end_lineno != line for c in same) or None in news:
            raise Unsafe(line, f"cannot rewrite '{dotted}' here")
        start = self.index.starts[line - 1]
        text = self.index.lines[line - 1]
        pattern = re.compile(
            r"(?<![\w.])" + r"[ \t]*\.[ \t]*".join(map(re.escape, key)) + r"(?!\w)"
        )
        matches = list(pattern.finditer(text))
        if len(matches) != len(same):
            raise Unsafe(line, f"cannot rewrite '{dotted}' here")
        for match, new in zip(matches, news):
            assert new is not None
            self.edits.append(Edit(start + match.start(), start + match.end(), new))
        return [id(c.root) for c in same]

    def new_name(self, chain: _Chain) -> str | None:
        """What the use becomes, None to keep it; refuse it if unsafe."""
        key, node = chain.key, chain.node
        dotted = ".".join(key)
        root = key[0]
        status, _, found = _scopes.classify(chain.scope, root)
        if status == _scopes.OTHER:
            return None
        if status == "mixed":
            lines = ", ".join(sorted({str(b.line) for b in found})) or "?"
            raise Unsafe(
                node.lineno,
                f"'{root}' here may be the imported package or something "
                f"else bound to that name (lines {lines}); rewrite by hand",
            )
        new = self.new_names.get(key)
        if new is None:
            if root == "flask":
                raise Unsafe(
                    node.lineno,
                    f"'{dotted}' is used, but this module does not 'import {dotted}'",
                )
            return None
        new_root = new.split(".")[0]
        status, target, _ = _scopes.classify(chain.scope, new_root)
        if status != "package" or key not in self.keys.get(id(target), ()):
            raise Unsafe(
                node.lineno,
                f"'{dotted}' is used here, but the '{new}' its import becomes "
                "would not be visible here (imported in another scope, or "
                "the name is bound to something else); rewrite by hand",
            )
        if not isinstance(node.ctx, ast.Load):
            raise Unsafe(
                node.lineno, f"'{dotted}' is assigned or deleted; rewrite by hand"
            )
        return new

    def type_comments(self) -> None:
        """Rename legacy names in ``# type:`` comments (PEP 484), which are
        comments to ``ast`` but code to type checkers, as the imports they
        refer to were renamed."""
        lines = iter(split_lines(self.text))
        for tok in tokenize.generate_tokens(lambda: next(lines, "")):
            if tok.type != tokenize.COMMENT or not _TYPE_COMMENT.match(tok.string):
                continue
            start = self.index.offset(*tok.start)
            for match in _COMMENT_CHAIN.finditer(tok.string):
                if match.group(1):
                    key: tuple[str, ...] = ("flask", "ext", match.group(1))
                else:
                    key = ("flaskext", match.group(2))
                new = self.new_names.get(key)
                if new is not None:
                    self.edits.append(
                        Edit(start + match.start(), start + match.end(), new)
                    )

    def check_bare(self) -> None:
        for node, scope in self.bare:
            if id(node) in self.chained:
                continue
            status, _, _ = _scopes.classify(scope, "flask")
            if status != _scopes.OTHER:
                raise Unsafe(node.lineno, "'flask.ext' used without an extension name")

    def fix_rebinds(self, rewritten: set[int]) -> None:
        """Keep ``flask`` bound where ``import flask.ext.foo`` used to bind
        it and something else in that scope still reads it."""
        used: set[tuple[int, str]] = set()
        for name, scope in self.uses:
            if id(name) not in rewritten and name.id in ("flask", "flaskext"):
                used.add((id(scope.resolve(name.id)), name.id))
        done: set[tuple[int, str]] = set()
        for imp in self.imports:
            owner = imp.scope.owner(imp.root)
            where = (id(owner), imp.root)
            if where in done or where not in used:
                continue
            done.add(where)
            if any(b.edit < 0 for b in _scopes.bindings(owner, imp.root)):
                continue  # still bound by another statement
            first = min(
                b.edit for b in _scopes.bindings(owner, imp.root) if b.edit >= 0
            )
            edit = self.edits[first]
            self.edits[first] = Edit(edit.start, edit.end, f"{imp.root}, {edit.new}")


def _chain_pattern(key: tuple[str, ...]) -> re.Pattern[str]:
    """The text of a dotted name, with what may sit between its parts."""
    return re.compile(_GAP.join(re.escape(p) for p in key) + r"\Z")


_DOT = r"[ \t]*\.[ \t]*"
_TYPE_COMMENT = re.compile(r"#[ \t]*type:[^\r\n]*?(?:flask" + _DOT + r"ext|flaskext)\b")
_COMMENT_CHAIN = re.compile(
    r"(?<![\w.])(?:flask" + _DOT + "ext" + _DOT + r"(\w+)|flaskext" + _DOT + r"(\w+))"
    r"(?!\w)"
)
_INTERESTING = re.compile(r"flask|__import__|import_module")


def _interesting_lines(index: LineIndex) -> list[int]:
    """Line numbers where a node this engine cares about can be: every
    import, chain, call and binding it looks at has one of these words on
    its line."""
    lines: list[int] = []
    for match in _INTERESTING.finditer(index.text):
        line = index.line_of(match.start())
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def rewrite(text: str, tree: ast.Module, targets: Targets) -> Rewrite:
    """Rewrite Python 3 source whose tree is ``tree``.

    The caller checks that the new text parses (see
    :func:`._engine.rewrite_source`, which first lets go of ``tree``).

    :raise Unsafe: when the file cannot be rewritten safely.
    """
    return _Engine(text, targets).run(tree)


def check_parses(old: str, new: str) -> None:
    """Refuse a rewrite that would not parse (a bug if it ever happens)."""
    if new == old:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(new)
    except SyntaxError as e:  # pragma: no cover - a bug if it happens
        raise Unsafe(e.lineno or 0, f"rewrite would not parse: {e.msg}") from e
