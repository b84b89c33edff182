"""``doctor``'s findings in the application's Jinja templates."""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Sequence

from .._era import KnowledgeBase
from .._templates import judge_templates
from .._templates import python_files
from .._templates import read_template
from .._templates import template_files
from .._templates import template_folders
from ._model import Finding

__all__ = ["template_findings"]


def template_findings(
    paths: Sequence[str],
    kb: KnowledgeBase,
    *,
    given: Sequence[str] = (),
    present: Callable[[str], bool],
    skip: Callable[[str], bool] | None = None,
) -> tuple[list[Finding], int, list[dict[str, str]]]:
    """Findings in the templates of the application under ``paths``.

    :param given: template folders named on the command line.
    :param present: whether a distribution is installed or required.
    :param skip: leaves out the files it is true for (``--exclude``).
    :return: The findings, how many templates were read, and problems.
    """
    files = template_files(template_folders(paths, given), skip)
    facts = []
    problems: list[dict[str, str]] = []
    for path in files:
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            problems.append(
                {"path": path, "kind": "unreadable-template", "reason": str(e)}
            )
            continue
        fact = read_template(path, text)
        if fact.error is not None:
            problems.append(
                {
                    "path": f"{path}:{fact.error_line}",
                    "kind": "unparsed-template",
                    "reason": f"not read (Jinja: {fact.error})",
                }
            )
        facts.append(fact)
    lines: dict[str, list[str]] = {}
    findings: list[Finding] = []
    code = list(python_files(paths))
    for verdict in judge_templates(facts, kb, present=present, python_files=code):
        change = verdict.change
        if verdict.path not in lines:
            with open(verdict.path, encoding="utf-8") as f:
                lines[verdict.path] = f.read().splitlines()
        shown_lines = lines[verdict.path]
        source_line = (
            shown_lines[verdict.line - 1].strip()
            if verdict.line <= len(shown_lines)
            else ""
        )
        shown = change.name
        if change.kind == "property":
            shown = f"{change.owner}.{change.name}()"
        elif change.kind == "macro":
            shown = f"{change.name} of {change.owner}"
        fix = change.replacement
        if verdict.mechanical:
            fix += " (migrate --upgrade does it)"
        findings.append(
            Finding(
                severity="blocker",
                when="request",
                kind="template",
                subject=change.id,
                title=f"{shown} in a template: {change.project}"
                + (f" {change.removed}" if change.removed else ""),
                why=change.why,
                fix=fix,
                path=os.path.normpath(verdict.path),
                line=verdict.line,
                code=source_line,
                mechanical=verdict.mechanical,
                source=change.source,
            )
        )
    return findings, len(files), problems
