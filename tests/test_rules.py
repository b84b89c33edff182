"""The resolution rule and the finder's decisions, called directly."""

from __future__ import annotations

import _thread
import sys
import time

import pytest
from conftest import FIXTURES

from flask_ext_redirect import _redirect
from flask_ext_redirect._extensions import extensions
from flask_ext_redirect._names import candidates
from flask_ext_redirect._names import find_candidate
from flask_ext_redirect._names import locate
from flask_ext_redirect._names import search

pytestmark = pytest.mark.usefixtures("redirect")


def test_candidates_are_new_then_old() -> None:
    assert candidates("sqlite3") == ("flask_sqlite3", "flaskext.sqlite3")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("newext_simple", "flask_newext_simple"),
        ("newext_package", "flask_newext_package"),
        ("oldext_simple", "flaskext.oldext_simple"),
        ("both", "flask_both"),
        ("nowhere", None),
        ("__init__", None),
        ("not-an-identifier", None),
    ],
)
def test_locate_follows_the_finders_rule(name: str, expected: str | None) -> None:
    """locate() names what the import gives, without running extensions."""
    assert locate(name) == expected
    assert not any(m.startswith("flask_newext") for m in sys.modules)


def test_locate_propagates_a_broken_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    """A flaskext package failing on its own import is not "not found"."""
    for name in [k for k in sys.modules if k.startswith("flaskext")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(FIXTURES / "brokenflaskext"))
    with pytest.raises(ModuleNotFoundError) as info:
        locate("only_in_flaskext")
    assert info.value.name == "missing_dependency_of_flaskext"
    with pytest.raises(ModuleNotFoundError):
        extensions()


def test_exists_without_a_parent_package() -> None:
    """A missing parent, or a parent that is no package, means "no"."""
    assert find_candidate("no_such_parent_anywhere.child") is None
    assert find_candidate("flask_newext_simple.child") is None
    assert find_candidate("flask_newext_package.sub") is not None


def test_extensions_without_flaskext(monkeypatch: pytest.MonkeyPatch) -> None:
    """No flaskext namespace at all: only new-style extensions are listed."""
    monkeypatch.setitem(sys.modules, "flaskext", None)
    found = extensions()
    assert found["newext_simple"] == "flask_newext_simple"
    assert "oldext_simple" not in found
    assert "not-an-identifier" not in found


@pytest.mark.parametrize(
    "name",
    ["flask.extras", "flask.extension.x", "flaskextra", "flask.ext.a.b"],
)
def test_names_outside_the_redirect(name: str) -> None:
    """Look-alike names, and children of what is not imported, get None."""
    import flask.ext  # noqa: F401

    assert _redirect.find_legacy_spec(name) is None


def test_flask_ext_names_need_our_flask_ext(monkeypatch: pytest.MonkeyPatch) -> None:
    """If flask.ext is someone else's module, its children are theirs."""
    import types

    monkeypatch.setitem(sys.modules, "flask.ext", types.ModuleType("flask.ext"))
    assert _redirect.find_legacy_spec("flask.ext.newext_simple") is None
    assert _redirect.find_legacy_spec("flaskext.newext_simple") is None


def test_flaskext_odd_child_is_left_to_the_namespace() -> None:
    import flaskext  # noqa: F401

    assert _redirect.find_legacy_spec("flaskext.1abc") is None
    with pytest.raises(ModuleNotFoundError):
        __import__("flaskext.1abc")


def test_finder_is_silent_when_the_package_is_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A half-removed install: flask.ext names fail as any missing module."""
    import _flask_ext_redirect_startup as startup

    monkeypatch.setitem(sys.modules, "flask_ext_redirect._redirect", None)
    assert startup.find_spec("flask.ext.newext_simple") is None


def test_finders_without_find_spec_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """An old PEP 302-only finder on sys.meta_path does not break lookups."""
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, object()])
    assert search("no_such_module_anywhere", None) is None


def test_import_with_no_python_caller_warns_nobody() -> None:
    """An import started from C (no user frame) imports and does not fail."""
    _thread.start_new_thread(__import__, ("flask.ext.newext_simple",))
    deadline = time.monotonic() + 10
    while "flask.ext.newext_simple" not in sys.modules and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "flask.ext.newext_simple" in sys.modules
