"""Apply the edits of :mod:`._judge` to a requirements source's text,
touching only the bytes of the requirements concerned."""

from __future__ import annotations

from collections.abc import Sequence

from ._judge import DROP
from ._judge import RAISE
from ._judge import REPLACE
from ._judge import Verdict

__all__ = ["rewrite"]


def rewrite(text: str, verdicts: Sequence[Verdict]) -> tuple[str, list[str]]:
    """The new text, and notes for the user (one per edit worth a word).

    :param text: the whole file, newlines untranslated.
    :param verdicts: verdicts on requirements of this file; those without
        an action are ignored.
    """
    edits: dict[tuple[int, int], str] = {}
    notes: list[str] = []
    dropped: set[int] = set()
    for verdict in verdicts:
        req = verdict.requirement
        if verdict.action == DROP and req.start not in dropped:
            dropped.add(req.start)
            line_start = text.rfind("\n", 0, req.start) + 1
            line_end = text.find("\n", req.end)
            line_end = len(text) if line_end < 0 else line_end + 1
            edits[(line_start, line_end)] = ""
    for verdict in verdicts:
        req = verdict.requirement
        if req.start in dropped or verdict.value is None:
            continue
        if verdict.action == RAISE:
            spec = req.specs[0]
            edits[(spec.start, spec.end)] = verdict.value
        elif verdict.action == REPLACE:
            edits[(req.start, req.start + len(req.name))] = verdict.value
            if req.specs:
                edits[(req.specs_start, req.specs_end)] = ""
                notes.append(
                    f"line {req.line}: {verdict.value} replaces {req.name} unpinned;"
                    " pin the release pip installs"
                )
    out: list[str] = []
    pos = 0
    for (start, end), new in sorted(edits.items()):
        if start < pos:  # overlapping edits: keep the first
            continue
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out), notes
