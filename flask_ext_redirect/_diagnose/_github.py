"""``doctor --format github``: one GitHub Actions workflow command per
finding, which GitHub shows as an annotation on the file and line.

See GitHub's "Workflow commands for GitHub Actions" (``::error file=...``);
the escaping is that of ``@actions/core`` (``escapeData`` and
``escapeProperty`` in its ``command.ts``).
"""

from __future__ import annotations

import os
from typing import Any
from typing import TextIO

from ._model import Finding


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property's value (``file=``, ``title=``): also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """One workflow command line, ``::name k=v,...::message``; properties
    that are None are left out."""
    given = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    head = f"::{name} {given}" if given else f"::{name}"
    return f"{head}::{escape_data(message)}"


def repository_path(path: str) -> str:
    """A path as GitHub names files: relative to the working directory (the
    checkout) where it lies under it, though given absolute."""
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # pragma: no cover - another drive (Windows)
            relative = os.pardir
        if relative != ".." and not relative.startswith(".." + os.sep):
            return relative.replace(os.sep, "/")
    return path.replace(os.sep, "/")


def annotation(finding: Finding) -> str:
    """The command for one finding: ``error`` for a blocker, else
    ``warning``; the id is the title, the message says what, why and the fix.
    """
    message = f"{finding.title}\nwhy: {finding.why}\nfix: {finding.fix}"
    if finding.also:
        message += "\nalso: lines " + ", ".join(str(n) for n in finding.also)
    located = bool(finding.path)
    return command(
        "error" if finding.severity == "blocker" else "warning",
        message,
        file=repository_path(finding.path) if finding.path else None,
        line=finding.line if located and finding.line else None,
        col=finding.col + 1 if located and finding.line else None,
        title=finding.id,
    )


def write_github(report: dict[str, Any], stream: TextIO) -> None:
    """Write the report as workflow commands."""
    findings: list[Finding] = report["findings"]
    lines = [annotation(f) for f in findings]
    for problem in report["problems"]:
        lines.append(
            command(
                "warning" if problem["kind"] == "error" else "notice",
                f"{problem['kind']}: {problem['reason']}",
                file=repository_path(problem["path"]),
                title="doctor did not read this path",
            )
        )
    if lines:
        stream.write("\n".join(lines) + "\n")
