"""Failed imports: the right error, and nothing left behind."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import traceback
import warnings
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("redirect")


def _leftovers(name: str) -> list[str]:
    return [k for k in sys.modules if k == name or k.startswith(name + ".")]


def test_missing_extension_names_both_places() -> None:
    """ModuleNotFoundError with the alias name, both candidates and a hint."""
    with pytest.raises(ModuleNotFoundError) as info:
        import flask.ext.nonexistent  # noqa: F401
    error = info.value
    assert error.name == "flask.ext.nonexistent"
    assert "'flask_nonexistent'" in str(error)
    assert "'flaskext.nonexistent'" in str(error)
    assert "pip install Flask-Nonexistent" in str(error)
    assert _leftovers("flask.ext.nonexistent") == []


def test_import_module_of_missing_extension_names_both_places() -> None:
    """import_module() gets the same message as the import statement, while
    find_spec() of the same name is None.
    """
    assert importlib.util.find_spec("flask.ext.nonexistent") is None
    with pytest.raises(ModuleNotFoundError, match="'flaskext.nonexistent'"):
        importlib.import_module("flask.ext.nonexistent")


def test_missing_submodule_is_an_ordinary_error() -> None:
    """flask.ext.foo.missing fails like flask_foo.missing would."""
    with pytest.raises(ModuleNotFoundError) as info:
        import flask.ext.newext_package.missing  # noqa: F401
    assert info.value.name == "flask.ext.newext_package.missing"
    assert _leftovers("flask.ext.newext_package.missing") == []


def test_extension_missing_its_dependency_raises_that_error() -> None:
    """The extension's own ImportError, not "not found", and no fallback."""
    with pytest.raises(ModuleNotFoundError) as info:
        import flask.ext.broken_import  # noqa: F401
    assert info.value.name == "missing_dependency_of_broken_import"
    frames = traceback.extract_tb(info.value.__traceback__)
    assert frames[-1].filename.endswith(str(Path("flask_broken_import", "__init__.py")))
    assert "flaskext.broken_import" not in sys.modules
    assert _leftovers("flask.ext.broken_import") == []


@pytest.mark.parametrize(
    ("name", "error"),
    [("broken_error", RuntimeError), ("broken_syntax", SyntaxError)],
)
def test_extension_raising_other_errors(name: str, error: type[Exception]) -> None:
    """Whatever the extension raises comes out unchanged."""
    with pytest.raises(error):
        importlib.import_module(f"flask.ext.{name}")
    assert _leftovers(f"flask.ext.{name}") == []
    import flask.ext

    assert not hasattr(flask.ext, name)


def test_failed_import_fails_again_and_leaves_no_attribute() -> None:
    """No stale flask.ext attribute makes a second `from` import succeed."""
    for _ in range(2):
        with pytest.raises(ModuleNotFoundError):
            from flask.ext import broken_import  # noqa: F401
    import flask.ext

    assert "broken_import" not in vars(flask.ext)


def test_retry_after_installing_the_missing_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the dependency exists, the same process imports the extension."""
    with pytest.raises(ModuleNotFoundError):
        import flask.ext.broken_import  # noqa: F401
    (tmp_path / "missing_dependency_of_broken_import.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    import flask.ext.broken_import
    import flask_broken_import

    assert flask.ext.broken_import is flask_broken_import


def test_extension_failing_after_importing_itself_fails_every_time() -> None:
    """Aliases made by the extension's own nested imports are undone."""
    for _ in range(3):
        with pytest.raises(ImportError, match="fails after importing its submodule"):
            import flask.ext.broken_recursive  # noqa: F401
        assert _leftovers("flask.ext.broken_recursive") == []
        assert "flask_broken_recursive" not in sys.modules
        import flask.ext

        assert "broken_recursive" not in vars(flask.ext)


