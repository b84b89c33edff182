"""The redirect against real extensions of the ``flask.ext`` era.

Run by ``make real-extensions`` (``nox -s real_extensions``) in a venv where
Flask 3.1, the extensions of :data:`EXTENSIONS` and this package are
installed, its ``.pth`` switching the redirect on at start-up.  For every
submodule of every extension (found on disk, not by importing), two fresh
interpreters import it through ``flask.ext.<name>...`` and directly, one in
each order, and check:

- identity: the legacy name and the real name are one module object;
- one execution: no module file of the process ran its code twice;
- one warning: the legacy import statement gave exactly one
  ``FlaskExtDeprecationWarning``, attributed to the importing code;
- a submodule that fails to import directly (an optional dependency that is
  not installed) fails through ``flask.ext`` with the same exception type.

Exit status 1 when any check fails; ``--only NAME`` (repeatable) limits the
run to some extensions, ``--json FILE`` writes every result.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

#: Distribution -> top-level module: the most used extensions of the
#: flask.ext era that still install and import on Flask 3.1.
EXTENSIONS = {
    "Flask-SQLAlchemy": "flask_sqlalchemy",
    "Flask-Login": "flask_login",
    "Flask-WTF": "flask_wtf",
    "Flask-Migrate": "flask_migrate",
    "Flask-Mail": "flask_mail",
    "Flask-Babel": "flask_babel",
    "Flask-Caching": "flask_caching",
    "Flask-Cors": "flask_cors",
    "Flask-RESTful": "flask_restful",
    "Flask-Admin": "flask_admin",
    "Flask-Bootstrap": "flask_bootstrap",
    "Flask-Moment": "flask_moment",
    "Flask-HTTPAuth": "flask_httpauth",
    "Flask-Limiter": "flask_limiter",
    "Flask-Session": "flask_session",
    "Flask-DebugToolbar": "flask_debugtoolbar",
    "Flask-Bcrypt": "flask_bcrypt",
    "Flask-Principal": "flask_principal",
    "Flask-Compress": "flask_compress",
    "Flask-SocketIO": "flask_socketio",
    "Flask-PageDown": "flask_pagedown",
    "Flask-Marshmallow": "flask_marshmallow",
    "Flask-JWT-Extended": "flask_jwt_extended",
    "Flask-Assets": "flask_assets",
    "Flask-Security-Too": "flask_security",
}

#: The few that CI checks (``--short``, about 30 modules): packages with
#: subpackages and a single-module extension.
SHORT = ["Flask-SQLAlchemy", "Flask-WTF", "Flask-Login", "Flask-Bcrypt"]

#: What each fresh interpreter runs: argv is the real name, the legacy name
#: and which to import first.  It prints one JSON object.
CHILD = r"""
import importlib, json, sys, threading, warnings
real, legacy, first = sys.argv[1:4]
runs = {}
def profile(frame, event, arg):
    if event == "call" and frame.f_code.co_name == "<module>":
        name = frame.f_code.co_filename
        runs[name] = runs.get(name, 0) + 1
def load(name):
    try:
        return importlib.import_module(name), None
    except BaseException as e:
        return None, [type(e).__name__, str(e)[:300]]
active = "_flask_ext_redirect_startup" in sys.modules
sys.setprofile(profile)
threading.setprofile(profile)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    if first == "legacy":
        alias, alias_error = load(legacy)
        module, error = load(real)
    else:
        module, error = load(real)
        alias, alias_error = load(legacy)
