"""Write reports on any stream, whatever its encoding: a file named
``é.py`` reported on an ASCII terminal (``PYTHONIOENCODING=ascii``) comes
out as ``\\xe9.py`` rather than as a UnicodeEncodeError."""

from __future__ import annotations

import io
from typing import TextIO


class _Escaping(io.TextIOBase):
    """A text stream that escapes what ``target``'s encoding cannot hold."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.encoding_name = getattr(target, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        safe = text.encode(self.encoding_name, "backslashreplace").decode(
            self.encoding_name
        )
        self.target.write(safe)
        return len(text)

    def flush(self) -> None:
        self.target.flush()


def escaping(stream: TextIO) -> TextIO:
    """``stream``, writing unencodable characters as backslash escapes.

    A stream without an encoding (``io.StringIO``) holds any text and is
    returned as it is.
    """
    if getattr(stream, "encoding", None) is None:
        return stream
    return _Escaping(stream)  # type: ignore[return-value]
