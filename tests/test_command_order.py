"""The README's commands in its order: ``make run`` (a visitor signs the
guestbook), then ``make test`` and ``make dist`` in the same checkout.  What
the example app and the test run wrote there must not reach either sdist:
each carries exactly the files git tracks (hatch_build.py).
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build
from conftest import clean_env
from conftest import ROOT
from test_packaging import _sdist_names
from test_packaging import _tracked
from test_packaging import GENERATED

pytestmark = pytest.mark.venv

# What `make run` does once a visitor has posted an entry: the app's factory
# creates its database in the instance folder, the POST writes to it, and
# importing the app leaves bytecode beside it.
SIGN_THE_GUESTBOOK = """
import sys
sys.path.insert(0, "examples")
from guestbook import create_app
client = create_app().test_client()
response = client.post("/", data={"name": "A visitor", "message": "private"})
assert response.status_code == 303, response.status_code
assert b"private" in client.get("/").data
"""

# What `make test`, editors and a curious user leave in a checkout: none of
# it is tracked, some of it is not even ignored.
LEFT_BEHIND = (
    ".cache/coverage/.coverage.host.1.123",
    ".pytest_cache/README.md",
    "docs/_build/html/index.html",
    "tests/scratch.sqlite",
    "notes.txt",
    "flask-sqlite3/flask_sqlite3/stray.sqlite",
    "flask-sqlite3/instance/app.sqlite",
)


def _checkout_copy(dest: Path) -> Path:
    """A git checkout holding this checkout's tracked files as they are on
    disk (uncommitted edits included), all of them tracked there too.
    """
    tracked = _tracked()
    if tracked is None:
        pytest.skip("not a git checkout")
    for name in tracked:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    subprocess.run(
        ["git", "add", "-f", "--pathspec-from-file=-", "--pathspec-file-nul"],
        input="\0".join(sorted(tracked)),
        text=True,
        cwd=dest,
        check=True,
    )
    return dest


@pytest.fixture(scope="module")
def used_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout after ``make run`` and a visit, and after
    ``make test``: the guestbook's database holds a visitor's entry.
    """
    checkout = _checkout_copy(tmp_path_factory.mktemp("used") / "checkout")
    subprocess.run(
        [sys.executable, "-c", SIGN_THE_GUESTBOOK],
        cwd=checkout,
        # As make run does, whatever this run of the tests was told.
        env={k: v for k, v in clean_env().items() if k != "PYTHONDONTWRITEBYTECODE"},
        check=True,
        capture_output=True,
    )
    for name in LEFT_BEHIND:
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / name).write_text("left behind\n")
    return checkout


def test_the_example_app_wrote_its_database(used_checkout: Path) -> None:
    """The visit really left the database and bytecode that make run does."""
    assert (used_checkout / "examples/instance/guestbook.sqlite").is_file()
    assert list((used_checkout / "examples/guestbook/__pycache__").glob("*.pyc"))


@pytest.mark.parametrize("project", [".", "flask-sqlite3"])
def test_sdist_after_make_run_holds_only_tracked_files(
    used_checkout: Path, tmp_path: Path, project: str
) -> None:
    """Each sdist built after make run and make test carries exactly the
    files git tracks: no guestbook database, bytecode, cache or stray file.
    """
    (sdist,) = build(used_checkout / project, tmp_path, "--sdist")
    names = set(_sdist_names(sdist)) - GENERATED
    tracked = _tracked(project, root=used_checkout)
    assert tracked is not None
    ours = {str(Path(project) / name) if project != "." else name for name in names}
    if project != ".":
        # Hatchling adds the repository's .gitignore, whose rules it follows.
        ours.discard(f"{project}/.gitignore")
    assert ours == tracked, sorted(ours ^ tracked)
    assert not [name for name in names if name.endswith(".sqlite")]


def test_sdist_builds_the_same_from_an_unpacked_sdist(
    used_checkout: Path, tmp_path: Path
) -> None:
    """An sdist built from an unpacked sdist (no git) has the same files,
    whatever was added to the unpacked tree.
    """
    (sdist,) = build(used_checkout, tmp_path / "first", "--sdist")
    shutil.unpack_archive(sdist, tmp_path / "unpacked")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    (unpacked / "examples/instance").mkdir()
    (unpacked / "examples/instance/guestbook.sqlite").write_text("left behind\n")
    (again,) = build(unpacked, tmp_path / "again", "--sdist")
    assert sorted(_sdist_names(again)) == sorted(_sdist_names(sdist))


def test_both_projects_share_one_build_hook() -> None:
    """flask-sqlite3/hatch_build.py is a copy of the root's, kept identical."""
    assert filecmp.cmp(
        ROOT / "hatch_build.py",
        ROOT / "flask-sqlite3" / "hatch_build.py",
        shallow=False,
    )
