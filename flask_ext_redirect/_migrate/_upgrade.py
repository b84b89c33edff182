"""``migrate --upgrade``: the fixers, run after the import rewrite.

The plain rewrite goes first (``flask.ext.wtf`` becomes ``flask_wtf``);
then each fixer whose markers occur runs on the text the previous one left,
re-parsed after every change, so ``from flask.ext.wtf import Form`` ends as
``from flask_wtf import FlaskForm`` in one run and every step is checked to
parse. Fixers change Python 3 source only: a Python 2 file gets the plain
rewrite and a note that it must be ported first.
"""

from __future__ import annotations

import ast
import difflib
import functools
import warnings
from collections.abc import Collection

from ._engine import rewrite_source
from ._fixers import Fixer
from ._fixers import fixers
from ._fixers import Module
from ._model import Edit
from ._model import Message
from ._model import Rewrite
from ._model import Unsafe
from ._source import apply_edits
from ._source import LineIndex
from ._source import split_lines
from ._targets import Targets

#: What a Python 2 file is told; the fixers need Python 3 source.
PY2_NOTE = (
    "Python 2 source: only the flask.ext imports were rewritten; the "
    "--upgrade fixers need Python 3 source, so port this file to Python 3 "
    "first (e.g. with pyupgrade or 2to3), then run 'migrate --upgrade' again"
)
#: What a Python 2 file is told when the plain rewrite is not selected.
PY2_SKIPPED_NOTE = (
    "Python 2 source: left as it was; the --upgrade fixers need Python 3 "
    "source (and the flask-ext fixer, the plain rewrite, is not selected)"
)


@functools.cache
def markers() -> tuple[bytes, ...]:
    """Bytes at least one fixer needs to see in a file to do anything."""
    every = {m.encode("ascii") for fixer in fixers() for m in fixer.markers}
    # A marker holding another one is redundant here ("werkzeug.contrib"
    # beside "werkzeug"); every file is searched for each marker.
    return tuple(sorted(m for m in every if not any(o != m and o in m for o in every)))


def needs_upgrade(data: bytes) -> bool:
    """Whether any fixer could have something to do in these bytes."""
    return any(marker in data for marker in markers())


def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def upgrade_source(
    text: str,
    targets: Targets,
    legacy: bool = True,
    fixer_ids: Collection[str] | None = None,
) -> Rewrite:
    """The plain rewrite (when ``legacy``), then every fixer.

    :param text: Decoded source.
    :param targets: For the plain rewrite.
    :param legacy: Whether the text mentions ``flask.ext``/``flaskext``
        (the plain rewrite is skipped otherwise, as ``migrate`` does).
    :param fixer_ids: ``--only``/``--skip``: the fixers to run, by id
        (``"flask-ext"`` is the plain rewrite); all of them when None.
    :raise Unsafe: when the plain rewrite or a fixer refuses the file.
    """
    chosen = fixers()
    plain = fixer_ids is None or "flask-ext" in fixer_ids
    if fixer_ids is not None:
        chosen = [f for f in chosen if f.id in fixer_ids]
    original = text
    tree: ast.Module | None = None
    if legacy and plain:
        result = rewrite_source(text, targets)
    else:
        try:
            tree = _parse(text)
        except (SyntaxError, ValueError):
            # Let the engine tell Python 2 from a syntax error.
            result = rewrite_source(text, targets)
            if not plain:
                result = Rewrite(text, dialect=result.dialect)
        else:
            result = Rewrite(text)
    if result.dialect == "py2":
        result.kept.append(Message(0, PY2_NOTE if plain else PY2_SKIPPED_NOTE))
        return result
    text = result.text
    todo = [f for f in chosen if f.wants(text)]
    if not todo:
        return result
    if tree is None:
        tree = _parse(text)
    notes: dict[tuple[int, str], Message] = {}
    rounds: list[tuple[str, str]] = []  # (text before, text after) each round
    for _ in range(MAX_ROUNDS):
        if not todo:
            break
        try:
            new, tree, todo = _round(text, tree, todo, notes, chosen)
        except Unsafe as e:
            # The file is left as it was: name its line, not a line of the
            # text the earlier rewrites made.
            line = e.line
            for before, after in reversed(rounds):
                line = _original_line(before, after, line)
            raise Unsafe(_original_line(original, result.text, line), e.text) from e
        if new != text:
            rounds.append((text, new))
        text = new
    else:  # pragma: no cover - a bug if it happens
        raise Unsafe(0, "--upgrade: the fixers did not settle; file left as it was")
    result.notes.extend(notes.values())
    result.text = text
    return result


#: Rounds of fixers before giving up; two are enough for every chain there
#: is (``flask_wtf.TextField`` -> ``wtforms.TextField`` -> ``StringField``).
MAX_ROUNDS = 5


