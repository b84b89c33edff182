"""``doctor``'s findings about the application's requirements files."""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Sequence

from .._era import KnowledgeBase
from .._requirements import judge
from .._requirements import read_files
from .._requirements import Source
from ._model import Finding

__all__ = ["requirement_findings"]


def requirement_findings(
    paths: Sequence[str],
    kb: KnowledgeBase,
    flask: str | None,
    skip: Callable[[str], bool] | None = None,
) -> tuple[list[Finding], list[Source], list[dict[str, str]]]:
    """Findings on the requirements sources under ``paths``.

    :param flask: the Flask release being targeted.
    :param skip: leaves out the files it is true for (``--exclude``).
    :return: The findings, the sources read, and problems (as the report
        lists them).
    """
    sources, unreadable = read_files(paths, skip)
    problems = [
        {"path": path, "kind": "unreadable-requirements", "reason": reason}
        for path, reason in unreadable
    ]
    findings: list[Finding] = []
    for source in sources:
        if source.hashed:
            problems.append(
                {
                    "path": source.path,
                    "kind": "hashed-requirements",
                    "reason": "uses --hash: read, but migrate --upgrade never"
                    " rewrites it (every hash would have to change; regenerate"
                    " it with your lock tool)",
                }
            )
        for line, reason in source.problems:
            where = f"{source.path}:{line}" if line else source.path
            problems.append({"path": where, "kind": "requirements", "reason": reason})
    for verdict in judge(sources, kb, flask=flask):
        req = verdict.requirement
        hashed = any(s.hashed for s in sources if s.path == req.path)
        mechanical = verdict.action is not None and not hashed
        fix = verdict.fix
        if mechanical:
            fix += " (migrate --upgrade does it)"
        elif verdict.refusal:
            fix += f" (by hand: {verdict.refusal})"
        findings.append(
            Finding(
                severity=verdict.severity,
                when="install",
                kind="requirement",
                subject=req.key,
                title=verdict.title,
                why=verdict.why,
                fix=fix,
                path=os.path.normpath(req.path),
                line=req.line,
                code=req.text,
                mechanical=mechanical,
                source=verdict.source,
            )
        )
    return findings, sources, problems
