"""The examples in the documentation run, so they cannot rot.

Each page's ``>>>`` examples run as one doctest in a fresh interpreter (first
imports, no state from the suite), against the fixture extensions and a
stand-in ``flask_sqlite3`` where the real one is not importable.  Every
``.. code-block:: python`` must at least compile.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.rst"))

# Runs one page's examples as a doctest; a fresh interpreter so that imports
# are first imports.  The package's .pth has switched the redirect on where
# it is installed; elsewhere (a bare checkout on PYTHONPATH) switch it on.
RUN_PAGE = textwrap.dedent(
    """
    import doctest
    import sys

    import flask_ext_redirect

    flask_ext_redirect.install()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failed, tried = doctest.testfile(
        sys.argv[1], module_relative=False, optionflags=flags, verbose=False
    )
    print(f"{tried} tried, {failed} failed")
    sys.exit(1 if failed else 0)
    """
)

# Stands in for the flask_sqlite3 that the examples import, where this
# checkout does not ship it.
STAND_IN = '"""A stand-in for the docs examples."""\n\n\nclass SQLite3:\n    pass\n'

CODE_BLOCK = re.compile(
    r"^( *)\.\. code-block:: python\n((?:\1 {2,}.*\n|[ \t]*\n)+)", re.M
)


def _has_examples(page: Path) -> bool:
    return re.search(r"^\s*>>> ", page.read_text(encoding="utf-8"), re.M) is not None


@pytest.mark.parametrize(
    "page", [p for p in PAGES if _has_examples(p)], ids=lambda p: p.name
)
def test_examples_run(page: Path, tmp_path: Path) -> None:
    """Every >>> example of the page gives the output the page shows."""
    stand_ins = tmp_path / "stand_ins"
    stand_ins.mkdir()
    sqlite3_project = ROOT / "flask-sqlite3"
    if not (sqlite3_project / "flask_sqlite3").is_dir():
        (stand_ins / "flask_sqlite3.py").write_text(STAND_IN)
    path = os.pathsep.join([str(ROOT), str(sqlite3_project), str(stand_ins)])
    result = subprocess.run(
        [sys.executable, "-c", RUN_PAGE, str(page)],
        capture_output=True,
        text=True,
        env=clean_env(PYTHONPATH=path),
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(
        r"[1-9]\d* tried, 0 failed\n", result.stdout.splitlines(True)[-1]
    )


def _python_blocks() -> list[tuple[str, str]]:
    blocks = []
    for page in PAGES:
        for n, match in enumerate(
            CODE_BLOCK.finditer(page.read_text(encoding="utf-8"))
        ):
            # Directive options (":caption: app.py") come before the code.
            source = re.sub(r"^(:[\w-]+:.*\n)+", "", textwrap.dedent(match.group(2)))
            blocks.append((f"{page.name}[{n}]", source))
    return blocks


@pytest.mark.parametrize(
    "name, source", _python_blocks(), ids=lambda v: v if "[" in v else ""
)
def test_python_blocks_compile(name: str, source: str) -> None:
    """Every Python code block is valid Python."""
    ast.parse(source, filename=name)


def test_pages_are_all_in_the_toctree() -> None:
    """No page is left out of the index (also where Sphinx is not installed)."""
    index = (DOCS / "index.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"^ {4}(\w+)$", index, re.M))
    assert {p.stem for p in PAGES} - {"index"} == listed


def _documented(page: str) -> dict[str, set[str]]:
    """``{module: names}`` that a page documents with autodoc directives,
    each under the ``.. module::`` before it.
    """
    documented: dict[str, set[str]] = {}
    module = None
    for line in (DOCS / page).read_text(encoding="utf-8").splitlines():
        match = re.match(r"\.\. (module|auto\w+):: (\S+)", line)
        if match and match.group(1) == "module":
            module = match.group(2)
            documented[module] = set()
        elif match and module is not None:
            documented[module].add(match.group(2))
    return documented


@pytest.mark.parametrize("package", ["flask_ext_redirect", "flask_sqlite3"])
def test_api_reference_lists_every_public_name(package: str) -> None:
    """docs/api.rst documents the whole ``__all__`` of both distributions'
    packages, flask_sqlite3 included.
    """
    module = __import__(package)
    assert _documented("api.rst").get(package) == set(module.__all__)
