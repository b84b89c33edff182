"""One rule for string imports, ``__import__(...)`` and
``importlib.import_module(...)``, shared by the Python 3 and Python 2 engines.

The engines describe a call's arguments (which are literals, where their text
is); this module decides whether the call names a legacy module and what the
edits are, or refuses it.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re

from ._imports import is_legacy
from ._imports import module_for
from ._model import Edit
from ._model import Rewrite
from ._model import Unsafe
from ._targets import Targets

#: Functions whose first argument is a module name.
IMPORTERS = frozenset({"__import__", "import_module"})

_LITERAL = re.compile(r"([rRuU]?)('''|\"\"\"|'|\")(.*)\2\Z", re.DOTALL)


class _NotLiteral:
    def __repr__(self) -> str:
        return "NOT_LITERAL"


#: The value of an argument that is not a literal.
NOT_LITERAL = _NotLiteral()


@dataclasses.dataclass
class Arg:
    """One argument of a call, as an engine found it."""

    #: The literal's value, or :data:`NOT_LITERAL`.
    value: object
    #: Offsets of the value's text.
    start: int
    end: int
    #: The keyword (``name=``), or None for a positional argument.
    keyword: str | None = None
    #: Where the argument starts, its keyword included.
    first: int = -1
    #: Whether the value mentions ``flask.ext``/``flaskext`` in some string
    #: constant (for values that are not literals).
    mentions_legacy: bool = False


@dataclasses.dataclass
class Call:
    """A call of ``__import__`` or ``import_module``."""

    func: str
    line: int
    args: list[Arg]
    #: ``*args`` or ``**kwargs`` present.
    starred: bool = False
    #: The call is a whole expression statement (its value is dropped).
    is_statement: bool = False

    def positional(self, i: int) -> Arg | None:
        found = [a for a in self.args if a.keyword is None]
        return found[i] if i < len(found) else None

    def get(self, i: int, keyword: str) -> Arg | None:
        """The argument at position ``i`` or given as ``keyword=``."""
        arg = self.positional(i)
        if arg is not None:
            return arg
        for arg in self.args:
            if arg.keyword == keyword:
                return arg
        return None


def _legacy_text(value: str) -> bool:
    return value.startswith(("flask.ext", "flaskext"))


def decide(call: Call, text: str, targets: Targets, result: Rewrite) -> list[Edit]:
    """Edits for a string import, or none when it names no legacy module.

    :raise Unsafe: when the call names a legacy module in a way that can't
        be rewritten safely (a name built at run time, ``__import__`` whose
        value is the top package, a relative name whose package is legacy
        but whose module is not).
    """
    func = call.func
    name = call.get(0, "name")
    if name is None:
        return []
    package = call.get(1, "package") if func == "import_module" else None
    literal = [a for a in (name, package) if a is not None]
    if call.starred or any(a.value is NOT_LITERAL for a in literal):
        if any(a.mentions_legacy for a in call.args) or any(
            isinstance(a.value, str) and _legacy_text(a.value) for a in literal
        ):
            raise Unsafe(
                call.line,
                f"{func}() builds a legacy module name at run time; rewrite it by hand",
            )
        return []
    if not isinstance(name.value, str):
        return []
    module = name.value
    drop: Arg | None = None
    if func == "import_module" and module.startswith("."):
        if package is None or not isinstance(package.value, str):
            return []
        if not is_legacy(package.value.split(".")):
            return []
        try:
            module = importlib.util.resolve_name(module, package.value)
        except (ImportError, ValueError):
            return []
        drop = package
        if not is_legacy(module.split(".")) or module in ("flask.ext", "flaskext"):
            raise Unsafe(
                call.line,
                f"import_module({name.value!r}, {package.value!r}) imports "
                f"{module!r} through the legacy package; rewrite it by hand",
            )
    if func == "__import__":
        # Level 0 is absolute, and so (for a name like this) is Python 2's
        # default -1; above 0 the name is relative to the caller's package.
        level = call.get(4, "level")
        value = 0 if level is None else level.value
        if value is NOT_LITERAL:
            if is_legacy(module.split(".")):
                raise Unsafe(
                    call.line, "__import__() with a run-time level; rewrite it by hand"
                )
            return []
        if not isinstance(value, int) or value > 0:
            return []
    parts = module.split(".")
    if not is_legacy(parts):
        return []
    if parts == ["flask", "ext"]:
        raise Unsafe(call.line, f"{func}('flask.ext') names no extension")
    if parts == ["flaskext"]:
        return []
    if func == "__import__" and not call.is_statement:
        fromlist = call.get(3, "fromlist")
        value = NOT_LITERAL if fromlist is None else fromlist.value
        # Without a non-empty fromlist, __import__("a.b.c") returns "a".
        if fromlist is None or (value is not NOT_LITERAL and not value):
            raise Unsafe(
                call.line,
                "__import__() of a dotted name returns the top package, and "
                "the new name has none; rewrite it by hand",
            )
        if value is NOT_LITERAL:
            raise Unsafe(
                call.line,
                "__import__() with a fromlist that is not a literal may return "
                "the top package; rewrite it by hand",
            )
    new = module_for(parts, call.line, targets, result)
    if new is None:
        return []
    match = _LITERAL.match(text, name.start, name.end)
    if match is None or match.group(3) != name.value:
        raise Unsafe(call.line, "cannot rewrite this string literal safely")
    prefix, quote = match.group(1), match.group(2)
    edits = [Edit(name.start, name.end, f"{prefix}{quote}{new}{quote}")]
    if drop is not None:
        last = call.args[-1]
        if last is not drop or call.args.index(drop) != call.args.index(name) + 1:
            raise Unsafe(
                call.line,
                "cannot drop the package argument of this import_module() "
                "call; rewrite it by hand",
            )
        gap = text[name.end : drop.end]
        if "#" in gap:
            raise Unsafe(
                call.line,
                "a comment sits in the package argument of import_module(); "
                "rewrite it by hand",
            )
        edits.append(Edit(name.end, drop.end, ""))
    return edits
