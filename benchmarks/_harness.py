"""Shared plumbing for the benchmarks: interpreters, fresh venvs, and the
two measures (instructions under callgrind, wall-clock medians).

Every benchmark compares variants side by side in one run, in fresh virtual
environments under ``.cache/bench/``, with ``PYTHONDONTWRITEBYTECODE``
unset so that start-up reads ``.pyc`` files as a user's would.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"


def find_python(version: str) -> str | None:
    """An interpreter for ``version`` ("3.13"): pyenv's, then PATH's."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = sorted(root.glob(f"versions/{version}.*/bin/python{version}"))
    if found:
        return str(found[-1])
    return shutil.which(f"python{version}")


def clean_env(**extra: str) -> dict[str, str]:
    drop = {
        "PYTHONPATH",
        "PYTHONHOME",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONSTARTUP",
        "VIRTUAL_ENV",
    }
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in drop and not k.startswith("FLASK_EXT")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # A fixed hash seed makes instruction counts repeat exactly, run to run.
    env["PYTHONHASHSEED"] = "0"
    env.update(extra)
    return env


def build_wheel(project: Path = ROOT, out: Path = CACHE / "dist") -> Path:
    """The wheel of ``project`` (this checkout), built fresh into ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    return wheel


class BenchVenv:
    """A fresh virtual environment of one interpreter."""

    def __init__(self, python: str, name: str) -> None:
        self.path = CACHE / name
        shutil.rmtree(self.path, ignore_errors=True)
        subprocess.run(
            [python, "-m", "venv", str(self.path)], check=True, env=clean_env()
        )
        self.python = str(self.path / "bin" / "python")
        self.site_packages = Path(
            self.output(
                "import sysconfig; print(sysconfig.get_paths()['purelib'])"
            ).strip()
        )

    def pip(self, *args: str) -> None:
        subprocess.run(
            [self.python, "-m", "pip", "install", "--quiet", *args],
            check=True,
            env=clean_env(),
            capture_output=True,
        )

    def output(self, code: str, **env: str) -> str:
        return subprocess.run(
            [self.python, "-c", code],
            check=True,
            capture_output=True,
            text=True,
            env=clean_env(**env),
        ).stdout

    def pth_files(self) -> list[Path]:
        return sorted(self.site_packages.glob("*.pth"))


def instructions(argv: Sequence[str], **env: str) -> int:
    """Instructions the command executes, counted by callgrind (repeatable)."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        capture_output=True,
        text=True,
        env=clean_env(**env),
    )
    if result.returncode != 0:
        raise RuntimeError(f"{argv} failed:\n{result.stderr[-2000:]}")
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        raise RuntimeError(f"no callgrind total in:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def have_valgrind() -> bool:
    return shutil.which("valgrind") is not None


def wall_time(argv: Sequence[str], **env: str) -> float:
    """Wall-clock seconds of one run of the command."""
    environ = clean_env(**env)
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=environ, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def wall_medians(
    commands: dict[str, Sequence[str]], rounds: int, **env: str
) -> dict[str, float]:
    """Median wall-clock seconds of each command, run interleaved in rounds
    so that machine noise hits every variant alike.
    """
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, argv in commands.items():
            times[label].append(wall_time(argv, **env))
    return {label: statistics.median(values) for label, values in times.items()}


def table(rows: list[Sequence[object]], header: Sequence[str]) -> str:
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
