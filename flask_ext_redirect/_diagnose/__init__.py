"""``flask-ext-redirect doctor PATH ...``: what stops a flask.ext-era
application on the Flask installed here (or ``--flask VERSION``), in the
order it would fail, with the fix for each.

The application's code is read statically by the shared scanner
(:mod:`flask_ext_redirect._scan`), never imported; what is installed comes
from ``importlib.metadata``; what changed when comes from the knowledge
base (:mod:`flask_ext_redirect._era`).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from typing import Any
from typing import TextIO

from .._era import KnowledgeBase
from .._era import load
from .._era import parse_version
from .._scan import scan_paths
from .._scan._files import Prefilter
from ._environment import Environment
from ._ids import Selection
from ._ids import unknown_selectors
from ._judge import Judge
from ._match import facts
from ._match import index_of
from ._model import FileFacts
from ._model import Finding
from ._render import write_json
from ._render import write_text
from ._silence import silence

__all__ = ["FORMATS", "Finding", "diagnose", "main", "write_json", "write_text"]

#: ``--format`` choices.
FORMATS = ("text", "json", "github", "sarif")

#: Exit status: nothing blocks / something blocks / bad arguments or paths.
EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_ERROR = 2


def diagnose(
    paths: Sequence[str],
    *,
    flask: str | None = None,
    excludes: Sequence[str] = (),
    jobs: int = 0,
    kb: KnowledgeBase | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything ``doctor PATH`` reports, as plain data.

    :param paths: Files and folders of the application.
    :param flask: Judge against this Flask release instead of the installed
        one.
    :param excludes: Glob patterns to skip, as ``migrate --exclude``.
    :param jobs: Worker processes (0: one per core).
    :param kb: Another knowledge base than the shipped one (tests).
    :param select: Report only findings with these ids (or id prefixes).
    :param ignore: Leave out findings with these ids (or id prefixes).
    """
    kb = kb or load()
    index = index_of(kb)
    analyse = facts if kb is load() else functools.partial(facts, kb=kb)
    prefilter = Prefilter(index.rules, track=index.needs | index.default_keys)
    tree = scan_paths(
        paths,
        analyse,
        prefilter=prefilter,
        methods=index.method_names,
        excludes=excludes,
        jobs=jobs,
    )
    files: list[FileFacts] = tree.results
    env = Environment(flask)
    judge = Judge(kb, env, tree.modules, static=_has_static(paths))
    findings = judge.run(files, tree.mentioned)
    # ``# doctor: ignore`` comments and --select/--ignore; a finding moved
    # to its next unsilenced place is ordered anew.
    findings, silenced = silence(findings, files, judge, Selection(select, ignore))
    findings.sort(key=Finding.sort_key)
    projects = ["Flask", *sorted({a.project for a in kb.apis} - {"Flask"})]
    return {
        "paths": list(paths),
        "versions": env.considered(projects),
        "flask_from_option": flask is not None,
        "files": {"seen": tree.seen, "scanned": len(files)},
        "findings": findings,
        "silenced": {
            "by_selection": silenced.by_selection,
            "by_comment": silenced.by_comment,
        },
        "problems": [
            {"path": p.path, "kind": p.kind, "reason": p.reason} for p in tree.problems
        ],
    }


def _has_static(paths: Sequence[str]) -> bool:
    """Whether a folder named ``static`` lies in the tree: a Flask app
    serves the files in it (what SEND_FILE_MAX_AGE_DEFAULT governs)."""
    for path in paths:
        for _, dirs, _ in os.walk(path):
            if "static" in dirs:
                return True
            dirs[:] = [d for d in dirs if not d.startswith(".")]
    return False


def main(
    paths: Sequence[str],
    *,
    as_json: bool = False,
    flask: str | None = None,
    excludes: Sequence[str] = (),
    jobs: int = 0,
    stream: TextIO | None = None,
    output_format: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> int:
    """Run ``doctor PATH ...`` and return its exit status: 0 when nothing
    blocks (or every blocker is silenced), 1 when something does, 2 when a
    path or option is wrong.

    :param output_format: One of :data:`FORMATS` (``as_json`` means
        ``"json"``).
    :param select: ``--select``: report only these ids or id prefixes.
    :param ignore: ``--ignore``: leave these ids or id prefixes out.
    """
    stream = stream or sys.stdout
    if as_json:
        output_format = "json"
    for option, values in (("--select", select), ("--ignore", ignore)):
        for problem in unknown_selectors(values, load()):
            sys.stderr.write(f"doctor: {option}: {problem}\n")
            return EXIT_ERROR
    if flask is not None:
        try:
            parse_version(flask)
        except ValueError as e:
            sys.stderr.write(f"doctor: --flask: {e}\n")
            return EXIT_ERROR
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        for path in missing:
            sys.stderr.write(f"doctor: {path}: no such file or folder\n")
        return EXIT_ERROR
    report = diagnose(
        paths, flask=flask, excludes=excludes, jobs=jobs, select=select, ignore=ignore
    )
    if output_format == "json":
        write_json(report, stream)
    elif output_format == "github":
        from ._github import write_github

        write_github(report, stream)
    elif output_format == "sarif":
        from ._sarif import write_sarif

        write_sarif(report, stream)
    else:
        write_text(report, stream)
    blocked = any(f.severity == "blocker" for f in report["findings"])
    return EXIT_BLOCKED if blocked else EXIT_OK
