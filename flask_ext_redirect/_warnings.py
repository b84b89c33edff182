"""Deprecation warnings for legacy import names defined by real modules."""

from ._redirect import _warn


def warn_legacy_import(legacy: str, replacement: str) -> None:
    """Warn that the module being imported has a legacy name.

    Call it at the top level of a compatibility module (``flaskext.sqlite3``)
    to give its importers the same :class:`FlaskExtDeprecationWarning` the
    redirect gives, attributed to their import line.

    :param legacy: The name being imported, ``"flaskext.sqlite3"``.
    :param replacement: The name to import instead, ``"flask_sqlite3"``.
    """
    # skip=1: the first frame outside the import machinery is the
    # compatibility module's own body; its importer is the one after it.
    _warn(legacy, replacement, skip=1)
