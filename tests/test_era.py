"""The knowledge base of the flask.ext era: the shipped file follows the
schema, the loader refuses bad data with a message that names the entry and
the field, and the look-ups answer by every name old code uses.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from flask_ext_redirect._era import FIXER_IDS
from flask_ext_redirect._era import from_json
from flask_ext_redirect._era import from_mapping
from flask_ext_redirect._era import is_at_least
from flask_ext_redirect._era import load
from flask_ext_redirect._era import parse_version


def _shipped() -> dict[str, Any]:
    text = resources.files("flask_ext_redirect._era").joinpath("knowledge.json")
    data: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return data


def _api_entry(**changes: object) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "demo.gone",
        "project": "Demo",
        "kind": "import",
        "module": "demo",
        "name": "gone",
        "removed": "2.0.0",
        "last_with": "1.9.3",
        "replacement": "demo.there",
        "new": "demo.there",
        "fix": "mechanical",
        "fixer": FIXER_IDS[0],
        "breaks_on": "import",
        "why": "renamed",
        "source": "Demo 2.0.0 changelog",
        "check": "auto",
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not ...}


def _ext_entry(**changes: object) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": "demo",
        "module": "flask_demo",
        "legacy_modules": ["flaskext.demo"],
        "distribution": "Flask-Demo",
        "status": "works",
        "source": "Flask-Demo 1.0 changelog",
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not ...}


def _data(apis: list[Any] | None = None, extensions: list[Any] | None = None) -> Any:
    return {
        "schema": 1,
        "extensions": [_ext_entry()] if extensions is None else extensions,
        "apis": [_api_entry()] if apis is None else apis,
        "bad_distributions": [],
    }


def test_shipped_knowledge_base_loads_and_is_cached() -> None:
    """load() validates the file shipped in the package and reads it once."""
    kb = load()
    assert kb.schema == 1
    assert kb.extensions and kb.apis and kb.bad_distributions
    assert load() is kb


def test_shipped_entries_name_known_fixers_and_api_ids() -> None:
    """Every fixer the shipped file names is in FIXER_IDS, every api_changes
    id is an API entry, and a mechanical fix always names its fixer.
    """
    kb = load()
    ids = {api.id for api in kb.apis}
    for api in kb.apis:
        assert (api.fixer is not None) == (api.fix == "mechanical"), api.id
        assert api.fixer is None or api.fixer in FIXER_IDS, api.id
    for ext in kb.extensions:
        assert set(ext.api_changes) <= ids, ext.name


def test_shipped_entries_cite_their_source() -> None:
    """Every entry of every section names a non-empty source."""
    data = _shipped()
    for section in ("extensions", "apis", "bad_distributions"):
        for entry in data[section]:
            assert isinstance(entry["source"], str) and entry["source"].strip()


def test_shipped_api_versions_are_ordered() -> None:
    """deprecated <= last_with < removed wherever they are given."""
    for api in load().apis:
        assert parse_version(api.last_with) < parse_version(api.removed), api.id
        if api.deprecated is not None:
            assert parse_version(api.deprecated) <= parse_version(api.removed)


def test_fixer_ids_are_unique() -> None:
    """FIXER_IDS names each fixer once."""
    assert len(set(FIXER_IDS)) == len(FIXER_IDS)


def test_extension_found_by_every_name_old_code_uses() -> None:
    """The module, a legacy flaskext name, flask.ext.<name> and submodules
    of each find the same extension; an unrelated module finds none.
    """
    kb = from_mapping(_data())
    ext = kb.extension_for_module("flask_demo")
    assert ext is not None and ext.distribution == "Flask-Demo"
    for name in (
        "flaskext.demo",
        "flask.ext.demo",
        "flask_demo.sub",
        "flask.ext.demo.sub",
        "flaskext.demo.sub",
    ):
        assert kb.extension_for_module(name) is ext, name
    assert kb.extension_for_module("flask") is None
    assert kb.extension_for_module("flask.ext") is None
    assert kb.extension_for_module("flask.ext.other") is None
    assert kb.extension_for_module("flask_demonstration") is None


def test_apis_for_module_matches_module_and_also_in() -> None:
    """apis_for_module answers for the entry's module and for each module
    listed in also_in, and nothing for a parent package.
    """
    api = _api_entry(also_in=["demo.fields"])
    kb = from_mapping(_data(apis=[api]))
    assert [a.id for a in kb.apis_for_module("demo")] == ["demo.gone"]
    assert [a.id for a in kb.apis_for_module("demo.fields")] == ["demo.gone"]
    assert kb.apis_for_module("dem") == ()
    assert kb.api("demo.gone").also_in == ("demo.fields",)


def test_api_lookup_by_id_and_unknown_id() -> None:
    """api(id) returns the entry; an unknown id raises KeyError naming it."""
    kb = from_mapping(_data())
    assert kb.api("demo.gone").new == "demo.there"
    with pytest.raises(KeyError, match="demo.nothing"):
        kb.api("demo.nothing")


def test_optional_fields_default_to_none_and_lists_to_tuples() -> None:
    """Missing optional keys are None; JSON lists become tuples."""
    kb = from_mapping(_data())
    ext = kb.extensions[0]
    assert ext.legacy_modules == ("flaskext.demo",)
    assert ext.api_changes == () and ext.works_from is None
    assert kb.apis[0].deprecated is None and kb.apis[0].owner is None


def test_is_gone_in_compares_releases() -> None:
    """Api.is_gone_in is true from the removing release on."""
    api = from_mapping(_data()).apis[0]
    assert not api.is_gone_in("1.9.3")
    assert not api.is_gone_in("2.0.0rc1")
    assert api.is_gone_in("2.0")
    assert api.is_gone_in("10.0.1")


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("1.9", "1.10"),
        ("2.0.0rc1", "2.0.0"),
        ("2.0.0a1", "2.0.0b1"),
        ("2.0.0.dev1", "2.0.0a1"),
        ("2.0.0", "2.0.0.post1"),
        ("0.15.1", "1.0"),
    ],
)
def test_parse_version_orders_releases(earlier: str, later: str) -> None:
    """Release numbers sort numerically, pre-releases before the release."""
    assert parse_version(earlier) < parse_version(later)
    assert is_at_least(later, earlier) and not is_at_least(earlier, later)


def test_parse_version_ignores_trailing_zeros() -> None:
    """2.3 and 2.3.0 are the same release."""
    assert parse_version("2.3") == parse_version("2.3.0")


@pytest.mark.parametrize("text", ["", "v1.0", "1.0-beta", "1..0", "latest"])
def test_parse_version_refuses_other_shapes(text: str) -> None:
    """Anything but a release number raises ValueError naming it."""
    with pytest.raises(ValueError, match="is not a release number"):
        parse_version(text)


BAD_APIS = [
    (_api_entry(kind="module"), "field 'kind': must be one of"),
    (_api_entry(removed=...), "field 'removed': is required"),
    (_api_entry(removed="two"), "field 'removed': 'two' is not a release"),
    (_api_entry(last_with="2.0.0"), "field 'last_with': 2.0.0 is not before"),
    (_api_entry(deprecated="2.1"), "field 'deprecated': 2.1 is after removed"),
    (_api_entry(fixer="no-such-fixer"), "field 'fixer': 'no-such-fixer' is not"),
    (_api_entry(fixer=None), "field 'fixer': is required"),
    (_api_entry(check="maybe"), "field 'check': must be 'auto' or 'manual: "),
    (_api_entry(source=""), "field 'source': must be a non-empty string"),
    (_api_entry(kind="method", owner=None), "field 'owner': is required"),
    (_api_entry(kind="config"), "field 'probe': is required"),
    (_api_entry(name=...), "field 'name': is required"),
    (_api_entry(kind="attribute", name=None), "field 'name': is required"),
    (_api_entry(also_in="demo.x"), "field 'also_in': must be a list"),
    (_api_entry(typo=1), "field 'typo': is not a field of Api"),
    (_api_entry(breaks_on="later"), "field 'breaks_on': must be one of"),
]


@pytest.mark.parametrize(("entry", "message"), BAD_APIS)
def test_bad_api_entry_is_refused_naming_entry_and_field(
    entry: dict[str, Any], message: str
) -> None:
    """A bad API entry raises ValueError naming its index, id and field."""
    with pytest.raises(ValueError) as info:
        from_mapping(_data(apis=[_api_entry(id="demo.ok"), entry]), origin="kb.json")
    assert str(info.value).startswith("kb.json: apis[1] (id 'demo.gone'): ")
    assert message in str(info.value)


BAD_EXTENSIONS = [
    (_ext_entry(status="alive"), "field 'status': must be one of"),
    (_ext_entry(status="works-from"), "field 'works_from': is required"),
    (
        _ext_entry(status="api-changes", works_from="1.0"),
        "field 'api_changes': status 'api-changes' needs at least one id",
    ),
    (_ext_entry(status="dead"), "field 'why': is required"),
    (
        _ext_entry(status="dead", why="x", replacement="y"),
        "field 'breaks_on': is required",
    ),
    (_ext_entry(legacy_modules="flaskext.demo"), "field 'legacy_modules': must be"),
    (_ext_entry(module=...), "field 'module': is required"),
    (
        _ext_entry(status="api-changes", works_from="1.0", api_changes=["demo.x"]),
        "field 'api_changes': 'demo.x' is not the id of an entry",
    ),
    (_ext_entry(status="yanked"), "field 'install': status 'yanked' needs an exact"),
    (
        _ext_entry(status="dead", why="x", replacement="y", breaks_on="build"),
        "field 'breaks_on': must be one of",
    ),
    (_ext_entry(check="auto"), "field 'release': is required"),
    (
        _ext_entry(check="auto", release="1.0", imported=["flask_demo.x"]),
        "field 'imported': does not list 'flask_demo'",
    ),
    (
        _ext_entry(
            check="auto",
            release="1.0",
            imported=["flask_demo"],
            entry_points=["flask_demo.Demo"],
        ),
        "field 'imported': does not list 'flask_demo.Demo'",
    ),
    (
        _ext_entry(
            check="auto",
            release="1.0",
            status="dead",
            why="x",
            replacement="y",
            breaks_on="import",
        ),
        "field 'fails_at': is required",
    ),
]


@pytest.mark.parametrize(("entry", "message"), BAD_EXTENSIONS)
def test_bad_extension_entry_is_refused_naming_entry_and_field(
    entry: dict[str, Any], message: str
) -> None:
    """A bad extension entry raises ValueError naming its index, name and
    field.
    """
    with pytest.raises(ValueError) as info:
        from_mapping(_data(extensions=[entry]), origin="kb.json")
    assert str(info.value).startswith("kb.json: extensions[0] (name 'demo'): ")
    assert message in str(info.value)


def test_bad_distribution_entry_is_refused_naming_entry_and_field() -> None:
    """A bad_distributions entry without its fix is refused by name."""
    data = _data()
    data["bad_distributions"] = [
        {"distribution": "py-demo", "conflicts_with": "demo", "why": "x", "source": "y"}
    ]
    with pytest.raises(ValueError) as info:
        from_mapping(data, origin="kb.json")
    assert str(info.value) == (
        "kb.json: bad_distributions[0] (distribution 'py-demo'): "
        "field 'fix': is required"
    )


def test_unlabelled_entry_error_names_its_index() -> None:
    """An entry without id or name is still named by list and index."""
    with pytest.raises(ValueError, match=r"^kb.json: apis\[0\]: field 'id'"):
        from_mapping(_data(apis=[_api_entry(id=..., name=None)]), origin="kb.json")


def test_duplicate_ids_and_modules_are_refused() -> None:
    """Two API entries with one id, or two extensions claiming one module,
    are refused.
    """
    with pytest.raises(ValueError, match=r"apis\[1\]: duplicate id 'demo.gone'"):
        from_mapping(_data(apis=[_api_entry(), _api_entry()]))
    twin = _ext_entry(name="twin", module="flask_twin")
    with pytest.raises(ValueError, match="duplicate module 'flaskext.demo'"):
        from_mapping(_data(extensions=[_ext_entry(), twin]))


def test_top_level_shape_is_checked() -> None:
    """A wrong schema number, a missing section, an unknown top-level key or
    text that is not JSON are refused with what was wrong.
    """
    data = _data()
    for change, message in [
        ({"schema": 2}, "field 'schema': expected 1, got 2"),
        ({"apis": None}, "field 'apis' must be a list"),
        ({"extra": []}, "unknown top-level field 'extra'"),
    ]:
        bad = copy.deepcopy(data)
        bad.update(change)
        with pytest.raises(ValueError, match=message):
            from_mapping(bad)
    with pytest.raises(ValueError, match="not valid JSON"):
        from_json("{")
    with pytest.raises(ValueError, match="expected a JSON object at the top"):
        from_json("[]")
    with pytest.raises(ValueError, match=r"apis\[0\]: expected an object"):
        from_mapping(_data(apis=["demo.gone"]))


def _shipped_extension(name: str) -> dict[str, Any]:
    (entry,) = [e for e in _shipped()["extensions"] if e["name"] == name]
    return entry


def test_shipped_extensions_checked_by_installing_record_what_was_seen() -> None:
    """Every extension checked by installing names the release it installed
    and what imported (module and entry points), or where it failed."""
    for ext in load().extensions:
        if ext.check != "auto":
            continue
        if ext.status == "dead" and ext.breaks_on == "install":
            continue
        assert ext.release is not None, ext.name
        if ext.status == "dead" and ext.breaks_on == "import":
            assert ext.fails_at is not None, ext.name
        else:
            assert {ext.module, *ext.entry_points} <= set(ext.imported), ext.name


def test_shipped_oauthlib_fails_where_applications_import_it() -> None:
    """Flask-OAuthlib: the package imports beside Flask 3.1 but
    flask_oauthlib.client (OAuth, what applications import) does not, so the
    entry is dead at import there, not "works"."""
    ext = _shipped_extension("oauthlib")
    assert ext["status"] == "dead"
    assert ext["breaks_on"] == "import"
    assert ext["fails_at"] == "flask_oauthlib.client"
    assert "flask_oauthlib.client.OAuth" in ext["entry_points"]
    assert "url_quote" in ext["why"] and "werkzeug.urls" in ext["why"]


def test_shipped_themes_dates_flask_module_removal_to_0_11() -> None:
    """flask.Module is in Flask 0.10.1 and gone from 0.11 ("Removed
    deprecated module functionality"), not from 1.0."""
    ext = _shipped_extension("themes")
    assert "Flask 0.11" in ext["why"] and "1.0" not in ext["why"]
    assert "Flask 0.11 changelog" in ext["source"]


def test_shipped_oauth_dates_its_last_release_to_2012() -> None:
    """Flask-OAuth 0.12's sdist dates from October 2012, not 2013."""
    ext = _shipped_extension("oauth")
    text = " ".join(ext[f] for f in ("why", "source"))
    assert "Flask-OAuth 0.12 (2012)" in text and "2013" not in text


def test_shipped_user_is_yanked_not_dead() -> None:
    """Every Flask-User release is yanked, but the exact pin installs and
    imports beside Flask 3.1: the entry says so rather than "dead"."""
    ext = _shipped_extension("user")
    assert ext["status"] == "yanked"
    assert ext["install"] == "Flask-User==1.0.2.2"
    assert ext["release"] == "1.0.2.2"
    assert "flask_user.UserManager" in ext["imported"]
    assert "breaks_on" not in ext and "replacement" not in ext


def test_shipped_mongoalchemy_breaks_on_install() -> None:
    """Flask-MongoAlchemy fails when its pinned pymongo==2.8.1 does not
    build: at install, not at import."""
    ext = _shipped_extension("mongoalchemy")
    assert ext["status"] == "dead"
    assert ext["breaks_on"] == "install"
    assert "pymongo==2.8.1" in ext["why"]
