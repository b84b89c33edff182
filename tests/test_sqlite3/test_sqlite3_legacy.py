"""The old import names: flaskext.sqlite3 and flask.ext.sqlite3."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator

import pytest

import flask_ext_redirect
import flask_sqlite3
from flask_ext_redirect import FlaskExtDeprecationWarning


def forget(name: str) -> None:
    """Drop a module so the next import runs it again."""
    sys.modules.pop(name, None)
    parent, _, child = name.rpartition(".")
    if parent in sys.modules and hasattr(sys.modules[parent], child):
        delattr(sys.modules[parent], child)


@pytest.fixture
def finder() -> Iterator[None]:
    """The flask.ext finder installed for the test, as the .pth does."""
    was_installed = flask_ext_redirect.is_installed()
    flask_ext_redirect.install()
    forget("flask.ext.sqlite3")
    yield
    forget("flask.ext.sqlite3")
    if not was_installed:
        flask_ext_redirect.uninstall()


def test_flaskext_sqlite3_gives_the_same_classes_and_warns() -> None:
    """Old code importing flaskext.sqlite3 gets flask_sqlite3's very classes,
    and a warning pointing at its own import line.
    """
    forget("flaskext.sqlite3")
    with pytest.warns(FlaskExtDeprecationWarning) as record:
        line = sys._getframe().f_lineno + 1
        from flaskext.sqlite3 import SQLite3
    assert SQLite3 is flask_sqlite3.SQLite3
    assert sys.modules["flaskext.sqlite3"].SchemaError is flask_sqlite3.SchemaError
    [warning] = record
    assert str(warning.message) == (
        'use "import flask_sqlite3" instead of "import flaskext.sqlite3"'
    )
    assert warning.filename == __file__
    assert warning.lineno == line


def test_flaskext_sqlite3_warns_once_with_the_redirect_installed(finder: None) -> None:
    """With the redirect on, flaskext.sqlite3 is still this real module (the
    redirect only aliases names the namespace lacks), warning once.
    """
    forget("flaskext.sqlite3")
    with pytest.warns(FlaskExtDeprecationWarning) as record:
        import flaskext.sqlite3
    assert len(record) == 1
    assert record[0].filename == __file__
    assert flaskext.sqlite3.__name__ == "flaskext.sqlite3"
    assert flaskext.sqlite3.SQLite3 is flask_sqlite3.SQLite3


def test_flaskext_is_a_pkgutil_namespace() -> None:
    """flaskext extends its __path__ over every flaskext folder on sys.path."""
    import flaskext

    spec = importlib.util.find_spec("flaskext")
    assert spec is not None and spec.origin is not None
    with open(spec.origin, encoding="utf-8") as f:
        source = f.read()
    assert "extend_path(__path__, __name__)" in source
    assert isinstance(flaskext.__path__, list)


def test_flask_ext_sqlite3_is_flask_sqlite3(finder: None) -> None:
    """The redirect resolves flask.ext.sqlite3 to flask_sqlite3, not to the
    flaskext compatibility module.
    """
    with pytest.warns(FlaskExtDeprecationWarning, match='"import flask_sqlite3"'):
        from flask.ext.sqlite3 import SQLite3  # type: ignore[import-not-found]
    assert sys.modules["flask.ext.sqlite3"] is flask_sqlite3
    assert SQLite3 is flask_sqlite3.SQLite3
