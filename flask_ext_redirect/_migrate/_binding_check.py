"""The binding check: what a rewrite may have changed, read by read.

``migrate --upgrade`` renames and moves imported names. Before anything is
written, :func:`check` holds the rewritten text against the text the
fixers started from and lists what could now mean something else:

- every name read, in every scope, must resolve to what it resolved to
  before, the renames of the fixers' tables applied (``flask_wtf.Form``
  read as ``Form`` may be read as ``FlaskForm`` or as ``Form`` bound to
  ``flask_wtf.FlaskForm``); a name no binding reached stays unbound, and a
  bound one never becomes unbound;
- a star import that may bind the name read counts as one of its meanings
  (``from wtforms import *`` may rebind ``Form``): renaming the name changes
  which star names reach it, so the check sees the difference;
- an import is removed only where the same scope binds the same names to
  the same objects in the same block or an enclosing one (not in the other
  branch of an ``if`` or in another function);
- a module-level name that other modules import (``from .forms import
  Form``) or list in ``__all__`` stays bound at module level.

Names are resolved as Python does: function scopes see enclosing functions
but not class bodies, ``global`` and ``nonlocal`` redirect, PEP 695 type
parameters bind in a scope of their own. The check is flow-insensitive
where that errs on the side of refusing: a name bound twice in a scope
means either binding.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable

from ._bindings import Binding
from ._bindings import build
from ._bindings import meaning_of
from ._bindings import Model
from ._bindings import owner
from ._bindings import Scope
from ._bindings import StarExports


@dataclasses.dataclass(frozen=True)
class Problem:
    """A difference the rewrite would make: the read or binding at ``line``
    of the text the fixers started from, and the imports behind it."""

    line: int
    text: str
    #: Lines (of the text the fixers started from) of the import
    #: statements whose rewrite caused it: refused first.
    culprits: tuple[int, ...]


def _reads(
    model: Model, star_exports: StarExports
) -> list[list[tuple[ast.Name, str, frozenset[str]]]]:
    """For each scope, its reads in source order: (node, dotted chain,
    meanings)."""
    out = []
    for scope in model.scopes:
        reads = []
        for node in sorted(scope.loads, key=lambda n: (n.lineno, n.col_offset)):
            meanings = meaning_of(scope, node.id, model.scopes, star_exports)
            reads.append((node, model.chains.get(id(node), node.id), meanings))
        out.append(reads)
    return out


Translate = Callable[[str], "tuple[str, ...]"]


def _extend(meaning: str, chain: str) -> str:
    """The object read: an import's target followed by the attributes read
    through it (``wtforms`` + ``.validators.Required``)."""
    if meaning.startswith(("*", "=")) or meaning in ("builtin", "unbound"):
        return meaning
    rest = chain.partition(".")[2]
    return f"{meaning}.{rest}" if rest else meaning


def _culprits(scope: Scope, name: str, model: Model) -> tuple[int, ...]:
    found = owner(scope, name, model.scopes)
    if found is None:
        return ()
    lines = [b.line for b in found.bindings.get(name, []) if b.node is not None]
    lines += [s.line for s in found.stars]
    return tuple(sorted(set(lines)))


def check(
    before: ast.Module,
    after: ast.Module,
    translate: Translate,
    star_exports: StarExports,
    exported: frozenset[str] = frozenset(),
    restructured: bool = False,
) -> list[Problem]:
    """What the rewrite from ``before`` to ``after`` may have changed.

    :param translate: Maps an object's dotted name before the rewrite to
        the names it may have after (itself, then each rename of the
        fixers' tables in turn).
    :param star_exports: What a star import of a module binds, if known.
    :param exported: Module-level names that other modules import from
        this one; they must stay bound at module level.
    :param restructured: A fixer rewrote code, not only names (the
        ``flask-script`` conversion of a ``manage.py``): reads cannot be
        paired one to one, so only new unbound names and lost exports are
        looked for.
    """
    old = build(before)
    new = build(after)
    if restructured:
        return _new_unbound(old, new, star_exports) + _exports(old, new, exported)
    problems: list[Problem] = []
    if len(old.scopes) != len(new.scopes):
        return [Problem(0, "the rewrite changed the scopes of the module", ())]
    old_reads = _reads(old, star_exports)
    new_reads = _reads(new, star_exports)
    for scope, reads, reads_after in zip(old.scopes, old_reads, new_reads):
        if len(reads) != len(reads_after):
            problems.append(Problem(0, "the rewrite changed which names are read", ()))
            continue
        for (node, chain, meanings), (node_after, chain_after, meanings_after) in zip(
            reads, reads_after
        ):
            kept = {_extend(m, chain) for m in meanings}
            got = {_extend(m, chain_after) for m in meanings_after}
            # Each rename is made or refused (target check): either is fine.
            if _same(kept, got, translate):
                continue
            want = {translate(m)[-1] for m in kept}
            problems.append(
                Problem(
                    node.lineno,
                    _describe(node.id, node_after.id, want, got),
                    _culprits(scope, node.id, old),
                )
            )
    problems += _removed_imports(old, new, translate)
    problems += _exports(old, new, exported)
    return problems


def _same(kept: set[str], got: set[str], translate: Translate) -> bool:
    """Whether ``got`` is ``kept`` with each meaning renamed zero or more
    steps along its chain of renames."""
    if kept == got:
        return True
    steps = {m: translate(m) for m in kept}
    if len(got) > len(kept):
        return False
    return all(any(g in s for s in steps.values()) for g in got) and all(
        any(g in s for g in got) for s in steps.values()
    )


def _describe(old: str, new: str, want: set[str], got: set[str]) -> str:
    name = old if old == new else f"'{old}' (now '{new}')"
    if old == new:
        name = f"'{old}'"
    if "unbound" in got and "unbound" not in want:
        return f"{name} would no longer be bound here (NameError)"
    stars = sorted(m.split(":")[0][1:] for m in got | want if m.startswith("*"))
    if stars:
        return (
            f"{name} may also be bound by 'from {stars[0]} import *', so the "
            "rewrite could change which object it is"
        )
    return (
        f"{name} would mean {', '.join(sorted(got))} instead of "
        f"{', '.join(sorted(want))}"
    )


def _new_unbound(old: Model, new: Model, star_exports: StarExports) -> list[Problem]:
    """Names read somewhere after the rewrite that no binding reaches, and
    that were not read unbound before."""

    def unbound(model: Model) -> dict[str, int]:
        found: dict[str, int] = {}
        for reads in _reads(model, star_exports):
            for node, _, meanings in reads:
                if meanings == {"unbound"}:
                    found.setdefault(node.id, node.lineno)
        return found

    was = unbound(old)
    return [
        Problem(line, f"'{name}' would not be bound where it is read (NameError)", ())
        for name, line in sorted(unbound(new).items())
        if name not in was
    ]


def _removed_imports(old: Model, new: Model, translate: Translate) -> list[Problem]:
    """An import removed from a block where no import in the same or an
    enclosing block of the same scope binds the same object."""
    problems = []
    for scope, scope_after in zip(old.scopes, new.scopes):
        after: dict[str, list[Binding]] = {}
        for bindings in scope_after.bindings.values():
            for binding in bindings:
                if binding.node is not None:
                    after.setdefault(binding.meaning, []).append(binding)
        for name, bindings in scope.bindings.items():
            for binding in bindings:
                if binding.node is None:
                    continue
                steps = translate(binding.meaning)
                new_names = {name} | {s.rpartition(".")[2] for s in steps}
                if any(
                    b.name in new_names and binding.block[: len(b.block)] == b.block
                    for target in steps
                    for b in after.get(target, [])
                ):
                    continue
                problems.append(
                    Problem(
                        binding.line,
                        f"the import of '{name}' would be removed here, and "
                        "nothing else in this block binds it",
                        (binding.line,),
                    )
                )
    return problems


def _exports(old: Model, new: Model, exported: frozenset[str]) -> list[Problem]:
    problems = []
    for name in sorted(exported):
        bindings = old.module.bindings.get(name)
        if bindings and name not in new.module.bindings:
            problems.append(
                Problem(
                    bindings[0].line,
                    f"'{name}' is imported from this module elsewhere in the tree"
                    " and would no longer be importable from it",
                    tuple(b.line for b in bindings if b.node is not None),
                )
            )
    return problems
