"""The ``flask.ext`` redirect: which module a legacy name means, and the
loader that imports it under both names.

The start-up finder (``_flask_ext_redirect_startup``) hands every name under
``flask.ext`` and ``flaskext`` to :func:`find_legacy_spec`.  This module is
the loader of the specs it returns (``create_module`` and ``exec_module`` are
module-level functions, as a loader only needs those attributes and the first
legacy import should not pay for building classes).

An alias is the real module itself: ``create_module`` imports the real name
and returns that module, so the import system stores the very same object
under the legacy name.
"""

from __future__ import annotations

import sys
import warnings
from importlib.machinery import ModuleSpec
from types import SimpleNamespace

from . import _recorder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from types import ModuleType

#: The names this module may answer for; the start-up finder filters on them.
PREFIXES = ("flask.ext", "flaskext.")
EXT_PACKAGE = "flask.ext"

_self = sys.modules[__name__]

# Per-thread: the real modules whose import through an alias is under way,
# and the import statement warned about last.  Plain attributes of a
# ``_thread._local`` (what ``threading.local`` is) keep threading out.
_state = sys.modules["_thread"]._local()


class FlaskExtDeprecationWarning(DeprecationWarning):
    """An import used ``flask.ext.<name>`` or an aliased ``flaskext.<name>``.

    The message gives the import to use instead.  It is a
    :exc:`DeprecationWarning`, so Python shows it for code run as
    ``__main__`` and under test runners, and the usual filters silence it.
    """


def candidates(name: str) -> tuple[str, str]:
    """The modules ``flask.ext.<name>`` may be, in the order they are tried.

    :param name: The extension name, ``"sqlite3"`` for ``flask.ext.sqlite3``.
    """
    return ("flask_" + name, "flaskext." + name)


def locate(name: str) -> str | None:
    """The module ``flask.ext.<name>`` resolves to, found without running it.

    The first of :func:`candidates` that exists wins.  Looking for
    ``flaskext.<name>`` imports the ``flaskext`` package itself, as importing
    it would; an error raised there propagates.

    :param name: The extension name, ``"sqlite3"`` for ``flask.ext.sqlite3``.
    :return: The module name, or ``None`` when neither candidate exists.
    """
    if not is_extension_name(name):
        return None
    for candidate in candidates(name):
        if _exists(candidate):
            return candidate
    return None


def is_extension_name(name: str) -> bool:
    """Whether ``name`` may follow ``flask.ext.``: an identifier, not a dunder.

    Anything else (``flask.ext..x``, ``flask.ext.__init__``) is left to the
    ordinary "No module named" error.
    """
    return name.isidentifier() and not (name.startswith("__") and name.endswith("__"))


def find_legacy_spec(fullname: str) -> ModuleSpec | None:
    """The spec for a name under ``flask.ext`` or ``flaskext``, or ``None``.

    Names directly under ``flask.ext`` are not searched for here: the import
    that follows tries the candidates in order, so an import searches the
    path once, not twice.  That is why ``importlib.util.find_spec`` answers
    with a spec for any well-formed ``flask.ext`` name; importing a missing
    one raises :exc:`ModuleNotFoundError` naming both places looked in.
    """
    parent_name, _, child = fullname.rpartition(".")
    if fullname == EXT_PACKAGE:
        if _flask_has_own_ext():
            return None
        return ModuleSpec(fullname, _self, is_package=True)  # type: ignore[arg-type]
    if fullname.startswith("flask.ext."):
        ext = sys.modules.get(EXT_PACKAGE)
        if getattr(ext, "__loader__", None) is not _self:
            return None  # Flask < 1.0: its own flask.ext answers
    elif not fullname.startswith("flaskext.") or _flask_has_own_ext():
        return None
    parent = sys.modules.get(parent_name)
    if parent is None:
        return None
    if parent_name == EXT_PACKAGE:
        if not is_extension_name(child):
            return None  # flask.ext.__path__ is empty: nothing else finds it
        return _alias_spec(fullname, candidates(child))
    if parent_name == "flaskext":
        if not is_extension_name(child):
            return None
        return _flaskext_alias_spec(fullname, child, parent)
    real_parent = getattr(parent, "__name__", parent_name)
    if real_parent == parent_name:
        return None  # a real module (a flaskext one), not one of our aliases
    # A submodule of an alias is the same submodule of the real module.  The
    # alias has the real __path__, so answer for every child, odd ones too:
    # returning None would let the path finder run the file a second time
    # under the alias name.
    if not is_extension_name(child):
        return _alias_spec(fullname, ())
    return _alias_spec(fullname, (real_parent + "." + child,))


