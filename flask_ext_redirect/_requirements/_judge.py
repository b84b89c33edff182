"""What stops a requirements source from installing, or from working
beside the Flask being targeted, from the knowledge base alone (no network).

Each :class:`Verdict` says what is wrong with one requirement and what
``migrate --upgrade`` would do about it: drop it, raise its pin, swap the
distribution for a drop-in successor — or why it will not.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from .._era import KnowledgeBase
from .._era import parse_version
from .._era import Release
from .._era import Successor
from ._model import normalize
from ._model import Requirement
from ._model import Source
from ._model import Spec

__all__ = ["Verdict", "judge", "raise_excluded"]

#: Edits: drop the requirement, raise its pin to ``value``, or replace the
#: distribution by ``value``.
#: Why a Pipfile's requirement is never rewritten.
_PIPFILE = "a Pipfile is read, not rewritten: change it, then run pipenv lock"

DROP = "drop"
RAISE = "raise"
REPLACE = "replace"


@dataclasses.dataclass(frozen=True)
class Verdict:
    """One thing wrong with one requirement."""

    requirement: Requirement
    #: ``"backport"``, ``"python"`` (does not install on this Python),
    #: ``"python-import"`` (installs, does not import), ``"flask"``,
    #: ``"companion"``, ``"dead"`` or ``"overwrites"``.
    code: str
    severity: str
    title: str
    why: str
    fix: str
    source: str
    #: The edit ``migrate --upgrade`` makes (``None``: none).
    action: str | None = None
    value: str | None = None
    #: Why ``migrate --upgrade`` does not make the edit, where it does not.
    refusal: str | None = None


def _key(version: str) -> tuple[tuple[int, ...], int, int] | None:
    try:
        return parse_version(version)
    except ValueError:
        return None


def raise_excluded(specs: Sequence[Spec], need: str) -> tuple[bool, bool]:
    """Whether the clauses exclude release ``need`` and every later one.

    :return: ``(excluded, pin)``: ``pin`` is true when the only clause is
        an exact ``==`` pin (which a rewrite can raise); ``excluded`` is
        ``False`` when a version is not understood (say nothing then).
    """
    need_key = _key(need)
    if need_key is None:
        return False, False
    release = need_key[0]
    excluded = False
    for spec in specs:
        version = spec.version
        if spec.op in ("==", "===") and version.endswith(".*"):
            prefix = _key(version[:-2])
            if prefix is None:
                return False, False
            width = len(version[:-2].split("."))
            head = (release + (0,) * width)[:width]
            wanted = (prefix[0] + (0,) * width)[:width]
            excluded |= head > wanted
            continue
        key = _key(version)
        if key is None:
            return False, False
        if spec.op in ("==", "==="):
            excluded |= key < need_key
        elif spec.op == "<":
            excluded |= need_key >= key
        elif spec.op == "<=":
            excluded |= need_key > key
        elif spec.op == "~=":
            parts = version.split(".")
            width = max(len(parts) - 1, 1)
            head = (release + (0,) * width)[:width]
            upper = (key[0] + (0,) * width)[:width]
            excluded |= head > upper
    pin = len(specs) == 1 and specs[0].op == "==" and "*" not in specs[0].version
    return excluded, pin


def _python() -> str:
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


def judge(
    sources: Sequence[Source],
    kb: KnowledgeBase,
    *,
    flask: str | None,
    python: str | None = None,
) -> list[Verdict]:
    """Every verdict on the requirements of ``sources``.

    :param flask: The Flask release being targeted (installed or
        ``--flask``); ``None``: judge only what does not depend on it.
    :param python: ``"3.13"``; the running interpreter's by default.
    """
    python = python or _python()
    flask_minor = ".".join(flask.split(".")[:2]) if flask else None
    backports = {normalize(b.distribution): b for b in kb.backports}
    releases = {normalize(r.distribution): r for r in kb.releases}
    extensions = {normalize(e.distribution): e for e in kb.extensions}
    successors = {normalize(s.distribution): s for s in kb.successors}
    named = {r.key for source in sources for r in source.requirements}
    # What the raised releases pull in counts as required too (Flask-Bcrypt
    # 1.0.0 requires bcrypt, which python-bcrypt overwrites).
    named |= _pulled_in(sources, kb, flask_minor, python)
    out: list[Verdict] = []
    for source in sources:
        for req in source.requirements:
            if req.marker:
                # Environment markers are not evaluated here: say nothing
                # rather than judge a line meant for another Python.
                continue
            key = req.key
            backport = backports.get(key)
            if backport is not None:
                out.append(
                    _backport(
                        req,
                        backport.stdlib,
                        backport.install_fails,
                        backport.why,
                        backport.source,
                        python,
                    )
                )
                continue
            release = releases.get(key)
            need_python = release.for_python(python) if release else None
            need_flask = (
                release.with_flask(flask_minor) if release and flask_minor else None
            )
            ext = extensions.get(key)
            if (
                need_flask is None
                and ext is not None
                and ext.works_from
                and ext.status in ("works-from", "api-changes")
                and flask is not None
                and (_key(flask) or ((0,), 0, 0))[0] >= (2,)
            ):
                need_flask = ext.works_from
            if need_python and release is not None:
                code = "python-import" if release.module else "python"
                verdict = _too_old(req, need_python, code, python, release.source)
                if verdict:
                    out.append(verdict)
            if need_flask:
                source_text = (
                    release.source
                    if release and release.with_flask(flask_minor or "")
                    else (ext.source if ext else "")
                )
                verdict = _too_old(req, need_flask, "flask", flask or "", source_text)
                if verdict:
                    out.append(verdict)
            if ext is not None and ext.status == "dead":
                out.append(
                    _dead(
                        req,
                        ext.why or "",
                        ext.replacement or "",
                        ext.source,
                        successors.get(key),
                    )
                )
            for bad in kb.bad_distributions:
                if normalize(bad.distribution) != key:
                    continue
                both = normalize(bad.conflicts_with) in named
                if not both:
                    # Only a conflict where both are required; a dead one
                    # alone has its own verdict, with the successor.
                    continue
                successor = successors.get(key)
                if successor is not None and normalize(
                    successor.successor
                ) == normalize(bad.conflicts_with):
                    action, value, refusal = _swap(req, successor)
                else:
                    action = value = None
                    refusal = "which one to keep depends on the code"
                out.append(
                    Verdict(
                        req,
                        "overwrites",
                        "blocker",
                        f"{req.name} and {bad.conflicts_with} install the same module,"
                        " and both are required here",
                        bad.why,
                        bad.fix,
                        bad.source,
                        action,
                        value,
                        refusal,
                    )
                )
    out = _merge_raises(out)
    return _merge_raises(out + _companions(out, sources, releases))


def _pulled_in(
    sources: Sequence[Source], kb: KnowledgeBase, flask_minor: str | None, python: str
) -> set[str]:
    """The distributions that the releases pins are raised to require."""
    releases = {normalize(r.distribution): r for r in kb.releases}
    out: set[str] = set()
    for source in sources:
        for req in source.requirements:
            release = releases.get(req.key)
            if release is None or req.marker:
                continue
            needs = [release.for_python(python), release.with_flask(flask_minor or "")]
            if any(n and raise_excluded(req.specs, n)[0] for n in needs):
                out.update(normalize(name) for name, _ in release.requires)
    return out


def _companions(
    verdicts: list[Verdict], sources: Sequence[Source], releases: dict[str, Release]
) -> list[Verdict]:
    """Where a pin is raised to a release that requires more of another
    pinned distribution (gevent 24.10.1 needs greenlet >= 3.1.1), raise that
    one too."""
    by_key = {r.key: r for s in sources for r in s.requirements if not r.marker}
    out: list[Verdict] = []
    for verdict in verdicts:
        release = releases.get(verdict.requirement.key)
        if verdict.action != RAISE or release is None or not verdict.value:
            continue
        for name, minimum in release.requires:
            other = by_key.get(normalize(name))
            if other is None:
                continue
            found = _too_old(
                other,
                minimum,
                "companion",
                f"{verdict.requirement.name} {verdict.value}",
                release.check,
            )
            if found is not None:
                out.append(found)
    return out


def _merge_raises(verdicts: list[Verdict]) -> list[Verdict]:
    """Where one requirement must rise for two reasons, both verdicts raise
    it to the higher release."""
    highest: dict[tuple[str, int], str] = {}
    for v in verdicts:
        if v.action == RAISE and v.value:
            where = (v.requirement.path, v.requirement.start)
            now = highest.get(where)
            if now is None or parse_version(v.value) > parse_version(now):
                highest[where] = v.value
    return [
        dataclasses.replace(v, value=highest[(v.requirement.path, v.requirement.start)])
        if v.action == RAISE
        else v
        for v in verdicts
    ]


def _backport(
    req: Requirement, stdlib: str, fails: bool, why: str, source: str, python: str
) -> Verdict:
    refusal = None
    if req.source == "pipfile":
        refusal = _PIPFILE
    elif not req.writable or req.source != "requirements":
        refusal = "only requirements files are rewritten line by line"
    return Verdict(
        req,
        "backport",
        "blocker" if fails else "warning",
        f"{req.name} is a Python 2 backport of {stdlib}"
        + (f": it does not install on Python {python}" if fails else ""),
        why,
        f"remove the requirement: Python 3's standard library has {stdlib}",
        source,
        DROP if refusal is None else None,
        None,
        refusal,
    )


def _too_old(
    req: Requirement, need: str, code: str, target: str, source: str
) -> Verdict | None:
    excluded, pin = raise_excluded(req.specs, need)
    if not excluded:
        return None
    title, why = _describe(req, need, code, target)
    refusal = None
    if req.source == "pipfile":
        refusal = _PIPFILE
    elif not pin:
        refusal = (
            f"its version range is not a single '==' pin; allow {need} or later by hand"
        )
    elif not req.writable:
        refusal = "not written as one plain string or line; change it by hand"
    return Verdict(
        req,
        code,
        "blocker",
        title,
        why,
        f"require {req.name}=={need} (or later)",
        source,
        RAISE if refusal is None else None,
        need,
        refusal,
    )


def _describe(req: Requirement, need: str, code: str, target: str) -> tuple[str, str]:
    """Title and why of a pin below ``need``."""
    if code == "python":
        return (
            f"{req.text} does not install on Python {target}:"
            f" the first release that does is {need}",
            f"releases of {req.name} before {need} have no build for Python {target}",
        )
    if code == "python-import":
        return (
            f"{req.text} installs but does not import on Python {target}:"
            f" the first release that does is {need}",
            f"releases of {req.name} before {need} use what Python {target}"
            " no longer has (see the source)",
        )
    if code == "companion":
        return (
            f"{req.text} is older than {need}, which {target} requires",
            f"{target} (the first release that installs here) requires"
            f" {req.name} >= {need}",
        )
    if req.key == "flask":
        return (
            f"{req.text} pins Flask below {need},"
            f" and doctor judges against Flask {target}",
            "the requirements install the old Flask the code is being moved away from",
        )
    return (
        f"{req.text} is older than {need},"
        f" the first release that works beside Flask {target}",
        f"pip cannot install it beside Flask {target}, or it fails there",
    )


def _dead(
    req: Requirement,
    why: str,
    replacement: str,
    source: str,
    successor: Successor | None,
) -> Verdict:
    action: str | None = None
    value: str | None = None
    refusal: str | None
    if successor is None:
        refusal = (
            _PIPFILE
            if req.source == "pipfile"
            else "no drop-in successor: the code must change with it (see doctor)"
        )
    else:
        action, value, refusal = _swap(req, successor)
    return Verdict(
        req,
        "dead",
        "warning",
        f"{req.name} is dead: no release works beside current Flask",
        why,
        f"replace it: {replacement}",
        source,
        action,
        value,
        refusal,
    )


def _swap(
    req: Requirement, successor: Successor
) -> tuple[str | None, str | None, str | None]:
    """``(action, value, refusal)`` for replacing ``req`` by its successor:
    the refusal names the reason that holds for this line."""
    if req.source == "pipfile":
        return None, None, _PIPFILE
    if not successor.drop_in:
        return None, None, successor.why
    if not req.writable:
        return (
            None,
            None,
            "not written as one plain line or string; replace it by hand",
        )
    if req.specs and not req.pinned():
        return (
            None,
            None,
            f"its version range is about {req.name}'s releases, not"
            f" {successor.successor}'s; replace it by hand",
        )
    return REPLACE, successor.successor, None
