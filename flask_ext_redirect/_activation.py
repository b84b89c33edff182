"""Switch the redirect on and off by hand.

The ``.pth`` file does it at interpreter start; these are for frozen
applications, ``python -S``, embedded interpreters and tests.  The finder
itself lives in the start-up module, so that starting Python never has to
load this package.
"""

from __future__ import annotations

import _flask_ext_redirect_startup as _startup

#: Setting this environment variable to ``0`` (or ``false``, ``no``,
#: ``off``) keeps the redirect from being switched on at interpreter start.
#: :func:`install` ignores it.
ENV_VAR = "FLASK_EXT_REDIRECT"


def install() -> None:
    """Put the ``flask.ext`` finder first on :data:`sys.meta_path`.

    Idempotent: there is never more than one.
    """
    _startup.install()


def uninstall() -> None:
    """Take the ``flask.ext`` finder off :data:`sys.meta_path`.

    Modules already imported through ``flask.ext`` stay imported.
    Idempotent.
    """
    _startup.uninstall()


def is_installed() -> bool:
    """Whether the ``flask.ext`` finder is on :data:`sys.meta_path`."""
    return _startup.is_installed()