def create_module(spec: ModuleSpec) -> ModuleType | None:
    """Import the real module behind an alias and return it."""
    state = spec.loader_state
    if state is None:
        return None  # the flask.ext package itself: a plain new module
    loading = _loads_in_progress()
    for candidate in state.candidates:
        loading.append(candidate)
        try:
            __import__(candidate)
        except ModuleNotFoundError as e:
            if e.name is not None and _is_self_or_parent(e.name, candidate):
                continue  # this candidate does not exist: try the next
            _forget_aliases_of(candidate)
            raise
        except BaseException:
            _forget_aliases_of(candidate)
            raise
        finally:
            loading.pop()
        module = sys.modules[candidate]
        state.real_spec = module.__spec__
        state.target = candidate
        return module
    raise ModuleNotFoundError(
        _missing_message(spec.name, state.candidates), name=spec.name
    )


def exec_module(module: ModuleType) -> None:
    """Finish an alias, or fill in the ``flask.ext`` package."""
    # The import system has set __spec__ by the time it calls exec_module().
    spec: ModuleSpec = module.__spec__  # type: ignore[assignment]
    state = spec.loader_state
    if state is None:
        module.__doc__ = (
            "Old Flask extension imports, redirected by Flask-Ext-Redirect."
        )
        module.__dir__ = _dir_of_ext_package  # type: ignore[method-assign]
        return
    # module_from_spec() sets __spec__ even on a module that has one.  Put the
    # real one back, so reload(), pickle, runpy and tools that read specs see
    # the module as if no alias existed.
    module.__spec__ = state.real_spec
    _warn(spec.name, state.target)


def _alias_spec(fullname: str, names: tuple[str, ...]) -> ModuleSpec:
    # loader_state carries the candidates from find_legacy_spec() and the
    # real module's spec from create_module() to exec_module().
    state = SimpleNamespace(candidates=names, real_spec=None, target="")
    return ModuleSpec(fullname, _self, loader_state=state)  # type: ignore[arg-type]


def _flaskext_alias_spec(
    fullname: str, name: str, flaskext: ModuleType
) -> ModuleSpec | None:
    """``flaskext.<name>`` is ``flask_<name>`` where the real ``flaskext``
    namespace has no ``<name>``.  Nothing here leads back to ``flask.ext``.
    """
    if _find_elsewhere(fullname, getattr(flaskext, "__path__", None)) is not None:
        return None
    new_name = candidates(name)[0]
    if not _exists(new_name):
        return None
    return _alias_spec(fullname, (new_name,))


def _is_self_or_parent(name: str, module: str) -> bool:
    return module == name or module.startswith(name + ".")


def _exists(name: str) -> bool:
    """Whether ``name`` can be imported, found the way an import finds it
    (``sys.modules`` first, then every finder) but without running it.
    Parent packages are imported, as an import would.
    """
    if sys.modules.get(name) is not None:
        return True
    parent_name = name.rpartition(".")[0]
    path = None
    if parent_name:
        try:
            __import__(parent_name)
        except ModuleNotFoundError as e:
            # Only "the parent does not exist" means "not found"; a module
            # the parent fails to import is the parent's own error.
            if e.name is not None and _is_self_or_parent(e.name, parent_name):
                return False
            raise
        path = getattr(sys.modules[parent_name], "__path__", None)
        if path is None:
            return False
    return any(
        finder.find_spec(name, path, None) is not None
        for finder in sys.meta_path
        if hasattr(finder, "find_spec")
    )


def _find_elsewhere(name: str, path: object) -> ModuleSpec | None:
    """Ask every finder on sys.meta_path but the redirect for ``name``."""
    for finder in sys.meta_path:
        if getattr(finder, "__name__", None) == "_flask_ext_redirect_startup":
            continue
        find = getattr(finder, "find_spec", None)
        if find is not None:
            spec: ModuleSpec | None = find(name, path, None)
            if spec is not None:
                return spec
    return None


def _flask_has_own_ext() -> bool:
    """Whether the installed Flask (0.8-0.12) ships its own ``flask.ext``."""
    ext = sys.modules.get(EXT_PACKAGE)
    if ext is not None:
        return getattr(ext, "__loader__", None) is not _self
    flask = sys.modules.get("flask")
    if flask is not None:
        path = getattr(flask, "__path__", None)
    else:
        path = getattr(
            _find_elsewhere("flask", None), "submodule_search_locations", None
        )
    return path is not None and _find_elsewhere(EXT_PACKAGE, path) is not None


def _loads_in_progress() -> list[str]:
    try:
        loading: list[str] = _state.loading
    except AttributeError:
        loading = _state.loading = []
    return loading


def _forget_aliases_of(target: str) -> None:
    """Undo what a failed import left behind under alias names.

    An extension can import itself through ``flask.ext`` before it fails
    (``import flask.ext.broken.b`` in ``flask_broken/__init__.py``): those
    nested imports registered aliases of a module that is now dead.  Remove
    them, and their attributes on their parents, so that the next import of
    the alias runs the extension again and fails again, as it should.
    """
    for alias, module in list(sys.modules.items()):
        if not alias.startswith(PREFIXES):
            continue
        real = getattr(module, "__name__", alias)
        if real != alias and _is_self_or_parent(target, real):
            del sys.modules[alias]
            parent_name, _, child = alias.rpartition(".")
            parent = sys.modules.get(parent_name)
            if parent is not None and getattr(parent, child, None) is module:
                delattr(parent, child)


