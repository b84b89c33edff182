"""doctor's precision over correct, current code: no false blocker.

Run by ``make doctor-precision`` (``nox -s doctor_precision``) in a venv
where Flask 3.1, the current releases of the extensions of
:data:`EXTENSIONS` (pinned in ``requirements/doctor-precision.txt``) and this
package are installed.  Every tree is code that runs on that Flask today:

- each extension's own package, as installed (a library: it creates no app),
  and the whole ``site-packages`` folder at once;
- applications written for Flask 3 from the source distributions of
  :data:`SDISTS` (their ``examples/``, one tree per example app, and their
  test suites, which build apps too), when ``--sdists DIR`` names the
  folder pip downloaded them into (``--examples DIR``: already unpacked).

doctor runs over each tree, judged against what is installed here, and must
report no blocker.  Exit status 1 when one does; the table says which tree,
and ``--show`` prints each blocker.  ``--short`` checks :data:`SHORT`
(what CI runs).  Nothing here is committed third-party code: the trees
come from what pip installed or downloaded.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
import sysconfig
import tarfile
import tempfile
from pathlib import Path

from flask_ext_redirect._diagnose import diagnose

#: Distribution -> top-level package: popular extensions, current releases.
EXTENSIONS = {
    "Flask-SQLAlchemy": "flask_sqlalchemy",
    "Flask-Login": "flask_login",
    "Flask-WTF": "flask_wtf",
    "Flask-Migrate": "flask_migrate",
    "Flask-Caching": "flask_caching",
    "Flask-Mail": "flask_mail",
    "Flask-Admin": "flask_admin",
    "Flask-RESTful": "flask_restful",
    "flask-restx": "flask_restx",
    "Flask-Babel": "flask_babel",
    "Flask-Limiter": "flask_limiter",
    "Flask-Cors": "flask_cors",
    "Flask-Security-Too": "flask_security",
    "Flask-SocketIO": "flask_socketio",
    "Flask-DebugToolbar": "flask_debugtoolbar",
    "Flask-Session": "flask_session",
    "flask-smorest": "flask_smorest",
    "Flask-JWT-Extended": "flask_jwt_extended",
    "Flask-Principal": "flask_principal",
    "Flask-Compress": "flask_compress",
    "Flask-HTTPAuth": "flask_httpauth",
    "Flask-Marshmallow": "flask_marshmallow",
}

#: What ``--short`` checks: the trees that held false blockers before
#: doctor judged receivers and guards (issue 13).
SHORT = [
    "Flask-SQLAlchemy",
    "Flask-Admin",
    "Flask-Security-Too",
    "flask-restx",
    "Flask-Principal",
]

#: Source distributions that ship applications for Flask 3 (examples or
#: test suites), at the versions pinned in PINS.
SDISTS = [
    "Flask",
    "Flask-SQLAlchemy",
    "Flask-Login",
    "Flask-WTF",
    "Flask-Migrate",
    "Flask-Caching",
    "flask-restx",
    "Flask-Limiter",
    "Flask-Cors",
    "flask-smorest",
    "Flask-JWT-Extended",
]
PINS = Path(__file__).resolve().parents[2] / "requirements" / "doctor-precision.txt"

#: Folders of unpacked source distributions (``--examples``) that hold
#: applications written for Flask 3: example apps (one tree each where
#: ``examples/`` holds several) and test suites, which build apps too.
EXAMPLE_GLOBS = ["*/examples", "*/tests"]


def package_dir(distribution: str, module: str) -> Path:
    """Where ``module`` of ``distribution`` is installed."""
    dist = importlib.metadata.distribution(distribution)
    for file in dist.files or ():
        parts = Path(str(file)).parts
        if parts and parts[0] == module:
            return Path(str(dist.locate_file(module)))
        if parts == (module + ".py",):
            return Path(str(dist.locate_file(file)))
    raise SystemExit(f"error: {distribution} has no module {module!r} installed")


def trees(short: bool, examples: Path | None) -> list[tuple[str, Path]]:
    found = [
        (name, package_dir(name, module))
        for name, module in EXTENSIONS.items()
        if not short or name in SHORT
    ]
    if not short:
        # All of it at once, as a user pointing doctor at a venv would: the
        # extensions beside their dependencies, and this package.
        found.append(("site-packages", Path(sysconfig.get_paths()["purelib"])))
    if examples is not None and not short:
        for pattern in EXAMPLE_GLOBS:
            for path in sorted(examples.glob(pattern)):
                apps = [d for d in sorted(path.iterdir()) if any(d.glob("**/*.py"))]
                if path.name == "examples" and apps and all(d.is_dir() for d in apps):
                    found.extend((str(d.relative_to(examples)), d) for d in apps)
                elif any(path.glob("**/*.py")):
                    found.append((str(path.relative_to(examples)), path))
    return found


def sdist_pins() -> list[str]:
    """``name==version`` of each of :data:`SDISTS`, from :data:`PINS`."""
    pins = {}
    for line in PINS.read_text(encoding="utf-8").splitlines():
        name, _, version = line.partition("==")
        if version:
            pins[name.strip().lower()] = version.strip()
    return [f"{name}=={pins[name.lower()]}" for name in SDISTS]


def unpack(sdists: Path, into: Path) -> Path:
    """Unpack every ``.tar.gz`` of ``sdists`` into ``into``."""
    for archive in sorted(sdists.glob("*.tar.gz")):
        with tarfile.open(archive) as tar:
            if sys.version_info >= (3, 12):
                tar.extractall(into, filter="data")
            else:  # pragma: no cover - no extraction filters before 3.12
                tar.extractall(into)  # noqa: S202 - archives pip downloaded
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--examples", type=Path, help="unpacked sdists")
    parser.add_argument("--sdists", type=Path, help="sdists to unpack")
    parser.add_argument(
        "--print-sdists", action="store_true", help="print SDISTS with their pins"
    )
    parser.add_argument("--show", action="store_true", help="print each blocker")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    if args.print_sdists:
        print("\n".join(sdist_pins()))
        return 0
    if args.sdists is not None and not args.short:
        with tempfile.TemporaryDirectory() as tmp:
            args.examples = unpack(args.sdists, Path(tmp))
            return check(args)
    return check(args)


def check(args: argparse.Namespace) -> int:
    total_files = total_blockers = total_warnings = 0
    failed = []
    selected = trees(args.short, args.examples)
    for name, path in selected:
        report = diagnose([str(path)], jobs=args.jobs)
        findings = report["findings"]
        blockers = [f for f in findings if f.severity == "blocker"]
        warnings = len(findings) - len(blockers)
        files = report["files"]["seen"]
        total_files += files
        total_blockers += len(blockers)
        total_warnings += warnings
        counts = f"{files:5} files {len(blockers):4} blockers {warnings:4} warnings"
        print(f"{name:45} {counts}")
        if blockers:
            failed.append(name)
        if args.show:
            for f in blockers:
                print(f"    {f.path}:{f.line}: {f.subject}: {f.title}")
                if f.code:
                    print(f"        {f.code}")
    print(
        f"{len(selected)} trees, {total_files} files: {total_blockers} blockers,"
        f" {total_warnings} warnings"
    )
    if failed:
        print("blockers in: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
