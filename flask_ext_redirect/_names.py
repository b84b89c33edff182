"""The one rule that maps ``flask.ext.<name>`` to a real module.

The redirect defines it; the migration codemod and ``doctor`` rewrite and
report by the very same rule, from here.
"""

from __future__ import annotations

from ._redirect import _find_candidate
from ._redirect import candidates
from ._redirect import is_extension_name

__all__ = ["candidates", "locate"]


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
        if _find_candidate(candidate) is not None:
            return candidate
    return None
