"""The static reader shared by ``doctor`` and ``migrate --upgrade``.

:func:`scan` reads one Python 3 module with ``ast`` and resolves names
through its imports, scope by scope, into qualified names: ``Markup`` after
``from flask import Markup`` is ``flask.Markup``; ``fixers.ProxyFix`` after
``from werkzeug.contrib import fixers`` is ``werkzeug.contrib.fixers.ProxyFix``;
a parameter or local variable named like an import shadows it. Legacy
``flask.ext.foo`` and ``flaskext.foo`` names come out as ``flask_foo`` (see
:func:`canonical`), so code reads the same before and after ``migrate``.

Every use carries a :class:`Span`: line and column (in characters) and
offsets into the text, ready for edits.

:func:`scan_paths` runs a function over the scans of many files: the same
walker, decoding and process pool as ``migrate``, after a cheap byte-level
filter (:class:`Prefilter`) that skips files naming nothing of interest.
"""

from __future__ import annotations

from ._files import FileScan
from ._files import Prefilter
from ._files import scan_file
from ._files import scan_paths
from ._files import Tree
from ._model import Base
from ._model import Call
from ._model import ClassDef
from ._model import ConfigKey
from ._model import Import
from ._model import Keyword
from ._model import MethodUse
from ._model import Reference
from ._model import Scan
from ._model import Span
from ._names import canonical
from ._source import parse
from ._source import scan

__all__ = [
    "Base",
    "Call",
    "ClassDef",
    "ConfigKey",
    "FileScan",
    "Import",
    "Keyword",
    "MethodUse",
    "Prefilter",
    "Reference",
    "Scan",
    "Span",
    "Tree",
    "canonical",
    "parse",
    "scan",
    "scan_file",
    "scan_paths",
]
