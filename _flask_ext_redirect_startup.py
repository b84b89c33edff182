# Start-up hook of Flask-Ext-Redirect: puts the flask.ext finder on
# sys.meta_path.  Public API: flask_ext_redirect.install() and friends.
#
# The line in flask_ext_redirect.pth imports it at every interpreter start and
# the import runs activate(); from Python 3.15 on, flask_ext_redirect.start
# names activate() instead (PEP 829), which then finds the finder installed
# already.  Every Python process with the distribution installed imports this
# module, hence its shape:
# - it imports only what site.py has imported already (os, sys);
# - it defines no class: the module object itself is the finder, since the
#   import system only needs its find_spec attribute, and building a class
#   costs about as much as importing a second module;
# - its explanations are comments, not docstrings, which every start would
#   load (the three public functions keep short ones for the API docs);
# - the .pth line is a bare import (a longer line costs site.py a longer
#   compile at every start), so activation happens on import;
# - the redirect itself (flask_ext_redirect._redirect) loads on the first
#   flask.ext import, not before.
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

# The finder answers only for names that start with these ("flaskext" itself
# included: where no flaskext package is installed, the redirect provides one).
_PREFIXES = ("flask.ext", "flaskext")

_self = sys.modules[__name__]


def find_spec(
    fullname: str, path: object = None, target: object = None
) -> "ModuleSpec | None":
    # Called for every import in the process: refuse other names with one
    # str.startswith call.
    if not fullname.startswith(_PREFIXES):
        return None
    try:
        from flask_ext_redirect._redirect import find_legacy_spec
    except ModuleNotFoundError as e:
        if e.name is not None and e.name.startswith("flask_ext_redirect"):
            return None  # the package was removed: fail as any missing module
        raise
    return find_legacy_spec(fullname)


def activate() -> None:
    # Install the finder unless FLASK_EXT_REDIRECT is 0, false, no or off.
    # Never raises: a broken install must not stop Python from starting.
    try:
        if os.environ.get("FLASK_EXT_REDIRECT", "").strip().lower() not in (
            "0",
            "false",
            "no",
            "off",
        ):
            install()
    except Exception:  # pragma: no cover - start-up must go on regardless
        pass


def install() -> None:
    """Put the ``flask.ext`` finder on :data:`sys.meta_path`.  Idempotent."""
    # Just in front of the path finder: after the built-in and frozen
    # importers, which never answer these names (so built-in and frozen
    # imports do not call us at all), and before the path finder, so that a
    # submodule of a redirected extension (flask.ext.foo.bar) is never found
    # by path under the alias name and run a second time as another module,
    # the fault of Flask's own hook on Python 3.
    if not is_installed():
        index = 0
        for i, finder in enumerate(sys.meta_path):
            if getattr(finder, "__name__", None) == "PathFinder":
                index = i
                break
        sys.meta_path.insert(index, _self)


def uninstall() -> None:
    """Take the finder off :data:`sys.meta_path`; imported modules stay."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if finder is not _self]


def is_installed() -> bool:
    """Whether the ``flask.ext`` finder is on :data:`sys.meta_path`."""
    return any(finder is _self for finder in sys.meta_path)


activate()
