"""doctor's "flask.ext redirect: ..." line tells the truth: it says active
exactly when a fresh interpreter started the same way really has the finder
on sys.meta_path, and otherwise says why not and how to switch it on.

Each case is a real installation (the built wheel, pip install --target,
the user site) and each answer is checked against a real interpreter.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from typing import Callable

import pytest
from conftest import clean_env
from conftest import Venv

pytestmark = pytest.mark.venv

#: Asks an interpreter, without importing the package, whether the .pth put
#: the finder on sys.meta_path at start-up.
REALLY_ACTIVE = (
    "import sys; m = sys.modules.get('_flask_ext_redirect_startup');"
    "print(m is not None and m in sys.meta_path)"
)


def _truth(python: Path | str, *flags: str, cwd: Path, **env: str) -> bool:
    out = subprocess.run(
        [str(python), *flags, "-c", REALLY_ACTIVE],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean_env(**env),
        check=True,
    ).stdout
    return out.strip() == "True"


def _doctor(python: Path | str, *flags: str, cwd: Path, **env: str) -> dict[str, Any]:
    """The shim part of ``python [flags] -m flask_ext_redirect doctor --json``."""
    result = subprocess.run(
        [str(python), *flags, "-m", "flask_ext_redirect", "doctor", "--json"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean_env(**env),
    )
    assert result.returncode == 0, result.stderr
    shim: dict[str, Any] = json.loads(result.stdout)["shim"]
    return shim


def _text(python: Path | str, *flags: str, cwd: Path, **env: str) -> str:
    return subprocess.run(
        [str(python), *flags, "-m", "flask_ext_redirect", "doctor"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean_env(**env),
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def bare(make_venv: Callable[..., Venv]) -> Venv:
    """A venv without the package (nor pip): another interpreter."""
    return make_venv("activation-bare", with_pip=False)


@pytest.fixture(scope="module")
def target_dir(
    tmp_path_factory: pytest.TempPathFactory,
    installed_venv: Venv,
    dists: dict[str, Path],
) -> Path:
    """The wheel installed with ``pip install --target``."""
    target = tmp_path_factory.mktemp("target")
    installed_venv.pip(
        "install", "--no-deps", "--target", str(target), str(dists["wheel"])
    )
    return target


def test_installed_wheel_is_reported_active(
    installed_venv: Venv, tmp_path: Path
) -> None:
    """A plain pip install: active, naming the .pth in site-packages."""
    assert _truth(installed_venv.python, cwd=tmp_path)
    shim = _doctor(installed_venv.python, cwd=tmp_path)
    assert shim["active"] is True
    assert shim["state"] == "active"
    assert shim["pth"] == [str(installed_venv.site_packages / "flask_ext_redirect.pth")]


def test_pip_target_on_pythonpath_is_not_active(
    bare: Venv, target_dir: Path, tmp_path: Path
) -> None:
    """pip install --target DIR used through PYTHONPATH=DIR: the package
    imports, but site never runs the .pth there; doctor says so and why."""
    assert not _truth(bare.python, cwd=tmp_path, PYTHONPATH=str(target_dir))
    shim = _doctor(bare.python, cwd=tmp_path, PYTHONPATH=str(target_dir))
    assert shim["active"] is False
    assert shim["pth"] == []
    assert shim["pth_elsewhere"] == [str(target_dir / "flask_ext_redirect.pth")]
    assert "not a site directory" in shim["why"]
    assert "PYTHONPATH" in shim["why"]
    assert "flask_ext_redirect.install()" in shim["fix"]


def test_another_interpreters_site_packages_is_not_active(
    bare: Venv, installed_venv: Venv
) -> None:
    """Run from inside another environment's site-packages (the working
    directory is on sys.path for -m): not active, and said why."""
    site_packages = installed_venv.site_packages
    assert not _truth(bare.python, cwd=site_packages)
    shim = _doctor(bare.python, cwd=site_packages)
    assert shim["active"] is False
    assert "not a site directory" in shim["why"]
    assert "working directory" in shim["why"]


def test_folder_added_by_a_pth_file_is_not_a_site_directory(
    make_venv: Callable[..., Venv], target_dir: Path, tmp_path: Path
) -> None:
    """A folder that another .pth file adds to sys.path is importable, but
    site reads no .pth file in it: not active."""
    venv = make_venv("pth-added", with_pip=False)
    (venv.site_packages / "vendor.pth").write_text(f"{target_dir}\n")
    assert not _truth(venv.python, cwd=tmp_path)
    shim = _doctor(venv.python, cwd=tmp_path)
    assert shim["active"] is False
    assert shim["pth_elsewhere"] == [str(target_dir / "flask_ext_redirect.pth")]
    assert "from a .pth file" in shim["why"]


def test_variable_switched_off_is_not_active(
    installed_venv: Venv, tmp_path: Path
) -> None:
    """FLASK_EXT_REDIRECT=0: not active, and the fix is to unset it."""
    assert not _truth(installed_venv.python, cwd=tmp_path, FLASK_EXT_REDIRECT="0")
    shim = _doctor(installed_venv.python, cwd=tmp_path, FLASK_EXT_REDIRECT="0")
    assert shim["active"] is False
    assert shim["state"] == "disabled by FLASK_EXT_REDIRECT=0"
    assert "FLASK_EXT_REDIRECT" in shim["fix"]


def test_python_dash_s_is_not_active(installed_venv: Venv, tmp_path: Path) -> None:
    """python -S runs no .pth: not active, and install() is the way."""
    path = str(installed_venv.site_packages)
    assert not _truth(installed_venv.python, "-S", cwd=tmp_path, PYTHONPATH=path)
    shim = _doctor(installed_venv.python, "-S", cwd=tmp_path, PYTHONPATH=path)
    assert shim["active"] is False
    assert shim["state"].startswith(
        "installed, but site-packages start-up files are off"
    )
    assert "flask_ext_redirect.install()" in shim["fix"]


def test_user_site_counts_only_when_enabled(
    installed_venv: Venv, dists: dict[str, Path], tmp_path: Path
) -> None:
    """pip install --user: active from the user site, not under -s."""
    base = subprocess.run(
        [str(installed_venv.python), "-c", "import sys; print(sys._base_executable)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    userbase = tmp_path / "userbase"
    user_site = subprocess.run(
        [base, "-c", "import site; print(site.getusersitepackages())"],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(PYTHONUSERBASE=str(userbase)),
    ).stdout.strip()
    installed_venv.pip(
        "install", "--no-deps", "--target", user_site, str(dists["wheel"])
    )
    env = {"PYTHONUSERBASE": str(userbase)}
    assert _truth(base, cwd=tmp_path, **env)
    shim = _doctor(base, cwd=tmp_path, **env)
    assert shim["active"] is True
    assert shim["pth"] == [str(Path(user_site) / "flask_ext_redirect.pth")]
    # Under -s the package still imports from PYTHONPATH; its .pth never runs.
    env["PYTHONPATH"] = user_site
    assert not _truth(base, "-s", cwd=tmp_path, **env)
    shim = _doctor(base, "-s", cwd=tmp_path, **env)
    assert shim["active"] is False
    assert "user site-packages" in shim["why"]


def test_text_report_says_why_and_how(
    bare: Venv, target_dir: Path, tmp_path: Path
) -> None:
    """The text report carries the reason and the fix under the state."""
    out = _text(bare.python, cwd=tmp_path, PYTHONPATH=str(target_dir))
    lines = out.splitlines()
    state = next(
        i for i, line in enumerate(lines) if line.startswith("flask.ext redirect:")
    )
    assert lines[state].startswith("flask.ext redirect: not active")
    assert any(line.startswith("  why: ") for line in lines[state + 1 : state + 4])
    assert any(
        line.startswith("  to switch it on: ") for line in lines[state + 1 : state + 5]
    )
