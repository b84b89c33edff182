"""``migrate --upgrade`` over real code of the ``flask.ext`` era, judged by
an independent oracle (issue 13 item 5).

Old releases of Flask extensions and applications (2012-2017) are
downloaded with pip into a cache (never committed), unpacked to a scratch
folder, and rewritten in place by ``migrate --upgrade`` exactly as a user
would run it. Every file is then held against itself before the run:

- it still parses under the Python it parsed under (Python 2 files are
  compiled by a Python 2.7 interpreter, found with pyenv or on PATH);
- pyflakes finds no new undefined name and no new redefinition (compared
  as multisets of (kind, name), since line numbers move);
- the binding check, run again on the file as written, agrees (finds
  nothing).

The report gives, over all releases: files, files rewritten, lines
rewritten, refusals, new undefined names (must be 0). The exit status is 1
when any judge disagrees.

Usage: ``python tests/migrate/fuzz_upgrade.py [--short] [--cache DIR]``
(``make fuzz-upgrade``; CI runs ``--short``).
"""

from __future__ import annotations

import argparse
import ast
import collections
import difflib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

from pyflakes import api as pyflakes_api
from pyflakes import messages as pyflakes_messages
from pyflakes import reporter as pyflakes_reporter

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate._binding_check import check
from flask_ext_redirect._migrate._binding_check import Problem
from flask_ext_redirect._migrate._files import decode
from flask_ext_redirect._migrate._files import has_markers
from flask_ext_redirect._migrate._meanings import star_exports
from flask_ext_redirect._migrate._meanings import translate
from flask_ext_redirect._migrate._releases import parse_pin
from flask_ext_redirect._migrate._runner import migrate
from flask_ext_redirect._migrate._runner import Options

#: Releases of 2012-2017: extensions, and applications built on them.
RELEASES = (
    "Flask-Security==1.7.5",
    "Flask-Security==3.0.0",
    "Flask-Admin==1.0.9",
    "Flask-Admin==1.4.0",
    "Flask-Admin==1.5.0",
    "Flask-WTF==0.8.4",
    "Flask-WTF==0.9.5",
    "Flask-WTF==0.12",
    "Flask-WTF==0.14.2",
    "Flask-Login==0.2.11",
    "Flask-Login==0.3.2",
    "Flask-Login==0.4.0",
    "Flask-Restless==0.17.0",
    "Flask-Social==1.6.2",
    "Flask-Bootstrap==3.3.7.1",
    "Flask-Mail==0.9.1",
    "Flask-Principal==0.4.0",
    "Flask-Script==0.6.7",
    "Flask-Script==2.0.5",
    "Flask-Cache==0.13.1",
    "Flask-SQLAlchemy==1.0",
    "Flask-SQLAlchemy==2.1",
    "Flask-Babel==0.9",
    "Flask-Babel==0.11.2",
    "Flask-Migrate==1.8.0",
    "Flask-RESTful==0.2.12",
    "Flask-RESTful==0.3.5",
    "Flask-DebugToolbar==0.10.0",
    "Flask-Uploads==0.2.1",
    "Flask-Testing==0.6.2",
    "Flask-Assets==0.12",
    "Flask-OAuthlib==0.9.3",
    "Flask-User==0.6.19",
    "Flask-Themes==0.1.3",
    "Flask-Gravatar==0.4.2",
    "Flask-Moment==0.5.1",
    "Flask-PyMongo==0.4.1",
    "Flask-Classy==0.6.10",
    "Flask-MongoEngine==0.7.5",
    "Flask-Bcrypt==0.7.1",
    "Flask-KVSession==0.6.2",
    "Flask-SuperAdmin==1.7.1",
    "Flask-AppBuilder==1.9.0",
    "Flask-Blogging==1.0.2",
    "Flask-Sijax==0.4.1",
    "Flask-Diamond==0.5.1",
    "Flask-Dashed==0.1b2",
    "Flask-HTTPAuth==3.2.3",
    "Flask-Markdown==0.3",
)

#: The CI slice: forms, security, admin, an application framework, and
#: Python 2-only code.
SHORT = (
    "Flask-Security==1.7.5",
    "Flask-Admin==1.0.9",
    "Flask-WTF==0.9.5",
    "Flask-Social==1.6.2",
    "Flask-SuperAdmin==1.7.1",
    "Flask-User==0.6.19",
)

