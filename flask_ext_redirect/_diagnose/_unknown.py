"""Extensions the knowledge base does not know: never silently fine. Each
is listed as "not checked", with its installed release and what its
metadata says about the Flask it supports (``Requires-Dist: flask ...``);
where that excludes the Flask judged against, it blocks."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from collections.abc import Sequence

from .._era import is_at_least
from .._era import parse_version
from ._environment import Environment
from ._model import FileFacts
from ._model import Finding

if sys.version_info >= (3, 10):
    from importlib import metadata
else:  # pragma: no cover - 3.9 only
    try:
        import importlib_metadata as metadata
    except ImportError:
        from importlib import metadata

_FLASK_REQUIREMENT = re.compile(
    r"^\s*flask(?![\w.-])\s*(\[[^\]]*\])?\s*\(?([^;)]*)\)?\s*(;.*)?$", re.I
)
_CLAUSE = re.compile(r"^\s*(~=|==|!=|<=|>=|<|>)\s*([0-9][0-9a-zA-Z.*+!-]*)\s*$")


def _distribution(module: str) -> metadata.Distribution | None:
    """The installed distribution that provides a top-level module."""
    finder = getattr(metadata, "packages_distributions", None)
    if finder is not None:
        names = finder().get(module, [])
        for name in names:
            try:
                return metadata.distribution(name)
            except metadata.PackageNotFoundError:  # pragma: no cover
                continue
        return None
    for dist in metadata.distributions():  # pragma: no cover - 3.9 only
        top = dist.read_text("top_level.txt") or ""
        roots = {line.strip() for line in top.splitlines()}
        roots |= {f.parts[0].removesuffix(".py") for f in dist.files or () if f.parts}
        if module in roots:
            return dist
    return None  # pragma: no cover - 3.9 only


def flask_requirement(dist: metadata.Distribution) -> str | None:
    """The specifier of the distribution's unconditional requirement on
    Flask (``""`` for any release), None when it names none."""
    for line in dist.requires or ():
        match = _FLASK_REQUIREMENT.match(line)
        if match is None:
            continue
        marker = match.group(3) or ""
        if "extra" in marker:
            continue
        return match.group(2).strip()
    return None


def allows(specifier: str, version: str) -> bool | None:
    """Whether ``version`` meets ``specifier`` (``>=2.0,<2.3``); None when
    a clause cannot be read."""
    for clause in filter(None, (c.strip() for c in specifier.split(","))):
        match = _CLAUSE.match(clause)
        if match is None:
            return None
        op, bound = match.groups()
        if bound.endswith(".*"):
            prefix = bound[:-2]
            same = version == prefix or version.startswith(prefix + ".")
            if (op == "==") != same:
                return False
            continue
        try:
            parse_version(bound)
        except ValueError:
            return None
        at_least = is_at_least(version, bound)
        at_most = is_at_least(bound, version)
        if op == "~=":
            # ~=2.2 is >=2.2, ==2.*: the same release series.
            series = bound.split(".")[:-1] or [bound]
            ok = at_least and version.split(".")[: len(series)] == series
        else:
            ok = {
                ">=": at_least,
                ">": at_least and not at_most,
                "<=": at_most,
                "<": at_most and not at_least,
                "==": at_least and at_most,
                "!=": not (at_least and at_most),
            }[op]
        if not ok:
            return False
    return True


def unchecked_extensions(
    files: Sequence[FileFacts],
    env: Environment,
    known: Callable[[str], bool],
) -> list[Finding]:
    """Findings for imported, installed extensions without an entry.

    :param known: Whether the knowledge base has an entry for a module.
    """
    first: dict[str, tuple[FileFacts, int, int, bool]] = {}
    for facts in files:
        if facts.source is None:
            continue
        for imp in facts.source.imports:
            if imp.level:
                continue
            module = imp.module
            if module in ("flask.ext", "flaskext") and imp.names:
                module = f"{module}.{imp.names[0]}"
            root = module.partition(".")[0]
            if module.startswith("flask.ext.") or module.startswith("flaskext."):
                name = module.split(".")[2 if module.startswith("flask.ext.") else 1]
                root = "flask_" + name
            if not root.startswith("flask_") or known(root):
                continue
            if root not in first or (first[root][3] and not imp.deferred):
                first[root] = (facts, imp.line, imp.col, imp.deferred)
    flask = env.version("Flask")
    found = []
    for root, (facts, line, col, deferred) in sorted(first.items()):
        if not env.importable(root):
            continue  # not installed: the missing-module rule names it
        dist = _distribution(root)
        release = f"{dist.metadata['Name']} {dist.version}" if dist else root
        requirement = flask_requirement(dist) if dist else None
        verdict = allows(requirement, flask) if requirement and flask else None
        if requirement is None:
            says = "its metadata names no Flask requirement"
        elif not requirement:
            says = "its metadata requires Flask, any release"
        else:
            says = f"its metadata requires Flask {requirement}"
        if verdict is False:
            severity = "blocker"
            title = f"{release} does not support Flask {flask}: {says}"
            fix = (
                f"pip install -U {dist.metadata['Name'] if dist else root} (a release"
                f" for Flask {flask}), or replace it"
            )
        else:
            severity = "warning"
            title = f"{release} is not checked: the knowledge base has no entry for it"
            fix = (
                "check its changelog for your Flask, or try it: doctor --run"
                " MODULE:APP imports the application"
            )
        found.append(
            Finding(
                severity=severity,
                when="request" if deferred else "import",
                kind="unchecked-extension",
                subject=root,
                title=title,
                why=f"{says}" + (f"; here: Flask {flask}" if flask else ""),
                fix=fix,
                path=facts.path,
                line=line,
                col=col,
                source=f"{release} metadata (Requires-Dist)" if dist else "",
            )
        )
    return found
