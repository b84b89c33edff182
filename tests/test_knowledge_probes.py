"""The checker behind ``make check-knowledge``, run here against what this
venv has installed: it finds what exists, reports what does not, and never
mistakes a broken import for a removed name.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import sys
import zipfile
from pathlib import Path
from typing import Any
from typing import Callable

import knowledge_extension_probe
import knowledge_probe
import pytest
from conftest import Venv


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


def _wheel(
    where: Path,
    name: str,
    files: dict[str, str],
    requires: tuple[str, ...] = (),
    date: tuple[int, ...] = (2012, 10, 6, 9, 52, 0),
) -> Path:
    """A real wheel of ``name`` 1.0 holding ``files``, written by hand."""
    dist = name.replace("-", "_")
    info = f"{dist}-1.0.dist-info"
    contents = dict(files)
    contents[f"{info}/METADATA"] = "".join(
        [f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"]
        + [f"Requires-Dist: {r}\n" for r in requires]
    )
    contents[f"{info}/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
    )
    record = []
    for path, text in contents.items():
        digest = hashlib.sha256(text.encode()).digest()
        b64 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        record.append(f"{path},sha256={b64},{len(text.encode())}\n")
    contents[f"{info}/RECORD"] = "".join(record) + f"{info}/RECORD,,\n"
    path = where / f"{dist}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        for member, text in contents.items():
            z.writestr(zipfile.ZipInfo(member, date), text)
    return path


#: name -> (files, requires, yanked): one fake distribution per state.
_FAKES: dict[str, tuple[dict[str, str], tuple[str, ...], bool]] = {
    "kb-works": (
        {
            "kbworks/__init__.py": "class Thing: pass\n",
            "kbworks/sub.py": "import json\n",
            "kbworks/opt.py": "import kb_optional_dependency_not_installed\n",
            # Flask-Admin's appengine backend guards its dependency so.
            "kbworks/guarded.py": (
                "try:\n    import kb_optional_guarded\nexcept ImportError:\n"
                "    raise Exception('Please install kb_optional_guarded')\n"
            ),
        },
        (),
        False,
    ),
    # The Flask-OAuthlib case: the package imports, the submodule that
    # applications import does not.
    "kb-broken-sub": (
        {
            "kbbrokensub/__init__.py": "",
            "kbbrokensub/client.py": "from json import url_quote\n",
        },
        (),
        False,
    ),
    "kb-py2": (
        {"kbpy2/__init__.py": "", "kbpy2/compat.py": "import urlparse\n"},
        (),
        False,
    ),
    "kb-entry": ({"kbentry.py": "class There: pass\n"}, (), False),
    "kb-yanked": ({"kbyanked.py": ""}, (), True),
    "kb-uninstallable": ({"kbuninstallable.py": ""}, ("kb-no-such-dist",), False),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A package index on disk (PEP 503, PEP 592 for yanked) serving the
    fake distributions; the URL of its simple/ folder."""
    root = tmp_path_factory.mktemp("index")
    (root / "files").mkdir()
    for name, (files, requires, yanked) in _FAKES.items():
        wheel = _wheel(root / "files", name, files, requires)
        page = root / "simple" / name
        page.mkdir(parents=True)
        flag = ' data-yanked=""' if yanked else ""
        (page / "index.html").write_text(
            f'<a href="../../files/{wheel.name}"{flag}>{wheel.name}</a>\n'
        )
    return (root / "simple").as_uri()


@pytest.fixture(scope="module")
def probe_venv(make_venv: Callable[..., Venv]) -> Venv:
    """An empty venv (pip only) to install the fake distributions into."""
    return make_venv("probe")


def _observe(
    index: str, venv: Venv, tmp_path: Path, **fields: Any
) -> dict[str, object]:
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("\n")
    entry: dict[str, Any] = {"name": "demo", "status": "works", **fields}
    pip_args = ("--isolated", "--index-url", index, "--no-cache-dir")
    return knowledge_extension_probe.observe(
        entry, str(constraints), pip_args, python=str(venv.python)
    )


@pytest.mark.venv
def test_probe_works_imports_submodules_and_entry_points(
    index: str, probe_venv: Venv, tmp_path: Path
) -> None:
    """An extension whose module, submodules and entry points import
    "works", and the observation lists them; a submodule that needs a
    missing optional dependency (directly or behind a guard that raises
    another error) is skipped, not failed."""
    seen = _observe(
        index,
        probe_venv,
        tmp_path,
        distribution="kb-works",
        module="kbworks",
        entry_points=["kbworks.Thing"],
    )
    assert seen["state"] == "works"
    assert seen["release"] == "1.0"
    assert seen["imported"] == ["kbworks", "kbworks.sub", "kbworks.Thing"]
    assert seen["skipped"] == [
        "kbworks.guarded (needs kb_optional_guarded)",
        "kbworks.opt (needs kb_optional_dependency_not_installed)",
    ]


