"""The child process of ``doctor --run MODULE:APP``: import the
application with the redirect on and ``Flask.run`` a no-op, then GET every
URL rule that takes no arguments through the test client; write what
happened at each stage, as JSON, to the file named on the command line.

Run as ``python -m flask_ext_redirect._diagnose._child TARGET ROOT OUT
[--no-requests]``. This runs the application's own code.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from typing import Any


def _frames(exc: BaseException, root: str) -> list[dict[str, Any]]:
    frames = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, SyntaxError) and exc.filename:
        frames.append(traceback.FrameSummary(exc.filename, exc.lineno or 0, "<module>"))
    return [
        {
            "path": os.path.relpath(f.filename, root),
            "line": f.lineno or 0,
            "code": (f.line or "").strip(),
            "own": os.path.abspath(f.filename).startswith(root + os.sep),
        }
        for f in frames
    ]


def _failure(exc: BaseException, root: str) -> dict[str, Any]:
    frames = _frames(exc, root)
    own = [f for f in frames if f["own"]]
    return {
        "type": type(exc).__name__,
        "module": type(exc).__module__,
        "message": str(exc),
        # The application's own frame nearest the error: where to look.
        "at": own[-1] if own else (frames[-1] if frames else None),
        "frames": frames[-12:],
    }


def _application(module: Any, name: str | None) -> Any:
    from flask import Flask

    if name:
        target = eval(name, vars(module))  # noqa: S307 - "create_app('dev')" as flask --app takes
        return (
            target() if callable(target) and not isinstance(target, Flask) else target
        )
    for attr in ("app", "application"):
        if isinstance(getattr(module, attr, None), Flask):
            return getattr(module, attr)
    for value in vars(module).values():
        if isinstance(value, Flask):
            return value
    for attr in ("create_app", "make_app"):
        factory = getattr(module, attr, None)
        if callable(factory):
            return factory()
    raise LookupError(
        f"no Flask application in {module.__name__}: give --run MODULE:NAME"
    )


def main(argv: list[str]) -> int:
    target, root, out = argv[:3]
    requests = "--no-requests" not in argv
    root = os.path.abspath(root)
    stages: list[dict[str, Any]] = []

    def save() -> None:
        with open(out, "w", encoding="utf-8") as f:
            json.dump({"stages": stages}, f)

    import flask_ext_redirect

    flask_ext_redirect.install()
    from flask import Flask

    Flask.run = lambda self, *args, **kwargs: None  # type: ignore[method-assign]
    sys.path.insert(0, root)
    os.chdir(root)
    module_name, _, name = target.partition(":")
    if module_name.endswith(".py"):
        module_name = module_name[:-3].replace("/", ".").replace(os.sep, ".")
    try:
        module = importlib.import_module(module_name)
        app = _application(module, name or None)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - sys.exit() too: report it
        stages.append({"stage": "import", "ok": False, "failure": _failure(exc, root)})
        save()
        return 0
    stages.append({"stage": "import", "ok": True, "target": f"{module_name}"})
    save()
    if not requests:
        return 0
    app.config["PROPAGATE_EXCEPTIONS"] = True
    app.testing = True
    client = app.test_client()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.arguments or "GET" not in (rule.methods or ()):
            continue
        try:
            response = client.get(rule.rule)
            status = response.status_code
            response.close()
        except (Exception, SystemExit) as exc:  # noqa: BLE001
            stages.append(
                {
                    "stage": f"GET {rule.rule}",
                    "ok": False,
                    "failure": _failure(exc, root),
                }
            )
        else:
            stages.append({"stage": f"GET {rule.rule}", "ok": True, "status": status})
        save()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
