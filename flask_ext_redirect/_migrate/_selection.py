"""``migrate --upgrade --only/--skip/--list-fixers``: which fixers run.

Fixer ids are those of :data:`flask_ext_redirect._era.FIXER_IDS`;
``flask-ext`` is the plain rewrite of ``flask.ext``/``flaskext`` imports,
which every ``migrate`` run does unless ``--upgrade`` runs without it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from .._era import FIXER_IDS

__all__ = ["PLAIN", "describe", "select"]

#: The plain rewrite's id.
PLAIN = "flask-ext"


def unknown(ids: Sequence[str]) -> list[str]:
    """The ids that are not fixer ids."""
    return [i for i in ids if i not in FIXER_IDS]


def select(only: Sequence[str] | None, skip: Sequence[str]) -> frozenset[str] | None:
    """The fixers to run: those of ``only`` (all when None) but ``skip``;
    None when that is every fixer.

    :raise ValueError: an id is unknown, or nothing is left to run.
    """
    bad = unknown([*(only or ()), *skip])
    if bad:
        raise ValueError(
            f"unknown fixer {bad[0]!r} (fixers: {', '.join(FIXER_IDS)};"
            " see --list-fixers)"
        )
    chosen = [f for f in FIXER_IDS if (only is None or f in only) and f not in skip]
    if not chosen:
        raise ValueError("--only and --skip leave no fixer to run")
    return None if len(chosen) == len(FIXER_IDS) else frozenset(chosen)


def describe() -> dict[str, str]:
    """Each fixer id with one line on what it rewrites (from the first
    paragraph of its module's docstring)."""
    from ._fixers import fixers

    found = {PLAIN: "flask.ext.foo and flaskext.foo imports -> the module they"
             " resolve to (what plain 'migrate' does)"}  # fmt: skip
    for fixer in fixers():
        module = sys.modules.get(getattr(fixer.run, "__module__", ""), None)
        doc = (getattr(module, "__doc__", None) or "").strip()
        first = doc.split("\n\n")[0]
        first = re.sub(r"^``[\w-]+``:\s*", "", first)
        found[fixer.id] = " ".join(first.replace("``", "").split()).rstrip(".")
    return {fixer_id: found.get(fixer_id, "") for fixer_id in FIXER_IDS}
