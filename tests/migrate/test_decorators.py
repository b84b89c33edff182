# ruff: noqa: E501
# (byte-exact tables read best one case per line)
"""Decorators and other lines a node owns outside ``lineno..end_lineno``
(issue 8 item 1): the Python 3 engine must see every one of them."""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate import Unsafe

REWRITTEN = [
    (
        "function",
        "import flask.ext.foo\n\n@flask.ext.foo.Thing\ndef f():\n    pass\n",
        "import flask_foo\n\n@flask_foo.Thing\ndef f():\n    pass\n",
    ),
    (
        "class",
        "import flask.ext.foo\n\n@flask.ext.foo.register\nclass A:\n    pass\n",
        "import flask_foo\n\n@flask_foo.register\nclass A:\n    pass\n",
    ),
    (
        "method",
        "import flask.ext.cache\n\nclass A:\n    @flask.ext.cache.cached\n    def get(self):\n        return 1\n",
        "import flask_cache\n\nclass A:\n    @flask_cache.cached\n    def get(self):\n        return 1\n",
    ),
    (
        "nested-function",
        "import flask.ext.foo\n\ndef outer():\n    @flask.ext.foo.wrap\n    def inner():\n        pass\n    return inner\n",
        "import flask_foo\n\ndef outer():\n    @flask_foo.wrap\n    def inner():\n        pass\n    return inner\n",
    ),
    (
        "with-arguments",
        "import flask.ext.cache\n\n@flask.ext.cache.cached(60)\ndef view():\n    pass\n",
        "import flask_cache\n\n@flask_cache.cached(60)\ndef view():\n    pass\n",
    ),
    (
        "argument-spanning-lines",
        "import flask.ext.cache\n\n@app.route(\n    '/',\n    cache=flask.ext.cache.Cache,\n)\ndef view():\n    pass\n",
        "import flask_cache\n\n@app.route(\n    '/',\n    cache=flask_cache.Cache,\n)\ndef view():\n    pass\n",
    ),
    (
        "second-of-several",
        "import flask.ext.login\n\n@app.route('/')\n@flask.ext.login.login_required\n@other\nasync def view():\n    pass\n",
        "import flask_login\n\n@app.route('/')\n@flask_login.login_required\n@other\nasync def view():\n    pass\n",
    ),
    (
        "flaskext",
        "import flaskext.foo\n\n@flaskext.foo.deco\ndef f():\n    pass\n",
        "import flask_foo\n\n@flask_foo.deco\ndef f():\n    pass\n",
    ),
    (
        "flask-itself-stays-bound",
        "import flask.ext.foo\n\n@flask.cli.with_appcontext\ndef command():\n    flask.ext.foo.run()\n",
        "import flask, flask_foo\n\n@flask.cli.with_appcontext\ndef command():\n    flask_foo.run()\n",
    ),
    (
        "flask-itself-in-class-decorator",
        "import flask.ext.foo\nx = flask.ext.foo.X\n\n@flask.cli.with_appcontext\nclass C:\n    pass\n",
        "import flask, flask_foo\nx = flask_foo.X\n\n@flask.cli.with_appcontext\nclass C:\n    pass\n",
    ),
    (
        "string-import-in-decorator",
        "@register(importlib.import_module('flask.ext.foo'))\ndef f():\n    pass\n",
        "@register(importlib.import_module('flask_foo'))\ndef f():\n    pass\n",
    ),
    (
        "multi-line-subscript",
        "import flask.ext.foo\nx = table[\n    flask.ext.foo.KEY\n]\n",
        "import flask_foo\nx = table[\n    flask_foo.KEY\n]\n",
    ),
    (
        "multi-line-f-string",
        'import flask.ext.foo\nx = f"""\n{flask.ext.foo.X}\n"""\n',
        'import flask_foo\nx = f"""\n{flask_foo.X}\n"""\n',
    ),
]


