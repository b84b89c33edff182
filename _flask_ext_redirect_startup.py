"""The ``flask.ext`` redirect itself: a PEP 451 finder and loader.

``flask_ext_redirect.pth`` runs ``activate()`` from here at every interpreter
start, so this module is imported by every Python process that has
Flask-Ext-Redirect installed.  That dictates its shape:

* it imports nothing that site.py has not already imported (``os``, ``sys``),
  never Flask, ``importlib`` or ``warnings`` at start-up;
* it defines functions, not classes: building a class costs about as much as
  importing an empty module, so the module object itself is the finder and
  the loader that goes on ``sys.meta_path`` (the import system only needs the
  ``find_spec``, ``create_module`` and ``exec_module`` attributes);
* everything that answers ``flask.ext`` imports lives here, so the first such
  import loads no further module of ours.

The public API is re-exported by :mod:`flask_ext_redirect`; import it from
there.
"""

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import FrameType
    from types import ModuleType

#: Names this finder may answer for.  Everything else is refused by one
#: ``str.startswith`` call, the whole cost of the redirect for other imports.
_PREFIXES = ("flask.ext", "flaskext.")

#: Setting this environment variable to one of these values turns off the
#: activation at interpreter start.
ENV_VAR = "FLASK_EXT_REDIRECT"
_OFF_VALUES = ("0", "false", "no", "off")

_self = sys.modules[__name__]

# Per-thread bookkeeping of loads in progress and of the last warned import
# statement.  ``_thread._local`` is the C type behind ``threading.local``;
# using it here avoids importing ``threading`` at start-up.
_state = sys.modules["_thread"]._local()


class FlaskExtDeprecationWarning(DeprecationWarning):
    """Warns about an import through ``flask.ext`` or an aliased
    ``flaskext`` name.  The text gives the import to use instead.
    """


def activate() -> None:
    """Install the finder unless ``FLASK_EXT_REDIRECT=0`` is set.

    This is what ``flask_ext_redirect.pth`` (and, from Python 3.15 on,
    ``flask_ext_redirect.start``) runs at interpreter start.  It never
    raises: a broken or half-removed install must not stop Python starting.
    """
    try:
        if os.environ.get(ENV_VAR, "").strip().lower() not in _OFF_VALUES:
            install()
    except Exception:  # pragma: no cover - defensive, start-up must go on
        pass


def install() -> None:
    """Put the ``flask.ext`` finder first on :data:`sys.meta_path`.

    Idempotent.  It goes in front of the path finder so that a submodule of
    a redirected extension (``flask.ext.foo.bar``) is never found by path
    under the alias name and executed a second time as a separate module,
    the fault of Flask's own 0.x hook.
    """
    if not is_installed():
        sys.meta_path.insert(0, _self)  # type: ignore[arg-type]


def uninstall() -> None:
    """Take the finder off :data:`sys.meta_path`.

    Modules already imported through ``flask.ext`` stay imported.
    """
    sys.meta_path[:] = [finder for finder in sys.meta_path if finder is not _self]


def is_installed() -> bool:
    """Tell whether the finder is on :data:`sys.meta_path`."""
    return any(finder is _self for finder in sys.meta_path)


def candidates(name: str) -> "tuple[str, str]":
    """The modules ``flask.ext.<name>`` may be, in the order they are tried.

    :param name: The extension name, ``"sqlite3"`` for ``flask.ext.sqlite3``.
    """
    return ("flask_" + name, "flaskext." + name)


def locate(name: str) -> "str | None":
    """The module ``flask.ext.<name>`` resolves to, without running it.

    The first of :func:`candidates` that can be found wins.  Finding
    ``flaskext.<name>`` imports the ``flaskext`` package itself, as an import
    of it would; an error raised there propagates.

    :param name: The extension name, ``"sqlite3"`` for ``flask.ext.sqlite3``.
    :return: The module name, or ``None`` when neither candidate exists.
    """
    for candidate in candidates(name):
        if _exists(candidate):
            return candidate
    return None


def find_spec(
    fullname: str, path: "object" = None, target: "object" = None
) -> "ModuleSpec | None":
    """The PEP 451 finder hook, called for every import in the process."""
    if not fullname.startswith(_PREFIXES):
        return None
    return _find_legacy_spec(fullname)


