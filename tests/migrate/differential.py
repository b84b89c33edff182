# ruff: noqa: E501
# (snippet tables read best one case per line)
"""Inject legacy imports into real code, and the same with the new names.

The differential test of the codemod (issue 8 item 22) takes modules of the
running Python's standard library (code nobody here wrote: decorators,
nested scopes, every syntax of its version), and makes two copies of each
with the very same edits at the very same places: one with legacy names
(``import flask.ext.fza``, ``flask.ext.fza.name``, ``from flask.ext import
fzc``...), one with what ``migrate --target flask_`` must turn them into.
Every choice comes from a :class:`random.Random` seeded with the seed and the
file's path, so a failure is reproduced by its seed and file alone.

Places: module level (imports after the docstring and ``__future__``
imports), any expression where a name is read (in functions, classes,
decorators, default arguments, comprehensions, annotations, f-strings,
lambdas, match patterns...), new decorators on real functions and classes,
imports local to a real function with uses in it, and whole statements
(one-line functions, classes, comprehensions, annotated names, f-strings,
string imports) between real statements at any depth.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import random
import sys
import sysconfig
import warnings
from collections.abc import Iterator
from pathlib import Path

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate import Unsafe
from flask_ext_redirect._migrate._files import decode
from flask_ext_redirect._migrate._py3 import first_line
from flask_ext_redirect._migrate._source import LineIndex
from flask_ext_redirect._migrate._source import newline_of

#: Extensions used at module level; the last one is imported in functions.
MODULE_EXTS = ("fza", "fzb", "fzc", "fzd", "fze")
LOCAL_EXT = "fzl"

#: Whole statements to put between real ones: (legacy, new). ``{i}`` is
#: the indentation of the statement after which the snippet continues.
SNIPPETS = [
    (
        "_fz = [flask.ext.fza.item(_x) for _x in flaskext.fzb.items if flask.ext.fza.ok(_x)]",
        "_fz = [flask_fza.item(_x) for _x in flask_fzb.items if flask_fza.ok(_x)]",
    ),
    (
        "_fz = lambda _x=flask.ext.fza.default: flaskext.fzb.call(_x)",
        "_fz = lambda _x=flask_fza.default: flask_fzb.call(_x)",
    ),
    ("_fz: flask.ext.fza.Type = None", "_fz: flask_fza.Type = None"),
    (
        '_fz = f"{flask.ext.fza.value!r:>{flaskext.fzb.width}} {fzc.x}"',
        '_fz = f"{flask_fza.value!r:>{flask_fzb.width}} {fzc.x}"',
    ),
    (
        "def _fz(_x: flask.ext.fza.T = flask.ext.fza.D, *, _y=flaskext.fzb.E) -> flask.ext.fza.R: return {_k: flask.ext.fza.v for _k in _x}",
        "def _fz(_x: flask_fza.T = flask_fza.D, *, _y=flask_fzb.E) -> flask_fza.R: return {_k: flask_fza.v for _k in _x}",
    ),
    (
        "class _Fz(flask.ext.fza.Base, metaclass=flaskext.fzb.Meta): _a = flask.ext.fza.attr",
        "class _Fz(flask_fza.Base, metaclass=flask_fzb.Meta): _a = flask_fza.attr",
    ),
    (
        '_fz = importlib.import_module("flask.ext.fza.sub")',
        '_fz = importlib.import_module("flask_fza.sub")',
    ),
    (
        "_fz = import_module('.fzb', 'flaskext')",
        "_fz = import_module('flask_fzb')",
    ),
    (
        '_fz = __import__("flask.ext.fza", fromlist=["x"])',
        '_fz = __import__("flask_fza", fromlist=["x"])',
    ),
    (
        "_fz = (\n{i}    flask.ext.fza  # why\n{i}    .attr\n{i})",
        "_fz = (\n{i}    flask_fza  # why\n{i}    .attr\n{i})",
    ),
    ("_fz = flask . ext . fza . x", "_fz = flask_fza . x"),
    # Local names that shadow the package: left exactly as they are.
    (
        "def _fz_shadow(flask, flaskext=None): return flask.ext.fza.x, flaskext.fzb",
        "def _fz_shadow(flask, flaskext=None): return flask.ext.fza.x, flaskext.fzb",
    ),
    (
        "_fz = [flask.ext.fza.y for flask in ()], lambda flaskext: flaskext.fzb",
        "_fz = [flask.ext.fza.y for flask in ()], lambda flaskext: flaskext.fzb",
    ),
    (
        '_fz = f"""{{\n{i}{flask.ext.fza.x!r} {flaskext.fzb.y} }}{flask.ext.fza.z:{flask.ext.fza.w}}\n{i}"""',
        '_fz = f"""{{\n{i}{flask_fza.x!r} {flask_fzb.y} }}{flask_fza.z:{flask_fza.w}}\n{i}"""',
    ),
    ("_fz = flask.ext.fza.x, _fze.y", "_fz = flask_fza.x, _fze.y"),
    (
        "_fz = {**flaskext.fzb.d, 'k': _fzd_thing}",
        "_fz = {**flask_fzb.d, 'k': _fzd_thing}",
    ),
]


@dataclasses.dataclass(order=True)
class _Edit:
    start: int
    #: Insertions before replacements at the same offset.
    order: int
    end: int
    legacy: str
    new: str


@dataclasses.dataclass
class Case:
    """One file, injected two ways."""

    path: str
    original: str
    legacy: str
    new: str
    edits: int


def stdlib_files() -> list[Path]:
    """Every ``.py`` file of the running Python's standard library."""
    root = Path(sysconfig.get_paths()["stdlib"])
    skip = {"site-packages", "dist-packages", "__pycache__"}
    return sorted(
        p
        for p in root.rglob("*.py")
        if not skip.intersection(p.relative_to(root).parts)
    )