def _missing_message(fullname: str, names: tuple[str, ...]) -> str:
    if len(names) == 1:
        return f"No module named {fullname!r}"
    ext = fullname.rpartition(".")[2]
    looked_in = " and ".join(repr(name) for name in names)
    return (
        f"No module named {fullname!r}: Flask-Ext-Redirect looked for"
        f" {looked_in} and found neither. Install the extension that"
        f" provides it, for example 'pip install Flask-{ext.capitalize()}'."
    )


def _warn(legacy: str, target: str, skip: int = 0) -> None:
    """Emit one :class:`FlaskExtDeprecationWarning` for an import statement.

    It is attributed to the first frame outside importlib and this package
    (``skip`` frames further out), and left out for the inner levels of one
    dotted import (``import flask.ext.foo.bar`` loads two aliases) and for
    imports an extension makes of itself while it loads through an alias.
    """
    if any(_is_self_or_parent(name, target) for name in _loads_in_progress()):
        return
    # Find the user's frame, and the stacklevel warnings.warn() needs to
    # reach it: warnings.warn() steps over importlib's bootstrap frames by
    # itself, so only the other frames count.
    stacklevel = 1
    frame = sys._getframe(0)
    while True:
        outer = frame.f_back
        while outer is not None and _is_bootstrap(outer):
            outer = outer.f_back
        if outer is None:
            return  # imported from C with no Python caller: nobody to tell
        frame = outer
        stacklevel += 1
        if _is_import_machinery(frame):
            continue
        if not skip:
            break
        skip -= 1
    # Opt-in recording of legacy imports (FLASK_EXT_REDIRECT_LOG), see _recorder.
    _recorder.seen(legacy, target, frame.f_code.co_filename, frame.f_lineno)
    # One statement that loads several dotted levels (import flask.ext.foo.bar
    # loads flask.ext.foo, then flask.ext.foo.bar) warns once: a load of a
    # submodule of the name just warned about, from the same frame and
    # instruction, is the same statement.  The code object is compared by
    # identity and kept alive, so its id cannot be reused meanwhile.
    last = getattr(_state, "last_warned", None)
    if (
        last is not None
        and last[0] == id(frame)
        and last[1] == frame.f_lasti
        and last[2] is frame.f_code
        and legacy.startswith(last[3] + ".")
    ):
        return
    _state.last_warned = (id(frame), frame.f_lasti, frame.f_code, legacy)
    message = f'use "import {target}" instead of "import {legacy}"'
    if legacy.startswith("flask.ext."):
        message += " (flask.ext was removed in Flask 1.0)"
    warnings.warn(message, FlaskExtDeprecationWarning, stacklevel=stacklevel)


def _is_bootstrap(frame: FrameType) -> bool:
    # The test warnings.warn() itself uses for frames to step over.
    filename = frame.f_code.co_filename
    return "importlib" in filename and "_bootstrap" in filename


def _is_import_machinery(frame: FrameType) -> bool:
    name: str = frame.f_globals.get("__name__", "")
    return name in (
        "importlib",
        "_flask_ext_redirect_startup",
        "flask_ext_redirect",
    ) or name.startswith("flask_ext_redirect.")


def extensions() -> dict[str, str]:
    """Every extension importable as ``flask.ext.<name>``, and the module
    each name resolves to, sorted by name.

    Both kinds are found: ``flask_<name>`` modules and packages on
    :data:`sys.path`, and modules of the legacy ``flaskext`` namespace, for
    example ``{"oldext": "flaskext.oldext", "sqlite3": "flask_sqlite3"}``.
    Nothing is imported but the ``flaskext`` package itself.
    """
    import pkgutil

    names = {
        info.name[len("flask_") :]
        for info in pkgutil.iter_modules()
        if info.name.startswith("flask_")
    }
    names.update(info.name for info in pkgutil.iter_modules(_flaskext_path()))
    names.discard("ext_redirect")  # this package, not an extension
    found = {}
    for name in sorted(names):
        module = locate(name)
        if module is not None:
            found[name] = module
    return found


def _flaskext_path() -> list[str]:
    try:
        __import__("flaskext")
    except ModuleNotFoundError as e:
        if e.name != "flaskext":
            raise
        return []
    return list(sys.modules["flaskext"].__path__)


def _dir_of_ext_package() -> list[str]:
    """``dir(flask.ext)``: its attributes and every reachable extension."""
    return sorted(set(vars(sys.modules[EXT_PACKAGE])) | set(extensions()))
