"""The imports of Python 2 source, from its tokens.

``ast`` cannot read Python 2, but Python 3's tokenizer can (``migrate``'s
Python 2 engine relies on the same), and import statements are simple
token sequences. ``doctor`` reports a Python 2 file as one to port, and
still names what its imports need: missing, dead and renamed modules.
"""

from __future__ import annotations

import tokenize

from .._migrate._py2 import tokens
from .._migrate._source import LineIndex
from ._model import Import
from ._model import Span
from ._names import canonical

_SKIP = {tokenize.NL, tokenize.COMMENT}
_ENDS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def py2_imports(text: str) -> list[Import]:
    """Every ``import`` and ``from ... import`` statement of ``text``.

    :raise tokenize.TokenError: or :exc:`SyntaxError` when the text does
        not tokenize.
    """
    index = LineIndex(text)
    sig = [t for t in tokens(text) if t.type not in _SKIP]
    found: list[Import] = []
    start = True
    i = 0
    while i < len(sig):
        tok = sig[i]
        if tok.type in _ENDS or tok.string == ";":
            start = True
            i += 1
            continue
        if start and tok.type == tokenize.NAME and tok.string in ("import", "from"):
            end = i
            while end < len(sig) and not (
                sig[end].type in _ENDS or sig[end].string == ";"
            ):
                end += 1
            found.extend(_statement(sig[i:end], index))
            i = end
            continue
        start = tok.string == ":"  # ``try: import x`` on one line
        i += 1
    return found


def _span(
    index: LineIndex, first: tokenize.TokenInfo, last: tokenize.TokenInfo
) -> Span:
    (line, col), (end_line, end_col) = first.start, last.end
    return Span(
        line,
        col,
        end_line,
        end_col,
        index.offset(line, col),
        index.offset(end_line, end_col),
    )


def _dotted(toks: list[tokenize.TokenInfo], i: int) -> tuple[str, int]:
    """A dotted name starting at ``toks[i]``, and the index after it."""
    parts = []
    while (
        i < len(toks) and toks[i].type == tokenize.NAME and toks[i].string != "import"
    ):
        parts.append(toks[i].string)
        if i + 1 < len(toks) and toks[i + 1].string == ".":
            i += 2
        else:
            i += 1
            break
    return ".".join(parts), i


def _statement(toks: list[tokenize.TokenInfo], index: LineIndex) -> list[Import]:
    whole = _span(index, toks[0], toks[-1])
    found = []
    if toks[0].string == "import":
        i = 1
        while i < len(toks):
            if toks[i].string in ",()":
                i += 1
                continue
            first = i
            name, i = _dotted(toks, i)
            if not name:
                break
            asname = None
            if i + 1 < len(toks) and toks[i].string == "as":
                asname = toks[i + 1].string
                i += 2
            qualname = canonical(name)
            found.append(
                Import(qualname, None, asname, 0, qualname, name, whole,
                       _span(index, toks[first], toks[i - 1]))
            )  # fmt: skip
        return found
    i = 1
    level = 0
    while i < len(toks) and toks[i].string in (".", "..."):
        level += len(toks[i].string)
        i += 1
    written, i = _dotted(toks, i)
    if i >= len(toks) or toks[i].string != "import":
        return found
    i += 1
    module = canonical(written) if level == 0 else "." * level + written
    while i < len(toks):
        if toks[i].string in ",()":
            i += 1
            continue
        first = i
        name = toks[i].string
        i += 1
        asname = None
        if i + 1 < len(toks) and toks[i].string == "as":
            asname = toks[i + 1].string
            i += 2
        if level:
            qualname = f"{module}.{name}" if written else module + name
        else:
            qualname = canonical(f"{module}.{name}")
        found.append(
            Import(module, name, asname, level, qualname, written, whole,
                   _span(index, toks[first], toks[i - 1]))
        )  # fmt: skip
    return found
