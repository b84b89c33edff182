"""``migrate --upgrade`` in templates: drop the call parentheses of the
Flask-Login members that became properties (``current_user.is_authenticated()``
to ``current_user.is_authenticated``), touching nothing else.

Jinja's parser finds the calls; a line is rewritten only where a plain
text search finds exactly the calls the parser found there (so a comment,
a ``{% raw %}`` block or text that looks the same leaves the line alone),
and the result must parse to the same calls, minus those.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .._era import TemplateChange
from ._read import read_template

__all__ = ["rewrite_template"]


def rewrite_template(
    path: str, text: str, changes: Sequence[TemplateChange]
) -> tuple[str, list[tuple[int, str]]]:
    """The template with bare calls of property ``changes`` rewritten.

    :return: The new text, and ``(line, note)`` for each call left alone.
    """
    properties = {
        (c.owner, c.name) for c in changes if c.kind == "property" and c.mechanical
    }
    facts = read_template(path, text)
    if facts.error is not None:
        return text, [
            (facts.error_line, f"template not parsed, left as it was: {facts.error}")
        ]
    wanted: Counter[tuple[int, str, str]] = Counter()
    notes: list[tuple[int, str]] = []
    for use in facts.uses:
        if use.kind == "attr-call" and (use.owner, use.name) in properties:
            if use.bare:
                wanted[(use.line, use.owner, use.name)] += 1
            else:
                notes.append(
                    (
                        use.line,
                        f"{use.owner}.{use.name}(...) has arguments: fix it by hand",
                    )
                )
    if not wanted:
        return text, notes
    lines = text.splitlines(keepends=True)
    skipped: Counter[tuple[int, str, str]] = Counter()
    for (line, owner, name), count in sorted(wanted.items()):
        pattern = re.compile(
            rf"(?<![\w.])({re.escape(owner)}\s*\.\s*{re.escape(name)})\s*\(\s*\)"
        )
        found = pattern.findall(lines[line - 1])
        if len(found) != count:
            notes.append(
                (
                    line,
                    f"{owner}.{name}() not rewritten: the line also holds text that"
                    " looks the same (a comment or raw block); fix it by hand",
                )
            )
            skipped[(line, owner, name)] = count
            continue
        lines[line - 1] = pattern.sub(r"\1", lines[line - 1])
    new = "".join(lines)
    after = read_template(path, new)
    left = Counter(
        (u.line, u.owner, u.name)
        for u in after.uses
        if u.kind == "attr-call" and (u.owner, u.name) in properties and u.bare
    )
    if after.error is not None or left != skipped:  # pragma: no cover - a guard
        return text, [(0, "rewrite not verified by Jinja's parser; left as it was")]
    return new, notes
