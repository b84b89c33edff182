"""Check API entries of the knowledge base against the installed release.

``nox -s knowledge`` (``make check-knowledge``) installs one release of one
project per session and runs this script there::

    python tests/knowledge_probe.py KNOWLEDGE_JSON PROJECT VERSION

Every API entry of PROJECT whose ``last_with`` is VERSION must find its
name here, and every entry whose ``removed`` is VERSION must not: an import
that fails or an attribute, method or keyword that is missing (checked with
``inspect.signature`` for keywords), or, for kind config/default or where an
entry gives one, a ``probe`` expression that is false.  Entries whose
``check`` is not ``auto`` are skipped.  Prints one line per check and exits
1 if any disagrees with the file.

Standard library only, Python 3.9 syntax: it runs in venvs that hold
releases of 2016-2020.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json
import sys
import warnings
from typing import Any


class Gone(Exception):
    """The module named is not there (as opposed to failing to import)."""


def _import(module: str) -> Any:
    """Import ``module``; raise :class:`Gone` only when it or a parent
    package does not exist, so that a broken install is never mistaken for
    a removed name.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name and (module == e.name or module.startswith(e.name + ".")):
            raise Gone(module) from e
        raise


def _resolve(dotted: str) -> Any:
    """The object named ``dotted``: the longest importable module prefix,
    then attributes.
    """
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = _import(".".join(parts[:cut]))
        except Gone:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise Gone(dotted)


def _has(obj: Any, name: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return hasattr(obj, name)


#: Imported into a probe's namespace when installed, beside the entry's own
#: top-level package.
PROBE_MODULES = ("flask", "werkzeug", "jinja2", "markupsafe", "itsdangerous")


def _probe(expression: str, module: str) -> bool:
    """Evaluate an entry's probe with ``module`` imported.  An exception
    counts as false (a default that changed often shows as a raise), and is
    printed so that a probe that is simply wrong can be told apart.
    """
    namespace: dict[str, Any] = {"inspect": inspect, "importlib": importlib}
    for name in (module.split(".")[0], *PROBE_MODULES):
        try:
            namespace[name] = _import(name)
        except Gone:
            pass
    try:
        _import(module)
    except Gone:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return bool(eval(expression, namespace))  # noqa: S307
    except Exception as e:  # noqa: BLE001
        print(f"      probe raised {type(e).__name__}: {e}")
        return False


def _present_in(api: dict[str, Any], module: str) -> bool:
    """Whether the entry's name exists as it says, looked for in ``module``."""
    kind, name, owner = api["kind"], api.get("name"), api.get("owner")
    if api.get("probe"):
        return _probe(api["probe"], module)
    try:
        if kind == "import" and name is None:
            _import(module)
            return True
        if kind in ("import", "attribute") and owner is None:
            return _has(_import(module), name)
        target = _resolve(owner)
    except (Gone, AttributeError):
        return False
    if kind == "keyword":
        try:
            parameters = inspect.signature(target).parameters
        except (TypeError, ValueError):
            return False
        return name in parameters
    return _has(target, name)


def check(apis: list[dict[str, Any]], project: str, version: str) -> list[str]:
    """Return the lines of the report: ``ok``/``WRONG`` per checked name."""
    lines = []
    for api in apis:
        if api["project"] != project or api["check"] != "auto":
            continue
        if version == api["last_with"]:
            expected = True
        elif version == api["removed"]:
            expected = False
        else:
            continue
        for module in [api["module"], *api.get("also_in", [])]:
            found = _present_in(api, module)
            verdict = "ok   " if found == expected else "WRONG"
            state = "present" if found else "absent"
            where = "" if module == api["module"] else f" (in {module})"
            lines.append(f"{verdict} {api['id']}{where}: {state} in {version}")
    return lines


def main(argv: list[str]) -> int:
    path, project, version = argv
    installed = importlib.metadata.version(project)
    if installed != version:
        print(f"WRONG setup: {project} {installed} is installed, not {version}")
        return 1
    with open(path, encoding="utf-8") as f:
        apis = json.load(f)["apis"]
    lines = check(apis, project, version)
    print("\n".join(lines) or f"nothing to check for {project} {version}")
    return 1 if any(line.startswith("WRONG") for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
