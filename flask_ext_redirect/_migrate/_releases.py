"""The releases the migrated code will run on: the target check.

A fixer writes the new spelling of an API (``download_name=``,
``FlaskForm``, ``pass_context``); that spelling exists only from some
release on. Where the code will run on an older one, the rewrite would
break it, so the fixer refuses and names the release it needs.

Which releases: those pinned with ``--target flask==2.3`` (any
distribution, repeatable), else those installed where the command runs
(the application's environment). A distribution neither pinned nor
installed is not judged: the code cannot run here as it is, and whatever
gets installed for it will be current.
"""

from __future__ import annotations

import importlib.metadata
import re

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9.]*)\s*$")
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([0-9][0-9a-zA-Z.]*)\s*$")


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def version_tuple(version: str) -> tuple[int, ...]:
    """``"2.0.1rc1"`` -> ``(2, 0, 1)``: the release numbers, enough to
    compare against the minimums the fixers name."""
    parts = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        parts.append(int(digits.group()))
        if digits.group() != part:
            break
    return tuple(parts)


def parse_pin(text: str) -> tuple[str, str]:
    """``"flask==2.3"`` -> ``("flask", "2.3")``.

    :raise ValueError: with what was wrong, for the command line.
    """
    match = _PIN.match(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not 'auto', 'flask_' or a release such as 'flask==2.3'"
        )
    return normalize(match.group(1)), match.group(2)


class Releases:
    """Answer "does the code run on a release with this API?".

    :param pins: ``(distribution, version)`` from ``--target``; they win
        over what is installed.
    """

    def __init__(self, pins: tuple[tuple[str, str], ...] = ()) -> None:
        self.pins = {normalize(name): version for name, version in pins}
        self._installed: dict[str, str | None] = {}

    def version(self, dist: str) -> tuple[str, str] | None:
        """The version the code runs on and where that comes from."""
        key = normalize(dist)
        if key in self.pins:
            return self.pins[key], "--target"
        if key not in self._installed:
            try:
                self._installed[key] = importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                self._installed[key] = None
        found = self._installed[key]
        return None if found is None else (found, "installed")

    def missing(self, requirement: str) -> str | None:
        """None where ``requirement`` (``"Flask>=2.0"``) holds or cannot be
        judged; else what the code runs on instead, for the message."""
        match = _REQUIREMENT.match(requirement)
        if match is None:  # pragma: no cover - a fixer's typo
            raise ValueError(f"bad requirement {requirement!r}")
        dist, minimum = match.groups()
        found = self.version(dist)
        if found is None:
            return None
        version, source = found
        if version_tuple(version) >= version_tuple(minimum):
            return None
        if source == "--target":
            return f"--target gives {dist} {version}"
        return (
            f"{dist} {version} is installed here (upgrade it first, or pass "
            f"--target {dist.lower()}=={minimum} if the code will run on that)"
        )
