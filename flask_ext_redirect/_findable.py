"""Whether a module exists in its own right, asked without importing it."""

from __future__ import annotations

import importlib.util
import sys
import warnings


def findable(name: str) -> bool:
    """Whether *name* can be found, without importing it.

    The redirect's finder is set aside meanwhile: it would answer for
    ``flaskext.foo`` whenever ``flask_foo`` exists, and for every
    ``flask.ext`` name.  ``doctor`` and its diagnosis both ask this.
    """
    saved = sys.meta_path[:]
    sys.meta_path[:] = [
        f for f in saved if getattr(f, "__name__", "") != "_flask_ext_redirect_startup"
    ]
    try:
        with warnings.catch_warnings():
            # Old flaskext namespaces import pkg_resources, which warns.
            warnings.simplefilter("ignore")
            return importlib.util.find_spec(name) is not None
    except Exception:  # a broken parent package: not importable either
        return False
    finally:
        sys.meta_path[:] = saved
