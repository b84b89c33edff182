"""Legacy module names, canonical: the redirect's rule, applied statically."""

from __future__ import annotations

from .._names import candidates


def canonical(dotted: str) -> str:
    """The name code means, whichever era wrote it.

    ``flask.ext.foo[.rest]`` and ``flaskext.foo[.rest]`` become
    ``flask_foo[.rest]``: the module the redirect tries first, and what
    ``migrate --target flask_`` writes. So a file scanned before and after
    ``migrate`` yields the same names (``auto`` may keep ``flaskext.foo``
    where only that is installed; it is still reported as ``flask_foo``).
    Anything else comes back unchanged.
    """
    if dotted.startswith("flask.ext."):
        head, _, rest = dotted[len("flask.ext.") :].partition(".")
    elif dotted.startswith("flaskext."):
        head, _, rest = dotted[len("flaskext.") :].partition(".")
    else:
        return dotted
    if not head.isidentifier():
        return dotted
    new = candidates(head)[0]
    return f"{new}.{rest}" if rest else new
