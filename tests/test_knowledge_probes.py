"""The checker behind ``make check-knowledge``, run here against what this
venv has installed: it finds what exists, reports what does not, and never
mistakes a broken import for a removed name.
"""

from __future__ import annotations

import importlib.metadata
import sys
from typing import Any

import knowledge_extension_probe
import knowledge_probe
import pytest


def _entry(**fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "demo",
        "project": "Flask",
        "kind": "import",
        "module": "flask",
        "name": "Flask",
        "last_with": "1.0",
        "removed": "2.0",
        "check": "auto",
    }
    entry.update(fields)
    return entry


def _verdicts(entry: dict[str, Any], version: str) -> list[str]:
    lines = knowledge_probe.check([entry], "Flask", version)
    return [line.split()[0] for line in lines]


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "import", "module": "flask", "name": "Flask"},
        {"kind": "import", "module": "flask.json", "name": None},
        {"kind": "method", "owner": "flask.Flask", "name": "route"},
        {"kind": "attribute", "owner": "flask.Flask", "name": "config_class"},
        {"kind": "keyword", "owner": "flask.Flask", "name": "static_url_path"},
        {"kind": "config", "probe": "'SECRET_KEY' in flask.Flask.default_config"},
    ],
)
def test_present_name_passes_as_last_with_and_fails_as_removed(
    fields: dict[str, Any],
) -> None:
    """A name this Flask has is 'ok' where the entry says it is still there
    and 'WRONG' where the entry says it is gone.
    """
    entry = _entry(**fields)
    assert _verdicts(entry, "1.0") == ["ok"]
    assert _verdicts(entry, "2.0") == ["WRONG"]


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "import", "module": "flask", "name": "no_such_name"},
        {"kind": "import", "module": "flask.no_such_module", "name": None},
        {"kind": "import", "module": "flask.no_such_module", "name": "x"},
        {"kind": "method", "owner": "flask.Flask", "name": "no_such_method"},
        {"kind": "method", "owner": "flask.NoSuchClass", "name": "route"},
        {"kind": "keyword", "owner": "flask.Flask", "name": "no_such_keyword"},
        {"kind": "default", "probe": "flask.Flask.no_such_attribute"},
    ],
)
def test_missing_name_passes_as_removed(fields: dict[str, Any]) -> None:
    """A name this Flask lacks (module, attribute, method, keyword, or a
    probe that raises) is 'ok' where the entry says it was removed.
    """
    entry = _entry(**fields)
    assert _verdicts(entry, "2.0") == ["ok"]
    assert _verdicts(entry, "1.0") == ["WRONG"]


def test_also_in_modules_are_checked_each() -> None:
    """Each module of also_in gets its own line."""
    entry = _entry(name="Flask", also_in=["flask.app", "flask.json"])
    lines = knowledge_probe.check([entry], "Flask", "1.0")
    assert [line.split()[0] for line in lines] == ["ok", "ok", "WRONG"]
    assert "(in flask.json)" in lines[2]


def test_other_projects_versions_and_manual_entries_are_skipped() -> None:
    """Only auto entries of the project, at their last_with or removed
    release, are checked.
    """
    entries = [
        _entry(project="Werkzeug"),
        _entry(check="manual: cannot"),
        _entry(last_with="1.1", removed="1.2"),
    ]
    assert knowledge_probe.check(entries, "Flask", "1.0") == []


def test_broken_import_is_an_error_not_a_removal(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module that exists but fails to import (a dependency missing) raises
    instead of counting as removed.
    """
    (tmp_path / "kb_broken_pkg.py").write_text("import kb_missing_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = _entry(module="kb_broken_pkg", name="anything")
    with pytest.raises(ModuleNotFoundError, match="kb_missing_dependency"):
        knowledge_probe.check([entry], "Flask", "2.0")
    sys.modules.pop("kb_broken_pkg", None)


def test_main_refuses_a_venv_with_another_release(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The checker first verifies that the release it was told to check is
    the one installed.
    """
    kb = tmp_path / "kb.json"
    kb.write_text('{"apis": []}')
    installed = importlib.metadata.version("flask")
    assert knowledge_probe.main([str(kb), "Flask", "0.0.1"]) == 1
    assert f"Flask {installed} is installed, not 0.0.1" in capsys.readouterr().out
    assert knowledge_probe.main([str(kb), "Flask", installed]) == 0


def _extension(**fields: Any) -> dict[str, Any]:
    # "pip" is installed in every venv, so installing it changes nothing and
    # needs no index; the module named decides the verdict.
    entry: dict[str, Any] = {
        "name": "demo",
        "module": "json",
        "distribution": "pip",
        "install": "pip",
        "status": "works",
    }
    entry.update(fields)
    return entry


# Each case runs pip in a subprocess (seconds each): counted with the slow
# tests that build venvs.
@pytest.mark.venv
@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        ({"status": "works"}, "ok"),
        ({"status": "dead"}, "WRONG"),
        ({"status": "dead", "module": "kb_no_such_module"}, "ok"),
        ({"status": "works", "module": "kb_no_such_module"}, "WRONG"),
    ],
)
def test_extension_checker_compares_import_with_status(
    fields: dict[str, Any], verdict: str, tmp_path: Any
) -> None:
    """The extension checker installs, imports in a fresh interpreter, and
    says 'ok' only where the import agrees with the status (a dead extension
    must fail, any other must import), showing the import error.
    """
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("pip\n")
    entry = _extension(**fields)
    (line,) = knowledge_extension_probe.check(
        entry, str(constraints), pip_args=("--no-index",)
    )
    assert line.split()[0] == verdict
    if entry["module"] == "kb_no_such_module":
        assert "No module named 'kb_no_such_module'" in line
