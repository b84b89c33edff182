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
from ._imports import settle
from ._judge import Judge
from ._layout import Layout
from ._match import facts
from ._match import index_of
from ._model import FileFacts
from ._model import Finding
from ._order import entry_point
from ._order import Order
from ._order import ordered
from ._output import escaping
from ._render import write_json
from ._render import write_text
from ._run import DEFAULT_TIMEOUT
from ._run import explain
from ._run import failed
from ._run import run as run_app
from ._run import run_lines
from ._silence import silence
from ._skipped import skimmed

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
    app: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    templates: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything ``doctor PATH`` reports, as plain data.

    :param paths: Files and folders of the application.
    :param flask: Judge against this Flask release instead of the installed
        one.
    :param excludes: Glob patterns to skip, as ``migrate --exclude``.
    :param jobs: Worker processes (0: one per core).
    :param kb: Another knowledge base than the shipped one (tests).
    :param app: The entry point, ``MODULE[:NAME]`` (found when not given).
    :param select: Report only findings with these ids (or id prefixes).
    :param ignore: Leave out findings with these ids (or id prefixes).
    :param templates: Template folders to read besides those the code names.
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
        skipped=skimmed,
    )
    files: list[FileFacts] = tree.results
    env = Environment(flask)
    judge = Judge(kb, env, tree.modules, static=_has_static(paths))
    findings = judge.run(files, tree.mentioned)
    # ``# doctor: ignore`` comments and --select/--ignore; a finding moved
    # to its next unsilenced place is ordered anew.
    selection = Selection(select, ignore)
    findings, silenced = silence(findings, files, judge, selection)
    # Requirements files and templates: --select/--ignore apply (their ids
    # are their kinds), ``# doctor: ignore`` comments are Python's only.
    extra = _requirements_and_templates(paths, kb, env, templates, excludes)
    for finding in extra["findings"]:
        if selection.wants(finding.id):
            findings.append(finding)
        else:
            silenced.by_selection += 1
    # In the order the application runs its modules (see _order.py).
    by_path = {f.path: f for f in files}
    layout = Layout(by_path)
    order = Order(layout, by_path, entry_point(layout, by_path, app))
    findings = ordered(findings, order)
    settle(
        findings,
        lambda path: path in order.eager and not order.outside(path),
    )
    findings = ordered(findings, order)
    projects = ["Flask", *sorted({a.project for a in kb.apis} - {"Flask"})]
    return {
        "paths": list(paths),
        "versions": env.considered(projects),
        "flask_from_option": flask is not None,
        "files": {
            "seen": tree.seen,
            "scanned": sum(not f.light for f in files),
            "requirements": extra["requirements"],
            "templates": extra["templates"],
        },
        "entry": order.entry,
        "findings": findings,
        "silenced": {
            "by_selection": silenced.by_selection,
            "by_comment": silenced.by_comment,
        },
        "problems": [
            {"path": p.path, "kind": p.kind, "reason": p.reason} for p in tree.problems
        ]
        + extra["problems"],
    }


def _requirements_and_templates(
    paths: Sequence[str],
    kb: KnowledgeBase,
    env: Environment,
    templates: Sequence[str],
    excludes: Sequence[str],
) -> dict[str, Any]:
    """What the requirements files and the Jinja templates under ``paths``
    show (see :mod:`._requirements` and :mod:`._templates`)."""
    from .._migrate._walk import Walker
    from .._requirements._model import normalize
    from ._requirements import requirement_findings
    from ._templates import template_findings

    skip = Walker(paths, excludes).excluded if excludes else None
    flask = env.version("Flask")
    found, sources, problems = requirement_findings(paths, kb, flask, skip)
    required = {r.key for s in sources for r in s.requirements}

    def present(distribution: str) -> bool:
        return env.installed(distribution) or normalize(distribution) in required

    in_templates, read, template_problems = template_findings(
        paths, kb, given=templates, present=present, skip=skip
    )
    return {
        "findings": found + in_templates,
        "requirements": len(sources),
        "templates": read,
        "problems": problems + template_problems,
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
    app: str | None = None,
    run: str | None = None,
    requests: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    templates: Sequence[str] = (),
) -> int:
    """Run ``doctor PATH ...`` and return its exit status: 0 when nothing
    blocks (or every blocker is silenced), 1 when something does, 2 when a
    path or option is wrong.

    :param output_format: One of :data:`FORMATS` (``as_json`` means
        ``"json"``).
    :param select: ``--select``: report only these ids or id prefixes.
    :param ignore: ``--ignore``: leave these ids or id prefixes out.
    :param app: The entry point, ``MODULE[:NAME]``.
    :param run: Import this ``MODULE[:NAME]`` in a child process and GET
        its URL rules (runs the application's code).
    :param requests: With ``run``: also GET the rules.
    :param timeout: With ``run``: seconds the child may take.
    """
    stream = escaping(stream or sys.stdout)
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
    missing = [p for p in [*paths, *templates] if not os.path.exists(p)]
    if missing:
        for path in missing:
            sys.stderr.write(f"doctor: {path}: no such file or folder\n")
        return EXIT_ERROR
    if timeout <= 0:
        sys.stderr.write("doctor: --timeout must be more than 0 seconds\n")
        return EXIT_ERROR
    report = diagnose(
        paths,
        flask=flask,
        excludes=excludes,
        jobs=jobs,
        select=select,
        ignore=ignore,
        app=app or run,
        templates=templates,
    )
    ran = None
    if run is not None:
        first = paths[0]
        root = first if os.path.isdir(first) else os.path.dirname(first) or "."
        ran = run_app(run, root, requests=requests, timeout=timeout)
        explain(ran, report["findings"], load())
        report["run"] = ran
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
        if ran is not None:
            stream.write("\n".join(run_lines(ran)) + "\n")
    blocked = any(f.severity == "blocker" for f in report["findings"])
    return EXIT_BLOCKED if blocked or (ran is not None and failed(ran)) else EXIT_OK
