"""The loader protocol beyond creating and running modules, for aliases:
what runpy (``python -m flask.ext.foo``), coverage and tools reading
sources ask.  The loader's ``get_code``, ``get_source`` and ``is_package``
load this module on first use, so imports never do, and pass it the alias
spec they found.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import CodeType


def code_of(fullname: str, spec: ModuleSpec | None) -> tuple[str, CodeType | None]:
    """The real module's name and code, for ``python -m flask.ext.foo``.

    :param fullname: The legacy name asked for.
    :param spec: Its alias spec, or ``None`` where it resolves to nothing.
    """
    target, real_spec = _real_spec_of(fullname, spec)
    code: CodeType | None = real_spec.loader.get_code(target)  # type: ignore[union-attr]
    return target, code


def source_of(fullname: str, spec: ModuleSpec | None) -> str | None:
    """The real module's source."""
    target, real_spec = _real_spec_of(fullname, spec)
    source: str | None = real_spec.loader.get_source(target)  # type: ignore[union-attr]
    return source


def is_package_spec(fullname: str, spec: ModuleSpec | None) -> bool:
    """Whether the real module behind an alias is a package."""
    return _real_spec_of(fullname, spec)[1].submodule_search_locations is not None


def _real_spec_of(fullname: str, spec: ModuleSpec | None) -> tuple[str, ModuleSpec]:
    state = getattr(spec, "loader_state", None)
    real_spec = getattr(state, "real_spec", None)
    if state is None or real_spec is None or real_spec.loader is None:
        raise ImportError(f"No module named {fullname!r}", name=fullname)
    return state.target, real_spec
