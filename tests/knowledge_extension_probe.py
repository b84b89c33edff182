"""Check one extension entry of the knowledge base against reality.

``nox -s knowledge_extensions`` runs, in a venv holding the newest Flask::

    python tests/knowledge_extension_probe.py KNOWLEDGE_JSON NAME PIN...

It installs the entry's distribution (newest release, then its
``works_from`` release if it has one), with PINs as constraints so that pip
may not move Flask back, and imports the entry's module in a fresh
interpreter.  A "dead" extension must fail to install or to import; any
other must install and import.  Prints what happened (the last line of a
failed import, to compare with the entry's "why") and exits 1 on a
disagreement.  Standard library only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile


def _pip_install(
    requirement: str, constraints: str, pip_args: tuple[str, ...]
) -> tuple[bool, str]:
    proc = subprocess.run(
        [
            sys.executable,
            *("-m", "pip", "install", "-q", "-c", constraints),
            *pip_args,
            requirement,
        ],
        capture_output=True,
        text=True,
    )
    lines = (proc.stderr or proc.stdout).strip().splitlines()
    return proc.returncode == 0, (lines[-1] if lines else "")


def _imports(module: str) -> tuple[bool, str]:
    proc = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", f"import {module}"],
        capture_output=True,
        text=True,
    )
    lines = proc.stderr.strip().splitlines()
    return proc.returncode == 0, (lines[-1] if lines else "")


def _installed(distribution: str) -> str:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.metadata, sys;"
            " print(importlib.metadata.version(sys.argv[1]))",
            distribution,
        ],
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip() or "?"


def check(
    ext: dict[str, object], constraints: str, pip_args: tuple[str, ...] = ()
) -> list[str]:
    """Report lines, ``ok``/``WRONG`` first, for the newest release and the
    ``works_from`` release.
    """
    install = str(ext.get("install") or ext["distribution"])
    dead = ext["status"] == "dead"
    # --upgrade: in a reused venv an older release may already be there.
    targets = [("newest", install, ("--upgrade",))]
    if ext.get("works_from"):
        targets.append(("works_from", f"{install}=={ext['works_from']}", ()))
    lines = []
    for label, requirement, extra in targets:
        installed, message = _pip_install(requirement, constraints, pip_args + extra)
        if installed:
            imported, message = _imports(str(ext["module"]))
            version = _installed(str(ext["distribution"]))
            state = f"{version} imports" if imported else f"{version} fails: {message}"
        else:
            imported = False
            state = f"does not install beside the pins: {message}"
        expected = not dead
        verdict = "ok   " if imported == expected else "WRONG"
        lines.append(f"{verdict} {ext['name']} ({label}, {ext['status']}): {state}")
    return lines


def main(argv: list[str]) -> int:
    path, name, *pins = argv
    with open(path, encoding="utf-8") as f:
        (ext,) = [e for e in json.load(f)["extensions"] if e["name"] == name]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(pins) + "\n")
    try:
        lines = check(ext, f.name)
    finally:
        os.unlink(f.name)
    print("\n".join(lines))
    return 1 if any(line.startswith("WRONG") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
