"""Converters for ``detect_types``, registered explicitly when opted in.

Python 3.12 deprecated the ``date`` and ``timestamp`` converters and the
``date`` and ``datetime`` adapters that :mod:`sqlite3` registers by itself
(using them warns).  With ``SQLITE3_DETECT_TYPES`` set, ``init_app``
registers these replacements, which read and write the same text formats.
"""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any
from typing import Callable

#: The converter names this module registers, as a declared column type
#: (``created TIMESTAMP``) or a column name suffix (``AS "t [timestamp]"``).
CONVERTER_NAMES = ("DATE", "TIMESTAMP")


def convert_date(value: bytes) -> datetime.date:
    """``DATE`` columns: ``2024-05-01`` to :class:`datetime.date`."""
    return datetime.date.fromisoformat(value.decode())


def convert_timestamp(value: bytes) -> datetime.datetime:
    """``TIMESTAMP`` columns: ``2024-05-01 12:30:00[.ffffff]`` to
    :class:`datetime.datetime`, as the old default converter read them.
    """
    text = value.decode()
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        # Before 3.11 fromisoformat reads only 3 or 6 digits of a fraction;
        # the old converter accepted any number, so pad or cut to 6.
        head, dot, fraction = text.partition(".")
        if not (dot and fraction.isdigit()):
            raise
        return datetime.datetime.fromisoformat(f"{head}.{fraction[:6]:0<6}")


def adapt_date(value: datetime.date) -> str:
    """Store a :class:`datetime.date` as ISO 8601 text."""
    return value.isoformat()


def adapt_datetime(value: datetime.datetime) -> str:
    """Store a :class:`datetime.datetime` as ISO 8601 text, space separated."""
    return value.isoformat(" ")


def _is_stdlib_default(function: object) -> bool:
    return getattr(function, "__module__", None) == "sqlite3.dbapi2"


def register_types() -> None:
    """Replace sqlite3's deprecated default converters and adapters.

    The registries of :mod:`sqlite3` are process-wide, so an entry the
    application registered itself is left alone; only a missing entry or the
    deprecated stdlib default is replaced.  Idempotent.
    """
    converters: dict[str, Callable[[bytes], Any]] = {
        "DATE": convert_date,
        "TIMESTAMP": convert_timestamp,
    }
    registered: dict[str, object] = getattr(sqlite3, "converters", {})
    for name, converter in converters.items():
        current = registered.get(name)
        if current is None or _is_stdlib_default(current):
            sqlite3.register_converter(name, converter)
    adapters: dict[type[Any], Callable[[Any], str]] = {
        datetime.date: adapt_date,
        datetime.datetime: adapt_datetime,
    }
    registered_adapters: dict[object, object] = getattr(sqlite3, "adapters", {})
    for kind, adapter in adapters.items():
        current = registered_adapters.get((kind, sqlite3.PrepareProtocol))
        if current is None or _is_stdlib_default(current):
            sqlite3.register_adapter(kind, adapter)
