"""Read the ``backports``, ``releases``, ``successors`` and
``template_changes`` sections of ``knowledge.json`` (all optional), with
errors that name the entry and the field, as :mod:`._load` does."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import TypeVar

from ._packaging import Backport
from ._packaging import Release
from ._packaging import Successor
from ._packaging import TemplateChange
from ._versions import parse_version

__all__ = ["SECTIONS", "read_sections"]

#: The sections this module reads, in the order they appear.
SECTIONS = ("backports", "releases", "successors", "template_changes")
TEMPLATE_KINDS = ("property", "template", "macro", "filter", "test")

_T = TypeVar("_T")
_MINOR = re.compile(r"[0-9]+\.[0-9]+")
_DISTRIBUTION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class _Fields:
    def __init__(self, label: str, raw: object, known: tuple[str, ...]) -> None:
        if not isinstance(raw, dict):
            raise ValueError(f"{label}: expected an object, got {raw!r}")
        for key in ("id", "distribution"):
            if isinstance(raw.get(key), str):
                label += f" ({key} {raw[key]!r})"
                break
        self.label = label
        self.raw: dict[str, Any] = raw
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise self.error(unknown[0], "is not a field of this section")

    def error(self, field: str, message: str) -> ValueError:
        return ValueError(f"{self.label}: field {field!r}: {message}")

    def text(self, field: str, *, required: bool = True) -> Any:
        value = self.raw.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"must be a non-empty string, got {value!r}")
        return value

    def flag(self, field: str) -> bool:
        value = self.raw.get(field, False)
        if not isinstance(value, bool):
            raise self.error(field, f"must be true or false, got {value!r}")
        return value

    def versions(
        self, field: str, *, keys: re.Pattern[str] | None = None
    ) -> tuple[tuple[str, str], ...]:
        """A ``{"3.13": "3.1.0"}`` object: keys are ``major.minor`` (or
        match ``keys``)."""
        value = self.raw.get(field, {})
        if not isinstance(value, dict):
            raise self.error(field, f"must be an object, got {value!r}")
        for key, version in value.items():
            if not (keys or _MINOR).fullmatch(key):
                raise self.error(field, f"key {key!r} is not major.minor")
            try:
                parse_version(version)
            except (TypeError, ValueError) as e:
                raise self.error(field, f"{key}: {e}") from None
        return tuple(sorted(value.items()))


def _backport(f: _Fields) -> Backport:
    return Backport(
        distribution=f.text("distribution"),
        stdlib=f.text("stdlib"),
        install_fails=f.flag("install_fails"),
        why=f.text("why"),
        source=f.text("source"),
        check=f.text("check"),
    )


def _release(f: _Fields) -> Release:
    release = Release(
        distribution=f.text("distribution"),
        source=f.text("source"),
        check=f.text("check"),
        first_for_python=f.versions("first_for_python"),
        first_with_flask=f.versions("first_with_flask"),
        note=f.text("note", required=False),
        requires=f.versions("requires", keys=_DISTRIBUTION),
        module=f.text("module", required=False),
    )
    if not release.first_for_python and not release.first_with_flask:
        raise f.error("first_for_python", "one of first_for_python/first_with_flask")
    return release


def _successor(f: _Fields) -> Successor:
    return Successor(
        distribution=f.text("distribution"),
        successor=f.text("successor"),
        drop_in=f.flag("drop_in"),
        why=f.text("why"),
        source=f.text("source"),
    )


def _template_change(f: _Fields) -> TemplateChange:
    kind = f.text("kind")
    if kind not in TEMPLATE_KINDS:
        raise f.error("kind", f"must be one of {TEMPLATE_KINDS}, got {kind!r}")
    # A filter of a dead extension, or a template its successor never had,
    # has no release that removed it.
    removed = f.text("removed", required=kind == "property")
    if removed is not None:
        try:
            parse_version(removed)
        except ValueError as e:
            raise f.error("removed", str(e)) from None
    if kind in ("property", "macro"):
        f.text("owner")
    return TemplateChange(
        id=f.text("id"),
        project=f.text("project"),
        kind=kind,
        name=f.text("name"),
        removed=removed,
        replacement=f.text("replacement"),
        why=f.text("why"),
        source=f.text("source"),
        check=f.text("check"),
        owner=f.text("owner", required=False),
        when_installed=f.text("when_installed", required=False),
        mechanical=f.flag("mechanical"),
    )


_READERS: dict[str, tuple[Callable[[_Fields], Any], tuple[str, ...]]] = {
    "backports": (
        _backport,
        ("distribution", "stdlib", "install_fails", "why", "source", "check"),
    ),
    "releases": (
        _release,
        (
            "distribution",
            "source",
            "check",
            "first_for_python",
            "first_with_flask",
            "note",
            "requires",
            "module",
        ),
    ),
    "successors": (
        _successor,
        ("distribution", "successor", "drop_in", "why", "source"),
    ),
    "template_changes": (
        _template_change,
        (
            "id",
            "project",
            "kind",
            "name",
            "removed",
            "replacement",
            "why",
            "source",
            "check",
            "owner",
            "when_installed",
            "mechanical",
        ),
    ),
}


def read_sections(
    data: Mapping[str, object], origin: str
) -> dict[str, tuple[Any, ...]]:
    """The four sections of ``data``, validated; a missing one is empty.

    :raises ValueError: an entry does not follow the schema, or a key
        (distribution or id) repeats; the message names entry and field.
    """
    out: dict[str, tuple[Any, ...]] = {}
    for section in SECTIONS:
        raw = data.get(section, [])
        if not isinstance(raw, list):
            raise ValueError(f"{origin}: field {section!r} must be a list")
        reader, known = _READERS[section]
        records = tuple(
            reader(_Fields(f"{origin}: {section}[{index}]", item, known))
            for index, item in enumerate(raw)
        )
        keys = [getattr(r, "id", None) or r.distribution for r in records]
        seen: set[str] = set()
        for index, key in enumerate(keys):
            if key in seen:
                raise ValueError(f"{origin}: {section}[{index}]: duplicate {key!r}")
            seen.add(key)
        out[section] = records
    return out
