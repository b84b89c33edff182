# The ``flask.ext`` redirect: which module a legacy name means, and the
# loader that imports it under both names.
#
# The start-up finder (``_flask_ext_redirect_startup``) hands every name under
# ``flask.ext`` and ``flaskext`` to find_legacy_spec().  This module is the
# loader of the specs it returns (``create_module`` and ``exec_module`` are
# module-level functions, as a loader only needs those attributes and the
# first legacy import should not pay for building classes).
#
# An alias is the real module itself: ``create_module`` imports the real name
# and returns that module, so the import system stores the very same object
# under the legacy name.
#
# Imports flow one way: this module imports the rule (_names) and the warning
# class (_warning) from below, and the helpers it loads on first use import
# only those, never this module: the listing (_extensions), the loader
# protocol for python -m (_loader_extras), what a failed import undoes and
# says (_failures), flaskext.<name> aliases (_flaskext_alias) and
# FlaskExtDeprecationError (_error).
#
# The first legacy import of a process loads this module, so it holds only
# what that import runs; its explanations are comments, not docstrings, which
# every load would unmarshal.
from __future__ import annotations

import importlib._bootstrap as _bootstrap
import os
import sys
import warnings
from importlib.machinery import ModuleSpec
from types import SimpleNamespace

from ._names import candidates
from ._names import EXT_PACKAGE
from ._names import find_candidate
from ._names import find_real
from ._names import is_extension_name
from ._names import is_self_or_parent
from ._names import LEGACY_NAMESPACE
from ._names import PREFIXES
from ._names import search
from ._warning import FlaskExtDeprecationWarning

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import CodeType
    from types import FrameType
    from types import ModuleType
    from typing import Any

_self = sys.modules[__name__]

# Per-thread: the real modules whose import through an alias is under way,
# and the import statement warned about last.  Plain attributes of a
# ``_thread._local`` (what ``threading.local`` is) keep threading out.
_state = sys.modules["_thread"]._local()


def find_legacy_spec(fullname: str) -> ModuleSpec | None:
    # The spec for a name under ``flask.ext`` or ``flaskext``, or ``None``.
    #
    # The real module is searched for here, by the other finders on
    # :data:`sys.meta_path` and without running it, so
    # :func:`importlib.util.find_spec` answers ``None`` for a name that does not
    # exist.  The spec found travels to :func:`create_module` in the alias
    # spec's ``loader_state``, so an import searches the path once.
    parent_name, _, child = fullname.rpartition(".")
    if fullname == EXT_PACKAGE:
        if _flask_has_own_ext():
            return None
        return ModuleSpec(fullname, _self, is_package=True)  # type: ignore[arg-type]
    if fullname == LEGACY_NAMESPACE:
        # Flask-SQLite3 and the legacy distributions ship flaskext portions;
        # where none is installed, an empty package stands in, so that
        # flaskext.<name> still resolves to flask_<name>.  The path is
        # searched here and again by the path finder after us, once per
        # process, and only in processes that import flaskext.
        if _flask_has_own_ext() or search(fullname, None) is not None:
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
        names = candidates(child)
        for name in names:
            found = find_candidate(name)
            if found is not None:
                return _alias_spec(fullname, name, found)
        # An import, not a question (find_spec): say where the redirect looked.
        from ._failures import raise_if_imported

        raise_if_imported(fullname, names)
        return None
    if parent_name == LEGACY_NAMESPACE:
        if not is_extension_name(child):
            return None
        # Rare: loaded on first use.
        from ._flaskext_alias import flaskext_target

        target = flaskext_target(fullname, child, parent)
        if target is None:
            return None
        return _alias_spec(fullname, *target)
    real_parent = getattr(parent, "__name__", parent_name)
    path = getattr(parent, "__path__", None)
    if real_parent == parent_name or path is None:
        return None  # a real module (a flaskext one), or not a package
    # A submodule of an alias is the same submodule of the real module, dunder
    # names included (__main__ for python -m flask.ext.foo, the __about__ and
    # __version__ files extensions ship).  Non-identifiers are refused, and so
    # is __init__: importing pkg.__init__ would run the package's own file a
    # second time as another module.  The path finder cannot find any child
    # under the alias name either (see _guard_path_entries).
    if not child.isidentifier() or child == "__init__":
        return None
    real = real_parent + "." + child
    found = find_real(real, path)
    if found is None:
        return None
    return _alias_spec(fullname, real, found)


