"""Make old ``flask.ext`` imports work on Flask 1.x-3.x, and help code stop
needing them.

Installing the distribution switches the redirect on at interpreter start;
:func:`install` and :func:`uninstall` do it by hand (frozen apps,
``python -S``, tests).
"""

from ._activation import install
from ._activation import is_installed
from ._activation import uninstall
from ._listing import extensions
from ._redirect import FlaskExtDeprecationWarning

__all__ = [
    "FlaskExtDeprecationWarning",
    "extensions",
    "install",
    "is_installed",
    "uninstall",
]
