# The one rule that maps ``flask.ext.<name>`` to a real module, and how the
# real module is found without running it.  The redirect's loader and its
# helpers, the migration codemod and ``doctor`` all resolve by this module,
# which imports nothing of the package: every other part imports it, never
# the reverse.
#
# The first legacy import of a process loads this module, so it holds only
# what that import runs (and locate(), one small function); its
# explanations are comments, not docstrings, which every load would
# unmarshal.
from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = ["candidates", "locate"]

#: The names the redirect may answer for; the start-up finder filters on them.
PREFIXES = ("flask.ext", "flaskext.")
EXT_PACKAGE = "flask.ext"
LEGACY_NAMESPACE = "flaskext"


def candidates(name: str) -> tuple[str, str]:
    # The modules flask.ext.<name> may be, in the order they are tried
    # (``name`` is "sqlite3" for flask.ext.sqlite3).
    return ("flask_" + name, "flaskext." + name)


def is_extension_name(name: str) -> bool:
    # Whether ``name`` may follow flask.ext.: an identifier, not a dunder, and
    # not ext_redirect (this package, which is no extension).  Anything else
    # (flask.ext..x, flask.ext.__init__) is left to the ordinary "No module
    # named" error.
    if name == "ext_redirect" or not name.isidentifier():
        return False
    return not (name.startswith("__") and name.endswith("__"))


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
        if find_candidate(candidate) is not None:
            return candidate
    return None


def is_self_or_parent(name: str, module: str) -> bool:
    # Whether ``name`` is ``module`` or one of its parent packages.
    return module == name or module.startswith(name + ".")


def find_candidate(name: str) -> ModuleSpec | ModuleType | None:
    # The module ``name`` if imported, else its spec found the way an import
    # finds it, but without running it; ``None`` if it does not exist.  Parent
    # packages are imported, as an import would.
    module = sys.modules.get(name)
    if module is not None:
        return module
    parent_name = name.rpartition(".")[0]
    path = None
    if parent_name:
        try:
            __import__(parent_name)
        except ModuleNotFoundError as e:
            # Only "the parent does not exist" means "not found"; a module
            # the parent fails to import is the parent's own error.
            if e.name is not None and is_self_or_parent(e.name, parent_name):
                return None
            raise
        path = getattr(sys.modules[parent_name], "__path__", None)
        if path is None:
            return None
    return find_real(name, path)


def find_real(name: str, path: object) -> ModuleSpec | ModuleType | None:
    # The module ``name`` if imported, else its spec in ``path`` (None: the
    # top level); ``None`` where it does not exist or its import is blocked.
    module = sys.modules.get(name)
    if module is not None:
        return module
    if name in sys.modules:
        return None  # None in sys.modules: the import is blocked
    return search(name, path)


def search(name: str, path: object) -> ModuleSpec | None:
    # Ask every finder on sys.meta_path but the redirect for ``name``.
    for finder in sys.meta_path:
        if getattr(finder, "__name__", None) == "_flask_ext_redirect_startup":
            continue
        find = getattr(finder, "find_spec", None)
        if find is not None:
            spec: ModuleSpec | None = find(name, path, None)
            if spec is not None:
                return spec
    return None
