"""Check one extension entry of the knowledge base the way applications use
the extension.

``nox -s knowledge_extensions`` runs, in a fresh venv holding the newest
Flask and Werkzeug (their companions come with them)::

    python tests/knowledge_extension_probe.py KNOWLEDGE_JSON NAME PIN... \
        [--record DIR]

For the entry's distribution it installs the newest release with a plain
requirement (what ``pip install NAME`` gets), with the PINs as constraints so
that pip may not move Flask back; if that finds nothing and the entry's
``install`` is an exact pin (a yanked release), the pin; then the
``works_from`` release if the entry names one.  For each release installed it
imports, each in a fresh interpreter: the top-level module, every submodule
found on disk (as ``make real-extensions`` does), and every name of
``entry_points`` (``flask_oauthlib.client.OAuth``).  It observes one state:

- ``works``: all of them import (a submodule that needs an optional
  dependency which is not installed is listed as skipped, not failed);
- ``yanked``: nothing installs from a plain requirement, the exact pin
  installs and everything imports;
- ``fails-install``: pip cannot install it beside the pins (the reason is
  pip's last line);
- ``partial``: the module and the entry points import, a submodule does not
  (which, and the error);
- ``fails-import``: the module or an entry point fails to import (where, and
  the error).

Each observation is compared with the entry: ``works``, ``works-from`` and
``api-changes`` need ``works`` (for the newest release and for
``works_from``), ``yanked`` and ``partial`` need the same, ``dead`` needs
``fails-install`` (``breaks_on: install``) or ``fails-import``
(``breaks_on: import``, and ``fails_at`` the name that failed).  Versions with
a year in the entry's text ("Flask-OAuth 0.12 (2012)") are checked against
the dates inside the release's own files, and "is its last release" against
the newest release.  The recorded ``release`` and ``imported`` must match
what was seen, or the entry is reported STALE (re-record it).

Lines start with ``ok``, ``STALE`` or ``WRONG``; exit status 1 on any
WRONG.  ``--record DIR`` writes the observation to ``DIR/NAME.json``;
``--apply KNOWLEDGE_JSON DIR`` then copies ``release``, ``imported`` and
``fails_at`` from the records into the entries (state changes are for a
person to make: they are printed, never written).  Standard library only.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

#: Modules of Python 2's standard library that Python 3 renamed or dropped:
#: a submodule failing on one of these is broken, not missing an optional
#: dependency.
PY2_STDLIB = frozenset(
    {
        "__builtin__",
        "ConfigParser",
        "Cookie",
        "HTMLParser",
        "Queue",
        "SocketServer",
        "StringIO",
        "UserDict",
        "cPickle",
        "cStringIO",
        "commands",
        "cookielib",
        "httplib",
        "thread",
        "urllib2",
        "urlparse",
        "xmlrpclib",
    }
)

#: What each fresh interpreter runs: argv[1] is a module or a dotted name
#: inside one.  It prints one JSON value: null, or [type, message, missing,
#: installed] where missing is the module a ModuleNotFoundError (the error
#: or one it was raised from) names and installed whether its top-level
#: package is there after all.
CHILD = r"""
import importlib, importlib.util, json, sys, warnings
warnings.simplefilter("ignore")
parts = sys.argv[1].split(".")
try:
    for cut in range(len(parts), 0, -1):
        try:
            if importlib.util.find_spec(".".join(parts[:cut])) is not None:
                break
        except ModuleNotFoundError:
            pass
    obj = importlib.import_module(".".join(parts[:cut]))
    for attr in parts[cut:]:
        obj = getattr(obj, attr)
    print(json.dumps(None))
except BaseException as e:
    # A guard that turns a missing optional module into another error
    # (flask_admin.contrib.appengine raises Exception) chains it.
    cause = e
    while cause is not None and not isinstance(cause, ModuleNotFoundError):
        cause = cause.__cause__ or cause.__context__
    missing = cause.name if cause is not None else None
    top = (missing or "").partition(".")[0]
    try:
        installed = bool(top) and importlib.util.find_spec(top) is not None
    except Exception:
        installed = True
    print(json.dumps([type(e).__name__, str(e)[:300], missing, installed]))
