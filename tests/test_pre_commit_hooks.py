""".pre-commit-hooks.yaml: read as pre-commit reads it, and each hook's
command run the way pre-commit runs it (entry, args, then the file names
unless ``pass_filenames`` is false)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from flask_ext_redirect._cli import main

ROOT = Path(__file__).resolve().parent.parent
HOOKS: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / ".pre-commit-hooks.yaml").read_text()
)
#: What each hook's command must exit with on a file holding a legacy import
#: and a name Flask 3 removed.
EXPECTED = {
    "flask-ext-redirect": 1,
    "flask-ext-redirect-check": 1,
    "flask-ext-redirect-doctor": 1,
}


def test_manifest_fields() -> None:
    """Every hook has the fields pre-commit requires, and a unique id."""
    ids = [hook["id"] for hook in HOOKS]
    assert sorted(ids) == sorted(EXPECTED)
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["entry"].startswith("flask-ext-redirect ")
        assert hook["language"] == "python"


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook["id"])
def test_hook_commands_run(
    hook: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command each hook runs works on a staged file: doctor reads the
    whole project (``.``), the others the file names given."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(
        "from flask.ext.sqlalchemy import SQLAlchemy\n"
        "from flask import Flask\n"
        "app = Flask(__name__)\n"
        "@app.before_first_request\n"
        "def setup():\n"
        "    pass\n"
    )
    argv = shlex.split(hook["entry"])[1:] + list(hook.get("args", []))
    if hook.get("pass_filenames", True):
        argv.append("app.py")
    if argv[0] == "doctor":
        argv += ["--flask", "3.1.0", "--select", "api.flask.before_first_request"]
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == EXPECTED[hook["id"]], out + err
    if argv[0] == "doctor":
        assert "id: api.flask.before_first_request" in out
