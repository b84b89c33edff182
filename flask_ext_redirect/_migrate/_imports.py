"""Rewrite one import statement; shared by the Python 3 and Python 2 engines.

The engines find where an ``import``/``from`` statement starts and ends; this
module scans its text (names, dots, commas, parentheses, comments and line
continuations are all an import statement can hold) and returns edits.
"""

from __future__ import annotations

import dataclasses
import re

from ._model import Edit
from ._model import Message
from ._model import Rewrite
from ._model import Unsafe
from ._source import LineIndex
from ._targets import Targets

_TOKEN = re.compile(
    r"(?P<ws>(?:[ \t\f]|\\(?:\r\n|\r|\n))+)"
    r"|(?P<nl>\r\n|\r|\n)"
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<name>\w+)"
    r"|(?P<op>[.,()*;])"
)
_AFTER = re.compile(r"[ \t\f]*(?:#[^\r\n]*)?(?:\r\n|\r|\n|\Z)")
_BEFORE = re.compile(r"[ \t\f]*\Z")


@dataclasses.dataclass
class _Token:
    kind: str
    text: str
    start: int
    end: int
    line: int


@dataclasses.dataclass
class _Alias:
    parts: list[str]
    start: int
    end: int
    line: int
    asname: str | None = None
    before: list[str] = dataclasses.field(default_factory=list)
    after: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Statement:
    """What rewriting one statement produced."""

    edits: list[Edit] = dataclasses.field(default_factory=list)
    #: Legacy prefixes bound by plain ``import flask.ext.foo`` (no ``as``),
    #: e.g. ``("flask", "ext", "foo")``, mapped to their new dotted name:
    #: every ``flask.ext.foo`` attribute chain in the module follows.
    chains: dict[tuple[str, ...], str] = dataclasses.field(default_factory=dict)
    #: Edits (indexes into :attr:`edits`) of plain imports that used to bind
    #: the name ``flask`` or ``flaskext`` as a side effect, with that name.
    rebinds: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    #: ``flask`` / ``flaskext`` when a plain import still binds them.
    binds: set[str] = dataclasses.field(default_factory=set)


def is_legacy(parts: list[str]) -> bool:
    """Whether a dotted name is ``flask.ext...`` or ``flaskext...``."""
    return (parts[:2] == ["flask", "ext"]) or parts[:1] == ["flaskext"]


def _scan(text: str, start: int, end: int, index: LineIndex) -> list[_Token]:
    tokens = []
    pos = start
    while pos < end:
        match = _TOKEN.match(text, pos, end)
        if match is None:
            raise Unsafe(index.line_of(pos), "unexpected text in import")
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(
                _Token(kind, match.group(), pos, match.end(), index.line_of(pos))
            )
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.comments: list[_Token] = []
        self.trailing: list[str] = []

    def peek(self) -> _Token | None:
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token.kind in ("comment", "nl"):
                if token.kind == "comment":
                    self.comments.append(token)
                self.pos += 1
                continue
            return token
        return None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            line = self.tokens[-1].line if self.tokens else 0
            raise Unsafe(line, "incomplete import statement")
        self.pos += 1
        return token

    def accept(self, text: str) -> _Token | None:
        token = self.peek()
        if token is not None and token.text == text:
            self.pos += 1
            return token
        return None

    def dotted(self) -> tuple[list[str], int, int, int]:
        first = self.take()
        if first.kind != "name":
            raise Unsafe(first.line, "unexpected text in import")
        parts = [first.text]
        last = first
        while self.accept("."):
            last = self.take()
            parts.append(last.text)
        return parts, first.start, last.end, first.line

    def aliases(self, dotted: bool) -> list[_Alias]:
        """Aliases up to the end; comments are attached to the nearest one."""
        result: list[_Alias] = []
        pending: list[str] = []
        last_line = -1
        paren = self.accept("(") is not None
        if paren:
            last_line = self.tokens[self.pos - 1].line
        while True:
            self._attach(result, pending, last_line)
            token = self.peek()
            if token is None or token.text == ")":
                break
            if dotted:
                parts, start, end, line = self.dotted()
            else:
                name = self.take()
                if name.kind != "name" and name.text != "*":
                    raise Unsafe(name.line, "unexpected text in import")
                parts, start, end, line = [name.text], name.start, name.end, name.line
            alias = _Alias(parts, start, end, line, before=pending)
            pending = []
            if self.accept("as"):
                alias.asname = self.take().text
            result.append(alias)
            last_line = self.tokens[self.pos - 1].line
            comma = self.accept(",")
            if comma is None:
                self._attach(result, pending, last_line)
                break
            last_line = comma.line
        if not result:
            line = self.tokens[-1].line if self.tokens else 0
            raise Unsafe(line, "incomplete import statement")
        if paren and self.accept(")") is None:
            raise Unsafe(result[-1].line, "unbalanced parentheses")
        self._attach(result, pending, last_line)
        self.trailing = pending
        return result

    def _attach(self, aliases: list[_Alias], pending: list[str], last: int) -> None:
        self.peek()
        for comment in self.comments:
            if aliases and comment.line == last:
                aliases[-1].after.append(comment.text)
            else:
                pending.append(comment.text)
        self.comments = []


