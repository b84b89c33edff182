# A half-migrated codebase: modern syntax, one legacy import left behind.
from __future__ import annotations

from dataclasses import dataclass

from flask.ext.sqlalchemy import SQLAlchemy

db = SQLAlchemy()


@dataclass
class Event:
    kind: str
    payload: dict[str, object]


async def handle(event: Event) -> str:
    if (n := len(event.payload)) > 10:
        return f"big {event.kind!r}: {n:>5}"
    match event:
        case Event(kind="user", payload={"id": user_id}):
            return f"user {user_id}"
        case _:
            return "other"
