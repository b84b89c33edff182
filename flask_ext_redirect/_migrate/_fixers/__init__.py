"""The ``migrate --upgrade`` fixers: small rules, one module each.

Each fixer module registers one function under an id from the knowledge
base (:data:`flask_ext_redirect._era.FIXER_IDS`). A fixer reads a
:class:`~._module.Module` and returns edits; it raises
:class:`~.._model.Unsafe` for what it cannot rewrite without changing
what the code means.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable

from .._model import Edit
from ._module import Module

__all__ = ["Fixer", "Module", "fixers", "register"]

#: The fixer modules, in the order they run: a later fixer sees what an
#: earlier one wrote (``flask_wtf.TextField`` becomes ``wtforms.TextField``,
#: then ``wtforms.StringField``).
ORDER = (
    "flask_wtf_form",
    "flask_wtf_renames",
    "wtforms_renames",
    "werkzeug_imports",
    "werkzeug_contrib",
    "markupsafe_imports",
    "jinja2_pass_decorators",
    "send_file_kwargs",
    "safe_str_cmp",
    "flask_script",
)


@dataclasses.dataclass(frozen=True)
class Fixer:
    """One registered rule."""

    #: The knowledge base's fixer id, e.g. ``"flask-wtf-form"``.
    id: str
    #: The fixer runs only on text holding one of these strings.
    markers: tuple[str, ...]
    run: Callable[[Module], list[Edit]]
    #: A closer look at the text, before anything is parsed: False when
    #: the fixer surely has nothing to do.
    quick: Callable[[str], bool] | None = None

    def wants(self, text: str) -> bool:
        """Whether the fixer may have something to do in ``text``."""
        return any(m in text for m in self.markers) and (
            self.quick is None or self.quick(text)
        )


_REGISTRY: dict[str, Fixer] = {}


def register(
    fixer_id: str,
    *,
    markers: tuple[str, ...],
    quick: Callable[[str], bool] | None = None,
) -> Callable[[Callable[[Module], list[Edit]]], Callable[[Module], list[Edit]]]:
    """Register the decorated function as the fixer ``fixer_id``."""

    def decorate(
        func: Callable[[Module], list[Edit]],
    ) -> Callable[[Module], list[Edit]]:
        if fixer_id in _REGISTRY:  # pragma: no cover - a programming error
            raise ValueError(f"fixer {fixer_id!r} registered twice")
        _REGISTRY[fixer_id] = Fixer(fixer_id, markers, func, quick)
        return func

    return decorate


def fixers() -> list[Fixer]:
    """Every fixer, in the order they run."""
    if not _REGISTRY:
        for name in ORDER:
            importlib.import_module(f"{__name__}.{name}")
    return list(_REGISTRY.values())