def rewrite_statement(
    text: str,
    start: int,
    end: int,
    index: LineIndex,
    targets: Targets,
    newline: str,
    result: Rewrite,
) -> Statement:
    """Edits for the import statement at ``text[start:end]``.

    :raise Unsafe: when the statement cannot be rewritten safely.
    """
    tokens = _scan(text, start, end, index)
    parser = _Parser(tokens)
    keyword = parser.take().text
    if keyword == "import":
        return _plain(parser, targets, result)
    level = 0
    while parser.accept("."):
        level += 1
    if level:
        return Statement()
    parts, mstart, mend, line = parser.dotted()
    if not is_legacy(parts):
        return Statement()
    if parser.take().text != "import":
        raise Unsafe(line, "unexpected text in import")
    aliases = parser.aliases(dotted=False)
    if parts == ["flask", "ext"] or parts == ["flaskext"]:
        return _from_package(
            text, start, end, parts, mstart, mend, aliases, parser, index,
            targets, newline, result,
        )  # fmt: skip
    new = module_for(parts, line, targets, result)
    if new is None:
        return Statement()
    return Statement([Edit(mstart, mend, new)])


def _prefix(parts: list[str]) -> int:
    """How many leading parts name the extension (``flask.ext.foo`` is 3)."""
    return 3 if parts[0] == "flask" else 2


def _base(parts: list[str], line: int, targets: Targets, result: Rewrite) -> str | None:
    """New dotted name for the extension a legacy path names, or None."""
    if parts[0] == "flask":
        new, missing = targets.for_flask_ext(parts[2])
        if missing:
            result.missing.add(parts[2])
        return new
    new_or_none = targets.for_flaskext(parts[1])
    if new_or_none is None:
        result.kept.append(
            Message(
                line,
                f"kept 'flaskext.{parts[1]}': 'flask_{parts[1]}' is not "
                "importable here (--target flask_ renames it anyway)",
            )
        )
    return new_or_none


def module_for(
    parts: list[str], line: int, targets: Targets, result: Rewrite
) -> str | None:
    """New dotted name for a legacy module path, or None to keep it."""
    base = _base(parts, line, targets, result)
    if base is None:
        return None
    return ".".join([base, *parts[_prefix(parts) :]])


def _plain(parser: _Parser, targets: Targets, result: Rewrite) -> Statement:
    """``import a.b as c, d``: rename legacy dotted names in place."""
    stmt = Statement()
    for alias in parser.aliases(dotted=True):
        parts = alias.parts
        if alias.asname in ("flask", "flaskext"):
            stmt.binds.add(alias.asname)
        if not is_legacy(parts) or parts == ["flaskext"]:
            if alias.asname is None and parts[0] in ("flask", "flaskext"):
                stmt.binds.add(parts[0])
            continue
        if parts == ["flask", "ext"]:
            raise Unsafe(alias.line, "'import flask.ext' names no extension")
        base = _base(parts, alias.line, targets, result)
        if base is None:
            if alias.asname is None:
                stmt.binds.add(parts[0])
            continue
        size = _prefix(parts)
        stmt.edits.append(Edit(alias.start, alias.end, ".".join([base, *parts[size:]])))
        if alias.asname is None:
            stmt.chains[tuple(parts[:size])] = base
            stmt.rebinds.append((len(stmt.edits) - 1, parts[0]))
    return stmt


def _from_package(
    text: str,
    start: int,
    end: int,
    parts: list[str],
    mstart: int,
    mend: int,
    aliases: list[_Alias],
    parser: _Parser,
    index: LineIndex,
    targets: Targets,
    newline: str,
    result: Rewrite,
) -> Statement:
    """``from flask.ext import a as b, c``: one ``import`` per extension."""
    statements: list[str] = []
    kinds: set[str] = set()
    renamed = False
    for alias in aliases:
        name = alias.parts[0]
        if name == "*":
            raise Unsafe(
                alias.line, f"'from {'.'.join(parts)} import *' names no extension"
            )
        new = module_for([*parts, name], alias.line, targets, result)
        bound = alias.asname or name
        if new is None or new.startswith("flaskext."):
            kinds.add("from")
            statements.append(
                f"from flaskext import {name}"
                + (f" as {alias.asname}" if alias.asname else "")
            )
            renamed = renamed or parts[0] == "flask"
        else:
            kinds.add("import")
            statements.append(f"import {new} as {bound}")
            renamed = True
    if not renamed:
        return Statement()
    if kinds == {"from"}:
        # Everything resolves to the old flaskext namespace: change the
        # package name only, and every byte of the layout stays.
        return Statement([Edit(mstart, mend, "flaskext")])
    segment = text[start:end]
    multiline = "\n" in segment or "\r" in segment
    has_comments = any(a.before or a.after for a in aliases) or parser.trailing
    line_start = index.starts[index.line_of(start) - 1]
    indent = text[line_start:start]
    alone = _BEFORE.match(indent) is not None and _AFTER.match(text, end) is not None
    if not has_comments and (not multiline or not alone):
        if kinds == {"import"}:
            new = "import " + ", ".join(s[len("import ") :] for s in statements)
        else:
            new = "; ".join(statements)
        return Statement([Edit(start, end, new)])
    if not alone:
        raise Unsafe(
            index.line_of(start),
            "multi-line import with comments shares its line with other code",
        )
    lines: list[str] = []
    for alias, statement in zip(aliases, statements):
        lines.extend(alias.before)
        lines.append("  ".join([statement, *alias.after]))
    lines.extend(parser.trailing)
    return Statement([Edit(start, end, (newline + indent).join(lines))])
