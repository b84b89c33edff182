"""The recall rules' reading of a file the prefilter let through: from
its full scan (files it skipped: :mod:`._skipped`)."""

from __future__ import annotations

from .._scan import FileScan
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
