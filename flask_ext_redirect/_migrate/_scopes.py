"""Python's name resolution, for the few names the codemod cares about.

The Python 3 engine records, per scope, how each name containing ``flask``
is bound (``import flask...`` binds the package; anything else, a parameter,
an assignment, a loop target, ``except ... as``, a match capture, ``del``,
is "other"), which names a scope declares ``global`` or ``nonlocal``, and
then asks which scope a use resolves to, by the rules of the language:
function scopes see enclosing functions but never a class body, a
comprehension is a function of its own whose first iterable belongs to the
enclosing scope, and ``:=`` in a comprehension binds in the enclosing
function.
"""

from __future__ import annotations

#: Binding kinds: ``IMPORT + "flask"`` binds the package ``flask``.
IMPORT = "import:"
OTHER = "other"

MODULE = "module"
FUNCTION = "function"
CLASS = "class"
COMPREHENSION = "comprehension"


class Binding:
    """One statement binding a name in a scope."""

    __slots__ = ("kind", "line", "edit")

    def __init__(self, kind: str, line: int, edit: int = -1) -> None:
        self.kind = kind
        self.line = line
        #: Index of the codemod's edit of this (legacy) import, else -1.
        self.edit = edit


class Scope:
    """A module, function, class or comprehension body."""

    __slots__ = ("kind", "parent", "raw", "globals", "nonlocals", "_effective")

    def __init__(self, kind: str, parent: Scope | None) -> None:
        self.kind = kind
        self.parent = parent
        #: Bindings made by statements in this scope, before ``global`` and
        #: ``nonlocal`` send them elsewhere.
        self.raw: dict[str, list[Binding]] = {}
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self._effective: dict[str, list[Binding]] | None = None

    def bind(self, name: str, binding: Binding) -> None:
        self.raw.setdefault(name, []).append(binding)

    def module(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def owner(self, name: str) -> Scope:
        """The scope a binding of ``name`` made here really binds."""
        if self.kind == MODULE:
            return self
        if name in self.globals:
            return self.module()
        if name in self.nonlocals:
            scope = self.parent
            while scope is not None and scope.kind != MODULE:
                if scope.kind == FUNCTION and (
                    name in scope.raw or name in scope.nonlocals
                ):
                    return scope.owner(name)
                scope = scope.parent
            return self.module()  # a SyntaxError; can't happen after parsing
        return self

    def resolve(self, name: str) -> Scope:
        """The scope a use of ``name`` here reads from."""
        if name in self.globals or name in self.nonlocals or name in self.raw:
            return self.owner(name)
        return self.enclosing(name)

    def enclosing(self, name: str) -> Scope:
        """Where ``name`` resolves from an inner scope, class bodies skipped."""
        scope = self.parent
        while scope is not None:
            if scope.kind == MODULE:
                return scope
            if scope.kind != CLASS and (
                name in scope.raw or name in scope.globals or name in scope.nonlocals
            ):
                return scope.owner(name)
            scope = scope.parent
        return self


def effective(scopes: list[Scope]) -> None:
    """Give each scope the bindings that really land in it."""
    for scope in scopes:
        scope._effective = {}
    for scope in scopes:
        for name, bindings in scope.raw.items():
            target = scope.owner(name)
            assert target._effective is not None
            target._effective.setdefault(name, []).extend(bindings)


def bindings(scope: Scope, name: str) -> list[Binding]:
    """Every binding of ``name`` in ``scope``, after :func:`effective`."""
    assert scope._effective is not None
    return scope._effective.get(name, [])


def classify(scope: Scope, name: str) -> tuple[str, Scope, list[Binding]]:
    """What ``name`` is where it resolves to, from a use in ``scope``.

    :return: ``"package"`` (bound only by imports of the package ``name``),
        ``"other"`` (never by such an import), ``"mixed"`` or ``"unbound"``,
        the scope it resolves to, and its bindings there.
    """
    target = scope.resolve(name)
    found = bindings(target, name)
    status = _status(found, name)
    if target.kind == CLASS and status == OTHER:
        # A class body reads the enclosing scope until its own binding has
        # run (``x = flask.ext.a.X`` before ``flask = None``).
        outer = target.enclosing(name)
        if _status(bindings(outer, name), name) in ("package", "mixed"):
            status = "mixed"
    return status, target, found


def _status(found: list[Binding], name: str) -> str:
    if not found:
        return "unbound"
    package = sum(1 for b in found if b.kind == IMPORT + name)
    if package == len(found):
        return "package"
    return OTHER if package == 0 else "mixed"
