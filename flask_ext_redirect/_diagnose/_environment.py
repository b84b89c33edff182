"""What is installed where ``doctor`` runs: versions and importable modules."""

from __future__ import annotations

import functools
import re
from importlib import metadata

from .._findable import findable


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


class Environment:
    """Installed versions, with Flask's replaced by ``--flask``.

    :param flask: Judge against this Flask release instead of the installed
        one.
    """

    def __init__(self, flask: str | None = None) -> None:
        self.flask_override = flask
        self._versions: dict[str, str | None] = {}

    def version(self, distribution: str) -> str | None:
        """The installed release of a distribution (``--flask`` for Flask),
        or None when it is not installed."""
        key = normalize(distribution)
        if key == "flask" and self.flask_override:
            return self.flask_override
        if key not in self._versions:
            try:
                self._versions[key] = metadata.version(distribution)
            except metadata.PackageNotFoundError:
                self._versions[key] = None
            except Exception:  # broken metadata: treat as not installed
                self._versions[key] = None
        return self._versions[key]

    def installed(self, distribution: str) -> bool:
        """Whether the distribution is installed here (``--flask`` aside)."""
        key = normalize(distribution)
        if key == "flask" and self.flask_override:
            return True
        return self.version(distribution) is not None

    @functools.cache  # noqa: B019 - one per run
    def importable(self, module: str) -> bool:
        """Whether a module can be found, without importing it (nor asking
        the redirect, which would answer for legacy names)."""
        return findable(module)

    def considered(self, projects: list[str]) -> dict[str, str | None]:
        """The versions a report was judged against."""
        return {name: self.version(name) for name in projects}
