"""Move and rename imported names: the machinery most fixers share.

A fixer gives a table, ``{old module: {old name: Move or Refuse}}``; this
module rewrites every ``from old import name`` and every ``old.name`` read
through a plain ``import old``, and renames the uses of a name whose import
had no ``as``. Where renaming the uses could change what a name means (the
name bound twice, listed in ``__all__``, spelled in a string such as
``getattr(m, "Form")``, or the new name taken), the import binds the new
object under the old name instead (``FlaskForm as Form``) and no use
changes. It refuses (:class:`.Unsafe`) what it cannot make equivalent: a
moved name brought in by a star import, a dotted use whose import must
change, an entry the table refuses.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._model import Edit
from .._model import Unsafe
from ._module import Module
from ._statement import FromText
from ._statement import on_own_line
from ._statement import read_from

if TYPE_CHECKING:
    from ..._scan import Reference


@dataclasses.dataclass(frozen=True)
class Move:
    """Import ``name`` from ``module`` instead."""

    module: str
    name: str
    #: Bind it under this local name (``FlaskForm as Form``): set where the
    #: uses of the old name cannot all be renamed safely.
    asname: str | None = None
    #: The release that has the new spelling (``"Flask-WTF>=0.13"``): where
    #: the code runs on an older one, the name is refused (target check).
    needs: str = ""


@dataclasses.dataclass(frozen=True)
class Refuse:
    """No mechanical rewrite: the file is refused with ``why``."""

    why: str


class SameName(Mapping[str, "Move | Refuse"]):
    """Every name of a module that moved as a whole goes to ``module``
    unchanged (``wtforms.fields.html5.EmailField`` ->
    ``wtforms.fields.EmailField``), or every name is refused."""

    def __init__(
        self,
        module: str = "",
        refuse: str = "",
        needs: str = "",
        exports: frozenset[str] | None = None,
    ) -> None:
        self.module = module
        self.refuse = refuse
        self.needs = needs
        #: The names a star import of the old module binds, where known: a
        #: star import is rewritten to import those the module reads by
        #: name (the new module binds more, which could clobber others).
        self.exports = exports

    def __getitem__(self, name: str) -> Move | Refuse:
        if self.refuse:
            return Refuse(self.refuse)
        return Move(self.module, name, needs=self.needs)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


Table = Mapping[str, Mapping[str, "Move | Refuse"]]

#: A plan entry for :func:`rewrite_statement` that drops the name.
REMOVE = Move("", "")


def _words(words: set[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b")


def quick_for(table: Table) -> Callable[[str], bool]:
    """A text test for :class:`.Fixer`'s ``quick``: one of the table's
    modules (its last part, as ``from wtforms import validators`` spells
    it) and one of its names appear as words."""
    parts = {part for module in table for part in module.split(".")}
    names: set[str] = set()
    for entries in table.values():
        if isinstance(entries, SameName):
            return lambda text: True
        names.update(entries)
    module_words = _words(parts)
    name_words = _words(names)

    def quick(text: str) -> bool:
        return bool(module_words.search(text) and name_words.search(text))

    return quick


def rewrite(module: Module, table: Table) -> list[Edit]:
    """Edits moving every name of ``table`` the module imports or reads."""
    edits: list[Edit] = []
    for node in module.imports:
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            entries = table.get(node.module or "")
            if entries is None or module.skipped(node.lineno):
                continue
            try:
                if any(a.name == "*" for a in node.names):
                    edits += _star(module, node, entries)
                else:
                    edits += _from_import(module, node, entries)
            except Unsafe as e:
                # This statement stays as it is; the rest of the file is
                # still rewritten.
                module.refuse(e.line or node.lineno, e.text)
    edits += _attributes(module, table)
    edits += _add_imports(module)
    return edits


def _allowed(module: Module, line: int, move: Move, old: str) -> bool:
    """The target check for one name: whether the releases the code runs on
    have ``move``'s new spelling (else it is refused)."""
    if not move.needs:
        return True
    new = f"{move.module}.{move.name}"
    return module.needs(move.needs, line, f"rewriting '{old}' to '{new}'")


def _add_imports(module: Module) -> list[Edit]:
    """``import new.module`` lines that attribute moves need, each once,
    after the statement that imported the old module."""
    have = {
        a.name
        for node in module.tree.body
        if isinstance(node, ast.Import)
        for a in node.names
        if a.asname is None
    }
    by_stmt: dict[int, tuple[ast.stmt, list[str]]] = {}
    for stmt, line in module.pending:
        if line.split()[1] in have:
            continue
        entry = by_stmt.setdefault(id(stmt), (stmt, []))
        if line not in entry[1]:
            entry[1].append(line)
    module.pending.clear()
    return [module.insert_after(stmt, lines) for stmt, lines in by_stmt.values()]