def create_module(spec: "ModuleSpec") -> "ModuleType | None":
    """Import the real module behind an alias and hand it to the import
    system, so that both names refer to the very same module object.
    """
    state = spec.loader_state
    if state is None:
        return None  # the flask.ext package itself: a plain new module
    target = state[0]
    if target is None:
        raise ModuleNotFoundError(_missing_message(spec.name), name=spec.name)
    loading = _loads_in_progress()
    loading.append(target)
    try:
        module = _import(target)
    except BaseException:
        _forget_aliases_of(target)
        raise
    finally:
        loading.pop()
    state[1] = module.__spec__
    return module


def exec_module(module: "ModuleType") -> None:
    """Finish an alias, or set up the ``flask.ext`` package."""
    spec: ModuleSpec = module.__spec__
    state = spec.loader_state
    if state is None:
        module.__doc__ = "Old Flask extension imports, redirected by Flask-Ext-Redirect."
        module.__dir__ = _list_ext_package  # type: ignore[attr-defined]
        return
    # module_from_spec() sets __spec__ even on a module that has one; put the
    # real one back so reload(), pickle, runpy and tools that read specs see
    # the module as if no alias existed.
    module.__spec__ = state[1]
    _warn(spec.name, state[0])


def _find_legacy_spec(fullname: "str") -> "ModuleSpec | None":
    parent_name, _, child = fullname.rpartition(".")
    if not _is_plain_name(child):
        return None
    if fullname == "flask.ext":
        if _legacy_flask_ext_exists():
            return None  # Flask < 1.0: its own flask.ext answers
        return _spec(fullname, None, package=True)
    if fullname.startswith("flask.ext."):
        if getattr(sys.modules.get("flask.ext"), "__loader__", None) is not _self:
            return None  # Flask < 1.0: its own flask.ext answers
    elif fullname.startswith("flaskext.") and _legacy_flask_ext_exists():
        return None  # Flask < 1.0: leave flaskext as it was
    parent = sys.modules.get(parent_name)
    if parent is None:
        return None
    if parent_name == "flask.ext":
        return _spec(fullname, [locate(child), None])
    if parent_name == "flaskext":
        return _find_flaskext_alias(fullname, child, parent)
    real_parent = getattr(parent, "__name__", parent_name)
    if real_parent == parent_name or not parent_name.startswith(_PREFIXES):
        return None  # a real module, not one of our aliases
    target = real_parent + "." + child
    if not _exists(target):
        return None
    return _spec(fullname, [target, None])


def _find_flaskext_alias(
    fullname: str, name: str, flaskext: "ModuleType"
) -> "ModuleSpec | None":
    """``flaskext.<name>`` is ``flask_<name>`` where the real ``flaskext``
    namespace has no ``<name>``.  Nothing here leads back to ``flask.ext``.
    """
    if _find_elsewhere(fullname, getattr(flaskext, "__path__", None)) is not None:
        return None
    target = candidates(name)[0]
    if not _exists(target):
        return None
    return _spec(fullname, [target, None])


def _is_plain_name(name: str) -> bool:
    return name.isidentifier() and not (name.startswith("__") and name.endswith("__"))


def _spec(name: str, state: "list[object] | None", package: bool = False) -> "ModuleSpec":
    from importlib.machinery import ModuleSpec

    return ModuleSpec(name, _self, loader_state=state, is_package=package)  # type: ignore[arg-type]


def _import(name: str) -> "ModuleType":
    __import__(name)
    return sys.modules[name]


def _exists(name: str) -> bool:
    """Whether ``name`` can be imported, found the way an import finds it
    (sys.modules first, then every finder) but without running the module.
    Parent packages are imported, as an import would.
    """
    if sys.modules.get(name) is not None:
        return True
    parent_name = name.rpartition(".")[0]
    path = None
    if parent_name:
        if not _exists(parent_name):
            return False
        try:
            parent = _import(parent_name)
        except ModuleNotFoundError as e:
            # Only "the parent does not exist" means "not found".  A missing
            # module that the parent itself imports is its own error.
            if e.name == parent_name:
                return False
            raise
        path = getattr(parent, "__path__", None)
        if path is None:
            return False
    for finder in sys.meta_path:
        spec_finder = getattr(finder, "find_spec", None)
        if spec_finder is not None and spec_finder(name, path, None) is not None:
            return True
    return False


