# ruff: noqa: E501
# (byte-exact tables read best one case per line)
"""``importlib.import_module`` and ``__import__`` in every spelling (issue 8
items 3 and 4): one rule, the same answer from both engines."""

from __future__ import annotations

import pytest

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate import Unsafe

PY2 = "print 'py2'\n"

REWRITTEN = [
    (
        "keyword-name",
        "m = import_module(name='flask.ext.foo')\n",
        "m = import_module(name='flask_foo')\n",
    ),
    (
        "keyword-name-and-package",
        "m = import_module(name='flask.ext.foo', package='app')\n",
        "m = import_module(name='flask_foo', package='app')\n",
    ),
    (
        "relative-positional",
        'm = importlib.import_module(".foo", "flask.ext")\n',
        'm = importlib.import_module("flask_foo")\n',
    ),
    (
        "relative-keyword",
        'm = importlib.import_module(".foo", package="flask.ext")\n',
        'm = importlib.import_module("flask_foo")\n',
    ),
    (
        "relative-both-keywords",
        'm = import_module(name=".foo.sub", package="flask.ext")\n',
        'm = import_module(name="flask_foo.sub")\n',
    ),
    (
        "relative-flaskext",
        "m = import_module('.foo', 'flaskext')\n",
        "m = import_module('flask_foo')\n",
    ),
    (
        "relative-parent",
        "m = import_module('..foo', 'flask.ext.bar')\n",
        "m = import_module('flask_foo')\n",
    ),
    (
        "relative-trailing-comma",
        "m = import_module(\n    '.foo',\n    'flask.ext',\n)\n",
        "m = import_module(\n    'flask_foo',\n)\n",
    ),
    (
        "absolute-with-legacy-package",
        "m = import_module('flask.ext.foo', 'flask.ext')\n",
        "m = import_module('flask_foo', 'flask.ext')\n",
    ),
    (
        "dunder-fromlist-keyword",
        "m = __import__('flask.ext.foo', fromlist=['x'])\n",
        "m = __import__('flask_foo', fromlist=['x'])\n",
    ),
    (
        "dunder-fromlist-positional",
        "m = __import__('flask.ext.foo', None, None, ('x',))\n",
        "m = __import__('flask_foo', None, None, ('x',))\n",
    ),
    (
        "dunder-fromlist-level-0",
        "m = __import__('flask.ext.foo', fromlist=['x'], level=0)\n",
        "m = __import__('flask_foo', fromlist=['x'], level=0)\n",
    ),
    (
        "dunder-python-2-default-level",
        "m = __import__('flask.ext.foo', globals(), locals(), ['x'], -1)\n",
        "m = __import__('flask_foo', globals(), locals(), ['x'], -1)\n",
    ),
    (
        "dunder-keyword-name",
        "m = __import__(name='flaskext.foo', fromlist=['x'])\n",
        "m = __import__(name='flask_foo', fromlist=['x'])\n",
    ),
    ("dunder-statement", "__import__('flask.ext.foo')\n", "__import__('flask_foo')\n"),
]


def _both(source: str) -> list[str]:
    return [source, PY2 + source]


@pytest.mark.parametrize(
    ("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in REWRITTEN]
)
@pytest.mark.parametrize("engine", ["py3", "py2"])
def test_string_imports_are_rewritten(
    source: str, expected: str, engine: str, new_names: Targets
) -> None:
    """Both engines rewrite the same string imports to the same text."""
    prefix = PY2 if engine == "py2" else ""
    result = rewrite_source(prefix + source, new_names)
    assert (result.dialect, result.text) == (engine, prefix + expected)


UNCHANGED = [
    ("relative-other-package", "m = import_module('.foo', 'app.ext')\n"),
    ("relative-no-package", "m = import_module('.foo')\n"),
    ("relative-run-time-package", "m = import_module('.foo', pkg)\n"),
    (
        "dunder-relative-level",
        "m = __import__('flask.ext.foo', globals(), None, ['x'], 1)\n",
    ),
    ("no-arguments", "m = import_module()\n"),
    ("other-module", "m = import_module(name='os.path')\n"),
]


@pytest.mark.parametrize("source", [pytest.param(s, id=i) for i, s in UNCHANGED])
@pytest.mark.parametrize("engine", ["py3", "py2"])
def test_string_imports_left_alone(
    source: str, engine: str, new_names: Targets
) -> None:
    """Calls that name no legacy module stay, in both engines."""
    text = (PY2 if engine == "py2" else "") + source
    assert rewrite_source(text, new_names).text == text


REFUSED = [
    ("relative-leaves-the-extension", "m = import_module('..helpers', 'flask.ext')\n"),
    ("relative-names-the-package", "m = import_module('.', 'flask.ext')\n"),
    ("relative-package-not-last", "m = import_module('.foo', 'flask.ext', *rest)\n"),
    (
        "relative-package-with-comment",
        "m = import_module('.foo',  # why\n                 'flask.ext')\n",
    ),
    ("run-time-keyword-name", "m = import_module(name='flask.ext.' + n)\n"),
    ("run-time-name-legacy-package", "m = import_module(n, package='flask.ext')\n"),
    ("dunder-value-without-fromlist", "m = __import__('flask.ext.foo')\n"),
    ("dunder-empty-fromlist", "m = __import__('flask.ext.foo', fromlist=[])\n"),
    ("dunder-run-time-fromlist", "m = __import__('flask.ext.foo', fromlist=names)\n"),
    (
        "dunder-run-time-level",
        "m = __import__('flask.ext.foo', fromlist=['x'], level=n)\n",
    ),
]


@pytest.mark.parametrize("source", [pytest.param(s, id=i) for i, s in REFUSED])
@pytest.mark.parametrize("engine", ["py3", "py2"])
def test_string_imports_refused(source: str, engine: str, new_names: Targets) -> None:
    """What can't be rewritten exactly is refused by both engines, at its line."""
    prefix = PY2 if engine == "py2" else ""
    with pytest.raises(Unsafe) as info:
        rewrite_source(prefix + source, new_names)
    assert info.value.line == (2 if engine == "py2" else 1)