def _lines(index: LineIndex, line: int) -> tuple[int, str]:
    """Offset and text of a 1-based line."""
    return index.starts[line - 1], index.lines[line - 1]


class _Injector:
    def __init__(self, text: str, tree: ast.Module, rng: random.Random) -> None:
        self.text = text
        self.tree = tree
        self.rng = rng
        self.index = LineIndex(text)
        self.nl = newline_of(text)
        self.edits: list[_Edit] = []
        self.taken: set[int] = set()
        #: Line ranges of function bodies that import flask.ext.fzl.
        self.local: list[tuple[int, int, list[_Edit]]] = []
        self.cli_module = False
        self.head_line = 0
        self.module_edit: _Edit | None = None

    def line_start_indent(self, node: ast.AST) -> tuple[int, str] | None:
        """Offset of the line a statement starts, and its indentation,
        when the statement is the first thing on its line."""
        line = first_line(node)
        if line is None or line > len(self.index.lines):
            return None
        start, text = _lines(self.index, line)
        stripped = text.lstrip(" \t\f")
        indent = text[: len(text) - len(stripped)]
        col = getattr(node, "col_offset", -1)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.decorator_list:
                if not stripped.startswith("@"):
                    return None
            elif len(indent.encode()) != col:
                return None
        elif len(indent.encode()) != col:
            return None
        if "\f" in indent:
            return None
        if line > 1:
            before = self.index.lines[line - 2].rstrip("\r\n")
            if before.endswith("\\"):
                return None
        return start, indent

    def insert(self, node: ast.AST, legacy: str, new: str, order: int) -> _Edit | None:
        """Put lines before a statement; at one place, lower ``order`` first."""
        where = self.line_start_indent(node)
        if where is None:
            return None
        start, indent = where
        edit = _Edit(
            start,
            order,
            start,
            indent + legacy.replace("{i}", indent).replace("\n", self.nl) + self.nl,
            indent + new.replace("{i}", indent).replace("\n", self.nl) + self.nl,
        )
        self.edits.append(edit)
        return edit

    def module_imports(self) -> None:
        body = self.tree.body
        i = 0
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(getattr(body[0], "value", None), ast.Constant)
        ):
            i = 1
        while (
            i < len(body)
            and isinstance(body[i], ast.ImportFrom)
            and body[i].module == "__future__"  # type: ignore[attr-defined]
        ):
            i += 1
        legacy = [
            "import flask.ext.fza",
            "import flaskext.fzb",
            "from flask.ext import fzc",
            "from flask.ext.fzd import thing as _fzd_thing",
            "import flask.ext.fze as _fze",
            "import importlib; from importlib import import_module",
        ]
        new = [
            "import flask_fza",
            "import flask_fzb",
            "import flask_fzc as fzc",
            "from flask_fzd import thing as _fzd_thing",
            "import flask_fze as _fze",
            "import importlib; from importlib import import_module",
        ]
        if i < len(body):
            node = body[i]
            if i and (body[i - 1].end_lineno or 0) >= (first_line(node) or 0):
                raise _Skip("first statement shares a line")
            self.head_line = first_line(node) or 0
            edit = self.insert(node, "\n".join(legacy), "\n".join(new), -3)
            if edit is None:
                raise _Skip("first statement is not at the start of a line")
            self.module_edit = edit
        else:
            end = len(self.text)
            prefix = (
                "" if not self.text or self.text.endswith(("\n", "\r")) else self.nl
            )
            self.head_line = len(self.index.lines) + 1
            self.module_edit = _Edit(
                end,
                -3,
                end,
                prefix + self.nl.join(legacy) + self.nl,
                prefix + self.nl.join(new) + self.nl,
            )
            self.edits.append(self.module_edit)

    def functions(self) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        return [
            n
            for n in ast.walk(self.tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]

    def local_imports(self, count: int) -> None:
        funcs = [
            f
            for f in self.functions()
            if f.body and (first_line(f.body[0]) or 0) > f.lineno
        ]
        for f in self.rng.sample(funcs, min(count, len(funcs))):
            first = first_line(f.body[0]) or 0
            last = f.body[-1].end_lineno or 0
            if any(a <= first <= b or first <= a <= last for a, b, _ in self.local):
                continue  # one of them holds the other
            edit = self.insert(f.body[0], f"import flask.ext.{LOCAL_EXT}", "", -2)
            if edit is None:
                continue
            edit.new = edit.legacy.replace(
                f"flask.ext.{LOCAL_EXT}", f"flask_{LOCAL_EXT}"
            )
            self.local.append((first, last, [edit]))

    def inside_local(self, line: int) -> tuple[int, int, list[_Edit]] | None:
        for entry in self.local:
            if entry[0] <= line <= entry[1]:
                return entry
        return None

    def replace_names(self, count: int) -> None:
        names = [
            n
            for n in ast.walk(self.tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        ]
        for name in self.rng.sample(names, min(count, len(names))):
            start = self.index.offset_utf8(name.lineno, name.col_offset)
            end = start + len(name.id)
            if self.text[start:end] != name.id or start in self.taken:
                continue  # positions Python got wrong (old f-strings)
            self.taken.add(start)
            local = self.inside_local(name.lineno)
            kind = self.rng.randrange(6)
            if kind == 0:
                legacy, new = f"flask.cli.{name.id}", f"flask.cli.{name.id}"
                self.uses_flask(local)
            elif kind == 1:
                legacy, new = f"flaskext.fzb.{name.id}", f"flask_fzb.{name.id}"
            elif kind == 2 and local is not None:
                legacy = f"flask.ext.{LOCAL_EXT}.{name.id}"
                new = f"flask_{LOCAL_EXT}.{name.id}"
            else:
                legacy, new = f"flask.ext.fza.{name.id}", f"flask_fza.{name.id}"
            self.edits.append(_Edit(start, 1, end, legacy, new))

    def uses_flask(self, local: tuple[int, int, list[_Edit]] | None) -> None:
        """``flask`` itself is read here: the import that bound it must keep
        binding it."""
        if local is None:
            self.cli_module = True
        else:
            edit = local[2][0]
            edit.new = edit.new.replace(
                f"import flask_{LOCAL_EXT}", f"import flask, flask_{LOCAL_EXT}"
            )

    def decorators(self, count: int) -> None:
        defs = [
            n
            for n in ast.walk(self.tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        ]
        for node in self.rng.sample(defs, min(count, len(defs))):
            line = first_line(node) or 0
            local = self.inside_local(line)
            kind = self.rng.randrange(3)
            if kind == 0:
                legacy, new = "@flask.cli.with_appcontext", "@flask.cli.with_appcontext"
            elif kind == 1:
                legacy, new = "@flask.ext.fza.cached(60)", "@flask_fza.cached(60)"
            else:
                legacy, new = (
                    "@flaskext.fzb.wrap(\n{i}    flask.ext.fza.opt,\n{i})",
                    "@flask_fzb.wrap(\n{i}    flask_fza.opt,\n{i})",
                )
            if self.insert(node, legacy, new, 0) is not None and kind == 0:
                self.uses_flask(local)

    def statements(self, count: int) -> None:
        stmts = [
            n
            for n in ast.walk(self.tree)
            if isinstance(n, ast.stmt) and not _is_future(n)
        ]
        for node in self.rng.sample(stmts, min(count, len(stmts))):
            if node in self.tree.body and (first_line(node) or 0) < self.head_line:
                continue  # the docstring and __future__ imports stay first
            legacy, new = self.rng.choice(SNIPPETS)
            self.insert(node, legacy, new, -1)

    def build(self) -> tuple[str, str]:
        if self.cli_module and self.module_edit is not None:
            self.module_edit.new = self.module_edit.new.replace(
                "import flask_fza", "import flask, flask_fza", 1
            )
        legacy: list[str] = []
        new: list[str] = []
        pos = 0
        for edit in sorted(self.edits):
            if edit.start < pos:
                continue
            legacy += [self.text[pos : edit.start], edit.legacy]
            new += [self.text[pos : edit.start], edit.new]
            pos = edit.end
        legacy.append(self.text[pos:])
        new.append(self.text[pos:])
        return "".join(legacy), "".join(new)


class _Skip(Exception):
    pass


def _is_future(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def _parse(text: str) -> ast.Module:
    """``ast.parse``, quiet about the invalid escapes some stdlib files have
    (which ``-W error`` would otherwise turn into syntax errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def inject(path: str, text: str, seed: int) -> Case | None:
    """Both injected copies of ``text``, or None when the file can't take
    them (it doesn't parse here, or its first statement can't get a line
    before it)."""
    try:
        tree = _parse(text)
    except (SyntaxError, ValueError):
        return None
    rng = random.Random(f"{seed}:{path}")
    injector = _Injector(text, tree, rng)
    try:
        injector.module_imports()
    except _Skip:
        return None
    injector.local_imports(rng.randint(0, 3))
    injector.replace_names(rng.randint(1, 40))
    injector.decorators(rng.randint(0, 6))
    injector.statements(rng.randint(0, 6))
    legacy, new = injector.build()
    for version in (legacy, new):
        try:
            _parse(version)
        except SyntaxError:  # an injection this generator got wrong
            return None
    return Case(path, text, legacy, new, len(injector.edits))


def cases(seed: int, count: int | None) -> Iterator[tuple[Path, str | None]]:
    """``count`` standard library files (all when None), chosen by ``seed``,
    with their decoded text (None when it can't be decoded)."""
    files = stdlib_files()
    if count is not None and count < len(files):
        files = sorted(random.Random(seed).sample(files, count))
    for path in files:
        try:
            text, _ = decode(path.read_bytes())
        except Exception:
            yield path, None
            continue
        yield path, text


def run(seed: int, count: int | None) -> tuple[int, list[str]]:
    """Check ``count`` files (all when None).

    :return: How many injected files were checked, and what went wrong.
    """
    targets = Targets("flask_")
    failures: list[str] = []
    checked = 0
    for path, text in cases(seed, count):
        if text is None:
            continue
        name = str(path)
        try:
            _parse(text)
        except (SyntaxError, ValueError):
            continue  # the stdlib's own test data that is not valid Python
        try:
            same = rewrite_source(text, targets).text
        except Unsafe as e:
            failures.append(f"{name}: original refused at line {e.line}: {e.text}")
            continue
        if same != text:
            failures.append(f"{name}: original changed")
        case = inject(name, text, seed)
        if case is None:
            continue
        checked += 1
        try:
            result = rewrite_source(case.legacy, targets).text
        except Unsafe as e:
            failures.append(f"{name}: refused at line {e.line}: {e.text}")
            continue
        if result != case.new:
            failures.append(f"{name}: differs from the new-name twin")
        elif ast.dump(_parse(result)) != ast.dump(_parse(case.new)):
            failures.append(f"{name}: AST differs")
    return checked, failures


def main() -> int:
    """``python tests/migrate/differential.py [--seed N] [--files N|all]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--files", default="all")
    parser.add_argument("--show", help="print both injected copies of this file")
    args = parser.parse_args()
    if args.show:
        text, _ = decode(Path(args.show).read_bytes())
        case = inject(args.show, text, args.seed)
        if case is None:
            print("cannot inject this file")
            return 2
        print(case.legacy, "\n# ---- new names ----\n", case.new, sep="")
        return 0
    count = None if args.files == "all" else int(args.files)
    checked, failures = run(args.seed, count)
    version = "{}.{}".format(*sys.version_info[:2])
    for failure in failures:
        print(failure)
    print(
        f"Python {version}, seed {args.seed}: {checked} injected files checked, "
        f"{len(failures)} failures"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
