"""The recall rules' reading of a file, whether the prefilter let it
through (:func:`source_of` a full scan) or skipped it (:func:`skimmed`)."""

from __future__ import annotations

import os

from .._migrate._files import decode
from .._migrate._model import Unsafe
from .._scan import FileScan
from .._scan._files import scan_bytes
from ._model import FileFacts
from ._skim import needs_parse
from ._skim import skim
from ._source import read_source
from ._source import SourceFacts
from ._source import SourceImport


def source_of(scanned: FileScan) -> SourceFacts | None:
    """The recall facts of a scanned file; a Python 2 file's from the
    imports its tokens show (enough to follow what it imports)."""
    if scanned.scan is None:
        return None
    if scanned.error is None:
        return read_source(scanned.text)
    return SourceFacts(
        imports=[
            SourceImport(
                imp.module.lstrip("."),
                (imp.name,) if imp.name else (),
                imp.level,
                imp.span.lineno,
                imp.span.col,
                False,
                imp.span.col > 0,
            )
            for imp in scanned.scan.imports
        ]
    )


def skimmed(path: str, data: bytes) -> FileFacts | None:
    """A file the prefilter skipped: only what the recall rules read, or
    the full reading when it does not parse (so its error is reported)."""
    from ._match import facts

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
