"""``# doctor: ignore[ID, ...]`` comments: which findings a line silences.

A comment silences findings on its own line; on a statement written over
several lines (brackets, backslashes, a long string), a comment on its
first or last line silences findings anywhere in it. A bare
``# doctor: ignore`` silences every finding there.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from ._ids import matches

_COMMENT = re.compile(r"#.*?\bdoctor:\s*ignore(?:\[([^\]]*)\]|(?![\w\[-]))")


def parse(comment: str) -> frozenset[str] | None:
    """The ids a comment names: an empty set when it silences nothing,
    ``None`` when it silences everything (a bare ``# doctor: ignore``).

    :param comment: A comment from ``#`` to the end of the line.
    """
    found: set[str] = set()
    for match in _COMMENT.finditer(comment):
        if match.group(1) is None:
            return None
        found.update(part.strip() for part in match.group(1).split(","))
    found.discard("")
    return frozenset(found)


class FileComments:
    """The ``doctor: ignore`` comments of one file.

    :param text: The file's source.
    """

    def __init__(self, text: str) -> None:
        #: Line -> ids it silences (``None``: all).
        self.by_line: dict[int, frozenset[str] | None] = {}
        #: Line -> first and last line of the logical line it belongs to.
        self.spans: dict[int, tuple[int, int]] = {}
        try:
            self._read_tokens(text)
        except (tokenize.TokenError, SyntaxError, ValueError):
            # Python 2 or broken source: each line stands alone.
            self.spans.clear()
            self.by_line.clear()
            # Lines as Python counts them (str.splitlines also splits at
            # form feeds and other separators).
            for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
                if "#" in line:
                    self._add(number, line[line.index("#") :])

    def _add(self, line: int, comment: str) -> None:
        ids = parse(comment)
        if ids is not None and not ids:
            return
        old = self.by_line.get(line, frozenset())
        self.by_line[line] = None if ids is None or old is None else old | ids

    def _read_tokens(self, text: str) -> None:
        start = 0
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = token.type
            if kind == tokenize.COMMENT:
                self._add(token.start[0], token.string)
            if kind in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT):
                continue
            if kind == tokenize.DEDENT or kind == tokenize.ENDMARKER:
                continue
            if not start:
                start = token.start[0]
            if kind == tokenize.NEWLINE:
                end = token.end[0]
                if end > start:
                    for line in range(start, end + 1):
                        self.spans[line] = (start, end)
                start = 0

    def silences(self, line: int, finding_id: str) -> bool:
        """Whether a comment silences the finding ``finding_id`` on ``line``."""
        first, last = self.spans.get(line, (line, line))
        for place in {line, first, last}:
            ids = self.by_line.get(place, frozenset())
            if ids is None or any(matches(i, finding_id) for i in ids):
                return True
        return False

    def silences_any(self, lines: Iterable[int], finding_id: str) -> bool:
        return any(self.silences(line, finding_id) for line in lines)


_CACHE: dict[str, FileComments | None] = {}


def comments_of(path: str) -> FileComments | None:
    """The comments of a file, or None when it has none (or can't be read
    any more); each file is read once per run."""
    if path not in _CACHE:
        _CACHE[path] = _read(path)
    return _CACHE[path]


def forget() -> None:
    """Drop what was read (each ``doctor`` run starts afresh)."""
    _CACHE.clear()


def _read(path: str) -> FileComments | None:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if b"doctor:" not in data:
        return None
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        text = data.decode("latin-1")
    comments = FileComments(text)
    return comments if comments.by_line else None
