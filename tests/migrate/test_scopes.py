# ruff: noqa: E501
# (byte-exact tables read best one case per line)
"""Scope-aware rewriting (issue 8 item 2): a ``flask`` or ``flaskext`` that is
not the imported package is never rewritten, and where the binding can't be
told, the file is refused."""

from __future__ import annotations

import ast
import sys
import warnings
from typing import Any

import pytest

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate import Unsafe

IMPORT = "import flask.ext.foo\n"
NEW = "import flask_foo\n"

#: Code where ``flask`` is a local name: left exactly as it is (beside a
#: module-level use that is rewritten, so the file does change).
SHADOWED = [
    ("parameter", "def f(flask):\n    return flask.ext.foo\n"),
    ("keyword-only-parameter", "def f(*, flask=None):\n    return flask.ext.foo.X\n"),
    (
        "star-parameters",
        "def f(*flask, **flaskext):\n    return flask.ext.foo, flaskext.foo\n",
    ),
    ("lambda-parameter", "g = lambda flask: flask.ext.foo.X\n"),
    ("assignment", "def f():\n    flask = load()\n    return flask.ext.foo.X\n"),
    (
        "annotated-assignment",
        "def f():\n    flask: Any = load()\n    return flask.ext.foo.X\n",
    ),
    (
        "tuple-assignment",
        "def f():\n    a, (flask, b) = load()\n    return flask.ext.foo.X\n",
    ),
    ("augmented-assignment", "def f():\n    flask += 1\n    return flask.ext.foo.X\n"),
    ("for-target", "def f(xs):\n    for flask in xs:\n        flask.ext.foo.X\n"),
    (
        "with-target",
        "def f():\n    with open('x') as flask:\n        return flask.ext.foo.X\n",
    ),
    (
        "except-as",
        "def f():\n    try:\n        pass\n    except E as flask:\n        flask.ext.foo.X\n",
    ),
    ("list-comprehension", "ys = [flask.ext.foo for flask in xs]\n"),
    ("generator-nested", "ys = list(flask.ext.foo.X for x in xs for flask in x)\n"),
    ("dict-comprehension", "ys = {flask: flask.ext.foo for flask in xs}\n"),
    ("set-comprehension-if", "ys = {1 for flask in xs if flask.ext.foo}\n"),
    ("comprehension-in-class", "class C:\n    ys = [flask.ext.foo for flask in xs]\n"),
    (
        "nested-function-free",
        "def f(flask):\n    def g():\n        return flask.ext.foo.X\n    return g\n",
    ),
    (
        "class-in-function",
        "def f(flask):\n    class C:\n        x = flask.ext.foo.X\n    return C\n",
    ),
    (
        "nonlocal",
        "def f():\n    flask = 1\n    def g():\n        nonlocal flask\n        return flask.ext.foo.X\n    return g\n",
    ),
    (
        "walrus-in-function",
        "def f():\n    if (flask := load()):\n        return flask.ext.foo.X\n",
    ),
    (
        "walrus-in-comprehension",
        "def f(xs):\n    [(flask := x) for x in xs]\n    return flask.ext.foo.X\n",
    ),
    ("import-as", "def f():\n    import app as flask\n    return flask.ext.foo.X\n"),
    (
        "from-import",
        "def f():\n    from app import flask\n    return flask.ext.foo.X\n",
    ),
    (
        "function-named-flask",
        "def f():\n    def flask():\n        pass\n    return flask.ext.foo\n",
    ),
    (
        "class-named-flaskext",
        "def f():\n    class flaskext:\n        pass\n    return flaskext.foo.X\n",
    ),
    ("del-only", "def f():\n    del flask\n    return flask.ext.foo.X\n"),
    ("annotation-only", "def f():\n    flask: int\n    return flask.ext.foo.X\n"),
]
if sys.version_info >= (3, 10):
    SHADOWED += [
        (
            "match-capture",
            "def f(x):\n    match x:\n        case flask:\n            return flask.ext.foo.X\n",
        ),
        (
            "match-star",
            "def f(x):\n    match x:\n        case [*flask]:\n            return flask.ext.foo\n",
        ),
        (
            "match-mapping-rest",
            "def f(x):\n    match x:\n        case {**flask}:\n            return flask.ext.foo\n",
        ),
    ]


