"""Make old ``flask.ext`` imports work on Flask 1.x-3.x, and help code stop
needing them.

Installing the distribution switches the redirect on at interpreter start;
these functions control it by hand (frozen apps, ``python -S``, tests).
"""

from _flask_ext_redirect_startup import FlaskExtDeprecationWarning
from _flask_ext_redirect_startup import install
from _flask_ext_redirect_startup import is_installed
from _flask_ext_redirect_startup import uninstall

from ._listing import extensions

__all__ = [
    "FlaskExtDeprecationWarning",
    "extensions",
    "install",
    "is_installed",
    "uninstall",
]
