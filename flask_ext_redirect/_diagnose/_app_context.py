"""Flask-SQLAlchemy 3 needs an application context: ``db.create_all()``,
``db.session`` and ``Model.query`` at module level (or in a function the
module calls, or under ``if __name__ == "__main__":``) outside
``with app.app_context():`` raise "Working outside of application
context" — the most common break of 2013-2016 code."""

from __future__ import annotations

from collections.abc import Sequence

from .._era import is_at_least
from ._environment import Environment
from ._layout import Layout
from ._model import FileFacts
from ._model import Finding
from ._source import SourceFacts

_SOURCE = (
    "Flask-SQLAlchemy 3.0.0 changelog: an active Flask application context is"
    " always required to access session and engine, even if an application was"
    " passed to the constructor"
)


def _origin(
    layout: Layout, files: dict[str, FileFacts], facts: FileFacts, name: str
) -> SourceFacts | None:
    """The local module's facts that ``name`` is imported from."""
    assert facts.source is not None
    imported = facts.source.from_names.get(name)
    if imported is None:
        return None
    module = layout.absolute(facts.path, *imported)
    if module is None:
        return None
    path = layout.path_of.get(module) or layout.path_of.get(
        f"{layout.package_of(facts.path)}.{module}"
    )
    other = files.get(path) if path else None
    return other.source if other is not None else None


def _is_db(
    layout: Layout, files: dict[str, FileFacts], facts: FileFacts, name: str
) -> bool:
    assert facts.source is not None
    if name in facts.source.db_names:
        return True
    origin = _origin(layout, files, facts, name)
    return origin is not None and name in origin.db_names


def _is_model(
    layout: Layout, files: dict[str, FileFacts], facts: FileFacts, name: str
) -> bool:
    assert facts.source is not None
    receiver = facts.source.models.get(name)
    if receiver is not None:
        return _is_db(layout, files, facts, receiver)
    origin = _origin(layout, files, facts, name)
    return origin is not None and name in origin.models


def outside_app_context(
    files: Sequence[FileFacts], layout: Layout, env: Environment
) -> list[Finding]:
    """Findings for Flask-SQLAlchemy uses that run without an app context."""
    version = env.version("Flask-SQLAlchemy")
    by_path = {f.path: f for f in files}
    found: list[Finding] = []
    for facts in files:
        source = facts.source
        if source is None or not source.app_context:
            continue
        for spot in source.app_context:
            receiver, _, where = spot.detail.partition("|")
            if spot.what == "query":
                if not _is_model(layout, by_path, facts, receiver):
                    continue
                what = f"{receiver}.query"
            elif _is_db(layout, by_path, facts, receiver):
                # session and engine are attributes; the rest are calls.
                what = f"{receiver}.{spot.what}" + (
                    "" if spot.what in ("session", "engine") else "()"
                )
            else:
                continue
            if where == "main":
                place = "under if __name__ == '__main__':"
            elif where.startswith("call:"):
                place = f"in a function the module calls at line {where[5:]}"
            else:
                place = "at module level"
            if version is None or is_at_least(version, "3.0.0"):
                severity = "blocker"
                title = (
                    f"{what} {place}, outside an application context: Flask-SQLAlchemy"
                    f" {version or '3 (a fresh install)'} needs one"
                )
            else:
                severity = "warning"
                title = (
                    f"{what} {place}, outside an application context: breaks on"
                    f" Flask-SQLAlchemy 3.0.0 (here: {version}, still works)"
                )
            found.append(
                Finding(
                    severity=severity,
                    when="import",
                    kind="app-context",
                    subject="flask_sqlalchemy.app_context",
                    title=title,
                    why="RuntimeError: Working outside of application context.",
                    fix=(
                        "run it inside 'with app.app_context():' (setup code), or"
                        " in a CLI command (@app.cli.command) or a request"
                    ),
                    path=facts.path,
                    line=spot.line,
                    col=spot.col,
                    source=_SOURCE,
                )
            )
    return found