def _from_import(
    module: Module, node: ast.ImportFrom, entries: Mapping[str, Move | Refuse]
) -> list[Edit]:
    plan: list[Move | None] = []
    for alias in node.names:
        entry = entries.get(alias.name)
        if isinstance(entry, Refuse):
            raise Unsafe(node.lineno, entry.why)
        if entry is not None and (entry.module, entry.name) == (
            node.module or "",
            alias.name,
        ):
            entry = None
        if entry is not None and not _allowed(
            module, node.lineno, entry, f"{node.module}.{alias.name}"
        ):
            entry = None
        plan.append(entry)
    if not any(plan):
        return []
    edits: list[Edit] = []
    final: list[tuple[str, str, str | None]] = []
    for i, (alias, move) in enumerate(zip(node.names, plan)):
        if move is not None:
            _note_removed(module, node.lineno, move)
        if move is not None and alias.asname is None and move.name != alias.name:
            try:
                edits += rename_uses(module, alias.name, move.name, node, move)
            except Unsafe as e:
                # Keep the local name: 'from flask_wtf import FlaskForm as
                # Form' changes no use, so nothing can mean something else.
                move = plan[i] = dataclasses.replace(move, asname=alias.name)
                module.note(
                    node.lineno,
                    f"imported as '{move.name} as {alias.name}', keeping the "
                    f"name '{alias.name}': {e.text.split(';')[0]}",
                )
        target = move or Move(node.module or "", alias.name)
        key = (target.module, target.name, alias.asname or target.asname)
        if key in final or (
            alias.asname is None
            and move is not None
            and move.asname is None
            and _imported_before(module, node, target)
        ):
            # ``from werkzeug.wrappers import BaseResponse, Response``: both
            # are now ``Response``; import it once.
            plan[i] = REMOVE
        final.append(key)
    if all(p == REMOVE for p in plan):
        start, end = module.statement_lines(node)
        return [*edits, Edit(start, end, "")]
    return edits + rewrite_statement(module, read_from(module, node), plan)


def _imported_before(module: Module, node: ast.ImportFrom, target: Move) -> bool:
    """Whether an earlier statement of the same block already binds
    ``target`` under its own name, and nothing else in the module binds
    that name: then this import of it can go. (In another function, or in
    the other branch of an ``if`` or ``try``, it cannot: that path would
    have the name unbound.)"""
    places = module.places
    body, index = places.get(id(node), ([], -1))
    for other in body[:index]:
        if (
            isinstance(other, ast.ImportFrom)
            and other.module == target.module
            and other.level == 0
            and any(a.name == target.name and a.asname is None for a in other.names)
        ):
            bound = module.names.bound.get(target.name, [])
            return all(isinstance(b, ast.ImportFrom) for b in bound)
    return False


def rewrite_statement(
    module: Module, stmt: FromText, plan: list[Move | None]
) -> list[Edit]:
    """Edits giving each name of the statement its new module and name;
    names bound for other modules go to new ``from`` lines after it."""
    node = stmt.node
    old = node.module or ""
    targets = [
        m if m is not None else Move(old, a.name) for a, m in zip(stmt.aliases, plan)
    ]
    home = old if any(t.module == old for t in targets) else targets[0].module
    edits: list[Edit] = []
    #: Comments on the lines of names that move to a new statement: they
    #: go with them (``from wtforms import StringField  # text``).
    comments: dict[str, str] = {}
    if home != old:
        edits.append(Edit(stmt.module_start, stmt.module_end, home))
    kept = [(a, t) for a, t in zip(stmt.aliases, targets) if t.module == home]
    gone = [(a, t) for a, t in zip(stmt.aliases, targets) if t.module != home]
    if not gone:
        for alias, target in kept:
            if target.name != alias.name:
                edits.append(Edit(alias.start, alias.name_end, _in_place(target)))
        return edits
    multiline = node.end_lineno != node.lineno
    if multiline and all(on_own_line(module, a) for a in stmt.aliases):
        for alias, target in kept:
            if target.name != alias.name:
                edits.append(Edit(alias.start, alias.name_end, _in_place(target)))
        for alias, _ in gone:
            line_start = module.index.starts[alias.line - 1]
            line_end = module.index.starts[alias.line]
            comment = module.text[alias.end : line_end].partition("#")[2].strip()
            if comment:
                comments.setdefault(alias.name, comment)
            edits.append(Edit(line_start, line_end, ""))
    elif not stmt.comments_inside:
        text = ", ".join(_alias_text(t.name, a.asname or t.asname) for a, t in kept)
        edits.append(Edit(stmt.aliases[0].start, stmt.aliases[-1].end, text))
    else:
        raise Unsafe(
            node.lineno,
            "comments between the imported names: split this import by hand",
        )
    groups: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for alias, target in gone:
        if target == REMOVE:
            continue
        text = _alias_text(target.name, alias.asname or target.asname)
        group = groups.setdefault(target.module, [])
        if text not in group:
            group.append(text)
        if alias.name in comments:
            notes.setdefault(target.module, []).append(comments[alias.name])
    lines = [
        f"from {m} import {', '.join(names)}"
        + (f"  # {'; '.join(notes[m])}" if m in notes else "")
        for m, names in groups.items()
    ]
    if lines:
        edits.append(module.insert_after(node, lines))
    return edits


