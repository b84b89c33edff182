"""flask.ext.<name> is flask_<name>, else flaskext.<name>: the same object."""

from __future__ import annotations

import importlib
import importlib.util
import pickle
import sys
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

import flask_ext_redirect

pytestmark = pytest.mark.usefixtures("redirect")


def test_new_style_module_is_the_same_object() -> None:
    """flask.ext.foo is flask_foo, under both names in sys.modules."""
    import flask.ext.newext_simple
    import flask_newext_simple

    assert flask.ext.newext_simple is flask_newext_simple
    assert sys.modules["flask.ext.newext_simple"] is flask_newext_simple


def test_real_module_keeps_its_own_identity() -> None:
    """__name__, __spec__ and __loader__ stay those of the real module."""
    import flask.ext.newext_simple as ext

    assert ext.__name__ == "flask_newext_simple"
    assert ext.__spec__.name == "flask_newext_simple"
    assert ext.__spec__.origin.endswith("flask_newext_simple.py")
    assert ext.__loader__ is ext.__spec__.loader
    assert ext.Simple.__module__ == "flask_newext_simple"


def test_instances_pickle_by_real_module() -> None:
    """A class reached through the alias pickles as before."""
    from flask.ext.newext_simple import Simple

    data = pickle.dumps(Simple())
    assert b"flask_newext_simple" in data
    assert pickle.loads(data) == Simple()


def test_package_submodules_at_any_depth_run_once() -> None:
    """flask.ext.pkg.sub is flask_pkg.sub, executed once (Flask #1092)."""
    import flask.ext.newext_package.sub
    import flask_newext_package.deeper.deepest
    import flask_newext_package.sub
    from flask.ext.newext_package.deeper.deepest import VALUE

    assert flask.ext.newext_package.sub is flask_newext_package.sub
    assert sys.modules["flask.ext.newext_package.deeper.deepest"] is (
        flask_newext_package.deeper.deepest
    )
    assert VALUE == "deepest"
    assert sys.flask_newext_package_runs == 1
    assert sys.flask_newext_package_sub_runs == 1


def test_old_style_module_and_package() -> None:
    """flask.ext.foo falls back to the flaskext namespace."""
    import flask.ext.oldext_package.sub
    import flask.ext.oldext_simple
    import flaskext.oldext_package.sub
    import flaskext.oldext_simple

    assert flask.ext.oldext_simple is flaskext.oldext_simple
    assert flask.ext.oldext_package.sub is flaskext.oldext_package.sub
    assert flaskext.oldext_package.sub.__spec__.name == "flaskext.oldext_package.sub"


def test_new_style_wins_over_old_style() -> None:
    """Where both exist, flask_foo is chosen."""
    from flask.ext.both import VALUE

    assert VALUE == "new"


def test_flaskext_name_reaches_new_style_extension() -> None:
    """import flaskext.foo gives flask_foo where the namespace lacks foo."""
    import flask_newext_package.sub
    import flask_newext_simple
    import flaskext.newext_package.sub
    import flaskext.newext_simple

    assert flaskext.newext_simple is flask_newext_simple
    assert flaskext.newext_package.sub is flask_newext_package.sub
    assert sys.flask_newext_package_sub_runs == 1


def test_flaskext_real_module_is_left_alone() -> None:
    """A real flaskext.foo is imported normally, even if flask_foo exists."""
    import flaskext.both

    assert flaskext.both.__name__ == "flaskext.both"
    assert flaskext.both.VALUE == "old"


def test_flaskext_missing_name_has_no_loop() -> None:
    """flaskext.x with no flask_x fails plainly; nothing leads back to flask.ext."""
    with pytest.raises(ModuleNotFoundError) as info:
        import flaskext.nowhere_to_be_found  # noqa: F401
    assert info.value.name == "flaskext.nowhere_to_be_found"
    assert "flask.ext.nowhere_to_be_found" not in sys.modules


def test_ext_package_imports_every_way() -> None:
    """import flask.ext, from flask.ext import x, import_module all work."""
    import flask.ext
    import flask_newext_simple
    from flask.ext import newext_simple

    assert flask.ext.__path__ == []
    assert newext_simple is flask_newext_simple
    assert importlib.import_module("flask.ext.oldext_simple").VALUE == "oldext_simple"
    assert flask.ext.newext_simple is flask_newext_simple


