"""Write a diagnosis for people (grouped text) or tools (JSON)."""

from __future__ import annotations

import json
import textwrap
from typing import Any
from typing import TextIO

from ._model import Finding

#: The version of the ``--json`` layout (docs/doctor.rst describes it).
JSON_SCHEMA = 1

_HEADINGS = {
    "install": "In the environment (before any code runs)",
    "import": "At import (the application does not start)",
    "request": "When a request comes (the application starts, then fails)",
}
_OUTSIDE = "In tests and scripts (the application does not import them)"
_WIDTH = 88


def as_data(report: dict[str, Any]) -> dict[str, Any]:
    """The report as JSON-ready data."""
    findings: list[Finding] = report["findings"]
    return {
        "schema": JSON_SCHEMA,
        "paths": report["paths"],
        "judged_against": report["versions"],
        "flask_from_option": report["flask_from_option"],
        "files": report["files"],
        "blocking": any(f.severity == "blocker" for f in findings),
        "findings": [
            {
                "id": f.id,
                "severity": f.severity,
                "when": f.when,
                "kind": f.kind,
                "subject": f.subject,
                "path": f.path,
                "line": f.line,
                "col": f.col,
                "code": f.code,
                "title": f.title,
                "why": f.why,
                "fix": f.fix,
                "mechanical": f.mechanical,
                "source": f.source,
                "also": f.also,
                "outside": f.outside,
                "confirmed": f.confirmed,
                "doubt": f.doubt,
            }
            for f in findings
        ],
        "silenced": report.get("silenced", {"by_selection": 0, "by_comment": 0}),
        "problems": report["problems"],
        "entry": report.get("entry"),
        "run": report.get("run"),
    }


def write_json(report: dict[str, Any], stream: TextIO) -> None:
    # One write: json.dump writes each token separately.
    stream.write(json.dumps(as_data(report), indent=2) + "\n")


def _wrap(label: str, text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text,
        _WIDTH,
        initial_indent=f"{indent}{label}",
        subsequent_indent=indent + " " * len(label),
        break_on_hyphens=False,
    ) or [f"{indent}{label}"]


def write_text(report: dict[str, Any], stream: TextIO) -> None:
    findings: list[Finding] = report["findings"]
    blockers = [f for f in findings if f.severity == "blocker"]
    warnings = [f for f in findings if f.severity != "blocker"]
    # Libraries that are not installed are named only where a finding is
    # about them (the JSON lists them all).
    named = " ".join(f.title for f in findings)
    versions = ", ".join(
        f"{name} {version or 'not installed'}"
        + (" (from --flask)" if name == "Flask" and report["flask_from_option"] else "")
        for name, version in report["versions"].items()
        if version or name == "Flask" or f"{name} " in named
    )
    files = report["files"]
    if files["scanned"] == files["seen"]:
        read = f"Read all {files['seen']} Python files."
    else:
        read = (
            f"Read {files['scanned']} of {files['seen']} Python files"
            " (the others name nothing doctor knows about)."
        )
    if files.get("requirements") or files.get("templates"):
        counts = (files.get("requirements", 0), files.get("templates", 0))
        read += (
            f" Read {counts[0]} requirements file{'' if counts[0] == 1 else 's'}"
            f" and {counts[1]} template{'' if counts[1] == 1 else 's'}."
        )
    lines = [f"Judged against: {versions}", read, ""]
    if not findings:
        lines.append("Nothing found that stops this application on these versions.")
    else:
        lines.append(
            f"{len(blockers)} blocking, {len(warnings)} to know about,"
            " in the order they would fail:"
        )
    number = 0
    for phase in ("install", "import", "request"):
        group = [f for f in blockers if f.when == phase and not f.outside]
        if not group:
            continue
        lines += ["", _HEADINGS[phase]]
        for finding in group:
            number += 1
            lines += _item(number, finding)
    outside = [f for f in blockers if f.outside]
    if outside:
        lines += ["", _OUTSIDE]
        for finding in outside:
            number += 1
            lines += _item(number, finding)
    if warnings:
        lines += ["", "Not blocking here (yet)"]
        for finding in warnings:
            number += 1
            lines += _item(number, finding)
    silenced = report.get("silenced", {})
    by_selection = silenced.get("by_selection", 0)
    by_comment = silenced.get("by_comment", 0)
    if by_selection or by_comment:
        lines += ["", _silenced(by_selection, by_comment)]
    for problem in report["problems"]:
        lines.append(f"{problem['path']}: {problem['kind']}: {problem['reason']}")
    stream.write("\n".join(lines) + "\n")


def _item(number: int, finding: Finding) -> list[str]:
    where = ""
    if finding.path:
        where = f"{finding.path}:{finding.line}" if finding.line else finding.path
    head = f"{number:>3}. "
    pad = " " * len(head)
    if where:
        # The location on a line of its own, whole, so editors and
        # terminals can follow it.
        out = [head + where.strip()] + _wrap("", finding.title, pad)
    else:
        out = _wrap(head, finding.title, "")
    if finding.code:
        out.append(f"{pad}    {finding.code}")
    if finding.confirmed:
        out.append(f"{pad}confirmed: doctor --run met it")
    out += _wrap("why: ", finding.why, pad)
    out += _wrap("fix: ", finding.fix, pad)
    if finding.also:
        word = "line " if len(finding.also) == 1 else "lines "
        out += _wrap("also: ", word + ", ".join(str(n) for n in finding.also), pad)
    out.append(f"{pad}id: {finding.id}")
    return out


def _silenced(by_selection: int, by_comment: int) -> str:
    parts = []
    if by_selection:
        parts.append(f"{by_selection} by --select/--ignore or pyproject.toml")
    if by_comment:
        parts.append(f"{by_comment} by '# doctor: ignore' comments")
    return f"Silenced: {', '.join(parts)}."
