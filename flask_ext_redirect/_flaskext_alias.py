"""``flaskext.<name>`` as an alias of ``flask_<name>``, where the real
``flaskext`` namespace has no ``<name>``.  Loaded on first use, by
:mod:`flask_ext_redirect._redirect`: ``flask.ext`` imports never need it.
"""

from __future__ import annotations

from ._redirect import _alias_spec
from ._redirect import _find_candidate
from ._redirect import _search
from ._redirect import candidates

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType


def flaskext_alias_spec(
    fullname: str, name: str, flaskext: ModuleType
) -> ModuleSpec | None:
    """The alias spec for ``fullname`` (``flaskext.<name>``), or ``None``
    where the ``flaskext`` package has that module itself or no
    ``flask_<name>`` exists.  Nothing here leads back to ``flask.ext``.
    """
    if _search(fullname, getattr(flaskext, "__path__", None)) is not None:
        return None
    new_name = candidates(name)[0]
    found = _find_candidate(new_name)
    if found is None:
        return None
    return _alias_spec(fullname, new_name, found)
