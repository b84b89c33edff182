"""The old name of :mod:`flask_sqlite3`, for code that still imports
``flaskext.sqlite3``.  Importing it warns with
:class:`flask_ext_redirect.FlaskExtDeprecationWarning`.

.. deprecated:: 1.0
    Import :mod:`flask_sqlite3` instead.
"""

from __future__ import annotations

from flask_ext_redirect._warnings import warn_legacy_import
from flask_sqlite3 import SchemaError
from flask_sqlite3 import SQLite3

__all__ = ["SQLite3", "SchemaError"]

warn_legacy_import("flaskext.sqlite3", "flask_sqlite3")
