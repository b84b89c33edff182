"""Leave out the findings a team chose not to see: by id (``--select``,
``--ignore``, ``pyproject.toml``) and line by line (``# doctor: ignore``).

A comment silences one occurrence, not the problem: when a finding's first
line is silenced and the same finding occurs elsewhere (a further line of
the file, another file importing the same module), the judge is asked again
without the silenced occurrences, so the report names the next place where
the application fails there, with when it fails.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from collections.abc import Sequence

from ._comments import comments_of
from ._comments import FileComments
from ._comments import forget
from ._ids import Selection
from ._judge import Judge
from ._model import FileFacts
from ._model import Finding

#: Kinds whose places are the imports of a module (the first one counts).
_IMPORT_KINDS = ("missing-module", "dead-extension", "old-extension")


@dataclasses.dataclass
class Silenced:
    """How many findings were left out, and by what."""

    by_selection: int = 0
    by_comment: int = 0


def silence(
    findings: Sequence[Finding],
    files: Sequence[FileFacts],
    judge: Judge,
    selection: Selection,
) -> tuple[list[Finding], Silenced]:
    """The findings that stay reported, in the order given (one moved to
    its next place stays where it was: the caller orders them again).

    :param findings: The judge's findings.
    :param files: What the files showed (for occurrences elsewhere).
    :param judge: The judge that made ``findings``, to ask again.
    :param selection: ``--select``/``--ignore``.
    """
    forget()
    counts = Silenced()
    kept: list[Finding] = []
    for finding in findings:
        if not selection.wants(finding.id):
            counts.by_selection += 1
            continue
        if not finding.path:
            kept.append(finding)
            continue
        comments = comments_of(finding.path)
        lines = [finding.line, *finding.also]
        if comments is None or not comments.silences_any(lines, finding.id):
            kept.append(finding)
            continue
        remaining = _elsewhere(finding, comments, files, judge)
        if remaining is None:
            counts.by_comment += 1
        else:
            kept.append(remaining)
    return kept, counts


def _elsewhere(
    finding: Finding,
    comments: FileComments,
    files: Sequence[FileFacts],
    judge: Judge,
) -> Finding | None:
    """The finding at its first place no comment silences, or None."""
    facts = next((f for f in files if f.path == finding.path), None)
    if facts is not None and finding.kind in _IMPORT_KINDS:
        imported, again = _import_elsewhere(finding, facts, files, judge)
        if imported:
            return again
    if facts is not None and any(
        u.api == finding.subject and u.line == finding.line for u in facts.uses
    ):
        return _use_elsewhere(finding, facts, comments, judge)
    return _lines_elsewhere(finding, comments)


def _silenced(path: str, line: int, finding_id: str) -> bool:
    comments = comments_of(path)
    return comments is not None and comments.silences(line, finding_id)


def _use_elsewhere(
    finding: Finding, facts: FileFacts, comments: FileComments, judge: Judge
) -> Finding | None:
    """An API finding of one file, judged on its unsilenced uses alone."""
    lines = {finding.line, *finding.also}
    uses = [
        u
        for u in facts.uses
        if u.api == finding.subject
        and u.line in lines
        and not comments.silences(u.line, finding.id)
    ]
    if not uses:
        return None
    trimmed = copy.copy(facts)
    trimmed.uses = uses
    imported = {u.needs for u in uses if u.needs}
    found = _ask(judge, lambda: judge.apis(trimmed, imported))
    return _same(found, finding) or _lines_elsewhere(finding, comments)


def _import_elsewhere(
    finding: Finding,
    facts: FileFacts,
    files: Sequence[FileFacts],
    judge: Judge,
) -> tuple[bool, Finding | None]:
    """An import finding judged on the project's unsilenced imports of the
    same module; first False when the finding's import is not found."""
    roots = {
        fact.qualname.partition(".")[0]
        for fact in facts.imports
        if fact.line == finding.line
    }
    wanted = finding.subject.partition(".")[0]
    if wanted not in roots:
        return False, None
    trimmed = []
    for each in files:
        imports = [
            fact
            for fact in each.imports
            if fact.qualname.partition(".")[0] != wanted
            or not _silenced(each.path, fact.line, finding.id)
        ]
        if len(imports) != len(each.imports):
            each = copy.copy(each)
            each.imports = imports
        trimmed.append(each)
    return True, _same(_ask(judge, lambda: judge.extensions(trimmed)), finding)


def _ask(judge: Judge, call: Callable[[], None]) -> list[Finding]:
    """What one of the judge's passes finds, apart from its run."""
    saved = judge.findings
    judge.findings = []
    try:
        call()
        return judge.findings
    finally:
        judge.findings = saved


def _same(found: list[Finding], finding: Finding) -> Finding | None:
    return next((f for f in found if f.id == finding.id), None)


def _lines_elsewhere(finding: Finding, comments: FileComments) -> Finding | None:
    """Any other finding: its next unsilenced line, with that line's code
    (its column unknown)."""
    lines = [
        line
        for line in [finding.line, *finding.also]
        if not comments.silences(line, finding.id)
    ]
    if not lines:
        return None
    if lines[0] == finding.line:
        return dataclasses.replace(finding, also=lines[1:])
    return dataclasses.replace(
        finding,
        line=lines[0],
        col=0,
        code=_source_line(finding.path or "", lines[0]),
        also=lines[1:],
    )


def _source_line(path: str, line: int) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read().splitlines()
    except OSError:
        return ""
    if 0 < line <= len(data):
        return data[line - 1].decode("utf-8", "replace").strip()
    return ""
