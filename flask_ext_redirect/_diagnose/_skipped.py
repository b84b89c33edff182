"""The recall rules' reading of a file the prefilter skipped: its import
lines by pattern where nothing else may be there, else parsed; the full
reading where it does not parse, so its error is reported."""

from __future__ import annotations

import os

from .._migrate._files import decode
from .._migrate._model import Unsafe
from .._scan._files import scan_bytes
from ._match import facts
from ._model import FileFacts
from ._skim import needs_parse
from ._skim import skim
from ._source import read_source


def skimmed(path: str, data: bytes) -> FileFacts | None:
    """A file the prefilter skipped: only what the recall rules read, or
    the full reading when it does not parse (so its error is reported)."""
    try:
        text, _ = decode(data)
    except Unsafe:
        return facts(scan_bytes(path, data))
    if not needs_parse(text):
        return FileFacts(os.path.normpath(path), source=skim(text), light=True)
    source = read_source(text)
    if source is None:
        return facts(scan_bytes(path, data))
    return FileFacts(os.path.normpath(path), source=source, light=True)