def test_find_spec_answers_for_extensions() -> None:
    """importlib.util.find_spec finds flask.ext names without running them,
    and the spec tells where the real module lives.
    """
    spec = importlib.util.find_spec("flask.ext.newext_package")
    assert spec is not None
    assert spec.name == "flask.ext.newext_package"
    assert "flask_newext_package" not in sys.modules
    real = importlib.util.find_spec("flask_newext_package")
    assert real is not None
    assert spec.origin == real.origin
    assert spec.submodule_search_locations == real.submodule_search_locations


@pytest.mark.parametrize(
    "name",
    [
        "flask.ext.nosuchthing",
        "flask.ext.newext_package.nosuchthing",
        "flaskext.nosuchthing",
        "flaskext.newext_package.nosuchthing",
    ],
)
def test_find_spec_is_none_for_missing_names(name: str) -> None:
    """find_spec answers None for what does not exist, as for real names."""
    assert importlib.util.find_spec(name) is None
    assert name not in sys.modules


def test_import_searches_for_the_real_module_once() -> None:
    """The spec found by find_spec is the one loaded: one search per import."""
    asked: list[str] = []

    class Counter:
        @staticmethod
        def find_spec(name: str, path: object = None, target: object = None) -> None:
            asked.append(name)

    sys.meta_path.insert(0, Counter)
    try:
        import flask.ext.newext_package.sub  # noqa: F401
    finally:
        sys.meta_path.remove(Counter)
    assert asked.count("flask_newext_package") == 1
    assert asked.count("flask_newext_package.sub") == 1


def test_dunder_named_submodule_of_an_alias_is_the_real_one() -> None:
    """import flask.ext.foo.__about__ (Flask-Login and Flask-RESTful ship
    such files) is flask_foo.__about__, run once.
    """
    import flask.ext.newext_package.__about__ as alias
    import flask_newext_package.__about__ as real

    assert alias is real
    assert sys.modules["flask.ext.newext_package.__about__"] is real
    assert sys.flask_newext_package_about_runs == 1


def test_dunder_main_of_an_alias_is_the_real_one() -> None:
    """import flask.ext.foo.__main__ is flask_foo.__main__, run once."""
    import flask.ext.newext_package.__main__ as alias
    import flask_newext_package.__main__ as real

    assert alias is real
    assert sys.modules["flask.ext.newext_package.__main__"] is real
    assert sys.flask_newext_package_main_runs == 1


@pytest.mark.parametrize("name", ["flask.ext.ext_redirect", "flaskext.ext_redirect"])
def test_this_package_is_not_an_extension(name: str) -> None:
    """flask.ext.ext_redirect is refused: this package is no extension."""
    assert importlib.util.find_spec(name) is None
    with pytest.raises(ModuleNotFoundError) as info:
        importlib.import_module(name)
    assert str(info.value) == f"No module named {name!r}"
    assert name not in sys.modules


def test_extensions_lists_both_kinds() -> None:
    """extensions() and dir(flask.ext) show every reachable extension."""
    import flask.ext

    found = flask_ext_redirect.extensions()
    assert found["newext_simple"] == "flask_newext_simple"
    assert found["newext_package"] == "flask_newext_package"
    assert found["oldext_simple"] == "flaskext.oldext_simple"
    assert found["both"] == "flask_both"
    assert "ext_redirect" not in found
    assert {"newext_simple", "oldext_package", "__path__"} <= set(dir(flask.ext))
    assert "flask_newext_simple" not in sys.modules


def test_extensions_lists_namespace_packages() -> None:
    """A PEP 420 flask_<name> directory (no __init__.py) is an extension."""
    import flask.ext

    assert flask_ext_redirect.extensions()["ns"] == "flask_ns"
    assert "ns" in dir(flask.ext)
    import flask.ext.ns.mod

    assert flask.ext.ns.mod.VALUE == "namespace"


