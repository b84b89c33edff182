"""The error a legacy import raises where warning filters escalate its
warning.  Loaded on first use: most processes that make a legacy import
never need it, and creating a class costs about what importing a small
module does.
"""

from __future__ import annotations

from ._warning import FlaskExtDeprecationWarning


class FlaskExtDeprecationError(ImportError, FlaskExtDeprecationWarning):
    """A legacy import stopped because warning filters (``-W error``,
    pytest's ``filterwarnings = error``) turned its
    :class:`FlaskExtDeprecationWarning` into an error.

    It is an :exc:`ImportError`, so ``try: from flask.ext.foo import x /
    except ImportError: from flask_foo import x`` falls back to the real
    name, and a :class:`FlaskExtDeprecationWarning`, so code expecting the
    escalated warning still catches it.  The message is the warning's, and
    the warning is its ``__cause__``.

    .. versionadded:: 1.0
    """


# Named, and pickled, as what it is: flask_ext_redirect's.
FlaskExtDeprecationError.__module__ = "flask_ext_redirect"