def _in_place(target: Move) -> str:
    """What replaces an imported name (not its ``as`` part, which stays)."""
    return _alias_text(target.name, target.asname)


def _alias_text(name: str, asname: str | None) -> str:
    return name if asname is None or asname == name else f"{name} as {asname}"


def rename_uses(
    module: Module, old: str, new: str, node: ast.AST, target: Move | None = None
) -> list[Edit]:
    """Edits renaming every read of ``old`` (bound only by ``node``) to
    ``new``.

    :param target: What ``new`` will mean: where ``new`` is already bound
        only by imports of that very object, renaming onto it is no clash.
    :raise Unsafe: when that could change what any name means.
    """
    line = getattr(node, "lineno", 0)
    names = module.names
    where = [n for n in names.bound.get(old, []) if n is not node]
    if where:
        other = getattr(where[0], "lineno", 0)
        raise Unsafe(
            line,
            f"'{old}' is also bound at line {other}; renaming it to '{new}' "
            "could change what that code means: rename it by hand",
        )
    same = target is not None and all(
        isinstance(b, ast.ImportFrom)
        and b.module == target.module
        and any(a.name == new and a.asname is None for a in b.names)
        for b in names.bound.get(new, [])
    )
    if (new in names.bound and not same) or (new in names.loads and not same):
        raise Unsafe(
            line,
            f"'{new}' is already a name in this module; renaming '{old}' to it "
            "would collide: rename by hand",
        )
    if old in module.context.exported:
        raise Unsafe(
            line,
            f"'{old}' is imported from this module by other modules of the "
            "tree; renaming it would break them",
        )
    stars = [star for star in names.stars if star is not node]
    if stars:
        raise Unsafe(
            line,
            f"a star import ('from {stars[0].module} import *') may bind "
            f"'{old}' or '{new}' too",
        )
    if any(module.skipped(n.lineno) for n in names.loads.get(old, [])):
        raise Unsafe(line, f"a use of '{old}' was refused")
    if old in module.all_names:
        raise Unsafe(
            line,
            f"'{old}' is re-exported through __all__; renaming it would break "
            f"importers: import '{new}' by hand and keep '{old}' as an alias",
        )
    if old in names.strings:
        raise Unsafe(
            line,
            f"the string '{old}' appears in this module (getattr, __all__, an "
            "annotation?); rename by hand",
        )
    return [module.replace_name(n, new) for n in names.loads.get(old, [])]


