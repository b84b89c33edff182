"""The codemod behind ``flask-ext-redirect migrate``."""

from __future__ import annotations

from ._engine import rewrite_source
from ._model import Rewrite
from ._model import Unsafe
from ._targets import Targets

__all__ = ["Rewrite", "Targets", "Unsafe", "rewrite_source"]
