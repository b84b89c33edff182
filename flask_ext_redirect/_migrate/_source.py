"""Offsets, lines and edits on decoded source text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ._model import Edit

# The parser ends lines at \r\n, \r and \n only (not at \f, \v or the Unicode
# separators that str.splitlines() also honours), so line numbers from ast
# and tokenize agree with this index.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split like the tokenizer does, keeping the line ends."""
    return _LINE.findall(text)


def newline_of(text: str) -> str:
    """The newline style the file already uses (``\\n`` when it has none)."""
    match = _NEWLINE.search(text)
    return match.group() if match else "\n"


class LineIndex:
    """Turn (line, column) positions into offsets into the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, col: int) -> int:
        """Offset of a 1-based line and a column counted in characters."""
        return self.starts[line - 1] + col

    def offset_utf8(self, line: int, col: int) -> int:
        """Offset of a 1-based line and a column counted in UTF-8 bytes.

        ``ast`` counts columns in UTF-8 bytes, whatever the file's encoding.
        """
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        if not text.isascii():
            col = len(text.encode("utf-8")[:col].decode("utf-8", "replace"))
        return self.starts[line - 1] + col

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset."""
        return bisect.bisect_right(self.starts, offset)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; the caller guarantees they don't overlap."""
    parts: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < pos:
            raise ValueError("overlapping edits")
        parts.append(text[pos : edit.start])
        parts.append(edit.new)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)