def _star(
    module: Module, node: ast.ImportFrom, entries: Mapping[str, Move | Refuse]
) -> list[Edit]:
    """``from m import *``: rename the reads of names it brought, where the
    name stays in ``m`` and nothing else could have bound it."""
    if isinstance(entries, SameName):
        if entries.refuse:
            raise Unsafe(node.lineno, entries.refuse)
        if entries.needs and not module.needs(
            entries.needs,
            node.lineno,
            f"rewriting 'from {node.module} import *' to import from "
            f"'{entries.module}'",
        ):
            return []
        if entries.exports is None:
            raise Unsafe(
                node.lineno,
                f"'from {node.module} import *' would become 'from "
                f"{entries.module} import *', which binds more names (and could "
                "replace names bound before it): import the names by name",
            )
        # Every name the old star import bound, imported by name from the
        # new module (which binds more): the module binds exactly what it
        # did, in the same place, re-exports included.
        start, end = module.statement_lines(node)
        indent = module.indent_of(node)
        tail = module.text[module.span(node)[1] : end]
        nl = module.newline
        names_text = "".join(f"{indent}    {n},{nl}" for n in sorted(entries.exports))
        return [
            Edit(
                start,
                end,
                f"{indent}from {entries.module} import ({nl}{names_text}{indent})"
                f"{tail}",
            )
        ]
    names = module.names
    edits: list[Edit] = []
    for old, entry in entries.items():
        if old not in names.loads or old in names.bound:
            continue
        if isinstance(entry, Refuse):
            raise Unsafe(node.lineno, entry.why)
        if not _allowed(module, node.lineno, entry, f"{node.module}.{old}"):
            continue
        if entry.module != node.module or len(names.stars) > 1:
            raise Unsafe(
                node.lineno,
                f"'{old}' comes from 'from {node.module} import *' and must "
                f"become '{entry.module}.{entry.name}': import it by name first",
            )
        if entry.name != old:
            edits += rename_uses(module, old, entry.name, node)
    return edits


# ----------------------------------------------------------- module.attr


def _module_aliases(
    module: Module, modules: set[str]
) -> dict[str, tuple[str, ast.stmt]]:
    """Local names bound to one of ``modules`` at module level, with the
    module and the statement: ``import flask`` -> ``{"flask": ("flask",
    stmt)}``; ``from wtforms import validators`` -> ``{"validators":
    ("wtforms.validators", stmt)}``."""
    found: dict[str, tuple[str, ast.stmt]] = {}
    for node in module.imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in modules:
                    found[alias.asname] = (alias.name, node)
                elif alias.asname is None and alias.name in modules:
                    found[alias.name] = (alias.name, node)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in modules:
                    found[alias.asname or alias.name] = (full, node)
    return found


def _attributes(module: Module, table: Table) -> list[Edit]:
    # From the import statements alone (cheap); the names of the whole
    # module are read only when some module of the table is bound.
    aliases = _module_aliases(module, set(table))
    edits: list[Edit] = []
    added: set[str] = set()
    for local, (mod, stmt) in aliases.items():
        uses = [n for n in _attribute_reads(module, local) if n.attr in table[mod]]
        if not uses:
            continue
        for node in uses:
            if module.skipped(node.lineno):
                continue
            try:
                meaning = _binding_of(module, node.value, stmt, local)
                if meaning is None:
                    continue  # another binding of the name (a parameter...)
                entry = table[mod][node.attr]
                if isinstance(entry, Refuse):
                    raise Unsafe(node.lineno, entry.why)
                if not _allowed(module, node.lineno, entry, f"{mod}.{node.attr}"):
                    continue
                _note_removed(module, node.lineno, entry)
                edits.append(
                    _attribute_edit(module, node, local, mod, entry, stmt, added)
                )
            except Unsafe as e:
                module.refuse(e.line or node.lineno, e.text)
    return edits + _dotted_uses(module, table, {e.end for e in edits})


def _binding_of(
    module: Module, read: ast.expr, stmt: ast.stmt, local: str
) -> bool | None:
    """Whether the read of ``local`` resolves to the import ``stmt``: True;
    None where it resolves to another binding (a parameter or local that
    shadows the module).

    :raise Unsafe: where its scope binds it both ways.
    """
    from .._bindings import owner

    model = module.bindings
    scope = model.scope_of.get(id(read))
    if scope is None:  # pragma: no cover - every read is in a scope
        raise Unsafe(getattr(read, "lineno", 0), f"cannot resolve '{local}'")
    found = owner(scope, local, model.scopes)
    if found is None:
        return None
    bindings = found.bindings.get(local, [])
    if not any(b.node is stmt for b in bindings):
        return None
    if any(
        b.node is not stmt and (b.node is None or not _plain_import_of(b.node, local))
        for b in bindings
    ):
        raise Unsafe(
            getattr(read, "lineno", 0),
            f"'{local}' is bound more than once in this scope; cannot tell "
            f"which object '{local}' is here",
        )
    return True