"""

#: Lists, in the target interpreter, argv[1] and its submodules from the
#: files on disk (nothing is imported), as ``make real-extensions`` does.
LIST = r"""
import json, sys
sys.path.insert(0, sys.argv[2])
from real_extensions import submodules
print(json.dumps(submodules(sys.argv[1])))
"""

HERE = Path(__file__).resolve().parent


def _pip(python: str, *args: str) -> tuple[bool, str]:
    """Run pip; on failure also say why, in one line."""
    proc = subprocess.run([python, "-m", "pip", *args], capture_output=True, text=True)
    return proc.returncode == 0, _reason(proc.stdout + proc.stderr)


def _reason(output: str) -> str:
    """pip's own ERROR line or, for a build that failed, which distribution
    failed to build and the last line of the build's output."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("WARNING")]
    for line in lines:
        if line.startswith("ERROR"):
            return line
    if "error: subprocess-exited-with-error" in lines:
        at = lines.index("error: subprocess-exited-with-error")
        building = [line for line in lines[:at] if line.startswith("Collecting ")]
        what = building[-1][len("Collecting ") :] if building else "a dependency"
        body = lines[at:]
        end = body.index("[end of output]") if "[end of output]" in body else 1
        return f"building {what} failed: {body[end - 1]}"
    return lines[-1] if lines else ""


