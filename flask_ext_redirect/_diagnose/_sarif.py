"""``doctor --format sarif``: the report as a SARIF 2.1.0 log, which GitHub
code scanning and other review tools read.

One run; one rule per finding id met (its family's description, a link to
the ids' documentation); one result per finding, at its file and line
(1-based column, counted in characters), with the further lines of the same
finding as related locations. Paths relative to the working directory are
given relative to ``%SRCROOT%``, which ``originalUriBaseIds`` sets to it.
Files doctor could not read are notifications of the invocation.

GitHub code scanning refuses a whole log when one result has no location
("locationFromSarifResult: expected at least one location",
github/codeql-action#2459), so a finding about the environment or the
project as a whole is shown on line 1 of the file that declares the
project's dependencies, where there is one in the working directory.
"""

from __future__ import annotations

import json
import os
import pathlib
import urllib.parse
from typing import Any
from typing import TextIO

from ._ids import family_of
from ._model import Finding

SARIF_VERSION = "2.1.0"
#: The OASIS schema (2.1.0 with errata 01), as its ``id`` names it.
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json"
)
DOCS = "https://flask-ext-redirect.readthedocs.io/en/latest/"
IDS_HELP = DOCS + "workflow/#finding-ids"
_SRCROOT = "%SRCROOT%"
#: Where a finding without a file is shown, the first found.
ANCHORS = ("requirements.txt", "pyproject.toml", "setup.cfg", "setup.py")


def _version() -> str:
    from importlib.metadata import version

    try:
        return version("flask-ext-redirect")
    except Exception:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _location(path: str) -> dict[str, Any]:
    """An artifactLocation: a relative URI from %SRCROOT% where the path is
    under the working directory (given relative or not), else a ``file:``
    URI."""
    try:
        relative = os.path.relpath(path) if os.path.isabs(path) else path
    except ValueError:  # pragma: no cover - another drive (Windows)
        relative = os.pardir
    relative = os.path.normpath(relative)
    if relative != ".." and not relative.startswith(".." + os.sep):
        uri = urllib.parse.quote(relative.replace(os.sep, "/"))
        return {"uri": uri, "uriBaseId": _SRCROOT}
    return {"uri": pathlib.Path(os.path.abspath(path)).as_uri()}


def _cwd_uri() -> str:
    """The working directory as a folder URI (ending in a slash)."""
    return pathlib.Path(os.getcwd()).as_uri().rstrip("/") + "/"


def _physical(path: str, line: int, col: int | None, code: str = "") -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _location(path)}
    if line > 0:
        region: dict[str, Any] = {"startLine": line}
        if col is not None:
            region["startColumn"] = col + 1
        if code:
            region["snippet"] = {"text": code}
        physical["region"] = region
    return physical


def _level(finding: Finding) -> str:
    return "error" if finding.severity == "blocker" else "warning"


def rule(finding: Finding) -> dict[str, Any]:
    """The reportingDescriptor of a finding's id."""
    family = family_of(finding.id)
    about = family.about if family else finding.kind
    return {
        "id": finding.id,
        "shortDescription": {"text": f"{finding.id}: {about}"},
        "helpUri": IDS_HELP,
        "defaultConfiguration": {"level": _level(finding)},
        "properties": {"tags": [family.name if family else finding.kind]},
    }


def _anchor() -> str | None:
    """The file a finding without one is shown on."""
    return next((name for name in ANCHORS if os.path.isfile(name)), None)


def result(finding: Finding, rule_index: int) -> dict[str, Any]:
    """The result object of one finding."""
    text = f"{finding.title}\nwhy: {finding.why}\nfix: {finding.fix}"
    data: dict[str, Any] = {
        "ruleId": finding.id,
        "ruleIndex": rule_index,
        "level": _level(finding),
        "message": {"text": text},
        "properties": {
            "kind": finding.kind,
            "subject": finding.subject,
            "when": finding.when,
            "fix": finding.fix,
            "mechanical": finding.mechanical,
            "source": finding.source,
        },
    }
    if finding.path:
        data["locations"] = [
            {
                "physicalLocation": _physical(
                    finding.path, finding.line, finding.col, finding.code
                )
            }
        ]
        if finding.also:
            data["relatedLocations"] = [
                {
                    "id": number,
                    "physicalLocation": _physical(finding.path, line, None),
                    "message": {"text": "the same finding"},
                }
                for number, line in enumerate(finding.also, 1)
            ]
    else:
        anchor = _anchor()
        if anchor is not None:
            data["locations"] = [
                {
                    "physicalLocation": _physical(anchor, 1, None),
                    "message": {
                        "text": "not a line of code: the installed environment"
                        " or the project as a whole"
                    },
                }
            ]
    return data


def as_sarif(report: dict[str, Any]) -> dict[str, Any]:
    """The report as a SARIF log (plain data)."""
    findings: list[Finding] = report["findings"]
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results = []
    for finding in findings:
        if finding.id not in index:
            index[finding.id] = len(rules)
            rules.append(rule(finding))
        results.append(result(finding, index[finding.id]))
    notifications = [
        {
            "level": "warning" if problem["kind"] == "error" else "note",
            "message": {"text": f"{problem['kind']}: {problem['reason']}"},
            "locations": [{"physicalLocation": _physical(problem["path"], 0, None)}],
        }
        for problem in report["problems"]
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flask-ext-redirect doctor",
                        "version": _version(),
                        "informationUri": DOCS + "doctor/",
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {_SRCROOT: {"uri": _cwd_uri()}},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "judgedAgainst": report["versions"],
                    "files": report["files"],
                    "silenced": report.get("silenced", {}),
                },
            }
        ],
    }


def write_sarif(report: dict[str, Any], stream: TextIO) -> None:
    """Write the SARIF log as JSON."""
    stream.write(json.dumps(as_sarif(report), indent=2) + "\n")