@pytest.mark.parametrize("body", [pytest.param(b, id=i) for i, b in SHADOWED])
def test_local_flask_is_left_alone(body: str, new_names: Targets) -> None:
    """A use of a local ``flask``/``flaskext`` binding keeps its meaning."""
    source = IMPORT + "x = flask.ext.foo.A\n" + body
    expected = NEW + "x = flask_foo.A\n" + body
    assert rewrite_source(source, new_names).text == expected


#: The module's ``flask`` reached from inner scopes: rewritten.
GLOBAL = [
    ("function", "def f():\n    return flask.ext.foo.X\n"),
    ("global-statement", "def f():\n    global flask\n    return flask.ext.foo.X\n"),
    ("method", "class C:\n    def m(self):\n        return flask.ext.foo.X\n"),
    ("class-body", "class C:\n    x = flask.ext.foo.X\n"),
    ("comprehension", "ys = [flask.ext.foo.X(x) for x in xs]\n"),
    ("comprehension-first-iterable", "ys = [x for x in flask.ext.foo.X]\n"),
    ("lambda", "g = lambda x: flask.ext.foo.X(x)\n"),
    ("default-argument", "def f(x=flask.ext.foo.X):\n    pass\n"),
    ("annotation", "def f(x: flask.ext.foo.X) -> flask.ext.foo.Y:\n    pass\n"),
    (
        "method-beside-class-name",
        "class C:\n    flask = 1\n    def m(self):\n        return flask.ext.foo.X\n",
    ),
    (
        "comprehension-in-class",
        "class C:\n    flask = 1\n    ys = [flask.ext.foo.X for x in xs]\n",
    ),
    (
        "parenthesised-annotation-binds-nothing",
        "def f():\n    (flask): int\n    return flask.ext.foo.X\n",
    ),
    (
        "shadowed-elsewhere-only",
        "def g(flask):\n    pass\ndef f():\n    return flask.ext.foo.X\n",
    ),
]


@pytest.mark.parametrize("body", [pytest.param(b, id=i) for i, b in GLOBAL])
def test_module_flask_is_rewritten_in_inner_scopes(
    body: str, new_names: Targets
) -> None:
    """Uses that resolve to the module's imported ``flask`` are rewritten."""
    source = IMPORT + body
    expected = NEW + body.replace("flask.ext.foo", "flask_foo")
    result = rewrite_source(source, new_names).text
    assert result == expected
    ast.parse(result)


def test_import_in_function_binds_there(new_names: Targets) -> None:
    """An ``import flask.ext.foo`` inside a function is rewritten with the
    uses it binds, and its nested functions follow."""
    source = (
        "def f():\n"
        "    import flask.ext.foo\n"
        "    def g():\n"
        "        return flask.ext.foo.X\n"
        "    return flask.ext.foo.Y, g\n"
    )
    assert rewrite_source(source, new_names).text == source.replace(
        "flask.ext.foo", "flask_foo"
    )


def test_local_import_keeps_local_flask_bound(new_names: Targets) -> None:
    """``flask`` used beside a function's legacy import stays bound there,
    not at module level."""
    source = "def f():\n    import flask.ext.foo\n    return flask.ext.foo.X, flask.g\n"
    assert rewrite_source(source, new_names).text == (
        "def f():\n    import flask, flask_foo\n    return flask_foo.X, flask.g\n"
    )


UNSAFE = [
    (
        "imported-and-assigned",
        IMPORT + "flask = patched(flask)\nx = flask.ext.foo.X\n",
        3,
    ),
    (
        "imported-and-deleted",
        IMPORT + "x = flask.ext.foo.X\ndel flask\n",
        2,
    ),
    (
        "import-in-function-used-at-module-level",
        "import flask\ndef f():\n    import flask.ext.foo\nx = flask.ext.foo.X\n",
        4,
    ),
    (
        "global-import-in-function",
        "def f():\n    global flask\n    import flask.ext.foo\nx = flask.ext.foo.X\n",
        3,
    ),
    (
        "class-body-binds-later",
        IMPORT + "class C:\n    x = flask.ext.foo.X\n    flask = None\n",
        3,
    ),
    (
        "new-name-already-assigned",
        IMPORT + "flask_foo = 1\nx = flask.ext.foo.X\n",
        1,
    ),
    (
        "new-name-shadowed-locally",
        IMPORT + "def f(flask_foo):\n    return flask.ext.foo.X\n",
        3,
    ),
    (
        "assignment-to-the-module",
        IMPORT + "flask.ext.foo = other\n",
        2,
    ),
    (
        "deletion-of-the-module",
        IMPORT + "del flask.ext.foo\n",
        2,
    ),
]


