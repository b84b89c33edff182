"""Whether the redirect switches on in this interpreter at start-up, and if
not, why not and what to do: the part of ``doctor`` that reads the
installation.

The answer mirrors what :mod:`site` does, not what is importable: ``site``
runs ``.pth`` files only in its site directories (``site.getsitepackages()``,
and ``site.getusersitepackages()`` while the user site is enabled).  A
``.pth`` anywhere else on :data:`sys.path` (a ``pip install --target`` folder
on ``PYTHONPATH``, another environment's site-packages as the working
directory, a vendored copy) never runs, though the package imports fine from
there.  Folders that a ``.pth`` file adds to :data:`sys.path` are not site
directories either: their own ``.pth`` files are never read.
"""

from __future__ import annotations

import os
import site
import sys
from importlib.machinery import PathFinder
from typing import Any

#: The start-up file the package installs into site-packages.
PTH = "flask_ext_redirect.pth"
#: The module its one line imports.
STARTUP = "_flask_ext_redirect_startup"
#: Setting this to ``0`` switches the start-up activation off.
ENV = "FLASK_EXT_REDIRECT"
_OFF = ("0", "false", "no", "off")

#: How to switch the redirect on in code, whatever the installation.
IN_CODE = (
    "call flask_ext_redirect.install() before the first legacy import"
    " (the way for vendored, frozen and embedded applications)"
)


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _prefixes_without_site() -> list[str] | None:
    """Under ``python -S`` the prefixes ``site`` would have used: in a
    virtual environment ``site`` itself moves :data:`sys.prefix` to it, and
    without ``site`` it stays the base interpreter's."""
    if not sys.flags.no_site:
        return None  # site.PREFIXES, as site set them
    here = os.path.dirname(os.path.abspath(sys.executable))
    for folder in (here, os.path.dirname(here)):
        cfg = os.path.join(folder, "pyvenv.cfg")
        if not os.path.isfile(cfg):
            continue
        with open(cfg, encoding="utf-8", errors="replace") as f:
            text = f.read().lower().replace(" ", "")
        prefixes = [folder]
        if "include-system-site-packages=true" in text:
            prefixes.extend(dict.fromkeys([sys.prefix, sys.exec_prefix]))
        return prefixes
    return None


def site_dirs() -> tuple[list[str], str | None]:
    """The site directories whose ``.pth`` files ``site`` runs in this
    interpreter, and the user site directory when it exists but is off."""
    dirs: list[str] = []
    try:
        dirs.extend(site.getsitepackages(_prefixes_without_site()))
    except AttributeError:  # pragma: no cover - old virtualenv's site.py
        pass
    user = site.getusersitepackages()
    user_off = None
    if site.ENABLE_USER_SITE:
        dirs.append(user)
    else:
        user_off = user
    return [d for d in dict.fromkeys(dirs) if os.path.isdir(d)], user_off


def _origin(folder: str) -> str:
    """Where a :data:`sys.path` entry that is no site directory came from."""
    key = _key(folder)
    pythonpath = os.environ.get("PYTHONPATH", "")
    if not sys.flags.ignore_environment and any(
        p and _key(p) == key for p in pythonpath.split(os.pathsep)
    ):
        return "PYTHONPATH"
    if key == _key(os.getcwd()):
        return "the working directory"
    return "a .pth file or the program itself"


def _startup_importable(pth_dir: str) -> bool:
    """Whether the ``.pth`` line can import the start-up module: from the
    ``.pth`` file's own folder or a folder already on :data:`sys.path`
    (an editable install puts the checkout there)."""
    entries = [pth_dir, *(p for p in sys.path if p)]
    return PathFinder.find_spec(STARTUP, entries) is not None


