"""The Python 2 engine: ``tokenize`` finds the statements ``ast`` can't parse.

Python 3's tokenizer reads Python 2 source fine (print statements, backticks,
``except X, e``, ``ur''`` all come out as ordinary tokens), so imports, dotted
names and string imports are found by looking at token sequences.
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Iterator

from ._imports import is_legacy
from ._imports import module_for
from ._imports import rewrite_statement
from ._model import Edit
from ._model import Rewrite
from ._model import Unsafe
from ._source import apply_edits
from ._source import LineIndex
from ._source import newline_of
from ._source import split_lines
from ._targets import Targets

_LITERAL = re.compile(r"([rRuU]?)('''|\"\"\"|'|\")(.*)\2\Z", re.DOTALL)
_GAP = r"[\s\\]*\.[\s\\]*"
_SKIP = {tokenize.NL, tokenize.COMMENT}
_STARTS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
_OCTAL = re.compile(r"0[0-9]+\Z")


def tokens(text: str) -> list[tokenize.TokenInfo]:
    """All tokens of ``text``.

    :raise tokenize.TokenError: or :exc:`SyntaxError` when it can't be read.
    """
    lines: Iterator[str] = iter(split_lines(text))
    return list(tokenize.generate_tokens(lambda: next(lines, "")))


def py2_lines(toks: list[tokenize.TokenInfo]) -> set[int]:
    """Lines holding a construct only Python 2 has.

    Used to tell a Python 2 file from a Python 3 file with a syntax error.
    """
    found: set[int] = set()
    sig = [t for t in toks if t.type not in _SKIP]
    start = True
    for i, tok in enumerate(sig):
        nxt = sig[i + 1] if i + 1 < len(sig) else None
        line = tok.start[0]
        if tok.string == "`":
            found.add(line)
        elif start and tok.string in ("print", "exec") and nxt is not None:
            if nxt.type in (tokenize.STRING, tokenize.NAME, tokenize.NUMBER) or (
                nxt.string == ">>"
            ):
                found.add(line)
        elif tok.type == tokenize.NUMBER and (
            _OCTAL.match(tok.string)
            # Before 3.12 tokenize splits 0777 into 0 and 777.
            or (
                tok.string == "0"
                and nxt is not None
                and nxt.type == tokenize.NUMBER
                and nxt.start == tok.end
            )
        ):
            found.add(line)
        elif (
            tok.type == tokenize.NUMBER
            and nxt is not None
            and nxt.string in ("L", "l")
            and nxt.start == tok.end
        ):
            found.add(line)
        elif (
            tok.type == tokenize.NAME
            and tok.string.lower() == "ur"
            and nxt is not None
            and nxt.type == tokenize.STRING
            and nxt.start == tok.end
        ):
            found.add(line)
        elif tok.string == "except" or (tok.string == "raise" and start):
            depth = 0
            for later in sig[i + 1 :]:
                if later.string in "([{" and later.type == tokenize.OP:
                    depth += 1
                elif later.string in ")]}" and later.type == tokenize.OP:
                    depth -= 1
                elif later.type == tokenize.NEWLINE or (
                    depth == 0 and later.string in (":", "from")
                ):
                    break
                elif depth == 0 and later.string == ",":
                    found.add(line)
                    break
        elif tok.string == "<>" or (
            # Before 3.12 tokenize gives "<>" as "<" and ">".
            tok.string == "<"
            and nxt is not None
            and nxt.string == ">"
            and nxt.start == tok.end
        ):
            found.add(line)
        start = tok.type in _STARTS or tok.string in (";", ":")
    return found


def rewrite(text: str, toks: list[tokenize.TokenInfo], targets: Targets) -> Rewrite:
    """Rewrite Python 2 source.

    :raise Unsafe: when the file cannot be rewritten safely.
    """
    index = LineIndex(text)
    newline = newline_of(text)
    result = Rewrite(text, dialect="py2")
    edits: list[Edit] = []
    chains: dict[tuple[str, ...], str] = {}
    rebinds: list[tuple[int, str]] = []
    bound: set[str] = set()
    uses: dict[str, int] = {}
    chain_spans: list[tuple[int, int, int, tuple[str, ...]]] = []

    def off(pos: tuple[int, int]) -> int:
        return index.offset(*pos)

    sig = [t for t in toks if t.type not in _SKIP]
    start = True
    i = 0
    while i < len(sig):
        tok = sig[i]
        prev = sig[i - 1] if i else None
        after_dot = prev is not None and prev.string == "."
        if start and tok.type == tokenize.NAME and tok.string in ("import", "from"):
            j = i
            depth = 0
            while j + 1 < len(sig):
                nxt = sig[j + 1]
                if nxt.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                    break
                if nxt.string == "(":
                    depth += 1
                elif nxt.string == ")":
                    depth -= 1
                elif nxt.string == ";" and depth == 0:
                    break
                j += 1
            # Only statements naming flask or flaskext matter (for their
            # rewrite, or because they bind the name); others are skipped.
            if any(t.string in ("flask", "flaskext") for t in sig[i : j + 1]):
                stmt = rewrite_statement(
                    text, off(tok.start), off(sig[j].end), index, targets,
                    newline, result,
                )  # fmt: skip
                rebinds.extend((len(edits) + k, root) for k, root in stmt.rebinds)
                edits.extend(stmt.edits)
                chains.update(stmt.chains)
                bound.update(stmt.binds)
            i = j + 1
            start = False
            continue
        if tok.type == tokenize.NAME and not after_dot:
            key, last = _chain(sig, i)
            if key is not None:
                if key == ("flask", "ext"):
                    raise Unsafe(
                        tok.start[0], "'flask.ext' used without an extension name"
                    )
                chain_spans.append(
                    (off(tok.start), off(sig[last].end), tok.start[0], key)
                )
                uses[key[0]] = uses.get(key[0], 0) + 1
                i = last + 1
                start = False
                continue
            if tok.string in ("flask", "flaskext"):
                uses[tok.string] = uses.get(tok.string, 0) + 1
        if tok.type == tokenize.NAME and tok.string in ("__import__", "import_module"):
            _string_import(sig, i, start, text, index, targets, result, edits)
        start = tok.type in _STARTS or tok.string in (";", ":")
        i += 1
    for begin, end, line, key in chain_spans:
        new = chains.get(key)
        if new is None:
            if key[0] == "flask":
                raise Unsafe(
                    line,
                    f"'{'.'.join(key)}' is used, but this module does not "
                    f"'import {'.'.join(key)}'",
                )
            continue
        pattern = _GAP.join(re.escape(p) for p in key) + r"\Z"
        if re.match(pattern, text[begin:end]) is None:
            raise Unsafe(line, f"cannot rewrite '{'.'.join(key)}' here")
        edits.append(Edit(begin, end, new))
        uses[key[0]] -= 1
    done: set[str] = set()
    for k, root in rebinds:
        if root in done or root in bound or uses.get(root, 0) <= 0:
            continue
        edit = edits[k]
        edits[k] = Edit(edit.start, edit.end, f"{root}, {edit.new}")
        done.add(root)
    result.text = apply_edits(text, edits)
    if result.text != text:
        try:
            tokens(result.text)
        except (tokenize.TokenError, SyntaxError) as e:  # pragma: no cover
            raise Unsafe(0, f"rewrite would not tokenize: {e}") from e
    return result


def _chain(sig: list[tokenize.TokenInfo], i: int) -> tuple[tuple[str, ...] | None, int]:
    """The legacy dotted name starting at token ``i``, and its last token."""

    def name(k: int) -> str | None:
        if k < len(sig) and sig[k].type == tokenize.NAME:
            return sig[k].string
        return None

    def dot(k: int) -> bool:
        return k < len(sig) and sig[k].string == "."

    first = sig[i].string
    if first == "flaskext" and dot(i + 1) and name(i + 2):
        return ("flaskext", sig[i + 2].string), i + 2
    if first == "flask" and dot(i + 1) and name(i + 2) == "ext":
        if dot(i + 3) and name(i + 4):
            return ("flask", "ext", sig[i + 4].string), i + 4
        return ("flask", "ext"), i + 2
    return None, i


def _string_import(
    sig: list[tokenize.TokenInfo],
    i: int,
    is_statement: bool,
    text: str,
    index: LineIndex,
    targets: Targets,
    result: Rewrite,
    edits: list[Edit],
) -> None:
    """``__import__("flask.ext.foo")`` / ``import_module("flask.ext.foo")``."""
    if i + 2 >= len(sig) or sig[i + 1].string != "(":
        return
    arg = sig[i + 2]
    if arg.type != tokenize.STRING:
        return
    match = _LITERAL.match(arg.string)
    if match is None:
        return
    value = match.group(3)
    line = arg.start[0]
    if "\\" in value or not is_legacy(value.split(".")):
        return
    follower = sig[i + 3].string if i + 3 < len(sig) else ""
    if follower not in (")", ","):
        raise Unsafe(
            line,
            f"{sig[i].string}() builds a legacy module name at run time; "
            "rewrite it by hand",
        )
    parts = value.split(".")
    if parts == ["flask", "ext"]:
        raise Unsafe(line, f"{sig[i].string}('flask.ext') names no extension")
    if parts == ["flaskext"]:
        return
    if sig[i].string == "__import__" and not (is_statement and follower == ")"):
        raise Unsafe(
            line,
            "__import__() of a dotted name returns the top package, and "
            "the new name has none; rewrite it by hand",
        )
    new = module_for(parts, line, targets, result)
    if new is None:
        return
    prefix, quote = match.group(1), match.group(2)
    edits.append(
        Edit(
            index.offset(*arg.start),
            index.offset(*arg.end),
            f"{prefix}{quote}{new}{quote}",
        )
    )
