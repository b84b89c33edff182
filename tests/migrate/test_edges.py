# ruff: noqa: E501
# (byte-exact tables read best one case per line)
"""Edge cases of both engines: what is left alone, what is refused, and the
less common spellings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate import Unsafe

REWRITTEN = [
    (
        "py3-import-module-4-args",
        "m = __import__('flask.ext.foo', g, l, ['x'])\n",
        "m = __import__('flask_foo', g, l, ['x'])\n",
    ),
    (
        "py3-rebind-not-needed-from",
        "from app import flask\nimport flask.ext.foo\nflask.x\n",
        "from app import flask\nimport flask_foo\nflask.x\n",
    ),
    (
        "py3-rebind-not-needed-as",
        "import app as flask\nimport flask.ext.foo\nflask.x\n",
        "import app as flask\nimport flask_foo\nflask.x\n",
    ),
    (
        "py2-raise-comma",
        "raise ValueError, 'x'\nfrom flask.ext.foo import a\n",
        "raise ValueError, 'x'\nfrom flask_foo import a\n",
    ),
    (
        "py2-not-equal",
        "if a <> b: pass\nfrom flask.ext.foo import a\n",
        "if a <> b: pass\nfrom flask_foo import a\n",
    ),
    (
        "py2-semicolons",
        "print 1; import flask.ext.foo; flask.ext.foo.x\n",
        "print 1; import flask_foo; flask_foo.x\n",
    ),
    (
        "py2-rebind-not-needed",
        "print 1\nimport flask\nimport flask.ext.foo\nflask.x\n",
        "print 1\nimport flask\nimport flask_foo\nflask.x\n",
    ),
    (
        "py2-one-line-compound",
        "print 1\nif x: from flask.ext.foo import a\n",
        "print 1\nif x: from flask_foo import a\n",
    ),
]

UNCHANGED = [
    ("py3-relative", "from .flask.ext import x\nimport flaskext\n"),
    (
        "py3-import-module-other",
        "import importlib\nimportlib.import_module('os.path')\nimport_module()\nx.import_module(name)\n",
    ),
    ("py3-import-flaskext-package", "importlib.import_module('flaskext')\n"),
    (
        "py2-relative-and-others",
        "print 1\nfrom .flask.ext import x\nfrom flask import Flask\nimport os\n",
    ),
    (
        "py2-string-import-others",
        "print 1\n__import__(name)\nimport_module\n__import__('flaskext')\n",
    ),
]

UNSAFE = [
    ("py3-null-bytes", "from flask.ext.foo import a\n\x00\n", 0),
    ("py3-syntax-error-no-py2", "from flask.ext.foo import a\nx = = 1\n", 2),
    ("py3-import-module-flask-ext", "importlib.import_module('flask.ext')\n", 1),
    ("py3-concatenated-literal", "importlib.import_module('flask.ext.' 'foo')\n", 1),
    ("py2-bare-flask-ext", "print 1\nimport flask.ext.foo\nx = flask.ext\n", 3),
    ("py2-use-without-import", "print 1\nimport flask\ny = flask.ext.foo.X\n", 3),
    (
        "py2-comment-in-chain",
        "print 1\nimport flask.ext.foo\nx = (flask.ext  # c\n .foo.X)\n",
        3,
    ),
    ("py2-dynamic", "print 1\nimportlib.import_module('flask.ext.' + n)\n", 2),
    ("py2-escaped-literal", "print 1\nimport_module('flask.ext.\\x66oo')\n", 2),
    ("py2-flask-ext-string", "print 1\n__import__('flask.ext')\n", 2),
    ("py2-dunder-import-value", "print 1\nm = __import__('flask.ext.foo')\n", 2),
    ("py2-incomplete-import", "print 1\nfrom flask.ext.foo import\n", 2),
    ("py2-odd-character", "print 1\nfrom flask.ext.foo import $x\n", 2),
    ("py2-not-a-name", "print 1\nimport .flask\n", 2),
    ("py2-comma-first", "print 1\nfrom flask.ext.foo import ,\n", 2),
    ("py2-unbalanced", "print 1\nfrom flask.ext.foo import (a b)\n", 2),
    ("py2-not-import", "print 1\nfrom flask.ext.foo export a\n", 2),
    ("py2-no-import-keyword", "print 1\nfrom flask.ext.foo\n", 2),
]


@pytest.mark.parametrize(
    ("source", "expected"), [pytest.param(s, e, id=i) for i, s, e in REWRITTEN]
)
def test_rewritten(source: str, expected: str, new_names: Targets) -> None:
    """Less common spellings are rewritten exactly."""
    assert rewrite_source(source, new_names).text == expected


@pytest.mark.parametrize("source", [pytest.param(s, id=i) for i, s in UNCHANGED])
def test_left_alone(source: str, new_names: Targets) -> None:
    """Look-alikes and names that are not an extension stay as they are."""
    assert rewrite_source(source, new_names).text == source


@pytest.mark.parametrize(
    ("source", "line"), [pytest.param(s, n, id=i) for i, s, n in UNSAFE]
)
def test_refused(source: str, line: int, new_names: Targets) -> None:
    """Everything that can't be rewritten safely raises Unsafe at its line."""
    with pytest.raises(Unsafe) as info:
        rewrite_source(source, new_names)
    assert info.value.line == line


def test_kept_flaskext_in_every_form(installed: Callable[..., Targets]) -> None:
    """flaskext.foo without flask_foo stays, in imports, aliases, string
    imports and dotted uses, in both engines, with a note each."""
    targets = installed(foo="flaskext.foo")
    py3 = "import flaskext.foo as f, flaskext.foo\nimportlib.import_module('flaskext.foo')\nflaskext.foo.x\n"
    result = rewrite_source(py3, targets)
    assert result.text == py3
    assert len(result.kept) == 3
    py2 = "print 1\n" + py3 + "import_module('flaskext.foo')\n"
    result = rewrite_source(py2, targets)
    assert (result.text, result.dialect) == (py2, "py2")
    assert len(result.kept) == 4


def test_default_targets_follow_what_is_installed(
    installed: Callable[..., Targets],
) -> None:
    """Without explicit targets the finder's rule decides."""
    installed(foo="flaskext.foo")
    assert (
        rewrite_source("from flask.ext.foo import a\n").text
        == "from flaskext.foo import a\n"
    )


def test_broken_flaskext_package_counts_as_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An exception from someone's flaskext/__init__.py while looking means
    that candidate can't be imported: the new name is used, and said."""
    from flask_ext_redirect._migrate import _targets

    def broken(ext: str) -> str | None:
        raise RuntimeError("flaskext/__init__.py failed")

    monkeypatch.setattr(_targets, "locate", broken)
    result = rewrite_source("from flask.ext.foo import a\n", Targets())
    assert result.text == "from flask_foo import a\n"
    assert result.missing == {"foo"}
