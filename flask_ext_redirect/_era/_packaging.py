"""The knowledge base's records about distributions and templates (rather
than import names): Python 2 backports, the first release of a
distribution for a Python or beside a Flask, drop-in successors of dead
distributions, and what changed in extensions' templates.

They live in their own sections of ``knowledge.json`` (``backports``,
``releases``, ``successors``, ``template_changes``); see docs/knowledge.rst.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Backport", "Release", "Successor", "TemplateChange"]


@dataclass(frozen=True)
class Backport:
    """A Python 2 backport of a standard library module: useless on
    Python 3, and sometimes impossible to install there."""

    distribution: str
    #: What Python 3's standard library has instead, e.g. ``"wsgiref"``.
    stdlib: str
    #: Whether ``pip install`` of the era's release fails on Python 3
    #: (``wsgiref`` 0.1.2's setup.py is Python 2 code).
    install_fails: bool
    why: str
    source: str
    #: How the entry was checked (the command and the Python).
    check: str


@dataclass(frozen=True)
class Release:
    """The first releases of a distribution that do the job: on a Python
    (``first_for_python``, keyed ``"3.13"``) and beside a Flask
    (``first_with_flask``, keyed by Flask's ``"major.minor"``)."""

    distribution: str
    source: str
    check: str
    #: ``{"3.13": "3.1.0"}``: the oldest release that installs on that
    #: Python (and, where :attr:`module` is given, imports there); the
    #: release before it does not.
    first_for_python: tuple[tuple[str, str], ...] = ()
    #: ``{"3.1": "3.0.0"}``: the oldest release that installs beside that
    #: Flask (with the other distributions at their own first releases),
    #: and, where :attr:`module` is given, imports there.
    first_with_flask: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    #: ``{"greenlet": "3.1.1"}``: what those first releases themselves
    #: require of other distributions (from their metadata), so that a
    #: rewrite raising this pin raises those pins too.
    requires: tuple[tuple[str, str], ...] = ()
    #: Given where older releases install but fail to import (rather than
    #: fail to install): the module that ``nox -s knowledge_requirements``
    #: imports to check the entry.
    module: str | None = None

    def for_python(self, python: str) -> str | None:
        """The first release for ``python`` (``"3.13"``), if known."""
        return dict(self.first_for_python).get(python)

    def with_flask(self, flask: str) -> str | None:
        """The first release beside Flask ``flask`` (``"3.1"``), if known."""
        return dict(self.first_with_flask).get(flask)


@dataclass(frozen=True)
class Successor:
    """A maintained distribution that replaces a dead one."""

    distribution: str
    successor: str
    #: Same import name and API: the requirement can be swapped as it is.
    drop_in: bool
    why: str
    source: str


@dataclass(frozen=True)
class TemplateChange:
    """Something a Jinja template of the era uses that a later release
    removed or changed.

    ``kind`` is ``"property"`` (a method of ``owner`` that became a
    property: calling it fails), ``"template"`` (a template file an
    extension shipped), ``"macro"`` (a macro of such a template) or
    ``"filter"``/``"test"`` (one an extension registered).
    """

    id: str
    project: str
    kind: str
    name: str
    #: The release of :attr:`project` that removed or changed it (``None``
    #: where no release did: a filter of a dead extension, a template its
    #: successor never had).
    removed: str | None
    replacement: str
    why: str
    source: str
    check: str
    #: kind property: the template variable, e.g. ``"current_user"``;
    #: kind macro: the template that defines it.
    owner: str | None = None
    #: Applies only where this distribution provides the templates (it
    #: took the extension's import name), e.g. ``"Bootstrap-Flask"``.
    when_installed: str | None = None
    #: ``migrate --upgrade`` rewrites it.
    mechanical: bool = False
