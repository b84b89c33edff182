"""The knowledge base of the flask.ext era: which extensions of that time
work on Flask 2.x/3.x, and which APIs of Flask and its companions were
removed or changed, when, and what replaces them.

The data is one reviewed file shipped in the package, ``knowledge.json``;
:func:`load` reads and validates it once.  ``doctor`` reports from it and
``migrate --upgrade`` takes its mechanical rewrites from it.  See
docs/knowledge.rst for what it covers and how each entry is checked.
"""

from __future__ import annotations

import functools
from importlib import resources

from ._fixer_ids import FIXER_IDS
from ._load import from_json
from ._load import from_mapping
from ._model import Api
from ._model import BadDistribution
from ._model import Extension
from ._model import KnowledgeBase
from ._packaging import Backport
from ._packaging import Release
from ._packaging import Successor
from ._packaging import TemplateChange
from ._versions import is_at_least
from ._versions import parse_version

__all__ = [
    "FIXER_IDS",
    "Api",
    "Backport",
    "BadDistribution",
    "Extension",
    "KnowledgeBase",
    "Release",
    "Successor",
    "TemplateChange",
    "from_json",
    "from_mapping",
    "is_at_least",
    "load",
    "parse_version",
]


@functools.cache
def load() -> KnowledgeBase:
    """The knowledge base shipped with this package, read once.

    :raises ValueError: the shipped file does not follow the schema; the
        message names the entry and the field.
    """
    text = resources.files(__name__).joinpath("knowledge.json").read_text("utf-8")
    return from_json(text, origin="flask_ext_redirect/_era/knowledge.json")
