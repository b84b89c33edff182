"""``migrate --upgrade`` end to end: the flag, the files, Python 2, the
knowledge base's fixer ids."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect import _era
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate._fixers import fixers
from flask_ext_redirect._migrate._upgrade import PY2_NOTE
from flask_ext_redirect._migrate._upgrade import upgrade_source

Run = Callable[..., "subprocess.CompletedProcess[Any]"]
Tree = Callable[[Mapping[str, "str | bytes"]], Path]

FORMS = (
    "# -*- coding: utf-8 -*-\n"
    "from flask.ext.wtf import Form\n"
    "from wtforms import TextField\n"
    "from wtforms.validators import Required\n\n\n"
    "class LoginForm(Form):\n"
    "    name = TextField(u'Nom', validators=[Required()])  # café\n"
)
FORMS_UPGRADED = (
    "# -*- coding: utf-8 -*-\n"
    "from flask_wtf import FlaskForm\n"
    "from wtforms import StringField\n"
    "from wtforms.validators import DataRequired\n\n\n"
    "class LoginForm(FlaskForm):\n"
    "    name = StringField(u'Nom', validators=[DataRequired()])  # café\n"
)
UTILS = "from werkzeug import secure_filename\n"
PY2 = "from flask.ext.wtf import Form\nprint 'loaded'\n"


def test_plain_migrate_is_unchanged(run_cli: Run, tree: Tree) -> None:
    """Without --upgrade only the flask.ext import changes, files without
    legacy imports are not touched, and the exit code is the old one."""
    root = tree({"forms.py": FORMS, "utils.py": UTILS})
    result = run_cli("migrate", "--target", "flask_", root)
    assert result.returncode == 1, result.stderr
    assert (root / "forms.py").read_text("utf-8") == FORMS.replace(
        "flask.ext.wtf", "flask_wtf"
    )
    assert (root / "utils.py").read_text() == UTILS
    assert "2 files scanned, 1 changed, 0 skipped, 0 errors" in result.stderr


def test_upgrade_rewrites_then_is_clean(run_cli: Run, tree: Tree) -> None:
    """--upgrade does the import rewrite and the fixers in one run, also in
    files without flask.ext; a second run changes nothing and exits 0."""
    root = tree({"forms.py": FORMS, "utils.py": UTILS, "clean.py": "import os\n"})
    first = run_cli("migrate", "--upgrade", "--target", "flask_", root)
    assert first.returncode == 1, first.stderr
    assert (root / "forms.py").read_text("utf-8") == FORMS_UPGRADED
    assert (
        root / "utils.py"
    ).read_text() == "from werkzeug.utils import secure_filename\n"
    assert "3 files scanned, 2 changed, 0 skipped, 0 errors" in first.stderr
    second = run_cli("migrate", "--upgrade", "--target", "flask_", root)
    assert second.returncode == 0, second.stderr
    assert "0 changed" in second.stderr


def test_upgrade_check_and_diff_write_nothing(run_cli: Run, tree: Tree) -> None:
    """--check exits 1 and --diff prints the fixers' changes; neither writes."""
    root = tree({"utils.py": UTILS})
    check = run_cli("migrate", "--upgrade", "--check", root)
    assert check.returncode == 1
    diff = run_cli("migrate", "--upgrade", "--diff", root)
    assert diff.returncode == 1
    assert "-from werkzeug import secure_filename" in diff.stdout
    assert "+from werkzeug.utils import secure_filename" in diff.stdout
    assert (root / "utils.py").read_text() == UTILS


def test_refusal_leaves_the_statement_and_exits_2(run_cli: Run, tree: Tree) -> None:
    """A refusal keeps the refused statement only: the flask.ext import and
    the other fixes are written; every refusal is reported with file:line,
    the fixer and why, and the run exits 2."""
    text = (
        "from flask.ext.wtf import Form\n"
        "from werkzeug.contrib.fixers import ProxyFix\n"
        "from werkzeug.contrib.cache import SimpleCache\n"
        "app.wsgi_app = ProxyFix(app.wsgi_app)\n"
    )
    root = tree({"app.py": text})
    result = run_cli("migrate", "--upgrade", root)
    assert result.returncode == 2
    assert (root / "app.py").read_text() == text.replace(
        "from flask.ext.wtf import Form", "from flask_wtf import FlaskForm"
    )
    assert (
        "app.py:2: error: refused: --upgrade (werkzeug-contrib): werkzeug.contrib"
        ".fixers.ProxyFix has no exact equivalent"
    ) in result.stderr
    assert (
        "app.py:3: error: refused: --upgrade (werkzeug-contrib): werkzeug.contrib"
        ".cache became the cachelib distribution"
    ) in result.stderr
    assert "1 file with refused rewrites" in result.stderr