DEFAULT_CACHE = Path.home() / ".cache" / "flask-ext-redirect" / "upgrade-corpus"

_JUDGED = (pyflakes_messages.UndefinedName, pyflakes_messages.RedefinedWhileUnused)


def download(release: str, cache: Path) -> Path | None:
    """The release's sdist (else any archive pip finds) in ``cache``."""
    name, _, version = release.partition("==")
    folder = cache / f"{name.lower()}-{version}"
    if folder.is_dir() and any(folder.iterdir()):
        return next(folder.iterdir())
    folder.mkdir(parents=True, exist_ok=True)
    for extra in (["--no-binary", ":all:"], ["--only-binary", ":all:"]):
        command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
        command += ["--no-build-isolation", *extra, "-d", str(folder), release]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode == 0 and any(folder.iterdir()):
            return next(folder.iterdir())
    shutil.rmtree(folder, ignore_errors=True)
    return None


def unpack(archive: Path, into: Path) -> list[Path]:
    """The ``.py`` files of an archive, written under ``into``."""
    files = []
    if archive.suffix in (".zip", ".whl"):
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                if name.endswith(".py") and ".." not in name:
                    target = into / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(z.read(name))
                    files.append(target)
    else:
        with tarfile.open(archive) as t:
            for member in t.getmembers():
                if (
                    member.isfile()
                    and member.name.endswith(".py")
                    and ".." not in member.name
                ):
                    target = into / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    extracted = t.extractfile(member)
                    assert extracted is not None
                    target.write_bytes(extracted.read())
                    files.append(target)
    return files


def parses(data: bytes) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(data)
        except (SyntaxError, ValueError):
            return False
    return True


class _Collect(pyflakes_reporter.Reporter):
    def __init__(self) -> None:
        super().__init__(io.StringIO(), io.StringIO())
        self.found: list[pyflakes_messages.Message] = []

    def flake(self, message: pyflakes_messages.Message) -> None:
        self.found.append(message)


def flakes(data: bytes) -> collections.Counter[tuple[str, str]]:
    reporter = _Collect()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyflakes_api.check(data.decode("utf-8", "replace"), "x.py", reporter)
    return collections.Counter(
        (type(m).__name__, str(m.message_args[0]))
        for m in reporter.found
        if isinstance(m, _JUDGED)
    )


def agrees(old: bytes, new: bytes) -> list[Problem]:
    """The binding check, run again on the file as written: against the
    text the fixers started from (after the plain ``flask.ext`` rewrite),
    in the mode ``--upgrade`` used (a converted Flask-Script ``manage.py``
    is judged by new unbound names only)."""
    text, encoding = decode(old)
    base = rewrite_source(text, Targets()).text if has_markers(old) else text
    after = new.decode(encoding)
    restructured = "flask_script" in base and "flask_script" not in after
    return check(
        ast.parse(base),
        ast.parse(after),
        translate,
        star_exports,
        restructured=restructured,
    )


def python2() -> str | None:
    """A Python 2.7 interpreter: pyenv's, else ``python2.7`` on PATH."""
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, check=True
        ).stdout.strip()
        for version in sorted(os.listdir(os.path.join(root, "versions"))):
            if version.startswith("2.7"):
                return os.path.join(root, "versions", version, "bin", "python")
    except (OSError, subprocess.CalledProcessError):
        pass
    return shutil.which("python2.7")


_PY2_CHECK = (
    "import sys\n"
    "for p in sys.argv[1:]:\n"
    "    try:\n"
    "        compile(open(p, 'rb').read(), p, 'exec')\n"
    "    except SyntaxError as e:\n"
    "        print(p)\n"
)