def create_module(spec: ModuleSpec) -> ModuleType | None:
    # Import the real module behind an alias and return it.
    state = spec.loader_state
    if state is None:
        return None  # the flask.ext package itself: a plain new module
    module = state.module
    if module is None:
        loading = _loads_in_progress()
        loading.append(state.target)
        try:
            module = _load_real(state.target, state.real_spec)
        except BaseException:
            from ._failures import forget_aliases_of

            forget_aliases_of(state.target)
            raise
        finally:
            loading.pop()
    # The import system is about to replace __spec__ with the alias spec:
    # keep the real one for exec_module() to put back.
    state.real_spec = getattr(module, "__spec__", None)
    result: ModuleType = module
    return result


def exec_module(module: ModuleType) -> None:
    # Finish an alias, or fill in the ``flask.ext`` or ``flaskext`` package.
    # The import system has set __spec__ by the time it calls exec_module().
    spec: ModuleSpec = module.__spec__  # type: ignore[assignment]
    state = spec.loader_state
    if state is None:
        if spec.name == LEGACY_NAMESPACE:
            module.__doc__ = (
                "The legacy flaskext namespace, empty: no distribution installed"
                " one; Flask-Ext-Redirect resolves its names to flask_<name>."
            )
            return
        module.__doc__ = (
            "Old Flask extension imports, redirected by Flask-Ext-Redirect."
        )
        module.__dir__ = _dir_of_ext_package  # type: ignore[method-assign]
        return
    # module_from_spec() sets __spec__ even on a module that has one.  Put the
    # real one back, so reload(), pickle, runpy and tools that read specs see
    # the module as if no alias existed.
    module.__spec__ = state.real_spec
    if hasattr(module, "__path__"):
        _guard_path_entries(module.__path__)
    _warn(spec.name, state.target)


# The rest of the loader protocol, asked by runpy (python -m flask.ext.foo)
# and tools reading sources, lives in _loader_extras, loaded when first
# asked.  (Not a module __getattr__: the import system's hasattr() calls on
# this module would pay for an AttributeError each.)


def get_code(fullname: str) -> CodeType | None:
    # The real module's code, for python -m flask.ext.foo, which warns here:
    # runpy asks for the code, not for an import.
    from ._loader_extras import code_of

    target, code = code_of(fullname, find_legacy_spec(fullname))
    legacy = fullname.removesuffix(".__main__")
    real = target.removesuffix(".__main__")
    _warn(legacy, real, command=f'"python -m {real}" instead of "python -m {legacy}"')
    return code


def get_source(fullname: str) -> str | None:
    # The real module's source.
    from ._loader_extras import source_of

    return source_of(fullname, find_legacy_spec(fullname))


def is_package(fullname: str) -> bool:
    # Whether the real module behind an alias is a package.
    from ._loader_extras import is_package_spec

    return is_package_spec(fullname, find_legacy_spec(fullname))


def _alias_spec(
    fullname: str, target: str, found: ModuleSpec | ModuleType
) -> ModuleSpec:
    # loader_state carries the real module (already imported) or its spec
    # (found, not run) from find_legacy_spec() to create_module(), and the
    # real module's own spec from there to exec_module().
    module: ModuleType | None = None
    real_spec: ModuleSpec | None = None
    if isinstance(found, ModuleSpec):
        real_spec = found
    else:
        module, real_spec = found, getattr(found, "__spec__", None)
    state = SimpleNamespace(target=target, module=module, real_spec=real_spec)
    spec = ModuleSpec(fullname, _self, loader_state=state)  # type: ignore[arg-type]
    if real_spec is not None:
        # Where the real module lives, for runpy and coverage (python -m).
        spec.origin = real_spec.origin
        spec.has_location = real_spec.has_location
        spec.submodule_search_locations = real_spec.submodule_search_locations
    return spec