@pytest.mark.parametrize(
    ("source", "line"), [pytest.param(s, n, id=i) for i, s, n in UNSAFE]
)
def test_ambiguous_bindings_are_refused(
    source: str, line: int, new_names: Targets
) -> None:
    """Where the binding can't be told or the new name would mean something
    else, the file is refused at the use."""
    with pytest.raises(Unsafe) as info:
        rewrite_source(source, new_names)
    assert info.value.line == line


def test_unrelated_local_flask_beside_nothing_to_do(new_names: Targets) -> None:
    """A file whose only ``flask.ext`` chain is on a parameter is unchanged
    and not refused."""
    source = "def f(flask):\n    return flask.ext.foo.X, flask.ext\n"
    assert rewrite_source(source, new_names).text == source


def test_python2_engine_refuses_shadowing(new_names: Targets) -> None:
    """The tokenize engine can't see scopes: a local ``flask`` binding next
    to a legacy chain is refused rather than guessed."""
    source = (
        "print 1\nimport flask.ext.foo\ndef f(flask):\n    return flask.ext.foo.X\n"
    )
    with pytest.raises(Unsafe) as info:
        rewrite_source(source, new_names)
    assert "flask" in info.value.text


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 695 needs 3.12")
def test_type_parameters(new_names: Targets) -> None:
    """Bounds of PEP 695 type parameters are rewritten; a type parameter
    named ``flask`` is refused."""
    source = IMPORT + "def f[T: flask.ext.foo.Base](x: T) -> T:\n    return x\n"
    assert rewrite_source(source, new_names).text == source.replace(
        "flask.ext.foo", "flask_foo"
    )
    with pytest.raises(Unsafe):
        rewrite_source(IMPORT + "class C[flask]:\n    x = flask.ext.foo\n", new_names)


def _resolutions(text: str) -> dict[tuple[str, int, str], str]:
    """How the codemod's scope model resolves every name read directly in
    every ``def``: ``"local"``, ``"free"`` or ``"global"``, keyed by the
    function's name and line and the name read."""
    import re

    from flask_ext_redirect._migrate import _py3

    created: dict[int, ast.AST] = {}

    class Recorder(_py3._Engine):
        def visit_function(self, node: Any, scope: Any) -> Any:
            children = super().visit_function(node, scope)
            created[id(self.scopes[-1])] = node
            return children

    with pytest.MonkeyPatch.context() as patch:
        # Track every name on every line, not only the ones with "flask".
        patch.setattr(_py3, "_relevant", lambda name: True)
        patch.setattr(_py3, "_INTERESTING", re.compile(r"\S"))
        engine = Recorder(text, Targets("flask_"))
        engine.walk(ast.parse(text), _py3._interesting_lines(engine.index))
    found: dict[tuple[str, int, str], str] = {}
    for name, scope in engine.uses:
        node = created.get(id(scope))
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        target = scope.resolve(name.id)
        kind = (
            "local"
            if target is scope
            else "global"
            if target.kind == "module"
            else "free"
        )
        found[(node.name, node.lineno, name.id)] = kind
    return found


def _symtable_resolutions(text: str) -> dict[tuple[str, int, str], str]:
    """The same facts from CPython's own symbol tables."""
    from symbol_tables import function_tables

    found: dict[tuple[str, int, str], str] = {}
    for key, table in function_tables(text).items():
        for sym in table.get_symbols():
            if not sym.is_referenced():
                continue
            # is_local() first: is_global() is also true of the locals of a
            # function named "top", the name symtable gives the module.
            if sym.is_free():
                kind = "free"
            elif sym.is_local():
                kind = "local"
            else:
                kind = "global"
            found[(*key, sym.get_name())] = kind
    return found


def test_resolution_agrees_with_symtable_on_the_stdlib() -> None:
    """For every name read in a ``def`` of real modules, the codemod's scope
    model and CPython's symtable agree on local, free or global."""
    from symbol_tables import stdlib_modules

    compared = 0
    for path, text in stdlib_modules(11, 40):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = _symtable_resolutions(text)
        ours = _resolutions(text)
        for key, kind in ours.items():
            if key in theirs and key[2] != "__class__":
                assert (path, key, kind) == (path, key, theirs[key])
                compared += 1
    assert compared > 1000