def py2_failures(paths: list[Path], interpreter: str) -> set[str]:
    """The files among ``paths`` that Python 2.7 cannot compile."""
    if not paths:
        return set()
    done = subprocess.run(
        [interpreter, "-c", _PY2_CHECK, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    return set(done.stdout.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="the CI slice")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print every refusal"
    )
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="DIST==VERSION",
        help="the releases the code runs on, as migrate --target takes them",
    )
    args = parser.parse_args(argv)
    releases = SHORT if args.short else RELEASES
    pins = tuple(parse_pin(t) for t in args.target)
    py2 = python2()
    totals = collections.Counter[str]()
    failures: list[str] = []
    refusals = collections.Counter[str]()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        for release in releases:
            archive = download(release, args.cache)
            if archive is None:
                print(f"{release}: not downloadable, skipped", file=sys.stderr)
                totals["releases not found"] += 1
                continue
            root = Path(scratch) / release.replace("==", "-")
            files = unpack(archive, root)
            before = {p: p.read_bytes() for p in files}
            err = io.StringIO()
            migrate(
                [str(root)],
                Options(upgrade=True, jobs=1, quiet=False, pins=pins),
                io.StringIO(),
                err,
            )
            totals["releases"] += 1
            totals["files"] += len(files)
            for line in err.getvalue().splitlines():
                if ": error: refused: " in line:
                    totals["refusals"] += 1
                    why = line.split(": error: refused: ", 1)[1]
                    refusals[
                        why.split(":")[0] if why.startswith("--upgrade (") else why[:70]
                    ] += 1
                    if args.verbose:
                        print(line, file=sys.stderr)
            py3_before = {p for p, data in before.items() if parses(data)}
            py2_files = [p for p in files if p not in py3_before]
            totals["python 2 files"] += len(py2_files)
            changed_py2 = [p for p in py2_files if p.read_bytes() != before[p]]
            totals["python 2 files rewritten"] += len(changed_py2)
            if py2 is not None and changed_py2:
                broken_before = py2_failures(changed_py2, py2)
                for path in map(str, changed_py2):
                    if path in broken_before:
                        continue
                # Compile the originals too: only files Python 2 compiled
                # before count.
                originals = Path(scratch) / "originals"
                originals.mkdir(exist_ok=True)
                copies = []
                for i, path in enumerate(changed_py2):
                    copy = originals / f"{i}.py"
                    copy.write_bytes(before[path])
                    copies.append(copy)
                old_broken = {int(Path(p).stem) for p in py2_failures(copies, py2)}
                for i, path in enumerate(changed_py2):
                    if i not in old_broken and str(path) in broken_before:
                        failures.append(f"{path}: no longer compiles under Python 2.7")
            for path in files:
                new = path.read_bytes()
                if new == before[path]:
                    continue
                totals["files rewritten"] += 1
                old_lines = before[path].decode("utf-8", "replace").splitlines()
                new_lines = new.decode("utf-8", "replace").splitlines()
                totals["lines rewritten"] += sum(
                    1
                    for line in difflib.unified_diff(
                        old_lines, new_lines, n=0, lineterm=""
                    )
                    if line.startswith("-") and not line.startswith("---")
                )
                if path not in py3_before:
                    continue
                if not parses(new):
                    failures.append(f"{path}: no longer parses")
                    continue
                added = flakes(new) - flakes(before[path])
                for (kind, name), count in added.items():
                    if kind == "UndefinedName":
                        totals["new undefined names"] += count
                    else:
                        totals["new redefinitions"] += count
                    failures.append(f"{path}: pyflakes: new {kind} {name!r}")
                problems = agrees(before[path], new)
                if problems:
                    totals["binding check disagreements"] += 1
                    failures.append(f"{path}: binding check: {problems[0].text}")
            print(
                f"{release}: {len(files)} files, "
                f"{sum(1 for p in files if p.read_bytes() != before[p])} rewritten",
                file=sys.stderr,
            )
    if totals["releases"] * 2 < len(releases):
        failures.append(
            f"only {totals['releases']} of {len(releases)} releases could be "
            "downloaded: is the package index reachable?"
        )
    for failure in failures:
        print(f"FAIL {failure}")
    for why, count in refusals.most_common():
        print(f"{count:5d} refused: {why}")
    seconds = time.monotonic() - started
    print(
        f"{totals['releases']} releases, {totals['files']} files "
        f"({totals['python 2 files']} Python 2, {totals['python 2 files rewritten']}"
        f" of them rewritten), {totals['files rewritten']} "
        f"rewritten ({totals['lines rewritten']} lines), {totals['refusals']} "
        f"refusals, {totals['new undefined names']} new undefined names, "
        f"{totals['new redefinitions']} new redefinitions, "
        f"{totals['binding check disagreements']} binding check disagreements, "
        f"{len(failures)} failures, in {seconds:.0f} s"
        + ("" if py2 else " (no Python 2.7 found: Python 2 files not compiled)")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
