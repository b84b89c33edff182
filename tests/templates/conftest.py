from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from conftest import ROOT


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[Any]]:
    """Run ``python -m flask_ext_redirect`` in a subprocess."""

    def run(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[Any]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT)
        env.pop("FLASK_EXT_REDIRECT", None)
        return subprocess.run(
            [sys.executable, "-m", "flask_ext_redirect", *map(str, args)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run
