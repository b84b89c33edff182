"""Match what templates use against the knowledge base's template entries."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence

from .._era import KnowledgeBase
from .._era import TemplateChange
from ._read import TemplateFacts

__all__ = ["TemplateVerdict", "judge_templates", "modules_used"]


@dataclasses.dataclass(frozen=True)
class TemplateVerdict:
    """One use of a changed template feature, at ``path:line``."""

    change: TemplateChange
    path: str
    line: int
    #: ``migrate --upgrade`` rewrites it (a bare call of a property).
    mechanical: bool


def modules_used(python_files: Iterable[str], modules: Sequence[str]) -> set[str]:
    """Which of ``modules`` the files import (by their text: ``import m``,
    ``from m import``, also as ``flask.ext.name``)."""
    if not modules:
        return set()
    pattern = re.compile(
        r"^\s*(?:from|import)\s+(" + "|".join(re.escape(m) for m in modules) + r")\b",
        re.MULTILINE,
    )
    found: set[str] = set()
    for path in python_files:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                found.update(pattern.findall(f.read()))
        except OSError:
            continue
    return found


def judge_templates(
    facts: Sequence[TemplateFacts],
    kb: KnowledgeBase,
    *,
    present: Callable[[str], bool],
    python_files: Sequence[str],
) -> list[TemplateVerdict]:
    """The verdicts on ``facts``.

    :param present: whether a distribution is installed here or named in
        the application's requirements (for entries that apply only where
        it provides the templates).
    :param python_files: the application's code, to see which dead
        extensions it imports (a filter they registered is gone only then).
    """
    changes = kb.template_changes
    dead_modules: dict[str, list[str]] = {}
    for change in changes:
        if change.kind in ("filter", "test"):
            for ext in kb.extensions:
                if ext.distribution == change.project and ext.status == "dead":
                    dead_modules[change.id] = [
                        ext.module,
                        *ext.legacy_modules,
                        f"flask.ext.{ext.name}",
                    ]
    imported = modules_used(
        python_files, sorted({m for ms in dead_modules.values() for m in ms})
    )
    out: list[TemplateVerdict] = []
    for fact in facts:
        for use in fact.uses:
            for change in changes:
                if change.when_installed and not present(change.when_installed):
                    continue
                if change.kind == "property":
                    if (
                        use.kind == "attr-call"
                        and use.owner == change.owner
                        and (use.name == change.name)
                    ):
                        out.append(
                            TemplateVerdict(change, fact.path, use.line, use.bare)
                        )
                elif change.kind == "template":
                    if use.kind == "template" and use.name == change.name:
                        out.append(TemplateVerdict(change, fact.path, use.line, False))
                elif change.kind == "macro":
                    if use.kind == "macro" and (use.owner, use.name) == (
                        change.owner,
                        change.name,
                    ):
                        out.append(TemplateVerdict(change, fact.path, use.line, False))
                elif use.kind == change.kind and use.name == change.name:
                    if imported & set(dead_modules.get(change.id, ())):
                        out.append(TemplateVerdict(change, fact.path, use.line, False))
    return out


def relative(path: str) -> str:
    """``path`` relative to the working folder when below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
