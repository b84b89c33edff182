# ruff: noqa: E501
# (byte-exact tables read best one case per line)
"""Every legacy import form, rewritten byte for byte (Python 3 and 2)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate import Unsafe

PY3 = [
    (
        "from-names",
        "from flask.ext.foo import a, b as c\n",
        "from flask_foo import a, b as c\n",
    ),
    ("from-star", "from flask.ext.foo import *\n", "from flask_foo import *\n"),
    (
        "from-parens-comments",
        "from flask.ext.foo import (  # why\n    a,  # first\n    b as c,\n)  # end\n",
        "from flask_foo import (  # why\n    a,  # first\n    b as c,\n)  # end\n",
    ),
    (
        "from-backslash",
        "from flask.ext.foo import a, \\\n    b\n",
        "from flask_foo import a, \\\n    b\n",
    ),
    (
        "from-odd-spacing",
        "from  flask.ext.foo  import   a\n",
        "from  flask_foo  import   a\n",
    ),
    (
        "from-spaced-dots",
        "from flask . ext . foo import a\n",
        "from flask_foo import a\n",
    ),
    (
        "from-submodule",
        "from flask.ext.foo.sub.deep import x\n",
        "from flask_foo.sub.deep import x\n",
    ),
    (
        "from-package",
        "from flask.ext import foo\nfoo.Foo()\n",
        "import flask_foo as foo\nfoo.Foo()\n",
    ),
    (
        "from-package-many",
        "from flask.ext import foo as f, bar\n",
        "import flask_foo as f, flask_bar as bar\n",
    ),
    (
        "from-package-parens",
        "from flask.ext import (foo,\n                       bar)\n",
        "import flask_foo as foo\nimport flask_bar as bar\n",
    ),
    (
        "from-package-comments",
        "if True:\n"
        "    from flask.ext import (  # extensions\n"
        "        foo,  # the foo one\n"
        "        # bar is optional\n"
        "        bar as b,\n"
        "    )  # done\n",
        "if True:\n"
        "    # extensions\n"
        "    import flask_foo as foo  # the foo one\n"
        "    # bar is optional\n"
        "    import flask_bar as b  # done\n",
    ),
    (
        "from-package-semicolon",
        "import os; from flask.ext import foo\n",
        "import os; import flask_foo as foo\n",
    ),
    (
        "import-dotted-uses",
        "import flask.ext.foo\n"
        "\n"
        "db = flask.ext.foo.Foo(app, opt=flask.ext.foo.DEFAULT)\n"
        "\n"
        "@flask.ext.foo.decorate\n"
        "def view(x: flask.ext.foo.Model) -> flask.ext.foo.Result:\n"
        "    return flask.ext.foo.helpers.run(x)\n",
        "import flask_foo\n"
        "\n"
        "db = flask_foo.Foo(app, opt=flask_foo.DEFAULT)\n"
        "\n"
        "@flask_foo.decorate\n"
        "def view(x: flask_foo.Model) -> flask_foo.Result:\n"
        "    return flask_foo.helpers.run(x)\n",
    ),
    ("import-as", "import flask.ext.foo as f\n", "import flask_foo as f\n"),
    (
        "import-many",
        "import os, flask.ext.foo, sys\nflask.ext.foo.x\n",
        "import os, flask_foo, sys\nflask_foo.x\n",
    ),
    (
        "import-submodule",
        "import flask.ext.foo.sub\nflask.ext.foo.sub.run()\nflask.ext.foo.top()\n",
        "import flask_foo.sub\nflask_foo.sub.run()\nflask_foo.top()\n",
    ),
    (
        "import-keeps-flask-bound",
        "import flask.ext.foo\napp = flask.Flask(__name__)\nflask.ext.foo.Foo(app)\n",
        "import flask, flask_foo\napp = flask.Flask(__name__)\nflask_foo.Foo(app)\n",
    ),
    (
        "import-flask-already-bound",
        "import flask\nimport flask.ext.foo\nflask.ext.foo.Foo(flask.Flask(__name__))\n",
        "import flask\nimport flask_foo\nflask_foo.Foo(flask.Flask(__name__))\n",
    ),
    (
        "flaskext-from",
        "from flaskext.foo import x\n",
        "from flask_foo import x\n",
    ),
    (
        "flaskext-import",
        "import flaskext.foo\nflaskext.foo.X()\n",
        "import flask_foo\nflask_foo.X()\n",
    ),
    (
        "flaskext-package",
        "from flaskext import foo\n",
        "import flask_foo as foo\n",
    ),
    (
        "import-module-string",
        "import importlib\nm = importlib.import_module('flask.ext.foo.sub')\n",
        "import importlib\nm = importlib.import_module('flask_foo.sub')\n",
    ),
    (
        "dunder-import-statement",
        '__import__("flask.ext.foo")\n',
        '__import__("flask_foo")\n',
    ),
    (
        "dunder-import-fromlist",
        'm = __import__("flask.ext.foo", fromlist=["x"])\n',
        'm = __import__("flask_foo", fromlist=["x"])\n',
    ),
    (
        "nested",
        "def f():\n"
        "    from flask.ext.foo import a\n"
        "class C:\n"
        "    import flask.ext.bar as bar\n"
        "try:\n"
        "    from flask.ext.baz import b\n"
        "except ImportError:\n"
        "    b = None\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from flask.ext.qux import Q\n",
        "def f():\n"
        "    from flask_foo import a\n"
        "class C:\n"
        "    import flask_bar as bar\n"
        "try:\n"
        "    from flask_baz import b\n"
        "except ImportError:\n"
        "    b = None\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from flask_qux import Q\n",
    ),
    (
        "one-line-compound",
        "try: from flask.ext.foo import a\nexcept ImportError: a = None\n",
        "try: from flask_foo import a\nexcept ImportError: a = None\n",
    ),
    (
        "modern-syntax",
        "from flask.ext.foo import Foo\n"
        "async def view(request):\n"
        "    if (n := len(request)) > 3:\n"
        '        return f"{n!r:>{width}} {Foo}"\n'
        "    match request:\n"
        "        case {'a': x}:\n"
        "            return x\n"
        "lambda: (yield)\n",
        "from flask_foo import Foo\n"
        "async def view(request):\n"
        "    if (n := len(request)) > 3:\n"
        '        return f"{n!r:>{width}} {Foo}"\n'
        "    match request:\n"
        "        case {'a': x}:\n"
        "            return x\n"
        "lambda: (yield)\n",
    ),
    (
        "crlf-no-final-newline",
        "import os\r\nfrom flask.ext.foo import a\r\nprint(a)",
        "import os\r\nfrom flask_foo import a\r\nprint(a)",
    ),
    (
        "f-string-uses",
        'import flask.ext.foo\nx = f"{flask.ext.foo.X}"\ny = f"{ flask.ext.foo.Y !r:>{w}}"\n',
        'import flask_foo\nx = f"{flask_foo.X}"\ny = f"{ flask_foo.Y !r:>{w}}"\n',
    ),
    (
        "cr-only-newlines",
        "import os\rfrom flask.ext import foo\rimport flask.ext.bar\rflask.ext.bar.x\r",
        "import os\rimport flask_foo as foo\rimport flask_bar\rflask_bar.x\r",
    ),
    (
        "crlf-split-lines",
        "from flask.ext import (foo,\r\n    bar)\r\n",
        "import flask_foo as foo\r\nimport flask_bar as bar\r\n",
    ),
    (
        "non-ascii",
        "# é\nx = 'é'; from flask.ext.foo import a  # café\ns = 'ü'; import flask.ext.bar; flask.ext.bar.b\n",
        "# é\nx = 'é'; from flask_foo import a  # café\ns = 'ü'; import flask_bar; flask_bar.b\n",
    ),
    (
        "untouched-lookalikes",
        "from .flask.ext import x\nself.flask.ext.foo = 1\ns = 'flask.ext.foo'\n# flask.ext.foo\n",
        "from .flask.ext import x\nself.flask.ext.foo = 1\ns = 'flask.ext.foo'\n# flask.ext.foo\n",
    ),
]

PY2 = [
    (
        "py2-print",
        "print 'starting'\nfrom flask.ext.foo import a, b as c\nprint >>sys.stderr, a\n",
        "print 'starting'\nfrom flask_foo import a, b as c\nprint >>sys.stderr, a\n",
    ),
    (
        "py2-except-comma",
        "try:\n    from flask.ext.foo import a\nexcept ImportError, e:\n    a = None\n",
        "try:\n    from flask_foo import a\nexcept ImportError, e:\n    a = None\n",
    ),
    (
        "py2-backticks",
        "import flask.ext.foo\nx = `flask.ext.foo.y`\n",
        "import flask_foo\nx = `flask_foo.y`\n",
    ),
    (
        "py2-ur-prefix",
        "from flask.ext import foo\nS = ur'\\d+'\nprint S\n",
        "import flask_foo as foo\nS = ur'\\d+'\nprint S\n",
    ),
    (
        "py2-parens-comments",
        "print 'x'\nfrom flask.ext.foo import (  # why\n    a,  # first\n    b,\n)\n",
        "print 'x'\nfrom flask_foo import (  # why\n    a,  # first\n    b,\n)\n",
    ),
    (
        "py2-from-package-comments",
        "print 'x'\ndef f():\n    from flask.ext import (\n        foo,  # one\n        bar,\n    )\n",
        "print 'x'\ndef f():\n    import flask_foo as foo  # one\n    import flask_bar as bar\n",
    ),
    (
        "py2-import-many-uses",
        "import os, flask.ext.foo\nprint flask.ext.foo.x\n@flask.ext.foo.deco\ndef v(): pass\n",
        "import os, flask_foo\nprint flask_foo.x\n@flask_foo.deco\ndef v(): pass\n",
    ),
    (
        "py2-import-keeps-flask-bound",
        "import flask.ext.foo\nprint flask.Flask\n",
        "import flask, flask_foo\nprint flask.Flask\n",
    ),
    (
        "py2-flaskext",
        "print 1\nfrom flaskext.foo import x\nimport flaskext.bar\nflaskext.bar.y\n",
        "print 1\nfrom flask_foo import x\nimport flask_bar\nflask_bar.y\n",
    ),
    (
        "py2-string-imports",
        "print 1\nimport importlib\nm = importlib.import_module('flask.ext.foo')\n"
        "__import__('flask.ext.bar')\n",
        "print 1\nimport importlib\nm = importlib.import_module('flask_foo')\n"
        "__import__('flask_bar')\n",
    ),
    (
        "py2-octal-long-exec",
        "x = 0777 + 10L\nexec 'y = 1'\nfrom flask.ext.foo import a\n",
        "x = 0777 + 10L\nexec 'y = 1'\nfrom flask_foo import a\n",
    ),
    (
        "py2-crlf",
        "print 'x'\r\nfrom flask.ext.foo import a\r\n",
        "print 'x'\r\nfrom flask_foo import a\r\n",
    ),
]


def _params(cases: list[tuple[str, str, str]]) -> list[object]:
    return [pytest.param(src, out, id=name) for name, src, out in cases]


def _check(source: str, expected: str, targets: Targets, dialect: str) -> None:
    result = rewrite_source(source, targets)
    assert result.text == expected
    assert result.dialect == dialect
    again = rewrite_source(result.text, targets)
    assert again.text == expected, "a second run must change nothing"


@pytest.mark.parametrize(("source", "expected"), _params(PY3))
def test_python3_form(source: str, expected: str, new_names: Targets) -> None:
    """Each Python 3 form is rewritten exactly, and a second run is a no-op."""
    if "match request" in source and sys.version_info < (3, 10):
        pytest.skip("match needs Python 3.10")
    _check(source, expected, new_names, "py3")


@pytest.mark.parametrize(("source", "expected"), _params(PY2))
def test_python2_form(source: str, expected: str, new_names: Targets) -> None:
    """Each Python 2 form is rewritten exactly through tokenize."""
    _check(source, expected, new_names, "py2")


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 695 needs 3.12")
def test_pep695_file(new_names: Targets) -> None:
    """Type parameter syntax parses, and imports inside still move."""
    source = "from flask.ext.foo import Model\ntype Rows[T: Model] = list[T]\n"
    assert rewrite_source(source, new_names).text == source.replace(
        "flask.ext.foo", "flask_foo"
    )


UNSAFE = [
    ("star-package", "from flask.ext import *\n", 1),
    ("bare-flask-ext", "import flask.ext\n", 1),
    ("uses-without-import", "import flask\nx = 1\ny = flask.ext.foo.X\n", 3),
    ("bare-attribute", "import flask.ext.foo\nprint(flask.ext)\n", 2),
    (
        "dynamic-import",
        "import importlib\nimportlib.import_module('flask.ext.' + n)\n",
        2,
    ),
    ("dunder-import-value", "m = __import__('flask.ext.foo')\n", 1),
    ("comment-in-chain", "import flask.ext.foo\nx = (flask.ext  # c\n .foo.X)\n", 2),
    (
        "comments-sharing-line",
        "if x: from flask.ext import (foo,  # c\n    bar)\n",
        1,
    ),
    ("syntax-error", "from flask.ext.foo import a\nx = (\n", 2),
    ("py2-untokenizable", 'print \'x\'\nfrom flask.ext.foo import a\ns = """x\n', None),
]


