"""One FlaskExtDeprecationWarning per legacy import statement, on its line."""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import EXTS
from conftest import FIXTURES
from conftest import ROOT

from flask_ext_redirect import FlaskExtDeprecationWarning

pytestmark = pytest.mark.usefixtures("redirect")

THIS_FILE = __file__


def _recorded() -> warnings.catch_warnings[list[warnings.WarningMessage]]:
    return warnings.catch_warnings(record=True)


def _legacy(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if issubclass(w.category, FlaskExtDeprecationWarning)]


def test_warning_is_a_deprecation_warning() -> None:
    assert issubclass(FlaskExtDeprecationWarning, DeprecationWarning)


@pytest.mark.parametrize(
    ("statement", "text"),
    [
        (
            "import flask.ext.newext_simple",
            '"import flask_newext_simple" instead of "import flask.ext.newext_simple"',
        ),
        ("from flask.ext.newext_simple import Simple", '"import flask_newext_simple"'),
        ("from flask.ext import newext_simple", '"import flask_newext_simple"'),
        (
            "import flask.ext.newext_package.deeper.deepest",
            '"import flask_newext_package"',
        ),
        (
            "from flask.ext.newext_package.sub import VALUE",
            '"import flask_newext_package"',
        ),
        (
            "import flask.ext.oldext_package.sub",
            '"import flaskext.oldext_package" instead of '
            '"import flask.ext.oldext_package"',
        ),
        (
            "import flaskext.newext_simple",
            '"import flask_newext_simple" instead of "import flaskext.newext_simple"',
        ),
    ],
)
def test_one_warning_per_statement_on_the_users_line(statement: str, text: str) -> None:
    """Exactly one warning, naming the replacement, at this file and line."""
    code = compile(f"\n\n{statement}\n", THIS_FILE, "exec")
    with _recorded() as caught:
        warnings.simplefilter("always")
        exec(code, {"__name__": "user_module"})
    (warning,) = _legacy(caught)
    assert text in str(warning.message)
    assert warning.filename == THIS_FILE
    assert warning.lineno == 3


def test_import_module_is_attributed_to_its_caller() -> None:
    """importlib.import_module() frames are skipped too."""
    with _recorded() as caught:
        warnings.simplefilter("always")
        line = sys._getframe().f_lineno + 1
        importlib.import_module("flask.ext.newext_simple")
    (warning,) = _legacy(caught)
    assert (warning.filename, warning.lineno) == (THIS_FILE, line)


def test_same_line_for_other_extensions_warns_each_time() -> None:
    """A loader looping over import_module() warns for every extension."""
    names = ["flask.ext.newext_simple", "flask.ext.oldext_simple", "flaskext.both"]
    with _recorded() as caught:
        warnings.simplefilter("always")
        for name in names:
            importlib.import_module(name)
    messages = [str(w.message) for w in _legacy(caught)]
    assert len(messages) == 2  # flaskext.both is a real module: no warning
    assert '"import flask.ext.newext_simple"' in messages[0]
    assert '"import flask.ext.oldext_simple"' in messages[1]


def test_loop_importing_a_module_then_its_submodule_warns_twice() -> None:
    """Two calls from one line load two legacy modules: two warnings."""
    names = ["flask.ext.newext_package", "flask.ext.newext_package.sub"]
    with _recorded() as caught:
        warnings.simplefilter("always")
        for name in names:
            importlib.import_module(name)
    messages = [str(w.message) for w in _legacy(caught)]
    assert len(messages) == 2
    assert '"import flask.ext.newext_package"' in messages[0]
    assert '"import flask.ext.newext_package.sub"' in messages[1]


def test_helper_called_twice_warns_twice() -> None:
    """A helper that imports what it is given warns for each legacy module."""

    def load(name: str) -> None:
        importlib.import_module(name)

    with _recorded() as caught:
        warnings.simplefilter("always")
        load("flask.ext.newext_package")
        load("flask.ext.newext_package.deeper.deepest")
    assert len(_legacy(caught)) == 2


def test_forced_reimport_of_a_submodule_warns_each_time() -> None:
    """Re-importing a dotted name after removing its last level warns again."""
    with _recorded() as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            importlib.import_module("flask.ext.newext_package.sub")
            del sys.modules["flask.ext.newext_package.sub"]
    assert len(_legacy(caught)) == 2


def test_find_spec_of_a_submodule_warns_at_the_caller() -> None:
    """find_spec("flask.ext.foo.sub") imports flask.ext.foo: the warning
    names this line, not importlib.util.
    """
    with _recorded() as caught:
        warnings.simplefilter("always")
        line = sys._getframe().f_lineno + 1
        spec = importlib.util.find_spec("flask.ext.newext_package.sub")
    assert spec is not None
    (warning,) = _legacy(caught)
    assert (warning.filename, warning.lineno) == (THIS_FILE, line)


def test_forced_reimport_warns_again() -> None:
    """Each import that loads the alias anew is announced, even when the
    same line of the same code runs it again.
    """

    def load() -> None:
        importlib.import_module("flask.ext.newext_simple")

    with _recorded() as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            load()
            del sys.modules["flask.ext.newext_simple"]
    assert len(_legacy(caught)) == 3


def test_repeated_import_warns_once() -> None:
    """A module already imported is not announced again."""
    with _recorded() as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            import flask.ext.newext_simple  # noqa: F401
    assert len(_legacy(caught)) == 1


def test_no_warning_for_extension_importing_itself() -> None:
    """The extension's own flask.ext imports while it loads are not counted."""
    with _recorded() as caught:
        warnings.simplefilter("always")
        import flask.ext.selfimport  # noqa: F401
    (warning,) = _legacy(caught)
    assert warning.filename == THIS_FILE


def test_user_filters_rule() -> None:
    """No filter of our own: "error" turns the warning into an exception."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", FlaskExtDeprecationWarning)
        with pytest.raises(FlaskExtDeprecationWarning):
            import flask.ext.newext_simple  # noqa: F401
    assert not any(
        f[2] is FlaskExtDeprecationWarning and f[0] == "always"
        for f in warnings.filters
    )


def _interpreters() -> list[str]:
    """The oldest and newest supported CPython, where this machine has them."""
    found = []
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for version in ("3.9", "3.13"):
        candidates = sorted(
            Path(root, "versions").glob(f"{version}.*/bin/python{version}")
        )
        if candidates:
            found.append(str(candidates[-1]))
        elif sys.version_info[:2] == tuple(map(int, version.split("."))):
            found.append(sys.executable)
    return found


@pytest.mark.parametrize("python", _interpreters())
def test_default_filters_show_it_for_main_with_its_line(
    python: str, tmp_path: Path
) -> None:
    """Python's own defaults show the warning for __main__, at the user's line
    (3.9 and 3.13), and hide it for an imported module.
    """
    script = tmp_path / "legacy_app.py"
    script.write_text(
        "import flask_ext_redirect\n"
        "flask_ext_redirect.install()\n"
        "import helper_module\n"
        "from flask.ext.newext_simple import Simple\n"
    )
    (tmp_path / "helper_module.py").write_text("import flask.ext.oldext_simple\n")
    path = os.pathsep.join(
        [str(tmp_path), str(ROOT), str(EXTS), str(FIXTURES / "fakeflask" / "modern")]
    )
    result = subprocess.run(
        [python, str(script)],
        capture_output=True,
        text=True,
        env=clean_env(PYTHONPATH=path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert f"{script}:4: FlaskExtDeprecationWarning" in result.stderr
    assert "from flask.ext.newext_simple import Simple" in result.stderr
    assert "oldext_simple" not in result.stderr