def _load_real(name: str, spec: ModuleSpec) -> ModuleType:
    # Import ``name`` from the spec found for it, as the import system would
    # after finding it: under the module's import lock, unless another thread
    # or an import cycle has imported it meanwhile, and bound on its parent.
    # importlib has no public "import from this spec"; these are the very
    # functions importlib._bootstrap._find_and_load() uses (Python 3.4-3.14).
    with _bootstrap._ModuleLockManager(name):  # type: ignore[attr-defined]
        module: ModuleType | None = sys.modules.get(name)
        if module is not None:
            return module
        module = _bootstrap._load_unlocked(spec)  # type: ignore[attr-defined]
    parent_name, _, child = name.rpartition(".")
    if parent_name:
        try:
            setattr(sys.modules[parent_name], child, module)
        except AttributeError:  # pragma: no cover - a parent refusing attributes
            pass
    return module


def _guard_path_entries(path: object) -> None:
    # Make the path entry finders of an aliased package's __path__ unable to
    # find its children under the alias name.
    #
    # The alias is the real package, so its __path__ is the real one: the
    # path finder, asked for flask.ext.foo.bar, would find bar.py and run it
    # a second time as another module.  That happens whenever a finder runs
    # before the redirect (pytest's assertion rewriter searches by path for
    # the names given to register_assert_rewrite) or after uninstall().  The
    # cached finder of each entry gets an instance attribute find_spec that
    # refuses names whose parent in sys.modules is an alias and passes
    # everything else to its own method: it stays the same object, of the
    # same class, for every other tool (no class is built: that would cost
    # the first legacy import more than the rest of it).
    for entry in list(path):  # type: ignore[call-overload]
        if not isinstance(entry, str) or not entry:
            continue
        finder = _path_entry_finder(entry)
        attributes = getattr(finder, "__dict__", None)
        if attributes is None or "find_spec" in attributes:
            continue  # None, a finder without attributes, or guarded already
        find = getattr(finder, "find_spec", None)
        if find is not None:  # not Python 3.9's zipimporter (find_loader only)
            attributes["find_spec"] = _refusing_alias_children(find)


def _refusing_alias_children(find: Any) -> Any:
    def find_spec(fullname: str, target: object = None) -> ModuleSpec | None:
        if fullname.startswith(PREFIXES):
            parent_name = fullname.rpartition(".")[0]
            parent = sys.modules.get(parent_name)
            if getattr(parent, "__name__", parent_name) != parent_name:
                return None  # a child of an alias: only the redirect answers
        spec: ModuleSpec | None = find(fullname, target)
        return spec

    return find_spec


def _path_entry_finder(entry: str) -> object:
    # The finder the path finder uses for entry (PEP 302 path hooks).
    cache = sys.path_importer_cache
    if entry in cache:
        return cache[entry]
    for hook in sys.path_hooks:
        try:
            finder = hook(entry)
        except ImportError:
            continue
        cache[entry] = finder
        return finder
    return None


def _flask_has_own_ext() -> bool:
    # Whether the installed Flask (0.8-0.12) ships its own ``flask.ext``.
    ext = sys.modules.get(EXT_PACKAGE)
    if ext is not None:
        return getattr(ext, "__loader__", None) is not _self
    flask = sys.modules.get("flask")
    if flask is not None:
        path = getattr(flask, "__path__", None)
    else:
        path = getattr(search("flask", None), "submodule_search_locations", None)
    return path is not None and search(EXT_PACKAGE, path) is not None


def _loads_in_progress() -> list[str]:
    loading: list[str] | None = getattr(_state, "loading", None)
    if loading is None:
        loading = _state.loading = []
    return loading


