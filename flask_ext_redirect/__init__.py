"""Make old ``flask.ext`` imports work on Flask 1.x-3.x, and help code stop
needing them.

Installing the distribution switches the redirect on at interpreter start;
:func:`install` and :func:`uninstall` do it by hand (frozen apps,
``python -S``, tests).  Setting the environment variable
``FLASK_EXT_REDIRECT=0`` keeps it off at start-up.  :func:`record_legacy_imports`
(or ``FLASK_EXT_REDIRECT_LOG=1``) records the legacy imports that still run.
"""

from _flask_ext_redirect_startup import install
from _flask_ext_redirect_startup import is_installed
from _flask_ext_redirect_startup import uninstall

from ._warning import FlaskExtDeprecationWarning

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._error import FlaskExtDeprecationError
    from ._extensions import extensions
    from ._recorder import legacy_imports
    from ._recorder import LegacyImport
    from ._recorder import record_legacy_imports

#: Names loaded on first use: the first legacy import loads this package, and
#: should not pay for them.
_LAZY = {
    "FlaskExtDeprecationError": "_error",
    "extensions": "_extensions",
    "legacy_imports": "_recorder",
    "LegacyImport": "_recorder",
    "record_legacy_imports": "_recorder",
}

__all__ = [
    "FlaskExtDeprecationError",
    "FlaskExtDeprecationWarning",
    "LegacyImport",
    "extensions",
    "install",
    "is_installed",
    "legacy_imports",
    "record_legacy_imports",
    "uninstall",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
