"""``flask-ext-redirect doctor``: extensions, resolution, shim state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from conftest import Venv

from .conftest import ROOT


def _dist(site: Path, name: str, version: str, files: dict[str, str]) -> None:
    """A minimal installed distribution: modules plus a .dist-info with
    METADATA and RECORD, as pip leaves them."""
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    )
    record = [f"{rel},," for rel in files] + [f"{info.name}/METADATA,,"]
    (info / "RECORD").write_text("\n".join(record) + "\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder with new-style, flaskext-only and two-place extensions."""
    site = tmp_path / "site"
    site.mkdir()
    flaskext_init = "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n"
    _dist(site, "Flask-Newstyle", "2.0", {"flask_newstyle/__init__.py": ""})
    _dist(
        site,
        "Flask-OldMySQL",
        "1.6.0",
        {
            "flaskext/__init__.py": flaskext_init,
            "flaskext/__pycache__/__init__.cpython-311.pyc": "",
            "flaskext/oldmysql.py": "",
        },
    )
    _dist(
        site,
        "Flask-Both",
        "0.13",
        {"flask_both.py": "", "flaskext/both.py": ""},
    )
    _dist(site, "requests-lookalike", "1.0", {"unrelated.py": ""})
    (site / "flask_local.py").write_text("")
    return site


def _doctor(
    site: Path, *args: str, python: str = sys.executable, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]))
    environ.pop("FLASK_EXT_REDIRECT", None)
    environ.update(env)
    return subprocess.run(
        [python, "-m", "flask_ext_redirect", "doctor", *args],
        env=environ,
        cwd=site.parent,  # not the checkout: its own flaskext/ would come first
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_json_lists_extensions_and_resolution(site: Path) -> None:
    """Each extension distribution with its modules and where
    flask.ext.<name> goes; both-places names say which wins."""
    result = _doctor(site, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    dists = {d["distribution"]: d for d in data["extensions"]}
    assert "requests-lookalike" not in dists
    assert dists["Flask-Newstyle"]["version"] == "2.0"
    assert dists["Flask-Newstyle"]["modules"] == ["flask_newstyle"]
    (new,) = dists["Flask-Newstyle"]["resolution"]
    assert new["resolves_to"] == "flask_newstyle"
    (old,) = dists["Flask-OldMySQL"]["resolution"]
    assert old["name"] == "flask.ext.oldmysql"
    assert old["resolves_to"] == "flaskext.oldmysql"
    assert old["candidates"] == {"flask_oldmysql": False, "flaskext.oldmysql": True}
    (both,) = dists["Flask-Both"]["resolution"]
    assert both["candidates"] == {"flask_both": True, "flaskext.both": True}
    assert both["resolves_to"] == "flask_both"
    others = {item["name"]: item["resolves_to"] for item in data["other_modules"]}
    assert others.get("flask.ext.local") == "flask_local"


def test_text_report(site: Path) -> None:
    """Plain text names the winner and the loser."""
    out = _doctor(site).stdout
    assert "Flask-Both 0.13 (modules: flask_both, flaskext)" in out
    assert "flask.ext.both -> flask_both (also flaskext.both, which loses)" in out
    assert "flask.ext.oldmysql -> flaskext.oldmysql" in out
    assert "flask.ext.local -> flask_local" in out


@pytest.fixture(scope="module")
def bare_python(make_venv: Callable[..., Venv]) -> str:
    """An interpreter whose site-packages hold no flask_ext_redirect.pth
    (the one running the suite has the checkout installed)."""
    return str(make_venv("doctor-bare", with_pip=False).python)


def test_shim_state_without_pth(site: Path, bare_python: str) -> None:
    """Running from a checkout, no .pth: 'not installed'."""
    data = json.loads(_doctor(site, "--json", python=bare_python).stdout)
    assert data["shim"]["active"] is False
    assert data["shim"]["state"].startswith("not installed")


# The start-up state in real installations (a site-packages .pth, pip
# install --target, -S, -s, FLASK_EXT_REDIRECT=0): tests/test_activation_report.py.


def test_text_for_every_resolution() -> None:
    """Errors while looking, and names found nowhere, read plainly."""
    import io

    from flask_ext_redirect._doctor import render

    data = {
        "python": "3.13.0",
        "executable": "/x/python",
        "flask": None,
        "shim": {"state": "active", "pth": []},
        "extensions": [],
        "other_modules": [
            {
                "name": "flask.ext.gone",
                "candidates": {"flask_gone": False, "flaskext.gone": False},
                "resolves_to": None,
                "error": None,
            },
            {
                "name": "flask.ext.bad",
                "candidates": {"flask_bad": False, "flaskext.bad": False},
                "resolves_to": None,
                "error": "RuntimeError: boom",
            },
        ],
    }
    stream = io.StringIO()
    render(data, stream)
    text = stream.getvalue()
    assert "Flask not installed" in text
    assert "No Flask extensions installed." in text
    assert (
        "flask.ext.gone -> not importable (neither flask_gone nor flaskext.gone)"
        in text
    )
    assert "flask.ext.bad -> error while looking: RuntimeError: boom" in text


def test_broken_flaskext_package(tmp_path: Path) -> None:
    """A flaskext/__init__.py that raises shows as an error, not a crash."""
    site = tmp_path / "site"
    _dist(
        site,
        "Flask-Broken",
        "1.0",
        {
            "flaskext/__init__.py": "raise RuntimeError('boom')\n",
            "flaskext/broken.py": "",
        },
    )
    result = _doctor(site, "--json")
    assert result.returncode == 0, result.stderr
    (dist,) = [
        d
        for d in json.loads(result.stdout)["extensions"]
        if d["distribution"] == "Flask-Broken"
    ]
    (item,) = dist["resolution"]
    assert item["error"] == "RuntimeError: boom"
    assert item["candidates"] == {"flask_broken": False, "flaskext.broken": False}
