"""``flask-ext-redirect doctor``: which extensions are installed, where
``flask.ext.<name>`` goes for each, and whether the shim is on."""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any
from typing import TextIO

from . import _activation
from ._findable import findable
from ._names import candidates
from ._names import locate

if sys.version_info >= (3, 10):
    from importlib import metadata
else:  # pragma: no cover - 3.9 only
    try:
        import importlib_metadata as metadata
    except ImportError:
        from importlib import metadata

_OWN_MODULES = {"flask_ext_redirect", "_flask_ext_redirect_startup"}


def _top_level(dist: metadata.Distribution) -> list[str]:
    """Top-level modules of a distribution, from ``top_level.txt`` or its
    file list (``packages_distributions()`` is missing from Python 3.9)."""
    names: set[str] = set()
    text = dist.read_text("top_level.txt")
    if text:
        names.update(line.strip() for line in text.splitlines() if line.strip())
    for file in dist.files or ():
        parts = file.parts
        if not parts or parts[0].endswith((".dist-info", ".egg-info", ".data")):
            continue
        if parts[0] in ("..", "__pycache__") or parts[0].endswith(".pth"):
            continue
        if len(parts) == 1:
            if parts[0].endswith(".py"):
                names.add(parts[0][:-3])
        elif parts[0].isidentifier():
            names.add(parts[0])
    return sorted(n for n in names if n.isidentifier())


def _flaskext_names(dist: metadata.Distribution) -> list[str]:
    """Extensions a distribution puts in the legacy ``flaskext`` namespace."""
    names: set[str] = set()
    for file in dist.files or ():
        parts = file.parts
        if len(parts) < 2 or parts[0] != "flaskext":
            continue
        name = parts[1][:-3] if parts[1].endswith(".py") else parts[1]
        if (
            name.isidentifier()
            and not name.startswith("_")
            and (len(parts) > 2 or parts[1].endswith(".py"))
        ):
            names.add(name)
    return sorted(names)


def _resolve(ext: str) -> dict[str, Any]:
    new, old = candidates(ext)
    error = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            winner = locate(ext)
    except Exception as e:  # someone's flaskext/__init__.py failed
        winner = None
        error = f"{type(e).__name__}: {e}"
    return {
        "name": f"flask.ext.{ext}",
        "candidates": {new: findable(new), old: findable(old)},
        "resolves_to": winner,
        "error": error,
    }


def extensions() -> list[dict[str, Any]]:
    """Installed distributions that provide ``flask_*`` or ``flaskext.*``."""
    seen: set[str] = set()
    found = []
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or ""
        key = name.lower().replace("_", "-").replace(".", "-")
        if not name or key in seen or key == "flask":
            continue
        seen.add(key)
        modules = _top_level(dist)
        exts = [m[len("flask_") :] for m in modules if m.startswith("flask_")]
        exts = [e for e in exts if "flask_" + e not in _OWN_MODULES and e]
        if "flaskext" in modules:
            exts.extend(_flaskext_names(dist))
        if not exts:
            continue
        found.append(
            {
                "distribution": name,
                "version": dist.version,
                "modules": [m for m in modules if m not in _OWN_MODULES],
                "resolution": [_resolve(ext) for ext in sorted(set(exts))],
            }
        )
    return sorted(found, key=lambda d: str(d["distribution"]).lower())


def shim() -> dict[str, Any]:
    """Whether the redirect is on at start-up in this interpreter, and why
    (not): see :func:`._activation.status`."""
    return _activation.status()


def _flask_version() -> str | None:
    try:
        return metadata.version("flask")
    except metadata.PackageNotFoundError:
        return None


def _unpackaged(dists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Names ``flask.ext`` reaches that no distribution accounts for
    (modules in the project itself, or on ``PYTHONPATH``)."""
    from . import extensions as reachable

    known = {item["name"] for dist in dists for item in dist["resolution"]}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            names = reachable()
    except Exception:  # pragma: no cover - a broken flaskext package
        return []
    return [
        _resolve(name) for name in sorted(names) if f"flask.ext.{name}" not in known
    ]


def gather() -> dict[str, Any]:
    """Everything ``doctor`` reports, as plain data."""
    dists = extensions()
    return {
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "flask": _flask_version(),
        "shim": shim(),
        "extensions": dists,
        "other_modules": _unpackaged(dists),
    }


def _explain(item: dict[str, Any]) -> str:
    candidates_found = [n for n, ok in item["candidates"].items() if ok]
    winner = item["resolves_to"]
    if item.get("error"):
        return f"{item['name']} -> error while looking: {item['error']}"
    if winner is None:
        names = " nor ".join(item["candidates"])
        return f"{item['name']} -> not importable (neither {names})"
    text = f"{item['name']} -> {winner}"
    losers = [n for n in candidates_found if n != winner]
    if losers:
        text += f" (also {', '.join(losers)}, which loses)"
    return text


def render(data: dict[str, Any], stream: TextIO) -> None:
    """Write the report as plain text."""
    lines = [
        f"Python {data['python']} ({data['executable']})",
        f"Flask {data['flask'] or 'not installed'}",
        *_activation.describe(data["shim"]),
    ]
    lines.append("")
    if not data["extensions"]:
        lines.append("No Flask extensions installed.")
    else:
        lines.append("Flask extensions:")
        for dist in data["extensions"]:
            lines.append(
                f"  {dist['distribution']} {dist['version']}"
                f" (modules: {', '.join(dist['modules']) or '-'})"
            )
            lines.extend(f"    {_explain(item)}" for item in dist["resolution"])
    if data["other_modules"]:
        lines.append("")
        lines.append("Also reachable, from no installed distribution:")
        lines.extend(f"  {_explain(item)}" for item in data["other_modules"])
    stream.write("\n".join(lines) + "\n")


def main(as_json: bool, stream: TextIO | None = None) -> int:
    """Run ``doctor``.

    :param as_json: Write JSON instead of text.
    :param stream: Where to write (stdout by default).
    """
    stream = stream or sys.stdout
    data = gather()
    if as_json:
        json.dump(data, stream, indent=2, sort_keys=True)
        stream.write("\n")
    else:
        render(data, stream)
    return 0
