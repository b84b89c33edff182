"""What the knowledge base holds: frozen records whose fields are the JSON
keys of ``knowledge.json`` (a missing optional key is ``None``, a list is a
tuple).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ._packaging import Backport
from ._packaging import Release
from ._packaging import Successor
from ._packaging import TemplateChange
from ._versions import is_at_least

__all__ = ["Api", "BadDistribution", "Extension", "KnowledgeBase"]


@dataclass(frozen=True)
class Extension:
    """A Flask extension of the flask.ext era and its state on Flask 2.x/3.x.

    ``status`` is ``"works"``, ``"works-from"`` (releases from
    ``works_from`` on work), ``"api-changes"`` (releases from ``works_from``
    on work once the code follows the changes listed in ``api_changes``),
    ``"yanked"`` (every release is yanked: only the exact pin in ``install``
    installs, and that release works), ``"partial"`` (the module and its
    ``entry_points`` import, the submodule ``fails_at`` does not: ``why``)
    or ``"dead"`` (no release works: ``why``, ``breaks_on`` and
    ``replacement`` say what happens and what to use instead; ``fails_at``
    where an import fails).
    """

    #: As in ``flask.ext.<name>``.
    name: str
    #: The module code imports today, e.g. ``flask_script``.
    module: str
    #: Older homes of the module, e.g. ``("flaskext.script",)``.
    legacy_modules: tuple[str, ...]
    #: The distribution that installs ``module``.
    distribution: str
    status: str
    #: Changelog (project and version) that supports the entry.
    source: str
    #: What ``pip install`` takes.
    install: str | None = None
    works_from: str | None = None
    #: Ids of :class:`Api` entries the code must follow (``api-changes``).
    api_changes: tuple[str, ...] = ()
    why: str | None = None
    #: ``"install"``, ``"import"`` or ``"request"``: when a dead extension
    #: fails.
    breaks_on: str | None = None
    #: A dead extension that fails at import: the module or name whose
    #: import fails first, e.g. ``"flask_oauthlib.client"``; a partial one:
    #: the submodule that fails.
    fails_at: str | None = None
    #: The dotted names applications import beyond the module, e.g.
    #: ``("flask_oauthlib.client.OAuth",)``: the check imports them too.
    entry_points: tuple[str, ...] = ()
    #: The newest release the check installed.
    release: str | None = None
    #: What the check imported from that release: the module, each
    #: submodule (bar those needing an optional dependency) and each entry
    #: point.
    imported: tuple[str, ...] = ()
    replacement: str | None = None
    #: ``"auto"`` (``nox -s knowledge_extensions`` installs it beside the
    #: newest Flask and checks the status) or ``"manual: <why not>"``.
    check: str | None = None
    #: Anything else worth knowing (free text).
    note: str | None = None


@dataclass(frozen=True)
class Api:
    """An API of the era that a later release removed or changed.

    ``kind`` says what ``name`` is: ``"import"`` (a name imported from
    ``module``; ``name`` is ``None`` when the module itself is gone),
    ``"attribute"`` (of ``module``, or of ``owner`` when given),
    ``"method"`` (of the class ``owner``), ``"keyword"`` (of the callable
    ``owner``), ``"config"`` (a config key) or ``"default"`` (a changed
    default, named by ``name``).
    """

    #: Unique and stable, e.g. ``"flask.before_first_request"``.
    id: str
    #: The distribution that removed or changed it, e.g. ``"Flask"``.
    project: str
    kind: str
    #: The module the name is imported from or lives in.
    module: str
    #: The imported name, attribute, method, keyword or config key; ``None``
    #: for a module that is gone as a whole (kind ``import``).
    name: str | None
    #: The first release without it (or with the new behaviour).
    removed: str
    #: The last release that still has it.
    last_with: str
    #: What to write instead (for people).
    replacement: str
    #: ``"mechanical"`` (a fixer rewrites it) or ``"manual"``.
    fix: str
    #: ``"import"``, ``"request"`` or ``"call"``: when old code fails.
    breaks_on: str
    why: str
    #: Changelog (project and version) that supports the entry.
    source: str
    #: ``"auto"`` (``nox -s knowledge`` checks it by installing
    #: ``last_with`` and ``removed``) or ``"manual: <why not>"``.
    check: str
    #: kind method/keyword (and attribute of a class): its class or function,
    #: dotted, e.g. ``"flask.Flask"``.
    owner: str | None = None
    deprecated: str | None = None
    #: The machine target where mechanical, e.g. ``"flask_wtf.FlaskForm"``.
    new: str | None = None
    #: The ``migrate --upgrade`` fixer that handles it (one of FIXER_IDS).
    fixer: str | None = None
    #: Other modules that export the same object and that old code imports
    #: it from, e.g. ``("wtforms.fields",)`` for ``wtforms.TextField``.
    also_in: tuple[str, ...] = ()
    #: kind config/default: a Python expression, true on ``last_with`` and
    #: false on ``removed``, that the check evaluates after importing
    #: ``module``.
    probe: str | None = None
    note: str | None = None
    #: The release of :attr:`project` from which the failure comes when a
    #: request arrives rather than at ``breaks_on`` (WTForms 3.1.0 moved
    #: Email()'s email_validator check from the constructor to validation).
    request_from: str | None = None

    def is_gone_in(self, version: str) -> bool:
        """Whether release ``version`` of :attr:`project` no longer has it.

        :param version: an installed or targeted release, e.g. ``"3.1.0"``.
        """
        return is_at_least(version, self.removed)


@dataclass(frozen=True)
class BadDistribution:
    """A distribution that breaks another one when both are installed."""

    distribution: str
    conflicts_with: str
    why: str
    fix: str
    source: str


def _module_candidates(module: str) -> list[str]:
    """``module`` and each of its parent packages, longest first."""
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole knowledge base, as :func:`flask_ext_redirect._era.load`
    returns it.
    """

    schema: int
    extensions: tuple[Extension, ...]
    apis: tuple[Api, ...]
    bad_distributions: tuple[BadDistribution, ...]
    #: Python 2 backports of standard library modules (requirements).
    backports: tuple[Backport, ...] = ()
    #: First releases of distributions for a Python or beside a Flask.
    releases: tuple[Release, ...] = ()
    #: Maintained distributions that replace dead ones.
    successors: tuple[Successor, ...] = ()
    #: What changed in extensions' templates, and Flask-Login's properties.
    template_changes: tuple[TemplateChange, ...] = ()

    def extension_for_module(self, module: str) -> Extension | None:
        """The extension that ``module`` (or its package) belongs to.

        :param module: ``flask_script``, a legacy name (``flaskext.script``),
            ``flask.ext.script``, or a submodule of any of them.
        """
        index = self._module_index
        for candidate in _module_candidates(module):
            if candidate.startswith("flask.ext.") and candidate.count(".") == 2:
                found = self._by_name.get(candidate.rpartition(".")[2])
                if found is not None:
                    return found
            found = index.get(candidate)
            if found is not None:
                return found
        return None

    def apis_for_module(self, module: str) -> tuple[Api, ...]:
        """The entries whose :attr:`Api.module` is exactly ``module``, or
        that list ``module`` in :attr:`Api.also_in`.

        :param module: a dotted module name, e.g. ``"werkzeug.contrib.cache"``.
        """
        return self._by_module.get(module, ())

    def api(self, api_id: str) -> Api:
        """The entry with id ``api_id``.

        :param api_id: e.g. ``"flask.before_first_request"``.
        :raises KeyError: no entry has that id.
        """
        try:
            return self._by_id[api_id]
        except KeyError:
            pass
        raise KeyError(f"the knowledge base has no API entry {api_id!r}")

    # Indexes built on first use; cached_property writes the instance's
    # __dict__ directly, which a frozen dataclass allows.
    @cached_property
    def _module_index(self) -> dict[str, Extension]:
        index: dict[str, Extension] = {}
        for ext in self.extensions:
            for module in (ext.module, *ext.legacy_modules):
                index.setdefault(module, ext)
        return index

    @cached_property
    def _by_name(self) -> dict[str, Extension]:
        return {ext.name: ext for ext in self.extensions}

    @cached_property
    def _by_module(self) -> dict[str, tuple[Api, ...]]:
        index: dict[str, list[Api]] = {}
        for api in self.apis:
            for module in dict.fromkeys((api.module, *api.also_in)):
                index.setdefault(module, []).append(api)
        return {module: tuple(apis) for module, apis in index.items()}

    @cached_property
    def _by_id(self) -> dict[str, Api]:
        return {api.id: api for api in self.apis}
