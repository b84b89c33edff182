"""Reading requirements sources: requirements files with includes,
``setup.py`` through ast (never run), ``pyproject.toml`` and ``Pipfile``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from flask_ext_redirect._requirements import find_files
from flask_ext_redirect._requirements import read_files
from flask_ext_redirect._requirements._parse import read_source


def _names(text: str, name: str = "requirements.txt") -> list[tuple[str, str, str]]:
    source = read_source(name, text)
    return [
        (r.name, ",".join(s.op + s.version for s in r.specs), r.marker)
        for r in source.requirements
    ]


def test_requirement_shapes_comments_markers_extras_options() -> None:
    """Names, extras, clauses and markers are read; comments, options, URLs
    and editable lines are not requirements."""
    text = (
        "# comment\n"
        "Flask==0.10.1  # pinned\n"
        "Flask-SQLAlchemy[async] >= 2.0, <3\n"
        'futures==3.0.3 ; python_version < "3"\n'
        "-e git+https://example.invalid/x.git#egg=x\n"
        "--index-url https://example.invalid/simple\n"
        "https://example.invalid/pkg-1.0.tar.gz\n"
        "./local/pkg\n"
        "pkg @ https://example.invalid/pkg.whl\n"
        "requests (>=2.0)\n"
        "six\n"
    )
    assert _names(text) == [
        ("Flask", "==0.10.1", ""),
        ("Flask-SQLAlchemy", ">=2.0,<3", ""),
        ("futures", "==3.0.3", 'python_version < "3"'),
        ("requests", ">=2.0", ""),
        ("six", "", ""),
    ]


def test_spans_point_at_the_version_in_the_file() -> None:
    """Each clause knows where its version sits, CRLF line ends included."""
    text = "a==1\r\nWerkzeug == 0.10.4 # x\r\n"
    source = read_source("requirements.txt", text)
    spec = source.requirements[1].specs[0]
    assert text[spec.start : spec.end] == "0.10.4"


def test_continued_lines_are_read_but_never_writable() -> None:
    """A requirement joined from two lines is judged, not rewritten."""
    source = read_source("requirements.txt", "Flask==\\\n0.10.1\nsix==1.9.0\n")
    assert [(r.name, r.writable) for r in source.requirements] == [
        ("Flask", False),
        ("six", True),
    ]


def test_hashes_mark_the_file(tmp_path: Path) -> None:
    """``--hash=`` anywhere makes the file hashed (never rewritten)."""
    source = read_source("requirements.txt", "Flask==0.10.1 \\\n    --hash=sha256:00\n")
    assert source.hashed
    assert source.requirements[0].name == "Flask"


def test_includes_are_followed_once(tmp_path: Path) -> None:
    """``-r`` and ``-c`` files are read too, relative to the including file,
    and a cycle ends."""
    (tmp_path / "requirements.txt").write_text("-r base.txt\n-c constraints.txt\nsix\n")
    (tmp_path / "base.txt").write_text("Flask==0.10.1\n-r requirements.txt\n")
    (tmp_path / "constraints.txt").write_text("--constraint=base.txt\nwsgiref==0.1.2\n")
    sources, problems = read_files([str(tmp_path)])
    assert problems == []
    names = sorted(r.name for s in sources for r in s.requirements)
    assert names == ["Flask", "six", "wsgiref"]


def test_missing_include_is_a_problem(tmp_path: Path) -> None:
    """An include that does not exist is named, not silently skipped."""
    (tmp_path / "requirements.txt").write_text("-r nope.txt\n")
    _, problems = read_files([str(tmp_path)])
    assert [Path(p).name for p, _ in problems] == ["nope.txt"]


def test_setup_py_is_parsed_never_run(tmp_path: Path) -> None:
    """install_requires is read from the syntax tree (through a module-level
    name too); the file's code does not run."""
    marker = tmp_path / "ran"
    (tmp_path / "setup.py").write_text(
        "import pathlib\n"
        f"pathlib.Path({str(marker)!r}).write_text('x')\n"
        "from setuptools import setup\n"
        "REQS = ['Flask==0.10.1', \"wsgiref==0.1.2\"]\n"
        "setup(name='app', install_requires=REQS)\n"
    )
    sources, _ = read_files([str(tmp_path)])
    assert not marker.exists()
    reqs = sources[0].requirements
    assert [(r.name, r.line, r.writable) for r in reqs] == [
        ("Flask", 4, True),
        ("wsgiref", 4, True),
    ]
    text = (tmp_path / "setup.py").read_text()
    assert text[reqs[0].specs[0].start : reqs[0].specs[0].end] == "0.10.1"


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_pyproject_and_pipfile(tmp_path: Path) -> None:
    """``[project] dependencies`` and ``[packages]`` are read."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndependencies = [\n  "Flask==0.10.1",\n'
        "  'greenlet==0.4.9',\n]\n"
    )
    (tmp_path / "Pipfile").write_text(
        '[packages]\nflask = "==0.10.1"\nsix = "*"\nbcrypt = {version = "==1.1.1"}\n'
    )
    sources, _ = read_files([str(tmp_path)])
    by_kind = {s.kind: s for s in sources}
    assert [(r.name, r.line) for r in by_kind["pyproject"].requirements] == [
        ("Flask", 4),
        ("greenlet", 5),
    ]
    assert [
        (r.name, [s.version for s in r.specs]) for r in by_kind["pipfile"].requirements
    ] == [("flask", ["0.10.1"]), ("six", []), ("bcrypt", ["1.1.1"])]


def test_finds_files_and_skips_venvs(tmp_path: Path) -> None:
    """requirements*.txt, requirements/*.txt and setup.py are found; a
    virtual environment's files are not."""
    (tmp_path / "requirements-dev.txt").write_text("")
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "prod.txt").write_text("")
    (tmp_path / "notes.txt").write_text("")
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("")
    (venv / "requirements.txt").write_text("")
    found = [
        Path(p).relative_to(tmp_path).as_posix() for p in find_files([str(tmp_path)])
    ]
    assert found == ["requirements-dev.txt", "requirements/prod.txt"]


def test_continuation_at_the_end_of_the_file_is_still_read() -> None:
    """A last line ending in a backslash (nothing after it) is still a
    requirement, as pip reads it; one physical line, so its version can be
    rewritten in place."""
    source = read_source("requirements.txt", "six==1.9.0\nFlask==0.10.1 \\")
    assert [(r.name, r.writable) for r in source.requirements] == [
        ("six", True),
        ("Flask", True),
    ]


def test_setup_py_that_cannot_be_read_says_why() -> None:
    """A setup.py with a syntax error, or whose install_requires is computed
    or holds non-strings, is named as a problem with its line; the plain
    strings beside a non-string are still read, and a string that is no
    requirement is skipped."""
    broken = read_source("setup.py", "setup(install_requires=[\n")
    assert broken.requirements == []
    ((line, reason),) = broken.problems
    assert reason.startswith("setup.py does not parse: ")
    assert line == 1
    computed = read_source(
        "setup.py",
        "from setuptools import setup\n"
        "REQS.x = 1\n"
        "setup(name='a', install_requires=open('r.txt').read().split())\n",
    )
    assert computed.requirements == []
    assert computed.problems == [(3, "install_requires is computed; not read")]
    mixed = read_source(
        "setup.py",
        "import setuptools\n"
        "EXTRA = 'six'\n"
        "setuptools.setup(\n"
        "    install_requires=[EXTRA, '', 'Flask==0.10.1'],\n"
        ")\n",
    )
    assert [(r.name, r.line, r.writable) for r in mixed.requirements] == [
        ("Flask", 4, True)
    ]
    assert mixed.problems == [(4, "a requirement that is not a string; not read")]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_pyproject_shapes_that_are_not_dependencies() -> None:
    """Invalid TOML is a problem that says so; a pyproject with no
    [project] table, or dependencies not written as a list, has no
    requirements and no false problem; non-strings and empty strings in the
    list are skipped; a requirement written twice is read but not writable
    (which copy to change is not known)."""
    bad = read_source("pyproject.toml", "[project\n")
    assert bad.requirements == []
    assert [reason.split(":")[0] for _, reason in bad.problems] == ["not valid TOML"]
    for text in (
        "[tool.black]\nline-length = 88\n",
        '[project]\nname = "a"\ndependencies = "Flask==0.10.1"\n',
    ):
        empty = read_source("pyproject.toml", text)
        assert (empty.requirements, empty.problems) == ([], [])
    source = read_source(
        "pyproject.toml",
        '[project]\nname = "a"\ndependencies = [1, "", "six==1.9.0", "Flask==0.10.1"]\n'
        '[project.optional-dependencies]\ndev = ["Flask==0.10.1"]\n',
    )
    assert [(r.name, r.line, r.writable) for r in source.requirements] == [
        ("six", 3, True),
        ("Flask", 0, False),
    ]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_pipfile_shapes_that_are_not_versions() -> None:
    """A Pipfile without [packages] has no requirements; a package given by
    path or git (no version string) is skipped; a name found only inside
    a dotted key still reads, with no line (it is only reported)."""
    assert read_source("Pipfile", "[dev-packages]\npytest = '*'\n").requirements == []
    source = read_source(
        "Pipfile",
        "[packages]\n"
        'local = {path = "."}\n'
        'flask = "==0.10.1"\n'
        'flask-login.version = "==0.2.0"\n',
    )
    assert [(r.name, r.line, r.writable) for r in source.requirements] == [
        ("flask", 3, False),
        ("flask-login", 0, False),
    ]
