"""The Python 2 engine: ``tokenize`` finds the statements ``ast`` can't parse.

Python 3's tokenizer reads Python 2 source fine (print statements, backticks,
``except X, e``, ``ur''`` all come out as ordinary tokens), so imports, dotted
names and string imports are found by looking at token sequences.
"""

from __future__ import annotations

import ast
import re
import tokenize
from collections.abc import Iterator

from . import _calls
from ._imports import rewrite_statement
from ._model import Edit
from ._model import Rewrite
from ._model import Unsafe
from ._source import apply_edits
from ._source import LineIndex
from ._source import newline_of
from ._source import split_lines
from ._targets import Targets

_GAP = r"[\s\\]*\.[\s\\]*"
_SKIP = {tokenize.NL, tokenize.COMMENT}
_STARTS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
_OCTAL = re.compile(r"0[0-9]+\Z")
#: Tokens after a name that make it an assignment target.
_ASSIGN = {"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<="}
_ASSIGN |= {"&=", "^=", "|="}


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
    #: The first ``flask``/``flaskext`` not followed by a dot: a parameter,
    #: an assignment target, a loop variable, ``except X, flask``...
    plain: tuple[int, str] | None = None

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
                after = sig[last + 1].string if last + 1 < len(sig) else ""
                if after in _ASSIGN or (prev is not None and prev.string == "del"):
                    raise Unsafe(
                        tok.start[0],
                        f"'{'.'.join(key)}' is assigned or deleted; rewrite by hand",
                    )
                uses[key[0]] = uses.get(key[0], 0) + 1
                i = last + 1
                start = False
                continue
            if tok.string in ("flask", "flaskext"):
                uses[tok.string] = uses.get(tok.string, 0) + 1
                follower = sig[i + 1].string if i + 1 < len(sig) else ""
                if follower != "." and plain is None:
                    plain = (tok.start[0], tok.string)
        if tok.type == tokenize.NAME and tok.string in _calls.IMPORTERS:
            edits.extend(_string_import(sig, i, start, text, index, targets, result))
        start = tok.type in _STARTS or tok.string in (";", ":")
        i += 1
    if plain is not None and any(chains.get(k) for _, _, _, k in chain_spans):
        # This engine sees tokens, not scopes: where ``flask`` may be bound
        # to something else, a dotted use could mean either.
        raise Unsafe(
            plain[0],
            f"'{plain[1]}' is used here other than as the imported package (a "
            "parameter, an assignment, a loop variable...), and Python 2 "
            "source is read without scopes; rewrite this file by hand or "
            "port it to Python 3 first",
        )
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
    at_start: bool,
    text: str,
    index: LineIndex,
    targets: Targets,
    result: Rewrite,
) -> list[Edit]:
    """``__import__("flask.ext.foo")`` / ``import_module("flask.ext.foo")``,
    decided by the rule both engines share."""
    if i + 1 >= len(sig) or sig[i + 1].string != "(":
        return []
    if i and sig[i - 1].string == "def":
        return []
    args: list[_calls.Arg] = []
    starred = False
    depth = 0
    j = i + 2
    begin = j
    while j < len(sig):
        tok = sig[j]
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif tok.type == tokenize.OP and tok.string == "," and depth == 0:
            starred |= _add_arg(sig[begin:j], text, index, args)
            begin = j + 1
        j += 1
    if j >= len(sig):
        return []
    starred |= _add_arg(sig[begin:j], text, index, args)
    after = sig[j + 1] if j + 1 < len(sig) else None
    is_statement = at_start and (
        after is None
        or after.type in (tokenize.NEWLINE, tokenize.ENDMARKER)
        or after.string == ";"
    )
    call = _calls.Call(sig[i].string, sig[i].start[0], args, starred, is_statement)
    return _calls.decide(call, text, targets, result)


def _add_arg(
    toks: list[tokenize.TokenInfo], text: str, index: LineIndex, args: list[_calls.Arg]
) -> bool:
    """Describe one argument's tokens; return whether it is ``*x``/``**x``."""
    if not toks:
        return False
    if toks[0].string in ("*", "**"):
        return True
    keyword = None
    if len(toks) > 2 and toks[0].type == tokenize.NAME and toks[1].string == "=":
        keyword = toks[0].string
        toks = toks[2:]
    start, end = index.offset(*toks[0].start), index.offset(*toks[-1].end)
    value: object = _calls.NOT_LITERAL
    if len(toks) == 1 or toks[0].type != tokenize.STRING:
        # Implicit concatenation ('a' 'b') counts as not a literal.
        try:
            value = ast.literal_eval("(\n" + text[start:end] + "\n)")
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
    mentions = value is _calls.NOT_LITERAL and any(
        t.type == tokenize.STRING and re.search(r"['\"](flask\.ext|flaskext)", t.string)
        for t in toks
    )
    args.append(_calls.Arg(value, start, end, keyword, mentions_legacy=mentions))
    return False
