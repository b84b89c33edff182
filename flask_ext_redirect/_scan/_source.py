"""Parse a source text for the scanner, the way ``migrate`` decodes it."""

from __future__ import annotations

import ast
import warnings

from ._model import Scan
from ._reader import scan_tree


def parse(text: str) -> ast.Module:
    """Parse Python 3 source quietly (the user's invalid escapes and the
    like are not ours to report).

    :raise SyntaxError: when it is not Python 3 (Python 2, or broken).
    :raise ValueError: on null bytes.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def scan(text: str, methods: frozenset[str] | None = None) -> Scan:
    """Scan decoded Python 3 source.

    :param text: The source, newlines untranslated.
    :param methods: Record method uses of these names only (all when None).
    :raise SyntaxError: when it does not parse as Python 3.
    """
    return scan_tree(text, parse(text), methods)