@pytest.mark.parametrize(
    ("source", "line"), [pytest.param(s, n, id=i) for i, s, n in UNSAFE]
)
def test_unsafe_is_refused(source: str, line: int | None, new_names: Targets) -> None:
    """Code that can't be rewritten safely raises Unsafe with its line."""
    with pytest.raises(Unsafe) as info:
        rewrite_source(source, new_names)
    if line is not None:  # where the parser stops differs across versions
        assert info.value.line == line


def test_follows_flaskext_when_only_that_is_installed(
    installed: Callable[..., Targets],
) -> None:
    """flask.ext.foo becomes flaskext.foo when only that resolves."""
    targets = installed(foo="flaskext.foo")
    source = (
        "from flask.ext.foo import a\n"
        "from flask.ext import (foo,  # keep me\n"
        "    )\n"
        "import flask.ext.foo\n"
        "flask.ext.foo.b\n"
    )
    assert rewrite_source(source, targets).text == (
        "from flaskext.foo import a\n"
        "from flaskext import (foo,  # keep me\n"
        "    )\n"
        "import flaskext.foo\n"
        "flaskext.foo.b\n"
    )


def test_mixed_targets_split_the_statement(
    installed: Callable[..., Targets],
) -> None:
    """Names resolving to different places get one statement each."""
    targets = installed(foo="flask_foo", bar="flaskext.bar")
    source = "from flask.ext import foo, bar as b\n"
    assert rewrite_source(source, targets).text == (
        "import flask_foo as foo; from flaskext import bar as b\n"
    )


