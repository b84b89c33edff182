"""Make old ``flask.ext`` imports work on Flask 1.x-3.x, and help code stop
needing them.

Installing the distribution switches the redirect on at interpreter start;
:func:`install` and :func:`uninstall` do it by hand (frozen apps,
``python -S``, tests).  Setting the environment variable
``FLASK_EXT_REDIRECT=0`` keeps it off at start-up.
"""

from _flask_ext_redirect_startup import install
from _flask_ext_redirect_startup import is_installed
from _flask_ext_redirect_startup import uninstall

from ._redirect import extensions
from ._redirect import FlaskExtDeprecationWarning

__all__ = [
    "FlaskExtDeprecationError",
    "FlaskExtDeprecationWarning",
    "extensions",
    "install",
    "is_installed",
    "uninstall",
]


def __getattr__(name: str) -> object:
    # FlaskExtDeprecationError is built on first use (see _redirect).
    if name == "FlaskExtDeprecationError":
        from ._redirect import _error_class

        return _error_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