def status() -> dict[str, Any]:
    """Whether the redirect is on at start-up in this interpreter, started
    as this one was (same flags and environment), and why (not).

    Keys: ``active``, ``state`` (one line), ``why`` and ``fix`` (``None``
    when active), ``pth`` (the start-up files in site directories),
    ``pth_elsewhere`` (start-up files on :data:`sys.path` that never run),
    ``site_dirs``, ``env`` and ``finder_in_this_process``.
    """
    dirs, user_off = site_dirs()
    site_keys = {_key(d) for d in dirs}
    pth = [os.path.join(d, PTH) for d in dirs if os.path.isfile(os.path.join(d, PTH))]
    elsewhere = []
    for folder in dict.fromkeys(p or os.getcwd() for p in sys.path):
        candidate = os.path.join(folder, PTH)
        if _key(folder) not in site_keys and os.path.isfile(candidate):
            elsewhere.append(candidate)
    env = os.environ.get(ENV)
    disabled = (env or "").strip().lower() in _OFF
    try:
        from . import is_installed

        in_process = bool(is_installed())
    except ImportError:  # pragma: no cover - a half-removed install
        in_process = False
    install = f"{sys.executable} -m pip install Flask-Ext-Redirect"
    why = fix = None
    if sys.flags.no_site:
        state = "installed, but site-packages start-up files are off (-S)"
        if not pth:
            state = "not active: site-packages start-up files are off (-S)"
        why = (
            "Python was started with -S: the site module did not run, so no"
            " .pth file ran."
        )
        fix = f"start Python without -S, or {IN_CODE}"
    elif not pth:
        state = f"not active: no {PTH} in a site directory of this interpreter"
        user_pth = user_off and os.path.join(user_off, PTH)
        if user_pth and os.path.isfile(user_pth):
            why = (
                f"{PTH} is in the user site-packages ({user_off}), which is off"
                " here (python -s, PYTHONNOUSERSITE, or a virtual environment"
                " without system site packages)."
            )
            fix = f"install into this environment ({install}), or {IN_CODE}"
        elif elsewhere:
            folder = os.path.dirname(elsewhere[0])
            why = (
                f"{PTH} is in {folder}, which is on sys.path (from"
                f" {_origin(folder)}) but is not a site directory of this"
                f" interpreter ({sys.prefix}): Python runs .pth files only in"
                f" its site directories ({', '.join(dirs) or 'none'})."
                " 'pip install --target', copying a site-packages folder and"
                " another environment's site-packages all leave it there."
            )
            fix = f"install into this environment ({install}), or {IN_CODE}"
        else:
            state = f"not installed in this interpreter (no {PTH} in site-packages)"
            why = f"No site directory of this interpreter holds {PTH}."
            fix = f"{install}, or {IN_CODE}"
    elif disabled:
        state = f"disabled by {ENV}={env}"
        why = f"The environment variable {ENV}={env} keeps the finder off at start-up."
        fix = f"unset {ENV} (or set it to 1), or {IN_CODE}"
    elif not _startup_importable(os.path.dirname(pth[0])):
        state = f"broken: {PTH} runs but cannot import {STARTUP}"
        why = (
            f"{pth[0]} imports {STARTUP}, which is missing: Python prints an"
            " error about that .pth file at every start."
        )
        fix = f"reinstall ({install} --force-reinstall), or remove {pth[0]}"
    else:
        state = "active"
    return {
        "active": state == "active",
        "state": state,
        "why": why,
        "fix": fix,
        "pth": pth,
        "pth_elsewhere": elsewhere,
        "site_dirs": dirs,
        "env": env,
        "finder_in_this_process": in_process,
    }


def describe(shim: dict[str, Any]) -> list[str]:
    """The report's lines about activation, from :func:`status`."""
    lines = [f"flask.ext redirect: {shim['state']}"]
    lines.extend(f"  start-up file: {p}" for p in shim["pth"])
    if shim.get("why"):
        lines.append(f"  why: {shim['why']}")
    if shim.get("fix"):
        lines.append(f"  to switch it on: {shim['fix']}")
    return lines
