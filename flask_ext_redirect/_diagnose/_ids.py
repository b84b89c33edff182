"""Stable ids of ``doctor``'s findings, and choosing findings by id.

An id names what was found, never where or on which versions, so the same
problem keeps its id from one run, machine and release to the next:

``api.<entry>``
    A knowledge-base API entry (``api.flask.before_first_request``), whether
    it is removed, deprecated, an ignored config key or a changed default
    on the versions judged.
``ext.<module>``
    A knowledge-base extension that does not work (dead, or the installed
    release too old): ``ext.flask_script``.
``missing.<module>``
    An imported top-level module that is not installed.
``conflict.<distribution>``
    A knowledge-base pair of distributions that break each other.
``python2``, ``unreadable``
    A file doctor could not read as Python 3.

The checks beside the knowledge base's have ids of the same shape: the
kind, then the module or distribution where the subject is one. A kind
:data:`FAMILIES` does not know gets its kind as id: stable, though not per
subject. docs/workflow.rst lists the ids; tests/doctor/finding_ids.txt pins
them.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from collections.abc import Sequence

from .._era import KnowledgeBase


@dataclasses.dataclass(frozen=True)
class Family:
    """Findings whose ids share a first part."""

    #: The first part of the ids: ``api``.
    name: str
    #: The :attr:`Finding.kind` values it covers.
    kinds: tuple[str, ...]
    #: Whether the id goes on with the finding's subject (``api.<entry>``).
    per_subject: bool
    #: What it is, for ``--format sarif`` and the docs.
    about: str
    #: Whether any subject goes (a module name), rather than only those the
    #: knowledge base lists: ``--select`` then takes any ``<name>.<subject>``.
    open: bool = False


FAMILIES: tuple[Family, ...] = (
    Family(
        "api",
        ("removed-api", "deprecated-api", "changed-default", "removed-config"),
        True,
        "an API, config key or default that a release removed or changed",
    ),
    Family(
        "ext",
        ("dead-extension", "old-extension"),
        True,
        "an extension that does not work on this Flask (dead, or too old)",
    ),
    Family(
        "missing", ("missing-module",), True, "an imported module not installed", True
    ),
    Family(
        "conflict",
        ("bad-distribution",),
        True,
        "installed distributions that break each other",
    ),
    Family("python2", ("python2",), False, "a Python 2 file"),
    Family("unreadable", ("unreadable",), False, "a file doctor could not read"),
    # The checks beside the knowledge base's (an id per kind, or per kind
    # and module where the subject is a module or a distribution).
    Family(
        "python2-module",
        ("python2-module",),
        True,
        "a module of Python 2's standard library",
        True,
    ),
    Family(
        "python2-construct",
        ("python2-construct",),
        False,
        "code only Python 2 runs",
    ),
    Family(
        "implicit-relative-import",
        ("implicit-relative-import",),
        True,
        "an import Python 3 reads as absolute",
        True,
    ),
    Family(
        "app-context",
        ("app-context",),
        False,
        "code that needs an application context",
    ),
    Family(
        "overlapping-distributions",
        ("overlapping-distributions",),
        False,
        "installed distributions that write the same module",
    ),
    Family(
        "unchecked-extension",
        ("unchecked-extension",),
        True,
        "an extension the knowledge base does not know",
        True,
    ),
    Family(
        "requirement",
        ("requirement",),
        True,
        "a requirement that does not install or work here",
        True,
    ),
    Family(
        "template",
        ("template",),
        True,
        "a template that uses what a release removed",
        True,
    ),
)

_BY_KIND = {kind: family for family in FAMILIES for kind in family.kinds}
_BY_NAME = {family.name: family for family in FAMILIES}


def finding_id(kind: str, subject: str) -> str:
    """The id of a finding of ``kind`` about ``subject``.

    :param kind: :attr:`Finding.kind`, e.g. ``"removed-api"``.
    :param subject: :attr:`Finding.subject`, e.g. the knowledge-base entry's
        id; not part of the id for kinds whose subject is a path.
    """
    family = _BY_KIND.get(kind)
    if family is None:
        return kind
    if family.per_subject and subject:
        return f"{family.name}.{subject}"
    return family.name


def family_of(finding_id: str) -> Family | None:
    """The family an id belongs to (None for an unknown kind's id)."""
    return _BY_NAME.get(finding_id.partition(".")[0])


def known_ids(kb: KnowledgeBase) -> set[str]:
    """Every id the knowledge base can give a finding (``missing.<module>``
    aside: any module can be missing)."""
    ids = {f"api.{api.id}" for api in kb.apis}
    # Every extension, whatever its status: a status can change from one
    # release of the knowledge base to the next, an id that a project names
    # in its configuration must not.
    ids.update(f"ext.{ext.module}" for ext in kb.extensions)
    ids.update(f"conflict.{bad.distribution}" for bad in kb.bad_distributions)
    ids.update(f.name for f in FAMILIES if not f.per_subject)
    return ids


def matches(selector: str, finding_id: str) -> bool:
    """Whether ``selector`` names the id or a prefix of it, whole parts only
    (``api.werkzeug`` holds ``api.werkzeug.secure_filename``, not
    ``api.werkzeug_extra``), like ruff's ``E4`` for ``E401``."""
    selector = selector.rstrip(".")
    return finding_id == selector or finding_id.startswith(selector + ".")


class Selection:
    """``--select`` and ``--ignore``: which ids are reported.

    The most specific selector that names an id decides, as in ruff:
    ``ignore = ["api"]`` with ``select = ["api.flask.Markup"]`` reports
    that entry alone of its family. At equal length ``ignore`` wins. With
    no ``select``, everything not ignored is reported.

    :param select: Ids or prefixes to report (empty: all).
    :param ignore: Ids or prefixes not to report.
    """

    def __init__(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
        self.select = [s.rstrip(".") for s in select]
        self.ignore = [s.rstrip(".") for s in ignore]

    def __bool__(self) -> bool:
        return bool(self.select or self.ignore)

    def wants(self, finding_id: str) -> bool:
        """Whether a finding with this id is reported."""
        best_select = max(
            (len(s) for s in self.select if matches(s, finding_id)), default=-1
        )
        best_ignore = max(
            (len(s) for s in self.ignore if matches(s, finding_id)), default=-1
        )
        if best_ignore >= 0 and best_ignore >= best_select:
            return False
        return best_select >= 0 or not self.select


def unknown_selectors(selectors: Iterable[str], kb: KnowledgeBase) -> list[str]:
    """The selectors that name no id doctor can report, each with a hint:
    a typo in ``--select`` would otherwise report nothing, and look clean.
    """
    ids = known_ids(kb)
    prefixes = {
        ".".join(parts[:n])
        for known in ids
        for parts in [known.split(".")]
        for n in range(1, len(parts) + 1)
    }
    prefixes.update(family.name for family in FAMILIES)
    problems = []
    for selector in selectors:
        name = selector.rstrip(".")
        family = family_of(name)
        if name in prefixes or (family is not None and family.open):
            continue
        close = difflib.get_close_matches(name, sorted(prefixes), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{selector!r} is not a finding id nor a prefix of one{hint}")
    return problems