def _installed_version(python: str, distribution: str) -> str | None:
    proc = subprocess.run(
        [
            python,
            "-c",
            "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))",
            distribution,
        ],
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip() if proc.returncode == 0 else None


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


def list_modules(python: str, module: str, cwd: str) -> list[str]:
    """``module`` and its submodules, found on disk by ``python``."""
    proc = subprocess.run(
        [python, "-c", LIST, module, str(HERE)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
    )
    if proc.returncode != 0:
        return [module]  # not installed: importing it says so
    names: list[str] = json.loads(proc.stdout)
    return names


def import_error(python: str, name: str, cwd: str) -> list[object] | None:
    """``None`` when ``name`` imports in a fresh interpreter, else
    ``[type, message, missing module or None, missing one installed]``."""
    proc = subprocess.run(
        [python, "-c", CHILD, name],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
        timeout=300,
    )
    try:
        result: list[object] | None = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        tail = proc.stderr.strip().splitlines()
        return ["crash", tail[-1] if tail else f"exit {proc.returncode}", None, True]
    return result


def _optional(error: list[object]) -> str | None:
    """The optional dependency a failed submodule import needs, when that is
    all that is wrong: a module neither installed nor of Python 2."""
    _, _, missing, installed = error
    if not isinstance(missing, str) or installed:
        return None
    top = missing.partition(".")[0]
    return None if top in PY2_STDLIB else top


def observe_imports(
    module: str,
    entry_points: list[str],
    python: str = sys.executable,
    jobs: int = 2,
) -> dict[str, object]:
    """Import ``module``, its submodules and ``entry_points``, each in a
    fresh ``python``.

    The top-level module and the entry points must import; a submodule may
    only be skipped when it needs an optional dependency that is missing.
    """
    with tempfile.TemporaryDirectory() as cwd:
        names = [*list_modules(python, module, cwd), *entry_points]
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            found = pool.map(lambda n: import_error(python, n, cwd), names)
            errors = dict(zip(names, found))
    imported = [n for n in names if errors[n] is None]
    skipped: list[str] = []
    failed: list[tuple[str, str]] = []
    for name in names:
        error = errors[name]
        if error is None:
            continue
        needs = _optional(error) if name not in (module, *entry_points) else None
        if needs is not None:
            skipped.append(f"{name} (needs {needs})")
        else:
            failed.append((name, f"{error[0]}: {error[1]}"))
    result: dict[str, object] = {"imported": imported, "skipped": skipped}
    if failed:
        # What every application imports first: the module, the entry points
        # and the modules they live in (flask_oauthlib.client before
        # flask_oauthlib.client.OAuth).  Only another submodule is "partial".
        used = {module, *entry_points}
        used |= {p.rsplit(".", 1)[0] for p in entry_points if "." in p}
        failed.sort(key=lambda f: (f[0] not in used, f[0]))
        name, result["error"] = failed[0]
        result["fails_at"] = name
        result["state"] = "fails-import" if name in used else "partial"
    else:
        result["state"] = "works"
    return result


def observe(
    ext: dict[str, object],
    constraints: str,
    pip_args: tuple[str, ...] = (),
    python: str = sys.executable,
) -> dict[str, object]:
    """What installing the entry's newest release beside the pins shows."""
    dist = str(ext["distribution"])
    base = ("install", "-c", constraints, *pip_args)
    # In a reused venv an earlier run's release is there: without it, a
    # plain requirement shows what a user's first install gets.
    _pip(python, "uninstall", "-y", dist)
    installed, reason = _pip(python, *base, dist)
    yanked = False
    listed = re.search(r"requirement (\S+) \(from versions: ([^)]+)\)", reason)
    if (
        not installed
        and listed
        and _same(listed.group(1), dist)
        and listed.group(2) != "none"
    ):
        # Releases exist but a plain requirement takes none: all yanked.  An
        # exact pin still installs a yanked release (PEP 592).
        newest = listed.group(2).split(", ")[-1]
        yanked, reason = _pip(python, *base, f"{dist}=={newest}")
        installed = yanked
    if not installed:
        return {"state": "fails-install", "error": reason}
    entry_points = list(ext.get("entry_points") or [])  # type: ignore[call-overload]
    result = observe_imports(str(ext["module"]), entry_points, python)
    result["release"] = _installed_version(python, dist)
    if yanked and result["state"] == "works":
        result["state"] = "yanked"
    return result


def _same(a: str, b: str) -> bool:
    """Whether two distribution names are one (PEP 503 normalization)."""
    return re.sub(r"[-_.]+", "-", a).lower() == re.sub(r"[-_.]+", "-", b).lower()


def _expected(ext: dict[str, object]) -> str:
    status = ext["status"]
    if status == "dead":
        return "fails-install" if ext.get("breaks_on") == "install" else "fails-import"
    if status in ("yanked", "partial"):
        return str(status)
    return "works"


def release_year(
    distribution: str,
    version: str,
    pip_args: tuple[str, ...] = (),
    python: str = sys.executable,
) -> int:
    """The year of the newest file inside the release's sdist (or wheel),
    downloaded without its dependencies."""
    with tempfile.TemporaryDirectory() as where:
        for binary in ((), ("--no-binary", ":all:")):
            ok, reason = _pip(
                python, "download", "-q", "--no-deps", "-d", where, *pip_args, *binary,
                f"{distribution}=={version}",
            )  # fmt: skip
            if not ok:
                raise RuntimeError(
                    f"cannot download {distribution} {version}: {reason}"
                )
            years = [_newest_member_year(p) for p in Path(where).iterdir()]
            if max(years) >= 1990:  # reproducible wheels say 1980
                return max(years)
            for path in Path(where).iterdir():
                path.unlink()
    raise RuntimeError(f"{distribution} {version}: no dated file in its release")


def _newest_member_year(path: Path) -> int:
    if path.suffix in (".whl", ".zip", ".egg"):
        with zipfile.ZipFile(path) as z:
            return max(i.date_time[0] for i in z.infolist())
    with tarfile.open(path) as t:
        stamp = max(m.mtime for m in t.getmembers())
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).year


def dated_claims(ext: dict[str, object]) -> list[tuple[str, str | None, str]]:
    """``(version, year or None, sentence part)`` for each "<distribution>
    <version> (<year>)" and each "<distribution> <version> is its last
    release" in the entry's texts."""
    text = " ".join(str(ext.get(f) or "") for f in ("why", "source", "note"))
    dist = re.escape(str(ext["distribution"]))
    last = r"(?: is (?:its last|the newest) release)"
    pattern = rf"\b{dist} (\d[\w.]*)(?: \((\d{{4}})\){last}?|{last})"
    return [
        (m.group(1), m.group(2), m.group(0))
        for m in re.finditer(pattern, text, re.IGNORECASE)
    ]


def compare(
    ext: dict[str, object], seen: dict[str, object], label: str = "newest"
) -> list[str]:
    """Report lines for one observation against the entry."""
    name, status = ext["name"], ext["status"]
    what = f"{name} ({label} {seen.get('release') or ''}, {status})".replace(" ,", ",")
    state = str(seen["state"])
    detail = state
    if seen.get("fails_at"):
        detail += f" at {seen['fails_at']}: {seen['error']}"
    elif seen.get("error"):
        detail += f": {seen['error']}"
    elif state in ("works", "yanked"):
        detail += f": {len(seen['imported'])} imported"  # type: ignore[arg-type]
        if seen["skipped"]:
            detail += f", skipped {', '.join(seen['skipped'])}"  # type: ignore[arg-type]
    expected = "works" if label == "works_from" else _expected(ext)
    if state != expected:
        return [f"WRONG {what}: expected {expected}, saw {detail}"]
    if label == "works_from":
        return [f"ok    {what}: {detail}"]
    if state in ("fails-import", "partial") and seen["fails_at"] != ext.get("fails_at"):
        return [f"WRONG {what}: fails_at says {ext.get('fails_at')!r}, saw {detail}"]
    for field in ("release", "imported"):
        # An empty list is not recorded (apply drops it).
        if field in seen and (seen[field] or None) != (ext.get(field) or None):
            return [f"STALE {what}: {field} recorded {ext.get(field)!r}; saw {detail}"]
    return [f"ok    {what}: {detail}"]


def check(
    ext: dict[str, object],
    constraints: str,
    pip_args: tuple[str, ...] = (),
    record: dict[str, object] | None = None,
    python: str = sys.executable,
) -> list[str]:
    """Report lines, ``ok``/``STALE``/``WRONG`` first, for the newest
    release, the ``works_from`` release and each dated claim; ``record``
    (when given) receives the newest release's observation."""
    seen = observe(ext, constraints, pip_args, python)
    if record is not None:
        record.update(seen)
    lines = compare(ext, seen)
    for version, year, claim in dated_claims(ext):
        dist = str(ext["distribution"])
        try:
            actual = release_year(dist, version, pip_args, python) if year else None
        except RuntimeError as e:
            lines.append(f"WRONG {ext['name']}: {claim!r}: {e}")
            continue
        last = "release" in claim and seen.get("release") not in (None, version)
        if (actual is not None and str(actual) != year) or last:
            newest = f", the newest release is {seen.get('release')}" if last else ""
            lines.append(
                f"WRONG {ext['name']}: {claim!r}: its files date from {actual}{newest}"
            )
        else:
            lines.append(f"ok    {ext['name']}: {claim!r}")
    works_from = ext.get("works_from")
    if works_from and works_from == seen.get("release"):
        lines.append(f"ok    {ext['name']}: works_from is the newest release")
    elif works_from:
        dist = str(ext["distribution"])
        base = ("install", "-c", constraints, *pip_args)
        installed, reason = _pip(python, *base, f"{dist}=={works_from}")
        if installed:
            entry_points = list(ext.get("entry_points") or [])  # type: ignore[call-overload]
            older = observe_imports(str(ext["module"]), entry_points, python)
        else:
            older = {"state": "fails-install", "error": reason}
        older["release"] = str(works_from)
        lines += compare(ext, older, "works_from")
    return lines


def apply(knowledge: Path, records: Path) -> int:
    """Copy release, imported and fails_at from the records into the
    entries; print (never write) the state changes a person must make."""
    data = json.loads(knowledge.read_text(encoding="utf-8"))
    changed = 0
    for ext in data["extensions"]:
        path = records / f"{ext['name']}.json"
        if not path.exists():
            continue
        seen = json.loads(path.read_text(encoding="utf-8"))
        if seen["state"] != _expected(ext):
            print(f"{ext['name']}: status {ext['status']} but saw {seen['state']}")
        before = dict(ext)
        for field in ("release", "imported", "fails_at"):
            if seen.get(field):
                ext[field] = seen[field]
            else:
                ext.pop(field, None)
        changed += ext != before
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    knowledge.write_text(text, encoding="utf-8")
    print(f"{changed} entries updated")
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--apply":
        return apply(Path(argv[1]), Path(argv[2]))
    record_dir = None
    if "--record" in argv:
        at = argv.index("--record")
        record_dir = Path(argv[at + 1])
        del argv[at : at + 2]
    path, name, *pins = argv
    with open(path, encoding="utf-8") as f:
        (ext,) = [e for e in json.load(f)["extensions"] if e["name"] == name]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(pins) + "\n")
    record: dict[str, object] = {}
    try:
        lines = check(ext, f.name, record=record)
    finally:
        os.unlink(f.name)
    print("\n".join(lines))
    if record_dir is not None:
        record_dir.mkdir(parents=True, exist_ok=True)
        (record_dir / f"{name}.json").write_text(json.dumps(record, indent=1))
    return 1 if any(line.startswith("WRONG") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