def _find_elsewhere(name: str, path: "object") -> "object":
    """Ask every other finder on sys.meta_path for ``name``."""
    for finder in sys.meta_path:
        if finder is _self:
            continue
        spec_finder = getattr(finder, "find_spec", None)
        if spec_finder is not None:
            spec = spec_finder(name, path, None)
            if spec is not None:
                return spec
    return None


def _legacy_flask_ext_exists() -> bool:
    """Whether the installed Flask (0.8-0.12) ships its own ``flask.ext``."""
    ext = sys.modules.get("flask.ext")
    if ext is not None:
        return getattr(ext, "__loader__", None) is not _self
    flask = sys.modules.get("flask")
    if flask is not None:
        path = getattr(flask, "__path__", None)
    else:
        spec = _find_elsewhere("flask", None)
        path = getattr(spec, "submodule_search_locations", None)
    return path is not None and _find_elsewhere("flask.ext", path) is not None


def _loads_in_progress() -> "list[str]":
    try:
        return _state.loading  # type: ignore[no-any-return]
    except AttributeError:
        _state.loading = []
        return _state.loading  # type: ignore[no-any-return]


def _forget_aliases_of(target: str) -> None:
    """Undo what a failed import left behind under our alias names.

    An extension can import itself through ``flask.ext`` before it fails
    (``import flask.ext.broken.b`` in ``flask_broken/__init__.py``); those
    nested imports registered aliases of a module that is now dead.  Remove
    them, and their attributes on their parents, so the next import of the
    alias fails again as it should.
    """
    prefix = target + "."
    for alias, module in list(sys.modules.items()):
        if not alias.startswith(_PREFIXES):
            continue
        real = getattr(module, "__name__", alias)
        if real != alias and (real == target or real.startswith(prefix)):
            del sys.modules[alias]
            parent_name, _, child = alias.rpartition(".")
            parent = sys.modules.get(parent_name)
            if parent is not None and getattr(parent, child, None) is module:
                delattr(parent, child)


def _missing_message(fullname: str) -> str:
    name = fullname.rpartition(".")[2]
    if fullname.startswith("flask.ext."):
        new, old = candidates(name)
        return (
            f"No module named {fullname!r}: Flask-Ext-Redirect looked for {new!r}"
            f" and {old!r} and found neither. Install the extension that"
            f" provides it, for example 'pip install Flask-{name.capitalize()}'."
        )
    return f"No module named {fullname!r}"  # pragma: no cover - only flask.ext names


def _warn(legacy: str, target: str, skip: int = 0) -> None:
    """Emit one FlaskExtDeprecationWarning for the user's import statement.

    It is attributed to the first frame outside importlib and this package
    (after ``skip`` more), and skipped for the inner levels of a dotted
    import (``import flask.ext.foo.bar`` loads two aliases from one
    statement) and for imports the extension makes while it is being loaded
    through an alias.
    """
    if any(target == t or target.startswith(t + ".") for t in _loads_in_progress()):
        return
    frame = _user_frame(skip)
    if frame is None:
        return
    key = (id(frame), frame.f_lasti, frame.f_code)
    if getattr(_state, "last_warned", None) == key:
        return
    _state.last_warned = key
    import warnings

    module_globals = frame.f_globals
    message = f'use "import {target}" instead of "import {legacy}"'
    if legacy.startswith("flask.ext."):
        message += " (flask.ext was removed in Flask 1.0)"
    warnings.warn_explicit(
        message,
        FlaskExtDeprecationWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=module_globals.get("__name__", "<unknown>"),
        registry=module_globals.setdefault("__warningregistry__", {}),
        module_globals=module_globals,
    )


def _user_frame(skip: int) -> "FrameType | None":
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if not _is_machinery(frame):
            if not skip:
                return frame
            skip -= 1
        frame = frame.f_back
    return None


def _is_machinery(frame: "FrameType") -> bool:
    if frame.f_code.co_filename.startswith("<frozen importlib"):
        return True
    name = frame.f_globals.get("__name__", "")
    return (
        name == "importlib"
        or name.startswith("importlib._bootstrap")
        or name == __name__
        or name == "flask_ext_redirect"
        or name.startswith("flask_ext_redirect.")
    )


def _list_ext_package() -> "list[str]":
    """``dir(flask.ext)``: its attributes and every reachable extension."""
    from flask_ext_redirect._listing import extensions

    ext = sys.modules["flask.ext"]
    return sorted(set(vars(ext)) | set(extensions()))

