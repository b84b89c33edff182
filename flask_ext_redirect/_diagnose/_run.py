"""``doctor --run MODULE:APP``: confirm by running. The application is
imported in a child process of this interpreter (see :mod:`._child`),
with a timeout; each stage's first exception is matched to the static
finding at the same place ("confirmed"), else explained by the knowledge
base entry its message names, else shown as it is."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from typing import Any

from .._era import Api
from .._era import KnowledgeBase
from ._model import Finding

#: Seconds the child may take, import and requests together.
DEFAULT_TIMEOUT = 60.0

_CANNOT_IMPORT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")
_NO_MODULE = re.compile(r"No module named '([\w.]+)'")
_NO_ATTRIBUTE = re.compile(
    r"'(\w+)' object has no attribute '(\w+)'"
    r"|module '([\w.]+)' has no attribute '(\w+)'"
)
_KEYWORD = re.compile(r"unexpected keyword argument '(\w+)'")


def run(
    target: str,
    root: str,
    *,
    requests: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Import ``target`` (``MODULE[:NAME]``) from ``root`` in a child
    process and GET its argument-free URL rules; the stages as data."""
    with tempfile.TemporaryDirectory(prefix="doctor-run-") as tmp:
        out = os.path.join(tmp, "stages.json")
        command = [sys.executable, "-m", "flask_ext_redirect._diagnose._child",
                   target, os.path.abspath(root), out]  # fmt: skip
        if not requests:
            command.append("--no-requests")
        env = dict(os.environ)
        env.pop("FLASK_EXT_REDIRECT", None)  # the redirect on, as installed
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (os.path.abspath(root), env.get("PYTHONPATH")) if p
        )
        timed_out = False
        try:
            done = subprocess.run(
                command,
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
            output, code = done.stderr, done.returncode
        except subprocess.TimeoutExpired as e:
            timed_out = True
            err = e.stderr
            output = (
                err.decode(errors="replace") if isinstance(err, bytes) else (err or "")
            )
            code = None
        stages: list[dict[str, Any]] = []
        if os.path.exists(out):
            with open(out, encoding="utf-8") as f:
                stages = json.load(f)["stages"]
    # Frames as doctor names files: relative to where it runs.
    for stage in stages:
        for frame in stage.get("failure", {}).get("frames", ()):
            frame["path"] = os.path.relpath(
                os.path.join(os.path.abspath(root), frame["path"])
            )
        at = stage.get("failure", {}).get("at")
        if at:
            at["path"] = os.path.relpath(
                os.path.join(os.path.abspath(root), at["path"])
            )
    return {
        "target": target,
        "timeout": timeout,
        "timed_out": timed_out,
        "exit_code": code,
        "stages": stages,
        "stderr": output[-2000:],
    }


def _entries(kb: KnowledgeBase, failure: dict[str, Any]) -> list[Api]:
    """Knowledge-base entries the exception's message names."""
    message = failure["message"]
    found: list[Api] = []
    match = _CANNOT_IMPORT.search(message)
    if match:
        name, module = match.groups()
        found += [a for a in kb.apis_for_module(module) if a.name == name]
    match = _NO_MODULE.search(message)
    if match:
        module = match.group(1)
        found += [a for a in kb.apis_for_module(module) if a.name is None]
    match = _NO_ATTRIBUTE.search(message)
    if match:
        owner, name = (
            (match.group(1), match.group(2))
            if match.group(1)
            else (match.group(3), match.group(4))
        )
        found += [
            a
            for a in kb.apis
            if a.name == name
            and (a.owner or a.module).rpartition(".")[2]
            in (owner, owner.rpartition(".")[2])
        ]
        if not found:
            found += [
                a
                for a in kb.apis
                if a.name == name and a.kind in ("method", "attribute")
            ]
    match = _KEYWORD.search(message)
    if match:
        found += [
            a for a in kb.apis if a.kind == "keyword" and a.name == match.group(1)
        ]
    if not found:
        # Config keys and distinctive names the message spells out
        # (SQLALCHEMY_DATABASE_URI).
        words = set(re.findall(r"[A-Z][A-Z0-9_]{5,}", message))
        found += [a for a in kb.apis if a.name in words]
    return found


def explain(
    report: dict[str, Any], findings: Sequence[Finding], kb: KnowledgeBase
) -> None:
    """Mark the static findings each failure hit as confirmed, and give
    each failure its explanation (in place)."""
    for stage in report["stages"]:
        failure = stage.get("failure")
        if not failure:
            continue
        places = {(f["path"], f["line"]) for f in failure["frames"] if f["own"]}
        message = failure["message"]
        hit = [f for f in findings if (f.path, f.line) in places]
        if not hit:
            # The same finding by what it names, wherever the run met it.
            names = {a.id for a in _entries(kb, failure)}
            hit = [f for f in findings if f.subject in names]
        if not hit and "application context" in message:
            hit = [f for f in findings if f.kind == "app-context"]
        for finding in hit:
            finding.confirmed = True
        if hit:
            first = hit[0]
            failure["explained_by"] = {
                "finding": f"{first.path}:{first.line}"
                if first.path
                else first.subject,
                "subject": first.subject,
                "fix": first.fix,
            }
            continue
        entries = _entries(kb, failure)
        if entries:
            api = entries[0]
            failure["explained_by"] = {
                "finding": None,
                "subject": api.id,
                "fix": api.replacement,
                "why": api.why,
                "source": api.source,
            }


def run_lines(report: dict[str, Any]) -> list[str]:
    """The run's section of the text report."""
    lines = [
        "",
        f"Confirmed by running {report['target']} (doctor --run ran its code):",
    ]
    for stage in report["stages"]:
        if stage["ok"]:
            extra = f" ({stage['status']})" if "status" in stage else ""
            lines.append(f"  {stage['stage']}: ok{extra}")
            continue
        failure = stage["failure"]
        at = failure["at"]
        where = f"{at['path']}:{at['line']}" if at else "?"
        lines.append(f"  {stage['stage']}: failed at {where}")
        lines.append(f"      {failure['type']}: {failure['message'][:300]}")
        if at and at.get("code"):
            lines.append(f"      {at['code']}")
        explained = failure.get("explained_by")
        if explained is None:
            lines.append(
                "      not in doctor's findings nor its knowledge base: shown as it is"
            )
        elif explained["finding"]:
            lines.append(
                f"      confirmed: {explained['subject']} ({explained['finding']});"
                f" fix: {explained['fix']}"
            )
        else:
            lines.append(
                f"      explained by {explained['subject']}: {explained['why']};"
                f" fix: {explained['fix']}"
            )
    if report["timed_out"]:
        lines.append(
            f"  stopped after {report['timeout']:g} s (--timeout): the application"
            " did not finish starting or answering"
        )
    elif not report["stages"]:
        lines.append(
            f"  the child process failed before importing (exit {report['exit_code']}):"
        )
        lines += [f"      {line}" for line in report["stderr"].splitlines()[-8:]]
    return lines


def failed(report: dict[str, Any]) -> bool:
    """Whether the run met an exception, timed out or never started."""
    return (
        report["timed_out"]
        or not report["stages"]
        or any(not s["ok"] for s in report["stages"])
    )