def test_extensions_lists_what_other_finders_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module served by a meta-path finder of its own (as setuptools'
    editable installs do), named by its distribution's top_level.txt, counts.
    """
    source = tmp_path / "src"
    (source / "flask_elsewhere").mkdir(parents=True)
    (source / "flask_elsewhere" / "__init__.py").write_text("VALUE = 1\n")
    site = tmp_path / "site"
    info = site / "Flask_Elsewhere-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: Flask-Elsewhere\n")
    (info / "top_level.txt").write_text("flask_elsewhere\n")
    monkeypatch.syspath_prepend(str(site))

    class MappingFinder:
        """Like setuptools' __editable___*_finder: a name-to-path mapping."""

        @staticmethod
        def find_spec(
            name: str, path: object = None, target: object = None
        ) -> ModuleSpec | None:
            if name != "flask_elsewhere":
                return None
            init = source / "flask_elsewhere" / "__init__.py"
            return importlib.util.spec_from_file_location(name, init)

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, MappingFinder])
    import flask.ext

    assert flask_ext_redirect.extensions()["elsewhere"] == "flask_elsewhere"
    assert "elsewhere" in dir(flask.ext)
    assert "flask_elsewhere" not in sys.modules
    monkeypatch.delitem(sys.modules, "flask_elsewhere", raising=False)


def test_dir_of_ext_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a flaskext/__init__.py that raises, dir(flask.ext) lists the
    flask_<name> extensions it can find, and extensions() says what failed.
    """
    import flask.ext
    from conftest import FIXTURES

    for name in [k for k in sys.modules if k.split(".")[0] == "flaskext"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(FIXTURES / "brokenflaskext"))
    listed = dir(flask.ext)
    assert {"newext_simple", "newext_package", "both"} <= set(listed)
    assert "oldext_simple" not in listed
    with pytest.raises(ModuleNotFoundError, match="missing_dependency_of_flaskext"):
        flask_ext_redirect.extensions()


def test_uninstall_keeps_imported_aliases_consistent() -> None:
    """After uninstall(), a submodule of an imported alias is not found by
    path under the alias name and run a second time.
    """
    import flask.ext.newext_package

    flask_ext_redirect.uninstall()
    try:
        with pytest.raises(ModuleNotFoundError):
            import flask.ext.newext_package.sub  # noqa: F401
        import flask_newext_package.sub  # noqa: F401
    finally:
        flask_ext_redirect.install()
    assert sys.flask_newext_package_sub_runs == 1
    assert "flask.ext.newext_package.sub" not in sys.modules
    import flask.ext.newext_package.sub

    assert flask.ext.newext_package.sub is sys.modules["flask_newext_package.sub"]
    assert sys.flask_newext_package_sub_runs == 1


def test_reload_of_alias_reloads_real_module() -> None:
    """importlib.reload() through the alias works as on the real module."""
    import flask.ext.newext_simple as ext

    assert ext.EXECUTIONS == 1
    reloaded = importlib.reload(ext)
    assert reloaded is ext
    assert ext.EXECUTIONS == 2
    assert ext.__spec__.name == "flask_newext_simple"


def test_extension_importing_itself_through_alias() -> None:
    """An extension may import its own submodules through flask.ext."""
    import flask_selfimport
    from flask.ext.selfimport import VALUE

    assert VALUE == "helper"
    assert sys.modules["flask.ext.selfimport"] is flask_selfimport


def test_install_is_idempotent() -> None:
    """install() twice leaves one finder; uninstall() removes it."""
    flask_ext_redirect.install()
    flask_ext_redirect.install()
    names = [getattr(f, "__name__", "") for f in sys.meta_path]
    assert names.count("_flask_ext_redirect_startup") == 1
    assert names.index("_flask_ext_redirect_startup") < names.index("PathFinder")
    flask_ext_redirect.uninstall()
    assert not flask_ext_redirect.is_installed()
    with pytest.raises(ModuleNotFoundError):
        import flask.ext.newext_simple  # noqa: F401
    flask_ext_redirect.install()
    assert flask_ext_redirect.is_installed()


def test_unrelated_names_are_refused_at_once() -> None:
    """The finder answers None for anything outside its prefixes."""
    import _flask_ext_redirect_startup as startup

    for name in ("os", "flask", "flask.extras", "flask_newext_simple", "flaskext"):
        assert startup.find_spec(name) is None


@pytest.mark.parametrize(
    ("value", "installed"),
    [(None, True), ("1", True), ("0", False), ("off", False), (" False ", False)],
)
def test_activate_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, installed: bool
) -> None:
    """activate(), the start-up entry point, obeys FLASK_EXT_REDIRECT."""
    import _flask_ext_redirect_startup as startup

    if value is None:
        monkeypatch.delenv("FLASK_EXT_REDIRECT", raising=False)
    else:
        monkeypatch.setenv("FLASK_EXT_REDIRECT", value)
    startup.uninstall()
    startup.activate()
    assert startup.is_installed() is installed
    startup.install()


def test_spec_readers_see_the_real_module() -> None:
    """find_spec and runpy on the real name behave as if no alias existed."""
    import runpy

    import flask.ext.newext_simple  # noqa: F401

    spec = importlib.util.find_spec("flask_newext_simple")
    assert spec is not None and spec.name == "flask_newext_simple"
    namespace = runpy.run_module("flask_newext_simple", run_name="__main__")
    assert namespace["__name__"] == "__main__"
    assert namespace["Simple"].__module__ == "__main__"


def test_alias_loader_answers_for_the_real_module() -> None:
    """The loader's get_code, get_source and is_package (what runpy,
    pkgutil and linecache ask) answer for the real module; nothing runs.
    """
    package = importlib.util.find_spec("flask.ext.newext_package")
    simple = importlib.util.find_spec("flask.ext.newext_simple")
    assert package is not None and simple is not None
    loader = package.loader
    assert loader.is_package("flask.ext.newext_package") is True
    assert loader.is_package("flask.ext.newext_simple") is False
    assert simple.origin is not None
    assert (
        loader.get_source("flask.ext.newext_simple") == Path(simple.origin).read_text()
    )
    with pytest.raises(ImportError, match="No module named 'flask.ext.nosuchthing'"):
        loader.get_code("flask.ext.nosuchthing")
    assert "flask_newext_package" not in sys.modules


def test_extensions_asks_finders_that_list_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A meta-path finder with iter_modules() (pkgutil's protocol) names
    what it serves, with no distribution metadata at all.
    """
    init = tmp_path / "listed" / "__init__.py"
    init.parent.mkdir()
    init.write_text("")

    class ListingFinder:
        @staticmethod
        def find_spec(
            name: str, path: object = None, target: object = None
        ) -> ModuleSpec | None:
            if name != "flask_listed":
                return None
            return importlib.util.spec_from_file_location(name, init)

        @staticmethod
        def iter_modules(prefix: str = "") -> list[tuple[str, bool]]:
            return [(prefix + "flask_listed", True)]

    class BrokenListing:
        @staticmethod
        def iter_modules(prefix: str = "") -> list[tuple[str, bool]]:
            raise RuntimeError("a finder that cannot list")

    monkeypatch.setattr(
        sys, "meta_path", [*sys.meta_path, BrokenListing, ListingFinder]
    )
    assert flask_ext_redirect.extensions()["listed"] == "flask_listed"


