"""Flask-Ext-Redirect installs beside a real Flask 0.12 and leaves it alone,
so a legacy application can be upgraded in two deploys: first the redirect
(which steps aside while Flask 0.12 has its own flask.ext), then Flask.
Real pip installs in a real virtual environment.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Callable

import pytest
from conftest import clean_env
from conftest import EXTS
from conftest import ROOT
from conftest import Venv

pytestmark = pytest.mark.venv

PINS = ROOT / "requirements" / "flask-0.12.txt"

#: Which Flask, which flask.ext, and where a legacy import goes.
PROBE = """\
import sys, warnings
warnings.simplefilter("ignore")
import flask, flask.ext
from flask.ext.newext_simple import Simple
own = getattr(flask.ext.__loader__, "__name__", "") != "flask_ext_redirect._redirect"
startup = sys.modules.get("_flask_ext_redirect_startup")
print(flask.__version__, "own" if own else "redirect", Simple.__module__,
      startup is not None and startup in sys.meta_path)
"""


def _probe(venv: Venv) -> list[str]:
    result = subprocess.run(
        [str(venv.python), "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=venv.path,
        env=clean_env(PYTHONPATH=str(EXTS)),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def _pip(venv: Venv, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv.python), "-m", "pip", "--quiet", *args],
        capture_output=True,
        text=True,
        env=clean_env(),
    )


def test_installs_next_to_flask_012_and_upgrades_in_two_steps(
    make_venv: Callable[..., Venv], dists: dict[str, Path]
) -> None:
    """Step 1: pip installs the wheel beside pinned Flask 0.12 (with its
    dependencies, no --no-deps) and Flask stays 0.12, its own flask.ext
    answering.  Step 2: upgrading Flask switches the redirect in."""
    venv = make_venv("flask-0.12")
    step1 = _pip(venv, "install", "-r", str(PINS), str(dists["wheel"]))
    assert step1.returncode == 0, step1.stderr
    assert _pip(venv, "check").returncode == 0
    version, ext, module, active = _probe(venv)
    assert (version, ext, module) == ("0.12.5", "own", "flask_newext_simple")
    assert active == "True"  # installed and on, yet stepping aside
    step2 = _pip(
        venv,
        "install",
        "--upgrade",
        "flask",
        "werkzeug",
        "jinja2",
        "itsdangerous",
        "markupsafe",
        "click",
    )
    assert step2.returncode == 0, step2.stderr
    version, ext, module, active = _probe(venv)
    assert int(version.split(".")[0]) >= 1
    assert (ext, module, active) == ("redirect", "flask_newext_simple", "True")