@pytest.mark.parametrize(
    ("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in REWRITTEN]
)
def test_decorators_are_rewritten(
    source: str, expected: str, new_names: Targets
) -> None:
    """Legacy names in decorators (and on other lines a node owns) are rewritten."""
    result = rewrite_source(source, new_names).text
    assert result == expected
    ast.parse(result)


@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(
            "import flask\n\n@flask.ext.foo.Thing\ndef f():\n    pass\n",
            3,
            id="not-imported",
        ),
        pytest.param(
            "import flask.ext.foo\n\n@flask.ext\ndef f():\n    pass\n",
            3,
            id="bare-flask-ext",
        ),
    ],
)
def test_decorators_are_checked(source: str, line: int, new_names: Targets) -> None:
    """What is refused elsewhere is refused in a decorator too."""
    with pytest.raises(Unsafe) as info:
        rewrite_source(source, new_names)
    assert info.value.line == line


def test_check_exits_1_before_writing(
    tree: Callable[[dict[str, str]], Path],
    run_cli: Callable[..., subprocess.CompletedProcess[Any]],
) -> None:
    """migrate --check reports a file whose only use is in a decorator, and
    the rewrite then leaves a module that runs (flask stays bound)."""
    source = (
        "import flask.ext.foo\n\n"
        "@flask.cli.with_appcontext\n"
        "@flask.ext.foo.Thing\n"
        "def command():\n"
        "    pass\n"
    )
    root = tree({"app.py": source})
    check = run_cli("migrate", "--check", "--target", "flask_", root)
    assert check.returncode == 1, check.stderr
    assert (root / "app.py").read_text() == source
    run_cli("migrate", "--target", "flask_", root)
    assert (root / "app.py").read_text() == (
        "import flask, flask_foo\n\n"
        "@flask.cli.with_appcontext\n"
        "@flask_foo.Thing\n"
        "def command():\n"
        "    pass\n"
    )


def test_type_comments_follow_the_imports(new_names: Targets) -> None:
    """``# type:`` comments (code to type checkers, comments to ast) name
    the new modules; look-alikes in strings and other comments stay."""
    source = (
        "import flask.ext.foo\n"
        "import flaskext.bar\n"
        "def f(a):\n"
        "    # type: (flask.ext.foo.X) -> flaskext.bar.Y\n"
        "    return a\n"
        "x = []  # type: List[flask . ext . foo.Z]\n"
        "s = '# type: flask.ext.foo.X'  # flask.ext.foo.X stays here\n"
        "y = None  # type: flask.ext.other.W\n"
    )
    assert rewrite_source(source, new_names).text == (
        "import flask_foo\n"
        "import flask_bar\n"
        "def f(a):\n"
        "    # type: (flask_foo.X) -> flask_bar.Y\n"
        "    return a\n"
        "x = []  # type: List[flask_foo.Z]\n"
        "s = '# type: flask.ext.foo.X'  # flask.ext.foo.X stays here\n"
        "y = None  # type: flask.ext.other.W\n"
    )


def _shifted(source: str, by: int) -> ast.Module:
    """The tree of ``source`` with every node on line 3 moved ``by`` columns
    to the right, as Python 3.9 reports expressions in multi-line f-strings."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) == 3 and not isinstance(node, ast.stmt):
            node.col_offset += by
            node.end_col_offset = (node.end_col_offset or 0) + by
    return tree


def test_wrong_columns_in_f_strings_are_found_on_their_line(
    new_names: Targets,
) -> None:
    """Uses whose reported columns miss the text (Python 3.9, multi-line
    f-strings) are found on their line when that is unambiguous."""
    from flask_ext_redirect._migrate import _py3

    source = (
        'import flask.ext.foo\nx = f"""\n {flask.ext.foo.X} {flask.ext.foo.Y}\n"""\n'
    )
    result = _py3.rewrite(source, _shifted(source, 3), new_names)
    assert result.text == source.replace("flask.ext.foo", "flask_foo")


def test_wrong_columns_with_a_look_alike_on_the_line_are_refused(
    new_names: Targets,
) -> None:
    """When the line also holds the name as text, which spelling is the use
    can't be told: the file is refused."""
    from flask_ext_redirect._migrate import _py3

    source = 'import flask.ext.foo\nx = f"""\n flask.ext.foo {flask.ext.foo.X}\n"""\n'
    with pytest.raises(Unsafe) as info:
        _py3.rewrite(source, _shifted(source, 2), new_names)
    assert info.value.line == 3
