"""Failed imports: the right error, and nothing left behind."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import traceback
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


def test_find_spec_of_missing_extension_is_lazy() -> None:
    """find_spec() answers a spec without searching; the import then fails.

    The documented trade-off: one path search per import instead of two.
    """
    spec = importlib.util.find_spec("flask.ext.nonexistent")
    assert spec is not None
    with pytest.raises(ModuleNotFoundError):
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
    assert set(sys.modules) - before - parents == set()


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