def test_real_module_imported_between_find_and_load_runs_once() -> None:
    """A spec found before the real module was imported elsewhere (another
    thread, a cycle) loads that module, not a second copy.
    """
    import flask.ext  # noqa: F401

    spec = importlib.util.find_spec("flask.ext.newext_package")
    assert spec is not None and "flask_newext_package" not in sys.modules
    import flask_newext_package

    module = importlib.util.module_from_spec(spec)
    assert module is flask_newext_package
    assert sys.flask_newext_package_runs == 1


def test_extension_in_a_zip_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zipped extension package and its submodule import through flask.ext,
    once each, with the zip importer's path entry guarded like any other.
    """
    import zipfile

    archive = tmp_path / "exts.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("flask_zipped/__init__.py", "VALUE = 'zipped'\n")
        zf.writestr("flask_zipped/sub.py", "import sys\nsys.zipped_sub_runs += 1\n")
    monkeypatch.setattr(sys, "zipped_sub_runs", 0, raising=False)
    monkeypatch.syspath_prepend(str(archive))
    import flask.ext.zipped.sub
    import flask_zipped.sub

    assert flask.ext.zipped.sub is flask_zipped.sub
    assert flask.ext.zipped.VALUE == "zipped"
    with pytest.raises(ModuleNotFoundError):
        import flask.ext.zipped.nosuchthing  # noqa: F401
    assert sys.zipped_sub_runs == 1
