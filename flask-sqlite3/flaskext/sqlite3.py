"""The old name of :mod:`flask_sqlite3`, for code that still imports
``flaskext.sqlite3``.  Importing it warns with a :exc:`DeprecationWarning`
that points at the importing line.

.. deprecated:: 1.0
    Import :mod:`flask_sqlite3` instead.
"""

from __future__ import annotations

import warnings

from flask_sqlite3 import SchemaError
from flask_sqlite3 import SQLite3

__all__ = ["SQLite3", "SchemaError"]

# stacklevel=2 is the importer: warnings.warn() steps over importlib's own
# frames by itself.  A plain DeprecationWarning, because Flask-SQLite3 does
# not depend on Flask-Ext-Redirect (whose FlaskExtDeprecationWarning
# subclasses it).
warnings.warn(
    'use "import flask_sqlite3" instead of "import flaskext.sqlite3"',
    DeprecationWarning,
    stacklevel=2,
)
