"""With a real Flask older than 1.0 installed (the nox ``step_aside``
sessions install Flask 0.12), Flask's own ``flask.ext`` answers and the
redirect changes nothing.  Elsewhere these tests skip; test_legacy_flask.py
proves the same rule against a stand-in old Flask on every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import EXTS

import _flask_ext_redirect_startup as finder
import flask_ext_redirect


def _flask_version() -> tuple[int, ...]:
    parts = []
    for part in version("flask").split(".")[:2]:
        parts.append(int("".join(c for c in part if c.isdigit()) or 0))
    return tuple(parts)


pytestmark = [
    pytest.mark.skipif(
        _flask_version() >= (1, 0), reason="needs Flask < 1.0 installed"
    ),
    # Flask 0.12's own hook is PEP 302 only: from Python 3.10 on, every import
    # that reaches it warns "ExtensionImporter.find_spec() not found".  That is
    # Flask's own behaviour, the one this package leaves alone.
    pytest.mark.filterwarnings("ignore::ImportWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

LEGACY_IMPORT = """\
import sys
names = [getattr(f, "__name__", "") for f in sys.meta_path]
print("redirect on:", "_flask_ext_redirect_startup" in names, file=sys.stderr)
try:
    import flask.ext.newext_simple as ext
except ImportError as e:
    print("ImportError", e)
else:
    print(ext.__name__, ext.__spec__.name)
"""


@pytest.fixture
def old_flask(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Flask's own flask.ext imported, with the finder installed first."""
    saved = dict(sys.modules)
    was_installed = flask_ext_redirect.is_installed()
    monkeypatch.syspath_prepend(str(EXTS))
    flask_ext_redirect.install()
    saved_meta_path = list(sys.meta_path)
    import flask.ext  # noqa: F401

    yield
    sys.meta_path[:] = saved_meta_path
    for name in [name for name in sys.modules if name not in saved]:
        del sys.modules[name]
    if not was_installed:
        flask_ext_redirect.uninstall()


@pytest.mark.usefixtures("old_flask")
def test_flask_ext_is_flasks_own_module() -> None:
    """import flask.ext gives the module in Flask's own package."""
    import flask
    import flask.ext

    ext = sys.modules["flask.ext"]
    assert flask.ext is ext
    assert ext.__file__ is not None and flask.__file__ is not None
    assert Path(ext.__file__).parent.parent == Path(flask.__file__).parent
    assert ext.__loader__ is not sys.modules.get("flask_ext_redirect._redirect")
    assert ext.__spec__ is not None and ext.__spec__.loader is not finder


@pytest.mark.usefixtures("old_flask")
@pytest.mark.parametrize(
    "name",
    [
        "flask.ext",
        "flask.ext.newext_simple",
        "flask.ext.oldext_simple",
        "flask.ext.missing",
    ],
)
def test_finder_returns_none_for_flask_ext_names(name: str) -> None:
    """The finder answers None for every flask.ext name."""
    assert finder.find_spec(name) is None


@pytest.mark.usefixtures("old_flask")
def test_flaskext_namespace_is_left_alone() -> None:
    """flaskext.<name> is not redirected to flask_<name>; the real namespace
    still imports.
    """
    assert finder.find_spec("flaskext.newext_simple") is None
    with pytest.raises(ModuleNotFoundError):
        import flaskext.newext_simple  # noqa: F401
    import flaskext.oldext_simple

    assert flaskext.oldext_simple.__name__ == "flaskext.oldext_simple"


def test_legacy_import_is_the_same_with_and_without_the_redirect() -> None:
    """A fresh interpreter imports flask.ext.<name> exactly as Flask 0.12
    alone does (it works through Flask's hook before Python 3.12, and fails
    there on 3.12+, where PEP 302 hooks are ignored), redirect on or off.
    """
    env = {"PYTHONPATH": str(EXTS), "PYTHONWARNINGS": "ignore"}
    results = [
        subprocess.run(
            [sys.executable, "-c", LEGACY_IMPORT],
            capture_output=True,
            text=True,
            env=clean_env(**env, FLASK_EXT_REDIRECT=switch),
            cwd=os.path.dirname(str(EXTS)),
        )
        for switch in ("1", "0")
    ]
    assert results[0].returncode == results[1].returncode == 0, results[0].stderr
    assert results[0].stdout == results[1].stdout
    assert results[0].stdout.strip()
    assert "redirect on: True" in results[0].stderr
    assert "redirect on: False" in results[1].stderr