def _dotted_uses(module: Module, table: Table, handled: set[int]) -> list[Edit]:
    """Dotted uses the rewrite above does not reach (``import wtforms`` then
    ``wtforms.validators.Required``; ``import werkzeug.contrib.fixers`` then
    ``werkzeug.contrib.fixers.ProxyFix``): a rename within the same module
    changes the last name only; a move would need the import changed too,
    and is refused. The shared scanner resolves them; it only runs when a
    dotted module of the table is spelled out in the text."""
    # Every part spelled, not the dotted name: ``(wtforms.fields  # c``
    # then ``.TextField)`` and ``wtforms . fields`` are uses too.
    dotted = [
        m
        for m in table
        if "." in m and all(part in module.text for part in m.split("."))
    ]
    if not dotted:
        return []
    edits = []
    for ref in module.scan.references:
        if ref.via != "attribute" or ref.span.end in handled:
            continue
        if module.skipped(ref.span.lineno):
            continue
        try:
            edits += _dotted_use(module, table, ref)
        except Unsafe as e:
            module.refuse(e.line or ref.span.lineno, e.text)
    return edits


def _dotted_use(module: Module, table: Table, ref: Reference) -> list[Edit]:
    mod, _, name = ref.qualname.rpartition(".")
    entries = table.get(mod)
    if entries is None or name not in entries:
        return []
    entry = entries[name]
    if isinstance(entry, Move) and (entry.module, entry.name) == (mod, name):
        return []
    if isinstance(entry, Move) and entry.module == mod:
        if not _allowed(module, ref.span.lineno, entry, ref.qualname):
            return []
        end = ref.span.end
        if module.text[end - len(name) : end] != name:
            raise Unsafe(ref.span.lineno, f"cannot rewrite '{ref.qualname}' here")
        _note_removed(module, ref.span.lineno, entry)
        return [Edit(end - len(name), end, entry.name)]
    why = (
        entry.why
        if isinstance(entry, Refuse)
        else f"'{ref.qualname}' is now '{entry.module}.{entry.name}', and "
        f"'{mod}' is imported as a dotted name: change the import and this "
        "use by hand"
    )
    raise Unsafe(ref.span.lineno, why)


def _plain_import_of(node: ast.AST, top: str) -> bool:
    return isinstance(node, ast.Import) and all(
        a.asname is None and a.name.split(".")[0] == top for a in node.names
    )


def _attribute_reads(module: Module, local: str) -> list[ast.Attribute]:
    reads = {id(n) for n in module.names.loads.get(local, [])}
    if not reads:
        return []
    return [n for n in module.names.name_attributes if id(n.value) in reads]


def _attribute_edit(
    module: Module,
    node: ast.Attribute,
    local: str,
    mod: str,
    move: Move,
    stmt: ast.stmt,
    added: set[str],
) -> Edit:
    start, end = module.span(node)
    pattern = re.escape(local) + r"[\s\\]*\.[\s\\]*" + re.escape(node.attr) + r"\Z"
    if not re.match(pattern, module.text[start:end]):
        raise Unsafe(node.lineno, f"cannot rewrite '{local}.{node.attr}' here")
    if move.module == mod:
        return Edit(end - len(node.attr), end, move.name)
    # Another module: it must be imported; add ``import new`` after the
    # statement that bound the old one (module level only, so that the new
    # name is visible wherever the old one was).
    if stmt not in module.tree.body:
        raise Unsafe(
            node.lineno,
            f"'{local}.{node.attr}' moved to '{move.module}.{move.name}'; the "
            f"import of '{local}' is not at module level: rewrite it by hand",
        )
    top = move.module.split(".")[0]
    names = module.names
    if top != mod.split(".")[0] and (top in names.bound or top in names.loads):
        if not all(_plain_import_of(b, top) for b in names.bound.get(top, [])):
            raise Unsafe(
                node.lineno,
                f"'{top}' is already a name in this module; cannot import "
                f"'{move.module}' for '{local}.{node.attr}'",
            )
    if move.module not in added:
        added.add(move.module)
        module.pending.append((stmt, f"import {move.module}"))
    return Edit(start, end, f"{move.module}.{move.name}")


def _note_removed(module: Module, line: int, move: Move) -> None:
    """Note a new name that the knowledge base says a later release removed
    too: the import is right now, but a hand step remains."""
    from ..._era import load

    for api in load().apis_for_module(move.module):
        # Only an entry for the name itself ("import" or "attribute" of the
        # module): a changed default or keyword of it is not its removal.
        if (
            api.name == move.name
            and api.fix == "manual"
            and api.kind in ("import", "attribute")
            and api.owner is None
        ):
            module.note(
                line,
                f"{move.module}.{move.name} was removed in {api.project} "
                f"{api.removed}: {api.replacement}",
            )
