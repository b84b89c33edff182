"""Version strings of the knowledge base, compared without ``packaging``.

The knowledge base names releases the way changelogs do: ``2.3.0``,
``0.13``, ``1.0.0rc1``.  :func:`parse_version` turns one into a tuple that
sorts as PEP 440 orders them for these shapes (trailing zeros do not count,
a pre-release sorts before its release, a post-release after it).
"""

from __future__ import annotations

import re

__all__ = ["VersionKey", "is_at_least", "parse_version"]

#: ``(release, phase, number)``: phase -3/-2/-1 for a/b/rc, -4 for dev,
#: 0 for a final release, 1 for a post-release.
VersionKey = tuple[tuple[int, ...], int, int]

_VERSION = re.compile(
    r"(?P<release>[0-9]+(?:\.[0-9]+)*)"
    r"(?:(?P<pre>a|b|rc)(?P<pre_n>[0-9]+)"
    r"|\.post(?P<post_n>[0-9]+)"
    r"|\.dev(?P<dev_n>[0-9]+))?"
)
_PHASES = {"a": -3, "b": -2, "rc": -1}


def parse_version(text: str) -> VersionKey:
    """Return a sortable key for the release ``text``.

    :param text: a release number such as ``"2.3.0"`` or ``"1.0rc1"``.
    :raises ValueError: ``text`` is not a release number of that shape.
    """
    match = _VERSION.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not a release number (expected digits and dots, "
            "optionally followed by aN, bN, rcN, .postN or .devN)"
        )
    release = [int(part) for part in match["release"].split(".")]
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    if match["pre"] is not None:
        return tuple(release), _PHASES[match["pre"]], int(match["pre_n"])
    if match["post_n"] is not None:
        return tuple(release), 1, int(match["post_n"])
    if match["dev_n"] is not None:
        return tuple(release), -4, int(match["dev_n"])
    return tuple(release), 0, 0


def is_at_least(version: str, minimum: str) -> bool:
    """Whether release ``version`` is ``minimum`` or newer.

    :param version: the release to test, e.g. the installed one.
    :param minimum: the release it is compared with.
    """
    return parse_version(version) >= parse_version(minimum)
