"""The old import names: flaskext.sqlite3 and flask.ext.sqlite3."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

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
    with pytest.warns(DeprecationWarning) as record:
        line = sys._getframe().f_lineno + 1
        from flaskext.sqlite3 import SQLite3
    assert SQLite3 is flask_sqlite3.SQLite3
    assert sys.modules["flaskext.sqlite3"].SchemaError is flask_sqlite3.SchemaError
    [warning] = record
    # Flask-SQLite3 does not depend on the redirect, nor on its warning class.
    assert warning.category is DeprecationWarning
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
    with pytest.warns(DeprecationWarning) as record:
        import flaskext.sqlite3
    assert len(record) == 1
    assert record[0].filename == __file__
    assert flaskext.sqlite3.__name__ == "flaskext.sqlite3"
    assert flaskext.sqlite3.SQLite3 is flask_sqlite3.SQLite3


def test_flaskext_is_a_namespace_portion() -> None:
    """Flask-SQLite3 ships flaskext/sqlite3.py and no flaskext/__init__.py
    (PEP 420), so it never overwrites or removes another distribution's.
    """
    import flaskext.sqlite3

    folder = Path(flaskext.sqlite3.__file__).parent
    assert not (folder / "__init__.py").exists()
    assert str(folder) in list(flaskext.__path__)


def test_flask_ext_sqlite3_is_flask_sqlite3(finder: None) -> None:
    """The redirect resolves flask.ext.sqlite3 to flask_sqlite3, not to the
    flaskext compatibility module.
    """
    with pytest.warns(FlaskExtDeprecationWarning, match='"import flask_sqlite3"'):
        from flask.ext.sqlite3 import SQLite3  # type: ignore[import-not-found]
    assert sys.modules["flask.ext.sqlite3"] is flask_sqlite3
    assert SQLite3 is flask_sqlite3.SQLite3
