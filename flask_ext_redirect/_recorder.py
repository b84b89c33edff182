"""Record the legacy imports that still run, for deployments where nobody
sees warnings (``flask run``, gunicorn, waitress): opt-in, once per legacy
name and importing line, through :mod:`logging`.

The redirect calls :func:`seen` for every legacy import it warns about,
with the importing code's file and line.  Off by default, that call costs
one dictionary look-up; the environment variable is read at the first
legacy import, never at interpreter start, and :mod:`logging` is imported
only when the first record is logged.
"""

from __future__ import annotations

import _thread
import os

#: The logger the records go to.
LOGGER = "flask_ext_redirect.legacy"
#: Setting this to ``1`` (``true``, ``yes``, ``on``) switches recording on.
ENV = "FLASK_EXT_REDIRECT_LOG"

# Empty until the first legacy import reads the environment variable (or
# record_legacy_imports() is called): keys "on" and "log".
_state: dict[str, bool] = {}
_seen: set[tuple[str, str, int]] = set()
_records: list[LegacyImport] = []
_lock = _thread.allocate_lock()


class LegacyImport:
    """One distinct legacy import: which name, from which line of code.

    .. versionadded:: 1.0
    """

    __slots__ = ("filename", "legacy", "lineno", "target")

    def __init__(self, legacy: str, target: str, filename: str, lineno: int) -> None:
        #: The legacy name imported, ``"flask.ext.sqlite3"``.
        self.legacy = legacy
        #: The module it resolved to, ``"flask_sqlite3"``.
        self.target = target
        #: The file of the importing code.
        self.filename = filename
        #: The line of the importing statement.
        self.lineno = lineno

    def __repr__(self) -> str:
        return (
            f"LegacyImport({self.legacy!r}, {self.target!r},"
            f" {self.filename!r}, {self.lineno!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LegacyImport):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[str, str, str, int]:
        return (self.legacy, self.target, self.filename, self.lineno)


def record_legacy_imports(*, log: bool = True) -> None:
    """Record every distinct legacy import from now on, in this process.

    Each legacy name imported from a given file and line is recorded once;
    :func:`legacy_imports` returns the records.  With ``log`` (the default),
    each is also logged as a warning on the logger
    ``flask_ext_redirect.legacy``, with the fields ``legacy_name``,
    ``target``, ``importer`` and ``importer_lineno`` for log formatters.
    Setting the environment variable ``FLASK_EXT_REDIRECT_LOG=1`` does the
    same without touching the code.

    Only imports that reach the redirect are seen: the first import of each
    legacy module in a process.  Later imports of the same name find it in
    :data:`sys.modules` and run no code of ours (see :doc:`resolution`).

    :param log: Log each new record, not only keep it.

    .. versionadded:: 1.0
    """
    _state["on"] = True
    _state["log"] = log


def legacy_imports() -> tuple[LegacyImport, ...]:
    """The legacy imports recorded so far in this process, oldest first;
    empty unless recording is on.

    .. versionadded:: 1.0
    """
    with _lock:
        return tuple(_records)


def seen(legacy: str, target: str, filename: str, lineno: int) -> None:
    """Called by the redirect for each legacy import, with the importer's
    file and line."""
    if "on" not in _state:
        value = os.environ.get(ENV, "").strip().lower()
        _state["on"] = _state["log"] = value in ("1", "true", "yes", "on")
    if not _state["on"]:
        return
    key = (legacy, filename, lineno)
    with _lock:
        if key in _seen:
            return
        _seen.add(key)
        record = LegacyImport(legacy, target, filename, lineno)
        _records.append(record)
    if _state["log"]:
        _log(record)


def _log(record: LegacyImport) -> None:
    import logging

    logging.getLogger(LOGGER).warning(
        "legacy import %r at %s:%d (use %r instead)",
        record.legacy,
        record.filename,
        record.lineno,
        record.target,
        extra={
            "legacy_name": record.legacy,
            "target": record.target,
            "importer": record.filename,
            "importer_lineno": record.lineno,
        },
    )