def _warn(legacy: str, target: str, command: str = "") -> None:
    # Emit one :class:`FlaskExtDeprecationWarning` for an import statement.
    #
    # It is attributed to the first frame outside importlib, runpy and this
    # package, and left out for the inner levels
    # of one dotted import (``import flask.ext.foo.bar`` loads two aliases),
    # for imports an extension makes of itself while it loads through an
    # alias, and for imports made by code that ``python -m flask.ext.foo``
    # runs.  Where warning filters turn it into an error, the import fails
    # with :class:`FlaskExtDeprecationError` instead.
    #
    # :param command: Set for ``python -m``: the replacement to name.  With no
    #     Python caller (the command line itself), the warning is attributed
    #     to ``__main__``, so Python's default filters show it.
    loading = _loads_in_progress()
    if loading and any(is_self_or_parent(name, target) for name in loading):
        return
    importer = _importer()
    if importer is None and not command:
        return  # imported from C or by runpy with no Python caller
    if importer is not None:
        frame, stacklevel, statement = importer
        spec = frame.f_globals.get("__spec__")
        if getattr(spec, "loader", None) is _self:
            return  # code run as python -m flask.ext.foo, importing its own
        # Opt-in recording (FLASK_EXT_REDIRECT_LOG), once per name and line,
        # before de-duplication and before a filter can escalate the warning.
        _record(legacy, target, frame)
        if _same_statement(frame, statement, legacy):
            return
    if command:
        message = f"use {command}"
    else:
        message = f'use "import {target}" instead of "import {legacy}"'
    if legacy.startswith("flask.ext."):
        message += " (flask.ext was removed in Flask 1.0)"
    try:
        if importer is None:
            warnings.warn_explicit(
                message,
                FlaskExtDeprecationWarning,
                "<command line>",
                1,
                module="__main__",
            )
        else:
            warnings.warn(message, FlaskExtDeprecationWarning, stacklevel=stacklevel)
    except FlaskExtDeprecationWarning as e:
        # An "error" filter: fail the import with an ImportError, so that
        # try/except ImportError fallbacks to the real name still run.
        from ._error import FlaskExtDeprecationError

        raise FlaskExtDeprecationError(str(e), name=legacy) from e


def _importer() -> tuple[FrameType, int, str | None] | None:
    # The frame of the statement importing, the stacklevel warnings.warn()
    # called from :func:`_warn` needs to reach it, and the name that
    # statement asked for (``flask.ext.foo.bar`` while its parent loads).
    # warnings.warn() steps over importlib's bootstrap frames by itself, so
    # only the other frames count.
    stacklevel = 1
    frame = sys._getframe(1)
    statement = None
    while True:
        outer = frame.f_back
        while outer is not None and _is_bootstrap(outer):
            if outer.f_code.co_name == "_find_and_load":
                statement = outer
            outer = outer.f_back
        if outer is None:
            return None
        frame = outer
        stacklevel += 1
        if not _is_import_machinery(frame):
            break
    name = None if statement is None else statement.f_locals.get("name")
    return frame, stacklevel, name


def _record(legacy: str, target: str, frame: FrameType) -> None:
    # The recorder loads only where recording may be on: it was switched on
    # from code (so it is imported already) or the variable is set.  Every
    # other process pays one dict look-up per warned import, not an import.
    if "flask_ext_redirect._recorder" not in sys.modules:
        if "FLASK_EXT_REDIRECT_LOG" not in os.environ:
            return
    from . import _recorder

    _recorder.seen(legacy, target, frame.f_code.co_filename, frame.f_lineno)


def _same_statement(frame: FrameType, statement: str | None, legacy: str) -> bool:
    # Whether ``legacy`` is an inner level of the statement warned about last.
    #
    # One statement that loads several dotted levels (``import
    # flask.ext.foo.bar`` loads ``flask.ext.foo``, then ``flask.ext.foo.bar``)
    # warns once, for the first.  A statement is its frame, instruction and
    # code object, and the name it imports: a loop or a helper importing two
    # legacy names from one line runs two statements, and warns twice.  The
    # code object is compared by identity and kept alive, so its id cannot be
    # reused meanwhile.
    last = getattr(_state, "last_warned", None)
    if (
        last is not None
        and last[0] == id(frame)
        and last[1] == frame.f_lasti
        and last[2] is frame.f_code
        and last[3] == statement
        and legacy.startswith(last[4] + ".")
    ):
        if legacy == statement:
            _state.last_warned = None  # the statement's last level: done
        return True
    _state.last_warned = (id(frame), frame.f_lasti, frame.f_code, statement, legacy)
    return False


def _is_bootstrap(frame: FrameType) -> bool:
    # The test warnings.warn() itself uses for frames to step over.
    filename = frame.f_code.co_filename
    return "importlib" in filename and "_bootstrap" in filename


def _is_import_machinery(frame: FrameType) -> bool:
    # importlib.util.find_spec() imports parents; runpy imports for -m.
    name: str = frame.f_globals.get("__name__", "")
    return name in (
        "importlib",
        "runpy",
        "_flask_ext_redirect_startup",
        "flask_ext_redirect",
    ) or name.startswith(("flask_ext_redirect.", "importlib."))


def _dir_of_ext_package() -> list[str]:
    # dir(flask.ext), listed by _extensions on first use.
    from ._extensions import dir_of_ext_package

    return dir_of_ext_package()
