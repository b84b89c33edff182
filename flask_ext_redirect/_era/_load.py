"""Read ``knowledge.json`` into :class:`KnowledgeBase`, refusing anything
that does not follow schema 1 with an error that names the entry and field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Any
from typing import TypeVar

from ._fixer_ids import FIXER_IDS
from ._load_packaging import read_sections
from ._load_packaging import SECTIONS
from ._model import Api
from ._model import BadDistribution
from ._model import Extension
from ._model import KnowledgeBase
from ._versions import parse_version

__all__ = ["SCHEMA", "from_json", "from_mapping"]

SCHEMA = 1

STATUSES = ("works", "works-from", "api-changes", "yanked", "partial", "dead")
KINDS = ("import", "attribute", "method", "keyword", "config", "default")
FIXES = ("mechanical", "manual")
EXTENSION_BREAKS_ON = ("install", "import", "request")
API_BREAKS_ON = ("import", "request", "call")

_Record = TypeVar("_Record", Extension, Api, BadDistribution)


class _Entry:
    """One JSON object of a list, read field by field; every error names
    the list, the index and (when it has one) the entry's id or name.
    """

    def __init__(self, origin: str, where: str, raw: object) -> None:
        self.label = f"{origin}: {where}"
        if not isinstance(raw, dict):
            raise ValueError(f"{self.label}: expected an object, got {raw!r}")
        self.raw: dict[str, Any] = raw
        for key in ("id", "name", "distribution"):
            if isinstance(raw.get(key), str):
                self.label += f" ({key} {raw[key]!r})"
                break

    def error(self, field: str, message: str) -> ValueError:
        return ValueError(f"{self.label}: field {field!r}: {message}")

    def text(self, field: str, *, required: bool = True) -> str | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise self.error(field, "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"must be a non-empty string, got {value!r}")
        return value

    def choice(self, field: str, choices: tuple[str, ...], *, required: bool) -> None:
        value = self.text(field, required=required)
        if value is not None and value not in choices:
            raise self.error(field, f"must be one of {choices}, got {value!r}")

    def version(self, field: str, *, required: bool) -> None:
        value = self.text(field, required=required)
        if value is not None:
            try:
                parse_version(value)
            except ValueError as e:
                raise self.error(field, str(e)) from None

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field, [])
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item for item in value
        ):
            raise self.error(field, f"must be a list of strings, got {value!r}")
        return tuple(value)

    def build(self, cls: type[_Record]) -> _Record:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(self.raw) - known)
        if unknown:
            raise self.error(unknown[0], f"is not a field of {cls.__name__}")
        # Every value was checked field by field before; Any says so.
        values: dict[str, Any] = {
            key: tuple(value) if isinstance(value, list) else value
            for key, value in self.raw.items()
        }
        return cls(**values)


def _check_field(entry: _Entry, *, required: bool) -> str | None:
    check = entry.text("check", required=required)
    if check is not None and check != "auto" and not check.startswith("manual: "):
        raise entry.error("check", f"must be 'auto' or 'manual: <why>', got {check!r}")
    return check


def _extension(entry: _Entry) -> Extension:
    for field in ("name", "module", "distribution", "source"):
        entry.text(field)
    entry.texts("legacy_modules")
    for field in ("install", "why", "replacement", "note", "fails_at"):
        entry.text(field, required=False)
    check = _check_field(entry, required=False)
    entry.choice("status", STATUSES, required=True)
    entry.choice("breaks_on", EXTENSION_BREAKS_ON, required=False)
    entry.version("works_from", required=False)
    entry.version("release", required=False)
    for field in ("api_changes", "entry_points", "imported"):
        entry.texts(field)
    status = entry.raw["status"]
    if status == "yanked" and "==" not in (entry.raw.get("install") or ""):
        raise entry.error("install", "status 'yanked' needs an exact pin (NAME==X)")
    if status == "partial":
        for field in ("why", "fails_at"):
            entry.text(field)
    if check == "auto":
        _checked(entry, status)
    if status in ("works-from", "api-changes"):
        entry.version("works_from", required=True)
    if status == "api-changes" and not entry.raw.get("api_changes"):
        raise entry.error("api_changes", "status 'api-changes' needs at least one id")
    if status == "dead":
        for field in ("why", "replacement"):
            entry.text(field)
        entry.choice("breaks_on", EXTENSION_BREAKS_ON, required=True)
    return entry.build(Extension)


def _checked(entry: _Entry, status: str) -> None:
    """An entry checked by installing records what the check saw: the
    release it installed and what imported, or where the import failed."""
    raw = entry.raw
    breaks_on = raw.get("breaks_on")
    if status == "dead" and breaks_on == "install":
        return
    entry.version("release", required=True)
    if status == "dead" and breaks_on == "import":
        entry.text("fails_at")
        return
    if status == "partial" and raw["fails_at"] in raw.get("imported", []):
        raise entry.error("imported", f"lists {raw['fails_at']!r}, which fails")
    imported = raw.get("imported") or []
    wanted = (raw["module"], *raw.get("entry_points", []))
    missing = [name for name in wanted if name not in imported]
    if missing:
        raise entry.error("imported", f"does not list {missing[0]!r}")


def _api(entry: _Entry) -> Api:
    for field in ("id", "project", "module", "replacement", "why", "source"):
        entry.text(field)
    for field in ("owner", "new", "probe", "note"):
        entry.text(field, required=False)
    entry.texts("also_in")
    entry.choice("kind", KINDS, required=True)
    entry.choice("fix", FIXES, required=True)
    entry.choice("breaks_on", API_BREAKS_ON, required=True)
    entry.version("removed", required=True)
    entry.version("last_with", required=True)
    entry.version("deprecated", required=False)
    entry.version("request_from", required=False)
    kind = entry.raw["kind"]
    if "name" not in entry.raw:
        raise entry.error("name", "is required (null for a module gone as a whole)")
    entry.text("name", required=kind != "import")
    if kind in ("method", "keyword"):
        entry.text("owner")
    raw = entry.raw
    if parse_version(raw["last_with"]) >= parse_version(raw["removed"]):
        raise entry.error("last_with", f"{raw['last_with']} is not before removed")
    deprecated = raw.get("deprecated")
    if deprecated and parse_version(deprecated) > parse_version(raw["removed"]):
        raise entry.error("deprecated", f"{deprecated} is after removed")
    check = _check_field(entry, required=True)
    fixer = entry.text("fixer", required=raw["fix"] == "mechanical")
    if fixer is not None and fixer not in FIXER_IDS:
        raise entry.error("fixer", f"{fixer!r} is not one of FIXER_IDS {FIXER_IDS}")
    if kind in ("config", "default") and check == "auto":
        entry.text("probe")
    return entry.build(Api)


def _bad_distribution(entry: _Entry) -> BadDistribution:
    for field in ("distribution", "conflicts_with", "why", "fix", "source"):
        entry.text(field)
    return entry.build(BadDistribution)


def _unique(origin: str, section: str, keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise ValueError(f"{origin}: {section}[{index}]: duplicate {what} {key!r}")
        seen.add(key)


def from_mapping(data: object, *, origin: str = "knowledge.json") -> KnowledgeBase:
    """Validate ``data`` (the parsed JSON) and build the knowledge base.

    :param data: the top-level JSON object.
    :param origin: names the source in error messages.
    :raises ValueError: the data does not follow schema 1; the message names
        the entry (list, index, id) and the field.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{origin}: expected a JSON object at the top")
    if data.get("schema") != SCHEMA:
        raise ValueError(
            f"{origin}: field 'schema': expected {SCHEMA}, got {data.get('schema')!r}"
        )
    unknown = sorted(
        set(data)
        - {"schema", "extensions", "apis", "bad_distributions", "comment", *SECTIONS}
    )
    if unknown:
        raise ValueError(f"{origin}: unknown top-level field {unknown[0]!r}")
    sections: dict[str, list[object]] = {}
    for section in ("extensions", "apis", "bad_distributions"):
        value = data.get(section)
        if not isinstance(value, list):
            raise ValueError(f"{origin}: field {section!r} must be a list")
        sections[section] = value

    def entries(section: str) -> list[_Entry]:
        return [
            _Entry(origin, f"{section}[{index}]", raw)
            for index, raw in enumerate(sections[section])
        ]

    apis = tuple(_api(entry) for entry in entries("apis"))
    extensions = tuple(_extension(entry) for entry in entries("extensions"))
    bad = tuple(_bad_distribution(entry) for entry in entries("bad_distributions"))
    _unique(origin, "apis", [api.id for api in apis], "id")
    _unique(origin, "extensions", [ext.name for ext in extensions], "name")
    _unique(
        origin,
        "extensions",
        [m for ext in extensions for m in (ext.module, *ext.legacy_modules)],
        "module",
    )
    ids = {api.id for api in apis}
    for index, ext in enumerate(extensions):
        for api_id in ext.api_changes:
            if api_id not in ids:
                raise ValueError(
                    f"{origin}: extensions[{index}] (name {ext.name!r}): field "
                    f"'api_changes': {api_id!r} is not the id of an entry in 'apis'"
                )
    return KnowledgeBase(
        schema=SCHEMA,
        extensions=extensions,
        apis=apis,
        bad_distributions=bad,
        **read_sections(data, origin),
    )


def from_json(text: str, *, origin: str = "knowledge.json") -> KnowledgeBase:
    """Parse and validate the JSON ``text``.

    :param text: the contents of a knowledge file.
    :param origin: names the source in error messages.
    :raises ValueError: not JSON, or not schema 1 (see :func:`from_mapping`).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{origin}: not valid JSON: {e}") from None
    return from_mapping(data, origin=origin)
