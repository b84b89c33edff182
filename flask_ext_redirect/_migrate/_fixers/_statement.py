"""Where the parts of a ``from m import a, b as c`` statement are in the text.

``ast.alias`` has positions only from Python 3.10 on, and never says where
the commas, parentheses and comments are, so the statement's own text is
tokenized.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import tokenize

from .._model import Unsafe
from ._module import Module


@dataclasses.dataclass
class AliasText:
    """One imported name in the text."""

    name: str
    asname: str | None
    #: Offsets of ``name [as asname]``.
    start: int
    end: int
    #: Offset where ``name`` ends.
    name_end: int
    #: 1-based line number.
    line: int


@dataclasses.dataclass
class FromText:
    """A ``from`` import statement in the text."""

    node: ast.ImportFrom
    module_start: int
    module_end: int
    aliases: list[AliasText]
    parenthesised: bool
    #: Whether a comment sits between the first and the last name.
    comments_inside: bool


def read_from(module: Module, node: ast.ImportFrom) -> FromText:
    """Tokenize one ``from`` statement.

    :raise Unsafe: when the statement's text is not what the tree says.
    """
    start, end = module.span(node)
    fragment = module.text[start:end]
    first_line = node.lineno

    def offset(row: int, col: int) -> int:
        if row == 1:
            return start + col
        return module.index.starts[first_line + row - 2] + col

    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(fragment).readline)
            if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER)
            and t.type not in (tokenize.INDENT, tokenize.DEDENT)
        ]
    except (tokenize.TokenError, SyntaxError) as e:  # pragma: no cover
        raise Unsafe(node.lineno, f"cannot read this import: {e}") from e
    words = [t.string for t in tokens if t.type != tokenize.COMMENT]
    if not words or words[0] != "from" or "import" not in words:
        raise Unsafe(node.lineno, "cannot read this import")
    i = 1
    while tokens[i].string in (".", "..."):
        i += 1
    module_start = offset(*tokens[i].start)
    while tokens[i].string != "import":
        module_end = offset(*tokens[i].end)
        i += 1
    i += 1
    parenthesised = tokens[i].string == "("
    if parenthesised:
        i += 1
    aliases: list[AliasText] = []
    comments = False
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == tokenize.COMMENT:
            if aliases:
                comments = True
            i += 1
            continue
        if tok.string in (",", ")"):
            i += 1
            continue
        name = tok.string
        a_start = offset(*tok.start)
        name_end = offset(*tok.end)
        a_end = name_end
        asname = None
        j = i + 1
        while j < len(tokens) and tokens[j].type == tokenize.COMMENT:
            j += 1
        if j < len(tokens) and tokens[j].string == "as":
            # A comment inside ``name  # c\n as other`` is inside the
            # statement: a rewrite that rebuilds the names would drop it.
            comments = comments or j > i + 1
            k = j + 1
            while tokens[k].type == tokenize.COMMENT:
                comments = True
                k += 1
            asname = tokens[k].string
            a_end = offset(*tokens[k].end)
            i = k + 1
        else:
            i += 1
        aliases.append(
            AliasText(
                name, asname, a_start, a_end, name_end, tok.start[0] + first_line - 1
            )
        )
    # A comment after the last name (before ")") is not between names.
    if comments and aliases:
        last_end = aliases[-1].end
        comments = "#" in module.text[aliases[0].start : last_end]
    if [(a.name, a.asname) for a in aliases] != [
        (a.name, a.asname) for a in node.names
    ]:
        raise Unsafe(node.lineno, "cannot read this import")
    return FromText(node, module_start, module_end, aliases, parenthesised, comments)


def on_own_line(module: Module, alias: AliasText) -> bool:
    """Whether the name is alone on its line (with its comma and comment)."""
    line_start = module.index.starts[alias.line - 1]
    line_end = module.index.starts[alias.line]
    before = module.text[line_start : alias.start]
    after = module.text[alias.end : line_end].strip(" \t\f\r\n")
    if after.startswith(","):
        after = after[1:].strip(" \t\f")
    return not before.strip(" \t\f") and (not after or after.startswith("#"))