@pytest.mark.venv
@pytest.mark.parametrize(
    ("distribution", "module", "entry_points", "state", "fails_at", "error"),
    [
        (
            "kb-broken-sub",
            "kbbrokensub",
            ["kbbrokensub.client.OAuth"],
            "fails-import",
            "kbbrokensub.client",
            "cannot import name 'url_quote'",
        ),
        (
            "kb-broken-sub",
            "kbbrokensub",
            [],
            "partial",
            "kbbrokensub.client",
            "cannot import name 'url_quote'",
        ),
        (
            "kb-py2",
            "kbpy2",
            [],
            "partial",
            "kbpy2.compat",
            "No module named 'urlparse'",
        ),
        (
            "kb-entry",
            "kbentry",
            ["kbentry.Missing"],
            "fails-import",
            "kbentry.Missing",
            "has no attribute 'Missing'",
        ),
    ],
)
def test_probe_failing_submodule_or_entry_point_is_not_works(
    index: str,
    probe_venv: Venv,
    tmp_path: Path,
    distribution: str,
    module: str,
    entry_points: list[str],
    state: str,
    fails_at: str,
    error: str,
) -> None:
    """A package that imports while a submodule (a broken import, a Python 2
    module) or a named entry point does not is never "works": "fails-import"
    where the module or an entry point (or the module it lives in) fails,
    "partial" where only another submodule does; the check calls a "works"
    entry for it WRONG."""
    fields = {"distribution": distribution, "module": module}
    seen = _observe(index, probe_venv, tmp_path, **fields, entry_points=entry_points)
    assert seen["state"] == state
    assert seen["fails_at"] == fails_at
    assert error in str(seen["error"])
    entry = {"name": "demo", "status": "works", **fields}
    (line,) = knowledge_extension_probe.compare(entry, seen)
    assert line.startswith("WRONG demo (newest 1.0, works): expected works")
    status = "partial" if state == "partial" else "dead"
    agreed = {**entry, "status": status, "breaks_on": "import", "fails_at": fails_at}
    assert knowledge_extension_probe.compare(agreed, seen)[0].startswith("STALE")
    recorded = {**agreed, "release": "1.0", "imported": seen["imported"]}
    assert knowledge_extension_probe.compare(recorded, seen)[0].startswith("ok")


@pytest.mark.venv
def test_probe_yanked_only_installs_with_an_exact_pin(
    index: str, probe_venv: Venv, tmp_path: Path
) -> None:
    """A distribution whose every release is yanked is "yanked": a plain
    requirement finds nothing, the exact pin installs and imports."""
    seen = _observe(
        index, probe_venv, tmp_path, distribution="kb-yanked", module="kbyanked"
    )
    assert seen["state"] == "yanked"
    assert seen["release"] == "1.0"
    entry = {"name": "demo", "status": "dead", "breaks_on": "import"}
    (line,) = knowledge_extension_probe.compare(entry, seen)
    assert line.startswith("WRONG demo (newest 1.0, dead): expected fails-import")


@pytest.mark.venv
def test_probe_install_failure_says_why(
    index: str, probe_venv: Venv, tmp_path: Path
) -> None:
    """A distribution that cannot install is "fails-install" with pip's
    reason, not "fails-import"."""
    seen = _observe(
        index,
        probe_venv,
        tmp_path,
        distribution="kb-uninstallable",
        module="kbuninstallable",
    )
    assert seen["state"] == "fails-install"
    assert "kb-no-such-dist" in str(seen["error"])
    entry = {"name": "demo", "status": "dead", "breaks_on": "import"}
    assert knowledge_extension_probe.compare(entry, seen)[0].startswith("WRONG")
    entry["breaks_on"] = "install"
    assert knowledge_extension_probe.compare(entry, seen)[0].startswith("ok")


def test_pip_reason_names_the_dependency_whose_build_failed() -> None:
    """A failed build is reported as the distribution pip was building and
    the last line of the build's output (the Flask-MongoAlchemy case)."""
    output = "\n".join(
        [
            "Collecting Flask-MongoAlchemy",
            "Collecting pymongo==2.8.1",
            "  error: subprocess-exited-with-error",
            "  ╰─> [1 lines of output]",
            "      error in pymongo setup command: use_2to3 is invalid.",
            "      [end of output]",
            "hint: See above for details.",
        ]
    )
    assert knowledge_extension_probe._reason(output) == (
        "building pymongo==2.8.1 failed: error in pymongo setup command:"
        " use_2to3 is invalid."
    )


def test_dated_claims_and_release_file_dates(tmp_path: Path) -> None:
    """The years an entry gives a release are found in its texts, and a
    release is dated by the newest file inside it."""
    entry = {
        "distribution": "Flask-OAuth",
        "why": "Python 2 only",
        "source": "Flask-OAuth 0.12 (2012) is its last release; Flask 0.11 (2016)",
    }
    assert knowledge_extension_probe.dated_claims(entry) == [
        ("0.12", "2012", "Flask-OAuth 0.12 (2012) is its last release")
    ]
    wheel = _wheel(tmp_path, "kb-dated", {"kbdated.py": ""})
    assert knowledge_extension_probe._newest_member_year(wheel) == 2012


def test_compare_agrees_with_a_recorded_dead_entry() -> None:
    """A dead entry that records its release and where it fails (nothing
    imported, so no ``imported``) is "ok", and "WRONG" where it names
    another place."""
    seen = {
        "state": "fails-import",
        "fails_at": "flask_demo",
        "error": "ImportError: cannot import name 'x'",
        "imported": [],
        "skipped": [],
        "release": "1.0",
    }
    entry = {
        "name": "demo",
        "status": "dead",
        "breaks_on": "import",
        "fails_at": "flask_demo",
        "release": "1.0",
    }
    assert knowledge_extension_probe.compare(entry, seen)[0].startswith("ok")
    entry["fails_at"] = "flask_demo.client"
    assert knowledge_extension_probe.compare(entry, seen)[0].startswith("WRONG")
