"""``flaskext.<name>`` as an alias of ``flask_<name>``, where the real
``flaskext`` namespace has no ``<name>``.  Loaded on first use, by the
loader (:mod:`flask_ext_redirect._redirect`): ``flask.ext`` imports never
need it.
"""

from __future__ import annotations

from ._names import candidates
from ._names import find_candidate
from ._names import search

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType


def flaskext_target(
    fullname: str, name: str, flaskext: ModuleType
) -> tuple[str, ModuleSpec | ModuleType] | None:
    """The module ``fullname`` (``flaskext.<name>``) stands for, and its spec
    or the module itself where imported; ``None`` where the ``flaskext``
    package has that module itself or no ``flask_<name>`` exists.  Nothing
    here leads back to ``flask.ext``.
    """
    if search(fullname, getattr(flaskext, "__path__", None)) is not None:
        return None
    new_name = candidates(name)[0]
    found = find_candidate(new_name)
    if found is None:
        return None
    return new_name, found
