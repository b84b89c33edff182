"""Edges of the recall rules that the main recall tests do not reach:
files the prefilter skips, uses found through other modules, and what the
report says about each."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._diagnose import diagnose
from flask_ext_redirect._diagnose._model import Finding


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _all(root: Path, **options: Any) -> list[Finding]:
    findings: list[Finding] = diagnose([str(root)], jobs=1, **options)["findings"]
    return findings


SHOP = {
    "shop/__init__.py": """\
        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy
        app = Flask(__name__)
        db = SQLAlchemy(app)
        from shop import models
    """,
    "shop/models.py": """\
        from shop import db

        class User(db.Model):
            id = db.Column(db.Integer, primary_key=True)
    """,
    "shop/search.py": "def query(text):\n    return text\n",
    "shop/cache.py": "class Cache:\n    session = 1\ncache = Cache()\n",
}


def test_app_context_uses_in_files_that_name_no_flask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script and a module that never name Flask or SQLAlchemy (skipped
    by the prefilter) still get their app-context blockers: a model
    imported from another module queried at import, ``db.engine`` at module
    level (an attribute: no call parentheses in the title), and
    ``db.create_all()`` under ``if __name__ == '__main__':``. Look-alikes
    (a function named query, another object's session) are no finding."""
    files = dict(SHOP)
    files["manage.py"] = """\
        from shop import db

        if __name__ == "__main__":
            db.create_all()
    """
    files["shop/admin.py"] = """\
        from shop.models import User
        from shop import db
        import shop.search as search
        from .cache import cache

        ADMIN = User.query.first()
        HITS = search.query("x")
        SESSION = cache.session
        ENGINE = db.engine
    """
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    found = [
        (f.path, f.line, f.title.partition(", outside")[0])
        for f in _all(Path("."))
        if f.kind == "app-context"
    ]
    assert sorted(found) == [
        ("manage.py", 4, "db.create_all() under if __name__ == '__main__':"),
        ("shop/admin.py", 6, "User.query at module level"),
        ("shop/admin.py", 9, "db.engine at module level"),
    ]
