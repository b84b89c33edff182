"""The loader protocol beyond creating and running modules, for aliases:
what runpy (``python -m flask.ext.foo``), coverage and tools reading
sources ask.  :mod:`flask_ext_redirect._redirect`'s ``get_code``, ``get_source`` and
``is_package`` load it on first use, so imports never do.
"""

from __future__ import annotations

from importlib.machinery import ModuleSpec

from ._redirect import _warn
from ._redirect import find_legacy_spec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import CodeType


def code_of(fullname: str) -> CodeType | None:
    """The real module's code, for ``python -m flask.ext.foo`` (runpy)."""
    target, real_spec = _real_spec_of(fullname)
    code: CodeType | None = real_spec.loader.get_code(target)  # type: ignore[union-attr]
    legacy = fullname.removesuffix(".__main__")
    real = target.removesuffix(".__main__")
    _warn(legacy, real, command=f'"python -m {real}" instead of "python -m {legacy}"')
    return code


def source_of(fullname: str) -> str | None:
    """The real module's source."""
    target, real_spec = _real_spec_of(fullname)
    source: str | None = real_spec.loader.get_source(target)  # type: ignore[union-attr]
    return source


def is_package_name(fullname: str) -> bool:
    """Whether the real module behind an alias is a package."""
    return _real_spec_of(fullname)[1].submodule_search_locations is not None


def _real_spec_of(fullname: str) -> tuple[str, ModuleSpec]:
    spec = find_legacy_spec(fullname)
    state = getattr(spec, "loader_state", None)
    real_spec = getattr(state, "real_spec", None)
    if state is None or real_spec is None or real_spec.loader is None:
        raise ImportError(f"No module named {fullname!r}", name=fullname)
    return state.target, real_spec
