"""Step 0 of docs/upgrading.rst, run for real: the application's pinned
2015 requirements file does not install on this Python; ``doctor`` names
why, ``migrate --upgrade`` rewrites the file, and then it installs."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import Venv

HERE = Path(__file__).resolve().parent
PINNED = HERE / "legacy_app" / "requirements.txt"

#: What doctor names in requirements.txt before the rewrite, by line: all
#: blockers of the install phase, and all but Flask-Script's rewritten by
#: migrate --upgrade.
EXPECTED = {
    "flask": (2, True),
    "flask-login": (3, True),
    "flask-sqlalchemy": (4, True),
    "flask-wtf": (6, True),
    "jinja2": (7, True),
    "markupsafe": (8, True),
    "sqlalchemy": (9, True),
    "werkzeug": (11, True),
    "itsdangerous": (12, True),
    "wsgiref": (13, True),
}


def _pip_install(venv: Venv, requirements: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv.python), "-m", "pip", "install", "-r", str(requirements)],
        env=clean_env(),
        capture_output=True,
        text=True,
    )


def _tool(venv: Venv, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv.path / "bin" / "flask-ext-redirect"), *args],
        env=clean_env(),
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.mark.venv
def test_pinned_2015_requirements_install_after_migrate_upgrade(
    make_venv: Callable[..., Venv], dists: dict[str, Path], tmp_path: Path
) -> None:
    """pip fails on the 2015 pins (wsgiref's setup.py is Python 2); doctor
    names each pin that stops the install with its line; migrate --upgrade
    rewrites the file (Flask-Script, dead, stays a hand step) and pip then
    installs it, with the releases doctor named."""
    app = tmp_path / "legacy_app"
    app.mkdir()
    requirements = app / "requirements.txt"
    shutil.copyfile(PINNED, requirements)
    venv = make_venv("pinned")

    before = _pip_install(venv, requirements)
    assert before.returncode != 0
    assert "wsgiref" in before.stdout + before.stderr

    # The tool, installed from the checkout's wheel (no release exists yet).
    venv.pip("install", str(dists["wheel"]))
    doctor = _tool(venv, "doctor", "--json", ".", cwd=app)
    assert doctor.returncode == 1, doctor.stderr
    found = {
        f["subject"]: (f["line"], f["mechanical"])
        for f in json.loads(doctor.stdout)["findings"]
        if f["kind"] == "requirement" and f["severity"] == "blocker"
    }
    assert found == EXPECTED

    upgraded = _tool(venv, "migrate", "--upgrade", "requirements.txt", cwd=app)
    assert upgraded.returncode == 1, upgraded.stderr
    assert "Flask-Script not rewritten" in upgraded.stderr
    text = requirements.read_text()
    assert "wsgiref" not in text and "Flask-Script==2.0.5\n" in text
    assert text.startswith("# pip freeze of the microblog's virtualenv")

    after = _pip_install(venv, requirements)
    assert after.returncode == 0, after.stdout + after.stderr
    versions = venv.run(
        "import importlib.metadata as m;"
        "print(*map(m.version, ['flask', 'flask-sqlalchemy', 'werkzeug']))"
    ).stdout.split()
    assert versions == ["3.1.0", "3.0.0", "3.1.0"]
    again = _tool(venv, "doctor", "--json", ".", cwd=app)
    left = [
        f for f in json.loads(again.stdout)["findings"] if f["kind"] == "requirement"
    ]
    assert [(f["subject"], f["severity"]) for f in left] == [
        ("flask-script", "warning")
    ]
