"""Scanning files and trees: the prefilter, decoding, Python 2, processes."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from flask_ext_redirect._scan import FileScan
from flask_ext_redirect._scan import Prefilter
from flask_ext_redirect._scan import scan_file
from flask_ext_redirect._scan import scan_paths


def _summary(result: FileScan) -> tuple[str, list[str], str | None]:
    """Module-level, so worker processes can run it."""
    names = [r.qualname for r in result.scan.references] if result.scan else []
    return (os.path.basename(result.path), names, result.error)


def test_prefilter_lets_through_only_files_naming_a_word() -> None:
    """A file without any of the words is skipped before decoding."""
    check = Prefilter(["before_first_request", "Markup"])
    assert check(b"from flask import Markup\n")
    assert not check(b"from flask import render_template\n")
    assert Prefilter(None)(b"")


def test_scan_file_decodes_like_python(tmp_path: Path) -> None:
    """A latin-1 file with its coding cookie is read; positions are in the
    decoded text."""
    path = tmp_path / "views.py"
    path.write_bytes(
        b"# -*- coding: latin-1 -*-\n"
        b"from flask import Markup\n"
        b"x = '\xe9t\xe9'; y = Markup(x)\n"
    )
    result = scan_file(str(path))
    assert result.error is None and result.scan is not None
    (ref,) = result.scan.references
    assert result.text[ref.span.start : ref.span.end] == "Markup"
    assert ref.span.col == len("x = 'été'; y = ")


def test_python2_file_is_reported_with_its_imports(tmp_path: Path) -> None:
    """Python 2 source gives an error saying so, with its line, and the
    imports read from its tokens."""
    path = tmp_path / "old.py"
    path.write_text("from flask.ext.wtf import Form\nprint 'hi'\n")
    result = scan_file(str(path))
    assert result.python2
    # Its imports only, from its tokens.
    assert result.scan is not None and result.scan.references == []
    assert [i.qualname for i in result.scan.imports] == ["flask_wtf.Form"]
    assert result.error is not None
    assert result.error.startswith("does not parse on Python 3.")
    assert result.error_line == 2


def test_broken_python3_is_not_called_python2(tmp_path: Path) -> None:
    """A Python 3 file with a syntax error is not mistaken for Python 2."""
    path = tmp_path / "broken.py"
    path.write_text("def f(:\n    pass\n")
    result = scan_file(str(path))
    assert result.error is not None and not result.python2


def test_undecodable_file_is_an_error(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 without a cookie: an error, not a crash."""
    path = tmp_path / "bad.py"
    path.write_bytes(b"x = '\xff'\n")
    result = scan_file(str(path))
    assert result.scan is None
    assert result.error is not None and "encoding" in result.error


def test_scan_paths_filters_and_runs_in_processes(tmp_path: Path) -> None:
    """Forty files, half naming Markup: only those are scanned, in walk
    order, and two worker processes give what one process gives."""
    for i in range(40):
        body = "from flask import Markup\nMarkup(1)\n" if i % 2 else "x = 1\n"
        (tmp_path / f"mod{i:02}.py").write_text(body)
    (tmp_path / "notes.txt").write_text("Markup")
    prefilter = Prefilter(["Markup"])
    tree = scan_paths([str(tmp_path)], _summary, prefilter=prefilter, jobs=1)
    serial, problems, seen = tree.results, tree.problems, tree.seen
    parallel = scan_paths(
        [str(tmp_path)], functools.partial(_summary), prefilter=prefilter, jobs=2
    ).results
    assert "mod07" in tree.modules and tmp_path.name in tree.modules
    assert seen == 40 and problems == []
    assert serial == parallel
    assert [name for name, _, _ in serial] == [f"mod{i:02}.py" for i in range(1, 40, 2)]
    assert all(refs == ["flask.Markup"] for _, refs, _ in serial)


def test_scan_paths_reports_what_the_walk_cannot_read(tmp_path: Path) -> None:
    """A missing path comes back as a walk problem."""
    tree = scan_paths([str(tmp_path / "missing")], _summary, jobs=1)
    assert tree.results == [] and tree.seen == 0
    assert [(p.kind, p.reason) for p in tree.problems] == [
        ("error", "No such file or directory")
    ]


def test_prefilter_words_match_whole() -> None:
    """``g`` is not found inside ``get``; ``flask_`` is a prefix on purpose."""
    check = Prefilter(["g", "flask_"])
    assert not check(b"x = d.get(1)\n")
    assert check(b"from flask import g\n")
    assert check(b"import flask_login\n")


def test_prefilter_context_words() -> None:
    """A common word counts only with one of its context words in the file:
    ``redirect`` only where ``werkzeug`` is named too."""
    check = Prefilter({"redirect": ["werkzeug"]})
    assert not check(b"from flask import redirect\n")
    assert check(b"from werkzeug import redirect\n")


def test_prefilter_attribute_words() -> None:
    """A word starting with a dot matches attribute uses, across blanks and
    line continuations, and nothing else."""
    check = Prefilter([".module"])
    assert check(b"name = request.module\n")
    assert check(b"name = request . \\\n  module\n")
    assert not check(b'"""Generated module."""\n')


def test_prefilter_tracks_words_in_every_file() -> None:
    """Tracked words are noted whether the file passes or not."""
    check = Prefilter(["Markup"], track=["flask_sqlalchemy", "SECRET_KEY"])
    assert not check(b"import flask_sqlalchemy\n")
    assert check.mentioned == {"flask_sqlalchemy"}


def test_python2_imports_every_shape(tmp_path: Path) -> None:
    """Dotted, aliased, parenthesised, relative, star and one-line
    compound imports of a Python 2 file, with exact name spans."""
    path = tmp_path / "old.py"
    text = (
        "import os, flask.ext.sqlalchemy as fsa\n"
        "from flaskext.wtf import (Form,\n    TextField as TF)\n"
        "from . import models\n"
        "from ..utils import *\n"
        "try: from flask.ext.cache import Cache\n"
        "except ImportError, e: Cache = None\n"
        "print 'x'\n"
        "x = 'import nothing'; import flask\n"
    )
    path.write_text(text)
    result = scan_file(str(path))
    assert result.python2 and result.scan is not None
    found = [(i.qualname, i.asname, i.span.lineno) for i in result.scan.imports]
    assert found == [
        ("os", None, 1),
        ("flask_sqlalchemy", "fsa", 1),
        ("flask_wtf.Form", None, 2),
        ("flask_wtf.TextField", "TF", 2),
        (".models", None, 4),
        ("..utils.*", None, 5),
        ("flask_cache.Cache", None, 6),
        ("flask", None, 9),
    ]
    spans = [text[i.name_span.start : i.name_span.end] for i in result.scan.imports]
    assert spans[1] == "flask.ext.sqlalchemy as fsa"
    assert spans[3] == "TextField as TF"