def test_neither_installed_uses_new_name_and_says_so(
    installed: Callable[..., Targets],
) -> None:
    """With neither candidate installed the new name is used and reported."""
    result = rewrite_source("from flask.ext.foo import a\n", installed())
    assert result.text == "from flask_foo import a\n"
    assert result.missing == {"foo"}


def test_flaskext_kept_without_new_module(
    installed: Callable[..., Targets],
) -> None:
    """flaskext.foo stays when flask_foo isn't importable, with a note."""
    targets = installed(foo="flaskext.foo")
    source = "from flaskext.foo import x\nimport flaskext.foo\nflaskext.foo.y\n"
    result = rewrite_source(source, targets)
    assert result.text == source
    assert [m.line for m in result.kept] == [1, 2]


def test_target_flask_renames_flaskext_anyway(
    installed: Callable[..., Targets],
) -> None:
    """--target flask_ renames flaskext.foo even if flask_foo is missing."""
    installed(foo="flaskext.foo")
    result = rewrite_source("from flaskext.foo import x\n", Targets("flask_"))
    assert result.text == "from flask_foo import x\n"


def test_flaskext_renamed_when_new_module_installed(
    installed: Callable[..., Targets],
) -> None:
    """flaskext.foo becomes flask_foo when flask_foo is what resolves."""
    targets = installed(foo="flask_foo")
    result = rewrite_source("from flaskext.foo import x\n", targets)
    assert result.text == "from flask_foo import x\n"


def test_uses_the_shared_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Targets asks flask_ext_redirect._names.locate, the finder's rule."""
    from flask_ext_redirect import _names
    from flask_ext_redirect._migrate import _targets

    assert vars(_targets)["locate"] is _names.locate
    assert vars(_targets)["candidates"] is _names.candidates