def test_python2_file_gets_plain_rewrite_and_a_note(run_cli: Run, tree: Tree) -> None:
    """A Python 2 file gets the flask.ext rewrite and a note that the fixers
    need it ported to Python 3 first: never a silent skip."""
    root = tree({"legacy.py": PY2, "py2_only.py": "import werkzeug\nprint 'x'\n"})
    result = run_cli("migrate", "--upgrade", "--target", "flask_", root)
    assert result.returncode == 1, result.stderr
    assert (root / "legacy.py").read_text() == PY2.replace("flask.ext.wtf", "flask_wtf")
    assert f"legacy.py: note: {PY2_NOTE}" in result.stderr
    assert f"py2_only.py: note: {PY2_NOTE}" in result.stderr
    assert "2 files scanned, 1 changed, 1 skipped, 0 errors" in result.stderr


def test_fixer_notes_are_printed(run_cli: Run, tree: Tree) -> None:
    """What a fixer leaves to do by hand shows as a note with file and
    fixer."""
    root = tree({"f.py": "from flask_script import Command\n"})
    result = run_cli("migrate", "--upgrade", root)
    assert result.returncode == 0, result.stderr
    assert "f.py: note: flask-script: uses Flask-Script" in result.stderr


def test_parallel_run_matches_serial(run_cli: Run, tree: Tree) -> None:
    """With many files the worker pool gets the upgrade flag too."""
    root = tree({f"m{i:02}.py": UTILS for i in range(40)})
    result = run_cli("migrate", "--upgrade", "-j", "2", root)
    assert result.returncode == 1, result.stderr
    assert {p.read_text() for p in root.glob("*.py")} == {
        "from werkzeug.utils import secure_filename\n"
    }


def test_every_fixer_id_is_in_the_knowledge_base() -> None:
    """Fixers register under the knowledge base's ids, one module each."""
    ids = [f.id for f in fixers()]
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(_era.FIXER_IDS)


#: Entries the knowledge base calls mechanical that the fixers refuse on
#: purpose, because old and new behave differently (see the fixers' docs).
REFUSED_ON_PURPOSE = {
    "werkzeug.contrib.fixers.ProxyFix": "no exact equivalent",
    "werkzeug.utils.escape": "returned str",
    "werkzeug.escape": "returned str",  # -> werkzeug.utils.escape, refused
    "werkzeug.security.safe_str_cmp": "encoded str",
}


def _final(qualname: str) -> str:
    """Follow the knowledge base's mechanical renames to their end
    (``werkzeug.BaseResponse`` -> ``werkzeug.wrappers.BaseResponse`` ->
    ``werkzeug.wrappers.Response``)."""
    by_qualname = {
        f"{a.module}.{a.name}": a.new
        for a in _era.load().apis
        if a.fix == "mechanical" and a.name and a.new and a.owner is None
    }
    seen = set()
    while qualname in by_qualname and qualname not in seen:
        seen.add(qualname)
        qualname = by_qualname[qualname] or qualname
    return qualname


def _probe(api: _era.Api) -> tuple[str, str] | None:
    """Old code importing ``api`` and what it must become."""
    if api.new is None or api.name is None or api.owner is not None:
        return None
    if api.kind not in ("import", "attribute"):
        return None
    if "." not in api.new or api.new == "wtforms.fields":
        return None  # a module moved as a whole: test_fixers.py covers it
    new_module, new_name = _final(f"{api.module}.{api.name}").rsplit(".", 1)
    old = f"from {api.module} import {api.name}\nx = {api.name}\n"
    return old, f"from {new_module} import {new_name}\nx = {new_name}\n"


MECHANICAL = [a for a in _era.load().apis if a.fix == "mechanical"]


@pytest.mark.parametrize("api", MECHANICAL, ids=lambda a: a.id)
def test_knowledge_base_mechanical_entries_are_fixed(api: _era.Api) -> None:
    """Every API the knowledge base marks mechanical names a registered
    fixer (the plain rewrite for flask.ext), and that fixer rewrites it to
    the entry's ``new`` name, or refuses it with a reason where the
    fixer's documentation says the two differ."""
    ids = {f.id for f in fixers()}
    assert api.fixer in ids or api.fixer == "flask-ext"
    probe = _probe(api)
    if probe is None:
        pytest.skip(f"{api.kind} entry: covered by test_fixers.py")
    old, new = probe
    if api.id in REFUSED_ON_PURPOSE:
        result = upgrade_source(old, Targets("flask_"), legacy=False)
        assert any(REFUSED_ON_PURPOSE[api.id] in m.text for m in result.refused)
        return
    assert upgrade_source(old, Targets("flask_"), legacy=False).text == new