def _round(
    text: str,
    tree: ast.Module,
    todo: list[Fixer],
    notes: dict[tuple[int, str], Message],
    chosen: list[Fixer],
) -> tuple[str, ast.Module, list[Fixer]]:
    """Run ``todo`` on one tree; apply the edits that don't overlap.

    Fixers read the same tree and names (one walk), so a round costs one
    parse whatever the number of fixers. A fixer whose edits overlap an
    earlier one's, or whose markers appear in text another fixer wrote,
    runs again in the next round, on the new text.

    :return: The new text and tree, and the fixers for the next round.
    """
    module = Module(text, tree)
    accepted: list[Edit] = []
    spans: list[tuple[int, int]] = []
    again: list[Fixer] = []
    writers: list[tuple[Fixer, list[Edit]]] = []
    for fixer in todo:
        module.notes = []
        try:
            edits = fixer.run(module)
        except Unsafe as e:
            raise Unsafe(e.line, f"--upgrade ({fixer.id}): {e.text}") from e
        if edits and _overlaps(edits, spans):
            again.append(fixer)
            continue
        for note in module.notes:
            message = Message(note.line, f"{fixer.id}: {note.text}")
            notes.setdefault((note.line, message.text), message)
        if edits:
            accepted += edits
            spans += [(e.start, e.end) for e in edits]
            writers.append((fixer, edits))
    if not accepted:
        return text, tree, []
    new = apply_edits(text, accepted)
    if new == text:
        return text, tree, []
    try:
        new_tree = _parse(new)
    except SyntaxError as e:  # pragma: no cover - a bug if it happens
        names = ", ".join(f.id for f, _ in writers)
        raise Unsafe(
            e.lineno or 0,
            f"--upgrade ({names}): the rewrite would not parse ({e.msg}); file "
            "left as it was, please report this",
        ) from e
    # What one fixer wrote may be for another to rewrite: look for their
    # markers on the lines the edits touched (``from werkzeug.utils import
    # escape`` is markupsafe-imports' business once werkzeug-imports made it).
    touched = _touched_lines(new, writers)
    for fixer in chosen:
        if fixer in again:
            continue
        if any(
            marker in line
            for other, lines in touched
            if other is not fixer
            for line in lines
            for marker in fixer.markers
        ):
            again.append(fixer)
    order = fixers()
    again = [f for f in again if f.wants(new)]
    again.sort(key=order.index)
    _follow_lines(notes, module, new, accepted)
    return new, new_tree, again


def _original_line(original: str, text: str, line: int) -> int:
    """The line of ``original`` that line ``line`` of ``text`` (a rewrite of
    it) came from: lines that differ are matched in order within each
    changed block, so a rewritten import line maps to the line it was."""
    if line <= 0 or original == text:
        return line
    matcher = difflib.SequenceMatcher(
        None, split_lines(text), split_lines(original), autojunk=False
    )
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= line - 1 < i2:
            return min(j1 + (line - 1 - i1), max(j2 - 1, j1)) + 1
    return line


def _follow_lines(
    notes: dict[tuple[int, str], Message], module: Module, new: str, edits: list[Edit]
) -> None:
    """Renumber the notes so far for the new text, so that every note names
    a line of the file as it is written."""
    if not notes:
        return
    index = LineIndex(new)
    moved: dict[tuple[int, str], Message] = {}
    for (line, text), message in notes.items():
        if line > 0:
            offset = module.index.starts[line - 1]
            shift = sum(
                len(e.new) - (e.end - e.start) for e in edits if e.end <= offset
            )
            line = index.line_of(offset + shift)
            message = Message(line, message.text)
        moved.setdefault((line, text), message)
    notes.clear()
    notes.update(moved)


def _touched_lines(
    new: str, writers: list[tuple[Fixer, list[Edit]]]
) -> list[tuple[Fixer, list[str]]]:
    """For each fixer that wrote, the lines of the new text its edits are on."""
    by_start = sorted(
        ((e, f) for f, edits in writers for e in edits), key=lambda pair: pair[0].start
    )
    found: dict[int, list[str]] = {}
    delta = 0
    for edit, fixer in by_start:
        start = edit.start + delta
        end = start + len(edit.new)
        delta += len(edit.new) - (edit.end - edit.start)
        if edit.new.endswith(("\n", "\r")):
            end -= 1  # inserted whole lines: not the line after them
        first = max(new.rfind("\n", 0, start), new.rfind("\r", 0, start)) + 1
        last = len(new)
        for newline in ("\n", "\r"):
            at = new.find(newline, end)
            if at != -1:
                last = min(last, at)
        found.setdefault(id(fixer), []).append(new[first:last])
    return [(f, found.get(id(f), [])) for f, _ in writers]


def _overlaps(edits: list[Edit], spans: list[tuple[int, int]]) -> bool:
    """Whether an edit touches text another accepted edit replaces (two
    insertions at one offset are fine: both go in)."""
    for edit in edits:
        for start, end in spans:
            if edit.start < end and start < edit.end:
                return True
            if edit.start == edit.end and start < edit.start < end:
                return True
            if start == end and edit.start < start < edit.end:
                return True
    return False
