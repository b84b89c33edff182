"""Check the requirements sections of the knowledge base against what pip
does on this Python (``nox -s knowledge_requirements``, part of ``make
check-knowledge``; networked, so not in ``make test``)::

    python tests/knowledge_requirements_probe.py KNOWLEDGE_JSON

- ``backports`` with ``install_fails``: ``pip install --no-deps`` of the
  distribution fails here; without it, it installs.
- ``releases``: each ``first_for_python`` release for this Python installs
  (``pip install --no-deps``); each ``first_with_flask`` release resolves
  beside ``Flask==<minor>.0`` (``pip install --dry-run``); where the entry
  names a ``module``, the release installs with its dependencies (beside
  that Flask) and the module imports; each ``requires`` minimum is what
  the first release's metadata requires.
- ``successors`` marked ``drop_in``: the successor's wheel holds the module
  of the dead extension's entry.

Prints one line per check and exits 1 if any disagrees with the file.
Standard library only.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def _pip(*args: str) -> bool:
    result = subprocess.run([*PIP, *args], capture_output=True, text=True)
    return result.returncode == 0


def _installs(requirement: str) -> bool:
    with tempfile.TemporaryDirectory() as target:
        return _pip("install", "--quiet", "--no-deps", "--target", target, requirement)


def _wheel(requirement: str, folder: str) -> Path | None:
    if not _pip(
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "-d",
        folder,
        requirement,
    ):
        return None
    wheels = sorted(Path(folder).glob("*.whl"))
    return wheels[-1] if wheels else None


def _requires(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        text = z.read(name).decode("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(
            r"Requires-Dist: ([A-Za-z0-9._-]+) ?\(?>=\s*([0-9][^,;) ]*)", line
        )
        if match and "extra ==" not in line:
            out[match[1].lower()] = match[2]
    return out


def _release(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _imports(module: str, *requirements: str) -> bool:
    with tempfile.TemporaryDirectory() as target:
        if not _pip("install", "--quiet", "--target", target, *requirements):
            return False
        result = subprocess.run(
            [sys.executable, "-W", "ignore", "-c", f"import {module}"],
            env={"PYTHONPATH": target, "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )
        return result.returncode == 0


def main(path: str) -> int:
    kb: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    bad = 0

    def say(ok: bool, text: str) -> None:
        nonlocal bad
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {text}")

    for entry in kb.get("backports", []):
        installs = _installs(entry["distribution"])
        say(
            installs != entry["install_fails"],
            f"backport {entry['distribution']}: installs={installs}",
        )
    for entry in kb.get("releases", []):
        dist = entry["distribution"]
        first = entry.get("first_for_python", {}).get(python)
        module = entry.get("module")
        if first:
            say(_installs(f"{dist}=={first}"), f"{dist}=={first} installs on {python}")
            if module:
                say(
                    _imports(module, f"{dist}=={first}"),
                    f"{dist}=={first}: import {module}",
                )
        for minor, release in entry.get("first_with_flask", {}).items():
            if module:
                ok = _imports(module, f"flask=={minor}.0", f"{dist}=={release}")
                say(ok, f"{dist}=={release}: import {module} beside Flask {minor}.0")
        for needed in {first, *entry.get("first_with_flask", {}).values()} - {None}:
            with tempfile.TemporaryDirectory() as folder:
                wheel = _wheel(f"{dist}=={needed}", folder)
                needs = _requires(wheel) if wheel else {}
                for other, minimum in entry.get("requires", {}).items():
                    found = needs.get(other.lower())
                    say(
                        found is not None and _release(found) == _release(minimum),
                        f"{dist}=={needed} requires {other}>={minimum}"
                        f" (metadata: {found})",
                    )
        for minor, release in entry.get("first_with_flask", {}).items():
            ok = _pip(
                "install",
                "--quiet",
                "--dry-run",
                "--ignore-installed",
                f"flask=={minor}.0",
                f"{dist}=={release}",
            )
            say(ok, f"{dist}=={release} resolves beside Flask {minor}.0")
    extensions = {e["distribution"]: e for e in kb.get("extensions", [])}
    for entry in kb.get("successors", []):
        if not entry["drop_in"]:
            continue
        module = extensions[entry["distribution"]]["module"]
        with tempfile.TemporaryDirectory() as folder:
            wheel = _wheel(entry["successor"], folder)
            names = zipfile.ZipFile(wheel).namelist() if wheel else []
        holds = any(n.split("/")[0] in (module, f"{module}.py") for n in names)
        say(
            holds,
            f"{entry['successor']} holds {module}"
            f" (drop-in for {entry['distribution']})",
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