def test_broken_flaskext_package_raises_its_own_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An ImportError inside flaskext/__init__.py is not "not found"."""
    from conftest import FIXTURES

    for name in [
        k for k in sys.modules if k == "flaskext" or k.startswith("flaskext.")
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(FIXTURES / "brokenflaskext"))
    with pytest.raises(ModuleNotFoundError) as info:
        import flask.ext.only_in_flaskext  # noqa: F401
    assert info.value.name == "missing_dependency_of_flaskext"


@pytest.mark.parametrize(
    "name",
    [
        "flask.ext..x",
        "flask.ext.__init__",
        "flask.ext.__main__",
        "flask.ext.newext_package.__init__",
        "flask.ext.1abc",
        "flask.ext.with-dash",
        "flask.ext.ünïcode",
        "flask.ext." + "x" * 5000,
    ],
)
def test_odd_names_give_the_ordinary_error(name: str) -> None:
    """No odd name imports anything but flask_<name> / flaskext.<name>."""
    parents = {
        "flask.ext",
        "flaskext",
        "flask_newext_package",
        "flask.ext.newext_package",
    }
    before = set(sys.modules)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(name)
    new = set(sys.modules) - before - parents
    # The redirect's own modules for failed imports may load; nothing else.
    assert {m for m in new if not m.startswith("flask_ext_redirect.")} == set()


def test_threads_import_once_and_share_the_module() -> None:
    """32 threads importing one name at once run the extension once."""
    barrier = threading.Barrier(32)
    results: list[object] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(importlib.import_module("flask.ext.newext_package.sub"))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    import flask_newext_package.sub

    assert all(module is flask_newext_package.sub for module in results)
    assert sys.flask_newext_package_runs == 1
    assert sys.flask_newext_package_sub_runs == 1


@pytest.mark.parametrize(
    "child", ["not-a-name", "__init__", "__missing__", "1abc", "__main__x"]
)
def test_odd_children_of_an_alias_give_the_plain_error(child: str) -> None:
    """flask.ext.pkg.<odd> is "No module named", and the file never runs."""
    import flask.ext.newext_package  # noqa: F401

    name = f"flask.ext.newext_package.{child}"
    with pytest.raises(ModuleNotFoundError) as info:
        importlib.import_module(name)
    assert str(info.value) == f"No module named {name!r}"
    assert info.value.name == name
    assert _leftovers(name) == []


LEGACY_WITH_FALLBACK = """\
try:
    from flask.ext.newext_simple import Simple
except ImportError as e:
    from flask_newext_simple import Simple
    caught.append(e)
"""


def test_escalated_warning_lets_the_fallback_run() -> None:
    """Under an "error" filter, try/except ImportError falls back to the
    real name; the error carries the warning's text and is chained to it.
    """
    import flask_ext_redirect

    caught: list[ImportError] = []
    namespace = {"caught": caught}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(LEGACY_WITH_FALLBACK, namespace)
    (error,) = caught
    assert namespace["Simple"].__module__ == "flask_newext_simple"
    assert isinstance(error, flask_ext_redirect.FlaskExtDeprecationError)
    assert isinstance(error, flask_ext_redirect.FlaskExtDeprecationWarning)
    assert '"import flask_newext_simple" instead of' in str(error)
    assert error.name == "flask.ext.newext_simple"
    assert isinstance(error.__cause__, flask_ext_redirect.FlaskExtDeprecationWarning)
    assert str(error.__cause__) == str(error)
    # Nothing half-imported: no alias, no attribute; the real module stays.
    assert _leftovers("flask.ext.newext_simple") == []
    import flask.ext

    assert "newext_simple" not in vars(flask.ext)
    assert "flask_newext_simple" in sys.modules


@pytest.mark.parametrize(
    "statement",
    [
        "import flask.ext.newext_package.sub",
        "from flask.ext import newext_package",
        "import flaskext.newext_simple",
    ],
)
def test_unguarded_legacy_import_fails_loudly_under_error(statement: str) -> None:
    """With no fallback, the escalated warning stops the import, leaving no
    alias behind, and the next attempt fails again.
    """
    import flask_ext_redirect

    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(flask_ext_redirect.FlaskExtDeprecationError):
                exec(statement, {})
        assert _leftovers("flask.ext.newext_package") == []
        assert _leftovers("flaskext.newext_simple") == []


def test_escalated_error_is_public_and_pickles() -> None:
    """FlaskExtDeprecationError is named and pickled as flask_ext_redirect's."""
    import pickle

    import flask_ext_redirect

    error_class = flask_ext_redirect.FlaskExtDeprecationError
    assert f"{error_class.__module__}.{error_class.__qualname__}" == (
        "flask_ext_redirect.FlaskExtDeprecationError"
    )
    error = pickle.loads(pickle.dumps(error_class("text", name="flask.ext.x")))
    assert type(error) is error_class
    assert (str(error), error.name) == ("text", "flask.ext.x")
