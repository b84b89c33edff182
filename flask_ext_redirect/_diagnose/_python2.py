"""Python 2 constructs that parse on Python 3 and fail when they run:
removed builtins the module never binds (``xrange``; a module with
``unicode = str`` in a compat shim is fine), ``dict.iteritems()`` and
``has_key()``, ``string.letters``, ``__cmp__`` without ordering methods."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence

from ._model import FileFacts
from ._model import Finding
from ._py2_names import BUILTINS
from ._py2_names import METHODS
from ._py2_names import STRING_CONSTANTS
from ._source import Spot

_SOURCE = 'Python 3.0 "What\'s New" (builtins, dict methods, string module, __cmp__)'


def python2_constructs(files: Sequence[FileFacts]) -> list[Finding]:
    """Findings for Python 2 constructs, one per file and name."""
    defined: set[str] = set()
    sorts = False
    for facts in files:
        if facts.source is not None:
            defined |= facts.source.defined_methods
            sorts = sorts or facts.source.sorts
    found: list[Finding] = []
    for facts in files:
        source = facts.source
        if source is None or facts.python2:
            continue
        found += _group(
            facts,
            source.py2_names,
            lambda s: (
                f"{s.what}() is Python 2's: Python 3 has no builtin {s.what}",
                f"NameError: name '{s.what}' is not defined",
                f"use {BUILTINS[s.what]}",
            ),
        )
        methods = [m for m in source.py2_methods if m.what not in defined]
        found += _doubtful(
            _group(
                facts,
                methods,
                lambda s: (
                    f".{s.what}() is a Python 2 dict method",
                    f"AttributeError: 'dict' object has no attribute '{s.what}'",
                    f"{s.detail}.{METHODS[s.what]}"
                    if s.what != "has_key"
                    else f"key in {s.detail}",
                ),
            )
        )
        found += _group(
            facts,
            source.string_attrs,
            lambda s: (
                f"string.{s.what} is Python 2's string module",
                f"AttributeError: module 'string' has no attribute '{s.what}'",
                f"use {STRING_CONSTANTS[s.what]}",
            ),
        )
        for cls in source.cmp_classes:
            found.append(
                Finding(
                    severity="blocker" if sorts else "warning",
                    when="request",
                    kind="python2-construct",
                    subject=f"{cls.what}.__cmp__",
                    title=(
                        f"class {cls.what} orders its objects with __cmp__, which"
                        " Python 3 never calls"
                    ),
                    why=(
                        "sorting or comparing them with < raises TypeError:"
                        " '<' not supported between instances; == compares"
                        " identity"
                        + (" (the application sorts without a key)" if sorts else "")
                    ),
                    fix=(
                        "define __eq__ and __lt__ (functools.total_ordering"
                        " supplies the rest), or sort with key="
                    ),
                    path=facts.path,
                    line=cls.line,
                    col=cls.col,
                    source=_SOURCE,
                )
            )
    return found


def _doubtful(found: list[Finding]) -> list[Finding]:
    """A method found by its name on an object of unknown class: named, but
    not a blocker (house rule: docs/doctor.rst, "How sure a finding is")."""
    for finding in found:
        finding.severity = "warning"
        finding.doubt = (
            f"the object's class is unknown: doctor matched .{finding.subject}()"
            " by its name, as a dict's"
        )
    return found


def _group(
    facts: FileFacts,
    spots: list[Spot],
    describe: Callable[[Spot], tuple[str, str, str]],
) -> list[Finding]:
    """One finding per name in the file, at its first use (import-time
    uses first); the others as ``also``."""
    by_name: dict[str, list[Spot]] = {}
    for spot in spots:
        by_name.setdefault(spot.what, []).append(spot)
    found = []
    for uses in by_name.values():
        uses.sort(key=lambda s: (s.deferred, s.line, s.col))
        first = uses[0]
        title, why, fix = describe(first)
        found.append(
            Finding(
                severity="blocker",
                when="request" if first.deferred else "import",
                kind="python2-construct",
                subject=first.what,
                title=title,
                why=why,
                fix=fix,
                path=facts.path,
                line=first.line,
                col=first.col,
                source=_SOURCE,
                also=sorted({u.line for u in uses[1:]} - {first.line}),
            )
        )
    return found
