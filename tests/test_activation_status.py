"""The activation report's rule, in process, over the layouts it must tell
apart.  test_activation_report.py proves each answer against a real fresh
interpreter in a real installation; these pin the rule case by case: site
directories are given (a folder of tmp_path standing for site-packages),
everything else (sys.path, the environment, the files) is real.
"""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path

import pytest

from flask_ext_redirect import _activation

PTH_LINE = "import _flask_ext_redirect_startup\n"


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """An interpreter whose site directories are tmp_path/site (and a user
    site that is off), with a vendor folder on sys.path through PYTHONPATH."""
    dirs = {name: tmp_path / name for name in ("site", "user", "vendor")}
    for folder in dirs.values():
        folder.mkdir()
    monkeypatch.setattr(
        site, "getsitepackages", lambda prefixes=None: [str(dirs["site"])]
    )
    monkeypatch.setattr(site, "getusersitepackages", lambda: str(dirs["user"]))
    monkeypatch.setattr(site, "ENABLE_USER_SITE", False)
    # syspath_prepend first: its undo restores the sys.path it saved, which
    # must be the real one.
    monkeypatch.syspath_prepend(str(dirs["vendor"]))
    # The real site-packages (with this checkout's .pth) is no site
    # directory of this layout: off sys.path.
    real = [p for p in sys.path if os.path.isfile(os.path.join(p, _activation.PTH))]
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in real])
    monkeypatch.setenv("PYTHONPATH", str(dirs["vendor"]))
    monkeypatch.delenv("FLASK_EXT_REDIRECT", raising=False)
    return dirs


def test_this_suites_interpreter_is_active() -> None:
    """The suite runs in a venv with the checkout installed: active, the
    .pth found in its own site-packages, no reason given."""
    if os.environ.get("FLASK_EXT_REDIRECT", "").lower() in _activation._OFF:
        pytest.skip("the suite runs with the redirect switched off")
    shim = _activation.status()
    assert shim["active"] is True, shim
    assert shim["why"] is None and shim["fix"] is None
    assert all(p.endswith(_activation.PTH) for p in shim["pth"])
    assert _activation.describe(shim)[0] == "flask.ext redirect: active"


def test_pth_only_on_pythonpath(layout: dict[str, Path]) -> None:
    """A .pth in a PYTHONPATH folder: not active, named as from PYTHONPATH."""
    (layout["vendor"] / _activation.PTH).write_text(PTH_LINE)
    shim = _activation.status()
    assert shim["active"] is False
    assert shim["pth"] == []
    assert shim["pth_elsewhere"] == [str(layout["vendor"] / _activation.PTH)]
    assert "(from PYTHONPATH)" in shim["why"]
    assert "flask_ext_redirect.install()" in shim["fix"]
    lines = _activation.describe(shim)
    assert lines[1].startswith("  why: ") and lines[2].startswith("  to switch it on: ")


def test_pth_in_the_working_directory(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .pth in the working directory, on sys.path as '' (python -m, -c)."""
    monkeypatch.chdir(layout["vendor"])
    monkeypatch.delenv("PYTHONPATH")
    monkeypatch.setattr(sys, "path", ["", *sys.path])
    (layout["vendor"] / _activation.PTH).write_text(PTH_LINE)
    shim = _activation.status()
    assert shim["active"] is False
    assert "(from the working directory)" in shim["why"]


def test_pth_in_a_user_site_that_is_off(layout: dict[str, Path]) -> None:
    """A .pth in the user site while the user site is off: says so."""
    (layout["user"] / _activation.PTH).write_text(PTH_LINE)
    shim = _activation.status()
    assert shim["active"] is False
    assert "user site-packages" in shim["why"]


def test_pth_in_a_user_site_that_is_on(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same user site, enabled: a site directory like any other."""
    monkeypatch.setattr(site, "ENABLE_USER_SITE", True)
    (layout["user"] / _activation.PTH).write_text(PTH_LINE)
    shim = _activation.status()
    assert shim["active"] is True
    assert shim["pth"] == [str(layout["user"] / _activation.PTH)]


def test_no_pth_anywhere(layout: dict[str, Path]) -> None:
    """No start-up file at all: not installed, and how to install."""
    shim = _activation.status()
    assert shim["state"].startswith("not installed in this interpreter")
    assert "pip install Flask-Ext-Redirect" in shim["fix"]


@pytest.mark.parametrize("value", ["0", "off", "No", "FALSE"])
def test_switched_off_by_the_variable(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """FLASK_EXT_REDIRECT=0 (false, no, off, any case): disabled, and the
    fix is to unset it."""
    (layout["site"] / _activation.PTH).write_text(PTH_LINE)
    monkeypatch.setenv("FLASK_EXT_REDIRECT", value)
    shim = _activation.status()
    assert shim["state"] == f"disabled by FLASK_EXT_REDIRECT={value}"
    assert shim["fix"].startswith("unset FLASK_EXT_REDIRECT")


def test_startup_module_missing(
    layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .pth whose start-up module is gone (a removal half done): broken,
    not active."""
    (layout["site"] / _activation.PTH).write_text(PTH_LINE)
    monkeypatch.setattr(
        _activation, "STARTUP", "_flask_ext_redirect_startup_that_is_not_there"
    )
    shim = _activation.status()
    assert shim["active"] is False
    assert shim["state"].startswith("broken:")
    assert "--force-reinstall" in shim["fix"]


def test_site_off_in_a_venv_finds_the_venvs_site_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under -S, sys.prefix is still the base interpreter's: the prefixes
    site would have used come from pyvenv.cfg beside the executable."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text(
        "home = /usr/bin\ninclude-system-site-packages = true\n"
    )
    monkeypatch.setattr(sys, "executable", str(venv / "bin" / "python"))
    monkeypatch.setattr(sys, "flags", _Flags(no_site=1))
    assert _activation._prefixes_without_site() == [
        str(venv),
        *dict.fromkeys([sys.prefix, sys.exec_prefix]),
    ]


_REAL_FLAGS = sys.flags


class _Flags:
    """sys.flags with some values changed (the struct cannot be built)."""

    def __init__(self, **changed: int) -> None:
        self._changed = changed

    def __getattr__(self, name: str) -> object:
        return self._changed.get(name, getattr(_REAL_FLAGS, name))


def test_site_off(layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """python -S: installed but off when the .pth is in a site directory,
    not active when it is not; either way install() is the way."""
    monkeypatch.setattr(sys, "flags", _Flags(no_site=1))
    shim = _activation.status()
    assert shim["state"] == "not active: site-packages start-up files are off (-S)"
    (layout["site"] / _activation.PTH).write_text(PTH_LINE)
    shim = _activation.status()
    assert shim["active"] is False
    assert shim["state"] == "installed, but site-packages start-up files are off (-S)"
    assert "flask_ext_redirect.install()" in shim["fix"]
