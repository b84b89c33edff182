"""The knowledge base's requirements and template sections: loaded from the
shipped file, and refused with the entry and field named when wrong."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from flask_ext_redirect._era import from_mapping
from flask_ext_redirect._era import load


def _shipped() -> dict[str, Any]:
    text = (
        resources.files("flask_ext_redirect._era")
        .joinpath("knowledge.json")
        .read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def test_shipped_sections_load() -> None:
    """Each section loads and the facts the requirements pass uses are there."""
    kb = load()
    assert {b.distribution for b in kb.backports} >= {"wsgiref", "argparse"}
    greenlet = next(r for r in kb.releases if r.distribution == "greenlet")
    assert greenlet.for_python("3.13") == "3.1.0"
    assert greenlet.for_python("3.12") is None
    gevent = next(r for r in kb.releases if r.distribution == "gevent")
    assert dict(gevent.requires) == {"greenlet": "3.1.1"}
    assert any(s.drop_in for s in kb.successors)
    assert {t.kind for t in kb.template_changes} >= {"property", "template", "macro"}


def test_sections_are_optional() -> None:
    """A knowledge file without the new sections still loads (empty)."""
    data = _shipped()
    for key in ("backports", "releases", "successors", "template_changes"):
        del data[key]
    kb = from_mapping(data)
    assert kb.releases == () and kb.template_changes == ()


@pytest.mark.parametrize(
    ("section", "change", "message"),
    [
        ("releases", {"first_for_python": {"3": "1.0"}}, "key '3' is not major.minor"),
        ("releases", {"first_for_python": {"3.13": "x"}}, "is not a release number"),
        ("releases", {"requires": {"greenlet": "soon"}}, "field 'requires'"),
        ("backports", {"install_fails": "yes"}, "must be true or false"),
        ("backports", {"stdlib": None}, "field 'stdlib'"),
        ("successors", {"extra": 1}, "field 'extra': is not a field"),
        ("template_changes", {"kind": "block"}, "field 'kind': must be one of"),
        ("template_changes", {"removed": None, "kind": "property"}, "field 'removed'"),
        ("template_changes", {"removed": "soon"}, "field 'removed'"),
        ("releases", {"first_with_flask": ["3.1"]}, "must be an object, got"),
        (
            "releases",
            {"first_for_python": {}, "first_with_flask": {}},
            "one of first_for_python/first_with_flask",
        ),
    ],
)
def test_bad_entries_name_entry_and_field(
    section: str, change: dict[str, Any], message: str
) -> None:
    """A wrong entry is refused with its section, index, key and field."""
    data = _shipped()
    entry = copy.deepcopy(data[section][0])
    entry.update(change)
    entry = {k: v for k, v in entry.items() if v is not None}
    data[section][0] = entry
    with pytest.raises(ValueError, match=rf"{section}\[0\].*{message}"):
        from_mapping(data)


def test_duplicates_are_refused() -> None:
    """The same distribution twice in a section is an error."""
    data = _shipped()
    data["releases"].append(copy.deepcopy(data["releases"][0]))
    with pytest.raises(ValueError, match=r"releases\[\d+\]: duplicate 'Flask'"):
        from_mapping(data)


def test_malformed_sections_and_entries_are_named() -> None:
    """A section that is not a list, an entry that is not an object, and an
    entry without its distribution are refused with where they are."""
    data = _shipped()
    data["releases"] = {"Flask": {}}
    with pytest.raises(ValueError, match=r"field 'releases' must be a list"):
        from_mapping(data)
    data = _shipped()
    data["successors"][0] = "Flask-Reuploaded"
    with pytest.raises(ValueError, match=r"successors\[0\]: expected an object"):
        from_mapping(data)
    data = _shipped()
    del data["backports"][0]["distribution"]
    with pytest.raises(ValueError, match=r"backports\[0\]: field 'distribution'"):
        from_mapping(data)