sys.setprofile(None)
threading.setprofile(None)
ours = [w for w in caught if type(w.message).__name__ == "FlaskExtDeprecationWarning"]
modules = sys.modules.values()
print(json.dumps({
    "active": active,
    "error": error,
    "alias_error": alias_error,
    "same": alias is not None and alias is module
        and sys.modules.get(legacy) is sys.modules.get(real),
    "alias_name": getattr(alias, "__name__", None),
    # Files of modules that imported: a failed import may be retried (an
    # optional driver), and code compiled from strings is no module file.
    "twice": sorted(
        f for f, n in runs.items()
        if n > 1 and f in {getattr(m, "__file__", None) for m in list(modules)}
    ),
    "warnings": [[str(w.message), w.filename] for w in ours],
}))
"""


def submodules(top: str) -> list[str]:
    """``top`` and every module and package under it, from the files on disk
    (nothing is imported)."""
    spec = importlib.util.find_spec(top)
    if spec is None:
        raise SystemExit(f"error: {top} is not installed")
    names = [top]
    for location in spec.submodule_search_locations or ():
        base = Path(location)
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(base).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            if not parts or parts[-1] == "__main__":
                continue
            if not all(p.isidentifier() for p in parts):
                continue
            # Only folders that are packages: a stray script folder is not
            # importable as a submodule.
            folder = base
            ok = True
            for p in parts[:-1]:
                folder = folder / p
                if not (folder / "__init__.py").exists():
                    ok = False
                    break
            if ok:
                names.append(".".join([top, *parts]))
    return sorted(set(names))


def legacy_name(real: str) -> str:
    top, _, rest = real.partition(".")
    name = "flask.ext." + top[len("flask_") :]
    return name + "." + rest if rest else name


def check(real: str, first: str, cwd: str) -> dict[str, object]:
    """Import ``real`` and its legacy name in a fresh interpreter, ``first``
    (``"legacy"`` or ``"direct"``) first; return the findings."""
    legacy = legacy_name(real)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLASK_EXT_REDIRECT", "PYTHONPATH", "PYTHONWARNINGS"))
    }
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, real, legacy, first],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )
    result: dict[str, object] = {"module": real, "legacy": legacy, "first": first}
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        result["problems"] = [
            f"child crashed (exit {proc.returncode}): {proc.stderr[-500:]}"
        ]
        return result
    result.update(data)
    result["problems"] = problems(data, real)
    return result


def problems(data: dict[str, object], real: str) -> list[str]:
    """What the redirect got wrong, from one child's findings."""
    found: list[str] = []
    if not data["active"]:
        found.append("the .pth did not switch the redirect on at start-up")
    error = data["error"]
    alias_error = data["alias_error"]
    if error is not None:
        # The module itself does not import here (an optional dependency):
        # the alias must fail the same way, and nothing else is checked.
        if alias_error is None:
            found.append(f"imports through flask.ext but fails directly: {error}")
        elif alias_error[0] != error[0]:  # type: ignore[index]
            found.append(
                f"fails directly with {error}, through flask.ext with {alias_error}"
            )
        return found
    if alias_error is not None:
        found.append(f"imports directly but not through flask.ext: {alias_error}")
        return found
    if not data["same"]:
        found.append("the legacy name and the real name are different module objects")
    if data["alias_name"] != real:
        found.append(f"the alias has __name__ {data['alias_name']!r}")
    if data["twice"]:
        found.append(f"module code ran twice: {data['twice']}")
    warned = data["warnings"]
    assert isinstance(warned, list)
    if len(warned) != 1:
        found.append(f"{len(warned)} FlaskExtDeprecationWarnings, expected 1: {warned}")
    elif warned[0][1] != "<string>":
        found.append(f"the warning points at {warned[0][1]}, not the importing code")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], metavar="DIST")
    parser.add_argument("--short", action="store_true", help=f"only {', '.join(SHORT)}")
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    chosen = args.only or (SHORT if args.short else list(EXTENSIONS))
    unknown = [d for d in chosen if d not in EXTENSIONS]
    if unknown:
        parser.error(f"unknown distribution(s): {', '.join(unknown)}")
    jobs = [
        (dist, real, first)
        for dist in chosen
        for real in submodules(EXTENSIONS[dist])
        for first in ("legacy", "direct")
    ]
    print(f"{len(jobs) // 2} modules of {len(chosen)} extensions, two imports each")
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as cwd:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {
                pool.submit(check, real, first, cwd): dist for dist, real, first in jobs
            }
            for future in concurrent.futures.as_completed(futures):
                result = future.result()
                result["distribution"] = futures[future]
                results.append(result)
    results.sort(key=lambda r: (str(r["module"]), str(r["first"])))
    failed = 0
    print(
        f"{'distribution':22} {'modules':>7} {'checked':>7}"
        f" {'skipped':>7} {'failed':>6}"
    )
    for dist in chosen:
        mine = [r for r in results if r["distribution"] == dist]
        bad = [r for r in mine if r["problems"]]
        skipped = [r for r in mine if r.get("error") and not r["problems"]]
        failed += len(bad)
        print(
            f"{dist:22} {len(mine) // 2:7} {len(mine) - len(skipped) - len(bad):7}"
            f" {len(skipped):7} {len(bad):6}"
        )
    for r in results:
        for problem in r["problems"]:  # type: ignore[attr-defined]
            print(f"FAIL {r['legacy']} ({r['first']} first): {problem}")
    skipped_reasons = sorted(
        {
            f"{r['module']}: {r['error'][0]}: {r['error'][1]}"
            for r in results
            if r.get("error")
        }  # type: ignore[index]
    )
    if skipped_reasons:
        print("\nNot importable here, directly or through flask.ext alike:")
        for line in skipped_reasons:
            print(f"  {line}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    print(f"\n{'FAILED' if failed else 'OK'}: {failed} failed checks of {len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
